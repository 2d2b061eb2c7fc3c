"""Distributions: a published questionnaire at a trusted place, with its short link and QR code."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import segno
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from ouderpartner.core.audit import audit_record
from ouderpartner.core.models import AuditEvent, Membership, Role, Workspace
from ouderpartner.network.models import Location
from ouderpartner.programmes.models import Programme
from ouderpartner.voice.models import Distribution, Questionnaire

OPEN, NOT_YET_OPEN, CLOSED = "open", "not_yet_open", "closed"


# --- selectors ---------------------------------------------------------------------------------


def distribution_list(*, workspace: Workspace) -> QuerySet[Distribution]:
    return Distribution.objects.filter(workspace=workspace).select_related(
        "questionnaire", "location", "location__organisation", "programme"
    )


def distribution_locations(*, workspace: Workspace, membership: Membership) -> QuerySet[Location]:
    """The trusted places this member may publish at: any for coordinators, their own for professionals."""
    places = Location.objects.filter(
        workspace=workspace, is_trusted_place=True, archived_at__isnull=True
    ).select_related("organisation")
    if membership.role == Role.COORDINATOR:
        return places.order_by("name")
    if membership.role == Role.PROFESSIONAL and membership.organisation_id:
        return places.filter(organisation_id=membership.organisation_id).order_by("name")
    return places.none()


def distribution_questionnaires(*, workspace: Workspace) -> QuerySet[Questionnaire]:
    return Questionnaire.objects.filter(workspace=workspace, status=Questionnaire.Status.PUBLISHED)


def distribution_programmes(*, workspace: Workspace) -> QuerySet[Programme]:
    return Programme.objects.filter(workspace=workspace, archived_at__isnull=True).order_by("name")


def can_create_distributions(membership: Membership) -> bool:
    return membership.role == Role.COORDINATOR or (
        membership.role == Role.PROFESSIONAL and bool(membership.organisation_id)
    )


def can_manage_distribution(membership: Membership, distribution: Distribution) -> bool:
    """Coordinators manage every distribution; professionals those at their own organisation's places."""
    if membership.role == Role.COORDINATOR:
        return True
    return (
        membership.role == Role.PROFESSIONAL
        and membership.organisation_id is not None
        and distribution.location.organisation_id == membership.organisation_id
    )


def distribution_state(distribution: Distribution, *, now: datetime | None = None) -> str:
    now = now or timezone.now()
    if distribution.opens_at and now < distribution.opens_at:
        return NOT_YET_OPEN
    if distribution.closes_at and now >= distribution.closes_at:
        return CLOSED
    if distribution.questionnaire.status != Questionnaire.Status.PUBLISHED:
        return CLOSED
    return OPEN


def distribution_link(distribution: Distribution) -> str:
    return f"{settings.SITE_URL}/q/{distribution.code}/"


def distribution_qr(distribution: Distribution) -> segno.QRCode:
    return segno.make(distribution_link(distribution), error="m")


def distribution_qr_svg_inline(distribution: Distribution, *, scale: int = 6) -> str:
    return distribution_qr(distribution).svg_inline(scale=scale, omitsize=False)


def distribution_qr_svg_file(distribution: Distribution, *, scale: int = 10) -> str:
    """A standalone SVG document for printing (with XML declaration and namespace)."""
    import io

    buffer = io.BytesIO()
    distribution_qr(distribution).save(buffer, kind="svg", scale=scale, title=distribution_link(distribution))
    return buffer.getvalue().decode()


# --- services ----------------------------------------------------------------------------------


def _check_may_manage(membership: Membership, distribution: Distribution) -> None:
    if not can_manage_distribution(membership, distribution):
        raise PermissionDenied


@transaction.atomic
def distribution_create(
    *,
    workspace: Workspace,
    membership: Membership,
    questionnaire: Questionnaire,
    location: Location,
    programme: Programme | None = None,
    opens_at: datetime | None = None,
    closes_at: datetime | None = None,
) -> Distribution:
    if not can_create_distributions(membership):
        raise PermissionDenied
    errors: dict[str, Any] = {}
    if questionnaire.workspace_id != workspace.pk or questionnaire.status != Questionnaire.Status.PUBLISHED:
        errors["questionnaire"] = _("Choose a published questionnaire.")
    if not distribution_locations(workspace=workspace, membership=membership).filter(pk=location.pk).exists():
        errors["location"] = _("Choose a trusted place you may publish at.")
    if errors:
        raise ValidationError(errors)
    distribution = Distribution(
        workspace=workspace,
        questionnaire=questionnaire,
        location=location,
        programme=programme,
        opens_at=opens_at,
        closes_at=closes_at,
    )
    distribution.full_clean()
    distribution.save()
    audit_record(
        workspace=workspace,
        actor=membership.user,
        action=AuditEvent.Action.CREATE,
        obj=distribution,
        changes={"code": distribution.code, "location": location.name},
    )
    return distribution


@transaction.atomic
def distribution_close(*, distribution: Distribution, membership: Membership) -> Distribution:
    _check_may_manage(membership, distribution)
    now = timezone.now()
    before = distribution.closes_at
    if distribution.opens_at and distribution.opens_at >= now:
        distribution.opens_at = None
    distribution.closes_at = now
    distribution.full_clean()
    distribution.save(update_fields=["opens_at", "closes_at"])
    audit_record(
        workspace=distribution.workspace,
        actor=membership.user,
        action=AuditEvent.Action.CHANGE,
        obj=distribution,
        changes={"closes_at": [str(before or ""), str(now)]},
    )
    return distribution


@transaction.atomic
def distribution_reopen(*, distribution: Distribution, membership: Membership) -> Distribution:
    _check_may_manage(membership, distribution)
    before = distribution.closes_at
    distribution.closes_at = None
    if distribution.opens_at and distribution.opens_at > timezone.now():
        distribution.opens_at = None
    distribution.full_clean()
    distribution.save(update_fields=["opens_at", "closes_at"])
    audit_record(
        workspace=distribution.workspace,
        actor=membership.user,
        action=AuditEvent.Action.CHANGE,
        obj=distribution,
        changes={"closes_at": [str(before or ""), ""]},
    )
    return distribution
