"""Reach indicators for policy goals: hand-computed values, published like the dashboard, one query each."""

from __future__ import annotations

import datetime

import pytest

from ouderpartner.network.tests.factories import LocationFactory
from ouderpartner.reach import indicators
from ouderpartner.reach.indicators import INDICATORS, Period
from ouderpartner.reach.tests.factories import TargetGroupEstimateFactory
from ouderpartner.reach.tests.test_dashboard import city, record  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db

YEAR = 2025
SCHOOL_YEAR = Period.school_year(2024)  # 1 August 2024 - 31 July 2025


@pytest.fixture
def recorded(city):  # noqa: F811
    record(city["school"], parents=20, target=12, first=6, date=datetime.date(YEAR, 3, 1))
    record(city["school"], parents=10, target=8, first=4, date=datetime.date(YEAR, 9, 1))  # next school year
    record(city["library"], parents=33, target=2, first=11, date=datetime.date(YEAR, 3, 2))
    return city


def test_counts_in_a_period_and_a_neighbourhood(utrecht, recorded):
    assert indicators.target_group_parents_reached(utrecht, Period.year(YEAR)).display("en") == "20"  # 22
    assert indicators.target_group_parents_reached(utrecht, SCHOOL_YEAR).display("en") == "15"  # 14
    assert indicators.parents_reached(utrecht, Period.year(YEAR)).display("en") == "65"  # 63
    assert indicators.first_time_parents(utrecht, SCHOOL_YEAR).display("en") == "15"  # 17
    # A district counts the activities in its areas
    noord = indicators.target_group_parents_reached(utrecht, Period.year(YEAR), recorded["noord"])
    assert noord.display("en") == "20"
    area = indicators.target_group_parents_reached(utrecht, Period.year(YEAR), recorded["noord_area"])
    assert area.display("en") == "20"
    zuid = indicators.target_group_parents_reached(utrecht, Period.year(YEAR), recorded["zuid"])
    assert zuid.suppressed and zuid.display("en") == "< 5"
    assert indicators.activities_count(utrecht, Period()).display("en") == "< 5"


def test_a_neighbourhood_of_another_workspace_is_refused(utrecht, amersfoort, recorded):
    from ouderpartner.network.tests.factories import NeighbourhoodFactory

    elsewhere = NeighbourhoodFactory(workspace=amersfoort)
    with pytest.raises(ValueError):
        indicators.parents_reached(utrecht, Period(), elsewhere)


def test_the_reach_rate_rolls_area_estimates_up(utrecht, recorded):
    TargetGroupEstimateFactory(
        neighbourhood=recorded["noord_area"], year=YEAR, target_group_toddlers=10, target_group_children=30
    )
    # Noord: 20 target-group contacts in 2025 (12 + 8) against 40 estimated: 50%
    assert indicators.target_group_reach_rate(utrecht, YEAR, recorded["noord"]).display("en") == "50%"
    assert indicators.target_group_reach_rate(utrecht, YEAR, recorded["noord_area"]).display("en") == "50%"
    # Zuid has no estimate: not applicable
    zuid = indicators.target_group_reach_rate(utrecht, YEAR, recorded["zuid"])
    assert zuid.value is None and not zuid.suppressed
    # The whole city: 22 of 40
    assert indicators.target_group_reach_rate(utrecht, YEAR).display("en") == "55%"
    # No estimate for that year at all
    assert indicators.target_group_reach_rate(utrecht, YEAR - 1).value is None


def test_a_rate_is_hidden_when_its_count_is(utrecht, recorded):
    TargetGroupEstimateFactory(
        neighbourhood=recorded["zuid"], year=YEAR, target_group_toddlers=10, target_group_children=10
    )
    rate = indicators.target_group_reach_rate(utrecht, YEAR, recorded["zuid"])  # 2 of 20
    assert rate.suppressed


def test_share_of_trusted_places_with_activity(utrecht, recorded):
    LocationFactory(organisation=recorded["school"].organisation, is_trusted_place=True)
    # Two trusted places, one with an activity in 2025
    share = indicators.share_of_trusted_places_with_activity(utrecht, Period.year(YEAR))
    assert share.display("en") == "50%"
    assert indicators.share_of_trusted_places_with_activity(utrecht, Period.year(2020)).display("en") == "0%"


def test_each_indicator_is_one_or_two_queries(utrecht, recorded, django_assert_max_num_queries):
    period = Period.year(YEAR)
    for key, indicator in INDICATORS.items():
        with django_assert_max_num_queries(3 if key == "target_group_reach_rate" else 1):
            if key == "target_group_reach_rate":
                value = indicator.read(utrecht, YEAR, recorded["noord"])
            elif key == "share_of_trusted_places_with_activity":
                value = indicator.read(utrecht, period)
            else:
                value = indicator.read(utrecht, period, recorded["noord"])
        assert value.threshold == 5
