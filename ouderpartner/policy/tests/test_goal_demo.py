"""The demo's goals part: goals and indicators for each ambition of Utrecht's newest framework, reading
live demo data and a few entered by hand, with about ten actions; idempotent."""

from __future__ import annotations

import pytest

from ouderpartner.core.demo import policy_goals
from ouderpartner.network.models import Neighbourhood
from ouderpartner.network.tests.factories import NeighbourhoodFactory, OrganisationFactory
from ouderpartner.policy.goal_selectors import is_overdue
from ouderpartner.policy.indicators import LIVE_READERS, check_parameters
from ouderpartner.policy.models import Action, Goal, Indicator, IndicatorValue
from ouderpartner.voice.models import Question
from ouderpartner.voice.tests.factories import QuestionFactory, QuestionnaireFactory

from .goal_factories import make_ambition, make_framework

pytestmark = pytest.mark.django_db


def test_nothing_without_a_framework(utrecht):
    assert policy_goals.load(utrecht) == ""
    assert not Goal.objects.exists()


def test_goals_indicators_and_actions_once(utrecht):
    framework = make_framework(utrecht, title="Samen met ouders 2026-2030", start_year=2026, end_year=2030)
    for part in policy_goals.PLAN:
        make_ambition(utrecht, framework, title=part["ambition"])
    for code in ("WK034402", "WK034403", "WK034408"):
        NeighbourhoodFactory(workspace=utrecht, code=code, level=Neighbourhood.Level.DISTRICT)
    QuestionFactory(
        questionnaire=QuestionnaireFactory(workspace=utrecht),
        name="help_in_neighbourhood",
        kind=Question.Kind.SCALE,
    )
    for name in {spec[2] for spec in policy_goals.ACTIONS}:
        OrganisationFactory(workspace=utrecht, name=name)

    report = policy_goals.load(utrecht)
    goals = sum(len(part["goals"]) for part in policy_goals.PLAN)
    indicators = sum(len(goal["indicators"]) for part in policy_goals.PLAN for goal in part["goals"])
    assert report == f"{goals} goals, {indicators} indicators, {len(policy_goals.ACTIONS)} actions"
    live = Indicator.objects.filter(source=Indicator.Source.LIVE)
    assert {i.live_key for i in live} >= {
        "target_group_parents_reached",
        "conversations",
        "questionnaire_score",
        "partnerships",
        "transition_coverage",
        "offerings_in_neighbourhood",
    }
    assert all(i.live_key in LIVE_READERS and not check_parameters(i) for i in live)
    manual = Indicator.objects.filter(source=Indicator.Source.MANUAL)
    assert manual.count() == 3
    assert set(IndicatorValue.objects.values_list("year", flat=True)) == {2024, 2025, 2026}
    assert all(i.target is not None and i.baseline is not None for i in manual)
    actions = list(Action.objects.all())
    assert sum(is_overdue(a) for a in actions) >= 2
    assert sum(a.status == Action.Status.DONE for a in actions) >= 2

    assert policy_goals.load(utrecht) == ""
    assert Goal.objects.count() == goals and Action.objects.count() == len(policy_goals.ACTIONS)
