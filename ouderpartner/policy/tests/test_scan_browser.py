"""Browser tests for the self-scan: axe-core on the list, the start page, a part of the form (also with
an error), the check before completing, the result with the change since the scan before, and the
delete confirmation; and the whole scan filled in and completed with JavaScript switched off."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import PASSWORD
from ouderpartner.policy import selfscan
from ouderpartner.policy.models import SelfScan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _url(base, name, **kwargs):
    return base + reverse(f"policy:{name}", kwargs={"ws": "utrecht", **kwargs})


def _answers(value, **changes):
    answers = {s.key: value for s in selfscan.STATEMENTS}
    answers.update(changes)
    return answers


@pytest.fixture
def two_scans(utrecht, alice):
    now = timezone.now()
    earlier = SelfScan.objects.create(workspace=utrecht, answers=_answers(3, l3_lea=1), started_by=alice)
    later = SelfScan.objects.create(
        workspace=utrecht, answers=_answers(3, l1_trusted_places=1), started_by=alice
    )
    SelfScan.objects.filter(pk=earlier.pk).update(completed_at=now - datetime.timedelta(days=365))
    SelfScan.objects.filter(pk=later.pk).update(completed_at=now)
    return earlier, later


def test_the_list_and_start_page_are_accessible(page, login, alice, two_scans, axe):
    login(alice)
    page.goto(_url(page.base_url, "scan_list"))
    assert page.locator("h1").count() == 1
    assert page.locator("main table tbody tr").count() == 2
    axe(page, context="self-scan list")
    page.click("main .op-toolbar a")
    page.wait_for_load_state("networkidle")
    assert page.url.endswith(reverse("policy:scan_start", kwargs={"ws": "utrecht"}))
    axe(page, context="self-scan start")


def test_the_result_shows_the_profile_chart_guidance_and_change(page, login, alice, two_scans, axe):
    login(alice)
    page.goto(_url(page.base_url, "scan_detail", pk=two_scans[1].pk))
    page.wait_for_selector(".op-chart__canvas svg, .op-chart__canvas canvas", state="attached")
    assert page.locator("#table-profile tbody tr").count() == len(selfscan.SECTIONS)
    assert page.locator("#table-change [data-direction=up]").count() >= 1
    assert page.locator(".op-scan-guidance > li").count() >= 1
    assert page.locator("#guidance-new li").count() == 1
    axe(page, context="self-scan result")
    page.emulate_media(media="print")
    assert not page.locator("nav.op-nav").is_visible()
    assert page.locator("#table-profile").is_visible()


def test_filling_in_with_an_error_keeps_the_answers(page, login, alice, utrecht, axe):
    login(alice)
    page.goto(_url(page.base_url, "scan_start"))
    page.click("main form button[type=submit]")
    page.wait_for_load_state("networkidle")
    scan = SelfScan.objects.get()
    assert "/fill/level-1/" in page.url
    axe(page, context="self-scan part 1")
    for statement in selfscan.statements_of("level-1"):
        page.check(f"input[name={statement.key}][value='3']")
    page.fill("#id_note", "Besproken met de brede schoolcoördinatoren")
    # A tampered answer (not on the scale): an error summary, nothing lost.
    page.evaluate("document.querySelector(\"input[name=l1_strengths][value='3']\").value = '9'")
    page.click("main form button[value=next]")
    page.wait_for_load_state("networkidle")
    assert page.locator("#error-summary").is_visible()
    assert page.input_value("#id_note") == "Besproken met de brede schoolcoördinatoren"
    assert page.is_checked("input[name=l1_trusted_places][value='3']")
    axe(page, context="self-scan part with an error")
    page.check("input[name=l1_strengths][value='4']")
    page.click("main form button[value=next]")
    page.wait_for_load_state("networkidle")
    assert "/fill/level-2/" in page.url
    scan.refresh_from_db()
    assert scan.answers["l1_strengths"] == 4 and scan.notes["level-1"].startswith("Besproken")
    page.goto(_url(page.base_url, "scan_complete", pk=scan.pk))
    axe(page, context="self-scan check before completing")
    page.goto(_url(page.base_url, "scan_delete", pk=scan.pk))
    axe(page, context="self-scan delete confirmation")


def test_the_whole_scan_works_without_javascript(browser, live_server, bob, school):
    context = browser.new_context(java_script_enabled=False, locale="nl-NL")
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("input[name=username]", bob.email)
        page.fill("input[name=password]", PASSWORD)
        page.click("main button[type=submit]")
        page.goto(_url(live_server.url, "scan_start"))
        page.click("main form button[type=submit]")
        for index, section in enumerate(selfscan.SECTIONS):
            assert f"/fill/{section.key}/" in page.url
            for n, statement in enumerate(selfscan.statements_of(section.key)):
                value = selfscan.DONT_KNOW if (index, n) == (0, 0) else 1 + (index + n) % 4
                page.check(f"input[name={statement.key}][value='{value}']")
            page.click("main form button[value=next]")
        assert page.url.endswith("/complete/")
        page.click("main form button[type=submit]")
        scan = SelfScan.objects.get()
        assert scan.organisation == school and scan.completed_at is not None
        assert scan.answers["l1_trusted_places"] == selfscan.DONT_KNOW
        assert page.url.endswith(reverse("policy:scan_detail", kwargs={"ws": "utrecht", "pk": scan.pk}))
        assert page.locator("#table-profile tbody tr").count() == len(selfscan.SECTIONS)
    finally:
        context.close()
