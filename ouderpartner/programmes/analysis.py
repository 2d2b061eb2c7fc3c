"""Reads for the continuous line 0-21, its gaps, and the integral matrix; a fixed number of queries each."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ouderpartner.core.models import Workspace
from ouderpartner.network.models import Neighbourhood, OrganisationKind
from ouderpartner.programmes.models import (
    MAX_AGE_MONTHS,
    Audience,
    Offering,
    PolicyDomain,
    Programme,
    Transition,
)
from ouderpartner.stats import PublishedCount, format_number, publish_count

PARENT_AUDIENCES = (Audience.PARENTS, Audience.PARENTS_WITH_CHILDREN)
GROUP_BY_CHOICES = {
    "domain": gettext_lazy("policy domain"),
    "organisation_kind": gettext_lazy("kind of organisation"),
}
NO_DOMAIN = "none"
NOT_OFFERED = "not_offered"


# --- Ages in words ------------------------------------------------------------------------------


def _years(months: int) -> str:
    return format_number(months / 12, decimals=0 if months % 12 == 0 else 1)


def age_range_label(age_from: int, age_to: int) -> str:
    """'0 tot 4 jaar', '2,5 tot 4 jaar', '3 tot 10 maanden': years when both ends are whole or half years."""
    if age_from % 6 == 0 and age_to % 6 == 0:
        if age_from == age_to:
            return _("%(age)s years") % {"age": _years(age_from)}
        return _("%(from)s to %(to)s years") % {"from": _years(age_from), "to": _years(age_to)}
    if age_from == age_to:
        return _("%(age)s months") % {"age": age_from}
    return _("%(from)s to %(to)s months") % {"from": age_from, "to": age_to}


def age_gap_label(age_from: int, age_to: int) -> str:
    """'No programme for parents between 12 and 16 years' (in the user's language)."""
    if age_from % 6 == 0 and age_to % 6 == 0:
        return _("No programme for parents of children between %(from)s and %(to)s years") % {
            "from": _years(age_from),
            "to": _years(age_to),
        }
    return _("No programme for parents of children between %(from)s and %(to)s months") % {
        "from": age_from,
        "to": age_to,
    }


def _span(age_from: int, age_to: int) -> tuple[int, int]:
    """A range as the months it covers, half open: 0-48 covers months 0 … 47; a single age its own month."""
    return age_from, max(age_to, age_from + 1)


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    a_start, a_end = _span(*a)
    b_start, b_end = _span(*b)
    return a_start < b_end and b_start < a_end


# --- The continuous line ------------------------------------------------------------------------


@dataclass
class LineProgramme:
    pk: int
    name: str
    kind: str
    audience: str
    audience_label: str
    age_from_months: int
    age_to_months: int
    reaches_parents: bool
    is_archived: bool
    domains: list[str] = field(default_factory=list)
    domain_ids: list[int] = field(default_factory=list)
    transitions: list[str] = field(default_factory=list)
    organisations: list[str] = field(default_factory=list)
    organisation_kinds: list[str] = field(default_factory=list)

    @property
    def age_label(self) -> str:
        return age_range_label(self.age_from_months, self.age_to_months)

    @property
    def accessible_name(self) -> str:
        """What a screen reader says on the bar: 'BoekStart, 0 tot 4 jaar'."""
        return f"{self.name}, {self.age_label}"

    @property
    def start_fraction(self) -> float:
        return self.age_from_months / MAX_AGE_MONTHS

    @property
    def width_fraction(self) -> float:
        start, end = _span(self.age_from_months, self.age_to_months)
        return (min(end, MAX_AGE_MONTHS) - start) / MAX_AGE_MONTHS


@dataclass
class LineGroup:
    key: str
    label: str
    programmes: list[LineProgramme]


@dataclass
class LineTransition:
    pk: int
    key: str
    name: str
    age_from_months: int
    age_to_months: int
    covered: bool
    covering_programmes: list[str]

    @property
    def age_label(self) -> str:
        return age_range_label(self.age_from_months, self.age_to_months)


@dataclass
class AgeGap:
    age_from_months: int
    age_to_months: int

    @property
    def label(self) -> str:
        return age_gap_label(self.age_from_months, self.age_to_months)


@dataclass
class AreaWithoutOffering:
    pk: int
    code: str
    name: str
    district: str
    children_0_14: PublishedCount


@dataclass
class NeighbourhoodOption:
    code: str
    name: str
    level: str
    district_code: str


@dataclass
class ContinuousLine:
    group_by: str
    groups: list[LineGroup]
    programmes: list[LineProgramme]
    transitions: list[LineTransition]
    age_gaps: list[AgeGap]
    areas_without_offering: list[AreaWithoutOffering]
    neighbourhood: NeighbourhoodOption | None
    neighbourhood_options: list[NeighbourhoodOption]

    @property
    def uncovered_transitions(self) -> list[LineTransition]:
        return [transition for transition in self.transitions if not transition.covered]

    @property
    def has_gaps(self) -> bool:
        return bool(self.age_gaps or self.uncovered_transitions or self.areas_without_offering)


def age_gaps_for_parents(ranges: list[tuple[int, int]]) -> list[AgeGap]:
    """The maximal age intervals (months, half open) of 0-21 that no programme for parents covers."""
    covered = [False] * MAX_AGE_MONTHS
    for age_from, age_to in ranges:
        start, end = _span(age_from, age_to)
        for month in range(start, min(end, MAX_AGE_MONTHS)):
            covered[month] = True
    gaps: list[AgeGap] = []
    start: int | None = None
    for month, is_covered in enumerate([*covered, True]):
        if not is_covered and start is None:
            start = month
        elif is_covered and start is not None:
            gaps.append(AgeGap(age_from_months=start, age_to_months=month))
            start = None
    return gaps


def transition_is_covered(
    transition: tuple[int, int], *, linked_parent_programmes: int, parent_ranges: list[tuple[int, int]]
) -> bool:
    """A transition is covered when a programme for parents is linked to it, or its age range overlaps the
    transition's age range. Both ranges are read as half open month intervals; a single age (start of
    school at 48 months) is its own month, so a programme ending at 48 months does not cover it."""
    return linked_parent_programmes > 0 or any(_overlaps(transition, span) for span in parent_ranges)


def _neighbourhoods(workspace: Workspace) -> list[dict]:
    return list(
        Neighbourhood.objects.filter(workspace=workspace)
        .order_by("level", "name")
        .values("pk", "code", "name", "level", "parent_id", "children_0_14")
    )


def _current_offerings(workspace: Workspace) -> list[dict]:
    """Offerings that have not ended, by organisations that are not archived."""
    today = datetime.date.today()
    return list(
        Offering.objects.filter(workspace=workspace, organisation__archived_at__isnull=True)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
        .values("pk", "programme_id", "organisation_id", "organisation__name", "organisation__kind")
    )


def _offering_places(workspace: Workspace) -> list[dict]:
    return list(
        Offering.locations.through.objects.filter(
            offering__workspace=workspace, location__archived_at__isnull=True
        ).values("offering_id", "location__neighbourhood_id")
    )


def _programme_rows(workspace: Workspace, *, include_archived: bool) -> list[Programme]:
    programmes = Programme.objects.filter(workspace=workspace).only(
        "pk", "name", "kind", "audience", "age_from_months", "age_to_months", "archived_at"
    )
    if not include_archived:
        programmes = programmes.filter(archived_at__isnull=True)
    return list(programmes.order_by("age_from_months", "age_to_months", "name"))


def _programme_domain_pairs(workspace: Workspace) -> list[tuple[int, int]]:
    return list(
        Programme.policy_domains.through.objects.filter(programme__workspace=workspace).values_list(
            "programme_id", "policydomain_id"
        )
    )


def continuous_line(
    *,
    workspace: Workspace,
    neighbourhood: str | None = None,
    group_by: str = "domain",
    include_archived: bool = False,
) -> ContinuousLine:
    """Every programme as a bar over its ages, in groups, with the transitions and the gaps.

    `neighbourhood` is a CBS code (district or area): only programmes with a current offering at a location
    in it (for a district, in any of its areas) count — for the bars and for the age and transition gaps.
    The areas with children and no offering are those of the chosen district or area (all without a filter).
    Eight queries, however many programmes there are.
    """
    group_by = group_by if group_by in GROUP_BY_CHOICES else "domain"
    rows = _neighbourhoods(workspace)
    by_pk = {row["pk"]: row for row in rows}
    options = [
        NeighbourhoodOption(
            code=row["code"],
            name=row["name"],
            level=row["level"],
            district_code=by_pk[row["parent_id"]]["code"] if row["parent_id"] in by_pk else "",
        )
        for row in rows
    ]
    selected = next((row for row in rows if neighbourhood and row["code"] == neighbourhood), None)
    selected_option = next((o for o in options if selected and o.code == selected["code"]), None)
    in_scope: set[int] | None = None
    if selected is not None:
        in_scope = {selected["pk"]} | {row["pk"] for row in rows if row["parent_id"] == selected["pk"]}

    programmes = _programme_rows(workspace, include_archived=include_archived)
    domains = {domain.pk: domain for domain in PolicyDomain.objects.filter(workspace=workspace)}
    domain_order = {pk: index for index, pk in enumerate(domains)}
    programme_domains: dict[int, list[int]] = defaultdict(list)
    for programme_id, domain_id in _programme_domain_pairs(workspace):
        programme_domains[programme_id].append(domain_id)

    transitions = list(Transition.objects.filter(workspace=workspace))
    linked: dict[int, set[int]] = defaultdict(set)  # transition -> programmes
    programme_transitions: dict[int, list[int]] = defaultdict(list)
    for transition_id, programme_id in Transition.programmes.through.objects.filter(
        transition__workspace=workspace
    ).values_list("transition_id", "programme_id"):
        linked[transition_id].add(programme_id)
        programme_transitions[programme_id].append(transition_id)
    transition_names = {transition.pk: transition.display_name for transition in transitions}

    offerings = _current_offerings(workspace)
    places: dict[int, set[int | None]] = defaultdict(set)
    for place in _offering_places(workspace):
        places[place["offering_id"]].add(place["location__neighbourhood_id"])
    current = {offering["pk"] for offering in offerings}
    offered_areas = {pk for offering_pk in current for pk in places.get(offering_pk, ()) if pk}
    programme_offerings: dict[int, list[dict]] = defaultdict(list)
    for offering in offerings:
        if in_scope is None or places[offering["pk"]] & in_scope:
            programme_offerings[offering["programme_id"]].append(offering)

    kind_labels = dict(OrganisationKind.choices)
    audience_labels = dict(Audience.choices)
    items: list[LineProgramme] = []
    for programme in programmes:
        offered = programme_offerings.get(programme.pk, [])
        if in_scope is not None and not offered:
            continue
        own_domains = sorted(programme_domains.get(programme.pk, []), key=lambda pk: domain_order.get(pk, 0))
        kinds = sorted({o["organisation__kind"] for o in offered}, key=list(kind_labels).index)
        items.append(
            LineProgramme(
                pk=programme.pk,
                name=programme.name,
                kind=programme.kind,
                audience=programme.audience,
                audience_label=str(audience_labels.get(programme.audience, programme.audience)),
                age_from_months=programme.age_from_months,
                age_to_months=programme.age_to_months,
                reaches_parents=programme.audience in PARENT_AUDIENCES,
                is_archived=programme.archived_at is not None,
                domains=[domains[pk].display_name for pk in own_domains if pk in domains],
                domain_ids=[pk for pk in own_domains if pk in domains],
                transitions=[
                    transition_names[pk]
                    for pk in sorted(programme_transitions.get(programme.pk, []))
                    if pk in transition_names
                ],
                organisations=sorted({o["organisation__name"] for o in offered}),
                organisation_kinds=kinds,
            )
        )

    groups = _line_groups(items, group_by=group_by, domains=domains, kind_labels=kind_labels)

    parent_items = [item for item in items if item.reaches_parents]
    parent_ranges = [(item.age_from_months, item.age_to_months) for item in parent_items]
    parent_pks = {item.pk for item in parent_items}
    line_transitions = []
    for transition in transitions:
        span = (transition.age_from_months, transition.age_to_months)
        linked_parents = linked.get(transition.pk, set()) & parent_pks
        covering = [
            item.name
            for item in parent_items
            if item.pk in linked_parents or _overlaps(span, (item.age_from_months, item.age_to_months))
        ]
        line_transitions.append(
            LineTransition(
                pk=transition.pk,
                key=transition.key,
                name=transition.display_name,
                age_from_months=transition.age_from_months,
                age_to_months=transition.age_to_months,
                covered=transition_is_covered(
                    span, linked_parent_programmes=len(linked_parents), parent_ranges=parent_ranges
                ),
                covering_programmes=covering,
            )
        )

    k = workspace.disclosure_threshold
    areas_without = [
        AreaWithoutOffering(
            pk=row["pk"],
            code=row["code"],
            name=row["name"],
            district=by_pk[row["parent_id"]]["name"] if row["parent_id"] in by_pk else "",
            children_0_14=publish_count(row["children_0_14"], k=k),
        )
        for row in sorted(
            rows,
            key=lambda r: (by_pk[r["parent_id"]]["name"] if r["parent_id"] in by_pk else "", r["name"]),
        )
        if row["level"] == Neighbourhood.Level.AREA
        and (row["children_0_14"] or 0) > 0
        and row["pk"] not in offered_areas
        and (in_scope is None or row["pk"] in in_scope)
    ]

    return ContinuousLine(
        group_by=group_by,
        groups=groups,
        programmes=items,
        transitions=line_transitions,
        age_gaps=age_gaps_for_parents(parent_ranges),
        areas_without_offering=areas_without,
        neighbourhood=selected_option,
        neighbourhood_options=options,
    )


def _line_groups(
    items: list[LineProgramme],
    *,
    group_by: str,
    domains: dict[int, PolicyDomain],
    kind_labels: dict[str, str],
) -> list[LineGroup]:
    """By domain: a programme with several domains appears in each. By kind: by the organisations
    offering it; a programme nobody offers (yet) goes to 'not offered yet'. Empty groups are left out."""
    members: dict[str, list[LineProgramme]] = defaultdict(list)
    if group_by == "organisation_kind":
        for item in items:
            for kind in item.organisation_kinds or [NOT_OFFERED]:
                members[kind].append(item)
        order = [(kind, str(label)) for kind, label in kind_labels.items()]
        order.append((NOT_OFFERED, _("not offered yet")))
    else:
        for item in items:
            for domain_id in item.domain_ids or [NO_DOMAIN]:
                members[str(domain_id)].append(item)
        order = [(str(pk), domain.display_name) for pk, domain in domains.items()]
        order.append((NO_DOMAIN, _("no policy domain")))
    return [LineGroup(key=key, label=label, programmes=members[key]) for key, label in order if members[key]]


# --- The integral matrix ------------------------------------------------------------------------


@dataclass
class MatrixDomain:
    pk: int
    key: str
    name: str
    programme_count: int = 0
    parent_programme_count: int = 0
    organisation_count: int = 0

    @property
    def without_parent_programme(self) -> bool:
        return self.parent_programme_count == 0


@dataclass
class MatrixRow:
    pk: int
    name: str
    cells: list[bool]
    reaches_parents: bool = False
    detail: str = ""

    @property
    def count(self) -> int:
        return sum(self.cells)


@dataclass
class IntegralMatrix:
    domains: list[MatrixDomain]
    programme_rows: list[MatrixRow]
    organisation_rows: list[MatrixRow]

    @property
    def domains_without_parent_programme(self) -> list[MatrixDomain]:
        return [domain for domain in self.domains if domain.without_parent_programme]

    @property
    def programme_total(self) -> int:
        return len(self.programme_rows)

    @property
    def parent_programme_total(self) -> int:
        return sum(row.reaches_parents for row in self.programme_rows)


def integral_matrix(*, workspace: Workspace) -> IntegralMatrix:
    """Programmes × policy domains and organisations × policy domains, with counts per domain.

    An organisation is in a domain when it has a current offering of a (not archived) programme of that
    domain. Four queries, however many programmes or organisations there are.
    """
    domains = [
        MatrixDomain(pk=domain.pk, key=domain.key, name=domain.display_name)
        for domain in PolicyDomain.objects.filter(workspace=workspace)
    ]
    column = {domain.pk: index for index, domain in enumerate(domains)}
    programmes = _programme_rows(workspace, include_archived=False)
    programme_domains: dict[int, set[int]] = defaultdict(set)
    for programme_id, domain_id in _programme_domain_pairs(workspace):
        programme_domains[programme_id].add(domain_id)

    audience_labels = dict(Audience.choices)
    programme_rows = []
    for programme in sorted(programmes, key=lambda p: p.name.lower()):
        own = programme_domains.get(programme.pk, set())
        row = MatrixRow(
            pk=programme.pk,
            name=programme.name,
            cells=[domain.pk in own for domain in domains],
            reaches_parents=programme.audience in PARENT_AUDIENCES,
            detail=str(audience_labels.get(programme.audience, programme.audience)),
        )
        programme_rows.append(row)
        for domain_id in own:
            if domain_id in column:
                domains[column[domain_id]].programme_count += 1
                if row.reaches_parents:
                    domains[column[domain_id]].parent_programme_count += 1

    live = {programme.pk for programme in programmes}
    kind_labels = dict(OrganisationKind.choices)
    organisations: dict[int, dict] = {}
    organisation_domains: dict[int, set[int]] = defaultdict(set)
    for offering in _current_offerings(workspace):
        if offering["programme_id"] not in live:
            continue
        organisations[offering["organisation_id"]] = offering
        organisation_domains[offering["organisation_id"]] |= programme_domains.get(
            offering["programme_id"], set()
        )
    organisation_rows = []
    for organisation_id, offering in sorted(
        organisations.items(), key=lambda item: item[1]["organisation__name"].lower()
    ):
        own = organisation_domains[organisation_id]
        organisation_rows.append(
            MatrixRow(
                pk=organisation_id,
                name=offering["organisation__name"],
                cells=[domain.pk in own for domain in domains],
                detail=str(kind_labels.get(offering["organisation__kind"], "")),
            )
        )
        for domain_id in own:
            if domain_id in column:
                domains[column[domain_id]].organisation_count += 1

    return IntegralMatrix(domains=domains, programme_rows=programme_rows, organisation_rows=organisation_rows)
