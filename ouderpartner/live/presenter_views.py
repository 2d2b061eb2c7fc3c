"""The presenter screen (for the projector) and the remote control (for the facilitator's phone).

Every member of the workspace may open the presenter screen of its meetings (it shows what the room
sees); the remote control and every action need the right to run the meeting (access.can_facilitate):
404 across workspaces, 403 for readers. The screens update over the socket (live-presenter.js); the
actions also work as plain form posts.

Counts on these screens are the room view (ARCHITECTURE.md rule 4: a live session shown in the room is
not a published aggregate); what leaves the room goes through results.published_results.
"""

from __future__ import annotations

from typing import Any

import segno
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ouderpartner.core.access import workspace_view
from ouderpartner.live.access import can_facilitate, get_session_for_facilitator, get_session_for_member
from ouderpartner.live.models import LiveSession
from ouderpartner.live.payloads import join_link, load_session_data, presenter_state
from ouderpartner.live.results import prompt_results

COUNTDOWN_CHOICES = (15, 30, 60, 120)


def join_qr_svg(session: LiveSession, *, scale: int = 8) -> str:
    """The QR code of the join address (with the slash, so scanning needs no redirect), as inline SVG."""
    return segno.make(f"{join_link(session.code)}/", error="m").svg_inline(scale=scale, omitsize=False)


def _context(request: HttpRequest, session: LiveSession, *, role: str) -> dict[str, Any]:
    data = load_session_data(session_id=session.pk)
    assert data is not None
    facilitates = can_facilitate(request.membership, session)
    state = presenter_state(
        data, can_facilitate=facilitates, results_hidden_from_screen=not data.session.results_visible
    )
    current = data.current_prompt
    results = None
    if current is not None and (data.session.results_visible or role == "remote"):
        results = prompt_results(prompt=current, options=data.options.get(current.pk), with_pending=True)
    link = join_link(session.code)
    ws = request.workspace.slug
    return {
        "session": session,
        "state": state,
        "current": next((p for p in state["prompts"] if p["id"] == state["current"]), None),
        "results": results,
        "link": link,
        "short_link": link.split("://", 1)[-1],
        "code_spaced": f"{session.code[:3]} {session.code[3:]}",
        "qr_svg": join_qr_svg(session),
        "role": role,
        "can_facilitate": facilitates,
        "socket_path": f"/w/{ws}/live/sessions/{session.pk}/socket/",  # config/routing.py
        # Without JavaScript the buttons post to the facilitator's state endpoint, which comes back here.
        "action_url": reverse("live:session_state", kwargs={"ws": ws, "pk": session.pk}),
        "presenter_url": reverse("live:presenter", kwargs={"ws": ws, "pk": session.pk}),
        "remote_url": reverse("live:remote", kwargs={"ws": ws, "pk": session.pk}),
        "detail_url": reverse("live:session_detail", kwargs={"ws": ws, "pk": session.pk}),
        "countdown_choices": COUNTDOWN_CHOICES,
        "texts": presenter_texts(),
    }


def presenter_texts() -> dict[str, str]:
    """The words live-presenter.js puts on the screen, in the member's interface language."""
    return {
        "answers_one": ngettext("%(count)s answer", "%(count)s answers", 1),
        "answers_other": ngettext("%(count)s answer", "%(count)s answers", 2),
        "pending": _("%(count)s waiting for approval"),
        "points": _("%(count)s points"),
        "mean": _("average %(value)s"),
        "seconds_left": _("%(seconds)s s left"),
        "answered": _("answered"),
        "no_answers": _("No answers yet."),
        "ended": _("The meeting has ended."),
        "next": _("Next"),
        "start": _("Start"),
        "refused": _("That cannot be done now."),
        "forbidden": _("You may not run this meeting (any more)."),
        "offline": _("No connection; trying again."),
        "confirm_close": _("End the meeting? Participants can then no longer answer."),
    }


@workspace_view
def presenter(request: HttpRequest, pk: int) -> HttpResponse:
    """The projector's screen: join code, link and QR always in view, the current prompt and its results."""
    session = get_session_for_member(request, pk)
    return render(request, "live/presenter.html", _context(request, session, role="screen"))


@workspace_view
def remote(request: HttpRequest, pk: int) -> HttpResponse:
    """The facilitator's phone: the same actions as the presenter screen's keys, in big buttons."""
    session = get_session_for_facilitator(request, pk)
    context = _context(request, session, role="remote")
    context["breadcrumbs"] = [
        {"label": _("Meetings"), "url": reverse("live:session_list", kwargs={"ws": request.workspace.slug})},
        {"label": session.text("title", "nl"), "url": context["detail_url"]},
        {"label": _("Remote control"), "url": ""},
    ]
    return render(request, "live/remote.html", context)
