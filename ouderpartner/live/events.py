"""Change notices of live meetings, sent after the transaction that made the change commits.

Services call `state_changed` (the session's state: prompt, reveal, lock, countdown, status) or
`results_changed` (votes or entries of a prompt, moderation). The realtime layer registers a
callback with `subscribe` and pushes snapshots to presenters and participants; with no callback
registered (management commands, tests of the services) nothing happens. A failing callback is
logged and never undoes or breaks the write that caused it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.db import transaction

logger = logging.getLogger(__name__)

STATE = "state"
RESULTS = "results"

Callback = Callable[[str, int, int | None], None]
_subscribers: list[Callback] = []


def subscribe(callback: Callback) -> None:
    """callback(kind, session_id, prompt_id) with kind "state" (prompt_id None) or "results"."""
    if callback not in _subscribers:
        _subscribers.append(callback)


def unsubscribe(callback: Callback) -> None:
    if callback in _subscribers:
        _subscribers.remove(callback)


def _deliver(kind: str, session_id: int, prompt_id: int | None) -> None:
    for callback in list(_subscribers):
        try:
            callback(kind, session_id, prompt_id)
        except Exception:
            logger.exception("Live event callback failed (%s, session %s)", kind, session_id)


def _publish(kind: str, session_id: int, prompt_id: int | None) -> None:
    transaction.on_commit(lambda: _deliver(kind, session_id, prompt_id))


def state_changed(session_id: int) -> None:
    _publish(STATE, session_id, None)


def results_changed(session_id: int, prompt_id: int) -> None:
    _publish(RESULTS, session_id, prompt_id)
