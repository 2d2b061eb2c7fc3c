"""The participant's pages of a live meeting: /j/ (type the code), /j/<code>/ (language), /j/<code>/live/.

No account and no name. Choosing a language makes an anonymous participant and sets their signed token
in a cookie scoped to this meeting's path (`op_live`, HttpOnly, SameSite=Lax); the socket at
/j/<code>/socket/ gets it with its handshake. The pages work as plain forms without JavaScript
(each answer is a POST, then a redirect); with JavaScript, live-participant.js answers over the socket
and swaps in the same screen fragment the server renders here, so a reconnect shows what a fresh page
load shows. Like the parent questionnaire, the views are CSRF-exempt and use no session: a cross-site
form post carries no SameSite=Lax cookie, so it cannot answer for anyone.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from ouderpartner.core.client_ip import client_address
from ouderpartner.core.languages import PARENT_LANGUAGES
from ouderpartner.live import realtime
from ouderpartner.live.consumers import TOKEN_COOKIE
from ouderpartner.live.models import Entry, LiveSession, Participant, Prompt, Upvote, Vote
from ouderpartner.live.participant_texts import error_text, texts_for
from ouderpartner.live.participation import (
    LiveError,
    entry_submit,
    entry_upvote,
    entry_upvote_withdraw,
    normalise_code,
    participant_from_token,
    participant_join,
    participant_set_language,
    vote_submit,
)
from ouderpartner.live.payloads import SessionData, load_session_data, participant_state, text_direction

HONEYPOT = "website"
COOKIE_DAYS = 60  # a meeting that collects beforehand stays open for days


def _page(template: str, context: dict[str, Any], *, status: int = 200) -> HttpResponse:
    language = context.get("lang", "nl")
    context.setdefault("t", texts_for(language))
    context.setdefault("dir", text_direction(language))
    response = HttpResponse(render_to_string(f"live/participant/{template}", context), status=status)
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response


def _language_from(request: HttpRequest, offered: list[str] | None = None) -> str:
    asked = request.GET.get("lang") or request.POST.get("language") or ""
    offered = offered or list(PARENT_LANGUAGES)
    return asked if asked in offered else "nl"


class NotFound(Http404):
    pass


def _participant_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """An unknown code gets the participant's own "no meeting with this code" page, never the staff 404."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except Http404:
            language = _language_from(request)
            return _page(
                "enter_code.html",
                {
                    "lang": language,
                    "error": error_text("not_found", language),
                    "code": kwargs.get("code", ""),
                },
                status=404,
            )

    return wrapped


def _session(code: str) -> LiveSession:
    normalised = normalise_code(code)
    session = LiveSession.objects.filter(code=normalised).first() if normalised == code else None
    if session is None:
        raise NotFound
    return session


def _participant(request: HttpRequest, session: LiveSession) -> Participant | None:
    token = request.COOKIES.get(TOKEN_COOKIE, "")
    if not token:
        return None
    try:
        return participant_from_token(token=token, session=session)
    except LiveError:
        return None


def _languages(session: LiveSession) -> list[dict[str, str]]:
    return [
        {
            "code": code,
            "name": PARENT_LANGUAGES[code].native_name if code in PARENT_LANGUAGES else code,
            "dir": text_direction(code),
            "heading": texts_for(code)["choose_language"],
        }
        for code in (session.languages or ["nl"])
    ]


@require_http_methods(["GET", "HEAD"])
def enter_code(request: HttpRequest) -> HttpResponse:
    """/j/: type the code from the screen."""
    language = _language_from(request)
    code = request.GET.get("code", "")
    if code:
        normalised = normalise_code(code)
        if LiveSession.objects.filter(code=normalised).exists():
            return HttpResponseRedirect(reverse("live_participant:start", kwargs={"code": normalised}))
        return _page(
            "enter_code.html",
            {"lang": language, "code": code[:20], "error": error_text("not_found", language)},
            status=404,
        )
    return _page("enter_code.html", {"lang": language, "code": ""})


def _set_cookie(response: HttpResponse, session: LiveSession, token: str) -> None:
    response.set_cookie(
        TOKEN_COOKIE,
        token,
        max_age=COOKIE_DAYS * 24 * 3600,
        path=f"/j/{session.code}/",
        secure=settings.SECURE_COOKIES,
        httponly=True,
        samesite="Lax",
    )


@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
@_participant_page
def start(request: HttpRequest, code: str) -> HttpResponse:
    """/j/<code>/: the language buttons; choosing one joins (or, for someone who joined, changes language)."""
    session = _session(code)
    languages = _languages(session)
    offered = [item["code"] for item in languages]
    participant = _participant(request, session)
    live_url = reverse("live_participant:live", kwargs={"code": session.code})
    if request.method == "POST":
        language = request.POST.get("language", "")
        if language not in offered:
            return HttpResponseRedirect(request.path)
        if participant is not None:
            participant_set_language(participant=participant, language=language)
            return HttpResponseRedirect(live_url)
        if request.POST.get(HONEYPOT):
            return HttpResponseRedirect(request.path)
        if not realtime.limits.allow("join_address", realtime.address_key(client_address(request))):
            return _page(
                "message.html",
                {"lang": language, "title": session.text("title", language), "key": "busy"},
                status=429,
            )
        try:
            participant, token = participant_join(code=session.code, language=language)
        except LiveError as error:
            return _message(session, language, error.code)
        response = HttpResponseRedirect(live_url)
        _set_cookie(response, session, token)
        return response
    if participant is not None and "change" not in request.GET:
        return HttpResponseRedirect(live_url)
    return _page(
        "language.html",
        {
            "lang": offered[0] if offered else "nl",
            "languages": languages,
            "title": session.text("title", offered[0] if offered else "nl"),
            "honeypot": HONEYPOT,
        },
    )


def _message(session: LiveSession, language: str, code: str, *, status: int = 200) -> HttpResponse:
    key = {"closed": "closed", "not_open": "not_open"}.get(code, "server")
    return _page(
        "message.html",
        {"lang": language, "title": session.text("title", language), "key": key},
        status=status,
    )


# --- The live page ------------------------------------------------------------------------------------


def own_answers(participant: Participant) -> dict[str, Any]:
    """The participant's votes, texts and upvotes in the meeting, keyed by prompt (3 queries)."""
    votes = {
        prompt_id: {"choices": choices or [], "number": number}
        for prompt_id, choices, number in Vote.objects.filter(participant=participant).values_list(
            "prompt_id", "choices", "number"
        )
    }
    entries: dict[int, list[dict[str, Any]]] = {}
    for prompt_id, pk, text, status in (
        Entry.objects.filter(participant=participant)
        .order_by("created_at", "id")
        .values_list("prompt_id", "id", "text", "status")
    ):
        entries.setdefault(prompt_id, []).append({"id": pk, "text": text, "status": status})
    upvoted = set(Upvote.objects.filter(participant=participant).values_list("entry_id", flat=True))
    return {"votes": votes, "entries": entries, "upvoted": upvoted}


def questions_for(prompt_id: int) -> list[dict[str, Any]]:
    """The approved questions of a Q&A prompt, most supported first (what the socket's "questions" carry)."""
    return list(
        Entry.objects.filter(prompt_id=prompt_id, status=Entry.Status.APPROVED)
        .order_by("-upvotes", "created_at", "id")
        .values("id", "text", "upvotes", "answered")[:200]
    )


def screen_context(
    data: SessionData,
    language: str,
    *,
    code: str,
    prompt: dict[str, Any] | None,
    mine: dict[str, Any] | None = None,
    questions: list[dict[str, Any]] | None = None,
    error: str = "",
    posted: dict[str, Any] | None = None,
    collect: dict[str, Any] | None = None,
    state: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """What the screen fragment (live/participant/screen.html) needs: the same for the page and the socket."""
    state = state or participant_state(data, language)
    t = texts_for(state["language"])
    context: dict[str, Any] = {
        "t": t,
        "state": state,
        "prompt": prompt,
        "action": reverse("live_participant:live", kwargs={"code": code}),
        "error": error,
        "collect": collect,
        "answer": None,
        "entries": [],
        "upvoted": set(),
        "questions": questions,
        "posted": posted or {},
    }
    if prompt is None:
        return context
    if prompt.get("max_choices", 1) > 1:
        context["choose_up_to"] = t["choose_up_to"].replace("{n}", str(prompt["max_choices"]))
    if mine is not None:
        context["answer"] = mine["votes"].get(prompt["id"])
        context["entries"] = mine["entries"].get(prompt["id"], [])
        context["upvoted"] = mine["upvoted"]
    answer = context["answer"]
    chosen = list(answer["choices"]) if answer else []
    if prompt["kind"] == Prompt.Kind.RANKING:
        ranks = {value: index + 1 for index, value in enumerate(chosen)}
        places = list(range(1, len(prompt["options"]) + 1))
        context["rows"] = [
            {**option, "rank": ranks.get(option["value"]), "places": places} for option in prompt["options"]
        ]
    elif "options" in prompt:
        context["rows"] = [{**option, "checked": option["value"] in chosen} for option in prompt["options"]]
    elif "scale" in prompt:
        number = answer["number"] if answer else None
        context["rows"] = [
            {**point, "checked": point["value"] == number} for point in prompt["scale"]["points"]
        ]
        context["slider_value"] = (
            number if number is not None else (prompt["scale"]["min"] + prompt["scale"]["max"]) // 2
        )
    if answer:
        context["saved"] = t["saved"]
    elif context["entries"]:
        pending = any(entry["status"] == Entry.Status.PENDING for entry in context["entries"])
        context["saved"] = t["saved_pending"] if pending else t["saved"]
    context["can_send_more"] = len(context["entries"]) < prompt.get("max_entries", 0)
    return context


def render_screen(context: dict[str, Any]) -> str:
    return render_to_string("live/participant/screen.html", context)


def socket_screen(data: SessionData, state: dict[str, Any]) -> str | None:
    """The screen fragment of the socket's "state" message (without anyone's own answers). While the
    meeting collects beforehand the phone shows the prompts page by page, as plain pages: None."""
    if state["status"] == LiveSession.Status.COLLECTING:
        return None
    context = screen_context(
        data, state["language"], code=data.session.code, prompt=state["prompt"], state=state
    )
    return render_screen(context)


def _collect_position(request: HttpRequest, prompts: list[dict[str, Any]]) -> int:
    try:
        position = int(request.GET.get("p") or request.POST.get("p") or 1)
    except ValueError:
        position = 1
    return min(max(position, 1), max(len(prompts), 1))


@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
@_participant_page
def live(request: HttpRequest, code: str) -> HttpResponse:
    """/j/<code>/live/: the current prompt (or, while collecting, the prompts one by one)."""
    session = _session(code)
    participant = _participant(request, session)
    if participant is None:
        return HttpResponseRedirect(reverse("live_participant:start", kwargs={"code": session.code}))
    error = ""
    posted: dict[str, Any] = {}
    if request.method == "POST":
        error = _answer(request, participant)
        if not error:
            return HttpResponseRedirect(request.get_full_path())
        posted = {"text": request.POST.get("text", "")[:600]}
    data = load_session_data(session_id=session.pk)
    assert data is not None
    language = data.language_for(participant.language)
    state = participant_state(data, language)
    collect = None
    prompt = state["prompt"]
    if state["status"] == LiveSession.Status.COLLECTING and state["prompts"]:
        prompts = state["prompts"]
        position = _collect_position(request, prompts)
        prompt = prompts[position - 1]
        base = reverse("live_participant:live", kwargs={"code": session.code})
        collect = {
            "position": position,
            "total": len(prompts),
            "back": f"{base}?p={position - 1}" if position > 1 else "",
            "next": f"{base}?p={position + 1}" if position < len(prompts) else "",
            "p": position,
        }
    mine = own_answers(participant)
    questions = questions_for(prompt["id"]) if prompt and prompt["kind"] == Prompt.Kind.QA else None
    context = screen_context(
        data,
        language,
        code=session.code,
        prompt=prompt,
        mine=mine,
        questions=questions,
        error=error,
        posted=posted,
        collect=collect,
    )
    context.update(
        {
            "lang": language,
            "dir": state["dir"],
            "title": state["title"],
            "socket": f"/j/{session.code}/socket/",
            "language_url": reverse("live_participant:start", kwargs={"code": session.code}) + "?change=1",
            "mine": {
                "type": "mine",
                "votes": {str(k): v for k, v in mine["votes"].items()},
                "entries": {str(k): v for k, v in mine["entries"].items()},
                "upvoted": sorted(mine["upvoted"]),
            },
            "texts": texts_for(language),
        }
    )
    # Over a rate limit: 429, with the friendly text in the participant's language on the page.
    busy = bool(error) and error == error_text("busy", participant.language)
    return _page("live.html", context, status=429 if busy else 400 if error else 200)


def _answer(request: HttpRequest, participant: Participant) -> str:
    """Store a form's answer through the single-item services; "" or the error text to show."""
    language = participant.language
    try:
        prompt_id = int(request.POST.get("prompt", ""))
    except ValueError:
        return error_text("invalid", language)
    address = realtime.address_key(client_address(request))
    if not (
        realtime.limits.allow("submit_participant", participant.token_hash)
        and realtime.limits.allow("submit_address", address)
    ):
        return error_text("busy", language)
    action = request.POST.get("action", "")
    prompt = Prompt.objects.filter(pk=prompt_id, session_id=participant.session_id).first()
    is_text = prompt is not None and prompt.is_text
    try:
        if prompt is None:
            raise LiveError("not_found", "")
        if action in ("upvote", "unvote"):
            entry_id = int(request.POST.get("entry", "0") or 0)
            if action == "upvote":
                entry_upvote(participant=participant, entry_id=entry_id)
            else:
                entry_upvote_withdraw(participant=participant, entry_id=entry_id)
        elif prompt.is_text:
            entry_submit(participant=participant, prompt=prompt, text=request.POST.get("text", ""))
        elif prompt.kind == Prompt.Kind.SCALE:
            vote_submit(participant=participant, prompt=prompt, number=request.POST.get("number"))
        elif prompt.kind == Prompt.Kind.RANKING:
            vote_submit(participant=participant, prompt=prompt, choices=_ranking(request, prompt))
        else:
            vote_submit(participant=participant, prompt=prompt, choices=request.POST.getlist("choice"))
    except LiveError as error:
        return error_text(error.code, language, text_prompt=is_text)
    except ValueError:
        return error_text("invalid", language, text_prompt=is_text)
    return ""


def _ranking(request: HttpRequest, prompt: Prompt) -> list[str]:
    """The options in the order of the places chosen for them ("rank_<value>" = 1, 2, …); unranked left out."""
    places: dict[str, int] = {}
    for option in prompt.options.all():
        raw = request.POST.get(f"rank_{option.value}", "")
        if raw:
            places[option.value] = int(raw)
    if len(set(places.values())) != len(places):
        raise LiveError("invalid", "")
    return sorted(places, key=places.__getitem__)
