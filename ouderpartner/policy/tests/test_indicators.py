"""Indicators read the right values: hand-made data with known numbers for every live reader, values
entered by hand, trends, progress against the target, and the framework-wide read in bounded queries."""

from __future__ import annotations

import datetime
import hashlib
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ouderpartner.network.models import Neighbourhood, Partnership
from ouderpartner.network.tests.factories import LocationFactory, NeighbourhoodFactory, OrganisationFactory
from ouderpartner.policy.indicators import (
    LIVE_READERS,
    IndicatorFigure,
    check_parameters,
    current_value,
    default_years,
    framework_indicator_values,
    indicator_progress,
    indicator_series,
    indicator_value,
)
from ouderpartner.policy.models import Indicator
from ouderpartner.programmes.models import Audience, Offering, Programme, Transition
from ouderpartner.reach.tests.factories import ActivityFactory, TargetGroupEstimateFactory
from ouderpartner.voice.models import Answer, Conversation, Question, Response
from ouderpartner.voice.tests.factories import QuestionFactory, QuestionnaireFactory

from .goal_factories import make_goal, make_indicator, make_value

pytestmark = pytest.mark.django_db

YEAR = 2025


def day(month: int = 6, d: int = 15, year: int = YEAR) -> datetime.date:
    return datetime.date(year, month, d)


def moment(month: int = 6, year: int = YEAR) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(year, month, 15, 12, 0))


@pytest.fixture
def district(utrecht):
    return NeighbourhoodFactory(workspace=utrecht, level=Neighbourhood.Level.DISTRICT, name="Overvecht")


@pytest.fixture
def area(utrecht, district):
    return NeighbourhoodFactory(workspace=utrecht, parent=district, name="Tigris")


@pytest.fixture
def elsewhere(utrecht):
    return NeighbourhoodFactory(workspace=utrecht, name="Lombok")


@pytest.fixture
def goal(utrecht):
    return make_goal(utrecht)


def live(goal, key, **parameters):
    return make_indicator(goal.workspace, goal, live_key=key, **parameters)


# --- reach -----------------------------------------------------------------------------------------


def test_parents_reached_counts_the_year_and_the_district(utrecht, goal, area, elsewhere):
    here = LocationFactory(organisation=OrganisationFactory(workspace=utrecht), neighbourhood=area)
    there = LocationFactory(organisation=here.organisation, neighbourhood=elsewhere)
    ActivityFactory(location=here, date=day(3), parents=12, target_group_parents=3)
    ActivityFactory(location=here, date=day(9), parents=11, target_group_parents=0)
    ActivityFactory(location=here, date=day(9, year=YEAR - 1), parents=100, target_group_parents=50)
    ActivityFactory(location=there, date=day(4), parents=40, target_group_parents=20)

    in_district = indicator_value(live(goal, "parents_reached", neighbourhood=area.parent), year=YEAR)
    assert (in_district.value, in_district.suppressed) == (25, False)  # 23 rounded to 5
    everywhere = indicator_value(live(goal, "parents_reached"), year=YEAR)
    assert everywhere.value == 65  # 63
    activities = indicator_value(live(goal, "activities_count", neighbourhood=area), year=YEAR)
    assert activities.suppressed

    # 3 target-group parents in the district in the year: below k, hidden as "< 5", never 0
    hidden = indicator_value(live(goal, "target_group_parents_reached", neighbourhood=area), year=YEAR)
    assert hidden.suppressed and hidden.value is None
    assert hidden.display() == "< 5"
    assert hidden.explanation is not None


def test_reach_rate_and_trusted_places(utrecht, goal, area):
    place = LocationFactory(
        organisation=OrganisationFactory(workspace=utrecht), neighbourhood=area, is_trusted_place=True
    )
    LocationFactory(organisation=place.organisation, neighbourhood=area, is_trusted_place=True)
    ActivityFactory(location=place, date=day(), parents=40, target_group_parents=30)
    TargetGroupEstimateFactory(
        neighbourhood=area, year=YEAR, target_group_toddlers=40, target_group_children=60
    )

    rate = indicator_value(live(goal, "target_group_reach_rate", neighbourhood=area), year=YEAR)
    assert (rate.value, rate.display()) == (30, "30%")
    places = indicator_value(live(goal, "share_of_trusted_places_with_activity"), year=YEAR)
    assert places.value == 50


# --- conversations, questionnaires -----------------------------------------------------------------


def _conversation(workspace, organisation, *, date, neighbourhood=None, location=None):
    return Conversation.objects.create(
        workspace=workspace,
        organisation=organisation,
        location=location,
        neighbourhood=neighbourhood,
        date=date,
        language="nl",
        needs="Meer uitleg over de voorschool",
    )


def test_conversations_in_the_year_and_neighbourhood(utrecht, goal, area, elsewhere):
    organisation = OrganisationFactory(workspace=utrecht)
    place_in_area = LocationFactory(organisation=organisation, neighbourhood=area)
    for _ in range(8):
        _conversation(utrecht, organisation, date=day(), neighbourhood=area)
    for _ in range(2):  # no neighbourhood of their own: counted by their place's
        _conversation(utrecht, organisation, date=day(), location=place_in_area)
    for _ in range(3):
        _conversation(utrecht, organisation, date=day(), neighbourhood=elsewhere)
    _conversation(utrecht, organisation, date=day(year=YEAR - 1), neighbourhood=area)

    assert indicator_value(live(goal, "conversations", neighbourhood=area), year=YEAR).value == 10
    assert indicator_value(live(goal, "conversations", neighbourhood=area.parent), year=YEAR).value == 10
    assert indicator_value(live(goal, "conversations"), year=YEAR).value == 15  # 13
    small = indicator_value(live(goal, "conversations", neighbourhood=elsewhere), year=YEAR)
    assert small.suppressed and small.display() == "< 5"
    assert indicator_value(live(goal, "conversations"), year=YEAR - 1).suppressed  # 1


def _responses(questionnaire, numbers, *, question=None, submitted=True, when=None, neighbourhood=None):
    for index, number in enumerate(numbers):
        response = Response.objects.create(
            workspace=questionnaire.workspace,
            questionnaire=questionnaire,
            language="nl",
            token=hashlib.sha256(  # a response token is 43 characters (PostgreSQL enforces the length)
                f"{questionnaire.pk}-{question.pk if question else 0}-{when}-{index}-{submitted}-{neighbourhood}".encode()
            ).hexdigest()[:43],
            submitted_at=(when or moment()) if submitted else None,
            neighbourhood=neighbourhood,
        )
        if question is not None:
            Answer.objects.create(response=response, question=question, number=number)


def test_questionnaire_responses_count_submitted_ones_of_the_year(utrecht, goal):
    questionnaire = QuestionnaireFactory(workspace=utrecht)
    other = QuestionnaireFactory(workspace=utrecht)
    _responses(questionnaire, range(12))
    _responses(questionnaire, range(2), submitted=False)
    _responses(questionnaire, range(6), when=moment(year=YEAR - 1))
    _responses(other, range(3))

    assert (
        indicator_value(live(goal, "questionnaire_responses", questionnaire=questionnaire), year=YEAR).value
        == 10
    )
    hidden = indicator_value(live(goal, "questionnaire_responses", questionnaire=other), year=YEAR)
    assert hidden.suppressed


def test_questionnaire_score_is_the_mean_and_hidden_for_a_small_group(utrecht, goal, area, elsewhere):
    questionnaire = QuestionnaireFactory(workspace=utrecht)
    scale = QuestionFactory(questionnaire=questionnaire, kind=Question.Kind.SCALE, scale_min=1, scale_max=5)
    _responses(questionnaire, [1, 2, 3, 4, 5, 5], question=scale, neighbourhood=area)  # 20 / 6
    _responses(questionnaire, [5, 5, 5], question=scale, when=moment(year=YEAR - 1), neighbourhood=area)
    _responses(questionnaire, [1, 1, 1], question=scale, neighbourhood=elsewhere)  # only 3 parents

    in_area = indicator_value(
        live(goal, "questionnaire_score", question=scale, neighbourhood=area), year=YEAR
    )
    assert (in_area.value, in_area.display("en")) == (3.3, "3.3")
    everyone = indicator_value(live(goal, "questionnaire_score", question=scale), year=YEAR)
    assert everyone.value == 2.6  # 23 / 9 = 2.56
    small = indicator_value(
        live(goal, "questionnaire_score", question=scale, neighbourhood=elsewhere), year=YEAR
    )
    assert small.suppressed and small.value is None
    assert small.display("en") == "hidden"
    earlier = indicator_value(
        live(goal, "questionnaire_score", question=scale, neighbourhood=area), year=YEAR - 1
    )
    assert earlier.suppressed  # 3 answers in that year


# --- partnerships, transitions, offerings ----------------------------------------------------------


def test_partnerships_running_in_the_year(utrecht, goal):
    def partnership(**extra):
        return Partnership.objects.create(
            workspace=utrecht, name="Koppeling", kind=Partnership.Kind.REFERRAL, **extra
        )

    partnership(start_date=day(1, 1, YEAR - 2))
    partnership(start_date=day(1, 1, YEAR - 1), end_date=day(3, 1))
    partnership()  # no dates: from when it was recorded (now)
    partnership(start_date=day(1, 1, YEAR - 3), end_date=day(12, 31, YEAR - 2))  # ended before
    partnership(start_date=day(1, 1, YEAR + 1))  # starts after
    partnership(start_date=day(1, 1, YEAR - 3), archived_at=moment(year=YEAR - 1))  # archived before

    assert indicator_value(live(goal, "partnerships"), year=YEAR).value == 2
    this_year = timezone.localdate().year
    assert indicator_value(live(goal, "partnerships"), year=this_year).value >= 2
    # not people: a count of 2 is shown as it is
    assert indicator_value(live(goal, "partnerships"), year=YEAR).display() == "2"


def _programme(workspace, **extra):
    values = {"name": "VVE Thuis", "audience": Audience.PARENTS, **extra}
    return Programme.objects.create(workspace=workspace, **values)


def test_transition_coverage_counts_transitions_with_a_running_programme(utrecht, goal):
    transitions = [
        Transition.objects.create(
            workspace=utrecht, key=f"t{i}", name=f"T{i}", age_from_months=i, age_to_months=i
        )
        for i in range(4)
    ]
    running = _programme(utrecht, start_date=day(1, 1, YEAR - 1))
    ended = _programme(utrecht, start_date=day(1, 1, YEAR - 3), end_date=day(12, 31, YEAR - 2))
    archived = _programme(utrecht, start_date=day(1, 1, YEAR - 3), archived_at=moment(year=YEAR - 1))
    transitions[0].programmes.add(running)
    transitions[1].programmes.add(running, ended)
    transitions[2].programmes.add(ended)
    transitions[3].programmes.add(archived)

    coverage = indicator_value(live(goal, "transition_coverage"), year=YEAR)
    assert (coverage.value, coverage.display()) == (50, "50%")
    assert (
        indicator_value(live(goal, "transition_coverage"), year=YEAR - 2).value == 75
    )  # ended and archived ones still ran


def test_offerings_in_a_neighbourhood(utrecht, goal, area, elsewhere):
    organisation = OrganisationFactory(workspace=utrecht)
    here = LocationFactory(organisation=organisation, neighbourhood=area)
    here_too = LocationFactory(organisation=organisation, neighbourhood=area)
    there = LocationFactory(organisation=organisation, neighbourhood=elsewhere)
    boekstart, thuis = _programme(utrecht, name="BoekStart"), _programme(utrecht)

    def offering(programme, *locations, **dates):
        made = Offering.objects.create(
            workspace=utrecht, programme=programme, organisation=organisation, **dates
        )
        made.locations.set(locations)

    offering(boekstart, here, here_too, start_date=day(1, 1, YEAR - 1))  # two places, one offering
    offering(thuis, here, start_date=day(2, 1))
    offering(thuis, there, start_date=day(2, 1))
    offering(thuis, here, start_date=day(1, 1, YEAR - 2), end_date=day(12, 31, YEAR - 1))  # ended

    assert indicator_value(live(goal, "offerings_in_neighbourhood", neighbourhood=area), year=YEAR).value == 2
    assert (
        indicator_value(live(goal, "offerings_in_neighbourhood", neighbourhood=area.parent), year=YEAR).value
        == 2
    )
    assert (
        indicator_value(
            live(goal, "offerings_in_neighbourhood", neighbourhood=area, programme=boekstart), year=YEAR
        ).value
        == 1
    )


# --- parameters ------------------------------------------------------------------------------------


def test_parameters_are_checked(utrecht, goal, area):
    questionnaire = QuestionnaireFactory(workspace=utrecht)
    choice = QuestionFactory(questionnaire=questionnaire, kind=Question.Kind.SINGLE_CHOICE)
    assert set(
        check_parameters(Indicator(workspace=utrecht, source="live", live_key="questionnaire_responses"))
    ) == {"questionnaire"}
    assert "question" in check_parameters(
        Indicator(workspace=utrecht, source="live", live_key="questionnaire_score", question=choice)
    )
    assert "neighbourhood" in check_parameters(
        Indicator(workspace=utrecht, source="live", live_key="offerings_in_neighbourhood")
    )
    assert "neighbourhood" in check_parameters(
        Indicator(workspace=utrecht, source="live", live_key="partnerships", neighbourhood=area)
    )
    assert "live_key" in check_parameters(Indicator(workspace=utrecht, source="live", live_key="nonsense"))
    assert (
        check_parameters(
            Indicator(workspace=utrecht, source="live", live_key="conversations", neighbourhood=area)
        )
        == {}
    )
    # a reader whose parameter went away reads nothing instead of failing
    broken = live(goal, "questionnaire_responses")
    assert indicator_value(broken, year=YEAR).value is None


def test_every_reader_has_a_label_kind_and_help():
    for key, reader in LIVE_READERS.items():
        assert reader.key == key and str(reader.label) and str(reader.help)
        assert reader.value_kind in Indicator.ValueKind.values
        assert set(reader.parameters) <= {"neighbourhood", "programme", "questionnaire", "question"}


# --- by hand, trend, progress ----------------------------------------------------------------------


def test_hand_entered_values_are_published_by_kind(utrecht, goal):
    people = make_indicator(utrecht, goal, source="manual", value_kind="people", manual_source="GGD")
    make_value(people, 2024, 3)
    make_value(people, 2025, 23, source="GGD-monitor 2025")
    assert indicator_value(people, year=2024).suppressed
    assert indicator_value(people, year=2024).display() == "< 5"
    figure = indicator_value(people, year=2025)
    assert (figure.value, figure.source) == (25, "GGD-monitor 2025")
    assert indicator_value(people, year=2026).value is None

    share = make_indicator(utrecht, goal, source="manual", value_kind="percentage")
    make_value(share, 2025, Decimal("45.50"))
    assert indicator_value(share, year=2025).display("nl") == "45,5%"
    score = make_indicator(utrecht, goal, source="manual", value_kind="score")
    make_value(score, 2025, Decimal("7"))
    assert indicator_value(score, year=2025).display("nl") == "7,0"
    number = make_indicator(utrecht, goal, source="manual", value_kind="number")
    make_value(number, 2025, Decimal("1250"))
    assert indicator_value(number, year=2025).display("nl") == "1.250"


def test_trend_and_current_value(utrecht, goal):
    indicator = make_indicator(utrecht, goal, source="manual", value_kind="number", baseline_year=2023)
    make_value(indicator, 2023, 10)
    make_value(indicator, 2024, 12)
    make_value(indicator, 2026, 15)
    series = indicator_series(indicator, years=range(2023, 2027))
    assert [figure.value for figure in series] == [10, 12, None, 15]
    assert current_value(indicator, year=2025).value == 12
    assert current_value(indicator, year=2025).year == 2024
    years = default_years(indicator, today=datetime.date(2026, 5, 1))
    assert years == [2023, 2024, 2025, 2026]


def test_live_trend_reads_each_year(utrecht, goal):
    location = LocationFactory(organisation=OrganisationFactory(workspace=utrecht))
    ActivityFactory(location=location, date=day(year=2024), parents=20)
    ActivityFactory(location=location, date=day(year=2025), parents=30)
    series = indicator_series(live(goal, "parents_reached"), years=[2024, 2025, 2026])
    assert [figure.value for figure in series] == [20, 30, 0]


def _figure(value, year=2026, suppressed=False):
    return IndicatorFigure(year=year, value=value, suppressed=suppressed, threshold=5, value_kind="number")


def test_progress_against_the_target(utrecht, goal):
    up = Indicator(
        goal=goal,
        baseline=Decimal(100),
        baseline_year=2024,
        target=Decimal(200),
        target_year=2028,
        direction="up",
    )
    assert indicator_progress(up, _figure(150)).status == "on_track"  # expected 150 in 2026
    assert indicator_progress(up, _figure(150)).share == 50
    behind = indicator_progress(up, _figure(140))
    assert (behind.status, behind.expected, behind.share, behind.shows_share) == ("behind", 150, 40, True)
    assert not indicator_progress(up, _figure(90)).shows_share  # moving backwards: no "-10% of the way"
    assert indicator_progress(up, _figure(210)).status == "reached"
    assert indicator_progress(up, _figure(None, suppressed=True)).status == "unknown"
    down = Indicator(goal=goal, baseline=Decimal(40), target=Decimal(20), direction="down")
    assert indicator_progress(down, _figure(30)).status == "on_track"  # no years: moving the right way
    assert indicator_progress(down, _figure(45)).status == "behind"
    assert indicator_progress(down, _figure(20)).status == "reached"
    assert indicator_progress(Indicator(goal=goal, direction="up"), _figure(5)).status == "unknown"


def test_framework_values_in_bounded_queries(utrecht, goal):
    framework = goal.ambition.framework
    location = LocationFactory(organisation=OrganisationFactory(workspace=utrecht))
    live(goal, "parents_reached")
    manual = [make_indicator(utrecht, goal, source="manual", value_kind="number") for _ in range(2)]
    make_value(manual[0], 2025, 5)

    def measure():
        with CaptureQueriesContext(connection) as context:
            rows = framework_indicator_values(framework, year=YEAR)
        return rows, len(context.captured_queries)

    rows, queries = measure()
    assert [row.indicator.source for row in rows] == ["live", "manual", "manual"]
    assert rows[1].value.value == 5
    for year in range(2015, 2025):
        make_value(manual[1], year, year - 2000)
        ActivityFactory(location=location, date=day(year=YEAR), parents=10)
    rows, more = measure()
    assert more == queries <= 4
    assert rows[0].value.value == 100
    assert rows[2].value.value == 24 and rows[2].value.year == 2024
    assert rows[0].ambition == goal.ambition  # loaded with the indicator
