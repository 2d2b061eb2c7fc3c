"""The download of a questionnaire's responses (row level): coordinators only, audited."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from ouderpartner.core.access import coordinator_view
from ouderpartner.voice import exports, selectors


def _export(request: HttpRequest, pk: int, *, include_open_answers: bool) -> HttpResponse:
    questionnaire = selectors.questionnaire_get(workspace=request.workspace, pk=pk)
    return exports.responses_export(
        workspace=request.workspace,
        actor=request.user,
        questionnaire=questionnaire,
        include_open_answers=include_open_answers,
    )


@coordinator_view
def response_export(request: HttpRequest, pk: int) -> HttpResponse:
    """Without open text answers, unless the coordinator ticked "include open answers"."""
    return _export(request, pk, include_open_answers=request.GET.get("open_answers") == "1")


@coordinator_view
def response_export_with_open_answers(request: HttpRequest, pk: int) -> HttpResponse:
    """The same, with the open text answers: a deliberate choice, recorded in the audit trail."""
    return _export(request, pk, include_open_answers=True)
