"""Browser tests for the policy framework with axe-core: the overview (empty and filled), the framework list,
form (with an error), detail, status confirmation, versions and compare, and the ambition page and form,
where a professional endorses for their own organisation."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ouderpartner.core.models import Membership
from ouderpartner.network.tests.factories import OrganisationFactory
from ouderpartner.policy import services
from ouderpartner.policy.models import Endorsement, PolicyFramework

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _url(page, name, pk=None):
    kwargs = {"ws": "utrecht"} if pk is None else {"ws": "utrecht", "pk": pk}
    return page.base_url + reverse(f"policy:{name}", kwargs=kwargs)


@pytest.fixture
def framework(utrecht, alice, school):
    library = OrganisationFactory(workspace=utrecht, name="Bibliotheek Utrecht")
    framework = services.framework_create(
        workspace=utrecht,
        actor=alice,
        title="Samen met ouders 2026-2030",
        start_year=2026,
        end_year=2030,
        vision="Ouders zijn de eerste opvoeders.",
        approaches=["network", "continuous_line"],
        approach_reasons="Ouders komen op vertrouwde plekken.",
        municipal_role="partner",
        consultation_intro={"nl": "Wat vindt u?", "ar": "ما رأيكم؟"},
    )
    first = services.ambition_create(
        framework=framework,
        actor=alice,
        title="Ouders bereiken via vertrouwde plekken",
        text="Partners zoeken ouders op waar ze al komen.",
        level=1,
        parent_title={"nl": "Ouders ontmoeten", "ar": "نلتقي بالآباء والأمهات", "tr": "Velilerle buluşmak"},
    )
    services.ambition_create(framework=framework, actor=alice, title="Beleid maken mét ouders", level=3)
    services.framework_save_version(framework=framework, actor=alice, note="Eerste concept")
    services.ambition_update(
        ambition=first, actor=alice, text="Partners zoeken alle ouders op waar ze al komen."
    )
    services.ambition_create(framework=framework, actor=alice, title="Een warme overdracht", level=2)
    services.framework_set_status(framework=framework, actor=alice, status="consultation")
    Endorsement.objects.create(
        workspace=utrecht, ambition=first, organisation=library, endorsed_on="2026-11-01"
    )
    return framework


def test_the_empty_overview_explains_and_is_accessible(page, login, alice, utrecht, axe):
    login(alice)
    page.goto(_url(page, "overview"))
    assert page.locator("h1").count() == 1
    assert page.locator("nav.op-nav a[aria-current], nav a", has_text="Beleid").count() >= 1
    axe(page, context="policy overview, empty")
    page.click("main a[href$='/policy/frameworks/new/']")
    page.wait_for_load_state("networkidle")
    axe(page, context="framework form")
    page.fill("#id_title", "Samen met ouders")
    page.fill("#id_start_year", "2026")
    page.fill("#id_end_year", "2020")
    page.click("main form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert page.locator("#error-summary").is_visible()
    assert page.input_value("#id_title") == "Samen met ouders"
    axe(page, context="framework form with an error")
    page.fill("#id_end_year", "2030")
    page.check("input[name=approaches][value=network]")
    page.fill("#id_consultation_intro_ar", "ما رأيكم؟")
    page.click("main form button[type=submit]")
    page.wait_for_load_state("networkidle")
    framework = PolicyFramework.objects.get()
    assert framework.consultation_intro == {"ar": "ما رأيكم؟"}
    assert page.url.endswith(reverse("policy:framework_detail", kwargs={"ws": "utrecht", "pk": framework.pk}))


def test_overview_list_and_detail_are_accessible(page, login, carol, framework, axe):
    login(carol)
    page.goto(_url(page, "overview"))
    assert "Samen met ouders 2026-2030" in page.locator("main").inner_text()
    assert "1 van 2 partners" in page.locator("main").inner_text()
    axe(page, context="policy overview")
    page.goto(_url(page, "framework_list"))
    axe(page, context="framework list")
    page.goto(_url(page, "framework_detail", framework.pk))
    matrix = page.locator("[data-testid=endorsement-matrix]")
    assert "Bibliotheek Utrecht" in matrix.inner_text() and "Willibrordschool" in matrix.inner_text()
    axe(page, context="framework detail")


def test_status_versions_and_compare_are_accessible(page, login, alice, framework, axe):
    login(alice)
    page.goto(_url(page, "framework_detail", framework.pk))
    page.click("main a[href*='status=adopted']")
    page.wait_for_load_state("networkidle")
    axe(page, context="status confirmation")
    page.click("main form button[type=submit]")
    page.wait_for_load_state("networkidle")
    framework.refresh_from_db()
    assert framework.status == "adopted" and framework.version == 4
    page.goto(_url(page, "framework_save_version", framework.pk))
    axe(page, context="save as version")
    page.goto(_url(page, "version_list", framework.pk))
    assert page.locator("main tbody tr").count() == 3
    axe(page, context="versions")
    page.goto(_url(page, "version_compare", framework.pk) + "?from=1&to=2")
    main = page.locator("main")
    assert "Een warme overdracht" in main.locator("section", has=page.locator("#added-heading")).inner_text()
    assert "alle" in " ".join(main.locator("ins").all_inner_texts())
    assert main.locator("ins .op-visually-hidden").count() == main.locator("ins").count() - 1
    axe(page, context="compare versions")


def test_a_professional_endorses_on_the_ambition_page(page, login, bob, framework, school, axe):
    ambition = framework.ambitions.get(level=1)
    login(bob)
    page.goto(_url(page, "ambition_detail", ambition.pk))
    assert "Willibrordschool" in page.locator("[data-testid=not-endorsed]").inner_text()
    axe(page, context="ambition detail")
    page.fill("#id_note", "Wij doen mee")
    page.click("main form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert Endorsement.objects.filter(organisation=school, ambition=ambition).exists()
    assert "Willibrordschool" in page.locator("[data-testid=endorsed]").inner_text()
    axe(page, context="ambition detail after endorsing")
    endorsement = Endorsement.objects.get(organisation=school)
    page.goto(_url(page, "endorsement_withdraw", endorsement.pk))
    axe(page, context="withdraw endorsement")
    page.click("main form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert not Endorsement.objects.filter(organisation=school).exists()
    assert Membership.objects.get(user=bob).organisation == school


def test_the_ambition_form_and_delete_are_accessible(page, login, alice, framework, axe):
    ambition = framework.ambitions.get(level=1)
    login(alice)
    page.goto(_url(page, "ambition_update", ambition.pk))
    axe(page, context="ambition form")
    page.fill("#id_title", "")
    page.click("main form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert page.locator("#error-summary").is_visible()
    axe(page, context="ambition form with an error")
    page.goto(_url(page, "ambition_create", framework.pk) + "?level=2")
    assert page.is_checked("input[name=level][value='2']")
    page.goto(_url(page, "ambition_delete", ambition.pk))
    axe(page, context="delete ambition")
    page.click("main form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert not framework.ambitions.filter(pk=ambition.pk).exists()
