"""Questionnaire templates as data: the four conversation themes and "what kind of involvement suits you".

Texts are plain Dutch (B1) and English; coordinators add their other parent languages after copying.
"""

from __future__ import annotations

from typing import Any

THANK_YOU = {
    "nl": "Dank u wel! Wij lezen alle antwoorden. Zo weten we wat ouders nodig hebben.",
    "en": "Thank you! We read every answer. This way we learn what parents need.",
}


def _option(value: str, nl: str, en: str, pictogram: str = "") -> dict[str, Any]:
    return {"value": value, "label": {"nl": nl, "en": en}, "pictogram": pictogram}


def _question(name: str, kind: str, nl: str, en: str, **extra: Any) -> dict[str, Any]:
    hint = extra.pop("hint", None)
    return {
        "name": name,
        "kind": kind,
        "text": {"nl": nl, "en": en},
        "hint": {"nl": hint[0], "en": hint[1]} if hint else {},
        "required": extra.pop("required", False),
        "options": extra.pop("options", []),
        **extra,
    }


AGE_OPTIONS = [
    _option("0-4", "0 tot 4 jaar", "0 to 4 years", "1F476"),
    _option("4-12", "4 tot 12 jaar", "4 to 12 years", "1F9D2"),
    _option("12-18", "12 tot 18 jaar", "12 to 18 years", "1F9D1"),
]
# Yes/no questions have no options: their answers are "yes" and "no" (see services.YES_NO_VALUES).

TEMPLATES: list[dict[str, Any]] = [
    {
        "key": "needs",
        "name": {"nl": "Wat heeft u nodig?", "en": "What do you need?"},
        "description": {
            "nl": "Behoeften en verwachtingen van ouders.",
            "en": "Parents' needs and expectations.",
        },
        "intro": {
            "nl": "Wij willen weten wat u nodig heeft voor uw kind. Het duurt 2 minuten. U hoeft uw naam niet te geven.",
            "en": "We want to know what you need for your child. It takes 2 minutes. You do not give your name.",
        },
        "questions": [
            _question(
                "child_age",
                "pictogram",
                "Hoe oud is uw kind?",
                "How old is your child?",
                hint=("Heeft u meer kinderen? Kies het jongste kind.", "More children? Choose the youngest."),
                options=AGE_OPTIONS,
            ),
            _question(
                "help_with",
                "multiple_choice",
                "Waar wilt u meer hulp bij?",
                "What would you like more help with?",
                hint=("U mag meer dan één antwoord kiezen.", "You may choose more than one answer."),
                options=[
                    _option("taal", "Taal en voorlezen", "Language and reading", "1F4DA"),
                    _option("school", "School", "School", "1F3EB"),
                    _option("gezondheid", "Gezondheid", "Health", "1FA7A"),
                    _option("opvoeding", "Opvoeding", "Raising my child", "1F46A"),
                    _option("geld", "Geld", "Money", "1F4B0"),
                    _option("spelen", "Spelen en sport", "Play and sport", "26BD"),
                ],
            ),
            _question(
                "enough_support",
                "scale",
                "Krijgt u genoeg steun?",
                "Do you get enough support?",
                scale_min=1,
                scale_max=5,
            ),
            _question("wish", "long_text", "Wat wilt u nog zeggen?", "Anything else you want to say?"),
        ],
    },
    {
        "key": "questions",
        "name": {"nl": "Welke vragen heeft u?", "en": "What questions do you have?"},
        "description": {"nl": "De vragen die ouders hebben.", "en": "The questions parents have."},
        "intro": {
            "nl": "Heeft u een vraag over uw kind? Vertel het ons. Het duurt 2 minuten.",
            "en": "Do you have a question about your child? Tell us. It takes 2 minutes.",
        },
        "questions": [
            _question(
                "has_question",
                "yes_no",
                "Heeft u een vraag over uw kind?",
                "Do you have a question about your child?",
                required=True,
            ),
            _question(
                "topic",
                "pictogram",
                "Waar gaat uw vraag over?",
                "What is your question about?",
                options=[
                    _option("taal", "Taal", "Language", "1F4AC"),
                    _option("school", "School", "School", "1F3EB"),
                    _option("gezondheid", "Gezondheid", "Health", "1FA7A"),
                    _option("slapen", "Slapen", "Sleep", "1F6CF"),
                    _option("eten", "Eten", "Food", "1F34E"),
                    _option("gedrag", "Gedrag", "Behaviour", "1F914"),
                ],
                show_if=("has_question", "yes"),
            ),
            _question(
                "who_to_ask",
                "single_choice",
                "Wie vraagt u meestal om hulp?",
                "Who do you usually ask for help?",
                options=[
                    _option("familie", "Familie of vrienden", "Family or friends", "1F46A"),
                    _option("school", "De juf of meester", "The teacher", "1F9D1-200D-1F3EB"),
                    _option("dokter", "Dokter of consultatiebureau", "Doctor or baby clinic", "1FA7A"),
                    _option("internet", "Internet", "Internet", "1F4F1"),
                    _option("niemand", "Niemand", "Nobody", "274C"),
                ],
            ),
            _question("question_text", "long_text", "Wat is uw vraag?", "What is your question?"),
        ],
    },
    {
        "key": "successes",
        "name": {"nl": "Wat gaat goed?", "en": "What goes well?"},
        "description": {
            "nl": "Successen van ouders en kinderen.",
            "en": "Successes of parents and children.",
        },
        "intro": {
            "nl": "Wij willen ook weten wat goed gaat. Vertel het ons!",
            "en": "We also want to know what goes well. Tell us!",
        },
        "questions": [
            _question(
                "going_well",
                "pictogram",
                "Wat gaat goed met uw kind?",
                "What goes well with your child?",
                options=[
                    _option("praten", "Praten", "Talking", "1F4AC"),
                    _option("lezen", "Lezen", "Reading", "1F4D6"),
                    _option("spelen", "Spelen met andere kinderen", "Playing with other children", "1F9F8"),
                    _option("school", "School", "School", "1F3EB"),
                    _option("slapen", "Slapen", "Sleeping", "1F6CF"),
                    _option("eten", "Eten", "Eating", "1F34E"),
                ],
            ),
            _question(
                "proud",
                "scale",
                "Hoe trots bent u op uw kind?",
                "How proud are you of your child?",
                scale_min=1,
                scale_max=5,
            ),
            _question(
                "success_story",
                "long_text",
                "Waar bent u blij mee?",
                "What are you happy about?",
                hint=(
                    "Bijvoorbeeld: mijn kind leest nu zelf.",
                    "For example: my child now reads on their own.",
                ),
            ),
        ],
    },
    {
        "key": "strengths",
        "name": {"nl": "Waar bent u goed in?", "en": "What are you good at?"},
        "description": {"nl": "Sterke kanten van ouders.", "en": "Parents' strengths."},
        "intro": {
            "nl": "Iedere ouder kan iets goed. Wat kunt u goed? Misschien kunt u andere ouders helpen.",
            "en": "Every parent is good at something. What are you good at? Maybe you can help other parents.",
        },
        "questions": [
            _question(
                "good_at",
                "multiple_choice",
                "Waar bent u goed in?",
                "What are you good at?",
                hint=("U mag meer dan één antwoord kiezen.", "You may choose more than one answer."),
                options=[
                    _option("koken", "Koken", "Cooking", "1F373"),
                    _option(
                        "voorlezen",
                        "Voorlezen of verhalen vertellen",
                        "Reading aloud or telling stories",
                        "1F4D6",
                    ),
                    _option("muziek", "Muziek en zingen", "Music and singing", "1F3B5"),
                    _option("knutselen", "Knutselen en tekenen", "Crafts and drawing", "1F3A8"),
                    _option("sport", "Sport", "Sport", "26BD"),
                    _option("talen", "Andere talen", "Other languages", "1F30D"),
                ],
            ),
            _question(
                "share",
                "yes_no",
                "Wilt u dit delen met andere ouders?",
                "Would you like to share this with other parents?",
            ),
            _question(
                "strength_text", "short_text", "Wat kunt u nog meer goed?", "What else are you good at?"
            ),
        ],
    },
    {
        "key": "involvement",
        "name": {"nl": "Hoe wilt u meedoen?", "en": "How would you like to take part?"},
        "description": {
            "nl": "Welke vorm van betrokkenheid past bij u?",
            "en": "What kind of involvement suits you?",
        },
        "intro": {
            "nl": "Ouders doen op veel manieren mee. Wat past bij u? Er zijn geen goede of foute antwoorden.",
            "en": "Parents take part in many ways. What suits you? There are no right or wrong answers.",
        },
        "questions": [
            _question(
                "how",
                "pictogram",
                "Hoe wilt u meedoen?",
                "How would you like to take part?",
                hint=("Kies wat het best bij u past.", "Choose what suits you best."),
                required=True,
                options=[
                    _option("thuis", "Thuis, met mijn kind", "At home, with my child", "1F3E0"),
                    _option("praten", "Praten met de juf of meester", "Talking with the teacher", "1F4AC"),
                    _option("helpen", "Helpen op school", "Helping at school", "1F64B"),
                    _option(
                        "meedenken", "Meedenken en meebeslissen", "Giving my opinion and deciding", "1F4A1"
                    ),
                    _option("ouders", "Andere ouders ontmoeten", "Meeting other parents", "1F91D"),
                ],
            ),
            _question(
                "time",
                "single_choice",
                "Wanneer heeft u tijd?",
                "When do you have time?",
                options=[
                    _option("ochtend", "Ochtend", "Morning", "2600"),
                    _option("middag", "Middag", "Afternoon", "231A"),
                    _option("avond", "Avond", "Evening", "1F319"),
                    _option("weinig", "Ik heb weinig tijd", "I have little time", "231B"),
                ],
            ),
            _question(
                "language_help",
                "yes_no",
                "Wilt u hulp met de Nederlandse taal?",
                "Would you like help with the Dutch language?",
            ),
            _question(
                "feel_welcome",
                "scale",
                "Voelt u zich welkom op school?",
                "Do you feel welcome at school?",
                scale_min=1,
                scale_max=5,
            ),
        ],
    },
]
BY_KEY: dict[str, dict[str, Any]] = {template["key"]: template for template in TEMPLATES}


def get_template(key: str) -> dict[str, Any] | None:
    return BY_KEY.get(key)


def template_choices(language: str = "nl") -> list[tuple[str, str]]:
    lang = "nl" if language.startswith("nl") else "en"
    return [(t["key"], f"{t['name'][lang]} – {t['description'][lang]}") for t in TEMPLATES]
