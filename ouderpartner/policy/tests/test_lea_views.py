"""LEA pages: every member reads, coordinators write, professionals update the status of their own
organisation's agreements, outsiders get 404; forms keep input on error; hand-overs are taken once;
query counts do not grow with rows."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from ouderpartner.live.models import HandOver
from ouderpartner.network.tests.factories import OrganisationFactory
from ouderpartner.policy.models import AgendaItem, Agreement, Ambition, LeaMeeting
from ouderpartner.policy.tests.test_lea_services import (
    TODAY,
    make_agreement,
    make_framework,
    make_hand_over,
    make_meeting,
    make_session,
)

pytestmark = pytest.mark.django_db


def url(name, pk=None, ws="utrecht", **kwargs):
    kwargs["ws"] = ws
    if pk is not None:
        kwargs["pk"] = pk
    return reverse(f"policy:{name}", kwargs=kwargs)


@pytest.fixture
def library(utrecht):
    return OrganisationFactory(workspace=utrecht, name="Bibliotheek Utrecht", kind="library")


@pytest.fixture
def lea(utrecht, school, library):
    framework = make_framework(utrecht)
    session = make_session(utrecht)
    meeting = make_meeting(utrecht, framework, session=session, participants=[school, library])
    AgendaItem.objects.create(workspace=utrecht, meeting=meeting, title="Bereik van ouders")
    ours = make_agreement(
        utrecht, what="Ouderkamer op elke school", organisations=[school], meeting=meeting, due_on=TODAY
    )
    theirs = make_agreement(
        utrecht,
        what="Voorleesochtend in drie talen",
        organisations=[library],
        meeting=meeting,
        due_on=TODAY - datetime.timedelta(days=3),
    )
    return {
        "framework": framework,
        "session": session,
        "meeting": meeting,
        "ours": ours,
        "theirs": theirs,
        "hand_over": make_hand_over(session),
    }


# --- Outsiders and roles ------------------------------------------------------------------------


def test_an_outsider_gets_404_everywhere(client_for, dave, lea):
    client = client_for(dave)
    meeting = lea["meeting"]
    item = meeting.agenda_items.get()
    for ws in ("utrecht", "amersfoort"):
        paths = [
            url("lea_meeting_detail", meeting.pk, ws=ws),
            url("lea_meeting_update", meeting.pk, ws=ws),
            url("lea_meeting_delete", meeting.pk, ws=ws),
            url("lea_meeting_live", meeting.pk, ws=ws),
            url("lea_hand_over_take", meeting.pk, ws=ws, hand_over_pk=lea["hand_over"].pk),
            url("lea_live_session", ws=ws, session_pk=lea["session"].pk),
            url("agenda_item_update", item.pk, ws=ws),
            url("agreement_status", lea["ours"].pk, ws=ws),
            url("agreement_update", lea["ours"].pk, ws=ws),
        ]
        for path in paths:
            assert client.get(path).status_code == 404, path
    assert client.get(url("lea_meeting_list")).status_code == 404
    assert client.get(url("agreement_list")).status_code == 404
    assert (
        client.post(url("agenda_item_move", item.pk, ws="amersfoort"), {"direction": "up"}).status_code == 404
    )


def test_a_viewer_reads_but_writes_nothing(client_for, carol, lea):
    client = client_for(carol)
    meeting = lea["meeting"]
    page = client.get(url("lea_meeting_detail", meeting.pk))
    assert page.status_code == 200
    assert "Bereik van ouders" in page.content.decode()
    assert url("lea_meeting_update", meeting.pk) not in page.content.decode()
    assert client.get(url("lea_meeting_list")).status_code == 200
    assert client.get(url("agreement_list")).status_code == 200
    for path in (
        url("lea_meeting_create"),
        url("lea_meeting_update", meeting.pk),
        url("lea_meeting_live", meeting.pk),
        url("agreement_create"),
        url("agreement_status", lea["ours"].pk),
        url("lea_hand_over_take", meeting.pk, hand_over_pk=lea["hand_over"].pk),
    ):
        assert client.get(path).status_code == 403, path
    assert client.post(url("lea_meeting_delete", meeting.pk)).status_code == 403
    assert client.post(url("agreement_status", lea["ours"].pk), {"status": "done"}).status_code == 403
    assert LeaMeeting.objects.filter(pk=meeting.pk).exists()
    assert Agreement.objects.get(pk=lea["ours"].pk).status == "open"


def test_a_professional_updates_only_their_own_organisations_agreements(client_for, bob, lea):
    client = client_for(bob)
    listing = client.get(url("agreement_list")).content.decode()
    assert url("agreement_status", lea["ours"].pk) in listing
    assert url("agreement_status", lea["theirs"].pk) not in listing
    assert client.get(url("agreement_status", lea["ours"].pk)).status_code == 200
    response = client.post(url("agreement_status", lea["ours"].pk), {"status": "in_progress"})
    assert response.status_code == 302
    assert Agreement.objects.get(pk=lea["ours"].pk).status == "in_progress"
    assert client.post(url("agreement_status", lea["theirs"].pk), {"status": "done"}).status_code == 403
    assert Agreement.objects.get(pk=lea["theirs"].pk).status == "open"
    assert client.get(url("agreement_update", lea["ours"].pk)).status_code == 403
    assert client.get(url("lea_meeting_create")).status_code == 403


def test_a_wrong_status_is_a_clear_message_not_an_error(client_for, bob, lea):
    response = client_for(bob).post(url("agreement_status", lea["ours"].pk), {"status": "forgotten"})
    assert response.status_code == 400
    assert 'id="error-summary"' in response.content.decode()


# --- Meetings -----------------------------------------------------------------------------------


def test_the_coordinator_records_a_meeting_and_nothing_is_lost_on_error(client_for, alice, school, library):
    client = client_for(alice)
    framework = make_framework(alice.memberships.get().workspace)
    data = {
        "title": "LEA voorjaar",
        "date": "12-03-2026x",
        "place": "Stadhuis",
        "framework": framework.pk,
        "participants": [school.pk, library.pk],
        "other_participants": "wethouder onderwijs",
        "decisions": "Ouderbetrokkenheid wordt een vast punt.",
    }
    response = client.post(url("lea_meeting_create"), data)
    assert response.status_code == 400
    body = response.content.decode()
    assert 'href="#id_date"' in body
    assert "wethouder onderwijs" in body and "Ouderbetrokkenheid wordt een vast punt." in body
    assert not LeaMeeting.objects.exists()
    data["date"] = "2026-03-12"
    response = client.post(url("lea_meeting_create"), data)
    meeting = LeaMeeting.objects.get()
    assert response.status_code == 302 and response["Location"] == url("lea_meeting_detail", meeting.pk)
    assert set(meeting.participants.all()) == {school, library}
    page = client.get(url("lea_meeting_detail", meeting.pk)).content.decode()
    assert "Bibliotheek Utrecht" in page and "wethouder onderwijs" in page


def test_another_workspaces_organisation_cannot_be_chosen(client_for, alice, amersfoort):
    elsewhere = OrganisationFactory(workspace=amersfoort)
    response = client_for(alice).post(
        url("lea_meeting_create"), {"title": "LEA", "date": "2026-03-12", "participants": [elsewhere.pk]}
    )
    assert response.status_code == 400
    assert not LeaMeeting.objects.exists()


def test_edit_and_delete_a_meeting(client_for, alice, lea):
    client = client_for(alice)
    meeting = lea["meeting"]
    form = client.get(url("lea_meeting_update", meeting.pk))
    assert form.status_code == 200 and "Stadskantoor" in form.content.decode()
    response = client.post(
        url("lea_meeting_update", meeting.pk),
        {"title": "LEA najaar (gewijzigd)", "date": "2026-10-01", "decisions": "Besloten."},
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.title == "LEA najaar (gewijzigd)" and not meeting.participants.exists()
    confirm = client.get(url("lea_meeting_delete", meeting.pk))
    assert confirm.status_code == 200 and "LEA najaar (gewijzigd)" in confirm.content.decode()
    assert client.post(url("lea_meeting_delete", meeting.pk)).status_code == 302
    assert not LeaMeeting.objects.exists()
    assert Agreement.objects.count() == 2


def test_the_meeting_list_filters_by_year_and_framework(client_for, carol, utrecht, lea):
    make_meeting(utrecht, None, date=datetime.date(2024, 5, 1), title="LEA van 2024")
    client = client_for(carol)
    everything = client.get(url("lea_meeting_list")).content.decode()
    assert "LEA van 2024" in everything and "LEA najaar" in everything
    only_2024 = client.get(url("lea_meeting_list") + "?year=2024").content.decode()
    assert "LEA van 2024" in only_2024 and "LEA najaar" not in only_2024
    framework = client.get(url("lea_meeting_list") + f"?framework={lea['framework'].pk}").content.decode()
    assert "LEA van 2024" not in framework and "LEA najaar" in framework
    assert client.get(url("lea_meeting_list") + "?year=abc&framework=99999999999&page=x").status_code == 200


# --- Agenda ------------------------------------------------------------------------------------


def test_agenda_items_are_added_edited_moved_and_deleted(client_for, alice, lea):
    client = client_for(alice)
    meeting = lea["meeting"]
    ambition = Ambition.objects.create(
        workspace=meeting.workspace, framework=lea["framework"], title="Ouders bereikt", level=1
    )
    response = client.post(
        url("agenda_item_create", meeting.pk), {"title": "Stand van de ouderkamers", "ambition": ambition.pk}
    )
    assert response.status_code == 302
    new = AgendaItem.objects.get(title="Stand van de ouderkamers")
    assert new.ambition == ambition and new.position == 1
    client.post(url("agenda_item_move", new.pk), {"direction": "up"})
    assert list(meeting.agenda_items.order_by("position").values_list("title", flat=True)) == [
        "Stand van de ouderkamers",
        "Bereik van ouders",
    ]
    client.post(url("agenda_item_update", new.pk), {"title": "Ouderkamers", "text": "Tien minuten"})
    new.refresh_from_db()
    assert (new.title, new.text, new.ambition) == ("Ouderkamers", "Tien minuten", None)
    assert client.post(url("agenda_item_create", meeting.pk), {"title": ""}).status_code == 400
    assert client.get(url("agenda_item_delete", new.pk)).status_code == 200
    client.post(url("agenda_item_delete", new.pk))
    assert not AgendaItem.objects.filter(pk=new.pk).exists()


# --- Agreements --------------------------------------------------------------------------------


def test_agreements_are_created_from_a_meeting_edited_and_deleted(client_for, alice, school, lea):
    client = client_for(alice)
    meeting = lea["meeting"]
    form = client.get(url("agreement_create") + f"?meeting={meeting.pk}")
    assert form.status_code == 200
    response = client.post(
        url("agreement_create"),
        {
            "what": "Gezamenlijke folder",
            "organisations": [school.pk],
            "due_on": "2026-12-01",
            "status": "open",
            "meeting": meeting.pk,
        },
    )
    assert response.status_code == 302
    assert response["Location"] == url("lea_meeting_detail", meeting.pk) + "#agreements"
    agreement = Agreement.objects.get(what="Gezamenlijke folder")
    assert list(agreement.organisations.all()) == [school]
    response = client.post(
        url("agreement_update", agreement.pk), {"what": "Gezamenlijke folder", "status": "done"}
    )
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.status == "done" and not agreement.organisations.exists() and agreement.meeting is None
    assert client.post(url("agreement_create"), {"what": "", "status": "open"}).status_code == 400
    client.post(url("agreement_delete", agreement.pk))
    assert not Agreement.objects.filter(pk=agreement.pk).exists()


def test_the_agreement_list_filters_and_marks_overdue_in_words(client_for, carol, library, lea):
    client = client_for(carol)
    page = client.get(url("agreement_list")).content.decode()
    assert page.count("op-badge--warning") == 1  # only the library's, past its date
    assert "⚠" in page
    overdue = client.get(url("agreement_list") + "?overdue=1").content.decode()
    assert "Voorleesochtend in drie talen" in overdue and "Ouderkamer op elke school" not in overdue
    by_org = client.get(url("agreement_list") + f"?organisation={library.pk}").content.decode()
    assert "Voorleesochtend in drie talen" in by_org and "Ouderkamer op elke school" not in by_org
    Agreement.objects.filter(pk=lea["theirs"].pk).update(status="done")
    done = client.get(url("agreement_list") + "?status=done").content.decode()
    assert "Voorleesochtend in drie talen" in done and "Ouderkamer op elke school" not in done
    assert "op-badge--warning" not in done
    assert (
        client.get(url("agreement_list") + "?status=x&organisation=y&ambition=-1&page=99").status_code == 200
    )


# --- Live meeting and hand-overs ---------------------------------------------------------------


def test_a_live_meeting_is_attached_only_from_the_same_workspace(client_for, alice, utrecht, amersfoort):
    client = client_for(alice)
    meeting = make_meeting(utrecht)
    session = make_session(utrecht)
    assert client.get(url("lea_meeting_live", meeting.pk)).status_code == 200
    foreign = make_session(amersfoort)
    assert client.post(url("lea_meeting_live", meeting.pk), {"live_session": foreign.pk}).status_code == 400
    assert client.post(url("lea_meeting_live", meeting.pk), {"live_session": session.pk}).status_code == 302
    assert LeaMeeting.objects.get(pk=meeting.pk).live_session == session
    assert client.post(url("lea_meeting_live", meeting.pk), {"live_session": ""}).status_code == 302
    assert LeaMeeting.objects.get(pk=meeting.pk).live_session is None


def test_a_hand_over_is_taken_into_the_policy_once(client_for, alice, lea):
    client = client_for(alice)
    meeting, hand_over = lea["meeting"], lea["hand_over"]
    detail = client.get(url("lea_meeting_detail", meeting.pk)).content.decode()
    take = url("lea_hand_over_take", meeting.pk, hand_over_pk=hand_over.pk)
    assert take in detail
    assert client.get(take).status_code == 200
    missing = client.post(take, {"becomes": "ambition"})
    assert missing.status_code == 400 and 'href="#id_level"' in missing.content.decode()
    data = {"becomes": "ambition", "framework": lea["framework"].pk, "level": "3"}
    assert client.post(take, data).status_code == 302
    ambition = Ambition.objects.get(hand_over=hand_over)
    assert (ambition.level, ambition.framework) == (3, lea["framework"])
    assert HandOver.objects.get(pk=hand_over.pk).status == HandOver.Status.USED
    revisit = client.get(take)
    assert revisit.status_code == 302 and revisit["Location"].endswith(f"#hand-over-{hand_over.pk}")
    again = client.post(take, {"becomes": "agenda_item"})
    assert again.status_code == 400
    assert Ambition.objects.filter(hand_over=hand_over).count() == 1
    assert not AgendaItem.objects.filter(hand_over=hand_over).exists()
    detail = client.get(url("lea_meeting_detail", meeting.pk)).content.decode()
    assert take not in detail and "Ouders als partner vanaf de voorschool" in detail


def test_a_hand_over_becomes_an_agenda_item(client_for, alice, lea):
    client = client_for(alice)
    meeting, hand_over = lea["meeting"], lea["hand_over"]
    response = client.post(
        url("lea_hand_over_take", meeting.pk, hand_over_pk=hand_over.pk), {"becomes": "agenda_item"}
    )
    assert response.status_code == 302
    item = AgendaItem.objects.get(hand_over=hand_over)
    assert item.meeting == meeting and item.position == 1


def test_a_hand_over_of_another_live_meeting_is_404(client_for, alice, utrecht, lea):
    other = make_hand_over(make_session(utrecht, "Andere"))
    path = url("lea_hand_over_take", lea["meeting"].pk, hand_over_pk=other.pk)
    assert client_for(alice).get(path).status_code == 404


def test_from_the_live_meeting_to_the_lea_meeting(client_for, alice, utrecht, lea):
    client = client_for(alice)
    response = client.get(url("lea_live_session", session_pk=lea["session"].pk))
    assert response.status_code == 302
    assert response["Location"] == url("lea_meeting_detail", lea["meeting"].pk) + "#hand-overs"
    loose = make_session(utrecht, "Nog niet gekoppeld")
    page = client.get(url("lea_live_session", session_pk=loose.pk))
    assert page.status_code == 200 and "Nog niet gekoppeld" in page.content.decode()
    later = make_meeting(utrecht, title="LEA winter")
    response = client.post(url("lea_live_session", session_pk=loose.pk), {"meeting": later.pk})
    assert response.status_code == 302
    assert LeaMeeting.objects.get(pk=later.pk).live_session == loose


# --- Query bounds ------------------------------------------------------------------------------


def _more(utrecht, lea, school, library, n):
    framework, session = lea["framework"], lea["session"]
    for i in range(n):
        meeting = make_meeting(utrecht, framework, title=f"Extra {i}", participants=[school, library])
        AgendaItem.objects.create(workspace=utrecht, meeting=meeting, title=f"Punt {i}")
        make_agreement(utrecht, what=f"Afspraak {i}", organisations=[school, library], meeting=meeting)
        AgendaItem.objects.create(workspace=utrecht, meeting=lea["meeting"], title=f"Punt {i}")
        make_agreement(utrecht, what=f"Hier {i}", organisations=[school, library], meeting=lea["meeting"])
        make_hand_over(session, title=f"Resultaat {i}")


@pytest.mark.parametrize("name", ["lea_meeting_list", "agreement_list", "lea_meeting_detail"])
def test_query_counts_do_not_grow_with_rows(
    client_for, bob, utrecht, school, library, lea, name, django_assert_max_num_queries
):
    client = client_for(bob)
    path = url(name, lea["meeting"].pk) if name == "lea_meeting_detail" else url(name)
    _more(utrecht, lea, school, library, 2)
    with django_assert_max_num_queries(30) as few:
        assert client.get(path).status_code == 200
    _more(utrecht, lea, school, library, 12)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(path).status_code == 200


def test_the_live_meetings_page_links_its_draft_items_to_the_lea(client_for, alice, carol, lea):
    session = lea["session"]
    live_page = reverse("live:session_detail", kwargs={"ws": "utrecht", "pk": session.pk})
    link = url("lea_live_session", session_pk=session.pk)
    assert link in client_for(alice).get(live_page).content.decode()
    assert link not in client_for(carol).get(live_page).content.decode()


def test_a_new_meeting_starts_in_the_newest_framework(client_for, alice, utrecht):
    make_framework(utrecht, "Oud kader")
    newest = make_framework(utrecht, "Nieuw kader")
    form = client_for(alice).get(url("lea_meeting_create")).context["form"]
    assert form["framework"].value() == newest.pk
