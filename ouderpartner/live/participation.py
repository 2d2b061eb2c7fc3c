"""What a participant does: join with a code, vote, send a text, upvote a question.

Two layers. Pure functions (no queries) check tokens, state and input: `participant_token_new`,
`token_hash_of`, `answer_allowed`, `vote_clean`, `entry_clean`, `entry_initial_status`. The realtime
layer calls them on objects it holds in memory and writes in batches. The single-item services
(`participant_join`, `vote_submit`, `entry_submit`, `entry_upvote`) use the same checks and write one
row each, safe under concurrency through the unique constraints; the form pages without JavaScript and
the tests use them.

Every refusal is a `LiveError` with a machine `code` and a message in the participant's language.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import unicodedata
from datetime import datetime
from typing import Any

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ouderpartner.live import events
from ouderpartner.live.models import Entry, LiveSession, Participant, Prompt, Upvote, Vote
from ouderpartner.live.wordfilter import WordMatcher, matcher_for_workspace

TOKEN_SALT = "ouderpartner.live.participant"
_SPACES = re.compile(r"\s+")
_CONTROL = {"Cc", "Cf", "Cs", "Co", "Cn"}


class LiveError(ValidationError):
    """A refusal a participant can understand; `code` tells a client what happened."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message, code=code)


# --- Tokens -------------------------------------------------------------------------------------------


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def participant_token_new(*, session_id: int) -> tuple[str, str]:
    """A signed token for a new participant of this session, and the hash to store (no query)."""
    secret = secrets.token_urlsafe(24)
    return signing.dumps([session_id, secret], salt=TOKEN_SALT), _hash(secret)


def token_hash_of(token: str, *, session_id: int) -> str | None:
    """The stored hash a token stands for, or None when it is forged or for another session (no query)."""
    if not isinstance(token, str) or len(token) > 200:
        return None
    try:
        data = signing.loads(token, salt=TOKEN_SALT)
    except signing.BadSignature:
        return None
    if not (isinstance(data, list) and len(data) == 2 and data[0] == session_id and isinstance(data[1], str)):
        return None
    return _hash(data[1])


def participant_from_token(*, token: str, session: LiveSession) -> Participant:
    token_hash = token_hash_of(token, session_id=session.pk)
    participant = (
        Participant.objects.filter(session=session, token_hash=token_hash).first() if token_hash else None
    )
    if participant is None:
        raise LiveError("bad_token", _("We do not recognise you in this meeting. Join again with the code."))
    participant.session = session
    return participant


# --- Pure checks --------------------------------------------------------------------------------------


def normalise_code(code: str) -> str:
    return "".join(ch for ch in str(code) if ch.isdecimal())[:8]


def collect_window_open(session: LiveSession, now: datetime | None = None) -> bool:
    now = now or timezone.now()
    if session.collect_opens_at and now < session.collect_opens_at:
        return False
    return not (session.collect_closes_at and now >= session.collect_closes_at)


def session_joinable(session: LiveSession, now: datetime | None = None) -> None:
    if session.status == LiveSession.Status.DRAFT:
        raise LiveError("not_open", _("This meeting has not started yet. Try again when it begins."))
    if session.status == LiveSession.Status.CLOSED:
        raise LiveError("closed", _("This meeting has ended. Thank you for taking part."))
    if session.status == LiveSession.Status.COLLECTING and not collect_window_open(session, now):
        raise LiveError("not_open", _("You cannot send anything for this meeting at the moment."))


def voting_locked(session: LiveSession, now: datetime | None = None) -> bool:
    """Locked by the facilitator, or the countdown has run out."""
    if session.voting_locked:
        return True
    return bool(session.countdown_ends_at and (now or timezone.now()) >= session.countdown_ends_at)


def answer_allowed(
    *, session: LiveSession, prompt: Prompt, participant_blocked: bool = False, now: datetime | None = None
) -> None:
    """May a participant answer this prompt now? Raises LiveError when not (no query)."""
    if participant_blocked:
        raise LiveError("blocked", _("You can no longer send anything in this meeting."))
    session_joinable(session, now)
    if prompt.session_id != session.pk:
        raise LiveError("not_found", _("This question is not part of the meeting."))
    if session.status == LiveSession.Status.COLLECTING:
        if not prompt.collect:
            raise LiveError("not_current", _("This question opens during the meeting."))
        return
    if session.current_prompt_id != prompt.pk:
        raise LiveError(
            "not_current", _("This question is closed. Look at the screen for the current question.")
        )
    if voting_locked(session, now):
        raise LiveError("locked", _("Answering is closed for this question."))


def vote_clean(
    *,
    prompt: Prompt,
    option_values: list[str],
    choices: Any = None,
    number: Any = None,
) -> tuple[list[str], int | None]:
    """The vote as it is stored: chosen option values (ordered for a ranking) or a number (no query)."""
    kind = prompt.kind
    if kind in Prompt.TEXT_KINDS:
        raise LiveError("invalid", _("This question asks for a text, not a choice."))
    if kind == Prompt.Kind.SCALE:
        try:
            value = int(number)
        except (TypeError, ValueError):
            raise LiveError("invalid", _("Choose a point on the scale.")) from None
        if not prompt.scale_min <= value <= prompt.scale_max:
            raise LiveError("invalid", _("Choose a point on the scale."))
        return [], value
    if isinstance(choices, str):
        choices = [choices]
    if not isinstance(choices, list | tuple) or not all(isinstance(c, str) for c in choices):
        raise LiveError("invalid", _("Choose an answer."))
    chosen = list(dict.fromkeys(choices))
    if len(chosen) != len(choices) or not chosen:
        raise LiveError("invalid", _("Choose an answer."))
    if any(value not in option_values for value in chosen):
        raise LiveError("invalid", _("Choose one of the answers shown."))
    if kind == Prompt.Kind.RANKING:
        return chosen, None
    limit = prompt.max_choices if kind == Prompt.Kind.MULTIPLE_CHOICE else 1
    if len(chosen) > limit:
        raise LiveError(
            "too_many",
            ngettext("Choose at most %(count)s answer.", "Choose at most %(count)s answers.", limit)
            % {"count": limit},
        )
    # Several answers are stored in the order of the options, so equal votes count as one combination.
    return sorted(chosen, key=option_values.index), None


def normalise_text(text: str) -> str:
    """Lower case, single spaces, no punctuation around it: "Samen!" and "samen" count as one word."""
    folded = _SPACES.sub(" ", unicodedata.normalize("NFKC", text).casefold()).strip()
    return folded.strip(".,;:!?¿¡'\"()[]{}«»„“”‘’-–—…*#").strip()


def entry_clean(*, prompt: Prompt, text: Any, matcher: WordMatcher) -> tuple[str, str, bool]:
    """(text as stored, normalised text, caught by the word filter) — no query."""
    if prompt.kind not in Prompt.TEXT_KINDS:
        raise LiveError("invalid", _("This question asks for a choice, not a text."))
    if not isinstance(text, str):
        raise LiveError("invalid", _("Write something first."))
    cleaned = "".join(ch for ch in text if unicodedata.category(ch) not in _CONTROL or ch in "\n\t")
    cleaned = _SPACES.sub(" ", unicodedata.normalize("NFC", cleaned)).strip()
    if not cleaned or not normalise_text(cleaned):
        raise LiveError("invalid", _("Write something first."))
    if len(cleaned) > prompt.max_length:
        raise LiveError(
            "too_long",
            ngettext(
                "Use at most %(count)s character.", "Use at most %(count)s characters.", prompt.max_length
            )
            % {"count": prompt.max_length},
        )
    return cleaned, normalise_text(cleaned), matcher.matches(cleaned)


def entry_initial_status(*, session: LiveSession, flagged: bool) -> str:
    """Caught by the filter, or the session moderates text: wait for approval; otherwise shown at once."""
    if flagged or session.moderate_text:
        return Entry.Status.PENDING
    return Entry.Status.APPROVED


def _language_for(session: LiveSession, language: str) -> str:
    if language in session.languages:
        return language
    return "nl" if "nl" in session.languages or not session.languages else session.languages[0]


# --- Single-item services -----------------------------------------------------------------------------


def session_by_code(code: str) -> LiveSession:
    session = LiveSession.objects.filter(code=normalise_code(code)).first() if normalise_code(code) else None
    if session is None:
        raise LiveError("not_found", _("There is no meeting with this code. Check the code on the screen."))
    return session


def participant_join(*, code: str, language: str) -> tuple[Participant, str]:
    """A new anonymous participant of the meeting with this code, and their token."""
    session = session_by_code(code)
    session_joinable(session)
    token, token_hash = participant_token_new(session_id=session.pk)
    participant = Participant.objects.create(
        session=session, token_hash=token_hash, language=_language_for(session, language)
    )
    participant.session = session
    return participant, token


def participant_set_language(*, participant: Participant, language: str) -> Participant:
    participant.language = _language_for(participant.session, language)
    Participant.objects.filter(pk=participant.pk).update(language=participant.language)
    return participant


def _prompt_of_session(session: LiveSession, prompt: Prompt | int) -> Prompt:
    if isinstance(prompt, Prompt):
        if prompt.session_id != session.pk:
            raise LiveError("not_found", _("This question is not part of the meeting."))
        return prompt
    found = Prompt.objects.filter(session=session, pk=prompt).first()
    if found is None:
        raise LiveError("not_found", _("This question is not part of the meeting."))
    return found


def vote_submit(
    *, participant: Participant, prompt: Prompt | int, choices: Any = None, number: Any = None
) -> tuple[Vote, bool]:
    """Record the participant's vote; (vote, True) when new. One vote per prompt, on the server.

    A second vote replaces the first only while the facilitator allows changing; sending the same vote
    again (a retry after a dropped connection) is always fine.
    """
    session = participant.session
    prompt = _prompt_of_session(session, prompt)
    answer_allowed(session=session, prompt=prompt, participant_blocked=participant.blocked)
    option_values = list(prompt.options.values_list("value", flat=True)) if prompt.has_options else []
    clean_choices, clean_number = vote_clean(
        prompt=prompt, option_values=option_values, choices=choices, number=number
    )
    try:
        with transaction.atomic():
            vote = Vote.objects.create(
                session=session,
                prompt=prompt,
                participant=participant,
                choices=clean_choices,
                number=clean_number,
            )
        created = True
    except IntegrityError:
        with transaction.atomic():
            vote = Vote.objects.select_for_update().get(prompt=prompt, participant=participant)
            if vote.choices == clean_choices and vote.number == clean_number:
                return vote, False
            if not session.allow_change_vote:
                raise LiveError("cannot_change", _("You have already answered this question.")) from None
            vote.choices, vote.number = clean_choices, clean_number
            vote.save(update_fields=["choices", "number", "updated_at"])
        created = False
    events.results_changed(session.pk, prompt.pk)
    return vote, created


def entry_submit(
    *, participant: Participant, prompt: Prompt | int, text: Any, matcher: WordMatcher | None = None
) -> Entry:
    """Record a word, open answer or question; it waits for approval when moderated or caught by the filter."""
    session = participant.session
    prompt = _prompt_of_session(session, prompt)
    answer_allowed(session=session, prompt=prompt, participant_blocked=participant.blocked)
    matcher = matcher or matcher_for_workspace(session.workspace_id)
    cleaned, normalised, flagged = entry_clean(prompt=prompt, text=text, matcher=matcher)
    with transaction.atomic():
        # Serialise a participant's own submissions so the limit holds under concurrent requests
        # (PostgreSQL: this row lock; SQLite: its transactions are IMMEDIATE, one writer at a time).
        list(Participant.objects.select_for_update().filter(pk=participant.pk).values_list("pk", flat=True))
        sent = Entry.objects.filter(prompt=prompt, participant=participant).count()
        if sent >= prompt.max_entries:
            raise LiveError(
                "too_many",
                ngettext(
                    "You can send %(count)s text for this question.",
                    "You can send %(count)s texts for this question.",
                    prompt.max_entries,
                )
                % {"count": prompt.max_entries},
            )
        entry = Entry.objects.create(
            session=session,
            prompt=prompt,
            participant=participant,
            text=cleaned,
            normalized=normalised,
            language=participant.language,
            flagged=flagged,
            status=entry_initial_status(session=session, flagged=flagged),
        )
    events.results_changed(session.pk, prompt.pk)
    return entry


def _upvotable(participant: Participant, entry_id: int) -> Entry:
    entry = (
        Entry.objects.select_related("prompt")
        .filter(pk=entry_id, session_id=participant.session_id, status=Entry.Status.APPROVED)
        .first()
    )
    if entry is None or entry.prompt.kind != Prompt.Kind.QA:
        raise LiveError("not_found", _("This question cannot be supported (any more)."))
    session = participant.session
    if participant.blocked:
        raise LiveError("blocked", _("You can no longer send anything in this meeting."))
    session_joinable(session)
    if session.status == LiveSession.Status.LIVE and session.current_prompt_id != entry.prompt_id:
        raise LiveError(
            "not_current", _("This question is closed. Look at the screen for the current question.")
        )
    return entry


def entry_upvote(*, participant: Participant, entry_id: int) -> Entry:
    """Support a question of the Q&A (once per participant; a repeat changes nothing)."""
    entry = _upvotable(participant, entry_id)
    try:
        with transaction.atomic():
            Upvote.objects.create(entry=entry, participant=participant)
            Entry.objects.filter(pk=entry.pk).update(upvotes=F("upvotes") + 1)
    except IntegrityError:
        return entry
    entry.refresh_from_db(fields=["upvotes"])
    events.results_changed(entry.session_id, entry.prompt_id)
    return entry


def entry_upvote_withdraw(*, participant: Participant, entry_id: int) -> Entry:
    entry = _upvotable(participant, entry_id)
    with transaction.atomic():
        deleted, _rows = Upvote.objects.filter(entry=entry, participant=participant).delete()
        if deleted:
            Entry.objects.filter(pk=entry.pk, upvotes__gt=0).update(upvotes=F("upvotes") - 1)
    entry.refresh_from_db(fields=["upvotes"])
    if deleted:
        events.results_changed(entry.session_id, entry.prompt_id)
    return entry


def participant_answers(*, participant: Participant, prompt: Prompt) -> dict[str, Any]:
    """What this participant sent for the prompt, to restore their screen after a reconnect (3 queries)."""
    vote = Vote.objects.filter(prompt=prompt, participant=participant).values("choices", "number").first()
    entries = list(
        Entry.objects.filter(prompt=prompt, participant=participant)
        .order_by("created_at", "id")
        .values("id", "text", "status")
    )
    upvoted = list(
        Upvote.objects.filter(participant=participant, entry__prompt=prompt).values_list(
            "entry_id", flat=True
        )
    )
    return {"vote": vote, "entries": entries, "upvoted": upvoted}
