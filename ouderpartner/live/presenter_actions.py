"""What a facilitator can do from the presenter screen or the remote control, by socket or by form.

One table maps an action's name (the same names as the form endpoint live:session_state) to the service
that does it; the socket consumer calls `perform_action`, which checks membership and the right to run
this meeting (access.can_facilitate) every time.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError

from ouderpartner.core.models import Membership
from ouderpartner.live import services
from ouderpartner.live.access import can_facilitate
from ouderpartner.live.models import LiveSession, Prompt

ACTIONS: dict[str, Callable[..., Any]] = {
    "live": services.session_go_live,
    "next": services.session_next,
    "previous": services.session_previous,
    "goto": services.session_goto_prompt,
    "reveal": services.session_reveal_results,
    "hide": services.session_hide_results,
    "lock": services.session_lock_voting,
    "unlock": services.session_unlock_voting,
    "countdown": services.session_start_countdown,
    "stop_countdown": services.session_stop_countdown,
    "close": services.session_close,
}


def _membership(user: Any, workspace_slug: str) -> Membership | None:
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return (
        Membership.objects.select_related("workspace")
        .filter(user=user, workspace__slug=workspace_slug)
        .first()
    )


def presenter_access(user: Any, workspace_slug: str, session_id: int | None) -> tuple[int, bool] | None:
    """(meeting id, may facilitate) for a member of the meeting's workspace; None for anyone else (2 queries)."""
    membership = _membership(user, workspace_slug)
    if membership is None or session_id is None:
        return None
    session = LiveSession.objects.filter(pk=session_id, workspace=membership.workspace).first()
    if session is None:
        return None
    return session.pk, can_facilitate(membership, session)


def perform_action(
    user: Any, workspace_slug: str, session_id: int, message: dict[str, Any]
) -> tuple[bool, str]:
    """Run one facilitator action; (True, "") or (False, reason code). Access is checked again each time."""
    membership = _membership(user, workspace_slug)
    session = (
        LiveSession.objects.select_related("workspace")
        .filter(pk=session_id, workspace=membership.workspace)
        .first()
        if membership is not None
        else None
    )
    if membership is None or session is None or not can_facilitate(membership, session):
        return False, "forbidden"
    name = message.get("action")
    service = ACTIONS.get(name) if isinstance(name, str) else None
    if service is None:
        return False, "invalid"
    arguments: dict[str, Any] = {}
    if name == "goto":
        try:
            prompt_id = int(message.get("prompt"))  # type: ignore[arg-type]
        except (TypeError, ValueError):
            return False, "invalid"
        prompt = Prompt.objects.filter(pk=prompt_id, session=session).first()
        if prompt is None:
            return False, "invalid"
        arguments["prompt"] = prompt
    elif name == "countdown":
        arguments["seconds"] = message.get("seconds")
    try:
        service(session=session, actor=user, **arguments)
    except ValidationError:
        return False, "refused"
    return True, ""
