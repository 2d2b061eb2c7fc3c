"""Screens of the subsidy register: list with filters and totals, detail, add, edit, delete and export."""

from __future__ import annotations

import copy
import io
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods
from openpyxl import Workbook
from openpyxl.styles import Font

from ouderpartner.core.access import require_coordinator, workspace_view
from ouderpartner.core.filter_links import filter_group, filter_link
from ouderpartner.network.models import Neighbourhood, Organisation
from ouderpartner.network.services import export_record
from ouderpartner.programmes import subsidies
from ouderpartner.programmes.models import PolicyDomain, Programme, Subsidy
from ouderpartner.programmes.setup import programmes_setup
from ouderpartner.programmes.subsidies import (
    SubsidyFilters,
    format_euro,
    subsidy_create,
    subsidy_delete,
    subsidy_detail,
    subsidy_totals,
    subsidy_update,
    subsidy_years,
)
from ouderpartner.programmes.subsidy_forms import SubsidyForm

PAGE_SIZE = 25
MAX_EXPORT_ROWS = 50_000
MAX_FILTER_OPTIONS = 200
FILTER_PARAMS = (
    "q",
    "year",
    "status",
    "purpose",
    "organisation",
    "domain",
    "programme",
    "neighbourhood",
    "sort",
)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EURO_FORMAT = '"€" #,##0.00'


def _url(request: HttpRequest, name: str, pk: int | None = None) -> str:
    kwargs: dict[str, Any] = {"ws": request.workspace.slug}
    if pk is not None:
        kwargs["pk"] = pk
    return reverse(f"programmes:{name}", kwargs=kwargs)


def _query(request: HttpRequest) -> dict[str, str]:
    return {k: v for k, v in request.GET.items() if k in FILTER_PARAMS and v}


def _link(request: HttpRequest, **changes: Any) -> str:
    """The list URL with some parameters changed ("" removes one); the page starts again."""
    return filter_link(request, FILTER_PARAMS, **changes)


def _filter_group(request: HttpRequest, param: str, label: str, options: list[tuple[str, str]]) -> dict:
    current = request.GET.get(param, "")
    return filter_group(request, FILTER_PARAMS, param, label, _("all"), options, current=current)


def _sort_links(request: HttpRequest, current: str) -> dict[str, dict[str, str]]:
    columns = {
        "organisation": _("Organisation"),
        "amount": _("Amount"),
        "start": _("Period"),
        "status": _("Status"),
    }
    result = {}
    for key, label in columns.items():
        ascending, descending = current == key, current == f"-{key}"
        result[key] = {
            "label": label,
            "url": _link(request, sort=f"-{key}" if ascending else key),
            "aria_sort": "ascending" if ascending else "descending" if descending else "",
        }
    return result


def _filter_groups(request: HttpRequest, years: list[int]) -> list[dict[str, Any]]:
    """The filters as links; the choices of organisations, programmes and areas are those with subsidies."""
    workspace = request.workspace
    used = Subsidy.objects.filter(workspace=workspace)
    organisations = Organisation.objects.filter(
        workspace=workspace, id__in=used.values("organisation_id")
    ).order_by("name")[:MAX_FILTER_OPTIONS]
    programmes = Programme.objects.filter(workspace=workspace, id__in=used.values("programme_id")).order_by(
        "name"
    )[:MAX_FILTER_OPTIONS]
    domains = PolicyDomain.objects.filter(workspace=workspace, id__in=used.values("policy_domain_id"))
    areas = Neighbourhood.objects.filter(
        workspace=workspace, id__in=used.values("neighbourhood_id")
    ).order_by("name")[:MAX_FILTER_OPTIONS]
    return [
        _filter_group(request, "year", _("Year"), [(str(y), str(y)) for y in years]),
        _filter_group(request, "status", _("Status"), [(k, str(v)) for k, v in Subsidy.Status.choices]),
        _filter_group(request, "purpose", _("Purpose"), [(k, str(v)) for k, v in Subsidy.Purpose.choices]),
        _filter_group(
            request, "organisation", _("Organisation"), [(str(o.pk), o.name) for o in organisations]
        ),
        _filter_group(
            request,
            "domain",
            _("Policy domain"),
            [*((d.key, d.display_name) for d in domains), ("none", _("no policy domain"))],
        ),
        _filter_group(
            request,
            "programme",
            _("Programme"),
            [*((str(p.pk), p.name) for p in programmes), ("none", _("no programme"))],
        ),
        _filter_group(
            request,
            "neighbourhood",
            _("Neighbourhood"),
            [*((n.code, n.name) for n in areas), ("none", _("not for one neighbourhood"))],
        ),
    ]


def _crumbs(request: HttpRequest, *more: dict[str, str]) -> list[dict[str, str]]:
    return [{"label": _("Subsidies"), "url": _url(request, "subsidy_list")}, *more]


@workspace_view
def subsidy_list(request: HttpRequest) -> HttpResponse:
    """Every member reads the register; coordinators see the buttons to change it."""
    request.nav_section = "programmes"
    filters = SubsidyFilters.from_query(request.GET)
    qs, sort = subsidies.subsidy_list(workspace=request.workspace, filters=filters)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    for subsidy in page.object_list:
        subsidy.amount_display = format_euro(subsidy.amount)
    totals = subsidy_totals(workspace=request.workspace, filters=filters)
    for rows in (totals.per_year, totals.per_domain, totals.per_programme, totals.per_neighbourhood):
        for row in rows:
            row.total_display = format_euro(row.total)
    count = page.paginator.count
    query = _query(request)
    page_links = {}
    if page.has_previous():
        page_links["previous"] = _link(request, page=page.previous_page_number())
    if page.has_next():
        page_links["next"] = _link(request, page=page.next_page_number())
    context = {
        "title": _("Subsidies"),
        "page": page,
        "objects": page.object_list,
        "count_text": ngettext("%(count)s subsidy", "%(count)s subsidies", count) % {"count": count},
        "filters": filters,
        "filter_groups": _filter_groups(request, subsidy_years(workspace=request.workspace)),
        "sort": _sort_links(request, sort),
        "page_links": page_links,
        "hidden_params": {k: v for k, v in query.items() if k not in ("q", "page")},
        "filtered": any(k != "sort" for k in query),
        "clear_url": request.path,
        "export_action": _url(request, "subsidy_export"),
        "export_params": sorted(query.items()),
        "totals": totals,
        "grand_total_display": format_euro(totals.grand_total),
        "total_tables": [
            (_("Totals per year (of the start date)"), _("Year"), totals.per_year),
            (_("Totals per policy domain"), _("Policy domain"), totals.per_domain),
            (_("Totals per programme"), _("Programme"), totals.per_programme),
            (_("Totals per neighbourhood"), _("Neighbourhood"), totals.per_neighbourhood),
        ],
        "can_edit": request.membership.is_coordinator,
        "breadcrumbs": [{"label": _("Subsidies")}],
    }
    return render(request, "programmes/subsidy_list.html", context)


@workspace_view
def subsidy_export(request: HttpRequest) -> HttpResponse:
    """The filtered register as XLSX: amounts as numbers in a euro format; the export is audited."""
    filters = SubsidyFilters.from_query(request.GET)
    qs, _sort = subsidies.subsidy_list(workspace=request.workspace, filters=filters)
    rows = list(qs[:MAX_EXPORT_ROWS])
    headers = [
        _("Organisation"),
        _("Purpose"),
        _("Programme"),
        _("What for"),
        _("Policy domain"),
        _("Neighbourhood"),
        _("Amount (euro)"),
        _("From"),
        _("Until"),
        _("Status"),
        _("Reference"),
        _("Conditions"),
    ]
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = str(_("Subsidies"))[:31]
    sheet.append([str(h) for h in headers])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for subsidy in rows:
        sheet.append(
            [
                _text(subsidy.organisation.name),
                str(subsidy.get_purpose_display()),
                _text(subsidy.programme.name if subsidy.programme else ""),
                _text(subsidy.description),
                str(subsidy.policy_domain.display_name) if subsidy.policy_domain else "",
                _text(subsidy.neighbourhood.name if subsidy.neighbourhood else ""),
                subsidy.amount,
                subsidy.start_date,
                subsidy.end_date,
                str(subsidy.get_status_display()),
                _text(subsidy.reference),
                _text(subsidy.conditions),
            ]
        )
    for row in sheet.iter_rows(min_row=2, min_col=7, max_col=9):
        row[0].number_format = EURO_FORMAT
        row[1].number_format = row[2].number_format = "dd-mm-yyyy"
    for index, header in enumerate(headers, start=1):
        sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = max(
            14, len(str(header)) + 4
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    export_record(
        workspace=request.workspace,
        actor=request.user,
        what="subsidies",
        rows=len(rows),
        filters=_query(request),
    )
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="{slugify(_("subsidies"))}-{stamp}.xlsx"'
    return response


def _text(value: str) -> str:
    """Text that starts like a formula is written as text (no formula injection)."""
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value


@workspace_view
def subsidy_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    request.nav_section = "programmes"
    subsidy = subsidy_detail(workspace=request.workspace, pk=pk)
    context = {
        "subsidy": subsidy,
        "amount_display": format_euro(subsidy.amount),
        "can_edit": request.membership.is_coordinator,
        "breadcrumbs": _crumbs(request, {"label": str(subsidy)}),
    }
    return render(request, "programmes/subsidy_detail.html", context)


def _form_page(
    request: HttpRequest, form: SubsidyForm, title: str, crumbs: list, cancel_url: str
) -> HttpResponse:
    context = {"form": form, "title": title, "breadcrumbs": crumbs, "cancel_url": cancel_url}
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "programmes/subsidy_form.html", context, status=status)


def _run(form: SubsidyForm, write: Any) -> Any:
    """Call the service; a ValidationError lands on the form (nothing lost, never a 500)."""
    try:
        return write()
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for field, errors in error.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, error)
        return None


@workspace_view
@require_http_methods(["GET", "POST"])
def subsidy_create_view(request: HttpRequest) -> HttpResponse:
    request.nav_section = "programmes"
    require_coordinator(request.membership)
    programmes_setup(workspace=request.workspace)
    form = SubsidyForm(
        request.POST or None,
        instance=Subsidy(workspace=request.workspace),
        workspace=request.workspace,
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        subsidy = _run(form, lambda: subsidy_create(workspace=request.workspace, actor=request.user, **data))
        if subsidy:
            messages.success(request, _("The subsidy has been added."))
            return redirect(_url(request, "subsidy_detail", subsidy.pk))
    return _form_page(
        request,
        form,
        _("Add a subsidy"),
        _crumbs(request, {"label": _("Add")}),
        _url(request, "subsidy_list"),
    )


@workspace_view
@require_http_methods(["GET", "POST"])
def subsidy_update_view(request: HttpRequest, pk: int) -> HttpResponse:
    request.nav_section = "programmes"
    subsidy = subsidy_detail(workspace=request.workspace, pk=pk)
    require_coordinator(request.membership)
    form = SubsidyForm(request.POST or None, instance=copy.copy(subsidy), workspace=request.workspace)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        done = _run(form, lambda: subsidy_update(subsidy=subsidy, actor=request.user, **data))
        if done:
            messages.success(request, _("The changes have been saved."))
            return redirect(_url(request, "subsidy_detail", subsidy.pk))
    detail = _url(request, "subsidy_detail", subsidy.pk)
    return _form_page(
        request,
        form,
        _("Edit subsidy"),
        _crumbs(request, {"label": str(subsidy), "url": detail}, {"label": _("Edit")}),
        detail,
    )


@workspace_view
@require_http_methods(["GET", "POST"])
def subsidy_delete_view(request: HttpRequest, pk: int) -> HttpResponse:
    request.nav_section = "programmes"
    subsidy = subsidy_detail(workspace=request.workspace, pk=pk)
    require_coordinator(request.membership)
    detail = _url(request, "subsidy_detail", subsidy.pk)
    if request.method == "POST":
        name = str(subsidy)
        subsidy_delete(subsidy=subsidy, actor=request.user)
        messages.success(request, _("The subsidy %(name)s has been deleted.") % {"name": name})
        return redirect(_url(request, "subsidy_list"))
    context = {
        "title": _("Delete this subsidy?"),
        "subsidy": subsidy,
        "amount_display": format_euro(subsidy.amount),
        "cancel_url": detail,
        "breadcrumbs": _crumbs(request, {"label": str(subsidy), "url": detail}, {"label": _("Delete")}),
    }
    return render(request, "programmes/subsidy_confirm_delete.html", context)
