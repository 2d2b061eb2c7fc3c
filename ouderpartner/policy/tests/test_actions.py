"""Actions: the list with filters and overdue marks, coordinators write, professionals update only their
own organisation's progress, viewers read, outsiders get 404; the XLSX export is audited."""

from __future__ import annotations

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from ouderpartner.core.models import AuditEvent
from ouderpartner.network.tests.factories import OrganisationFactory
from ouderpartner.policy.goal_selectors import ActionFilters, action_list, is_overdue
from ouderpartner.policy.models import Action

from .goal_factories import make_action, make_ambition

pytestmark = pytest.mark.django_db


def url(name, **kwargs):
    return reverse(f"policy:{name}", kwargs={"ws": "utrecht", **kwargs})


def days(n):
    return timezone.localdate() + datetime.timedelta(days=n)


@pytest.fixture
def ambition(utrecht):
    return make_ambition(utrecht)


@pytest.fixture
def library(utrecht):
    return OrganisationFactory(workspace=utrecht, name="Bibliotheek Utrecht")


@pytest.fixture
def own(utrecht, ambition, school):
    return make_action(utrecht, ambition, school, title="Koffieochtend starten", due_on=days(-10))


@pytest.fixture
def other(utrecht, ambition, library):
    return make_action(utrecht, ambition, library, title="Voorleesuur", due_on=days(30))


def test_overdue_means_open_and_past_its_date(utrecht, ambition, school):
    late = make_action(utrecht, ambition, school, due_on=days(-1))
    done = make_action(utrecht, ambition, school, due_on=days(-1), status=Action.Status.DONE)
    cancelled = make_action(utrecht, ambition, school, due_on=days(-1), status=Action.Status.CANCELLED)
    today = make_action(utrecht, ambition, school, due_on=days(0), status=Action.Status.IN_PROGRESS)
    undated = make_action(utrecht, ambition, school)
    assert [is_overdue(a) for a in (late, done, cancelled, today, undated)] == [
        True,
        False,
        False,
        False,
        False,
    ]
    overdue = action_list(workspace=utrecht, filters=ActionFilters(overdue=True))
    assert list(overdue) == [late]
    everything = list(action_list(workspace=utrecht, filters=ActionFilters()))
    assert everything[0] == late  # overdue first
    assert everything[-1] == undated  # no date last


def test_filters_from_the_query_ignore_nonsense(utrecht, ambition, school, library, own, other):
    assert ActionFilters.from_query({"status": "bogus", "owner": "abc", "overdue": "1"}) == ActionFilters()
    by_owner = action_list(workspace=utrecht, filters=ActionFilters.from_query({"owner": str(library.pk)}))
    assert list(by_owner) == [other]
    planned = action_list(workspace=utrecht, filters=ActionFilters.from_query({"status": "planned"}))
    assert set(planned) == {own, other}


def test_list_marks_overdue_in_words_and_filters_by_link(client_for, carol, own, other):
    client = client_for(carol)
    page = client.get(url("action_list")).content.decode()
    assert "Koffieochtend starten" in page and "Voorleesuur" in page
    assert page.count("op-badge--warning") == 1  # only the overdue one, marked with text
    assert "?overdue=yes" in page
    only_late = client.get(url("action_list") + "?overdue=yes").content.decode()
    assert "Koffieochtend starten" in only_late and "Voorleesuur" not in only_late
    # a viewer cannot update or edit
    assert "/progress/" not in page and "/edit/" not in page
    empty = client.get(url("action_list") + "?status=done").content.decode()
    assert 'class="op-empty"' in empty


def test_professional_updates_only_their_own_organisations_actions(client_for, bob, own, other):
    client = client_for(bob)
    page = client.get(url("action_list")).content.decode()
    assert url("action_progress", pk=own.pk) in page
    assert url("action_progress", pk=other.pk) not in page
    response = client.post(
        url("action_progress", pk=own.pk), {"status": "in_progress", "progress_note": "Eerste ochtend was er"}
    )
    assert response.status_code == 302
    own.refresh_from_db()
    assert (own.status, own.progress_note) == ("in_progress", "Eerste ochtend was er")
    assert client.get(url("action_progress", pk=other.pk)).status_code == 403
    assert client.post(url("action_progress", pk=other.pk), {"status": "done"}).status_code == 403
    other.refresh_from_db()
    assert other.status == "planned"
    # professionals do not create, edit or delete actions
    assert client.post(url("action_create"), {"title": "x"}).status_code == 403
    assert client.post(url("action_update", pk=own.pk), {"title": "x"}).status_code == 403
    assert client.post(url("action_delete", pk=own.pk)).status_code == 403


def test_viewer_cannot_write(client_for, carol, own):
    client = client_for(carol)
    assert client.post(url("action_list")).status_code == 405  # a list is only read
    for name in ("action_update", "action_progress", "action_delete"):
        assert client.post(url(name, pk=own.pk), {"status": "done"}).status_code == 403
    assert client.get(url("action_create")).status_code == 403


def test_outsider_gets_404(client_for, dave, own):
    client = client_for(dave)
    assert client.get(url("action_list")).status_code == 404
    assert client.get(url("action_export")).status_code == 404
    for name in ("action_update", "action_progress", "action_delete"):
        assert client.get(url(name, pk=own.pk)).status_code == 404
    own_workspace = reverse("policy:action_progress", kwargs={"ws": "amersfoort", "pk": own.pk})
    assert client.get(own_workspace).status_code == 404


def test_coordinator_creates_edits_and_deletes_any_owners_action(client_for, alice, ambition, library):
    client = client_for(alice)
    data = {
        "ambition": ambition.pk,
        "title": "",
        "owner": library.pk,
        "due_on": "2027-03-01",
        "status": "planned",
    }
    response = client.post(url("action_create"), data)
    assert response.status_code == 400 and "2027-03-01" in response.content.decode()
    data["title"] = "Taalcafé in de bibliotheek"
    back = reverse("policy:ambition_detail", kwargs={"ws": "utrecht", "pk": ambition.pk})
    response = client.post(url("action_create"), {**data, "next": back})
    assert response.status_code == 302 and response["Location"] == back
    action = Action.objects.get()
    assert action.owner == library and action.due_on == datetime.date(2027, 3, 1)
    evil = client.post(url("action_create"), {**data, "next": "https://evil.example/"})
    assert evil["Location"] == url("action_list")
    response = client.post(
        url("action_update", pk=action.pk), {**data, "status": "done", "progress_note": "Loopt"}
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == "done"
    assert client.post(url("action_progress", pk=action.pk), {"status": "in_progress"}).status_code == 302
    assert client.get(url("action_delete", pk=action.pk)).status_code == 200
    assert client.post(url("action_delete", pk=action.pk)).status_code == 302
    assert list(Action.objects.values_list("title", flat=True)) == [
        "Taalcafé in de bibliotheek"
    ]  # the second
    assert (
        AuditEvent.objects.filter(object_type="action").count() == 5
    )  # two created, two changes, one deleted


def test_owner_from_another_workspace_is_refused(client_for, alice, ambition, amersfoort):
    stranger = OrganisationFactory(workspace=amersfoort)
    response = client_for(alice).post(
        url("action_create"),
        {"ambition": ambition.pk, "title": "Iets", "owner": stranger.pk, "status": "planned"},
    )
    assert response.status_code == 400
    assert not Action.objects.exists()


def test_export_is_audited_and_follows_the_filters(client_for, carol, own, other):
    response = client_for(carol).get(url("action_export") + "?overdue=yes")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 2 and rows[1][0] == "Koffieochtend starten"
    event = AuditEvent.objects.get(action=AuditEvent.Action.EXPORT, object_type="actions")
    assert event.changes == {"rows": 1, "filters": {"overdue": "yes"}}


def test_action_list_queries_do_not_grow_with_rows(
    client_for, alice, utrecht, ambition, django_assert_max_num_queries
):
    client = client_for(alice)

    def add(n):
        for i in range(n):
            owner = OrganisationFactory(workspace=utrecht)
            make_action(utrecht, ambition, owner, title=f"Actie {i}", due_on=days(i - 5))

    add(3)
    with django_assert_max_num_queries(12):
        assert client.get(url("action_list")).status_code == 200
    add(30)
    with django_assert_max_num_queries(12):
        page = client.get(url("action_list")).content.decode()
    assert "?page=2" in page
