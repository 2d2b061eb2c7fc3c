"""Screens for reach records: the activity list, quick entry ("same as last week"), edit, delete,
the row-level export for coordinators, and partner tokens. Dashboards live in dashboard views."""

from __future__ import annotations

import base64
import copy
import datetime
import io
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods, require_POST
from openpyxl import Workbook
from openpyxl.styles import Font

from ouderpartner.core.access import (
    coordinator_view,
    get_object_in_workspace,
    require_coordinator,
    workspace_view,
)
from ouderpartner.core.audit import audit_record
from ouderpartner.core.filter_links import filter_group, filter_link
from ouderpartner.core.forms import StyledFormMixin
from ouderpartner.core.languages import PARENT_LANGUAGES
from ouderpartner.core.models import AuditEvent
from ouderpartner.network.models import Neighbourhood, Organisation
from ouderpartner.reach import imports, services
from ouderpartner.reach.forms import ActivityForm, EstimateDeriveForm, EstimateForm, PartnerTokenForm
from ouderpartner.reach.models import Activity, ActivityKind, PartnerToken, TargetGroupEstimate

PAGE_SIZE = 25
MAX_EXPORT_ROWS = 50_000
MAX_FILTER_OPTIONS = 200
FILTER_PARAMS = ("kind", "organisation", "period", "source")
PERIODS = {"30": 30, "90": 90, "365": 365}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
NAV_SECTION = "reach"


def _url(request: HttpRequest, name: str, pk: int | None = None) -> str:
    kwargs: dict[str, Any] = {"ws": request.workspace.slug}
    if pk is not None:
        kwargs["pk"] = pk
    return reverse(f"reach:{name}", kwargs=kwargs)


def _crumbs(request: HttpRequest, *more: dict[str, str]) -> list[dict[str, str]]:
    return [{"label": _("Activities"), "url": _url(request, "activity_list")}, *more]


def _number(params: Any, name: str) -> int | None:
    value = (params.get(name) or "").strip()
    return int(value) if value.isdecimal() and len(value) < 10 else None


def _filtered(request: HttpRequest) -> tuple[Any, dict[str, str]]:
    qs = services.activities_visible(workspace=request.workspace, membership=request.membership)
    query: dict[str, str] = {}
    kind = request.GET.get("kind", "")
    if kind in ActivityKind.values:
        qs = qs.filter(kind=kind)
        query["kind"] = kind
    organisation = _number(request.GET, "organisation")
    if organisation:
        qs = qs.filter(organisation_id=organisation)
        query["organisation"] = str(organisation)
    period = request.GET.get("period", "")
    if period in PERIODS:
        qs = qs.filter(date__gte=timezone.localdate() - datetime.timedelta(days=PERIODS[period]))
        query["period"] = period
    source = request.GET.get("source", "")
    if source in ("form", "xlsx", "api"):
        qs = qs.filter(source=source)
        query["source"] = source
    return qs, query


def _filter_groups(request: HttpRequest, query: dict[str, str]) -> list[dict[str, Any]]:
    def group(param: str, label: str, options: list[tuple[str, str]]) -> dict[str, Any]:
        return filter_group(
            request, FILTER_PARAMS, param, label, _("all"), options, current=query.get(param, "")
        )

    groups = [group("kind", _("Kind of activity"), [(k, str(v)) for k, v in ActivityKind.choices])]
    if request.membership.role != "professional":
        organisations = Organisation.objects.filter(workspace=request.workspace).order_by("name")
        groups.append(
            group(
                "organisation",
                _("Organisation"),
                [(str(o.pk), o.name) for o in organisations.only("pk", "name")[:MAX_FILTER_OPTIONS]],
            )
        )
    groups.append(
        group(
            "period",
            _("Period"),
            [("30", _("last 30 days")), ("90", _("last 3 months")), ("365", _("last year"))],
        )
    )
    groups.append(
        group(
            "source",
            _("Recorded through"),
            [
                ("form", _("entry form")),
                ("xlsx", _("spreadsheet upload")),
                ("api", _("partner system (API)")),
            ],
        )
    )
    return groups


def _language_names(codes: list[str]) -> str:
    return ", ".join(PARENT_LANGUAGES[c].native_name if c in PARENT_LANGUAGES else c for c in codes)


@workspace_view
def activity_list(request: HttpRequest) -> HttpResponse:
    request.nav_section = NAV_SECTION
    qs, query = _filtered(request)
    qs = qs.select_related("organisation", "location", "programme").order_by("-date", "-id")
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    count = page.paginator.count
    page_links = {}
    if page.has_previous():
        page_links["previous"] = filter_link(request, FILTER_PARAMS, page=page.previous_page_number())
    if page.has_next():
        page_links["next"] = filter_link(request, FILTER_PARAMS, page=page.next_page_number())
    for activity in page.object_list:
        activity.language_names = _language_names(activity.languages)
        activity.editable = services.can_edit_activity(request.membership, activity)
    context = {
        "title": _("Activities"),
        "page": page,
        "objects": page.object_list,
        "count_text": ngettext("%(count)s activity", "%(count)s activities", count) % {"count": count},
        "filter_groups": _filter_groups(request, query),
        "page_links": page_links,
        "filtered": bool(query),
        "clear_url": request.path,
        "can_record": services.can_record(request.membership),
        "is_coordinator": request.membership.is_coordinator,
        "export_action": _url(request, "activity_export"),
        "export_params": sorted(query.items()),
        "export_label": _("Download these activities as a spreadsheet (XLSX)"),
        "breadcrumbs": [{"label": _("Activities")}],
    }
    return render(request, "reach/activity_list.html", context)


def _run(form: Any, write: Any) -> Any:
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


def _own_organisation(request: HttpRequest) -> Organisation | None:
    return None if request.membership.is_coordinator else request.membership.organisation


def _form_page(
    request: HttpRequest, form: ActivityForm, title: str, crumbs: list, **extra: Any
) -> HttpResponse:
    context = {"form": form, "title": title, "breadcrumbs": crumbs, **extra}
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "reach/activity_form.html", context, status=status)


@workspace_view
@require_http_methods(["GET", "POST"])
def activity_create(request: HttpRequest) -> HttpResponse:
    """Quick entry: the fields start from this user's last activity, dated today."""
    request.nav_section = NAV_SECTION
    services.require_record(request.membership)
    last = services.activity_last(
        workspace=request.workspace, actor=request.user, organisation=_own_organisation(request)
    )
    instance = Activity(workspace=request.workspace, date=timezone.localdate(), parents=None)
    if last is not None:
        for name in services.ACTIVITY_FIELDS:
            if name not in ("date", "end_date", "external_reference", "description"):
                setattr(instance, name, getattr(last, name))
    form = ActivityForm(
        request.POST or None, instance=instance, workspace=request.workspace, membership=request.membership
    )
    if request.method == "POST" and form.is_valid():
        data = form.service_data()
        activity = _run(
            form, lambda: services.activity_create(workspace=request.workspace, actor=request.user, **data)
        )
        if activity:
            messages.success(request, _("The activity has been recorded."))
            return redirect(_url(request, "activity_list"))
    return _form_page(
        request,
        form,
        _("Record an activity"),
        _crumbs(request, {"label": _("Record")}),
        last=last,
        cancel_url=_url(request, "activity_list"),
    )


@workspace_view
@require_POST
def activity_repeat(request: HttpRequest) -> HttpResponse:
    """ "Same as last week": one tap records the last activity again with today's date."""
    request.nav_section = NAV_SECTION
    services.require_record(request.membership)
    try:
        services.activity_repeat(
            workspace=request.workspace, actor=request.user, organisation=_own_organisation(request)
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(_url(request, "activity_create"))
    messages.success(request, _("The activity has been recorded again with today's date. Check the numbers."))
    return redirect(_url(request, "activity_list"))


def _editable(request: HttpRequest, pk: int) -> Activity:
    activity = (
        services.activities_visible(workspace=request.workspace, membership=request.membership)
        .select_related("organisation", "location", "programme")
        .filter(pk=pk)
        .first()
    )
    if activity is None:
        raise Http404
    if not services.can_edit_activity(request.membership, activity):
        raise PermissionDenied
    return activity


@workspace_view
@require_http_methods(["GET", "POST"])
def activity_update(request: HttpRequest, pk: int) -> HttpResponse:
    request.nav_section = NAV_SECTION
    activity = _editable(request, pk)
    form = ActivityForm(
        request.POST or None,
        instance=copy.copy(activity),
        workspace=request.workspace,
        membership=request.membership,
    )
    if request.method == "POST" and form.is_valid():
        data = form.service_data()
        done = _run(form, lambda: services.activity_update(activity=activity, actor=request.user, **data))
        if done:
            messages.success(request, _("The changes have been saved."))
            return redirect(_url(request, "activity_list"))
    return _form_page(
        request,
        form,
        _("Edit activity"),
        _crumbs(request, {"label": _("Edit")}),
        activity=activity,
        cancel_url=_url(request, "activity_list"),
    )


@workspace_view
@require_http_methods(["GET", "POST"])
def activity_delete(request: HttpRequest, pk: int) -> HttpResponse:
    request.nav_section = NAV_SECTION
    activity = _editable(request, pk)
    if request.method == "POST":
        services.activity_delete(activity=activity, actor=request.user)
        messages.success(request, _("The activity has been deleted."))
        return redirect(_url(request, "activity_list"))
    context = {
        "title": _("Delete this activity?"),
        "activity": activity,
        "cancel_url": _url(request, "activity_list"),
        "breadcrumbs": _crumbs(request, {"label": _("Delete")}),
    }
    return render(request, "reach/activity_confirm_delete.html", context)


def _text(value: str) -> str:
    """Text that starts like a formula is written as text (no formula injection)."""
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value


@workspace_view
def activity_export(request: HttpRequest) -> HttpResponse:
    """Row-level activities as XLSX, for coordinators only; audited."""
    request.nav_section = NAV_SECTION
    require_coordinator(request.membership)
    qs, query = _filtered(request)
    rows = list(
        qs.select_related("organisation", "location", "programme", "neighbourhood").order_by("-date", "-id")[
            :MAX_EXPORT_ROWS
        ]
    )
    headers = [
        _("Date"),
        _("End date"),
        _("Organisation"),
        _("Place"),
        _("Neighbourhood"),
        _("Programme"),
        _("Kind of activity"),
        _("Parents"),
        _("Target-group parents"),
        _("First time"),
        _("Languages"),
        _("Interpreter"),
        _("Materials in other languages"),
        _("Description"),
        _("Recorded through"),
        _("Own reference"),
    ]
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = str(_("Activities"))[:31]
    sheet.append([str(h) for h in headers])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for a in rows:
        sheet.append(
            [
                a.date,
                a.end_date,
                _text(a.organisation.name),
                _text(a.location.name),
                _text(a.neighbourhood.name if a.neighbourhood else ""),
                _text(a.programme.name if a.programme else ""),
                str(a.get_kind_display()),
                a.parents,
                a.target_group_parents,
                a.first_time_parents,
                ", ".join(a.languages),
                _("yes") if a.interpreter_used else _("no"),
                _("yes") if a.materials_in_other_languages else _("no"),
                _text(a.description),
                str(a.get_source_display()),
                _text(a.external_reference),
            ]
        )
    for row in sheet.iter_rows(min_row=2, max_col=2):
        for cell in row:
            cell.number_format = "dd-mm-yyyy"
    buffer = io.BytesIO()
    workbook.save(buffer)
    audit_record(
        workspace=request.workspace,
        actor=request.user,
        action=AuditEvent.Action.EXPORT,
        object_type="activities",
        object_repr=f"activities ({len(rows)})",
        changes={"rows": len(rows), "filters": query, "row_level": True},
    )
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="{slugify(_("activities"))}-{stamp}.xlsx"'
    return response


# --- Partner tokens -----------------------------------------------------------------------------


@coordinator_view
@require_http_methods(["GET", "POST"])
def token_list(request: HttpRequest) -> HttpResponse:
    """Create (the secret is shown once, on this response only), list and revoke partner tokens."""
    request.nav_section = NAV_SECTION
    form = PartnerTokenForm(request.POST or None, workspace=request.workspace)
    secret = None
    created = None
    if request.method == "POST" and form.is_valid():
        created = _run(
            form,
            lambda: services.partner_token_create(
                workspace=request.workspace,
                actor=request.user,
                organisation=form.cleaned_data["organisation"],
                name=form.cleaned_data["name"],
            ),
        )
        if created:
            created, secret = created
            form = PartnerTokenForm(workspace=request.workspace)
    tokens = PartnerToken.objects.filter(workspace=request.workspace).select_related(
        "organisation", "created_by"
    )
    context = {
        "title": _("Tokens for partner systems"),
        "form": form,
        "tokens": tokens,
        "secret": secret,
        "created": created,
        "breadcrumbs": _crumbs(request, {"label": _("Tokens for partner systems")}),
    }
    status = 400 if form.is_bound and form.errors else 200
    response = render(request, "reach/token_list.html", context, status=status)
    if secret:
        response["Cache-Control"] = "no-store"
    return response


@coordinator_view
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    request.nav_section = NAV_SECTION
    token = get_object_in_workspace(PartnerToken, workspace=request.workspace, pk=pk)
    services.partner_token_revoke(token=token, actor=request.user)
    messages.success(request, _("The token %(name)s has been revoked.") % {"name": token.name})
    return redirect(_url(request, "token_list"))


# --- Target-group estimates ---------------------------------------------------------------------


def _estimate_crumbs(request: HttpRequest, *more: dict[str, str]) -> list[dict[str, str]]:
    return [{"label": _("Target-group estimates"), "url": _url(request, "estimate_list")}, *more]


@coordinator_view
@require_http_methods(["GET", "POST"])
def estimate_list(request: HttpRequest) -> HttpResponse:
    """The estimates per neighbourhood and year, and deriving them from the CBS child counts with a share."""
    request.nav_section = NAV_SECTION
    form = EstimateDeriveForm(
        request.POST or None,
        initial={"year": timezone.localdate().year, "level": Neighbourhood.Level.DISTRICT},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        neighbourhoods = Neighbourhood.objects.filter(
            workspace=request.workspace, level=data["level"], children_0_14__isnull=False
        )
        saved = _run(
            form,
            lambda: services.estimates_derive(
                workspace=request.workspace,
                actor=request.user,
                year=data["year"],
                share_percent=data["share_percent"],
                neighbourhoods=neighbourhoods,
                replace_entered=data["replace_entered"],
            ),
        )
        if saved is not None:
            messages.success(
                request,
                ngettext(
                    "%(count)s estimate has been derived from the CBS figures.",
                    "%(count)s estimates have been derived from the CBS figures.",
                    len(saved),
                )
                % {"count": len(saved)},
            )
            return redirect(_url(request, "estimate_list"))
    estimates = TargetGroupEstimate.objects.filter(workspace=request.workspace).select_related(
        "neighbourhood"
    )
    page = Paginator(estimates.order_by("-year", "neighbourhood__code"), 100).get_page(
        request.GET.get("page")
    )
    page_links = {}
    if page.has_previous():
        page_links["previous"] = filter_link(request, (), page=page.previous_page_number())
    if page.has_next():
        page_links["next"] = filter_link(request, (), page=page.next_page_number())
    context = {
        "title": _("Target-group estimates"),
        "form": form,
        "page": page,
        "estimates": page.object_list,
        "page_links": page_links,
        "breadcrumbs": [{"label": _("Target-group estimates")}],
    }
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "reach/estimate_list.html", context, status=status)


def _estimate_form_page(request: HttpRequest, form: EstimateForm, title: str, crumb: str) -> HttpResponse:
    context = {
        "form": form,
        "title": title,
        "cancel_url": _url(request, "estimate_list"),
        "breadcrumbs": _estimate_crumbs(request, {"label": crumb}),
    }
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "reach/estimate_form.html", context, status=status)


def _save_estimate(request: HttpRequest, form: EstimateForm) -> Any:
    data = form.cleaned_data
    return _run(
        form,
        lambda: services.estimate_save(
            workspace=request.workspace,
            actor=request.user,
            neighbourhood=data["neighbourhood"],
            year=data["year"],
            target_group_toddlers=data["target_group_toddlers"],
            target_group_children=data["target_group_children"] or 0,
            source_note=data["source_note"],
        ),
    )


@coordinator_view
@require_http_methods(["GET", "POST"])
def estimate_create(request: HttpRequest) -> HttpResponse:
    request.nav_section = NAV_SECTION
    form = EstimateForm(
        request.POST or None, workspace=request.workspace, initial={"year": timezone.localdate().year}
    )
    if request.method == "POST" and form.is_valid() and _save_estimate(request, form):
        messages.success(request, _("The estimate has been saved."))
        return redirect(_url(request, "estimate_list"))
    return _estimate_form_page(request, form, _("Enter an estimate"), _("Enter"))


@coordinator_view
@require_http_methods(["GET", "POST"])
def estimate_update(request: HttpRequest, pk: int) -> HttpResponse:
    request.nav_section = NAV_SECTION
    estimate = get_object_in_workspace(
        TargetGroupEstimate.objects.select_related("neighbourhood"), workspace=request.workspace, pk=pk
    )
    initial = {
        "neighbourhood": estimate.neighbourhood,
        "year": estimate.year,
        "target_group_toddlers": estimate.target_group_toddlers,
        "target_group_children": estimate.target_group_children,
        "source_note": estimate.source_note,
    }
    form = EstimateForm(request.POST or None, workspace=request.workspace, initial=initial)
    if request.method == "POST" and form.is_valid():
        if (form.cleaned_data["neighbourhood"], form.cleaned_data["year"]) != (
            estimate.neighbourhood,
            estimate.year,
        ):
            form.add_error("year", _("To change the neighbourhood or year, enter a new estimate."))
        elif _save_estimate(request, form):
            messages.success(request, _("The estimate has been saved."))
            return redirect(_url(request, "estimate_list"))
    return _estimate_form_page(
        request,
        form,
        _("Estimate for %(place)s, %(year)s") % {"place": estimate.neighbourhood, "year": estimate.year},
        _("Edit"),
    )


@coordinator_view
@require_http_methods(["GET", "POST"])
def estimate_delete(request: HttpRequest, pk: int) -> HttpResponse:
    request.nav_section = NAV_SECTION
    estimate = get_object_in_workspace(
        TargetGroupEstimate.objects.select_related("neighbourhood"), workspace=request.workspace, pk=pk
    )
    if request.method == "POST":
        services.estimate_delete(estimate=estimate, actor=request.user)
        messages.success(request, _("The estimate has been deleted."))
        return redirect(_url(request, "estimate_list"))
    context = {
        "title": _("Delete this estimate?"),
        "estimate": estimate,
        "cancel_url": _url(request, "estimate_list"),
        "breadcrumbs": _estimate_crumbs(request, {"label": _("Delete")}),
    }
    return render(request, "reach/estimate_confirm_delete.html", context)


# --- Bulk entry from XLSX -----------------------------------------------------------------------

IMPORT_SESSION_KEY = "reach_import"


class ImportForm(StyledFormMixin, forms.Form):
    file = forms.FileField(label=gettext_lazy("Spreadsheet (XLSX) in the template's layout"))


@workspace_view
@require_http_methods(["GET", "POST"])
def activity_import(request: HttpRequest) -> HttpResponse:
    """Upload → preview with errors per line (nothing saved) → confirm (all lines, or only the valid ones)."""
    request.nav_section = NAV_SECTION
    services.require_record(request.membership)
    form = ImportForm()
    lines = None
    status_code = 200
    step = request.POST.get("step", "")
    if request.method == "POST" and step == "upload":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data["file"].read(imports.MAX_BYTES + 1)
            try:
                lines = imports.parse_lines(
                    data=data, workspace=request.workspace, membership=request.membership
                )
            except imports.UnusableFile as error:
                form.add_error("file", str(error))
            else:
                request.session[IMPORT_SESSION_KEY] = base64.b64encode(data).decode()
        if form.errors:
            status_code = 400
    elif request.method == "POST" and step == "confirm":
        stored = request.session.get(IMPORT_SESSION_KEY)
        if not stored:
            messages.error(request, _("Upload the file again, please."))
            return redirect(_url(request, "activity_import"))
        data = base64.b64decode(stored)
        lines = imports.parse_lines(data=data, workspace=request.workspace, membership=request.membership)
        valid_only = request.POST.get("valid_only") == "1"
        if any(line.errors for line in lines) and not valid_only:
            messages.error(request, _("The file has errors, so nothing has been saved."))
            status_code = 400
        else:
            try:
                created, corrected = imports.lines_apply(
                    workspace=request.workspace, actor=request.user, lines=lines
                )
            except ValidationError:
                messages.error(
                    request, _("Something changed meanwhile; nothing has been saved. Upload the file again.")
                )
                return redirect(_url(request, "activity_import"))
            del request.session[IMPORT_SESSION_KEY]
            messages.success(
                request,
                _("%(created)s activities recorded, %(corrected)s corrected.")
                % {"created": created, "corrected": corrected},
            )
            return redirect(_url(request, "activity_list"))
    errors = [line for line in lines or () if line.errors]
    context = {
        "title": _("Upload activities"),
        "form": form,
        "lines": lines,
        "error_lines": errors,
        "valid_count": len([line for line in lines or () if not line.errors]),
        "preview": [line for line in lines or () if not line.errors][:20],
        "breadcrumbs": _crumbs(request, {"label": _("Upload")}),
    }
    return render(request, "reach/activity_import.html", context, status=status_code)


@workspace_view
def activity_import_template(request: HttpRequest) -> HttpResponse:
    request.nav_section = NAV_SECTION
    services.require_record(request.membership)
    response = HttpResponse(imports.template_workbook(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{slugify(_("activities template"))}.xlsx"'
    return response
