"""Browser tests for the network screens: axe-core on each page type, the htmx filter, a 360 px phone."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ouderpartner.network.tests.test_views import net  # noqa: F401  (the shared fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = [
    ("organisation_list", None),
    ("organisation_detail", "org"),
    ("location_list", None),
    ("neighbourhood_list", None),
    ("neighbourhood_detail", "area"),
    ("partnership_list", None),
    ("partnership_create", None),
    ("map", None),
]


def _url(page, name, net, obj=None):  # noqa: F811
    kwargs = {"ws": "utrecht"}
    if obj:
        kwargs["pk"] = net[obj].pk
    return page.base_url + reverse(f"network:{name}", kwargs=kwargs)


@pytest.mark.parametrize(("name", "obj"), PAGES)
def test_the_page_is_accessible(page, login, alice, net, axe, name, obj):  # noqa: F811
    login(alice)
    page.goto(_url(page, name, net, obj))
    assert page.locator("h1").count() == 1
    if name == "map":
        page.wait_for_selector("#network-map .leaflet-marker-icon")
    axe(page, context=name)


def test_a_form_with_an_error_is_accessible(page, login, alice, net, axe):  # noqa: F811
    login(alice)
    page.goto(_url(page, "organisation_create", net))
    page.fill("#id_name", "De Regenboog")
    page.fill("#id_brin", "XXXX")
    page.click("main form.op-form button[type=submit]")
    page.wait_for_selector("#error-summary")
    assert page.input_value("#id_name") == "De Regenboog"
    axe(page, context="organisation form with an error")


def test_the_search_updates_the_table_with_htmx(page, login, alice, net):  # noqa: F811
    login(alice)
    page.goto(_url(page, "location_list", net))
    page.wait_for_function("() => window.htmx !== undefined")
    page.evaluate("() => { window.__not_reloaded = true; }")
    page.fill("#id_q", "Neude")
    page.wait_for_function(
        "() => !document.querySelector('#results').textContent.includes('Willibrordschool')"
    )
    assert "Bibliotheek Neude" in page.inner_text("#results")
    assert "q=Neude" in page.url
    assert page.evaluate("() => window.__not_reloaded") is True  # a partial update, not a new page
    assert page.inner_text("#result-count").startswith("1 ")
    assert page.evaluate("() => document.activeElement.id") == "id_q"


def test_the_list_fits_a_360_px_phone(page, login, alice, net):  # noqa: F811
    page.set_viewport_size({"width": 360, "height": 740})
    login(alice)
    page.goto(_url(page, "location_list", net))
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
    wrapper = page.evaluate(
        "() => { const w = document.querySelector('.op-table-wrapper'); return w.scrollWidth > w.clientWidth; }"
    )
    assert wrapper  # the table scrolls inside its own box
