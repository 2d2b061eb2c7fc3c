"""Insights across questionnaires and conversations: what parents bring up, where, in which language, when.

Everything here is an aggregate counted in the database and published through ouderpartner.stats
(k from the workspace, never below 5, secondary suppression in every table). Conversation records
count for the whole workspace: the figures are published aggregates, like questionnaire results,
so every member may see them; the records themselves stay with their organisation.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ouderpartner.core.languages import PARENT_LANGUAGES
from ouderpartner.core.models import Workspace
from ouderpartner.network.models import Location, Neighbourhood
from ouderpartner.stats import (
    PublishedSeries,
    PublishedTable,
    effective_threshold,
    publish_series,
    publish_table,
)
from ouderpartner.stats.charts import bar_chart, line_chart
from ouderpartner.voice import tallies
from ouderpartner.voice.conversations import THEME_FIELDS
from ouderpartner.voice.models import (
    Answer,
    Conversation,
    Option,
    Question,
    Questionnaire,
    Response,
    ResultTally,
    Theme,
)

UNKNOWN = "unknown"
TOTAL = "total"

PERIODS: dict[str, Any] = {
    "12m": gettext_lazy("last 12 months"),
    "year": gettext_lazy("this year"),
    "last_year": gettext_lazy("last year"),
    "all": gettext_lazy("all time"),
}
DEFAULT_PERIOD = "12m"
BREAKDOWNS: dict[str, Any] = {
    "neighbourhood": gettext_lazy("neighbourhood"),
    "place": gettext_lazy("place"),
    "language": gettext_lazy("language"),
    "age": gettext_lazy("age of the child"),
}
# The field to group by, on a response and on a conversation (responses have no child's age).
_RESPONSE_GROUPS = {"neighbourhood": "neighbourhood_id", "place": "location_id", "language": "language"}
_CONVERSATION_GROUPS = {**_RESPONSE_GROUPS, "age": "child_age_band"}
_SHARED_KINDS = (*Question.CHOICE_KINDS, Question.Kind.YES_NO, Question.Kind.SCALE)
THEME_LABELS: dict[str, Any] = {
    "needs": gettext_lazy("needs and expectations"),
    "questions": gettext_lazy("questions"),
    "successes": gettext_lazy("successes"),
    "strengths": gettext_lazy("strengths"),
}


@dataclass(frozen=True)
class OverviewFilters:
    """Period, one neighbourhood, place and language (or all), and the breakdown of the tables."""

    period: str = DEFAULT_PERIOD
    neighbourhood: int | None = None
    place: int | None = None
    language: str = ""
    breakdown: str = ""

    @classmethod
    def from_query(
        cls,
        params: Mapping[str, str],
        *,
        neighbourhoods: Mapping[int, str],
        places: Mapping[int, str],
        languages: Mapping[str, str],
    ) -> OverviewFilters:
        """Unknown or malformed values are ignored (the page shows everything), never an error."""

        def number(name: str, allowed: Mapping[int, str]) -> int | None:
            try:
                value = int(params.get(name, ""))
            except ValueError:
                return None
            return value if value in allowed else None

        period = params.get("period", DEFAULT_PERIOD)
        language = params.get("language", "")
        breakdown = params.get("breakdown", "")
        return cls(
            period=period if period in PERIODS else DEFAULT_PERIOD,
            neighbourhood=number("neighbourhood", neighbourhoods),
            place=number("place", places),
            language=language if language in languages else "",
            breakdown=breakdown if breakdown in BREAKDOWNS else "",
        )

    def as_params(self) -> list[tuple[str, str]]:
        params = [
            ("period", self.period if self.period != DEFAULT_PERIOD else ""),
            ("neighbourhood", str(self.neighbourhood or "")),
            ("place", str(self.place or "")),
            ("language", self.language),
            ("breakdown", self.breakdown),
        ]
        return [(key, value) for key, value in params if value]

    def date_range(self, today: datetime.date) -> tuple[datetime.date | None, datetime.date | None]:
        """First and last day (inclusive) of the period; None for an open end."""
        if self.period == "12m":
            start = today.replace(day=1)
            for _month in range(11):
                start = (start - datetime.timedelta(days=1)).replace(day=1)
            return start, None
        if self.period == "year":
            return today.replace(month=1, day=1), None
        if self.period == "last_year":
            return datetime.date(today.year - 1, 1, 1), datetime.date(today.year - 1, 12, 31)
        return None, None


@dataclass
class Breakdown:
    """A published table with readable row and column labels, a chart of its row totals, and its meaning."""

    table: PublishedTable
    row_labels: dict[Any, str]
    column_labels: dict[Any, str]
    chart: dict[str, Any] | None = None

    @property
    def body(self) -> list[tuple[str, Any]]:
        return [(self.row_labels[row.key], row) for row in self.table.body]

    @property
    def columns(self) -> list[tuple[Any, str]]:
        return [(key, self.column_labels[key]) for key in self.table.columns]

    @property
    def column_totals(self) -> list[Any]:
        return [self.table.column_totals[key] for key in self.table.columns]

    def as_json(self) -> dict[str, Any]:
        data = self.table.as_json()
        data["columns"] = [{"key": str(key), "label": label} for key, label in self.columns]
        for row in data["rows"]:
            row["label"] = self.row_labels[row["key"]]
            row["key"] = str(row["key"])
        return data


@dataclass
class SharedQuestion:
    """A question asked (by its short name) in several questionnaires, counted together."""

    name: str
    text: str
    breakdown: Breakdown


@dataclass
class ThemeCounts:
    series: PublishedSeries
    labels: dict[int, str]
    chart: dict[str, Any] | None = None

    @property
    def items(self) -> list[tuple[str, Any]]:
        return [(self.labels[key], count) for key, count in self.series.counts.items()]


@dataclass
class VoiceOverview:
    threshold: int
    filters: OverviewFilters
    start: datetime.date | None
    end: datetime.date | None
    neighbourhoods: dict[int, str]
    places: dict[int, str]
    languages: dict[str, str]
    has_demo: bool
    monthly: Breakdown
    monthly_chart: dict[str, Any] | None
    tags: Breakdown
    conversation_themes: ThemeCounts
    questionnaires: Breakdown
    answer_themes: ThemeCounts
    shared_questions: list[SharedQuestion] = field(default_factory=list)

    @property
    def breakdown_label(self) -> str:
        return str(BREAKDOWNS.get(self.filters.breakdown, ""))


def _language_name(code: str) -> str:
    return PARENT_LANGUAGES[code].native_name if code in PARENT_LANGUAGES else code


def _text(texts: Mapping[str, str], language: str) -> str:
    return texts.get(language) or texts.get("nl") or next(iter(texts.values()), "")


def filter_options(workspace: Workspace) -> tuple[dict[int, str], dict[int, str], dict[str, str]]:
    """Neighbourhoods, places and languages that occur in the workspace's responses or conversations."""
    fields = ("neighbourhood_id", "location_id", "language")
    combinations = set(
        Response.objects.filter(workspace=workspace, submitted_at__isnull=False)
        .order_by()
        .values_list(*fields)
        .distinct()
    ) | set(Conversation.objects.filter(workspace=workspace).order_by().values_list(*fields).distinct())
    neighbourhood_ids = {row[0] for row in combinations}
    place_ids = {row[1] for row in combinations}
    codes = {row[2] for row in combinations}
    neighbourhoods = dict(
        Neighbourhood.objects.filter(workspace=workspace, pk__in=neighbourhood_ids - {None})
        .order_by("name", "id")
        .values_list("id", "name")
    )
    places = dict(
        Location.objects.filter(workspace=workspace, pk__in=place_ids - {None})
        .order_by("name", "id")
        .values_list("id", "name")
    )
    languages = dict(sorted(((code, _language_name(code)) for code in codes if code), key=lambda c: c[1]))
    return neighbourhoods, places, languages


def _filtered(
    responses: QuerySet[Response], conversations: QuerySet[Conversation], filters: OverviewFilters, today
) -> tuple[QuerySet[Response], QuerySet[Conversation], datetime.date | None, datetime.date | None]:
    start, end = filters.date_range(today)
    # Local days as a range of moments (not submitted_at::date), so the index on (workspace, submitted_at)
    # is read for that range only.
    if start:
        responses = responses.filter(submitted_at__gte=_midnight(start))
        conversations = conversations.filter(date__gte=start)
    if end:
        responses = responses.filter(submitted_at__lt=_midnight(end + datetime.timedelta(days=1)))
        conversations = conversations.filter(date__lte=end)
    for name, value in (
        ("neighbourhood_id", filters.neighbourhood),
        ("location_id", filters.place),
        ("language", filters.language),
    ):
        if value:
            responses = responses.filter(**{name: value})
            conversations = conversations.filter(**{name: value})
    return responses, conversations, start, end


def _midnight(day: datetime.date) -> datetime.datetime:
    """The start of a local day."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


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
    responses: QuerySet[Response],
    conversations: QuerySet[Conversation],
    start: datetime.date | None,
    last_day: datetime.date,
    k: int,
) -> Breakdown:
    counts: dict[datetime.date, dict[str, int]] = defaultdict(dict)
    by_month = (
        responses.annotate(month=TruncMonth("submitted_at"))
        .values("month")
        .annotate(n=Count("id"))
        .order_by()
    )
    for row in by_month:
        counts[_month(row["month"])]["responses"] = row["n"]
    for row in (
        conversations.annotate(month=TruncMonth("date")).values("month").annotate(n=Count("id")).order_by()
    ):
        counts[_month(row["month"])]["conversations"] = row["n"]
    if start:
        months = _months(start, last_day)
    elif counts:
        months = _months(min(counts), max(max(counts), last_day.replace(day=1)))
    else:
        months = []
    columns = ["responses", "conversations"]
    table = publish_table({month: counts.get(month, {}) for month in months}, k=k, columns=columns)
    return Breakdown(
        table=table,
        row_labels={month: date_format(month, "M Y") for month in months},
        column_labels={"responses": _("Questionnaire answers"), "conversations": _("Conversations")},
    )


def _group_labels(
    names_by_breakdown: Mapping[str, Mapping[Any, str]], breakdown: str, keys: set[Any]
) -> dict[Any, str]:
    """Column labels of a breakdown, sorted; the names come from the filter options (no extra query)."""
    known = {key for key in keys if key not in (None, "")}
    if breakdown in ("place", "neighbourhood"):
        names = names_by_breakdown[breakdown]
    elif breakdown == "age":
        names = {key: str(label) for key, label in Conversation.AgeBand.choices}
    else:
        names = {code: _language_name(code) for code in known}
    labels = dict(sorted(((str(key), str(names.get(key, key))) for key in known), key=lambda c: c[1].lower()))
    if keys - known:
        labels[UNKNOWN] = _("unknown")
    return labels


def _column(key: Any) -> str:
    return UNKNOWN if key in (None, "") else str(key)


def _tags(
    names_by_breakdown: Mapping[str, Mapping[Any, str]],
    conversations: QuerySet[Conversation],
    breakdown: str,
    k: int,
) -> Breakdown:
    group = _CONVERSATION_GROUPS.get(breakdown)
    through = Conversation.tags.through
    fields = ["conversationtag_id", "conversationtag__name"] + ([f"conversation__{group}"] if group else [])
    rows = (
        through.objects.filter(conversation__in=conversations.values("id"))
        .values(*fields)
        .annotate(n=Count("conversation_id"))
        .order_by()
    )
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    names: dict[int, str] = {}
    keys: set[Any] = set()
    for row in rows:
        tag = row["conversationtag_id"]
        names[tag] = row["conversationtag__name"]
        key = row[f"conversation__{group}"] if group else TOTAL
        keys.add(key)
        counts[tag][_column(key)] = counts[tag].get(_column(key), 0) + row["n"]
    order = sorted(names, key=lambda tag: (-sum(counts[tag].values()), names[tag].lower()))
    column_labels = (
        _group_labels(names_by_breakdown, breakdown, keys) if group else {TOTAL: _("Conversations")}
    )
    table = publish_table({tag: counts[tag] for tag in order}, k=k, columns=list(column_labels))
    result = Breakdown(table=table, row_labels=names, column_labels=column_labels)
    result.chart = bar_chart(
        [(names[tag], table.row_totals[tag]) for tag in table.rows],
        description=_("Conversations per tag (published figures)."),
        axis_title=_("Conversations"),
    )
    return result


def _conversation_themes(conversations: QuerySet[Conversation], k: int) -> ThemeCounts:
    aggregates = conversations.aggregate(
        **{name: Count("id", filter=~Q(**{name: ""})) for name in THEME_FIELDS}
    )
    series = publish_series({name: aggregates[name] or 0 for name in THEME_FIELDS}, k=k)
    labels = {name: str(THEME_LABELS[name]) for name in THEME_FIELDS}
    return ThemeCounts(series=series, labels=labels)


def _questionnaires(
    workspace: Workspace,
    names_by_breakdown: Mapping[str, Mapping[Any, str]],
    responses: QuerySet[Response],
    breakdown: str,
    language: str,
    k: int,
) -> Breakdown:
    group = _RESPONSE_GROUPS.get(breakdown)
    fields = ["questionnaire_id", *([group] if group else [])]
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    keys: set[Any] = set()
    for row in responses.values(*fields).annotate(n=Count("id")).order_by():
        key = row[group] if group else TOTAL
        keys.add(key)
        counts[row["questionnaire_id"]][_column(key)] = row["n"]
    titles = {
        pk: _text(title, language)
        for pk, title in Questionnaire.objects.filter(workspace=workspace, pk__in=counts).values_list(
            "id", "title"
        )
    }
    order = sorted(titles, key=lambda pk: titles[pk].lower())
    column_labels = _group_labels(names_by_breakdown, breakdown, keys) if group else {TOTAL: _("Answers")}
    table = publish_table({pk: counts[pk] for pk in order}, k=k, columns=list(column_labels))
    result = Breakdown(table=table, row_labels=titles, column_labels=column_labels)
    result.chart = bar_chart(
        [(titles[pk], table.row_totals[pk]) for pk in table.rows],
        description=_("Questionnaire answers per questionnaire (published figures)."),
        axis_title=_("Answers"),
    )
    return result


def _answer_themes(responses: QuerySet[Response], language: str, k: int) -> ThemeCounts:
    """Accepted themes in open answers that a coordinator approved or has not hidden."""
    through = Answer.themes.through
    rows = (
        through.objects.filter(
            theme__status=Theme.Status.ACCEPTED, answer__response__in=responses.values("id")
        )
        .exclude(answer__moderation=Answer.Moderation.HIDDEN)
        .values("theme_id", "theme__name", "theme__questionnaire__title")
        .annotate(n=Count("answer_id"))
        .order_by()
    )
    counts = {}
    labels = {}
    for row in rows:
        counts[row["theme_id"]] = row["n"]
        labels[row["theme_id"]] = (
            f"{row['theme__name']} ({_text(row['theme__questionnaire__title'], language)})"
        )
    order = sorted(counts, key=lambda pk: (-counts[pk], labels[pk].lower()))
    series = publish_series({pk: counts[pk] for pk in order}, k=k)
    result = ThemeCounts(series=series, labels=labels)
    result.chart = bar_chart(
        [(labels[pk], series.counts[pk]) for pk in series.counts],
        description=_("Open answers per theme (published figures)."),
        axis_title=_("Answers"),
    )
    return result


def _shared_counts(
    responses: QuerySet[Response], questions: list[Question], filters: OverviewFilters
) -> list[tuple[int, Any, Any, int]]:
    """(question id, chosen options, number, answers) of the shared questions among the responses, grouped
    in the database; from the results tally (ouderpartner.voice.tallies) when it can serve the filters
    (on PostgreSQL, with at most one of neighbourhood, place and language)."""
    chosen = [
        (dimension, str(value))
        for dimension, value in (
            (ResultTally.Dimension.NEIGHBOURHOOD, filters.neighbourhood),
            (ResultTally.Dimension.LOCATION, filters.place),
            (ResultTally.Dimension.LANGUAGE, filters.language),
        )
        if value
    ]
    if tallies.enabled() and len(chosen) <= 1:
        start, end = filters.date_range(timezone.localdate())
        dimension, key = chosen[0] if chosen else (ResultTally.Dimension.NONE, None)
        return tallies.tally_values(
            question_ids=[q.pk for q in questions],
            questionnaire_ids=sorted({q.questionnaire_id for q in questions}),
            dimension=dimension,
            key=key,
            first_month=start,
            last_day=end,
        )
    return list(
        Answer.objects.filter(response__in=responses.values("id"), question__in=questions)
        .values("question_id", "choices", "number")
        .annotate(n=Count("id"))
        .order_by()
        .values_list("question_id", "choices", "number", "n")
    )


def _shared_questions(
    workspace: Workspace, responses: QuerySet[Response], language: str, k: int, filters: OverviewFilters
) -> list[SharedQuestion]:
    """Questions with the same short name in two or more questionnaires (e.g. from one template)."""
    shared_names = [
        row["name"]
        for row in Question.objects.filter(questionnaire__workspace=workspace, kind__in=_SHARED_KINDS)
        .values("name")
        .annotate(n=Count("questionnaire", distinct=True))
        .filter(n__gte=2)
        .order_by("name")
    ]
    if not shared_names:
        return []
    questions = list(
        Question.objects.filter(questionnaire__workspace=workspace, name__in=shared_names)
        .select_related("questionnaire")
        .order_by("name", "questionnaire_id")
    )
    options = Option.objects.filter(question__in=questions).order_by("question_id", "position", "id")
    values: dict[str, dict[str, str]] = defaultdict(dict)  # name → option value → label
    for option in options:
        name = next(q.name for q in questions if q.pk == option.question_id)
        values[name].setdefault(option.value, _text(option.label, language))
    counts: dict[str, dict[str, dict[int, int]]] = defaultdict(lambda: defaultdict(dict))
    by_id = {q.pk: q for q in questions}
    rows = _shared_counts(responses, questions, filters)
    for question_id, choices, number, n in rows:
        question = by_id[question_id]
        chosen = (
            choices if isinstance(choices, list) and choices else ([number] if number is not None else [])
        )
        for value in chosen:
            cell = counts[question.name][str(value)]
            cell[question.questionnaire_id] = cell.get(question.questionnaire_id, 0) + n
    result = []
    for name in shared_names:
        group = [q for q in questions if q.name == name]
        first = group[0]
        if first.kind == Question.Kind.YES_NO:
            row_labels = {"yes": _("yes"), "no": _("no")}
        elif first.kind == Question.Kind.SCALE:
            low = min(q.scale_min for q in group)
            high = max(q.scale_max for q in group)
            row_labels = {str(n): str(n) for n in range(low, high + 1)}
        else:
            row_labels = dict(values[name])
        column_labels = {q.questionnaire_id: _text(q.questionnaire.title, language) for q in group}
        table = publish_table(
            {value: counts[name].get(value, {}) for value in row_labels}, k=k, columns=list(column_labels)
        )
        breakdown = Breakdown(table=table, row_labels=row_labels, column_labels=column_labels)
        breakdown.chart = bar_chart(
            [(row_labels[value], table.row_totals[value]) for value in table.rows],
            description=_("Answers across questionnaires (published figures)."),
            axis_title=_("Answers"),
        )
        result.append(SharedQuestion(name=name, text=_text(first.text, language), breakdown=breakdown))
    return result


def voice_overview(*, workspace: Workspace, params: Mapping[str, str], language: str) -> VoiceOverview:
    """Everything the insights page shows, published; a fixed number of queries whatever the data."""
    k = effective_threshold(workspace.disclosure_threshold)
    neighbourhoods, places, languages = filter_options(workspace)
    filters = OverviewFilters.from_query(
        params, neighbourhoods=neighbourhoods, places=places, languages=languages
    )
    names = {"place": places, "neighbourhood": neighbourhoods}
    today = timezone.localdate()
    responses, conversations, start, end = _filtered(
        Response.objects.filter(workspace=workspace, submitted_at__isnull=False),
        Conversation.objects.filter(workspace=workspace),
        filters,
        today,
    )
    monthly = _monthly(responses, conversations, start, min(today, end) if end else today, k)
    monthly_chart = line_chart(
        monthly.table,
        row_labels=monthly.row_labels,
        column_labels=monthly.column_labels,
        description=_("Questionnaire answers and conversations per month (published figures)."),
        axis_title=_("Number"),
    )
    return VoiceOverview(
        threshold=k,
        filters=filters,
        start=start,
        end=end,
        neighbourhoods=neighbourhoods,
        places=places,
        languages=languages,
        has_demo=responses.filter(is_demo=True).exists(),
        monthly=monthly,
        monthly_chart=monthly_chart,
        tags=_tags(names, conversations, filters.breakdown, k),
        conversation_themes=_conversation_themes(conversations, k),
        questionnaires=_questionnaires(workspace, names, responses, filters.breakdown, language, k),
        answer_themes=_answer_themes(responses, language, k),
        shared_questions=_shared_questions(workspace, responses, language, k, filters),
    )
