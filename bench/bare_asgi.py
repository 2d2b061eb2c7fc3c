"""A bare ASGI WebSocket app (no Django, no Channels): the practical ceiling of a live meeting on this machine.

`bench/live_session.py --compare-bare` runs it beside the product, with the same load generator and the
same uvicorn options, and reports each of the product's figures as a ratio to it. It speaks the product's
socket protocol (ouderpartner/live/consumers.py) for what the bench uses, and does the same work per
message, in the plainest way:

- the routes `/j/<code>/socket/` (participants) and `/w/<ws>/live/sessions/<id>/socket/` (the presenter,
  who must bring the session cookie the bench made); the Origin header must name the server's host;
- rate limits as token buckets in memory: joins per address, answers per participant and per address,
  frames per connection (the product's defaults); frames over 4,096 characters, binary frames and text
  that is not JSON close the socket;
- `join` without a token makes a participant (a random token, stored as its keyed hash) and welcomes them
  at once with the meeting's state; with a token, the participant is looked up;
- `vote` and `entry` are checked against the current prompt and appended to a batch that one writer
  thread commits to SQLite in WAL mode (synchronous=NORMAL, as the product's settings); the `ack` is sent
  only after the commit; unique constraints make a resend count once;
- after a commit the current prompt is recounted from the database at most every 250 ms and sent to
  the presenters (`results`), with the participant count (`presence`) every second;
- the facilitator's `next` moves to the next prompt and sends the new state to every phone.

    .venv/bin/python bench/bare_asgi.py prepare PATH   # make the database, print the meeting as JSON
    BARE_DB=PATH BARE_SECRET=… uvicorn bench.bare_asgi:app --ws-per-message-deflate false
"""

from __future__ import annotations

import asyncio
import gc
import hashlib
import hmac
import json
import os
import re
import secrets
import sqlite3
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

OPTIONS = ["clear_message", "communication", "with_parents", "start_small"]
LANGUAGES = ["nl", "en", "ar", "tr"]
SNAPSHOT_INTERVAL = 0.25
PRESENCE_INTERVAL = 1.0
BATCH_MAX = 500
FREEZE_EVERY = 200
MAX_MESSAGE = 4096
RATES = {  # (per second, burst): the product's defaults (ouderpartner/live/realtime.py)
    "join_address": (20.0, 400.0),
    "submit_participant": (2.0, 20.0),
    "submit_address": (200.0, 2000.0),
    "connection_messages": (10.0, 50.0),
}
SCHEMA = """
CREATE TABLE IF NOT EXISTS prompt (id INTEGER PRIMARY KEY, position INTEGER, kind TEXT, text TEXT);
CREATE TABLE IF NOT EXISTS participant (id INTEGER PRIMARY KEY, token_hash TEXT UNIQUE, language TEXT,
    joined_at REAL);
CREATE TABLE IF NOT EXISTS vote (id INTEGER PRIMARY KEY, prompt_id INTEGER, participant_id INTEGER,
    choices TEXT, created_at REAL, UNIQUE (prompt_id, participant_id));
CREATE TABLE IF NOT EXISTS entry (id INTEGER PRIMARY KEY, prompt_id INTEGER, participant_id INTEGER,
    text TEXT, normalized TEXT, created_at REAL, UNIQUE (prompt_id, participant_id, normalized));
"""
PARTICIPANT_PATH = re.compile(r"^/j/([A-Za-z0-9]+)/socket/$")
PRESENTER_PATH = re.compile(r"^/w/[-\w]+/live/sessions/(\d+)/socket/$")


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def connect_database(path: str) -> sqlite3.Connection:
    connection = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    connection.executescript(
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=20000;"
    )
    return connection


def prepare(path: str) -> dict[str, Any]:
    """The database with one meeting (a multiple-choice prompt, then a word cloud); the bench's meeting."""
    connection = connect_database(path)
    connection.executescript(SCHEMA)
    connection.execute("INSERT INTO prompt VALUES (1, 1, 'single_choice', 'Waar begint u?')")
    connection.execute("INSERT INTO prompt VALUES (2, 2, 'word_cloud', 'Eén woord?')")
    connection.close()
    return {"session": 1, "code": "BARE01", "choice": 1, "cloud": 2, "cookie": secrets.token_urlsafe(24)}


def stored_counts(path: str) -> tuple[int, int, int]:
    connection = connect_database(path)
    try:
        return (
            connection.execute("SELECT COUNT(*) FROM participant").fetchone()[0],
            connection.execute("SELECT COUNT(*) FROM vote WHERE prompt_id = 1").fetchone()[0],
            connection.execute("SELECT COUNT(*) FROM entry WHERE prompt_id = 2").fetchone()[0],
        )
    finally:
        connection.close()


class Buckets:
    def __init__(self, per_second: float, burst: float) -> None:
        self.per_second = per_second
        self.burst = burst
        self.state: dict[Any, tuple[float, float]] = {}

    def allow(self, key: Any, now: float) -> bool:
        tokens, at = self.state.get(key, (self.burst, now))
        tokens = min(self.burst, tokens + (now - at) * self.per_second)
        allowed = tokens >= 1
        self.state[key] = (tokens - 1 if allowed else tokens, now)
        return allowed


class Writer:
    """One thread, one connection: what arrives during a commit goes into the next transaction."""

    def __init__(self, path: str, on_stored: Any) -> None:
        self.path = path
        self.on_stored = on_stored
        self.executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="bare-writer")
        self.connection: sqlite3.Connection | None = None
        self.pending: list[tuple[tuple, asyncio.Future]] = []
        self.running = False

    def submit(self, op: tuple) -> asyncio.Future:
        future = asyncio.get_running_loop().create_future()
        self.pending.append((op, future))
        if not self.running:
            self.running = True
            asyncio.get_running_loop().create_task(self.run())
        return future

    async def run(self) -> None:
        loop = asyncio.get_running_loop()
        try:
            while self.pending:
                batch, self.pending = self.pending[:BATCH_MAX], self.pending[BATCH_MAX:]
                try:
                    results = await loop.run_in_executor(self.executor, self.store, [op for op, _ in batch])
                except Exception as error:
                    results = [("error", str(error))] * len(batch)
                for (_op, future), result in zip(batch, results, strict=True):
                    if not future.done():
                        future.set_result(result)
                self.on_stored()
        finally:
            self.running = False

    def store(self, ops: list[tuple]) -> list[tuple[str, Any]]:
        if self.connection is None:
            self.connection = connect_database(self.path)
        cursor = self.connection.cursor()
        results: list[tuple[str, Any]] = []
        now = time.time()
        cursor.execute("BEGIN IMMEDIATE")
        try:
            for op in ops:  # joins come first within a batch: each participant's answers wait for its join
                kind = op[0]
                if kind == "join":
                    _kind, token_hash, language, ref = op
                    cursor.execute(
                        "INSERT INTO participant (token_hash, language, joined_at) VALUES (?, ?, ?)",
                        (token_hash, language, now),
                    )
                    ref[0] = cursor.lastrowid
                    results.append(("ok", None))
                elif kind == "vote":
                    _kind, prompt_id, ref, choices = op
                    cursor.execute(
                        "INSERT INTO vote (prompt_id, participant_id, choices, created_at) VALUES (?, ?, ?, ?) "
                        "ON CONFLICT DO NOTHING",
                        (prompt_id, ref[0], choices, now),
                    )
                    results.append(("ok", cursor.rowcount == 1))
                else:
                    _kind, prompt_id, ref, text = op
                    cursor.execute(
                        "INSERT INTO entry (prompt_id, participant_id, text, normalized, created_at) "
                        "VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                        (prompt_id, ref[0], text, text.casefold(), now),
                    )
                    results.append(("ok", cursor.rowcount == 1))
            cursor.execute("COMMIT")
        except Exception:
            cursor.execute("ROLLBACK")
            raise
        return results

    def count(self, prompt_id: int, kind: str) -> dict[str, Any]:
        if self.connection is None:
            self.connection = connect_database(self.path)
        if kind == "single_choice":
            rows = self.connection.execute(
                "SELECT choices, COUNT(*) FROM vote WHERE prompt_id = ? GROUP BY choices", (prompt_id,)
            ).fetchall()
            counts = dict(rows)
            return {
                "prompt_id": prompt_id,
                "kind": kind,
                "respondents": sum(counts.values()),
                "options": [
                    {"value": value, "count": counts.get(json.dumps([value]), 0)} for value in OPTIONS
                ],
            }
        rows = self.connection.execute(
            "SELECT normalized, COUNT(*) FROM entry WHERE prompt_id = ? GROUP BY normalized ORDER BY 2 DESC LIMIT 60",
            (prompt_id,),
        ).fetchall()
        respondents = self.connection.execute(
            "SELECT COUNT(DISTINCT participant_id) FROM entry WHERE prompt_id = ?", (prompt_id,)
        ).fetchone()[0]
        return {
            "prompt_id": prompt_id,
            "kind": kind,
            "respondents": respondents,
            "words": [{"text": text, "count": count} for text, count in rows],
        }


class Meeting:
    def __init__(self, path: str, secret: str, code: str) -> None:
        self.secret = secret.encode()
        self.code = code
        self.writer = Writer(path, self.stored)
        self.prompts = [(1, "single_choice", "Waar begint u?"), (2, "word_cloud", "Eén woord?")]
        self.current = 0
        self.participants: set[Any] = set()
        self.presenters: set[Any] = set()
        self.by_token: dict[str, list] = {}
        self.buckets = {name: Buckets(*rate) for name, rate in RATES.items()}
        self.states: dict[str, str] = {}
        self.snapshot_due = False
        self.snapshot_task: asyncio.Task | None = None
        self.snapshot_at = float("-inf")  # the last snapshot (loop time): at most one per SNAPSHOT_INTERVAL
        self.presence_task: asyncio.Task | None = None
        self.seq = 0
        self.frozen_at = 0

    def state_text(self, language: str) -> str:
        """What every phone in this language sees: the prompt and its screen fragment, serialised once."""
        text = self.states.get(language)
        if text is None:
            prompt_id, kind, question = self.prompts[self.current]
            options = (
                [{"value": value, "label": value} for value in OPTIONS] if kind == "single_choice" else []
            )
            buttons = "".join(
                f'<li><button type="submit" name="choice" value="{o["value"]}" class="live-option">'
                f'<span class="live-option-label">{o["label"]}</span></button></li>'
                for o in options
            )
            html = (
                f'<section class="live-prompt" lang="{language}"><h1 id="prompt-{prompt_id}">{question}</h1>'
                f'<form method="post" class="live-answer"><ul class="live-options">{buttons}</ul>'
                f'<p class="live-hint">Kies één antwoord.</p></form></section>'
            )
            state = {
                "type": "state",
                "language": language,
                "session": {"id": 1, "title": "Stadsbrede bijeenkomst", "status": "live"},
                "prompt": {"id": prompt_id, "kind": kind, "text": question, "options": options},
                "html": html,
            }
            text = dumps(state)
            self.states[language] = text
        return f'{{"now":{int(time.time() * 1000)},{text[1:]}'

    def token_hash(self, token: str) -> str:
        return hmac.new(self.secret, f"live|1|{token}".encode(), hashlib.sha256).hexdigest()

    def stored(self) -> None:
        self.snapshot_due = True
        if self.snapshot_task is None:
            self.snapshot_task = asyncio.get_running_loop().create_task(self.snapshots())

    async def snapshots(self) -> None:
        loop = asyncio.get_running_loop()
        try:
            while self.snapshot_due:
                await asyncio.sleep(max(0.0, self.snapshot_at + SNAPSHOT_INTERVAL - loop.time()))
                self.snapshot_due = False
                self.snapshot_at = loop.time()
                prompt_id, kind, _text = self.prompts[self.current]
                results = await loop.run_in_executor(self.writer.executor, self.writer.count, prompt_id, kind)
                self.seq += 1
                text = dumps(
                    {
                        "type": "results",
                        "seq": self.seq,
                        "prompt": prompt_id,
                        "hidden": False,
                        "participants": len(self.participants),
                        "results": results,
                    }
                )
                for presenter in list(self.presenters):
                    await presenter.send_text(text)
        finally:
            self.snapshot_task = None

    async def presence(self) -> None:
        sent = None
        while True:
            await asyncio.sleep(PRESENCE_INTERVAL)
            count = len(self.participants)
            if count != sent:
                sent = count
                text = dumps({"type": "presence", "participants": count})
                for presenter in list(self.presenters):
                    await presenter.send_text(text)

    def added(self) -> None:
        if len(self.participants) - self.frozen_at >= FREEZE_EVERY:
            gc.freeze()
            self.frozen_at = len(self.participants)

    async def next_prompt(self) -> None:
        self.current = min(self.current + 1, len(self.prompts) - 1)
        self.states = {}
        for count, phone in enumerate(list(self.participants), start=1):
            await phone.send_text(self.state_text(phone.language))
            if count % 500 == 0:
                await asyncio.sleep(0)


MEETING: Meeting | None = None


def meeting() -> Meeting:
    global MEETING
    if MEETING is None:
        MEETING = Meeting(
            os.environ["BARE_DB"], os.environ["BARE_SECRET"], os.environ.get("BARE_CODE", "BARE01")
        )
    return MEETING


class Connection:
    """One socket: rate limits, frame checks, the protocol."""

    def __init__(self, scope: dict, receive: Any, send: Any, room: Meeting) -> None:
        self.scope = scope
        self.receive = receive
        self.base_send = send
        self.room = room
        self.language = "nl"
        self.participant: list | None = None
        self.token_hash = ""
        self.address = (scope.get("client") or ("", 0))[0]
        self.frame_tokens = RATES["connection_messages"][1]
        self.frame_at = time.monotonic()
        self.invalid = 0
        self.open = True

    async def send_text(self, text: str) -> None:
        if self.open:
            try:
                await self.base_send({"type": "websocket.send", "text": text})
            except Exception:
                self.open = False

    async def close(self, code: int) -> None:
        if self.open:
            self.open = False
            await self.base_send({"type": "websocket.close", "code": code})

    def frame_allowed(self) -> bool:
        now = time.monotonic()
        rate, burst = RATES["connection_messages"]
        self.frame_tokens = min(burst, self.frame_tokens + (now - self.frame_at) * rate)
        self.frame_at = now
        if self.frame_tokens < 1:
            return False
        self.frame_tokens -= 1
        return True

    async def take(self, message: dict) -> dict | None:
        text = message.get("text")
        if not self.frame_allowed():
            await self.close(4429)
        elif text is None:
            await self.close(1003)
        elif len(text) > MAX_MESSAGE:
            await self.close(1009)
        else:
            try:
                value = json.loads(text)
            except ValueError:
                await self.close(1007)
                return None
            if isinstance(value, dict) and isinstance(value.get("type"), str):
                return value
            self.invalid += 1
            if self.invalid >= 3:
                await self.close(1008)
        return None

    async def serve(self, presenter: bool) -> None:
        room = self.room
        try:
            while True:
                message = await self.receive()
                kind = message["type"]
                if kind == "websocket.disconnect":
                    return
                if kind != "websocket.receive" or not self.open:
                    continue
                value = await self.take(message)
                if value is not None:
                    await (self.presenter_message(value) if presenter else self.phone_message(value))
        finally:
            self.open = False
            room.participants.discard(self)
            room.presenters.discard(self)

    async def phone_message(self, value: dict) -> None:
        room = self.room
        kind = value["type"]
        ref = value.get("ref")
        if kind == "ping":
            await self.send_text(dumps({"type": "pong", "ref": ref}))
        elif kind == "join":
            if self.participant is not None:
                await self.send_text(dumps({"type": "error", "code": "invalid", "ref": ref}))
                return
            language = value.get("language") if value.get("language") in LANGUAGES else "nl"
            self.language = language
            token = value.get("token")
            new_token = None
            participant = room.by_token.get(room.token_hash(token)) if isinstance(token, str) else None
            if participant is None:
                new_token = secrets.token_urlsafe(32)
                self.token_hash = room.token_hash(new_token)
                participant = [None]
                room.by_token[self.token_hash] = participant
                room.writer.submit(("join", self.token_hash, language, participant))
            self.participant = participant
            room.participants.add(self)
            room.added()
            head = dumps({"type": "welcome", "token": new_token, "language": language})
            await self.send_text(
                f'{head[:-1]},"mine":{{"votes":{{}},"entries":{{}}}},"state":{room.state_text(language)}}}'
            )
        elif self.participant is None:
            await self.send_text(dumps({"type": "error", "code": "not_joined", "ref": ref}))
        elif kind in ("vote", "entry"):
            now = time.monotonic()
            if not (
                room.buckets["submit_participant"].allow(self.token_hash, now)
                and room.buckets["submit_address"].allow(self.address, now)
            ):
                await self.send_text(dumps({"type": "error", "code": "busy", "ref": ref}))
                return
            prompt_id, prompt_kind, _text = room.prompts[room.current]
            if value.get("prompt") != prompt_id:
                await self.send_text(dumps({"type": "error", "code": "closed", "ref": ref}))
                return
            if kind == "vote":
                choices = value.get("choices")
                if prompt_kind != "single_choice" or not (
                    isinstance(choices, list) and len(choices) == 1 and choices[0] in OPTIONS
                ):
                    await self.send_text(dumps({"type": "error", "code": "invalid", "ref": ref}))
                    return
                op = ("vote", prompt_id, self.participant, json.dumps(choices))
            else:
                text = value.get("text")
                if (
                    prompt_kind != "word_cloud"
                    or not isinstance(text, str)
                    or not 0 < len(text.strip()) <= 40
                ):
                    await self.send_text(dumps({"type": "error", "code": "invalid", "ref": ref}))
                    return
                op = ("entry", prompt_id, self.participant, text.strip())
            status, new = await room.writer.submit(op)
            if status == "ok":
                await self.send_text(dumps({"type": "ack", "ref": ref, "kind": kind, "new": new}))
            else:
                await self.send_text(dumps({"type": "error", "code": "server", "ref": ref}))
        else:
            await self.send_text(dumps({"type": "error", "code": "invalid", "ref": ref}))

    async def presenter_message(self, value: dict) -> None:
        ref = value.get("ref")
        if value["type"] == "action" and value.get("action") == "next":
            await self.room.next_prompt()
            await self.send_text(dumps({"type": "done", "ref": ref, "action": "next"}))
        elif value["type"] == "ping":
            await self.send_text(dumps({"type": "pong", "ref": ref}))
        else:
            await self.send_text(dumps({"type": "error", "code": "invalid", "ref": ref}))


def header(scope: dict, name: bytes) -> str:
    for key, value in scope.get("headers", []):
        if key == name:
            return value.decode("latin-1")
    return ""


async def app(scope: dict, receive: Any, send: Any) -> None:
    if scope["type"] == "lifespan":
        return
    if scope["type"] != "websocket":
        await send({"type": "http.response.start", "status": 404, "headers": []})
        await send({"type": "http.response.body", "body": b""})
        return
    await receive()  # websocket.connect
    room = meeting()
    if room.presence_task is None:
        gc.collect()
        gc.freeze()
        room.presence_task = asyncio.get_running_loop().create_task(room.presence())
    origin = header(scope, b"origin")
    host = header(scope, b"host")
    path = scope["path"]
    participant = PARTICIPANT_PATH.match(path)
    presenter = PRESENTER_PATH.match(path)
    if origin.split("://", 1)[-1] != host or not (participant or presenter):
        await send({"type": "websocket.close", "code": 4403})
        return
    connection = Connection(scope, receive, send, room)
    if participant:
        if participant.group(1) != room.code or not room.buckets["join_address"].allow(
            connection.address, time.monotonic()
        ):
            await send({"type": "websocket.close", "code": 4429})
            return
        await send({"type": "websocket.accept"})
        await connection.serve(presenter=False)
        return
    cookies = dict(part.strip().split("=", 1) for part in header(scope, b"cookie").split(";") if "=" in part)
    if not hmac.compare_digest(cookies.get("sessionid", ""), os.environ["BARE_SECRET"]):
        await send({"type": "websocket.close", "code": 4403})
        return
    await send({"type": "websocket.accept"})
    room.presenters.add(connection)
    await connection.send_text(dumps({"type": "presence", "participants": len(room.participants)}))
    await connection.serve(presenter=True)


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "prepare":
        print(json.dumps(prepare(sys.argv[2])))
    else:
        print(__doc__)
