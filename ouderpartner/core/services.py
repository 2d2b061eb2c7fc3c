"""Writes for workspaces and memberships: each validates with full_clean and records an audit event."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from ouderpartner.core.audit import audit_record, changed_fields
from ouderpartner.core.models import AuditEvent, Membership, Role, Workspace
from ouderpartner.core.retention import FIELDS as RETENTION_FIELDS

WORKSPACE_EDITABLE_FIELDS = (
    "name",
    "primary_colour",
    "accent_colour",
    "disclosure_threshold",
    "parent_languages",
    "municipality_code",
    *RETENTION_FIELDS.values(),
    "require_two_factor",
)


def _is_last_coordinator(membership: Membership) -> bool:
    if membership.role != Role.COORDINATOR:
        return False
    others = Membership.objects.filter(workspace_id=membership.workspace_id, role=Role.COORDINATOR).exclude(
        pk=membership.pk
    )
    return not others.exists()


def membership_update(
    *, membership: Membership, actor: Any, role: str, organisation: Any = None
) -> Membership:
    """Change a member's role and organisation; the last coordinator cannot be demoted."""
    if role != Role.COORDINATOR and _is_last_coordinator(membership):
        raise ValidationError(
            {"role": _("This is the last coordinator of the workspace; make someone else coordinator first.")}
        )
    if role != Role.PROFESSIONAL:
        organisation = None
    before = {"role": membership.role, "organisation": str(membership.organisation or "")}
    old_role, old_organisation = membership.role, membership.organisation
    membership.role = role
    membership.organisation = organisation
    try:
        membership.full_clean()
    except ValidationError:
        membership.role, membership.organisation = old_role, old_organisation
        raise
    changes = changed_fields(before, {"role": role, "organisation": str(organisation or "")})
    if not changes:
        return membership
    with transaction.atomic():
        membership.save(update_fields=["role", "organisation"])
        audit_record(
            workspace=membership.workspace,
            actor=actor,
            action=AuditEvent.Action.CHANGE,
            obj=membership,
            changes=changes,
        )
    return membership


def membership_remove(*, membership: Membership, actor: Any) -> None:
    """Remove someone from the workspace (their account stays); never the last coordinator."""
    if _is_last_coordinator(membership):
        raise ValidationError(
            _("This is the last coordinator of the workspace; make someone else coordinator first.")
        )
    with transaction.atomic():
        audit_record(
            workspace=membership.workspace,
            actor=actor,
            action=AuditEvent.Action.DELETE,
            obj=membership,
            changes={"email": membership.user.email, "role": membership.role},
        )
        membership.delete()


def workspace_update(
    *,
    workspace: Workspace,
    actor: Any,
    data: dict[str, Any],
    logo: UploadedFile | None = None,
    remove_logo: bool = False,
) -> Workspace:
    """Change the workspace's settings; the audit event lists the changed fields."""
    before = {name: getattr(workspace, name) for name in WORKSPACE_EDITABLE_FIELDS}
    before_logo = workspace.logo.name if workspace.logo else ""
    for name in WORKSPACE_EDITABLE_FIELDS:
        if name in data:
            setattr(workspace, name, data[name])
    try:
        workspace.full_clean(exclude=["logo"])
    except ValidationError:
        for name, value in before.items():
            setattr(workspace, name, value)
        raise
    with transaction.atomic():
        if logo is not None:
            workspace.logo.save(logo.name, logo, save=False)
        elif remove_logo and workspace.logo:
            workspace.logo = ""
        workspace.save()
        after = {name: getattr(workspace, name) for name in WORKSPACE_EDITABLE_FIELDS}
        changes = changed_fields(before, after)
        after_logo = workspace.logo.name if workspace.logo else ""
        if after_logo != before_logo:
            changes["logo"] = [before_logo, after_logo]
        if changes:
            audit_record(
                workspace=workspace,
                actor=actor,
                action=AuditEvent.Action.CHANGE,
                obj=workspace,
                changes=changes,
            )
    return workspace


def audit_export_record(*, workspace: Workspace, actor: Any, filters: dict[str, str], rows: int) -> None:
    """The export of the audit trail is itself an audited event."""
    audit_record(
        workspace=workspace,
        actor=actor,
        action=AuditEvent.Action.EXPORT,
        object_type="auditevent",
        object_repr=_("Audit trail"),
        changes={"filters": filters, "rows": rows},
    )
