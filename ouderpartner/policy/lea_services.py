"""Writes for the LEA (Lokale Educatieve Agenda): meetings, agenda items, agreements, and taking a live
meeting's results (hand-overs) into the policy as draft ambitions or agenda items.

Coordinators write everything; a professional may only update the status of an agreement that names
their own organisation. Every write is validated (full_clean) and recorded in the audit trail.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from ouderpartner.core.audit import audit_record, changed_fields
from ouderpartner.core.models import AuditEvent, Membership, Role, Workspace
from ouderpartner.live.models import HandOver, LiveSession
from ouderpartner.network.models import Organisation
from ouderpartner.policy.models import (
    AgendaItem,
    Agreement,
    Ambition,
    LeaMeeting,
    Level,
    PolicyFramework,
)

MEETING_FIELDS = ("title", "date", "place", "framework", "other_participants", "decisions", "live_session")
AGENDA_FIELDS = ("title", "text", "ambition")
AGREEMENT_FIELDS = ("what", "due_on", "status", "ambition", "meeting")


# --- Who may do what ----------------------------------------------------------------------------


def can_manage(membership: Membership) -> bool:
    """Meetings, agenda items, agreements and hand-overs are written by coordinators only."""
    return membership.role == Role.COORDINATOR


def require_manage(membership: Membership) -> None:
    if not can_manage(membership):
        raise PermissionDenied


def can_update_agreement_status(membership: Membership, agreement: Agreement) -> bool:
    """Coordinators, and professionals of an organisation the agreement names under "who".

    Reads the agreement's organisations from the prefetch cache when there is one.
    """
    if membership.role == Role.COORDINATOR:
        return True
    if membership.role != Role.PROFESSIONAL or not membership.organisation_id:
        return False
    return any(o.pk == membership.organisation_id for o in agreement.organisations.all())


# --- Helpers --------------------------------------------------------------------------------------


def _snapshot(obj: Any, fields: Iterable[str]) -> dict[str, Any]:
    return {name: getattr(obj, f"{name}_id") if _is_fk(obj, name) else getattr(obj, name) for name in fields}


def _is_fk(obj: Any, name: str) -> bool:
    return obj._meta.get_field(name).is_relation


def _check_organisations(workspace: Workspace, organisations: Iterable[Organisation], field: str) -> list:
    organisations = list(organisations or [])
    if any(o.workspace_id != workspace.pk for o in organisations):
        raise ValidationError({field: _("This is not in the workspace.")})
    return organisations


def _names(organisations: Iterable[Organisation]) -> list[str]:
    return sorted(o.name for o in organisations)


# --- LEA meetings ---------------------------------------------------------------------------------


@transaction.atomic
def lea_meeting_create(
    *,
    workspace: Workspace,
    actor: Any,
    title: str,
    date: Any,
    place: str = "",
    framework: PolicyFramework | None = None,
    participants: Iterable[Organisation] = (),
    other_participants: str = "",
    decisions: str = "",
    live_session: LiveSession | None = None,
) -> LeaMeeting:
    participants = _check_organisations(workspace, participants, "participants")
    meeting = LeaMeeting(
        workspace=workspace,
        title=(title or "").strip(),
        date=date,
        place=(place or "").strip(),
        framework=framework,
        other_participants=(other_participants or "").strip(),
        decisions=(decisions or "").strip(),
        live_session=live_session,
    )
    meeting.full_clean()
    meeting.save()
    meeting.participants.set(participants)
    audit_record(
        workspace=workspace,
        actor=actor,
        action=AuditEvent.Action.CREATE,
        obj=meeting,
        changes={"participants": _names(participants)},
    )
    return meeting


@transaction.atomic
def lea_meeting_update(
    *, meeting: LeaMeeting, actor: Any, participants: Iterable[Organisation] | None = None, **fields: Any
) -> LeaMeeting:
    unknown = set(fields) - set(MEETING_FIELDS)
    if unknown:
        raise TypeError(f"Unknown fields: {sorted(unknown)}")
    before = _snapshot(meeting, fields)
    for name, value in fields.items():
        setattr(meeting, name, value.strip() if isinstance(value, str) else value)
    meeting.full_clean()
    meeting.save()
    changes = changed_fields(before, _snapshot(meeting, fields))
    if participants is not None:
        participants = _check_organisations(meeting.workspace, participants, "participants")
        old = _names(meeting.participants.all())
        meeting.participants.set(participants)
        new = _names(participants)
        if old != new:
            changes["participants"] = [", ".join(old), ", ".join(new)]
    audit_record(
        workspace=meeting.workspace,
        actor=actor,
        action=AuditEvent.Action.CHANGE,
        obj=meeting,
        changes=changes,
    )
    return meeting


@transaction.atomic
def lea_meeting_delete(*, meeting: LeaMeeting, actor: Any) -> None:
    """Deletes the meeting and its agenda; its agreements stay (they lose the link to the meeting)."""
    audit_record(workspace=meeting.workspace, actor=actor, action=AuditEvent.Action.DELETE, obj=meeting)
    meeting.delete()


@transaction.atomic
def lea_meeting_attach_live(
    *, meeting: LeaMeeting, actor: Any, live_session: LiveSession | None
) -> LeaMeeting:
    """Attaches a live meeting of the same workspace (or detaches with None)."""
    before = meeting.live_session_id
    meeting.live_session = live_session
    meeting.full_clean()
    meeting.save(update_fields=["live_session", "updated_at"])
    audit_record(
        workspace=meeting.workspace,
        actor=actor,
        action=AuditEvent.Action.CHANGE,
        obj=meeting,
        changes={"live_session": [str(before or ""), str(meeting.live_session_id or "")]},
    )
    return meeting


# --- Agenda items ---------------------------------------------------------------------------------


def _next_position(meeting: LeaMeeting) -> int:
    top = meeting.agenda_items.aggregate(top=Max("position"))["top"]
    return 0 if top is None else top + 1


@transaction.atomic
def agenda_item_create(
    *,
    meeting: LeaMeeting,
    actor: Any,
    title: str,
    text: str = "",
    ambition: Ambition | None = None,
    hand_over: HandOver | None = None,
) -> AgendaItem:
    item = AgendaItem(
        workspace=meeting.workspace,
        meeting=meeting,
        position=_next_position(meeting),
        title=(title or "").strip(),
        text=(text or "").strip(),
        ambition=ambition,
        hand_over=hand_over,
    )
    item.full_clean()
    item.save()
    audit_record(workspace=meeting.workspace, actor=actor, action=AuditEvent.Action.CREATE, obj=item)
    return item


@transaction.atomic
def agenda_item_update(*, item: AgendaItem, actor: Any, **fields: Any) -> AgendaItem:
    unknown = set(fields) - set(AGENDA_FIELDS)
    if unknown:
        raise TypeError(f"Unknown fields: {sorted(unknown)}")
    before = _snapshot(item, fields)
    for name, value in fields.items():
        setattr(item, name, value.strip() if isinstance(value, str) else value)
    item.full_clean()
    item.save()
    audit_record(
        workspace=item.workspace,
        actor=actor,
        action=AuditEvent.Action.CHANGE,
        obj=item,
        changes=changed_fields(before, _snapshot(item, fields)),
    )
    return item


@transaction.atomic
def agenda_item_delete(*, item: AgendaItem, actor: Any) -> None:
    audit_record(workspace=item.workspace, actor=actor, action=AuditEvent.Action.DELETE, obj=item)
    item.delete()


@transaction.atomic
def agenda_item_move(*, item: AgendaItem, actor: Any, direction: str) -> AgendaItem:
    """Moves an item one place up or down on its meeting's agenda (positions renumbered 0, 1, 2 …)."""
    if direction not in ("up", "down"):
        raise ValidationError(_("Choose up or down."))
    items = list(
        AgendaItem.objects.select_for_update().filter(meeting_id=item.meeting_id).order_by("position", "id")
    )
    index = next(i for i, other in enumerate(items) if other.pk == item.pk)
    target = index - 1 if direction == "up" else index + 1
    if not 0 <= target < len(items):
        return item
    before = item.position
    items[index], items[target] = items[target], items[index]
    changed = []
    for position, other in enumerate(items):
        if other.position != position:
            other.position = position
            changed.append(other)
    AgendaItem.objects.bulk_update(changed, ["position"])
    item.position = target
    audit_record(
        workspace=item.workspace,
        actor=actor,
        action=AuditEvent.Action.CHANGE,
        obj=item,
        changes={"position": [str(before), str(target)]},
    )
    return item


# --- Agreements -----------------------------------------------------------------------------------


@transaction.atomic
def agreement_create(
    *,
    workspace: Workspace,
    actor: Any,
    what: str,
    organisations: Iterable[Organisation] = (),
    due_on: Any = None,
    status: str = Agreement.Status.OPEN,
    ambition: Ambition | None = None,
    meeting: LeaMeeting | None = None,
) -> Agreement:
    organisations = _check_organisations(workspace, organisations, "organisations")
    agreement = Agreement(
        workspace=workspace,
        what=(what or "").strip(),
        due_on=due_on,
        status=status,
        ambition=ambition,
        meeting=meeting,
    )
    agreement.full_clean()
    agreement.save()
    agreement.organisations.set(organisations)
    audit_record(
        workspace=workspace,
        actor=actor,
        action=AuditEvent.Action.CREATE,
        obj=agreement,
        changes={"organisations": _names(organisations)},
    )
    return agreement


@transaction.atomic
def agreement_update(
    *, agreement: Agreement, actor: Any, organisations: Iterable[Organisation] | None = None, **fields: Any
) -> Agreement:
    unknown = set(fields) - set(AGREEMENT_FIELDS)
    if unknown:
        raise TypeError(f"Unknown fields: {sorted(unknown)}")
    before = _snapshot(agreement, fields)
    for name, value in fields.items():
        setattr(agreement, name, value.strip() if isinstance(value, str) else value)
    agreement.full_clean()
    agreement.save()
    changes = changed_fields(before, _snapshot(agreement, fields))
    if organisations is not None:
        organisations = _check_organisations(agreement.workspace, organisations, "organisations")
        old = _names(agreement.organisations.all())
        agreement.organisations.set(organisations)
        new = _names(organisations)
        if old != new:
            changes["organisations"] = [", ".join(old), ", ".join(new)]
    audit_record(
        workspace=agreement.workspace,
        actor=actor,
        action=AuditEvent.Action.CHANGE,
        obj=agreement,
        changes=changes,
    )
    return agreement


@transaction.atomic
def agreement_set_status(
    *, agreement: Agreement, membership: Membership, actor: Any, status: str
) -> Agreement:
    """The status only; allowed for coordinators and professionals of an organisation named in "who"."""
    if not can_update_agreement_status(membership, agreement):
        raise PermissionDenied
    if status not in Agreement.Status.values:
        raise ValidationError({"status": _("Choose a status.")})
    before = agreement.status
    agreement.status = status
    agreement.save(update_fields=["status", "updated_at"])
    audit_record(
        workspace=agreement.workspace,
        actor=actor,
        action=AuditEvent.Action.CHANGE,
        obj=agreement,
        changes={"status": [before, status]},
    )
    return agreement


@transaction.atomic
def agreement_delete(*, agreement: Agreement, actor: Any) -> None:
    audit_record(workspace=agreement.workspace, actor=actor, action=AuditEvent.Action.DELETE, obj=agreement)
    agreement.delete()


# --- Hand-overs from a live meeting ---------------------------------------------------------------


def hand_over_taken(hand_over: HandOver) -> bool:
    """Used, or something was already made from it (even when set back to draft on the live side)."""
    return (
        hand_over.status == HandOver.Status.USED
        or Ambition.objects.filter(hand_over=hand_over).exists()
        or AgendaItem.objects.filter(hand_over=hand_over).exists()
    )


def _lock_hand_over(meeting: LeaMeeting, hand_over: HandOver) -> HandOver:
    """The hand-over, locked for this transaction; it must come from the meeting's live session and be
    still a draft that nothing was made from (so pressing twice makes no copies)."""
    if not meeting.live_session_id or hand_over.session_id != meeting.live_session_id:
        raise ValidationError(
            _("This result does not come from the live meeting attached to this LEA meeting.")
        )
    locked = HandOver.objects.select_for_update().get(pk=hand_over.pk)
    if hand_over_taken(locked):
        raise ValidationError(_("This result has already been taken into the policy."))
    return locked


def _mark_used(hand_over: HandOver, actor: Any) -> None:
    hand_over.status = HandOver.Status.USED
    hand_over.save(update_fields=["status"])
    audit_record(
        workspace=hand_over.workspace,
        actor=actor,
        action=AuditEvent.Action.CHANGE,
        obj=hand_over,
        changes={"status": [HandOver.Status.DRAFT, HandOver.Status.USED]},
    )


@transaction.atomic
def hand_over_to_ambition(
    *, meeting: LeaMeeting, hand_over: HandOver, actor: Any, framework: PolicyFramework, level: int
) -> Ambition:
    """Turns a live meeting's result into a draft ambition of `framework` at `level`; marks it used."""
    hand_over = _lock_hand_over(meeting, hand_over)
    if framework is None or framework.workspace_id != meeting.workspace_id:
        raise ValidationError({"framework": _("Choose a framework of this workspace.")})
    if level not in Level.values:
        raise ValidationError({"level": _("Choose a level.")})
    top = Ambition.objects.filter(framework=framework).aggregate(top=Max("position"))["top"]
    ambition = Ambition(
        workspace=meeting.workspace,
        framework=framework,
        position=0 if top is None else top + 1,
        title=hand_over.title[:200],
        text=hand_over.text,
        level=level,
        hand_over=hand_over,
    )
    ambition.full_clean()
    ambition.save()
    audit_record(
        workspace=meeting.workspace,
        actor=actor,
        action=AuditEvent.Action.CREATE,
        obj=ambition,
        changes={"hand_over": str(hand_over.pk), "lea_meeting": str(meeting.pk)},
    )
    _mark_used(hand_over, actor)
    return ambition


@transaction.atomic
def hand_over_to_agenda_item(*, meeting: LeaMeeting, hand_over: HandOver, actor: Any) -> AgendaItem:
    """Turns a live meeting's result into an agenda item of this LEA meeting; marks it used."""
    hand_over = _lock_hand_over(meeting, hand_over)
    item = agenda_item_create(
        meeting=meeting, actor=actor, title=hand_over.title[:200], text=hand_over.text, hand_over=hand_over
    )
    _mark_used(hand_over, actor)
    return item
