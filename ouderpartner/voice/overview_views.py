"""Insights across questionnaires and conversations for every member: the page and its XLSX export."""

from __future__ import annotations

import io

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from openpyxl import Workbook
from openpyxl.styles import Font

from ouderpartner.core.access import workspace_view
from ouderpartner.core.audit import audit_record
from ouderpartner.core.filter_links import filter_group
from ouderpartner.core.models import AuditEvent
from ouderpartner.stats import explanation
from ouderpartner.voice.insight_views import XLSX, _text, _value
from ouderpartner.voice.overview import (
    BREAKDOWNS,
    DEFAULT_PERIOD,
    PERIODS,
    Breakdown,
    ThemeCounts,
    VoiceOverview,
    voice_overview,
)

SECTION = "voice"
FILTER_PARAMS = ("period", "neighbourhood", "place", "language", "breakdown")


def _overview(request: HttpRequest) -> VoiceOverview:
    return voice_overview(workspace=request.workspace, params=request.GET, language=get_language() or "nl")


@workspace_view
@require_GET
def voice_insights(request: HttpRequest) -> HttpResponse:
    request.nav_section = SECTION
    overview = _overview(request)
    filters = overview.filters
    ws = request.workspace.slug

    def group(param: str, label: str, all_label: str, options: list, current: str, default: str = "") -> dict:
        return filter_group(
            request, FILTER_PARAMS, param, label, all_label, options, current=current, default=default
        )

    filter_groups = [
        group("period", _("Period"), "", list(PERIODS.items()), filters.period, DEFAULT_PERIOD),
        group("breakdown", _("Break down by"), _("nothing"), list(BREAKDOWNS.items()), filters.breakdown),
    ]
    choices = [
        ("neighbourhood", _("Neighbourhood"), _("all neighbourhoods"), overview.neighbourhoods),
        ("place", _("Place"), _("all places"), overview.places),
        ("language", _("Language"), _("all languages"), overview.languages),
    ]
    current = {
        "neighbourhood": str(filters.neighbourhood or ""),
        "place": str(filters.place or ""),
        "language": filters.language,
    }
    for param, label, all_label, options in choices:
        if options:
            filter_groups.append(group(param, label, all_label, list(options.items()), current[param]))
    context = {
        "overview": overview,
        "k": overview.threshold,
        "filter_groups": filter_groups,
        "export_action": reverse("voice:insights_export", kwargs={"ws": ws}),
        "export_params": filters.as_params(),
        "export_label": _("Download these insights as a spreadsheet (XLSX)"),
        "breadcrumbs": [
            {"label": _("Parent voice"), "url": reverse("voice:questionnaire_list", kwargs={"ws": ws})},
            {"label": _("Insights")},
        ],
    }
    return render(request, "voice/insights.html", context)


def _append_breakdown(sheet, title: str, first_header: str, breakdown: Breakdown, with_total: bool) -> None:
    bold = Font(bold=True)
    sheet.append([])
    sheet.append([_text(title)])
    sheet.cell(row=sheet.max_row, column=1).font = bold
    headers = [first_header, *[label for _key, label in breakdown.columns]]
    sheet.append([_text(str(h)) for h in [*headers, *([_("Total")] if with_total else [])]])
    for label, row in breakdown.body:
        cells = [_value(cell) for cell in row.cells]
        sheet.append([_text(str(label)), *cells, *([_value(row.total)] if with_total else [])])
    totals = [_value(count) for count in breakdown.column_totals]
    sheet.append([_("Total"), *totals, *([_value(breakdown.table.grand_total)] if with_total else [])])


def _append_series(sheet, title: str, first_header: str, counts: ThemeCounts) -> None:
    sheet.append([])
    sheet.append([_text(title)])
    sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True)
    sheet.append([first_header, _("Number")])
    for label, count in counts.items:
        sheet.append([_text(str(label)), _value(count)])
    sheet.append([_("Total"), _value(counts.series.total)])


@workspace_view
@require_GET
def voice_insights_export(request: HttpRequest) -> HttpResponse:
    """The same published tables as the page on one sheet; audited as an export of aggregates."""
    overview = _overview(request)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = str(_("Insights"))[:31]
    sheet.append([_text(_("Parent voice: insights across questionnaires and conversations"))])
    sheet["A1"].font = Font(bold=True)
    sheet.append([_("Period"), str(PERIODS[overview.filters.period])])
    if overview.has_demo:
        sheet.append([_("These results include demo answers.")])
    with_total = bool(overview.filters.breakdown)
    _append_breakdown(sheet, _("Per month"), _("Month"), overview.monthly, True)
    _append_breakdown(sheet, _("Conversations per tag"), _("Tag"), overview.tags, with_total)
    _append_series(sheet, _("What conversations were about"), _("Theme"), overview.conversation_themes)
    _append_breakdown(
        sheet,
        _("Questionnaire answers per questionnaire"),
        _("Questionnaire"),
        overview.questionnaires,
        with_total and overview.filters.breakdown != "age",
    )
    _append_series(sheet, _("Themes in open answers"), _("Theme"), overview.answer_themes)
    for shared in overview.shared_questions:
        _append_breakdown(sheet, shared.text, _("Answer"), shared.breakdown, True)
    sheet.append([])
    sheet.append([str(explanation(overview.threshold, secondary=True))])
    sheet.column_dimensions["A"].width = 44
    buffer = io.BytesIO()
    workbook.save(buffer)
    audit_record(
        workspace=request.workspace,
        actor=request.user,
        action=AuditEvent.Action.EXPORT,
        object_type="voice_insights",
        object_repr="voice insights",
        changes={"aggregates": True, "row_level": False, "filters": dict(overview.filters.as_params())},
    )
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="{slugify(_("insights"))}-{stamp}.xlsx"'
    return response
