"""Helpers for the realtime tests: a hub per test, sockets through the real ASGI application."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.db import connections

from ouderpartner.live import realtime

ORIGIN = (b"origin", b"http://localhost")


def run(scenario: Callable[[], Awaitable[Any]]) -> Any:
    """Run an async scenario in a fresh event loop (each test gets its own hub). When this thread already
    runs a loop (Playwright's sync API, after a browser test in the same process), in a thread of its own."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(scenario())
    with ThreadPoolExecutor(max_workers=1) as executor:
        return executor.submit(lambda: asyncio.run(scenario())).result()


HUBS: list[realtime.Hub] = []


@contextlib.contextmanager
def short_lived_connections() -> Iterator[None]:
    """Database connections opened in other threads (the hub's, asgiref's, a test server's) close when
    their work is done, as with CONN_MAX_AGE=0, so PostgreSQL can drop the test database afterwards."""
    settings_dict = connections["default"].settings_dict  # the one dict every thread's connection reads
    before = settings_dict.get("CONN_MAX_AGE", 0)
    settings_dict["CONN_MAX_AGE"] = 0
    try:
        yield
    finally:
        settings_dict["CONN_MAX_AGE"] = before


@contextlib.asynccontextmanager
async def running_hub(layer: Any = None) -> AsyncIterator[realtime.Hub]:
    """A hub for this test's event loop; `layer` links it to other hubs (stand-ins for other processes)."""
    realtime.reset_limits()
    hub = realtime.Hub(layer=layer)
    realtime.set_hub(hub)
    HUBS.append(hub)
    with short_lived_connections():
        try:
            yield hub
        finally:
            HUBS.remove(hub)
            await hub.close()
            realtime.set_hub(None)
            # The thread database_sync_to_async uses here (the presenter's access checks, the services).
            await sync_to_async(connections.close_all, thread_sensitive=True)()


async def writers_idle() -> None:
    """Wait until the test's hubs have stored everything queued (a new participant's row is written just
    after the welcome; the in-memory test database takes one writer at a time)."""
    while any(hub.writer.busy or hub.writer._pending for hub in HUBS):
        await asyncio.sleep(0.005)


async def settled(hub: realtime.Hub, session_id: int, revision: int, timeout: float = 10) -> None:
    """Wait until this process's hub holds the meeting at this revision (a change reaches it after commit)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        room = hub.rooms.get(session_id)
        if room is not None and room.data.revision >= revision:
            return
        if loop.time() > deadline:
            raise TimeoutError(f"the hub did not reach revision {revision}")
        await asyncio.sleep(0.01)


def application() -> Any:
    from config.asgi import application as app

    return app


class Phone:
    """A participant's socket with the messages it received, in order."""

    def __init__(
        self, code: str, *, cookie: str = "", origin: tuple[bytes, bytes] = ORIGIN, app: Any = None
    ) -> None:
        headers = [origin]
        if cookie:
            headers.append((b"cookie", f"op_live={cookie}".encode()))
        self.socket = WebsocketCommunicator(app or application(), f"/j/{code}/socket/", headers=headers)
        self.received: list[dict[str, Any]] = []
        self.skipped: list[dict[str, Any]] = []

    async def connect(self) -> bool:
        connected, _code = await self.socket.connect(timeout=10)
        return connected

    async def send(self, **message: Any) -> None:
        await self.socket.send_to(text_data=json.dumps(message))

    async def receive(self, timeout: float = 10) -> dict[str, Any]:
        message = json.loads(await self.socket.receive_from(timeout=timeout))
        self.received.append(message)
        return message

    async def until(self, kind: str, timeout: float = 10, **match: Any) -> dict[str, Any]:
        """The first message of this type (and with these values) not taken yet, waiting for it if needed;
        messages passed over stay available to later calls (the order of different kinds may vary)."""
        for message in self.skipped:
            if message.get("type") == kind and all(message.get(k) == v for k, v in match.items()):
                self.skipped.remove(message)
                return message
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            try:
                message = await self.receive(timeout=max(0.01, deadline - loop.time()))
            except TimeoutError:
                seen = [m.get("type") for m in self.received]
                raise AssertionError(f"no {kind} {match or ''} within {timeout} s; received {seen}") from None
            if message.get("type") == kind and all(message.get(k) == v for k, v in match.items()):
                return message
            self.skipped.append(message)

    async def until_any(self, kinds: tuple[str, ...], timeout: float = 10) -> dict[str, Any]:
        while True:
            message = await self.receive(timeout=timeout)
            if message.get("type") in kinds:
                return message

    async def join(self, language: str = "nl", token: str | None = None) -> dict[str, dict[str, Any]]:
        """Join; the welcome with the state and own answers that come in it, by type."""
        message: dict[str, Any] = {"type": "join", "language": language}
        if token:
            message["token"] = token
        await self.send(**message)
        welcome = await self.until("welcome")
        await writers_idle()
        return {"welcome": welcome, "state": welcome["state"], "mine": welcome["mine"]}

    async def close(self) -> None:
        await self.socket.disconnect()


class Screen(Phone):
    """A presenter socket (screen or remote) for a signed-in user's session cookie."""

    def __init__(
        self, ws: str, pk: int, *, session_key: str = "", role: str = "screen", app: Any = None
    ) -> None:
        headers = [ORIGIN]
        if session_key:
            headers.append((b"cookie", f"sessionid={session_key}".encode()))
        path = f"/w/{ws}/live/sessions/{pk}/socket/?role={role}"
        self.socket = WebsocketCommunicator(app or application(), path, headers=headers)
        self.received = []
        self.skipped = []
