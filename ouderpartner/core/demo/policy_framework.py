"""Demo policy data: Utrecht's framework "Samen met ouders 2026-2030", in consultation (see policy.py for
the order of the parts).

The framework is made through the services, as a coordinator would: a first draft with five ambitions is
saved as version 1; then the vision is sharpened, one ambition reworded and two added, and the start of
the consultation saves version 2 — so the compare page has something to show. Seven ambitions over the
three levels, linked to the demo's programmes, transitions, policy domains and districts, each with a
title and explanation for parents in Dutch, English, Arabic and Turkish. Twelve partners are asked to
endorse; several (not all) have endorsed some ambitions. Texts were written for the demo.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone, translation

from ouderpartner.core.models import Workspace
from ouderpartner.network.models import Neighbourhood, Organisation
from ouderpartner.policy import services
from ouderpartner.policy.models import Ambition, Endorsement, PolicyFramework
from ouderpartner.programmes.models import PolicyDomain, Programme, Transition

TITLE = "Samen met ouders 2026-2030"

# The partners asked to endorse: the trusted places by name, the schools by BRIN.
PARTNER_NAMES = [
    "Bibliotheek Utrecht",
    "JGZ Utrecht (consultatiebureaus)",
    "Buurtteams Jeugd en Gezin Utrecht",
    "Spelenderwijs (voorschoolse educatie)",
    "Taalhuis Utrecht",
]
PARTNER_BRINS = ["15RL", "16NM", "17QH", "08KK", "18AC", "07VW", "17ZR"]

INTRO = {
    "nl": (
        "De gemeente Utrecht maakt samen met scholen, kinderopvang, de bibliotheek, het consultatiebureau en "
        "de buurtteams plannen voor de komende jaren. Wat vindt u ervan? Lees de plannen en zeg of u het "
        "ermee eens bent. U hoeft uw naam niet te geven."
    ),
    "en": (
        "The municipality of Utrecht is making plans for the coming years together with schools, childcare, "
        "the library, the child health clinic and the neighbourhood teams. What do you think? Read the plans "
        "and tell us whether you agree. You do not have to give your name."
    ),
    "ar": (
        "تضع بلدية أوترخت خططاً للسنوات القادمة بالتعاون مع المدارس ودور رعاية الأطفال والمكتبة ومركز رعاية "
        "الطفل وفرق الأحياء. ما رأيكم؟ اقرؤوا الخطط وأخبرونا إن كنتم موافقين عليها. لا حاجة لذكر أسمائكم."
    ),
    "tr": (
        "Utrecht Belediyesi; okullar, çocuk bakım kurumları, kütüphane, çocuk sağlığı merkezi ve mahalle "
        "ekipleriyle birlikte önümüzdeki yıllar için planlar hazırlıyor. Siz ne düşünüyorsunuz? Planları "
        "okuyun ve katılıp katılmadığınızı bize söyleyin. Adınızı vermeniz gerekmez."
    ),
}

VISION_DRAFT = (
    "Ouders zijn de eerste opvoeders van hun kinderen. Utrecht wil dat alle ouders, ook ouders die de weg "
    "naar school en voorzieningen minder vanzelf vinden, betrokken zijn bij het leren en opgroeien van hun "
    "kind.\n\nDaarvoor werken de gemeente, scholen, voorschoolse educatie, de bibliotheek, de JGZ en de "
    "buurtteams samen."
)
VISION = (
    "Ouders zijn de eerste opvoeders van hun kinderen. Utrecht wil dat alle ouders, juist ook ouders die de "
    "weg naar school en voorzieningen minder vanzelf vinden, gelijkwaardig betrokken zijn bij het leren en "
    "opgroeien van hun kind.\n\nDaarvoor werken de gemeente, scholen, voorschoolse educatie, de "
    "bibliotheek, de JGZ en de buurtteams samen, en denken ouders zelf mee over de plannen."
)

FRAMEWORK = {
    "title": TITLE,
    "start_year": 2026,
    "end_year": 2030,
    "vision": VISION_DRAFT,
    "approaches": ["network", "continuous_line", "integral"],
    "approach_reasons": (
        "Netwerkaanpak: ouders bereiken we via plekken die ze vertrouwen, en daar werken veel partners. "
        "Doorgaande lijn 0-21: de overgangen (peuterspeelzaal naar groep 1, groep 3, de middelbare school) "
        "zijn de momenten waarop ouders het meest vragen hebben. Integraal beleid: onderwijs, zorg, welzijn "
        "en armoedebeleid raken hetzelfde gezin en moeten op elkaar aansluiten."
    ),
    "municipal_role": PolicyFramework.MunicipalRole.PARTNER,
    "municipal_role_text": (
        "De gemeente is partner tussen partners: ze brengt partijen samen in de LEA, financiert waar nodig "
        "en legt jaarlijks verantwoording af over de voortgang. De uitvoering ligt bij de partners zelf."
    ),
    "consultation_intro": INTRO,
}

# Each ambition: staff texts, level, links (programme catalogue keys, transition keys, domain keys,
# district codes) and the texts for parents. "since" = 1 when it is in the first draft, 2 when added later.
AMBITIONS: list[dict[str, Any]] = [
    {
        "since": 1,
        "title": "Ouders bereiken via vertrouwde plekken",
        "text": (
            "Partners zoeken ouders op waar ze al komen: consultatiebureau, bibliotheek, peuterspeelzaal en "
            "school. In Overvecht en Zuidwest, waar veel doelgroepouders wonen, komt er extra inzet."
        ),
        "level": 1,
        "programmes": ["boekstart", "voorleesexpress"],
        "transitions": ["birth", "preschool"],
        "policy_domains": ["early_education", "health"],
        "neighbourhoods": ["WK034403", "WK034408"],
        "parent_title": {
            "nl": "Ouders ontmoeten op plekken die ze kennen",
            "en": "Meeting parents in places they know",
            "ar": "نلتقي بالآباء والأمهات في أماكن يعرفونها",
            "tr": "Velilerle tanıdıkları yerlerde buluşmak",
        },
        "parent_text": {
            "nl": (
                "We zoeken ouders op waar ze al komen: het consultatiebureau, de bibliotheek, de "
                "peuterspeelzaal en de school. Daar kunt u vragen stellen en andere ouders ontmoeten."
            ),
            "en": (
                "We go to the places parents already visit: the child health clinic, the library, the "
                "playgroup and the school. There you can ask questions and meet other parents."
            ),
            "ar": (
                "نذهب إلى الأماكن التي يزورها الآباء والأمهات أصلاً: مركز رعاية الطفل، والمكتبة، وروضة "
                "الأطفال، والمدرسة. هناك يمكنكم طرح أسئلتكم والتعرّف على آباء وأمهات آخرين."
            ),
            "tr": (
                "Velilerin zaten gittiği yerlere gidiyoruz: çocuk sağlığı merkezi, kütüphane, oyun grubu ve "
                "okul. Orada sorularınızı sorabilir ve başka velilerle tanışabilirsiniz."
            ),
        },
    },
    {
        "since": 1,
        "title": "Gelijkwaardig contact, in de taal van ouders",
        "draft_title": "Contact met ouders in hun eigen taal",
        "text": (
            "Professionals gaan in gesprek vanuit gelijkwaardigheid, veiligheid en vertrouwen: ze stellen "
            "open vragen en zien de sterke kanten van ouders. Waar nodig is er een tolk of uitleg in de "
            "taal van ouders."
        ),
        "draft_text": "Waar nodig is er een tolk of uitleg in de taal van ouders.",
        "level": 1,
        "programmes": ["tel-mee-met-taal"],
        "transitions": [],
        "policy_domains": ["adult_education", "inclusion"],
        "neighbourhoods": [],
        "parent_title": {
            "nl": "In uw eigen taal meepraten",
            "en": "Taking part in your own language",
            "ar": "شاركوا برأيكم بلغتكم",
            "tr": "Kendi dilinizde söz sahibi olmak",
        },
        "parent_text": {
            "nl": (
                "U kunt met ons praten in de taal die u het best spreekt. We zorgen voor een tolk of voor "
                "uitleg in uw taal, en we luisteren naar wat u zelf belangrijk vindt."
            ),
            "en": (
                "You can talk with us in the language you speak best. We arrange an interpreter or an "
                "explanation in your language, and we listen to what matters to you."
            ),
            "ar": (
                "يمكنكم التحدث معنا باللغة التي تتقنونها أكثر. نوفّر لكم مترجماً أو شرحاً بلغتكم، ونستمع إلى "
                "ما يهمّكم."
            ),
            "tr": (
                "Bizimle en iyi konuştuğunuz dilde konuşabilirsiniz. Sizin için tercüman ya da kendi "
                "dilinizde açıklama sağlıyoruz ve sizin için önemli olanı dinliyoruz."
            ),
        },
    },
    {
        "since": 1,
        "title": "Een warme overdracht van voorschool naar groep 1",
        "text": (
            "Bij de overstap van peuterspeelzaal naar groep 1 voeren pedagogisch medewerker, leerkracht en "
            "ouders samen een overdrachtsgesprek. Voorschool en school maken afspraken over wederkerigheid: "
            "wat ouders thuis doen, sluit aan bij wat in de groep gebeurt."
        ),
        "level": 2,
        "programmes": ["vve-thuis", "opstapje"],
        "transitions": ["preschool", "school"],
        "policy_domains": ["early_education", "education"],
        "neighbourhoods": [],
        "parent_title": {
            "nl": "Van peuterspeelzaal naar school zonder breuk",
            "en": "From playgroup to school without a gap",
            "ar": "من روضة الأطفال إلى المدرسة بلا انقطاع",
            "tr": "Oyun grubundan okula kesintisiz geçiş",
        },
        "parent_text": {
            "nl": (
                "Als uw kind van de peuterspeelzaal naar groep 1 gaat, praten de juf van de peuterspeelzaal, "
                "de school en u samen. Zo weet de school wat uw kind al kan."
            ),
            "en": (
                "When your child moves from playgroup to group 1, the playgroup teacher, the school and you "
                "talk together. That way the school knows what your child can already do."
            ),
            "ar": (
                "عندما ينتقل طفلكم من روضة الأطفال إلى الصف الأول، تجلسون معاً مع معلّمة الروضة والمدرسة "
                "للحديث عنه. هكذا تعرف المدرسة ما يستطيع طفلكم فعله."
            ),
            "tr": (
                "Çocuğunuz oyun grubundan 1. sınıfa (groep 1) geçtiğinde oyun grubu öğretmeni, okul ve siz "
                "birlikte konuşursunuz. Böylece okul, çocuğunuzun neler yapabildiğini bilir."
            ),
        },
    },
    {
        "since": 1,
        "title": "Ouders betrekken bij de overgang naar groep 3 en de middelbare school",
        "text": (
            "Scholen informeren ouders tijdig over de grote overgangen en nodigen hen uit om mee te denken "
            "over wat hun kind nodig heeft."
        ),
        "level": 2,
        "programmes": ["opstap"],
        "transitions": ["group_3", "secondary"],
        "policy_domains": ["education"],
        "neighbourhoods": [],
        "parent_title": {
            "nl": "Samen voorbereiden op groep 3 en de middelbare school",
            "en": "Preparing together for group 3 and secondary school",
            "ar": "نستعد معاً للصف الثالث وللمدرسة الثانوية",
            "tr": "3. sınıfa ve ortaöğretime birlikte hazırlanmak",
        },
        "parent_text": {
            "nl": (
                "Bij grote stappen op school, zoals groep 3 en de overstap naar de middelbare school, krijgt "
                "u op tijd uitleg. U kunt meedenken over wat uw kind nodig heeft."
            ),
            "en": (
                "At big steps in school, such as group 3 and the move to secondary school, you get an "
                "explanation in good time. You can help decide what your child needs."
            ),
            "ar": (
                "في المراحل الكبيرة في المدرسة، مثل الصف الثالث والانتقال إلى المدرسة الثانوية، تحصلون على "
                "شرح في الوقت المناسب. ويمكنكم المشاركة في التفكير فيما يحتاجه طفلكم."
            ),
            "tr": (
                "Okuldaki büyük adımlarda, örneğin 3. sınıfa (groep 3) ve ortaöğretime (middelbare school) "
                "geçişte, size zamanında bilgi verilir. Çocuğunuzun neye ihtiyacı olduğu konusunda siz de "
                "fikrinizi söyleyebilirsiniz."
            ),
        },
    },
    {
        "since": 2,
        "title": "Een brede schoolcoördinator op elke school",
        "text": (
            "Elke basisschool heeft een brede schoolcoördinator als vast aanspreekpunt voor ouders en als "
            "verbinding met voorschool, buurtteam en bibliotheek."
        ),
        "level": 2,
        "programmes": ["ouderkamer"],
        "transitions": [],
        "policy_domains": ["education", "youth"],
        "neighbourhoods": [],
        "parent_title": {
            "nl": "Op elke school een vast aanspreekpunt voor ouders",
            "en": "A regular contact for parents at every school",
            "ar": "شخص ثابت للتواصل مع الأهل في كل مدرسة",
            "tr": "Her okulda veliler için sabit bir irtibat kişisi",
        },
        "parent_text": {
            "nl": (
                "Elke school krijgt iemand bij wie u terechtkunt met vragen over school, opvoeding en hulp in "
                "de buurt."
            ),
            "en": (
                "Every school gets someone you can go to with questions about school, raising children and "
                "help in the neighbourhood."
            ),
            "ar": (
                "سيكون في كل مدرسة شخص يمكنكم التوجّه إليه بأسئلتكم عن المدرسة وتربية الأطفال والمساعدة "
                "المتوفّرة في الحي."
            ),
            "tr": (
                "Her okulda; okul, çocuk yetiştirme ve mahalledeki destek hakkındaki sorularınızla "
                "başvurabileceğiniz bir kişi olacak."
            ),
        },
    },
    {
        "since": 1,
        "title": "Beleid maken mét ouders",
        "text": (
            "Ouders denken mee voordat besluiten vallen, zoals in deze consultatie. De gemeente laat zien "
            "wat er met hun inbreng is gedaan en legt jaarlijks in de LEA verantwoording af."
        ),
        "level": 3,
        "programmes": [],
        "transitions": [],
        "policy_domains": ["equal_opportunities", "inclusion"],
        "neighbourhoods": [],
        "parent_title": {
            "nl": "Beleid maken samen met ouders",
            "en": "Making policy together with parents",
            "ar": "نضع السياسات بالتعاون مع الأهل",
            "tr": "Politikayı velilerle birlikte yapmak",
        },
        "parent_text": {
            "nl": (
                "De gemeente vraagt ouders mee te denken voordat besluiten vallen, zoals nu over deze plannen. "
                "Daarna vertellen we wat we met uw mening hebben gedaan."
            ),
            "en": (
                "The municipality asks parents for their views before decisions are made, as it does now "
                "about these plans. Afterwards we tell you what we did with your opinion."
            ),
            "ar": (
                "تطلب البلدية رأي الآباء والأمهات قبل اتخاذ القرارات، كما تفعل الآن بشأن هذه الخطط. وبعد "
                "ذلك نخبركم بما فعلناه برأيكم."
            ),
            "tr": (
                "Belediye, kararlar alınmadan önce velilerin görüşünü soruyor; şimdi bu planlar için yaptığı "
                "gibi. Daha sonra görüşünüzle ne yaptığımızı size anlatıyoruz."
            ),
        },
    },
    {
        "since": 2,
        "title": "Domeinen verbinden rond het gezin",
        "text": (
            "Onderwijs, jeugdgezondheidszorg, buurtteams en armoedebeleid stemmen hun aanbod op elkaar af, "
            "te beginnen in Overvecht, Zuidwest en Noordwest."
        ),
        "level": 3,
        "programmes": ["stevig-ouderschap", "alliantie-kinderarmoede"],
        "transitions": [],
        "policy_domains": ["health", "youth", "welfare", "poverty"],
        "neighbourhoods": ["WK034402", "WK034403", "WK034408"],
        "parent_title": {
            "nl": "Hulp voor het hele gezin op één plek",
            "en": "Help for the whole family in one place",
            "ar": "مساعدة للعائلة كلها في مكان واحد",
            "tr": "Tüm aile için tek bir yerde destek",
        },
        "parent_text": {
            "nl": (
                "School, consultatiebureau, buurtteam en bibliotheek werken samen. Zo hoeft u uw verhaal maar "
                "één keer te vertellen en krijgt u sneller de hulp die past."
            ),
            "en": (
                "School, child health clinic, neighbourhood team and library work together. So you only have "
                "to tell your story once and you get the right help sooner."
            ),
            "ar": (
                "تعمل المدرسة ومركز رعاية الطفل وفريق الحي والمكتبة معاً. هكذا لا تحتاجون إلى رواية قصتكم "
                "إلا مرة واحدة، وتحصلون على المساعدة المناسبة بسرعة أكبر."
            ),
            "tr": (
                "Okul, çocuk sağlığı merkezi, mahalle ekibi ve kütüphane birlikte çalışıyor. Böylece "
                "derdinizi yalnızca bir kez anlatırsınız ve size uygun desteğe daha çabuk ulaşırsınız."
            ),
        },
    },
]

# Who has endorsed which ambition (by the ambition's index above), days ago. Not everyone, not everything:
# KBS Het Schateiland (the demo professional's school) has endorsed only two, so it can endorse more.
ENDORSEMENTS: dict[str, list[tuple[int, int]]] = {
    "Bibliotheek Utrecht": [(0, 12), (1, 12), (2, 9), (5, 9)],
    "JGZ Utrecht (consultatiebureaus)": [(0, 10), (6, 4)],
    "Buurtteams Jeugd en Gezin Utrecht": [(0, 8), (1, 8), (6, 3)],
    "Spelenderwijs (voorschoolse educatie)": [(0, 11), (2, 11), (3, 7)],
    "15RL": [(2, 6), (3, 6)],
    "16NM": [(0, 5), (2, 5), (3, 5), (4, 2)],
    "17QH": [(4, 1)],
}


def _links(workspace: Workspace, spec: dict[str, Any]) -> dict[str, list[Any]]:
    programmes = {
        p.catalogue_key: p for p in Programme.objects.filter(workspace=workspace).exclude(catalogue_key="")
    }
    transitions = {t.key: t for t in Transition.objects.filter(workspace=workspace)}
    domains = {d.key: d for d in PolicyDomain.objects.filter(workspace=workspace)}
    districts = {n.code: n for n in Neighbourhood.objects.filter(workspace=workspace)}
    return {
        "programmes": [programmes[k] for k in spec["programmes"] if k in programmes],
        "transitions": [transitions[k] for k in spec["transitions"] if k in transitions],
        "policy_domains": [domains[k] for k in spec["policy_domains"] if k in domains],
        "neighbourhoods": [districts[k] for k in spec["neighbourhoods"] if k in districts],
    }


def _partners(workspace: Workspace) -> dict[str, Organisation]:
    found = {o.name: o for o in Organisation.objects.filter(workspace=workspace, name__in=PARTNER_NAMES)}
    found.update(
        {o.brin: o for o in Organisation.objects.filter(workspace=workspace, brin__in=PARTNER_BRINS)}
    )
    return found


def _ambition_data(workspace: Workspace, spec: dict[str, Any], *, draft: bool) -> dict[str, Any]:
    return {
        "title": spec.get("draft_title", spec["title"]) if draft else spec["title"],
        "text": spec.get("draft_text", spec["text"]) if draft else spec["text"],
        "level": spec["level"],
        "parent_title": spec["parent_title"],
        "parent_text": spec["parent_text"],
        **_links(workspace, spec),
    }


def load(workspace: Workspace) -> str:
    """Adds this part once; returns what it did for the report, or "" when it was already there."""
    if PolicyFramework.objects.filter(workspace=workspace, title=TITLE).exists():
        return ""
    partners = _partners(workspace)
    with translation.override("nl"):
        framework = services.framework_create(
            workspace=workspace,
            actor=None,
            partners=list(partners.values()),
            consultation_closes_on=timezone.localdate() + datetime.timedelta(days=42),
            **FRAMEWORK,
        )
        ambitions: list[Ambition | None] = []
        for spec in AMBITIONS:
            ambitions.append(
                services.ambition_create(
                    framework=framework, actor=None, **_ambition_data(workspace, spec, draft=True)
                )
                if spec["since"] == 1
                else None
            )
        services.framework_save_version(
            framework=framework, actor=None, note="Eerste concept, besproken met de partners in de LEA."
        )
        # The second round: a sharper vision, one ambition reworded, two added after the LEA meeting.
        services.framework_update(framework=framework, actor=None, vision=VISION)
        for index, spec in enumerate(AMBITIONS):
            if ambitions[index] is None:
                ambitions[index] = services.ambition_create(
                    framework=framework, actor=None, **_ambition_data(workspace, spec, draft=False)
                )
            elif "draft_title" in spec or "draft_text" in spec:
                services.ambition_update(
                    ambition=ambitions[index], actor=None, title=spec["title"], text=spec["text"]
                )
        # Keep the order of AMBITIONS (added ambitions were appended at the end).
        for position, ambition in enumerate(ambitions):
            Ambition.objects.filter(pk=ambition.pk).update(position=position)
        services.framework_set_status(
            framework=framework,
            actor=None,
            status=PolicyFramework.Status.CONSULTATION,
            note=(
                "Visie aangescherpt, ambitie over contact in de taal van ouders herschreven, en twee "
                "ambities toegevoegd (brede schoolcoördinator, domeinen verbinden). Start van de consultatie."
            ),
        )
    today = timezone.localdate()
    endorsements = [
        Endorsement(
            workspace=workspace,
            ambition=ambitions[index],
            organisation=partners[key],
            endorsed_on=today - datetime.timedelta(days=days_ago),
        )
        for key, items in ENDORSEMENTS.items()
        if key in partners
        for index, days_ago in items
    ]
    for endorsement in endorsements:
        endorsement.full_clean()
    Endorsement.objects.bulk_create(endorsements)
    return (
        f"framework '{TITLE}' in consultation with {len(ambitions)} ambitions, 2 saved versions, "
        f"{len(partners)} partners asked, {len(endorsements)} endorsements"
    )
