"""A live meeting under load, over real WebSockets, against the server started the way production does.

    .venv/bin/python bench/live_session.py                                # embedded default: SQLite, 1 process
    .venv/bin/python bench/live_session.py --redis --workers 2            # Redis channel layer, 2 processes
    .venv/bin/python bench/live_session.py --redis --workers 2 --postgres postgres://postgres@127.0.0.1:5432/postgres
    .venv/bin/python bench/live_session.py --participants 8000 --join-seconds 8

It makes a throwaway database (SQLite, or with --postgres one on that server) with one live meeting (a multiple-choice prompt, then a word cloud),
starts `uvicorn config.asgi:application` (as `make run` does; `--workers N` as docs/deployment.md
describes, with a temporary redis-server unless --redis-url is given), and runs, in one asyncio process:

1. N participants join over the socket, spread evenly over --join-seconds;
2. every participant votes once, spread over --vote-seconds; a presenter socket receives the aggregated
   snapshots the whole time;
3. the presenter moves on to the word cloud (the time until every phone has the new prompt is measured)
   and --word-share of the participants send a word within --word-seconds.

It prints connected/failed, votes sent/acknowledged/counted (by the presenter's last snapshot and in the
database: all must be equal), acknowledgement latency and vote-to-presenter latency (p50/p95/p99), the
time for a prompt change to reach every phone, and the server's peak memory and CPU (all its processes;
Redis apart). A vote reaches the presenter in the first snapshot whose count covers it in the order of
acknowledgement (the count only grows: every vote is new). The participants' sockets come from 250
loopback addresses (127.0.0.x), like phones on different connections, so the per-address join limit is
not what is measured. The load generator shares the machine's cores with the server: latencies are upper
bounds of the server's share.

Exit status 1 when a vote was lost or counted twice; --check also fails when the target of issue 5 is
missed (all N joined before the vote burst starts, one second after the join window;
ack p99 <= 50 ms; vote-to-presenter p95 <= 500 ms).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import resource
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGET_ACK_P99_MS = 50.0
TARGET_PRESENTER_P95_MS = 500.0
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

    from ouderpartner.accounts.models import User
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
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
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
        rss = 0
        cpu = 0.0
        for pid in self.pids():
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                rss += int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE")
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


def start_server(env: dict[str, str], port: int, workers: int) -> subprocess.Popen:
    command = [
        str(ROOT / ".venv" / "bin" / "uvicorn"),
        "config.asgi:application",
        "--host", "127.0.0.1",
        "--port", str(port),
        "--no-access-log",
        "--lifespan", "off",
        "--ws-per-message-deflate", "false",
        "--log-level", "warning",
    ]  # fmt: skip
    if workers > 1:
        command += ["--workers", str(workers)]
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


@dataclass
class Phone:
    index: int
    socket: Any = None
    joined_at: float | None = None
    join_ms: float | None = None
    vote_sent: float | None = None
    vote_acked: float | None = None
    word_sent: float | None = None
    word_acked: float | None = None
    prompt_seen: float | None = None
    errors: list[str] = field(default_factory=list)
    events: dict[str, asyncio.Event] = field(
        default_factory=lambda: {"joined": asyncio.Event(), "moved": asyncio.Event()}
    )


@dataclass
class Run:
    phones: list[Phone]
    snapshots: list[tuple[float, int, int]] = field(default_factory=list)  # (time, prompt, respondents)
    presence: list[tuple[float, int]] = field(default_factory=list)
    moved_at: float | None = None
    cloud_words: int = 0


async def phone_life(
    run: Run, phone: Phone, args: argparse.Namespace, base: str, meeting: dict, t0: float
) -> None:
    from websockets.asyncio.client import connect

    await asyncio.sleep(max(0.0, t0 + phone.index * args.join_seconds / args.participants - time.monotonic()))
    started = time.monotonic()
    try:
        ws = await connect(
            f"{base}/j/{meeting['code']}/socket/",
            origin=f"http://127.0.0.1:{args.port}",
            compression=None,
            open_timeout=30,
            ping_interval=None,
            max_queue=None,
            local_addr=(ADDRESSES[phone.index % len(ADDRESSES)], 0),
        )
    except Exception as error:
        phone.errors.append(f"connect: {type(error).__name__}")
        return
    phone.socket = ws
    waiting_for: dict[str, asyncio.Future] = {}
    loop = asyncio.get_running_loop()

    async def reader() -> None:
        try:
            async for raw in ws:
                message = json.loads(raw)
                kind = message.get("type")
                now = time.monotonic()
                if kind == "welcome" and phone.joined_at is None:
                    phone.joined_at = now
                    phone.join_ms = (now - started) * 1000
                    phone.events["joined"].set()
                elif kind == "ack":
                    future = waiting_for.pop(str(message.get("ref")), None)
                    if future and not future.done():
                        future.set_result(now)
                elif kind == "error":
                    phone.errors.append(message.get("code", "?"))
                    future = waiting_for.pop(str(message.get("ref")), None)
                    if future and not future.done():
                        future.set_result(None)
                elif (
                    kind == "state" and message.get("prompt") and message["prompt"]["id"] == meeting["cloud"]
                ):
                    phone.prompt_seen = phone.prompt_seen or now
        except Exception as error:
            phone.errors.append(f"socket: {type(error).__name__}")

    reading = asyncio.create_task(reader())
    await ws.send(json.dumps({"type": "join", "language": random.choice(["nl", "en", "ar", "tr"])}))
    # Vote at this phone's moment of the burst.
    vote_at = args.vote_start + random.random() * args.vote_seconds
    await asyncio.sleep(max(0.0, vote_at - time.monotonic()))
    if phone.joined_at is None:  # a phone that is still joining votes as soon as it has joined
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(phone.events["joined"].wait(), 30)
    if phone.joined_at is None:
        phone.errors.append("not joined within 30 s of its vote")
    else:
        future = loop.create_future()
        waiting_for["v"] = future
        phone.vote_sent = time.monotonic()
        await ws.send(
            json.dumps(
                {"type": "vote", "prompt": meeting["choice"], "choices": [random.choice(OPTIONS)], "ref": "v"}
            )
        )
        try:
            phone.vote_acked = await asyncio.wait_for(future, 60)
        except TimeoutError:
            phone.errors.append("vote not acknowledged within 60 s")
    # A share of the phones sends a word once the word cloud is on.
    if phone.index % 100 < args.word_share * 100:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(
                phone.events["moved"].wait(), max(0.0, args.word_deadline - time.monotonic())
            )
        if phone.prompt_seen is not None:
            await asyncio.sleep(random.random() * args.word_seconds)
            future = loop.create_future()
            waiting_for["w"] = future
            phone.word_sent = time.monotonic()
            await ws.send(
                json.dumps(
                    {"type": "entry", "prompt": meeting["cloud"], "text": random.choice(WORDS), "ref": "w"}
                )
            )
            try:
                phone.word_acked = await asyncio.wait_for(future, 60)
            except TimeoutError:
                phone.errors.append("word not acknowledged within 60 s")
    await args.finished.wait()
    reading.cancel()
    await ws.close()


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
    while any(p.vote_sent and p.vote_acked is None and not p.errors for p in run.phones):
        await asyncio.sleep(0.25)
    await asyncio.sleep(1.0)  # the last snapshot of the votes
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


def report(
    args: argparse.Namespace, run: Run, server: ServerProcesses, stored: tuple[int, int, int]
) -> tuple[bool, bool]:
    phones = run.phones
    joined = [p for p in phones if p.joined_at is not None]
    failed = len(phones) - len(joined)
    join_span = (max(p.joined_at for p in joined) - args.t0) if joined else float("nan")
    # Joining "within the window": every participant has joined before the vote burst starts (1 s after it).
    late = [p for p in joined if p.joined_at > args.vote_start]
    sent = [p for p in phones if p.vote_sent is not None]
    acked = sorted((p for p in sent if p.vote_acked is not None), key=lambda p: p.vote_acked)
    ack_ms = [(p.vote_acked - p.vote_sent) * 1000 for p in acked]
    votes = [(at, n) for at, prompt, n in run.snapshots if prompt == args.meeting["choice"]]
    presenter_counted = max((n for _at, n in votes), default=0)
    to_presenter = []
    cursor = 0
    for rank, phone in enumerate(acked, start=1):
        while cursor < len(votes) and votes[cursor][1] < rank:
            cursor += 1
        if cursor == len(votes):
            break
        to_presenter.append((votes[cursor][0] - phone.vote_sent) * 1000)
    seen = [(p.prompt_seen - run.moved_at) * 1000 for p in joined if p.prompt_seen and run.moved_at]
    words_sent = [p for p in phones if p.word_sent is not None]
    words_acked = [p for p in words_sent if p.word_acked is not None]
    participants_db, votes_db, words_db = stored
    errors: dict[str, int] = {}
    for phone in phones:
        for error in phone.errors:
            errors[error] = errors.get(error, 0) + 1
    end = run.moved_at or time.monotonic()
    cpu_avg, cpu_peak = server.cpu_report(args.t0, end)
    database = "PostgreSQL" if args.postgres else "SQLite"
    config = (
        f"{database}, Redis, {args.workers} processes"
        if args.redis or args.redis_url
        else f"embedded default ({database}, 1 process)"
    )
    if not (args.redis or args.redis_url) and args.workers > 1:
        config = f"{database}, {args.workers} processes without Redis (not a supported setup)"
    print()
    print(
        f"Live meeting bench — {config}; {len(phones)} participants joining over {args.join_seconds:g} s, voting within {args.vote_seconds:g} s"
    )
    print(
        f"  connected          {len(joined)} joined, {failed} failed; the last {join_span:.1f} s after the first attempt ({len(late)} after the vote burst began); peak shown to presenter {max((n for _t, n in run.presence), default=0)}"
    )
    print(f"  join (connect→own answers)  {spread([p.join_ms for p in joined if p.join_ms is not None])}")
    print(
        f"  votes              sent {len(sent)}, acknowledged {len(acked)}, counted {presenter_counted} (presenter) / {votes_db} (database)"
    )
    print(f"  ack latency        {spread(ack_ms)}")
    print(
        f"  vote → presenter   {spread(to_presenter)}  ({len([1 for at, p, n in run.snapshots if p == args.meeting['choice']])} snapshots)"
    )
    print(f"  next prompt → every phone   {spread(seen)}  ({len(seen)} phones)")
    print(
        f"  words              sent {len(words_sent)}, acknowledged {len(words_acked)}, counted {run.cloud_words} (presenter) / {words_db} (database)"
    )
    print(
        f"  server             peak memory {server.peak_rss / 2**20:.0f} MB (all processes), CPU average {cpu_avg:.0f} %, peak {cpu_peak:.0f} % (100 % = one core)"
    )
    client_cpu = (
        resource.getrusage(resource.RUSAGE_SELF).ru_utime + resource.getrusage(resource.RUSAGE_SELF).ru_stime
    ) - args.client_cpu_before
    client_wall = (run.moved_at or time.monotonic()) - args.t0
    print(
        f"  load generator     CPU {client_cpu:.1f} s in {client_wall:.0f} s, average {client_cpu / client_wall * 100:.0f} % "
        "(it shares the cores with the server)"
    )
    print(f"  participants in the database {participants_db}")
    print(
        f"  machine            load average before the run {args.load_before}, after {Path('/proc/loadavg').read_text().split()[0]} ({os.cpu_count()} cores)"
    )
    if errors:
        print(f"  errors             {errors}")
    exact = len(sent) == len(acked) == presenter_counted == votes_db and len(words_acked) == words_db
    target = (
        failed == 0
        and exact
        and percentile(ack_ms, 0.99) <= TARGET_ACK_P99_MS
        and percentile(to_presenter, 0.95) <= TARGET_PRESENTER_P95_MS
        and not late
    )
    print(f"  every vote acknowledged and counted once: {'yes' if exact else 'NO'}")
    print(
        f"  target (all joined before the votes, ack p99 <= {TARGET_ACK_P99_MS:g} ms, vote → presenter p95 <= "
        f"{TARGET_PRESENTER_P95_MS:g} ms, counted once): {'MET' if target else 'not met'}"
    )
    if args.json:
        Path(args.json).write_text(
            json.dumps(
                {
                    "config": config,
                    "participants": len(phones),
                    "joined": len(joined),
                    "failed": failed,
                    "votes_sent": len(sent),
                    "votes_acked": len(acked),
                    "votes_counted_presenter": presenter_counted,
                    "votes_counted_database": votes_db,
                    "ack_ms": {q: percentile(ack_ms, q / 100) for q in (50, 95, 99)},
                    "vote_to_presenter_ms": {q: percentile(to_presenter, q / 100) for q in (50, 95, 99)},
                    "prompt_change_ms": {q: percentile(seen, q / 100) for q in (50, 95, 99)},
                    "peak_rss_mb": server.peak_rss / 2**20,
                    "cpu_average_percent": cpu_avg,
                    "cpu_peak_percent": cpu_peak,
                    "target_met": target,
                },
                indent=2,
            )
        )
    return exact, target


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
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--json", default="", help="also write the figures to this file")
    parser.add_argument("--check", action="store_true", help="exit 1 when the target is not met")
    args = parser.parse_args()
    args.port = args.port or free_port()

    _soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    if args.participants + 100 > hard:
        print(f"Open files are capped at {hard} per process here: at most about {hard - 100} participants.")
        return 2

    args.load_before = Path("/proc/loadavg").read_text().split()[0]
    workdir = Path(tempfile.mkdtemp(prefix="live-bench-"))
    redis_process = None
    redis_url = args.redis_url
    if args.redis and not redis_url:
        if not shutil.which("redis-server"):
            print("--redis needs redis-server (Debian: apt-get install redis-server).")
            return 2
        redis_port = free_port()
        redis_process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(redis_port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--maxclients",
                "20000",
            ],
            stdout=subprocess.DEVNULL,
            cwd=workdir,
        )
        redis_url = f"redis://127.0.0.1:{redis_port}/0"
        wait_for_port(redis_port)
    if args.workers > 1 and not redis_url:
        print("Note: several processes without Redis cannot share a meeting; the figures are not meaningful.")
    database_url = ""
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
    process = None
    try:
        meeting = prepare_database(env)
        args.meeting = meeting
        process = start_server(env, args.port, args.workers)
        wait_for_port(args.port)
        time.sleep(1.0 + args.workers)  # let every worker import the application
        server = ServerProcesses(process.pid)
        usage = resource.getrusage(resource.RUSAGE_SELF)
        args.client_cpu_before = usage.ru_utime + usage.ru_stime
        try:
            import uvloop

            run = uvloop.run(drive(args, meeting, server))
        except ImportError:
            run = asyncio.run(drive(args, meeting, server))
        stored = stored_counts(meeting)
        exact, target = report(args, run, server, stored)
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
    if not exact:
        return 1
    return 1 if args.check and not target else 0


if __name__ == "__main__":
    sys.exit(main())
