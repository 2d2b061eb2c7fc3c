"""Browser test of the reach dashboard: Vega-Lite charts from published figures, the map, axe-core clean."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ouderpartner.network.tests.factories import LocationFactory, NeighbourhoodFactory
from ouderpartner.reach.tests.test_dashboard import activities, city, record  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_dashboard_draws_its_charts_and_is_accessible(page, login, utrecht, carol, city, activities, axe):  # noqa: F811
    west = NeighbourhoodFactory(workspace=utrecht, level="district", code="WK034403", name="West")
    record(
        LocationFactory(organisation=city["library"].organisation, neighbourhood=west), parents=3, target=1
    )
    login(carol)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    path = reverse("reach:dashboard", kwargs={"ws": "utrecht"})
    page.goto(page.base_url + path)
    assert page.locator("h1").count() == 1
    page.wait_for_selector('[data-chart="chart-neighbourhoods"][data-rendered="true"] svg', timeout=10_000)
    assert page.locator('[data-chart="chart-monthly"][data-rendered="true"] svg').count() == 1
    west_row = page.locator("#table-neighbourhoods tr", has_text="West").inner_text()
    assert west_row.count("< 5") >= 3  # target group, other and all parents (and activities)
    assert page.locator("#network-map").is_visible()
    axe(page, context="reach dashboard")
    page.goto(page.base_url + path + f"?period=all&district={city['noord'].pk}")
    page.wait_for_selector('[data-chart="chart-neighbourhoods"][data-rendered="true"] svg', timeout=10_000)
    axe(page, context="reach dashboard for one district")
    assert not errors
