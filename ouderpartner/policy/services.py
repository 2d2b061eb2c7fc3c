"""Writes for the policy framework: frameworks (status, saved versions), ambitions (order, links) and
partners' endorsements. Every write validates in full before saving, runs in one transaction and leaves
an audit record. Goals, actions, the LEA and the rest have their own service modules.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ouderpartner.core.audit import audit_record, changed_fields
from ouderpartner.core.models import AuditEvent, Membership, Role, Workspace
from ouderpartner.network.models import Neighbourhood, Organisation
from ouderpartner.policy.models import Ambition, Endorsement, FrameworkVersion, PolicyFramework
from ouderpartner.programmes.models import PolicyDomain, Programme, Transition

FRAMEWORK_FIELDS = (
    "title",
    "start_year",
    "end_year",
    "vision",
    "approaches",
    "approach_reasons",
    "municipal_role",
    "municipal_role_text",
    "consultation_intro",
    "consultation_closes_on",
)
AMBITION_FIELDS = ("title", "text", "level", "parent_title", "parent_text")
# Linked objects of an ambition: field name → the model, limited to the ambition's workspace.
AMBITION_LINKS: dict[str, type] = {
    "programmes": Programme,
    "transitions": Transition,
    "policy_domains": PolicyDomain,
    "neighbourhoods": Neighbourhood,
}
_TEXT_FIELDS = {"title", "vision", "approach_reasons", "municipal_role_text", "text"}

# Which status may follow which: draft → consultation → adopted, and back to draft from consultation.
STATUS_STEPS: dict[str, tuple[str, ...]] = {
    PolicyFramework.Status.DRAFT: (PolicyFramework.Status.CONSULTATION,),
    PolicyFramework.Status.CONSULTATION: (PolicyFramework.Status.ADOPTED, PolicyFramework.Status.DRAFT),
    PolicyFramework.Status.ADOPTED: (),
}
MAX_NOTE_LENGTH = 1000


# --- Access -------------------------------------------------------------------------------------


def can_endorse(membership: Membership) -> bool:
    """Coordinators and professionals whose membership names an organisation endorse for it."""
    return membership.role in (Role.COORDINATOR, Role.PROFESSIONAL) and bool(membership.organisation_id)


def eligible_partners(framework: PolicyFramework) -> QuerySet[Organisation]:
    """The organisations asked to endorse: the framework's partners, or every active organisation."""
    chosen = Organisation.objects.filter(policy_frameworks=framework)
    if chosen.exists():
        return chosen.order_by("name")
    return Organisation.objects.filter(
        workspace_id=framework.workspace_id, archived_at__isnull=True
    ).order_by("name")


# --- Helpers ------------------------------------------------------------------------------------


def _clean_texts(value: Any) -> dict[str, str]:
    """A per-language text without empty languages; anything that is not a mapping stays for validation."""
    if not isinstance(value, dict):
        return value
    return {code: text.strip() for code, text in value.items() if isinstance(text, str) and text.strip()}


def _apply(instance: Any, data: dict[str, Any], allowed: tuple[str, ...]) -> None:
    unknown = set(data) - set(allowed)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    for name, value in data.items():
        if name in _TEXT_FIELDS and isinstance(value, str):
            value = value.strip()
        elif name in ("consultation_intro", "parent_title", "parent_text"):
            value = _clean_texts(value)
        elif name == "approaches":
            value = list(dict.fromkeys(value or ()))
        setattr(instance, name, value)


def _values(instance: Any, fields: tuple[str, ...]) -> dict[str, Any]:
    return {name: getattr(instance, name) for name in fields}


def _same_workspace(objects: Iterable[Any], workspace_id: int, field: str) -> list[Any]:
    objects = list(objects)
    if any(obj.workspace_id != workspace_id for obj in objects):
        raise ValidationError({field: _("This is not in the workspace.")})
    return objects


# --- Frameworks ---------------------------------------------------------------------------------


@transaction.atomic
def framework_create(
    *, workspace: Workspace, actor: Any, partners: Iterable[Organisation] = (), **data: Any
) -> PolicyFramework:
    framework = PolicyFramework(workspace=workspace)
    _apply(framework, data, FRAMEWORK_FIELDS)
    partners = _same_workspace(partners, workspace.pk, "partners")
    framework.full_clean()
    framework.save()
    framework.partners.set(partners)
    audit_record(
        workspace=workspace,
        actor=actor,
        action=AuditEvent.Action.CREATE,
        obj=framework,
        changes={name: str(value) for name, value in _values(framework, FRAMEWORK_FIELDS).items()},
    )
    return framework


@transaction.atomic
def framework_update(
    *, framework: PolicyFramework, actor: Any, partners: Iterable[Organisation] | None = None, **data: Any
) -> PolicyFramework:
    before = _values(framework, FRAMEWORK_FIELDS)
    _apply(framework, data, FRAMEWORK_FIELDS)
    framework.full_clean()
    framework.save()
    changes = changed_fields(before, _values(framework, FRAMEWORK_FIELDS))
    if partners is not None:
        partners = _same_workspace(partners, framework.workspace_id, "partners")
        old = sorted(framework.partners.values_list("name", flat=True))
        framework.partners.set(partners)
        new = sorted(p.name for p in partners)
        if old != new:
            changes["partners"] = [", ".join(old), ", ".join(new)]
    audit_record(
        workspace=framework.workspace,
        actor=actor,
        action=AuditEvent.Action.CHANGE,
        obj=framework,
        changes=changes,
    )
    return framework


def _names(objects: Iterable[Any]) -> list[str]:
    return sorted(str(obj) for obj in objects)


def framework_snapshot(framework: PolicyFramework) -> dict[str, Any]:
    """The framework and its ambitions as JSON: texts, levels and the names of what they link to.

    Names are taken in the site's language, so that two snapshots compare the same way for everyone.
    """
    with translation.override(settings.LANGUAGE_CODE):
        ambitions = (
            Ambition.objects.filter(framework=framework)
            .prefetch_related("programmes", "transitions", "policy_domains", "neighbourhoods")
            .order_by("position", "id")
        )
        return {
            "title": framework.title,
            "start_year": framework.start_year,
            "end_year": framework.end_year,
            "status": framework.status,
            "adopted_on": framework.adopted_on.isoformat() if framework.adopted_on else None,
            "vision": framework.vision,
            "approaches": list(framework.approaches),
            "approach_reasons": framework.approach_reasons,
            "municipal_role": framework.municipal_role,
            "municipal_role_text": framework.municipal_role_text,
            "partners": _names(framework.partners.all()),
            "consultation_intro": dict(framework.consultation_intro),
            "consultation_closes_on": (
                framework.consultation_closes_on.isoformat() if framework.consultation_closes_on else None
            ),
            "ambitions": [
                {
                    "id": ambition.pk,
                    "position": ambition.position,
                    "title": ambition.title,
                    "text": ambition.text,
                    "level": ambition.level,
                    "parent_title": dict(ambition.parent_title),
                    "parent_text": dict(ambition.parent_text),
                    **{name: _names(getattr(ambition, name).all()) for name in AMBITION_LINKS},
                }
                for ambition in ambitions
            ],
        }


def _locked(framework: PolicyFramework) -> PolicyFramework:
    return PolicyFramework.objects.select_for_update().get(pk=framework.pk)


def _store_version(*, framework: PolicyFramework, actor: Any, note: str) -> FrameworkVersion:
    """Store the framework as it is now under its current number; the framework moves on to the next."""
    version = FrameworkVersion(
        workspace_id=framework.workspace_id,
        framework=framework,
        number=framework.version,
        snapshot=framework_snapshot(framework),
        note=note,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    version.full_clean()
    version.save()
    framework.version += 1
    PolicyFramework.objects.filter(pk=framework.pk).update(version=framework.version)
    return version


@transaction.atomic
def framework_save_version(*, framework: PolicyFramework, actor: Any, note: str) -> FrameworkVersion:
    """An explicit "save as version", with a note on what changed."""
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": _("Say in a few words what changed in this version.")})
    if len(note) > MAX_NOTE_LENGTH:
        raise ValidationError(
            {"note": _("Keep the note under %(max)s characters.") % {"max": MAX_NOTE_LENGTH}}
        )
    locked = _locked(framework)
    version = _store_version(framework=locked, actor=actor, note=note)
    framework.version = locked.version
    audit_record(
        workspace=framework.workspace,
        actor=actor,
        action=AuditEvent.Action.CREATE,
        obj=version,
        changes={"number": version.number, "note": note},
    )
    return version


@transaction.atomic
def framework_set_status(
    *, framework: PolicyFramework, actor: Any, status: str, note: str = ""
) -> FrameworkVersion:
    """Move the framework to the next status and save a version of it as it now stands."""
    locked = _locked(framework)
    if status not in STATUS_STEPS.get(locked.status, ()):
        raise ValidationError(
            {
                "status": _("A framework that is %(current)s cannot become %(new)s.")
                % {
                    "current": locked.get_status_display(),
                    "new": PolicyFramework.Status(status).label
                    if status in PolicyFramework.Status.values
                    else status,
                }
            }
        )
    old = locked.get_status_display()
    locked.status = status
    locked.adopted_on = timezone.localdate() if status == PolicyFramework.Status.ADOPTED else None
    locked.full_clean()
    locked.save(update_fields=["status", "adopted_on", "updated_at"])
    note = (note or "").strip()[:MAX_NOTE_LENGTH] or _("Status changed from %(old)s to %(new)s.") % {
        "old": old,
        "new": locked.get_status_display(),
    }
    version = _store_version(framework=locked, actor=actor, note=note)
    framework.status, framework.adopted_on, framework.version = (
        locked.status,
        locked.adopted_on,
        locked.version,
    )
    audit_record(
        workspace=framework.workspace,
        actor=actor,
        action=AuditEvent.Action.CHANGE,
        obj=framework,
        changes={"status": [str(old), str(locked.get_status_display())], "version": version.number},
    )
    return version


# --- Ambitions ----------------------------------------------------------------------------------


def _set_links(ambition: Ambition, links: dict[str, Iterable[Any] | None]) -> dict[str, list[str]]:
    changes = {}
    for name, objects in links.items():
        if objects is None:
            continue
        if name not in AMBITION_LINKS:
            raise TypeError(f"unknown link: {name}")
        objects = _same_workspace(objects, ambition.workspace_id, name)
        old = _names(getattr(ambition, name).all())
        getattr(ambition, name).set(objects)
        new = _names(objects)
        if old != new:
            changes[name] = [", ".join(old), ", ".join(new)]
    return changes


def _split(data: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    links = {name: data.pop(name) for name in list(data) if name in AMBITION_LINKS}
    return data, links


@transaction.atomic
def ambition_create(*, framework: PolicyFramework, actor: Any, **data: Any) -> Ambition:
    fields, links = _split(data)
    last = Ambition.objects.filter(framework=framework).aggregate(last=Max("position"))["last"]
    ambition = Ambition(
        workspace_id=framework.workspace_id, framework=framework, position=0 if last is None else last + 1
    )
    _apply(ambition, fields, AMBITION_FIELDS)
    ambition.full_clean()
    ambition.save()
    _set_links(ambition, links)
    audit_record(
        workspace=framework.workspace,
        actor=actor,
        action=AuditEvent.Action.CREATE,
        obj=ambition,
        changes={"framework": str(framework), "level": ambition.level},
    )
    return ambition


@transaction.atomic
def ambition_update(*, ambition: Ambition, actor: Any, **data: Any) -> Ambition:
    fields, links = _split(data)
    before = _values(ambition, AMBITION_FIELDS)
    _apply(ambition, fields, AMBITION_FIELDS)
    ambition.full_clean()
    ambition.save()
    changes = changed_fields(before, _values(ambition, AMBITION_FIELDS))
    changes.update(_set_links(ambition, links))
    audit_record(
        workspace=ambition.framework.workspace,
        actor=actor,
        action=AuditEvent.Action.CHANGE,
        obj=ambition,
        changes=changes,
    )
    return ambition


@transaction.atomic
def ambition_delete(*, ambition: Ambition, actor: Any) -> None:
    workspace = ambition.framework.workspace
    audit_record(
        workspace=workspace,
        actor=actor,
        action=AuditEvent.Action.DELETE,
        obj=ambition,
        changes={"framework": str(ambition.framework), "endorsements": ambition.endorsements.count()},
    )
    ambition.delete()


@transaction.atomic
def ambition_move(*, ambition: Ambition, actor: Any, direction: str) -> Ambition:
    """Move an ambition one place up or down among the ambitions of its level (pages group them by
    level); positions of the whole framework are renumbered 0, 1, 2 …"""
    if direction not in ("up", "down"):
        raise ValidationError(_("Move an ambition up or down."))
    _locked(ambition.framework)
    order = list(Ambition.objects.filter(framework_id=ambition.framework_id).order_by("position", "id"))
    index = next(i for i, other in enumerate(order) if other.pk == ambition.pk)
    same_level = [i for i, other in enumerate(order) if other.level == order[index].level]
    place = same_level.index(index)
    target = place - 1 if direction == "up" else place + 1
    if 0 <= target < len(same_level):
        other = same_level[target]
        order[index], order[other] = order[other], order[index]
    changed = []
    for position, other in enumerate(order):
        if other.position != position:
            other.position = position
            changed.append(other)
    Ambition.objects.bulk_update(changed, ["position"])
    before = ambition.position
    ambition.position = next(o.position for o in order if o.pk == ambition.pk)
    if before != ambition.position:
        audit_record(
            workspace=ambition.framework.workspace,
            actor=actor,
            action=AuditEvent.Action.CHANGE,
            obj=ambition,
            changes={"position": [str(before + 1), str(ambition.position + 1)]},
        )
    return ambition


# --- Endorsements -------------------------------------------------------------------------------


@transaction.atomic
def endorsement_create(
    *, ambition: Ambition, membership: Membership, actor: Any, note: str = ""
) -> Endorsement:
    """The member's own organisation endorses the ambition, dated today."""
    if not can_endorse(membership) or membership.workspace_id != ambition.workspace_id:
        raise PermissionDenied
    organisation = membership.organisation
    if not eligible_partners(ambition.framework).filter(pk=organisation.pk).exists():
        raise ValidationError(
            _("%(organisation)s is not among the partners asked to endorse this framework.")
            % {"organisation": organisation.name}
        )
    if Endorsement.objects.filter(ambition=ambition, organisation=organisation).exists():
        raise ValidationError(
            _("%(organisation)s has already endorsed this ambition.") % {"organisation": organisation.name}
        )
    note = (note or "").strip()
    if len(note) > MAX_NOTE_LENGTH:
        raise ValidationError(
            {"note": _("Keep the note under %(max)s characters.") % {"max": MAX_NOTE_LENGTH}}
        )
    endorsement = Endorsement(
        workspace_id=ambition.workspace_id,
        ambition=ambition,
        organisation=organisation,
        endorsed_by=actor if getattr(actor, "is_authenticated", False) else None,
        endorsed_on=timezone.localdate(),
        note=note,
    )
    endorsement.full_clean()
    endorsement.save()
    audit_record(
        workspace=membership.workspace,
        actor=actor,
        action=AuditEvent.Action.CREATE,
        obj=endorsement,
        changes={"ambition": ambition.title, "organisation": organisation.name},
    )
    return endorsement


def can_withdraw(membership: Membership, endorsement: Endorsement) -> bool:
    return can_endorse(membership) and membership.organisation_id == endorsement.organisation_id


@transaction.atomic
def endorsement_withdraw(*, endorsement: Endorsement, membership: Membership, actor: Any) -> None:
    """Only the organisation that endorsed withdraws its endorsement."""
    if not can_withdraw(membership, endorsement) or membership.workspace_id != endorsement.workspace_id:
        raise PermissionDenied
    audit_record(
        workspace=membership.workspace,
        actor=actor,
        action=AuditEvent.Action.DELETE,
        obj=endorsement,
        changes={"ambition": endorsement.ambition.title, "organisation": endorsement.organisation.name},
    )
    endorsement.delete()
