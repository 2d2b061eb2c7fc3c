"""LEA services and selectors: meetings, agenda order, agreements and who may change their status,
hand-overs from a live meeting turned into a draft ambition or an agenda item exactly once, and the
summary of a year for the yearly report."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ouderpartner.core.models import AuditEvent, Membership
from ouderpartner.live.models import HandOver, LiveSession
from ouderpartner.network.tests.factories import OrganisationFactory
from ouderpartner.policy import lea_selectors as selectors
from ouderpartner.policy import lea_services as services
from ouderpartner.policy.models import AgendaItem, Agreement, Ambition, LeaMeeting, PolicyFramework

TODAY = datetime.date.today()


def make_framework(workspace, title="Kader ouderbetrokkenheid 2026-2030"):
    return PolicyFramework.objects.create(workspace=workspace, title=title, start_year=2026, end_year=2030)


def make_session(workspace, title="Kennisbijeenkomst"):
    return LiveSession.objects.create(workspace=workspace, title={"nl": title}, languages=["nl"])


def make_hand_over(session, title="Ouders als partner vanaf de voorschool", kind=HandOver.Kind.AMBITION):
    return HandOver.objects.create(
        workspace=session.workspace, session=session, title=title, text="Uit de stemming.", kind=kind
    )


def make_meeting(workspace, framework=None, *, date=None, title="LEA najaar", session=None, participants=()):
    meeting = LeaMeeting.objects.create(
        workspace=workspace,
        framework=framework,
        title=title,
        date=date or TODAY - datetime.timedelta(days=10),
        place="Stadskantoor",
        live_session=session,
    )
    meeting.participants.set(participants)
    return meeting


def make_agreement(workspace, *, what="Folder in vijf talen", organisations=(), **fields):
    agreement = Agreement.objects.create(workspace=workspace, what=what, **fields)
    agreement.organisations.set(organisations)
    return agreement


@pytest.fixture
def framework(utrecht):
    return make_framework(utrecht)


@pytest.fixture
def library(utrecht):
    return OrganisationFactory(workspace=utrecht, name="Bibliotheek Utrecht", kind="library")


def test_a_meeting_is_created_with_its_organisations_and_audited(utrecht, alice, school, library, framework):
    meeting = services.lea_meeting_create(
        workspace=utrecht,
        actor=alice,
        title="  LEA voorjaar ",
        date=datetime.date(2026, 3, 12),
        framework=framework,
        participants=[school, library],
        other_participants="wethouder onderwijs",
        decisions="Ouderbetrokkenheid wordt een vast agendapunt.",
    )
    assert meeting.title == "LEA voorjaar"
    assert set(meeting.participants.all()) == {school, library}
    event = AuditEvent.objects.get(object_type="leameeting", object_id=str(meeting.pk))
    assert event.action == AuditEvent.Action.CREATE
    assert event.changes == {"participants": ["Bibliotheek Utrecht", "Willibrordschool"]}


def test_a_meeting_refuses_another_workspaces_organisation_and_live_session(utrecht, amersfoort, alice):
    elsewhere = OrganisationFactory(workspace=amersfoort)
    with pytest.raises(ValidationError):
        services.lea_meeting_create(
            workspace=utrecht, actor=alice, title="LEA", date=TODAY, participants=[elsewhere]
        )
    with pytest.raises(ValidationError):
        services.lea_meeting_create(
            workspace=utrecht, actor=alice, title="LEA", date=TODAY, live_session=make_session(amersfoort)
        )
    assert not LeaMeeting.objects.exists()


def test_updating_a_meeting_records_what_changed(utrecht, alice, school, library):
    meeting = make_meeting(utrecht, participants=[school])
    services.lea_meeting_update(
        meeting=meeting, actor=alice, decisions="Besloten: meer vindplaatsen.", participants=[library]
    )
    meeting.refresh_from_db()
    assert meeting.decisions == "Besloten: meer vindplaatsen."
    assert list(meeting.participants.all()) == [library]
    event = AuditEvent.objects.filter(action=AuditEvent.Action.CHANGE, object_type="leameeting").get()
    assert event.changes["participants"] == ["Willibrordschool", "Bibliotheek Utrecht"]
    assert event.changes["decisions"] == ["", "Besloten: meer vindplaatsen."]


def test_deleting_a_meeting_keeps_its_agreements(utrecht, alice):
    meeting = make_meeting(utrecht)
    services.agenda_item_create(meeting=meeting, actor=alice, title="Bereik")
    agreement = make_agreement(utrecht, meeting=meeting)
    services.lea_meeting_delete(meeting=meeting, actor=alice)
    agreement.refresh_from_db()
    assert agreement.meeting is None
    assert not AgendaItem.objects.exists()


def test_agenda_items_come_in_order_and_move(utrecht, alice):
    meeting = make_meeting(utrecht)
    first, second, third = (
        services.agenda_item_create(meeting=meeting, actor=alice, title=title)
        for title in ("Opening", "Bereik", "Rondvraag")
    )
    assert [first.position, second.position, third.position] == [0, 1, 2]
    services.agenda_item_move(item=third, actor=alice, direction="up")
    assert list(meeting.agenda_items.order_by("position").values_list("title", flat=True)) == [
        "Opening",
        "Rondvraag",
        "Bereik",
    ]
    services.agenda_item_move(item=first, actor=alice, direction="up")  # already first: nothing changes
    services.agenda_item_move(item=first, actor=alice, direction="down")
    assert list(meeting.agenda_items.order_by("position").values_list("title", flat=True)) == [
        "Rondvraag",
        "Opening",
        "Bereik",
    ]
    with pytest.raises(ValidationError):
        services.agenda_item_move(item=first, actor=alice, direction="sideways")


def test_an_agenda_item_about_another_workspaces_ambition_is_refused(utrecht, amersfoort, alice):
    other = Ambition.objects.create(
        workspace=amersfoort, framework=make_framework(amersfoort), title="X", level=1
    )
    with pytest.raises(ValidationError):
        services.agenda_item_create(
            meeting=make_meeting(utrecht), actor=alice, title="Bereik", ambition=other
        )


def test_only_the_organisations_named_may_update_an_agreements_status(
    utrecht, alice, bob, carol, school, library
):
    ours = make_agreement(utrecht, organisations=[school, library])
    theirs = make_agreement(utrecht, organisations=[library])
    bob_membership = Membership.objects.get(user=bob)
    services.agreement_set_status(agreement=ours, membership=bob_membership, actor=bob, status="in_progress")
    assert Agreement.objects.get(pk=ours.pk).status == "in_progress"
    with pytest.raises(PermissionDenied):
        services.agreement_set_status(agreement=theirs, membership=bob_membership, actor=bob, status="done")
    with pytest.raises(PermissionDenied):
        services.agreement_set_status(
            agreement=ours, membership=Membership.objects.get(user=carol), actor=carol, status="done"
        )
    with pytest.raises(ValidationError):
        services.agreement_set_status(
            agreement=ours, membership=Membership.objects.get(user=alice), actor=alice, status="forgotten"
        )
    services.agreement_set_status(
        agreement=theirs, membership=Membership.objects.get(user=alice), actor=alice, status="done"
    )
    assert Agreement.objects.get(pk=theirs.pk).status == "done"


def test_an_agreement_is_created_and_updated(utrecht, alice, school, library, framework):
    ambition = Ambition.objects.create(
        workspace=utrecht, framework=framework, title="Ouders bereikt", level=1
    )
    agreement = services.agreement_create(
        workspace=utrecht,
        actor=alice,
        what="Elke school een ouderkamer",
        organisations=[school],
        due_on=TODAY + datetime.timedelta(days=30),
        ambition=ambition,
    )
    services.agreement_update(agreement=agreement, actor=alice, status="in_progress", organisations=[library])
    agreement.refresh_from_db()
    assert agreement.status == "in_progress"
    assert list(agreement.organisations.all()) == [library]
    with pytest.raises(ValidationError):
        services.agreement_update(agreement=agreement, actor=alice, what="")


def test_overdue_means_past_the_date_and_not_finished(utrecht):
    past = TODAY - datetime.timedelta(days=1)
    assert selectors.is_overdue(make_agreement(utrecht, due_on=past))
    assert selectors.is_overdue(make_agreement(utrecht, due_on=past, status="in_progress"))
    assert not selectors.is_overdue(make_agreement(utrecht, due_on=past, status="done"))
    assert not selectors.is_overdue(make_agreement(utrecht, due_on=past, status="dropped"))
    assert not selectors.is_overdue(make_agreement(utrecht, due_on=TODAY))
    assert not selectors.is_overdue(make_agreement(utrecht, due_on=None))
    assert selectors.agreements_list(workspace=utrecht, overdue=True).count() == 2


# --- Hand-overs ---------------------------------------------------------------------------------


def test_a_hand_over_becomes_a_draft_ambition_once(utrecht, alice, framework):
    session = make_session(utrecht)
    hand_over = make_hand_over(session)
    meeting = make_meeting(utrecht, framework, session=session)
    ambition = services.hand_over_to_ambition(
        meeting=meeting, hand_over=hand_over, actor=alice, framework=framework, level=2
    )
    assert (ambition.title, ambition.level, ambition.framework, ambition.hand_over) == (
        "Ouders als partner vanaf de voorschool",
        2,
        framework,
        hand_over,
    )
    assert HandOver.objects.get(pk=hand_over.pk).status == HandOver.Status.USED
    with pytest.raises(ValidationError):
        services.hand_over_to_ambition(
            meeting=meeting, hand_over=hand_over, actor=alice, framework=framework, level=2
        )
    with pytest.raises(ValidationError):
        services.hand_over_to_agenda_item(meeting=meeting, hand_over=hand_over, actor=alice)
    assert Ambition.objects.filter(hand_over=hand_over).count() == 1
    assert not AgendaItem.objects.exists()


def test_a_hand_over_set_back_to_draft_is_still_not_taken_twice(utrecht, alice):
    session = make_session(utrecht)
    hand_over = make_hand_over(session)
    meeting = make_meeting(utrecht, session=session)
    item = services.hand_over_to_agenda_item(meeting=meeting, hand_over=hand_over, actor=alice)
    assert (item.hand_over, item.meeting, item.title) == (hand_over, meeting, hand_over.title)
    HandOver.objects.filter(pk=hand_over.pk).update(status=HandOver.Status.DRAFT)  # e.g. "back to draft"
    with pytest.raises(ValidationError):
        services.hand_over_to_agenda_item(meeting=meeting, hand_over=hand_over, actor=alice)
    assert AgendaItem.objects.filter(hand_over=hand_over).count() == 1


def test_a_hand_over_must_come_from_the_attached_live_meeting(utrecht, amersfoort, alice, framework):
    meeting = make_meeting(utrecht, framework, session=make_session(utrecht))
    stranger = make_hand_over(make_session(utrecht, "Andere bijeenkomst"))
    with pytest.raises(ValidationError):
        services.hand_over_to_agenda_item(meeting=meeting, hand_over=stranger, actor=alice)
    own = make_hand_over(meeting.live_session)
    with pytest.raises(ValidationError):  # a framework of another workspace
        services.hand_over_to_ambition(
            meeting=meeting, hand_over=own, actor=alice, framework=make_framework(amersfoort), level=1
        )
    with pytest.raises(ValidationError):
        services.hand_over_to_ambition(
            meeting=meeting, hand_over=own, actor=alice, framework=framework, level=7
        )
    assert HandOver.objects.get(pk=own.pk).status == HandOver.Status.DRAFT
    assert not Ambition.objects.exists()


def test_a_live_meeting_is_attached_and_detached(utrecht, amersfoort, alice):
    meeting = make_meeting(utrecht)
    session = make_session(utrecht)
    services.lea_meeting_attach_live(meeting=meeting, actor=alice, live_session=session)
    assert LeaMeeting.objects.get(pk=meeting.pk).live_session == session
    with pytest.raises(ValidationError):
        services.lea_meeting_attach_live(meeting=meeting, actor=alice, live_session=make_session(amersfoort))
    meeting.refresh_from_db()
    services.lea_meeting_attach_live(meeting=meeting, actor=alice, live_session=None)
    assert LeaMeeting.objects.get(pk=meeting.pk).live_session is None


# --- The yearly summary -------------------------------------------------------------------------


def _summary_data(utrecht, framework, school, library, extra=0):
    spring = make_meeting(
        utrecht, framework, date=datetime.date(2026, 3, 12), title="LEA voorjaar", participants=[school]
    )
    autumn = make_meeting(
        utrecht,
        framework,
        date=datetime.date(2026, 10, 1),
        title="LEA najaar",
        participants=[school, library],
    )
    make_meeting(utrecht, framework, date=datetime.date(2025, 10, 1), title="LEA 2025")
    make_meeting(utrecht, None, date=datetime.date(2026, 5, 1), title="Zonder kader")
    AgendaItem.objects.create(workspace=utrecht, meeting=autumn, title="Rondvraag", position=1)
    AgendaItem.objects.create(workspace=utrecht, meeting=autumn, title="Bereik", position=0)
    make_agreement(
        utrecht, what="Ouderkamer", organisations=[school], meeting=spring, due_on=datetime.date(2026, 6, 1)
    )
    make_agreement(utrecht, what="Folder", meeting=autumn, status="done", due_on=datetime.date(2026, 12, 1))
    old = make_meeting(utrecht, framework, date=datetime.date(2024, 10, 1), title="LEA 2024")
    make_agreement(utrecht, what="Nog open uit 2024", meeting=old, status="in_progress")
    make_agreement(
        utrecht, what="Klaar in 2024", meeting=old, status="done", due_on=datetime.date(2024, 12, 1)
    )
    for n in range(extra):
        meeting = make_meeting(
            utrecht, framework, date=datetime.date(2026, 4, 1 + n), title=f"Extra {n}", participants=[library]
        )
        AgendaItem.objects.create(workspace=utrecht, meeting=meeting, title=f"Punt {n}")
        make_agreement(utrecht, what=f"Extra {n}", meeting=meeting, organisations=[school, library])


def test_lea_summary_gives_the_years_meetings_and_the_agreements(utrecht, framework, school, library):
    _summary_data(utrecht, framework, school, library)
    summary = selectors.lea_summary(framework, year=2026)
    assert summary["year"] == 2026
    assert [m["title"] for m in summary["meetings"]] == ["LEA voorjaar", "LEA najaar"]
    autumn = summary["meetings"][1]
    assert autumn["organisations"] == ["Bibliotheek Utrecht", "Willibrordschool"]
    assert autumn["agenda"] == ["Bereik", "Rondvraag"]
    assert autumn["agreements_made"] == 1
    assert {a["what"] for a in summary["agreements"]} == {"Ouderkamer", "Folder", "Nog open uit 2024"}
    assert summary["agreements_by_status"] == {"open": 1, "in_progress": 1, "done": 1, "dropped": 0}
    ouderkamer = next(a for a in summary["agreements"] if a["what"] == "Ouderkamer")
    assert ouderkamer["organisations"] == ["Willibrordschool"]
    assert ouderkamer["meeting"] == "LEA voorjaar"
    assert ouderkamer["overdue"] is (datetime.date(2026, 6, 1) < TODAY)
    assert summary["overdue"] == sum(a["overdue"] for a in summary["agreements"])


def test_lea_summary_queries_do_not_grow_with_rows(utrecht, framework, school, library):
    _summary_data(utrecht, framework, school, library, extra=1)
    with CaptureQueriesContext(connection) as few:
        selectors.lea_summary(framework, year=2026)
    _summary_data(utrecht, framework, school, library, extra=8)
    with CaptureQueriesContext(connection) as many:
        summary = selectors.lea_summary(framework, year=2026)
    assert len(summary["meetings"]) > 10
    assert len(many) == len(few) <= 5
