"""Writes for programmes, offerings, policy domains and transitions: full_clean() and an audit record each."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from ouderpartner.core.audit import audit_record, changed_fields
from ouderpartner.core.models import AuditEvent, Workspace
from ouderpartner.network.models import Location, Organisation, Partnership
from ouderpartner.programmes import catalogue
from ouderpartner.programmes.models import Offering, PolicyDomain, Programme, Transition

PROGRAMME_FIELDS = (
    "name",
    "description",
    "website",
    "kind",
    "age_from_months",
    "age_to_months",
    "audience",
    "languages",
    "approaches",
    "funding_source",
    "start_date",
    "end_date",
)
PROGRAMME_TEXT_FIELDS = {"description", "website", "funding_source"}
OFFERING_FIELDS = ("programme", "organisation", "start_date", "end_date", "capacity", "notes")


def _values(obj: models.Model, names: Iterable[str]) -> dict[str, Any]:
    result = {}
    for name in names:
        value = getattr(obj, name)
        result[name] = value.pk if isinstance(value, models.Model) else value
    return result


def _json(values: dict[str, Any]) -> dict[str, str]:
    return {name: str(value) for name, value in values.items() if value not in (None, "", [])}


def _ids(objects: Iterable[Any] | None) -> list[int]:
    return sorted(obj.pk for obj in objects or [])


def _check_same_workspace(workspace: Workspace, field: str, objects: Iterable[Any]) -> None:
    if any(obj.workspace_id != workspace.pk for obj in objects):
        raise ValidationError({field: _("Choose from this workspace's list.")})


# --- Programmes ---------------------------------------------------------------------------------------


@transaction.atomic
def programme_create(
    *,
    workspace: Workspace,
    actor: Any,
    name: str,
    audience: str,
    description: str = "",
    website: str = "",
    kind: str = Programme.Kind.LOCAL,
    age_from_months: int = 0,
    age_to_months: int = 252,
    languages: list[str] | None = None,
    approaches: list[str] | None = None,
    funding_source: str = "",
    start_date: dt.date | None = None,
    end_date: dt.date | None = None,
    policy_domains: Iterable[PolicyDomain] | None = None,
    transitions: Iterable[Transition] | None = None,
    catalogue_key: str = "",
) -> Programme:
    """Add a programme to the workspace, with its policy domains and transitions."""
    policy_domains = list(policy_domains or [])
    transitions = list(transitions or [])
    _check_same_workspace(workspace, "policy_domains", policy_domains)
    _check_same_workspace(workspace, "transitions", transitions)
    programme = Programme(
        workspace=workspace,
        catalogue_key=catalogue_key,
        name=name,
        description=description or "",
        website=website or "",
        kind=kind,
        age_from_months=age_from_months,
        age_to_months=age_to_months,
        audience=audience,
        languages=list(languages or []),
        approaches=list(approaches or []),
        funding_source=funding_source or "",
        start_date=start_date,
        end_date=end_date,
    )
    programme.full_clean()
    programme.save()
    programme.policy_domains.set(policy_domains)
    programme.transitions.set(transitions)
    changes = _json(_values(programme, PROGRAMME_FIELDS))
    changes["policy_domains"] = str(_ids(policy_domains))
    changes["transitions"] = str(_ids(transitions))
    if catalogue_key:
        changes["catalogue_key"] = catalogue_key
    audit_record(
        workspace=workspace, actor=actor, action=AuditEvent.Action.CREATE, obj=programme, changes=changes
    )
    return programme


@transaction.atomic
def programme_update(
    *,
    programme: Programme,
    actor: Any,
    policy_domains: Iterable[PolicyDomain] | None = None,
    transitions: Iterable[Transition] | None = None,
    **data: Any,
) -> Programme:
    """Change a programme's fields (only those given); domains/transitions are replaced when given."""
    unknown = set(data) - set(PROGRAMME_FIELDS)
    if unknown:
        raise TypeError(f"programme_update() got unexpected fields: {', '.join(sorted(unknown))}")
    workspace = programme.workspace
    before = _values(programme, PROGRAMME_FIELDS)
    before_domains = _ids(programme.policy_domains.all())
    before_transitions = _ids(programme.transitions.all())
    for name, value in data.items():
        if value is None and name in PROGRAMME_TEXT_FIELDS:
            value = ""
        if value is None and name in ("languages", "approaches"):
            value = []
        setattr(programme, name, value)
    programme.full_clean()
    programme.save()
    changes = changed_fields(before, _values(programme, PROGRAMME_FIELDS))
    if policy_domains is not None:
        policy_domains = list(policy_domains)
        _check_same_workspace(workspace, "policy_domains", policy_domains)
        programme.policy_domains.set(policy_domains)
        if _ids(policy_domains) != before_domains:
            changes["policy_domains"] = [str(before_domains), str(_ids(policy_domains))]
    if transitions is not None:
        transitions = list(transitions)
        _check_same_workspace(workspace, "transitions", transitions)
        programme.transitions.set(transitions)
        if _ids(transitions) != before_transitions:
            changes["transitions"] = [str(before_transitions), str(_ids(transitions))]
    if changes:
        audit_record(
            workspace=workspace, actor=actor, action=AuditEvent.Action.CHANGE, obj=programme, changes=changes
        )
    return programme


@transaction.atomic
def programme_archive(*, programme: Programme, actor: Any) -> Programme:
    """Hide a programme from the lists, the line and the matrix; nothing is deleted."""
    if programme.archived_at is None:
        programme.archived_at = timezone.now()
        programme.save(update_fields=["archived_at", "updated_at"])
        audit_record(
            workspace=programme.workspace, actor=actor, action=AuditEvent.Action.ARCHIVE, obj=programme
        )
    return programme


@transaction.atomic
def programme_restore(*, programme: Programme, actor: Any) -> Programme:
    if programme.archived_at is not None:
        programme.archived_at = None
        programme.save(update_fields=["archived_at", "updated_at"])
        audit_record(
            workspace=programme.workspace, actor=actor, action=AuditEvent.Action.RESTORE, obj=programme
        )
    return programme


def programme_copy_from_catalogue(*, workspace: Workspace, actor: Any, key: str) -> Programme:
    """Copy a national catalogue entry into the workspace (once), linked to its domains and transitions.

    Raises ValidationError when the key is unknown or the entry is already in the workspace.
    """
    from ouderpartner.programmes.setup import programmes_setup

    entry = catalogue.get_entry(key)
    if entry is None:
        raise ValidationError(_("There is no catalogue entry with that name."))
    if Programme.objects.filter(workspace=workspace, catalogue_key=entry.key).exists():
        raise ValidationError(
            _("%(name)s is already in this workspace; edit it there to adapt it.") % {"name": entry.name}
        )
    programmes_setup(workspace=workspace)
    domains = list(PolicyDomain.objects.filter(workspace=workspace, key__in=entry.policy_domains))
    transitions = list(Transition.objects.filter(workspace=workspace, key__in=entry.transitions))
    try:
        with transaction.atomic():
            return programme_create(
                workspace=workspace,
                actor=actor,
                catalogue_key=entry.key,
                name=entry.name,
                description=entry.description_for(get_language()),
                website=entry.website,
                kind=entry.kind,
                age_from_months=entry.age_from_months,
                age_to_months=entry.age_to_months,
                audience=entry.audience,
                languages=list(entry.languages),
                approaches=list(entry.approaches),
                funding_source=entry.funding_source_for(get_language()),
                policy_domains=domains,
                transitions=transitions,
            )
    except IntegrityError as error:  # a concurrent copy of the same entry
        raise ValidationError(
            _("%(name)s is already in this workspace; edit it there to adapt it.") % {"name": entry.name}
        ) from error


# --- Offerings ----------------------------------------------------------------------------------------


def _check_locations(organisation: Organisation | None, locations: list[Location]) -> None:
    if organisation is not None and any(loc.organisation_id != organisation.pk for loc in locations):
        raise ValidationError({"locations": _("Choose locations of the organisation that runs it.")})


def _check_capacity(capacity: int | None) -> None:
    if capacity is not None and capacity < 0:
        raise ValidationError({"capacity": _("The capacity cannot be negative.")})


@transaction.atomic
def offering_create(
    *,
    workspace: Workspace,
    actor: Any,
    programme: Programme,
    organisation: Organisation,
    locations: Iterable[Location] | None = None,
    start_date: dt.date | None = None,
    end_date: dt.date | None = None,
    capacity: int | None = None,
    notes: str = "",
) -> Offering:
    """Record that an organisation runs a programme, at some of its locations, for a period."""
    locations = list(locations or [])
    _check_capacity(capacity)
    _check_locations(organisation, locations)
    offering = Offering(
        workspace=workspace,
        programme=programme,
        organisation=organisation,
        start_date=start_date,
        end_date=end_date,
        capacity=capacity,
        notes=notes or "",
    )
    offering.full_clean()
    offering.save()
    offering.locations.set(locations)
    changes = _json(_values(offering, OFFERING_FIELDS))
    changes["locations"] = str(_ids(locations))
    audit_record(
        workspace=workspace, actor=actor, action=AuditEvent.Action.CREATE, obj=offering, changes=changes
    )
    return offering


@transaction.atomic
def offering_update(
    *, offering: Offering, actor: Any, locations: Iterable[Location] | None = None, **data: Any
) -> Offering:
    """Change an offering (only the fields given); its locations are replaced when given."""
    unknown = set(data) - set(OFFERING_FIELDS)
    if unknown:
        raise TypeError(f"offering_update() got unexpected fields: {', '.join(sorted(unknown))}")
    before = _values(offering, OFFERING_FIELDS)
    before_locations = _ids(offering.locations.all())
    for name, value in data.items():
        setattr(offering, name, "" if value is None and name == "notes" else value)
    _check_capacity(offering.capacity)
    new_locations = list(locations) if locations is not None else list(offering.locations.all())
    _check_locations(offering.organisation, new_locations)
    offering.full_clean()
    offering.save()
    changes = changed_fields(before, _values(offering, OFFERING_FIELDS))
    if locations is not None:
        offering.locations.set(new_locations)
        if _ids(new_locations) != before_locations:
            changes["locations"] = [str(before_locations), str(_ids(new_locations))]
    if changes:
        audit_record(
            workspace=offering.workspace,
            actor=actor,
            action=AuditEvent.Action.CHANGE,
            obj=offering,
            changes=changes,
        )
    return offering


@transaction.atomic
def offering_delete(*, offering: Offering, actor: Any) -> None:
    audit_record(
        workspace=offering.workspace,
        actor=actor,
        action=AuditEvent.Action.DELETE,
        obj=offering,
        changes=_json(_values(offering, OFFERING_FIELDS)),
    )
    offering.delete()


# --- Policy domains -----------------------------------------------------------------------------------


def _domain_key(workspace: Workspace, name: str) -> str:
    base = (slugify(name)[:32] or "domain").replace("-", "_")
    taken = set(PolicyDomain.objects.filter(workspace=workspace).values_list("key", flat=True))
    key, n = base, 2
    while key in taken or key in PolicyDomain.Builtin.values:
        key, n = f"{base}_{n}", n + 1
    return key


def _check_domain_name(workspace: Workspace, name: str, exclude: int | None = None) -> str:
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Give the domain a name.")})
    existing = list(PolicyDomain.objects.filter(workspace=workspace).exclude(pk=exclude))
    names = set()
    for language in ("nl", "en"):  # a built-in domain's standard name in either language is taken too
        with translation.override(language):
            names |= {d.display_name.casefold() for d in existing}
    if name.casefold() in names:
        raise ValidationError({"name": _("There is already a policy domain with this name.")})
    return name


@transaction.atomic
def policy_domain_create(*, workspace: Workspace, actor: Any, name: str) -> PolicyDomain:
    """Add a policy domain of the workspace's own (after the fixed ones)."""
    name = _check_domain_name(workspace, name)
    position = (
        PolicyDomain.objects.filter(workspace=workspace).aggregate(m=models.Max("position"))["m"] or 100
    ) + 1
    domain = PolicyDomain(workspace=workspace, key=_domain_key(workspace, name), name=name, position=position)
    domain.full_clean()
    domain.save()
    audit_record(
        workspace=workspace,
        actor=actor,
        action=AuditEvent.Action.CREATE,
        obj=domain,
        changes={"key": domain.key, "name": name},
    )
    return domain


@transaction.atomic
def policy_domain_rename(*, domain: PolicyDomain, actor: Any, name: str) -> PolicyDomain:
    """Rename a domain (a built-in one gets a local name; an empty name brings back the standard one)."""
    name = (name or "").strip()
    if name or not domain.is_builtin:
        name = _check_domain_name(domain.workspace, name, exclude=domain.pk)
    before = domain.name
    domain.name = name
    domain.full_clean()
    domain.save()
    if before != name:
        audit_record(
            workspace=domain.workspace,
            actor=actor,
            action=AuditEvent.Action.CHANGE,
            obj=domain,
            changes={"name": [before, name]},
        )
    return domain


@transaction.atomic
def policy_domain_delete(*, domain: PolicyDomain, actor: Any) -> None:
    """Remove a domain of the workspace's own; the fixed ones stay (programmes lose only the link)."""
    if domain.is_builtin:
        raise ValidationError(_("The standard policy domains cannot be removed; you can rename them."))
    audit_record(
        workspace=domain.workspace,
        actor=actor,
        action=AuditEvent.Action.DELETE,
        obj=domain,
        changes={"key": domain.key, "name": domain.name},
    )
    domain.delete()


# --- Transitions --------------------------------------------------------------------------------------


@transaction.atomic
def transition_update(
    *,
    transition: Transition,
    actor: Any,
    parent_needs: str | None = None,
    programmes: Iterable[Programme] | None = None,
    partnerships: Iterable[Partnership] | None = None,
) -> Transition:
    """Change what parents need at a transition, and which programmes and partnerships are linked to it."""
    workspace = transition.workspace
    changes: dict[str, Any] = {}
    if parent_needs is not None and parent_needs != transition.parent_needs:
        changes["parent_needs"] = [transition.parent_needs, parent_needs]
        transition.parent_needs = parent_needs
    transition.full_clean()
    transition.save()
    if programmes is not None:
        programmes = list(programmes)
        _check_same_workspace(workspace, "programmes", programmes)
        before = _ids(transition.programmes.all())
        transition.programmes.set(programmes)
        if before != _ids(programmes):
            changes["programmes"] = [str(before), str(_ids(programmes))]
    if partnerships is not None:
        partnerships = list(partnerships)
        _check_same_workspace(workspace, "partnerships", partnerships)
        before = _ids(transition.partnerships.all())
        transition.partnerships.set(partnerships)
        if before != _ids(partnerships):
            changes["partnerships"] = [str(before), str(_ids(partnerships))]
    if changes:
        audit_record(
            workspace=workspace, actor=actor, action=AuditEvent.Action.CHANGE, obj=transition, changes=changes
        )
    return transition
