"""Results of a questionnaire: per question the published counts, with one breakdown, counted in the database."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ouderpartner.core.languages import PARENT_LANGUAGES
from ouderpartner.core.models import Workspace
from ouderpartner.network.models import Location, Neighbourhood
from ouderpartner.stats import (
    PublishedCount,
    PublishedMean,
    PublishedTable,
    effective_threshold,
    free_text_allowed,
    publish_count,
    publish_mean,
    publish_table,
)
from ouderpartner.voice.models import Answer, Question, Questionnaire, Response
from ouderpartner.voice.selectors import questionnaire_with_questions

ALL = "all"  # the single column when there is no breakdown
UNKNOWN = "unknown"  # a response without a neighbourhood (or place)
CHART_WIDTH = 100  # bars are drawn in a 0-100 viewBox

PERIODS: dict[str, Any] = {
    "month": gettext_lazy("this month"),
    "year": gettext_lazy("this year"),
}
BREAKDOWNS: dict[str, Any] = {
    "place": gettext_lazy("place"),
    "neighbourhood": gettext_lazy("neighbourhood"),
    "language": gettext_lazy("language"),
}
_GROUP_FIELDS = {"place": "location_id", "neighbourhood": "neighbourhood_id", "language": "language"}
_COUNTED_KINDS = (*Question.CHOICE_KINDS, Question.Kind.YES_NO, Question.Kind.SCALE)


@dataclass(frozen=True)
class ResultFilters:
    """What the results page shows: a period, one place (or all), and one breakdown (or none)."""

    period: str = ""
    place: int | None = None
    breakdown: str = ""

    @classmethod
    def from_query(cls, params: Mapping[str, str], *, places: Mapping[int, str]) -> ResultFilters:
        """Unknown or malformed values are ignored (the page shows everything), never an error."""
        period = params.get("period", "")
        breakdown = params.get("breakdown", "")
        try:
            place = int(params.get("place", ""))
        except ValueError:
            place = None
        return cls(
            period=period if period in PERIODS else "",
            place=place if place in places else None,
            breakdown=breakdown if breakdown in BREAKDOWNS else "",
        )

    def as_params(self) -> list[tuple[str, str]]:
        params = [("period", self.period), ("place", str(self.place or "")), ("breakdown", self.breakdown)]
        return [(key, value) for key, value in params if value]


@dataclass(frozen=True)
class Bar:
    label: str
    count: PublishedCount
    width: int  # 0-100, from published values only


@dataclass
class QuestionResult:
    question: Question
    text: str
    row_labels: dict[str, str] = field(default_factory=dict)
    table: PublishedTable | None = None
    bars: list[Bar] = field(default_factory=list)
    mean: PublishedMean | None = None
    group_means: list[tuple[str, PublishedMean]] = field(default_factory=list)
    answered: PublishedCount | None = None
    open_answers: PublishedCount | None = None
    open_answers_allowed: bool = False

    @property
    def is_counted(self) -> bool:
        return self.table is not None

    @property
    def is_multiple(self) -> bool:
        return self.question.kind == Question.Kind.MULTIPLE_CHOICE

    @property
    def column_totals(self) -> list[PublishedCount]:
        if self.table is None:
            return []
        return [self.table.column_totals[key] for key in self.table.columns]

    @property
    def body(self) -> list[tuple[str, Any]]:
        """(row label, TableRow) pairs for the template."""
        if self.table is None:
            return []
        return [(self.row_labels[row.key], row) for row in self.table.body]


@dataclass
class QuestionnaireResults:
    questionnaire: Questionnaire
    threshold: int
    filters: ResultFilters
    responses: PublishedCount
    has_demo: bool
    columns: list[tuple[str, str]]  # (group key, label) of the breakdown, or [(ALL, "Answers")]
    questions: list[QuestionResult]
    places: dict[int, str]


def _text(texts: Mapping[str, str], language: str) -> str:
    return texts.get(language) or texts.get("nl") or next(iter(texts.values()), "")


def results_places(*, workspace: Workspace, questionnaire: Questionnaire) -> dict[int, str]:
    """The places where the questionnaire is (or was) distributed: id → name, by name."""
    rows = (
        Location.objects.filter(workspace=workspace, distributions__questionnaire=questionnaire)
        .order_by("name", "id")
        .values_list("id", "name")
        .distinct()
    )
    return dict(rows)


def submitted_responses(
    *, workspace: Workspace, questionnaire: Questionnaire, filters: ResultFilters
) -> QuerySet[Response]:
    """Submitted responses (demo ones included) in the chosen period and place."""
    qs = Response.objects.filter(workspace=workspace, questionnaire=questionnaire, submitted_at__isnull=False)
    if filters.period:
        today = timezone.localdate()
        start = datetime(today.year, today.month if filters.period == "month" else 1, 1)
        qs = qs.filter(submitted_at__gte=timezone.make_aware(start))
    if filters.place:
        qs = qs.filter(location_id=filters.place)
    return qs


def _group_labels(workspace: Workspace, breakdown: str, keys: set[Any]) -> list[tuple[str, str]]:
    """The breakdown's columns, sorted by label; "unknown" last."""
    known = {key for key in keys if key is not None}
    if breakdown == "place":
        names = dict(Location.objects.filter(workspace=workspace, pk__in=known).values_list("id", "name"))
    elif breakdown == "neighbourhood":
        names = dict(
            Neighbourhood.objects.filter(workspace=workspace, pk__in=known).values_list("id", "name")
        )
    else:
        names = {
            code: PARENT_LANGUAGES[code].native_name if code in PARENT_LANGUAGES else code for code in known
        }
    columns = sorted(((str(key), str(names.get(key, key))) for key in known), key=lambda c: c[1].lower())
    if None in keys:
        columns.append((UNKNOWN, _("unknown")))
    return columns


def _row_labels(question: Question, language: str) -> dict[str, str]:
    if question.kind == Question.Kind.YES_NO:
        return {"yes": _("yes"), "no": _("no")}
    if question.kind == Question.Kind.SCALE:
        return {str(n): str(n) for n in range(question.scale_min, question.scale_max + 1)}
    return {option.value: _text(option.label, language) for option in question.options.all()}


def questionnaire_results(
    *, workspace: Workspace, pk: int, filters_query: Mapping[str, str], language: str
) -> QuestionnaireResults:
    """Everything the results page shows, published; a fixed number of queries whatever the responses."""
    questionnaire = questionnaire_with_questions(workspace=workspace, pk=pk)
    k = effective_threshold(workspace.disclosure_threshold)
    places = results_places(workspace=workspace, questionnaire=questionnaire)
    filters = ResultFilters.from_query(filters_query, places=places)
    responses = submitted_responses(workspace=workspace, questionnaire=questionnaire, filters=filters)
    summary = responses.aggregate(total=Count("id"), demo=Count("id", filter=Q(is_demo=True)))

    group = f"response__{_GROUP_FIELDS[filters.breakdown]}" if filters.breakdown else None
    answers = Answer.objects.filter(response__in=responses.values("id"))
    group_fields = [group] if group else []

    # Choices are JSON lists: one query for the pairs, counted here (portable between SQLite and PostgreSQL).
    counts: dict[int, dict[str, dict[str, int]]] = defaultdict(lambda: defaultdict(lambda: defaultdict(int)))
    keys: set[Any] = set()
    choice_kinds = (*Question.CHOICE_KINDS, Question.Kind.YES_NO)
    for row in answers.filter(question__kind__in=choice_kinds).values_list(
        "question_id", "choices", *group_fields
    ):
        key = row[2] if group else ALL
        keys.add(key)
        for choice in row[1] if isinstance(row[1], list) else []:
            counts[row[0]][str(choice)][_column(key)] += 1
    scale_rows = (
        answers.filter(question__kind=Question.Kind.SCALE, number__isnull=False)
        .values("question_id", "number", *group_fields)
        .annotate(n=Count("id"))
        .order_by()
    )
    for row in scale_rows:
        key = row[group] if group else ALL
        keys.add(key)
        counts[row["question_id"]][str(row["number"])][_column(key)] += row["n"]
    number_rows = (
        answers.filter(question__kind=Question.Kind.NUMBER, number__isnull=False)
        .values("question_id", *group_fields)
        .annotate(n=Count("id"), total=Sum("number"))
        .order_by()
    )
    sums: dict[int, dict[str, tuple[int, int]]] = defaultdict(dict)
    for row in number_rows:
        key = row[group] if group else ALL
        keys.add(key)
        sums[row["question_id"]][_column(key)] = (row["total"], row["n"])
    open_counts = dict(
        answers.filter(question__kind__in=Question.TEXT_KINDS)
        .exclude(text="")
        .values("question_id")
        .annotate(n=Count("id"))
        .order_by()
        .values_list("question_id", "n")
    )

    columns = _group_labels(workspace, filters.breakdown, keys) if group else [(ALL, _("Answers"))]
    column_keys = [key for key, _label in columns]
    column_labels = dict(columns)
    results = []
    for question in questionnaire.ordered_questions:
        result = QuestionResult(question=question, text=_text(question.text, language))
        if question.kind in _COUNTED_KINDS:
            result.row_labels = _row_labels(question, language)
            per_row = counts.get(question.pk, {})
            table_rows = {
                value: {column: n for column, n in per_row.get(value, {}).items() if column in column_keys}
                for value in result.row_labels
            }
            result.table = publish_table(table_rows, k=k, columns=column_keys)
            result.bars = _bars(result)
        elif question.kind == Question.Kind.NUMBER:
            groups = sums.get(question.pk, {})
            total = sum(t for t, _n in groups.values())
            count = sum(n for _t, n in groups.values())
            result.mean = publish_mean(total=total, count=count, k=k)
            result.answered = publish_count(count, k=k)
            if group:
                result.group_means = [
                    (
                        column_labels[key],
                        publish_mean(total=groups.get(key, (0, 0))[0], count=groups.get(key, (0, 0))[1], k=k),
                    )
                    for key in column_keys
                ]
        else:
            n = open_counts.get(question.pk, 0)
            result.open_answers = publish_count(n, k=k)
            result.open_answers_allowed = free_text_allowed(n, k=k)
        results.append(result)
    return QuestionnaireResults(
        questionnaire=questionnaire,
        threshold=k,
        filters=filters,
        responses=publish_count(summary["total"], k=k),
        has_demo=summary["demo"] > 0,
        columns=columns,
        questions=results,
        places=places,
    )


def _column(key: Any) -> str:
    return UNKNOWN if key is None else str(key)


def _bars(result: QuestionResult) -> list[Bar]:
    """One bar per answer from the PUBLISHED totals (rounded or hidden), never from the raw counts."""
    table = result.table
    assert table is not None
    totals = [(key, table.row_totals[key]) for key in table.rows]
    largest = max((count.value or 0 for _key, count in totals), default=0)
    return [
        Bar(
            label=result.row_labels[key],
            count=count,
            width=round(CHART_WIDTH * (count.value or 0) / largest) if largest else 0,
        )
        for key, count in totals
    ]
