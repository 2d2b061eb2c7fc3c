"""Browser tests for the programme screens: axe-core on each page, a form with an error, the offerings panel."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ouderpartner.programmes import services
from ouderpartner.programmes.models import Offering

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def catalogue_copy(utrecht, alice, school):
    programme = services.programme_copy_from_catalogue(workspace=utrecht, actor=alice, key="boekstart")
    offering = Offering.objects.create(
        workspace=utrecht, programme=programme, organisation=school, capacity=20
    )
    offering.locations.set(school.locations.all())
    return programme


def _go(page, name, **kwargs):
    page.goto(page.base_url + reverse(f"programmes:{name}", kwargs={"ws": "utrecht", **kwargs}))


@pytest.mark.parametrize(
    "name", ["programme_list", "programme_detail", "catalogue", "policy_domain_list", "transition_list"]
)
def test_the_page_is_accessible(page, login, alice, catalogue_copy, axe, name):
    login(alice)
    _go(page, name, **({"pk": catalogue_copy.pk} if name == "programme_detail" else {}))
    assert page.locator("h1").count() == 1
    if name != "policy_domain_list":
        assert "BoekStart" in page.locator("main").inner_text()
    axe(page, context=name)


def test_a_programme_form_with_an_error_is_accessible_and_keeps_the_input(page, login, alice, utrecht, axe):
    login(alice)
    _go(page, "programme_create")
    page.fill("#id_name", "Peuterochtend")
    page.fill("#id_age_from", "3")
    page.fill("#id_age_to", "25")
    page.click("main form.op-form button[type=submit]")
    page.wait_for_selector("#error-summary")
    assert page.input_value("#id_name") == "Peuterochtend"
    assert page.input_value("#id_age_to") == "25"
    assert "21" in page.locator("#id_age_to_error").inner_text()
    axe(page, context="programme form with an error")


def test_the_offerings_panel_on_a_location_page_is_accessible(page, login, bob, school, catalogue_copy, axe):
    login(bob)
    location = school.locations.get()
    page.goto(page.base_url + reverse("network:location_detail", kwargs={"ws": "utrecht", "pk": location.pk}))
    panel = page.locator(".op-offerings-panel")
    assert "BoekStart" in panel.inner_text()
    axe(page, context="location page with offerings")


def test_a_coordinator_copies_from_the_catalogue_in_the_browser(page, login, alice, utrecht):
    login(alice)
    _go(page, "catalogue")
    page.locator("form:has(input[value='voorleesexpress']) button").click()
    page.wait_for_selector("h1:has-text('VoorleesExpress')")
    assert "VoorleesExpress" in page.locator("h1").inner_text()
