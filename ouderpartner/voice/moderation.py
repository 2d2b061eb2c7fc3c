"""Moderation of parents' open answers: the queue a coordinator works through, and the audited decisions.

An open answer (short or long text) is read by a coordinator before anyone else sees it. Approved
answers may be quoted on the results page (for groups of at least 10 parents, DISCLOSURE.md rule 4);
hidden and waiting ones never. A coordinator may redact an answer (remove personal details) and
approve it in one step. The audit trail records who decided what, never the text itself.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from ouderpartner.core.audit import audit_record
from ouderpartner.core.models import AuditEvent, Workspace
from ouderpartner.voice.answering import LONG_TEXT_MAX, SHORT_TEXT_MAX
from ouderpartner.voice.models import Answer, Question, Questionnaire
from ouderpartner.voice.personal_data import find_personal_data

Moderation = Answer.Moderation
DECISIONS = (Moderation.APPROVED, Moderation.HIDDEN)
ALL = "all"
# At most this many answers in one decision: a page of the queue, with room to spare.
MAX_BATCH = 100


# --- Reads --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ModerationFilters:
    """Which answers the queue shows: by status (waiting by default), question and language."""

    status: str = Moderation.PENDING
    question: int | None = None
    language: str = ""

    @classmethod
    def from_query(cls, params: Mapping[str, str], *, questions: Iterable[int]) -> ModerationFilters:
        """Unknown or malformed values fall back to the default, never an error."""
        status = params.get("status", "")
        try:
            question = int(params.get("question", ""))
        except ValueError:
            question = None
        language = (params.get("language") or "").strip()
        return cls(
            status=status if status in (*Moderation.values, ALL) else Moderation.PENDING,
            question=question if question in set(questions) else None,
            language=language[:5] if language.replace("-", "").isalpha() else "",
        )


def open_answers(*, workspace: Workspace, questionnaire: Questionnaire) -> QuerySet[Answer]:
    """The questionnaire's non-empty open answers in sent responses: what moderation is about."""
    return Answer.objects.filter(
        response__workspace=workspace,
        response__questionnaire=questionnaire,
        response__submitted_at__isnull=False,
        question__kind__in=Question.TEXT_KINDS,
    ).exclude(text="")


def moderation_queue(
    *, workspace: Workspace, questionnaire: Questionnaire, filters: ModerationFilters
) -> QuerySet[Answer]:
    """The answers to moderate, newest first, with what the queue shows of their question and response."""
    qs = open_answers(workspace=workspace, questionnaire=questionnaire)
    if filters.status != ALL:
        qs = qs.filter(moderation=filters.status)
    if filters.question:
        qs = qs.filter(question_id=filters.question)
    if filters.language:
        qs = qs.filter(response__language=filters.language)
    return (
        qs.select_related("question", "response")
        .only(
            "id",
            "text",
            "moderation",
            "moderated_at",
            "question__id",
            "question__name",
            "question__text",
            "question__position",
            "response__id",
            "response__language",
            "response__submitted_at",
        )
        .order_by("-response__submitted_at", "-id")
    )


def moderation_languages(*, workspace: Workspace, questionnaire: Questionnaire) -> list[str]:
    """The languages the open answers were given in, for the filter."""
    return sorted(
        set(
            open_answers(workspace=workspace, questionnaire=questionnaire)
            .order_by()
            .values_list("response__language", flat=True)
            .distinct()
        )
    )


def answer_get(*, workspace: Workspace, pk: int) -> Answer:
    """One open answer of a sent response in this workspace (404 otherwise)."""
    return get_object_or_404(
        Answer.objects.select_related("question", "response", "response__questionnaire").filter(
            response__workspace=workspace,
            response__submitted_at__isnull=False,
            question__kind__in=Question.TEXT_KINDS,
        ),
        pk=pk,
    )


def personal_data_kinds(text: str) -> list[str]:
    """The kinds of personal data the text seems to hold ("name", "phone", "email"), each once."""
    return list(dict.fromkeys(kind for kind, _fragment in find_personal_data(text)))


# --- Writes -------------------------------------------------------------------------------------


def _repr(answer: Answer) -> str:
    # Never the text: it may hold the very personal details moderation removes.
    return f"answer {answer.pk} ({answer.question.name})"


@transaction.atomic
def answers_moderate(
    *,
    workspace: Workspace,
    questionnaire: Questionnaire,
    actor: Any,
    answer_ids: Iterable[int],
    decision: str,
) -> int:
    """Approve or hide some of the questionnaire's open answers; returns how many changed.

    Ids of other questionnaires, other workspaces or closed-question answers are ignored.
    """
    if decision not in DECISIONS:
        raise ValidationError(_("Choose to approve or to hide."))
    ids = list(dict.fromkeys(answer_ids))
    if not ids:
        raise ValidationError(_("Choose at least one answer."))
    if len(ids) > MAX_BATCH:
        raise ValidationError(_("Choose at most %(max)s answers at once.") % {"max": MAX_BATCH})
    answers = list(
        open_answers(workspace=workspace, questionnaire=questionnaire)
        .filter(pk__in=ids)
        .exclude(moderation=decision)
        .select_related("question")
        .select_for_update(of=("self",))
        .order_by("id")
    )
    now = timezone.now()
    Answer.objects.filter(pk__in=[a.pk for a in answers]).update(moderation=decision, moderated_at=now)
    for answer in answers:
        audit_record(
            workspace=workspace,
            actor=actor,
            action=AuditEvent.Action.CHANGE,
            obj=answer,
            object_repr=_repr(answer),
            changes={"moderation": [answer.moderation, decision]},
        )
    return len(answers)


def text_limit(question: Question) -> int:
    return SHORT_TEXT_MAX if question.kind == Question.Kind.SHORT_TEXT else LONG_TEXT_MAX


@transaction.atomic
def answer_redact(*, workspace: Workspace, answer: Answer, actor: Any, text: str) -> Answer:
    """Replace the answer's text (with the personal details taken out) and approve it."""
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Keep some of the answer, or hide it instead.")})
    limit = text_limit(answer.question)
    if len(text) > limit:
        raise ValidationError(
            {"text": _("Keep the answer under %(limit)s characters, as parents must.") % {"limit": limit}}
        )
    if answer.response.workspace_id != workspace.pk:
        raise ValidationError(_("This is not in the workspace."))
    changes: dict[str, Any] = {}
    if text != answer.text:
        changes["text"] = "redacted"
    if answer.moderation != Moderation.APPROVED:
        changes["moderation"] = [answer.moderation, Moderation.APPROVED]
    if not changes:
        return answer
    answer.text = text
    answer.moderation = Moderation.APPROVED
    answer.moderated_at = timezone.now()
    answer.save(update_fields=["text", "moderation", "moderated_at"])
    audit_record(
        workspace=workspace,
        actor=actor,
        action=AuditEvent.Action.CHANGE,
        obj=answer,
        object_repr=_repr(answer),
        changes=changes,
    )
    return answer
