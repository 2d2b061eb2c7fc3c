"""The self-scan's rules, writes and reads.

Who may do what: a coordinator starts, fills in and deletes scans for the municipality and for any
partner organisation; a professional only for their own organisation; a viewer reads completed
scans. A professional reads their own organisation's scans and the municipality's completed ones.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from ouderpartner.core.audit import audit_record
from ouderpartner.core.models import AuditEvent, Membership, Role, Workspace
from ouderpartner.network.models import Organisation
from ouderpartner.policy import selfscan
from ouderpartner.policy.models import SelfScan

NOTE_MAX_LENGTH = 2000


# --- Rules ----------------------------------------------------------------------------------------


def can_start(membership: Membership) -> bool:
    if membership.role == Role.COORDINATOR:
        return True
    return membership.role == Role.PROFESSIONAL and membership.organisation_id is not None


def can_write(membership: Membership, scan: SelfScan) -> bool:
    """May change or delete this scan (answers only while it is not completed)."""
    if membership.role == Role.COORDINATOR:
        return True
    return (
        membership.role == Role.PROFESSIONAL
        and membership.organisation_id is not None
        and scan.organisation_id == membership.organisation_id
    )


def require_start(membership: Membership) -> None:
    if not can_start(membership):
        raise PermissionDenied


def require_write(membership: Membership, scan: SelfScan) -> None:
    if not can_write(membership, scan):
        raise PermissionDenied


def scans_visible(*, workspace: Workspace, membership: Membership) -> QuerySet[SelfScan]:
    qs = SelfScan.objects.filter(workspace=workspace)
    if membership.role == Role.COORDINATOR:
        return qs
    completed = Q(completed_at__isnull=False)
    if membership.role == Role.PROFESSIONAL and membership.organisation_id is not None:
        return qs.filter(
            Q(organisation_id=membership.organisation_id) | (completed & Q(organisation__isnull=True))
        )
    if membership.role == Role.PROFESSIONAL:
        return qs.filter(completed & Q(organisation__isnull=True))
    return qs.filter(completed)


def scan_for(*, workspace: Workspace, membership: Membership, pk: int) -> SelfScan | None:
    return (
        scans_visible(workspace=workspace, membership=membership)
        .select_related("organisation", "started_by")
        .filter(pk=pk)
        .first()
    )


# --- Writes ---------------------------------------------------------------------------------------


def scan_unfinished(*, workspace: Workspace, organisation: Organisation | None) -> SelfScan | None:
    return (
        SelfScan.objects.filter(workspace=workspace, organisation=organisation, completed_at__isnull=True)
        .order_by("-started_at", "-id")
        .first()
    )


@transaction.atomic
def scan_start(
    *, workspace: Workspace, actor: Any, organisation: Organisation | None
) -> tuple[SelfScan, bool]:
    """A new scan for the municipality (organisation None) or an organisation; an unfinished scan
    for the same one is returned instead (created False), so no half-filled scan is forgotten."""
    existing = scan_unfinished(workspace=workspace, organisation=organisation)
    if existing is not None:
        return existing, False
    scan = SelfScan(workspace=workspace, organisation=organisation, started_by=actor if actor else None)
    scan.notes = {}
    scan.answers = {}
    scan.full_clean()
    scan.save()
    audit_record(
        workspace=workspace,
        actor=actor,
        action=AuditEvent.Action.CREATE,
        obj=scan,
        changes={
            "organisation": organisation.name if organisation else "",
            "catalogue": selfscan.CATALOGUE_VERSION,
        },
    )
    return scan, True


def _completed_error() -> ValidationError:
    return ValidationError(_("This scan has been completed; its answers can no longer be changed."))


@transaction.atomic
def scan_save_section(
    *, scan: SelfScan, actor: Any, section: str, answers: dict[str, int | None], note: str = ""
) -> SelfScan:
    """Store one section's answers (None: no answer yet) and its note; other sections stay as they were."""
    scan = SelfScan.objects.select_for_update().get(pk=scan.pk)
    if scan.completed_at is not None:
        raise _completed_error()
    if section not in selfscan.SECTION_BY_KEY:
        raise ValidationError(_("This part of the scan does not exist."))
    keys = {statement.key for statement in selfscan.statements_of(section)}
    errors = {}
    for key, value in answers.items():
        if key not in keys:
            errors[key] = _("This statement is not part of this section.")
        elif value is not None and value not in selfscan.SCORES:
            errors[key] = _("Choose one of the answers.")
    note = (note or "").strip()
    if len(note) > NOTE_MAX_LENGTH:
        errors["note"] = _("Keep the note under %(max)s characters.") % {"max": NOTE_MAX_LENGTH}
    if errors:
        raise ValidationError(errors)
    stored = dict(scan.answers or {})
    for key, value in answers.items():
        if value is None:
            stored.pop(key, None)
        else:
            stored[key] = value
    notes = dict(scan.notes or {})
    if note:
        notes[section] = note
    else:
        notes.pop(section, None)
    changed = stored != (scan.answers or {}) or notes != (scan.notes or {})
    scan.answers = stored
    scan.notes = notes
    scan.full_clean()
    scan.save(update_fields=["answers", "notes"])
    if changed:
        audit_record(
            workspace=scan.workspace,
            actor=actor,
            action=AuditEvent.Action.CHANGE,
            obj=scan,
            changes={"section": section, "answered": len(stored)},
        )
    return scan


def missing_sections(scan: SelfScan) -> list[selfscan.Section]:
    answers = selfscan.clean_answers(scan.answers)
    return [
        section
        for section in selfscan.SECTIONS
        if any(statement.key not in answers for statement in selfscan.statements_of(section.key))
    ]


@transaction.atomic
def scan_complete(*, scan: SelfScan, actor: Any) -> SelfScan:
    """Completed once every statement has an answer ("don't know" is an answer)."""
    scan = SelfScan.objects.select_for_update().get(pk=scan.pk)
    if scan.completed_at is not None:
        raise _completed_error()
    missing = missing_sections(scan)
    if missing:
        raise ValidationError(
            _("Some statements have no answer yet, in: %(sections)s.")
            % {"sections": ", ".join(str(section.title) for section in missing)}
        )
    scan.completed_at = timezone.now()
    scan.full_clean()
    scan.save(update_fields=["completed_at"])
    profile = selfscan.profile_for(scan.answers, workspace_slug=scan.workspace.slug)
    audit_record(
        workspace=scan.workspace,
        actor=actor,
        action=AuditEvent.Action.CHANGE,
        obj=scan,
        changes={"completed": True, "profile": profile.as_dict()["sections"]},
    )
    return scan


@transaction.atomic
def scan_delete(*, scan: SelfScan, actor: Any) -> None:
    audit_record(
        workspace=scan.workspace,
        actor=actor,
        action=AuditEvent.Action.DELETE,
        obj=scan,
        changes={
            "organisation": scan.organisation.name if scan.organisation else "",
            "completed": bool(scan.completed_at),
        },
    )
    scan.delete()


# --- Reads ----------------------------------------------------------------------------------------


def scan_previous(scan: SelfScan) -> SelfScan | None:
    """The completed scan for the same municipality or organisation just before this one."""
    if scan.completed_at is None:
        return None
    return (
        SelfScan.objects.filter(
            workspace_id=scan.workspace_id,
            organisation_id=scan.organisation_id,
            completed_at__lt=scan.completed_at,
        )
        .order_by("-completed_at", "-id")
        .first()
    )


@dataclass
class ScanResult:
    """A completed scan with its profile, and the change since the completed scan before it."""

    scan: SelfScan
    profile: selfscan.Profile
    previous: SelfScan | None = None
    comparison: selfscan.Comparison | None = None


def scan_result(scan: SelfScan, *, with_previous: bool = True) -> ScanResult:
    slug = scan.workspace.slug
    profile = selfscan.profile_for(scan.answers, workspace_slug=slug)
    previous = scan_previous(scan) if with_previous else None
    comparison = None
    if previous is not None:
        comparison = selfscan.compare(selfscan.profile_for(previous.answers, workspace_slug=slug), profile)
    return ScanResult(scan=scan, profile=profile, previous=previous, comparison=comparison)


def latest_scan_profile(
    *, workspace: Workspace, organisation: Organisation | None = None
) -> ScanResult | None:
    """The latest completed scan of the municipality (organisation None) or of one organisation, with
    its profile per level and approach, its guidance and the change since the scan before it; None
    when there is no completed scan. Texts are in the active language. Two queries."""
    scan = (
        SelfScan.objects.filter(workspace=workspace, organisation=organisation, completed_at__isnull=False)
        .select_related("workspace", "organisation")
        .order_by("-completed_at", "-id")
        .first()
    )
    if scan is None:
        return None
    return scan_result(scan)
