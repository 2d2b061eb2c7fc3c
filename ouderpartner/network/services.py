"""Writes to the network: every change is validated with full_clean() and recorded in the audit trail."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ouderpartner.core.audit import audit_record, changed_fields
from ouderpartner.core.models import AuditEvent, Workspace
from ouderpartner.network.models import ContactPerson, Location, Neighbourhood, Organisation, Partnership

ORGANISATION_FIELDS = (
    "kind",
    "name",
    "brin",
    "lrk_number",
    "board_number",
    "denomination",
    "website",
    "phone",
    "email",
    "description",
)
CONTACT_FIELDS = ("name", "role", "email", "phone")
LOCATION_FIELDS = (
    "organisation",
    "name",
    "branch_code",
    "street",
    "house_number",
    "postcode",
    "city",
    "neighbourhood",
    "latitude",
    "longitude",
    "is_trusted_place",
    "trusted_purposes",
    "trusted_notes",
    "staff_languages",
)
NEIGHBOURHOOD_FIGURE_FIELDS = (
    "year",
    "inhabitants",
    "children_0_14",
    "households",
    "households_with_children",
    "births",
    "source",
)
PARTNERSHIP_FIELDS = ("name", "kind", "agreements", "start_date", "end_date")


def _values(obj: models.Model, names: Iterable[str]) -> dict[str, Any]:
    result = {}
    for name in names:
        value = getattr(obj, name)
        result[name] = value if not isinstance(value, models.Model) else value.pk
    return result


def _apply(obj: models.Model, names: Iterable[str], data: dict[str, Any]) -> None:
    for name in names:
        if name in data:
            setattr(obj, name, data[name] if data[name] is not None or name not in _TEXT else "")


_TEXT = {
    "brin",
    "lrk_number",
    "website",
    "phone",
    "email",
    "description",
    "branch_code",
    "street",
    "postcode",
}


def _create(obj: models.Model, *, workspace: Workspace, actor: Any, names: Iterable[str]) -> models.Model:
    obj.full_clean()
    obj.save()
    audit_record(
        workspace=workspace,
        actor=actor,
        action=AuditEvent.Action.CREATE,
        obj=obj,
        changes=_json(_values(obj, names)),
    )
    return obj


def _update(
    obj: models.Model, *, workspace: Workspace, actor: Any, names: tuple[str, ...], data: dict
) -> models.Model:
    before = _values(obj, names)
    _apply(obj, names, data)
    obj.full_clean()
    obj.save()
    changes = changed_fields(before, _values(obj, names))
    if changes:
        audit_record(
            workspace=workspace, actor=actor, action=AuditEvent.Action.CHANGE, obj=obj, changes=changes
        )
    return obj


def _json(values: dict[str, Any]) -> dict[str, str]:
    return {name: str(value) for name, value in values.items() if value not in (None, "", [])}


# --- Organisations -------------------------------------------------------------------------------


@transaction.atomic
def organisation_create(*, workspace: Workspace, actor: Any, **data: Any) -> Organisation:
    organisation = Organisation(workspace=workspace)
    _apply(organisation, ORGANISATION_FIELDS, data)
    return _create(organisation, workspace=workspace, actor=actor, names=ORGANISATION_FIELDS)


@transaction.atomic
def organisation_update(*, organisation: Organisation, actor: Any, **data: Any) -> Organisation:
    return _update(
        organisation, workspace=organisation.workspace, actor=actor, names=ORGANISATION_FIELDS, data=data
    )


@transaction.atomic
def organisation_archive(*, organisation: Organisation, actor: Any) -> Organisation:
    """Archive the organisation and its active locations (restoring brings those locations back)."""
    if organisation.archived_at is not None:
        return organisation
    now = timezone.now()
    organisation.archived_at = now
    organisation.save(update_fields=["archived_at", "updated_at"])
    archived = organisation.locations.filter(archived_at__isnull=True).update(archived_at=now, updated_at=now)
    audit_record(
        workspace=organisation.workspace,
        actor=actor,
        action=AuditEvent.Action.ARCHIVE,
        obj=organisation,
        changes={"locations_archived": archived},
    )
    return organisation


@transaction.atomic
def organisation_restore(*, organisation: Organisation, actor: Any) -> Organisation:
    if organisation.archived_at is None:
        return organisation
    archived_at = organisation.archived_at
    organisation.archived_at = None
    organisation.save(update_fields=["archived_at", "updated_at"])
    restored = organisation.locations.filter(archived_at=archived_at).update(
        archived_at=None, updated_at=timezone.now()
    )
    audit_record(
        workspace=organisation.workspace,
        actor=actor,
        action=AuditEvent.Action.RESTORE,
        obj=organisation,
        changes={"locations_restored": restored},
    )
    return organisation


# --- Contact persons -----------------------------------------------------------------------------


@transaction.atomic
def contact_create(*, organisation: Organisation, actor: Any, **data: Any) -> ContactPerson:
    contact = ContactPerson(organisation=organisation)
    _apply(contact, CONTACT_FIELDS, data)
    return _create(contact, workspace=organisation.workspace, actor=actor, names=CONTACT_FIELDS)


@transaction.atomic
def contact_update(*, contact: ContactPerson, actor: Any, **data: Any) -> ContactPerson:
    workspace = contact.organisation.workspace
    return _update(contact, workspace=workspace, actor=actor, names=CONTACT_FIELDS, data=data)


@transaction.atomic
def contact_delete(*, contact: ContactPerson, actor: Any) -> None:
    workspace = contact.organisation.workspace
    audit_record(
        workspace=workspace,
        actor=actor,
        action=AuditEvent.Action.DELETE,
        obj=contact,
        changes={"organisation": contact.organisation.name},
    )
    contact.delete()


# --- Locations -----------------------------------------------------------------------------------


@transaction.atomic
def location_create(*, workspace: Workspace, actor: Any, **data: Any) -> Location:
    location = Location(workspace=workspace)
    _apply(location, LOCATION_FIELDS, data)
    return _create(location, workspace=workspace, actor=actor, names=LOCATION_FIELDS)


@transaction.atomic
def location_update(*, location: Location, actor: Any, **data: Any) -> Location:
    return _update(location, workspace=location.workspace, actor=actor, names=LOCATION_FIELDS, data=data)


def _set_archived(obj: Location | Partnership, *, actor: Any, archived: bool) -> Any:
    if obj.is_archived == archived:
        return obj
    obj.archived_at = timezone.now() if archived else None
    obj.save(update_fields=["archived_at", "updated_at"])
    action = AuditEvent.Action.ARCHIVE if archived else AuditEvent.Action.RESTORE
    audit_record(workspace=obj.workspace, actor=actor, action=action, obj=obj)
    return obj


@transaction.atomic
def location_archive(*, location: Location, actor: Any) -> Location:
    return _set_archived(location, actor=actor, archived=True)


@transaction.atomic
def location_restore(*, location: Location, actor: Any) -> Location:
    if location.organisation.is_archived:
        raise ValidationError(_("Restore the organisation first: it is archived."))
    return _set_archived(location, actor=actor, archived=False)


# --- Neighbourhoods ------------------------------------------------------------------------------


@transaction.atomic
def neighbourhood_update_figures(*, neighbourhood: Neighbourhood, actor: Any, **data: Any) -> Neighbourhood:
    return _update(
        neighbourhood,
        workspace=neighbourhood.workspace,
        actor=actor,
        names=NEIGHBOURHOOD_FIGURE_FIELDS,
        data=data,
    )


# --- Partnerships --------------------------------------------------------------------------------


def _check_partners(workspace: Workspace, organisations: Iterable[Organisation]) -> list[Organisation]:
    partners = list({org.pk: org for org in organisations}.values())
    if len(partners) < 2:
        raise ValidationError({"organisations": _("Choose at least two organisations.")})
    if any(org.workspace_id != workspace.pk for org in partners):
        raise ValidationError({"organisations": _("Choose organisations of this workspace.")})
    return partners


@transaction.atomic
def partnership_create(
    *, workspace: Workspace, actor: Any, organisations: Iterable[Organisation], **data: Any
) -> Partnership:
    partners = _check_partners(workspace, organisations)
    partnership = Partnership(workspace=workspace)
    _apply(partnership, PARTNERSHIP_FIELDS, data)
    partnership.full_clean()
    partnership.save()
    partnership.organisations.set(partners)
    changes = _json(_values(partnership, PARTNERSHIP_FIELDS))
    changes["organisations"] = ", ".join(sorted(org.name for org in partners))
    audit_record(
        workspace=workspace, actor=actor, action=AuditEvent.Action.CREATE, obj=partnership, changes=changes
    )
    return partnership


@transaction.atomic
def partnership_update(
    *, partnership: Partnership, actor: Any, organisations: Iterable[Organisation] | None = None, **data: Any
) -> Partnership:
    workspace = partnership.workspace
    before = _values(partnership, PARTNERSHIP_FIELDS)
    before["organisations"] = ", ".join(sorted(org.name for org in partnership.organisations.all()))
    _apply(partnership, PARTNERSHIP_FIELDS, data)
    partnership.full_clean()
    partnership.save()
    after = _values(partnership, PARTNERSHIP_FIELDS)
    if organisations is not None:
        partners = _check_partners(workspace, organisations)
        partnership.organisations.set(partners)
        after["organisations"] = ", ".join(sorted(org.name for org in partners))
    changes = changed_fields(before, after)
    if changes:
        audit_record(
            workspace=workspace,
            actor=actor,
            action=AuditEvent.Action.CHANGE,
            obj=partnership,
            changes=changes,
        )
    return partnership


@transaction.atomic
def partnership_archive(*, partnership: Partnership, actor: Any) -> Partnership:
    return _set_archived(partnership, actor=actor, archived=True)


@transaction.atomic
def partnership_restore(*, partnership: Partnership, actor: Any) -> Partnership:
    return _set_archived(partnership, actor=actor, archived=False)


# --- Exports -------------------------------------------------------------------------------------


def export_record(*, workspace: Workspace, actor: Any, what: str, rows: int, filters: dict[str, str]) -> None:
    """An export is audited like any other access to the data: what, how many rows, with which filters."""
    audit_record(
        workspace=workspace,
        actor=actor,
        action=AuditEvent.Action.EXPORT,
        object_type=what,
        object_repr=f"{what} ({rows})",
        changes={"rows": rows, "filters": filters},
    )
