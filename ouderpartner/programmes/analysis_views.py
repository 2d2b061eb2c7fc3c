"""Pages for the continuous line 0-21 (with its gaps) and the integral matrix; read-only, for every role."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from ouderpartner.core.access import workspace_view
from ouderpartner.network.services import export_record
from ouderpartner.programmes import analysis
from ouderpartner.programmes.exports import integral_matrix_xlsx
from ouderpartner.programmes.models import MAX_AGE_MONTHS
from ouderpartner.programmes.setup import programmes_setup

# The chart's geometry, in SVG user units (the SVG scales to the width of the page).
CHART_WIDTH = 1000
LABEL_WIDTH = 250
PLOT_LEFT = 260
PLOT_WIDTH = 720
HEADER_HEIGHT = 64
GROUP_HEIGHT = 30
ROW_HEIGHT = 26
BAR_HEIGHT = 16
GAP_ROW_HEIGHT = 40
FOOTER_HEIGHT = 34
NAME_CHARS = 34


def _x(months: float) -> float:
    return round(PLOT_LEFT + PLOT_WIDTH * months / MAX_AGE_MONTHS, 1)


def _short(name: str) -> str:
    return name if len(name) <= NAME_CHARS else name[: NAME_CHARS - 1].rstrip() + "…"


def _url_pattern(request: HttpRequest, name: str) -> str | None:
    """The URL of an object page with a placeholder for its pk, or None while that page does not exist."""
    try:
        return reverse(f"programmes:{name}", kwargs={"ws": request.workspace.slug, "pk": 999999999})
    except NoReverseMatch:
        return None


def _object_url(pattern: str | None, pk: int) -> str:
    return pattern.replace("999999999", str(pk)) if pattern else ""


@dataclass
class Bar:
    name: str
    short_name: str
    accessible_name: str
    url: str
    reaches_parents: bool
    y: float
    bar_y: float
    text_y: float
    x: float
    width: float


def line_chart(line: analysis.ContinuousLine, *, programme_url: str | None) -> dict[str, Any]:
    """Precomputed positions for the SVG: rows per group, the transitions as bands, the year ticks, the gaps."""
    y = HEADER_HEIGHT
    groups = []
    for group in line.groups:
        heading_y = y + GROUP_HEIGHT - 9
        y += GROUP_HEIGHT
        bars = []
        for item in group.programmes:
            start, end = item.age_from_months, max(item.age_to_months, item.age_from_months + 1)
            bars.append(
                Bar(
                    name=item.name,
                    short_name=_short(item.name),
                    accessible_name=item.accessible_name,
                    url=_object_url(programme_url, item.pk),
                    reaches_parents=item.reaches_parents,
                    y=y,
                    bar_y=y + (ROW_HEIGHT - BAR_HEIGHT) / 2,
                    text_y=y + ROW_HEIGHT / 2 + 5,
                    x=_x(start),
                    width=max(round(_x(min(end, MAX_AGE_MONTHS)) - _x(start), 1), 3),
                )
            )
            y += ROW_HEIGHT
        groups.append({"label": group.label, "heading_y": heading_y, "bars": bars})
    gap_top = y + 6
    gaps = [
        {
            "x": _x(gap.age_from_months),
            "width": max(round(_x(gap.age_to_months) - _x(gap.age_from_months), 1), 3),
            "label": gap.label,
        }
        for gap in line.age_gaps
    ]
    plot_bottom = gap_top + GAP_ROW_HEIGHT
    height = plot_bottom + FOOTER_HEIGHT
    transitions = []
    for number, transition in enumerate(line.transitions, start=1):
        start = _x(transition.age_from_months)
        width = max(round(_x(transition.age_to_months) - start, 1), 2)
        transitions.append(
            {
                "number": number,
                "x": start,
                "width": width,
                "centre": round(start + width / 2, 1),
                "covered": transition.covered,
                "marker_y": 16 if number % 2 else 36,
            }
        )
    ticks = [
        {"x": _x(year * 12), "label": year, "major": year % 2 == 0}
        for year in range(MAX_AGE_MONTHS // 12 + 1)
    ]
    return {
        "width": CHART_WIDTH,
        "height": height,
        "label_x": LABEL_WIDTH,
        "plot_left": PLOT_LEFT,
        "plot_right": PLOT_LEFT + PLOT_WIDTH,
        "plot_top": HEADER_HEIGHT - 8,
        "plot_bottom": plot_bottom,
        "plot_height": plot_bottom - HEADER_HEIGHT + 8,
        "axis_label_y": height - 4,
        "tick_label_y": plot_bottom + 16,
        "groups": groups,
        "transitions": transitions,
        "ticks": ticks,
        "gap_top": gap_top,
        "gap_bar_y": gap_top + 8,
        "gap_text_y": gap_top + 24,
        "gaps": gaps,
    }


def _link(request: HttpRequest, **changes: str) -> str:
    params = {key: value for key, value in request.GET.items() if key in ("group_by", "neighbourhood")}
    params.update(changes)
    query = urlencode({key: value for key, value in params.items() if value})
    return f"{request.path}?{query}" if query else request.path


def _crumbs(request: HttpRequest, label: str) -> list[dict[str, str]]:
    programmes = reverse("programmes:programme_list", kwargs={"ws": request.workspace.slug})
    return [{"label": _("Programmes"), "url": programmes}, {"label": label}]


@workspace_view
def continuous_line(request: HttpRequest) -> HttpResponse:
    request.nav_section = "programmes"
    programmes_setup(workspace=request.workspace)
    group_by = request.GET.get("group_by", "domain")
    group_by = group_by if group_by in analysis.GROUP_BY_CHOICES else "domain"
    neighbourhood = (request.GET.get("neighbourhood") or "").strip()[:10]
    line = analysis.continuous_line(
        workspace=request.workspace, neighbourhood=neighbourhood or None, group_by=group_by
    )
    programme_url = _url_pattern(request, "programme_detail")
    districts = [option for option in line.neighbourhood_options if option.level == "district"]
    areas = [option for option in line.neighbourhood_options if option.level == "area"]
    neighbourhood_groups = [
        {"district": district, "areas": [area for area in areas if area.district_code == district.code]}
        for district in districts
    ]
    loose_areas = [area for area in areas if area.district_code not in {d.code for d in districts}]
    context = {
        "line": line,
        "chart": line_chart(line, programme_url=programme_url),
        "programme_url": programme_url,
        "table_rows": [
            {"item": item, "url": _object_url(programme_url, item.pk)} for item in line.programmes
        ],
        "group_by_links": [
            {"label": label, "url": _link(request, group_by=key), "current": key == group_by}
            for key, label in analysis.GROUP_BY_CHOICES.items()
        ],
        "group_by": group_by,
        "neighbourhood_groups": neighbourhood_groups,
        "loose_areas": loose_areas,
        "neighbourhood_code": neighbourhood,
        "unknown_neighbourhood": bool(neighbourhood) and line.neighbourhood is None,
        "breadcrumbs": _crumbs(request, _("Continuous line 0-21")),
    }
    return render(request, "programmes/line.html", context)


@workspace_view
def integral_matrix(request: HttpRequest) -> HttpResponse:
    request.nav_section = "programmes"
    programmes_setup(workspace=request.workspace)
    matrix = analysis.integral_matrix(workspace=request.workspace)
    programme_url = _url_pattern(request, "programme_detail")
    organisation_url = reverse(
        "network:organisation_detail", kwargs={"ws": request.workspace.slug, "pk": 999999999}
    )
    list_url = reverse("programmes:programme_list", kwargs={"ws": request.workspace.slug})
    context = {
        "matrix": matrix,
        "programme_rows": [
            {"row": row, "url": _object_url(programme_url, row.pk)} for row in matrix.programme_rows
        ],
        "organisation_rows": [
            {"row": row, "url": _object_url(organisation_url, row.pk)} for row in matrix.organisation_rows
        ],
        "domain_columns": [
            {"domain": domain, "url": f"{list_url}?{urlencode({'domain': domain.key})}"}
            for domain in matrix.domains
        ],
        "export_action": reverse("programmes:matrix_export", kwargs={"ws": request.workspace.slug}),
        "export_params": [],
        "export_label": _("Download the matrix as a spreadsheet (XLSX)"),
        "breadcrumbs": _crumbs(request, _("Integral matrix")),
    }
    return render(request, "programmes/matrix.html", context)


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@workspace_view
def integral_matrix_export(request: HttpRequest) -> HttpResponse:
    """Both tables of the matrix as XLSX, one sheet each, with the counts and the empty domains; audited."""
    programmes_setup(workspace=request.workspace)
    matrix = analysis.integral_matrix(workspace=request.workspace)
    content = integral_matrix_xlsx(matrix=matrix)
    export_record(
        workspace=request.workspace,
        actor=request.user,
        what="integral matrix",
        rows=len(matrix.programme_rows) + len(matrix.organisation_rows),
        filters={},
    )
    response = HttpResponse(content, content_type=XLSX)
    name = slugify(_("integral matrix"))
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="{name}-{stamp}.xlsx"'
    return response
