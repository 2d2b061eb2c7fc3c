"""The parent's answering: starting a response, saving answers, conditions, rate limits and sending.

Nothing here identifies a parent. The response token (32 random bytes) is the only secret: it is
in the URL of every step, so no cookie or session is needed. The client's IP address is used only
as part of a hashed key in the cache for rate limiting, for at most ten minutes, and never stored.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import QueryDict
from django.utils import timezone

from ouderpartner.core.languages import PARENT_LANGUAGES
from ouderpartner.core.models import Membership
from ouderpartner.voice import tallies
from ouderpartner.voice.distributions import OPEN, distribution_state
from ouderpartner.voice.models import Answer, Distribution, Question, Questionnaire, Response

RATE_WINDOW_SECONDS = 10 * 60
RATE_PER_CLIENT = 30
RATE_PER_DISTRIBUTION = 2000
SHORT_TEXT_MAX = 300
LONG_TEXT_MAX = 5000
NUMBER_LIMIT = 1_000_000


class ParentError(Exception):
    """An answer the parent must correct; `code` picks the message in the parent's language."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


# --- selectors ---------------------------------------------------------------------------------


def distribution_for_parent(code: str) -> Distribution | None:
    return (
        Distribution.objects.select_related("questionnaire", "workspace", "location")
        .filter(code=code)
        .first()
    )


def response_for_parent(distribution: Distribution, token: str) -> Response | None:
    if not token or len(token) > 43:
        return None
    return Response.objects.filter(distribution=distribution, token=token).first()


def is_open(distribution: Distribution) -> bool:
    return distribution_state(distribution) == OPEN


def offered_languages(questionnaire: Questionnaire) -> list[str]:
    """The questionnaire's languages (else the workspace's parent languages, else Dutch), known codes only."""
    codes = questionnaire.languages or questionnaire.workspace.parent_languages or ["nl"]
    return [code for code in codes if code in PARENT_LANGUAGES] or ["nl"]


def questions_of(questionnaire: Questionnaire) -> list[Question]:
    return list(questionnaire.questions.prefetch_related("options").order_by("position", "id"))


def answers_of(response: Response) -> dict[int, Answer]:
    return {answer.question_id: answer for answer in response.answers.all()}


def _matches(answer: Answer | None, value: str) -> bool:
    if answer is None:
        return False
    if value in [str(choice) for choice in answer.choices]:
        return True
    return answer.number is not None and str(answer.number) == value


def visible_questions(questions: list[Question], answers: dict[int, Answer]) -> list[Question]:
    """The questions shown with these answers: a condition needs its question shown and answered so."""
    shown: list[Question] = []
    shown_ids: set[int] = set()
    for question in questions:
        parent_id = question.show_if_question_id
        if parent_id is None or (
            parent_id in shown_ids and _matches(answers.get(parent_id), question.show_if_value)
        ):
            shown.append(question)
            shown_ids.add(question.pk)
    return shown


@dataclass
class ParsedAnswer:
    choices: list[str] = field(default_factory=list)
    number: int | None = None
    text: str = ""

    @property
    def is_empty(self) -> bool:
        return not self.choices and self.number is None and not self.text


def answer_parse(question: Question, data: QueryDict) -> ParsedAnswer:
    """Read a question's answer from the posted form (field name "answer"); unknown choices are ignored."""
    values = [v.strip() for v in data.getlist("answer") if isinstance(v, str)]
    kinds = Question.Kind
    if question.kind in (kinds.SINGLE_CHOICE, kinds.PICTOGRAM, kinds.MULTIPLE_CHOICE):
        allowed = [option.value for option in question.options.all()]
        chosen = [v for v in allowed if v in values]
        if question.kind != kinds.MULTIPLE_CHOICE:
            chosen = chosen[:1]
        return ParsedAnswer(choices=chosen)
    if question.kind == kinds.YES_NO:
        return ParsedAnswer(choices=[v for v in ("yes", "no") if v in values][:1])
    raw = values[0] if values else ""
    if question.kind in (kinds.SCALE, kinds.NUMBER):
        if not raw:
            return ParsedAnswer()
        try:
            number = int(raw.replace(" ", ""))
        except ValueError:
            raise ParentError("number") from None
        if question.kind == kinds.SCALE and not question.scale_min <= number <= question.scale_max:
            raise ParentError("number")
        if abs(number) > NUMBER_LIMIT:
            raise ParentError("number")
        return ParsedAnswer(number=number)
    limit = SHORT_TEXT_MAX if question.kind == kinds.SHORT_TEXT else LONG_TEXT_MAX
    return ParsedAnswer(text=raw[:limit])


# --- rate limiting -----------------------------------------------------------------------------


def _window_count(key: str) -> int:
    window = int(time.time() // RATE_WINDOW_SECONDS)
    full_key = f"voice:rate:{key}:{window}"
    cache.add(full_key, 0, RATE_WINDOW_SECONDS)
    try:
        return cache.incr(full_key)
    except ValueError:  # expired between add and incr
        cache.set(full_key, 1, RATE_WINDOW_SECONDS)
        return 1


def client_key(client_address: str, distribution: Distribution) -> str:
    """A one-way, keyed hash of the address and the distribution; only ever kept in the cache."""
    material = f"{settings.SECRET_KEY}|{client_address}|{distribution.pk}".encode()
    return hashlib.sha256(material).hexdigest()


def response_start_allowed(*, distribution: Distribution, client_address: str) -> bool:
    """Count one new response for this client and distribution; False when over a limit."""
    if _window_count(f"c:{client_key(client_address, distribution)}") > RATE_PER_CLIENT:
        return False
    return _window_count(f"d:{distribution.pk}") <= RATE_PER_DISTRIBUTION


# --- services ----------------------------------------------------------------------------------


def may_assist(user: object, distribution: Distribution) -> bool:
    """Assisted mode: a signed-in member of the distribution's workspace fills in with a parent."""
    if not getattr(user, "is_authenticated", False):
        return False
    return Membership.objects.filter(user=user, workspace_id=distribution.workspace_id).exists()


def response_start(*, distribution: Distribution, language: str, assisted: bool = False) -> Response:
    questionnaire = distribution.questionnaire
    if language not in offered_languages(questionnaire):
        raise ValidationError({"language": "unknown language"})
    location = distribution.location
    response = Response(
        workspace_id=distribution.workspace_id,
        questionnaire=questionnaire,
        distribution=distribution,
        location=location,
        neighbourhood_id=location.neighbourhood_id if location else None,
        language=language,
        token=secrets.token_urlsafe(32),
        assisted=assisted,
    )
    response.full_clean()
    response.save()
    return response


def answer_save(*, response: Response, question: Question, parsed: ParsedAnswer) -> Answer | None:
    """Save (or, when empty, remove) the answer to one question of an unsent response."""
    if response.submitted_at is not None:
        raise ValidationError("This response has been sent and cannot be changed.")
    if question.questionnaire_id != response.questionnaire_id:
        raise ValidationError("This question is not in the questionnaire.")
    if parsed.is_empty:
        Answer.objects.filter(response=response, question=question).delete()
        return None
    answer, _created = Answer.objects.update_or_create(
        response=response,
        question=question,
        defaults={"choices": parsed.choices, "number": parsed.number, "text": parsed.text},
    )
    return answer


@transaction.atomic
def response_submit(*, response: Response, questions: list[Question]) -> Response:
    """Send the response: answers to questions that are no longer shown are dropped; then it is final."""
    locked = Response.objects.select_for_update().get(pk=response.pk)
    if locked.submitted_at is not None:
        return locked
    answers = answers_of(locked)
    shown = {q.pk for q in visible_questions(questions, answers)}
    missing = [q for q in questions if q.pk in shown and q.required and q.pk not in answers]
    if missing:
        raise ParentError("required")
    Answer.objects.filter(response=locked).exclude(question_id__in=shown).delete()
    locked.submitted_at = timezone.now()
    locked.save(update_fields=["submitted_at"])
    tallies.tally_add_response(response_id=locked.pk)  # counted on the results page at once
    return locked


def response_discard(*, response: Response) -> None:
    """A filled honeypot: the response silently disappears (unless already sent)."""
    if response.submitted_at is None:
        response.delete()
