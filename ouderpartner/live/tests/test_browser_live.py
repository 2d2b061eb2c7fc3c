"""A live meeting in a real browser, served the way production serves it (uvicorn, config.asgi): a
presenter screen and two phones voting and seeing the results change, the keyboard, a server restart
the phones recover from by themselves, and axe-core on every page of the participant and the presenter.

Django's live_server speaks WSGI only (no WebSockets), so the test starts uvicorn in a thread of this
process: it shares the test database and serves HTTP and sockets on one free port.
"""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from collections.abc import Iterator

import pytest
import uvicorn

from conftest import PASSWORD
from ouderpartner.accounts.testing import sign_in_browser
from ouderpartner.live import realtime
from ouderpartner.live.models import Entry, LiveSession, Prompt, Vote
from ouderpartner.live.tests.factories import LiveSessionFactory, PromptFactory, PromptOptionFactory
from ouderpartner.live.tests.realtime_support import short_lived_connections

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    # WhiteNoise hands the static files to Django's ASGI handler as a synchronous iterator.
    pytest.mark.filterwarnings("ignore:StreamingHttpResponse must consume synchronous iterators"),
]

PHONE = {"width": 360, "height": 740}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class AsgiServer:
    """uvicorn with config.asgi in a background thread; stop() and start() again on the same port."""

    def __init__(self) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.server: uvicorn.Server | None = None
        self.thread: threading.Thread | None = None

    def start(self) -> None:
        from config.asgi import application

        config = uvicorn.Config(
            application,
            host="127.0.0.1",
            port=self.port,
            log_level="warning",
            lifespan="off",
            ws_per_message_deflate=False,
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            assert time.monotonic() < deadline, "uvicorn did not start"
            time.sleep(0.05)

    def stop(self) -> None:
        assert self.server is not None and self.thread is not None
        hub = realtime._hub
        if hub is not None and hub.loop is not None and hub.loop.is_running():
            # Store what is pending and close the hub's database connections before the loop goes.
            asyncio.run_coroutine_threadsafe(hub.close(), hub.loop).result(timeout=20)
        self.server.should_exit = True
        self.thread.join(timeout=20)
        realtime.set_hub(None)


@pytest.fixture
def asgi_server() -> Iterator[AsgiServer]:
    realtime.reset_limits()
    with short_lived_connections():
        server = AsgiServer()
        server.start()
        yield server
        server.stop()


@pytest.fixture
def meeting(utrecht, school):
    session = LiveSessionFactory(
        workspace=utrecht,
        organisation=school,
        title={"nl": "Ouderavond", "ar": "أمسية الأهل"},
        languages=["nl", "ar"],
        status=LiveSession.Status.LIVE,
        moderate_text=False,
    )
    choice = PromptFactory(
        session=session,
        position=1,
        kind=Prompt.Kind.PICTOGRAM,
        text={"nl": "Hoe komt u naar school?", "ar": "كيف تأتي إلى المدرسة؟"},
    )
    PromptOptionFactory(
        prompt=choice, position=1, value="walk", label={"nl": "Lopend", "ar": "مشيًا"}, pictogram="1F6B6"
    )
    PromptOptionFactory(prompt=choice, position=2, value="bike", label={"nl": "Fiets", "ar": "دراجة"})
    PromptFactory(
        session=session, position=2, kind=Prompt.Kind.WORD_CLOUD, text={"nl": "Eén woord voor school?"}
    )
    session.current_prompt = choice
    session.save()
    return session


def phone(browser, server: AsgiServer):
    context = browser.new_context(viewport=PHONE, locale="nl-NL", is_mobile=True, has_touch=True)
    context.set_default_timeout(15000)
    return context, context.new_page()


def test_a_presenter_and_two_phones_in_a_live_meeting(browser, asgi_server, meeting, alice, axe):
    code = meeting.code
    screen_context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="nl-NL")
    screen_context.set_default_timeout(15000)
    screen = screen_context.new_page()
    sign_in_browser(screen, asgi_server.url, alice, PASSWORD)
    screen.goto(f"{asgi_server.url}/w/utrecht/live/sessions/{meeting.pk}/present/")
    assert screen.get_by_text(f"{code[:3]} {code[3:]}").is_visible()
    assert screen.get_by_role("img", name=f"QR-code voor http://127.0.0.1:8000/j/{code}").is_visible()
    screen.wait_for_selector("[data-participants]:has-text('0')")
    axe(screen, context="presenter screen")

    phones = []
    for language in ("Nederlands", "العربية"):
        context, page = phone(browser, asgi_server)
        page.goto(f"{asgi_server.url}/j/{code}")
        if not phones:
            axe(page, context="participant language page")
        page.get_by_role("button", name=language).click()
        page.wait_for_url(f"**/j/{code}/live/")
        phones.append((context, page))
    dutch, arabic = phones[0][1], phones[1][1]
    assert arabic.locator("html").get_attribute("dir") == "rtl"
    assert arabic.get_by_role("heading", name="كيف تأتي إلى المدرسة؟").is_visible()
    screen.wait_for_selector("[data-participants]:has-text('2')")
    axe(dutch, context="participant question page")

    # A vote is confirmed on the phone once stored, and the presenter's bar moves.
    dutch.get_by_text("Lopend").click()
    dutch.get_by_role("button", name="Versturen").click()
    dutch.wait_for_selector("[data-status]:has-text('Uw antwoord is opgeslagen')")
    screen.wait_for_selector(".lp-bar[data-key=walk] .lp-bar__value:has-text('1 · 100%')")
    arabic.get_by_text("دراجة").click()
    arabic.get_by_role("button", name="إرسال").click()
    arabic.wait_for_selector("[data-status]:has-text('تم حفظ إجابتك')")
    screen.wait_for_selector(".lp-bar[data-key=bike] .lp-bar__value:has-text('1 · 50%')")
    assert screen.locator("[data-respondents]").inner_text() == "2 antwoorden"
    axe(dutch, context="participant question page after voting")
    axe(screen, context="presenter screen with results")

    # The facilitator moves on with the keyboard; both phones show the next prompt by themselves.
    screen.locator("body").press("ArrowRight")
    dutch.get_by_role("heading", name="Eén woord voor school?").wait_for()
    arabic.locator(".live-form[data-kind=word_cloud]").wait_for()
    dutch.fill("#live-text", "Samen")
    dutch.get_by_role("button", name="Versturen").click()
    dutch.wait_for_selector(".live-mine__item:has-text('Samen')")
    screen.wait_for_selector(".lp-cloud__word:has-text('Samen')")
    axe(dutch, context="participant word cloud page")

    # The server restarts: no stored answer is lost and the phones come back to the same screen.
    asgi_server.stop()
    dutch.wait_for_selector("[data-connection]:visible")
    asgi_server.start()
    dutch.wait_for_selector("[data-connection]", state="hidden", timeout=20000)
    dutch.wait_for_selector(".live-mine__item:has-text('Samen')")
    screen.locator("body").press("ArrowLeft")
    arabic.get_by_role("heading", name="كيف تأتي إلى المدرسة؟").wait_for(timeout=20000)
    assert arabic.locator("input[value=bike]").is_checked()  # its own answer, as on a fresh load
    assert arabic.get_by_text("تم حفظ إجابتك").is_visible()

    assert sorted(Vote.objects.values_list("choices", flat=True)) == [["bike"], ["walk"]]
    assert list(Entry.objects.values_list("text", flat=True)) == ["Samen"]
    for context, _page in phones:
        context.close()
    screen_context.close()


def test_the_remote_control_is_accessible_and_moves_the_meeting(browser, asgi_server, meeting, alice, axe):
    context = browser.new_context(viewport=PHONE, locale="nl-NL")
    context.set_default_timeout(15000)
    page = context.new_page()
    sign_in_browser(page, asgi_server.url, alice, PASSWORD)
    page.goto(f"{asgi_server.url}/w/utrecht/live/sessions/{meeting.pk}/remote/")
    page.wait_for_selector("[data-participants]:has-text('0')")
    axe(page, context="remote control")
    page.get_by_role("button", name="Antwoorden sluiten").click()
    page.get_by_role("button", name="Antwoorden openen").wait_for()
    assert LiveSession.objects.get(pk=meeting.pk).voting_locked
    page.get_by_role("button", name="Volgende →").click()
    page.locator("[data-question]:has-text('Eén woord voor school?')").wait_for()
    context.close()
