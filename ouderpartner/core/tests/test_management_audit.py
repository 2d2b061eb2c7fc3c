"""The audit trail page: filters, pagination, bounded queries and the (audited) XLSX export."""

from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from ouderpartner.core.audit import audit_record
from ouderpartner.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def url():
    return reverse("core:audit_log", kwargs={"ws": "utrecht"})


@pytest.fixture
def events(utrecht, amersfoort, alice, bob, dave):
    for n in range(60):
        audit_record(
            workspace=utrecht,
            actor=alice if n % 2 else bob,
            action=AuditEvent.Action.CHANGE if n % 3 else AuditEvent.Action.CREATE,
            object_type="organisation",
            object_repr=f"School {n}",
            changes={"name": [f"old {n}", f"new {n}"]},
        )
    audit_record(workspace=amersfoort, actor=dave, action=AuditEvent.Action.CREATE, object_repr="Elsewhere")


def test_it_shows_the_workspaces_events_newest_first_in_pages(client_for, alice, events):
    client = client_for(alice)
    response = client.get(url())
    assert response.context["page"].paginator.count == 60
    assert len(response.context["rows"]) == 50
    html = response.content.decode()
    assert "School 59" in html and "Elsewhere" not in html
    assert "old 59 → new 59" in html
    assert len(client.get(url(), {"page": "2"}).context["rows"]) == 10
    assert client.get(url(), {"page": "banana"}).status_code == 200


def test_it_filters_by_action_type_person_and_period(client_for, alice, bob, events):
    client = client_for(alice)
    assert client.get(url(), {"action": "create"}).context["page"].paginator.count == 20
    assert client.get(url(), {"person": str(bob.pk)}).context["page"].paginator.count == 30
    assert client.get(url(), {"type": "organisation", "period": "day"}).context["page"].paginator.count == 60
    assert client.get(url(), {"type": "workspace"}).context["page"].paginator.count == 0
    assert client.get(url(), {"action": "nonsense", "person": "x"}).context["page"].paginator.count == 60


def test_its_query_count_does_not_grow_with_events(client_for, alice, events, django_assert_max_num_queries):
    client = client_for(alice)
    with django_assert_max_num_queries(12):
        client.get(url())


def test_it_exports_the_filtered_rows_to_xlsx_and_audits_the_export(client_for, alice, events):
    response = client_for(alice).get(url(), {"format": "xlsx", "action": "create"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 21
    assert {row[4] for row in rows[1:]} == {f"School {n}" for n in range(0, 60, 3)}
    export = AuditEvent.objects.get(action=AuditEvent.Action.EXPORT)
    assert export.changes == {"filters": {"action": "create"}, "rows": 20}


def test_the_export_has_bounded_queries(client_for, alice, events, django_assert_max_num_queries):
    client = client_for(alice)
    with django_assert_max_num_queries(10):
        client.get(url(), {"format": "xlsx"})
