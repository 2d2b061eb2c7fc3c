"""Small builders for goals, indicators and actions in tests (frameworks and ambitions made plainly)."""

from __future__ import annotations

from typing import Any

from ouderpartner.core.models import Workspace
from ouderpartner.policy.models import (
    Action,
    Ambition,
    Goal,
    Indicator,
    IndicatorValue,
    Level,
    PolicyFramework,
)


def make_framework(workspace: Workspace, **extra: Any) -> PolicyFramework:
    values = {"title": "Samen met ouders", "start_year": 2024, "end_year": 2028, **extra}
    return PolicyFramework.objects.create(workspace=workspace, **values)


def make_ambition(workspace: Workspace, framework: PolicyFramework | None = None, **extra: Any) -> Ambition:
    framework = framework or make_framework(workspace)
    values = {"title": "Meer ouders bereikt", "level": Level.REACHING_PARENTS, **extra}
    return Ambition.objects.create(workspace=workspace, framework=framework, **values)


def make_goal(workspace: Workspace, ambition: Ambition | None = None, **extra: Any) -> Goal:
    ambition = ambition or make_ambition(workspace)
    values = {"title": "Doelgroepouders doen mee", **extra}
    return Goal.objects.create(workspace=workspace, ambition=ambition, **values)


def make_indicator(workspace: Workspace, goal: Goal | None = None, **extra: Any) -> Indicator:
    goal = goal or make_goal(workspace)
    values: dict[str, Any] = {"title": "Bereikte ouders", "source": Indicator.Source.LIVE, **extra}
    if values["source"] == Indicator.Source.LIVE:
        values.setdefault("live_key", "parents_reached")
    return Indicator.objects.create(workspace=workspace, goal=goal, **values)


def make_value(indicator: Indicator, year: int, value: Any, source: str = "CBS") -> IndicatorValue:
    return IndicatorValue.objects.create(
        workspace=indicator.workspace, indicator=indicator, year=year, value=value, source=source
    )


def make_action(workspace: Workspace, ambition: Ambition, owner: Any, **extra: Any) -> Action:
    values = {"title": "Ouderkamer openen", **extra}
    return Action.objects.create(workspace=workspace, ambition=ambition, owner=owner, **values)
