"""The consultation in a real browser: the parent's pages in Arabic (right to left, every step checked
with axe-core), without JavaScript, read aloud, page weight; and the staff pages with axe-core."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.urls import reverse

from ouderpartner.policy.consultation_texts import TEXTS
from ouderpartner.policy.models import ConsultationComment, PolicyFramework
from ouderpartner.policy.tests.consultation_factories import comments, framework_in_consultation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGE_BUDGET = 100 * 1024
AR = TEXTS["ar"]
NL = TEXTS["nl"]


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def framework(utrecht):
    return framework_in_consultation(utrecht)


def test_a_parent_reacts_in_arabic_and_every_step_is_accessible(page, framework, axe):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{page.base_url}/c/{framework.consultation_code}/")
    assert page.get_by_role("button", name="العربية").bounding_box()["height"] >= 48
    axe(page, context="language page")
    page.get_by_role("button", name="العربية").click()
    page.wait_for_url(f"**/c/{framework.consultation_code}/ar/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("html").get_attribute("lang") == "ar"
    axe(page, context="Arabic intro")
    page.get_by_role("button", name=AR["start"]).click()
    assert page.get_by_text("1 / 3").is_visible()
    cards = page.locator(".p-option__card")
    first, second = cards.nth(0).bounding_box(), cards.nth(1).bounding_box()
    assert first["x"] > second["x"], "in Arabic the first card is on the right"
    assert first["height"] >= 48
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    axe(page, context="Arabic plan 1")
    page.get_by_role("button", name=AR["next"]).click()
    assert page.get_by_role("alert").inner_text() == AR["choose"]
    axe(page, context="Arabic plan 1 with an error")
    page.get_by_text(AR["agree"], exact=True).click()
    page.get_by_label(AR["comment_label"]).fill("اتصلوا بي على 0612345678")
    page.get_by_role("button", name=AR["next"]).click()
    assert page.get_by_role("alert").inner_text() == AR["personal_data"]
    axe(page, context="Arabic plan 1 with the personal-data warning")
    page.get_by_label(AR["comment_label"]).fill("فكرة جيدة")
    page.get_by_role("button", name=AR["next"]).click()
    assert page.get_by_text("2 / 3").is_visible()
    axe(page, context="Arabic plan 2")
    page.get_by_text(AR["disagree"], exact=True).click()
    page.get_by_role("button", name=AR["next"]).click()
    assert page.get_by_text("3 / 3").is_visible()
    # The third plan has no Arabic text yet: it is shown in Dutch, marked as Dutch.
    assert page.locator("h1[lang=nl]").inner_text() == "Samen praten over het kind"
    axe(page, context="Arabic plan 3 with a Dutch fallback")
    page.get_by_text(AR["unsure"], exact=True).click()
    page.get_by_role("button", name=AR["send"]).click()
    page.wait_for_url("**/ar/thanks/")
    assert page.get_by_role("heading", level=1).inner_text() == AR["thanks"]
    assert page.locator("html").get_attribute("dir") == "rtl"
    axe(page, context="Arabic thank-you")
    assert page.context.cookies() == []
    saved = sorted(
        ConsultationComment.objects.values_list("ambition__position", "reaction", "text", "language")
    )
    assert saved == [(1, "agree", "فكرة جيدة", "ar"), (2, "disagree", "", "ar"), (3, "unsure", "", "ar")]


def test_a_parent_reacts_in_arabic_without_javascript(browser, live_server, framework):
    context = browser.new_context(java_script_enabled=False, locale="nl-NL")
    try:
        page = context.new_page()
        page.goto(f"{live_server.url}/c/{framework.consultation_code}/")
        page.get_by_role("button", name="العربية").click()
        assert page.locator("html").get_attribute("dir") == "rtl"
        page.get_by_role("button", name=AR["start"]).click()
        assert page.locator(".p-speak").count() == 0
        page.get_by_text(AR["agree"], exact=True).click()
        page.get_by_label(AR["comment_label"]).fill("نريد المزيد من الكتب")
        page.get_by_role("button", name=AR["next"]).click()
        page.get_by_text(AR["unsure"], exact=True).click()
        page.get_by_role("button", name=AR["back"]).click()
        assert page.get_by_text("1 / 3").is_visible()
        assert page.get_by_label(AR["comment_label"]).input_value() == "نريد المزيد من الكتب"
        page.get_by_role("button", name=AR["next"]).click()
        assert page.get_by_label(AR["unsure"]).is_checked()
        page.get_by_role("button", name=AR["next"]).click()
        page.get_by_text(AR["disagree"], exact=True).click()
        page.get_by_role("button", name=AR["send"]).click()
        page.wait_for_url("**/ar/thanks/")
        assert page.get_by_role("heading", level=1).inner_text() == AR["thanks"]
        assert page.locator("html").get_attribute("dir") == "rtl"
        assert context.cookies() == []
    finally:
        context.close()
    saved = sorted(
        ConsultationComment.objects.values_list("ambition__position", "reaction", "text", "language")
    )
    assert saved == [
        (1, "agree", "نريد المزيد من الكتب", "ar"),
        (2, "unsure", "", "ar"),
        (3, "disagree", "", "ar"),
    ]


def test_the_closed_and_unknown_pages_are_accessible_in_arabic(page, framework, axe):
    page.goto(f"{page.base_url}/c/nosuchcode/?lang=ar")
    assert page.locator("html").get_attribute("dir") == "rtl"
    axe(page, context="parent 404 in Arabic")
    PolicyFramework.objects.filter(pk=framework.pk).update(status=PolicyFramework.Status.ADOPTED)
    response = page.goto(f"{page.base_url}/c/{framework.consultation_code}/ar/")
    assert response.status == 410
    assert page.get_by_role("heading", level=1).inner_text() == AR["closed"]
    axe(page, context="closed page in Arabic")


def test_a_plan_page_transfers_well_under_100_kb(browser, live_server, framework):
    context = browser.new_context(locale="nl-NL")
    try:
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
        page.goto(f"{live_server.url}/c/{framework.consultation_code}/nl/")
        finished = []
        page.on("requestfinished", lambda request: finished.append(request))
        page.get_by_role("button", name=NL["start"]).click()
        page.wait_for_load_state("networkidle")
        assert page.get_by_text("1 / 3").is_visible()
        total = 0
        for request in finished:
            sizes = request.sizes()
            total += sizes["responseBodySize"] + sizes["responseHeadersSize"]
        hosts = {request.url.split("/")[2] for request in finished}
    finally:
        context.close()
    print(f"plan page: {len(finished)} requests, {total} bytes transferred")
    assert hosts == {live_server.url.split("/")[2]}, "no third-party requests"
    assert len(finished) >= 5  # the page, its stylesheet, read-aloud.js and the three pictograms
    assert total < PAGE_BUDGET


FAKE_SPEECH = """
window.__spoken = [];
Object.defineProperty(window, "speechSynthesis", {value: {
  getVoices: () => [{lang: "ar-SA", name: "Test"}],
  speak: (u) => window.__spoken.push([u.text, u.lang]),
  cancel: () => {},
  addEventListener: () => {},
  onvoiceschanged: null,
}});
window.SpeechSynthesisUtterance = function (text) { this.text = text; };
"""


def test_the_plan_is_read_aloud_in_the_parents_language(page, framework, axe):
    page.context.add_init_script(FAKE_SPEECH)
    page.goto(f"{page.base_url}/c/{framework.consultation_code}/ar/")
    page.get_by_role("button", name=AR["start"]).click()
    assert page.get_by_text("1 / 3").is_visible()
    speak = page.get_by_role("button", name=f"{AR['read_aloud']}: يشعر الآباء بالترحيب في المدرسة")
    assert speak.bounding_box()["height"] >= 48
    speak.click()
    assert page.evaluate("window.__spoken") == [["يشعر الآباء بالترحيب في المدرسة", "ar"]]
    assert page.locator(".p-speak").count() == 8  # title, text, question, three cards, comment label and help
    axe(page, context="plan page with speaker buttons")
    for _ in range(2):
        page.get_by_text(AR["agree"], exact=True).click()
        page.get_by_role("button", name=AR["next"]).click()
    assert page.get_by_text("3 / 3").is_visible()
    # The third plan is shown in Dutch: it gets no speaker, an Arabic voice would garble it.
    assert page.locator("h1 + .p-speak").count() == 0
    assert page.locator(".p-speak").count() == 6


def test_there_is_no_speaker_button_without_a_voice(page, framework):
    page.context.add_init_script(FAKE_SPEECH.replace('[{lang: "ar-SA", name: "Test"}]', "[]"))
    page.goto(f"{page.base_url}/c/{framework.consultation_code}/ar/")
    page.get_by_role("button", name=AR["start"]).click()
    assert page.get_by_text("1 / 3").is_visible()
    assert page.locator(".p-speak").count() == 0


def _staff(page, name, framework=None):
    kwargs = {"ws": "utrecht"} if framework is None else {"ws": "utrecht", "pk": framework.pk}
    return page.base_url + reverse(f"policy:{name}", kwargs=kwargs)


def test_the_staff_pages_are_accessible(page, login, alice, framework, axe):
    first, second, _third = framework.ambitions.order_by("position")
    comments(first, n=12, text="Meer voorlezen op school", status="approved")
    comments(first, n=3, reaction="disagree", language="ar")
    comments(second, n=2, text="Bel Fatima de Vries op 0612345678")
    login(alice)
    page.goto(_staff(page, "consultation_index"))
    assert page.locator("h1").count() == 1
    axe(page, context="consultation overview")
    page.goto(_staff(page, "consultation_moderation", framework))
    assert page.locator('[data-testid="personal-data"]').count() == 2
    axe(page, context="moderation queue")
    page.get_by_role("button", name="Verbergen reactie 1").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("status").first.is_visible()
    axe(page, context="moderation queue after hiding")
    assert ConsultationComment.objects.filter(status="hidden").count() == 1
    page.goto(_staff(page, "consultation_summary", framework))
    page.wait_for_selector(
        f'[data-chart="chart-ambition-{first.pk}"][data-rendered="true"] svg', timeout=10_000
    )
    table = page.locator(f"#table-ambition-{first.pk}").inner_text()
    assert "< 5" in table
    assert page.get_by_text("Meer voorlezen op school").first.is_visible()
    axe(page, context="summary")
    page.goto(_staff(page, "consultation_share", framework))
    assert page.locator(".op-qr svg").count() == 1
    axe(page, context="share page")
