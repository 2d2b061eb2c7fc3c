"""API for issue 7: odd input to every policy write is a 400 with a message, never a 500, and saves nothing."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from ouderpartner.api import policy_serializers as s
from ouderpartner.api.tests.conftest import url
from ouderpartner.core.models import AuditEvent
from ouderpartner.policy.models import Agreement, Indicator, LeaMeeting
from ouderpartner.policy.tests.goal_factories import (
    make_action,
    make_ambition,
    make_framework,
    make_goal,
    make_indicator,
    make_value,
)

pytestmark = pytest.mark.django_db

ODD_VALUES = [None, "", "x" * 5000, -1, 2**70, "NaN", [1, "a"], {"xx": "hallo"}, "2026-02-30"]


@pytest.fixture
def objects(utrecht, school):
    framework = make_framework(utrecht)
    ambition = make_ambition(utrecht, framework)
    goal = make_goal(utrecht, ambition)
    manual = make_indicator(utrecht, goal, source=Indicator.Source.MANUAL, value_kind="people")
    value = make_value(manual, 2025, Decimal("12"))
    action = make_action(utrecht, ambition, school)
    meeting = LeaMeeting.objects.create(workspace=utrecht, title="LEA", date=datetime.date(2026, 3, 1))
    item = meeting.agenda_items.create(workspace=utrecht, title="Punt")
    hand_over = version = None  # made by the tests that need them
    agreement = Agreement.objects.create(workspace=utrecht, what="Afspraak")
    return locals()


def _writes(o):
    """Each write with the fields to try: alone, each body misses a required field or has a bad one."""
    values = f"/api/workspaces/utrecht/indicators/{o['manual'].pk}/values/"
    agenda = f"/api/workspaces/utrecht/lea-meetings/{o['meeting'].pk}/agenda-items/"
    return [
        (
            url("framework"),
            ["title", "start_year", "end_year", "approaches", "partners", "consultation_intro"],
        ),
        (url("framework", pk=o["framework"].pk, action="set-status"), ["status"]),
        (url("ambition"), ["framework", "title", "level", "neighbourhoods", "parent_title", "programmes"]),
        (url("goal"), ["ambition", "title"]),
        (url("indicator"), ["goal", "source", "live_key", "baseline", "target_year", "question"]),
        (values, ["year", "value", "source"]),
        (url("action"), ["ambition", "owner", "due_on", "status"]),
        (url("action", pk=o["action"].pk, action="progress"), ["status"]),
        (url("lea-meeting"), ["title", "date", "participants", "live_session", "framework"]),
        (agenda, ["ambition"]),  # a number is a valid title (as text)
        (url("agreement"), ["organisations", "meeting", "due_on", "status"]),
        (url("agreement", pk=o["agreement"].pk, action="set-status"), ["status"]),
    ]


def test_odd_values_in_every_policy_write_are_a_400_never_a_500(api, alice, objects):
    client = api(alice)
    before = AuditEvent.objects.count()
    for path, fields in _writes(objects):
        for field in fields:
            for odd in ODD_VALUES:
                response = client.post(path, {field: odd})
                assert response.status_code == 400, (path, field, odd, response.status_code)
                assert response.json(), (path, field, odd)
    assert AuditEvent.objects.count() == before


@pytest.mark.parametrize("body", [[], "text", 5, None])
def test_a_body_that_is_not_an_object_is_a_400(api, alice, objects, body):
    client = api(alice)
    for path, _fields in _writes(objects):
        assert client.post(path, body).status_code == 400, path
    if body is not None:  # no body at all is an empty change
        assert client.patch(url("indicator", pk=objects["manual"].pk), body).status_code == 400


def test_unknown_list_filters_are_a_400_and_odd_ids_in_the_path_a_404(api, carol, objects):
    client = api(carol)
    for name, params in [
        ("framework", {"status": "x"}),
        ("ambition", {"framework": "x"}),
        ("ambition", {"level": "0"}),
        ("goal", {"framework": "-1"}),
        ("indicator", {"goal": "1e3"}),
        ("action", {"overdue": "misschien"}),
        ("action", {"owner": "0"}),
        ("lea-meeting", {"year": "1899"}),
        ("agreement", {"meeting": "abc"}),
    ]:
        assert client.get(url(name), params).status_code == 400, (name, params)
    assert client.get("/api/workspaces/utrecht/indicators/99999999/values/").status_code == 404
    assert client.get("/api/workspaces/utrecht/frameworks/99999999/versions/").status_code == 404
    assert client.get("/api/workspaces/utrecht/lea-meetings/99999999/agenda-items/").status_code == 404
    assert client.get("/api/workspaces/utrecht/indicators/abc/").status_code == 404


def test_odd_values_in_every_change_reach_the_services_and_never_give_a_500(api, alice, objects):
    """A PATCH of one field at a time passes the other fields' checks, so odd values meet the services."""
    o = objects
    changes = [
        (url("framework", pk=o["framework"].pk), s.FrameworkInputSerializer),
        (url("ambition", pk=o["ambition"].pk), s.AmbitionUpdateSerializer),
        (url("goal", pk=o["goal"].pk), s.GoalUpdateSerializer),
        (url("indicator", pk=o["manual"].pk), s.IndicatorUpdateSerializer),
        (
            f"/api/workspaces/utrecht/indicators/{o['manual'].pk}/values/{o['value'].pk}/",
            s.IndicatorValueInputSerializer,
        ),
        (url("action", pk=o["action"].pk), s.ActionInputSerializer),
        (url("lea-meeting", pk=o["meeting"].pk), s.LeaMeetingInputSerializer),
        (
            f"/api/workspaces/utrecht/lea-meetings/{o['meeting'].pk}/agenda-items/{o['item'].pk}/",
            s.AgendaItemInputSerializer,
        ),
        (url("agreement", pk=o["agreement"].pk), s.AgreementInputSerializer),
    ]
    client = api(alice)
    for path, serializer in changes:
        for field in serializer().fields:
            for odd in (None, -1, 2**70, "NaN", "x" * 300, {"xx": "hallo"}):
                response = client.patch(path, {field: odd})
                assert response.status_code in (200, 400), (path, field, odd, response.status_code)


POLICY_SEGMENTS = ("frameworks", "ambitions", "goals", "indicators", "actions", "lea-meetings", "agreements")


def _policy_routes(objects):
    """Every policy route of the API, filled with the ids of the objects (by the segment before an id)."""
    from django.urls import get_resolver

    from tests.test_tenancy import walk

    ids = {
        "frameworks": objects["framework"].pk,
        "versions": objects["version"].pk,
        "ambitions": objects["ambition"].pk,
        "goals": objects["goal"].pk,
        "indicators": objects["manual"].pk,
        "values": objects["value"].pk,
        "actions": objects["action"].pk,
        "lea-meetings": objects["meeting"].pk,
        "agenda-items": objects["item"].pk,
        "hand-overs": objects["hand_over"].pk,
        "agreements": objects["agreement"].pk,
    }
    routes = []
    for route, _name in walk(get_resolver().url_patterns):
        if not route.startswith("api/workspaces/<slug:ws>/") or route.split("/")[3] not in POLICY_SEGMENTS:
            continue
        parts = []
        for segment in route.split("/"):
            if segment == "<slug:ws>":
                segment = "utrecht"
            elif segment.startswith("<int:"):
                segment = str(ids[parts[-1]])
            parts.append(segment)
        routes.append("/" + "/".join(parts))
    return routes


@pytest.mark.parametrize("user", ["alice", "bob"])
def test_every_method_on_every_policy_route_answers_without_a_500(api, request, objects, utrecht, user):
    from ouderpartner.live.models import HandOver, LiveSession
    from ouderpartner.policy.models import FrameworkVersion

    session = LiveSession.objects.create(workspace=utrecht, title={"nl": "Avond"}, languages=["nl"])
    objects["meeting"].live_session = session
    objects["meeting"].save()
    objects["hand_over"] = HandOver.objects.create(workspace=utrecht, session=session, title="Punt")
    objects["version"] = FrameworkVersion.objects.create(
        workspace=utrecht, framework=objects["framework"], number=1, snapshot={}
    )
    routes = _policy_routes(objects)
    assert len(routes) >= 25
    client = api(request.getfixturevalue(user))
    for path in routes:
        for method in ("get", "post", "put", "patch"):
            response = client.get(path) if method == "get" else getattr(client, method)(path, {})
            assert response.status_code < 500, (method, path, response.status_code)
    for path in reversed(routes):
        assert client.client.delete(path).status_code < 500, path
