"""WebSocket consumers of live meetings: participants' phones and the presenter screen (and remote).

Protocol (JSON text frames). A participant sends {"type": "join", "language"} (the token comes from the
cookie set by the join page, or as "token" for clients without cookies), then "vote" {prompt, choices |
number}, "entry" {prompt, text}, "upvote" {prompt, entry, on} and "ping", each with an optional "ref"
that the answer repeats. The server sends "welcome" (with the "state" and "mine" below in it), "state"
(what everyone in that language sees), "mine" (the participant's own answers), "ack", "error" {code},
"questions" (Q&A) and "pong".
A presenter receives "state", "results" (aggregated snapshots) and "presence"; a facilitator also sends
"action" {action, prompt?, seconds?}.

The consumers skip two things Channels does by default (REALTIME.md pitfalls 1 and 2): they join no
channel layer (the process's hub holds the sockets) and they do not hop to a database thread before
every message; whatever touches the database goes to the hub's threads or `database_sync_to_async`.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from typing import Any
from urllib.parse import parse_qs

from channels.db import database_sync_to_async
from channels.exceptions import StopConsumer
from channels.generic.websocket import AsyncWebsocketConsumer
from django.http.cookie import parse_cookie

from ouderpartner.live import realtime
from ouderpartner.live.models import Prompt
from ouderpartner.live.participation import (
    LiveError,
    answer_allowed,
    entry_clean,
    entry_initial_status,
    participant_token_new,
    session_joinable,
    token_hash_of,
    vote_clean,
)
from ouderpartner.live.payloads import answers_for_participant, presenter_state
from ouderpartner.live.presenter_actions import perform_action, presenter_access

logger = logging.getLogger(__name__)

TOKEN_COOKIE = "op_live"
MAX_MESSAGE = 4096  # characters in one frame: the longest text plus room for the rest (uvicorn: 64 KiB)
MAX_INVALID = 3  # messages of an unknown type or shape a socket may send before it is closed
CLOSE_UNSUPPORTED = 1003  # a binary frame: the protocol is JSON text
CLOSE_NOT_JSON = 1007
CLOSE_POLICY = 1008  # too many messages the protocol does not know
CLOSE_TOO_BIG = 1009
CLOSE_NOT_FOUND = 4404
CLOSE_BUSY = 4429
CLOSE_FORBIDDEN = 4403
CLOSE_IDLE = 4408
JOIN_WITHIN_SECONDS = 60  # a socket that does not join within this time is closed


class LeanWebsocketConsumer(AsyncWebsocketConsumer):
    """A WebSocket consumer without a channel layer and without Channels' per-message database hop."""

    def __init__(self, hub: realtime.Hub | None = None) -> None:
        super().__init__()
        # The process's hub; tests hand in their own (two hubs on one layer stand for two processes).
        self.given_hub = hub
        # Every frame of this socket, whatever it holds, takes a token (per second, with a burst).
        self.frame_rate = realtime.limits.rate("connection_messages")
        self.frame_tokens = self.frame_rate.burst
        self.frame_at = time.monotonic()
        self.invalid_count = 0
        self.closing = False

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        self.scope = scope
        self.channel_layer = None
        self.channel_name = None
        self.base_send = send
        try:
            while True:
                await self.dispatch(await receive())
        except StopConsumer:
            pass

    async def dispatch(self, message: dict) -> None:
        # No aclose_old_connections() here: these handlers never use this thread's database connection.
        handler = getattr(self, message["type"].replace(".", "_"), None)
        if handler is None:
            raise ValueError(f"No handler for message type {message['type']}")
        await handler(message)

    async def websocket_receive(self, message: dict) -> None:
        # Both kinds of frame reach take(), which closes the socket on anything but JSON text.
        await self.receive(text_data=message.get("text"), bytes_data=message.get("bytes"))

    async def websocket_disconnect(self, message: dict) -> None:
        await self.disconnect(message.get("code", 1000))
        raise StopConsumer

    async def send_text(self, text: str) -> None:
        await self.base_send({"type": "websocket.send", "text": text})

    async def send_json(self, value: dict[str, Any]) -> None:
        await self.send_text(realtime.dumps(value))

    async def error(self, code: str, ref: Any = None, **extra: Any) -> None:
        await self.send_json({"type": "error", "code": code, "ref": ref, **extra})

    async def close(self, code: int | bool | None = None, reason: str | None = None) -> None:
        self.closing = True
        await super().close(code=code, reason=reason)

    def _frame_allowed(self) -> bool:
        now = time.monotonic()
        rate = self.frame_rate
        self.frame_tokens = min(rate.burst, self.frame_tokens + (now - self.frame_at) * rate.per_second)
        self.frame_at = now
        if self.frame_tokens < 1:
            return False
        self.frame_tokens -= 1
        return True

    async def take(self, text_data: str | None, bytes_data: bytes | None) -> dict[str, Any] | None:
        """The client's message as a dictionary, or None when there is nothing to do with it.

        A flood (more frames than the connection's rate), a binary frame, a frame over MAX_MESSAGE or one
        that is not JSON closes the socket at once; a JSON message of an unknown shape is answered with an
        error, and the socket is closed after MAX_INVALID of them. Other sockets are not touched.
        """
        if self.closing:
            return None
        if not self._frame_allowed():
            await self.close(code=CLOSE_BUSY)
        elif text_data is None or bytes_data is not None:
            await self.close(code=CLOSE_UNSUPPORTED)
        elif len(text_data) > MAX_MESSAGE:
            await self.close(code=CLOSE_TOO_BIG)
        else:
            try:
                message = json.loads(text_data)
            except ValueError:
                await self.close(code=CLOSE_NOT_JSON)
                return None
            if isinstance(message, dict) and isinstance(message.get("type"), str):
                return message
            await self.invalid()
        return None

    async def invalid(self, ref: Any = None) -> None:
        """A message the protocol does not know: an error, and after MAX_INVALID of them the socket closes."""
        self.invalid_count += 1
        if self.invalid_count >= MAX_INVALID:
            await self.close(code=CLOSE_POLICY)
        else:
            await self.error("invalid", ref)


def _int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class ParticipantConsumer(LeanWebsocketConsumer):
    """A participant's phone: /j/<code>/socket/."""

    language = "nl"
    participant: realtime.ParticipantRef | None = None
    join_stored: asyncio.Future | None = None
    token_hash = ""
    room: realtime.Room | None = None

    async def connect(self) -> None:
        self.code = self.scope["url_route"]["kwargs"]["code"]
        self.address = realtime.address_key(realtime.scope_client_address(self.scope))
        if not realtime.limits.allow("join_address", self.address):
            await self.close(code=CLOSE_BUSY)
            return
        self.hub = self.given_hub or realtime.get_hub()
        await self.hub.start()
        await self.accept()
        loop = asyncio.get_running_loop()
        self.idle_timer = loop.call_later(JOIN_WITHIN_SECONDS, lambda: loop.create_task(self._close_idle()))

    async def _close_idle(self) -> None:
        if self.room is None:
            await self.close(code=CLOSE_IDLE)

    async def disconnect(self, code: int) -> None:
        timer = getattr(self, "idle_timer", None)
        if timer is not None:
            timer.cancel()
        if self.room is not None:
            self.room.remove_participant(self)
            self.room = None

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        message = await self.take(text_data, bytes_data)
        if message is None:
            return
        kind = message["type"]
        ref = message.get("ref")
        if kind == "ping":
            await self.send_json({"type": "pong", "ref": ref})
        elif kind == "join":
            if self.participant is not None:
                # One participant per socket: joining again would make a new participant every time.
                await self.invalid(ref)
                return
            await self.join(message)
        elif self.participant is None or self.room is None:
            await self.error("not_joined", ref)
        elif not (
            realtime.limits.allow("submit_participant", self.token_hash)
            and realtime.limits.allow("submit_address", self.address)
        ):
            await self.error("busy", ref)
        elif kind == "vote":
            await self.vote(message, ref)
        elif kind == "entry":
            await self.entry(message, ref)
        elif kind == "upvote":
            await self.upvote(message, ref)
        else:
            await self.invalid(ref)

    def _cookie_token(self) -> str:
        for name, value in self.scope.get("headers", []):
            if name == b"cookie":
                return parse_cookie(value.decode("latin-1")).get(TOKEN_COOKIE, "")
        return ""

    async def join(self, message: dict[str, Any]) -> None:
        room = await self.hub.room_for_code(self.code)
        if room is None:
            await self.error("not_found")
            await self.close(code=CLOSE_NOT_FOUND)
            return
        data = room.data
        language = data.language_for(message.get("language"))
        self.language = language
        # Until the meeting opens, the phone only watches (it gets the state when it opens, and joins then).
        try:
            session_joinable(data.session)
        except LiveError as error:
            self.room = room
            room.add_participant(self)
            await self.send_text(room.participant_state_text(language))
            await self.error(error.code)
            return
        token = message.get("token") or self._cookie_token()
        token_hash = token_hash_of(token, session_id=data.session_id) if token else None
        new_token = None
        if token_hash is None:
            # A new participant (a bad or foreign token counts as none). Joins per address were counted
            # when the socket opened.
            new_token, token_hash = participant_token_new(session_id=data.session_id)
        elif not realtime.limits.allow("join_participant", token_hash):
            await self.error("busy")
            await self.close(code=CLOSE_BUSY)
            return
        if new_token:
            # A new participant: welcomed at once; their row is written with the next batch, before any
            # answer of theirs (realtime.ParticipantRef).
            participant = realtime.ParticipantRef()
            self.join_stored = self.hub.writer.enqueue(
                realtime.Op(
                    "join",
                    data.session_id,
                    token_hash=token_hash,
                    language=language,
                    new=True,
                    participant=participant,
                )
            )
            mine = answers_for_participant([], [], [])
        else:
            # Someone coming back: their own answers are read with the batch.
            status, result = await self.hub.writer.submit(
                realtime.Op("join", data.session_id, token_hash=token_hash, language=language)
            )
            if status != "ok":
                await self.error(result.get("code", "server"))
                await self.close(code=1011)
                return
            participant = realtime.ParticipantRef(result["participant_id"])
            mine = result["mine"]
        self.participant = participant
        self.token_hash = token_hash
        self.room = room
        room.add_participant(self)
        # One frame: who you are, what everyone sees now, and your own answers (at 1,000 joins a second
        # every frame counts).
        head = realtime.dumps({"type": "welcome", "token": new_token, "language": language})
        await self.send_text(
            f'{head[:-1]},"mine":{realtime.dumps(mine)},"state":{room.participant_state_text(language)}}}'
        )
        current = room.data.current_prompt
        if current is not None and current.kind == Prompt.Kind.QA:
            if room.questions_text is not None:
                await self.send_text(room.questions_text)
            else:
                room.snapshot.trigger()

    def _prompt(self, message: dict[str, Any]) -> Prompt:
        assert self.room is not None
        data = self.room.data
        prompt = data.by_id.get(_int(message.get("prompt")) or 0)
        if prompt is None:
            raise LiveError("not_found", "")
        answer_allowed(session=data.session, prompt=prompt)
        return prompt

    async def _store(self, op: realtime.Op, ref: Any) -> None:
        if self.join_stored is not None:
            # A new participant's first answer waits for their row (a batch running beside the join's
            # batch would not see it yet).
            await self.join_stored
            self.join_stored = None
        status, result = await self.hub.writer.submit(op)
        if status == "ok":
            await self.send_json({"type": "ack", "ref": ref, "kind": op.kind, **result})
        else:
            await self.send_json({"type": "error", "ref": ref, **result})

    async def vote(self, message: dict[str, Any], ref: Any) -> None:
        assert self.room is not None
        data = self.room.data
        try:
            prompt = self._prompt(message)
            choices, number = vote_clean(
                prompt=prompt,
                option_values=data.option_values.get(prompt.pk, []),
                choices=message.get("choices"),
                number=message.get("number"),
            )
        except LiveError as error:
            await self.error(error.code, ref, prompt=message.get("prompt"))
            return
        op = realtime.Op(
            "vote",
            data.session_id,
            participant=self.participant,
            prompt_id=prompt.pk,
            choices=choices,
            number=number,
            allow_change=data.session.allow_change_vote,
        )
        await self._store(op, ref)

    async def entry(self, message: dict[str, Any], ref: Any) -> None:
        assert self.room is not None
        data = self.room.data
        try:
            prompt = self._prompt(message)
            text, normalized, flagged = entry_clean(
                prompt=prompt, text=message.get("text"), matcher=data.matcher
            )
        except LiveError as error:
            await self.error(error.code, ref, prompt=message.get("prompt"))
            return
        op = realtime.Op(
            "entry",
            data.session_id,
            participant=self.participant,
            prompt_id=prompt.pk,
            text=text,
            normalized=normalized,
            flagged=flagged,
            status=entry_initial_status(session=data.session, flagged=flagged),
            max_entries=prompt.max_entries,
            language=self.language,
        )
        await self._store(op, ref)

    async def upvote(self, message: dict[str, Any], ref: Any) -> None:
        assert self.room is not None
        data = self.room.data
        try:
            prompt = self._prompt(message)
            entry_id = _int(message.get("entry"))
            if prompt.kind != Prompt.Kind.QA or entry_id is None:
                raise LiveError("invalid", "")
        except LiveError as error:
            await self.error(error.code, ref, prompt=message.get("prompt"))
            return
        op = realtime.Op(
            "upvote",
            data.session_id,
            participant=self.participant,
            prompt_id=prompt.pk,
            entry_id=entry_id,
            on=message.get("on", True) is not False,
        )
        await self._store(op, ref)


class PresenterConsumer(LeanWebsocketConsumer):
    """The presenter screen (?role=screen) and the facilitator's remote control (?role=remote)."""

    room: realtime.Room | None = None
    can_facilitate = False
    role = "screen"

    @property
    def sees_hidden_results(self) -> bool:
        """The remote control in the facilitator's hand may peek; the projector shows nothing hidden."""
        return self.role == "remote"

    async def connect(self) -> None:
        kwargs = self.scope["url_route"]["kwargs"]
        self.workspace_slug = kwargs["ws"]
        query = parse_qs(self.scope.get("query_string", b"").decode("latin-1"))
        self.role = "remote" if query.get("role") == ["remote"] else "screen"
        self.user = self.scope.get("user")
        access = await database_sync_to_async(presenter_access)(
            self.user, self.workspace_slug, _int(kwargs["pk"])
        )
        if access is None or (self.role == "remote" and not access[1]):
            # Another workspace's meeting, no such meeting, or a remote control for a reader: refused,
            # before the handshake completes, the same way for all of them.
            await self.close(code=CLOSE_FORBIDDEN)
            return
        self.session_id, self.can_facilitate = access
        self.hub = self.given_hub or realtime.get_hub()
        await self.hub.start()
        room = await self.hub.room_for_session(self.session_id)
        if room is None:
            await self.close(code=CLOSE_NOT_FOUND)
            return
        await self.accept()
        self.room = room
        room.add_presenter(self)
        await self.send_state()
        await self.send_json({"type": "presence", "participants": room.participant_count})
        text = room.results_text(self)
        if text is not None and room.results_prompt == room.data.session.current_prompt_id:
            await self.send_text(text)
        else:
            room.snapshot.trigger()

    async def send_state(self) -> None:
        assert self.room is not None
        data = self.room.data
        state = presenter_state(
            data,
            can_facilitate=self.can_facilitate,
            results_hidden_from_screen=not data.session.results_visible,
        )
        await self.send_text(realtime.stamped(realtime.dumps(state)))

    async def disconnect(self, code: int) -> None:
        if self.room is not None:
            self.room.remove_presenter(self)
            self.room = None

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        message = await self.take(text_data, bytes_data)
        if message is None:
            return
        ref = message.get("ref")
        if message["type"] == "ping":
            await self.send_json({"type": "pong", "ref": ref})
            return
        if message["type"] != "action":
            await self.invalid(ref)
            return
        if not self.can_facilitate:
            await self.error("forbidden", ref)
            return
        try:
            ok, code = await database_sync_to_async(perform_action)(
                self.user, self.workspace_slug, self.session_id, message
            )
        except Exception:
            logger.exception("Live: facilitator action failed")
            ok, code = False, "server"
        if ok:
            await self.send_json({"type": "done", "ref": ref, "action": message.get("action")})
        else:
            if code == "forbidden":
                self.can_facilitate = False
            await self.error(code, ref, action=message.get("action"))
