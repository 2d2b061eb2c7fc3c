"""Report pages: who may read, download and generate; the stored PDF's download; bad input; query bounds."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ouderpartner.core.models import AuditEvent
from ouderpartner.policy.models import PolicyFramework, Report
from ouderpartner.policy.tests.test_report_content import make_report_data, this_year

pytestmark = pytest.mark.django_db


def url(name: str, ws: str = "utrecht", **kwargs) -> str:
    return reverse(f"policy:{name}", kwargs={"ws": ws, **kwargs})


@pytest.fixture
def framework(utrecht, school):
    return make_report_data(utrecht, school, ambitions=1)


@pytest.fixture
def stored(utrecht, framework, alice):
    return Report.objects.create(
        workspace=utrecht,
        framework=framework,
        kind="yearly",
        year=this_year(),
        pdf=b"%PDF-1.7 stored",
        title="Voortgang",
        generation_ms=1234,
        created_by=alice,
    )


def pages(framework, stored) -> list[str]:
    return [
        url("report_list"),
        url("report_framework", pk=framework.pk),
        url("report_framework_pdf", pk=framework.pk),
        url("report_yearly", pk=framework.pk),
        url("report_yearly_pdf", pk=framework.pk),
        url("report_download", pk=stored.pk),
    ]


def test_an_outsider_gets_404_everywhere(client_for, dave, framework, stored):
    client = client_for(dave)
    for path in [*pages(framework, stored), url("report_generate")]:
        assert client.get(path).status_code == 404, path
        assert client.post(path).status_code == 404, path
    # His own workspace, but Utrecht's framework and report: still "does not exist".
    for name, pk in (("report_framework", framework.pk), ("report_yearly", framework.pk)):
        assert client.get(url(name, ws="amersfoort", pk=pk)).status_code == 404
    assert client.get(url("report_download", ws="amersfoort", pk=stored.pk)).status_code == 404
    assert (
        client.post(url("report_generate", ws="amersfoort"), {"framework": framework.pk}).status_code == 400
    )
    assert not Report.objects.filter(workspace__slug="amersfoort").exists()


@pytest.mark.parametrize("who", ["carol", "bob"])
def test_viewers_and_professionals_read_and_download_but_do_not_generate(
    request, client_for, who, framework, stored
):
    client = client_for(request.getfixturevalue(who))
    listing = client.get(url("report_list"))
    assert listing.status_code == 200
    assert "Voortgang" in listing.content.decode()
    assert 'action="/w/utrecht/policy/reports/generate/"' not in listing.content.decode()
    assert client.get(url("report_framework", pk=framework.pk)).status_code == 200
    assert client.get(url("report_yearly", pk=framework.pk)).status_code == 200
    download = client.get(url("report_download", pk=stored.pk))
    assert download.status_code == 200
    assert download.content == b"%PDF-1.7 stored"
    before = Report.objects.count()
    response = client.post(url("report_generate"), {"framework": framework.pk, "kind": "framework"})
    assert response.status_code == 403
    assert Report.objects.count() == before


def test_the_stored_pdf_is_an_audited_attachment(client_for, carol, stored):
    response = client_for(carol).get(url("report_download", pk=stored.pk))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('attachment; filename="voortgang-')
    assert response["Cache-Control"] == "private, no-store"
    event = AuditEvent.objects.get(action="export", object_type="report")
    assert event.actor == carol and event.object_id == str(stored.pk)


def test_a_coordinator_generates_both_reports(client_for, alice, framework):
    client = client_for(alice)
    response = client.post(
        url("report_generate"), {"framework": framework.pk, "kind": "yearly", "year": this_year()}
    )
    assert response.status_code == 302
    yearly = Report.objects.get(kind="yearly")
    assert bytes(yearly.pdf).startswith(b"%PDF")
    assert yearly.year == this_year() and yearly.created_by == alice and yearly.generation_ms > 0
    assert AuditEvent.objects.filter(action="create", object_type="report", object_id=str(yearly.pk)).exists()
    client.post(url("report_generate"), {"framework": framework.pk, "kind": "framework", "year": this_year()})
    document = Report.objects.get(kind="framework")
    assert document.year is None and document.title == framework.title
    listing = client.get(url("report_list")).content.decode()
    assert (
        url("report_download", pk=yearly.pk) in listing and url("report_download", pk=document.pk) in listing
    )


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"kind": "yearly", "year": "1999"}, "id_year"),
        ({"kind": "yearly", "year": ""}, "id_year"),
        ({"kind": "poster", "year": ""}, "id_kind"),
        ({"framework": "999999", "kind": "framework"}, "id_framework"),
    ],
)
def test_bad_input_gets_an_error_summary_not_a_500(client_for, alice, framework, data, field):
    data = {"framework": framework.pk, **data}
    response = client_for(alice).post(url("report_generate"), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="error-summary"' in html and f'href="#{field}"' in html
    assert not Report.objects.exists()


def test_a_year_outside_the_framework_shows_the_latest_report_with_a_message(client_for, carol, framework):
    for value in ("1999", "abc", "20261", "202²"):
        response = client_for(carol).get(url("report_yearly", pk=framework.pk) + f"?year={value}")
        assert response.status_code == 200
        assert response.context["report"].year == this_year()
        assert "utrecht-alert" in response.content.decode()


def test_odd_filters_on_the_list_are_ignored(client_for, carol, stored):
    for value in ("²", "abc", "9" * 12):
        response = client_for(carol).get(url("report_list") + f"?framework={value}&kind={value}")
        assert response.status_code == 200
        assert "Voortgang" in response.content.decode()


def test_a_framework_of_the_future_has_its_first_year(client_for, carol, utrecht):
    future = PolicyFramework.objects.create(
        workspace=utrecht, title="Later", start_year=this_year() + 2, end_year=this_year() + 5
    )
    response = client_for(carol).get(url("report_yearly", pk=future.pk))
    assert response.status_code == 200 and response.context["report"].year == this_year() + 2


def _queries(client, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


@pytest.mark.parametrize("name", ["report_framework", "report_yearly", "report_list"])
def test_queries_do_not_grow_with_the_number_of_ambitions(
    client_for, alice, utrecht, school, amersfoort, name
):
    small = make_report_data(utrecht, school, ambitions=1)
    client = client_for(alice)
    kwargs = {} if name == "report_list" else {"pk": small.pk}
    few = _queries(client, url(name, **kwargs))
    large = make_report_data(utrecht, school, ambitions=6)
    for framework in (small, large):
        Report.objects.create(workspace=utrecht, framework=framework, kind="framework", pdf=b"%PDF")
    kwargs = {} if name == "report_list" else {"pk": large.pk}
    many = _queries(client, url(name, **kwargs))
    assert many == few, f"{name}: {few} queries with one ambition, {many} with six"
    assert many <= 60
