"""Reads of the network; every selector takes the workspace first."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from ouderpartner.core.models import Membership, Workspace
from ouderpartner.network.models import (
    ContactPerson,
    Location,
    Neighbourhood,
    Organisation,
    Partnership,
)


def network_summary(*, workspace: Workspace) -> dict[str, int]:
    """Counts for the home dashboard, in four queries."""
    organisations = Organisation.objects.filter(workspace=workspace, archived_at__isnull=True).aggregate(
        partners=Count("id")
    )
    locations = Location.objects.filter(workspace=workspace, archived_at__isnull=True).aggregate(
        locations=Count("id"),
        trusted_places=Count("id", filter=Q(is_trusted_place=True)),
        without_neighbourhood=Count("id", filter=Q(neighbourhood__isnull=True)),
    )
    neighbourhoods = Neighbourhood.objects.filter(workspace=workspace).aggregate(
        districts=Count("id", filter=Q(level=Neighbourhood.Level.DISTRICT)),
        areas=Count("id", filter=Q(level=Neighbourhood.Level.AREA)),
    )
    neighbourhoods["partnerships"] = Partnership.objects.filter(
        workspace=workspace, archived_at__isnull=True
    ).count()
    return {**organisations, **locations, **neighbourhoods}


def organisations_for(*, workspace: Workspace, include_archived: bool = False) -> QuerySet[Organisation]:
    qs = Organisation.objects.filter(workspace=workspace)
    return qs if include_archived else qs.filter(archived_at__isnull=True)


# --- Filters shared by the lists ------------------------------------------------------------------


@dataclass
class ListFilters:
    """What the user asked a list for; parsed leniently from the query string (bad values are ignored)."""

    q: str = ""
    kind: str = ""
    neighbourhood: str = ""
    trusted: str = ""
    archived: bool = False
    status: str = ""
    organisation: str = ""
    district: str = ""
    sort: str = ""
    extra: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_query(cls, params: object) -> ListFilters:
        get = params.get  # type: ignore[attr-defined]
        return cls(
            q=(get("q") or "").strip()[:100],
            kind=(get("kind") or "").strip(),
            neighbourhood=(get("neighbourhood") or "").strip()[:10],
            trusted=(get("trusted") or "").strip(),
            archived=get("archived") == "1",
            status=(get("status") or "").strip(),
            organisation=(get("organisation") or "").strip(),
            district=(get("district") or "").strip()[:10],
            sort=(get("sort") or "").strip(),
        )


def _neighbourhood_q(code: str, prefix: str = "") -> Q | None:
    """Locations in a neighbourhood given by CBS code (a district includes its areas); 'none' = unlinked."""
    if code == "none":
        return Q(**{f"{prefix}neighbourhood__isnull": True})
    if not code:
        return None
    return Q(**{f"{prefix}neighbourhood__code": code}) | Q(**{f"{prefix}neighbourhood__parent__code": code})


def _sorted(
    qs: QuerySet, sort: str, allowed: dict[str, tuple[str, ...]], default: str
) -> tuple[QuerySet, str]:
    key = sort.lstrip("-")
    if key not in allowed:
        sort, key = default, default.lstrip("-")
    fields = allowed[key]
    if sort.startswith("-"):
        fields = tuple(f[1:] if f.startswith("-") else f"-{f}" for f in fields)
    return qs.order_by(*fields, "pk"), sort


ORGANISATION_SORTS = {"name": ("name",), "kind": ("kind", "name"), "locations": ("location_count", "name")}
LOCATION_SORTS = {
    "name": ("name",),
    "organisation": ("organisation__name", "name"),
    "neighbourhood": ("neighbourhood__name", "name"),
    "postcode": ("postcode", "name"),
}
PARTNERSHIP_SORTS = {"name": ("name",), "kind": ("kind", "name"), "start": ("start_date", "name")}


def organisation_list(*, workspace: Workspace, filters: ListFilters) -> tuple[QuerySet[Organisation], str]:
    """Organisations matching the filters, with their number of (active) locations, and the sort used."""
    qs = Organisation.objects.filter(workspace=workspace)
    qs = qs.filter(archived_at__isnull=False) if filters.archived else qs.filter(archived_at__isnull=True)
    if filters.q:
        qs = qs.filter(
            Q(name__icontains=filters.q) | Q(brin__iexact=filters.q) | Q(lrk_number__icontains=filters.q)
        )
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    in_neighbourhood = _neighbourhood_q(filters.neighbourhood)
    if in_neighbourhood is not None:
        located = Location.objects.filter(in_neighbourhood, workspace=workspace, archived_at__isnull=True)
        qs = qs.filter(id__in=located.values("organisation_id"))
    qs = qs.annotate(location_count=Count("locations", filter=Q(locations__archived_at__isnull=True)))
    return _sorted(qs, filters.sort, ORGANISATION_SORTS, "name")


def organisation_detail(*, workspace: Workspace, pk: int) -> Organisation:
    """One organisation with contacts, locations, partnerships and members prefetched (404 elsewhere)."""
    qs = Organisation.objects.filter(workspace=workspace).prefetch_related(
        Prefetch("contacts", queryset=ContactPerson.objects.order_by("name")),
        Prefetch(
            "locations",
            queryset=Location.objects.select_related("neighbourhood").order_by("archived_at", "name"),
        ),
        Prefetch(
            "partnerships",
            queryset=Partnership.objects.filter(workspace=workspace).prefetch_related("organisations"),
        ),
        Prefetch(
            "memberships",
            queryset=Membership.objects.filter(workspace=workspace)
            .select_related("user")
            .order_by("user__name"),
        ),
    )
    return get_object_or_404(qs, pk=pk)


def location_list(*, workspace: Workspace, filters: ListFilters) -> tuple[QuerySet[Location], str]:
    qs = Location.objects.filter(workspace=workspace).select_related(
        "organisation", "neighbourhood", "neighbourhood__parent"
    )
    qs = qs.filter(archived_at__isnull=False) if filters.archived else qs.filter(archived_at__isnull=True)
    if filters.q:
        compact = filters.q.replace(" ", "").upper()
        qs = qs.filter(
            Q(name__icontains=filters.q)
            | Q(organisation__name__icontains=filters.q)
            | Q(street__icontains=filters.q)
            | Q(branch_code__iexact=filters.q)
            | Q(postcode__iexact=f"{compact[:4]} {compact[4:]}" if len(compact) == 6 else filters.q)
        )
    if filters.kind:
        qs = qs.filter(organisation__kind=filters.kind)
    in_neighbourhood = _neighbourhood_q(filters.neighbourhood)
    if in_neighbourhood is not None:
        qs = qs.filter(in_neighbourhood)
    if filters.trusted == "1":
        qs = qs.filter(is_trusted_place=True)
    elif filters.trusted == "0":
        qs = qs.filter(is_trusted_place=False)
    return _sorted(qs, filters.sort, LOCATION_SORTS, "name")


def location_detail(*, workspace: Workspace, pk: int) -> Location:
    qs = Location.objects.filter(workspace=workspace).select_related(
        "organisation", "neighbourhood", "neighbourhood__parent"
    )
    return get_object_or_404(qs, pk=pk)


def map_locations(*, workspace: Workspace, neighbourhood: Neighbourhood | None = None) -> list[Location]:
    qs = Location.objects.filter(workspace=workspace, archived_at__isnull=True).select_related(
        "organisation", "neighbourhood"
    )
    if neighbourhood is not None:
        qs = qs.filter(Q(neighbourhood=neighbourhood) | Q(neighbourhood__parent=neighbourhood))
    return list(qs.order_by("name", "pk")[:2000])


def districts(*, workspace: Workspace) -> QuerySet[Neighbourhood]:
    return Neighbourhood.objects.filter(workspace=workspace, level=Neighbourhood.Level.DISTRICT).order_by(
        "code"
    )


def neighbourhood_areas(*, workspace: Workspace) -> QuerySet[Neighbourhood]:
    return (
        Neighbourhood.objects.filter(workspace=workspace, level=Neighbourhood.Level.AREA)
        .select_related("parent")
        .order_by("name")
    )


def _with_place_counts(qs: QuerySet[Neighbourhood]) -> QuerySet[Neighbourhood]:
    active = Q(locations__archived_at__isnull=True)
    return qs.annotate(
        location_count=Count("locations", filter=active),
        trusted_count=Count("locations", filter=active & Q(locations__is_trusted_place=True)),
    )


@dataclass
class DistrictRow:
    district: Neighbourhood | None
    areas: list[Neighbourhood]
    location_count: int = 0
    trusted_count: int = 0


def neighbourhood_overview(*, workspace: Workspace, district: str = "") -> list[DistrictRow]:
    """Districts with their areas and the number of locations and trusted places in each (two queries).

    A district's counts include the locations linked to the district itself and to its areas.
    Areas without a district come last, under `district=None`.
    """
    district_qs = _with_place_counts(districts(workspace=workspace))
    area_qs = _with_place_counts(
        Neighbourhood.objects.filter(workspace=workspace, level=Neighbourhood.Level.AREA)
    ).order_by("code")
    if district:
        district_qs = district_qs.filter(code=district)
        area_qs = area_qs.filter(parent__code=district)
    rows = {d.pk: DistrictRow(d, [], d.location_count, d.trusted_count) for d in district_qs}
    orphans = DistrictRow(None, [])
    for area in area_qs:
        row = rows.get(area.parent_id, orphans)
        row.areas.append(area)
        row.location_count += area.location_count
        row.trusted_count += area.trusted_count
    result = list(rows.values())
    if orphans.areas:
        result.append(orphans)
    return result


def neighbourhood_detail(*, workspace: Workspace, pk: int) -> Neighbourhood:
    qs = Neighbourhood.objects.filter(workspace=workspace).select_related("parent")
    qs = qs.prefetch_related(
        Prefetch("children", queryset=_with_place_counts(Neighbourhood.objects.order_by("code")))
    )
    return get_object_or_404(qs, pk=pk)


def organisations_in_neighbourhood(
    *, workspace: Workspace, neighbourhood: Neighbourhood
) -> list[Organisation]:
    located = Location.objects.filter(
        Q(neighbourhood=neighbourhood) | Q(neighbourhood__parent=neighbourhood),
        workspace=workspace,
        archived_at__isnull=True,
    )
    return list(
        Organisation.objects.filter(
            workspace=workspace, archived_at__isnull=True, id__in=located.values("organisation_id")
        ).order_by("name")[:500]
    )


def partnership_list(*, workspace: Workspace, filters: ListFilters) -> tuple[QuerySet[Partnership], str]:
    qs = Partnership.objects.filter(workspace=workspace).prefetch_related(
        Prefetch("organisations", queryset=Organisation.objects.order_by("name"))
    )
    qs = qs.filter(archived_at__isnull=False) if filters.archived else qs.filter(archived_at__isnull=True)
    if filters.q:
        qs = qs.filter(Q(name__icontains=filters.q) | Q(agreements__icontains=filters.q))
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.organisation.isdecimal():
        qs = qs.filter(organisations__id=int(filters.organisation))
    today = timezone.localdate()
    if filters.status == "active":
        qs = qs.filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
    elif filters.status == "ended":
        qs = qs.filter(end_date__lt=today)
    return _sorted(qs.distinct(), filters.sort, PARTNERSHIP_SORTS, "name")


def partnership_detail(*, workspace: Workspace, pk: int) -> Partnership:
    qs = Partnership.objects.filter(workspace=workspace).prefetch_related(
        Prefetch("organisations", queryset=Organisation.objects.order_by("name"))
    )
    return get_object_or_404(qs, pk=pk)


def partnership_is_active(partnership: Partnership, today: dt.date | None = None) -> bool:
    today = today or timezone.localdate()
    return partnership.end_date is None or partnership.end_date >= today
