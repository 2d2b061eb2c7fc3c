"""Screens for goals and indicators (per ambition), hand-entered values, the indicator page with its
trend, and actions (the workspace's list with filters, per ambition on the ambition page)."""

from __future__ import annotations

import copy
import io
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from openpyxl import Workbook
from openpyxl.styles import Font

from ouderpartner.core.access import coordinator_view, get_object_in_workspace, workspace_view
from ouderpartner.core.audit import audit_record
from ouderpartner.core.filter_links import filter_group, filter_link
from ouderpartner.core.models import AuditEvent
from ouderpartner.stats import PublishedTable, explanation
from ouderpartner.stats.charts import line_chart
from ouderpartner.voice.forms import apply_errors

from . import goal_selectors as selectors
from . import goal_services as services
from .goal_forms import ActionForm, ActionProgressForm, GoalForm, IndicatorForm, IndicatorValueForm
from .indicators import LIVE_READERS, PARAMETERS, framework_indicator_values, indicator_value
from .models import Action, Ambition, Goal, Indicator, IndicatorValue, PolicyFramework

NAV_SECTION = "policy"
PAGE_SIZE = 25
MAX_FILTER_OPTIONS = 200
MAX_EXPORT_ROWS = 10_000
ACTION_FILTERS = ("status", "owner", "ambition", "overdue")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _url(request: HttpRequest, name: str, pk: int | None = None) -> str:
    kwargs: dict[str, Any] = {"ws": request.workspace.slug}
    if pk is not None:
        kwargs["pk"] = pk
    return reverse(f"policy:{name}", kwargs=kwargs)


def _crumbs(request: HttpRequest, *more: dict[str, Any]) -> list[dict[str, Any]]:
    return [{"label": _("Policy"), "url": _url(request, "overview")}, *more]


def _ambition_crumbs(request: HttpRequest, ambition: Ambition, *more: dict[str, Any]) -> list[dict[str, Any]]:
    framework = ambition.framework
    return _crumbs(
        request,
        {"label": framework.title, "url": _url(request, "framework_detail", framework.pk)},
        {"label": ambition.title, "url": _url(request, "ambition_detail", ambition.pk)},
        *more,
    )


def _ambition_url(request: HttpRequest, ambition_id: int, anchor: str = "goals") -> str:
    return _url(request, "ambition_detail", ambition_id) + f"#{anchor}"


def _run(form: Any, write: Any) -> Any:
    """Call the service; a ValidationError lands on the form (nothing lost, never a 500)."""
    try:
        return write()
    except ValidationError as error:
        apply_errors(form, error)
        return None


def _form_page(
    request: HttpRequest, template: str, form: Any, title: str, crumbs: list, **extra: Any
) -> HttpResponse:
    context = {"form": form, "title": title, "breadcrumbs": crumbs, **extra}
    status = 400 if form.is_bound and form.errors else 200
    return render(request, template, context, status=status)


def _confirm(request: HttpRequest, title: str, text: str, crumbs: list, cancel_url: str) -> HttpResponse:
    context = {"title": title, "text": text, "breadcrumbs": crumbs, "cancel_url": cancel_url}
    return render(request, "policy/goal/confirm_delete.html", context)


def _ambition(request: HttpRequest, pk: int) -> Ambition:
    return get_object_in_workspace(
        Ambition.objects.select_related("framework"), workspace=request.workspace, pk=pk
    )


def _goal(request: HttpRequest, pk: int) -> Goal:
    return get_object_in_workspace(
        Goal.objects.select_related("ambition__framework"), workspace=request.workspace, pk=pk
    )


def _indicator(request: HttpRequest, pk: int) -> Indicator:
    return get_object_in_workspace(
        Indicator.objects.select_related("goal__ambition__framework"), workspace=request.workspace, pk=pk
    )


# --- the goals of a framework ----------------------------------------------------------------------


@workspace_view
@require_safe
def goal_list(request: HttpRequest) -> HttpResponse:
    """Every goal of one framework (the newest by default) with its indicators' current values."""
    request.nav_section = NAV_SECTION
    frameworks = list(
        PolicyFramework.objects.filter(workspace=request.workspace).order_by("-start_year", "-id")
    )
    chosen = request.GET.get("framework", "")
    framework = next((f for f in frameworks if str(f.pk) == chosen), frameworks[0] if frameworks else None)
    ambitions: list[Ambition] = []
    if framework is not None:
        year = timezone.localdate().year
        readings: dict[int, list] = {}
        for row in framework_indicator_values(framework, year=year):
            readings.setdefault(row.indicator.goal_id, []).append(row)
        goals: dict[int, list[Goal]] = {}
        for goal in Goal.objects.filter(workspace=request.workspace, ambition__framework=framework).order_by(
            "position", "id"
        ):
            goal.readings = readings.get(goal.pk, [])
            goals.setdefault(goal.ambition_id, []).append(goal)
        ambitions = list(
            Ambition.objects.filter(workspace=request.workspace, framework=framework).order_by(
                "position", "id"
            )
        )
        for ambition in ambitions:
            ambition.goal_rows = goals.get(ambition.pk, [])
    framework_links = None
    if len(frameworks) > 1:
        framework_links = [
            filter_group(
                request,
                ("framework",),
                "framework",
                _("Framework"),
                _("all"),
                [(f.pk, str(f)) for f in frameworks],
                current=str(framework.pk) if framework else "",
                default=str(frameworks[0].pk),
            )
        ]
    context = {
        "title": _("Goals and indicators"),
        "framework": framework,
        "ambitions": ambitions,
        "filter_groups": framework_links,
        "year": timezone.localdate().year,
        "is_coordinator": request.membership.is_coordinator,
        "breadcrumbs": _crumbs(request, {"label": _("Goals and indicators")}),
    }
    return render(request, "policy/goal/goal_list.html", context)


# --- goals -----------------------------------------------------------------------------------------


@coordinator_view
@require_http_methods(["GET", "POST"])
def goal_create(request: HttpRequest, pk: int) -> HttpResponse:
    request.nav_section = NAV_SECTION
    ambition = _ambition(request, pk)
    form = GoalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        goal = _run(
            form,
            lambda: services.goal_create(
                workspace=request.workspace, actor=request.user, ambition=ambition, **form.service_data()
            ),
        )
        if goal:
            messages.success(request, _("The goal has been added. Now add how it is measured: an indicator."))
            return redirect(_ambition_url(request, ambition.pk, f"goal-{goal.pk}"))
    return _form_page(
        request,
        "policy/goal/goal_form.html",
        form,
        _("Add a goal"),
        _ambition_crumbs(request, ambition, {"label": _("Add a goal")}),
        ambition=ambition,
        cancel_url=_ambition_url(request, ambition.pk),
    )


@coordinator_view
@require_http_methods(["GET", "POST"])
def goal_update(request: HttpRequest, pk: int) -> HttpResponse:
    request.nav_section = NAV_SECTION
    goal = _goal(request, pk)
    form = GoalForm(request.POST or None, instance=copy.copy(goal))
    if request.method == "POST" and form.is_valid():
        done = _run(form, lambda: services.goal_update(goal=goal, actor=request.user, **form.service_data()))
        if done:
            messages.success(request, _("The changes have been saved."))
            return redirect(_ambition_url(request, goal.ambition_id, f"goal-{goal.pk}"))
    return _form_page(
        request,
        "policy/goal/goal_form.html",
        form,
        _("Edit goal"),
        _ambition_crumbs(request, goal.ambition, {"label": _("Edit goal")}),
        ambition=goal.ambition,
        goal=goal,
        cancel_url=_ambition_url(request, goal.ambition_id, f"goal-{goal.pk}"),
    )


@coordinator_view
@require_http_methods(["GET", "POST"])
def goal_delete(request: HttpRequest, pk: int) -> HttpResponse:
    request.nav_section = NAV_SECTION
    goal = _goal(request, pk)
    if request.method == "POST":
        services.goal_delete(goal=goal, actor=request.user)
        messages.success(request, _("The goal has been deleted."))
        return redirect(_ambition_url(request, goal.ambition_id))
    count = goal.indicators.count()
    text = ngettext(
        "The goal “%(title)s” and its %(count)s indicator will be deleted, with the values entered for it. This cannot be undone.",
        "The goal “%(title)s” and its %(count)s indicators will be deleted, with the values entered for them. This cannot be undone.",
        count,
    ) % {"title": goal.title, "count": count}
    return _confirm(
        request,
        _("Delete this goal?"),
        text,
        _ambition_crumbs(request, goal.ambition, {"label": _("Delete goal")}),
        _ambition_url(request, goal.ambition_id, f"goal-{goal.pk}"),
    )


@coordinator_view
@require_POST
def goal_move(request: HttpRequest, pk: int) -> HttpResponse:
    goal = _goal(request, pk)
    try:
        services.goal_move(goal=goal, actor=request.user, direction=request.POST.get("direction", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(_ambition_url(request, goal.ambition_id, f"goal-{goal.pk}"))


# --- indicators ------------------------------------------------------------------------------------


def _readers() -> list[dict[str, Any]]:
    return [
        {
            "label": reader.label,
            "help": reader.help,
            "need_labels": ", ".join(str(PARAMETERS[name]) for name in reader.needs),
            "accept_labels": ", ".join(str(PARAMETERS[name]) for name in reader.accepts),
        }
        for reader in LIVE_READERS.values()
    ]


def _indicator_form_page(
    request: HttpRequest, form: IndicatorForm, title: str, goal: Goal, **extra: Any
) -> HttpResponse:
    return _form_page(
        request,
        "policy/goal/indicator_form.html",
        form,
        title,
        _ambition_crumbs(request, goal.ambition, {"label": title}),
        goal=goal,
        readers=_readers(),
        reader_parameters={key: list(reader.parameters) for key, reader in LIVE_READERS.items()},
        **extra,
    )


@coordinator_view
@require_http_methods(["GET", "POST"])
def indicator_create(request: HttpRequest, pk: int) -> HttpResponse:
    request.nav_section = NAV_SECTION
    goal = _goal(request, pk)
    initial = {"source": Indicator.Source.LIVE, "direction": Indicator.Direction.UP}
    form = IndicatorForm(request.POST or None, initial=initial, workspace=request.workspace)
    if request.method == "POST" and form.is_valid():
        indicator = _run(
            form,
            lambda: services.indicator_create(
                workspace=request.workspace, actor=request.user, goal=goal, **form.service_data()
            ),
        )
        if indicator:
            messages.success(request, _("The indicator has been added."))
            return redirect(_url(request, "indicator_detail", indicator.pk))
    return _indicator_form_page(
        request,
        form,
        _("Add an indicator"),
        goal,
        cancel_url=_ambition_url(request, goal.ambition_id, f"goal-{goal.pk}"),
    )


@coordinator_view
@require_http_methods(["GET", "POST"])
def indicator_update(request: HttpRequest, pk: int) -> HttpResponse:
    request.nav_section = NAV_SECTION
    indicator = _indicator(request, pk)
    form = IndicatorForm(request.POST or None, instance=copy.copy(indicator), workspace=request.workspace)
    if (
        request.method == "POST"
        and form.is_valid()
        and _run(
            form,
            lambda: services.indicator_update(indicator=indicator, actor=request.user, **form.service_data()),
        )
    ):
        messages.success(request, _("The changes have been saved."))
        return redirect(_url(request, "indicator_detail", indicator.pk))
    return _indicator_form_page(
        request,
        form,
        _("Edit indicator"),
        indicator.goal,
        indicator=indicator,
        cancel_url=_url(request, "indicator_detail", indicator.pk),
    )


@coordinator_view
@require_http_methods(["GET", "POST"])
def indicator_delete(request: HttpRequest, pk: int) -> HttpResponse:
    request.nav_section = NAV_SECTION
    indicator = _indicator(request, pk)
    ambition = indicator.goal.ambition
    if request.method == "POST":
        services.indicator_delete(indicator=indicator, actor=request.user)
        messages.success(request, _("The indicator has been deleted."))
        return redirect(_ambition_url(request, ambition.pk, f"goal-{indicator.goal_id}"))
    return _confirm(
        request,
        _("Delete this indicator?"),
        _("The indicator “%(title)s” will be deleted, with any values entered for it. This cannot be undone.")
        % {"title": indicator.title},
        _ambition_crumbs(request, ambition, {"label": _("Delete indicator")}),
        _url(request, "indicator_detail", indicator.pk),
    )


def _trend_chart(reading: Any) -> dict[str, Any] | None:
    known = [figure for figure in reading.series if figure.value is not None]
    if not known:
        return None
    years = tuple(figure.year for figure in reading.series)
    table = PublishedTable(
        threshold=reading.value.threshold,
        rows=years,
        columns=("value",),
        cells={figure.year: {"value": figure} for figure in reading.series},
        row_totals={},
        column_totals={},
        grand_total=None,
    )
    title = reading.indicator.title
    return line_chart(
        table,  # type: ignore[arg-type]  # IndicatorFigure has the value and suppressed a chart reads
        row_labels={year: str(year) for year in years},
        column_labels={"value": title},
        description=_("Trend of %(title)s per year") % {"title": title},
        axis_title=reading.indicator.unit or (str(reading.reader.unit) if reading.reader else title),
    )


def _published_values(indicator: Indicator) -> list[IndicatorValue]:
    """The hand-entered values, each with `.figure` as published (a number of people rounded or hidden)."""
    if indicator.source != Indicator.Source.MANUAL:
        return []
    values = list(indicator.values.all())
    for value in values:
        value.figure = indicator_value(indicator, year=value.year)
    return values


@workspace_view
@require_safe
def indicator_detail(request: HttpRequest, pk: int) -> HttpResponse:
    request.nav_section = NAV_SECTION
    reading = selectors.indicator_reading(workspace=request.workspace, pk=pk)
    indicator = reading.indicator
    ambition = indicator.goal.ambition
    hidden = any(figure.suppressed for figure in [reading.value, *reading.series])
    rounded = indicator.value_kind == Indicator.ValueKind.PEOPLE
    context = {
        "title": indicator.title,
        "reading": reading,
        "indicator": indicator,
        "goal": indicator.goal,
        "ambition": ambition,
        "chart": _trend_chart(reading),
        "unit": indicator.unit or (reading.reader.unit if reading.reader else ""),
        "values": _published_values(indicator),
        "explanation": explanation(reading.value.threshold) if hidden or rounded else None,
        "hidden": hidden,
        "is_coordinator": request.membership.is_coordinator,
        "breadcrumbs": _ambition_crumbs(request, ambition, {"label": indicator.title}),
    }
    return render(request, "policy/goal/indicator_detail.html", context)


# --- hand-entered values ---------------------------------------------------------------------------


def _value_form_page(
    request: HttpRequest, form: IndicatorValueForm, title: str, indicator: Indicator, **extra: Any
):
    crumbs = _ambition_crumbs(
        request,
        indicator.goal.ambition,
        {"label": indicator.title, "url": _url(request, "indicator_detail", indicator.pk)},
        {"label": title},
    )
    return _form_page(
        request,
        "policy/goal/value_form.html",
        form,
        title,
        crumbs,
        indicator=indicator,
        cancel_url=_url(request, "indicator_detail", indicator.pk) + "#values",
        **extra,
    )


@coordinator_view
@require_http_methods(["GET", "POST"])
def value_create(request: HttpRequest, pk: int) -> HttpResponse:
    request.nav_section = NAV_SECTION
    indicator = _indicator(request, pk)
    if indicator.source != Indicator.Source.MANUAL:
        messages.error(request, _("This indicator reads its values live; there is nothing to enter by hand."))
        return redirect(_url(request, "indicator_detail", indicator.pk))
    initial = {"year": timezone.localdate().year}
    form = IndicatorValueForm(request.POST or None, initial=initial, indicator=indicator)
    if request.method == "POST" and form.is_valid():
        value = _run(
            form,
            lambda: services.indicator_value_create(
                workspace=request.workspace, actor=request.user, indicator=indicator, **form.service_data()
            ),
        )
        if value:
            messages.success(request, _("The value has been saved."))
            return redirect(_url(request, "indicator_detail", indicator.pk) + "#values")
    return _value_form_page(request, form, _("Enter a value"), indicator)


def _value(request: HttpRequest, pk: int) -> IndicatorValue:
    return get_object_in_workspace(
        IndicatorValue.objects.select_related("indicator__goal__ambition__framework"),
        workspace=request.workspace,
        pk=pk,
    )


@coordinator_view
@require_http_methods(["GET", "POST"])
def value_update(request: HttpRequest, pk: int) -> HttpResponse:
    request.nav_section = NAV_SECTION
    value = _value(request, pk)
    indicator = value.indicator
    form = IndicatorValueForm(request.POST or None, instance=copy.copy(value), indicator=indicator)
    if (
        request.method == "POST"
        and form.is_valid()
        and _run(
            form,
            lambda: services.indicator_value_update(entry=value, actor=request.user, **form.service_data()),
        )
    ):
        messages.success(request, _("The changes have been saved."))
        return redirect(_url(request, "indicator_detail", indicator.pk) + "#values")
    return _value_form_page(
        request, form, _("Edit the value for %(year)s") % {"year": value.year}, indicator, value=value
    )


@coordinator_view
@require_http_methods(["GET", "POST"])
def value_delete(request: HttpRequest, pk: int) -> HttpResponse:
    request.nav_section = NAV_SECTION
    value = _value(request, pk)
    indicator = value.indicator
    if request.method == "POST":
        services.indicator_value_delete(entry=value, actor=request.user)
        messages.success(request, _("The value has been deleted."))
        return redirect(_url(request, "indicator_detail", indicator.pk) + "#values")
    return _confirm(
        request,
        _("Delete this value?"),
        _("The value of “%(title)s” for %(year)s will be deleted. This cannot be undone.")
        % {"title": indicator.title, "year": value.year},
        _ambition_crumbs(
            request,
            indicator.goal.ambition,
            {"label": indicator.title, "url": _url(request, "indicator_detail", indicator.pk)},
            {"label": _("Delete value")},
        ),
        _url(request, "indicator_detail", indicator.pk) + "#values",
    )


# --- actions ---------------------------------------------------------------------------------------


def _action_crumbs(request: HttpRequest, *more: dict[str, Any]) -> list[dict[str, Any]]:
    return _crumbs(request, {"label": _("Actions"), "url": _url(request, "action_list")}, *more)


def _action_filter_groups(request: HttpRequest, filters: selectors.ActionFilters) -> list[dict[str, Any]]:
    query = filters.as_query()

    def group(param: str, label: str, options: list[tuple[Any, Any]]) -> dict[str, Any]:
        return filter_group(
            request, ACTION_FILTERS, param, label, _("all"), options, current=query.get(param, "")
        )

    owners = (
        selectors.organisations_for_choice(workspace=request.workspace)
        .filter(policy_actions__workspace=request.workspace)
        .distinct()
        .only("pk", "name")[:MAX_FILTER_OPTIONS]
    )
    ambitions = (
        selectors.ambitions_for_choice(workspace=request.workspace)
        .filter(actions__isnull=False)
        .distinct()[:MAX_FILTER_OPTIONS]
    )
    return [
        group("overdue", _("Overdue"), [("yes", _("overdue only"))]),
        group("status", _("Status"), list(Action.Status.choices)),
        group("owner", _("Owner"), [(o.pk, o.name) for o in owners]),
        group("ambition", _("Ambition"), [(a.pk, a.title) for a in ambitions]),
    ]


def _action_form_allowed(request: HttpRequest, action: Action) -> bool:
    return services.can_update_action(request.membership, action)


@workspace_view
@require_safe
def action_list(request: HttpRequest) -> HttpResponse:
    request.nav_section = NAV_SECTION
    filters = selectors.ActionFilters.from_query(request.GET)
    actions = selectors.action_list(workspace=request.workspace, filters=filters)
    page = Paginator(actions, PAGE_SIZE).get_page(request.GET.get("page"))
    objects = selectors.mark_overdue(page.object_list)
    for action in objects:
        action.updatable = _action_form_allowed(request, action)
    page_links = {}
    if page.has_previous():
        page_links["previous"] = filter_link(request, ACTION_FILTERS, page=page.previous_page_number())
    if page.has_next():
        page_links["next"] = filter_link(request, ACTION_FILTERS, page=page.next_page_number())
    count = page.paginator.count
    query = filters.as_query()
    context = {
        "title": _("Actions"),
        "page": page,
        "objects": objects,
        "count_text": ngettext("%(count)s action", "%(count)s actions", count) % {"count": count},
        "filter_groups": _action_filter_groups(request, filters),
        "page_links": page_links,
        "filtered": bool(query),
        "clear_url": request.path,
        "is_coordinator": request.membership.is_coordinator,
        "export_action": _url(request, "action_export"),
        "export_params": sorted(query.items()),
        "export_label": _("Download these actions as a spreadsheet (XLSX)"),
        "breadcrumbs": _crumbs(request, {"label": _("Actions")}),
    }
    return render(request, "policy/goal/action_list.html", context)


def _next_url(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return fallback


@coordinator_view
@require_http_methods(["GET", "POST"])
def action_create(request: HttpRequest) -> HttpResponse:
    request.nav_section = NAV_SECTION
    initial: dict[str, Any] = {"status": Action.Status.PLANNED}
    ambition_id = request.GET.get("ambition", "")
    if ambition_id.isdecimal() and len(ambition_id) < 10:
        ambition = Ambition.objects.filter(workspace=request.workspace, pk=int(ambition_id)).first()
        if ambition is not None:
            initial["ambition"] = ambition.pk
    form = ActionForm(request.POST or None, initial=initial, workspace=request.workspace)
    if request.method == "POST" and form.is_valid():
        action = _run(
            form,
            lambda: services.action_create(
                workspace=request.workspace, actor=request.user, **form.service_data()
            ),
        )
        if action:
            messages.success(request, _("The action has been added."))
            return redirect(_next_url(request, _url(request, "action_list")))
    return _form_page(
        request,
        "policy/goal/action_form.html",
        form,
        _("Add an action"),
        _action_crumbs(request, {"label": _("Add an action")}),
        next=_next_url(request, ""),
        cancel_url=_next_url(request, _url(request, "action_list")),
    )


def _action(request: HttpRequest, pk: int) -> Action:
    return get_object_in_workspace(
        Action.objects.select_related("owner", "ambition__framework"), workspace=request.workspace, pk=pk
    )


@coordinator_view
@require_http_methods(["GET", "POST"])
def action_update(request: HttpRequest, pk: int) -> HttpResponse:
    request.nav_section = NAV_SECTION
    action = _action(request, pk)
    form = ActionForm(request.POST or None, instance=copy.copy(action), workspace=request.workspace)
    if (
        request.method == "POST"
        and form.is_valid()
        and _run(
            form, lambda: services.action_update(action=action, actor=request.user, **form.service_data())
        )
    ):
        messages.success(request, _("The changes have been saved."))
        return redirect(_next_url(request, _url(request, "action_list")))
    return _form_page(
        request,
        "policy/goal/action_form.html",
        form,
        _("Edit action"),
        _action_crumbs(request, {"label": _("Edit action")}),
        action=action,
        next=_next_url(request, ""),
        cancel_url=_next_url(request, _url(request, "action_list")),
    )


@workspace_view
@require_http_methods(["GET", "POST"])
def action_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The status and progress note, for a coordinator or a professional of the owner organisation."""
    request.nav_section = NAV_SECTION
    action = _action(request, pk)
    if not services.can_update_action(request.membership, action):
        raise PermissionDenied
    form = ActionProgressForm(request.POST or None, instance=copy.copy(action))
    if request.method == "POST" and form.is_valid():
        done = _run(
            form,
            lambda: services.action_progress_update(
                action=action, actor=request.user, membership=request.membership, **form.service_data()
            ),
        )
        if done:
            messages.success(request, _("The progress has been saved."))
            return redirect(_next_url(request, _url(request, "action_list")))
    return _form_page(
        request,
        "policy/goal/action_progress.html",
        form,
        _("Update progress"),
        _action_crumbs(request, {"label": _("Update progress")}),
        action=action,
        overdue=selectors.is_overdue(action),
        next=_next_url(request, ""),
        cancel_url=_next_url(request, _url(request, "action_list")),
    )


@coordinator_view
@require_http_methods(["GET", "POST"])
def action_delete(request: HttpRequest, pk: int) -> HttpResponse:
    request.nav_section = NAV_SECTION
    action = _action(request, pk)
    if request.method == "POST":
        services.action_delete(action=action, actor=request.user)
        messages.success(request, _("The action has been deleted."))
        return redirect(_url(request, "action_list"))
    return _confirm(
        request,
        _("Delete this action?"),
        _("The action “%(title)s” of %(owner)s will be deleted. This cannot be undone.")
        % {"title": action.title, "owner": action.owner.name},
        _action_crumbs(request, {"label": _("Delete action")}),
        _url(request, "action_list"),
    )


def _text(value: str) -> str:
    """Text that starts like a formula is written as text (no formula injection)."""
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value


@workspace_view
@require_safe
def action_export(request: HttpRequest) -> HttpResponse:
    """The (filtered) action list as XLSX, for every member who reads it; audited."""
    filters = selectors.ActionFilters.from_query(request.GET)
    rows = selectors.mark_overdue(
        selectors.action_list(workspace=request.workspace, filters=filters)[:MAX_EXPORT_ROWS]
    )
    headers = [
        _("Action"),
        _("Explanation"),
        _("Framework"),
        _("Ambition"),
        _("Owner"),
        _("Due date"),
        _("Status"),
        _("Overdue"),
        _("Progress"),
    ]
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = str(_("Actions"))[:31]
    sheet.append([str(header) for header in headers])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for action in rows:
        sheet.append(
            [
                _text(action.title),
                _text(action.text),
                _text(action.ambition.framework.title),
                _text(action.ambition.title),
                _text(action.owner.name),
                action.due_on,
                str(action.get_status_display()),
                _("yes") if action.overdue else _("no"),
                _text(action.progress_note),
            ]
        )
    for row in sheet.iter_rows(min_row=2, min_col=6, max_col=6):
        for cell in row:
            cell.number_format = "dd-mm-yyyy"
    buffer = io.BytesIO()
    workbook.save(buffer)
    audit_record(
        workspace=request.workspace,
        actor=request.user,
        action=AuditEvent.Action.EXPORT,
        object_type="actions",
        object_repr=f"actions ({len(rows)})",
        changes={"rows": len(rows), "filters": filters.as_query()},
    )
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="{slugify(_("actions"))}-{stamp}.xlsx"'
    return response
