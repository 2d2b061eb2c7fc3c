"""Network screens for staff: organisations, locations, neighbourhoods, partnerships and the map."""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods

from ouderpartner.core.access import require_coordinator, workspace_view
from ouderpartner.core.filter_links import filter_group, filter_link
from ouderpartner.core.languages import PARENT_LANGUAGES
from ouderpartner.network import exports, selectors, services
from ouderpartner.network.forms import (
    ContactPersonForm,
    LocationForm,
    NeighbourhoodFiguresForm,
    OrganisationForm,
    PartnershipForm,
)
from ouderpartner.network.models import ContactPerson, Location, OrganisationKind, Partnership, TrustedPurpose
from ouderpartner.network.selectors import ListFilters

PAGE_SIZE = 25
FILTER_PARAMS = (
    "q",
    "kind",
    "neighbourhood",
    "trusted",
    "archived",
    "status",
    "organisation",
    "district",
    "sort",
)


# --- Helpers ------------------------------------------------------------------------------------------


def _url(request: HttpRequest, name: str, pk: int | None = None) -> str:
    kwargs: dict[str, Any] = {"ws": request.workspace.slug}
    if pk is not None:
        kwargs["pk"] = pk
    return reverse(f"network:{name}", kwargs=kwargs)


@dataclass(frozen=True)
class _Screens:
    """The list and detail screens of one kind of object: URL names `<name>_list`, `<name>_detail`."""

    name: str
    plural: str  # the list's title, the first breadcrumb

    def list_url(self, request: HttpRequest) -> str:
        return _url(request, f"{self.name}_list")

    def detail_url(self, request: HttpRequest, pk: int) -> str:
        return _url(request, f"{self.name}_detail", pk)

    def crumbs(self, request: HttpRequest, *more: dict[str, str]) -> list[dict[str, str]]:
        return [{"label": str(self.plural), "url": self.list_url(request)}, *more]


ORGANISATIONS = _Screens("organisation", gettext_lazy("Organisations"))
LOCATIONS = _Screens("location", gettext_lazy("Locations"))
NEIGHBOURHOODS = _Screens("neighbourhood", gettext_lazy("Neighbourhoods"))
PARTNERSHIPS = _Screens("partnership", gettext_lazy("Partnerships"))


def _link(request: HttpRequest, **changes: Any) -> str:
    """The list URL with some parameters changed ("" removes one); the page starts again."""
    return filter_link(request, FILTER_PARAMS, **changes)


def _filter_group(
    request: HttpRequest, param: str, label: str, options: list[tuple[str, str]], all_label: str | None = None
) -> dict[str, Any]:
    current = request.GET.get(param, "")
    return filter_group(request, FILTER_PARAMS, param, label, all_label or _("all"), options, current=current)


def _sort_links(request: HttpRequest, current: str, columns: dict[str, str]) -> dict[str, dict[str, str]]:
    result = {}
    for key, label in columns.items():
        ascending = current == key
        descending = current == f"-{key}"
        result[key] = {
            "label": label,
            "url": _link(request, sort=f"-{key}" if ascending else key),
            "aria_sort": "ascending" if ascending else "descending" if descending else "",
        }
    return result


def _paginate(request: HttpRequest, qs: QuerySet) -> Page:
    return Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))


def _page_links(request: HttpRequest, page: Page) -> dict[str, str]:
    links = {}
    if page.has_previous():
        links["previous"] = _link(request, page=page.previous_page_number())
    if page.has_next():
        links["next"] = _link(request, page=page.next_page_number())
    return links


def _list_response(request: HttpRequest, context: dict[str, Any]) -> HttpResponse:
    """The whole page, or only the results when htmx asks (search-as-you-type updates the table)."""
    is_htmx = request.headers.get("HX-Request") == "true" and not request.headers.get(
        "HX-History-Restore-Request"
    )
    context["is_htmx"] = is_htmx
    response = render(request, "network/_results.html" if is_htmx else "network/list.html", context)
    response.headers["Vary"] = "HX-Request"
    return response


def _list_context(
    request: HttpRequest,
    *,
    qs: QuerySet,
    title: str,
    count_text: Any,
    table_template: str,
    export_name: str,
    filters: ListFilters,
    filter_groups: list[dict[str, Any]],
    sort_links: dict[str, dict[str, str]],
    create: tuple[str, str] | None,
    empty_text: str,
    search_label: str,
) -> dict[str, Any]:
    page = _paginate(request, qs)
    count = page.paginator.count
    active = any(request.GET.get(p) for p in FILTER_PARAMS if p != "sort")
    query = {k: v for k, v in request.GET.items() if k in FILTER_PARAMS and v}
    return {
        "title": title,
        "page": page,
        "objects": page.object_list,
        "count_text": count_text(count),
        "table_template": table_template,
        "export_action": _url(request, export_name),
        "export_params": sorted(query.items()),
        "filters": filters,
        "filter_groups": filter_groups,
        "sort": sort_links,
        "page_links": _page_links(request, page),
        "hidden_params": {k: v for k, v in query.items() if k not in ("q", "page")},
        "create": create,
        "filtered": active,
        "clear_url": request.path,
        "empty_text": empty_text,
        "search_label": search_label,
        "breadcrumbs": [{"label": title}],
    }


def _export_filters(request: HttpRequest) -> dict[str, str]:
    return {k: v for k, v in request.GET.items() if k in FILTER_PARAMS and v}


def _require_edit(request: HttpRequest, organisation_id: int) -> None:
    if not request.membership.can_edit_organisation(organisation_id):
        raise PermissionDenied


def _apply_errors(form: Any, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _district_options(request: HttpRequest) -> list[tuple[str, str]]:
    return [(d.code, d.name) for d in selectors.districts(workspace=request.workspace)]


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
    return render(request, "network/form.html", context, status=400 if form.is_bound and form.errors else 200)


def _confirm_page(
    request: HttpRequest,
    *,
    title: str,
    text: str,
    button: str,
    breadcrumbs: list[dict[str, str]],
    cancel_url: str,
) -> HttpResponse:
    context = {
        "title": title,
        "text": text,
        "button": button,
        "breadcrumbs": breadcrumbs,
        "cancel_url": cancel_url,
    }
    return render(request, "network/confirm.html", context)


def _run(form: Any, write: Any) -> Any:
    """Call the service; a ValidationError it raises lands on the form (nothing lost, never a 500)."""
    try:
        return write()
    except ValidationError as error:
        _apply_errors(form, error)
        return None


def _save_form(
    request: HttpRequest, form: Any, *, save: Callable[[], Any], message: str, screens: _Screens
) -> HttpResponse | None:
    """On a valid POST: call the service and go to the saved object's page with a message.

    None means: show the form (again), with any errors the service raised on it.
    """
    if request.method == "POST" and form.is_valid():
        saved = _run(form, save)
        if saved:
            messages.success(request, message)
            return redirect(screens.detail_url(request, saved.pk))
    return None


def _add_page(request: HttpRequest, *, form: Any, title: str, screens: _Screens) -> HttpResponse:
    return _form_page(
        request,
        form=form,
        title=title,
        breadcrumbs=screens.crumbs(request, {"label": _("Add")}),
        cancel_url=screens.list_url(request),
    )


def _edit_page(
    request: HttpRequest, *, form: Any, obj: Any, screens: _Screens, title: str | None = None, **extra: Any
) -> HttpResponse:
    detail = screens.detail_url(request, obj.pk)
    return _form_page(
        request,
        form=form,
        title=_("Edit %(name)s") % {"name": obj.name} if title is None else title,
        breadcrumbs=screens.crumbs(request, {"label": obj.name, "url": detail}, {"label": _("Edit")}),
        cancel_url=detail,
        **extra,
    )


def _archive_view(
    request: HttpRequest,
    *,
    obj: Any,
    archive: bool,
    service: Callable[[], Any],
    screens: _Screens,
    extra_text: str = "",
) -> HttpResponse:
    """GET: the confirmation page; POST (coordinators): archive or restore the object, back to its page."""
    require_coordinator(request.membership)
    detail_url = screens.detail_url(request, obj.pk)
    if request.method == "POST":
        try:
            service()
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(detail_url)
        if archive:
            messages.success(
                request, _("%(name)s has been archived. You can restore it from its page.") % {"name": obj}
            )
        else:
            messages.success(request, _("%(name)s has been restored.") % {"name": obj})
        return redirect(detail_url)
    if archive:
        title = _("Archive %(name)s?") % {"name": obj}
        text = _(
            "%(name)s will be hidden from the lists, the map and the counts. Nothing is deleted: "
            "you can restore it later."
        ) % {"name": obj}
        button = _("Archive")
    else:
        title = _("Restore %(name)s?") % {"name": obj}
        text = _("%(name)s will show in the lists, the map and the counts again.") % {"name": obj}
        button = _("Restore")
    return _confirm_page(
        request,
        title=title,
        text=f"{text} {extra_text}".strip(),
        button=button,
        breadcrumbs=screens.crumbs(request, {"label": obj.name, "url": detail_url}, {"label": button}),
        cancel_url=detail_url,
    )


def _export_rows(request: HttpRequest, selector: Callable[..., tuple[QuerySet, str]]) -> QuerySet:
    """The whole filtered list (every page, the list's order) for an XLSX export."""
    qs, _sort = selector(workspace=request.workspace, filters=ListFilters.from_query(request.GET))
    return qs


# --- Organisations ------------------------------------------------------------------------------------


@workspace_view
def organisation_list(request: HttpRequest) -> HttpResponse:
    request.nav_section = "network"
    filters = ListFilters.from_query(request.GET)
    qs, sort = selectors.organisation_list(workspace=request.workspace, filters=filters)
    context = _list_context(
        request,
        qs=qs,
        title=_("Organisations"),
        count_text=lambda n: ngettext("%(count)s organisation", "%(count)s organisations", n) % {"count": n},
        table_template="network/_organisation_table.html",
        export_name="organisation_export",
        filters=filters,
        filter_groups=[
            _filter_group(request, "kind", _("Kind"), [(k, str(v)) for k, v in OrganisationKind.choices]),
            _filter_group(request, "neighbourhood", _("District"), _district_options(request)),
            _filter_group(request, "archived", _("Status"), [("1", _("archived"))], all_label=_("current")),
        ],
        sort_links=_sort_links(
            request, sort, {"name": _("Name"), "kind": _("Kind"), "locations": _("Locations")}
        ),
        create=(_url(request, "organisation_create"), _("Add an organisation"))
        if request.membership.is_coordinator
        else None,
        empty_text=_(
            "There are no partner organisations yet. Add one, or import the schools from DUO's register."
        ),
        search_label=_("Search by name, BRIN or LRK number"),
    )
    return _list_response(request, context)


@workspace_view
def organisation_export(request: HttpRequest) -> HttpResponse:
    return exports.organisations_export(
        workspace=request.workspace,
        actor=request.user,
        organisations=_export_rows(request, selectors.organisation_list),
        filters=_export_filters(request),
    )


@workspace_view
def organisation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    request.nav_section = "network"
    organisation = selectors.organisation_detail(workspace=request.workspace, pk=pk)
    context = {
        "organisation": organisation,
        "can_edit": request.membership.can_edit_organisation(organisation.pk),
        "is_coordinator": request.membership.is_coordinator,
        "contact_form": ContactPersonForm(auto_id="new_contact_%s"),
        "breadcrumbs": ORGANISATIONS.crumbs(request, {"label": organisation.name}),
    }
    return render(request, "network/organisation_detail.html", context)


@workspace_view
@require_http_methods(["GET", "POST"])
def organisation_create(request: HttpRequest) -> HttpResponse:
    request.nav_section = "network"
    require_coordinator(request.membership)
    form = OrganisationForm(request.POST or None)
    response = _save_form(
        request,
        form,
        save=lambda: services.organisation_create(
            workspace=request.workspace, actor=request.user, **form.cleaned_data
        ),
        message=_("The organisation has been added."),
        screens=ORGANISATIONS,
    )
    if response is not None:
        return response
    form.instance.workspace = request.workspace
    return _add_page(request, form=form, title=_("Add an organisation"), screens=ORGANISATIONS)


@workspace_view
@require_http_methods(["GET", "POST"])
def organisation_update(request: HttpRequest, pk: int) -> HttpResponse:
    request.nav_section = "network"
    organisation = get_object_or_404(request.workspace.organisations.all(), pk=pk)
    _require_edit(request, organisation.pk)
    form = OrganisationForm(request.POST or None, instance=copy.copy(organisation))
    response = _save_form(
        request,
        form,
        save=lambda: services.organisation_update(
            organisation=organisation, actor=request.user, **form.cleaned_data
        ),
        message=_("The changes have been saved."),
        screens=ORGANISATIONS,
    )
    if response is not None:
        return response
    return _edit_page(request, form=form, obj=organisation, screens=ORGANISATIONS)


@workspace_view
@require_http_methods(["GET", "POST"])
def organisation_archive(request: HttpRequest, pk: int) -> HttpResponse:
    request.nav_section = "network"
    organisation = get_object_or_404(request.workspace.organisations.all(), pk=pk)
    return _archive_view(
        request,
        obj=organisation,
        archive=True,
        service=lambda: services.organisation_archive(organisation=organisation, actor=request.user),
        screens=ORGANISATIONS,
        extra_text=_("Its locations are archived with it."),
    )


@workspace_view
@require_http_methods(["GET", "POST"])
def organisation_restore(request: HttpRequest, pk: int) -> HttpResponse:
    request.nav_section = "network"
    organisation = get_object_or_404(request.workspace.organisations.all(), pk=pk)
    return _archive_view(
        request,
        obj=organisation,
        archive=False,
        service=lambda: services.organisation_restore(organisation=organisation, actor=request.user),
        screens=ORGANISATIONS,
    )


# --- Contact persons ----------------------------------------------------------------------------------


@workspace_view
@require_http_methods(["POST"])
def contact_create(request: HttpRequest, pk: int) -> HttpResponse:
    request.nav_section = "network"
    organisation = get_object_or_404(request.workspace.organisations.all(), pk=pk)
    require_coordinator(request.membership)
    form = ContactPersonForm(request.POST)
    detail = ORGANISATIONS.detail_url(request, pk)
    if form.is_valid():
        contact = _run(
            form,
            lambda: services.contact_create(
                organisation=organisation, actor=request.user, **form.cleaned_data
            ),
        )
        if contact:
            messages.success(
                request, _("%(name)s has been added as a contact person.") % {"name": contact.name}
            )
            return redirect(f"{detail}#contacts")
    return _form_page(
        request,
        form=form,
        title=_("Add a contact person to %(name)s") % {"name": organisation.name},
        breadcrumbs=ORGANISATIONS.crumbs(
            request, {"label": organisation.name, "url": detail}, {"label": _("Add")}
        ),
        cancel_url=detail,
        action=reverse("network:contact_create", kwargs={"ws": request.workspace.slug, "pk": pk}),
    )


def _get_contact(request: HttpRequest, pk: int) -> ContactPerson:
    return get_object_or_404(
        ContactPerson.objects.select_related("organisation", "organisation__workspace"),
        organisation__workspace=request.workspace,
        pk=pk,
    )


@workspace_view
@require_http_methods(["GET", "POST"])
def contact_update(request: HttpRequest, pk: int) -> HttpResponse:
    request.nav_section = "network"
    contact = _get_contact(request, pk)
    require_coordinator(request.membership)
    organisation = contact.organisation
    detail = ORGANISATIONS.detail_url(request, organisation.pk)
    form = ContactPersonForm(request.POST or None, instance=copy.copy(contact))
    if request.method == "POST" and form.is_valid():
        done = _run(
            form, lambda: services.contact_update(contact=contact, actor=request.user, **form.cleaned_data)
        )
        if done:
            messages.success(request, _("The changes have been saved."))
            return redirect(f"{detail}#contacts")
    return _form_page(
        request,
        form=form,
        title=_("Edit contact person %(name)s") % {"name": contact.name},
        breadcrumbs=ORGANISATIONS.crumbs(
            request, {"label": organisation.name, "url": detail}, {"label": _("Edit")}
        ),
        cancel_url=detail,
    )


@workspace_view
@require_http_methods(["GET", "POST"])
def contact_delete(request: HttpRequest, pk: int) -> HttpResponse:
    request.nav_section = "network"
    contact = _get_contact(request, pk)
    require_coordinator(request.membership)
    organisation = contact.organisation
    detail = ORGANISATIONS.detail_url(request, organisation.pk)
    if request.method == "POST":
        name = contact.name
        services.contact_delete(contact=contact, actor=request.user)
        messages.success(request, _("%(name)s has been removed as a contact person.") % {"name": name})
        return redirect(f"{detail}#contacts")
    return _confirm_page(
        request,
        title=_("Remove %(name)s?") % {"name": contact.name},
        text=_("%(name)s will no longer be listed as a contact person of %(org)s.")
        % {"name": contact.name, "org": organisation.name},
        button=_("Remove"),
        breadcrumbs=ORGANISATIONS.crumbs(
            request, {"label": organisation.name, "url": detail}, {"label": _("Remove")}
        ),
        cancel_url=detail,
    )


# --- Locations ----------------------------------------------------------------------------------------


@workspace_view
def location_list(request: HttpRequest) -> HttpResponse:
    request.nav_section = "network"
    filters = ListFilters.from_query(request.GET)
    qs, sort = selectors.location_list(workspace=request.workspace, filters=filters)
    membership = request.membership
    can_create = membership.is_coordinator or bool(
        membership.organisation_id and membership.role == "professional"
    )
    context = _list_context(
        request,
        qs=qs,
        title=_("Locations"),
        count_text=lambda n: ngettext("%(count)s location", "%(count)s locations", n) % {"count": n},
        table_template="network/_location_table.html",
        export_name="location_export",
        filters=filters,
        filter_groups=[
            _filter_group(
                request, "kind", _("Kind of organisation"), [(k, str(v)) for k, v in OrganisationKind.choices]
            ),
            _filter_group(
                request,
                "neighbourhood",
                _("District"),
                [*_district_options(request), ("none", _("not linked to a neighbourhood"))],
            ),
            _filter_group(request, "trusted", _("Trusted place"), [("1", _("yes")), ("0", _("no"))]),
            _filter_group(request, "archived", _("Status"), [("1", _("archived"))], all_label=_("current")),
        ],
        sort_links=_sort_links(
            request,
            sort,
            {
                "name": _("Name"),
                "organisation": _("Organisation"),
                "postcode": _("Address"),
                "neighbourhood": _("Neighbourhood"),
            },
        ),
        create=(_url(request, "location_create"), _("Add a location")) if can_create else None,
        empty_text=_(
            "There are no locations yet. Add the places where your partners work, or import the schools."
        ),
        search_label=_("Search by name, organisation, street or postcode"),
    )
    return _list_response(request, context)


@workspace_view
def location_export(request: HttpRequest) -> HttpResponse:
    return exports.locations_export(
        workspace=request.workspace,
        actor=request.user,
        locations=_export_rows(request, selectors.location_list),
        filters=_export_filters(request),
    )


@workspace_view
def location_detail(request: HttpRequest, pk: int) -> HttpResponse:
    request.nav_section = "network"
    location = selectors.location_detail(workspace=request.workspace, pk=pk)
    purposes = dict(TrustedPurpose.choices)
    context = {
        "location": location,
        "purposes": [purposes.get(p, p) for p in location.trusted_purposes],
        "languages": [PARENT_LANGUAGES[c] for c in location.staff_languages if c in PARENT_LANGUAGES],
        "can_edit": request.membership.can_edit_organisation(location.organisation_id),
        "is_coordinator": request.membership.is_coordinator,
        "breadcrumbs": LOCATIONS.crumbs(request, {"label": location.name}),
        **_map_context([location] if location.latitude is not None else [], request),
    }
    return render(request, "network/location_detail.html", context)


@workspace_view
@require_http_methods(["GET", "POST"])
def location_create(request: HttpRequest) -> HttpResponse:
    request.nav_section = "network"
    membership = request.membership
    if not (membership.is_coordinator or (membership.role == "professional" and membership.organisation_id)):
        raise PermissionDenied
    initial = {}
    if request.GET.get("organisation", "").isdecimal():
        initial["organisation"] = int(request.GET["organisation"])
    elif not membership.is_coordinator:
        initial["organisation"] = membership.organisation_id
    form = LocationForm(
        request.POST or None,
        initial=initial,
        instance=Location(workspace=request.workspace),
        workspace=request.workspace,
        membership=membership,
    )

    def save() -> Location:
        _require_edit(request, form.cleaned_data["organisation"].pk)
        return services.location_create(workspace=request.workspace, actor=request.user, **form.cleaned_data)

    response = _save_form(
        request, form, save=save, message=_("The location has been added."), screens=LOCATIONS
    )
    if response is not None:
        return response
    return _add_page(request, form=form, title=_("Add a location"), screens=LOCATIONS)


@workspace_view
@require_http_methods(["GET", "POST"])
def location_update(request: HttpRequest, pk: int) -> HttpResponse:
    request.nav_section = "network"
    location = selectors.location_detail(workspace=request.workspace, pk=pk)
    _require_edit(request, location.organisation_id)
    form = LocationForm(
        request.POST or None,
        instance=copy.copy(location),
        workspace=request.workspace,
        membership=request.membership,
    )
    if not request.membership.is_coordinator:  # a professional cannot move a location to another organisation
        form.fields["organisation"].disabled = True
    response = _save_form(
        request,
        form,
        save=lambda: services.location_update(location=location, actor=request.user, **form.cleaned_data),
        message=_("The changes have been saved."),
        screens=LOCATIONS,
    )
    if response is not None:
        return response
    return _edit_page(request, form=form, obj=location, screens=LOCATIONS)


@workspace_view
@require_http_methods(["GET", "POST"])
def location_archive(request: HttpRequest, pk: int) -> HttpResponse:
    request.nav_section = "network"
    location = selectors.location_detail(workspace=request.workspace, pk=pk)
    return _archive_view(
        request,
        obj=location,
        archive=True,
        service=lambda: services.location_archive(location=location, actor=request.user),
        screens=LOCATIONS,
    )


@workspace_view
@require_http_methods(["GET", "POST"])
def location_restore(request: HttpRequest, pk: int) -> HttpResponse:
    request.nav_section = "network"
    location = selectors.location_detail(workspace=request.workspace, pk=pk)
    return _archive_view(
        request,
        obj=location,
        archive=False,
        service=lambda: services.location_restore(location=location, actor=request.user),
        screens=LOCATIONS,
    )


# --- Neighbourhoods -----------------------------------------------------------------------------------


@workspace_view
def neighbourhood_list(request: HttpRequest) -> HttpResponse:
    request.nav_section = "neighbourhoods"
    district = (request.GET.get("district") or "").strip()[:10]
    all_districts = _district_options(request)
    overview = selectors.neighbourhood_overview(workspace=request.workspace, district=district)
    context = {
        "overview": overview,
        "filter_groups": [_filter_group(request, "district", _("District"), all_districts)]
        if all_districts
        else [],
        "export_action": _url(request, "neighbourhood_export"),
        "export_params": [("district", district)] if district else [],
        "is_coordinator": request.membership.is_coordinator,
        "district": district,
        "breadcrumbs": [{"label": _("Neighbourhoods")}],
    }
    return render(request, "network/neighbourhood_list.html", context)


@workspace_view
def neighbourhood_export(request: HttpRequest) -> HttpResponse:
    district = (request.GET.get("district") or "").strip()[:10]
    overview = selectors.neighbourhood_overview(workspace=request.workspace, district=district)
    return exports.neighbourhoods_export(
        workspace=request.workspace, actor=request.user, overview=overview, filters=_export_filters(request)
    )


@workspace_view
def neighbourhood_detail(request: HttpRequest, pk: int) -> HttpResponse:
    request.nav_section = "neighbourhoods"
    neighbourhood = selectors.neighbourhood_detail(workspace=request.workspace, pk=pk)
    locations = selectors.map_locations(workspace=request.workspace, neighbourhood=neighbourhood)
    crumbs = []
    if neighbourhood.parent_id:
        crumbs.append(
            {
                "label": neighbourhood.parent.name,
                "url": NEIGHBOURHOODS.detail_url(request, neighbourhood.parent_id),
            }
        )
    context = {
        "neighbourhood": neighbourhood,
        "organisations": selectors.organisations_in_neighbourhood(
            workspace=request.workspace, neighbourhood=neighbourhood
        ),
        "trusted_count": sum(1 for loc in locations if loc.is_trusted_place),
        "is_coordinator": request.membership.is_coordinator,
        "location_list_url": f"{_url(request, 'location_list')}?{urlencode({'neighbourhood': neighbourhood.code})}",
        "breadcrumbs": NEIGHBOURHOODS.crumbs(request, *crumbs, {"label": neighbourhood.name}),
        **_map_context(locations, request),
    }
    return render(request, "network/neighbourhood_detail.html", context)


@workspace_view
@require_http_methods(["GET", "POST"])
def neighbourhood_update(request: HttpRequest, pk: int) -> HttpResponse:
    request.nav_section = "neighbourhoods"
    neighbourhood = get_object_or_404(request.workspace.neighbourhoods.select_related("parent"), pk=pk)
    require_coordinator(request.membership)
    form = NeighbourhoodFiguresForm(request.POST or None, instance=copy.copy(neighbourhood))
    response = _save_form(
        request,
        form,
        save=lambda: services.neighbourhood_update_figures(
            neighbourhood=neighbourhood, actor=request.user, **form.cleaned_data
        ),
        message=_("The figures have been saved."),
        screens=NEIGHBOURHOODS,
    )
    if response is not None:
        return response
    return _edit_page(
        request,
        form=form,
        obj=neighbourhood,
        screens=NEIGHBOURHOODS,
        title=_("Edit the figures of %(name)s") % {"name": neighbourhood.name},
        intro=_(
            "CBS publishes these figures every year; change them only to correct or update them, "
            "and say where they come from."
        ),
    )


# --- Partnerships -------------------------------------------------------------------------------------


@workspace_view
def partnership_list(request: HttpRequest) -> HttpResponse:
    request.nav_section = "network"
    filters = ListFilters.from_query(request.GET)
    qs, sort = selectors.partnership_list(workspace=request.workspace, filters=filters)
    organisation_filter = []
    if filters.organisation.isdecimal():
        org = request.workspace.organisations.filter(pk=int(filters.organisation)).first()
        if org:
            organisation_filter = [
                _filter_group(request, "organisation", _("Organisation"), [(str(org.pk), org.name)])
            ]
    context = _list_context(
        request,
        qs=qs,
        title=_("Partnerships"),
        count_text=lambda n: ngettext("%(count)s partnership", "%(count)s partnerships", n) % {"count": n},
        table_template="network/_partnership_table.html",
        export_name="partnership_export",
        filters=filters,
        filter_groups=[
            _filter_group(request, "kind", _("Kind"), [(k, str(v)) for k, v in Partnership.Kind.choices]),
            _filter_group(request, "status", _("Period"), [("active", _("active")), ("ended", _("ended"))]),
            *organisation_filter,
            _filter_group(request, "archived", _("Status"), [("1", _("archived"))], all_label=_("current")),
        ],
        sort_links=_sort_links(request, sort, {"name": _("Name"), "kind": _("Kind"), "start": _("Period")}),
        create=(_url(request, "partnership_create"), _("Add a partnership"))
        if request.membership.is_coordinator
        else None,
        empty_text=_(
            "No partnerships have been recorded yet. Record which preschools and schools work together."
        ),
        search_label=_("Search by name or agreements"),
    )
    return _list_response(request, context)


@workspace_view
def partnership_export(request: HttpRequest) -> HttpResponse:
    return exports.partnerships_export(
        workspace=request.workspace,
        actor=request.user,
        partnerships=_export_rows(request, selectors.partnership_list),
        filters=_export_filters(request),
    )


@workspace_view
def partnership_detail(request: HttpRequest, pk: int) -> HttpResponse:
    request.nav_section = "network"
    partnership = selectors.partnership_detail(workspace=request.workspace, pk=pk)
    context = {
        "partnership": partnership,
        "is_active": selectors.partnership_is_active(partnership),
        "is_coordinator": request.membership.is_coordinator,
        "breadcrumbs": PARTNERSHIPS.crumbs(request, {"label": partnership.name}),
    }
    return render(request, "network/partnership_detail.html", context)


@workspace_view
@require_http_methods(["GET", "POST"])
def partnership_create(request: HttpRequest) -> HttpResponse:
    request.nav_section = "network"
    require_coordinator(request.membership)
    initial = {}
    if request.GET.get("organisation", "").isdecimal():
        initial["organisations"] = [int(request.GET["organisation"])]
    form = PartnershipForm(
        request.POST or None,
        initial=initial,
        instance=Partnership(workspace=request.workspace),
        workspace=request.workspace,
    )
    response = _save_form(
        request,
        form,
        save=lambda: services.partnership_create(
            workspace=request.workspace, actor=request.user, **form.cleaned_data
        ),
        message=_("The partnership has been added."),
        screens=PARTNERSHIPS,
    )
    if response is not None:
        return response
    return _add_page(request, form=form, title=_("Add a partnership"), screens=PARTNERSHIPS)


@workspace_view
@require_http_methods(["GET", "POST"])
def partnership_update(request: HttpRequest, pk: int) -> HttpResponse:
    request.nav_section = "network"
    partnership = selectors.partnership_detail(workspace=request.workspace, pk=pk)
    require_coordinator(request.membership)
    form = PartnershipForm(request.POST or None, instance=copy.copy(partnership), workspace=request.workspace)
    response = _save_form(
        request,
        form,
        save=lambda: services.partnership_update(
            partnership=partnership, actor=request.user, **form.cleaned_data
        ),
        message=_("The changes have been saved."),
        screens=PARTNERSHIPS,
    )
    if response is not None:
        return response
    return _edit_page(request, form=form, obj=partnership, screens=PARTNERSHIPS)


@workspace_view
@require_http_methods(["GET", "POST"])
def partnership_archive(request: HttpRequest, pk: int) -> HttpResponse:
    request.nav_section = "network"
    partnership = get_object_or_404(request.workspace.partnerships.all(), pk=pk)
    return _archive_view(
        request,
        obj=partnership,
        archive=True,
        service=lambda: services.partnership_archive(partnership=partnership, actor=request.user),
        screens=PARTNERSHIPS,
    )


@workspace_view
@require_http_methods(["GET", "POST"])
def partnership_restore(request: HttpRequest, pk: int) -> HttpResponse:
    request.nav_section = "network"
    partnership = get_object_or_404(request.workspace.partnerships.all(), pk=pk)
    return _archive_view(
        request,
        obj=partnership,
        archive=False,
        service=lambda: services.partnership_restore(partnership=partnership, actor=request.user),
        screens=PARTNERSHIPS,
    )


# --- Map ----------------------------------------------------------------------------------------------


def _map_context(locations: list[Location], request: HttpRequest) -> dict[str, Any]:
    """Markers (for json_script) and the list that always accompanies the map."""
    ws = request.workspace.slug
    markers = [
        {
            "name": loc.name,
            "organisation": loc.organisation.name,
            "lat": float(loc.latitude),
            "lng": float(loc.longitude),
            "trusted": loc.is_trusted_place,
            "url": reverse("network:location_detail", kwargs={"ws": ws, "pk": loc.pk}),
        }
        for loc in locations
        if loc.latitude is not None and loc.longitude is not None
    ]
    return {
        "map_locations": locations,
        "map_markers": markers,
        "map_config": {
            "tileUrl": settings.MAP_TILE_URL,
            "attribution": settings.MAP_TILE_ATTRIBUTION,
            "trustedLabel": _("trusted place"),
            "otherLabel": _("location"),
        },
    }


@workspace_view
def network_map(request: HttpRequest) -> HttpResponse:
    request.nav_section = "network"
    trusted_only = request.GET.get("trusted") == "1"
    locations = selectors.map_locations(workspace=request.workspace)
    if trusted_only:
        locations = [loc for loc in locations if loc.is_trusted_place]
    context = {
        "trusted_only": trusted_only,
        "breadcrumbs": [{"label": _("Map")}],
        **_map_context(locations, request),
    }
    return render(request, "network/map.html", context)
