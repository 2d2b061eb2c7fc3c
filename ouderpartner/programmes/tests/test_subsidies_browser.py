"""Browser tests for the subsidy register: axe-core on the list with totals, the detail, a form with an error."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from ouderpartner.programmes.models import PolicyDomain, Subsidy
from ouderpartner.programmes.setup import programmes_setup

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def subsidy(utrecht, school):
    programmes_setup(workspace=utrecht)
    return Subsidy.objects.create(
        workspace=utrecht,
        organisation=school,
        purpose=Subsidy.Purpose.PRESCHOOL,
        description="VE-plaatsen",
        policy_domain=PolicyDomain.objects.get(workspace=utrecht, key="early_education"),
        amount=Decimal("12345.00"),
        start_date=date(2026, 1, 1),
        end_date=date(2026, 12, 31),
        status=Subsidy.Status.GRANTED,
        conditions="Verantwoording voor 1 juli.",
    )


def _url(page, name, pk=None):
    kwargs = {"ws": "utrecht"} if pk is None else {"ws": "utrecht", "pk": pk}
    return page.base_url + reverse(f"programmes:{name}", kwargs=kwargs)


def test_the_list_with_totals_is_accessible(page, login, alice, subsidy, axe):
    login(alice)
    page.goto(_url(page, "subsidy_list"))
    assert page.locator("h1").count() == 1
    assert page.locator("#totals").count() == 1
    assert "12.345,00" in page.locator("main").inner_text()
    axe(page, context="subsidy list")


def test_the_detail_is_accessible(page, login, carol, subsidy, axe):
    login(carol)
    page.goto(_url(page, "subsidy_detail", subsidy.pk))
    assert "12.345,00" in page.locator("main").inner_text()
    axe(page, context="subsidy detail")


def test_a_form_with_a_bad_amount_keeps_the_input_and_is_accessible(page, login, alice, subsidy, axe):
    login(alice)
    page.goto(_url(page, "subsidy_create"))
    page.select_option("#id_organisation", str(subsidy.organisation_id))
    page.select_option("#id_purpose", "preschool")
    page.fill("#id_description", "Ouderkamer")
    page.fill("#id_amount", "-5")
    page.fill("#id_start_date", "2026-01-01")
    page.fill("#id_end_date", "2026-12-31")
    page.click("main form.op-form button[type=submit]")
    page.wait_for_selector("#error-summary")
    assert page.input_value("#id_description") == "Ouderkamer"
    assert page.input_value("#id_amount") == "-5"
    axe(page, context="subsidy form with an error")
    page.fill("#id_amount", "1.234,56")
    page.click("main form.op-form button[type=submit]")
    page.wait_for_selector("h1")
    assert Subsidy.objects.filter(amount=Decimal("1234.56")).exists()
