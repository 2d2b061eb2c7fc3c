"""Conversation records and their tags: validated, audited writes, the visible list, the PII check and the purge.

Decisions (docs/privacy.md, section "Conversation records"):
- professionals record and read only their own organisation's conversations; coordinators all of the
  workspace; viewers none (they will see aggregates only);
- the contact field is visible only to members tied to the record's organisation, and is removed
  CONTACT_RETENTION_DAYS after the conversation is recorded (purge_contacts, run daily);
- a text that looks like it holds a name, phone number or e-mail address is not refused, but needs
  an explicit "save anyway".
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from ouderpartner.core.audit import audit_record, changed_fields
from ouderpartner.core.models import AuditEvent, Membership, Role, Workspace
from ouderpartner.voice.models import Conversation, ConversationTag
from ouderpartner.voice.personal_data import find_personal_data, kind_label

# How long a parent's contact details are kept (days), unless a shorter date is chosen.
CONTACT_RETENTION_DAYS = 90

# The starting tag list of a workspace (workspace data, so in Dutch).
DEFAULT_TAGS = (
    "taalontwikkeling",
    "voorlezen thuis",
    "schoolkeuze",
    "geldzorgen",
    "gezondheid",
    "opvoeden",
    "overstap naar school",
)

THEME_FIELDS = ("needs", "questions", "successes", "strengths")
CHECKED_FIELDS = (*THEME_FIELDS, "follow_up")
CONVERSATION_FIELDS = (
    "organisation",
    "location",
    "neighbourhood",
    "date",
    "language",
    "child_age_band",
    *THEME_FIELDS,
    "follow_up",
    "referral_programme",
    "referral_organisation",
    "wants_contact",
    "contact",
    "contact_purge_after",
)
_RELATIONS = {"organisation", "location", "neighbourhood", "referral_programme", "referral_organisation"}
_TEXT = {*THEME_FIELDS, "follow_up", "contact", "language", "child_age_band"}
# Never written into the audit trail: what the parent said, and how to reach them.
_NOT_AUDITED_VALUES = {*THEME_FIELDS, "follow_up", "contact"}


def default_purge_date(today: datetime.date | None = None) -> datetime.date:
    return (today or timezone.localdate()) + datetime.timedelta(days=CONTACT_RETENTION_DAYS)


# --- Access -------------------------------------------------------------------------------------


def require_record_access(membership: Membership) -> None:
    """Coordinators and professionals work with records; viewers do not read individual records."""
    if membership.role not in (Role.COORDINATOR, Role.PROFESSIONAL):
        raise PermissionDenied


def can_see_contact(membership: Membership, conversation: Conversation) -> bool:
    """Only members tied to the record's organisation see how to contact the parent."""
    return bool(membership.organisation_id) and membership.organisation_id == conversation.organisation_id


# --- The PII check ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    field: str
    kind: str  # "name", "phone", "email"
    fragment: str

    @property
    def kind_label(self) -> str:
        return kind_label(self.kind)

    @property
    def field_label(self) -> str:
        return str(Conversation._meta.get_field(self.field).verbose_name)


def personal_data_findings(data: dict[str, Any]) -> list[Finding]:
    """What to warn about in the record's free texts (the contact field is meant for contact details)."""
    return [
        Finding(field=name, kind=kind, fragment=fragment)
        for name in CHECKED_FIELDS
        for kind, fragment in find_personal_data(str(data.get(name) or ""))
    ]


# --- Writes -------------------------------------------------------------------------------------


def _values(conversation: Conversation) -> dict[str, Any]:
    return {
        name: getattr(conversation, f"{name}_id" if name in _RELATIONS else name)
        for name in CONVERSATION_FIELDS
    }


def _audit_changes(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    changes = changed_fields(before, after)
    return {name: ["…", "…"] if name in _NOT_AUDITED_VALUES else value for name, value in changes.items()}


def _apply(conversation: Conversation, data: dict[str, Any]) -> None:
    for name in CONVERSATION_FIELDS:
        if name in data:
            value = data[name]
            setattr(conversation, name, "" if value is None and name in _TEXT else value)
    if conversation.neighbourhood_id is None and conversation.location_id:
        conversation.neighbourhood_id = conversation.location.neighbourhood_id
    if conversation.wants_contact and conversation.contact:
        conversation.contact_purge_after = conversation.contact_purge_after or default_purge_date()
    elif not conversation.contact:
        conversation.contact_purge_after = None


@transaction.atomic
def conversation_create(*, workspace: Workspace, actor: Any, tags: Any = (), **data: Any) -> Conversation:
    conversation = Conversation(workspace=workspace, created_by=actor if getattr(actor, "pk", None) else None)
    _apply(conversation, data)
    conversation.full_clean()
    conversation.save()
    conversation.tags.set(_workspace_tags(workspace, tags))
    changes = _audit_changes({}, {k: v for k, v in _values(conversation).items() if v not in (None, "")})
    changes["tags"] = sorted(t.name for t in conversation.tags.all())
    audit_record(
        workspace=workspace, actor=actor, action=AuditEvent.Action.CREATE, obj=conversation, changes=changes
    )
    return conversation


@transaction.atomic
def conversation_update(
    *, conversation: Conversation, actor: Any, tags: Any = None, **data: Any
) -> Conversation:
    before = _values(conversation)
    before_tags = sorted(t.name for t in conversation.tags.all())
    _apply(conversation, data)
    conversation.full_clean()
    conversation.save()
    if tags is not None:
        conversation.tags.set(_workspace_tags(conversation.workspace, tags))
    changes = _audit_changes(before, _values(conversation))
    after_tags = sorted(t.name for t in conversation.tags.all())
    if after_tags != before_tags:
        changes["tags"] = [before_tags, after_tags]
    if changes:
        audit_record(
            workspace=conversation.workspace,
            actor=actor,
            action=AuditEvent.Action.CHANGE,
            obj=conversation,
            changes=changes,
        )
    return conversation


@transaction.atomic
def conversation_delete(*, conversation: Conversation, actor: Any) -> None:
    audit_record(
        workspace=conversation.workspace,
        actor=actor,
        action=AuditEvent.Action.DELETE,
        obj=conversation,
        changes={"organisation": str(conversation.organisation), "date": str(conversation.date)},
    )
    conversation.delete()


def _workspace_tags(workspace: Workspace, tags: Any) -> list[ConversationTag]:
    ids = [getattr(t, "pk", t) for t in tags or ()]
    return list(ConversationTag.objects.filter(workspace=workspace, pk__in=ids))


@transaction.atomic
def tag_create(*, workspace: Workspace, actor: Any, name: str) -> ConversationTag:
    tag = ConversationTag(workspace=workspace, name=(name or "").strip())
    _check_unique(tag)
    tag.full_clean()
    tag.save()
    audit_record(
        workspace=workspace, actor=actor, action=AuditEvent.Action.CREATE, obj=tag, changes={"name": tag.name}
    )
    return tag


@transaction.atomic
def tag_rename(*, tag: ConversationTag, actor: Any, name: str) -> ConversationTag:
    before = tag.name
    tag.name = (name or "").strip()
    _check_unique(tag)
    tag.full_clean()
    tag.save()
    if before != tag.name:
        audit_record(
            workspace=tag.workspace,
            actor=actor,
            action=AuditEvent.Action.CHANGE,
            obj=tag,
            changes={"name": [before, tag.name]},
        )
    return tag


@transaction.atomic
def tag_delete(*, tag: ConversationTag, actor: Any) -> None:
    audit_record(
        workspace=tag.workspace,
        actor=actor,
        action=AuditEvent.Action.DELETE,
        obj=tag,
        changes={"name": tag.name, "conversations": tag.conversations.count()},
    )
    tag.delete()


def _check_unique(tag: ConversationTag) -> None:
    if (
        tag.name
        and ConversationTag.objects.filter(workspace_id=tag.workspace_id, name__iexact=tag.name)
        .exclude(pk=tag.pk)
        .exists()
    ):
        raise ValidationError({"name": _("There is already a tag with this name.")})


def tags_setup(*, workspace: Workspace) -> None:
    """The starting tag list, once: only when the workspace has no tags at all (removed ones stay removed)."""
    if ConversationTag.objects.filter(workspace=workspace).exists():
        return
    ConversationTag.objects.bulk_create(
        [ConversationTag(workspace=workspace, name=name) for name in DEFAULT_TAGS], ignore_conflicts=True
    )


def contacts_purge(*, today: datetime.date | None = None) -> dict[Workspace, int]:
    """Clears contact details past their date, per workspace (audited with the count); returns the counts."""
    today = today or timezone.localdate()
    due = Conversation.objects.filter(contact_purge_after__lt=today).filter(
        Q(wants_contact=True) | ~Q(contact="")
    )
    result: dict[Workspace, int] = {}
    for workspace in Workspace.objects.filter(pk__in=due.values("workspace_id")).order_by("pk"):
        with transaction.atomic():
            count = due.filter(workspace=workspace).update(
                contact="", wants_contact=False, contact_purge_after=None, updated_at=timezone.now()
            )
            if count:
                audit_record(
                    workspace=workspace,
                    actor=None,
                    action=AuditEvent.Action.DELETE,
                    object_type="conversation contact",
                    object_repr=f"contact details ({count})",
                    changes={"purged": count, "before": today.isoformat()},
                )
                result[workspace] = count
    return result


# --- Reads --------------------------------------------------------------------------------------

PERIODS = {"30": 30, "90": 90, "365": 365}


@dataclass
class ConversationFilters:
    """The list's filters, parsed leniently (an unknown value is ignored)."""

    q: str = ""
    tag: int | None = None
    age: str = ""
    language: str = ""
    place: int | None = None
    period: str = ""

    @classmethod
    def from_query(cls, params: Any) -> ConversationFilters:
        def number(name: str) -> int | None:
            value = (params.get(name) or "").strip()
            return int(value) if value.isdecimal() and len(value) < 10 else None

        age = (params.get("age") or "").strip()
        period = (params.get("period") or "").strip()
        return cls(
            q=(params.get("q") or "").strip()[:100],
            tag=number("tag"),
            age=age if age in Conversation.AgeBand.values else "",
            language=(params.get("language") or "").strip()[:5],
            place=number("place"),
            period=period if period in PERIODS else "",
        )


def conversations_visible(*, workspace: Workspace, membership: Membership) -> QuerySet[Conversation]:
    """The records this member may read: coordinators all, professionals their organisation's, viewers none."""
    qs = Conversation.objects.filter(workspace=workspace)
    if membership.role == Role.COORDINATOR:
        return qs
    if membership.role == Role.PROFESSIONAL and membership.organisation_id:
        return qs.filter(organisation_id=membership.organisation_id)
    return qs.none()


def conversation_list(
    *, workspace: Workspace, membership: Membership, filters: ConversationFilters
) -> QuerySet[Conversation]:
    qs = conversations_visible(workspace=workspace, membership=membership)
    if filters.tag:
        qs = qs.filter(tags__id=filters.tag)
    if filters.age:
        qs = qs.filter(child_age_band=filters.age)
    if filters.language:
        qs = qs.filter(language=filters.language)
    if filters.place:
        qs = qs.filter(location_id=filters.place)
    if filters.period:
        qs = qs.filter(date__gte=timezone.localdate() - datetime.timedelta(days=PERIODS[filters.period]))
    if filters.q:
        condition = Q()
        for name in THEME_FIELDS:
            condition |= Q(**{f"{name}__icontains": filters.q})
        qs = qs.filter(condition)
    # No DISTINCT: the only join that filters is to one tag, and a record has a tag at most once, so no row
    # repeats; without it the newest page is read along the (workspace, date) index and the count stays cheap.
    return (
        qs.select_related("organisation", "location", "neighbourhood")
        .prefetch_related("tags")
        .order_by("-date", "-id")
    )


def conversation_get(*, workspace: Workspace, membership: Membership, pk: int) -> Conversation:
    """One record this member may read; a record of another organisation is "not found" for a professional."""
    conversation = (
        conversations_visible(workspace=workspace, membership=membership)
        .select_related(
            "organisation", "location", "neighbourhood", "referral_programme", "referral_organisation"
        )
        .prefetch_related("tags")
        .filter(pk=pk)
        .first()
    )
    if conversation is None:
        raise Http404
    return conversation


def tag_list(*, workspace: Workspace) -> QuerySet[ConversationTag]:
    from django.db.models import Count

    return (
        ConversationTag.objects.filter(workspace=workspace)
        .annotate(uses=Count("conversations"))
        .order_by("name")
    )
