"""Browser tests for the reach records: axe-core on the activity list, the quick entry on a 360 px phone
(with an error and with "same as last time"), edit, delete and the token screen (with a new token)."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from ouderpartner.network.tests.factories import LocationFactory, OrganisationFactory
from ouderpartner.reach.models import Activity, PartnerToken
from ouderpartner.reach.tests.factories import ActivityFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _url(page, name, pk=None):
    kwargs = {"ws": "utrecht"} if pk is None else {"ws": "utrecht", "pk": pk}
    return page.base_url + reverse(f"reach:{name}", kwargs=kwargs)


@pytest.fixture
def activities(utrecht, school, bob):
    place = school.locations.get()
    library = LocationFactory(
        organisation=OrganisationFactory(workspace=utrecht, name="Bibliotheek", kind="library")
    )
    week_ago = datetime.date.today() - datetime.timedelta(days=7)
    mine = ActivityFactory(location=place, date=week_ago, created_by=bob, description="Koffieochtend")
    ActivityFactory(location=library, kind="reading_session", languages=["nl", "tr"])
    return mine


def test_the_activity_list_is_accessible(page, login, alice, activities, axe):
    login(alice)
    page.goto(_url(page, "activity_list"))
    assert page.locator("h1").count() == 1
    assert "Koffieochtend" in page.locator("main table").inner_text()
    axe(page, context="activity list")


def test_the_quick_entry_works_on_a_phone_and_is_accessible(page, login, bob, school, activities, axe):
    page.set_viewport_size({"width": 360, "height": 740})
    login(bob)
    page.goto(_url(page, "activity_create"))
    # No horizontal scrolling on a 360 px phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    axe(page, context="quick entry on a phone")
    page.fill("#id_target_group_parents", "40")
    page.click("main form.op-quick-entry button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert page.locator("#error-summary").is_visible()
    axe(page, context="quick entry with an error")
    assert Activity.objects.count() == 2
    page.fill("#id_target_group_parents", "3")
    page.click("main form.op-quick-entry button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert Activity.objects.count() == 3


def test_same_as_last_time_is_one_tap(page, login, bob, activities):
    page.set_viewport_size({"width": 360, "height": 740})
    login(bob)
    page.goto(_url(page, "activity_create"))
    page.click("form.op-quick-repeat button")
    page.wait_for_load_state("networkidle")
    assert Activity.objects.filter(date=datetime.date.today(), created_by=bob).count() == 1


def test_edit_and_delete_are_accessible(page, login, bob, activities, axe):
    login(bob)
    page.goto(_url(page, "activity_update", activities.pk))
    axe(page, context="activity edit")
    page.goto(_url(page, "activity_delete", activities.pk))
    axe(page, context="activity delete confirmation")
    page.click("main form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert not Activity.objects.filter(pk=activities.pk).exists()


def test_the_token_screen_is_accessible_and_shows_a_new_token_once(page, login, alice, school, axe):
    login(alice)
    page.goto(_url(page, "token_list"))
    axe(page, context="token list, empty")
    page.select_option("#id_organisation", str(school.pk))
    page.fill("#id_name", "Leerlingvolgsysteem")
    page.click("main form.op-form button[type=submit]")
    page.wait_for_load_state("networkidle")
    secret = page.input_value("#token-secret")
    assert secret.startswith("opr_")
    axe(page, context="token list with the new token")
    page.goto(_url(page, "token_list"))
    assert secret not in page.content()
    assert PartnerToken.objects.count() == 1


def test_the_estimate_pages_are_accessible(page, login, alice, utrecht, axe):
    from ouderpartner.network.models import Neighbourhood
    from ouderpartner.network.tests.factories import NeighbourhoodFactory

    NeighbourhoodFactory(
        workspace=utrecht, level=Neighbourhood.Level.DISTRICT, code="WK034403", children_0_14=6255
    )
    login(alice)
    page.goto(_url(page, "estimate_list"))
    axe(page, context="estimate list, empty")
    page.fill("#id_share_percent", "38")
    page.check("#id_level_0")
    page.click("main form.op-form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "WK034403" in page.locator("main table").inner_text()
    axe(page, context="estimate list")
    page.goto(_url(page, "estimate_create"))
    axe(page, context="estimate form")


def test_the_upload_and_its_preview_with_errors_are_accessible(page, login, bob, school, axe, tmp_path):
    from openpyxl import Workbook

    login(bob)
    page.goto(_url(page, "activity_import"))
    axe(page, context="activity upload")
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Datum", "Plaats", "Soort activiteit", "Ouders", "Doelgroepouders"])
    place = school.locations.get().name
    sheet.append([datetime.date.today(), place, "voorleesmoment", 6, 2])
    sheet.append([datetime.date.today(), place, "voorleesmoment", 6, 9])
    path = tmp_path / "activiteiten.xlsx"
    workbook.save(path)
    page.set_input_files("#id_file", str(path))
    page.click("main form.op-form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "3" in page.locator("#line-errors").inner_text()
    axe(page, context="activity upload preview with an error")
    page.click("main .op-actions form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert Activity.objects.filter(source="xlsx").count() == 1
