"""Demo parent voice for Utrecht: a tag list, nameless conversation records, and a questionnaire in four
languages at three trusted places with generated demo answers (marked as demo), whose open answers are
grouped into suggested themes (one accepted, with a "you said, we did" item).

The answers are spread unevenly over places and languages, so that some groups are too small to show.
Every step creates what is missing and leaves what exists alone, so running it again changes nothing.
"""

from __future__ import annotations

import datetime
import random
import secrets
from typing import Any

from django.db.models import F
from django.utils import timezone

from ouderpartner.core.models import Workspace
from ouderpartner.network.models import Location, Organisation
from ouderpartner.voice.conversations import default_purge_date, tags_setup
from ouderpartner.voice.models import (
    Answer,
    Conversation,
    ConversationTag,
    Distribution,
    Feedback,
    Option,
    Question,
    Questionnaire,
    Response,
    Theme,
)
from ouderpartner.voice.theme_services import theme_rename, themes_merge, themes_suggest

QUESTIONNAIRE_KEY = "demo-wat-vindt-u-belangrijk"
LANGUAGES = ["nl", "en", "ar", "tr"]
DEMO_RESPONSES = 120
OPEN_ANSWER_SHARE = 0.75  # of parents who write something in the open question

QUESTIONNAIRE: dict[str, Any] = {
    "title": {
        "nl": "Wat vindt u belangrijk voor uw kind?",
        "en": "What matters to you for your child?",
        "ar": "ما المهم لطفلك؟",
        "tr": "Çocuğunuz için ne önemli?",
    },
    "intro": {
        "nl": "Een paar korte vragen. U hoeft uw naam niet te geven.",
        "en": "A few short questions. You do not have to give your name.",
        "ar": "أسئلة قصيرة. لا تكتب اسمك.",
        "tr": "Birkaç kısa soru. Adınızı yazmanız gerekmez.",
    },
    "thank_you": {
        "nl": "Dank u wel! Wij gebruiken uw antwoorden om de hulp voor ouders beter te maken.",
        "en": "Thank you! We use your answers to make help for parents better.",
        "ar": "شكراً لك! نستعمل أجوبتك لتحسين المساعدة للأهل.",
        "tr": "Teşekkür ederiz! Cevaplarınızı ailelere daha iyi destek için kullanıyoruz.",
    },
}

# name, kind, text, options (value, pictogram, label), required
QUESTIONS: list[dict[str, Any]] = [
    {
        "name": "most_important",
        "kind": Question.Kind.PICTOGRAM,
        "required": True,
        "text": {
            "nl": "Wat is nu het belangrijkst voor uw kind?",
            "en": "What is most important for your child now?",
            "ar": "ما الأهم لطفلك الآن؟",
            "tr": "Şu an çocuğunuz için en önemli şey ne?",
        },
        "options": [
            (
                "reading",
                "1F4DA",
                {
                    "nl": "Lezen en taal",
                    "en": "Reading and language",
                    "ar": "القراءة واللغة",
                    "tr": "Okuma ve dil",
                },
            ),
            ("school", "1F3EB", {"nl": "School", "en": "School", "ar": "المدرسة", "tr": "Okul"}),
            ("health", "1F3E5", {"nl": "Gezondheid", "en": "Health", "ar": "الصحة", "tr": "Sağlık"}),
            (
                "family",
                "1F46A",
                {
                    "nl": "Samen als gezin",
                    "en": "Time as a family",
                    "ar": "الوقت مع العائلة",
                    "tr": "Aileyle birlikte zaman",
                },
            ),
            (
                "play",
                "26BD",
                {
                    "nl": "Spelen en sport",
                    "en": "Play and sport",
                    "ar": "اللعب والرياضة",
                    "tr": "Oyun ve spor",
                },
            ),
        ],
    },
    {
        "name": "ask_for_help",
        "kind": Question.Kind.SINGLE_CHOICE,
        "required": False,
        "text": {
            "nl": "Waar vraagt u meestal hulp of informatie?",
            "en": "Where do you usually ask for help or information?",
            "ar": "أين تسأل عادةً عن مساعدة أو معلومات؟",
            "tr": "Yardım veya bilgi için genelde nereye başvurursunuz?",
        },
        "options": [
            (
                "family_friends",
                "1F46A",
                {
                    "nl": "Familie of vrienden",
                    "en": "Family or friends",
                    "ar": "العائلة أو الأصدقاء",
                    "tr": "Aile veya arkadaşlar",
                },
            ),
            (
                "school",
                "1F3EB",
                {
                    "nl": "School of peuterspeelzaal",
                    "en": "School or preschool",
                    "ar": "المدرسة أو الروضة",
                    "tr": "Okul veya anaokulu",
                },
            ),
            (
                "clinic",
                "1F3E5",
                {
                    "nl": "Consultatiebureau",
                    "en": "Child health clinic",
                    "ar": "مركز صحة الطفل",
                    "tr": "Çocuk sağlığı merkezi",
                },
            ),
            (
                "internet",
                "1F4F1",
                {
                    "nl": "Internet of telefoon",
                    "en": "Internet or phone",
                    "ar": "الإنترنت أو الهاتف",
                    "tr": "İnternet veya telefon",
                },
            ),
        ],
    },
    {
        "name": "help_in_neighbourhood",
        "kind": Question.Kind.SCALE,
        "required": False,
        "text": {
            "nl": "Hoe tevreden bent u over de hulp voor ouders in uw buurt?",
            "en": "How happy are you with the help for parents in your area?",
            "ar": "هل أنت راضٍ عن المساعدة للأهل في حيّك؟",
            "tr": "Mahallenizde ailelere verilen destekten memnun musunuz?",
        },
        "hint": {
            "nl": "1 is niet tevreden, 5 is heel tevreden.",
            "en": "1 is not happy, 5 is very happy.",
            "ar": "1 يعني غير راضٍ، 5 يعني راضٍ جداً.",
            "tr": "1 memnun değil, 5 çok memnun.",
        },
    },
    {
        "name": "reading_at_home",
        "kind": Question.Kind.YES_NO,
        "required": False,
        "text": {
            "nl": "Leest u of iemand anders thuis voor aan uw kind?",
            "en": "Do you or someone else read to your child at home?",
            "ar": "هل يقرأ أحد قصة لطفلك في البيت؟",
            "tr": "Evde çocuğunuza kitap okuyan biri var mı?",
        },
    },
    {
        "name": "child_age",
        "kind": Question.Kind.SINGLE_CHOICE,
        "required": False,
        "text": {
            "nl": "Hoe oud is uw jongste kind?",
            "en": "How old is your youngest child?",
            "ar": "كم عمر طفلك الأصغر؟",
            "tr": "En küçük çocuğunuz kaç yaşında?",
        },
        "options": [
            (
                "0_4",
                "",
                {"nl": "0 tot 4 jaar", "en": "0 to 4 years", "ar": "من 0 إلى 4 سنوات", "tr": "0-4 yaş"},
            ),
            (
                "4_12",
                "",
                {"nl": "4 tot 12 jaar", "en": "4 to 12 years", "ar": "من 4 إلى 12 سنة", "tr": "4-12 yaş"},
            ),
            (
                "12_18",
                "",
                {"nl": "12 tot 18 jaar", "en": "12 to 18 years", "ar": "من 12 إلى 18 سنة", "tr": "12-18 yaş"},
            ),
        ],
    },
    {
        "name": "what_would_help",
        "kind": Question.Kind.SHORT_TEXT,
        "required": False,
        "text": {
            "nl": "Wat zou u helpen? U mag dit leeg laten.",
            "en": "What would help you? You may leave this empty.",
            "ar": "ما الذي يساعدك؟ يمكنك تركه فارغاً.",
            "tr": "Size ne yardımcı olur? Boş bırakabilirsiniz.",
        },
    },
]

# Short open answers, as parents write them (no names), per language: subjects with how often parents
# write about them, in varied words, so that theme suggestions have something to find; and some answers
# about nothing in particular.
OPEN_ANSWERS: dict[str, list[tuple[int, list[str]]]] = {
    "nl": [
        (
            30,
            [
                "Meer boeken in het Arabisch in de bibliotheek",
                "Voorlezen in de bibliotheek op woensdagmiddag",
                "Meer prentenboeken in de bibliotheek",
                "Een voorleesochtend in de bibliotheek voor peuters",
                "Tweetalige boeken lenen bij de bibliotheek",
                "De bibliotheek dichter bij huis, met boeken voor kleine kinderen",
                "Tips om thuis voor te lezen uit boeken van de bibliotheek",
            ],
        ),
        (
            20,
            [
                "Taalles Nederlands voor mij terwijl mijn kind speelt",
                "Taalles Nederlands voor moeders, overdag",
                "Ik wil beter Nederlands leren om mijn kind te helpen",
                "Een taalles Nederlands in de buurt",
                "Gratis taalles Nederlands dichtbij huis",
            ],
        ),
        (
            20,
            [
                "Een ochtend waar ouders elkaar ontmoeten",
                "Koffieochtend voor ouders op school",
                "Andere ouders uit de buurt ontmoeten",
                "Een koffieochtend om andere ouders te ontmoeten",
                "Samen koffie drinken met andere ouders",
            ],
        ),
        (
            15,
            [
                "Uitleg over de overstap naar de basisschool",
                "Uitleg over de formulieren van school",
                "Informatie over de schoolkeuze in onze wijk",
                "Uitleg over het rapport van school",
                "Informatie van school in eenvoudige taal",
            ],
        ),
        (
            10,
            [
                "Hulp met geld voor de sportclub",
                "De ouderbijdrage van school kost te veel geld",
                "Geld voor zwemles voor de kinderen",
                "Minder kosten voor de kinderopvang",
            ],
        ),
        (5, ["Niets, het gaat goed zo", "Weet ik niet", "Dank u wel", "Meer groen in de wijk"]),
    ],
    "en": [
        (
            1,
            [
                "A playgroup close to home",
                "Information in English about school choice",
                "Dutch lessons for parents during the day",
                "More books in English at the library",
                "Meeting other parents at a coffee morning",
            ],
        )
    ],
    "ar": [
        (
            35,
            [
                "كتب عربية للأطفال",
                "كتب عربية للأطفال في المكتبة",
                "المزيد من الكتب العربية في المكتبة",
                "قراءة القصص للأطفال في المكتبة",
            ],
        ),
        (
            30,
            ["مساعدة في أوراق المدرسة", "أوراق المدرسة صعبة وأحتاج مساعدة", "مساعدة في ملء أوراق المدرسة"],
        ),
        (
            30,
            [
                "درس لغة هولندية للأمهات",
                "دروس اللغة الهولندية في الصباح",
                "أريد درس لغة هولندية قريب من البيت",
            ],
        ),
        (5, ["لقاء مع أمهات أخريات", "شكراً"]),
    ],
    "tr": [
        (35, ["Türkçe çocuk kitapları", "Kütüphanede Türkçe kitaplar", "Türkçe kitaplar ve masal saati"]),
        (30, ["Okul hakkında bilgi", "Okul kaydı hakkında bilgi", "Okul seçimi hakkında Türkçe bilgi"]),
        (
            30,
            [
                "Anneler için kahve sabahı",
                "Kahve sabahı, diğer annelerle tanışmak",
                "Hollandaca kursu anneler için",
            ],
        ),
        (5, ["Teşekkürler"]),
    ],
}

# Places (by name) and how many answers each gets; languages with their weights per place.
PLACES = [
    ("Bibliotheek Kanaleneiland", 62, {"nl": 40, "ar": 35, "tr": 20, "en": 5}),
    ("Consultatiebureau Kanaleneiland", 44, {"nl": 35, "ar": 30, "tr": 30, "en": 5}),
    ("Peuterspeelzaal Overvecht", 14, {"nl": 60, "ar": 30, "tr": 5, "en": 5}),
]

# Conversation records: organisation (name or school BRIN), place, days ago, language, age band, texts, tags.
CONVERSATIONS: list[dict[str, Any]] = [
    {
        "organisation": "Bibliotheek Utrecht",
        "place": "Bibliotheek Kanaleneiland",
        "days_ago": 3,
        "language": "ar",
        "age": "2-4",
        "needs": "Wil thuis voorlezen in het Arabisch en het Nederlands, maar heeft weinig boeken.",
        "questions": "Mag mijn kind zelf een pasje hebben?",
        "successes": "Komt elke woensdag naar de voorleesochtend.",
        "strengths": "Vertelt thuis veel verhalen in de eigen taal.",
        "tags": ["voorlezen thuis", "taalontwikkeling"],
        "follow_up": "Gratis jeugdpas aangevraagd; tweetalige prentenboeken laten zien.",
        "programme": "BoekStart",
    },
    {
        "organisation": "Bibliotheek Utrecht",
        "place": "Bibliotheek Overvecht",
        "days_ago": 9,
        "language": "ti",
        "age": "4-6",
        "needs": "Zoekt een plek om zelf Nederlands te leren, dicht bij huis.",
        "questions": "Kan ik meedoen als mijn kind naar school is?",
        "successes": "",
        "strengths": "Helpt andere ouders uit de buurt met vertalen.",
        "tags": ["taalontwikkeling"],
        "follow_up": "Doorverwezen naar het Taalcafé op dinsdag.",
        "partner": "Taalhuis Utrecht",
    },
    {
        "organisation": "JGZ Utrecht (consultatiebureaus)",
        "place": "Consultatiebureau Kanaleneiland",
        "days_ago": 5,
        "language": "tr",
        "age": "0-1",
        "needs": "Wil weten wanneer het kind gaat praten en hoe ze kan helpen.",
        "questions": "Is het goed om thuis alleen Turks te praten?",
        "successes": "De baby drinkt en slaapt goed.",
        "strengths": "Grootouders helpen veel mee.",
        "tags": ["taalontwikkeling", "gezondheid"],
        "follow_up": "Uitgelegd dat de eigen taal goed is; BoekStart-koffertje meegegeven.",
        "programme": "BoekStart",
    },
    {
        "organisation": "JGZ Utrecht (consultatiebureaus)",
        "place": "Consultatiebureau Overvecht",
        "days_ago": 12,
        "language": "so",
        "age": "1-2",
        "needs": "Maakt zich zorgen over geld voor gezond eten.",
        "questions": "Waar kan ik hulp krijgen met de rekeningen?",
        "successes": "Het kind groeit goed.",
        "strengths": "",
        "tags": ["geldzorgen", "gezondheid"],
        "follow_up": "Met toestemming warm overgedragen aan het buurtteam.",
        "partner": "Buurtteams Jeugd en Gezin Utrecht",
        "wants_contact": True,
        "contact": "Via het buurtteam, op maandag bij het inloopspreekuur.",
    },
    {
        "organisation": "JGZ Utrecht (consultatiebureaus)",
        "place": "Consultatiebureau Kanaleneiland",
        "days_ago": 20,
        "language": "nl",
        "age": "2-4",
        "needs": "Wil tips voor driftbuien en slapen.",
        "questions": "Is er een cursus voor ouders in de buurt?",
        "successes": "Zindelijkheid gaat goed.",
        "strengths": "Heeft een vaste dagritme thuis.",
        "tags": ["opvoeden"],
        "follow_up": "Informatie gegeven over Stevig Ouderschap.",
        "programme": "Stevig Ouderschap",
    },
    {
        "organisation": "Spelenderwijs (voorschoolse educatie)",
        "place": "Peuterspeelzaal Het Schateiland",
        "days_ago": 2,
        "language": "ar",
        "age": "2-4",
        "needs": "Wil thuis meedoen met de thema's van de peutergroep.",
        "questions": "Welke liedjes zingen jullie deze maand?",
        "successes": "Het kind zegt nu de kleuren in het Nederlands.",
        "strengths": "Kookt samen met het kind en telt dan hardop.",
        "tags": ["taalontwikkeling", "voorlezen thuis"],
        "follow_up": "Themabrief in het Arabisch meegegeven; uitnodiging voor de ouderochtend.",
        "programme": "VVE Thuis",
    },
    {
        "organisation": "Spelenderwijs (voorschoolse educatie)",
        "place": "Peuterspeelzaal Overvecht",
        "days_ago": 15,
        "language": "uk",
        "age": "2-4",
        "needs": "Zoekt contact met andere ouders en uitleg over het Nederlandse schoolsysteem.",
        "questions": "Wanneer moet ik mijn kind aanmelden voor school?",
        "successes": "Het kind speelt nu met andere kinderen.",
        "strengths": "Was in het eigen land juf; wil graag helpen.",
        "tags": ["overstap naar school", "schoolkeuze"],
        "follow_up": "Uitgenodigd voor de koffieochtend op vrijdag; aanmelddata uitgelegd.",
    },
    {
        "organisation": "Spelenderwijs (voorschoolse educatie)",
        "place": "Peuterspeelzaal Het Schateiland",
        "days_ago": 30,
        "language": "tr",
        "age": "2-4",
        "needs": "Wil weten hoe de overdracht naar groep 1 gaat.",
        "questions": "Krijgt de juf van groep 1 te horen wat mijn kind al kan?",
        "successes": "",
        "strengths": "Leest elke avond voor in het Turks.",
        "tags": ["overstap naar school"],
        "follow_up": "De warme overdracht uitgelegd; samen de school bezocht.",
    },
    {
        "organisation": "15RL",
        "place": None,
        "days_ago": 7,
        "language": "ar",
        "age": "4-6",
        "needs": "Wil meer weten over wat het kind in groep 1 leert.",
        "questions": "Hoe kan ik thuis helpen met taal?",
        "successes": "Het kind gaat graag naar school.",
        "strengths": "Komt elke week naar de ouderkamer.",
        "tags": ["taalontwikkeling", "voorlezen thuis"],
        "follow_up": "Uitgenodigd voor de voorleesochtend in de bibliotheek.",
        "partner": "Bibliotheek Utrecht",
    },
    {
        "organisation": "15RL",
        "place": None,
        "days_ago": 25,
        "language": "nl",
        "age": "6-12",
        "needs": "Zorgen over de kosten van het schoolreisje en de sportclub.",
        "questions": "Is er een fonds voor sport en cultuur?",
        "successes": "Goed rapport gekregen.",
        "strengths": "Het gezin helpt elkaar veel.",
        "tags": ["geldzorgen"],
        "follow_up": "Informatie gegeven over de U-pas.",
    },
    {
        "organisation": "16NM",
        "place": None,
        "days_ago": 10,
        "language": "so",
        "age": "6-12",
        "needs": "Wil begrijpen wat er in het rapport staat.",
        "questions": "Wat betekent het advies voor de middelbare school?",
        "successes": "Rekenen gaat veel beter dan vorig jaar.",
        "strengths": "De oudere zus helpt met huiswerk.",
        "tags": ["schoolkeuze"],
        "follow_up": "Gesprek met tolk gepland bij het volgende oudergesprek.",
    },
    {
        "organisation": "16NM",
        "place": None,
        "days_ago": 40,
        "language": "en",
        "age": "4-6",
        "needs": "New in the Netherlands; wants to know how school and preschool work.",
        "questions": "Where can I learn Dutch myself?",
        "successes": "The child already has friends in the class.",
        "strengths": "Speaks three languages at home.",
        "tags": ["overstap naar school", "taalontwikkeling"],
        "follow_up": "Referred to the language house.",
        "partner": "Taalhuis Utrecht",
    },
]


def _save(obj: Any) -> Any:
    obj.full_clean()
    obj.save()
    return obj


def _organisation(workspace: Workspace, key: str) -> Organisation | None:
    qs = Organisation.objects.filter(workspace=workspace)
    return qs.filter(name=key).first() or qs.filter(brin=key).first()


def load_conversations(workspace: Workspace) -> int:
    from ouderpartner.programmes.models import Programme

    tags_setup(workspace=workspace)
    tags = {t.name: t for t in ConversationTag.objects.filter(workspace=workspace)}
    today = timezone.localdate()
    created = 0
    for spec in CONVERSATIONS:
        organisation = _organisation(workspace, spec["organisation"])
        if organisation is None:
            continue
        if Conversation.objects.filter(
            workspace=workspace, organisation=organisation, needs=spec["needs"]
        ).exists():
            continue
        places = Location.objects.filter(workspace=workspace, organisation=organisation)
        location = (
            places.filter(name=spec["place"]).first() if spec["place"] else places.order_by("pk").first()
        )
        programme = (
            Programme.objects.filter(workspace=workspace, name=spec["programme"]).first()
            if spec.get("programme")
            else None
        )
        conversation = Conversation(
            workspace=workspace,
            organisation=organisation,
            location=location,
            neighbourhood=location.neighbourhood if location else None,
            date=today - datetime.timedelta(days=spec["days_ago"]),
            language=spec["language"],
            child_age_band=spec["age"],
            needs=spec["needs"],
            questions=spec["questions"],
            successes=spec["successes"],
            strengths=spec["strengths"],
            follow_up=spec["follow_up"],
            referral_programme=programme,
            referral_organisation=_organisation(workspace, spec["partner"]) if spec.get("partner") else None,
            wants_contact=spec.get("wants_contact", False),
            contact=spec.get("contact", ""),
            contact_purge_after=default_purge_date(today) if spec.get("contact") else None,
        )
        _save(conversation)
        conversation.tags.set([tags[name] for name in spec["tags"] if name in tags])
        created += 1
    return created


GENERATED_CONVERSATIONS = 90
# Languages of the generated records: mostly the record's own, else one of these (weights).
OTHER_LANGUAGES = {"nl": 30, "ar": 25, "tr": 20, "so": 8, "ti": 7, "en": 5, "pl": 3, "uk": 2}


def load_generated_conversations(workspace: Workspace) -> int:
    """More records, written by a generator from the hand-written ones (other dates over a year, other
    languages), so that the insights page has figures per month and tag; small groups stay hidden."""
    wanted = len(CONVERSATIONS) + GENERATED_CONVERSATIONS
    if Conversation.objects.filter(workspace=workspace).count() >= wanted:
        return 0
    originals = list(
        Conversation.objects.filter(workspace=workspace)
        .prefetch_related("tags")
        .order_by("pk")[: len(CONVERSATIONS)]
    )
    if not originals:
        return 0
    rng = random.Random(20261129)
    today = timezone.localdate()
    copies = []
    for _index in range(GENERATED_CONVERSATIONS):
        source = rng.choice(originals)
        language = (
            source.language
            if rng.random() < 0.7
            else rng.choices(list(OTHER_LANGUAGES), weights=list(OTHER_LANGUAGES.values()))[0]
        )
        copies.append(
            Conversation(
                workspace=workspace,
                organisation=source.organisation,
                location=source.location,
                neighbourhood=source.neighbourhood,
                date=today - datetime.timedelta(days=rng.randint(0, 364)),
                language=language,
                child_age_band=source.child_age_band,
                needs=source.needs,
                questions=source.questions,
                successes=source.successes,
                strengths=source.strengths,
                follow_up=source.follow_up,
                referral_programme=source.referral_programme,
                referral_organisation=source.referral_organisation,
            )
        )
        copies[-1]._source = source
    Conversation.objects.bulk_create(copies)
    through = Conversation.tags.through
    through.objects.bulk_create(
        [
            through(conversation_id=copy.pk, conversationtag_id=tag.pk)
            for copy in copies
            for tag in copy._source.tags.all()
        ]
    )
    return len(copies)


def load_questionnaire(workspace: Workspace) -> Questionnaire:
    questionnaire = Questionnaire.objects.filter(workspace=workspace, template_key=QUESTIONNAIRE_KEY).first()
    if questionnaire is not None:
        return questionnaire
    questionnaire = _save(
        Questionnaire(
            workspace=workspace,
            languages=list(LANGUAGES),
            status=Questionnaire.Status.PUBLISHED,
            template_key=QUESTIONNAIRE_KEY,
            **QUESTIONNAIRE,
        )
    )
    for position, spec in enumerate(QUESTIONS):
        question = _save(
            Question(
                questionnaire=questionnaire,
                position=position,
                name=spec["name"],
                kind=spec["kind"],
                text=spec["text"],
                hint=spec.get("hint", {}),
                required=spec.get("required", False),
            )
        )
        for index, (value, pictogram, label) in enumerate(spec.get("options", [])):
            _save(Option(question=question, position=index, value=value, pictogram=pictogram, label=label))
    return questionnaire


def load_distributions(workspace: Workspace, questionnaire: Questionnaire) -> list[Distribution]:
    distributions = []
    for name, _count, _weights in PLACES:
        location = Location.objects.filter(workspace=workspace, name=name).first()
        if location is None:
            continue
        distribution = Distribution.objects.filter(questionnaire=questionnaire, location=location).first()
        if distribution is None:
            distribution = _save(
                Distribution(workspace=workspace, questionnaire=questionnaire, location=location)
            )
        distributions.append(distribution)
    return distributions


def _answer(
    rng: random.Random, question: Question, options: list[str], language: str
) -> dict[str, Any] | None:
    kind = question.kind
    if not question.required and rng.random() < 0.1:
        return None
    if kind in Question.CHOICE_KINDS:
        weights = [len(options) - i + 1 for i in range(len(options))]
        return {"choices": rng.choices(options, weights=weights)}
    if kind == Question.Kind.YES_NO:
        return {"choices": ["yes" if rng.random() < 0.6 else "no"]}
    if kind == Question.Kind.SCALE:
        return {
            "number": rng.choices(range(question.scale_min, question.scale_max + 1), weights=[1, 2, 4, 5, 3])[
                0
            ]
        }
    if rng.random() < OPEN_ANSWER_SHARE:
        subjects = OPEN_ANSWERS[language]
        texts = rng.choices([texts for _weight, texts in subjects], weights=[w for w, _texts in subjects])[0]
        return {"text": rng.choice(texts)}
    return None


def load_responses(
    workspace: Workspace, questionnaire: Questionnaire, distributions: list[Distribution]
) -> int:
    """Generated demo answers (is_demo), once per questionnaire; deterministic, so every demo looks alike."""
    if Response.objects.filter(questionnaire=questionnaire, is_demo=True).exists():
        return 0
    rng = random.Random(20261128)
    questions = list(questionnaire.questions.prefetch_related("options"))
    options = {q.pk: [o.value for o in q.options.all()] for q in questions}
    by_place = {d.location.name: d for d in distributions}
    now = timezone.now()
    created = 0
    answers: list[Answer] = []
    for name, count, weights in PLACES:
        distribution = by_place.get(name)
        if distribution is None:
            continue
        for _index in range(count):
            language = rng.choices(list(weights), weights=list(weights.values()))[0]
            submitted = now - datetime.timedelta(days=rng.randint(0, 60), minutes=rng.randint(0, 600))
            response = Response.objects.create(
                workspace=workspace,
                questionnaire=questionnaire,
                distribution=distribution,
                location=distribution.location,
                neighbourhood=distribution.location.neighbourhood,
                language=language,
                token=secrets.token_urlsafe(32),
                assisted=rng.random() < 0.2,
                is_demo=True,
                submitted_at=submitted,
            )
            created += 1
            for question in questions:
                values = _answer(rng, question, options[question.pk], language)
                if values is not None:
                    answers.append(Answer(response=response, question=question, **values))
    Answer.objects.bulk_create(answers)
    # A coordinator has read most open answers already: approved, every eighth still waits in the queue.
    written = [answer.pk for answer in answers if answer.text]
    Answer.objects.filter(pk__in=[pk for index, pk in enumerate(written) if index % 8]).update(
        moderation=Answer.Moderation.APPROVED, moderated_at=now
    )
    # Started a few minutes before sending (auto_now_add stamped them with the time of loading).
    Response.objects.filter(questionnaire=questionnaire, is_demo=True).update(
        started_at=F("submitted_at") - datetime.timedelta(minutes=3)
    )
    return created


DEMO_FEEDBACK_DONE = {
    "nl": "Vanaf januari elke woensdag voorlezen in Bibliotheek Kanaleneiland",
    "en": "From January: story time every Wednesday at Kanaleneiland Library",
    "ar": "من يناير: قراءة قصص كل يوم أربعاء في مكتبة Kanaleneiland",
    "tr": "Ocak ayından itibaren her çarşamba Kanaleneiland Kütüphanesinde kitap okuma",
}
DEMO_FEEDBACK_SAID = {
    "nl": "Meer voorleesmomenten in de bibliotheek",
    "en": "More story time in the library",
    "ar": "المزيد من قراءة القصص في المكتبة",
    "tr": "Kütüphanede daha çok kitap okuma",
}


def load_feedback(workspace: Workspace) -> int:
    """One published "You said, we did" item for every questionnaire; idempotent."""
    if Feedback.objects.filter(workspace=workspace, done__nl=DEMO_FEEDBACK_DONE["nl"]).exists():
        return 0
    _save(Feedback(workspace=workspace, said=DEMO_FEEDBACK_SAID, done=DEMO_FEEDBACK_DONE, published=True))
    return 1


DEMO_THEME_NAME = "Voorlezen en boeken"
DEMO_THEME_WORDS = {"bibliotheek", "boeken", "voorlezen"}


def load_themes(workspace: Workspace, questionnaire: Questionnaire) -> int:
    """Theme suggestions for the demo's open answers; those about reading accepted (merged) under a plain
    name and linked to the demo's "you said, we did" item. Once per questionnaire: scikit-learn is imported only
    then, so loading the demo again stays fast."""
    if Theme.objects.filter(questionnaire=questionnaire).exists():
        return 0
    runs = themes_suggest(questionnaire=questionnaire, actor=None)
    suggested = Theme.objects.filter(questionnaire=questionnaire, language="nl").order_by("pk")
    about_reading = [theme for theme in suggested if DEMO_THEME_WORDS & set(theme.terms[:3])]
    if len(about_reading) > 1:
        reading = themes_merge(themes=about_reading, actor=None, name=DEMO_THEME_NAME)
    elif about_reading:
        reading = theme_rename(theme=about_reading[0], actor=None, name=DEMO_THEME_NAME)
    if about_reading:
        Feedback.objects.filter(
            workspace=workspace, done__nl=DEMO_FEEDBACK_DONE["nl"], theme__isnull=True
        ).update(theme=reading)
    return sum(run.themes for run in runs)


def load_voice(workspace: Workspace) -> str:
    """The parent-voice part of the demo; returns one line for the report."""
    load_feedback(workspace)
    conversations = load_conversations(workspace)
    conversations += load_generated_conversations(workspace)
    questionnaire = load_questionnaire(workspace)
    distributions = load_distributions(workspace, questionnaire)
    responses = load_responses(workspace, questionnaire, distributions)
    themes = load_themes(workspace, questionnaire)
    if not (conversations or responses or themes):
        return "Parent voice: already there"
    return (
        f"Parent voice: {conversations} conversation(s), questionnaire at {len(distributions)} place(s), "
        f"{responses} demo answer(s), {themes} theme suggestion(s)"
    )
