"""Pages of the policy reports: the list of generated reports (and generating one), the framework
document and the yearly progress report as web pages, and their PDFs (stored or made on the spot)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from ouderpartner.core.access import coordinator_view, get_object_in_workspace, workspace_view
from ouderpartner.core.filter_links import filter_group
from ouderpartner.core.forms import StyledFormMixin
from ouderpartner.core.models import Role
from ouderpartner.policy import report_services
from ouderpartner.policy.models import PolicyFramework, Report
from ouderpartner.policy.reports import PdfUnavailable, default_year, report_years, web_context

NAV_SECTION = "policy"
FILTER_PARAMS = ("kind", "framework")
MAX_LISTED = 100


class ReportGenerateForm(StyledFormMixin, forms.Form):
    framework = forms.ModelChoiceField(
        label=gettext_lazy("Framework"), queryset=PolicyFramework.objects.none()
    )
    kind = forms.ChoiceField(label=gettext_lazy("Which report"), choices=Report.Kind.choices)
    year = forms.TypedChoiceField(
        label=gettext_lazy("Year (for the yearly report)"), coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args: Any, workspace: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        frameworks = PolicyFramework.objects.filter(workspace=workspace)
        self.fields["framework"].queryset = frameworks
        self.fields["framework"].error_messages["invalid_choice"] = _(
            "Choose one of the frameworks in the list."
        )
        years = sorted({year for framework in frameworks for year in report_years(framework)}, reverse=True)
        self.fields["year"].choices = [("", "—"), *[(year, str(year)) for year in years]]
        self.fields["year"].error_messages["invalid_choice"] = _("Choose a year from the list.")
        self.fields["kind"].error_messages["invalid_choice"] = _(
            "Choose the framework document or the yearly report."
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        framework, kind, year = data.get("framework"), data.get("kind"), data.get("year")
        if framework is None or kind != Report.Kind.YEARLY:
            return data
        if year is None:
            self.add_error("year", _("Choose the year of the yearly report."))
        elif year not in report_years(framework):
            self.add_error(
                "year",
                _("Choose a year of the framework's period (%(first)s-%(last)s), up to this year.")
                % {"first": framework.start_year, "last": framework.end_year},
            )
        return data


def _url(request: HttpRequest, name: str, **kwargs: Any) -> str:
    return reverse(f"policy:{name}", kwargs={"ws": request.workspace.slug, **kwargs})


def _policy_crumb(request: HttpRequest) -> dict[str, str]:
    return {"label": _("Policy"), "url": _url(request, "overview")}


def _list_crumb(request: HttpRequest) -> dict[str, str]:
    return {"label": _("Reports"), "url": _url(request, "report_list")}


def _reports(request: HttpRequest) -> tuple[QuerySet[Report], dict[str, str]]:
    reports = (
        Report.objects.filter(workspace=request.workspace)
        .defer("pdf")
        .select_related("framework", "created_by")
        .order_by("-created_at", "-id")
    )
    current = {}
    kind = request.GET.get("kind", "")
    if kind in Report.Kind.values:
        reports = reports.filter(kind=kind)
        current["kind"] = kind
    framework = request.GET.get("framework", "")
    if framework.isdecimal() and len(framework) < 10:
        reports = reports.filter(framework_id=int(framework))
        current["framework"] = framework
    return reports, current


def _list_page(request: HttpRequest, form: ReportGenerateForm | None, status: int = 200) -> HttpResponse:
    request.nav_section = NAV_SECTION
    frameworks = list(
        PolicyFramework.objects.filter(workspace=request.workspace).order_by("-start_year", "title")
    )
    reports, current = _reports(request)
    filters = [
        filter_group(
            request,
            FILTER_PARAMS,
            "kind",
            _("Kind"),
            _("all kinds"),
            Report.Kind.choices,
            current=current.get("kind", ""),
        ),
    ]
    if len(frameworks) > 1:
        filters.append(
            filter_group(
                request, FILTER_PARAMS, "framework", _("Framework"), _("all frameworks"),
                [(f.pk, str(f)) for f in frameworks], current=current.get("framework", ""),
            )
        )  # fmt: skip
    is_coordinator = request.membership.role == Role.COORDINATOR
    if is_coordinator and form is None and frameworks:
        form = ReportGenerateForm(
            workspace=request.workspace,
            initial={
                "framework": frameworks[0].pk,
                "kind": Report.Kind.YEARLY,
                "year": default_year(frameworks[0]),
            },
        )
    context = {
        "breadcrumbs": [_policy_crumb(request), {"label": _("Reports"), "url": ""}],
        "frameworks": [
            {"framework": f, "year": default_year(f), "years": report_years(f)} for f in frameworks
        ],
        "reports": list(reports[:MAX_LISTED]),
        "filter_groups": filters,
        "filtered": bool(current),
        "form": form if is_coordinator else None,
        "is_coordinator": is_coordinator,
    }
    return render(request, "policy/report/list.html", context, status=status)


@workspace_view
@require_GET
def report_list(request: HttpRequest) -> HttpResponse:
    return _list_page(request, None)


@coordinator_view
@require_POST
def report_generate(request: HttpRequest) -> HttpResponse:
    form = ReportGenerateForm(request.POST, workspace=request.workspace)
    if not form.is_valid():
        return _list_page(request, form, status=400)
    data = form.cleaned_data
    try:
        stored = report_services.report_generate(
            framework=data["framework"], kind=data["kind"], year=data.get("year"), actor=request.user
        )
    except PdfUnavailable:
        return _pdf_unavailable(request)
    messages.success(
        request,
        _("The report “%(title)s” is ready (made in %(seconds)s s).")
        % {"title": stored.title, "seconds": f"{stored.generation_ms / 1000:.1f}".replace(".", ",")},
    )
    return redirect(_url(request, "report_list"))


@workspace_view
@require_GET
def report_download(request: HttpRequest, pk: int) -> HttpResponse:
    stored = get_object_in_workspace(Report, workspace=request.workspace, pk=pk)
    report_services.report_download_record(report=stored, actor=request.user)
    return _pdf_response(bytes(stored.pdf), stored.title or str(stored), stored.created_at.date().isoformat())


def _pdf_response(pdf: bytes, title: str, stamp: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    name = slugify(title)[:60] or "report"
    response["Content-Disposition"] = f'attachment; filename="{name}-{stamp}.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def _pdf_unavailable(request: HttpRequest) -> HttpResponse:
    request.nav_section = NAV_SECTION
    crumbs = [_policy_crumb(request), _list_crumb(request), {"label": _("The PDF cannot be made"), "url": ""}]
    context = {"breadcrumbs": crumbs}
    return render(request, "policy/report/pdf_unavailable.html", context, status=503)


def _year(request: HttpRequest, framework: PolicyFramework) -> int:
    """The year asked for (?year=), if the framework has a report for it; else its latest year, with a note."""
    years = report_years(framework)
    value = request.GET.get("year", "")
    if not value:
        return years[0]
    if value.isdecimal() and len(value) == 4 and int(value) in years:
        return int(value)
    messages.warning(
        request,
        _("There is no yearly report for “%(value)s”; this is the report for %(year)s.")
        % {"value": value[:10], "year": years[0]},
    )
    return years[0]


def _framework(request: HttpRequest, pk: int) -> PolicyFramework:
    return get_object_in_workspace(
        PolicyFramework.objects.select_related("workspace"), workspace=request.workspace, pk=pk
    )


def _web(request: HttpRequest, framework: PolicyFramework, kind: str, year: int | None) -> HttpResponse:
    request.nav_section = NAV_SECTION
    report = report_services.build_report(framework, kind=kind, year=year)
    context = web_context(report)
    if kind == Report.Kind.YEARLY:
        context["pdf_url"] = _url(request, "report_yearly_pdf", pk=framework.pk) + f"?year={year}"
        context["years"] = report_years(framework)
    else:
        context["pdf_url"] = _url(request, "report_framework_pdf", pk=framework.pk)
    context["breadcrumbs"] = [
        _policy_crumb(request),
        _list_crumb(request),
        {"label": report.title, "url": ""},
    ]
    return render(request, "policy/report/page.html", context)


def _direct_pdf(
    request: HttpRequest, framework: PolicyFramework, kind: str, year: int | None
) -> HttpResponse:
    try:
        report, pdf, _ms = report_services.report_pdf_build(framework=framework, kind=kind, year=year)
    except PdfUnavailable:
        return _pdf_unavailable(request)
    report_services.report_export_record(framework=framework, kind=kind, year=year, actor=request.user)
    return _pdf_response(pdf, report.title, timezone.localdate().isoformat())


@workspace_view
@require_GET
def framework_report(request: HttpRequest, pk: int) -> HttpResponse:
    return _web(request, _framework(request, pk), Report.Kind.FRAMEWORK, None)


@workspace_view
@require_GET
def framework_report_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    return _direct_pdf(request, _framework(request, pk), Report.Kind.FRAMEWORK, None)


@workspace_view
@require_GET
def yearly_report(request: HttpRequest, pk: int) -> HttpResponse:
    framework = _framework(request, pk)
    return _web(request, framework, Report.Kind.YEARLY, _year(request, framework))


@workspace_view
@require_GET
def yearly_report_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    framework = _framework(request, pk)
    return _direct_pdf(request, framework, Report.Kind.YEARLY, _year(request, framework))
