"""Frameworks in consultation with ambitions, and parents' comments, for the consultation tests."""

from __future__ import annotations

import datetime

from django.utils import timezone

from ouderpartner.policy.models import Ambition, ConsultationComment, Level, PolicyFramework

AMBITIONS = [
    ("Ouders voelen zich welkom op school", "Elke school heeft een plek waar ouders elkaar ontmoeten."),
    ("Voorlezen thuis", "Ouders krijgen boeken en tips om thuis voor te lezen."),
    ("Samen praten over het kind", "School en ouders praten samen over hoe het met het kind gaat."),
]
ARABIC = {
    0: ("يشعر الآباء بالترحيب في المدرسة", "في كل مدرسة مكان يلتقي فيه الآباء."),
    1: ("القراءة في البيت", "يحصل الآباء على كتب ونصائح للقراءة في البيت."),
}


def framework_in_consultation(workspace, *, ambitions: int = 3, closes_in_days: int | None = 30, **extra):
    closes_on = timezone.localdate() + datetime.timedelta(days=closes_in_days) if closes_in_days else None
    framework = PolicyFramework.objects.create(
        workspace=workspace,
        title=extra.pop("title", "Samen met ouders 2026-2030"),
        start_year=2026,
        end_year=2030,
        status=extra.pop("status", PolicyFramework.Status.CONSULTATION),
        consultation_closes_on=closes_on,
        consultation_intro={
            "nl": "Vertel ons wat u vindt van onze plannen.",
            "ar": "أخبرنا برأيك في خططنا.",
        },
        **extra,
    )
    for index in range(ambitions):
        title, text = AMBITIONS[index % len(AMBITIONS)]
        parent_title = {"nl": title}
        parent_text = {"nl": text}
        if index in ARABIC:
            parent_title["ar"], parent_text["ar"] = ARABIC[index]
        Ambition.objects.create(
            workspace=workspace,
            framework=framework,
            position=index + 1,
            title=f"{title} (beleid)",
            level=Level.MUNICIPAL_FRAMEWORK,
            parent_title=parent_title,
            parent_text=parent_text,
        )
    return framework


def comments(ambition, *, n: int, reaction: str = "agree", language: str = "nl", **fields):
    return ConsultationComment.objects.bulk_create(
        [
            ConsultationComment(
                workspace=ambition.workspace,
                ambition=ambition,
                reaction=reaction,
                language=language,
                **fields,
            )
            for _ in range(n)
        ]
    )
