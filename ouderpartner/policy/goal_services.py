"""Writes for goals, indicators, hand-entered indicator values and actions: validated, audited.

Coordinators write everything; a professional only updates the status and progress note of an action
owned by their own organisation (`can_update_action`). Views check the role before calling.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from ouderpartner.core.audit import audit_record, changed_fields
from ouderpartner.core.models import AuditEvent, Membership, Workspace

from .indicators import LIVE_READERS, PARAMETERS, check_parameters
from .models import Action, Ambition, Goal, Indicator, IndicatorValue

GOAL_FIELDS = ("title", "text")
INDICATOR_FIELDS = (
    "title",
    "source",
    "live_key",
    "neighbourhood",
    "programme",
    "questionnaire",
    "question",
    "value_kind",
    "unit",
    "manual_source",
    "direction",
    "baseline",
    "baseline_year",
    "target",
    "target_year",
)
VALUE_FIELDS = ("year", "value", "source")
ACTION_FIELDS = ("ambition", "title", "text", "owner", "due_on", "status", "progress_note")
PROGRESS_FIELDS = ("status", "progress_note")


def _snapshot(obj: Any, fields: tuple[str, ...]) -> dict[str, Any]:
    values = {}
    for name in fields:
        field = obj._meta.get_field(name)
        values[name] = getattr(obj, field.attname)
    return {name: "" if value is None else str(value) for name, value in values.items()}


def _set(obj: Any, fields: tuple[str, ...], data: dict[str, Any]) -> None:
    unknown = set(data) - set(fields)
    if unknown:
        raise TypeError(f"Unknown fields: {sorted(unknown)}")
    for name, value in data.items():
        setattr(obj, name, value)


def _record(workspace: Workspace, actor: Any, action: str, obj: Any, changes: dict | None = None) -> None:
    audit_record(workspace=workspace, actor=actor, action=action, obj=obj, changes=changes)


# --- goals -----------------------------------------------------------------------------------------


def goal_create(*, workspace: Workspace, actor: Any, ambition: Ambition, **data: Any) -> Goal:
    if ambition.workspace_id != workspace.pk:
        raise ValidationError({"ambition": _("This is not in the workspace.")})
    goal = Goal(workspace=workspace, ambition=ambition)
    _set(goal, GOAL_FIELDS, data)
    with transaction.atomic():
        last = Goal.objects.filter(ambition=ambition).aggregate(n=Max("position"))["n"]
        goal.position = 0 if last is None else last + 1
        goal.full_clean()
        goal.save()
        _record(workspace, actor, AuditEvent.Action.CREATE, goal)
    return goal


def goal_update(*, goal: Goal, actor: Any, **data: Any) -> Goal:
    before = _snapshot(goal, GOAL_FIELDS)
    _set(goal, GOAL_FIELDS, data)
    goal.full_clean()
    with transaction.atomic():
        goal.save()
        _record(
            goal.workspace,
            actor,
            AuditEvent.Action.CHANGE,
            goal,
            changed_fields(before, _snapshot(goal, GOAL_FIELDS)),
        )
    return goal


def goal_delete(*, goal: Goal, actor: Any) -> None:
    with transaction.atomic():
        _record(goal.workspace, actor, AuditEvent.Action.DELETE, goal)
        goal.delete()


def goal_move(*, goal: Goal, actor: Any, direction: str) -> Goal:
    """Move a goal one place up or down among its ambition's goals (positions renumbered 0, 1, …)."""
    if direction not in ("up", "down"):
        raise ValidationError(_("Choose up or down."))
    with transaction.atomic():
        goals = list(
            Goal.objects.select_for_update().filter(ambition_id=goal.ambition_id).order_by("position", "id")
        )
        index = next(i for i, other in enumerate(goals) if other.pk == goal.pk)
        target = index - 1 if direction == "up" else index + 1
        if 0 <= target < len(goals):
            goals[index], goals[target] = goals[target], goals[index]
            for position, other in enumerate(goals):
                if other.position != position:
                    Goal.objects.filter(pk=other.pk).update(position=position)
            _record(goal.workspace, actor, AuditEvent.Action.CHANGE, goal, {"position": [index, target]})
            goal.position = target
    return goal


# --- indicators ------------------------------------------------------------------------------------


def _prepare_indicator(indicator: Indicator) -> None:
    """A live indicator takes its kind from its reader (its unit too, when none is given: shown from the
    reader, in the reader's language); one entered by hand reads nothing live."""
    if indicator.source == Indicator.Source.LIVE:
        reader = LIVE_READERS.get(indicator.live_key)
        if reader is not None:
            indicator.value_kind = reader.value_kind
            if indicator.question_id and "question" in reader.needs:
                indicator.questionnaire_id = indicator.question.questionnaire_id
    else:
        indicator.live_key = ""
        for name in PARAMETERS:
            setattr(indicator, name, None)


def _validate_indicator(indicator: Indicator) -> None:
    indicator.full_clean()
    errors = check_parameters(indicator)
    if (
        indicator.baseline is not None
        and indicator.target is not None
        and indicator.baseline == indicator.target
    ):
        errors.setdefault("target", _("The target is the same as the baseline."))
    if indicator.baseline_year and indicator.target_year and indicator.target_year < indicator.baseline_year:
        errors.setdefault("target_year", _("The target year is before the year of the baseline."))
    if errors:
        raise ValidationError({field: [str(message)] for field, message in errors.items()})


def indicator_create(*, workspace: Workspace, actor: Any, goal: Goal, **data: Any) -> Indicator:
    if goal.workspace_id != workspace.pk:
        raise ValidationError({"goal": _("This is not in the workspace.")})
    indicator = Indicator(workspace=workspace, goal=goal)
    _set(indicator, INDICATOR_FIELDS, data)
    _prepare_indicator(indicator)
    with transaction.atomic():
        last = Indicator.objects.filter(goal=goal).aggregate(n=Max("position"))["n"]
        indicator.position = 0 if last is None else last + 1
        _validate_indicator(indicator)
        indicator.save()
        _record(workspace, actor, AuditEvent.Action.CREATE, indicator)
    return indicator


def indicator_update(*, indicator: Indicator, actor: Any, **data: Any) -> Indicator:
    before = _snapshot(indicator, INDICATOR_FIELDS)
    _set(indicator, INDICATOR_FIELDS, data)
    _prepare_indicator(indicator)
    _validate_indicator(indicator)
    with transaction.atomic():
        indicator.save()
        _record(
            indicator.workspace,
            actor,
            AuditEvent.Action.CHANGE,
            indicator,
            changed_fields(before, _snapshot(indicator, INDICATOR_FIELDS)),
        )
    return indicator


def indicator_delete(*, indicator: Indicator, actor: Any) -> None:
    with transaction.atomic():
        _record(indicator.workspace, actor, AuditEvent.Action.DELETE, indicator)
        indicator.delete()


# --- hand-entered values ---------------------------------------------------------------------------


def _validate_value(value: IndicatorValue) -> None:
    if value.indicator.source != Indicator.Source.MANUAL:
        raise ValidationError(_("Values are entered by hand only for indicators entered by hand."))
    if (
        value.indicator.value_kind == Indicator.ValueKind.PEOPLE
        and value.value is not None
        and value.value < 0
    ):
        raise ValidationError({"value": _("A number of people cannot be negative.")})
    value.full_clean()


def indicator_value_create(
    *, workspace: Workspace, actor: Any, indicator: Indicator, **data: Any
) -> IndicatorValue:
    if indicator.workspace_id != workspace.pk:
        raise ValidationError({"indicator": _("This is not in the workspace.")})
    value = IndicatorValue(
        workspace=workspace,
        indicator=indicator,
        entered_by=actor if actor and actor.is_authenticated else None,
    )
    _set(value, VALUE_FIELDS, data)
    _validate_value(value)
    with transaction.atomic():
        value.save()
        _record(workspace, actor, AuditEvent.Action.CREATE, value)
    return value


def indicator_value_update(*, entry: IndicatorValue, actor: Any, **data: Any) -> IndicatorValue:
    before = _snapshot(entry, VALUE_FIELDS)
    _set(entry, VALUE_FIELDS, data)
    _validate_value(entry)
    with transaction.atomic():
        entry.save()
        _record(
            entry.workspace,
            actor,
            AuditEvent.Action.CHANGE,
            entry,
            changed_fields(before, _snapshot(entry, VALUE_FIELDS)),
        )
    return entry


def indicator_value_delete(*, entry: IndicatorValue, actor: Any) -> None:
    with transaction.atomic():
        _record(entry.workspace, actor, AuditEvent.Action.DELETE, entry)
        entry.delete()


# --- actions ---------------------------------------------------------------------------------------


def can_update_action(membership: Membership, action: Action) -> bool:
    """Coordinators update any action; a professional only those of their own organisation."""
    if membership.is_coordinator:
        return True
    return (
        membership.role == "professional"
        and membership.organisation_id is not None
        and membership.organisation_id == action.owner_id
    )


def action_create(*, workspace: Workspace, actor: Any, **data: Any) -> Action:
    action = Action(workspace=workspace)
    _set(action, ACTION_FIELDS, data)
    action.full_clean()
    with transaction.atomic():
        action.save()
        _record(workspace, actor, AuditEvent.Action.CREATE, action)
    return action


def action_update(*, action: Action, actor: Any, **data: Any) -> Action:
    before = _snapshot(action, ACTION_FIELDS)
    _set(action, ACTION_FIELDS, data)
    action.full_clean()
    with transaction.atomic():
        action.save()
        _record(
            action.workspace,
            actor,
            AuditEvent.Action.CHANGE,
            action,
            changed_fields(before, _snapshot(action, ACTION_FIELDS)),
        )
    return action


def action_progress_update(*, action: Action, actor: Any, membership: Membership, **data: Any) -> Action:
    """Status and progress note only; by a coordinator or a professional of the owner organisation."""
    if not can_update_action(membership, action):
        raise PermissionDenied
    before = _snapshot(action, PROGRESS_FIELDS)
    _set(action, PROGRESS_FIELDS, data)
    action.full_clean()
    with transaction.atomic():
        action.save(update_fields=[*PROGRESS_FIELDS, "updated_at"])
        _record(
            action.workspace,
            actor,
            AuditEvent.Action.CHANGE,
            action,
            changed_fields(before, _snapshot(action, PROGRESS_FIELDS)),
        )
    return action


def action_delete(*, action: Action, actor: Any) -> None:
    with transaction.atomic():
        _record(action.workspace, actor, AuditEvent.Action.DELETE, action)
        action.delete()
