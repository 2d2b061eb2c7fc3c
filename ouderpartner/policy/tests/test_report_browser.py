"""Browser tests for the report pages: axe-core on the list (with the generate form, and with an error),
the framework document and the yearly report with its charts drawn; generating a report in the browser."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ouderpartner.policy.models import Report
from ouderpartner.policy.tests.test_report_content import make_report_data, this_year

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _url(page, name, **kwargs):
    return page.base_url + reverse(f"policy:{name}", kwargs={"ws": "utrecht", **kwargs})


@pytest.fixture
def framework(utrecht, school):
    return make_report_data(utrecht, school, ambitions=2)


def test_the_reports_list_and_generating_a_report(page, login, alice, framework, axe):
    login(alice)
    page.goto(_url(page, "report_list"))
    assert page.locator("h1").count() == 1
    axe(page, context="reports list, nothing generated")
    page.select_option("#id_kind", "yearly")
    page.select_option("#id_year", "")
    page.click("main form.op-form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert page.locator("#error-summary").is_visible()
    axe(page, context="reports list with an error")
    page.select_option("#id_year", str(this_year()))
    page.click("main form.op-form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert Report.objects.filter(kind="yearly", year=this_year()).count() == 1
    assert "Samen met ouders" in page.locator("main table").inner_text()
    axe(page, context="reports list with a generated report")


def test_the_framework_document_is_accessible(page, login, carol, framework, axe):
    login(carol)
    page.goto(_url(page, "report_framework", pk=framework.pk))
    assert page.locator("h1").count() == 1
    assert "Ambitie nummer 2" in page.locator("main").inner_text()
    axe(page, context="framework document")


def test_the_yearly_report_draws_its_charts_and_is_accessible(page, login, carol, framework, axe):
    login(carol)
    page.goto(_url(page, "report_yearly", pk=framework.pk) + f"?year={this_year()}")
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").count() == 1
    canvases = page.locator(".op-chart__canvas")
    assert canvases.count() >= 2
    page.wait_for_function(
        "document.querySelectorAll('.op-chart__canvas svg, .op-chart__canvas canvas').length >= 2"
    )
    axe(page, context="yearly report")
    page.set_viewport_size({"width": 360, "height": 740})
    page.reload()
    page.wait_for_load_state("networkidle")
    axe(page, context="yearly report on a phone")
