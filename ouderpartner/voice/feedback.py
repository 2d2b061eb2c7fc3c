"""Services and the selector for "You said, we did" feedback items shown to parents."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from ouderpartner.core.audit import audit_record
from ouderpartner.core.models import AuditEvent, Workspace
from ouderpartner.voice.models import Feedback, Questionnaire, Theme

FIELDS = ("questionnaire", "theme", "said", "done", "published")
MAX_ON_RESULTS = 50


@transaction.atomic
def feedback_create(
    *,
    workspace: Workspace,
    actor: Any,
    done: dict[str, str],
    said: dict[str, str] | None = None,
    questionnaire: Questionnaire | None = None,
    theme: Theme | None = None,
    published: bool = False,
) -> Feedback:
    item = Feedback(
        workspace=workspace,
        questionnaire=questionnaire,
        theme=theme,
        said=said or {},
        done=done,
        published=published,
    )
    _check_theme(item, accepted=True)
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
    _check_theme(feedback, accepted="theme" in changes)
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


def _check_theme(item: Feedback, *, accepted: bool) -> None:
    """A theme of the questionnaire the item is shown after (when it names one); a newly chosen one accepted."""
    theme = item.theme if item.theme_id else None
    if theme is None:
        return
    errors = []
    if accepted and theme.status != Theme.Status.ACCEPTED:
        errors.append(_("Choose an accepted theme."))
    if item.questionnaire_id and theme.questionnaire_id != item.questionnaire_id:
        errors.append(_("Choose a theme of this questionnaire, or no questionnaire."))
    if errors:
        raise ValidationError({"theme": errors})


@transaction.atomic
def feedback_delete(*, feedback: Feedback, actor: Any) -> None:
    audit_record(workspace=feedback.workspace, actor=actor, action=AuditEvent.Action.DELETE, obj=feedback)
    feedback.delete()


def feedback_list(*, workspace: Workspace) -> list[Feedback]:
    return list(Feedback.objects.filter(workspace=workspace).select_related("questionnaire", "theme"))


def feedback_for_results(*, workspace: Workspace, questionnaire: Questionnaire) -> list[Feedback]:
    """Published items about this questionnaire or one of its themes, newest first (one query)."""
    return list(
        Feedback.objects.filter(workspace=workspace, published=True)
        .filter(Q(questionnaire=questionnaire) | Q(theme__questionnaire=questionnaire))
        .select_related("theme")
        .order_by("-created_at", "-id")[:MAX_ON_RESULTS]
    )


def accepted_themes(*, workspace: Workspace) -> list[Theme]:
    """The workspace's accepted themes with their questionnaire, grouped by questionnaire (for a choice)."""
    return list(
        Theme.objects.filter(workspace=workspace, status=Theme.Status.ACCEPTED)
        .select_related("questionnaire")
        .order_by("questionnaire__created_at", "questionnaire_id", "name", "id")
    )


def feedback_for_thank_you(*, questionnaire: Questionnaire) -> list[Feedback]:
    """Published items for this questionnaire or the whole workspace, newest first, at most three."""
    return list(
        Feedback.objects.filter(workspace_id=questionnaire.workspace_id, published=True)
        .filter(Q(questionnaire=questionnaire) | Q(questionnaire__isnull=True))
        .order_by("-created_at", "-id")[:3]
    )
