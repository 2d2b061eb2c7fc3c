"""The parent's pages: choose a language, read the intro, answer one question per screen, thank-you.

No session and no cookies: the views are CSRF-exempt and render without the request's context
processors (nothing reads or creates a session). The state lives in the URL: the response token
(32 random bytes, `secrets.token_urlsafe`) is the form's own secret, so a forged cross-site POST
cannot reach someone's response. Starting a response needs no secret; it is guarded by a honeypot
and rate limits. Only assisted mode (`?assisted=1`) reads the signed-in professional's session.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache, wraps
from typing import Any

from django.contrib.staticfiles import finders
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from ouderpartner.core.client_ip import client_address
from ouderpartner.core.languages import PARENT_LANGUAGES
from ouderpartner.voice import answering, recordings
from ouderpartner.voice.answering import ParentError
from ouderpartner.voice.feedback import feedback_for_thank_you
from ouderpartner.voice.models import Distribution, Question, Questionnaire, Response
from ouderpartner.voice.parent_texts import PARENT_TEXTS, parent_texts, text_direction

HONEYPOT = "website"
FACES = ["2639", "1F641", "1F610", "1F642", "1F600"]  # frowning … grinning (OpenMoji)
YES_NO_PICTOGRAMS = {"yes": "1F44D", "no": "1F44E"}
NOT_FOUND_PICTOGRAM = "2753"  # a question mark (OpenMoji)


@lru_cache(maxsize=2048)
def pictogram_url(code: str) -> str:
    """The OpenMoji picture's URL if that picture is in static/vendor/openmoji, else ""."""
    if not code:
        return ""
    path = f"vendor/openmoji/{code}.svg"
    return static(path) if finders.find(path) else ""


def _shown_language(texts: dict[str, str], language: str) -> str:
    """The language a text is really shown in: the parent's, else Dutch, else the first there is."""
    texts = texts or {}
    for code in (language, "nl"):
        if texts.get(code):
            return code
    return next(iter(texts), "")


def _recording_url(questionnaire_id: int, audio: object, texts: dict[str, str], language: str) -> str:
    """The uploaded recording to play with a text: the one in the parent's language; when the text is
    shown in Dutch for want of a translation, the Dutch one. "" lets the phone read the text itself."""
    values = audio if isinstance(audio, dict) else {}
    url = recordings.url(questionnaire_id, values.get(language))
    shown = _shown_language(texts, language)
    if not url and shown != language:
        url = recordings.url(questionnaire_id, values.get(shown))
    return url


def _questionnaire_recording(questionnaire: Questionnaire, text: str, language: str) -> str:
    audio = questionnaire.audio if isinstance(questionnaire.audio, dict) else {}
    return _recording_url(questionnaire.pk, audio.get(text), getattr(questionnaire, text), language)


def _page(template: str, context: dict[str, Any], *, status: int = 200) -> HttpResponse:
    language = context.get("lang", "nl")
    context.setdefault("t", parent_texts(language))
    context.setdefault("dir", text_direction(language))
    response = HttpResponse(render_to_string(f"parent/{template}", context), status=status)
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response


def _closed(distribution: Distribution, language: str | None) -> HttpResponse:
    languages = [language] if language else answering.offered_languages(distribution.questionnaire)
    messages = [
        {"lang": code, "dir": text_direction(code), "text": parent_texts(code)["closed"]}
        for code in languages
    ]
    return _page("message.html", {"lang": languages[0], "messages": messages}, status=410)


def _step_url(distribution: Distribution, response: Response, step: int) -> str:
    return reverse("parent:step", kwargs={"code": distribution.code, "token": response.token, "step": step})


def _done_url(distribution: Distribution, response: Response) -> str:
    return reverse("parent:done", kwargs={"code": distribution.code, "token": response.token})


class ParentNotFound(Http404):
    """Nothing at this parent address; `language` is the parent's, when it is known."""

    def __init__(self, language: str | None = None) -> None:
        super().__init__()
        self.language = language


def _not_found(request: HttpRequest, language: str | None = None) -> HttpResponse:
    """ "This link does not work": in the parent's language if known (or picked here), else Dutch, with
    the other languages offered as links to this same page. Status 404."""
    asked = request.GET.get("lang")
    if request.method == "POST":
        asked = asked or request.POST.get("language")
    chosen = next((code for code in (asked, language) if code in PARENT_TEXTS), "nl")
    others = [
        {"code": code, "name": PARENT_LANGUAGES[code].native_name, "dir": text_direction(code)}
        for code in PARENT_TEXTS
        if code != chosen and code in PARENT_LANGUAGES
    ]
    context = {
        "lang": chosen,
        "pictogram": pictogram_url(NOT_FOUND_PICTOGRAM),
        "others": others,
        "path": request.path,
    }
    return _page("not_found.html", context, status=404)


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
    """Any other address under /q/ (a mistyped link)."""
    return _not_found(request)


# The parent's pages are read far more often than anything else (issue 9: their throughput against a bare
# Django view). Building an ORM query costs more CPU here than running it, so each page builds as few as it
# can: no ordering where at most one row can match (the code and the token are unique), and on the steps the
# response, its distribution and questionnaire in one query (the steps need neither workspace nor place).
def _distribution(code: str, *, starting: bool = False) -> Distribution:
    """The distribution with its questionnaire; with its place too when a response is `starting`."""
    related = ("questionnaire", "location") if starting else ("questionnaire",)
    distribution = next(
        iter(Distribution.objects.select_related(*related).filter(code=code).order_by()[:1]), None
    )
    if distribution is None:
        raise ParentNotFound
    return distribution


def _distribution_and_response(code: str, token: str) -> tuple[Distribution, Response]:
    """The response with this token on the distribution with this code (one query), else 404."""
    if not token or len(token) > 43:
        raise ParentNotFound
    response = next(
        iter(
            Response.objects.select_related("distribution__questionnaire")
            .filter(distribution__code=code, token=token)
            .order_by()[:1]
        ),
        None,
    )
    if response is None:
        raise ParentNotFound
    return response.distribution, response


def _in_language(texts: dict[str, str], language: str) -> dict[str, str] | None:
    """The text in the parent's language, else in Dutch, with the language it is really in."""
    for code in (language, "nl"):
        if (texts or {}).get(code):
            return {"text": texts[code], "lang": code, "dir": text_direction(code)}
    return None


def _thanks(distribution: Distribution, language: str) -> HttpResponse:
    questionnaire = distribution.questionnaire
    return _page(
        "thanks.html",
        {
            "lang": language,
            "title": questionnaire.text("title", language),
            "thank_you": questionnaire.text("thank_you", language),
            "thank_you_audio": _questionnaire_recording(questionnaire, "thank_you", language),
            "feedback": [
                {"said": _in_language(item.said, language), "done": _in_language(item.done, language)}
                for item in feedback_for_thank_you(questionnaire=questionnaire)
            ],
        },
    )


@csrf_exempt
@require_http_methods(["GET", "POST"])
@_parent_page
def start(request: HttpRequest, code: str) -> HttpResponse:
    """The first screen: the language buttons. Choosing one starts a response."""
    distribution = _distribution(code, starting=request.method == "POST")
    questionnaire = distribution.questionnaire
    languages = answering.offered_languages(questionnaire)
    if not answering.is_open(distribution):
        chosen = request.POST.get("language") if request.method == "POST" else None
        return _closed(distribution, chosen if chosen in languages else None)
    if request.method == "POST":
        language = request.POST.get("language", "")
        if language not in languages:
            return HttpResponseRedirect(request.path)
        if request.POST.get(HONEYPOT):
            return _thanks(distribution, language)
        client = client_address(request)
        if not answering.response_start_allowed(distribution=distribution, client_address=client):
            return _page("message.html", {"lang": language, "busy": True}, status=429)
        assisted = request.POST.get("assisted") == "1" and answering.may_assist(request.user, distribution)
        response = answering.response_start(distribution=distribution, language=language, assisted=assisted)
        return HttpResponseRedirect(_step_url(distribution, response, 0))
    choices = [
        {
            "code": code_,
            "name": PARENT_LANGUAGES[code_].native_name,
            "dir": text_direction(code_),
            "heading": parent_texts(code_)["choose_language"],
        }
        for code_ in languages
    ]
    return _page(
        "language.html",
        {
            "lang": languages[0],
            "dir": text_direction(languages[0]),
            "languages": choices,
            "title": questionnaire.text("title", languages[0]),
            "assisted": request.GET.get("assisted") == "1",
            "honeypot": HONEYPOT,
        },
    )


def _option_cards(question: Question, language: str, chosen: list[str], number: int | None) -> list[dict]:
    kinds = Question.Kind
    texts = parent_texts(language)
    if question.kind == kinds.YES_NO:
        return [
            {
                "value": value,
                "label": texts[value],
                "image": pictogram_url(YES_NO_PICTOGRAMS[value]),
                "checked": value in chosen,
            }
            for value in ("yes", "no")
        ]
    if question.kind == kinds.SCALE:
        low, high = question.scale_min, question.scale_max
        span = max(high - low, 1)
        return [
            {
                "value": str(n),
                "label": str(n),
                "image": pictogram_url(FACES[round((n - low) / span * (len(FACES) - 1))]),
                "checked": number == n,
            }
            for n in range(low, high + 1)
        ]
    cards = []
    for option in question.options.all():
        labels = option.label or {}
        image = option.image.url if option.image else pictogram_url(option.pictogram)
        cards.append(
            {
                "value": option.value,
                "label": labels.get(language)
                or labels.get("nl")
                or next(iter(labels.values()), option.value),
                "image": image,
                "audio": _recording_url(question.questionnaire_id, option.audio, labels, language),
                "checked": option.value in chosen,
            }
        )
    return cards


def _question_page(
    distribution: Distribution,
    response: Response,
    question: Question,
    *,
    step: int,
    visible: list[Question],
    answer: Any,
    error: str = "",
    posted: str | None = None,
) -> HttpResponse:
    language = response.language
    kinds = Question.Kind
    chosen = list(answer.choices) if answer is not None else []
    number = answer.number if answer is not None else None
    position = visible.index(question) + 1 if question in visible else 1
    is_last = position == len(visible)
    if posted is not None:
        value = posted
    elif question.kind == kinds.NUMBER and number is not None:
        value = str(number)
    else:
        value = answer.text if answer is not None else ""
    texts = question.text or {}
    hints = question.hint or {}
    t = parent_texts(language)
    return _page(
        "question.html",
        {
            "lang": language,
            "title": distribution.questionnaire.text("title", language),
            "question": question,
            "text": texts.get(language) or texts.get("nl") or next(iter(texts.values()), ""),
            "hint": hints.get(language) or hints.get("nl") or "",
            "audio": _recording_url(question.questionnaire_id, question.audio, texts, language),
            "cards": _option_cards(question, language, chosen, number)
            if question.kind not in (kinds.NUMBER, kinds.SHORT_TEXT, kinds.LONG_TEXT)
            else [],
            "multiple": question.kind == kinds.MULTIPLE_CHOICE,
            "value": value,
            "position": position,
            "total": len(visible),
            "next_label": t["send"] if is_last else t["next"],
            "error": t.get(error, "") if error else "",
            "action": _step_url(distribution, response, step),
            "honeypot": HONEYPOT,
            "max_length": answering.SHORT_TEXT_MAX
            if question.kind == kinds.SHORT_TEXT
            else answering.LONG_TEXT_MAX,
        },
    )


@csrf_exempt
@require_http_methods(["GET", "POST"])
@_parent_page
def step(request: HttpRequest, code: str, token: str, step: int) -> HttpResponse:
    """Step 0 is the intro; step n is the n-th question of the questionnaire (hidden ones are skipped)."""
    distribution, response = _distribution_and_response(code, token)
    if response.submitted_at is not None:
        return HttpResponseRedirect(_done_url(distribution, response))
    if not answering.is_open(distribution):
        return _closed(distribution, response.language)
    questionnaire = distribution.questionnaire
    # The questions in order, without their answer options: only the question on this screen needs those
    # (loaded below when it has any), not the intro, the redirects or the other questions' conditions.
    questions = list(questionnaire.questions.order_by("position", "id"))
    if step > len(questions):
        raise ParentNotFound(response.language)
    if request.method == "POST" and request.POST.get(HONEYPOT):
        answering.response_discard(response=response)
        return _thanks(distribution, response.language)
    answers = {answer.question_id: answer for answer in response.answers.order_by()}
    visible = answering.visible_questions(questions, answers)
    if step == 0:
        if request.method == "POST":
            return _go_forward(distribution, response, questions, visible, after=0)
        language = response.language
        return _page(
            "intro.html",
            {
                "lang": language,
                "title": questionnaire.text("title", language),
                "title_audio": _questionnaire_recording(questionnaire, "title", language),
                "intro": questionnaire.text("intro", language),
                "intro_audio": _questionnaire_recording(questionnaire, "intro", language),
                "action": _step_url(distribution, response, 0),
                "back_url": reverse("parent:start", kwargs={"code": distribution.code}),
                "total": len(visible),
                "honeypot": HONEYPOT,
            },
        )
    question = questions[step - 1]
    if question not in visible:
        return _go_forward(distribution, response, questions, visible, after=step)
    if question.has_options and request.method == "POST":
        # Read when parsing the answer and again when the screen is shown with an error: loaded once.
        # A GET reads them once (in _option_cards), by a plain query.
        prefetch_related_objects([question], "options")
    if request.method == "GET":
        return _question_page(
            distribution, response, question, step=step, visible=visible, answer=answers.get(question.pk)
        )
    going_back = request.POST.get("action") == "back"
    try:
        parsed = answering.answer_parse(question, request.POST)
    except ParentError as error:
        if going_back:
            return _go_back(distribution, response, questions, visible, before=step)
        return _question_page(
            distribution,
            response,
            question,
            step=step,
            visible=visible,
            answer=answers.get(question.pk),
            error=error.code,
            posted=request.POST.get("answer", ""),
        )
    saved = answering.answer_save(response=response, question=question, parsed=parsed)
    if saved is None:
        answers.pop(question.pk, None)
    else:
        answers[question.pk] = saved
    visible = answering.visible_questions(questions, answers)
    if going_back:
        return _go_back(distribution, response, questions, visible, before=step)
    if question.required and parsed.is_empty:
        return _question_page(
            distribution, response, question, step=step, visible=visible, answer=None, error="required"
        )
    return _go_forward(distribution, response, questions, visible, after=step)


def _go_forward(
    distribution: Distribution, response: Response, questions: list[Question], visible: list, *, after: int
) -> HttpResponse:
    for index in range(after, len(questions)):
        if questions[index] in visible:
            return HttpResponseRedirect(_step_url(distribution, response, index + 1))
    try:
        answering.response_submit(response=response, questions=questions)
    except ParentError:
        # A required question is still open (e.g. a skipped step): go there.
        answers = answering.answers_of(response)
        for index, question in enumerate(questions):
            if question in visible and question.required and question.pk not in answers:
                return HttpResponseRedirect(_step_url(distribution, response, index + 1))
    return HttpResponseRedirect(_done_url(distribution, response))


def _go_back(
    distribution: Distribution, response: Response, questions: list[Question], visible: list, *, before: int
) -> HttpResponse:
    for index in range(before - 2, -1, -1):
        if questions[index] in visible:
            return HttpResponseRedirect(_step_url(distribution, response, index + 1))
    return HttpResponseRedirect(_step_url(distribution, response, 0))


@require_http_methods(["GET"])
@_parent_page
def done(request: HttpRequest, code: str, token: str) -> HttpResponse:
    distribution, response = _distribution_and_response(code, token)
    if response.submitted_at is None:
        return HttpResponseRedirect(_step_url(distribution, response, 0))
    return _thanks(distribution, response.language)
