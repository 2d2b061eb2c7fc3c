"""Reach indicators for the policy capability: single published figures, one query each.

A policy goal can name one of these (by its key in INDICATORS) and show its live value. Every value is
published through ouderpartner.stats with the workspace's k, exactly as on the dashboard. Counts of
parents are contacts: a parent at three activities counts three times (see selectors.py).

    from ouderpartner.reach.indicators import Period, target_group_parents_reached
    target_group_parents_reached(workspace, Period.school_year(2025), neighbourhood=district)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import BigIntegerField, Count, F, Q, Sum
from django.db.models.functions import Cast, Coalesce
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from ouderpartner.core.models import Workspace
from ouderpartner.network.models import Location, Neighbourhood
from ouderpartner.reach import summary
from ouderpartner.reach.models import Activity, ReachSummary, TargetGroupEstimate
from ouderpartner.reach.selectors import Period
from ouderpartner.stats import (
    PublishedCount,
    PublishedPercentage,
    effective_threshold,
    publish_count,
    publish_percentage,
)

__all__ = [
    "INDICATORS",
    "Indicator",
    "Period",
    "activities_count",
    "first_time_parents",
    "parents_reached",
    "share_of_trusted_places_with_activity",
    "target_group_parents_reached",
    "target_group_reach_rate",
]


def _activities(workspace: Workspace, period: Period, neighbourhood: Neighbourhood | None) -> Any:
    activities = Activity.objects.filter(workspace=workspace).filter(period.q())
    if neighbourhood is not None:
        _check(workspace, neighbourhood)
        # A district counts its own activities and those of its areas (stored on each activity).
        activities = activities.filter(Q(neighbourhood=neighbourhood) | Q(district=neighbourhood))
    return activities


def _check(workspace: Workspace, neighbourhood: Neighbourhood) -> None:
    if neighbourhood.workspace_id != workspace.pk:
        raise ValueError("The neighbourhood is not in this workspace.")


def _summary_rows(
    workspace: Workspace, period: Period, neighbourhood: Neighbourhood | None, *, dimension: str = "area"
) -> Any:
    """The summary rows of whole months that hold the period's activities, or None when the period has
    loose days (then the activities are counted themselves). Each activity is in one "area" row."""
    parts = summary.split(period.start, period.end)
    if parts.loose or not parts.whole_months:
        return None
    rows = ReachSummary.objects.filter(workspace_pk=workspace.pk, scope="", dimension=dimension).filter(
        summary.months_q(parts.first_month, parts.last_month)
    )
    if neighbourhood is not None:
        _check(workspace, neighbourhood)
        rows = rows.filter(Q(key=str(neighbourhood.pk)) | Q(district=neighbourhood.pk))
    return rows


def _sum(workspace: Workspace, period: Period, neighbourhood: Neighbourhood | None, field: str) -> int:
    rows = _summary_rows(workspace, period, neighbourhood)
    if rows is not None:
        return rows.aggregate(n=Coalesce(Sum(field), 0))["n"]
    if field == "activities":
        return _activities(workspace, period, neighbourhood).aggregate(n=Count("id"))["n"]
    return _activities(workspace, period, neighbourhood).aggregate(n=Coalesce(Sum(field), 0))["n"]


def target_group_parents_reached(
    workspace: Workspace, period: Period, neighbourhood: Neighbourhood | None = None
) -> PublishedCount:
    """Target-group parents at activities in the period (contacts), in one neighbourhood or district."""
    n = _sum(workspace, period, neighbourhood, "target_group_parents")
    return publish_count(n, k=workspace.disclosure_threshold)


def parents_reached(
    workspace: Workspace, period: Period, neighbourhood: Neighbourhood | None = None
) -> PublishedCount:
    """All parents at activities in the period (contacts)."""
    return publish_count(_sum(workspace, period, neighbourhood, "parents"), k=workspace.disclosure_threshold)


def first_time_parents(
    workspace: Workspace, period: Period, neighbourhood: Neighbourhood | None = None
) -> PublishedCount:
    """Parents who came for the first time: the nearest to "new parents reached"."""
    n = _sum(workspace, period, neighbourhood, "first_time_parents")
    return publish_count(n, k=workspace.disclosure_threshold)


def activities_count(
    workspace: Workspace, period: Period, neighbourhood: Neighbourhood | None = None
) -> PublishedCount:
    """Activities recorded in the period (published like a count, so a handful is not spelled out)."""
    n = _sum(workspace, period, neighbourhood, "activities")
    return publish_count(n, k=workspace.disclosure_threshold)


def target_group_reach_rate(
    workspace: Workspace, year: int, neighbourhood: Neighbourhood | None = None
) -> PublishedPercentage:
    """Target-group parent contacts in a calendar year per estimated target-group child (toddlers and
    children) of that year's estimate, as a whole percentage. Can exceed 100%: contacts, not people.

    Without an estimate the value is None (not applicable). Two queries.
    """
    k = effective_threshold(workspace.disclosure_threshold)
    estimates = TargetGroupEstimate.objects.filter(workspace=workspace, year=year)
    if neighbourhood is not None:
        own = estimates.filter(neighbourhood=neighbourhood)
        areas = estimates.filter(neighbourhood__parent=neighbourhood)
        row = estimates.aggregate(
            own=Sum(
                F("target_group_toddlers") + F("target_group_children"),
                filter=Q(pk__in=own.values("pk")),
            ),
            areas=Sum(
                F("target_group_toddlers") + F("target_group_children"),
                filter=Q(pk__in=areas.values("pk")),
            ),
        )
        denominator = row["own"] if row["own"] is not None else (row["areas"] or 0)
    else:
        # The whole workspace: area estimates, plus districts that have their own and no areas.
        row = estimates.aggregate(
            areas=Coalesce(
                Sum(
                    F("target_group_toddlers") + F("target_group_children"),
                    filter=~Q(neighbourhood__level=Neighbourhood.Level.DISTRICT),
                ),
                0,
            ),
            districts_without_areas=Coalesce(
                Sum(
                    F("target_group_toddlers") + F("target_group_children"),
                    filter=Q(neighbourhood__level=Neighbourhood.Level.DISTRICT)
                    & ~Q(
                        neighbourhood_id__in=estimates.filter(neighbourhood__parent__isnull=False).values(
                            "neighbourhood__parent_id"
                        )
                    ),
                ),
                0,
            ),
        )
        denominator = row["areas"] + row["districts_without_areas"]
    if not denominator:
        return PublishedPercentage(value=None, suppressed=False, threshold=k)
    reached = target_group_parents_reached(workspace, Period.year(year), neighbourhood)
    if reached.suppressed:
        # rate × estimate would give the hidden count away
        return PublishedPercentage(value=None, suppressed=True, threshold=k)
    n = _sum(workspace, Period.year(year), neighbourhood, "target_group_parents")
    return publish_percentage(n, denominator, k=k)


def share_of_trusted_places_with_activity(workspace: Workspace, period: Period) -> PublishedPercentage:
    """Share of the workspace's (not archived) trusted places with at least one activity in the period.

    This counts places, not parents, so no threshold applies (DISCLOSURE.md is about people): the value
    is a whole percentage, None when the workspace has no trusted places. One query.
    """
    k = effective_threshold(workspace.disclosure_threshold)
    rows = _summary_rows(workspace, period, None, dimension="place")
    if rows is not None:
        with_activity = rows.values(place=Cast("key", BigIntegerField()))
    else:
        with_activity = Activity.objects.filter(workspace=workspace).filter(period.q()).values("location_id")
    row = Location.objects.filter(
        workspace=workspace, is_trusted_place=True, archived_at__isnull=True
    ).aggregate(places=Count("id"), active=Count("id", filter=Q(pk__in=with_activity)))
    if not row["places"]:
        return PublishedPercentage(value=None, suppressed=False, threshold=k)
    value = (200 * row["active"] + row["places"]) // (2 * row["places"])
    return PublishedPercentage(value=value, suppressed=False, threshold=k)


@dataclass(frozen=True)
class Indicator:
    """An indicator the policy capability can offer: a label, its unit and the function that reads it."""

    key: str
    label: Promise
    unit: Promise
    read: Callable[..., PublishedCount | PublishedPercentage]


INDICATORS: dict[str, Indicator] = {
    indicator.key: indicator
    for indicator in (
        Indicator(
            "target_group_parents_reached",
            _("Target-group parents reached (contacts)"),
            _("parents"),
            target_group_parents_reached,
        ),
        Indicator("parents_reached", _("Parents reached (contacts)"), _("parents"), parents_reached),
        Indicator(
            "first_time_parents", _("Parents who came for the first time"), _("parents"), first_time_parents
        ),
        Indicator("activities_count", _("Activities for parents"), _("activities"), activities_count),
        Indicator(
            "target_group_reach_rate",
            _("Target-group contacts per estimated target-group child"),
            _("%"),
            target_group_reach_rate,
        ),
        Indicator(
            "share_of_trusted_places_with_activity",
            _("Trusted places with an activity"),
            _("%"),
            share_of_trusted_places_with_activity,
        ),
    )
}
