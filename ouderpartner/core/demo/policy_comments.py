"""Demo policy data: the comments part (see policy.py for the order of the parts).

Parents' reactions to the draft ambitions of Utrecht's newest framework in consultation: about 150,
spread unevenly over the ambitions (from 38 to 8) and over Dutch, Arabic, Turkish and English, so that
the summary shows hidden cells ("< k") and one ambition with too few reactions to quote anyone. Some
reactions carry a comment in the parent's language: most are approved, a few wait for moderation (one
with a phone number, flagged in the queue) and one is hidden (an advertisement). Deterministic (a fixed
seed); when the framework already has reactions, nothing is added. Texts were written for the demo.
"""

from __future__ import annotations

import random

from django.utils import timezone

from ouderpartner.core.models import Membership, Role, Workspace
from ouderpartner.policy.models import Ambition, ConsultationComment, PolicyFramework

SEED = 20261129
# Reactions per ambition, in the framework's order (ambitions beyond the list get the last number).
PER_AMBITION = [38, 30, 24, 20, 16, 12, 8]
LANGUAGES = [("nl", 0.55), ("ar", 0.2), ("tr", 0.17), ("en", 0.08)]
# How parents lean, per ambition: (agree, disagree, unsure) weights.
LEANINGS = [(0.7, 0.1, 0.2), (0.8, 0.05, 0.15), (0.55, 0.2, 0.25), (0.5, 0.25, 0.25), (0.6, 0.15, 0.25)]

APPROVED = {
    "nl": [
        "Goed plan. Op de bibliotheek voel ik me welkom, op school nog niet altijd.",
        "Graag ook bijeenkomsten 's avonds, overdag moet ik werken.",
        "Ik snap niet altijd de brieven van school. Kan het eenvoudiger?",
        "Mijn zoon ging naar groep 1 en de juf wist al veel van hem. Dat was fijn.",
        "Ik wil graag meedenken, maar vraag het dan echt, niet alleen op papier.",
        "Eén vast persoon op school voor ouders is heel belangrijk.",
    ],
    "ar": [
        "خطة جيدة. أحتاج إلى معلومات بالعربية عن المدرسة.",
        "أريد أن أعرف أكثر عن المدرسة الثانوية قبل أن يذهب ابني إليها.",
        "مقهى الآباء في المكتبة مفيد جدًا.",
    ],
    "tr": [
        "Çok iyi bir plan. Okulda Türkçe konuşan biri olursa daha rahat ederim.",
        "Toplantılar akşam olursa daha çok anne baba gelir.",
    ],
    "en": ["Good plan. Please also share information in English for new families."],
}
PENDING = {
    "nl": ["Bel mij maar als u meer wilt weten: 06 12345678.", "Waarom duurt dit tot 2030?"],
    "tr": ["Kütüphanede daha fazla Türkçe kitap olmalı."],
}
HIDDEN = {"nl": ["Koop nu goedkope telefoons, kijk op onze website!"]}


def _framework(workspace: Workspace) -> PolicyFramework | None:
    framework = PolicyFramework.objects.filter(workspace=workspace).order_by("-created_at", "-id").first()
    if framework is None or framework.status != PolicyFramework.Status.CONSULTATION:
        return None
    return framework


def load(workspace: Workspace) -> str:
    """Adds this part once; returns what it did for the report, or "" when it was already there."""
    framework = _framework(workspace)
    if framework is None:
        return ""
    if ConsultationComment.objects.filter(workspace=workspace, ambition__framework=framework).exists():
        return ""
    ambitions = list(
        Ambition.objects.filter(framework=framework, workspace=workspace).order_by("position", "id")
    )
    if not ambitions:
        return ""
    rng = random.Random(SEED)
    moderator = (
        Membership.objects.filter(workspace=workspace, role=Role.COORDINATOR).select_related("user").first()
    )
    now = timezone.now()
    codes = [code for code, _weight in LANGUAGES]
    weights = [weight for _code, weight in LANGUAGES]
    reactions = [ConsultationComment.Reaction.AGREE, ConsultationComment.Reaction.DISAGREE]
    reactions.append(ConsultationComment.Reaction.UNSURE)
    rows: list[ConsultationComment] = []
    for index, ambition in enumerate(ambitions):
        count = PER_AMBITION[min(index, len(PER_AMBITION) - 1)]
        leaning = LEANINGS[index % len(LEANINGS)]
        for _ in range(count):
            rows.append(
                ConsultationComment(
                    workspace=workspace,
                    ambition=ambition,
                    reaction=rng.choices(reactions, weights=leaning)[0],
                    language=rng.choices(codes, weights=weights)[0],
                )
            )
    # Comments go with reactions in their own language; the busiest ambitions get most of them.
    by_language: dict[str, list[ConsultationComment]] = {}
    for row in rows:
        by_language.setdefault(row.language, []).append(row)
    texts = [
        (status, language, text)
        for status, groups in (
            (ConsultationComment.Status.APPROVED, APPROVED),
            (ConsultationComment.Status.PENDING, PENDING),
            (ConsultationComment.Status.HIDDEN, HIDDEN),
        )
        for language, items in groups.items()
        for text in items
    ]
    for position, (status, language, text) in enumerate(texts):
        candidates = [row for row in by_language.get(language, []) if not row.text]
        if not candidates:
            continue
        row = candidates[(position * 7) % len(candidates)]
        row.text = text
        row.status = status
        if status != ConsultationComment.Status.PENDING:
            row.moderated_at = now
            row.moderated_by = moderator.user if moderator else None
    ConsultationComment.objects.bulk_create(rows)
    with_text = sum(1 for row in rows if row.text)
    return f"{len(rows)} parents' reactions to {len(ambitions)} ambitions ({with_text} with a comment)"
