"""A live meeting under load, over real WebSockets, against the server started the way production does.

    .venv/bin/python bench/live_session.py                                # embedded default: SQLite, 1 process
    .venv/bin/python bench/live_session.py -n 10000 --compare-bare        # … and the bare ASGI app, with ratios
    .venv/bin/python bench/live_session.py --redis --workers 2            # Redis channel layer, 2 processes
    .venv/bin/python bench/live_session.py --redis --workers 2 --postgres postgres://postgres@127.0.0.1:5432/postgres
    .venv/bin/python bench/live_session.py --find-max -n 6000 --step 1000 # the largest N meeting the target
    .venv/bin/python bench/live_session.py -n 3000 --py-spy profiles      # where server and client spend CPU

It makes a throwaway database (SQLite, or with --postgres one on that server) with one live meeting (a
multiple-choice prompt, then a word cloud), starts `uvicorn config.asgi:application` (as `make run` does;
`--workers N` as docs/deployment.md describes, with a temporary redis-server unless --redis-url is given),
and runs, in one asyncio process:

1. N participants join over the socket, spread evenly over --join-seconds;
2. every participant votes once, spread over --vote-seconds; a presenter socket receives the aggregated
   snapshots the whole time;
3. the presenter moves on to the word cloud (the time until every phone has the new prompt is measured)
   and --word-share of the participants send a word within --word-seconds.

The phones are `LeanSocket`s: one asyncio.Protocol each with a hand-written client side of RFC 6455
(the load generator shares the two cores with the server, so its cost per socket matters as much as the
server's). With --compare-bare the same load first runs against bench/bare_asgi.py (no Django: the same
protocol work in the plainest way, one process, SQLite) and every figure of the product is also printed
as a ratio product/bare.

It prints connected/failed, votes sent/acknowledged/refused/counted (by the presenter's last snapshot
and in the database: all must be equal), acknowledgement latency and vote-to-presenter latency
(p50/p95/p99), the time for a prompt change to reach every phone, the server's peak memory and CPU (all
its processes; Redis apart), the CPU per join and per vote of server and load generator, and the load
average. A vote reaches the presenter in the first snapshot whose count covers it in the order of
acknowledgement (the count only grows: every vote is new). The participants' sockets come from 250
loopback addresses (127.0.0.x), like phones on different connections, so the per-address join limit is
not what is measured. The load generator shares the machine's cores with the server: latencies are upper
bounds of the server's share.

Targets (issue 9, item 5), one line each, "met" or "NOT MET by …": all N connected; all joined before
the vote burst starts (one second after the join window); every vote acknowledged and counted once;
none refused; ack p99 <= 50 ms; vote-to-presenter p95 <= 300 ms.

Exit status 1 when a vote was lost or counted twice (the measurement failed); a missed target is
reported and exits 0, unless --check is given.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import contextlib
import json
import os
import random
import re
import resource
import secrets
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGET_ACK_P99_MS = 50.0
TARGET_PRESENTER_P95_MS = 300.0
REFUSALS = {"not_current", "closed", "busy"}  # the server's answers to a vote it will not take
OPTIONS = ["clear_message", "communication", "with_parents", "start_small"]
WORDS = [
    "samen",
    "vertrouwen",
    "taal",
    "luisteren",
    "tijd",
    "respect",
    "ouders",
    "school",
    "gelijkwaardig",
    "geduld",
]
ADDRESSES = [f"127.0.0.{n}" for n in range(2, 252)]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))]


def spread(values: list[float]) -> str:
    return f"p50 {percentile(values, 0.5):7.1f}  p95 {percentile(values, 0.95):7.1f}  p99 {percentile(values, 0.99):7.1f}  max {max(values, default=float('nan')):7.1f} ms"


# --- The meeting -------------------------------------------------------------------------------------------


def prepare_database(env: dict[str, str]) -> dict[str, Any]:
    """Migrate the throwaway database and make a workspace, a facilitator and a live meeting."""
    os.environ.update(env)
    import django

    django.setup()
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command
    from django_otp import DEVICE_ID_SESSION_KEY

    from ouderpartner.accounts import security
    from ouderpartner.accounts.models import User
    from ouderpartner.accounts.testing import totp_device_for
    from ouderpartner.core.models import Membership, Role, Workspace
    from ouderpartner.live.models import LiveSession, Prompt, PromptOption

    call_command("migrate", verbosity=0, interactive=False)
    workspace = Workspace.objects.create(
        name="Bench", slug="bench", parent_languages=["nl", "en", "ar", "tr"]
    )
    user = User.objects.create_user("bench@example.org", secrets.token_urlsafe(16))
    Membership.objects.create(user=user, workspace=workspace, role=Role.COORDINATOR)
    session = LiveSession.objects.create(
        workspace=workspace,
        title={"nl": "Stadsbrede bijeenkomst"},
        languages=["nl", "en", "ar", "tr"],
        status=LiveSession.Status.LIVE,
        moderate_text=False,
    )
    choice = Prompt.objects.create(
        session=session, position=1, kind=Prompt.Kind.SINGLE_CHOICE, text={"nl": "Waar begint u?"}
    )
    for position, value in enumerate(OPTIONS):
        PromptOption.objects.create(prompt=choice, position=position, value=value, label={"nl": value})
    cloud = Prompt.objects.create(
        session=session, position=2, kind=Prompt.Kind.WORD_CLOUD, text={"nl": "Eén woord?"}, max_entries=3
    )
    session.current_prompt = choice
    session.save()
    # A coordinator's session as a real sign-in leaves it: started now and past the second step.
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    security.session_started(store)
    store[DEVICE_ID_SESSION_KEY] = totp_device_for(user).persistent_id
    store.create()
    return {
        "session": session.pk,
        "code": session.code,
        "choice": choice.pk,
        "cloud": cloud.pk,
        "cookie": store.session_key,
    }


def stored_counts(meeting: dict[str, Any]) -> tuple[int, int, int]:
    from django.db import connections

    from ouderpartner.live.models import Entry, Participant, Vote

    connections.close_all()
    return (
        Participant.objects.filter(session_id=meeting["session"]).count(),
        Vote.objects.filter(prompt_id=meeting["choice"]).count(),
        Entry.objects.filter(prompt_id=meeting["cloud"]).count(),
    )


def create_postgres_database(server_url: str) -> str:
    """A new, empty database on that PostgreSQL server; its URL."""
    import psycopg

    name = f"live_bench_{secrets.token_hex(4)}"
    with psycopg.connect(server_url, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    return server_url.rsplit("/", 1)[0] + "/" + name


def drop_postgres_database(server_url: str, database_url: str) -> None:
    import psycopg
    from django.db import connections

    connections.close_all()
    name = database_url.rsplit("/", 1)[1]
    with psycopg.connect(server_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# --- The server --------------------------------------------------------------------------------------------


class ServerProcesses:
    """The server's processes (uvicorn and its workers): peak memory and CPU, sampled from /proc."""

    def __init__(self, root_pid: int) -> None:
        self.root = root_pid
        self.peak_rss = 0
        self.samples: list[tuple[float, float]] = []  # (time, cumulative CPU seconds)
        self.tick = os.sysconf("SC_CLK_TCK")
        self.page = os.sysconf("SC_PAGE_SIZE")
        self.known: list[int] = []
        self.counted = 0

    def pids(self) -> list[int]:
        found = [self.root]
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                except OSError:
                    continue
                if int(fields[1]) == self.root:
                    found.append(int(entry.name))
        return found

    def sample(self) -> None:
        # Listing /proc costs the load generator a fifth of its CPU at five samples a second: the
        # workers are found again every five seconds only.
        if self.counted % 25 == 0:
            self.known = self.pids()
        self.counted += 1
        rss = 0
        cpu = 0.0
        for pid in self.known:
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                rss += int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * self.page
            except OSError:
                continue
            cpu += (int(fields[11]) + int(fields[12])) / self.tick
        self.peak_rss = max(self.peak_rss, rss)
        self.samples.append((time.monotonic(), cpu))

    def cpu_report(self, start: float, end: float) -> tuple[float, float]:
        """(average CPU % over [start, end], peak CPU % over one second) — 100 % is one core."""
        window = [s for s in self.samples if start <= s[0] <= end]
        if len(window) < 2:
            return float("nan"), float("nan")
        average = (window[-1][1] - window[0][1]) / (window[-1][0] - window[0][0]) * 100
        peak = 0.0
        j = 0
        for i, (at, cpu) in enumerate(window):
            while window[j][0] < at - 1.0:
                j += 1
            if at - window[j][0] >= 0.5 and i != j:
                peak = max(peak, (cpu - window[j][1]) / (at - window[j][0]) * 100)
        return average, peak


def start_server(
    env: dict[str, str], port: int, workers: int, application: str, backlog: int = 0
) -> subprocess.Popen:
    command = [
        str(ROOT / ".venv" / "bin" / "uvicorn"),
        application,
        "--host", "127.0.0.1",
        "--port", str(port),
        "--no-access-log",
        "--lifespan", "off",
        "--ws-per-message-deflate", "false",
        "--ws-max-size", "65536",
        "--log-level", "warning",
    ]  # fmt: skip
    if workers > 1:
        command += ["--workers", str(workers)]
    if backlog:
        command += ["--backlog", str(backlog)]
    return subprocess.Popen(command, cwd=ROOT, env={**os.environ, **env}, start_new_session=True)


def wait_for_port(port: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise SystemExit(f"The server did not listen on port {port} within {timeout} s.")


# --- The load ----------------------------------------------------------------------------------------------


# --- A lean WebSocket client ---------------------------------------------------------------------------------
#
# The load generator shares the two cores with the server, so every microsecond it spends per socket is
# taken from the server. The `websockets` client costs two tasks, a parser generator and a few dozen
# objects per connection; this one is an asyncio.Protocol with a prepared handshake, a frame parser of a
# dozen lines and a callback per message (RFC 6455 client framing: text frames, masked; the all-zero mask
# is legal framing and saves the XOR — the server cannot tell it from a random one).

_OPEN = struct.Struct("!BB")
_LEN16 = struct.Struct("!H")
_LEN64 = struct.Struct("!Q")


def _frame(payload: bytes, opcode: int = 0x1) -> bytes:
    length = len(payload)
    if length < 126:
        head = bytes((0x80 | opcode, 0x80 | length))
    elif length < 65536:
        head = bytes((0x80 | opcode, 0x80 | 126)) + _LEN16.pack(length)
    else:
        head = bytes((0x80 | opcode, 0x80 | 127)) + _LEN64.pack(length)
    return head + b"\x00\x00\x00\x00" + payload


def handshake_request(path: str, host: str, origin: str, headers: dict[str, str] | None = None) -> bytes:
    lines = [
        f"GET {path} HTTP/1.1",
        f"Host: {host}",
        "Upgrade: websocket",
        "Connection: Upgrade",
        "Sec-WebSocket-Key: " + base64.b64encode(secrets.token_bytes(16)).decode(),
        "Sec-WebSocket-Version: 13",
        f"Origin: {origin}",
    ]
    lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


class LeanSocket(asyncio.Protocol):
    """One client WebSocket: `opened` resolves once the server answered 101; every text frame goes to
    `on_message(payload_bytes)`."""

    __slots__ = ("buffer", "closed_code", "on_message", "opened", "request", "transport", "upgraded")

    def __init__(self, request: bytes, opened: asyncio.Future, on_message: Callable[[bytes], None]) -> None:
        self.request = request
        self.opened = opened
        self.on_message = on_message
        self.transport: asyncio.Transport | None = None
        self.buffer = b""
        self.upgraded = False
        self.closed_code: int | None = None

    def connection_made(self, transport: Any) -> None:
        self.transport = transport
        transport.write(self.request)

    def data_received(self, data: bytes) -> None:
        buffer = self.buffer + data if self.buffer else data
        if not self.upgraded:
            end = buffer.find(b"\r\n\r\n")
            if end < 0:
                self.buffer = buffer
                return
            if not buffer.startswith(b"HTTP/1.1 101"):
                status = buffer[9:12].decode("latin-1")
                if not self.opened.done():
                    self.opened.set_exception(ConnectionError(f"HTTP {status}"))
                self.transport.close()
                return
            self.upgraded = True
            if not self.opened.done():
                self.opened.set_result(self)
            buffer = buffer[end + 4 :]
        offset = 0
        size = len(buffer)
        while size - offset >= 2:
            first, second = buffer[offset], buffer[offset + 1]
            length = second & 0x7F
            start = offset + 2
            if length == 126:
                if size - offset < 4:
                    break
                length = _LEN16.unpack_from(buffer, start)[0]
                start += 2
            elif length == 127:
                if size - offset < 10:
                    break
                length = _LEN64.unpack_from(buffer, start)[0]
                start += 8
            if size < start + length:
                break
            payload = buffer[start : start + length]
            offset = start + length
            opcode = first & 0x0F
            if opcode == 0x1:
                self.on_message(payload)
            elif opcode == 0x9:
                self.transport.write(_frame(payload, 0xA))
            elif opcode == 0x8:
                self.closed_code = _LEN16.unpack_from(payload)[0] if len(payload) >= 2 else 1005
                self.transport.write(_frame(payload[:2], 0x8))
                self.transport.close()
                return
        self.buffer = buffer[offset:] if offset < size else b""

    def connection_lost(self, exc: Exception | None) -> None:
        if not self.opened.done():
            self.opened.set_exception(ConnectionError("closed before the handshake"))
        if self.closed_code is None:
            self.closed_code = 1006
            self.on_message(b"")  # tells the owner the socket is gone

    def send(self, text: str) -> None:
        if self.transport is not None and not self.transport.is_closing():
            self.transport.write(_frame(text.encode()))

    def close(self) -> None:
        if self.transport is not None and not self.transport.is_closing():
            self.transport.write(_frame(b"\x03\xe8", 0x8))
            self.transport.close()


async def lean_connect(
    host: str, port: int, path: str, origin: str, on_message: Callable[[bytes], None], *,
    local_addr: tuple[str, int] | None = None, headers: dict[str, str] | None = None, timeout: float = 30,
) -> LeanSocket:  # fmt: skip
    loop = asyncio.get_running_loop()
    opened = loop.create_future()
    request = handshake_request(path, f"{host}:{port}", origin, headers)
    await loop.create_connection(
        lambda: LeanSocket(request, opened, on_message), host, port, local_addr=local_addr
    )
    return await asyncio.wait_for(opened, timeout)


_TYPE = re.compile(rb'"type":"(\w+)"')


class Phone:
    """One participant's phone: timestamps only (at 10,000 phones every object per phone counts)."""

    __slots__ = (
        "errors",
        "index",
        "join_ms",
        "joined",
        "joined_at",
        "moved",
        "prompt_seen",
        "socket",
        "vote_acked",
        "vote_sent",
        "waiting",
        "word_acked",
        "word_sent",
    )  # fmt: skip

    def __init__(self, index: int) -> None:
        self.index = index
        self.socket: LeanSocket | None = None
        self.joined_at: float | None = None
        self.join_ms: float | None = None
        self.vote_sent: float | None = None
        self.vote_acked: float | None = None
        self.word_sent: float | None = None
        self.word_acked: float | None = None
        self.prompt_seen: float | None = None
        self.errors: list[str] = []
        self.waiting: asyncio.Future | None = None  # the acknowledgement awaited (one answer at a time)
        self.joined: asyncio.Future | None = None
        self.moved: asyncio.Future | None = None


@dataclass
class Run:
    phones: list[Phone]
    snapshots: list[tuple[float, int, int]] = field(default_factory=list)  # (time, prompt, respondents)
    presence: list[tuple[float, int]] = field(default_factory=list)
    moved_at: float | None = None
    cloud_words: int = 0
    welcome_bytes: int = 0  # the size of one welcome frame (who you are, the state, your answers)
    client_samples: list[tuple[float, float]] = field(default_factory=list)  # (time, own CPU seconds)


def phone_receiver(
    run: Run, phone: Phone, meeting: dict, started: float, finished: asyncio.Event
) -> Callable[[bytes], None]:
    cloud = meeting["cloud"]

    def on_message(payload: bytes) -> None:
        now = time.monotonic()
        if not payload:  # the connection is gone
            if not finished.is_set():
                phone.errors.append("socket: closed")
            if phone.waiting is not None and not phone.waiting.done():
                phone.waiting.set_result(None)
            return
        found = _TYPE.search(payload, 0, 64)
        kind = found.group(1) if found else b""
        if kind == b"ack":
            if phone.waiting is not None and not phone.waiting.done():
                phone.waiting.set_result(now)
        elif kind == b"welcome":
            if phone.joined_at is None:
                run.welcome_bytes = run.welcome_bytes or len(payload)
                phone.joined_at = now
                phone.join_ms = (now - started) * 1000
                if not phone.joined.done():
                    phone.joined.set_result(now)
        elif kind == b"error":
            phone.errors.append(json.loads(payload).get("code", "?"))
            if phone.waiting is not None and not phone.waiting.done():
                phone.waiting.set_result(None)
        elif kind == b"state" and phone.prompt_seen is None:
            prompt = json.loads(payload).get("prompt")
            if prompt and prompt.get("id") == cloud:
                phone.prompt_seen = now
                if not phone.moved.done():
                    phone.moved.set_result(now)

    return on_message


async def phone_life(
    run: Run, phone: Phone, args: argparse.Namespace, base: str, meeting: dict, t0: float
) -> None:
    loop = asyncio.get_running_loop()
    phone.joined = loop.create_future()
    phone.moved = loop.create_future()
    await asyncio.sleep(max(0.0, t0 + phone.index * args.join_seconds / args.participants - time.monotonic()))
    started = time.monotonic()
    try:
        ws = await lean_connect(
            "127.0.0.1",
            args.port,
            f"/j/{meeting['code']}/socket/",
            f"http://127.0.0.1:{args.port}",
            phone_receiver(run, phone, meeting, started, args.finished),
            local_addr=(ADDRESSES[phone.index % len(ADDRESSES)], 0),
        )
    except Exception as error:
        phone.errors.append(f"connect: {type(error).__name__} {error}")
        return
    phone.socket = ws
    ws.send(json.dumps({"type": "join", "language": random.choice(["nl", "en", "ar", "tr"])}))
    # Vote at this phone's moment of the burst.
    vote_at = args.vote_start + random.random() * args.vote_seconds
    await asyncio.sleep(max(0.0, vote_at - time.monotonic()))
    if phone.joined_at is None:  # a phone that is still joining votes as soon as it has joined
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(asyncio.shield(phone.joined), 30)
    if phone.joined_at is None:
        phone.errors.append("not joined within 30 s of its vote")
    else:
        phone.waiting = loop.create_future()
        phone.vote_sent = time.monotonic()
        ws.send(
            json.dumps(
                {"type": "vote", "prompt": meeting["choice"], "choices": [random.choice(OPTIONS)], "ref": "v"}
            )
        )
        try:
            phone.vote_acked = await asyncio.wait_for(phone.waiting, 60)
        except TimeoutError:
            phone.errors.append("vote not acknowledged within 60 s")
    # A share of the phones sends a word once the word cloud is on.
    if phone.index % 100 < args.word_share * 100 and phone.joined_at is not None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(
                asyncio.shield(phone.moved), max(0.0, args.word_deadline - time.monotonic())
            )
        if phone.prompt_seen is not None:
            await asyncio.sleep(random.random() * args.word_seconds)
            phone.waiting = loop.create_future()
            phone.word_sent = time.monotonic()
            ws.send(
                json.dumps(
                    {"type": "entry", "prompt": meeting["cloud"], "text": random.choice(WORDS), "ref": "w"}
                )
            )
            try:
                phone.word_acked = await asyncio.wait_for(phone.waiting, 60)
            except TimeoutError:
                phone.errors.append("word not acknowledged within 60 s")
    await args.finished.wait()
    ws.close()


async def presenter_life(run: Run, args: argparse.Namespace, base: str, meeting: dict) -> Any:
    from websockets.asyncio.client import connect

    ws = await connect(
        f"{base}/w/bench/live/sessions/{meeting['session']}/socket/?role=remote",
        origin=f"http://127.0.0.1:{args.port}",
        additional_headers={"Cookie": f"sessionid={meeting['cookie']}"},
        compression=None,
        max_queue=None,
    )

    async def reader() -> None:
        async for raw in ws:
            message = json.loads(raw)
            now = time.monotonic()
            if message.get("type") == "results":
                results = message["results"]
                run.snapshots.append((now, message["prompt"], results.get("respondents", 0)))
                if message["prompt"] == meeting["cloud"]:
                    run.cloud_words = sum(word["count"] for word in results.get("words", []))
            if message.get("type") in ("results", "presence"):
                run.presence.append((now, message["participants"]))

    return ws, asyncio.create_task(reader())


async def drive(args: argparse.Namespace, meeting: dict[str, Any], server: ServerProcesses) -> Run:
    base = f"ws://127.0.0.1:{args.port}"
    run = Run(phones=[Phone(index) for index in range(args.participants)])
    presenter, presenter_reader = await presenter_life(run, args, base, meeting)

    async def sampler() -> None:
        while True:
            server.sample()
            usage = resource.getrusage(resource.RUSAGE_SELF)
            run.client_samples.append((time.monotonic(), usage.ru_utime + usage.ru_stime))
            await asyncio.sleep(0.2)

    sampling = asyncio.create_task(sampler())
    args.finished = asyncio.Event()
    t0 = time.monotonic() + 0.5
    args.t0 = t0
    args.vote_start = t0 + args.join_seconds + 1.0
    args.word_deadline = args.vote_start + args.vote_seconds + 30
    tasks = [asyncio.create_task(phone_life(run, phone, args, base, meeting, t0)) for phone in run.phones]
    # Everyone has voted (or given up): the facilitator moves on to the word cloud.
    await asyncio.sleep(max(0.0, args.vote_start + args.vote_seconds + 0.5 - time.monotonic()))
    # … including the phones still joining on a starved machine (a phone gives up after 30 s of handshake
    # and 30 s of waiting for its welcome): a vote stored after the last snapshot of its prompt would
    # never reach the screen.
    give_up = time.monotonic() + 65.0
    while time.monotonic() < give_up and any(p.vote_acked is None and not p.errors for p in run.phones):
        await asyncio.sleep(0.25)
    # The last snapshot of the votes (on a starved machine it may come later than one interval).
    acked = len([p for p in run.phones if p.vote_acked is not None])
    deadline = time.monotonic() + 10.0
    await asyncio.sleep(1.0)
    while (
        time.monotonic() < deadline
        and max((n for _at, prompt, n in run.snapshots if prompt == meeting["choice"]), default=0) < acked
    ):
        await asyncio.sleep(0.25)
    run.moved_at = time.monotonic()
    await presenter.send(json.dumps({"type": "action", "action": "next", "ref": "next"}))
    word_phones = [p for p in run.phones if p.index % 100 < args.word_share * 100 and p.joined_at]
    deadline = time.monotonic() + args.word_seconds + 30
    while time.monotonic() < deadline and not all(p.word_acked or p.errors for p in word_phones):
        await asyncio.sleep(0.25)
    await asyncio.sleep(1.0)
    args.finished.set()
    await asyncio.gather(*tasks, return_exceptions=True)
    sampling.cancel()
    presenter_reader.cancel()
    await presenter.close()
    return run


def cpu_at(samples: list[tuple[float, float]], at: float) -> float:
    """Cumulative CPU seconds at that moment (the last sample before it)."""
    found = samples[0][1] if samples else 0.0
    for when, cpu in samples:
        if when > at:
            break
        found = cpu
    return found


def cpu_costs(args: argparse.Namespace, run: Run, server: ServerProcesses) -> dict[str, float]:
    """CPU milliseconds per join (the join window: first attempt until the vote burst) and per vote (the
    vote window), of the server and of the load generator. Unlike latencies these hardly depend on what
    else the machine runs, so they say how many participants two free cores could take."""
    joined_early = len([p for p in run.phones if p.joined_at is not None and p.joined_at <= args.vote_start])
    end = run.moved_at or time.monotonic()
    voted = len([p for p in run.phones if p.vote_acked is not None and p.vote_acked <= end])
    costs = {}
    for name, samples in (("server", server.samples), ("client", run.client_samples)):
        join_cpu = cpu_at(samples, args.vote_start) - cpu_at(samples, args.t0)
        vote_cpu = cpu_at(samples, end) - cpu_at(samples, args.vote_start)
        costs[f"{name}_ms_per_join"] = join_cpu * 1000 / joined_early if joined_early else float("nan")
        costs[f"{name}_ms_per_vote"] = vote_cpu * 1000 / voted if voted else float("nan")
    per_join = costs["server_ms_per_join"] + costs["client_ms_per_join"]
    # Two cores fully used for joins alone: the join rate, and N within the join window.
    costs["joins_per_second_two_cores"] = 2000 / per_join if per_join else float("nan")
    return costs


def measured(
    args: argparse.Namespace, run: Run, server: ServerProcesses, stored: tuple[int, int, int]
) -> dict:
    """The run's figures (latencies in ms)."""
    phones = run.phones
    joined = [p for p in phones if p.joined_at is not None]
    sent = [p for p in phones if p.vote_sent is not None]
    acked = sorted((p for p in sent if p.vote_acked is not None), key=lambda p: p.vote_acked)
    votes = [(at, n) for at, prompt, n in run.snapshots if prompt == args.meeting["choice"]]
    to_presenter = []
    cursor = 0
    for rank, phone in enumerate(acked, start=1):
        while cursor < len(votes) and votes[cursor][1] < rank:
            cursor += 1
        if cursor == len(votes):
            break
        to_presenter.append((votes[cursor][0] - phone.vote_sent) * 1000)
    words_sent = [p for p in phones if p.word_sent is not None]
    errors: dict[str, int] = {}
    for phone in phones:
        for error in phone.errors:
            errors[error] = errors.get(error, 0) + 1
    cpu_avg, cpu_peak = server.cpu_report(args.t0, run.moved_at or time.monotonic())
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return {
        "participants": len(phones),
        "joined": len(joined),
        "last_join_s": (max(p.joined_at for p in joined) - args.t0) if joined else float("nan"),
        "late": len([p for p in joined if p.joined_at > args.vote_start]),
        "peak_presence": max((n for _t, n in run.presence), default=0),
        "join_ms": [p.join_ms for p in joined if p.join_ms is not None],
        "votes_sent": len(sent),
        "votes_acked": len(acked),
        # refused with an error (e.g. a late joiner voting after the meeting moved on): answered, not lost
        "votes_refused": len(
            [p for p in sent if p.vote_acked is None and p.errors and p.errors[-1] in REFUSALS]
        ),
        "votes_presenter": max((n for _at, n in votes), default=0),
        "snapshots": len(votes),
        "ack_ms": [(p.vote_acked - p.vote_sent) * 1000 for p in acked],
        "to_presenter_ms": to_presenter,
        "prompt_change_ms": [
            (p.prompt_seen - run.moved_at) * 1000 for p in joined if p.prompt_seen and run.moved_at
        ],
        "words_sent": len(words_sent),
        "words_acked": len([p for p in words_sent if p.word_acked is not None]),
        "words_presenter": run.cloud_words,
        "participants_db": stored[0],
        "votes_db": stored[1],
        "words_db": stored[2],
        "peak_rss_mb": server.peak_rss / 2**20,
        "welcome_bytes": run.welcome_bytes,
        "cpu_avg": cpu_avg,
        "cpu_peak": cpu_peak,
        "client_cpu_s": usage.ru_utime + usage.ru_stime - args.client_cpu_before,
        "client_wall_s": (run.moved_at or time.monotonic()) - args.t0,
        "errors": errors,
        **cpu_costs(args, run, server),
        "load_before": args.load_before,
        "load_after": Path("/proc/loadavg").read_text().split()[0],
    }


def verdicts(f: dict, args: argparse.Namespace) -> list[tuple[str, bool, str]]:
    """One (target, met, by how much) per target of issue 9, item 5."""
    n = f["participants"]
    exact = (
        f["votes_sent"] == f["votes_acked"] + f["votes_refused"]
        and f["votes_acked"] == f["votes_presenter"] == f["votes_db"]
        and f["words_acked"] == f["words_db"]
    )
    ack99 = percentile(f["ack_ms"], 0.99)
    screen95 = percentile(f["to_presenter_ms"], 0.95)
    window = args.join_seconds + 1.0
    return [
        (
            "100 % connected",
            f["joined"] == n,
            f"{n - f['joined']} participants ({(n - f['joined']) / n:.1%})",
        ),
        (
            f"every participant joined within {args.join_seconds:g} s (in before the votes, {window:g} s after the first attempt)",
            f["late"] == 0 and f["joined"] == n,
            f"{f['late']} late; the last after {f['last_join_s']:.1f} s",
        ),
        ("every vote acknowledged, stored and counted once", exact, "votes were lost or counted twice"),
        (
            "every vote acknowledged (none refused)",
            f["votes_refused"] == 0,
            f"{f['votes_refused']} votes refused (sent after the meeting moved on: their phone joined too late)",
        ),
        (
            f"ack p99 <= {TARGET_ACK_P99_MS:g} ms",
            ack99 <= TARGET_ACK_P99_MS,
            f"{ack99 - TARGET_ACK_P99_MS:.0f} ms (p99 {ack99:.0f} ms)",
        ),
        (
            f"vote -> screen p95 <= {TARGET_PRESENTER_P95_MS:g} ms",
            screen95 <= TARGET_PRESENTER_P95_MS,
            f"{screen95 - TARGET_PRESENTER_P95_MS:.0f} ms (p95 {screen95:.0f} ms)",
        ),
    ]


def report(f: dict, args: argparse.Namespace, config: str) -> tuple[bool, bool]:
    print()
    print(
        f"Live meeting bench — {config}; {f['participants']} participants joining over {args.join_seconds:g} s, voting within {args.vote_seconds:g} s"
    )
    print(
        f"  connected          {f['joined']} joined, {f['participants'] - f['joined']} failed; the last {f['last_join_s']:.1f} s after the first attempt ({f['late']} after the vote burst began); peak shown to presenter {f['peak_presence']}"
    )
    print(f"  join (connect→own answers)  {spread(f['join_ms'])}  (welcome frame {f['welcome_bytes']} bytes)")
    print(
        f"  votes              sent {f['votes_sent']}, acknowledged {f['votes_acked']}, refused {f['votes_refused']}, counted {f['votes_presenter']} (presenter) / {f['votes_db']} (database)"
    )
    print(f"  ack latency        {spread(f['ack_ms'])}")
    print(f"  vote → presenter   {spread(f['to_presenter_ms'])}  ({f['snapshots']} snapshots)")
    print(
        f"  next prompt → every phone   {spread(f['prompt_change_ms'])}  ({len(f['prompt_change_ms'])} phones)"
    )
    print(
        f"  words              sent {f['words_sent']}, acknowledged {f['words_acked']}, counted {f['words_presenter']} (presenter) / {f['words_db']} (database)"
    )
    print(
        f"  server             peak memory {f['peak_rss_mb']:.0f} MB (all processes), CPU average {f['cpu_avg']:.0f} %, peak {f['cpu_peak']:.0f} % (100 % = one core)"
    )
    print(
        f"  load generator     CPU {f['client_cpu_s']:.1f} s in {f['client_wall_s']:.0f} s, average {f['client_cpu_s'] / f['client_wall_s'] * 100:.0f} % "
        "(it shares the cores with the server)"
    )
    print(
        f"  CPU per join       server {f['server_ms_per_join']:.2f} ms + load generator {f['client_ms_per_join']:.2f} ms; "
        f"per vote server {f['server_ms_per_vote']:.2f} ms + {f['client_ms_per_vote']:.2f} ms  → two free cores would "
        f"take about {f['joins_per_second_two_cores']:,.0f} joins/s ({f['joins_per_second_two_cores'] * args.join_seconds:,.0f} in {args.join_seconds:g} s)"
    )
    print(f"  participants in the database {f['participants_db']}")
    print(
        f"  machine            load average before the run {f['load_before']}, after {f['load_after']} ({os.cpu_count()} cores)"
    )
    if f["errors"]:
        print(f"  errors             {f['errors']}")
    checks = verdicts(f, args)
    for name, met, by in checks:
        print(f"  target: {name}: {'met' if met else 'NOT MET by ' + by}")
    exact = checks[2][1]
    target = all(met for _name, met, _by in checks)
    print(f"  all targets: {'met' if target else 'NOT MET'}")
    if args.json:
        Path(args.json).write_text(
            json.dumps(
                {
                    "config": config,
                    **{k: v for k, v in f.items() if not isinstance(v, list)},
                    **{
                        k: {q: percentile(f[k], q / 100) for q in (50, 95, 99)}
                        for k in ("join_ms", "ack_ms", "to_presenter_ms", "prompt_change_ms")
                    },
                    "target_met": target,
                },
                indent=2,
            )
        )
    return exact, target


RATIO_ROWS = [
    ("join p50", "join_ms", 0.5),
    ("join p99", "join_ms", 0.99),
    ("ack p50", "ack_ms", 0.5),
    ("ack p99", "ack_ms", 0.99),
    ("vote → screen p50", "to_presenter_ms", 0.5),
    ("vote → screen p95", "to_presenter_ms", 0.95),
    ("next prompt → all phones p95", "prompt_change_ms", 0.95),
]


def report_ratios(product: dict, bare: dict) -> None:
    print()
    print(
        f"Product / bare ASGI app (same load generator, same uvicorn options, same N = {product['participants']}; "
        "1.00 = as fast as the bare app, higher = slower)"
    )
    print(f"  {'figure':30} {'product':>12} {'bare':>12} {'ratio':>8}")
    print(
        f"  {'connected':30} {product['joined']:>12} {bare['joined']:>12} {product['joined'] / max(1, bare['joined']):>8.2f}"
    )
    for name, key, share in RATIO_ROWS:
        a, b = percentile(product[key], share), percentile(bare[key], share)
        print(f"  {name:30} {a:>9.1f} ms {b:>9.1f} ms {a / b if b else float('nan'):>8.2f}")
    for name, key, unit in (
        ("server peak memory", "peak_rss_mb", "MB"),
        ("server CPU average", "cpu_avg", "%"),
    ):
        a, b = product[key], bare[key]
        print(f"  {name:30} {a:>9.0f} {unit:>2} {b:>9.0f} {unit:>2} {a / b if b else float('nan'):>8.2f}")


def start_profilers(args: argparse.Namespace, server_pid: int, app: str) -> list[subprocess.Popen]:
    """--py-spy DIR: sample the server (all its processes) and this load generator while the run lasts,
    as collapsed stacks (one line per stack, its sample count last) in DIR/<app>-server.txt and -client.txt."""
    if not args.py_spy:
        return []
    binary = shutil.which("py-spy") or os.environ.get("PY_SPY", "")
    if not binary:
        print("--py-spy needs py-spy (pip install py-spy) on the PATH or in $PY_SPY.")
        return []
    Path(args.py_spy).mkdir(parents=True, exist_ok=True)
    found = []
    for pid, name in ((server_pid, "server"), (os.getpid(), "client")):
        command = [binary, "record", "--format", "raw", "--rate", "200", "--nonblocking", "--pid", str(pid)]
        if name == "server":
            command.append("--subprocesses")
        command += ["--output", str(Path(args.py_spy) / f"{app}-{name}.txt")]
        found.append(subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
    return found


def measure(args: argparse.Namespace, app: str) -> tuple[dict, str]:
    """One run against a fresh server: the product (uvicorn config.asgi:application) or the bare app."""
    args.port = args.fixed_port or free_port()
    args.load_before = Path("/proc/loadavg").read_text().split()[0]
    workdir = Path(tempfile.mkdtemp(prefix="live-bench-"))
    redis_process = None
    redis_url = args.redis_url
    database_url = ""
    process = None
    bare = app == "bare"
    try:
        if bare:
            from bench import bare_asgi

            path = str(workdir / "bare.sqlite3")
            meeting = bare_asgi.prepare(path)
            env = {"BARE_DB": path, "BARE_SECRET": meeting["cookie"], "BARE_CODE": meeting["code"]}
            config = "bare ASGI app (no Django), SQLite, 1 process"
            process = start_server(env, args.port, 1, "bench.bare_asgi:app", args.backlog)
        else:
            if args.redis and not redis_url:
                redis_port = free_port()
                redis_process = subprocess.Popen(
                    ["redis-server", "--port", str(redis_port), "--bind", "127.0.0.1", "--save", "",
                     "--appendonly", "no", "--maxclients", "20000"],
                    stdout=subprocess.DEVNULL,
                    cwd=workdir,
                )  # fmt: skip
                redis_url = f"redis://127.0.0.1:{redis_port}/0"
                wait_for_port(redis_port)
            if args.postgres:
                database_url = create_postgres_database(args.postgres)
            env = {
                "SECRET_KEY": secrets.token_urlsafe(40),
                "DEBUG": "0",
                "TESTING": "0",
                "SQLITE_PATH": str(workdir / "bench.sqlite3"),
                "ALLOWED_HOSTS": "127.0.0.1,localhost",
                "SITE_URL": f"http://127.0.0.1:{args.port}",
                "LOG_LEVEL": "WARNING",
                "DJANGO_SETTINGS_MODULE": "config.settings",
                "DATABASE_URL": database_url,
                "REDIS_URL": redis_url,
            }
            meeting = prepare_database(env)
            database = "PostgreSQL" if args.postgres else "SQLite"
            config = (
                f"product, {database}, Redis, {args.workers} processes"
                if redis_url
                else f"product, embedded default ({database}, 1 process)"
            )
            if not redis_url and args.workers > 1:
                config = (
                    f"product, {database}, {args.workers} processes without Redis (not a supported setup)"
                )
            process = start_server(env, args.port, args.workers, "config.asgi:application", args.backlog)
        args.meeting = meeting
        wait_for_port(args.port)
        time.sleep(1.0 + (0 if bare else args.workers))  # let every worker import the application
        server = ServerProcesses(process.pid)
        profilers = start_profilers(args, process.pid, app)
        usage = resource.getrusage(resource.RUSAGE_SELF)
        args.client_cpu_before = usage.ru_utime + usage.ru_stime
        try:
            import uvloop

            run = uvloop.run(drive(args, meeting, server))
        except ImportError:
            run = asyncio.run(drive(args, meeting, server))
        for profiler in profilers:
            profiler.send_signal(signal.SIGINT)
            profiler.wait(timeout=60)
        stored = bare_asgi.stored_counts(path) if bare else stored_counts(meeting)
        return measured(args, run, server, stored), config
    finally:
        if process is not None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
        if redis_process is not None:
            redis_process.terminate()
            redis_process.wait(timeout=10)
        if database_url:
            drop_postgres_database(args.postgres, database_url)
        shutil.rmtree(workdir, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--participants", "-n", type=int, default=5000)
    parser.add_argument("--join-seconds", type=float, default=5.0)
    parser.add_argument("--vote-seconds", type=float, default=10.0)
    parser.add_argument("--word-share", type=float, default=0.2, help="share of participants who send a word")
    parser.add_argument("--word-seconds", type=float, default=5.0)
    parser.add_argument("--workers", type=int, default=1, help="server processes (uvicorn --workers)")
    parser.add_argument(
        "--redis", action="store_true", help="start a temporary redis-server for the channel layer"
    )
    parser.add_argument("--redis-url", default="", help="use this Redis instead of starting one")
    parser.add_argument(
        "--postgres",
        default="",
        metavar="URL",
        help="a PostgreSQL server (e.g. postgres://postgres@127.0.0.1:5432/postgres): a throwaway database "
        "is made there and dropped afterwards, instead of SQLite",
    )
    parser.add_argument(
        "--compare-bare",
        action="store_true",
        help="first run the bare ASGI app (bench/bare_asgi.py, one process) with the same load, then the "
        "product, and print each figure as a ratio product/bare",
    )
    parser.add_argument(
        "--find-max",
        action="store_true",
        help="search the largest N meeting the target: start at --participants, step by --step (up while "
        "met, down while not), and report the largest N met",
    )
    parser.add_argument(
        "--bare-only", action="store_true", help="measure the bare ASGI app alone (also with --find-max)"
    )
    parser.add_argument("--step", type=int, default=1000, help="--find-max: participants per step")
    parser.add_argument(
        "--backlog",
        type=int,
        default=0,
        help="uvicorn --backlog (its default is 2048; the kernel caps it at net.core.somaxconn)",
    )
    parser.add_argument(
        "--py-spy", default="", metavar="DIR", help="profile server and load generator with py-spy into DIR"
    )
    parser.add_argument("--port", dest="fixed_port", type=int, default=0)
    parser.add_argument("--json", default="", help="also write the figures to this file")
    parser.add_argument("--check", action="store_true", help="exit 1 when the target is not met")
    args = parser.parse_args()
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[union-attr]
    # The temporary file of a --find-max step is this machine's path: named, not printed.
    shown = ["<a temporary file>" if i and sys.argv[i - 1] == "--json" else a for i, a in enumerate(sys.argv)]
    args.command = "bench/live_session.py " + " ".join(shown[1:])

    _soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    limit = hard - 100
    if args.participants > limit:
        print(f"Open files are capped at {hard} per process here: at most about {limit} participants.")
        return 2
    if (
        (args.redis or args.redis_url)
        and args.redis
        and not args.redis_url
        and not shutil.which("redis-server")
    ):
        print("--redis needs redis-server (Debian: apt-get install redis-server).")
        return 2
    if args.workers > 1 and not (args.redis or args.redis_url):
        print("Note: several processes without Redis cannot share a meeting; the figures are not meaningful.")
    print(f"Command: .venv/bin/python {args.command}")
    print(
        f"Machine: {os.cpu_count()} cores, load average {' '.join(Path('/proc/loadavg').read_text().split()[:3])}"
    )

    if args.find_max:
        return find_max(args, limit)
    if args.bare_only:
        bare, bare_config = measure(args, "bare")
        return 0 if report(bare, args, bare_config)[0] else 1
    bare = None
    if args.compare_bare:
        bare, bare_config = measure(args, "bare")
        report(bare, args, bare_config)
    product, config = measure(args, "product")
    exact, target = report(product, args, config)
    if bare is not None:
        report_ratios(product, bare)
        if not all(met for _n, met, _b in verdicts(bare, args)):
            print("  (the bare app itself missed a target in this run: the machine's share was too small)")
    if not exact:
        return 1
    return 1 if args.check and not target else 0


def child_command(args: argparse.Namespace, n: int, json_path: str) -> list[str]:
    """This script for one run of N participants with the same options (Django is set up once per process,
    so every product run gets its own process)."""
    command = [sys.executable, str(Path(__file__).resolve()), "-n", str(n), "--json", json_path]
    command += ["--join-seconds", str(args.join_seconds), "--vote-seconds", str(args.vote_seconds)]
    command += ["--word-share", str(args.word_share), "--word-seconds", str(args.word_seconds)]
    command += ["--workers", str(args.workers), "--backlog", str(args.backlog)]
    for flag, value in (("--redis-url", args.redis_url), ("--postgres", args.postgres)):
        if value:
            command += [flag, value]
    if args.redis:
        command.append("--redis")
    if args.bare_only:
        command.append("--bare-only")
    return command


def find_max(args: argparse.Namespace, limit: int) -> int:
    """Up by --step while the target is met, down while it is not; the largest N met."""
    results: dict[int, bool] = {}
    n = args.participants
    config = ""
    while 0 < n <= limit and n not in results:
        with tempfile.NamedTemporaryFile(suffix=".json") as output:
            status = subprocess.run(child_command(args, n, output.name), check=False).returncode
            figures = json.loads(Path(output.name).read_text() or "{}")
        if status != 0 or not figures:
            print(
                f"The run with {n} participants failed (exit status {status}): a vote was lost or counted twice."
            )
            return 1
        config = figures["config"]
        target = figures["target_met"]
        results[n] = target
        if target and any(not met for m, met in results.items() if m > n):
            break
        if not target and any(met for m, met in results.items() if m < n):
            break
        n = n + args.step if target else n - args.step
    met = [m for m, ok in results.items() if ok]
    print()
    print(f"Largest N meeting every target ({config}): " + (f"{max(met)}" if met else "none of those tried"))
    print("  tried: " + ", ".join(f"{m} {'met' if ok else 'not met'}" for m, ok in sorted(results.items())))
    print(f"  machine: load average now {' '.join(Path('/proc/loadavg').read_text().split()[:3])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
