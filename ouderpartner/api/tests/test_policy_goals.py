"""API for issue 7: goals, indicators (published current value and trend), hand-entered values and actions."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from ouderpartner.api.tests.conftest import url
from ouderpartner.core.models import AuditEvent, Role
from ouderpartner.core.tests.factories import MembershipFactory, UserFactory
from ouderpartner.network.tests.factories import LocationFactory, NeighbourhoodFactory, OrganisationFactory
from ouderpartner.policy.models import Action, Goal, Indicator, IndicatorValue
from ouderpartner.policy.tests.goal_factories import (
    make_action,
    make_ambition,
    make_framework,
    make_goal,
    make_indicator,
    make_value,
)
from ouderpartner.reach.tests.factories import ActivityFactory

pytestmark = pytest.mark.django_db

THIS_YEAR = timezone.localdate().year


@pytest.fixture
def library(utrecht):
    return OrganisationFactory(workspace=utrecht, name="Bibliotheek Utrecht", kind="library")


@pytest.fixture
def lisa(utrecht, library):
    """A professional of another organisation than bob's school."""
    user = UserFactory(email="lisa@utrecht.example", name="Lisa Peters")
    MembershipFactory(user=user, workspace=utrecht, role=Role.PROFESSIONAL, organisation=library)
    return user


@pytest.fixture
def ambition(utrecht):
    framework = make_framework(utrecht, start_year=THIS_YEAR - 2, end_year=THIS_YEAR + 2)
    return make_ambition(utrecht, framework, title="Alle ouders bereikt")


@pytest.fixture
def goal(utrecht, ambition):
    return make_goal(utrecht, ambition, title="Doelgroepouders doen mee")


@pytest.fixture
def manual(utrecht, goal):
    """A hand-entered count of people: 3 is under k, 12 is published as 10."""
    indicator = make_indicator(
        utrecht,
        goal,
        title="Ouders in de ouderraad",
        source=Indicator.Source.MANUAL,
        value_kind=Indicator.ValueKind.PEOPLE,
        manual_source="Jaarverslag",
        baseline=Decimal("10"),
        baseline_year=THIS_YEAR - 2,
        target=Decimal("40"),
        target_year=THIS_YEAR + 2,
    )
    make_value(indicator, THIS_YEAR - 2, Decimal("12"))
    make_value(indicator, THIS_YEAR - 1, Decimal("3"))
    return indicator


@pytest.fixture
def action(utrecht, ambition, school):
    return make_action(
        utrecht, ambition, school, title="Ouderkamer openen", due_on=datetime.date(THIS_YEAR + 1, 3, 1)
    )


def values_url(indicator, pk=None, ws="utrecht"):
    base = f"/api/workspaces/{ws}/indicators/{indicator.pk}/values/"
    return base if pk is None else f"{base}{pk}/"


# --- The outsider -------------------------------------------------------------------------------


def test_the_outsider_gets_404_on_goals_indicators_values_and_actions(api, dave, goal, manual, action):
    client = api(dave)
    for name, pk in (("goal", goal.pk), ("indicator", manual.pk), ("action", action.pk)):
        assert client.get(url(name)).status_code == 404
        assert client.get(url(name, pk=pk)).status_code == 404
        assert client.get(url(name, ws="amersfoort", pk=pk)).status_code == 404
        assert client.patch(url(name, ws="amersfoort", pk=pk), {"title": "x"}).status_code == 404
        assert client.client.delete(url(name, ws="amersfoort", pk=pk)).status_code == 404
    assert (
        client.post(
            url("action", ws="amersfoort", pk=action.pk, action="progress"), {"status": "done"}
        ).status_code
        == 404
    )
    value = manual.values.first()
    assert client.get(values_url(manual)).status_code == 404
    assert client.get(values_url(manual, ws="amersfoort")).status_code == 404
    assert client.get(values_url(manual, value.pk, ws="amersfoort")).status_code == 404
    assert client.patch(values_url(manual, value.pk, ws="amersfoort"), {"value": "1"}).status_code == 404
    assert client.post(values_url(manual, ws="amersfoort"), {"year": 2020, "value": "1"}).status_code == 404
    assert IndicatorValue.objects.count() == 2 and Action.objects.get().status == "planned"


# --- Goals --------------------------------------------------------------------------------------


def test_goals_list_with_their_indicators_and_filters(api, carol, goal, manual, utrecht, ambition):
    other = make_goal(utrecht, make_ambition(utrecht, title="Scholen en VE"), title="Warme overdracht")
    client = api(carol)
    body = client.get(url("goal")).json()
    assert body["count"] == 2
    mine = client.get(url("goal"), {"ambition": ambition.pk}).json()["results"]
    assert [g["title"] for g in mine] == ["Doelgroepouders doen mee"]
    assert mine[0]["indicators"] == [{"id": manual.pk, "title": "Ouders in de ouderraad"}]
    assert mine[0]["ambition"]["title"] == "Alle ouders bereikt"
    assert [
        g["id"] for g in client.get(url("goal"), {"framework": other.ambition.framework_id}).json()["results"]
    ] == [other.pk]
    assert client.get(url("goal"), {"ambition": "de eerste"}).status_code == 400


def test_a_coordinator_creates_changes_moves_and_deletes_goals(api, alice, ambition, goal):
    client = api(alice)
    created = client.post(url("goal"), {"ambition": ambition.pk, "title": "Ouders voelen zich welkom"})
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert created.json()["position"] == 1
    assert (
        client.patch(url("goal", pk=pk), {"text": "Gemeten met de ouderpeiling."})
        .json()["text"]
        .startswith("Gemeten")
    )
    assert client.post(url("goal", pk=pk, action="move"), {"direction": "up"}).json()["position"] == 0
    assert AuditEvent.objects.filter(object_type="goal", action="change").exists()
    assert client.client.delete(url("goal", pk=pk)).status_code == 204
    assert list(Goal.objects.values_list("pk", flat=True)) == [goal.pk]


def test_bad_goal_input_is_a_400_with_the_field(api, alice, amersfoort, ambition):
    client = api(alice)
    assert "title" in client.post(url("goal"), {"ambition": ambition.pk, "title": ""}).json()
    foreign = make_ambition(amersfoort)
    assert "ambition" in client.post(url("goal"), {"ambition": foreign.pk, "title": "x"}).json()
    assert "ambition" in client.post(url("goal"), {"title": "x"}).json()
    assert not Goal.objects.filter(title="x").exists()


@pytest.mark.parametrize(("user", "expected"), [("alice", 200), ("bob", 403), ("carol", 403), ("dave", 404)])
def test_only_coordinators_change_goals(api, request, goal, user, expected):
    response = api(request.getfixturevalue(user)).patch(url("goal", pk=goal.pk), {"title": "Anders"})
    assert response.status_code == expected
    assert (Goal.objects.get().title == "Anders") is (expected == 200)


# --- Indicators: published values only ----------------------------------------------------------


def test_a_hand_entered_count_under_k_is_suppressed_never_the_raw_number(api, carol, manual):
    body = api(carol).get(url("indicator", pk=manual.pk)).json()
    assert body["current"] == {
        "year": THIS_YEAR - 1,
        "value": {"value": None, "suppressed": True, "display": "< 5"},
    }
    assert body["previous"] == {
        "year": THIS_YEAR - 2,
        "value": {"value": 10, "suppressed": False, "display": "10"},
    }
    assert body["trend"] is None
    assert body["progress"]["status"] == "unknown"
    assert [point["year"] for point in body["series"]] == list(range(THIS_YEAR - 2, THIS_YEAR + 1))
    assert body["series"][1]["value"]["suppressed"] is True
    # The raw figures (3 and 12) appear nowhere in the answer.
    assert '"value": 3' not in str(body).replace("'", '"') and "12" not in str(body["series"])
    listed = api(carol).get(url("indicator")).json()["results"][0]
    assert listed["current"]["value"] == {"value": None, "suppressed": True, "display": "< 5"}
    assert "series" not in listed


def test_hand_entered_values_are_listed_as_published(api, carol, manual):
    results = api(carol).get(values_url(manual)).json()["results"]
    assert [(v["year"], v["value"]["value"], v["value"]["suppressed"]) for v in results] == [
        (THIS_YEAR - 2, 10, False),
        (THIS_YEAR - 1, None, True),
    ]
    assert results[0]["source"] == "CBS"


def test_a_live_indicator_reads_this_year_and_last_year_published(api, carol, goal, utrecht):
    indicator = make_indicator(
        utrecht,
        goal,
        title="Bereikte ouders",
        live_key="parents_reached",
        baseline=Decimal("20"),
        target=Decimal("100"),
        direction="up",
    )
    place = LocationFactory(organisation=OrganisationFactory(workspace=utrecht))
    ActivityFactory(location=place, date=datetime.date(THIS_YEAR, 1, 10), parents=23)
    ActivityFactory(location=place, date=datetime.date(THIS_YEAR, 2, 10), parents=24)
    ActivityFactory(location=place, date=datetime.date(THIS_YEAR - 1, 5, 10), parents=31)
    body = api(carol).get(url("indicator", pk=indicator.pk)).json()
    assert body["current"]["year"] == THIS_YEAR
    assert body["current"]["value"]["value"] == 45 and body["current"]["value"]["suppressed"] is False  # 47
    assert body["previous"]["value"]["value"] == 30  # 31 rounded to 5
    assert body["trend"] == "up"
    assert body["live_key_display"]
    assert body["progress"]["status"] in ("on_track", "behind")


def test_indicators_filter_by_goal_ambition_framework_and_source(api, carol, manual, goal, utrecht):
    live = make_indicator(utrecht, goal, title="Bereikte ouders")
    client = api(carol)
    assert [i["id"] for i in client.get(url("indicator"), {"source": "live"}).json()["results"]] == [live.pk]
    assert client.get(url("indicator"), {"goal": goal.pk}).json()["count"] == 2
    assert client.get(url("indicator"), {"ambition": goal.ambition_id}).json()["count"] == 2
    assert client.get(url("indicator"), {"framework": goal.ambition.framework_id + 1000}).json()["count"] == 0
    assert client.get(url("indicator"), {"source": "guess"}).status_code == 400


# --- Indicators: writes -------------------------------------------------------------------------


def test_a_coordinator_creates_and_changes_indicators_through_the_service(api, alice, goal, utrecht):
    district = NeighbourhoodFactory(workspace=utrecht, level="district", name="Overvecht")
    client = api(alice)
    created = client.post(
        url("indicator"),
        {
            "goal": goal.pk,
            "title": "Doelgroepouders bereikt in Overvecht",
            "source": "live",
            "live_key": "target_group_parents_reached",
            "neighbourhood": district.pk,
            "baseline": "350",
            "baseline_year": THIS_YEAR - 1,
            "target": 600,
            "target_year": THIS_YEAR + 3,
        },
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["value_kind"] == "people" and body["neighbourhood"]["name"] == "Overvecht"
    assert body["baseline"] == 350 and body["target"] == 600
    assert AuditEvent.objects.filter(object_type="indicator", action="create").exists()
    changed = client.patch(url("indicator", pk=body["id"]), {"target": "650"})
    assert changed.status_code == 200 and changed.json()["target"] == 650
    manual = client.post(
        url("indicator"),
        {
            "goal": goal.pk,
            "title": "Tevredenheid",
            "source": "manual",
            "value_kind": "score",
            "manual_source": "Monitor",
        },
    )
    assert manual.status_code == 201, manual.content
    assert client.client.delete(url("indicator", pk=manual.json()["id"])).status_code == 204


def test_bad_indicator_input_is_a_400_with_the_field_and_nothing_saved(api, alice, goal, amersfoort):
    client = api(alice)
    needs_questionnaire = client.post(
        url("indicator"),
        {"goal": goal.pk, "title": "Antwoorden", "source": "live", "live_key": "questionnaire_responses"},
    )
    assert needs_questionnaire.status_code == 400 and "questionnaire" in needs_questionnaire.json()
    unknown = client.post(
        url("indicator"), {"goal": goal.pk, "title": "x", "source": "live", "live_key": "happiness"}
    )
    assert unknown.status_code == 400 and "live_key" in unknown.json()
    assert (
        "source" in client.post(url("indicator"), {"goal": goal.pk, "title": "x", "source": "rumour"}).json()
    )
    assert (
        "baseline"
        in client.post(
            url("indicator"), {"goal": goal.pk, "title": "x", "source": "manual", "baseline": "veel"}
        ).json()
    )
    foreign = NeighbourhoodFactory(workspace=amersfoort)
    assert (
        "neighbourhood"
        in client.post(
            url("indicator"),
            {
                "goal": goal.pk,
                "title": "x",
                "source": "live",
                "live_key": "parents_reached",
                "neighbourhood": foreign.pk,
            },
        ).json()
    )
    assert not Indicator.objects.exists()


@pytest.mark.parametrize(("user", "expected"), [("alice", 200), ("bob", 403), ("carol", 403), ("dave", 404)])
def test_only_coordinators_change_indicators(api, request, manual, user, expected):
    response = api(request.getfixturevalue(user)).patch(url("indicator", pk=manual.pk), {"title": "Anders"})
    assert response.status_code == expected
    assert (Indicator.objects.get().title == "Anders") is (expected == 200)


# --- Hand-entered values ------------------------------------------------------------------------


def test_a_coordinator_enters_corrects_and_deletes_a_value(api, alice, manual):
    client = api(alice)
    created = client.post(values_url(manual), {"year": THIS_YEAR, "value": "27", "source": "Ouderraad-lijst"})
    assert created.status_code == 201, created.content
    assert created.json()["value"] == {"value": 25, "suppressed": False, "display": "25"}
    pk = created.json()["id"]
    assert IndicatorValue.objects.get(pk=pk).entered_by_id is not None
    corrected = client.patch(values_url(manual, pk), {"value": "4"})
    assert corrected.status_code == 200 and corrected.json()["value"]["suppressed"] is True
    assert IndicatorValue.objects.get(pk=pk).value == Decimal("4")
    twice = client.post(values_url(manual), {"year": THIS_YEAR, "value": "30"})
    assert twice.status_code == 400
    assert client.client.delete(values_url(manual, pk)).status_code == 204
    assert AuditEvent.objects.filter(object_type="indicatorvalue", action="delete").exists()


def test_bad_values_are_a_400_and_nothing_saved(api, alice, manual, goal, utrecht):
    client = api(alice)
    assert "year" in client.post(values_url(manual), {"year": 1850, "value": "1"}).json()
    assert "value" in client.post(values_url(manual), {"year": THIS_YEAR, "value": "veel"}).json()
    assert "value" in client.post(values_url(manual), {"year": THIS_YEAR, "value": "-3"}).json()
    live = make_indicator(utrecht, goal)
    refused = client.post(values_url(live), {"year": THIS_YEAR, "value": "3"})
    assert refused.status_code == 400 and "non_field_errors" in refused.json()
    assert IndicatorValue.objects.count() == 2


def test_a_value_of_another_indicator_is_a_404(api, alice, manual, goal, utrecht):
    other = make_indicator(utrecht, goal, source=Indicator.Source.MANUAL, title="Ander")
    value = manual.values.first()
    assert api(alice).get(values_url(other, value.pk)).status_code == 404
    assert api(alice).patch(values_url(other, value.pk), {"value": "1"}).status_code == 404


@pytest.mark.parametrize(("user", "expected"), [("alice", 201), ("bob", 403), ("carol", 403), ("dave", 404)])
def test_only_coordinators_enter_values(api, request, manual, user, expected):
    response = api(request.getfixturevalue(user)).post(values_url(manual), {"year": THIS_YEAR, "value": "8"})
    assert response.status_code == expected
    assert IndicatorValue.objects.filter(year=THIS_YEAR).exists() is (expected == 201)


# --- Actions ------------------------------------------------------------------------------------


def test_actions_list_with_filters_and_overdue(api, carol, action, ambition, library, utrecht):
    late = make_action(
        utrecht,
        ambition,
        library,
        title="Taalcafé starten",
        due_on=timezone.localdate() - datetime.timedelta(days=2),
    )
    make_action(
        utrecht, ambition, library, title="Klaar", status="done", due_on=datetime.date(THIS_YEAR - 1, 1, 1)
    )
    client = api(carol)
    body = client.get(url("action")).json()
    assert body["count"] == 3
    overdue = client.get(url("action"), {"overdue": "true"}).json()["results"]
    assert [a["id"] for a in overdue] == [late.pk] and overdue[0]["overdue"] is True
    assert client.get(url("action"), {"overdue": "false"}).json()["count"] == 2
    assert [a["title"] for a in client.get(url("action"), {"owner": action.owner_id}).json()["results"]] == [
        "Ouderkamer openen"
    ]
    assert client.get(url("action"), {"status": "done"}).json()["count"] == 1
    assert client.get(url("action"), {"status": "later"}).status_code == 400
    detail = client.get(url("action", pk=action.pk)).json()
    assert detail["owner"]["name"] == "Willibrordschool" and detail["overdue"] is False


def test_a_coordinator_creates_changes_and_deletes_actions(api, alice, ambition, library):
    client = api(alice)
    created = client.post(
        url("action"),
        {
            "ambition": ambition.pk,
            "title": "Voorleesweek",
            "owner": library.pk,
            "due_on": f"{THIS_YEAR + 1}-02-01",
        },
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert created.json()["status"] == "planned"
    assert client.patch(url("action", pk=pk), {"status": "in_progress"}).json()["status"] == "in_progress"
    assert AuditEvent.objects.filter(object_type="action", action="change").exists()
    assert client.client.delete(url("action", pk=pk)).status_code == 204


def test_bad_action_input_is_a_400_with_the_field(api, alice, ambition, amersfoort):
    client = api(alice)
    stranger = OrganisationFactory(workspace=amersfoort)
    assert (
        "owner"
        in client.post(url("action"), {"ambition": ambition.pk, "title": "x", "owner": stranger.pk}).json()
    )
    assert (
        "due_on"
        in client.post(
            url("action"), {"ambition": ambition.pk, "title": "x", "owner": 0, "due_on": "morgen"}
        ).json()
    )
    assert (
        "status"
        in client.post(
            url("action"), {"ambition": ambition.pk, "title": "x", "owner": stranger.pk, "status": "maybe"}
        ).json()
    )
    assert not Action.objects.exists()


@pytest.mark.parametrize(
    ("user", "expected"),
    [("alice", 200), ("bob", 200), ("lisa", 403), ("carol", 403), ("dave", 404)],
)
def test_progress_is_updated_by_coordinators_and_the_owner_organisation(api, request, action, user, expected):
    response = api(request.getfixturevalue(user)).post(
        url("action", pk=action.pk, action="progress"),
        {"status": "in_progress", "progress_note": "Ruimte gevonden"},
    )
    assert response.status_code == expected
    action.refresh_from_db()
    assert (action.status == "in_progress" and action.progress_note == "Ruimte gevonden") is (expected == 200)


@pytest.mark.parametrize(
    ("user", "expected"), [("alice", 200), ("bob", 403), ("lisa", 403), ("carol", 403), ("dave", 404)]
)
def test_only_coordinators_change_an_action_otherwise(api, request, action, user, expected):
    response = api(request.getfixturevalue(user)).patch(url("action", pk=action.pk), {"title": "Iets anders"})
    assert response.status_code == expected
    assert (Action.objects.get().title == "Iets anders") is (expected == 200)


def test_an_empty_or_bad_progress_update_is_a_400(api, bob, action):
    client = api(bob)
    assert client.post(url("action", pk=action.pk, action="progress"), {}).status_code == 400
    bad = client.post(url("action", pk=action.pk, action="progress"), {"status": "finished"})
    assert bad.status_code == 400 and "status" in bad.json()
    assert Action.objects.get().status == "planned"


# --- Query counts -------------------------------------------------------------------------------


def test_the_lists_take_the_same_queries_for_few_and_many(
    api, carol, utrecht, goal, school, django_assert_max_num_queries
):
    def add(n):
        for i in range(n):
            other_goal = make_goal(utrecht, goal.ambition, title=f"Doel {i}")
            indicator = make_indicator(
                utrecht,
                other_goal,
                source=Indicator.Source.MANUAL,
                value_kind="people",
                title=f"Indicator {i}",
            )
            make_value(indicator, THIS_YEAR - 1, Decimal(3 + i))
            make_value(indicator, THIS_YEAR, Decimal(20 + i))
            make_action(utrecht, goal.ambition, OrganisationFactory(workspace=utrecht), title=f"Actie {i}")

    client = api(carol)
    add(2)
    client.get(url("indicator"))
    measured = {}
    for name in ("goal", "indicator", "action"):
        with django_assert_max_num_queries(15) as few:
            assert client.get(url(name)).json()["count"] >= 2
        measured[name] = len(few.captured_queries)
    add(10)
    for name in ("goal", "indicator", "action"):
        with django_assert_max_num_queries(measured[name]):
            assert client.get(url(name)).json()["count"] >= 12


def test_live_indicators_read_the_same_queries_however_many_activities(
    api, carol, utrecht, goal, django_assert_max_num_queries
):
    make_indicator(utrecht, goal, live_key="parents_reached")
    place = LocationFactory(organisation=OrganisationFactory(workspace=utrecht))
    ActivityFactory(location=place, date=datetime.date(THIS_YEAR, 1, 10), parents=8)
    client = api(carol)
    client.get(url("indicator"))
    with django_assert_max_num_queries(15) as few:
        assert client.get(url("indicator")).status_code == 200
    for day in range(1, 40):
        ActivityFactory(
            location=place,
            date=datetime.date(THIS_YEAR, 1, 1) + datetime.timedelta(days=day),
            parents=5,
            target_group_parents=1,
            first_time_parents=1,
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url("indicator")).json()["results"][0]["current"]["value"]["value"] > 100


# --- Every write, by role -----------------------------------------------------------------------


def _goal_writes(goal, manual, action, library):
    value = manual.values.first()
    return [
        ("post", url("goal"), {"ambition": goal.ambition_id, "title": "Nieuw doel"}),
        ("put", url("goal", pk=goal.pk), {"title": "Ander doel"}),
        ("patch", url("goal", pk=goal.pk), {"title": "Ander doel"}),
        ("post", url("goal", pk=goal.pk, action="move"), {"direction": "down"}),
        ("post", url("indicator"), {"goal": goal.pk, "title": "Nieuw", "source": "manual"}),
        ("put", url("indicator", pk=manual.pk), {"title": "Anders", "source": "manual"}),
        ("patch", url("indicator", pk=manual.pk), {"title": "Anders"}),
        ("post", values_url(manual), {"year": THIS_YEAR, "value": "30"}),
        ("put", values_url(manual, value.pk), {"year": value.year, "value": "30"}),
        ("patch", values_url(manual, value.pk), {"value": "30"}),
        ("delete", values_url(manual, value.pk), None),
        ("post", url("action"), {"ambition": goal.ambition_id, "title": "Nieuw", "owner": library.pk}),
        (
            "put",
            url("action", pk=action.pk),
            {"ambition": goal.ambition_id, "title": "Anders", "owner": library.pk},
        ),
        ("patch", url("action", pk=action.pk), {"title": "Anders"}),
        ("delete", url("action", pk=action.pk), None),
        ("delete", url("indicator", pk=manual.pk), None),
        ("delete", url("goal", pk=goal.pk), None),
    ]


@pytest.mark.parametrize(("user", "expected"), [("bob", 403), ("lisa", 403), ("carol", 403), ("dave", 404)])
def test_every_goal_indicator_value_and_action_write_is_for_coordinators(
    api, request, goal, manual, action, library, user, expected
):
    client = api(request.getfixturevalue(user))
    before = AuditEvent.objects.count()
    for method, path, body in _goal_writes(goal, manual, action, library):
        response = client.client.delete(path) if method == "delete" else getattr(client, method)(path, body)
        assert response.status_code == expected, (method, path)
    assert AuditEvent.objects.count() == before
    assert Goal.objects.get().title == "Doelgroepouders doen mee" and Indicator.objects.count() == 1
    assert IndicatorValue.objects.count() == 2 and Action.objects.get().title == "Ouderkamer openen"


def test_a_coordinator_may_make_every_goal_indicator_value_and_action_write(
    api, alice, goal, manual, action, library
):
    client = api(alice)
    for method, path, body in _goal_writes(goal, manual, action, library):
        response = client.client.delete(path) if method == "delete" else getattr(client, method)(path, body)
        assert response.status_code in (200, 201, 204), (method, path, response.content)
