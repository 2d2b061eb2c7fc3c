"""CBS figures about people on the neighbourhood screens and in the export go through disclosure control."""

from __future__ import annotations

import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from ouderpartner.network.models import Neighbourhood
from ouderpartner.network.tests.factories import NeighbourhoodFactory

pytestmark = pytest.mark.django_db

NUMBER_CELL = re.compile(r'<td class="utrecht-table__cell utrecht-table__cell--numeric">([^<]*)</td>')


@pytest.fixture
def small(utrecht):
    """A small buurt: 3 births and 3 households with children (under k = 5), 12 children (published as 10),
    households unknown."""
    district = NeighbourhoodFactory(
        workspace=utrecht, level=Neighbourhood.Level.DISTRICT, code="WK034499", name="Kleinwijk"
    )
    return NeighbourhoodFactory(
        workspace=utrecht,
        code="BU03449901",
        name="Hofje",
        parent=district,
        inhabitants=12344,
        births=3,
        children_0_14=12,
        households=None,
        households_with_children=3,
    )


def _url(name: str, **kwargs) -> str:
    return reverse(f"network:{name}", kwargs={"ws": "utrecht", **kwargs})


def _row_cells(html: str, name: str) -> list[str]:
    row = next(tr for tr in html.split("<tr") if f">{name}</a>" in tr)
    return NUMBER_CELL.findall(row)


def _data_list(html: str) -> dict[str, str]:
    pairs = re.findall(
        r"item-key\">([^<]+)</dt><dd class=\"utrecht-data-list__item-value\">([^<]*)</dd>", html
    )
    return dict(pairs)


def test_it_rounds_and_suppresses_the_figures_on_the_list(client_for, carol, small):
    html = client_for(carol).get(_url("neighbourhood_list")).content.decode()
    # inhabitants, children 0-14, households with children, then the (not about people) place counts
    assert _row_cells(html, "Hofje")[:3] == ["12.345", "10", "&lt; 5"]
    assert "Aantallen onder de 5 worden niet getoond" in html


def test_it_keeps_unknown_figures_as_a_dash_on_the_list(client_for, carol, small):
    small.children_0_14 = None
    small.save()
    html = client_for(carol).get(_url("neighbourhood_list")).content.decode()
    assert _row_cells(html, "Hofje")[1] == "—"


def test_it_rounds_and_suppresses_the_figures_on_the_detail_page(client_for, carol, small):
    figures = _data_list(client_for(carol).get(_url("neighbourhood_detail", pk=small.pk)).content.decode())
    values = set(figures.values())
    assert "&lt; 5" in values
    assert "10" in values
    assert "—" in values  # households: unknown, not hidden
    assert "3" not in values and "12" not in values


def test_the_detail_page_explains_the_hidden_figures(client_for, carol, small):
    html = client_for(carol).get(_url("neighbourhood_detail", pk=small.pk)).content.decode()
    figures = _data_list(html)
    assert figures["Geboorten"] == "&lt; 5"
    assert figures["Kinderen van 0-14 jaar"] == "10"
    assert "Aantallen onder de 5 worden niet getoond" in html


def test_a_stricter_workspace_threshold_hides_more(client_for, carol, utrecht, small):
    utrecht.disclosure_threshold = 10
    utrecht.save()
    small.births = 7
    small.save()
    html = client_for(carol).get(_url("neighbourhood_detail", pk=small.pk)).content.decode()
    figures = _data_list(html)
    assert figures["Geboorten"] == "&lt; 10"
    assert figures["Kinderen van 0-14 jaar"] == "10"
    assert "7" not in figures.values()
    assert "onder de 10" in html


def test_the_export_writes_published_figures_and_the_explanation(client_for, carol, small):
    response = client_for(carol).get(_url("neighbourhood_export"))
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    header = rows[0]
    hofje = next(row for row in rows if row[0] == "BU03449901")
    figures = dict(zip(header, hofje, strict=True))
    assert figures["Inwoners"] == 12345
    assert figures["Kinderen van 0-14 jaar"] == 10
    assert figures["Huishoudens met kinderen"] == "< 5"
    assert figures["Geboorten"] == "< 5"
    assert figures["Huishoudens"] is None  # unknown: an empty cell
    assert 3 not in hofje and 12 not in hofje
    notes = [row[0] for row in rows[rows.index((None,) * len(header)) + 1 :] if row[0]]
    assert any("Aantallen onder de 5 worden niet getoond" in note for note in notes)


def test_the_export_shows_suppressed_cells_as_under_k(client_for, carol, small):
    small.children_0_14 = 4
    small.save()
    response = client_for(carol).get(_url("neighbourhood_export"))
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    figures = dict(zip(rows[0], next(row for row in rows if row[0] == "BU03449901"), strict=True))
    assert figures["Kinderen van 0-14 jaar"] == "< 5"
