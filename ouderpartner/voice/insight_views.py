"""Results of a questionnaire for every member: published counts per question, and their XLSX export."""

from __future__ import annotations

import io
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from openpyxl import Workbook
from openpyxl.styles import Font

from ouderpartner.core.access import workspace_view
from ouderpartner.core.audit import audit_record
from ouderpartner.core.models import AuditEvent
from ouderpartner.stats import PublishedCount, PublishedMean, explanation
from ouderpartner.voice import insights
from ouderpartner.voice.insights import BREAKDOWNS, PERIODS, QuestionnaireResults, QuestionResult

SECTION = "voice"
FILTER_PARAMS = ("period", "place", "breakdown")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _results(request: HttpRequest, pk: int) -> QuestionnaireResults:
    return insights.questionnaire_results(
        workspace=request.workspace, pk=pk, filters_query=request.GET, language=get_language() or "nl"
    )


def _link(request: HttpRequest, **changes: str) -> str:
    params = {k: v for k, v in request.GET.items() if k in FILTER_PARAMS and v}
    for key, value in changes.items():
        if value:
            params[key] = value
        else:
            params.pop(key, None)
    return f"{request.path}?{urlencode(sorted(params.items()))}" if params else request.path


def _filter_group(request: HttpRequest, param: str, label: str, all_label: str, options: list) -> dict:
    current = request.GET.get(param, "")
    current = current if current in {str(value) for value, _text in options} else ""
    links = [{"label": all_label, "url": _link(request, **{param: ""}), "current": not current}]
    links += [
        {"label": str(text), "url": _link(request, **{param: str(value)}), "current": current == str(value)}
        for value, text in options
    ]
    return {"label": label, "links": links}


@workspace_view
@require_GET
def questionnaire_results(request: HttpRequest, pk: int) -> HttpResponse:
    request.nav_section = SECTION
    results = _results(request, pk)
    questionnaire = results.questionnaire
    ws = request.workspace.slug
    filter_groups = [
        _filter_group(request, "breakdown", _("Break down by"), _("nothing"), list(BREAKDOWNS.items())),
        _filter_group(request, "period", _("Period"), _("all time"), list(PERIODS.items())),
        _filter_group(request, "place", _("Place"), _("all places"), list(results.places.items())),
    ]
    context = {
        "results": results,
        "questionnaire": questionnaire,
        "k": results.threshold,
        "breakdown_label": BREAKDOWNS.get(results.filters.breakdown, ""),
        "filter_groups": filter_groups,
        "export_action": reverse(
            "voice:questionnaire_results_export", kwargs={"ws": ws, "pk": questionnaire.pk}
        ),
        "export_params": results.filters.as_params(),
        "export_label": _("Download these results as a spreadsheet (XLSX)"),
        "moderation_url": reverse("voice:questionnaire_moderation", kwargs={"ws": ws, "pk": questionnaire.pk})
        if request.membership.is_coordinator
        else "",
        "feedback_create_url": reverse("voice:feedback_create", kwargs={"ws": ws})
        if request.membership.is_coordinator
        else "",
        "breadcrumbs": [
            {"label": _("Questionnaires"), "url": reverse("voice:questionnaire_list", kwargs={"ws": ws})},
            {
                "label": questionnaire.text("title"),
                "url": reverse("voice:questionnaire_detail", kwargs={"ws": ws, "pk": questionnaire.pk}),
            },
            {"label": _("Results")},
        ],
    }
    return render(request, "voice/insight_results.html", context)


def _value(figure: PublishedCount | PublishedMean | None) -> Any:
    """A published figure as a spreadsheet cell: the number when shown, else its text ("< 5", "hidden")."""
    if figure is None:
        return ""
    if not figure.suppressed and figure.value is not None:
        return figure.value
    return figure.display()


@workspace_view
@require_GET
def questionnaire_results_export(request: HttpRequest, pk: int) -> HttpResponse:
    """The same published tables as the page, one after the other on one sheet; audited."""
    results = _results(request, pk)
    questionnaire = results.questionnaire
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = str(_("Results"))[:31]
    bold = Font(bold=True)
    sheet.append([_text(questionnaire.text("title"))])
    sheet["A1"].font = bold
    sheet.append([_("Responses"), _value(results.responses)])
    if results.has_demo:
        sheet.append([_("These results include demo answers.")])
    multiple = bool(results.filters.breakdown)
    for result in results.questions:
        sheet.append([])
        sheet.append([_text(result.text)])
        sheet.cell(row=sheet.max_row, column=1).font = bold
        if result.table is not None:
            headers = [_("Answer"), *[label for _key, label in results.columns]]
            if multiple:
                headers.append(_("Total"))
            sheet.append([_text(str(h)) for h in headers])
            for label, row in result.body:
                cells = [_value(cell) for cell in row.cells]
                sheet.append([_text(label), *cells, *([_value(row.total)] if multiple else [])])
            totals = [_value(result.table.column_totals.get(key)) for key, _label in results.columns]
            sheet.append([_("Total"), *totals, *([_value(result.table.grand_total)] if multiple else [])])
        elif result.mean is not None:
            sheet.append([_("Answers"), _value(result.answered)])
            sheet.append([_("Mean"), _value(result.mean)])
            for label, mean in result.group_means:
                sheet.append([_text(label), _value(mean)])
        elif result.open_answers is not None:
            sheet.append([_("Open answers"), _value(result.open_answers)])
            _append_themes(sheet, result)
    sheet.append([])
    sheet.append([str(_explanation(results))])
    sheet.column_dimensions["A"].width = 40
    _feedback_sheet(workbook, results)
    buffer = io.BytesIO()
    workbook.save(buffer)
    audit_record(
        workspace=request.workspace,
        actor=request.user,
        action=AuditEvent.Action.EXPORT,
        obj=questionnaire,
        object_repr=f"results: {questionnaire.text('title')}",
        changes={"aggregates": True, "row_level": False, "filters": dict(results.filters.as_params())},
    )
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="{slugify(_("results"))}-{stamp}.xlsx"'
    return response


def _feedback_sheet(workbook: Workbook, results: QuestionnaireResults) -> None:
    """ "You said, we did": the published items about this questionnaire or its themes, one per row."""
    sheet = workbook.create_sheet(str(_("You said, we did"))[:31])
    sheet.append([_("Theme"), _("Parents said"), _("We did")])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for item in results.feedback:
        sheet.append([_text(item.theme), _text(item.said), _text(item.done)])
    if not results.feedback:
        sheet.append([_("Nothing has been published yet about what was done with these answers.")])
    for column in ("A", "B", "C"):
        sheet.column_dimensions[column].width = 50


def _append_themes(sheet: Any, result: QuestionResult) -> None:
    """The accepted themes of an open question, as on the page (only where open answers may be read)."""
    if not result.themes:
        return
    sheet.append([_("Theme"), _("Answers"), _("Language of the answers")])
    for theme in result.themes:
        language = theme.language_name or _("several languages")
        sheet.append([_text(theme.name), _value(theme.answers), language])


def _explanation(results: QuestionnaireResults) -> str:
    return str(explanation(results.threshold, secondary=True))


def _text(value: str) -> str:
    """Text that starts like a formula is written as text (no formula injection)."""
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value
