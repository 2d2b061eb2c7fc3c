"""What a live meeting looks like to a participant and to a presenter, as plain data.

`load_session_data` reads a meeting with its prompts and options in three queries; everything else
here is pure. The same dictionaries feed the server-rendered pages (without JavaScript) and the
socket messages, so a participant who reconnects sees exactly what a fresh page load shows.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.contrib.staticfiles import finders
from django.templatetags.static import static

from ouderpartner.core.languages import PARENT_LANGUAGES
from ouderpartner.live.models import LiveSession, Prompt, PromptOption
from ouderpartner.live.wordfilter import WordMatcher, matcher_for_workspace

FACES = ["2639", "1F641", "1F610", "1F642", "1F600"]  # frowning … grinning (OpenMoji), as on parent pages
RTL = {code for code, language in PARENT_LANGUAGES.items() if language.rtl}


@lru_cache(maxsize=1024)
def pictogram_url(code: str) -> str:
    """The OpenMoji picture's URL if that picture is in static/vendor/openmoji, else ""."""
    if not code:
        return ""
    path = f"vendor/openmoji/{code}.svg"
    return static(path) if finders.find(path) else ""


def text_direction(language: str) -> str:
    return "rtl" if language in RTL else "ltr"


def in_language(texts: dict[str, str] | None, language: str, fallbacks: list[str]) -> tuple[str, str]:
    """(text, language it is really in): the participant's language, else Dutch, else the meeting's."""
    texts = texts or {}
    for code in (language, "nl", *fallbacks):
        if code and texts.get(code):
            return texts[code], code
    for code, text in texts.items():
        if text:
            return text, code
    return "", language


def join_link(code: str) -> str:
    return f"{settings.SITE_URL}/j/{code}"


@dataclass
class SessionData:
    """A meeting as one process holds it in memory: read once, replaced when the facilitator changes it."""

    session: LiveSession
    prompts: list[Prompt]
    options: dict[int, list[PromptOption]]
    matcher: WordMatcher
    loaded_at: float = field(default_factory=time.monotonic)
    _participant_bodies: dict[str, str] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self.by_id = {prompt.pk: prompt for prompt in self.prompts}
        self.option_values = {pk: [option.value for option in opts] for pk, opts in self.options.items()}

    @property
    def session_id(self) -> int:
        return self.session.pk

    @property
    def revision(self) -> int:
        return self.session.revision

    @property
    def current_prompt(self) -> Prompt | None:
        return self.by_id.get(self.session.current_prompt_id or 0)

    def language_for(self, language: str | None) -> str:
        languages = self.session.languages or ["nl"]
        if language in languages:
            return language
        return "nl" if "nl" in languages else languages[0]

    def participant_body(self, language: str) -> str:
        """The participant state in this language as JSON, serialised once per language and revision."""
        body = self._participant_bodies.get(language)
        if body is None:
            # The screen fragment is rendered by the template of the page itself (participant_views).
            from ouderpartner.live.participant_views import socket_screen

            state = participant_state(self, language)
            state["html"] = socket_screen(self, state)
            body = json.dumps(state, ensure_ascii=False, separators=(",", ":"))
            self._participant_bodies[language] = body
        return body

    def prerender(self) -> None:
        """Serialise every language's state now (in the reader thread), not later in the event loop."""
        for language in self.session.languages or ["nl"]:
            self.participant_body(self.language_for(language))


def load_session_data(
    *, session_id: int | None = None, code: str | None = None, prerender: bool = False
) -> SessionData | None:
    """The meeting with its prompts and options (3 queries, a fourth for the workspace's blocked words).

    `prerender` also serialises the participants' state in every language of the meeting (the hub does,
    in its reader thread)."""
    queryset = LiveSession.objects.select_related("workspace")
    session = (
        queryset.filter(pk=session_id).first()
        if session_id is not None
        else queryset.filter(code=code).first()
    )
    if session is None:
        return None
    prompts = list(Prompt.objects.filter(session=session).order_by("position", "id"))
    options: dict[int, list[PromptOption]] = {prompt.pk: [] for prompt in prompts}
    for option in PromptOption.objects.filter(prompt__session=session).order_by(
        "prompt_id", "position", "id"
    ):
        options[option.prompt_id].append(option)
    for prompt in prompts:
        prompt.session = session
    data = SessionData(
        session=session, prompts=prompts, options=options, matcher=matcher_for_workspace(session.workspace_id)
    )
    if prerender:
        data.prerender()
    return data


# --- Participant ---------------------------------------------------------------------------------------


def _scale_ends(prompt: Prompt, language: str, fallbacks: list[str]) -> dict[str, str]:
    """The words at both ends of a scale ("not at all|very much"), in the participant's language."""
    text, shown = in_language(prompt.scale_labels, language, fallbacks)
    low, _bar, high = text.partition("|")
    return {"low": low.strip(), "high": high.strip(), "lang": shown, "dir": text_direction(shown)}


def prompt_for_participant(data: SessionData, prompt: Prompt, language: str) -> dict[str, Any]:
    """One prompt as the participant's phone shows it: texts in their language, pictures, limits."""
    fallbacks = data.session.languages
    text, shown = in_language(prompt.text, language, fallbacks)
    item: dict[str, Any] = {
        "id": prompt.pk,
        "kind": prompt.kind,
        "text": text,
        "lang": shown,
        "dir": text_direction(shown),
        "position": data.prompts.index(prompt) + 1,
        "total": len(data.prompts),
    }
    if prompt.kind == Prompt.Kind.SCALE:
        low, high = prompt.scale_min, prompt.scale_max
        span = max(high - low, 1)
        item["scale"] = {
            "min": low,
            "max": high,
            "style": prompt.scale_style,
            "ends": _scale_ends(prompt, language, fallbacks),
            "points": [
                {"value": n, "image": pictogram_url(FACES[round((n - low) / span * (len(FACES) - 1))])}
                for n in range(low, high + 1)
            ],
        }
    elif prompt.has_options:
        options = []
        for option in data.options.get(prompt.pk, []):
            label, label_lang = in_language(option.label, language, fallbacks)
            options.append(
                {
                    "value": option.value,
                    "label": label or option.value,
                    "lang": label_lang,
                    "dir": text_direction(label_lang),
                    "image": pictogram_url(option.pictogram),
                }
            )
        item["options"] = options
        item["max_choices"] = prompt.max_choices if prompt.kind == Prompt.Kind.MULTIPLE_CHOICE else 1
    else:
        item["max_length"] = prompt.max_length
        item["max_entries"] = prompt.max_entries
    return item


def participant_state(data: SessionData, language: str) -> dict[str, Any]:
    """What every participant in this language sees now (their own answers travel separately)."""
    session = data.session
    language = data.language_for(language)
    state: dict[str, Any] = {
        "type": "state",
        "revision": session.revision,
        "status": session.status,
        "language": language,
        "dir": text_direction(language),
        "title": in_language(session.title, language, session.languages)[0],
        "change_allowed": session.allow_change_vote,
        "locked": bool(session.voting_locked),
        "countdown_ends_at": int(session.countdown_ends_at.timestamp() * 1000)
        if session.countdown_ends_at
        else None,
        "prompt": None,
        "prompts": [],
    }
    if session.status == LiveSession.Status.LIVE and data.current_prompt is not None:
        state["prompt"] = prompt_for_participant(data, data.current_prompt, language)
    elif session.status == LiveSession.Status.COLLECTING:
        state["prompts"] = [
            prompt_for_participant(data, prompt, language) for prompt in data.prompts if prompt.collect
        ]
    return state


def answers_for_participant(
    votes: list[tuple[int, list[str], int | None]],
    entries: list[tuple[int, int, str, str]],
    upvoted: list[int],
) -> dict[str, Any]:
    """A participant's own answers in the meeting, keyed by prompt id (as strings, for JSON)."""
    mine: dict[str, Any] = {"type": "mine", "votes": {}, "entries": {}, "upvoted": sorted(upvoted)}
    for prompt_id, choices, number in votes:
        mine["votes"][str(prompt_id)] = {"choices": list(choices or []), "number": number}
    for prompt_id, entry_id, text, status in entries:
        mine["entries"].setdefault(str(prompt_id), []).append(
            {"id": entry_id, "text": text, "status": status}
        )
    return mine


# --- Presenter -----------------------------------------------------------------------------------------


def presenter_state(data: SessionData, *, can_facilitate: bool, results_hidden_from_screen: bool) -> dict:
    """The presenter screen's frame: the meeting, its prompts and the facilitator's switches."""
    session = data.session
    current = data.current_prompt
    prompts = []
    for index, prompt in enumerate(data.prompts, start=1):
        text, shown = in_language(prompt.text, "nl", session.languages)
        entry: dict[str, Any] = {
            "id": prompt.pk,
            "position": index,
            "kind": prompt.kind,
            "kind_label": str(prompt.get_kind_display()),
            "text": text,
            "lang": shown,
            # The other languages of the meeting, under the question on the screen (a mixed parent evening).
            "translations": [
                {"lang": code, "dir": text_direction(code), "text": prompt.text[code]}
                for code in session.languages
                if code != shown and (prompt.text or {}).get(code)
            ],
        }
        if prompt.has_options:
            entry["options"] = [
                {
                    "value": option.value,
                    "label": in_language(option.label, "nl", session.languages)[0] or option.value,
                    "image": pictogram_url(option.pictogram),
                }
                for option in data.options.get(prompt.pk, [])
            ]
        if prompt.kind == Prompt.Kind.SCALE:
            entry["scale"] = {
                "min": prompt.scale_min,
                "max": prompt.scale_max,
                "ends": _scale_ends(prompt, "nl", session.languages),
            }
        prompts.append(entry)
    return {
        "type": "state",
        "revision": session.revision,
        "status": session.status,
        "status_label": str(session.get_status_display()),
        "title": session.text("title", "nl"),
        "code": session.code,
        "link": join_link(session.code),
        "prompts": prompts,
        "current": current.pk if current else None,
        "results_visible": bool(session.results_visible),
        "results_hidden": results_hidden_from_screen,
        "locked": bool(session.voting_locked),
        "countdown_ends_at": int(session.countdown_ends_at.timestamp() * 1000)
        if session.countdown_ends_at
        else None,
        "can_facilitate": can_facilitate,
    }
