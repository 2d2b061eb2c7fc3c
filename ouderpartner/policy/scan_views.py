"""Pages of the self-scan: the list, starting a scan, filling it in one part per page (without
JavaScript, saved per part, resumable), completing it, the result with its guidance and the change
since the scan before, and deleting a scan."""

from __future__ import annotations

import contextlib
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import F
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext
from django.views.decorators.http import require_http_methods

from ouderpartner.core.access import workspace_view
from ouderpartner.core.filter_links import filter_group, filter_link
from ouderpartner.policy import scan_services as services
from ouderpartner.policy import selfscan
from ouderpartner.policy.models import SelfScan
from ouderpartner.policy.scan_forms import ScanSectionForm, ScanStartForm
from ouderpartner.stats.charts import bar_chart
from ouderpartner.stats.values import PublishedCount

PAGE_SIZE = 25
FILTER_PARAMS = ("whom", "status")
NAV_SECTION = "policy"


def _url(request: HttpRequest, name: str, **kwargs: Any) -> str:
    return reverse(f"policy:{name}", kwargs={"ws": request.workspace.slug, **kwargs})


def _crumbs(request: HttpRequest, *more: dict[str, str]) -> list[dict[str, str]]:
    crumbs: list[dict[str, str]] = []
    with contextlib.suppress(NoReverseMatch):
        crumbs.append({"label": _("Policy"), "url": _url(request, "overview")})
    crumbs.append({"label": _("Self-scan"), "url": _url(request, "scan_list")})
    return [*crumbs, *more]


def _whom(scan: SelfScan) -> str:
    """For whom the scan is, to use within a sentence ("the municipality" or the organisation's name)."""
    return scan.organisation.name if scan.organisation_id and scan.organisation else _("the municipality")


def _scan(request: HttpRequest, pk: int) -> SelfScan:
    scan = services.scan_for(workspace=request.workspace, membership=request.membership, pk=pk)
    if scan is None:
        raise Http404
    return scan


def _writable(request: HttpRequest, pk: int) -> SelfScan:
    scan = _scan(request, pk)
    services.require_write(request.membership, scan)
    return scan


def _progress(scan: SelfScan) -> tuple[int, int]:
    return len(selfscan.clean_answers(scan.answers)), len(selfscan.STATEMENTS)


# --- List -----------------------------------------------------------------------------------------


@workspace_view
def scan_list(request: HttpRequest) -> HttpResponse:
    request.nav_section = NAV_SECTION
    membership = request.membership
    qs = services.scans_visible(workspace=request.workspace, membership=membership)
    query: dict[str, str] = {}
    whom = request.GET.get("whom", "")
    if whom == "municipality":
        qs = qs.filter(organisation__isnull=True)
        query["whom"] = whom
    elif whom == "partners":
        qs = qs.filter(organisation__isnull=False)
        query["whom"] = whom
    status = request.GET.get("status", "")
    if status == "completed":
        qs = qs.filter(completed_at__isnull=False)
        query["status"] = status
    elif status == "open":
        qs = qs.filter(completed_at__isnull=True)
        query["status"] = status
    # Unfinished scans first (they wait for answers), then the latest completed.
    qs = qs.select_related("organisation", "started_by").order_by(
        F("completed_at").desc(nulls_first=True), "-started_at", "-id"
    )
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = []
    for scan in page.object_list:
        answered, total = _progress(scan)
        profile = (
            selfscan.profile_for(scan.answers, workspace_slug=request.workspace.slug)
            if scan.completed_at
            else None
        )
        rows.append(
            {
                "scan": scan,
                "whom": _whom(scan),
                "answered": answered,
                "total": total,
                "profile": profile,
                "writable": services.can_write(membership, scan),
            }
        )
    page_links = {}
    if page.has_previous():
        page_links["previous"] = filter_link(request, FILTER_PARAMS, page=page.previous_page_number())
    if page.has_next():
        page_links["next"] = filter_link(request, FILTER_PARAMS, page=page.next_page_number())

    def group(param: str, label: str, options: list[tuple[str, str]]) -> dict[str, Any]:
        return filter_group(
            request, FILTER_PARAMS, param, label, _("all"), options, current=query.get(param, "")
        )

    filter_groups = [
        group("whom", _("For whom"), [("municipality", _("the municipality")), ("partners", _("partners"))]),
    ]
    if membership.role != "viewer":
        filter_groups.append(
            group(
                "status",
                _("Status"),
                [("completed", pgettext("self-scan", "completed")), ("open", _("not completed yet"))],
            )
        )
    count = page.paginator.count
    context = {
        "title": _("Self-scan"),
        "rows": rows,
        "page": page,
        "page_links": page_links,
        "filter_groups": filter_groups,
        "filtered": bool(query),
        "clear_url": request.path,
        "count_text": ngettext("%(count)s scan", "%(count)s scans", count) % {"count": count},
        "can_start": services.can_start(membership),
        "breadcrumbs": [*_crumbs(request)[:-1], {"label": _("Self-scan")}],
    }
    return render(request, "policy/scan/scan_list.html", context)


# --- Start ----------------------------------------------------------------------------------------


@workspace_view
@require_http_methods(["GET", "POST"])
def scan_start(request: HttpRequest) -> HttpResponse:
    request.nav_section = NAV_SECTION
    services.require_start(request.membership)
    form = ScanStartForm(request.POST or None, workspace=request.workspace, membership=request.membership)
    if request.method == "POST" and form.is_valid():
        try:
            scan, created = services.scan_start(
                workspace=request.workspace, actor=request.user, organisation=form.chosen_organisation()
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if created:
                messages.success(request, _("The scan has been started. Your answers are saved per part."))
            else:
                messages.info(
                    request,
                    _("There already was an unfinished scan for %(whom)s; you continue where it was left.")
                    % {"whom": _whom(scan)},
                )
            return redirect(_url(request, "scan_fill", pk=scan.pk, section=_next_missing(scan)))
    context = {
        "title": _("Start a self-scan"),
        "form": form,
        "sections": selfscan.SECTIONS,
        "statement_count": len(selfscan.STATEMENTS),
        "own_organisation": None if request.membership.is_coordinator else request.membership.organisation,
        "cancel_url": _url(request, "scan_list"),
        "breadcrumbs": _crumbs(request, {"label": pgettext("self-scan", "Start")}),
    }
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "policy/scan/scan_start.html", context, status=status)


def _next_missing(scan: SelfScan) -> str:
    missing = services.missing_sections(scan)
    return missing[0].key if missing else selfscan.SECTIONS[0].key


# --- Fill in --------------------------------------------------------------------------------------


def _section_nav(request: HttpRequest, scan: SelfScan, current: str) -> list[dict[str, Any]]:
    answers = selfscan.clean_answers(scan.answers)
    nav = []
    for section in selfscan.SECTIONS:
        keys = [s.key for s in selfscan.statements_of(section.key)]
        answered = sum(1 for key in keys if key in answers)
        nav.append(
            {
                "section": section,
                "url": _url(request, "scan_fill", pk=scan.pk, section=section.key),
                "answered": answered,
                "total": len(keys),
                "done": answered == len(keys),
                "current": section.key == current,
            }
        )
    return nav


@workspace_view
@require_http_methods(["GET", "POST"])
def scan_fill(request: HttpRequest, pk: int, section: str) -> HttpResponse:
    request.nav_section = NAV_SECTION
    scan = _writable(request, pk)
    part = selfscan.SECTION_BY_KEY.get(section)
    if part is None:
        raise Http404
    if scan.completed_at is not None:
        messages.info(request, _("This scan has been completed; here are its results."))
        return redirect(_url(request, "scan_detail", pk=scan.pk))
    index = selfscan.SECTIONS.index(part)
    if request.method == "POST":
        form = ScanSectionForm(request.POST, section=part)
        if form.is_valid():
            try:
                scan = services.scan_save_section(
                    scan=scan,
                    actor=request.user,
                    section=part.key,
                    answers=form.answers(),
                    note=form.cleaned_data.get("note", ""),
                )
            except ValidationError as error:
                for field, errors in getattr(error, "error_dict", {None: error.error_list}).items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                go = request.POST.get("go", "next")
                if go == "previous" and index > 0:
                    target = _url(request, "scan_fill", pk=scan.pk, section=selfscan.SECTIONS[index - 1].key)
                elif go == "next" and index + 1 < len(selfscan.SECTIONS):
                    target = _url(request, "scan_fill", pk=scan.pk, section=selfscan.SECTIONS[index + 1].key)
                elif go in ("next", "complete"):
                    target = _url(request, "scan_complete", pk=scan.pk)
                else:
                    messages.success(request, _("Your answers have been saved."))
                    target = _url(request, "scan_fill", pk=scan.pk, section=part.key)
                return redirect(target)
    else:
        form = ScanSectionForm(
            initial=ScanSectionForm.initial_for(part, selfscan.clean_answers(scan.answers), scan.notes or {}),
            section=part,
        )
    answered, total = _progress(scan)
    context = {
        "title": str(part.title),
        "scan": scan,
        "whom": _whom(scan),
        "section": part,
        "form": form,
        "statement_fields": [form[s.key] for s in form.statements],
        "note_field": form["note"],
        "section_nav": _section_nav(request, scan, part.key),
        "step": index + 1,
        "steps": len(selfscan.SECTIONS),
        "is_first": index == 0,
        "is_last": index + 1 == len(selfscan.SECTIONS),
        "answered": answered,
        "total": total,
        "breadcrumbs": _crumbs(request, {"label": _("Fill in: %(whom)s") % {"whom": _whom(scan)}}),
    }
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "policy/scan/scan_fill.html", context, status=status)


@workspace_view
@require_http_methods(["GET", "POST"])
def scan_complete(request: HttpRequest, pk: int) -> HttpResponse:
    """A check of what is still open, then completing: the answers are fixed and the result shown."""
    request.nav_section = NAV_SECTION
    scan = _writable(request, pk)
    if scan.completed_at is not None:
        return redirect(_url(request, "scan_detail", pk=scan.pk))
    error = ""
    if request.method == "POST":
        try:
            scan = services.scan_complete(scan=scan, actor=request.user)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(
                request, _("The scan has been completed. Below are the profile and the guidance.")
            )
            return redirect(_url(request, "scan_detail", pk=scan.pk))
    nav = _section_nav(request, scan, "")
    answered, total = _progress(scan)
    context = {
        "title": _("Check and complete the scan"),
        "scan": scan,
        "whom": _whom(scan),
        "section_nav": nav,
        "missing": [item for item in nav if not item["done"]],
        "answered": answered,
        "total": total,
        "error": error,
        "breadcrumbs": _crumbs(request, {"label": _("Complete: %(whom)s") % {"whom": _whom(scan)}}),
    }
    return render(request, "policy/scan/scan_complete.html", context, status=400 if error else 200)


# --- Result ---------------------------------------------------------------------------------------


def _chart(profile: selfscan.Profile) -> dict[str, Any]:
    bars = [
        (str(s.title), PublishedCount(value=s.share, suppressed=False, threshold=0))
        for s in profile.sections
        if s.share is not None
    ]
    spec = bar_chart(
        bars,
        description=_("Share of the maximum score per level and approach, in percent."),
        axis_title=_("Share of the maximum (%)"),
    )
    spec["encoding"]["x"]["scale"] = {"domain": [0, 100]}
    return spec


def _change_text(change: selfscan.SectionChange) -> str:
    delta = change.delta
    if delta is None:
        return _("cannot be compared (too many “don't know”)")
    if delta > 0:
        return ngettext("%(n)s point higher", "%(n)s points higher", delta) % {"n": delta}
    if delta < 0:
        return ngettext("%(n)s point lower", "%(n)s points lower", -delta) % {"n": -delta}
    return pgettext("self-scan", "the same")


ARROWS = {"up": "↑", "down": "↓", "same": "→", "unknown": "–"}


@workspace_view
def scan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    request.nav_section = NAV_SECTION
    scan = _scan(request, pk)
    if scan.completed_at is None:
        services.require_write(request.membership, scan)
        return redirect(_url(request, "scan_fill", pk=scan.pk, section=_next_missing(scan)))
    result = services.scan_result(scan)
    changes = []
    if result.comparison:
        for change in result.comparison.sections:
            changes.append(
                {
                    "change": change,
                    "arrow": ARROWS[change.direction],
                    "text": _change_text(change),
                }
            )
    answers = selfscan.clean_answers(scan.answers)
    labels = dict(selfscan.SCALE)
    notes = scan.notes or {}
    sections = [
        {
            "section": section,
            "score": result.profile.section(section.key),
            "note": notes.get(section.key, "") if isinstance(notes.get(section.key), str) else "",
            "answers": [
                {"statement": s, "label": labels.get(answers.get(s.key), "–") if s.key in answers else "–"}
                for s in selfscan.statements_of(section.key)
            ],
        }
        for section in selfscan.SECTIONS
    ]
    context = {
        "title": _("Self-scan of %(whom)s") % {"whom": _whom(scan)},
        "scan": scan,
        "result": result,
        "profile": result.profile,
        "chart": _chart(result.profile),
        "changes": changes,
        "sections": sections,
        "catalogue_version": selfscan.CATALOGUE_VERSION,
        "writable": services.can_write(request.membership, scan),
        "breadcrumbs": _crumbs(request, {"label": capfirst(_whom(scan))}),
    }
    return render(request, "policy/scan/scan_detail.html", context)


# --- Delete ---------------------------------------------------------------------------------------


@workspace_view
@require_http_methods(["GET", "POST"])
def scan_delete(request: HttpRequest, pk: int) -> HttpResponse:
    request.nav_section = NAV_SECTION
    scan = _writable(request, pk)
    if request.method == "POST":
        services.scan_delete(scan=scan, actor=request.user)
        messages.success(request, _("The scan has been deleted."))
        return redirect(_url(request, "scan_list"))
    context = {
        "title": _("Delete this scan?"),
        "scan": scan,
        "whom": _whom(scan),
        "cancel_url": _url(request, "scan_detail", pk=scan.pk),
        "breadcrumbs": _crumbs(request, {"label": _("Delete")}),
    }
    return render(request, "policy/scan/scan_confirm_delete.html", context)
