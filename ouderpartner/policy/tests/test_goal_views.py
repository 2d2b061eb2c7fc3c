"""Goal, indicator and value pages: roles (viewer 403, outsider 404), forms that keep what was typed,
validation of live parameters, and query counts that do not grow with rows."""

from __future__ import annotations

import datetime

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from ouderpartner.core.models import AuditEvent, Membership
from ouderpartner.network.models import Neighbourhood
from ouderpartner.network.tests.factories import LocationFactory, NeighbourhoodFactory, OrganisationFactory
from ouderpartner.policy.models import Goal, Indicator, IndicatorValue
from ouderpartner.reach.tests.factories import ActivityFactory
from ouderpartner.voice.models import Question
from ouderpartner.voice.tests.factories import QuestionFactory, QuestionnaireFactory

from .goal_factories import make_action, make_ambition, make_goal, make_indicator, make_value

pytestmark = pytest.mark.django_db


def url(name, **kwargs):
    return reverse(f"policy:{name}", kwargs={"ws": "utrecht", **kwargs})


@pytest.fixture
def ambition(utrecht):
    return make_ambition(utrecht)


@pytest.fixture
def goal(utrecht, ambition):
    return make_goal(utrecht, ambition)


@pytest.fixture
def manual(utrecht, goal):
    indicator = make_indicator(
        utrecht,
        goal,
        title="Ouders voelen zich welkom",
        source="manual",
        value_kind="percentage",
        manual_source="Monitor",
    )
    make_value(indicator, 2025, 61)
    return indicator


def writes(ambition, goal, manual):
    value = manual.values.first()
    return [
        url("goal_create", pk=ambition.pk),
        url("goal_update", pk=goal.pk),
        url("goal_delete", pk=goal.pk),
        url("indicator_create", pk=goal.pk),
        url("indicator_update", pk=manual.pk),
        url("indicator_delete", pk=manual.pk),
        url("value_create", pk=manual.pk),
        url("value_update", pk=value.pk),
        url("value_delete", pk=value.pk),
    ]


def test_viewer_reads_but_cannot_write(client_for, carol, ambition, goal, manual):
    client = client_for(carol)
    assert client.get(url("goal_list")).status_code == 200
    assert client.get(url("indicator_detail", pk=manual.pk)).status_code == 200
    for address in writes(ambition, goal, manual):
        assert client.get(address).status_code == 403, address
        assert client.post(address, {"title": "x"}).status_code == 403, address
    assert client.post(url("goal_move", pk=goal.pk), {"direction": "up"}).status_code == 403
    assert Goal.objects.filter(pk=goal.pk).exists() and IndicatorValue.objects.count() == 1


def test_professional_cannot_write_goals(client_for, bob, ambition, goal, manual):
    client = client_for(bob)
    for address in writes(ambition, goal, manual):
        assert client.post(address, {"title": "x"}).status_code == 403, address


def test_outsider_gets_404(client_for, dave, ambition, goal, manual):
    client = client_for(dave)
    for address in [*writes(ambition, goal, manual), url("goal_list"), url("indicator_detail", pk=manual.pk)]:
        assert client.get(address).status_code == 404, address
    # and with the outsider's own workspace in the URL, the objects are still not found
    own = reverse("policy:indicator_detail", kwargs={"ws": "amersfoort", "pk": manual.pk})
    assert client.get(own).status_code == 404


def test_coordinator_adds_edits_moves_and_deletes_goals(client_for, alice, ambition):
    client = client_for(alice)
    response = client.post(url("goal_create", pk=ambition.pk), {"title": "", "text": "Uitleg blijft staan"})
    assert response.status_code == 400
    assert "Uitleg blijft staan" in response.content.decode()
    assert 'href="#id_title"' in response.content.decode()
    for title in ("Eerste", "Tweede", "Derde"):
        assert client.post(url("goal_create", pk=ambition.pk), {"title": title}).status_code == 302
    goals = list(Goal.objects.filter(ambition=ambition).order_by("position"))
    assert [g.title for g in goals] == ["Eerste", "Tweede", "Derde"]
    client.post(url("goal_move", pk=goals[2].pk), {"direction": "up"})
    client.post(url("goal_move", pk=goals[0].pk), {"direction": "up"})  # already first: stays
    assert [g.title for g in Goal.objects.filter(ambition=ambition).order_by("position")] == [
        "Eerste",
        "Derde",
        "Tweede",
    ]
    assert client.post(url("goal_update", pk=goals[1].pk), {"title": "Tweede, scherper"}).status_code == 302
    assert client.get(url("goal_delete", pk=goals[0].pk)).status_code == 200
    assert client.post(url("goal_delete", pk=goals[0].pk)).status_code == 302
    assert Goal.objects.filter(ambition=ambition).count() == 2
    assert AuditEvent.objects.filter(object_type="goal", action="delete").count() == 1


def _indicator_post(**extra):
    data = {"title": "Bereik in Overvecht", "source": "live", "direction": "up", "unit": ""}
    data.update(extra)
    return data


def test_live_indicator_needs_its_parameter(client_for, alice, utrecht, goal):
    client = client_for(alice)
    response = client.post(
        url("indicator_create", pk=goal.pk), _indicator_post(live_key="questionnaire_responses")
    )
    assert response.status_code == 400
    assert Indicator.objects.count() == 0
    page = response.content.decode()
    assert 'href="#id_questionnaire"' in page and "Bereik in Overvecht" in page

    response = client.post(url("indicator_create", pk=goal.pk), _indicator_post(live_key=""))
    assert response.status_code == 400

    district = NeighbourhoodFactory(workspace=utrecht, level=Neighbourhood.Level.DISTRICT, name="Overvecht")
    response = client.post(
        url("indicator_create", pk=goal.pk),
        _indicator_post(
            live_key="parents_reached",
            neighbourhood=district.pk,
            baseline="100",
            baseline_year="2024",
            target="150",
            target_year="2028",
        ),
    )
    assert response.status_code == 302
    indicator = Indicator.objects.get()
    assert (indicator.value_kind, indicator.unit, indicator.neighbourhood) == ("people", "", district)


def test_indicator_parameters_are_limited_to_the_workspace(client_for, alice, goal, amersfoort):
    elsewhere = NeighbourhoodFactory(workspace=amersfoort)
    response = client_for(alice).post(
        url("indicator_create", pk=goal.pk),
        _indicator_post(live_key="conversations", neighbourhood=elsewhere.pk),
    )
    assert response.status_code == 400
    assert Indicator.objects.count() == 0


def test_score_indicator_takes_a_scale_question(client_for, alice, utrecht, goal):
    questionnaire = QuestionnaireFactory(workspace=utrecht)
    scale = QuestionFactory(questionnaire=questionnaire, kind=Question.Kind.SCALE)
    QuestionFactory(questionnaire=questionnaire, kind=Question.Kind.SINGLE_CHOICE)
    client = client_for(alice)
    page = client.get(url("indicator_create", pk=goal.pk)).content.decode()
    assert f'value="{scale.pk}"' in page
    response = client.post(
        url("indicator_create", pk=goal.pk),
        _indicator_post(live_key="questionnaire_score", question=scale.pk),
    )
    assert response.status_code == 302
    assert Indicator.objects.get().questionnaire == questionnaire


def test_manual_indicator_and_its_values(client_for, alice, utrecht, goal):
    client = client_for(alice)
    chosen_before = NeighbourhoodFactory(workspace=utrecht)
    response = client.post(
        url("indicator_create", pk=goal.pk),
        {
            "title": "Ouders in de ouderraad",
            "source": "manual",
            "value_kind": "people",
            "direction": "up",
            "neighbourhood": chosen_before.pk,
            "manual_source": "Schooljaarverslag",
        },
    )
    assert response.status_code == 302
    indicator = Indicator.objects.get()
    assert indicator.live_key == "" and indicator.neighbourhood is None  # a live parameter is let go
    add = url("value_create", pk=indicator.pk)
    assert client.post(add, {"year": "2025", "value": "23", "source": ""}).status_code == 302
    again = client.post(add, {"year": "2025", "value": "30", "source": ""})
    assert again.status_code == 400
    assert IndicatorValue.objects.get(indicator=indicator, year=2025).value == 23
    assert client.post(add, {"year": "2024", "value": "3", "source": "Telling"}).status_code == 302
    page = client.get(url("indicator_detail", pk=indicator.pk)).content.decode()
    assert "25" in page and "&lt; 5" in page  # 23 rounded, 3 hidden
    value = IndicatorValue.objects.get(year=2025)
    assert (
        client.post(
            url("value_update", pk=value.pk), {"year": "2025", "value": "41", "source": "Nieuw"}
        ).status_code
        == 302
    )
    value.refresh_from_db()
    assert value.value == 41 and value.source == "Nieuw"
    assert client.post(url("value_delete", pk=value.pk)).status_code == 302
    assert IndicatorValue.objects.filter(indicator=indicator).count() == 1


def test_live_indicator_has_no_hand_values(client_for, alice, utrecht, goal):
    indicator = make_indicator(utrecht, goal)
    response = client_for(alice).post(url("value_create", pk=indicator.pk), {"year": "2025", "value": "1"})
    assert response.status_code == 302
    assert IndicatorValue.objects.count() == 0


def test_indicator_detail_shows_value_trend_and_source(client_for, carol, utrecht, goal):
    location = LocationFactory(organisation=OrganisationFactory(workspace=utrecht))
    this_year = datetime.date.today().year
    ActivityFactory(location=location, date=datetime.date(this_year - 1, 3, 1), parents=42)
    ActivityFactory(
        location=location,
        date=datetime.date(this_year - 2, 3, 1),
        parents=3,
        target_group_parents=0,
        first_time_parents=0,
    )
    indicator = make_indicator(
        utrecht, goal, baseline=40, baseline_year=this_year - 2, target=80, target_year=this_year + 2
    )
    page = client_for(carol).get(url("indicator_detail", pk=indicator.pk)).content.decode()
    assert "chart-trend" in page and "table-trend" in page
    assert "&lt; 5" in page  # the year with 3 parents
    assert ">40<" in page  # 42 rounded
    assert "Parents reached" in page or "Bereikte ouders" in page


def test_goal_list_and_ambition_block_in_bounded_queries(
    client_for, alice, utrecht, ambition, django_assert_max_num_queries
):
    client = client_for(alice)

    def add_rows(n):
        for i in range(n):
            goal = make_goal(utrecht, ambition, title=f"Doel {i}")
            manual = make_indicator(utrecht, goal, source="manual", value_kind="number")
            for year in (2024, 2025):
                make_value(manual, year, i)
            make_action(utrecht, ambition, OrganisationFactory(workspace=utrecht), title=f"Actie {i}")

    add_rows(2)
    with django_assert_max_num_queries(14):
        assert client.get(url("goal_list")).status_code == 200
    add_rows(8)
    with django_assert_max_num_queries(14):
        page = client.get(url("goal_list"))
    assert page.content.decode().count("Doel ") >= 10

    request = RequestFactory().get("/")
    request.user = alice
    request.workspace = utrecht
    request.membership = Membership.objects.get(user=alice, workspace=utrecht)
    template = Template('{% include "policy/goal/ambition_goals.html" %}')
    with django_assert_max_num_queries(6):
        html = template.render(
            Context({"ambition": ambition, "request": request, "current_workspace": utrecht})
        )
    assert html.count('class="op-goal"') == 10 and html.count("/progress/") == 10


def test_indicator_page_queries_do_not_grow_with_rows(
    client_for, carol, utrecht, goal, django_assert_max_num_queries
):
    client = client_for(carol)
    manual = make_indicator(utrecht, goal, source="manual", value_kind="people", baseline_year=2024)
    live = make_indicator(utrecht, goal, baseline_year=2024)
    location = LocationFactory(organisation=OrganisationFactory(workspace=utrecht))

    def add(n):
        for i in range(n):
            year = 2020 + manual.values.count()
            make_value(manual, year, 10 + i)
            ActivityFactory(location=location, date=datetime.date(2025, 1 + i % 12, 1))

    # the page reads the live value once per year of its trend: 2024 (the framework's first year) to now
    live_bound = 10 + (datetime.date.today().year - 2024 + 1)
    add(2)
    with django_assert_max_num_queries(10):  # with the sign-in checks (second step)
        assert client.get(url("indicator_detail", pk=manual.pk)).status_code == 200
    with django_assert_max_num_queries(live_bound):
        assert client.get(url("indicator_detail", pk=live.pk)).status_code == 200
    add(10)
    with django_assert_max_num_queries(10):  # with the sign-in checks (second step)
        assert client.get(url("indicator_detail", pk=manual.pk)).status_code == 200
    with django_assert_max_num_queries(live_bound):
        assert client.get(url("indicator_detail", pk=live.pk)).status_code == 200
