"""Reads of programmes, offerings, policy domains and transitions; each takes the workspace first."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from ouderpartner.core.models import Workspace
from ouderpartner.network.models import Location, Neighbourhood, Organisation, Partnership
from ouderpartner.programmes import catalogue
from ouderpartner.programmes.models import Offering, PolicyDomain, Programme, Transition
from ouderpartner.programmes.setup import programmes_setup

# Age bands for the list filter: key, from month (inclusive), to month (exclusive)
AGE_BANDS: list[tuple[str, int, int]] = [
    ("0-2", 0, 24),
    ("2-4", 24, 48),
    ("4-12", 48, 144),
    ("12-18", 144, 216),
    ("18-21", 216, 253),
]
PROGRAMME_SORTS = {
    "name": ("name",),
    "kind": ("kind", "name"),
    "age": ("age_from_months", "age_to_months", "name"),
    "offerings": ("offering_count", "name"),
}


def ensure_setup(*, workspace: Workspace) -> None:
    """Create the fixed domains and transitions on first use; one query when they are already there."""
    builtin = (
        PolicyDomain.objects.filter(workspace=workspace, key__in=PolicyDomain.Builtin.values)
        .values("key")
        .order_by()
    )
    transitions = Transition.objects.filter(workspace=workspace).values("key").order_by()
    if builtin.union(transitions).count() < len(PolicyDomain.Builtin.values) + len(Transition.Builtin.values):
        programmes_setup(workspace=workspace)


@dataclass
class ProgrammeFilters:
    """What the user asked the programme list for; bad values are ignored."""

    q: str = ""
    domain: str = ""
    audience: str = ""
    kind: str = ""
    age: str = ""
    approach: str = ""
    archived: bool = False
    sort: str = ""

    @classmethod
    def from_query(cls, params: object) -> ProgrammeFilters:
        get = params.get  # type: ignore[attr-defined]
        return cls(
            q=(get("q") or "").strip()[:100],
            domain=(get("domain") or "").strip()[:40],
            audience=(get("audience") or "").strip()[:30],
            kind=(get("kind") or "").strip()[:20],
            age=(get("age") or "").strip()[:10],
            approach=(get("approach") or "").strip()[:30],
            archived=get("archived") == "1",
            sort=(get("sort") or "").strip()[:20],
        )


def _sorted(
    qs: QuerySet, sort: str, allowed: dict[str, tuple[str, ...]], default: str
) -> tuple[QuerySet, str]:
    key = sort.lstrip("-")
    if key not in allowed:
        sort, key = default, default.lstrip("-")
    fields = allowed[key]
    if sort.startswith("-"):
        fields = tuple(f"-{f}" for f in fields)
    return qs.order_by(*fields, "pk"), sort


def programme_list(*, workspace: Workspace, filters: ProgrammeFilters) -> tuple[QuerySet[Programme], str]:
    """Programmes matching the filters with their domains and number of offerings, and the sort used."""
    qs = Programme.objects.filter(workspace=workspace)
    qs = qs.filter(archived_at__isnull=False) if filters.archived else qs.filter(archived_at__isnull=True)
    if filters.q:
        qs = qs.filter(
            Q(name__icontains=filters.q)
            | Q(description__icontains=filters.q)
            | Q(funding_source__icontains=filters.q)
        )
    if filters.domain:
        qs = qs.filter(
            pk__in=PolicyDomain.programmes.through.objects.filter(
                policydomain__workspace=workspace, policydomain__key=filters.domain
            ).values("programme_id")
        )
    if filters.audience:
        qs = qs.filter(audience=filters.audience)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    band = next((b for b in AGE_BANDS if b[0] == filters.age), None)
    if band:
        qs = qs.filter(age_from_months__lt=band[2], age_to_months__gte=band[1])
    if filters.approach:
        qs = qs.filter(approaches__icontains=f'"{filters.approach}"')
    qs = qs.annotate(offering_count=Count("offerings", distinct=True)).prefetch_related(
        Prefetch("policy_domains", queryset=PolicyDomain.objects.order_by("position", "key"))
    )
    return _sorted(qs, filters.sort, PROGRAMME_SORTS, "name")


def programme_detail(*, workspace: Workspace, pk: int) -> Programme:
    """One programme with domains, transitions and offerings (organisation, locations) prefetched."""
    qs = (
        Programme.objects.filter(workspace=workspace)
        .annotate(subsidy_count=Count("subsidies", distinct=True))
        .prefetch_related(
            Prefetch("policy_domains", queryset=PolicyDomain.objects.order_by("position", "key")),
            Prefetch("transitions", queryset=Transition.objects.order_by("age_from_months", "key")),
            Prefetch(
                "offerings",
                queryset=Offering.objects.select_related("organisation")
                .prefetch_related(Prefetch("locations", queryset=Location.objects.order_by("name")))
                .order_by("organisation__name", "start_date", "pk"),
            ),
        )
    )
    return get_object_or_404(qs, pk=pk)


def programme_for_write(*, workspace: Workspace, pk: int) -> Programme:
    return get_object_or_404(Programme.objects.filter(workspace=workspace).select_related("workspace"), pk=pk)


def offering_detail(*, workspace: Workspace, pk: int) -> Offering:
    qs = Offering.objects.filter(workspace=workspace).select_related("programme", "organisation", "workspace")
    return get_object_or_404(qs.prefetch_related("locations"), pk=pk)


def offerings_for(
    *,
    workspace: Workspace,
    location: Location | None = None,
    organisation: Organisation | None = None,
    neighbourhood: Neighbourhood | None = None,
    limit: int = 200,
) -> list[Offering]:
    """Offerings at a location, of an organisation, or at locations in a neighbourhood (a district
    includes its areas); current programmes only. Two queries (offerings, and their locations)."""
    qs = Offering.objects.filter(workspace=workspace, programme__archived_at__isnull=True)
    if location is not None:
        qs = qs.filter(locations=location)
    if organisation is not None:
        qs = qs.filter(organisation=organisation)
    if neighbourhood is not None:
        located = Location.objects.filter(
            Q(neighbourhood=neighbourhood) | Q(neighbourhood__parent=neighbourhood), workspace=workspace
        )
        qs = qs.filter(
            pk__in=Offering.locations.through.objects.filter(location__in=located).values("offering_id")
        )
    qs = (
        qs.select_related("programme", "organisation")
        .prefetch_related(Prefetch("locations", queryset=Location.objects.order_by("name")))
        .order_by("programme__name", "organisation__name", "pk")
    )
    return list(qs[:limit])


def organisations_for_offerings(*, workspace: Workspace) -> QuerySet[Organisation]:
    return Organisation.objects.filter(workspace=workspace, archived_at__isnull=True).order_by("name")


def locations_for_offerings(*, workspace: Workspace) -> QuerySet[Location]:
    return (
        Location.objects.filter(workspace=workspace, archived_at__isnull=True)
        .select_related("organisation")
        .order_by("organisation__name", "name")
    )


@dataclass
class CatalogueRow:
    entry: catalogue.CatalogueEntry
    programme: Programme | None
    domains: list[PolicyDomain]


def catalogue_rows(*, workspace: Workspace) -> list[CatalogueRow]:
    """Every catalogue entry with the workspace's copy of it, if any (two queries)."""
    copies = {
        p.catalogue_key: p
        for p in Programme.objects.filter(workspace=workspace)
        .exclude(catalogue_key="")
        .only("pk", "name", "catalogue_key", "archived_at")
    }
    domains = {d.key: d for d in PolicyDomain.objects.filter(workspace=workspace)}
    return [
        CatalogueRow(
            entry=entry,
            programme=copies.get(entry.key),
            domains=[domains[k] for k in entry.policy_domains if k in domains],
        )
        for entry in catalogue.entries()
    ]


def policy_domains(*, workspace: Workspace) -> QuerySet[PolicyDomain]:
    return PolicyDomain.objects.filter(workspace=workspace).order_by("position", "key")


def policy_domain_overview(*, workspace: Workspace) -> list[PolicyDomain]:
    """The workspace's domains, each with its number of current programmes (one query)."""
    return list(
        policy_domains(workspace=workspace).annotate(
            programme_count=Count("programmes", filter=Q(programmes__archived_at__isnull=True), distinct=True)
        )
    )


def transitions(*, workspace: Workspace) -> QuerySet[Transition]:
    return Transition.objects.filter(workspace=workspace).order_by("age_from_months", "key")


def transition_overview(*, workspace: Workspace) -> list[Transition]:
    """The transitions with their current programmes and partnerships (three queries)."""
    return list(
        transitions(workspace=workspace).prefetch_related(
            Prefetch(
                "programmes", queryset=Programme.objects.filter(archived_at__isnull=True).order_by("name")
            ),
            Prefetch(
                "partnerships", queryset=Partnership.objects.filter(archived_at__isnull=True).order_by("name")
            ),
        )
    )


def programmes_for_choice(*, workspace: Workspace) -> QuerySet[Programme]:
    return Programme.objects.filter(workspace=workspace, archived_at__isnull=True).order_by("name")


def partnerships_for_choice(*, workspace: Workspace) -> QuerySet[Partnership]:
    return Partnership.objects.filter(workspace=workspace, archived_at__isnull=True).order_by("name")
