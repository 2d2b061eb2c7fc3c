"""The line and the matrix in a real browser: accessible, the bars drawn where the ages are, printable."""

from __future__ import annotations

import struct
import zlib
from collections import Counter

import pytest

from ouderpartner.network.models import OrganisationKind
from ouderpartner.network.tests.factories import LocationFactory, NeighbourhoodFactory, OrganisationFactory
from ouderpartner.programmes.models import Audience
from ouderpartner.programmes.tests.test_analysis import make_offering, make_programme

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def programmes(utrecht):
    library = OrganisationFactory(workspace=utrecht, kind=OrganisationKind.LIBRARY, name="Bibliotheek")
    area = NeighbourhoodFactory(workspace=utrecht, code="BU03440101", name="Buurt Noord", children_0_14=200)
    NeighbourhoodFactory(workspace=utrecht, code="BU03440102", name="Buurt Zuid", children_0_14=150)
    place = LocationFactory(organisation=library, neighbourhood=area)
    boekstart = make_programme(utrecht, "BoekStart", 0, 48, domains=["early_education", "health"])
    make_offering(boekstart, library, [place])
    make_programme(utrecht, "Tienerouders", 144, 192, domains=["youth"])
    make_programme(utrecht, "Huiswerkklas", 72, 144, audience=Audience.CHILDREN, domains=["education"])
    make_programme(utrecht, "Alliantie", 0, 216, audience=Audience.PROFESSIONALS, domains=["poverty"])


def png_pixels(data: bytes) -> tuple[int, int, Counter]:
    """Width, height and a count of the RGB colours of an 8-bit RGB(A) PNG (no imaging library needed)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    offset, chunks, header = 8, [], b""
    while offset < len(data):
        (length,) = struct.unpack(">I", data[offset : offset + 4])
        kind, body = data[offset + 4 : offset + 8], data[offset + 8 : offset + 8 + length]
        header = body if kind == b"IHDR" else header
        chunks += [body] if kind == b"IDAT" else []
        offset += 12 + length
    width, height, depth, colour_type = struct.unpack(">IIBB", header[:10])
    assert depth == 8 and colour_type in (2, 6)
    size = 4 if colour_type == 6 else 3
    raw, stride, previous, colours = (
        zlib.decompress(b"".join(chunks)),
        width * size,
        bytearray(width * size),
        Counter(),
    )
    for row in range(height):
        start = row * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        for i in range(stride):
            left = line[i - size] if i >= size else 0
            up, up_left = previous[i], previous[i - size] if i >= size else 0
            if kind == 1:
                line[i] = (line[i] + left) & 255
            elif kind == 2:
                line[i] = (line[i] + up) & 255
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 255
            elif kind == 4:
                p = left + up - up_left
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - up_left)
                line[i] = (line[i] + (left if pa <= pb and pa <= pc else up if pb <= pc else up_left)) & 255
        colours.update(bytes(line[i : i + 3]) for i in range(0, stride, size))
        previous = line
    return width, height, colours


def _line(page, login, user):
    login(user)
    page.goto(f"{page.base_url}/w/utrecht/programmes/line/")
    return page


def test_the_line_is_accessible(page, login, alice, programmes, axe):
    _line(page, login, alice)
    assert page.locator("h1").inner_text() == "Doorgaande lijn 0-21"
    axe(page)
    page.goto(f"{page.base_url}/w/utrecht/programmes/line/?group_by=organisation_kind")
    axe(page)


def test_the_line_draws_the_bars_in_proportion_to_the_ages(page, login, carol, programmes):
    _line(page, login, carol)
    chart = page.get_by_test_id("line-chart")
    width, height, colours = png_pixels(chart.screenshot())
    assert width > 600 and height > 150
    assert len(colours) > 20  # bars, bands, hatching and text, not a blank box
    assert colours[bytes((0x1B, 0x4F, 0x72))] > 500  # the solid bars for parents

    boekstart = page.get_by_role("link", name="BoekStart, 0 tot 4 jaar").first.locator("rect.op-line__bar")
    teens = page.get_by_role("link", name="Tienerouders, 12 tot 16 jaar").locator("rect.op-line__bar")
    young, old = boekstart.bounding_box(), teens.bounding_box()
    assert young["width"] > 0 and young["height"] > 0 and old["width"] > 0
    assert young["x"] + young["width"] <= old["x"]
    # 0-4 and 12-16 years are both four years wide, and 12 years lie between their starts
    assert abs(young["width"] - old["width"]) < 2
    centres = (old["x"] + old["width"] / 2) - (young["x"] + young["width"] / 2)
    assert centres / young["width"] == pytest.approx(3, rel=0.05)
    assert page.get_by_test_id("line-gap").count() >= 1


def test_the_bars_are_links_reached_by_keyboard(page, login, alice, programmes):
    _line(page, login, alice)
    bars = page.get_by_test_id("line-bar")
    labels = [bars.nth(i).get_attribute("aria-label") for i in range(bars.count())]
    assert "BoekStart, 0 tot 4 jaar" in labels
    bars.first.focus()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == labels[1]
    page.get_by_role("link", name="BoekStart, 0 tot 4 jaar").first.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/programmes/programmes/" in page.url


def test_the_line_prints_without_navigation(page, login, alice, programmes):
    _line(page, login, alice)
    page.emulate_media(media="print")
    assert not page.locator("nav.op-nav").is_visible()
    assert not page.locator(".op-line-place-form").is_visible()
    assert page.get_by_test_id("line-chart").is_visible()
    assert page.get_by_test_id("line-table").is_visible()


def test_the_matrix_is_accessible_and_marks_the_empty_domain(page, login, alice, programmes, axe):
    login(alice)
    page.goto(f"{page.base_url}/w/utrecht/programmes/matrix/")
    assert page.locator("h1").inner_text() == "Integrale matrix"
    assert "geen aanbod voor ouders" in page.locator('th[data-domain="poverty"]').inner_text()
    assert "geen aanbod voor ouders" not in page.locator('th[data-domain="health"]').inner_text()
    assert page.get_by_test_id("programme-matrix").locator("tbody tr").count() == 4
    axe(page)
    page.emulate_media(media="print")
    assert not page.locator("nav.op-nav").is_visible()
