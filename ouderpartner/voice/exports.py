"""Row-level XLSX of a questionnaire's responses for coordinators: one row per response, audited."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from ouderpartner.core.audit import audit_record
from ouderpartner.core.languages import PARENT_LANGUAGES
from ouderpartner.core.models import AuditEvent, Workspace
from ouderpartner.network.exports import xlsx_response
from ouderpartner.voice.models import Answer, Question, Questionnaire, Response

MAX_ROWS = 50_000


def _language(code: str) -> str:
    language = PARENT_LANGUAGES.get(code)
    return language.english_name if language else code


def _yes_no(value: bool) -> str:
    return _("yes") if value else _("no")


def _value(answer: Answer | None) -> Any:
    """A choice answer as its option values, a number as a number, a text as written.

    An open answer a coordinator hid in moderation is not exported: it may hold what should not be
    kept (a name, a phone number); the cell says it was hidden.
    """
    if answer is None:
        return None
    if answer.text and answer.moderation == Answer.Moderation.HIDDEN:
        return _("(hidden in moderation)")
    if answer.choices:
        return "; ".join(str(choice) for choice in answer.choices)
    if answer.number is not None:
        return answer.number
    return answer.text or None


def response_rows(
    *, questionnaire: Questionnaire, include_open_answers: bool = False
) -> tuple[list[str], list[list[Any]]]:
    """The headers and rows: submitted responses only, newest first; open answers only when asked for."""
    questions = [
        question
        for question in questionnaire.questions.order_by("position", "id")
        if include_open_answers or question.kind not in Question.TEXT_KINDS
    ]
    responses = (
        Response.objects.filter(questionnaire=questionnaire, submitted_at__isnull=False)
        .select_related("location", "neighbourhood")
        .prefetch_related(
            Prefetch(
                "answers",
                queryset=Answer.objects.only(
                    "response_id", "question_id", "choices", "number", "text", "moderation"
                ),
            )
        )
        .order_by("-submitted_at", "-id")[:MAX_ROWS]
    )
    headers = [
        _("Response"),
        _("Sent"),
        _("Language"),
        _("Place"),
        _("Neighbourhood"),
        _("Filled in with a professional"),
        _("Demo answer"),
        *[question.name for question in questions],
    ]
    rows = []
    for number, response in enumerate(responses, start=1):
        answers = {answer.question_id: answer for answer in response.answers.all()}
        rows.append(
            [
                number,
                timezone.localtime(response.submitted_at).strftime("%d-%m-%Y"),
                _language(response.language),
                response.location.name if response.location else "",
                response.neighbourhood.name if response.neighbourhood else "",
                _yes_no(response.assisted),
                _yes_no(response.is_demo),
                *[_value(answers.get(question.pk)) for question in questions],
            ]
        )
    return headers, rows


def responses_export(
    *, workspace: Workspace, actor: Any, questionnaire: Questionnaire, include_open_answers: bool = False
) -> HttpResponse:
    """The XLSX download; the export (rows, with or without open answers) goes into the audit trail."""
    headers, rows = response_rows(questionnaire=questionnaire, include_open_answers=include_open_answers)
    audit_record(
        workspace=workspace,
        actor=actor,
        action=AuditEvent.Action.EXPORT,
        obj=questionnaire,
        changes={"what": "responses", "rows": len(rows), "open_answers": include_open_answers},
    )
    notes = [
        _(
            "One row per response; answers as the values of the options. Parents are not identifiable: keep it so."
        ),
        _("Open answers are included, except those hidden in moderation.")
        if include_open_answers
        else _("Open answers are left out."),
    ]
    return xlsx_response(
        title=_("Responses"), headers=headers, rows=rows, filename=_("responses"), notes=notes
    )
