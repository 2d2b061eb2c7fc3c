"""Writes for reach: activities (validated, audited, languages as rows), partner tokens and
target-group estimates (entered, or derived from CBS child counts with a share).

Every write checks all rules before saving anything, inside one transaction: bad input raises a
ValidationError with a message per field, and nothing is saved partially.
"""

from __future__ import annotations

import datetime
import hashlib
import secrets
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from ouderpartner.core.audit import audit_record, changed_fields
from ouderpartner.core.languages import PARENT_LANGUAGES
from ouderpartner.core.models import AuditEvent, Membership, Role, Workspace
from ouderpartner.network.models import Neighbourhood, Organisation
from ouderpartner.reach.models import (
    Activity,
    ActivityLanguage,
    ActivitySource,
    PartnerToken,
    TargetGroupEstimate,
)

# A date may lie at most this far ahead (an activity later today in another time zone, a typo of one day).
MAX_DAYS_AHEAD = 1

ACTIVITY_FIELDS = (
    "organisation",
    "location",
    "programme",
    "kind",
    "date",
    "end_date",
    "parents",
    "target_group_parents",
    "first_time_parents",
    "languages",
    "interpreter_used",
    "materials_in_other_languages",
    "description",
    "external_reference",
)
_RELATIONS = {"organisation", "location", "programme"}
_COUNTS = ("parents", "target_group_parents", "first_time_parents")
TOKEN_PREFIX = "opr_"


# --- Access -------------------------------------------------------------------------------------


def activities_visible(*, workspace: Workspace, membership: Membership) -> QuerySet[Activity]:
    """Coordinators and viewers read every activity of the workspace; professionals their organisation's."""
    qs = Activity.objects.filter(workspace=workspace)
    if membership.role in (Role.COORDINATOR, Role.VIEWER):
        return qs
    if membership.role == Role.PROFESSIONAL and membership.organisation_id:
        return qs.filter(organisation_id=membership.organisation_id)
    return qs.none()


def can_record(membership: Membership) -> bool:
    return membership.role == Role.COORDINATOR or (
        membership.role == Role.PROFESSIONAL and bool(membership.organisation_id)
    )


def can_edit_activity(membership: Membership, activity: Activity) -> bool:
    return membership.can_edit_organisation(activity.organisation_id)


def require_record(membership: Membership) -> None:
    if not can_record(membership):
        raise PermissionDenied


# --- Activities ---------------------------------------------------------------------------------


def _district_of(neighbourhood: Neighbourhood | None) -> Neighbourhood | None:
    if neighbourhood is None:
        return None
    if neighbourhood.level == Neighbourhood.Level.DISTRICT:
        return neighbourhood
    return neighbourhood.parent


def _values(activity: Activity) -> dict[str, Any]:
    return {name: getattr(activity, f"{name}_id" if name in _RELATIONS else name) for name in ACTIVITY_FIELDS}


def _apply(activity: Activity, data: dict[str, Any]) -> None:
    unknown = set(data) - set(ACTIVITY_FIELDS)
    if unknown:
        raise TypeError(f"unknown activity fields: {sorted(unknown)}")
    for name, value in data.items():
        if name in ("description", "external_reference"):
            value = (value or "").strip()
        elif name == "languages":
            value = list(dict.fromkeys(value or ()))
        setattr(activity, name, value)


def _validate(activity: Activity, *, preview: bool = False) -> None:
    """All rules at once: one message per field, before anything is written.

    `preview` (the XLSX preview of many lines, whose relations come from the workspace's own querysets)
    skips the database round trips of model validation; saving validates again in full.
    """
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    for name in _COUNTS:
        value = getattr(activity, name)
        if value is not None and not isinstance(value, int):
            add(name, _("Give a whole number."))
        elif value is not None and value < 0:
            add(name, _("A number of parents cannot be negative."))
    if activity.date and activity.date > timezone.localdate() + datetime.timedelta(days=MAX_DAYS_AHEAD):
        add("date", _("The date lies in the future. Record an activity once it has taken place."))
    unknown = [code for code in activity.languages or () if code not in PARENT_LANGUAGES]
    if unknown:
        add("languages", _("Unknown language code(s): %(codes)s.") % {"codes": ", ".join(map(str, unknown))})
    try:
        if preview:
            relations = [*_RELATIONS, "workspace", "external_reference"]
            activity.full_clean(exclude=[*errors, *relations], validate_constraints=False)
        else:
            activity.full_clean(exclude=list(errors))
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)


def _store(activity: Activity) -> None:
    activity.neighbourhood = activity.location.neighbourhood if activity.location_id else None
    activity.district = _district_of(activity.neighbourhood)
    activity.save()
    ActivityLanguage.objects.filter(activity=activity).exclude(language__in=activity.languages).delete()
    existing = set(ActivityLanguage.objects.filter(activity=activity).values_list("language", flat=True))
    ActivityLanguage.objects.bulk_create(
        [
            ActivityLanguage(workspace_id=activity.workspace_id, activity=activity, language=code)
            for code in activity.languages
            if code not in existing
        ]
    )


def _audit_changes(values: dict[str, Any]) -> dict[str, Any]:
    return {k: str(v) for k, v in values.items() if v not in (None, "", [])}


@transaction.atomic
def activity_create(
    *, workspace: Workspace, actor: Any, source: str = ActivitySource.FORM, **data: Any
) -> Activity:
    activity = Activity(
        workspace=workspace,
        source=source,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    _apply(activity, data)
    _validate(activity)
    _store(activity)
    audit_record(
        workspace=workspace,
        actor=actor,
        action=AuditEvent.Action.CREATE,
        obj=activity,
        changes={**_audit_changes(_values(activity)), "source": source},
    )
    return activity


@transaction.atomic
def activity_update(*, activity: Activity, actor: Any, source: str | None = None, **data: Any) -> Activity:
    before = _values(activity)
    _apply(activity, data)
    _validate(activity)
    _store(activity)
    changes = changed_fields(before, _values(activity))
    if changes:
        if source:
            changes["source"] = source
        audit_record(
            workspace=activity.workspace,
            actor=actor,
            action=AuditEvent.Action.CHANGE,
            obj=activity,
            changes=changes,
        )
    return activity


@transaction.atomic
def activity_delete(*, activity: Activity, actor: Any) -> None:
    audit_record(
        workspace=activity.workspace,
        actor=actor,
        action=AuditEvent.Action.DELETE,
        obj=activity,
        changes={
            "organisation": str(activity.organisation),
            "date": str(activity.date),
            "parents": activity.parents,
        },
    )
    activity.delete()


def activity_last(*, workspace: Workspace, actor: Any, organisation: Organisation | None) -> Activity | None:
    """The last activity this user recorded (for their organisation when given): the defaults of a new one."""
    qs = Activity.objects.filter(workspace=workspace, created_by=actor)
    if organisation is not None:
        qs = qs.filter(organisation=organisation)
    return qs.select_related("location", "programme", "organisation").order_by("-created_at", "-id").first()


@transaction.atomic
def activity_repeat(
    *, workspace: Workspace, actor: Any, organisation: Organisation | None, date: datetime.date | None = None
) -> Activity:
    """ "Same as last week": the user's last activity again, dated today, with the same counts."""
    last = activity_last(workspace=workspace, actor=actor, organisation=organisation)
    if last is None:
        raise ValidationError(_("You have not recorded an activity yet, so there is nothing to repeat."))
    data = {name: getattr(last, name) for name in ACTIVITY_FIELDS if name != "external_reference"}
    data["date"] = date or timezone.localdate()
    data["end_date"] = None
    return activity_create(workspace=workspace, actor=actor, **data)


# --- Partner tokens -----------------------------------------------------------------------------


def token_hash(token: str) -> str:
    """Tokens are long random secrets, so a plain SHA-256 suffices (no guessing to slow down)."""
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def partner_token_create(
    *, workspace: Workspace, actor: Any, organisation: Organisation, name: str
) -> tuple[PartnerToken, str]:
    """A new token for one organisation; returns it with the secret, which is shown once and never stored."""
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = PartnerToken(
        workspace=workspace,
        organisation=organisation,
        name=(name or "").strip(),
        prefix=secret[:10],
        token_hash=token_hash(secret),
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    token.full_clean()
    token.save()
    audit_record(
        workspace=workspace,
        actor=actor,
        action=AuditEvent.Action.CREATE,
        obj=token,
        changes={"organisation": str(organisation), "name": token.name},
    )
    return token, secret


@transaction.atomic
def partner_token_revoke(*, token: PartnerToken, actor: Any) -> PartnerToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(
            workspace=token.workspace,
            actor=actor,
            action=AuditEvent.Action.ARCHIVE,
            obj=token,
            changes={"revoked": True},
        )
    return token


def partner_token_authenticate(secret: str) -> PartnerToken | None:
    """The active token with this secret, or None; notes when it was last used (at most once a minute)."""
    if not secret or not secret.startswith(TOKEN_PREFIX):
        return None
    token = (
        PartnerToken.objects.select_related("workspace", "organisation")
        .filter(token_hash=token_hash(secret), revoked_at__isnull=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > datetime.timedelta(minutes=1):
        PartnerToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token


# --- Target-group estimates ---------------------------------------------------------------------

# From the CBS count of children aged 0-14 (15 year groups): toddlers of 2.5-4 are 1.5 year groups,
# primary-school children of 4-12 are 8 year groups. The share is the coordinator's estimate of the
# part of those children in the target group (e.g. the GGD indication rate of the neighbourhood).
TODDLER_YEARS = Decimal("1.5")
CHILD_YEARS = Decimal("8")
CBS_YEAR_GROUPS = Decimal("15")


def _rounded(value: Decimal) -> int:
    return int(value.quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def estimate_from_cbs(neighbourhood: Neighbourhood, share_percent: Decimal) -> tuple[int, int] | None:
    """(toddlers, children) in the target group, from the neighbourhood's CBS child count; None without one."""
    if neighbourhood.children_0_14 is None:
        return None
    per_year = Decimal(neighbourhood.children_0_14) / CBS_YEAR_GROUPS
    share = Decimal(share_percent) / 100
    return _rounded(per_year * TODDLER_YEARS * share), _rounded(per_year * CHILD_YEARS * share)


@transaction.atomic
def estimate_save(
    *,
    workspace: Workspace,
    actor: Any,
    neighbourhood: Neighbourhood,
    year: int,
    target_group_toddlers: int,
    target_group_children: int = 0,
    source_note: str = "",
    source: str = TargetGroupEstimate.Source.ENTERED,
    share_percent: Decimal | None = None,
) -> TargetGroupEstimate:
    """Enter (or replace) the estimate of one neighbourhood and year; audited with old and new figures."""
    estimate = TargetGroupEstimate.objects.filter(
        workspace=workspace, neighbourhood=neighbourhood, year=year
    ).first()
    before = _estimate_values(estimate) if estimate else {}
    if estimate is None:
        estimate = TargetGroupEstimate(
            workspace=workspace,
            neighbourhood=neighbourhood,
            year=year,
            created_by=actor if getattr(actor, "pk", None) else None,
        )
    estimate.target_group_toddlers = target_group_toddlers
    estimate.target_group_children = target_group_children
    estimate.source = source
    estimate.share_percent = share_percent if source == TargetGroupEstimate.Source.CBS_SHARE else None
    estimate.source_note = (source_note or "").strip()
    for name in ("target_group_toddlers", "target_group_children"):
        value = getattr(estimate, name)
        if value is not None and value < 0:
            raise ValidationError({name: _("A number of children cannot be negative.")})
    estimate.full_clean()
    estimate.save()
    changes = changed_fields(before, _estimate_values(estimate))
    if changes:
        audit_record(
            workspace=workspace,
            actor=actor,
            action=AuditEvent.Action.CHANGE if before else AuditEvent.Action.CREATE,
            obj=estimate,
            changes=changes,
        )
    return estimate


def _estimate_values(estimate: TargetGroupEstimate) -> dict[str, Any]:
    return {
        "target_group_toddlers": estimate.target_group_toddlers,
        "target_group_children": estimate.target_group_children,
        "source": estimate.source,
        "share_percent": estimate.share_percent,
        "source_note": estimate.source_note,
    }


@transaction.atomic
def estimates_derive(
    *,
    workspace: Workspace,
    actor: Any,
    year: int,
    share_percent: Decimal,
    neighbourhoods: Iterable[Neighbourhood] | None = None,
    replace_entered: bool = False,
) -> list[TargetGroupEstimate]:
    """Estimates for many neighbourhoods from their CBS child counts times one share; the source is recorded.

    Estimates entered by hand are kept unless `replace_entered`; neighbourhoods without a CBS child count
    are skipped.
    """
    share = Decimal(str(share_percent))
    if not (Decimal(0) <= share <= Decimal(100)):
        raise ValidationError({"share_percent": _("Give a share between 0 and 100%.")})
    if neighbourhoods is None:
        neighbourhoods = Neighbourhood.objects.filter(workspace=workspace, children_0_14__isnull=False)
    entered = set(
        TargetGroupEstimate.objects.filter(
            workspace=workspace, year=year, source=TargetGroupEstimate.Source.ENTERED
        ).values_list("neighbourhood_id", flat=True)
    )
    saved = []
    for neighbourhood in neighbourhoods:
        if neighbourhood.workspace_id != workspace.pk:
            raise ValidationError({"neighbourhood": _("This neighbourhood is not in the workspace.")})
        figures = estimate_from_cbs(neighbourhood, share)
        if figures is None or (neighbourhood.pk in entered and not replace_entered):
            continue
        note = _("CBS children aged 0-14 (%(year)s) × %(share)s%%") % {
            "year": neighbourhood.year or "?",
            "share": f"{share.normalize():f}",
        }
        saved.append(
            estimate_save(
                workspace=workspace,
                actor=actor,
                neighbourhood=neighbourhood,
                year=year,
                target_group_toddlers=figures[0],
                target_group_children=figures[1],
                source=TargetGroupEstimate.Source.CBS_SHARE,
                share_percent=share,
                source_note=str(note),
            )
        )
    return saved


@transaction.atomic
def estimate_delete(*, estimate: TargetGroupEstimate, actor: Any) -> None:
    audit_record(
        workspace=estimate.workspace,
        actor=actor,
        action=AuditEvent.Action.DELETE,
        obj=estimate,
        changes=_estimate_values(estimate) | {"share_percent": str(estimate.share_percent)},
    )
    estimate.delete()
