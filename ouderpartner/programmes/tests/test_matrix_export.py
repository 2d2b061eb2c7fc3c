"""The XLSX export of the integral matrix: access, both tables with ja/nee and counts, audited, bounded."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from ouderpartner.core.models import AuditEvent, Membership, Role
from ouderpartner.network.models import OrganisationKind
from ouderpartner.network.tests.factories import OrganisationFactory
from ouderpartner.programmes.models import Audience, PolicyDomain
from ouderpartner.programmes.tests.test_analysis import make_offering, make_programme
from ouderpartner.programmes.tests.test_analysis_views import build_network

pytestmark = pytest.mark.django_db


def url(name: str = "matrix_export", ws: str = "utrecht") -> str:
    return reverse(f"programmes:{name}", kwargs={"ws": ws})


def _workbook(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Content-Disposition"].startswith('attachment; filename="integrale-matrix-')
    return load_workbook(io.BytesIO(response.content))


@pytest.fixture
def matrix_case(utrecht):
    boekstart = make_programme(utrecht, "BoekStart", 0, 48, domains=["early_education", "health"])
    make_programme(utrecht, "Alliantie", 0, 216, audience=Audience.PROFESSIONALS, domains=["poverty"])
    library = OrganisationFactory(workspace=utrecht, kind=OrganisationKind.LIBRARY, name="Bibliotheek")
    make_offering(boekstart, library)
    return boekstart


def test_it_answers_404_to_an_outsider(client_for, dave, utrecht, matrix_case):
    assert client_for(dave).get(url()).status_code == 404
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).exists()


def test_the_matrix_page_offers_the_export_as_a_form(client_for, carol, utrecht):
    html = client_for(carol).get(url("matrix")).content.decode()
    assert f'<form method="get" action="{url()}" class="op-export-form">' in html


def test_it_exports_both_tables_with_yes_no_cells_counts_and_the_empty_domain(client_for, carol, matrix_case):
    workbook = _workbook(client_for(carol).get(url()))
    assert workbook.sheetnames == ["Aanbod", "Organisaties"]
    domains = list(PolicyDomain.objects.filter(workspace=matrix_case.workspace))
    poverty_column = 3 + [d.key for d in domains].index("poverty")
    health_column = 3 + [d.key for d in domains].index("health")

    programmes = [list(row) for row in workbook["Aanbod"].iter_rows(values_only=True)]
    header = programmes[0]
    assert header[:2] == ["Programma", "Voor"]
    assert header[-1] == "Terreinen"
    assert header[poverty_column - 1].endswith("(geen aanbod voor ouders)")
    assert not header[health_column - 1].endswith("(geen aanbod voor ouders)")
    rows = {row[0]: row for row in programmes[1:3]}
    assert set(rows) == {"BoekStart", "Alliantie"}
    assert rows["BoekStart"][health_column - 1] == "ja"
    assert rows["BoekStart"][poverty_column - 1] == "nee"
    assert rows["BoekStart"][-1] == 2
    assert rows["Alliantie"][poverty_column - 1] == "ja"
    counts, parents = programmes[3], programmes[4]
    assert counts[:2] == ["Aanbod", 2]
    assert counts[poverty_column - 1] == 1
    assert parents[1] == 1
    assert parents[poverty_column - 1] == 0
    assert programmes[-1][0].startswith("Beleidsterreinen zonder aanbod voor ouders:")
    assert "armoede" in programmes[-1][0]
    sheet = workbook["Aanbod"]
    assert sheet.cell(row=1, column=poverty_column).fill.fgColor.rgb.endswith("FFF4CE")

    organisations = [list(row) for row in workbook["Organisaties"].iter_rows(values_only=True)]
    assert organisations[1][0] == "Bibliotheek"
    assert organisations[1][health_column - 1] == "ja"
    assert organisations[2][:2] == ["Organisaties", 1]
    assert organisations[2][health_column - 1] == 1


def test_it_writes_names_that_look_like_formulas_as_text(client_for, carol, utrecht):
    make_programme(utrecht, "=HYPERLINK(1)", 0, 48)
    workbook = _workbook(client_for(carol).get(url()))
    assert workbook["Aanbod"]["A2"].value == "'=HYPERLINK(1)"


def test_it_is_audited(client_for, bob, matrix_case):
    client_for(bob).get(url())
    event = AuditEvent.objects.get(action=AuditEvent.Action.EXPORT)
    assert event.workspace == matrix_case.workspace
    assert event.actor == bob
    assert event.changes["rows"] == 3


def test_its_query_count_does_not_grow_with_the_number_of_programmes(client_for, alice, utrecht, amersfoort):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    build_network(utrecht, 3)
    build_network(amersfoort, 15)
    Membership.objects.create(user=alice, workspace=amersfoort, role=Role.COORDINATOR)
    client = client_for(alice)
    client.get(url())
    client.get(url(ws="amersfoort"))
    counts = []
    for ws in ("utrecht", "amersfoort"):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url(ws=ws)).status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1]
    assert counts[1] <= 20
