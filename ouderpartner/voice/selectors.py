"""Reads of questionnaires, questions and options for the builder; each takes the workspace first."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from ouderpartner.core.languages import PARENT_LANGUAGES, ParentLanguage
from ouderpartner.core.models import Workspace
from ouderpartner.voice import recordings
from ouderpartner.voice.models import Option, Question, Questionnaire


@dataclass
class QuestionnaireFilters:
    """What the user asked the list for; bad values are ignored."""

    q: str = ""
    status: str = ""

    @classmethod
    def from_query(cls, params: Any) -> QuestionnaireFilters:
        status = params.get("status", "")
        return cls(
            q=(params.get("q") or "").strip()[:100],
            status=status if status in Questionnaire.Status.values else "",
        )


def questionnaire_list(*, workspace: Workspace, filters: QuestionnaireFilters) -> QuerySet[Questionnaire]:
    qs = Questionnaire.objects.filter(workspace=workspace).annotate(
        question_count=Count("questions", distinct=True),
        distribution_count=Count("distributions", distinct=True),
    )
    if filters.status:
        qs = qs.filter(status=filters.status)
    else:
        qs = qs.exclude(status=Questionnaire.Status.ARCHIVED)
    if filters.q:
        # Texts are JSON per language; searching the serialised JSON finds a word in any language.
        qs = qs.filter(Q(title__icontains=filters.q) | Q(intro__icontains=filters.q))
    return qs.order_by("-updated_at", "-id")


def questionnaire_get(*, workspace: Workspace, pk: int) -> Questionnaire:
    return get_object_or_404(
        Questionnaire.objects.select_related("workspace").annotate(
            distribution_count=Count("distributions", distinct=True)
        ),
        workspace=workspace,
        pk=pk,
    )


def questionnaire_with_questions(*, workspace: Workspace, pk: int) -> Questionnaire:
    """The questionnaire with its questions (and each question's condition and options), in two more queries."""
    questionnaire = questionnaire_get(workspace=workspace, pk=pk)
    questions = list(
        Question.objects.filter(questionnaire=questionnaire)
        .select_related("show_if_question")
        .prefetch_related(Prefetch("options", queryset=Option.objects.order_by("position", "id")))
        .order_by("position", "id")
    )
    questionnaire.ordered_questions = questions
    return questionnaire


def question_get(*, workspace: Workspace, pk: int) -> Question:
    return get_object_or_404(
        Question.objects.select_related("questionnaire", "questionnaire__workspace", "show_if_question"),
        questionnaire__workspace=workspace,
        pk=pk,
    )


def option_get(*, workspace: Workspace, pk: int) -> Option:
    return get_object_or_404(
        Option.objects.select_related(
            "question", "question__questionnaire", "question__questionnaire__workspace"
        ),
        question__questionnaire__workspace=workspace,
        pk=pk,
    )


def questionnaire_languages(questionnaire: Questionnaire) -> list[ParentLanguage]:
    """The questionnaire's languages, Dutch first, as ParentLanguage (native name, rtl)."""
    codes = ["nl", *[code for code in questionnaire.languages if code != "nl"]]
    return [PARENT_LANGUAGES[code] for code in codes if code in PARENT_LANGUAGES]


def workspace_languages(workspace: Workspace) -> list[ParentLanguage]:
    codes = ["nl", *[code for code in workspace.parent_languages if code != "nl"]]
    return [PARENT_LANGUAGES[code] for code in codes if code in PARENT_LANGUAGES]


@dataclass
class MissingText:
    label: str
    url: str


def missing_translations(*, questionnaire: Questionnaire, urls: dict[str, Any]) -> list[dict[str, Any]]:
    """For each language: the texts without a translation, each with a link to the form to fill it in.

    `questionnaire` comes from questionnaire_with_questions; `urls` has callables "questionnaire",
    "question" (pk) and "option" (pk) that return the edit links.
    """
    result = []
    for language in questionnaire_languages(questionnaire):
        code = language.code
        missing: list[MissingText] = []
        texts = [("title", _("Title")), ("intro", _("Introduction")), ("thank_you", _("Thank-you text"))]
        for field, label in texts:
            values = getattr(questionnaire, field) or {}
            # Optional texts count only when written in Dutch (the source language).
            if not values.get(code) and (field == "title" or values.get("nl")):
                missing.append(MissingText(str(label), urls["questionnaire"]()))
        for question in questionnaire.ordered_questions:
            if not question.text.get(code):
                missing.append(
                    MissingText(
                        _("Question “%(name)s”") % {"name": question.name}, urls["question"](question.pk)
                    )
                )
            if question.hint.get("nl") and not question.hint.get(code):
                missing.append(
                    MissingText(
                        _("Hint of “%(name)s”") % {"name": question.name}, urls["question"](question.pk)
                    )
                )
            for option in question.options.all():
                if not option.label.get(code):
                    missing.append(
                        MissingText(
                            _("Answer “%(value)s” of “%(name)s”")
                            % {"value": option.value, "name": question.name},
                            urls["option"](option.pk),
                        )
                    )
        result.append({"language": language, "missing": missing})
    return result


# --- Recordings ---------------------------------------------------------------------------------------


@dataclass
class RecordingCell:
    """One text in one language: the text itself (empty when not translated) and its recording."""

    language: ParentLanguage
    text: str
    recording: recordings.Recording


@dataclass
class RecordingSlot:
    """One text that can have a recording per language; `key` names it in URLs."""

    key: str
    label: str
    cells: list[RecordingCell]


def _recording_slot(
    key: str, label: str, texts: dict[str, str], audio: object, questionnaire: Questionnaire
) -> RecordingSlot:
    audio = audio if isinstance(audio, dict) else {}
    return RecordingSlot(
        key=key,
        label=label,
        cells=[
            RecordingCell(
                language=language,
                text=(texts or {}).get(language.code, ""),
                recording=recordings.recording(questionnaire.pk, audio.get(language.code)),
            )
            for language in questionnaire_languages(questionnaire)
        ],
    )


def question_recording_slot(*, question: Question) -> RecordingSlot:
    return _recording_slot(
        f"question-{question.pk}",
        _("Question “%(name)s”") % {"name": question.name},
        question.text,
        question.audio,
        question.questionnaire,
    )


def option_recording_slot(*, option: Option, questionnaire: Questionnaire) -> RecordingSlot:
    return _recording_slot(
        f"option-{option.pk}",
        _("Answer “%(value)s” of “%(name)s”") % {"value": option.value, "name": option.question.name},
        option.label,
        option.audio,
        questionnaire,
    )


def recording_slot(
    *, questionnaire: Questionnaire, target: Questionnaire | Question | Option, text: str = ""
) -> RecordingSlot:
    """The slot of one text (as found by recording_target)."""
    if isinstance(target, Question):
        return question_recording_slot(question=target)
    if isinstance(target, Option):
        return option_recording_slot(option=target, questionnaire=questionnaire)
    audio = questionnaire.audio if isinstance(questionnaire.audio, dict) else {}
    label = str(recordings.QUESTIONNAIRE_TEXTS[text])
    return _recording_slot(text, label, getattr(questionnaire, text), audio.get(text), questionnaire)


def recording_groups(*, questionnaire: Questionnaire) -> list[dict[str, Any]]:
    """Every text of the questionnaire that can have recordings, grouped: its own texts, then per question.

    `questionnaire` comes from questionnaire_with_questions (no further queries).
    """
    own = [
        recording_slot(questionnaire=questionnaire, target=questionnaire, text=key)
        for key in recordings.QUESTIONNAIRE_TEXTS
    ]
    groups = [{"label": _("Texts of the questionnaire"), "slots": own}]
    for question in questionnaire.ordered_questions:
        question.questionnaire = questionnaire
        slots = [question_recording_slot(question=question)]
        for option in question.options.all():
            option.question = question
            slots.append(option_recording_slot(option=option, questionnaire=questionnaire))
        groups.append(
            {
                "label": _("Question %(number)s: %(text)s")
                % {"number": question.position, "text": question.text.get("nl", question.name)},
                "slots": slots,
            }
        )
    return groups


def recording_summary(*, groups: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Per language code: how many texts have a recording, of how many, and which imported ones are missing."""
    summary: dict[str, dict[str, Any]] = {}
    for group in groups:
        for slot in group["slots"]:
            for cell in slot.cells:
                row = summary.setdefault(cell.language.code, {"count": 0, "total": 0, "missing": []})
                row["total"] += 1
                if cell.recording.exists:
                    row["count"] += 1
                elif cell.recording.missing_name:
                    row["missing"].append({"slot": slot, "name": cell.recording.missing_name})
    return summary


def recording_target(
    *, questionnaire: Questionnaire, key: str
) -> tuple[Questionnaire | Question | Option, str] | None:
    """The text a slot key names, within this questionnaire: (owner, "title"|"intro"|"thank_you"|"")."""
    if key in recordings.QUESTIONNAIRE_TEXTS:
        return questionnaire, key
    kind, _sep, number = key.partition("-")
    if not number.isdecimal() or len(number) > 18:
        return None
    if kind == "question":
        question = Question.objects.filter(questionnaire=questionnaire, pk=int(number)).first()
        if question is not None:
            question.questionnaire = questionnaire
            return question, ""
    elif kind == "option":
        option = (
            Option.objects.select_related("question")
            .filter(question__questionnaire=questionnaire, pk=int(number))
            .first()
        )
        if option is not None:
            option.question.questionnaire = questionnaire
            return option, ""
    return None
