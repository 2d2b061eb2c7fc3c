"""Results of a questionnaire: per question the published counts, with one breakdown, counted in the database."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db.models import Count, F, Q, QuerySet, Window
from django.db.models.functions import RowNumber
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ouderpartner.core.languages import PARENT_LANGUAGES
from ouderpartner.core.models import Workspace
from ouderpartner.network.models import Location, Neighbourhood
from ouderpartner.stats import (
    FREE_TEXT_MIN_RESPONDENTS,
    PublishedCount,
    PublishedMean,
    PublishedTable,
    effective_threshold,
    free_text_allowed,
    publish_count,
    publish_mean,
    publish_table,
)
from ouderpartner.voice import tallies
from ouderpartner.voice.feedback import feedback_for_results
from ouderpartner.voice.models import Answer, Feedback, Question, Questionnaire, Response
from ouderpartner.voice.parent_texts import text_direction
from ouderpartner.voice.selectors import questionnaire_with_questions
from ouderpartner.voice.theme_services import PublishedTheme, published_themes

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
MAX_QUOTES = 20  # approved open answers quoted per question, newest first


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


@dataclass(frozen=True)
class Quote:
    """An approved open answer, in the language the parent wrote it in."""

    text: str
    language: str

    @property
    def direction(self) -> str:
        return text_direction(self.language)


@dataclass(frozen=True)
class FeedbackItem:
    """ "You said, we did", in the reader's language (Dutch where it is missing), with the language it is in."""

    said: str
    said_language: str
    done: str
    done_language: str
    theme: str


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
    themes: list[PublishedTheme] = field(default_factory=list)  # accepted themes, when answers may be read
    quotes: list[Quote] = field(default_factory=list)
    quotes_more: PublishedCount | None = None  # approved answers beyond the ones quoted
    quotes_held_back: PublishedCount | None = None  # approved, but in a language too few parents used here
    pending: PublishedCount | None = None  # waiting for moderation (told to coordinators)

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
    free_text_allowed: bool = False  # enough parents in this selection to quote open answers
    free_text_minimum: int = 10
    feedback: list[FeedbackItem] = field(default_factory=list)


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


def _period_start(period: str) -> date | None:
    """The first day of the period (this month, this year), in local time; None for all time."""
    if not period:
        return None
    today = timezone.localdate()
    return date(today.year, today.month if period == "month" else 1, 1)


def submitted_responses(
    *, workspace: Workspace, questionnaire: Questionnaire, filters: ResultFilters
) -> QuerySet[Response]:
    """Submitted responses (demo ones included) in the chosen period and place."""
    qs = Response.objects.filter(workspace=workspace, questionnaire=questionnaire, submitted_at__isnull=False)
    start = _period_start(filters.period)
    if start:
        qs = qs.filter(submitted_at__gte=timezone.make_aware(datetime(start.year, start.month, start.day)))
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
    themes = published_themes(questionnaire=questionnaire, responses=responses, k=k)
    # Per language: the total, and which language groups are large enough to quote (see _quotes).
    per_language = list(
        responses.order_by()
        .values("language")
        .annotate(total=Count("id"), demo=Count("id", filter=Q(is_demo=True)))
        .values_list("language", "total", "demo")
    )
    respondents = sum(n for _language, n, _demo in per_language)
    quotable = free_text_allowed(respondents, k=k)
    quotable_languages = {code for code, n, _demo in per_language if free_text_allowed(n, k=k)}

    group = f"response__{_GROUP_FIELDS[filters.breakdown]}" if filters.breakdown else None
    group_fields = [group] if group else []
    # Only this questionnaire's questions, by id: the database then reads this questionnaire's answers
    # through the question index, never every answer of that kind in every workspace.
    kinds = {question.pk: question.kind for question in questionnaire.ordered_questions}
    counted_ids = [pk for pk, kind in kinds.items() if kind in (*_COUNTED_KINDS, Question.Kind.NUMBER)]
    text_ids = [pk for pk, kind in kinds.items() if kind in Question.TEXT_KINDS]
    in_selection = Q(response__in=responses.values("id"))

    # Choices, scale points and numbers in one pass, grouped in the database by the stored value: a
    # choice list is one JSON value (a few distinct lists per question), expanded into its options here,
    # so the count is portable between SQLite and PostgreSQL and the rows returned stay few.
    counts: dict[int, dict[str, dict[str, int]]] = defaultdict(lambda: defaultdict(lambda: defaultdict(int)))
    sums: dict[int, dict[str, tuple[int, int]]] = defaultdict(dict)
    keys: set[Any] = set()
    value_rows = tallies.tally_counts(
        questionnaire=questionnaire,
        breakdown=filters.breakdown,
        place=filters.place,
        since=_period_start(filters.period),
    )
    if value_rows is None:
        value_rows = list(
            Answer.objects.filter(in_selection, question_id__in=counted_ids)
            .values("question_id", "choices", "number", *group_fields)
            .annotate(n=Count("id"))
            .order_by()
            .values_list("question_id", "choices", "number", *group_fields, "n")
        )
    for row in value_rows:
        question_id, choices, number, n = row[0], row[1], row[2], row[-1]
        key = row[3] if group else ALL
        kind = kinds.get(question_id)
        if kind not in (*_COUNTED_KINDS, Question.Kind.NUMBER):
            continue  # the tally counts every question; open answers are counted below
        if kind == Question.Kind.NUMBER:
            if number is None:
                continue
            keys.add(key)
            total, count = sums[question_id].get(_column(key), (0, 0))
            sums[question_id][_column(key)] = (total + number * n, count + n)
        elif kind == Question.Kind.SCALE:
            if number is None:
                continue
            keys.add(key)
            counts[question_id][str(number)][_column(key)] += n
        else:
            keys.add(key)
            for choice in choices if isinstance(choices, list) else []:
                counts[question_id][str(choice)][_column(key)] += n
    open_answers = Answer.objects.filter(in_selection, question_id__in=text_ids).exclude(text="")
    open_counts: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for question_id, moderation, written_in, n in (
        open_answers.values("question_id", "moderation", "response__language")
        .annotate(n=Count("response_id"))  # not "id": then the open answers' index alone answers it
        .order_by()
        .values_list("question_id", "moderation", "response__language", "n")
    ):
        counted = open_counts[question_id]
        counted["all"] += n
        if moderation == Answer.Moderation.PENDING:
            counted["pending"] += n
        elif moderation == Answer.Moderation.APPROVED:
            counted["quotable" if written_in in quotable_languages else "held_back"] += n
    quotes = _quotes(open_answers, quotable_languages if quotable else set())

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
            counted = open_counts.get(question.pk, {})
            result.open_answers = publish_count(counted.get("all", 0), k=k)
            result.open_answers_allowed = quotable
            result.pending = publish_count(counted.get("pending", 0), k=k)
            if quotable:
                result.quotes = quotes.get(question.pk, [])
                result.quotes_more = publish_count(counted.get("quotable", 0) - len(result.quotes), k=k)
                result.quotes_held_back = publish_count(counted.get("held_back", 0), k=k)
        if question.kind in Question.TEXT_KINDS and result.open_answers_allowed:
            result.themes = themes.get(question.pk, [])  # the same groups as open answers (rule 4)
        results.append(result)
    return QuestionnaireResults(
        questionnaire=questionnaire,
        threshold=k,
        filters=filters,
        responses=publish_count(respondents, k=k),
        has_demo=any(demo for _language, _n, demo in per_language),
        columns=columns,
        questions=results,
        places=places,
        free_text_allowed=quotable,
        free_text_minimum=max(FREE_TEXT_MIN_RESPONDENTS, k),
        feedback=[
            _feedback_item(item, language)
            for item in feedback_for_results(workspace=workspace, questionnaire=questionnaire)
        ],
    )


def _quotes(open_answers: QuerySet[Answer], languages: set[str]) -> dict[int, list[Quote]]:
    """Per question the newest approved answers (at most MAX_QUOTES), in one query whatever their number.

    Only answers in a language that enough parents in this selection used: one Tigrinya answer among
    fifty Dutch ones would point to the one parent who answered in Tigrinya.
    """
    # No language: still one query (matching nothing), so that the page's query count stays the same.
    languages = languages or {""}
    newest = Window(
        RowNumber(),
        partition_by=[F("question_id")],
        order_by=[F("response__submitted_at").desc(), F("id").desc()],
    )
    rows = (
        open_answers.filter(moderation=Answer.Moderation.APPROVED, response__language__in=languages)
        .annotate(rank=newest)
        .filter(rank__lte=MAX_QUOTES)
        .order_by("question_id", "rank")
        .values_list("question_id", "text", "response__language")
    )
    quotes: dict[int, list[Quote]] = defaultdict(list)
    for question_id, text, language in rows:
        quotes[question_id].append(Quote(text=text, language=language))
    return quotes


def _feedback_item(item: Feedback, language: str) -> FeedbackItem:
    def written_in(texts: Mapping[str, str]) -> str:
        return language if (texts or {}).get(language) else "nl"

    return FeedbackItem(
        said=item.text("said", language),
        said_language=written_in(item.said),
        done=item.text("done", language),
        done_language=written_in(item.done),
        theme=item.theme.name if item.theme else "",
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
