"""The parents' consultation pages: choose a language, read the intro, react to one plan per screen,
thank-you. /c/<code>/, no account.

They follow the parent questionnaire pages (voice/parent_views.py) and reuse their templates, the
read-aloud script and the stylesheet: no session and no cookies (CSRF-exempt views rendered without
the request's context processors), everything works without JavaScript, Dutch is the fallback for
a plan not yet written in the parent's language. What the parent answered so far travels with the
form, signed (so it cannot be forged into another framework's form), and is saved only when sent.
Sending is guarded by a honeypot and rate limits per hashed client and per framework.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core import signing
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from ouderpartner.core.client_ip import client_address
from ouderpartner.core.languages import PARENT_LANGUAGES
from ouderpartner.policy import consultation_selectors as selectors
from ouderpartner.policy import consultation_services as services
from ouderpartner.policy.consultation_forms import ReactionForm
from ouderpartner.policy.consultation_services import ParentError, ParentReaction
from ouderpartner.policy.consultation_texts import consultation_texts
from ouderpartner.policy.models import MAX_COMMENT_LENGTH, Ambition, PolicyFramework
from ouderpartner.voice.parent_texts import PARENT_TEXTS, parent_texts, text_direction
from ouderpartner.voice.parent_views import NOT_FOUND_PICTOGRAM, pictogram_url

HONEYPOT = "website"
PICTOGRAMS = {"agree": "1F44D", "disagree": "1F44E", "unsure": "1F914"}  # OpenMoji: 👍 👎 🤔
STATE_MAX_AGE = 24 * 60 * 60
SALT = "ouderpartner.policy.consultation"
ERROR_FIELDS = {"choose": "reaction", "too_long": "comment", "busy": "page"}


def _page(template: str, context: dict[str, Any], *, status: int = 200) -> HttpResponse:
    language = context.get("lang", "nl")
    context.setdefault("t", consultation_texts(language))
    context.setdefault("dir", text_direction(language))
    response = HttpResponse(render_to_string(template, context), status=status)
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response


class ParentNotFound(Http404):
    """Nothing at this parent address; `language` is the parent's, when it is known."""

    def __init__(self, language: str | None = None) -> None:
        super().__init__()
        self.language = language


def _not_found(request: HttpRequest, language: str | None = None) -> HttpResponse:
    """The parent questionnaire's "this link does not work" page (status 404), in the parent's language
    if known (or chosen with ?lang=), else Dutch with the other languages offered."""
    asked = request.GET.get("lang")
    chosen = next((code for code in (asked, language) if code in PARENT_TEXTS), "nl")
    others = [
        {"code": code, "name": PARENT_LANGUAGES[code].native_name, "dir": text_direction(code)}
        for code in PARENT_TEXTS
        if code != chosen and code in PARENT_LANGUAGES
    ]
    context = {
        "lang": chosen,
        "t": parent_texts(chosen),
        "pictogram": pictogram_url(NOT_FOUND_PICTOGRAM),
        "others": others,
        "path": request.path,
    }
    return _page("parent/not_found.html", context, status=404)


def _parent_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A parent never sees the staff 404 page: an unknown code or link gets the parent's own."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except Http404 as error:
            return _not_found(request, getattr(error, "language", None))

    return wrapped


@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def not_found(request: HttpRequest) -> HttpResponse:
    """Any other address under /c/ (a mistyped link)."""
    return _not_found(request)


def _framework(code: str) -> PolicyFramework:
    framework = selectors.framework_for_parent(code)
    if framework is None:
        raise ParentNotFound
    return framework


def _language(framework: PolicyFramework, lang: str) -> str:
    if lang not in selectors.parent_languages(framework):
        raise ParentNotFound(lang if lang in PARENT_LANGUAGES else None)
    return lang


def _closed(framework: PolicyFramework, language: str | None) -> HttpResponse:
    """A friendly "you cannot react any more" (410), in the parent's language or in every language."""
    languages = [language] if language else selectors.parent_languages(framework)
    messages = [
        {"lang": code, "dir": text_direction(code), "text": consultation_texts(code)["closed"]}
        for code in languages
    ]
    return _page("parent/message.html", {"lang": languages[0], "messages": messages}, status=410)


def _is_open(framework: PolicyFramework, ambitions: list[Ambition] | None = None) -> bool:
    if services.consultation_state(framework) != services.OPEN:
        return False
    return bool(ambitions if ambitions is not None else selectors.parent_ambitions(framework))


def _url(name: str, framework: PolicyFramework, language: str | None = None) -> str:
    kwargs = {"code": framework.consultation_code}
    if language:
        kwargs["lang"] = language
    return reverse(f"consultation:{name}", kwargs=kwargs)


def _in_language(texts: dict[str, str] | None, language: str, fallback: str = "") -> dict[str, str]:
    """The text in the parent's language, else in Dutch (else the staff's own), with the language it is in."""
    for code in (language, "nl"):
        if (texts or {}).get(code):
            return {"text": texts[code], "lang": code, "dir": text_direction(code)}
    return {"text": fallback, "lang": "nl", "dir": "ltr"}


# --- The answers so far, carried by the form -----------------------------------------------------


def _state_salt(framework: PolicyFramework, language: str) -> str:
    return f"{SALT}:{framework.pk}:{language}"


def _state_dump(framework: PolicyFramework, language: str, answers: dict[int, ParentReaction]) -> str:
    data = {str(pk): [answer.reaction, answer.text] for pk, answer in answers.items()}
    return signing.dumps(data, salt=_state_salt(framework, language), compress=True)


def _state_load(
    framework: PolicyFramework, language: str, value: str, ambitions: list[Ambition]
) -> dict[int, ParentReaction]:
    """The answers the form carried; a missing, forged or day-old state is an empty one."""
    try:
        data = signing.loads(value or "", salt=_state_salt(framework, language), max_age=STATE_MAX_AGE)
    except (signing.BadSignature, ValueError, TypeError):
        return {}
    known = {ambition.pk for ambition in ambitions}
    answers = {}
    for key, item in (data if isinstance(data, dict) else {}).items():
        if not (isinstance(key, str) and key.isdecimal() and int(key) in known):
            continue
        if isinstance(item, list) and len(item) == 2 and all(isinstance(part, str) for part in item):
            try:
                answers[int(key)] = services.reaction_parse(item[0], item[1])
            except ParentError:
                continue
    return answers


def _fingerprint(text: str) -> str:
    """Marks a text the parent was warned about: sent again unchanged, it is kept (for moderation)."""
    return hashlib.sha256(text.encode()).hexdigest()[:16]


# --- Views ---------------------------------------------------------------------------------------


@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
@_parent_page
def start(request: HttpRequest, code: str) -> HttpResponse:
    """The first screen: the language buttons, each language in its own script."""
    framework = _framework(code)
    languages = selectors.parent_languages(framework)
    if request.method == "POST":
        language = request.POST.get("language", "")
        if language not in languages:
            return HttpResponseRedirect(request.path)
        return HttpResponseRedirect(_url("intro", framework, language))
    if not _is_open(framework):
        return _closed(framework, None)
    choices = [
        {
            "code": code_,
            "name": PARENT_LANGUAGES[code_].native_name,
            "dir": text_direction(code_),
            "heading": consultation_texts(code_)["choose_language"],
        }
        for code_ in languages
    ]
    return _page(
        "parent/language.html",
        {
            "lang": languages[0],
            "languages": choices,
            "title": consultation_texts(languages[0])["title"],
            "honeypot": HONEYPOT,
        },
    )


def _intro(framework: PolicyFramework, language: str, ambitions: list[Ambition]) -> HttpResponse:
    t = consultation_texts(language)
    intro = _in_language(framework.consultation_intro, language)
    return _page(
        "policy/public/intro.html",
        {
            "lang": language,
            "title": t["title"],
            # The municipality's own words for this framework, else the general ones; then how many plans.
            "intro": intro
            if intro["text"]
            else {"text": t["intro"], "lang": language, "dir": text_direction(language)},
            "plans_count": t["plans_count"].replace("{n}", str(len(ambitions))),
            "action": _url("intro", framework, language),
            "back_url": _url("start", framework),
            "honeypot": HONEYPOT,
        },
    )


def _ambition_page(
    framework: PolicyFramework,
    language: str,
    ambitions: list[Ambition],
    answers: dict[int, ParentReaction],
    *,
    step: int,
    error: str = "",
    warning: bool = False,
    posted: ParentReaction | None = None,
    status: int = 200,
) -> HttpResponse:
    t = consultation_texts(language)
    ambition = ambitions[step - 1]
    current = posted or answers.get(ambition.pk)
    chosen = current.reaction if current else ""
    cards = [
        {
            "value": value,
            "label": t[value],
            "image": pictogram_url(PICTOGRAMS[value]),
            "checked": chosen == value,
        }
        for value in ("agree", "disagree", "unsure")
    ]
    title = _in_language(ambition.parent_title, language, ambition.title)
    text = _in_language(ambition.parent_text, language, "")
    total = len(ambitions)
    return _page(
        "policy/public/ambition.html",
        {
            "lang": language,
            "title": title["text"],
            "heading": title,
            "text": text if text["text"] else None,
            "cards": cards,
            "comment": current.text if current else "",
            "error": t.get(error, "") if error else "",
            "error_field": ERROR_FIELDS.get(error, "reaction"),
            "warning": warning,
            "checked": _fingerprint(current.text) if warning and current else "",
            "position": step,
            "total": total,
            "next_label": t["send"] if step == total else t["next"],
            "action": _url("intro", framework, language),
            "state": _state_dump(framework, language, answers),
            "step": step,
            "honeypot": HONEYPOT,
            "max_length": MAX_COMMENT_LENGTH,
        },
        status=status,
    )


def _thanks(framework: PolicyFramework, language: str) -> HttpResponse:
    t = consultation_texts(language)
    return _page(
        "parent/thanks.html",
        {"lang": language, "title": t["thanks"], "thank_you": t["thanks_text"], "feedback": []},
    )


@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
@_parent_page
def intro(request: HttpRequest, code: str, lang: str) -> HttpResponse:
    """GET: the intro. POST: one plan per screen; the form carries the step and the answers so far."""
    framework = _framework(code)
    language = _language(framework, lang)
    ambitions = selectors.parent_ambitions(framework)
    if not _is_open(framework, ambitions):
        return _closed(framework, language)
    if request.method != "POST":
        return _intro(framework, language, ambitions)
    if request.POST.get(HONEYPOT):
        return _thanks(framework, language)  # a robot filled the hidden field: nothing is saved
    answers = _state_load(framework, language, request.POST.get("state", ""), ambitions)
    try:
        step = int(request.POST.get("step", "0"))
    except ValueError:
        step = 0
    if not 0 <= step <= len(ambitions):
        step = 0
    going_back = request.POST.get("action") == "back"
    if step == 0:  # the intro's "Begin"
        return _ambition_page(framework, language, ambitions, answers, step=1)
    ambition = ambitions[step - 1]
    form = ReactionForm(request.POST)
    try:
        answer = services.reaction_parse(form.raw("reaction"), form.raw("comment"))
    except ParentError as error:
        if going_back:
            return _go_back(framework, language, ambitions, answers, step=step)
        posted = ParentReaction(reaction=form.raw("reaction"), text=form.raw("comment")[:MAX_COMMENT_LENGTH])
        return _ambition_page(
            framework, language, ambitions, answers, step=step, error=error.code, posted=posted
        )
    answers[ambition.pk] = answer
    if going_back:
        return _go_back(framework, language, ambitions, answers, step=step)
    if services.looks_personal(answer.text) and request.POST.get("checked") != _fingerprint(answer.text):
        return _ambition_page(framework, language, ambitions, answers, step=step, warning=True)
    if step < len(ambitions):
        return _ambition_page(framework, language, ambitions, answers, step=step + 1)
    return _send(request, framework, language, ambitions, answers)


def _go_back(
    framework: PolicyFramework,
    language: str,
    ambitions: list[Ambition],
    answers: dict[int, ParentReaction],
    *,
    step: int,
) -> HttpResponse:
    if step <= 1:
        return _intro(framework, language, ambitions)
    return _ambition_page(framework, language, ambitions, answers, step=step - 1)


def _send(
    request: HttpRequest,
    framework: PolicyFramework,
    language: str,
    ambitions: list[Ambition],
    answers: dict[int, ParentReaction],
) -> HttpResponse:
    step = len(ambitions)
    if not services.comments_send_allowed(framework=framework, client_address=client_address(request)):
        # Nothing is lost: the last screen again, with its answers, and the "too busy" message.
        return _ambition_page(framework, language, ambitions, answers, step=step, error="busy", status=429)
    missing = next((i for i, a in enumerate(ambitions, start=1) if a.pk not in answers), None)
    if missing is not None:  # a screen was skipped (an old or edited form): go there
        return _ambition_page(framework, language, ambitions, answers, step=missing, error="choose")
    try:
        services.comments_send(framework=framework, language=language, reactions=answers)
    except ParentError as error:
        if error.code == "closed":
            return _closed(framework, language)
        return _ambition_page(framework, language, ambitions, answers, step=step, error=error.code)
    response = HttpResponseRedirect(_url("thanks", framework, language))
    response.status_code = 303  # see the thank-you with GET; a reload sends nothing twice
    return response


@require_http_methods(["GET", "HEAD"])
@_parent_page
def thanks(request: HttpRequest, code: str, lang: str) -> HttpResponse:
    """The thank-you: what happens with the comments."""
    framework = _framework(code)
    language = _language(framework, lang)
    return _thanks(framework, language)
