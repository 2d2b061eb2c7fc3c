"""The audit trail page: undone changes, views and purges are shown, filtered and exported; access."""

from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from ouderpartner.core.audit import audit_record
from ouderpartner.core.models import AuditEvent
from ouderpartner.core.retention import LABELS

pytestmark = pytest.mark.django_db


def url(ws="utrecht"):
    return reverse("core:audit_log", kwargs={"ws": ws})


@pytest.fixture
def events(utrecht, alice, bob):
    audit_record(workspace=utrecht, actor=alice, action=AuditEvent.Action.CHANGE, object_repr="Kept change")
    undone = audit_record(
        workspace=utrecht, actor=bob, action=AuditEvent.Action.CHANGE, object_repr="Undone one"
    )
    AuditEvent.objects.filter(pk=undone.pk).update(rolled_back=True)
    audit_record(
        workspace=utrecht,
        actor=bob,
        action=AuditEvent.Action.VIEW,
        object_type="conversation",
        object_repr="Seen",
    )
    audit_record(
        workspace=utrecht,
        actor=None,
        action=AuditEvent.Action.PURGE,
        object_type="retention:responses",
        object_repr="questionnaire answers",
        changes={"removed": {"responses": 3, "answers": 9}},
    )


def test_an_undone_change_is_marked(client_for, alice, events):
    html = client_for(alice).get(url()).content.decode()
    row = html.split("Undone one")[0].rsplit("<tr", 1)[1]
    assert "op-badge--warning" in row
    kept = html.split("Kept change")[0].rsplit("<tr", 1)[1]
    assert "op-badge--warning" not in kept


def test_views_and_purges_can_be_filtered_with_links(client_for, alice, events):
    client = client_for(alice)
    response = client.get(url())
    html = response.content.decode()
    assert "?action=view" in html and "?action=purge" in html
    assert "type=retention%3Aresponses" in html or "type=retention:responses" in html
    assert [row["event"].object_repr for row in client.get(url(), {"action": "view"}).context["rows"]] == [
        "Seen"
    ]
    purged = client.get(url(), {"action": "purge", "type": "retention:responses"}).context["rows"]
    assert [row["type_label"] for row in purged] == [str(LABELS["responses"])]
    assert purged[0]["type_label"] != "retention:responses"
    assert "responses=3" in purged[0]["details"]


def test_the_export_says_which_changes_were_undone(client_for, alice, events):
    response = client_for(alice).get(url(), {"format": "xlsx", "action": "change"})
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    assert len(rows[0]) == 7
    undone = {row[4]: row[6] for row in rows[1:]}
    assert undone["Undone one"] and not undone["Kept change"]
    assert AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT, object_type="auditevent").count() == 1


@pytest.mark.parametrize(("user", "status"), [("carol", 403), ("bob", 403), ("dave", 404)])
def test_only_coordinators_of_the_workspace_see_or_export_it(client_for, request, events, user, status):
    client = client_for(request.getfixturevalue(user))
    assert client.get(url()).status_code == status
    assert client.get(url(), {"format": "xlsx"}).status_code == status
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).exists()


def test_bad_filters_are_ignored_not_an_error(client_for, alice, events):
    client = client_for(alice)
    for params in (
        {"action": "<script>"},
        {"person": "-1"},
        {"period": "forever"},
        {"page": "99999"},
        {"type": "x" * 500},
    ):
        assert client.get(url(), params).status_code == 200
