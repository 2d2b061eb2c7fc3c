"""Reach dashboards: published aggregates of activities per neighbourhood, programme, place, kind, language and time.

Every figure is counted in the database (one aggregate query per breakdown, whatever the number of
activities) and published through ouderpartner.stats: k from the workspace, secondary suppression in
each table, rounding to 5. What is counted are *contacts*: an activity records how many parents took
part, so a parent who came to three activities counts three times. Parents who came for the first time
(`first_time_parents`) are the nearest thing to "new parents reached".

Each breakdown is a table whose columns are target-group parents and other parents, so that its row
totals (all parents) are protected together with their parts: hiding only the target-group figure while
showing all parents and other parents would give it away by subtraction.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, ExtractYear, TruncMonth
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ouderpartner.core.languages import PARENT_LANGUAGES
from ouderpartner.core.models import Workspace
from ouderpartner.network.models import Location, Neighbourhood, Organisation, OrganisationKind
from ouderpartner.programmes.models import Programme
from ouderpartner.reach import summary
from ouderpartner.reach.models import (
    Activity,
    ActivityKind,
    ActivityLanguage,
    ReachSummary,
    TargetGroupEstimate,
)
from ouderpartner.stats import (
    PublishedCount,
    PublishedPercentage,
    PublishedSeries,
    PublishedTable,
    effective_threshold,
    publish_count,
    publish_percentage,
    publish_series,
    publish_table,
)
from ouderpartner.stats.charts import bar_chart, line_chart

TARGET = "target_group"
OTHER = "other"
COLUMNS = (TARGET, OTHER)
UNKNOWN = "unknown"
NONE = "none"
SCHOOL_YEAR_START_MONTH = 8  # a school year runs from 1 August to 31 July

DEFAULT_PERIOD = "12m"
FIXED_PERIODS: dict[str, Any] = {
    "12m": gettext_lazy("last 12 months"),
    "all": gettext_lazy("all time"),
}


# --- Periods and filters -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """A span of days, both ends inclusive; None is an open end."""

    start: datetime.date | None = None
    end: datetime.date | None = None

    @classmethod
    def school_year(cls, first_year: int) -> Period:
        """School year first_year/first_year+1: 1 August to 31 July."""
        return cls(
            datetime.date(first_year, SCHOOL_YEAR_START_MONTH, 1),
            datetime.date(first_year + 1, SCHOOL_YEAR_START_MONTH, 1) - datetime.timedelta(days=1),
        )

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(datetime.date(year, 1, 1), datetime.date(year, 12, 31))

    @classmethod
    def last_12_months(cls, today: datetime.date) -> Period:
        start = today.replace(day=1)
        for _month in range(11):
            start = (start - datetime.timedelta(days=1)).replace(day=1)
        return cls(start, today)

    def q(self, prefix: str = "") -> Q:
        condition = Q()
        if self.start:
            condition &= Q(**{f"{prefix}date__gte": self.start})
        if self.end:
            condition &= Q(**{f"{prefix}date__lte": self.end})
        return condition


def school_year_label(first_year: int) -> str:
    return f"{first_year}/{str(first_year + 1)[-2:]}"


def school_year_of(day: datetime.date) -> int:
    return day.year if day.month >= SCHOOL_YEAR_START_MONTH else day.year - 1


def period_options(first: datetime.date | None, last: datetime.date | None) -> dict[str, str]:
    """The fixed periods, then every school year and calendar year that has activities (newest first)."""
    options = {key: str(label) for key, label in FIXED_PERIODS.items()}
    if first and last:
        for year in range(school_year_of(last), school_year_of(first) - 1, -1):
            options[f"sy{year}"] = _("school year %(year)s") % {"year": school_year_label(year)}
        for year in range(last.year, first.year - 1, -1):
            options[f"y{year}"] = str(year)
    return options


def period_for(key: str, today: datetime.date) -> Period:
    if key.startswith("sy") and key[2:].isdecimal():
        return Period.school_year(int(key[2:]))
    if key.startswith("y") and key[1:].isdecimal():
        return Period.year(int(key[1:]))
    if key == "all":
        return Period()
    return Period.last_12_months(today)


@dataclass(frozen=True)
class ReachFilters:
    """Period, one programme ("none": activities without one), one kind of activity, one district (or all)."""

    period: str = DEFAULT_PERIOD
    programme: str = ""
    kind: str = ""
    district: int | None = None

    @classmethod
    def from_query(
        cls,
        params: Mapping[str, str],
        *,
        periods: Mapping[str, str],
        programmes: Mapping[int, str],
        districts: Mapping[int, str],
    ) -> ReachFilters:
        """Unknown or malformed values are ignored (the page shows everything), never an error."""
        period = params.get("period", DEFAULT_PERIOD)
        programme = params.get("programme", "")
        kind = params.get("kind", "")
        try:
            district = int(params.get("district", ""))
        except ValueError:
            district = None
        return cls(
            period=period if period in periods else DEFAULT_PERIOD,
            programme=programme if programme == NONE or programme in {str(pk) for pk in programmes} else "",
            kind=kind if kind in ActivityKind.values else "",
            district=district if district in districts else None,
        )

    def as_params(self) -> list[tuple[str, str]]:
        params = [
            ("period", self.period if self.period != DEFAULT_PERIOD else ""),
            ("programme", self.programme),
            ("kind", self.kind),
            ("district", str(self.district or "")),
        ]
        return [(key, value) for key, value in params if value]

    def q(self, today: datetime.date, prefix: str = "") -> Q:
        condition = period_for(self.period, today).q(prefix)
        if self.programme == NONE:
            condition &= Q(**{f"{prefix}programme__isnull": True})
        elif self.programme:
            condition &= Q(**{f"{prefix}programme_id": int(self.programme)})
        if self.kind:
            condition &= Q(**{f"{prefix}kind": self.kind})
        if self.district:
            condition &= Q(**{f"{prefix}district_id": self.district})
        return condition


# --- Published breakdowns ------------------------------------------------------------------------------


@dataclass
class ReachRow:
    key: Any
    label: str
    target_group: PublishedCount
    other: PublishedCount
    parents: PublishedCount
    first_time: PublishedCount
    activities: PublishedCount
    estimate: PublishedCount | None = None
    rate: PublishedPercentage | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class ReachBreakdown:
    """A breakdown (rows: neighbourhoods, programmes, …) with its published table, first-timers and a chart."""

    threshold: int
    table: PublishedTable
    first_time: PublishedSeries
    rows: list[ReachRow]
    with_totals: bool = True
    chart: dict[str, Any] | None = None
    total_activities: PublishedCount | None = None

    @property
    def total(self) -> ReachRow | None:
        if not self.with_totals:
            return None
        return ReachRow(
            key="total",
            label=_("Total"),
            target_group=self.table.column_totals[TARGET],
            other=self.table.column_totals[OTHER],
            parents=self.table.grand_total,
            first_time=self.first_time.total,
            activities=self.total_activities or publish_count(0, k=self.threshold),
        )

    @property
    def has_suppression(self) -> bool:
        return self.table.has_suppression or self.first_time.has_suppression

    def explanation(self) -> Any:
        return self.table.explanation()

    def as_json(self) -> dict[str, Any]:
        def row(r: ReachRow) -> dict[str, Any]:
            data = {
                "key": str(r.key),
                "label": r.label,
                "parents": r.parents.as_json(),
                "target_group_parents": r.target_group.as_json(),
                "other_parents": r.other.as_json(),
                "first_time_parents": r.first_time.as_json(),
                "activities": r.activities.as_json(),
            }
            if r.estimate is not None:
                data["estimate"] = r.estimate.as_json()
            if r.rate is not None:
                data["rate"] = r.rate.as_json()
            return data

        total = self.total
        return {
            "threshold": self.threshold,
            "rows": [row(r) for r in self.rows],
            "total": row(total) if total else None,
        }


_SUMS = {
    "parents": Coalesce(Sum("parents"), 0),
    "target": Coalesce(Sum("target_group_parents"), 0),
    "first": Coalesce(Sum("first_time_parents"), 0),
    "activities": Count("id"),
}


def _breakdown(
    counts: Mapping[Any, Mapping[str, int]],
    labels: Mapping[Any, str],
    k: int,
    *,
    chart_description: str = "",
    with_totals: bool = True,
) -> ReachBreakdown:
    """Publish the counts per row (dicts with parents, target, first, activities) in the given label order."""
    order = [key for key in labels if key in counts]
    table = publish_table(
        {
            key: {TARGET: counts[key]["target"], OTHER: counts[key]["parents"] - counts[key]["target"]}
            for key in order
        },
        k=k,
        columns=list(COLUMNS),
    )
    first_time = publish_series({key: counts[key]["first"] for key in order}, k=k)
    rows = [
        ReachRow(
            key=key,
            label=labels[key],
            target_group=table.cells[key][TARGET],
            other=table.cells[key][OTHER],
            parents=table.row_totals[key],
            first_time=first_time.counts[key],
            activities=publish_count(counts[key]["activities"], k=k),
        )
        for key in order
    ]
    result = ReachBreakdown(
        threshold=k,
        table=table,
        first_time=first_time,
        rows=rows,
        with_totals=with_totals,
        total_activities=publish_count(sum(counts[key]["activities"] for key in order), k=k),
    )
    if chart_description:
        result.chart = bar_chart(
            [(row.label, row.target_group) for row in rows],
            description=chart_description,
            axis_title=_("Target-group parents (contacts)"),
        )
    return result


def _grouped(activities: QuerySet[Activity], *fields: str) -> list[dict[str, Any]]:
    return list(activities.values(*fields).annotate(**_SUMS).order_by())


def _counts(row: Mapping[str, Any]) -> dict[str, int]:
    return {name: row[name] or 0 for name in ("parents", "target", "first", "activities")}


def language_name(code: str) -> str:
    return PARENT_LANGUAGES[code].native_name if code in PARENT_LANGUAGES else code


@dataclass
class ReachDashboard:
    threshold: int
    filters: ReachFilters
    period: Period
    periods: dict[str, str]
    programmes: dict[int, str]
    districts: dict[int, str]
    neighbourhood_level: str
    estimate_year: int | None
    has_estimates: bool
    neighbourhoods: ReachBreakdown
    programme_breakdown: ReachBreakdown
    places: ReachBreakdown
    organisation_kinds: ReachBreakdown
    activity_kinds: ReachBreakdown
    languages: ReachBreakdown
    monthly: ReachBreakdown
    school_years: ReachBreakdown
    monthly_chart: dict[str, Any] | None = None
    school_year_chart: dict[str, Any] | None = None

    @property
    def totals(self) -> ReachRow:
        return self.neighbourhoods.total  # the same activities, whichever breakdown

    @property
    def has_suppression(self) -> bool:
        return any(
            b.has_suppression
            for b in (
                self.neighbourhoods,
                self.programme_breakdown,
                self.places,
                self.organisation_kinds,
                self.activity_kinds,
                self.languages,
                self.monthly,
                self.school_years,
            )
        )


def filter_options(workspace: Workspace) -> tuple[dict[str, str], dict[int, str], dict[int, str]]:
    """Periods with activities, programmes and districts of the workspace (three queries)."""
    span = Activity.objects.filter(workspace=workspace).aggregate(first=Min("date"), last=Max("date"))
    periods = period_options(span["first"], span["last"])
    programmes = dict(
        Programme.objects.filter(workspace=workspace).order_by("name", "id").values_list("id", "name")
    )
    districts = dict(
        Neighbourhood.objects.filter(workspace=workspace, level=Neighbourhood.Level.DISTRICT)
        .order_by("name", "id")
        .values_list("id", "name")
    )
    return periods, programmes, districts


def _estimates(workspace: Workspace, year: int, *, district: int | None) -> dict[Any, int]:
    """Estimated target group (toddlers + children) per district, or per area within one district.

    Areas roll up to their district; a district's own estimate wins over the sum of its areas.
    """
    estimates = TargetGroupEstimate.objects.filter(workspace=workspace, year=year)
    total = Sum(F("target_group_toddlers") + F("target_group_children"))
    if district:
        rows = (
            estimates.filter(neighbourhood__parent_id=district)
            .values("neighbourhood_id")
            .annotate(n=total)
            .order_by()
        )
        return {row["neighbourhood_id"]: row["n"] or 0 for row in rows}
    key = Case(
        When(neighbourhood__level=Neighbourhood.Level.DISTRICT, then=F("neighbourhood_id")),
        default=F("neighbourhood__parent_id"),
        output_field=IntegerField(),
    )
    rows = estimates.values(key_=key, level=F("neighbourhood__level")).annotate(n=total).order_by()
    result: dict[Any, int] = {}
    for row in rows:  # at most two rows per district (its own estimate, the sum of its areas)
        if row["key_"] is None:
            continue
        if row["level"] == Neighbourhood.Level.DISTRICT or row["key_"] not in result:
            result[row["key_"]] = row["n"] or 0
    return result


def _neighbourhoods(
    workspace: Workspace,
    counts: dict[Any, dict[str, int]],
    filters: ReachFilters,
    districts: Mapping[int, str],
    estimate_year: int | None,
    k: int,
) -> tuple[ReachBreakdown, str, bool]:
    # Counted per id (districts, or the areas of one district); names come from the filter options or,
    # for the areas of one district, from one small query.
    if filters.district:
        names = dict(
            Neighbourhood.objects.filter(
                workspace=workspace, pk__in=[key for key in counts if key != UNKNOWN]
            ).values_list("id", "name")
        )
    else:
        names = {key: districts.get(key, "") for key in counts if key != UNKNOWN}
    labels = dict(sorted(names.items(), key=lambda item: item[1].lower()))
    if UNKNOWN in counts:
        labels[UNKNOWN] = _("neighbourhood not known")
    breakdown = _breakdown(
        counts,
        labels,
        k,
        chart_description=_("Target-group parents reached per neighbourhood (published figures)."),
    )
    estimates = _estimates(workspace, estimate_year, district=filters.district) if estimate_year else {}
    for row in breakdown.rows:
        if row.key in estimates:
            denominator = estimates[row.key]
            row.estimate = publish_count(denominator, k=k)
            # A rate would give away a hidden target-group figure (rate × estimate), so it is hidden with it.
            if row.target_group.suppressed:
                row.rate = PublishedPercentage(value=None, suppressed=True, threshold=k)
            else:
                row.rate = publish_percentage(counts[row.key]["target"], denominator, k=k)
    level = Neighbourhood.Level.AREA if filters.district else Neighbourhood.Level.DISTRICT
    return breakdown, level, bool(estimates)


def _programmes(counts: dict[Any, dict[str, int]], programmes: Mapping[int, str], k: int) -> ReachBreakdown:
    labels = {pk: name for pk, name in programmes.items() if pk in counts}  # already sorted by name
    if NONE in counts:
        labels[NONE] = _("no programme")
    return _breakdown(
        counts,
        labels,
        k,
        chart_description=_("Target-group parents reached per programme (published figures)."),
    )


def _places(workspace: Workspace, counts: dict[Any, dict[str, int]], k: int) -> ReachBreakdown:
    details = {
        row["id"]: row
        for row in Location.objects.filter(workspace=workspace, pk__in=list(counts)).values(
            "id", "name", "is_trusted_place", "latitude", "longitude", "organisation__name"
        )
    }
    labels = dict(
        sorted(
            ((pk, row["name"]) for pk, row in details.items()), key=lambda item: (item[1].lower(), item[0])
        )
    )
    breakdown = _breakdown(counts, labels, k)
    for row in breakdown.rows:
        detail = details[row.key]
        row.extra = {
            "trusted": detail["is_trusted_place"],
            "organisation": detail["organisation__name"],
            "latitude": detail["latitude"],
            "longitude": detail["longitude"],
        }
    return breakdown


def _organisation_kinds(
    workspace: Workspace, per_organisation: dict[Any, dict[str, int]], k: int
) -> ReachBreakdown:
    # Counted per organisation, then added up per kind over those few rows: joining organisations into the
    # aggregate would make the database read every activity row.
    kinds = dict(
        Organisation.objects.filter(workspace=workspace, pk__in=list(per_organisation)).values_list(
            "id", "kind"
        )
    )
    counts: dict[str, dict[str, int]] = {}
    for organisation, figures in per_organisation.items():
        total = counts.setdefault(kinds[organisation], dict.fromkeys(figures, 0))
        for name, n in figures.items():
            total[name] += n
    labels = {kind: str(label) for kind, label in OrganisationKind.choices}
    return _breakdown(
        counts,
        labels,
        k,
        chart_description=_("Target-group parents reached per kind of organisation (published figures)."),
    )


def _activity_kinds(counts: dict[Any, dict[str, int]], k: int) -> ReachBreakdown:
    labels = {kind: str(label) for kind, label in ActivityKind.choices}
    return _breakdown(
        counts,
        labels,
        k,
        chart_description=_("Target-group parents reached per kind of activity (published figures)."),
    )


def _languages(counts: dict[Any, dict[str, int]], k: int) -> ReachBreakdown:
    """Parents at activities in each language; an activity in two languages counts in both, so no totals."""
    labels = dict(
        sorted(
            ((code, language_name(code)) for code in counts if code != UNKNOWN),
            key=lambda item: item[1].lower(),
        )
    )
    if UNKNOWN in counts:
        labels[UNKNOWN] = _("no language recorded")
    return _breakdown(
        counts,
        labels,
        k,
        with_totals=False,
        chart_description=_("Target-group parents at activities per language used (published figures)."),
    )


def _months(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    months = []
    month = first.replace(day=1)
    while month <= last:
        months.append(month)
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    return months


def _month(value: Any) -> datetime.date:
    return value.date() if isinstance(value, datetime.datetime) else value


def _monthly(
    counts: dict[Any, dict[str, int]], period: Period, today: datetime.date, k: int
) -> ReachBreakdown:
    last = min(period.end or today, today)
    if period.start:
        months = _months(period.start, last)
    elif counts:
        months = _months(min(counts), max(max(counts), last.replace(day=1)))
    else:
        months = []
    empty = {"parents": 0, "target": 0, "first": 0, "activities": 0}
    filled = {month: counts.get(month, empty) for month in months}
    return _breakdown(filled, {month: date_format(month, "M Y") for month in months}, k)


def _school_years(counts: dict[Any, dict[str, int]], k: int) -> ReachBreakdown:
    labels = {year: school_year_label(year) for year in sorted(counts)}
    return _breakdown(counts, labels, k)


def _trend_chart(breakdown: ReachBreakdown, description: str) -> dict[str, Any] | None:
    """Lines for all parents, target-group parents and first-timers, from the published figures."""
    if not breakdown.rows:
        return None
    cells = {
        row.key: {"parents": row.parents, TARGET: row.target_group, "first": row.first_time}
        for row in breakdown.rows
    }
    table = PublishedTable(
        breakdown.threshold,
        tuple(cells),
        ("parents", TARGET, "first"),
        cells,
        row_totals={},
        column_totals={},
        grand_total=None,
    )
    return line_chart(
        table,
        row_labels={row.key: row.label for row in breakdown.rows},
        column_labels={
            "parents": _("All parents (contacts)"),
            TARGET: _("Target-group parents (contacts)"),
            "first": _("First-time parents"),
        },
        description=description,
        axis_title=_("Parents"),
    )


@dataclass
class Figures:
    """Unpublished counts per breakdown key (dicts of parents, target, first, activities), for one set of filters.

    `area` is per district, or per area once a district is chosen; `month` holds the months of the period,
    `school_year` every school year (the long view ignores the period, not the other filters).
    """

    area: dict[Any, dict[str, int]] = field(default_factory=dict)
    programme: dict[Any, dict[str, int]] = field(default_factory=dict)
    place: dict[Any, dict[str, int]] = field(default_factory=dict)
    organisation: dict[Any, dict[str, int]] = field(default_factory=dict)
    kind: dict[Any, dict[str, int]] = field(default_factory=dict)
    language: dict[Any, dict[str, int]] = field(default_factory=dict)
    month: dict[Any, dict[str, int]] = field(default_factory=dict)
    school_year: dict[Any, dict[str, int]] = field(default_factory=dict)


def _add(into: dict[Any, dict[str, int]], key: Any, counts: Mapping[str, int], sign: int = 1) -> None:
    total = into.setdefault(key, {"parents": 0, "target": 0, "first": 0, "activities": 0})
    for name in total:
        total[name] += sign * counts[name]


def figures_from_activities(workspace: Workspace, filters: ReachFilters, today: datetime.date) -> Figures:
    """Counted from the activities themselves: one aggregate per breakdown (any filter)."""
    activities = Activity.objects.filter(workspace=workspace).filter(filters.q(today))
    all_periods = Activity.objects.filter(workspace=workspace).filter(
        ReachFilters(
            period="all", programme=filters.programme, kind=filters.kind, district=filters.district
        ).q(today)
    )
    result = Figures()
    group = "neighbourhood_id" if filters.district else "district_id"
    result.area = {row[group] or UNKNOWN: _counts(row) for row in _grouped(activities, group)}
    result.programme = {
        row["programme_id"] or NONE: _counts(row) for row in _grouped(activities, "programme_id")
    }
    result.place = {row["location_id"]: _counts(row) for row in _grouped(activities, "location_id")}
    result.organisation = {
        row["organisation_id"]: _counts(row) for row in _grouped(activities, "organisation_id")
    }
    result.kind = {row["kind"]: _counts(row) for row in _grouped(activities, "kind")}
    rows = (
        # Restricted through the activity only: PostgreSQL then walks the workspace's activities of the period
        # (covering index) and looks up their languages (unique index), instead of all the workspace's rows.
        ActivityLanguage.objects.filter(activity__workspace=workspace)
        .filter(filters.q(today, prefix="activity__"))
        .values("language")
        .annotate(
            parents=Coalesce(Sum("activity__parents"), 0),
            target=Coalesce(Sum("activity__target_group_parents"), 0),
            first=Coalesce(Sum("activity__first_time_parents"), 0),
            activities=Count("activity_id"),
        )
        .order_by()
    )
    result.language = {row["language"]: _counts(row) for row in rows}
    # NOT EXISTS per activity of the period (unique index on activity, language), not a scan of all rows.
    has_language = ActivityLanguage.objects.filter(activity_id=OuterRef("pk"))
    unrecorded = activities.filter(~Exists(has_language)).aggregate(**_SUMS)
    if unrecorded["activities"]:
        result.language[UNKNOWN] = _counts(unrecorded)
    rows = activities.annotate(month=TruncMonth("date")).values("month").annotate(**_SUMS).order_by()
    result.month = {_month(row["month"]): _counts(row) for row in rows}
    school_year = ExtractYear("date") - Case(
        When(date__month__lt=SCHOOL_YEAR_START_MONTH, then=Value(1)),
        default=Value(0),
        output_field=IntegerField(),
    )
    rows = all_periods.annotate(school_year=school_year).values("school_year").annotate(**_SUMS).order_by()
    result.school_year = {row["school_year"]: _counts(row) for row in rows}
    return result


_SUMMARY_SUMS = {
    "parents": Sum("parents"),
    "target": Sum("target_group_parents"),
    "first": Sum("first_time_parents"),
    "activities": Sum("activities"),
}


def _summary_key(dimension: str, key: str) -> Any:
    if dimension == "language":
        return key or UNKNOWN
    if dimension == "kind":
        return key
    if dimension == "programme":
        return int(key) if key else NONE
    if dimension == "area":
        return int(key) if key else UNKNOWN
    return int(key)


def figures_from_summary(
    workspace: Workspace, filters: ReachFilters, period: Period, today: datetime.date
) -> Figures:
    """Read from the reach summary (summary.py), for a period, a district and one programme or kind. Two or three
    queries: the months that hold the period per breakdown key (all time: its own rows), every month
    (trends), and, when the period ends within a month (the last 12 months end today), that month's later
    days counted from the activities and taken off.
    """
    result = Figures()
    district = filters.district
    scope = summary_scope(filters)
    stored = ReachSummary.objects.filter(workspace_pk=workspace.pk, scope=scope)
    if district:
        stored = stored.filter(district=district)
    months = summary.cover(period.start, period.end)
    rows: list[tuple[str, int, str, dict[str, int], int]] = [
        (row["dimension"], row["district"], row["key"], _counts(row), 1)
        for row in stored.filter(summary.months_q(months.first_month, months.last_month))
        .filter(dimension__in=BREAKDOWNS)
        .values("dimension", "district", "key")
        .annotate(**_SUMMARY_SUMS)
        .order_by()
    ]
    # Every month (every activity is once in "total"): the trend per month and per school year.
    every_month = {
        row["month"]: _counts(row)
        for row in stored.filter(dimension="total", month__gt=summary.ALL_TIME)
        .values("month")
        .annotate(**_SUMMARY_SUMS)
        .order_by()
    }
    outside_months: dict[datetime.date, dict[str, int]] = {}
    for start, end in months.outside:
        sql, params = summary.raw_sql(
            connection.vendor, workspace=workspace.pk, start=start, end=end, district=district, scope=scope
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            for (
                _ws,
                _scope,
                dimension,
                month,
                row_district,
                key,
                parents,
                target,
                first,
                count,
            ) in cursor.fetchall():
                counts = {"parents": parents, "target": target, "first": first, "activities": count}
                if dimension == "total":
                    month = datetime.date.fromisoformat(month) if isinstance(month, str) else month
                    _add(outside_months, month, counts)
                else:
                    rows.append((dimension, row_district, key, counts, -1))
    for dimension, row_district, key, counts, sign in rows:
        if dimension == "area":
            target = _summary_key("area", key) if district else (row_district or UNKNOWN)
        else:
            target = _summary_key(dimension, key)
        _add(getattr(result, dimension), target, counts, sign)
    for name in BREAKDOWNS:
        breakdown = getattr(result, name)
        for key in [key for key, counts in breakdown.items() if not counts["activities"]]:
            del breakdown[key]  # only activities outside the period
    for month, counts in every_month.items():
        _add(result.school_year, school_year_of(month), counts)
        if months.first_month and month < months.first_month:
            continue
        if months.last_month and month > months.last_month:
            continue
        _add(result.month, month, counts)
        if month in outside_months:
            _add(result.month, month, outside_months[month], -1)
            if not result.month[month]["activities"]:
                del result.month[month]
    return result


BREAKDOWNS = ("area", "programme", "place", "organisation", "kind", "language")


def summary_scope(filters: ReachFilters) -> str:
    """The summary's rows for these filters: all activities, one programme's (or those without) or one kind's."""
    if filters.programme:
        return "programme:" + ("" if filters.programme == NONE else filters.programme)
    if filters.kind:
        return "kind:" + filters.kind
    return ""


def reach_figures(
    workspace: Workspace, filters: ReachFilters, period: Period, today: datetime.date
) -> Figures:
    """From the summary when it can answer (at most one of programme and kind chosen), else from the
    activities (a programme and a kind together: few activities)."""
    if filters.programme and filters.kind:
        return figures_from_activities(workspace, filters, today)
    return figures_from_summary(workspace, filters, period, today)


def reach_dashboard(*, workspace: Workspace, params: Mapping[str, str]) -> ReachDashboard:
    """Everything the reach dashboard shows, published; a fixed number of queries whatever the data."""
    k = effective_threshold(workspace.disclosure_threshold)
    today = timezone.localdate()
    periods, programmes, districts = filter_options(workspace)
    filters = ReachFilters.from_query(params, periods=periods, programmes=programmes, districts=districts)
    period = period_for(filters.period, today)
    figures = reach_figures(workspace, filters, period, today)
    estimate_year = period.start.year if period.start else None
    neighbourhoods, level, has_estimates = _neighbourhoods(
        workspace, figures.area, filters, districts, estimate_year, k
    )
    dashboard = ReachDashboard(
        threshold=k,
        filters=filters,
        period=period,
        periods=periods,
        programmes=programmes,
        districts=districts,
        neighbourhood_level=level,
        estimate_year=estimate_year,
        has_estimates=has_estimates,
        neighbourhoods=neighbourhoods,
        programme_breakdown=_programmes(figures.programme, programmes, k),
        places=_places(workspace, figures.place, k),
        organisation_kinds=_organisation_kinds(workspace, figures.organisation, k),
        activity_kinds=_activity_kinds(figures.kind, k),
        languages=_languages(figures.language, k),
        monthly=_monthly(figures.month, period, today, k),
        school_years=_school_years(figures.school_year, k),
    )
    dashboard.monthly_chart = _trend_chart(
        dashboard.monthly, _("Parents reached per month (published figures).")
    )
    dashboard.school_year_chart = _trend_chart(
        dashboard.school_years, _("Parents reached per school year (published figures).")
    )
    return dashboard
