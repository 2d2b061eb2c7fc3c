"""Results of a meeting after (or during) it: the page, XLSX and PDF, all through disclosure control.

Every member may read and download them (published figures only); the hand-over of results to the
policy is for those who run the meeting.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from ouderpartner.core.access import workspace_view
from ouderpartner.live import access, documents
from ouderpartner.live.forms import HandOverKindForm
from ouderpartner.live.results import published_results
from ouderpartner.stats.values import explanation

SECTION = "live"


def _crumbs(request: HttpRequest, session) -> list[dict[str, str]]:
    ws = request.workspace.slug
    return [
        {"label": _("Meetings"), "url": reverse("live:session_list", kwargs={"ws": ws})},
        {
            "label": session.text("title"),
            "url": reverse("live:session_detail", kwargs={"ws": ws, "pk": session.pk}),
        },
        {"label": _("Results")},
    ]


@workspace_view
def results(request: HttpRequest, pk: int) -> HttpResponse:
    request.nav_section = SECTION
    session = access.get_session_for_member(request, pk)
    published = published_results(session=session)
    language = "nl" if (get_language() or "nl").startswith("nl") else "en"
    sections = documents.result_sections(published, language)
    can_run = access.can_facilitate(request.membership, session)
    context = {
        "title": _("Results: %(title)s") % {"title": session.text("title", language)},
        "session": session,
        "published": published,
        "sections": sections,
        "languages": documents.language_rows(published),
        "k": published.threshold,
        "explanation": explanation(published.threshold, secondary=True),
        "can_run": can_run,
        "hand_over_form": HandOverKindForm() if can_run else None,
        "can_hand_over": can_run and any(s.bars or s.entries for s in sections),
        "breadcrumbs": _crumbs(request, session),
    }
    return render(request, "live/results.html", context)


@workspace_view
def results_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    session = access.get_session_for_member(request, pk)
    return documents.results_xlsx(session=session, actor=request.user)


@workspace_view
def results_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    session = access.get_session_for_member(request, pk)
    try:
        return documents.results_pdf(session=session, actor=request.user)
    except documents.PdfUnavailable:
        request.nav_section = SECTION
        context = {"session": session, "breadcrumbs": _crumbs(request, session)}
        return render(request, "live/pdf_unavailable.html", context, status=503)
