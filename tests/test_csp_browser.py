# ruff: noqa: F811  (fixtures imported from the pages' own browser tests)
"""The strict Content-Security-Policy in a real browser: the pages that run JavaScript work under it.

Each page is watched twice for violations: a `securitypolicyviolation` listener installed before any of
the page's own code (add_init_script) and Chromium's console messages ("Refused to …", "Content Security
Policy"). The charts must be drawn (Vega with its expression interpreter, vega-embed without its injected
<style>), the map must show its markers (Leaflet), the live meeting must connect its sockets, and the
parents' pages must read aloud.
"""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.urls import reverse

from conftest import PASSWORD
from ouderpartner.live.tests.test_browser_live import asgi_server, meeting  # noqa: F401 (fixtures)
from ouderpartner.policy.tests.consultation_factories import framework_in_consultation
from ouderpartner.policy.tests.test_goal_browser import ambition, goal, live_indicator  # noqa: F401
from ouderpartner.policy.tests.test_scan_browser import two_scans  # noqa: F401
from ouderpartner.reach.tests.test_dashboard import activities, city  # noqa: F401
from ouderpartner.voice.tests.factories import DistributionFactory, questionnaire_with_questions
from ouderpartner.voice.tests.test_browser_parent import FAKE_SPEECH
from ouderpartner.voice.tests.test_overview_browser import data  # noqa: F401

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.filterwarnings("ignore:StreamingHttpResponse must consume synchronous iterators"),
]

WATCH = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__csp.push(`${event.effectiveDirective} blocked ${event.blockedURI || "inline"}`
    + ` at ${event.sourceFile || "?"}:${event.lineNumber}`);
});
"""
CHART = '[data-chart][data-rendered="true"] svg'


class Watcher:
    """Collects CSP violations of every page in a browser context."""

    def __init__(self, context) -> None:
        self.console: list[str] = []
        self.pages = 0
        context.add_init_script(WATCH)
        context.on("page", self.attach)
        for page in context.pages:
            self.attach(page)

    def attach(self, page) -> None:
        page.on("console", self.listen)

    def listen(self, message) -> None:
        text = message.text
        if "Refused to" in text or "Content Security Policy" in text or "Content-Security-Policy" in text:
            self.console.append(text)

    def check(self, page, label: str) -> None:
        """No violation on this page so far (call before leaving it)."""
        page.wait_for_load_state("networkidle")
        violations = page.evaluate("window.__csp")
        self.pages += 1
        assert violations == [], f"{label}: {violations}"
        assert self.console == [], f"{label}: {self.console}"


def sign_in(page, base: str, user) -> None:
    """The login form and, for a coordinator, the second step (as conftest's login fixture does)."""
    from ouderpartner.accounts.testing import totp_code, totp_device_for

    device = totp_device_for(user)
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", user.email)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_load_state("networkidle")
    if device is not None and "/accounts/two-factor/verify/" in page.url:
        page.fill("input[name=code]", totp_code(device))
        page.click("main form.op-form button[type=submit]")
        page.wait_for_load_state("networkidle")


def charts_drawn(page, at_least: int = 1) -> int:
    try:
        page.wait_for_selector(CHART, timeout=15_000)
    except Exception as error:
        raise AssertionError(f"no chart drawn; violations: {page.evaluate('window.__csp')}") from error
    drawn = page.locator(CHART).count()
    assert drawn >= at_least
    # The SVG really has marks (not an empty canvas), and no <style> was injected without our nonce.
    assert page.locator(
        f"{CHART} .mark-rect path, {CHART} .mark-line path, {CHART} .mark-symbol path"
    ).count()
    assert page.locator("style#vega-embed-style, style#vega-tooltip-style").count() == 0
    return drawn


def test_the_policy_is_enforced_and_the_watcher_sees_it(page, alice):
    """Sanity: under our policy an unnonced inline style and script are refused, and the watcher says so."""
    watcher = Watcher(page.context)
    page.goto(f"{page.base_url}/accounts/login/")
    page.evaluate(
        """() => {
        document.body.insertAdjacentHTML("beforeend", '<p style="color: red">x</p>');
        const script = document.createElement("script");
        script.textContent = "window.__ran = true";
        document.body.append(script);
    }"""
    )
    page.wait_for_timeout(300)
    assert page.evaluate("window.__ran") is None
    directives = " ".join(page.evaluate("window.__csp"))
    assert "style-src-attr" in directives and "script-src-elem" in directives
    with pytest.raises(AssertionError):
        watcher.check(page, "a page with injected inline code")


def test_staff_pages_with_charts_and_the_map_run_under_the_policy(
    page,
    login,
    carol,
    alice,
    data,
    city,
    activities,
    live_indicator,
    two_scans,
):
    watcher = Watcher(page.context)
    login(carol)

    page.goto(page.base_url + reverse("voice:insights", kwargs={"ws": "utrecht"}))
    assert charts_drawn(page, at_least=2) >= 2
    # A tooltip (vega-tooltip, styled by our stylesheet instead of its own <style>) under the pointer.
    page.locator(f"{CHART} .mark-rect path").first.hover()
    watcher.check(page, "voice insights")

    page.goto(page.base_url + reverse("reach:dashboard", kwargs={"ws": "utrecht"}))
    charts_drawn(page, at_least=2)
    page.wait_for_selector("#network-map .leaflet-marker-icon", timeout=15_000)
    assert page.locator("#network-map").is_visible()
    watcher.check(page, "reach dashboard")

    page.goto(
        page.base_url + reverse("policy:indicator_detail", kwargs={"ws": "utrecht", "pk": live_indicator.pk})
    )
    charts_drawn(page)
    watcher.check(page, "indicator page")

    page.context.clear_cookies()
    login(alice)
    page.goto(page.base_url + reverse("policy:scan_detail", kwargs={"ws": "utrecht", "pk": two_scans[1].pk}))
    charts_drawn(page)
    watcher.check(page, "self-scan result")
    assert watcher.pages == 4


TILE_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c63f8cfc0f01f0005000201a5f1c2da0000000049454e44ae426082"
)


def test_map_tiles_from_the_configured_host_are_allowed(page, login, carol, city, activities, settings):
    """The tile host of MAP_TILE_URL is in img-src (the tiles are served here by the browser's router)."""
    from config.settings import CONTENT_SECURITY_POLICY, _tile_source

    settings.MAP_TILE_URL = "https://{s}.tiles.example.test/{z}/{x}/{y}.png"
    directives = dict(CONTENT_SECURITY_POLICY["DIRECTIVES"])
    directives["img-src"] = [*directives["img-src"], *_tile_source(settings.MAP_TILE_URL)]
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": directives}
    assert "https://*.tiles.example.test" in directives["img-src"]
    page.route(
        "https://*.tiles.example.test/**",
        lambda route: route.fulfill(body=TILE_PNG, content_type="image/png"),
    )
    watcher = Watcher(page.context)
    login(carol)
    page.goto(page.base_url + reverse("reach:dashboard", kwargs={"ws": "utrecht"}))
    page.wait_for_selector("#network-map img.leaflet-tile-loaded", timeout=15_000)
    watcher.check(page, "reach dashboard with map tiles")


def test_the_parents_pages_read_aloud_under_the_policy(page, utrecht, school):
    cache.clear()
    page.context.add_init_script(
        FAKE_SPEECH.replace(
            '{lang: "nl-NL", name: "Test"}', '{lang: "nl-NL", name: "Test"}, {lang: "ar-SA", name: "Test"}'
        )
    )
    watcher = Watcher(page.context)
    distribution = DistributionFactory(
        questionnaire=questionnaire_with_questions(utrecht), location=school.locations.get()
    )
    page.goto(f"{page.base_url}/q/{distribution.code}/")
    watcher.check(page, "questionnaire languages")
    page.get_by_role("button", name="Nederlands").click()
    page.wait_for_url("**/0/")
    page.get_by_role("button", name="Begin").click()
    page.wait_for_url("**/1/")
    page.get_by_role("button", name="Voorlezen: Vaak").click()
    assert page.evaluate("window.__spoken") == [["Vaak", "nl"]]
    watcher.check(page, "question page with read-aloud")

    framework = framework_in_consultation(utrecht)
    page.goto(f"{page.base_url}/c/{framework.consultation_code}/")
    watcher.check(page, "consultation languages")
    page.goto(f"{page.base_url}/c/{framework.consultation_code}/ar/")
    page.locator("main button[type=submit]").first.click()
    page.wait_for_load_state("networkidle")
    assert page.locator(".p-speak").count() >= 1
    page.locator(".p-speak").first.click()
    assert len(page.evaluate("window.__spoken")) == 1
    watcher.check(page, "consultation plan with read-aloud")


def test_a_live_meeting_runs_under_the_policy(browser, asgi_server, meeting, alice):
    screen_context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="nl-NL")
    screen_context.set_default_timeout(15000)
    screen_watch = Watcher(screen_context)
    screen = screen_context.new_page()
    sign_in(screen, asgi_server.url, alice)
    screen.goto(f"{asgi_server.url}/w/utrecht/live/sessions/{meeting.pk}/present/")
    screen.wait_for_selector("[data-participants]:has-text('0')")

    phone_context = browser.new_context(viewport={"width": 360, "height": 740}, locale="nl-NL")
    phone_context.set_default_timeout(15000)
    phone_watch = Watcher(phone_context)
    phone = phone_context.new_page()
    phone.goto(f"{asgi_server.url}/j/{meeting.code}")
    phone_watch.check(phone, "participant language page")
    phone.get_by_role("button", name="Nederlands").click()
    phone.wait_for_url(f"**/j/{meeting.code}/live/")
    screen.wait_for_selector("[data-participants]:has-text('1')")  # the socket is up
    phone.get_by_text("Lopend").click()
    phone.get_by_role("button", name="Versturen").click()
    phone.wait_for_selector("[data-status]:has-text('Uw antwoord is opgeslagen')")
    # The presenter's bar grows through CSSOM (element.style), which the policy allows.
    screen.wait_for_selector(".lp-bar[data-key=walk] .lp-bar__value:has-text('1 · 100%')")
    phone_watch.check(phone, "participant live page")
    screen_watch.check(screen, "presenter screen")

    screen.goto(f"{asgi_server.url}/w/utrecht/live/sessions/{meeting.pk}/remote/")
    screen.wait_for_load_state("networkidle")
    screen_watch.check(screen, "remote control")
    phone_context.close()
    screen_context.close()
