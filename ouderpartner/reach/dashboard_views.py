"""The reach dashboard for every member, and its XLSX export of the published aggregates (audited)."""

from __future__ import annotations

import io
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from openpyxl import Workbook
from openpyxl.styles import Font

from ouderpartner.core.access import workspace_view
from ouderpartner.core.audit import audit_record
from ouderpartner.core.filter_links import filter_group
from ouderpartner.core.models import AuditEvent
from ouderpartner.reach.models import ActivityKind
from ouderpartner.reach.selectors import NONE, ReachBreakdown, ReachDashboard, reach_dashboard
from ouderpartner.stats import PublishedCount, PublishedPercentage, explanation

SECTION = "reach"
FILTER_PARAMS = ("period", "programme", "kind", "district")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _dashboard(request: HttpRequest) -> ReachDashboard:
    return reach_dashboard(workspace=request.workspace, params=request.GET)


def _markers(dashboard: ReachDashboard) -> list[dict[str, Any]]:
    """One marker per place with coordinates, labelled with its published figures only."""
    markers = []
    for row in dashboard.places.rows:
        if row.extra.get("latitude") is None or row.extra.get("longitude") is None:
            continue
        markers.append(
            {
                "name": row.label,
                "organisation": row.extra["organisation"],
                "lat": float(row.extra["latitude"]),
                "lng": float(row.extra["longitude"]),
                "trusted": bool(row.extra["trusted"]),
                "url": "#place-" + str(row.key),
                "figures": _("%(parents)s parents, of whom %(target)s target group")
                % {"parents": row.parents.display(), "target": row.target_group.display()},
            }
        )
    return markers


@workspace_view
@require_GET
def reach_dashboard_view(request: HttpRequest) -> HttpResponse:
    request.nav_section = SECTION
    dashboard = _dashboard(request)
    filters = dashboard.filters
    ws = request.workspace.slug

    def group(param: str, label: str, all_label: str, options: list, current: str, default: str = "") -> dict:
        return filter_group(
            request, FILTER_PARAMS, param, label, all_label, options, current=current, default=default
        )

    filter_groups = [
        group("period", _("Period"), "", list(dashboard.periods.items()), filters.period, "12m"),
        group("kind", _("Kind of activity"), _("all kinds"), list(ActivityKind.choices), filters.kind),
    ]
    if dashboard.programmes:
        options = [*dashboard.programmes.items(), (NONE, _("no programme"))]
        filter_groups.append(
            group("programme", _("Programme"), _("all programmes"), options, filters.programme)
        )
    if dashboard.districts:
        filter_groups.append(
            group(
                "district",
                _("District"),
                _("all districts"),
                list(dashboard.districts.items()),
                str(filters.district or ""),
            )
        )
    markers = _markers(dashboard)
    context = {
        "dashboard": dashboard,
        "k": dashboard.threshold,
        "filter_groups": filter_groups,
        "export_action": reverse("reach:dashboard_export", kwargs={"ws": ws}),
        "export_params": filters.as_params(),
        "export_label": _("Download these figures as a spreadsheet (XLSX)"),
        "map_markers": markers,
        "map_config": {
            "tileUrl": settings.MAP_TILE_URL,
            "attribution": settings.MAP_TILE_ATTRIBUTION,
            "trustedLabel": _("trusted place"),
            "otherLabel": _("location"),
        },
        "breadcrumbs": [{"label": _("Reach")}],
    }
    return render(request, "reach/dashboard.html", context)


def _cell(figure: PublishedCount | PublishedPercentage | None) -> Any:
    """A published figure as a spreadsheet cell: the number when shown, else its text ("< 5", "hidden")."""
    if figure is None:
        return ""
    if not figure.suppressed and figure.value is not None:
        return figure.value
    return figure.display()


def _text(value: str) -> str:
    """Text that starts like a formula is written as text (no formula injection)."""
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value


def _append(sheet, title: str, first_header: str, breakdown: ReachBreakdown, *, rates: bool = False) -> None:
    sheet.append([])
    sheet.append([title])
    sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True)
    headers = [
        first_header,
        _("Activities"),
        _("All parents (contacts)"),
        _("Target-group parents (contacts)"),
        _("Other parents (contacts)"),
        _("First-time parents"),
    ]
    if rates:
        headers += [_("Estimated target group"), _("Target-group contacts per estimated child")]
    sheet.append(headers)
    rows = list(breakdown.rows)
    if breakdown.total:
        rows.append(breakdown.total)
    for row in rows:
        line = [
            _text(str(row.label)),
            _cell(row.activities),
            _cell(row.parents),
            _cell(row.target_group),
            _cell(row.other),
            _cell(row.first_time),
        ]
        if rates:
            line += [_cell(row.estimate), _cell(row.rate)]
        sheet.append(line)


@workspace_view
@require_GET
def reach_dashboard_export(request: HttpRequest) -> HttpResponse:
    """The same published tables as the dashboard, on one sheet; audited as an export of aggregates."""
    dashboard = _dashboard(request)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = str(_("Reach"))[:31]
    sheet.append([_("Reach: parents at activities of the partners")])
    sheet["A1"].font = Font(bold=True)
    sheet.append([_("Period"), dashboard.periods.get(dashboard.filters.period, "")])
    sheet.append(
        [
            _(
                "Parents are counted per activity (contacts): a parent who came to three activities counts "
                "three times. First-time parents came for the first time."
            )
        ]
    )
    _append(sheet, _("Per neighbourhood"), _("Neighbourhood"), dashboard.neighbourhoods, rates=True)
    _append(sheet, _("Per programme"), _("Programme"), dashboard.programme_breakdown)
    _append(sheet, _("Per place"), _("Place"), dashboard.places)
    _append(sheet, _("Per kind of organisation"), _("Kind of organisation"), dashboard.organisation_kinds)
    _append(sheet, _("Per kind of activity"), _("Kind of activity"), dashboard.activity_kinds)
    _append(sheet, _("Per language used"), _("Language"), dashboard.languages)
    _append(sheet, _("Per month"), _("Month"), dashboard.monthly)
    _append(sheet, _("Per school year"), _("School year"), dashboard.school_years)
    sheet.append([])
    sheet.append([str(explanation(dashboard.threshold, secondary=True))])
    sheet.column_dimensions["A"].width = 44
    buffer = io.BytesIO()
    workbook.save(buffer)
    audit_record(
        workspace=request.workspace,
        actor=request.user,
        action=AuditEvent.Action.EXPORT,
        object_type="reach_dashboard",
        object_repr="reach dashboard",
        changes={"aggregates": True, "row_level": False, "filters": dict(dashboard.filters.as_params())},
    )
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="{slugify(_("reach"))}-{stamp}.xlsx"'
    return response
