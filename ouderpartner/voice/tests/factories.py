"""Factories for the parent voice: questionnaires, questions, options and distributions."""

from __future__ import annotations

import factory

from ouderpartner.core.tests.factories import WorkspaceFactory
from ouderpartner.network.tests.factories import LocationFactory
from ouderpartner.voice.models import Distribution, Option, Question, Questionnaire


class QuestionnaireFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Questionnaire

    workspace = factory.SubFactory(WorkspaceFactory)
    title = factory.Sequence(lambda n: {"nl": f"Vragenlijst {n}", "en": f"Questionnaire {n}"})
    intro = {"nl": "Fijn dat u meedoet.", "en": "Thank you for taking part.", "ar": "شكرا لمشاركتك."}
    thank_you = {"nl": "Bedankt!", "en": "Thank you!", "ar": "شكرا لك!"}
    languages = ["nl", "en", "ar"]
    status = Questionnaire.Status.PUBLISHED


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    questionnaire = factory.SubFactory(QuestionnaireFactory)
    position = factory.Sequence(lambda n: n)
    name = factory.Sequence(lambda n: f"question_{n}")
    kind = Question.Kind.SINGLE_CHOICE
    text = factory.Sequence(lambda n: {"nl": f"Vraag {n}?", "en": f"Question {n}?", "ar": f"سؤال {n}؟"})


class OptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Option

    question = factory.SubFactory(QuestionFactory)
    position = factory.Sequence(lambda n: n)
    value = factory.Sequence(lambda n: f"option_{n}")
    label = factory.Sequence(lambda n: {"nl": f"Keuze {n}", "en": f"Choice {n}", "ar": f"خيار {n}"})


class DistributionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Distribution

    questionnaire = factory.SubFactory(QuestionnaireFactory)
    workspace = factory.SelfAttribute("questionnaire.workspace")
    location = factory.LazyAttribute(
        lambda d: LocationFactory(organisation__workspace=d.questionnaire.workspace, is_trusted_place=True)
    )


def questionnaire_with_questions(workspace, **extra) -> Questionnaire:
    """A published questionnaire with every kind of question and one condition.

    1 reading (single choice, required: often/sometimes/never) → 2 why_not (long text, only if "never")
    → 3 happy (scale 1-5) → 4 library (yes/no) → 5 children (number) → 6 wishes (several answers)
    → 7 remark (short text).
    """
    questionnaire = QuestionnaireFactory(workspace=workspace, **extra)
    kinds = Question.Kind
    reading = QuestionFactory(
        questionnaire=questionnaire,
        name="reading",
        kind=kinds.SINGLE_CHOICE,
        required=True,
        position=1,
        text={"nl": "Leest u voor?", "en": "Do you read aloud?", "ar": "هل تقرأ بصوت عال؟"},
    )
    for position, (value, nl, en, ar, pictogram) in enumerate(
        [
            ("often", "Vaak", "Often", "غالبا", "1F4DA"),
            ("sometimes", "Soms", "Sometimes", "أحيانا", ""),
            ("never", "Nooit", "Never", "أبدا", ""),
        ]
    ):
        OptionFactory(
            question=reading,
            value=value,
            position=position,
            label={"nl": nl, "en": en, "ar": ar},
            pictogram=pictogram,
        )
    QuestionFactory(
        questionnaire=questionnaire,
        name="why_not",
        kind=kinds.LONG_TEXT,
        position=2,
        show_if_question=reading,
        show_if_value="never",
        text={"nl": "Waarom niet?", "en": "Why not?", "ar": "لماذا لا؟"},
    )
    QuestionFactory(questionnaire=questionnaire, name="happy", kind=kinds.SCALE, position=3)
    QuestionFactory(questionnaire=questionnaire, name="library", kind=kinds.YES_NO, position=4)
    QuestionFactory(questionnaire=questionnaire, name="children", kind=kinds.NUMBER, position=5)
    wishes = QuestionFactory(
        questionnaire=questionnaire, name="wishes", kind=kinds.MULTIPLE_CHOICE, position=6
    )
    for position, value in enumerate(["books", "games", "music"]):
        OptionFactory(question=wishes, value=value, position=position)
    QuestionFactory(questionnaire=questionnaire, name="remark", kind=kinds.SHORT_TEXT, position=7)
    return questionnaire
