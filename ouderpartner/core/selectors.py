"""Reads for workspace management: members, open invitations and the audit trail; workspace first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.apps import apps
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ouderpartner.accounts.models import Invitation
from ouderpartner.core.models import AuditEvent, Membership, Workspace

AUDIT_PERIODS: dict[str, tuple[Any, int]] = {
    "day": (_("Last 24 hours"), 1),
    "week": (_("Last 7 days"), 7),
    "month": (_("Last 30 days"), 30),
    "year": (_("Last year"), 365),
}


def member_list(*, workspace: Workspace) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(workspace=workspace)
        .select_related("user", "organisation")
        .order_by("user__name", "user__email")
    )


def open_invitation_list(*, workspace: Workspace) -> QuerySet[Invitation]:
    """Invitations not accepted or revoked (expired ones too: they can be sent again)."""
    return (
        Invitation.objects.filter(workspace=workspace, accepted_at__isnull=True, revoked_at__isnull=True)
        .select_related("organisation", "invited_by")
        .order_by("-created_at")
    )


@dataclass(frozen=True)
class AuditFilters:
    action: str = ""
    object_type: str = ""
    person: str = ""
    period: str = ""

    @classmethod
    def from_query(cls, params: Any) -> AuditFilters:
        """Read filters from GET parameters, dropping values that are not valid."""
        action = params.get("action", "")
        period = params.get("period", "")
        person = params.get("person", "")
        return cls(
            action=action if action in AuditEvent.Action.values else "",
            object_type=params.get("type", "")[:60],
            person=person if person.isdecimal() else "",
            period=period if period in AUDIT_PERIODS else "",
        )

    def as_dict(self) -> dict[str, str]:
        return {key: value for key, value in self.__dict__.items() if value}


def audit_event_list(*, workspace: Workspace, filters: AuditFilters | None = None) -> QuerySet[AuditEvent]:
    events = AuditEvent.objects.filter(workspace=workspace)
    if filters:
        if filters.action:
            events = events.filter(action=filters.action)
        if filters.object_type:
            events = events.filter(object_type=filters.object_type)
        if filters.person:
            events = events.filter(actor_id=int(filters.person))
        if filters.period:
            events = events.filter(
                created_at__gte=timezone.now() - timedelta(days=AUDIT_PERIODS[filters.period][1])
            )
    return events.order_by("-created_at", "-id")


def object_type_label(object_type: str) -> str:
    """The (translated) name of a kind of object, from the model's verbose name where there is one."""
    if object_type.startswith("retention:"):
        from ouderpartner.core.retention import LABELS

        label = LABELS.get(object_type.removeprefix("retention:"))
        if label is not None:
            return str(label)
    for model in apps.get_models():
        if model._meta.model_name == object_type:
            return str(model._meta.verbose_name)
    return object_type


def audit_filter_options(*, workspace: Workspace) -> dict[str, list[tuple[str, str]]]:
    """The kinds of object and the people that occur in the workspace's trail (two queries)."""
    events = AuditEvent.objects.filter(workspace=workspace)
    types = sorted(set(events.values_list("object_type", flat=True).distinct()))
    people = sorted(
        {
            (str(actor_id), email)
            for actor_id, email in events.filter(actor__isnull=False)
            .values_list("actor_id", "actor_email")
            .distinct()
        },
        key=lambda pair: pair[1],
    )
    return {
        "types": [(value, object_type_label(value)) for value in types if value],
        "people": people,
    }
