"""Indicator values: the registry of live readers, hand-entered values, trends and progress to target.

A goal's indicator either reads a live value from another capability (`Indicator.live_key` names a
reader in LIVE_READERS) or keeps values entered by hand (IndicatorValue, one per year, with a source).
Every value is published through `ouderpartner.stats` with the workspace's k:

- counts of people (parents reached, conversation records, questionnaire responses, and hand-entered
  values of kind "people") through `publish_count`: 1 … k-1 hidden ("< k"), others rounded to 5;
- percentages of people through `publish_percentage`; scores (means) through `publish_mean`, shown only
  for groups of at least k;
- figures that do not count people (activities, partnerships, offerings, transitions covered, trusted
  places) are published as they are, like the reach dashboard does.

Every live reader reads one CALENDAR YEAR (1 January to 31 December) with one or two queries:

    from ouderpartner.policy.indicators import indicator_value, indicator_series
    indicator_value(indicator, year=2026)            # an IndicatorFigure
    indicator_series(indicator, years=range(2024, 2027))  # a list of IndicatorFigure, one per year
    framework_indicator_values(framework, year=2026)  # every indicator of a framework, see below
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Prefetch, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from ouderpartner.core.models import Workspace
from ouderpartner.network.models import Neighbourhood, Partnership
from ouderpartner.programmes.models import Offering, Programme, Transition
from ouderpartner.reach import indicators as reach
from ouderpartner.reach.selectors import Period
from ouderpartner.stats import (
    PublishedCount,
    PublishedMean,
    PublishedPercentage,
    effective_threshold,
    explanation,
    format_number,
    publish_count,
    publish_mean,
)
from ouderpartner.voice.models import Answer, Conversation, Question, Response

from .models import Indicator, IndicatorValue, PolicyFramework

__all__ = [
    "LIVE_READERS",
    "PARAMETERS",
    "FrameworkIndicator",
    "IndicatorFigure",
    "LiveReader",
    "Progress",
    "check_parameters",
    "current_value",
    "default_years",
    "framework_indicator_values",
    "indicator_progress",
    "indicator_series",
    "indicator_value",
    "reading_once",
]

Kind = Indicator.ValueKind
Published = PublishedCount | PublishedPercentage | PublishedMean
Raw = Published | int | None

# The parameters a reader can take, as named on Indicator.
PARAMETERS: dict[str, Promise] = {
    "neighbourhood": _("neighbourhood or district"),
    "programme": _("programme"),
    "questionnaire": _("questionnaire"),
    "question": _("question"),
}
MAX_TREND_YEARS = 10


# --- the readers -----------------------------------------------------------------------------------


def _year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def _in_area(neighbourhood: Neighbourhood, prefix: str = "") -> Q:
    """Rows in the neighbourhood, or (for a district) in the district or one of its areas."""
    return Q(**{f"{prefix}neighbourhood": neighbourhood}) | Q(
        **{f"{prefix}neighbourhood__parent": neighbourhood}
    )


def _running_in(year: int, prefix: str = "") -> Q:
    """Something with optional start/end dates and an archive stamp that ran during the year.

    Without a start date it counts from when it was recorded; archived things count up to the year
    in which they were archived.
    """
    first, last = _year_bounds(year)
    return (Q(**{f"{prefix}start_date__lte": last}) | Q(**{f"{prefix}start_date__isnull": True})) & (
        Q(**{f"{prefix}end_date__gte": first}) | Q(**{f"{prefix}end_date__isnull": True})
    )


def _reach_count(function: Callable[..., PublishedCount]) -> Callable[[Workspace, Indicator, int], Raw]:
    def read(workspace: Workspace, indicator: Indicator, year: int) -> Raw:
        return function(workspace, Period.year(year), indicator.neighbourhood)

    return read


def _reach_rate(workspace: Workspace, indicator: Indicator, year: int) -> Raw:
    return reach.target_group_reach_rate(workspace, year, indicator.neighbourhood)


def _trusted_places(workspace: Workspace, indicator: Indicator, year: int) -> Raw:
    return reach.share_of_trusted_places_with_activity(workspace, Period.year(year))


def _conversations(workspace: Workspace, indicator: Indicator, year: int) -> Raw:
    """Conversation records dated in the year; in a neighbourhood by the record's neighbourhood, or
    by its place's when the record has none. One query."""
    first, last = _year_bounds(year)
    rows = Conversation.objects.filter(workspace=workspace, date__gte=first, date__lte=last)
    if indicator.neighbourhood is not None:
        rows = rows.filter(
            _in_area(indicator.neighbourhood)
            | (Q(neighbourhood__isnull=True) & _in_area(indicator.neighbourhood, "location__"))
        )
    return publish_count(rows.count(), k=workspace.disclosure_threshold)


def _submitted_in(workspace: Workspace, indicator: Indicator, year: int) -> Any:
    first, last = _year_bounds(year)
    start = timezone.make_aware(datetime.datetime.combine(first, datetime.time.min))
    end = timezone.make_aware(datetime.datetime.combine(last + datetime.timedelta(days=1), datetime.time.min))
    responses = Response.objects.filter(workspace=workspace, submitted_at__gte=start, submitted_at__lt=end)
    if indicator.neighbourhood is not None:
        responses = responses.filter(_in_area(indicator.neighbourhood))
    return responses


def _responses(workspace: Workspace, indicator: Indicator, year: int) -> Raw:
    """Responses to the questionnaire sent in during the year (submitted ones only). One query."""
    responses = _submitted_in(workspace, indicator, year).filter(questionnaire_id=indicator.questionnaire_id)
    return publish_count(responses.count(), k=workspace.disclosure_threshold)


def _score(workspace: Workspace, indicator: Indicator, year: int) -> Raw:
    """The mean answer to a scale question, over responses sent in during the year; hidden when fewer
    than k parents answered it. One query."""
    responses = _submitted_in(workspace, indicator, year)
    # Counting the numbers (never empty here), not the ids, lets the database answer from the answers'
    # (question, response, number) index alone, without reading tens of thousands of answer rows.
    row = Answer.objects.filter(
        question_id=indicator.question_id, number__isnull=False, response__in=responses
    ).aggregate(total=Coalesce(Sum("number"), 0), count=Count("number"))
    return publish_mean(total=float(row["total"]), count=row["count"], k=workspace.disclosure_threshold)


def _partnerships(workspace: Workspace, indicator: Indicator, year: int) -> Raw:
    """Partnerships that ran during the year (start and end dates; archived ones up to the year they
    were archived; without a start date, from when they were recorded). Counts agreements, not
    people: shown as it is. One query."""
    first, last = _year_bounds(year)
    rows = Partnership.objects.filter(workspace=workspace).filter(
        _running_in(year),
        Q(start_date__isnull=False) | Q(created_at__date__lte=last),
        Q(archived_at__isnull=True) | Q(archived_at__date__gte=first),
    )
    return rows.count()


def _programmes_running(workspace: Workspace, year: int) -> Any:
    first, last = _year_bounds(year)
    return Programme.objects.filter(workspace=workspace).filter(
        _running_in(year),
        Q(start_date__isnull=False) | Q(created_at__date__lte=last),
        Q(archived_at__isnull=True) | Q(archived_at__date__gte=first),
    )


def _transition_coverage(workspace: Workspace, indicator: Indicator, year: int) -> Raw:
    """Share of the workspace's transitions (the continuous line 0-21) with at least one programme
    that ran during the year. Counts transitions, not people: a whole percentage, not suppressed;
    none without transitions. One query."""
    k = effective_threshold(workspace.disclosure_threshold)
    linked = Transition.programmes.through.objects.filter(
        programme__in=_programmes_running(workspace, year)
    ).values("transition_id")
    row = Transition.objects.filter(workspace=workspace).aggregate(
        total=Count("id"), covered=Count("id", filter=Q(pk__in=linked))
    )
    if not row["total"]:
        return PublishedPercentage(value=None, suppressed=False, threshold=k)
    value = (200 * row["covered"] + row["total"]) // (2 * row["total"])
    return PublishedPercentage(value=value, suppressed=False, threshold=k)


def _offerings(workspace: Workspace, indicator: Indicator, year: int) -> Raw:
    """Offerings that ran during the year at one or more places in the neighbourhood or district
    (optionally of one programme). Counts offerings, not people. One query."""
    first, last = _year_bounds(year)
    rows = Offering.objects.filter(workspace=workspace).filter(
        _running_in(year),
        Q(start_date__isnull=False) | Q(created_at__date__lte=last),
        Q(programme__archived_at__isnull=True) | Q(programme__archived_at__date__gte=first),
    )
    if indicator.neighbourhood is not None:
        rows = rows.filter(_in_area(indicator.neighbourhood, "locations__"))
    if indicator.programme_id:
        rows = rows.filter(programme_id=indicator.programme_id)
    return rows.values("pk").distinct().count()


@dataclass(frozen=True)
class LiveReader:
    """A value an indicator can read live: what it is, its unit and kind, and which parameters it takes.

    `needs` must be given; `accepts` may be given. `read(workspace, indicator, year)` reads one
    calendar year.
    """

    key: str
    label: Promise
    unit: Promise
    value_kind: str
    read: Callable[[Workspace, Indicator, int], Raw]
    help: Promise
    needs: tuple[str, ...] = ()
    accepts: tuple[str, ...] = ()

    @property
    def parameters(self) -> tuple[str, ...]:
        return self.needs + self.accepts

    @property
    def counts_people(self) -> bool:
        return self.value_kind == Kind.PEOPLE


_REACH_HELP = _(
    "From the activities partners recorded (contacts: a parent at three activities counts three times)."
)

LIVE_READERS: dict[str, LiveReader] = {
    reader.key: reader
    for reader in (
        LiveReader(
            "target_group_parents_reached",
            _("Target-group parents reached (contacts)"),
            _("parents"),
            Kind.PEOPLE,
            _reach_count(reach.target_group_parents_reached),
            _REACH_HELP,
            accepts=("neighbourhood",),
        ),
        LiveReader(
            "parents_reached",
            _("Parents reached (contacts)"),
            _("parents"),
            Kind.PEOPLE,
            _reach_count(reach.parents_reached),
            _REACH_HELP,
            accepts=("neighbourhood",),
        ),
        LiveReader(
            "first_time_parents",
            _("Parents who came for the first time"),
            _("parents"),
            Kind.PEOPLE,
            _reach_count(reach.first_time_parents),
            _REACH_HELP,
            accepts=("neighbourhood",),
        ),
        LiveReader(
            "activities_count",
            _("Activities for parents"),
            _("activities"),
            Kind.NUMBER,
            _reach_count(reach.activities_count),
            _("Activities partners recorded in the year."),
            accepts=("neighbourhood",),
        ),
        LiveReader(
            "target_group_reach_rate",
            _("Target-group contacts per estimated target-group child"),
            _("%"),
            Kind.PERCENTAGE,
            _reach_rate,
            _("Target-group contacts in the year per target-group child of that year's estimate."),
            accepts=("neighbourhood",),
        ),
        LiveReader(
            "share_of_trusted_places_with_activity",
            _("Trusted places with an activity"),
            _("%"),
            Kind.PERCENTAGE,
            _trusted_places,
            _("Share of the trusted places with at least one activity in the year."),
        ),
        LiveReader(
            "conversations",
            _("Conversation records"),
            _("conversations"),
            Kind.PEOPLE,
            _conversations,
            _("Conversations with parents recorded in the year."),
            accepts=("neighbourhood",),
        ),
        LiveReader(
            "questionnaire_responses",
            _("Responses to a questionnaire"),
            _("responses"),
            Kind.PEOPLE,
            _responses,
            _("Responses sent in during the year."),
            needs=("questionnaire",),
            accepts=("neighbourhood",),
        ),
        LiveReader(
            "questionnaire_score",
            _("Score on a scale question"),
            _("score"),
            Kind.SCORE,
            _score,
            _("The mean answer to a scale question in the year; hidden when fewer than k parents answered."),
            needs=("question",),
            accepts=("neighbourhood",),
        ),
        LiveReader(
            "partnerships",
            _("Partnerships"),
            _("partnerships"),
            Kind.NUMBER,
            _partnerships,
            _("Partnerships between organisations that ran during the year."),
        ),
        LiveReader(
            "transition_coverage",
            _("Transitions with a programme"),
            _("%"),
            Kind.PERCENTAGE,
            _transition_coverage,
            _("Share of the transitions on the line 0-21 with at least one programme that ran in the year."),
        ),
        LiveReader(
            "offerings_in_neighbourhood",
            _("Offerings in a neighbourhood"),
            _("offerings"),
            Kind.NUMBER,
            _offerings,
            _("Offerings of programmes that ran in the year at places in the neighbourhood or district."),
            needs=("neighbourhood",),
            accepts=("programme",),
        ),
    )
}


def reader_choices() -> list[tuple[str, Promise]]:
    return [(key, reader.label) for key, reader in LIVE_READERS.items()]


def check_parameters(indicator: Indicator) -> dict[str, Promise]:
    """Errors per field for a live indicator whose reader misses a parameter or gets one it ignores."""
    errors: dict[str, Promise] = {}
    if indicator.source != Indicator.Source.LIVE:
        return errors
    reader = LIVE_READERS.get(indicator.live_key)
    if reader is None:
        return {"live_key": _("Choose a value from the list.")}
    for name in PARAMETERS:
        given = getattr(indicator, f"{name}_id") is not None
        if name in reader.needs and not given:
            errors[name] = _("This value needs a %(parameter)s.") % {"parameter": PARAMETERS[name]}
        elif (
            given
            and name not in reader.parameters
            and not (name == "questionnaire" and "question" in reader.needs)
        ):
            errors[name] = _("This value does not use a %(parameter)s; leave it empty.") % {
                "parameter": PARAMETERS[name]
            }
    if (
        "question" in reader.needs
        and indicator.question_id
        and indicator.question.kind != Question.Kind.SCALE
    ):
        errors["question"] = _("Choose a scale question.")
    return errors


# --- published figures -----------------------------------------------------------------------------


@dataclass(frozen=True)
class IndicatorFigure:
    """One published value of an indicator for one year.

    `value` is what may be shown (a rounded count, a whole percentage, a mean, a hand-entered number),
    None when hidden or when there is nothing to show. `suppressed` marks a hidden value; `display()`
    gives "< k" (counts) or "hidden" (percentages, means) for it, "–" when there is no value.
    `source` says where the value comes from (the reader's label, or the hand-entered value's source).
    """

    year: int
    value: float | int | None
    suppressed: bool
    threshold: int
    value_kind: str
    source: str = ""
    published: Published | None = None
    decimals: int = 0

    @property
    def is_known(self) -> bool:
        return self.value is not None

    def display(self, language: str | None = None) -> str:
        if self.published is not None:
            return self.published.display(language)
        if self.value is None:
            return "–"
        text = format_number(self.value, language, decimals=self.decimals)
        return f"{text}%" if self.value_kind == Kind.PERCENTAGE else text

    def __str__(self) -> str:
        return self.display()

    @property
    def explanation(self) -> Promise | None:
        """The disclosure sentence to show next to a hidden or rounded value."""
        if self.suppressed or (self.value_kind == Kind.PEOPLE and self.value):
            return explanation(self.threshold)
        return None

    def as_json(self) -> dict[str, Any]:
        return {"year": self.year, "value": self.value, "suppressed": self.suppressed}


def _figure(raw: Raw, *, year: int, kind: str, threshold: int, source: str) -> IndicatorFigure:
    if isinstance(raw, PublishedCount | PublishedPercentage):
        return IndicatorFigure(year, raw.value, raw.suppressed, threshold, kind, source, published=raw)
    if isinstance(raw, PublishedMean):
        return IndicatorFigure(
            year, raw.value, raw.suppressed, threshold, kind, source, published=raw, decimals=raw.decimals
        )
    return IndicatorFigure(year, raw, False, threshold, kind, source)


def _decimals(value: Decimal) -> int:
    normalised = value.normalize()
    exponent = normalised.as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def _manual_figure(
    indicator: Indicator, value: IndicatorValue | None, *, year: int, k: int
) -> IndicatorFigure:
    kind = indicator.value_kind
    if value is None:
        return IndicatorFigure(year, None, False, k, kind, "")
    source = value.source or indicator.manual_source
    if kind == Kind.PEOPLE:
        count = int(value.value.quantize(Decimal(1)))
        return _figure(
            publish_count(max(count, 0), k=k), year=value.year, kind=kind, threshold=k, source=source
        )
    decimals = _decimals(value.value)
    if kind == Kind.SCORE:
        decimals = max(decimals, 1)
    number = float(value.value) if decimals else int(value.value)
    return IndicatorFigure(value.year, number, False, k, kind, source, decimals=decimals)


def _values_of(indicator: Indicator) -> list[IndicatorValue]:
    """The hand-entered values, from a prefetch when there is one (framework_indicator_values)."""
    cache = getattr(indicator, "_prefetched_objects_cache", {})
    if "values" in cache:
        return list(cache["values"])
    return list(IndicatorValue.objects.filter(indicator=indicator).order_by("year"))


def _threshold(indicator: Indicator) -> int:
    return effective_threshold(indicator.workspace.disclosure_threshold)


_READS: ContextVar[dict[tuple[Any, ...], Raw] | None] = ContextVar("policy_indicator_reads", default=None)


@contextmanager
def reading_once(reads: dict[tuple[Any, ...], Raw] | None = None) -> Iterator[None]:
    """Within the block, a live measure is read once per parameters and year: indicators of a page that read
    the same measure (the same reader, neighbourhood, programme, questionnaire and question) share the reading,
    as do a year's current value and the same year in a trend. `reads` keeps the readings beyond the block
    (e.g. over an API page's indicators)."""
    if _READS.get() is not None and reads is None:
        yield
        return
    token = _READS.set({} if reads is None else reads)
    try:
        yield
    finally:
        _READS.reset(token)


def _live(indicator: Indicator, year: int) -> IndicatorFigure:
    k = _threshold(indicator)
    reader = LIVE_READERS.get(indicator.live_key)
    if reader is None or check_parameters(indicator):
        # A parameter was removed (e.g. its questionnaire deleted): nothing to read.
        kind = reader.value_kind if reader else indicator.value_kind
        return IndicatorFigure(year, None, False, k, kind, "")
    reads = _READS.get()
    key = (
        indicator.workspace_id,
        indicator.live_key,
        indicator.neighbourhood_id,
        indicator.programme_id,
        indicator.questionnaire_id,
        indicator.question_id,
        year,
    )
    if reads is not None and key in reads:
        raw = reads[key]
    else:
        raw = reader.read(indicator.workspace, indicator, year)
        if reads is not None:
            reads[key] = raw
    return _figure(raw, year=year, kind=reader.value_kind, threshold=k, source=str(reader.label))


def indicator_value(indicator: Indicator, *, year: int) -> IndicatorFigure:
    """The published value of the indicator for a calendar year (live: read now; by hand: that year's)."""
    if indicator.source == Indicator.Source.LIVE:
        return _live(indicator, year)
    values = {value.year: value for value in _values_of(indicator)}
    return _manual_figure(indicator, values.get(year), year=year, k=_threshold(indicator))


def indicator_series(indicator: Indicator, *, years: Iterable[int]) -> list[IndicatorFigure]:
    """The published values for each year, in the order given: the trend. A live indicator reads each
    year with its reader (one or two queries a year); hand-entered values come in one query."""
    years = list(years)
    if indicator.source == Indicator.Source.LIVE:
        return [_live(indicator, year) for year in years]
    values = {value.year: value for value in _values_of(indicator)}
    k = _threshold(indicator)
    return [_manual_figure(indicator, values.get(year), year=year, k=k) for year in years]


def current_value(indicator: Indicator, *, year: int) -> IndicatorFigure:
    """The value to show as "current" for a year: a live indicator's value for that year; for one
    entered by hand, the newest value of that year or before (its `year` says which)."""
    if indicator.source == Indicator.Source.LIVE:
        return _live(indicator, year)
    k = _threshold(indicator)
    earlier = [value for value in _values_of(indicator) if value.year <= year]
    latest = max(earlier, key=lambda value: value.year, default=None)
    return _manual_figure(indicator, latest, year=year, k=k)


def default_years(indicator: Indicator, *, today: datetime.date | None = None) -> list[int]:
    """The years of an indicator's trend: from the baseline year (or the framework's first year, or the
    first hand-entered value, whichever is earliest) up to this year, at most MAX_TREND_YEARS."""
    this_year = (today or timezone.localdate()).year
    framework = indicator.goal.ambition.framework
    candidates = [framework.start_year]
    if indicator.baseline_year:
        candidates.append(indicator.baseline_year)
    if indicator.source == Indicator.Source.MANUAL:
        candidates += [value.year for value in _values_of(indicator)]
    last = this_year
    if indicator.source == Indicator.Source.MANUAL:
        last = max(
            [this_year, *(value.year for value in _values_of(indicator) if value.year <= this_year + 1)]
        )
    first = max(min(candidates), last - MAX_TREND_YEARS + 1)
    return list(range(min(first, last), last + 1))


# --- progress against the target -------------------------------------------------------------------


@dataclass(frozen=True)
class Progress:
    """Baseline → current → target, and whether the indicator is on track.

    `status`: "reached" (the target is met), "on_track" (at least where a straight line from the
    baseline to the target would be by now, or moving the right way when there are no years),
    "behind", or "unknown" (no target, or no current value to compare, e.g. hidden).
    `share`: whole percent of the way from baseline to target (can be below 0 or above 100).
    """

    status: str
    share: int | None = None
    expected: float | None = None

    LABELS = {
        "reached": _("target reached"),
        "on_track": _("on track"),
        "behind": _("behind"),
        "unknown": _("not known"),
    }

    @property
    def label(self) -> str:
        return str(self.LABELS[self.status])

    @property
    def is_behind(self) -> bool:
        return self.status == "behind"

    @property
    def shows_share(self) -> bool:
        """The share is worth saying while on the way: not once reached, not when moving backwards."""
        return self.status in ("on_track", "behind") and self.share is not None and self.share >= 0


def indicator_progress(indicator: Indicator, current: IndicatorFigure) -> Progress:
    """Where the current value stands between baseline and target, given the direction."""
    if indicator.target is None or current.value is None:
        return Progress("unknown")
    sign = 1 if indicator.direction == Indicator.Direction.UP else -1
    value, target = float(current.value), float(indicator.target)
    if sign * (value - target) >= 0:
        share = None
        if indicator.baseline is not None and float(indicator.baseline) != target:
            share = round(100 * (value - float(indicator.baseline)) / (target - float(indicator.baseline)))
        return Progress("reached", share=share)
    if indicator.baseline is None:
        return Progress("unknown")
    baseline = float(indicator.baseline)
    share = round(100 * (value - baseline) / (target - baseline)) if target != baseline else None
    expected = None
    if (
        indicator.baseline_year
        and indicator.target_year
        and indicator.target_year > indicator.baseline_year
        and current.year >= indicator.baseline_year
    ):
        elapsed = min(
            1.0, (current.year - indicator.baseline_year) / (indicator.target_year - indicator.baseline_year)
        )
        expected = baseline + (target - baseline) * elapsed
        expected = round(expected, 1 if indicator.value_kind == Kind.SCORE else 0)
        on_track = sign * (value - expected) >= 0
    else:
        on_track = sign * (value - baseline) > 0
    return Progress("on_track" if on_track else "behind", share=share, expected=expected)


# --- every indicator of a framework ----------------------------------------------------------------


@dataclass
class FrameworkIndicator:
    """An indicator of a framework with its published value for the year and its progress.

    `indicator.goal` and `indicator.goal.ambition` are loaded (no further queries). `series` holds the
    trend when `trend_years` was given, else it is empty.
    """

    indicator: Indicator
    value: IndicatorFigure
    progress: Progress
    reader: LiveReader | None
    series: list[IndicatorFigure] = field(default_factory=list)

    @property
    def goal(self) -> Any:
        return self.indicator.goal

    @property
    def ambition(self) -> Any:
        return self.indicator.goal.ambition


def framework_indicators(framework: PolicyFramework) -> Any:
    """The framework's indicators in order (ambition, goal, indicator) with what reading them needs:
    goal, ambition, workspace, parameters and hand-entered values (two queries)."""
    return (
        Indicator.objects.filter(workspace_id=framework.workspace_id, goal__ambition__framework=framework)
        .select_related("goal__ambition__framework", "workspace", "neighbourhood", "question")
        .prefetch_related(Prefetch("values", queryset=IndicatorValue.objects.order_by("year")))
        .order_by(
            "goal__ambition__position", "goal__ambition_id", "goal__position", "goal_id", "position", "id"
        )
    )


def framework_indicator_values(
    framework: PolicyFramework, *, year: int, trend_years: Sequence[int] | None = None
) -> list[FrameworkIndicator]:
    """Every indicator of the framework with its current value for `year` (see current_value) and its
    progress, ordered by ambition, goal and indicator.

    Queries: two for the indicators and all their hand-entered values, plus one or two per live
    measure read (per trend year, when trend_years is given; indicators reading the same measure with the
    same parameters share it); never more for more data rows.
    """
    rows = []
    with reading_once():
        for indicator in framework_indicators(framework):
            value = current_value(indicator, year=year)
            rows.append(
                FrameworkIndicator(
                    indicator=indicator,
                    value=value,
                    progress=indicator_progress(indicator, value),
                    reader=LIVE_READERS.get(indicator.live_key)
                    if indicator.source == Indicator.Source.LIVE
                    else None,
                    series=indicator_series(indicator, years=trend_years) if trend_years else [],
                )
            )
    return rows
