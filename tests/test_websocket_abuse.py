"""WebSockets under abuse (issue 8, item 10): the origin check, a per-connection frame limit, a size limit
(uvicorn's and the consumers' own), and garbage — text that is not JSON, binary frames, huge frames,
unknown types, a second join — closes the socket that sent it and nobody else's: another participant of
the same meeting still votes, and the presenter still gets its snapshots.
"""

from __future__ import annotations

import json
import re
import types
from pathlib import Path

import pytest
from django.test import Client

from ouderpartner.live import consumers, realtime
from ouderpartner.live.models import LiveSession, Participant, Prompt
from ouderpartner.live.tests.factories import LiveSessionFactory, PromptFactory, PromptOptionFactory
from ouderpartner.live.tests.realtime_support import Phone, Screen, run, running_hub, writers_idle

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def meeting(utrecht, school):
    session = LiveSessionFactory(
        workspace=utrecht, organisation=school, languages=["nl"], status=LiveSession.Status.LIVE
    )
    choice = PromptFactory(session=session, position=1, kind=Prompt.Kind.SINGLE_CHOICE, text={"nl": "Wat?"})
    for position, value in enumerate(["a", "b"]):
        PromptOptionFactory(prompt=choice, position=position, value=value, label={"nl": value})
    session.current_prompt = choice
    session.save()
    return {"session": session, "choice": choice}


def session_key(user) -> str:
    client = Client()
    client.force_login(user)
    return client.session.session_key


async def closed_with(socket: Phone, timeout: float = 5) -> int:
    """The close code the server sent, passing over any messages sent before it."""
    while True:
        output = await socket.socket.receive_output(timeout=timeout)
        if output["type"] == "websocket.close":
            return output.get("code", 1000)


async def still_works(phone: Phone, screen: Screen, prompt: Prompt, value: str, respondents: int) -> None:
    """The other participant votes and is acknowledged; the presenter's snapshot counts it."""
    await phone.send(type="vote", prompt=prompt.pk, choices=[value], ref=f"ok{respondents}")
    ack = await phone.until("ack", ref=f"ok{respondents}")
    assert ack["kind"] == "vote"
    while True:
        snapshot = await screen.until("results", timeout=5)
        if snapshot["results"]["respondents"] == respondents:
            return


def test_sockets_are_opened_only_from_our_own_pages(meeting, alice):
    session = meeting["session"]
    key = session_key(alice)

    async def scenario():
        async with running_hub():
            for origin in ((b"origin", b"https://evil.example"), (b"origin", b"null")):
                assert not await Phone(session.code, origin=origin).connect(), origin
            no_origin = Phone(session.code)
            no_origin.socket.scope["headers"] = [
                header for header in no_origin.socket.scope["headers"] if header[0] != b"origin"
            ]
            assert not await no_origin.connect()
            screen = Screen("utrecht", session.pk, session_key=key)
            screen.socket.scope["headers"] = [(b"origin", b"https://evil.example")] + [
                header for header in screen.socket.scope["headers"] if header[0] != b"origin"
            ]
            assert not await screen.connect()
            # The same sockets from our own host open.
            own = Phone(session.code)
            assert await own.connect()
            await own.close()
            own_screen = Screen("utrecht", session.pk, session_key=key)
            assert await own_screen.connect()
            await own_screen.close()

    run(scenario)


GARBAGE = {
    "not JSON": ({"text": "{vote: yes"}, consumers.CLOSE_NOT_JSON),
    "binary": ({"bytes": b"\x00\xff" * 10}, consumers.CLOSE_UNSUPPORTED),
    "huge": (
        {"text": json.dumps({"type": "entry", "prompt": 1, "text": "x" * 70_000})},
        consumers.CLOSE_TOO_BIG,
    ),
    "just over the limit": ({"text": " " * (consumers.MAX_MESSAGE + 1)}, consumers.CLOSE_TOO_BIG),
}


@pytest.mark.parametrize("kind", sorted(GARBAGE))
def test_garbage_closes_the_sender_alone(meeting, alice, kind):
    session, choice = meeting["session"], meeting["choice"]
    frame, code = GARBAGE[kind]
    key = session_key(alice)

    async def scenario():
        async with running_hub():
            screen = Screen("utrecht", session.pk, session_key=key)
            assert await screen.connect()
            await screen.until("state")
            good, bad = Phone(session.code), Phone(session.code)
            for phone in (good, bad):
                assert await phone.connect()
                await phone.join()
            await still_works(good, screen, choice, "a", 1)
            await bad.socket.send_input({"type": "websocket.receive", **frame})
            assert await closed_with(bad) == code
            await still_works(good, screen, choice, "b", 1)  # a changed vote: still one respondent
            # A newcomer joins and votes too: the meeting goes on.
            newcomer = Phone(session.code)
            assert await newcomer.connect()
            await newcomer.join()
            await still_works(newcomer, screen, choice, "a", 2)
            for socket in (good, newcomer, screen):
                await socket.close()

    run(scenario)


def test_unknown_messages_are_answered_then_the_socket_is_closed(meeting, alice):
    session, choice = meeting["session"], meeting["choice"]
    key = session_key(alice)

    async def scenario():
        async with running_hub():
            screen = Screen("utrecht", session.pk, session_key=key)
            assert await screen.connect()
            await screen.until("state")
            good, bad = Phone(session.code), Phone(session.code)
            for phone in (good, bad):
                assert await phone.connect()
                await phone.join()
            # A mistake or two is answered (a page of an older version may send something unknown) ...
            await bad.send(type="shout", ref=1)
            assert (await bad.until("error", ref=1))["code"] == "invalid"
            await bad.socket.send_to(text_data=json.dumps([1, 2, 3]))
            assert (await bad.until("error"))["code"] == "invalid"
            # ... and the third closes the socket.
            await bad.send(type="join", language="nl", ref=3)  # a second join on the same socket
            assert await closed_with(bad) == consumers.CLOSE_POLICY
            await still_works(good, screen, choice, "a", 1)
            await writers_idle()
            # The second join made no new participant.
            assert await Participant.objects.filter(session=session).acount() == 2
            await good.close()
            await screen.close()

    run(scenario)


def test_a_presenter_socket_that_sends_garbage_is_closed_and_another_screen_goes_on(meeting, alice):
    session, choice = meeting["session"], meeting["choice"]
    key = session_key(alice)

    async def scenario():
        async with running_hub():
            remote = Screen("utrecht", session.pk, session_key=key, role="remote")
            screen = Screen("utrecht", session.pk, session_key=key)
            for socket in (remote, screen):
                assert await socket.connect()
                await socket.until("state")
            await remote.socket.send_input({"type": "websocket.receive", "bytes": b"\x00" * 100})
            assert await closed_with(remote) == consumers.CLOSE_UNSUPPORTED
            phone = Phone(session.code)
            assert await phone.connect()
            await phone.join()
            await still_works(phone, screen, choice, "b", 1)
            await phone.close()
            await screen.close()

    run(scenario)


def test_a_flood_of_frames_closes_that_connection_and_the_limit_refills(
    meeting, alice, settings, monkeypatch
):
    session, choice = meeting["session"], meeting["choice"]
    settings.LIVE_RATE_LIMITS = {"connection_messages": realtime.Rate(per_second=2, burst=5)}
    clock = {"now": 1000.0}
    # The consumers' own clock (the event loop keeps the real one).
    monkeypatch.setattr(consumers, "time", types.SimpleNamespace(monotonic=lambda: clock["now"]))
    key = session_key(alice)

    async def scenario():
        async with running_hub():
            realtime.reset_limits()
            screen = Screen("utrecht", session.pk, session_key=key)
            assert await screen.connect()
            await screen.until("state")
            good, bad = Phone(session.code), Phone(session.code)
            for phone in (good, bad):
                assert await phone.connect()
                await phone.join()  # the first frame of five
            # Within the burst: answered. Two seconds later the bucket has refilled four frames.
            for ref in range(4):
                await bad.send(type="ping", ref=ref)
                assert (await bad.until("pong", ref=ref))["ref"] == ref
            clock["now"] += 2
            for ref in range(4, 8):
                await bad.send(type="ping", ref=ref)
                assert (await bad.until("pong", ref=ref))["ref"] == ref
            # The next frame at the same moment is one too many: that socket is closed ...
            await bad.send(type="ping", ref=99)
            assert await closed_with(bad) == consumers.CLOSE_BUSY
            # ... and the other phone, on its own budget, votes on.
            await still_works(good, screen, choice, "a", 1)
            await good.close()
            await screen.close()

    run(scenario)


def test_frames_are_limited_in_size_by_the_server_and_by_the_consumers():
    makefile = (ROOT / "Makefile").read_text()
    run_line = next(line for line in makefile.splitlines() if "uvicorn config.asgi:application" in line)
    size = re.search(r"--ws-max-size (\d+)", run_line)
    assert size and int(size.group(1)) == 65536
    # The consumers' own limit is below the server's: a frame between the two is closed by the consumer.
    assert int(size.group(1)) > consumers.MAX_MESSAGE
    assert realtime.DEFAULT_RATES["connection_messages"].per_second <= 10
