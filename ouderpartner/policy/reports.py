"""The policy framework document and the yearly progress report for the LEA: their content and rendering.

`build_framework_report(framework)` and `build_yearly_report(framework, year=...)` gather everything a
report shows as plain data whose figures are already published (through `ouderpartner.stats`: counts of
parents rounded or shown as "< k"). ONE set of templates (templates/policy/report/) turns that data
into the web page and, with `for_pdf`, into the HTML WeasyPrint lays out as a PDF, so the screen and the
paper show the same figures.

Charts are Vega-Lite specs (as everywhere in Ouderpartner): the browser draws them with vega-embed;
for paper the same spec is rendered to SVG on the server by vl-convert (offline, no browser). Every
chart has a data table beside it. WeasyPrint and vl-convert are imported only when needed; the PDF
fetches no URL (the workspace logo is embedded as a data URI).
"""

from __future__ import annotations

import base64
import copy
import datetime
import logging
import mimetypes
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from ouderpartner.core.models import Workspace
from ouderpartner.network.models import Organisation
from ouderpartner.policy.consultation_selectors import consultation_summary
from ouderpartner.policy.indicators import (
    FrameworkIndicator,
    IndicatorFigure,
    framework_indicator_values,
)
from ouderpartner.policy.lea_selectors import lea_summary
from ouderpartner.policy.models import (
    Action,
    Ambition,
    Endorsement,
    Goal,
    Indicator,
    IndicatorValue,
    Level,
    PolicyFramework,
)
from ouderpartner.policy.scan_services import latest_scan_profile
from ouderpartner.programmes.models import Approach
from ouderpartner.stats import (
    PublishedCount,
    effective_threshold,
    explanation,
    format_number,
    publish_count,
)
from ouderpartner.stats.charts import FONT, PRIMARY, SCHEMA
from ouderpartner.voice.models import Feedback
from ouderpartner.voice.parent_texts import text_direction

logger = logging.getLogger(__name__)

PAPER_CHART_WIDTH = 300  # px in the SVG: two charts side by side in the PDF's text column
PAPER_FONT = "DejaVu Sans, Noto Sans, sans-serif"
CHART_WORKERS = 4
PDF_VARIANT = "pdf/ua-1"
REPORT_TREND_YEARS = 6  # years of values per indicator: the table's columns and the chart's points
MAX_QUOTED_COMMENTS = 8
UNKNOWN = "—"


class PdfUnavailable(Exception):
    """WeasyPrint (or the Pango library it needs) cannot be loaded on this server."""


# --- The data of a report ------------------------------------------------------------------------------


@dataclass
class Brand:
    """The municipality's style: its name, logo (a URL for the page, a data URI for the PDF) and colours."""

    name: str
    logo_url: str
    logo_data: str
    primary: str
    accent: str


@dataclass
class Chart:
    """A Vega-Lite spec of published figures; its SVG for paper is made when the PDF is rendered."""

    chart_id: str
    spec: dict[str, Any]
    caption: str
    svg: str = ""  # set for the PDF only (see _context)

    @property
    def svg_data_uri(self) -> str:
        """The SVG as an image for WeasyPrint: laid out apart from the page's HTML, which is faster."""
        if not self.svg:
            return ""
        return "data:image/svg+xml;base64," + base64.b64encode(self.svg.encode("utf-8")).decode("ascii")

    @property
    def has_data(self) -> bool:
        return bool(self.spec.get("data", {}).get("values"))


@dataclass
class LinkGroup:
    label: str
    names: list[str]


@dataclass
class Point:
    year: int
    display: str
    number: float | None  # None when hidden or missing: no point in the chart


@dataclass
class YearCell:
    year: int
    display: str
    is_current: bool


@dataclass
class IndicatorLine:
    title: str
    kind_label: str
    unit: str
    source_label: str
    manual_source: str
    direction_label: str
    baseline: str
    baseline_year: int | None
    target: str
    target_year: int | None
    current: str = UNKNOWN
    current_year: int | None = None
    points: list[Point] = field(default_factory=list)
    cells: list[YearCell] = field(default_factory=list)  # one per year of the report's table
    chart: Chart | None = None
    progress_status: str = "unknown"  # reached, on_track, behind, unknown (indicators.Progress)
    progress_label: str = ""
    note: str = ""


@dataclass
class GoalBlock:
    title: str
    text: str
    indicators: list[IndicatorLine]


@dataclass
class ActionLine:
    title: str
    owner: str
    due_on: datetime.date | None
    state: str  # done, in_progress, overdue, planned, cancelled
    state_label: str
    progress_note: str


@dataclass
class ConsultationBlock:
    responses: PublishedCount
    reactions: list[tuple[str, PublishedCount]]
    comments: list[tuple[str, str, str]]  # text, language, direction
    comments_hidden: bool
    chart: Chart | None = None


@dataclass
class FeedbackLine:
    said: str
    done: str


@dataclass
class AmbitionBlock:
    number: str
    anchor: str
    title: str
    text: str
    level: int
    level_label: str
    links: list[LinkGroup]
    endorsed: list[tuple[str, datetime.date]]
    not_endorsed: list[str]
    goals: list[GoalBlock]
    actions: list[ActionLine] = field(default_factory=list)
    action_counts: list[tuple[str, str, str]] = field(default_factory=list)  # state, label, number
    consultation: ConsultationBlock | None = None
    feedback: list[FeedbackLine] = field(default_factory=list)


@dataclass
class LevelBlock:
    level: int
    label: str
    ambitions: list[AmbitionBlock]


@dataclass
class ReachRowLine:
    label: str
    target_group: PublishedCount
    parents: PublishedCount
    first_time: PublishedCount
    activities: PublishedCount
    rate: str


@dataclass
class ReachSection:
    period_label: str
    rows: list[ReachRowLine]
    total: ReachRowLine | None
    chart: Chart | None
    has_rates: bool
    has_suppression: bool


@dataclass
class AgreementLine:
    what: str
    who: str
    due_on: datetime.date | None
    status_label: str
    ambition: str


@dataclass
class MeetingLine:
    title: str
    date: datetime.date
    place: str
    participants: list[str]
    other_participants: str
    agenda: list[str]
    decisions: str
    agreements: list[AgreementLine]


@dataclass
class ScanLine:
    label: str
    kind: str  # level or approach
    score: str
    phase: str
    change: str


@dataclass
class ScanSection:
    completed_on: datetime.date | None
    lines: list[ScanLine]
    guidance: list[tuple[str, str]]
    has_previous: bool


@dataclass
class BaseReport:
    kind: str
    title: str
    framework: PolicyFramework
    brand: Brand
    period: str
    status_label: str
    version: int
    threshold: int
    made_at: datetime.datetime
    levels: list[LevelBlock]

    @property
    def explanation(self) -> Promise:
        return explanation(self.threshold)

    @property
    def ambition_count(self) -> int:
        return sum(len(level.ambitions) for level in self.levels)


@dataclass
class FrameworkReport(BaseReport):
    vision: str = ""
    approaches: list[str] = field(default_factory=list)
    approach_reasons: str = ""
    role_label: str = ""
    role_text: str = ""
    adopted_on: datetime.date | None = None
    partners: list[str] = field(default_factory=list)


@dataclass
class YearlyReport(BaseReport):
    year: int = 0
    years: list[int] = field(default_factory=list)  # the columns of the indicator tables
    reach: ReachSection | None = None
    meetings: list[MeetingLine] = field(default_factory=list)
    other_agreements: list[AgreementLine] = field(default_factory=list)
    scan: ScanSection | None = None
    general_feedback: list[FeedbackLine] = field(default_factory=list)


# --- Brand ---------------------------------------------------------------------------------------------


def workspace_brand(workspace: Workspace, *, embed_logo: bool = False) -> Brand:
    """The workspace's name, logo and colours as core's theme uses them (house colours when invalid)."""
    from ouderpartner.core.colours import HEX_COLOUR

    primary = workspace.primary_colour if HEX_COLOUR.match(workspace.primary_colour or "") else "#01689B"
    accent = workspace.accent_colour if HEX_COLOUR.match(workspace.accent_colour or "") else "#39870C"
    logo_url = logo_data = ""
    if workspace.logo:
        try:
            logo_url = workspace.logo.url
        except ValueError:
            logo_url = ""
        if embed_logo:
            logo_data = _logo_data_uri(workspace)
    return Brand(workspace.name, logo_url, logo_data, primary, accent)


def _logo_data_uri(workspace: Workspace) -> str:
    """The logo as a data URI for the PDF (WeasyPrint fetches no URL); "" when it cannot be read."""
    name = workspace.logo.name
    mime_type = "image/svg+xml" if name.lower().endswith(".svg") else mimetypes.guess_type(name)[0]
    if mime_type not in ("image/svg+xml", "image/png", "image/jpeg"):
        return ""
    try:
        with workspace.logo.storage.open(name, "rb") as file:
            data = file.read(600_000)
    except OSError:
        logger.warning("The logo of workspace %s cannot be read", workspace.pk)
        return ""
    return f"data:{mime_type};base64,{base64.b64encode(data).decode('ascii')}"


# --- Figures -------------------------------------------------------------------------------------------


def _number(value: Decimal | float, *, decimals: int) -> str:
    return format_number(float(value), decimals=decimals)


def _decimals(value: Decimal | float) -> int:
    return 0 if float(value) == int(float(value)) else 1


def indicator_figure(indicator: Indicator, value: Decimal | None, k: int) -> tuple[str, float | None]:
    """A baseline or target as published: a count of people through the threshold, others formatted.

    Returns the text and the number a chart may draw (None when hidden or missing).
    """
    if value is None:
        return UNKNOWN, None
    kind = Indicator.ValueKind
    if indicator.value_kind == kind.PEOPLE:
        count = publish_count(max(round(float(value)), 0), k=k)
        return count.display(), None if count.suppressed else float(count.value or 0)
    if indicator.value_kind == kind.PERCENTAGE:
        return f"{_number(value, decimals=_decimals(value))}%", float(value)
    if indicator.value_kind == kind.SCORE:
        return _number(value, decimals=1), float(value)
    return _number(value, decimals=_decimals(value)), float(value)


def _with_unit(text: str, unit: str) -> str:
    return f"{text} {unit}" if unit and text != UNKNOWN and not text.startswith("<") else text


def trend_chart(
    *, chart_id: str, points: list[Point], description: str, axis_title: str, target: float | None
) -> Chart:
    """A line of the published values per year; the target as a dashed rule. Hidden values break the line."""
    values = [
        {"year": str(point.year), "order": index, "value": point.number} for index, point in enumerate(points)
    ]
    layers: list[dict[str, Any]] = [
        {
            "mark": {"type": "line", "point": True, "tooltip": True},
            "encoding": {
                "x": {
                    "field": "year",
                    "type": "ordinal",
                    "title": None,
                    "sort": {"field": "order", "order": "ascending"},
                    "axis": {"labelAngle": 0},
                },
                "y": {"field": "value", "type": "quantitative", "title": axis_title},
            },
        }
    ]
    if target is not None:
        layers.append(
            {
                "data": {"values": [{"target": target}]},
                "mark": {"type": "rule", "strokeDash": [6, 4], "color": "#5b5b5b", "strokeWidth": 2},
                "encoding": {"y": {"field": "target", "type": "quantitative"}},
            }
        )
    spec = {
        "$schema": SCHEMA,
        "description": description,
        "width": "container",
        "height": 160,
        "autosize": {"type": "fit-x", "contains": "padding"},
        "data": {"values": values if any(v["value"] is not None for v in values) else []},
        "layer": layers,
        "config": {
            "font": FONT,
            "view": {"stroke": None},
            "axis": {
                "labelFontSize": 12,
                "titleFontSize": 12,
                "labelColor": "#1a1a1a",
                "titleColor": "#1a1a1a",
            },
            "line": {"color": PRIMARY, "strokeWidth": 3},
            "point": {"filled": True, "size": 60, "color": PRIMARY},
        },
    }
    caption = _("Trend of %(indicator)s; the dashed line is the target.") % {"indicator": description}
    if target is None:
        caption = _("Trend of %(indicator)s.") % {"indicator": description}
    return Chart(chart_id=chart_id, spec=spec, caption=caption)


def _vl_convert() -> Any:
    try:
        import vl_convert
    except ImportError:  # the charts are then left out of the PDF; their tables stay
        return None
    return vl_convert


def chart_svg(chart: Chart) -> SafeString:
    """The chart as SVG for paper, from the same spec the page draws (vl-convert, offline); "" if unavailable."""
    if not chart.has_data:
        return mark_safe("")
    vl_convert = _vl_convert()
    if vl_convert is None:
        return mark_safe("")
    spec = copy.deepcopy(chart.spec)
    spec["width"] = PAPER_CHART_WIDTH
    spec["autosize"] = {"type": "fit", "contains": "padding"}
    if spec.get("height") == "container":
        spec["height"] = 200
    spec.setdefault("config", {})["font"] = PAPER_FONT
    spec.pop("$schema", None)
    try:
        svg = vl_convert.vegalite_to_svg(spec)
    except Exception:  # a chart that cannot be drawn must not stop the report: the table has the figures
        logger.exception("A report chart could not be rendered to SVG")
        return mark_safe("")
    # vl-convert escapes every text it writes; the SVG comes from our own spec of published figures.
    return mark_safe(svg.replace("<svg ", f'<svg role="img" aria-label="{_escape(chart.caption)}" ', 1))


def _escape(text: str) -> str:
    from django.utils.html import escape

    return str(escape(text))


# --- Sections shared by both reports -------------------------------------------------------------------


def _ambitions(framework: PolicyFramework) -> list[Ambition]:
    return list(
        Ambition.objects.filter(workspace=framework.workspace, framework=framework)
        .prefetch_related(
            "programmes",
            "transitions",
            "policy_domains",
            "neighbourhoods",
            Prefetch(
                "endorsements",
                queryset=Endorsement.objects.select_related("organisation").order_by("organisation__name"),
            ),
            Prefetch(
                "goals",
                queryset=Goal.objects.order_by("position", "id").prefetch_related(
                    Prefetch(
                        "indicators",
                        queryset=Indicator.objects.order_by("position", "id").prefetch_related(
                            Prefetch("values", queryset=IndicatorValue.objects.order_by("year"))
                        ),
                    )
                ),
            ),
        )
        .order_by("level", "position", "id")
    )


def _partners(framework: PolicyFramework) -> list[Organisation]:
    """The organisations asked to endorse: the chosen partners, else every active organisation."""
    chosen = list(framework.partners.order_by("name"))
    if chosen:
        return chosen
    return list(
        Organisation.objects.filter(workspace=framework.workspace, archived_at__isnull=True).order_by("name")
    )


def _links(ambition: Ambition) -> list[LinkGroup]:
    groups = [
        LinkGroup(_("Programmes"), [p.name for p in ambition.programmes.all()]),
        LinkGroup(_("Transitions"), [t.display_name for t in ambition.transitions.all()]),
        LinkGroup(_("Policy domains"), [d.display_name for d in ambition.policy_domains.all()]),
        LinkGroup(_("Neighbourhoods"), [n.name for n in ambition.neighbourhoods.all()]),
    ]
    return [group for group in groups if group.names]


def _indicator_line(
    indicator: Indicator,
    *,
    k: int,
    year: int | None,
    years: list[int],
    figures: dict[int, FrameworkIndicator],
    chart_id: str,
) -> IndicatorLine:
    baseline = indicator_figure(indicator, indicator.baseline, k)[0]
    target, target_number = indicator_figure(indicator, indicator.target, k)
    line = IndicatorLine(
        title=indicator.title,
        kind_label=str(indicator.get_value_kind_display()),
        unit=indicator.unit,
        source_label=str(indicator.get_source_display()),
        manual_source=indicator.manual_source,
        direction_label=str(indicator.get_direction_display()),
        baseline=_with_unit(baseline, indicator.unit),
        baseline_year=indicator.baseline_year,
        target=_with_unit(target, indicator.unit),
        target_year=indicator.target_year,
    )
    if year is None:
        return line
    read = figures.get(indicator.pk)
    if read is None:
        return line
    # Values as indicators.py publishes them: counts of people through the threshold, "< k" when hidden.
    line.points = [
        Point(figure.year, _with_unit(figure.display(), indicator.unit), _plotted(figure))
        for figure in read.series
        if figure.is_known or figure.suppressed
    ]
    if read.value.is_known or read.value.suppressed:
        line.current = _with_unit(read.value.display(), indicator.unit)
        line.current_year = read.value.year
    else:
        line.note = _("No value for %(year)s yet.") % {"year": year}
    shown = {point.year: point.display for point in line.points}
    line.cells = [YearCell(each, shown.get(each, "–"), each == line.current_year) for each in years]
    line.progress_status = read.progress.status
    line.progress_label = read.progress.label
    if line.points:
        line.chart = trend_chart(
            chart_id=chart_id,
            points=line.points,
            description=indicator.title,
            axis_title=indicator.unit or str(indicator.get_value_kind_display()),
            target=target_number,
        )
    return line


def _plotted(figure: IndicatorFigure) -> float | None:
    return None if figure.suppressed or figure.value is None else float(figure.value)


def _goals(
    ambition: Ambition, *, k: int, year: int | None, years: list[int], figures: dict[int, FrameworkIndicator]
) -> list[GoalBlock]:
    return [
        GoalBlock(
            title=goal.title,
            text=goal.text,
            indicators=[
                _indicator_line(
                    indicator,
                    k=k,
                    year=year,
                    years=years,
                    figures=figures,
                    chart_id=f"chart-indicator-{indicator.pk}",
                )
                for indicator in goal.indicators.all()
            ],
        )
        for goal in ambition.goals.all()
    ]


def _ambition_block(
    ambition: Ambition,
    number: str,
    partners: list[Organisation],
    *,
    k: int,
    year: int | None = None,
    years: list[int] | None = None,
    figures: dict[int, FrameworkIndicator] | None = None,
) -> AmbitionBlock:
    endorsements = list(ambition.endorsements.all())
    endorsed_ids = {e.organisation_id for e in endorsements}
    return AmbitionBlock(
        number=number,
        anchor=f"ambition-{ambition.pk}",
        title=ambition.title,
        text=ambition.text,
        level=ambition.level,
        level_label=str(Level(ambition.level).label),
        links=_links(ambition),
        endorsed=[(e.organisation.name, e.endorsed_on) for e in endorsements],
        not_endorsed=[o.name for o in partners if o.pk not in endorsed_ids],
        goals=_goals(ambition, k=k, year=year, years=years or [], figures=figures or {}),
    )


def _levels(blocks: list[AmbitionBlock]) -> list[LevelBlock]:
    by_level: dict[int, list[AmbitionBlock]] = defaultdict(list)
    for block in blocks:
        by_level[block.level].append(block)
    return [
        LevelBlock(level, str(label), by_level[level]) for level, label in Level.choices if by_level[level]
    ]


def _numbered(ambitions: list[Ambition]) -> list[tuple[Ambition, str]]:
    """Ambitions numbered per level: 1.1, 1.2, 2.1 …"""
    counters: dict[int, int] = defaultdict(int)
    numbered = []
    for ambition in ambitions:
        counters[ambition.level] += 1
        numbered.append((ambition, f"{ambition.level}.{counters[ambition.level]}"))
    return numbered


def _base(framework: PolicyFramework, *, kind: str, title: str, embed_logo: bool) -> dict[str, Any]:
    workspace = framework.workspace
    return {
        "kind": kind,
        "title": title,
        "framework": framework,
        "brand": workspace_brand(workspace, embed_logo=embed_logo),
        "period": f"{framework.start_year}–{framework.end_year}",
        "status_label": str(framework.get_status_display()),
        "version": framework.version,
        "threshold": effective_threshold(workspace.disclosure_threshold),
        "made_at": timezone.localtime(),
    }


# --- The framework document ----------------------------------------------------------------------------


def build_framework_report(framework: PolicyFramework, *, embed_logo: bool = False) -> FrameworkReport:
    """The policy framework document: vision, approaches, the municipality's role, ambitions per level
    with their links, goals and indicators (baseline and target), and who endorsed each ambition."""
    k = effective_threshold(framework.workspace.disclosure_threshold)
    partners = _partners(framework)
    blocks = [
        _ambition_block(ambition, number, partners, k=k)
        for ambition, number in _numbered(_ambitions(framework))
    ]
    approaches = [str(Approach(key).label) for key in framework.approaches or [] if key in Approach.values]
    return FrameworkReport(
        **_base(framework, kind="framework", title=framework.title, embed_logo=embed_logo),
        levels=_levels(blocks),
        vision=framework.vision,
        approaches=approaches,
        approach_reasons=framework.approach_reasons,
        role_label=str(framework.get_municipal_role_display()),
        role_text=framework.municipal_role_text,
        adopted_on=framework.adopted_on,
        partners=[o.name for o in partners],
    )


# --- The yearly progress report ------------------------------------------------------------------------


def _action_state(action: Action, today: datetime.date) -> str:
    if action.status in (Action.Status.DONE, Action.Status.CANCELLED):
        return str(action.status)
    if action.due_on and action.due_on < today:
        return "overdue"
    return str(action.status)


def _state_labels() -> dict[str, str]:
    return {
        "done": _("done"),
        "in_progress": _("in progress"),
        "overdue": _("overdue"),
        "planned": _("planned"),
        "cancelled": _("cancelled"),
    }


def _actions(framework: PolicyFramework, year: int) -> dict[int, list[ActionLine]]:
    """Actions of the year per ambition: all but those done or cancelled before the year began."""
    today = timezone.localdate()
    labels = _state_labels()
    finished_before = Q(status__in=[Action.Status.DONE, Action.Status.CANCELLED], due_on__year__lt=year)
    actions = (
        Action.objects.filter(workspace=framework.workspace, ambition__framework=framework)
        .exclude(finished_before)
        .select_related("owner")
        .order_by("due_on", "id")
    )
    result: dict[int, list[ActionLine]] = defaultdict(list)
    for action in actions:
        state = _action_state(action, today)
        result[action.ambition_id].append(
            ActionLine(
                action.title, action.owner.name, action.due_on, state, labels[state], action.progress_note
            )
        )
    return result


def _action_counts(actions: list[ActionLine]) -> list[tuple[str, str, str]]:
    labels = _state_labels()
    counts: dict[str, int] = defaultdict(int)
    for action in actions:
        counts[action.state] += 1
    # Actions are not people: their numbers are shown as they are, in the language's number format.
    return [
        (state, labels[state], format_number(counts[state]))
        for state in ("done", "in_progress", "overdue", "planned")
        if counts[state]
    ]


def consultation_blocks(framework: PolicyFramework) -> dict[int, ConsultationBlock]:
    """Parents' reactions per ambition (agree / disagree / not sure) as the consultation summary publishes
    them, and the approved comments of ambitions with enough reactions for free text to be quoted."""
    summary = consultation_summary(framework)
    labels = summary.reaction_labels
    blocks = {}
    for item in summary.ambitions:
        if not (item.total.value or item.total.suppressed):
            continue
        blocks[item.ambition.pk] = ConsultationBlock(
            responses=item.total,
            reactions=[(str(labels[key]), item.by_reaction[key]) for key in summary.reactions],
            comments=[
                (quote.text, quote.language, text_direction(quote.language))
                for quote in item.quotes[:MAX_QUOTED_COMMENTS]
            ],
            comments_hidden=not item.quotes_allowed,
        )
    return blocks


def _feedback(
    framework: PolicyFramework, year: int
) -> tuple[dict[int, list[FeedbackLine]], list[FeedbackLine]]:
    """Published "you said, we did" items: per ambition when they are about a questionnaire one of its
    indicators reads; the other items of the year for the whole report."""
    workspace = framework.workspace
    by_questionnaire: dict[int, set[int]] = defaultdict(set)
    for ambition_id, questionnaire_id in Indicator.objects.filter(
        workspace=workspace, goal__ambition__framework=framework, questionnaire__isnull=False
    ).values_list("goal__ambition_id", "questionnaire_id"):
        by_questionnaire[questionnaire_id].add(ambition_id)
    items = Feedback.objects.filter(workspace=workspace, published=True).filter(
        Q(questionnaire_id__in=list(by_questionnaire)) | Q(updated_at__year=year) | Q(created_at__year=year)
    )
    per_ambition: dict[int, list[FeedbackLine]] = defaultdict(list)
    general = []
    for item in items.order_by("-created_at", "-id"):
        line = FeedbackLine(said=item.text("said"), done=item.text("done"))
        ambitions = by_questionnaire.get(item.questionnaire_id or 0)
        if ambitions:
            for ambition_id in sorted(ambitions):
                per_ambition[ambition_id].append(line)
        else:
            general.append(line)
    return per_ambition, general


def reach_section(workspace: Workspace, year: int) -> ReachSection | None:
    """Reach per district in the calendar year, published exactly as on the reach dashboard."""
    from ouderpartner.reach.selectors import reach_dashboard

    dashboard = reach_dashboard(workspace=workspace, params={"period": f"y{year}"})
    if dashboard.filters.period != f"y{year}":  # no activities in that year
        return None
    breakdown = dashboard.neighbourhoods

    def line(row: Any) -> ReachRowLine:
        rate = row.rate.display() if row.rate is not None else UNKNOWN
        return ReachRowLine(row.label, row.target_group, row.parents, row.first_time, row.activities, rate)

    chart = None
    if breakdown.chart:
        chart = Chart(
            chart_id="chart-reach",
            spec=breakdown.chart,
            caption=_("Target-group parents reached per district in %(year)s (contacts).") % {"year": year},
        )
    return ReachSection(
        period_label=str(year),
        rows=[line(row) for row in breakdown.rows],
        total=line(breakdown.total) if breakdown.total else None,
        chart=chart,
        has_rates=any(row.rate is not None for row in breakdown.rows),
        has_suppression=breakdown.has_suppression,
    )


def _agreement_line(row: dict[str, Any]) -> AgreementLine:
    status = row["status_label"]
    if row["overdue"]:
        status = _("%(status)s, overdue") % {"status": status}
    return AgreementLine(
        what=row["what"],
        who=", ".join(row["organisations"]),
        due_on=row["due_on"],
        status_label=status,
        ambition=row["ambition"] or "",
    )


def lea_section(framework: PolicyFramework, year: int) -> tuple[list[MeetingLine], list[AgreementLine]]:
    """The framework's LEA meetings of the year with agenda, decisions and the agreements made there,
    and the framework's other agreements that matter this year (due, or still open from before)."""
    summary = lea_summary(framework, year=year)
    by_meeting: dict[int, list[AgreementLine]] = defaultdict(list)
    others = []
    meeting_ids = {meeting["id"] for meeting in summary["meetings"]}
    for row in summary["agreements"]:
        if row["meeting_id"] in meeting_ids:
            by_meeting[row["meeting_id"]].append(_agreement_line(row))
        else:
            others.append(_agreement_line(row))
    meetings = [
        MeetingLine(
            title=meeting["title"],
            date=meeting["date"],
            place=meeting["place"],
            participants=meeting["organisations"],
            other_participants=meeting["other_participants"],
            agenda=meeting["agenda"],
            decisions=meeting["decisions"],
            agreements=by_meeting.get(meeting["id"], []),
        )
        for meeting in summary["meetings"]
    ]
    return meetings, others


def report_years(framework: PolicyFramework) -> list[int]:
    """The years a yearly report can be made for: the framework's period up to this year."""
    this_year = timezone.localdate().year
    last = min(framework.end_year, this_year)
    if last < framework.start_year:
        return [framework.start_year]
    return list(range(last, framework.start_year - 1, -1))


def default_year(framework: PolicyFramework) -> int:
    return report_years(framework)[0]


def _trend_years(ambitions: list[Ambition], framework: PolicyFramework, year: int) -> list[int]:
    """From the earliest baseline year (or the framework's first year) up to the report's year."""
    baselines = [
        indicator.baseline_year
        for ambition in ambitions
        for goal in ambition.goals.all()
        for indicator in goal.indicators.all()
        if indicator.baseline_year
    ]
    first = max(min([framework.start_year, *baselines, year]), year - REPORT_TREND_YEARS + 1)
    return list(range(first, year + 1))


def build_yearly_report(framework: PolicyFramework, *, year: int, embed_logo: bool = False) -> YearlyReport:
    """The yearly progress report for the LEA: per ambition its goals with indicator values against
    targets, actions with their state, what parents said and what was done with it; reach per
    district; the LEA meetings and agreements of the year; the latest self-scan profile."""
    workspace = framework.workspace
    k = effective_threshold(workspace.disclosure_threshold)
    partners = _partners(framework)
    ambitions = _ambitions(framework)
    years = _trend_years(ambitions, framework, year)
    figures = {
        row.indicator.pk: row for row in framework_indicator_values(framework, year=year, trend_years=years)
    }
    actions = _actions(framework, year)
    consultation = consultation_blocks(framework)
    feedback, general_feedback = _feedback(framework, year)
    blocks = []
    for ambition, number in _numbered(ambitions):
        block = _ambition_block(ambition, number, partners, k=k, year=year, years=years, figures=figures)
        block.actions = actions.get(ambition.pk, [])
        block.action_counts = _action_counts(block.actions)
        block.consultation = consultation.get(ambition.pk)
        block.feedback = feedback.get(ambition.pk, [])
        blocks.append(block)
    meetings, other_agreements = lea_section(framework, year)
    title = _("Progress report %(year)s: %(framework)s") % {"year": year, "framework": framework.title}
    return YearlyReport(
        **_base(framework, kind="yearly", title=title, embed_logo=embed_logo),
        levels=_levels(blocks),
        year=year,
        years=years,
        reach=reach_section(workspace, year),
        meetings=meetings,
        other_agreements=other_agreements,
        scan=scan_section(workspace),
        general_feedback=general_feedback,
    )


def scan_section(workspace: Workspace) -> ScanSection | None:
    """The municipality's latest completed self-scan: its profile per level and approach, the change
    since the scan before it, and the guidance it chose; None when there is none."""
    result = latest_scan_profile(workspace=workspace)
    if result is None:
        return None
    changes = {
        change.key: change.delta for change in (result.comparison.sections if result.comparison else [])
    }
    lines = []
    for section in result.profile.sections:
        delta = changes.get(section.key)
        lines.append(
            ScanLine(
                label=str(section.title),
                kind=section.kind,
                score=UNKNOWN if section.share is None else f"{format_number(section.share)}%",
                phase=str(section.phase_label),
                change="" if delta is None else f"{delta:+d}".replace("-", "−"),
            )
        )
    completed = result.scan.completed_at
    return ScanSection(
        completed_on=timezone.localtime(completed).date() if completed else None,
        lines=lines,
        guidance=[(item.title, item.text) for item in result.profile.guidance],
        has_previous=result.previous is not None,
    )


# --- Rendering -----------------------------------------------------------------------------------------


def _context(report: BaseReport, *, for_pdf: bool) -> dict[str, Any]:
    context: dict[str, Any] = {
        "report": report,
        "for_pdf": for_pdf,
        "k": report.threshold,
        "body_template": report_template(report),
    }
    if for_pdf:
        context["css_name"] = css_string(report.brand.name)
        context["css_title"] = css_string(report.title)
        # Same specs as the page, drawn here as SVG; a chart that cannot be drawn leaves its table.
        # vl-convert works outside the GIL, so a few charts are drawn at once.
        charts = charts_of(report)
        with ThreadPoolExecutor(max_workers=CHART_WORKERS) as pool:
            for chart, svg in zip(charts, pool.map(chart_svg, charts), strict=True):
                chart.svg = svg
    return context


def css_string(text: str) -> SafeString:
    """A quoted CSS string (for the running page headers): every character but letters, digits and
    spaces is written as a CSS escape, so no text can end the string or the style element."""
    parts = []
    for char in " ".join(str(text).split())[:120]:
        parts.append(char if char.isalnum() or char == " " else f"\\{ord(char):x} ")
    return mark_safe('"' + "".join(parts) + '"')


def charts_of(report: BaseReport) -> list[Chart]:
    charts: list[Chart] = []
    for level in report.levels:
        for ambition in level.ambitions:
            for goal in ambition.goals:
                charts.extend(line.chart for line in goal.indicators if line.chart is not None)
    reach = getattr(report, "reach", None)
    if reach is not None and reach.chart is not None:
        charts.append(reach.chart)
    return charts


def report_template(report: BaseReport) -> str:
    return f"policy/report/{report.kind}_body.html"


def report_html(report: BaseReport) -> str:
    """The standalone HTML of the PDF: the report's body with print CSS in the workspace's colours."""
    return render_to_string("policy/report/pdf.html", _context(report, for_pdf=True))


def web_context(report: BaseReport) -> dict[str, Any]:
    return _context(report, for_pdf=False)


def _weasyprint() -> Any:
    try:
        import weasyprint
    except (ImportError, OSError) as error:  # OSError: Pango or its libraries are missing
        raise PdfUnavailable(str(error)) from error
    return weasyprint


def _no_fetching() -> Any:
    """The PDF is self-contained (inline SVG, the logo as a data URI): every other URL is refused."""
    from weasyprint.urls import URLFetcher

    return URLFetcher(allowed_protocols=["data"], allow_redirects=False)


def render_pdf(report: BaseReport) -> bytes:
    """The report as PDF bytes (WeasyPrint). Raises PdfUnavailable when WeasyPrint cannot load."""
    weasyprint = _weasyprint()
    html = report_html(report)
    # PDF/UA-1: a tagged PDF (headings, tables, the charts' alternative texts) with its language and title,
    # so that a screen reader can read the report as well as the web page.
    return weasyprint.HTML(string=html, url_fetcher=_no_fetching()).write_pdf(pdf_variant=PDF_VARIANT)
