"""Services and the selector for "You said, we did" feedback items shown to parents."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Q

from ouderpartner.core.audit import audit_record
from ouderpartner.core.models import AuditEvent, Workspace
from ouderpartner.voice.models import Feedback, Questionnaire

FIELDS = ("questionnaire", "said", "done", "published")


@transaction.atomic
def feedback_create(
    *,
    workspace: Workspace,
    actor: Any,
    done: dict[str, str],
    said: dict[str, str] | None = None,
    questionnaire: Questionnaire | None = None,
    published: bool = False,
) -> Feedback:
    item = Feedback(
        workspace=workspace, questionnaire=questionnaire, said=said or {}, done=done, published=published
    )
    item.full_clean()
    item.save()
    audit_record(workspace=workspace, actor=actor, action=AuditEvent.Action.CREATE, obj=item)
    return item


@transaction.atomic
def feedback_update(*, feedback: Feedback, actor: Any, **data: Any) -> Feedback:
    changes = {}
    for field, value in data.items():
        if field not in FIELDS:
            raise TypeError(f"Unknown field {field}")
        old = getattr(feedback, field)
        if old != value:
            changes[field] = [str(old), str(value)]
            setattr(feedback, field, value)
    feedback.full_clean()
    feedback.save()
    if changes:
        audit_record(
            workspace=feedback.workspace,
            actor=actor,
            action=AuditEvent.Action.CHANGE,
            obj=feedback,
            changes=changes,
        )
    return feedback


@transaction.atomic
def feedback_delete(*, feedback: Feedback, actor: Any) -> None:
    audit_record(workspace=feedback.workspace, actor=actor, action=AuditEvent.Action.DELETE, obj=feedback)
    feedback.delete()


def feedback_list(*, workspace: Workspace) -> list[Feedback]:
    return list(Feedback.objects.filter(workspace=workspace).select_related("questionnaire"))


def feedback_for_thank_you(*, questionnaire: Questionnaire) -> list[Feedback]:
    """Published items for this questionnaire or the whole workspace, newest first, at most three."""
    return list(
        Feedback.objects.filter(workspace_id=questionnaire.workspace_id, published=True)
        .filter(Q(questionnaire=questionnaire) | Q(questionnaire__isnull=True))
        .order_by("-created_at", "-id")[:3]
    )
