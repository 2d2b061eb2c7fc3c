"""Shared material for the theme tests: open answers about three subjects, and small helpers."""

from __future__ import annotations

from ouderpartner.voice.models import Answer, Theme
from ouderpartner.voice.tests.test_insights import respond

READING = [
    "Meer boeken in de bibliotheek",
    "Voorlezen in de bibliotheek op woensdag",
    "Prentenboeken lenen in de bibliotheek",
    "Een voorleesochtend in de bibliotheek",
    "Tweetalige boeken in de bibliotheek",
    "De bibliotheek moet meer boeken hebben",
    "Boeken voorlezen, samen met de bibliotheek",
]
LANGUAGE_CLASS = [
    "Taalles voor moeders",
    "Ik wil taalles Nederlands",
    "Taalles overdag als mijn kind op school is",
    "Gratis taalles in de buurt",
    "Taalles Nederlands voor vaders en moeders",
    "Een taalles dichtbij huis",
]
MONEY = [
    "Hulp met geld voor de sportclub",
    "Het schoolreisje kost te veel geld",
    "Geld voor zwemles",
    "Te weinig geld voor schoolspullen",
    "Geld voor de ouderbijdrage",
    "Een potje geld voor sport",
]
NOTHING_SHARED = ["Niets", "Weet ik niet", "Het is goed zo"]


TURKISH = [
    "Türkçe çocuk kitapları",
    "Kütüphanede Türkçe kitaplar",
    "Türkçe kitaplar lazım",
    "Okul hakkında bilgi",
    "Okul kaydı hakkında bilgi",
    "Okul bilgi toplantısı",
    "Anneler için kahve sabahı",
    "Kahve sabahı annelerle",
    "Çalışan anneler için kahve sabahı",
]


def answer_all(questionnaire, place, texts, *, language="nl", question="remark", **extra) -> list[Answer]:
    responses = [
        respond(questionnaire, place, language=language, **{question: text}, **extra) for text in texts
    ]
    return [response.answers.get(question__name=question) for response in responses]


def make_theme(
    questionnaire, answers, *, name="boeken · bibliotheek", status=Theme.Status.SUGGESTED, language="nl"
) -> Theme:
    theme = Theme.objects.create(
        workspace=questionnaire.workspace,
        questionnaire=questionnaire,
        question=questionnaire.questions.get(name="remark"),
        language=language,
        name=name,
        terms=name.split(" · "),
        status=status,
    )
    theme.answers.set(answers)
    return theme
