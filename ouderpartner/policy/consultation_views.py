"""Staff pages of the parents' consultation under /w/<ws>/policy/: the overview per framework, the
moderation queue (coordinators), the summary per ambition (every member) and the share page with the
link and QR code (coordinators)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from ouderpartner.core.access import coordinator_view, workspace_view
from ouderpartner.core.audit import audit_view
from ouderpartner.core.filter_links import filter_group, filter_link
from ouderpartner.core.languages import PARENT_LANGUAGES
from ouderpartner.core.models import Role
from ouderpartner.policy import consultation_selectors as selectors
from ouderpartner.policy import consultation_services as services
from ouderpartner.policy.consultation_forms import DecisionForm
from ouderpartner.policy.consultation_texts import consultation_texts
from ouderpartner.policy.models import ConsultationComment, PolicyFramework
from ouderpartner.stats.charts import bar_chart
from ouderpartner.voice.moderation import personal_data_kinds
from ouderpartner.voice.parent_texts import text_direction
from ouderpartner.voice.personal_data import kind_label

NAV_SECTION = "policy"
PAGE_SIZE = 25
FILTER_PARAMS = ("status", "ambition", "language")
Status = ConsultationComment.Status


def _language_name(code: str) -> str:
    language = PARENT_LANGUAGES.get(code)
    return language.native_name if language else code


def _truncate(text: str, length: int = 60) -> str:
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def _url(request: HttpRequest, name: str, framework: PolicyFramework | None = None) -> str:
    kwargs: dict[str, Any] = {"ws": request.workspace.slug}
    if framework is not None:
        kwargs["pk"] = framework.pk
    return reverse(f"policy:{name}", kwargs=kwargs)


def _breadcrumbs(request: HttpRequest, *crumbs: dict[str, str]) -> list[dict[str, str]]:
    return [
        {"label": _("Policy"), "url": _url(request, "overview")},
        {"label": _("Parents' comments"), "url": _url(request, "consultation_index")},
        *crumbs,
    ]


def _framework_crumb(request: HttpRequest, framework: PolicyFramework) -> dict[str, str]:
    return {"label": framework.title, "url": _url(request, "framework_detail", framework)}


def _is_coordinator(request: HttpRequest) -> bool:
    return request.membership.role == Role.COORDINATOR


@workspace_view
@require_http_methods(["GET"])
def consultation_index(request: HttpRequest) -> HttpResponse:
    """Every framework with its consultation: open or closed, and the pages about its comments."""
    request.nav_section = NAV_SECTION
    coordinator = _is_coordinator(request)
    pending = selectors.pending_counts(workspace=request.workspace) if coordinator else {}
    rows = []
    for framework in selectors.consultation_frameworks(workspace=request.workspace):
        waiting = pending.get(framework.pk, 0)
        rows.append(
            {
                "framework": framework,
                "open": services.consultation_state(framework) == services.OPEN,
                "last_day": services.last_day(framework),
                "summary_url": _url(request, "consultation_summary", framework),
                "moderation_url": _url(request, "consultation_moderation", framework) if coordinator else "",
                "share_url": _url(request, "consultation_share", framework) if coordinator else "",
                "waiting": ngettext("%(count)s comment waits", "%(count)s comments wait", waiting)
                % {"count": waiting}
                if waiting
                else "",
            }
        )
    title = _("Parents' comments")
    return render(
        request,
        "policy/consultation/index.html",
        {
            "title": title,
            "rows": rows,
            "coordinator": coordinator,
            "breadcrumbs": [{"label": _("Policy"), "url": _url(request, "overview")}, {"label": title}],
        },
    )


def _filter_groups(
    request: HttpRequest, filters: selectors.ModerationFilters, ambitions: list, languages: list[str]
) -> list[dict[str, Any]]:
    statuses = [(value, str(label)) for value, label in Status.choices if value != Status.PENDING]
    status_group = filter_group(
        request,
        FILTER_PARAMS,
        "status",
        _("Status"),
        str(Status.PENDING.label),
        statuses,
        current="" if filters.status == Status.PENDING else filters.status,
    )
    status_group["links"].append(
        {
            "label": _("all"),
            "url": filter_link(request, FILTER_PARAMS, status=selectors.ALL),
            "current": filters.status == selectors.ALL,
        }
    )
    return [
        status_group,
        filter_group(
            request,
            FILTER_PARAMS,
            "ambition",
            _("Ambition"),
            _("every ambition"),
            [(a.pk, _truncate(a.title)) for a in ambitions],
            current=str(filters.ambition or ""),
        ),
        filter_group(
            request,
            FILTER_PARAMS,
            "language",
            _("Language"),
            _("every language"),
            [(code, _language_name(code)) for code in languages],
            current=filters.language,
        ),
    ]


def _done_message(decision: str, changed: int) -> str:
    if decision == Status.APPROVED:
        return ngettext("%(count)s comment approved.", "%(count)s comments approved.", changed) % {
            "count": changed
        }
    return ngettext("%(count)s comment hidden.", "%(count)s comments hidden.", changed) % {"count": changed}


@coordinator_view
@require_http_methods(["GET", "POST"])
def moderation_queue(request: HttpRequest, pk: int) -> HttpResponse:
    """The comments with a text, waiting first: approve (may be quoted) or hide (never shown, not counted)."""
    request.nav_section = NAV_SECTION
    framework = selectors.framework_get(workspace=request.workspace, pk=pk)
    if request.method == "POST":
        decision, ids = DecisionForm(request.POST).decided()
        try:
            changed = services.comments_moderate(
                workspace=request.workspace,
                framework=framework,
                actor=request.user,
                comment_ids=ids,
                decision=decision,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _done_message(decision, changed))
        return redirect(request.get_full_path())
    ambitions = selectors.parent_ambitions(framework)
    filters = selectors.ModerationFilters.from_query(request.GET, ambitions=[a.pk for a in ambitions])
    languages = selectors.moderation_languages(workspace=request.workspace, framework=framework)
    qs = selectors.moderation_queue(workspace=request.workspace, framework=framework, filters=filters)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    reaction_labels = dict(ConsultationComment.Reaction.choices)
    rows = [
        {
            "comment": comment,
            "lang": comment.language,
            "dir": text_direction(comment.language),
            "language_name": _language_name(comment.language),
            "ambition": _truncate(comment.ambition.title, 80),
            "reaction": reaction_labels.get(comment.reaction, comment.reaction),
            "warnings": [kind_label(kind) for kind in personal_data_kinds(comment.text)],
        }
        for comment in page.object_list
    ]
    page_links = {}
    if page.has_previous():
        page_links["previous"] = filter_link(
            request, (*FILTER_PARAMS, "page"), page=page.previous_page_number()
        )
    if page.has_next():
        page_links["next"] = filter_link(request, (*FILTER_PARAMS, "page"), page=page.next_page_number())
    count = page.paginator.count
    audit_view(
        request=request,
        obj=framework,
        object_type="consultationcomment",
        object_repr=_("Parents' comments: %(title)s") % {"title": framework.title},
        details={"filters": request.GET.dict()},
        counts={"shown": len(rows), "of": count},
    )
    title = _("Moderation of parents' comments")
    return render(
        request,
        "policy/consultation/moderation.html",
        {
            "title": title,
            "framework": framework,
            "rows": rows,
            "page": page,
            "page_links": page_links,
            "filters": filters,
            "filtered": bool(filters.ambition or filters.language or filters.status != Status.PENDING),
            "filter_groups": _filter_groups(request, filters, ambitions, languages),
            "count_text": ngettext("%(count)s comment", "%(count)s comments", count) % {"count": count},
            "form_action": request.get_full_path(),
            "summary_url": _url(request, "consultation_summary", framework),
            "breadcrumbs": _breadcrumbs(request, _framework_crumb(request, framework), {"label": title}),
        },
    )


@workspace_view
@require_http_methods(["GET"])
def summary(request: HttpRequest, pk: int) -> HttpResponse:
    """What parents said per ambition: published reactions per language, a chart, and quotes."""
    request.nav_section = NAV_SECTION
    framework = selectors.framework_get(workspace=request.workspace, pk=pk)
    result = selectors.consultation_summary(framework)
    labels = result.reaction_labels
    ambitions = []
    for item in result.ambitions:
        title = item.ambition.title
        chart = bar_chart(
            [(str(labels[reaction]), item.by_reaction.get(reaction)) for reaction in result.reactions],
            description=_("Parents' reactions to the ambition %(title)s") % {"title": title},
            axis_title=_("Reactions"),
        )
        ambitions.append(
            {
                "item": item,
                "title": title,
                "chart": chart,
                "chart_id": f"chart-ambition-{item.ambition.pk}",
                "rows": [
                    {
                        "name": _language_name(row.key),
                        "lang": row.key,
                        "dir": text_direction(row.key),
                        "cells": row.cells,
                        "total": row.total,
                    }
                    for row in item.table.body
                ],
                "column_totals": [item.table.column_totals[reaction] for reaction in result.reactions],
                "quotes": [
                    {
                        "text": quote.text,
                        "lang": quote.language,
                        "dir": text_direction(quote.language),
                        "language_name": _language_name(quote.language),
                        "reaction": labels.get(quote.reaction, quote.reaction),
                    }
                    for quote in item.quotes
                ],
            }
        )
    title = _("What parents said")
    return render(
        request,
        "policy/consultation/summary.html",
        {
            "title": title,
            "framework": framework,
            "summary": result,
            "ambitions": ambitions,
            "reaction_labels": [labels[reaction] for reaction in result.reactions],
            "open": services.consultation_state(framework) == services.OPEN,
            "last_day": services.last_day(framework),
            "coordinator": _is_coordinator(request),
            "moderation_url": _url(request, "consultation_moderation", framework),
            "share_url": _url(request, "consultation_share", framework),
            "breadcrumbs": _breadcrumbs(request, _framework_crumb(request, framework), {"label": title}),
        },
    )


@coordinator_view
@require_http_methods(["GET"])
def share(request: HttpRequest, pk: int) -> HttpResponse:
    """The public link, its QR code and a text to print or send, in Dutch and the parent languages."""
    request.nav_section = NAV_SECTION
    framework = selectors.framework_get(workspace=request.workspace, pk=pk)
    link = services.consultation_link(framework)
    plans = str(len(selectors.parent_ambitions(framework)))
    invitations = [
        {
            "lang": code,
            "dir": text_direction(code),
            "name": _language_name(code),
            "title": consultation_texts(code)["title"],
            "text": (framework.consultation_intro or {}).get(code) or consultation_texts(code)["intro"],
            "plans_count": consultation_texts(code)["plans_count"].replace("{n}", plans),
        }
        for code in selectors.parent_languages(framework)
    ]
    title = _("Share the consultation with parents")
    return render(
        request,
        "policy/consultation/share.html",
        {
            "title": title,
            "framework": framework,
            "link": link,
            "qr_svg": services.consultation_qr_svg_inline(framework, scale=6),
            "qr_url": _url(request, "consultation_qr", framework),
            "open": services.consultation_state(framework) == services.OPEN,
            "status": framework.get_status_display(),
            "last_day": services.last_day(framework),
            "invitations": invitations,
            "breadcrumbs": _breadcrumbs(request, _framework_crumb(request, framework), {"label": title}),
        },
    )


@coordinator_view
@require_http_methods(["GET"])
def qr_code(request: HttpRequest, pk: int) -> HttpResponse:
    """The QR code of the public link as an SVG file, for printing."""
    framework = selectors.framework_get(workspace=request.workspace, pk=pk)
    response = HttpResponse(services.consultation_qr_svg_file(framework), content_type="image/svg+xml")
    response["Content-Disposition"] = f'attachment; filename="qr-{framework.consultation_code}.svg"'
    return response
