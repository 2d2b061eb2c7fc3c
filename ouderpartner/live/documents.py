"""The published results of a meeting as the results page, XLSX and PDF show them.

One function (`result_sections`) turns `results.published_results` into sections with labels, bars,
a Vega-Lite spec and the data; the page, the spreadsheet and the PDF all read those sections, so the
same disclosure-controlled figures appear everywhere. The PDF draws its bars as inline SVG on the
server (no script, no network) and imports WeasyPrint only when a PDF is made.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext as _

from ouderpartner.core.audit import audit_record
from ouderpartner.core.languages import PARENT_LANGUAGES
from ouderpartner.core.models import AuditEvent
from ouderpartner.live.models import LiveSession, Prompt
from ouderpartner.live.results import PublishedPrompt, PublishedSession, published_results
from ouderpartner.network.exports import xlsx_response
from ouderpartner.stats.charts import bar_chart
from ouderpartner.stats.values import PublishedCount, explanation

BAR_COLOUR = "#01689b"


class PdfUnavailable(Exception):
    """WeasyPrint (or the Pango library it needs) cannot be loaded on this server."""


@dataclass
class Bar:
    label: str
    count: PublishedCount
    option_id: int | None = None
    pictogram: str = ""
    width: float = 0.0


@dataclass
class Section:
    number: int
    prompt: Prompt
    text: str
    kind_label: str
    respondents: PublishedCount
    bars: list[Bar] = field(default_factory=list)
    chart: dict[str, Any] | None = None
    chart_caption: str = ""
    explanation: str = ""
    mean: Any = None
    ranking: list[dict[str, Any]] = field(default_factory=list)
    ranking_hidden: bool = False
    words: list[tuple[str, PublishedCount]] = field(default_factory=list)
    entries: list[dict[str, Any]] = field(default_factory=list)
    texts_hidden: bool = False

    @property
    def chart_id(self) -> str:
        return f"chart-{self.number}"

    @property
    def svg(self) -> SafeString:
        return svg_bars(self.bars, title=self.text)


def _widths(bars: list[Bar]) -> None:
    """Bar lengths from the PUBLISHED values only; hidden figures get no bar."""
    top = max((bar.count.value or 0 for bar in bars if not bar.count.suppressed), default=0)
    for bar in bars:
        value = 0 if bar.count.suppressed else bar.count.value or 0
        bar.width = round(100 * value / top, 1) if top else 0.0


def _section(number: int, item: PublishedPrompt, language: str) -> Section:
    prompt = item.prompt
    section = Section(
        number=number,
        prompt=prompt,
        text=prompt.text_in(language),
        kind_label=str(prompt.get_kind_display()),
        respondents=item.respondents,
        mean=item.mean,
        ranking_hidden=item.ranking_hidden,
        words=item.words,
        entries=item.entries,
        texts_hidden=item.texts_hidden,
    )
    if prompt.kind == Prompt.Kind.SCALE:
        low, high = prompt.scale_ends(language)
        for value, count in item.scale:
            label = str(value)
            if value == prompt.scale_min and low:
                label = f"{value} ({low})"
            elif value == prompt.scale_max and high:
                label = f"{value} ({high})"
            section.bars.append(Bar(label=label, count=count))
        section.chart_caption = _("How many participants chose each point of the scale.")
    elif prompt.has_options:
        for option, count in item.options:
            section.bars.append(
                Bar(
                    label=option.label_in(language),
                    count=count,
                    option_id=option.pk,
                    pictogram=option.pictogram,
                )
            )
        if prompt.kind == Prompt.Kind.MULTIPLE_CHOICE:
            section.chart_caption = _(
                "How often each answer was chosen; participants could choose more than one."
            )
        elif prompt.kind == Prompt.Kind.RANKING:
            section.chart_caption = _("How many participants placed each option in their ranking.")
        else:
            section.chart_caption = _("How many participants chose each answer.")
        if item.ranking:
            by_id = {bar.option_id: bar for bar in section.bars}
            section.ranking = [
                {"place": place, "label": option.label_in(language), "points": points, "option_id": option.pk}
                for place, (option, points) in enumerate(item.ranking, start=1)
                if option.pk in by_id
            ]
    if section.bars:
        _widths(section.bars)
        section.chart = bar_chart(
            [(bar.label, bar.count) for bar in section.bars],
            description=section.text,
            axis_title=_("Participants"),
        )
        if item.series is not None and item.series.has_suppression:
            section.explanation = str(item.series.explanation())
    return section


def result_sections(published: PublishedSession, language: str = "nl") -> list[Section]:
    return [_section(number, item, language) for number, item in enumerate(published.prompts, start=1)]


def language_rows(published: PublishedSession) -> list[tuple[str, PublishedCount]]:
    rows = []
    for code, count in published.languages.counts.items():
        spec = PARENT_LANGUAGES.get(code)
        rows.append((spec.native_name if spec else code, count))
    return rows


def svg_bars(bars: list[Bar], *, title: str) -> SafeString:
    """Horizontal bars as an inline SVG for the PDF: label, bar (published value), figure ("< 5" when hidden)."""
    if not bars:
        return mark_safe("")
    row, label_width, bar_width, value_width = 22, 230, 300, 70
    height = row * len(bars) + 4
    width = label_width + bar_width + value_width
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'role="img" aria-label="{escape(title)}"><title>{escape(title)}</title>'
    ]
    for index, bar in enumerate(bars):
        y = index * row + 2
        label = bar.label if len(bar.label) <= 42 else bar.label[:40] + "…"
        parts.append(
            f'<text x="{label_width - 6}" y="{y + 15}" text-anchor="end" font-size="11" fill="#1a1a1a">{escape(label)}</text>'
        )
        length = bar_width * bar.width / 100
        if length:
            parts.append(
                f'<rect x="{label_width}" y="{y + 3}" width="{length:.1f}" height="{row - 8}" fill="{BAR_COLOUR}"/>'
            )
        parts.append(
            f'<text x="{label_width + length + 6:.1f}" y="{y + 15}" font-size="11" fill="#1a1a1a">{escape(bar.count.display())}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # every text in it is escaped above


# --- XLSX ---------------------------------------------------------------------------------------------


def _cell(count: PublishedCount) -> Any:
    return count.display() if count.suppressed else count.value


def results_rows(published: PublishedSession, sections: list[Section]) -> tuple[list[str], list[list[Any]]]:
    headers = [_("No."), _("Prompt"), _("Kind"), _("Answer"), _("Participants"), _("Points or mean")]
    rows: list[list[Any]] = []
    for section in sections:
        head = [section.number, section.text, section.kind_label]
        rows.append([*head, _("Participants who answered"), _cell(section.respondents), None])
        points = {entry["option_id"]: entry["points"] for entry in section.ranking}
        for bar in section.bars:
            rows.append([*head, bar.label, _cell(bar.count), points.get(bar.option_id)])
        if section.mean is not None:
            rows.append([*head, _("Mean"), None, section.mean.display()])
        if section.ranking_hidden:
            rows.append([*head, _("Ranking hidden: fewer participants than the threshold."), None, None])
        for word, count in section.words:
            rows.append([*head, word, _cell(count), None])
        for entry in section.entries:
            upvotes = entry.get("published_upvotes")
            rows.append([*head, entry["text"], None, _cell(upvotes) if upvotes is not None else None])
        if section.texts_hidden:
            rows.append(
                [*head, _("Texts are shown only for prompts with at least 10 participants."), None, None]
            )
    return headers, rows


def results_xlsx(*, session: LiveSession, actor: Any) -> HttpResponse:
    published = published_results(session=session)
    sections = result_sections(published)
    headers, rows = results_rows(published, sections)
    audit_record(
        workspace=session.workspace,
        actor=actor,
        action=AuditEvent.Action.EXPORT,
        obj=session,
        changes={"what": "results", "format": "xlsx", "rows": len(rows)},
    )
    notes = [
        _("Participants: %(count)s") % {"count": published.participants.display()},
        *[
            _("Language %(language)s: %(count)s") % {"language": name, "count": c.display()}
            for name, c in language_rows(published)
        ],
        str(explanation(published.threshold, secondary=True)),
        _("Only approved texts are included. Participants are anonymous: keep it so."),
    ]
    return xlsx_response(
        title=_("Results"),
        headers=headers,
        rows=rows,
        filename=f"{_('results')}-{session.text('title')}",
        notes=notes,
    )


# --- PDF ----------------------------------------------------------------------------------------------


def _weasyprint() -> Any:
    try:
        import weasyprint
    except (ImportError, OSError) as error:  # OSError: Pango or its libraries are missing
        raise PdfUnavailable(str(error)) from error
    return weasyprint


def _no_fetching(weasyprint: Any) -> Any:
    """The PDF is self-contained (inline SVG, no images): refuse every URL, never go to the network."""
    from weasyprint.urls import URLFetcher

    class NoFetcher(URLFetcher):
        def fetch(self, url: str, headers: Any = None) -> Any:
            raise ValueError(f"The results PDF loads nothing: {url}")

    return NoFetcher(allow_redirects=False)


def results_html(*, session: LiveSession) -> str:
    published = published_results(session=session)
    context = {
        "session": session,
        "title": session.text("title", "nl"),
        "published": published,
        "sections": result_sections(published),
        "languages": language_rows(published),
        "explanation": explanation(published.threshold, secondary=True),
        "made_at": timezone.localtime(),
    }
    return render_to_string("live/results_pdf.html", context)


def results_pdf(*, session: LiveSession, actor: Any) -> HttpResponse:
    weasyprint = _weasyprint()
    html = results_html(session=session)
    pdf = weasyprint.HTML(string=html, url_fetcher=_no_fetching(weasyprint)).write_pdf()
    audit_record(
        workspace=session.workspace,
        actor=actor,
        action=AuditEvent.Action.EXPORT,
        obj=session,
        changes={"what": "results", "format": "pdf"},
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = (
        f'attachment; filename="{slugify(session.text("title"))[:60]}-{stamp}.pdf"'
    )
    return response
