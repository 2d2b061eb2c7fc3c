"""API for issue 7: LEA meetings with their agenda items, and LEA agreements (status by the organisations named)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from ouderpartner.api.tests.conftest import url
from ouderpartner.core.models import AuditEvent, Role
from ouderpartner.core.tests.factories import MembershipFactory, UserFactory
from ouderpartner.live.models import HandOver, LiveSession
from ouderpartner.network.tests.factories import OrganisationFactory
from ouderpartner.policy.models import AgendaItem, Agreement, LeaMeeting
from ouderpartner.policy.tests.goal_factories import make_ambition, make_framework

pytestmark = pytest.mark.django_db


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
def framework(utrecht):
    return make_framework(utrecht, title="Samen met ouders 2026-2030", start_year=2026, end_year=2030)


@pytest.fixture
def ambition(utrecht, framework):
    return make_ambition(utrecht, framework, title="Alle ouders bereikt")


@pytest.fixture
def meeting(utrecht, framework, school, library, ambition):
    meeting = LeaMeeting.objects.create(
        workspace=utrecht,
        framework=framework,
        title="LEA voorjaar",
        date=datetime.date(2026, 3, 12),
        place="Stadhuis",
    )
    meeting.participants.set([school, library])
    AgendaItem.objects.create(
        workspace=utrecht, meeting=meeting, position=0, title="Bereik van ouders", ambition=ambition
    )
    AgendaItem.objects.create(workspace=utrecht, meeting=meeting, position=1, title="Rondvraag")
    return meeting


@pytest.fixture
def agreement(utrecht, meeting, ambition, school):
    agreement = Agreement.objects.create(
        workspace=utrecht,
        meeting=meeting,
        ambition=ambition,
        what="Elke school organiseert een ouderavond over voorlezen.",
        due_on=datetime.date(2026, 12, 1),
    )
    agreement.organisations.set([school])
    return agreement


def agenda_url(meeting, pk=None, ws="utrecht", action=""):
    base = f"/api/workspaces/{ws}/lea-meetings/{meeting.pk}/agenda-items/"
    if pk is None:
        return base
    return f"{base}{pk}/{action + '/' if action else ''}"


# --- The outsider -------------------------------------------------------------------------------


def test_the_outsider_gets_404_on_meetings_agenda_items_and_agreements(api, dave, meeting, agreement):
    client = api(dave)
    item = meeting.agenda_items.first()
    for name, pk in (("lea-meeting", meeting.pk), ("agreement", agreement.pk)):
        assert client.get(url(name)).status_code == 404
        assert client.get(url(name, pk=pk)).status_code == 404
        assert client.get(url(name, ws="amersfoort", pk=pk)).status_code == 404
        assert client.patch(url(name, ws="amersfoort", pk=pk), {"title": "x", "what": "x"}).status_code == 404
        assert client.client.delete(url(name, ws="amersfoort", pk=pk)).status_code == 404
    assert (
        client.post(
            url("agreement", ws="amersfoort", pk=agreement.pk, action="set-status"), {"status": "done"}
        ).status_code
        == 404
    )
    assert client.get(agenda_url(meeting)).status_code == 404
    assert client.get(agenda_url(meeting, ws="amersfoort")).status_code == 404
    assert client.patch(agenda_url(meeting, item.pk, ws="amersfoort"), {"title": "x"}).status_code == 404
    assert client.post(agenda_url(meeting, ws="amersfoort"), {"title": "x"}).status_code == 404
    assert Agreement.objects.get().status == "open" and AgendaItem.objects.count() == 2


# --- LEA meetings -------------------------------------------------------------------------------


def test_every_member_reads_meetings_with_agenda_and_agreements(api, carol, meeting, agreement, utrecht):
    LeaMeeting.objects.create(workspace=utrecht, title="LEA najaar 2025", date=datetime.date(2025, 10, 2))
    client = api(carol)
    body = client.get(url("lea-meeting")).json()
    assert [m["title"] for m in body["results"]] == ["LEA voorjaar", "LEA najaar 2025"]
    first = body["results"][0]
    assert [p["name"] for p in first["participants"]] == ["Bibliotheek Utrecht", "Willibrordschool"]
    assert [i["title"] for i in first["agenda_items"]] == ["Bereik van ouders", "Rondvraag"]
    assert first["agenda_items"][0]["ambition"]["title"] == "Alle ouders bereikt"
    assert [a["id"] for a in first["agreements"]] == [agreement.pk]
    assert first["framework"]["title"] == "Samen met ouders 2026-2030"
    assert [m["title"] for m in client.get(url("lea-meeting"), {"year": 2025}).json()["results"]] == [
        "LEA najaar 2025"
    ]
    assert client.get(url("lea-meeting"), {"year": "vorig"}).status_code == 400


def test_a_coordinator_records_changes_and_deletes_a_meeting(api, alice, framework, school, utrecht):
    session = LiveSession.objects.create(workspace=utrecht, title={"nl": "Ouderavond"})
    client = api(alice)
    created = client.post(
        url("lea-meeting"),
        {
            "title": "LEA najaar",
            "date": "2026-10-08",
            "framework": framework.pk,
            "participants": [school.pk],
            "other_participants": "wethouder onderwijs",
            "live_session": session.pk,
        },
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["live_session"]["id"] == session.pk and body["participants"][0]["id"] == school.pk
    assert AuditEvent.objects.filter(action="create", object_type="leameeting").exists()
    changed = client.patch(
        url("lea-meeting", pk=body["id"]), {"decisions": "Voorleesweek in alle wijken.", "participants": []}
    )
    assert changed.status_code == 200, changed.content
    assert (
        changed.json()["decisions"] == "Voorleesweek in alle wijken." and changed.json()["participants"] == []
    )
    assert client.client.delete(url("lea-meeting", pk=body["id"])).status_code == 204
    assert not LeaMeeting.objects.exists()


def test_bad_meeting_input_is_a_400_with_the_field_and_nothing_saved(api, alice, amersfoort):
    client = api(alice)
    assert "date" in client.post(url("lea-meeting"), {"title": "LEA", "date": "12-03-2026"}).json()
    assert "title" in client.post(url("lea-meeting"), {"title": "", "date": "2026-03-12"}).json()
    stranger = OrganisationFactory(workspace=amersfoort)
    response = client.post(
        url("lea-meeting"), {"title": "LEA", "date": "2026-03-12", "participants": [stranger.pk]}
    )
    assert response.status_code == 400 and "participants" in response.json()
    other_session = LiveSession.objects.create(workspace=amersfoort, title={"nl": "x"})
    assert (
        "live_session"
        in client.post(
            url("lea-meeting"), {"title": "LEA", "date": "2026-03-12", "live_session": other_session.pk}
        ).json()
    )
    assert not LeaMeeting.objects.exists()


@pytest.mark.parametrize(("user", "expected"), [("alice", 200), ("bob", 403), ("carol", 403), ("dave", 404)])
def test_only_coordinators_change_meetings(api, request, meeting, user, expected):
    response = api(request.getfixturevalue(user)).patch(
        url("lea-meeting", pk=meeting.pk), {"place": "Bibliotheek"}
    )
    assert response.status_code == expected
    assert (LeaMeeting.objects.get().place == "Bibliotheek") is (expected == 200)


# --- Agenda items -------------------------------------------------------------------------------


def test_agenda_items_are_added_changed_moved_and_removed_by_coordinators(api, alice, bob, meeting, ambition):
    assert api(bob).post(agenda_url(meeting), {"title": "Begroting"}).status_code == 403
    client = api(alice)
    assert [i["title"] for i in client.get(agenda_url(meeting)).json()["results"]] == [
        "Bereik van ouders",
        "Rondvraag",
    ]
    created = client.post(agenda_url(meeting), {"title": "Begroting", "ambition": ambition.pk})
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert created.json()["position"] == 2
    assert client.patch(agenda_url(meeting, pk), {"text": "Toelichting"}).json()["text"] == "Toelichting"
    assert client.post(agenda_url(meeting, pk, action="move"), {"direction": "up"}).json()["position"] == 1
    assert client.post(agenda_url(meeting, pk, action="move"), {"direction": "left"}).status_code == 400
    assert "title" in client.post(agenda_url(meeting), {"title": ""}).json()
    assert client.client.delete(agenda_url(meeting, pk)).status_code == 204
    assert AgendaItem.objects.count() == 2
    assert AuditEvent.objects.filter(object_type="agendaitem", action="delete").exists()


def test_an_agenda_item_of_another_meeting_is_a_404(api, alice, meeting, utrecht):
    other = LeaMeeting.objects.create(workspace=utrecht, title="Andere", date=datetime.date(2026, 5, 1))
    item = meeting.agenda_items.first()
    client = api(alice)
    assert client.get(agenda_url(other, item.pk)).status_code == 404
    assert client.patch(agenda_url(other, item.pk), {"title": "x"}).status_code == 404
    assert AgendaItem.objects.get(pk=item.pk).title == "Bereik van ouders"


# --- Agreements ---------------------------------------------------------------------------------


def test_agreements_list_with_filters_and_overdue(api, carol, agreement, utrecht, library):
    past = Agreement.objects.create(
        workspace=utrecht,
        what="Taalcafé in Overvecht",
        due_on=timezone.localdate() - datetime.timedelta(days=3),
    )
    past.organisations.set([library])
    Agreement.objects.create(
        workspace=utrecht,
        what="Afgerond",
        due_on=timezone.localdate() - datetime.timedelta(days=3),
        status="done",
    )
    client = api(carol)
    body = client.get(url("agreement")).json()
    assert body["count"] == 3
    overdue = client.get(url("agreement"), {"overdue": "true"}).json()["results"]
    assert [a["what"] for a in overdue] == ["Taalcafé in Overvecht"] and overdue[0]["overdue"] is True
    assert [
        a["what"] for a in client.get(url("agreement"), {"organisation": library.pk}).json()["results"]
    ] == ["Taalcafé in Overvecht"]
    assert client.get(url("agreement"), {"meeting": agreement.meeting_id}).json()["count"] == 1
    assert client.get(url("agreement"), {"status": "done"}).json()["count"] == 1
    assert client.get(url("agreement"), {"status": "forgotten"}).status_code == 400
    detail = client.get(url("agreement", pk=agreement.pk)).json()
    assert (
        detail["meeting"]["title"] == "LEA voorjaar" and detail["ambition"]["title"] == "Alle ouders bereikt"
    )


def test_a_coordinator_records_and_changes_an_agreement(api, alice, meeting, ambition, school, library):
    client = api(alice)
    created = client.post(
        url("agreement"),
        {
            "what": "Voorleesweek",
            "meeting": meeting.pk,
            "ambition": ambition.pk,
            "organisations": [library.pk],
            "due_on": "2026-11-01",
        },
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert created.json()["status"] == "open" and created.json()["organisations"][0]["id"] == library.pk
    changed = client.patch(
        url("agreement", pk=pk), {"organisations": [school.pk, library.pk], "status": "in_progress"}
    )
    assert changed.status_code == 200
    assert [o["name"] for o in changed.json()["organisations"]] == ["Bibliotheek Utrecht", "Willibrordschool"]
    assert AuditEvent.objects.filter(object_type="agreement", action="change").exists()
    assert client.client.delete(url("agreement", pk=pk)).status_code == 204


def test_bad_agreement_input_is_a_400_with_the_field_and_nothing_saved(api, alice, amersfoort, agreement):
    client = api(alice)
    assert "what" in client.post(url("agreement"), {"what": ""}).json()
    assert "status" in client.post(url("agreement"), {"what": "x", "status": "someday"}).json()
    assert "due_on" in client.post(url("agreement"), {"what": "x", "due_on": "volgend jaar"}).json()
    stranger = OrganisationFactory(workspace=amersfoort)
    assert (
        "organisations" in client.post(url("agreement"), {"what": "x", "organisations": [stranger.pk]}).json()
    )
    assert Agreement.objects.count() == 1


@pytest.mark.parametrize(
    ("user", "expected"),
    [("alice", 200), ("bob", 200), ("lisa", 403), ("carol", 403), ("dave", 404)],
)
def test_the_status_is_changed_by_coordinators_and_the_organisations_named(
    api, request, agreement, user, expected
):
    response = api(request.getfixturevalue(user)).post(
        url("agreement", pk=agreement.pk, action="set-status"), {"status": "done"}
    )
    assert response.status_code == expected
    assert (Agreement.objects.get().status == "done") is (expected == 200)


@pytest.mark.parametrize(
    ("user", "expected"), [("alice", 200), ("bob", 403), ("lisa", 403), ("carol", 403), ("dave", 404)]
)
def test_only_coordinators_change_an_agreement_otherwise(api, request, agreement, user, expected):
    response = api(request.getfixturevalue(user)).patch(
        url("agreement", pk=agreement.pk), {"what": "Iets anders"}
    )
    assert response.status_code == expected
    assert (Agreement.objects.get().what == "Iets anders") is (expected == 200)


def test_a_bad_status_is_a_400(api, bob, agreement):
    response = api(bob).post(url("agreement", pk=agreement.pk, action="set-status"), {"status": "maybe"})
    assert response.status_code == 400 and "status" in response.json()


# --- Draft items from an attached live meeting ----------------------------------------------------


@pytest.fixture
def live(utrecht, meeting):
    session = LiveSession.objects.create(
        workspace=utrecht, title={"nl": "Kennisbijeenkomst"}, languages=["nl"]
    )
    meeting.live_session = session
    meeting.save()
    first = HandOver.objects.create(
        workspace=utrecht,
        session=session,
        title="Ouders vanaf de voorschool betrekken",
        text="Uit de stemming.",
    )
    second = HandOver.objects.create(
        workspace=utrecht, session=session, title="Taalcafé in elke wijk", kind=HandOver.Kind.AGENDA_ITEM
    )
    return first, second


def hand_over_url(meeting, hand_over=None, becomes="", ws="utrecht"):
    base = f"/api/workspaces/{ws}/lea-meetings/{meeting.pk}/hand-overs/"
    return base if hand_over is None else f"{base}{hand_over.pk}/{becomes}/"


def test_the_draft_items_of_the_attached_live_meeting_become_an_ambition_and_an_agenda_item(
    api, alice, carol, meeting, live, framework
):
    first, second = live
    listed = api(carol).get(hand_over_url(meeting)).json()
    assert [h["title"] for h in listed] == ["Ouders vanaf de voorschool betrekken", "Taalcafé in elke wijk"]
    assert listed[0]["status"] == "draft" and listed[0]["ambitions"] == []
    client = api(alice)
    made = client.post(hand_over_url(meeting, first, "ambition"), {"framework": framework.pk, "level": 2})
    assert made.status_code == 201, made.content
    assert made.json()["title"] == "Ouders vanaf de voorschool betrekken" and made.json()["level"] == 2
    again = client.post(hand_over_url(meeting, first, "ambition"), {"framework": framework.pk, "level": 2})
    assert again.status_code == 400 and "non_field_errors" in again.json()
    item = client.post(hand_over_url(meeting, second, "agenda-item"))
    assert item.status_code == 201 and item.json()["title"] == "Taalcafé in elke wijk"
    assert [i["title"] for i in client.get(agenda_url(meeting)).json()["results"]][
        -1
    ] == "Taalcafé in elke wijk"
    listed = client.get(hand_over_url(meeting)).json()
    assert [h["status"] for h in listed] == ["used", "used"]
    assert listed[0]["ambitions"][0]["id"] == made.json()["id"] and listed[1]["agenda_items"] == [
        item.json()["id"]
    ]


def test_draft_items_are_taken_by_coordinators_only_and_from_the_attached_meeting(
    api, alice, bob, carol, dave, meeting, live, framework, utrecht, amersfoort
):
    first, _second = live
    body = {"framework": framework.pk, "level": 1}
    assert api(bob).post(hand_over_url(meeting, first, "ambition"), body).status_code == 403
    assert api(carol).post(hand_over_url(meeting, first, "agenda-item")).status_code == 403
    assert api(dave).post(hand_over_url(meeting, first, "ambition", ws="amersfoort"), body).status_code == 404
    assert api(dave).get(hand_over_url(meeting, ws="amersfoort")).status_code == 404
    elsewhere = LiveSession.objects.create(workspace=utrecht, title={"nl": "Andere avond"}, languages=["nl"])
    stray = HandOver.objects.create(workspace=utrecht, session=elsewhere, title="Los punt")
    client = api(alice)
    assert client.post(hand_over_url(meeting, stray, "agenda-item")).status_code == 400
    foreign = make_framework(amersfoort)
    assert (
        "framework"
        in client.post(
            hand_over_url(meeting, first, "ambition"), {"framework": foreign.pk, "level": 1}
        ).json()
    )
    assert (
        "level"
        in client.post(
            hand_over_url(meeting, first, "ambition"), {"framework": framework.pk, "level": 9}
        ).json()
    )
    assert HandOver.objects.filter(status=HandOver.Status.USED).count() == 0


def test_a_meeting_without_a_live_meeting_has_no_draft_items(api, carol, meeting):
    assert api(carol).get(hand_over_url(meeting)).json() == []


# --- Query counts -------------------------------------------------------------------------------


def test_the_meeting_and_agreement_lists_take_the_same_queries_for_few_and_many(
    api, carol, utrecht, framework, ambition, django_assert_max_num_queries
):
    def add(n):
        for i in range(n):
            organisation = OrganisationFactory(workspace=utrecht)
            meeting = LeaMeeting.objects.create(
                workspace=utrecht, framework=framework, title=f"LEA {i}", date=datetime.date(2026, 1, 1 + i)
            )
            meeting.participants.set([organisation])
            AgendaItem.objects.create(workspace=utrecht, meeting=meeting, title="Punt", ambition=ambition)
            agreement = Agreement.objects.create(
                workspace=utrecht, meeting=meeting, ambition=ambition, what=f"Afspraak {i}"
            )
            agreement.organisations.set([organisation])

    client = api(carol)
    add(2)
    client.get(url("lea-meeting"))
    with django_assert_max_num_queries(15) as few_meetings:
        assert client.get(url("lea-meeting")).json()["count"] == 2
    with django_assert_max_num_queries(15) as few_agreements:
        assert client.get(url("agreement")).json()["count"] == 2
    add(10)
    with django_assert_max_num_queries(len(few_meetings.captured_queries)):
        assert client.get(url("lea-meeting")).json()["count"] == 12
    with django_assert_max_num_queries(len(few_agreements.captured_queries)):
        assert client.get(url("agreement")).json()["count"] == 12


# --- Every write, by role -----------------------------------------------------------------------


def _lea_writes(meeting, agreement):
    item = meeting.agenda_items.first()
    return [
        ("post", url("lea-meeting"), {"title": "LEA", "date": "2026-06-01"}),
        ("put", url("lea-meeting", pk=meeting.pk), {"title": "LEA", "date": "2026-06-01"}),
        ("patch", url("lea-meeting", pk=meeting.pk), {"place": "Elders"}),
        ("post", agenda_url(meeting), {"title": "Nieuw punt"}),
        ("put", agenda_url(meeting, item.pk), {"title": "Ander punt"}),
        ("patch", agenda_url(meeting, item.pk), {"title": "Ander punt"}),
        ("post", agenda_url(meeting, item.pk, action="move"), {"direction": "down"}),
        ("delete", agenda_url(meeting, item.pk), None),
        ("post", url("agreement"), {"what": "Nieuwe afspraak"}),
        ("put", url("agreement", pk=agreement.pk), {"what": "Andere afspraak"}),
        ("patch", url("agreement", pk=agreement.pk), {"what": "Andere afspraak"}),
        ("delete", url("agreement", pk=agreement.pk), None),
        ("delete", url("lea-meeting", pk=meeting.pk), None),
    ]


@pytest.mark.parametrize(("user", "expected"), [("bob", 403), ("lisa", 403), ("carol", 403), ("dave", 404)])
def test_every_meeting_agenda_and_agreement_write_is_for_coordinators(
    api, request, meeting, agreement, user, expected
):
    client = api(request.getfixturevalue(user))
    before = AuditEvent.objects.count()
    for method, path, body in _lea_writes(meeting, agreement):
        response = client.client.delete(path) if method == "delete" else getattr(client, method)(path, body)
        assert response.status_code == expected, (method, path)
    assert AuditEvent.objects.count() == before
    assert LeaMeeting.objects.get().place == "Stadhuis" and AgendaItem.objects.count() == 2
    assert Agreement.objects.get().what.startswith("Elke school")


def test_a_coordinator_may_make_every_meeting_agenda_and_agreement_write(api, alice, meeting, agreement):
    client = api(alice)
    for method, path, body in _lea_writes(meeting, agreement):
        response = client.client.delete(path) if method == "delete" else getattr(client, method)(path, body)
        assert response.status_code in (200, 201, 204), (method, path, response.content)


def test_the_draft_item_list_takes_the_same_queries_for_few_and_many(
    api, carol, meeting, live, framework, utrecht, django_assert_max_num_queries
):
    client = api(carol)
    client.get(hand_over_url(meeting))
    with django_assert_max_num_queries(10) as few:
        assert len(client.get(hand_over_url(meeting)).json()) == 2
    for i in range(6):
        hand_over = HandOver.objects.create(
            workspace=utrecht, session=meeting.live_session, title=f"Punt {i}"
        )
        AgendaItem.objects.create(workspace=utrecht, meeting=meeting, title=f"Punt {i}", hand_over=hand_over)
    with django_assert_max_num_queries(len(few.captured_queries)):
        listed = client.get(hand_over_url(meeting)).json()
    assert len(listed) == 8 and all(h["agenda_items"] for h in listed[2:])
