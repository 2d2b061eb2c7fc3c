"""Reads for goals, indicators and actions (workspace first); values through indicators.py."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Case, F, IntegerField, Prefetch, Q, QuerySet, Value, When
from django.utils import timezone

from ouderpartner.core.access import get_object_in_workspace
from ouderpartner.core.models import Workspace
from ouderpartner.network.models import Neighbourhood, Organisation
from ouderpartner.programmes.models import Programme
from ouderpartner.voice.models import Question, Questionnaire

from .indicators import (
    LIVE_READERS,
    IndicatorFigure,
    LiveReader,
    Progress,
    current_value,
    default_years,
    indicator_progress,
    indicator_series,
    reading_once,
)
from .models import Action, Ambition, Goal, Indicator, IndicatorValue

__all__ = [
    "OPEN_STATUSES",
    "ActionFilters",
    "IndicatorReading",
    "action_list",
    "ambition_actions",
    "ambition_goals",
    "indicator_progress",
    "indicator_reading",
    "is_overdue",
]

OPEN_STATUSES = (Action.Status.PLANNED, Action.Status.IN_PROGRESS)


@dataclass
class IndicatorReading:
    """An indicator with its current value, progress and (on its own page) its trend."""

    indicator: Indicator
    value: IndicatorFigure
    progress: Progress
    reader: LiveReader | None
    series: list[IndicatorFigure] = field(default_factory=list)


def _indicators_queryset() -> QuerySet[Indicator]:
    return Indicator.objects.select_related("neighbourhood", "programme", "question").prefetch_related(
        Prefetch("values", queryset=IndicatorValue.objects.order_by("year"))
    )


def _reading(indicator: Indicator, *, year: int, trend: bool = False) -> IndicatorReading:
    series = indicator_series(indicator, years=default_years(indicator)) if trend else []
    # A live indicator's current value is its trend's value for that year: read it once.
    same_year = [figure for figure in series if figure.year == year]
    if indicator.source == Indicator.Source.LIVE and same_year:
        value = same_year[0]
    else:
        value = current_value(indicator, year=year)
    return IndicatorReading(
        indicator=indicator,
        value=value,
        progress=indicator_progress(indicator, value),
        reader=LIVE_READERS.get(indicator.live_key) if indicator.source == Indicator.Source.LIVE else None,
        series=series,
    )


def ambition_goals(*, workspace: Workspace, ambition: Ambition, year: int | None = None) -> list[Goal]:
    """The ambition's goals in order, each with `.readings` (its indicators with current values).

    Three queries, plus one or two per live measure read (indicators reading the same share it).
    """
    year = year or timezone.localdate().year
    goals = list(
        Goal.objects.filter(workspace=workspace, ambition=ambition)
        .order_by("position", "id")
        .prefetch_related(Prefetch("indicators", queryset=_indicators_queryset().order_by("position", "id")))
    )
    with reading_once():
        for goal in goals:
            goal.ambition = ambition
            readings = []
            for indicator in goal.indicators.all():
                indicator.workspace = workspace
                indicator.goal = goal
                readings.append(_reading(indicator, year=year))
            goal.readings = readings
    return goals


def indicator_reading(*, workspace: Workspace, pk: int, year: int | None = None) -> IndicatorReading:
    """One indicator with its current value, progress and trend (for its own page); 404 outside."""
    indicator = get_object_in_workspace(
        _indicators_queryset().select_related("goal__ambition__framework"), workspace=workspace, pk=pk
    )
    indicator.workspace = workspace
    return _reading(indicator, year=year or timezone.localdate().year, trend=True)


def is_overdue(action: Action, today: datetime.date | None = None) -> bool:
    today = today or timezone.localdate()
    return action.status in OPEN_STATUSES and action.due_on is not None and action.due_on < today


def _overdue_q(today: datetime.date) -> Q:
    return Q(status__in=OPEN_STATUSES, due_on__lt=today)


def ambition_actions(*, workspace: Workspace, ambition: Ambition) -> list[Action]:
    """The ambition's actions by due date, each with `.overdue`. One query."""
    today = timezone.localdate()
    actions = list(
        Action.objects.filter(workspace=workspace, ambition=ambition)
        .select_related("owner")
        .order_by("due_on", "id")
    )
    for action in actions:
        action.overdue = is_overdue(action, today)
    return actions


@dataclass(frozen=True)
class ActionFilters:
    """The action list's filters, from the query string (anything unknown is ignored)."""

    status: str = ""
    owner: int | None = None
    ambition: int | None = None
    overdue: bool = False

    @classmethod
    def from_query(cls, params: Any) -> ActionFilters:
        def number(name: str) -> int | None:
            value = (params.get(name) or "").strip()
            return int(value) if value.isdecimal() and len(value) < 10 else None

        status = params.get("status", "")
        return cls(
            status=status if status in Action.Status.values else "",
            owner=number("owner"),
            ambition=number("ambition"),
            overdue=params.get("overdue") == "yes",
        )

    def as_query(self) -> dict[str, str]:
        query = {}
        if self.status:
            query["status"] = self.status
        if self.owner:
            query["owner"] = str(self.owner)
        if self.ambition:
            query["ambition"] = str(self.ambition)
        if self.overdue:
            query["overdue"] = "yes"
        return query


def action_list(*, workspace: Workspace, filters: ActionFilters) -> QuerySet[Action]:
    """The workspace's actions, filtered, overdue first, then by due date (no date last)."""
    today = timezone.localdate()
    actions = Action.objects.filter(workspace=workspace).select_related("owner", "ambition__framework")
    if filters.status:
        actions = actions.filter(status=filters.status)
    if filters.owner:
        actions = actions.filter(owner_id=filters.owner)
    if filters.ambition:
        actions = actions.filter(ambition_id=filters.ambition)
    if filters.overdue:
        actions = actions.filter(_overdue_q(today))
    return actions.annotate(
        not_overdue=Case(
            When(_overdue_q(today), then=Value(0)), default=Value(1), output_field=IntegerField()
        )
    ).order_by("not_overdue", F("due_on").asc(nulls_last=True), "id")


def mark_overdue(actions: Any) -> list[Action]:
    """The actions as a list, each with `.overdue` (open and past its due date today)."""
    today = timezone.localdate()
    marked = list(actions)
    for action in marked:
        action.overdue = is_overdue(action, today)
    return marked


# --- choices for forms -----------------------------------------------------------------------------


def neighbourhoods_for_choice(*, workspace: Workspace) -> QuerySet[Neighbourhood]:
    return Neighbourhood.objects.filter(workspace=workspace).order_by("level", "name")


def programmes_for_choice(*, workspace: Workspace) -> QuerySet[Programme]:
    return Programme.objects.filter(workspace=workspace, archived_at__isnull=True).order_by("name")


def questionnaires_for_choice(*, workspace: Workspace) -> QuerySet[Questionnaire]:
    return Questionnaire.objects.filter(workspace=workspace).exclude(status=Questionnaire.Status.DRAFT)


def scale_questions_for_choice(*, workspace: Workspace) -> QuerySet[Question]:
    return (
        Question.objects.filter(questionnaire__workspace=workspace, kind=Question.Kind.SCALE)
        .exclude(questionnaire__status=Questionnaire.Status.DRAFT)
        .select_related("questionnaire")
        .order_by("questionnaire_id", "position", "id")
    )


def organisations_for_choice(*, workspace: Workspace) -> QuerySet[Organisation]:
    return Organisation.objects.filter(workspace=workspace, archived_at__isnull=True).order_by("name")


def ambitions_for_choice(*, workspace: Workspace) -> QuerySet[Ambition]:
    return (
        Ambition.objects.filter(workspace=workspace)
        .select_related("framework")
        .order_by("-framework__start_year", "framework_id", "position", "id")
    )
