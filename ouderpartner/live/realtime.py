"""Live meetings in real time: each process holds its own sockets and sends aggregated snapshots.

The design follows the measurements in REALTIME.md (docs/live-realtime.md says what was measured):

- One `Hub` per process. Its `Room`s hold the sockets of each meeting connected to this process and
  push to them directly: participant sockets never enter a channel layer (the stock in-memory layer
  scans every channel on every receive and stops scaling long before 10,000 connections).
- Answers go through one `BatchWriter`: a dedicated database thread stores everything that arrived
  meanwhile in one transaction; an answer is acknowledged only after that commit, so nothing that was
  acknowledged is lost in a restart, and the unique constraints make a resend count once.
- Presenters get the results of the current prompt recounted from the database (one or two queries,
  `results.prompt_results`) at most every SNAPSHOT_INTERVAL and only when something was stored: what
  they see is what is stored, whichever process stored it. Never one message per vote.
- With several processes (REDIS_URL: RedisPubSubChannelLayer) the hub subscribes once per meeting to
  a group and exchanges small notices: "the meeting changed" (reload and push), "answers were stored"
  (recount; at most every NOTIFY_INTERVAL per process) and how many participants each process holds.
- Rate limits are token buckets in this process's memory, keyed by keyed hashes; addresses are never
  stored anywhere.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import gc
import hashlib
import hmac
import ipaddress
import json
import logging
import secrets
import threading
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any, Protocol

from asgiref.sync import async_to_sync
from channels.layers import InMemoryChannelLayer, get_channel_layer
from django.conf import settings
from django.db import (
    DatabaseError,
    IntegrityError,
    InterfaceError,
    OperationalError,
    connection,
    connections,
    transaction,
)
from django.db.models import F, Q
from django.utils import timezone

from ouderpartner.core.client_ip import client_address
from ouderpartner.live import events
from ouderpartner.live.models import Entry, Participant, Prompt, Upvote, Vote
from ouderpartner.live.payloads import SessionData, answers_for_participant, load_session_data
from ouderpartner.live.results import prompt_results

logger = logging.getLogger(__name__)

SNAPSHOT_INTERVAL = 0.25  # presenters: at most four result snapshots a second (the latency floor)
NOTIFY_INTERVAL = 0.1  # other processes: "answers were stored" at most ten times a second
PRESENCE_INTERVAL = 1.0  # the participant count on the presenter screen
PRESENCE_HEARTBEAT = 5.0  # each process repeats its count to the others this often …
PRESENCE_TTL = 15.0  # … and forgets another process's count after this long without news
QUESTIONS_INTERVAL = 1.0  # participants' list of Q&A questions
BATCH_MAX = 500  # answers in one transaction
ROOM_IDLE_SECONDS = 120.0  # a meeting nobody in this process watches is dropped from memory after this
MISSING_CODE_SECONDS = 10.0  # an unknown join code is not looked up again for this long
FREEZE_EVERY = 200  # new connections between two gc.freeze() calls (REALTIME.md pitfall 3)
SEND_YIELD_EVERY = 500  # a broadcast lets other work (acknowledgements) in after this many sends


# --- Rate limits -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rate:
    per_second: float
    burst: float


# Defaults; settings.LIVE_RATE_LIMITS may override each. One address can be a venue's wifi with hundreds
# of phones behind it, so the per-address limits are generous; per participant they are tight.
DEFAULT_RATES = {
    "join_address": Rate(per_second=20, burst=400),
    "join_participant": Rate(per_second=0.2, burst=20),
    "submit_participant": Rate(per_second=2, burst=20),
    "submit_address": Rate(per_second=200, burst=2000),
    # Every frame of one socket, whatever it is (consumers.py): a flood closes that socket alone.
    "connection_messages": Rate(per_second=10, burst=50),
}


class TokenBuckets:
    """Token buckets by key in this process's memory (thread-safe: HTTP views use them too)."""

    def __init__(self, rate: Rate, *, max_keys: int = 200_000) -> None:
        self.rate = rate
        self.max_keys = max_keys
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def allow(self, key: str, now: float | None = None) -> bool:
        now = time.monotonic() if now is None else now
        rate = self.rate
        with self._lock:
            bucket = self._buckets.get(key)
            if bucket is None:
                if len(self._buckets) >= self.max_keys:
                    self._prune(now)
                tokens = rate.burst
            else:
                tokens = min(rate.burst, bucket[0] + (now - bucket[1]) * rate.per_second)
            allowed = tokens >= 1
            self._buckets[key] = (tokens - 1 if allowed else tokens, now)
            return allowed

    def prune(self, now: float | None = None) -> None:
        with self._lock:
            self._prune(time.monotonic() if now is None else now)

    def _prune(self, now: float) -> None:
        """Forget buckets that have filled up again: they behave exactly like new ones."""
        rate = self.rate
        full = [
            k
            for k, (tokens, at) in self._buckets.items()
            if tokens + (now - at) * rate.per_second >= rate.burst
        ]
        for key in full:
            del self._buckets[key]

    def __len__(self) -> int:
        return len(self._buckets)


class Limits:
    def __init__(self) -> None:
        rates = {**DEFAULT_RATES, **getattr(settings, "LIVE_RATE_LIMITS", {})}
        self.buckets = {name: TokenBuckets(rate) for name, rate in rates.items()}

    def allow(self, name: str, key: str) -> bool:
        return self.buckets[name].allow(key)

    def rate(self, name: str) -> Rate:
        return self.buckets[name].rate

    def prune(self) -> None:
        for buckets in self.buckets.values():
            buckets.prune()


limits = Limits()


def reset_limits() -> None:
    """A fresh set of limits (tests; settings changed)."""
    global limits
    limits = Limits()


def address_key(address: str) -> str:
    """A keyed, one-way hash of the client's address (an IPv6 address by its /64 network)."""
    try:
        parsed = ipaddress.ip_address(address)
        if parsed.version == 6:
            address = str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    except ValueError:
        pass
    return hmac.new(settings.SECRET_KEY.encode(), f"live|{address}".encode(), hashlib.sha256).hexdigest()[:32]


def scope_client_address(scope: dict[str, Any]) -> str:
    """The client's address of a socket, read through trusted proxies like an HTTP request's (client_ip)."""
    client = scope.get("client") or ("", 0)
    meta = {"REMOTE_ADDR": client[0] or ""}
    for name, value in scope.get("headers", []):
        if name == b"x-forwarded-for":
            meta["HTTP_X_FORWARDED_FOR"] = value.decode("latin-1")
    return client_address(SimpleNamespace(META=meta))  # type: ignore[arg-type]


# --- Storing answers in batches ----------------------------------------------------------------------------


@dataclass
class ParticipantRef:
    """A participant's database id, known once their join is stored. A new participant is welcomed at
    once and their row written with the next batch; their answers, queued after the join, go in the same
    batch or a later one (joins are stored first), so the id is there when the answers are stored."""

    id: int | None = None


@dataclass
class Op:
    """One thing a participant sent, to store. `kind`: join, vote, entry or upvote."""

    kind: str
    session_id: int
    participant_id: int | None = None
    participant: ParticipantRef | None = None
    token_hash: str = ""
    new: bool = False  # a join with a token made just now: nothing to look up
    language: str = ""
    prompt_id: int | None = None
    choices: list[str] = field(default_factory=list)
    number: int | None = None
    allow_change: bool = True
    text: str = ""
    normalized: str = ""
    flagged: bool = False
    status: str = ""
    max_entries: int = 1
    entry_id: int | None = None
    on: bool = True


Result = tuple[str, dict[str, Any]]  # ("ok" | "refused" | "error", details)
SERVER_ERROR: Result = ("error", {"code": "server"})


def store_batch(ops: list[Op]) -> list[Result]:
    """Store the operations in one transaction; results in the same order. Runs in the writer thread.

    A conflict with another process (a unique constraint) or a broken connection makes it store them one
    by one, so one bad item never costs the others.
    """
    for pause in (0.01, 0.05, None):
        try:
            with transaction.atomic():
                return _store(ops)
        except IntegrityError:
            break
        except (OperationalError, InterfaceError):
            # A dropped connection, or a lock held a moment too long by another writer: try again.
            logger.warning("Live writer: database error, trying again", exc_info=True)
            connection.close()
            if pause is None:
                break
            time.sleep(pause)
    results: list[Result] = []
    for op in ops:
        try:
            with transaction.atomic():
                result = _store([op])[0]
            results.append(result)  # only once committed: a constraint may fail at the commit itself
        except DatabaseError:
            logger.exception("Live writer: could not store a %s", op.kind)
            connection.close()
            results.append(SERVER_ERROR)
    return results


def _store(ops: list[Op]) -> list[Result]:
    results: list[Result | None] = [None] * len(ops)
    by_kind: dict[str, list[tuple[int, Op]]] = {"join": [], "vote": [], "entry": [], "upvote": []}
    joins = [(index, op) for index, op in enumerate(ops) if op.kind == "join"]
    if joins:
        _store_joins(joins, results)
    for index, op in enumerate(ops):
        if op.kind == "join":
            continue
        if op.participant_id is None and op.participant is not None:
            op.participant_id = op.participant.id
        if op.participant_id is None:
            results[index] = SERVER_ERROR  # their join could not be stored: they join again and resend
        else:
            by_kind[op.kind].append((index, op))
    others = [op.participant_id for op in ops if op.kind != "join" and op.participant_id is not None]
    blocked = (
        set(Participant.objects.filter(pk__in=set(others), blocked=True).values_list("pk", flat=True))
        if others
        else set()
    )
    now = timezone.now()
    if by_kind["vote"]:
        _store_votes(by_kind["vote"], results, blocked, now)
    if by_kind["entry"]:
        _store_entries(by_kind["entry"], results, blocked)
    if by_kind["upvote"]:
        _store_upvotes(by_kind["upvote"], results, blocked)
    return [result or SERVER_ERROR for result in results]


def _store_joins(items: list[tuple[int, Op]], results: list) -> None:
    hashes = {op.token_hash for _i, op in items if not op.new}
    known = (
        {
            token_hash: (pk, session_id, is_blocked, language)
            for pk, token_hash, session_id, is_blocked, language in Participant.objects.filter(
                token_hash__in=hashes
            ).values_list("pk", "token_hash", "session_id", "blocked", "language")
        }
        if hashes
        else {}
    )
    new: dict[str, Participant] = {}
    for _index, op in items:
        if op.token_hash not in known and op.token_hash not in new:
            new[op.token_hash] = Participant(
                session_id=op.session_id, token_hash=op.token_hash, language=op.language
            )
    Participant.objects.bulk_create(list(new.values()))
    language_changes: dict[str, set[int]] = {}
    returning: set[int] = set()
    for _index, op in items:
        if op.token_hash in known:
            pk, _session_id, _blocked, language = known[op.token_hash]
            returning.add(pk)
            if language != op.language:
                language_changes.setdefault(op.language, set()).add(pk)
    for language, pks in language_changes.items():
        Participant.objects.filter(pk__in=pks).update(language=language)
    votes: dict[int, list] = {}
    entries: dict[int, list] = {}
    upvoted: dict[int, list] = {}
    if returning:
        for participant_id, prompt_id, choices, number in Vote.objects.filter(
            participant_id__in=returning
        ).values_list("participant_id", "prompt_id", "choices", "number"):
            votes.setdefault(participant_id, []).append((prompt_id, choices, number))
        for participant_id, prompt_id, pk, text, status in (
            Entry.objects.filter(participant_id__in=returning)
            .order_by("created_at", "id")
            .values_list("participant_id", "prompt_id", "id", "text", "status")
        ):
            entries.setdefault(participant_id, []).append((prompt_id, pk, text, status))
        for participant_id, entry_id in Upvote.objects.filter(participant_id__in=returning).values_list(
            "participant_id", "entry_id"
        ):
            upvoted.setdefault(participant_id, []).append(entry_id)
    for index, op in items:
        if op.token_hash in known:
            pk, session_id, is_blocked, _language = known[op.token_hash]
            if session_id != op.session_id:  # cannot happen with a signed token; never cross meetings
                results[index] = ("refused", {"code": "bad_token"})
                continue
            created = False
        else:
            pk, is_blocked, created = new[op.token_hash].pk, False, True
        if op.participant is not None:
            op.participant.id = pk
        results[index] = (
            "ok",
            {
                "participant_id": pk,
                "blocked": is_blocked,
                "created": created,
                "mine": answers_for_participant(votes.get(pk, []), entries.get(pk, []), upvoted.get(pk, [])),
            },
        )


def _store_votes(items: list[tuple[int, Op]], results: list, blocked: set[int], now: Any) -> None:
    keys = {(op.prompt_id, op.participant_id) for _i, op in items}
    existing = {
        (vote.prompt_id, vote.participant_id): vote
        for vote in Vote.objects.filter(
            prompt_id__in={k[0] for k in keys}, participant_id__in={k[1] for k in keys}
        ).only("id", "prompt_id", "participant_id", "choices", "number")
        if (vote.prompt_id, vote.participant_id) in keys
    }
    to_create: dict[tuple, Vote] = {}
    to_update: dict[tuple, Vote] = {}
    for index, op in items:
        if op.participant_id in blocked:
            results[index] = ("refused", {"code": "blocked"})
            continue
        key = (op.prompt_id, op.participant_id)
        vote = existing.get(key)
        if vote is None:
            vote = Vote(
                session_id=op.session_id,
                prompt_id=op.prompt_id,
                participant_id=op.participant_id,
                choices=op.choices,
                number=op.number,
            )
            existing[key] = to_create[key] = vote
        elif vote.choices == op.choices and vote.number == op.number:
            pass  # sent again after a dropped connection: it is stored already, and counts once
        elif not op.allow_change:
            answer = {"choices": list(vote.choices or []), "number": vote.number}
            results[index] = ("refused", {"code": "cannot_change", "prompt": op.prompt_id, "vote": answer})
            continue
        else:
            vote.choices, vote.number, vote.updated_at = op.choices, op.number, now
            if key not in to_create:
                to_update[key] = vote
        answer = {"choices": list(vote.choices or []), "number": vote.number}
        results[index] = ("ok", {"prompt": op.prompt_id, "vote": answer})
    if to_create:
        Vote.objects.bulk_create(list(to_create.values()))
    if to_update:
        Vote.objects.bulk_update(list(to_update.values()), ["choices", "number", "updated_at"])


def _store_entries(items: list[tuple[int, Op]], results: list, blocked: set[int]) -> None:
    keys = {(op.prompt_id, op.participant_id) for _i, op in items}
    sent: dict[tuple, list[dict]] = {}
    for prompt_id, participant_id, pk, text, normalized, status in Entry.objects.filter(
        prompt_id__in={k[0] for k in keys}, participant_id__in={k[1] for k in keys}
    ).values_list("prompt_id", "participant_id", "id", "text", "normalized", "status"):
        sent.setdefault((prompt_id, participant_id), []).append(
            {"id": pk, "text": text, "normalized": normalized, "status": status}
        )
    new: list[tuple[int, Entry]] = []
    for index, op in items:
        if op.participant_id in blocked:
            results[index] = ("refused", {"code": "blocked"})
            continue
        key = (op.prompt_id, op.participant_id)
        own = sent.setdefault(key, [])
        same = next((item for item in own if item["normalized"] == op.normalized), None)
        if same is not None:
            # The same text again (a resend after a dropped connection, or a double tap): it counts once.
            results[index] = ("ok", {"prompt": op.prompt_id, "entry": same})
            continue
        if len(own) >= op.max_entries:
            results[index] = ("refused", {"code": "too_many", "prompt": op.prompt_id})
            continue
        entry = Entry(
            session_id=op.session_id,
            prompt_id=op.prompt_id,
            participant_id=op.participant_id,
            text=op.text,
            normalized=op.normalized,
            language=op.language,
            flagged=op.flagged,
            status=op.status,
        )
        item = {"id": None, "text": op.text, "normalized": op.normalized, "status": op.status}
        own.append(item)
        new.append((index, entry))
        results[index] = ("ok", {"prompt": op.prompt_id, "entry": item})
    if new:
        Entry.objects.bulk_create([entry for _i, entry in new])
        for index, entry in new:
            results[index][1]["entry"]["id"] = entry.pk
    for index, _op in items:
        if results[index] and results[index][0] == "ok":
            item = results[index][1]["entry"]
            results[index][1]["entry"] = {"id": item["id"], "text": item["text"], "status": item["status"]}


def _store_upvotes(items: list[tuple[int, Op]], results: list, blocked: set[int]) -> None:
    entry_ids = {op.entry_id for _i, op in items}
    entries = {
        pk: (prompt_id, status)
        for pk, prompt_id, status in Entry.objects.filter(pk__in=entry_ids).values_list(
            "pk", "prompt_id", "status"
        )
    }
    existing = set(
        Upvote.objects.filter(
            entry_id__in=entry_ids, participant_id__in={op.participant_id for _i, op in items}
        ).values_list("entry_id", "participant_id")
    )
    to_create: dict[tuple[int, int], Upvote] = {}
    to_delete: set[tuple[int, int]] = set()
    deltas: Counter[int] = Counter()
    for index, op in items:
        if op.participant_id in blocked:
            results[index] = ("refused", {"code": "blocked"})
            continue
        found = entries.get(op.entry_id)
        if found is None or found[0] != op.prompt_id or found[1] != Entry.Status.APPROVED:
            results[index] = ("refused", {"code": "not_found", "entry": op.entry_id})
            continue
        key = (op.entry_id, op.participant_id)
        if op.on and key not in existing:
            existing.add(key)
            deltas[op.entry_id] += 1
            if key in to_delete:
                to_delete.discard(key)
            else:
                to_create[key] = Upvote(entry_id=op.entry_id, participant_id=op.participant_id)
        elif not op.on and key in existing:
            existing.discard(key)
            deltas[op.entry_id] -= 1
            if key in to_create:
                del to_create[key]
            else:
                to_delete.add(key)
        results[index] = ("ok", {"prompt": op.prompt_id, "entry": op.entry_id, "on": op.on})
    if to_create:
        Upvote.objects.bulk_create(list(to_create.values()))
    if to_delete:
        condition = Q()
        for entry_id, participant_id in to_delete:
            condition |= Q(entry_id=entry_id, participant_id=participant_id)
        Upvote.objects.filter(condition).delete()
    for entry_id, delta in deltas.items():
        if delta:
            Entry.objects.filter(pk=entry_id).update(upvotes=F("upvotes") + delta)


def writer_threads() -> int:
    """SQLite takes one writer at a time: one thread. PostgreSQL: two, so that the next batch is on its way
    while the previous commit waits for the disk (each thread has its own connection)."""
    return 2 if connections["default"].vendor == "postgresql" else 1


class BatchWriter:
    """Stores what arrives while the previous transaction commits, in its own thread(s), one transaction
    per batch.

    Under load the batches form by themselves (everything that came in during a commit goes in the
    next one); when it is quiet every answer is committed at once. Results resolve the callers' futures
    only after the commit. One participant never has two answers in flight (a socket handles its
    messages one at a time, and answers wait for the participant's own join), so batches running side
    by side never hold the same participant's rows.
    """

    def __init__(
        self, on_stored: Callable[[list[Op], list[Result]], None], *, threads: int | None = None
    ) -> None:
        self.on_stored = on_stored
        self.threads = threads or writer_threads()
        self.executor = ThreadPoolExecutor(max_workers=self.threads, thread_name_prefix="live-writer")
        self._pending: list[tuple[Op, asyncio.Future]] = []
        self._wake: asyncio.Event | None = None
        self._task: asyncio.Task | None = None
        self._running: set[asyncio.Task] = set()
        self.batches = 0
        self.stored = 0

    @property
    def busy(self) -> bool:
        return bool(self._running)

    def start(self) -> None:
        self._wake = asyncio.Event()
        self._task = asyncio.get_running_loop().create_task(self._run(), name="live-writer")

    async def submit(self, op: Op) -> Result:
        """Store it; the result once it is committed."""
        return await self.enqueue(op)

    def enqueue(self, op: Op) -> asyncio.Future:
        """Queue it for the next batch without waiting (a new participant's join)."""
        future = asyncio.get_running_loop().create_future()
        self._pending.append((op, future))
        assert self._wake is not None, "the hub was not started"
        self._wake.set()
        return future

    async def _run(self) -> None:
        assert self._wake is not None
        loop = asyncio.get_running_loop()
        while True:
            await self._wake.wait()
            self._wake.clear()
            while self._pending and len(self._running) < self.threads:
                batch, self._pending = self._pending[:BATCH_MAX], self._pending[BATCH_MAX:]
                task = loop.create_task(self._store(batch))
                self._running.add(task)

    async def _store(self, batch: list[tuple[Op, asyncio.Future]]) -> None:
        ops = [op for op, _future in batch]
        try:
            results = await asyncio.get_running_loop().run_in_executor(self.executor, store_batch, ops)
        except Exception:
            logger.exception("Live writer failed")
            results = [SERVER_ERROR] * len(ops)
        finally:
            self._running.discard(asyncio.current_task())  # type: ignore[arg-type]
            if self._wake is not None and self._pending:
                self._wake.set()
        self.batches += 1
        self.stored += len(ops)
        for (_op, future), result in zip(batch, results, strict=True):
            if not future.done():
                future.set_result(result)
        try:
            self.on_stored(ops, results)
        except Exception:
            logger.exception("Live writer: after-store step failed")

    async def close(self) -> None:
        """Store what is pending, then stop the task and the threads (closing their database connections)."""
        if self._task is not None:
            # Wait until everything queued is committed: cancelling a batch that waits for a thread
            # would drop it.
            while (self._pending or self._running) and not self._task.done():
                await asyncio.sleep(0.01)
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._task
        # One close per thread: the barrier keeps each thread on its own job until all have one.
        barrier = threading.Barrier(self.threads)

        def close_connections() -> None:
            connections.close_all()
            with contextlib.suppress(threading.BrokenBarrierError):
                barrier.wait(timeout=5)

        loop = asyncio.get_running_loop()
        await asyncio.gather(
            *(loop.run_in_executor(self.executor, close_connections) for _ in range(self.threads))
        )
        self.executor.shutdown(wait=False)


# --- Throttling and sockets --------------------------------------------------------------------------------


class Throttle:
    """Runs an async action at most once per interval: at once when it has been quiet, else at the end
    of the interval (so a burst of triggers costs one run, and the last trigger is never lost)."""

    def __init__(self, interval: float, action: Callable[[], Awaitable[None]]) -> None:
        self.interval = interval
        self.action = action
        self._handle: asyncio.TimerHandle | None = None
        self._task: asyncio.Task | None = None
        self._again = False
        self._last = float("-inf")

    def trigger(self) -> None:
        if self._task is not None:
            self._again = True
            return
        if self._handle is not None:
            return
        loop = asyncio.get_running_loop()
        delay = max(0.0, self._last + self.interval - loop.time())
        self._handle = loop.call_later(delay, self._fire)

    def _fire(self) -> None:
        self._handle = None
        loop = asyncio.get_running_loop()
        self._last = loop.time()
        self._task = loop.create_task(self._run())

    async def _run(self) -> None:
        try:
            await self.action()
        except Exception:
            logger.exception("Live: throttled action failed")
        finally:
            self._task = None
            if self._again:
                self._again = False
                self.trigger()

    def cancel(self) -> None:
        if self._handle is not None:
            self._handle.cancel()
            self._handle = None
        if self._task is not None:
            self._task.cancel()
            self._task = None


class Socket(Protocol):
    """What the hub needs of a consumer."""

    language: str
    participant_id: int | None

    async def send_text(self, text: str) -> None: ...


async def send_all(sockets: Iterable[Socket], text: str | Callable[[Socket], str | None]) -> None:
    """Send to every socket in turn (None: nothing for this one); a closed one is skipped. Yields now
    and then so that acknowledgements keep flowing during a large broadcast."""
    for count, socket in enumerate(list(sockets), start=1):
        message = text(socket) if callable(text) else text
        if message is not None:
            try:
                await socket.send_text(message)
            except Exception:
                logger.debug("Live: send failed", exc_info=True)
        if count % SEND_YIELD_EVERY == 0:
            await asyncio.sleep(0)


def now_ms() -> int:
    return int(time.time() * 1000)


def stamped(body: str) -> str:
    """A JSON object with the server's clock added, so phones can run a countdown with a wrong clock."""
    return f'{{"now":{now_ms()},{body[1:]}' if body != "{}" else f'{{"now":{now_ms()}}}'


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def group_name(session_id: int) -> str:
    return f"live-session.{session_id}"


# --- Rooms --------------------------------------------------------------------------------------------------


class Room:
    """One meeting as this process sees it: its sockets here, its data, the last results snapshot."""

    def __init__(self, hub: Hub, data: SessionData) -> None:
        self.hub = hub
        self.data = data
        self.session_id = data.session_id
        self.participants: set[Any] = set()
        self.presenters: set[Any] = set()
        self.remote_counts: dict[str, tuple[int, float]] = {}
        self.results: dict[str, Any] | None = None
        self.results_prompt: int | None = None
        self.results_seq = 0
        self.questions_text: str | None = None
        self._questions_sent: str | None = None
        self._presence_sent: int | None = None
        self._published_count: int | None = None
        self._published_at = 0.0
        self.idle_since: float | None = time.monotonic()
        self._reloading = False
        self._reload_again = False
        self.snapshot = Throttle(SNAPSHOT_INTERVAL, self._snapshot)
        self.presence = Throttle(PRESENCE_INTERVAL, self._presence)
        self.notify = Throttle(NOTIFY_INTERVAL, self._notify)
        self.questions = Throttle(QUESTIONS_INTERVAL, self._questions)

    # Counting -------------------------------------------------------------------------------------------

    @property
    def participant_count(self) -> int:
        """Participants connected now, in this process and (fresh counts) in the others."""
        now = time.monotonic()
        remote = sum(count for count, expires in self.remote_counts.values() if expires > now)
        return len(self.participants) + remote

    def _touch(self) -> None:
        self.idle_since = None if (self.participants or self.presenters) else time.monotonic()

    def add_participant(self, socket: Any) -> None:
        if socket not in self.participants:
            self.participants.add(socket)
            self.hub.connection_added()
        self._touch()
        self.presence.trigger()

    def remove_participant(self, socket: Any) -> None:
        if socket in self.participants:
            self.participants.discard(socket)
            self.hub.connection_removed()
        self._touch()
        self.presence.trigger()

    def add_presenter(self, socket: Any) -> None:
        self.presenters.add(socket)
        self._touch()

    def remove_presenter(self, socket: Any) -> None:
        self.presenters.discard(socket)
        self._touch()

    # Texts ----------------------------------------------------------------------------------------------

    def participant_state_text(self, language: str) -> str:
        return stamped(self.data.participant_body(language))

    def results_text(self, socket: Any) -> str | None:
        """The last snapshot as this presenter socket may see it (the room's screen shows no hidden results)."""
        if self.results is None:
            return None
        hidden = not self.data.session.results_visible
        results = self.results
        if hidden and not getattr(socket, "sees_hidden_results", False):
            results = {key: results[key] for key in ("prompt_id", "kind", "respondents") if key in results}
        return dumps(
            {
                "type": "results",
                "seq": self.results_seq,
                "prompt": self.results_prompt,
                "hidden": hidden,
                "participants": self.participant_count,
                "results": results,
            }
        )

    # Changes --------------------------------------------------------------------------------------------

    def answers_stored(self, prompt_id: int | None, *, from_here: bool) -> None:
        """Answers (or their moderation) changed: recount soon; tell the other processes if it was us."""
        current = self.data.session.current_prompt_id
        if prompt_id is None or prompt_id == current or self.results_prompt == prompt_id:
            self.snapshot.trigger()
        if from_here and self.hub.layer is not None:
            self.notify.trigger()

    async def reload(self) -> None:
        """Read the meeting again (the facilitator changed it) and push the new state to everyone here."""
        if self._reloading:
            self._reload_again = True
            return
        self._reloading = True
        try:
            while True:
                self._reload_again = False
                data = await self.hub.read(load_session_data, session_id=self.session_id, prerender=True)
                if data is None:
                    await self.hub.drop_room(self)
                    return
                await self.apply(data)
                if not self._reload_again:
                    return
        finally:
            self._reloading = False

    async def apply(self, data: SessionData) -> None:
        old = self.data
        if data.revision < old.revision:
            return
        self.data = data
        prompt_changed = data.session.current_prompt_id != old.session.current_prompt_id
        if prompt_changed:
            self.questions_text = None
        # Participants: one serialised state per language, sent to each phone.
        await send_all(self.participants, lambda socket: self.participant_state_text(socket.language))
        for presenter in list(self.presenters):
            await presenter.send_state()
        if prompt_changed or old.session.results_visible != data.session.results_visible:
            await send_all(self.presenters, self.results_text)
        if prompt_changed or self.results is None:
            self.snapshot.trigger()

    # Throttled actions ------------------------------------------------------------------------------------

    async def _snapshot(self) -> None:
        data = self.data
        prompt = data.current_prompt
        if prompt is None:
            self.results, self.results_prompt = None, None
            return
        is_qa = prompt.kind == Prompt.Kind.QA
        if not self.presenters and not (is_qa and self.participants):
            # Nobody here needs the results now; recount when a presenter connects.
            self.results = None
            return
        results = await self.hub.read(
            functools.partial(
                prompt_results, prompt=prompt, options=data.options.get(prompt.pk), with_pending=True
            )
        )
        if self.data.session.current_prompt_id != prompt.pk:
            return  # moved on meanwhile; the new prompt has its own snapshot coming
        self.results, self.results_prompt = results, prompt.pk
        self.results_seq += 1
        await send_all(self.presenters, self.results_text)
        if is_qa:
            items = [
                {"id": e["id"], "text": e["text"], "upvotes": e["upvotes"], "answered": e["answered"]}
                for e in results.get("entries", [])
            ]
            self.questions_text = dumps({"type": "questions", "prompt": prompt.pk, "items": items})
            if self.questions_text != self._questions_sent:
                self.questions.trigger()

    async def _questions(self) -> None:
        text = self.questions_text
        if text is not None and text != self._questions_sent:
            self._questions_sent = text
            await send_all(self.participants, text)

    async def _presence(self) -> None:
        count = self.participant_count
        layer = self.hub.layer
        own = len(self.participants)
        if layer is not None and (
            own != self._published_count or time.monotonic() - self._published_at > PRESENCE_HEARTBEAT
        ):
            self._published_count, self._published_at = own, time.monotonic()
            await self.hub.publish(self.session_id, {"type": "live.presence", "count": own})
        if count != self._presence_sent:
            self._presence_sent = count
            await send_all(self.presenters, dumps({"type": "presence", "participants": count}))

    async def _notify(self) -> None:
        await self.hub.publish(self.session_id, {"type": "live.answers", "prompt": None})

    def close(self) -> None:
        for throttle in (self.snapshot, self.presence, self.notify, self.questions):
            throttle.cancel()


# --- The hub ------------------------------------------------------------------------------------------------


def cross_process_layer() -> Any:
    """The channel layer between processes, or None in one process (the in-memory layer reaches no one)."""
    layer = get_channel_layer()
    if layer is None or isinstance(layer, InMemoryChannelLayer):
        return None
    return layer


class Hub:
    """This process's live meetings: rooms, the writer, the reader thread and the cross-process link."""

    def __init__(self, *, layer: Any = "default") -> None:
        self.layer = cross_process_layer() if layer == "default" else layer
        self.process_id = secrets.token_hex(8)
        self.rooms: dict[int, Room] = {}
        self._codes: dict[str, int] = {}
        self._missing: dict[str, float] = {}
        self._loading: dict[Any, asyncio.Future] = {}
        self.writer = BatchWriter(self._after_store)
        self.reader = ThreadPoolExecutor(max_workers=1, thread_name_prefix="live-reader")
        self.loop: asyncio.AbstractEventLoop | None = None
        self.channel: str | None = None
        self._ready: asyncio.Future | None = None
        self._tasks: set[asyncio.Task] = set()
        self.connections = 0
        self._connections_at_freeze = 0
        self._frozen = False

    # Life cycle -------------------------------------------------------------------------------------------

    async def start(self) -> None:
        """Start once, in the running event loop (the first socket does it)."""
        if self._ready is not None:
            await self._ready
            return
        self.loop = asyncio.get_running_loop()
        self._ready = self.loop.create_future()
        try:
            self.writer.start()
            if self.layer is not None:
                self.channel = await self.layer.new_channel(prefix="live-hub.")
                self.spawn(self._listen())
            self.spawn(self._maintain())
        finally:
            self._ready.set_result(None)

    def spawn(self, coroutine: Awaitable[Any]) -> asyncio.Task:
        task = asyncio.ensure_future(coroutine)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    async def close(self) -> None:
        """Store what is pending and stop (tests; a server shutting down)."""
        for room in list(self.rooms.values()):
            room.close()
        for task in list(self._tasks):
            task.cancel()
        for task in list(self._tasks):
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        await self.writer.close()
        if self.loop is not None:
            await self.loop.run_in_executor(self.reader, connections.close_all)
        self.reader.shutdown(wait=False)
        if self._frozen:
            gc.unfreeze()
            self._frozen = False

    async def read(self, function: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """Run a read (loading a meeting, a recount) in the reader thread, never in the event loop."""
        assert self.loop is not None
        return await self.loop.run_in_executor(self.reader, functools.partial(function, *args, **kwargs))

    # Rooms ------------------------------------------------------------------------------------------------

    async def room_for_code(self, code: str) -> Room | None:
        session_id = self._codes.get(code)
        if session_id is not None and session_id in self.rooms:
            return self.rooms[session_id]
        if self._missing.get(code, 0) > time.monotonic():
            return None
        room = await self._load(("code", code), code=code)
        if room is None:
            self._missing[code] = time.monotonic() + MISSING_CODE_SECONDS
        return room

    async def room_for_session(self, session_id: int) -> Room | None:
        if session_id in self.rooms:
            return self.rooms[session_id]
        return await self._load(("id", session_id), session_id=session_id)

    async def _load(self, key: Any, **lookup: Any) -> Room | None:
        """Load a meeting once, however many sockets ask for it at the same moment."""
        waiting = self._loading.get(key)
        if waiting is not None:
            return await waiting
        assert self.loop is not None
        future = self.loop.create_future()
        self._loading[key] = future
        try:
            data = await self.read(load_session_data, prerender=True, **lookup)
            room = None
            if data is not None:
                room = self.rooms.get(data.session_id)
                if room is None:
                    room = Room(self, data)
                    self.rooms[data.session_id] = room
                    self._codes[data.session.code] = data.session_id
                    if self.layer is not None:
                        await self.layer.group_add(group_name(data.session_id), self.channel)
            future.set_result(room)
            return room
        except BaseException as error:
            future.set_exception(error)
            future.exception()  # retrieved: no "never retrieved" warning when nobody else waited
            raise
        finally:
            del self._loading[key]

    async def drop_room(self, room: Room) -> None:
        room.close()
        self.rooms.pop(room.session_id, None)
        self._codes.pop(room.data.session.code, None)
        if self.layer is not None and self.channel is not None:
            await self.layer.group_discard(group_name(room.session_id), self.channel)

    # Connections and garbage collection -------------------------------------------------------------------

    def connection_added(self) -> None:
        self.connections += 1

    def connection_removed(self) -> None:
        self.connections -= 1

    def _collect_garbage(self) -> None:
        """Freeze long-lived objects after many joins, so full collections skip the sockets (REALTIME.md
        pitfall 3: otherwise they pause the server for up to a second at 10,000 connections). Cyclic
        garbage frozen with them is kept until everybody has left; then everything is thawed and collected."""
        if self.connections - self._connections_at_freeze >= FREEZE_EVERY:
            gc.freeze()
            self._frozen = True
            self._connections_at_freeze = self.connections
        elif self.connections == 0 and self._frozen:
            gc.unfreeze()
            gc.collect()
            self._frozen = False
            self._connections_at_freeze = 0
        elif self.connections < self._connections_at_freeze:
            self._connections_at_freeze = self.connections

    async def _maintain(self) -> None:
        last_prune = time.monotonic()
        while True:
            await asyncio.sleep(1.0)
            try:
                self._collect_garbage()
                now = time.monotonic()
                if now - last_prune > 60:
                    limits.prune()
                    self._missing = {code: t for code, t in self._missing.items() if t > now}
                    last_prune = now
                for room in list(self.rooms.values()):
                    stale = [p for p, (_c, expires) in room.remote_counts.items() if expires <= now]
                    for process in stale:
                        del room.remote_counts[process]
                    if stale or (self.layer is not None and room.participants):
                        room.presence.trigger()
                    if room.idle_since is not None and now - room.idle_since > ROOM_IDLE_SECONDS:
                        await self.drop_room(room)
            except Exception:
                logger.exception("Live: maintenance failed")

    # Storing ----------------------------------------------------------------------------------------------

    def _after_store(self, ops: list[Op], results: list[Result]) -> None:
        touched: set[tuple[int, int | None]] = set()
        for op, (status, _details) in zip(ops, results, strict=True):
            if status == "ok" and op.kind != "join":
                touched.add((op.session_id, op.prompt_id))
        for session_id, prompt_id in touched:
            room = self.rooms.get(session_id)
            if room is not None:
                room.answers_stored(prompt_id, from_here=True)

    # Events -----------------------------------------------------------------------------------------------

    def handle_event(
        self, kind: str, session_id: int, prompt_id: int | None, *, publish: bool = True
    ) -> None:
        """A service changed a meeting (state) or its answers (results): act here, tell the others."""
        room = self.rooms.get(session_id)
        if kind == events.STATE:
            if room is not None:
                self.spawn(room.reload())
            if publish:
                self.spawn(self.publish(session_id, {"type": "live.changed"}))
        else:
            if room is not None:
                room.answers_stored(prompt_id, from_here=False)
            if publish:
                self.spawn(self.publish(session_id, {"type": "live.answers", "prompt": prompt_id}))

    async def publish(self, session_id: int, message: dict[str, Any]) -> None:
        if self.layer is None:
            return
        try:
            await self.layer.group_send(
                group_name(session_id), {**message, "session": session_id, "origin": self.process_id}
            )
        except Exception:
            logger.exception("Live: could not publish to the other processes")

    async def _listen(self) -> None:
        assert self.layer is not None and self.channel is not None
        while True:
            try:
                message = await self.layer.receive(self.channel)
            except asyncio.CancelledError:
                raise
            except Exception:
                logger.exception("Live: channel layer receive failed")
                await asyncio.sleep(1.0)
                continue
            try:
                self.on_layer_message(message)
            except Exception:
                logger.exception("Live: bad message from another process")

    def on_layer_message(self, message: dict[str, Any]) -> None:
        if message.get("origin") == self.process_id:
            return
        room = self.rooms.get(message.get("session"))  # type: ignore[arg-type]
        if room is None:
            return
        kind = message.get("type")
        if kind == "live.changed":
            self.spawn(room.reload())
        elif kind == "live.answers":
            room.answers_stored(message.get("prompt"), from_here=False)
        elif kind == "live.presence":
            room.remote_counts[str(message["origin"])] = (
                int(message["count"]),
                time.monotonic() + PRESENCE_TTL,
            )
            room.presence.trigger()


# --- The process's hub --------------------------------------------------------------------------------------

_hub: Hub | None = None


def get_hub() -> Hub:
    """This process's hub, bound to the running event loop (a new loop, as in tests, gets a new hub)."""
    global _hub
    loop = asyncio.get_running_loop()
    if _hub is None or (_hub.loop is not None and _hub.loop is not loop):
        _hub = Hub()
    return _hub


def set_hub(hub: Hub | None) -> None:
    """Use this hub (tests: two hubs on one layer stand for two processes)."""
    global _hub
    _hub = hub


def _on_event(kind: str, session_id: int, prompt_id: int | None) -> None:
    """Called by the services after a commit, in whatever thread did the write."""
    hub = _hub
    if hub is not None and hub.loop is not None and hub.loop.is_running() and not hub.loop.is_closed():
        hub.loop.call_soon_threadsafe(hub.handle_event, kind, session_id, prompt_id)
        return
    layer = cross_process_layer()
    if layer is None:
        return  # one process and no sockets here: nobody to tell
    message = {
        "type": "live.changed" if kind == events.STATE else "live.answers",
        "prompt": prompt_id,
        "session": session_id,
        "origin": "",
    }
    try:
        async_to_sync(layer.group_send)(group_name(session_id), message)
    except Exception:
        logger.exception("Live: could not tell the other processes about a change")


events.subscribe(_on_event)
