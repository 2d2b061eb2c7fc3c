"""Screens for programmes (aanbod), the national catalogue, offerings, policy domains and transitions."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ouderpartner.core.access import require_coordinator, workspace_view
from ouderpartner.core.languages import PARENT_LANGUAGES
from ouderpartner.network.exports import xlsx_response
from ouderpartner.network.services import export_record
from ouderpartner.programmes import selectors, services
from ouderpartner.programmes.catalogue import get_entry
from ouderpartner.programmes.forms import (
    OfferingForm,
    PolicyDomainForm,
    ProgrammeForm,
    TransitionForm,
    apply_errors,
    months_to_years,
)
from ouderpartner.programmes.models import Approach, Audience, PolicyDomain, Programme
from ouderpartner.programmes.selectors import AGE_BANDS, ProgrammeFilters

PAGE_SIZE = 25
FILTER_PARAMS = ("q", "domain", "audience", "kind", "age", "approach", "archived", "sort")
SECTION = "programmes"


# --- Helpers ------------------------------------------------------------------------------------------


def _url(request: HttpRequest, name: str, pk: int | None = None) -> str:
    kwargs: dict[str, Any] = {"ws": request.workspace.slug}
    if pk is not None:
        kwargs["pk"] = pk
    return reverse(f"programmes:{name}", kwargs=kwargs)


def _link(request: HttpRequest, **changes: Any) -> str:
    """The current list URL with some query parameters changed ("" removes one); the page resets."""
    params = {k: v for k, v in request.GET.items() if k in FILTER_PARAMS and v}
    for key, value in changes.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = str(value)
    return f"{request.path}?{urlencode(sorted(params.items()))}" if params else request.path


def _filter_group(
    request: HttpRequest, param: str, label: str, options: list[tuple[str, str]], all_label: str | None = None
) -> dict[str, Any]:
    current = request.GET.get(param, "")
    links = [{"label": all_label or _("all"), "url": _link(request, **{param: ""}), "current": not current}]
    links += [
        {"label": text, "url": _link(request, **{param: value}), "current": current == value}
        for value, text in options
    ]
    return {"label": label, "links": links}


def _sort_links(request: HttpRequest, current: str, columns: dict[str, str]) -> dict[str, dict[str, str]]:
    result = {}
    for key, label in columns.items():
        ascending, descending = current == key, current == f"-{key}"
        result[key] = {
            "label": label,
            "url": _link(request, sort=f"-{key}" if ascending else key),
            "aria_sort": "ascending" if ascending else "descending" if descending else "",
        }
    return result


def _crumbs(request: HttpRequest, *more: dict[str, str]) -> list[dict[str, str]]:
    return [{"label": _("Programmes"), "url": _url(request, "programme_list")}, *more]


def _form_page(
    request: HttpRequest,
    *,
    form: Any,
    title: str,
    breadcrumbs: list[dict[str, str]],
    cancel_url: str,
    **extra: Any,
) -> HttpResponse:
    context = {"form": form, "title": title, "breadcrumbs": breadcrumbs, "cancel_url": cancel_url, **extra}
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "programmes/form.html", context, status=status)


def _confirm_page(
    request: HttpRequest, *, title: str, text: str, button: str, breadcrumbs: list[dict], cancel_url: str
) -> HttpResponse:
    context = {
        "title": title,
        "text": text,
        "button": button,
        "breadcrumbs": breadcrumbs,
        "cancel_url": cancel_url,
    }
    return render(request, "programmes/confirm.html", context)


def _run(form: Any, write: Any) -> Any:
    """Call the service; a ValidationError it raises lands on the form (nothing lost, never a 500)."""
    try:
        return write()
    except ValidationError as error:
        apply_errors(form, error)
        return None


def _age_range(programme: Any) -> str:
    return _("%(from)s to %(to)s years") % {
        "from": months_to_years(programme.age_from_months),
        "to": months_to_years(programme.age_to_months),
    }


# --- Programmes ---------------------------------------------------------------------------------------


def _programme_filter_groups(request: HttpRequest) -> list[dict[str, Any]]:
    domains = [(d.key, d.display_name) for d in selectors.policy_domains(workspace=request.workspace)]
    return [
        _filter_group(request, "domain", _("Policy domain"), domains),
        _filter_group(request, "audience", _("Who it is for"), [(k, str(v)) for k, v in Audience.choices]),
        _filter_group(request, "kind", _("Kind"), [(k, str(v)) for k, v in Programme.Kind.choices]),
        _filter_group(
            request, "age", _("Age"), [(key, _("%(band)s years") % {"band": key}) for key, *_r in AGE_BANDS]
        ),
        _filter_group(request, "approach", _("Approach"), [(k, str(v)) for k, v in Approach.choices]),
        _filter_group(request, "archived", _("Status"), [("1", _("archived"))], all_label=_("current")),
    ]


@workspace_view
def programme_list(request: HttpRequest) -> HttpResponse:
    request.nav_section = SECTION
    selectors.ensure_setup(workspace=request.workspace)
    filters = ProgrammeFilters.from_query(request.GET)
    qs, sort = selectors.programme_list(workspace=request.workspace, filters=filters)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    count = page.paginator.count
    query = {k: v for k, v in request.GET.items() if k in FILTER_PARAMS and v}
    page_links = {}
    if page.has_previous():
        page_links["previous"] = _link(request, page=page.previous_page_number())
    if page.has_next():
        page_links["next"] = _link(request, page=page.next_page_number())
    is_coordinator = request.membership.is_coordinator
    context = {
        "title": _("Programmes"),
        "page": page,
        "objects": page.object_list,
        "count_text": ngettext("%(count)s programme", "%(count)s programmes", count) % {"count": count},
        "filters": filters,
        "filter_groups": _programme_filter_groups(request),
        "sort": _sort_links(
            request,
            sort,
            {"name": _("Name"), "kind": _("Kind"), "age": _("Ages"), "offerings": _("Offerings")},
        ),
        "page_links": page_links,
        "hidden_params": {k: v for k, v in query.items() if k not in ("q", "page")},
        "export_action": _url(request, "programme_export"),
        "export_params": sorted(query.items()),
        "create": (_url(request, "programme_create"), _("Add a programme")) if is_coordinator else None,
        "catalogue_url": _url(request, "catalogue"),
        "filtered": any(request.GET.get(p) for p in FILTER_PARAMS if p != "sort"),
        "clear_url": request.path,
        "breadcrumbs": [{"label": _("Programmes")}],
    }
    is_htmx = request.headers.get("HX-Request") == "true" and not request.headers.get(
        "HX-History-Restore-Request"
    )
    context["is_htmx"] = is_htmx
    template = "programmes/_programme_results.html" if is_htmx else "programmes/programme_list.html"
    response = render(request, template, context)
    response.headers["Vary"] = "HX-Request"
    return response


@workspace_view
def programme_export(request: HttpRequest) -> HttpResponse:
    filters = ProgrammeFilters.from_query(request.GET)
    qs, _sort = selectors.programme_list(workspace=request.workspace, filters=filters)
    programmes = list(qs[:50_000])
    kinds, audiences, approaches = (
        dict(Programme.Kind.choices),
        dict(Audience.choices),
        dict(Approach.choices),
    )
    rows = [
        [
            p.name,
            str(kinds.get(p.kind, p.kind)),
            p.age_from_months,
            p.age_to_months,
            str(audiences.get(p.audience, p.audience)),
            ", ".join(d.display_name for d in p.policy_domains.all()),
            ", ".join(str(approaches.get(a, a)) for a in p.approaches),
            ", ".join(PARENT_LANGUAGES[c].english_name if c in PARENT_LANGUAGES else c for c in p.languages),
            p.funding_source,
            p.start_date,
            p.end_date,
            p.offering_count,
            p.website,
            _("yes") if p.is_archived else _("no"),
        ]
        for p in programmes
    ]
    export_record(
        workspace=request.workspace,
        actor=request.user,
        what="programmes",
        rows=len(rows),
        filters={k: v for k, v in request.GET.items() if k in FILTER_PARAMS and v},
    )
    return xlsx_response(
        title=_("Programmes"),
        headers=[
            _("Name"),
            _("Kind"),
            _("From age (months)"),
            _("To age (months)"),
            _("Who it is for"),
            _("Policy domains"),
            _("Approaches"),
            _("Languages"),
            _("Funding source"),
            _("Runs from"),
            _("Runs until"),
            _("Offerings"),
            _("Website"),
            _("Archived"),
        ],
        rows=rows,
        filename=f"{request.workspace.slug}-{_('programmes')}",
    )


@workspace_view
def programme_detail(request: HttpRequest, pk: int) -> HttpResponse:
    request.nav_section = SECTION
    programme = selectors.programme_detail(workspace=request.workspace, pk=pk)
    membership = request.membership
    offerings = list(programme.offerings.all())
    for offering in offerings:
        offering.can_edit = membership.can_edit_organisation(offering.organisation_id)
    approaches = dict(Approach.choices)
    can_add_offering = not programme.is_archived and (
        membership.is_coordinator or bool(membership.role == "professional" and membership.organisation_id)
    )
    context = {
        "programme": programme,
        "offerings": offerings,
        "age_range": _age_range(programme),
        "languages": [PARENT_LANGUAGES[c] for c in programme.languages if c in PARENT_LANGUAGES],
        "approaches": [approaches.get(a, a) for a in programme.approaches],
        "catalogue_entry": get_entry(programme.catalogue_key) if programme.catalogue_key else None,
        "is_coordinator": membership.is_coordinator,
        "can_add_offering": can_add_offering,
        "breadcrumbs": _crumbs(request, {"label": programme.name}),
    }
    return render(request, "programmes/programme_detail.html", context)


@workspace_view
@require_http_methods(["GET", "POST"])
def programme_create(request: HttpRequest) -> HttpResponse:
    request.nav_section = SECTION
    require_coordinator(request.membership)
    selectors.ensure_setup(workspace=request.workspace)
    form = ProgrammeForm(
        request.POST or None,
        workspace=request.workspace,
        initial={"kind": Programme.Kind.LOCAL, "age_from": "0", "age_to": "4"},
    )
    if request.method == "POST" and form.is_valid():
        programme = _run(
            form,
            lambda: services.programme_create(
                workspace=request.workspace, actor=request.user, **form.service_data()
            ),
        )
        if programme:
            messages.success(request, _("The programme has been added."))
            return redirect(_url(request, "programme_detail", programme.pk))
    return _form_page(
        request,
        form=form,
        title=_("Add a programme"),
        breadcrumbs=_crumbs(request, {"label": _("Add")}),
        cancel_url=_url(request, "programme_list"),
        intro=_("Or copy one from the national catalogue and adapt it."),
        intro_url=_url(request, "catalogue"),
    )


@workspace_view
@require_http_methods(["GET", "POST"])
def programme_update(request: HttpRequest, pk: int) -> HttpResponse:
    request.nav_section = SECTION
    programme = selectors.programme_for_write(workspace=request.workspace, pk=pk)
    require_coordinator(request.membership)
    form = ProgrammeForm(request.POST or None, workspace=request.workspace, programme=programme)
    if request.method == "POST" and form.is_valid():
        done = _run(
            form,
            lambda: services.programme_update(programme=programme, actor=request.user, **form.service_data()),
        )
        if done:
            messages.success(request, _("The changes have been saved."))
            return redirect(_url(request, "programme_detail", programme.pk))
    detail = _url(request, "programme_detail", programme.pk)
    return _form_page(
        request,
        form=form,
        title=_("Edit %(name)s") % {"name": programme.name},
        breadcrumbs=_crumbs(request, {"label": programme.name, "url": detail}, {"label": _("Edit")}),
        cancel_url=detail,
    )


def _archive_view(request: HttpRequest, pk: int, *, archive: bool) -> HttpResponse:
    request.nav_section = SECTION
    programme = selectors.programme_for_write(workspace=request.workspace, pk=pk)
    require_coordinator(request.membership)
    detail = _url(request, "programme_detail", pk)
    if request.method == "POST":
        if archive:
            services.programme_archive(programme=programme, actor=request.user)
            messages.success(
                request,
                _("%(name)s has been archived. You can restore it from its page.") % {"name": programme.name},
            )
        else:
            services.programme_restore(programme=programme, actor=request.user)
            messages.success(request, _("%(name)s has been restored.") % {"name": programme.name})
        return redirect(detail)
    if archive:
        title = _("Archive %(name)s?") % {"name": programme.name}
        text = _(
            "%(name)s will be hidden from the lists, the continuous line and the matrix. Nothing is "
            "deleted: you can restore it later."
        ) % {"name": programme.name}
        button = _("Archive")
    else:
        title = _("Restore %(name)s?") % {"name": programme.name}
        text = _("%(name)s will show in the lists, the continuous line and the matrix again.") % {
            "name": programme.name
        }
        button = _("Restore")
    return _confirm_page(
        request,
        title=title,
        text=text,
        button=button,
        breadcrumbs=_crumbs(request, {"label": programme.name, "url": detail}, {"label": button}),
        cancel_url=detail,
    )


@workspace_view
@require_http_methods(["GET", "POST"])
def programme_archive(request: HttpRequest, pk: int) -> HttpResponse:
    return _archive_view(request, pk, archive=True)


@workspace_view
@require_http_methods(["GET", "POST"])
def programme_restore(request: HttpRequest, pk: int) -> HttpResponse:
    return _archive_view(request, pk, archive=False)


# --- The national catalogue ---------------------------------------------------------------------------


@workspace_view
@require_http_methods(["GET", "POST"])
def catalogue(request: HttpRequest) -> HttpResponse:
    """The national catalogue; a coordinator copies an entry into the workspace (POST key=...)."""
    request.nav_section = SECTION
    selectors.ensure_setup(workspace=request.workspace)
    if request.method == "POST":
        require_coordinator(request.membership)
        key = (request.POST.get("key") or "").strip()[:60]
        try:
            programme = services.programme_copy_from_catalogue(
                workspace=request.workspace, actor=request.user, key=key
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(_url(request, "catalogue"))
        messages.success(
            request,
            _("%(name)s has been copied into your workspace. Check it and adapt it to how it runs here.")
            % {"name": programme.name},
        )
        return redirect(_url(request, "programme_detail", programme.pk))
    rows = selectors.catalogue_rows(workspace=request.workspace)
    language = get_language()
    audiences, kinds, approaches = (
        dict(Audience.choices),
        dict(Programme.Kind.choices),
        dict(Approach.choices),
    )
    for row in rows:
        entry = row.entry
        row.description = entry.description_for(language)
        row.funding = entry.funding_source_for(language)
        row.audience = audiences.get(entry.audience, entry.audience)
        row.kind = kinds.get(entry.kind, entry.kind)
        row.approaches = [approaches.get(a, a) for a in entry.approaches]
        row.age_range = _age_range(entry)
        row.languages = [PARENT_LANGUAGES[c] for c in entry.languages if c in PARENT_LANGUAGES]
    context = {
        "rows": rows,
        "copied_count": sum(1 for row in rows if row.programme),
        "is_coordinator": request.membership.is_coordinator,
        "breadcrumbs": _crumbs(request, {"label": _("National catalogue")}),
    }
    return render(request, "programmes/catalogue.html", context)


# --- Offerings ----------------------------------------------------------------------------------------


def _may_write_offerings(request: HttpRequest) -> None:
    membership = request.membership
    if not (membership.is_coordinator or (membership.role == "professional" and membership.organisation_id)):
        raise PermissionDenied


def _offering_data(form: OfferingForm) -> dict[str, Any]:
    return dict(form.cleaned_data)


@workspace_view
@require_http_methods(["GET", "POST"])
def offering_create(request: HttpRequest) -> HttpResponse:
    request.nav_section = SECTION
    _may_write_offerings(request)
    membership = request.membership
    initial: dict[str, Any] = {}
    programme = None
    if request.GET.get("programme", "").isdecimal():
        programme = request.workspace.programmes.filter(pk=int(request.GET["programme"])).first()
        if programme:
            initial["programme"] = programme.pk
    if request.GET.get("organisation", "").isdecimal():
        initial["organisation"] = int(request.GET["organisation"])
    if not membership.is_coordinator:
        initial["organisation"] = membership.organisation_id
    form = OfferingForm(
        request.POST or None, initial=initial, workspace=request.workspace, membership=membership
    )
    if request.method == "POST" and form.is_valid():
        organisation = form.cleaned_data["organisation"]
        if not membership.can_edit_organisation(organisation.pk):
            raise PermissionDenied
        offering = _run(
            form,
            lambda: services.offering_create(
                workspace=request.workspace, actor=request.user, **_offering_data(form)
            ),
        )
        if offering:
            messages.success(request, _("The offering has been added."))
            return redirect(f"{_url(request, 'programme_detail', offering.programme_id)}#offerings")
    if programme:
        cancel = _url(request, "programme_detail", programme.pk)
        crumbs = _crumbs(request, {"label": programme.name, "url": cancel}, {"label": _("Add an offering")})
    else:
        cancel = _url(request, "programme_list")
        crumbs = _crumbs(request, {"label": _("Add an offering")})
    return _form_page(
        request,
        form=form,
        title=_("Add an offering"),
        breadcrumbs=crumbs,
        cancel_url=cancel,
        intro=_("Where and when a partner runs the programme, and for how many families or children."),
    )


def _offering_for_write(request: HttpRequest, pk: int) -> Any:
    offering = selectors.offering_detail(workspace=request.workspace, pk=pk)
    if not request.membership.can_edit_organisation(offering.organisation_id):
        raise PermissionDenied
    return offering


@workspace_view
@require_http_methods(["GET", "POST"])
def offering_update(request: HttpRequest, pk: int) -> HttpResponse:
    request.nav_section = SECTION
    offering = _offering_for_write(request, pk)
    membership = request.membership
    form = OfferingForm(
        request.POST or None, workspace=request.workspace, membership=membership, offering=offering
    )
    if request.method == "POST" and form.is_valid():
        if not membership.can_edit_organisation(form.cleaned_data["organisation"].pk):
            raise PermissionDenied
        done = _run(
            form,
            lambda: services.offering_update(offering=offering, actor=request.user, **_offering_data(form)),
        )
        if done:
            messages.success(request, _("The changes have been saved."))
            return redirect(f"{_url(request, 'programme_detail', offering.programme_id)}#offerings")
    detail = _url(request, "programme_detail", offering.programme_id)
    return _form_page(
        request,
        form=form,
        title=_("Edit the offering of %(programme)s by %(organisation)s")
        % {"programme": offering.programme.name, "organisation": offering.organisation.name},
        breadcrumbs=_crumbs(request, {"label": offering.programme.name, "url": detail}, {"label": _("Edit")}),
        cancel_url=detail,
    )


@workspace_view
@require_http_methods(["GET", "POST"])
def offering_delete(request: HttpRequest, pk: int) -> HttpResponse:
    request.nav_section = SECTION
    offering = _offering_for_write(request, pk)
    detail = _url(request, "programme_detail", offering.programme_id)
    names = {"programme": offering.programme.name, "organisation": offering.organisation.name}
    if request.method == "POST":
        services.offering_delete(offering=offering, actor=request.user)
        messages.success(
            request, _("The offering of %(programme)s by %(organisation)s has been removed.") % names
        )
        return redirect(f"{detail}#offerings")
    return _confirm_page(
        request,
        title=_("Remove the offering of %(programme)s by %(organisation)s?") % names,
        text=_("The programme itself stays; only this record of where and when it runs is removed."),
        button=_("Remove"),
        breadcrumbs=_crumbs(
            request, {"label": offering.programme.name, "url": detail}, {"label": _("Remove offering")}
        ),
        cancel_url=detail,
    )


# --- Policy domains -----------------------------------------------------------------------------------


def _domain_crumbs(request: HttpRequest, *more: dict[str, str]) -> list[dict[str, str]]:
    return _crumbs(request, {"label": _("Policy domains"), "url": _url(request, "policy_domain_list")}, *more)


def _domain_page(request: HttpRequest, form: PolicyDomainForm) -> HttpResponse:
    context = {
        "domains": selectors.policy_domain_overview(workspace=request.workspace),
        "form": form,
        "is_coordinator": request.membership.is_coordinator,
        "list_url": _url(request, "programme_list"),
        "breadcrumbs": _crumbs(request, {"label": _("Policy domains")}),
    }
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "programmes/policy_domain_list.html", context, status=status)


@workspace_view
@require_http_methods(["GET", "POST"])
def policy_domain_list(request: HttpRequest) -> HttpResponse:
    """The policy domains with their number of programmes; a coordinator adds one of the workspace's own."""
    request.nav_section = SECTION
    selectors.ensure_setup(workspace=request.workspace)
    form = PolicyDomainForm(request.POST or None, auto_id="new_domain_%s")
    if request.method == "POST":
        require_coordinator(request.membership)
        if form.is_valid():
            domain = _run(
                form,
                lambda: services.policy_domain_create(
                    workspace=request.workspace, actor=request.user, name=form.cleaned_data["name"]
                ),
            )
            if domain:
                messages.success(request, _("The policy domain %(name)s has been added.") % {"name": domain})
                return redirect(_url(request, "policy_domain_list"))
    return _domain_page(request, form)


def _get_domain(request: HttpRequest, pk: int) -> PolicyDomain:
    return get_object_or_404(PolicyDomain.objects.filter(workspace=request.workspace), pk=pk)


@workspace_view
@require_http_methods(["GET", "POST"])
def policy_domain_update(request: HttpRequest, pk: int) -> HttpResponse:
    request.nav_section = SECTION
    domain = _get_domain(request, pk)
    require_coordinator(request.membership)
    form = PolicyDomainForm(request.POST or None, initial={"name": domain.name})
    if domain.is_builtin:
        form.fields["name"].help_text = _(
            "A local name for this standard domain; leave empty to use the standard name (%(name)s)."
        ) % {"name": PolicyDomain.Builtin(domain.key).label}
    else:
        form.fields["name"].required = True
    if request.method == "POST" and form.is_valid():
        done = _run(
            form,
            lambda: services.policy_domain_rename(
                domain=domain, actor=request.user, name=form.cleaned_data["name"]
            ),
        )
        if done:
            messages.success(request, _("The changes have been saved."))
            return redirect(_url(request, "policy_domain_list"))
    return _form_page(
        request,
        form=form,
        title=_("Rename the policy domain %(name)s") % {"name": domain.display_name},
        breadcrumbs=_domain_crumbs(request, {"label": domain.display_name}),
        cancel_url=_url(request, "policy_domain_list"),
    )


@workspace_view
@require_http_methods(["GET", "POST"])
def policy_domain_delete(request: HttpRequest, pk: int) -> HttpResponse:
    request.nav_section = SECTION
    domain = _get_domain(request, pk)
    require_coordinator(request.membership)
    list_url = _url(request, "policy_domain_list")
    if domain.is_builtin:
        messages.error(request, _("The standard policy domains cannot be removed; you can rename them."))
        return redirect(list_url)
    if request.method == "POST":
        name = domain.display_name
        services.policy_domain_delete(domain=domain, actor=request.user)
        messages.success(request, _("The policy domain %(name)s has been removed.") % {"name": name})
        return redirect(list_url)
    return _confirm_page(
        request,
        title=_("Remove the policy domain %(name)s?") % {"name": domain.display_name},
        text=_("The programmes stay; they are no longer linked to this domain."),
        button=_("Remove"),
        breadcrumbs=_domain_crumbs(request, {"label": _("Remove")}),
        cancel_url=list_url,
    )


# --- Transitions --------------------------------------------------------------------------------------


@workspace_view
def transition_list(request: HttpRequest) -> HttpResponse:
    request.nav_section = SECTION
    selectors.ensure_setup(workspace=request.workspace)
    transitions = selectors.transition_overview(workspace=request.workspace)
    for transition in transitions:
        transition.age_range = _age_range(transition)
    context = {
        "transitions": transitions,
        "is_coordinator": request.membership.is_coordinator,
        "breadcrumbs": _crumbs(request, {"label": _("Transitions")}),
    }
    return render(request, "programmes/transition_list.html", context)


@workspace_view
@require_http_methods(["GET", "POST"])
def transition_update(request: HttpRequest, pk: int) -> HttpResponse:
    request.nav_section = SECTION
    transition = get_object_or_404(request.workspace.transitions.all(), pk=pk)
    require_coordinator(request.membership)
    form = TransitionForm(
        request.POST or None,
        workspace=request.workspace,
        initial={
            "parent_needs": transition.parent_needs,
            "programmes": list(transition.programmes.all()),
            "partnerships": list(transition.partnerships.all()),
        },
    )
    list_url = _url(request, "transition_list")
    if request.method == "POST" and form.is_valid():
        done = _run(
            form,
            lambda: services.transition_update(
                transition=transition, actor=request.user, **form.cleaned_data
            ),
        )
        if done:
            messages.success(request, _("The changes have been saved."))
            return redirect(f"{list_url}#transition-{transition.pk}")
    return _form_page(
        request,
        form=form,
        title=_("Edit the transition %(name)s") % {"name": transition.display_name},
        breadcrumbs=_crumbs(
            request,
            {"label": _("Transitions"), "url": list_url},
            {"label": transition.display_name},
        ),
        cancel_url=list_url,
        intro=_age_range(transition),
    )
