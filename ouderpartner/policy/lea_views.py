"""Screens for the LEA (Lokale Educatieve Agenda): meetings with their agenda and decisions, the
agreements (what, who, by when, status) and taking an attached live meeting's results into the policy.

Every member reads; coordinators write; professionals of an organisation named in an agreement may
update that agreement's status.
"""

from __future__ import annotations

import copy
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from ouderpartner.core.access import coordinator_view, get_object_in_workspace, workspace_view
from ouderpartner.core.filter_links import filter_group, filter_link
from ouderpartner.live.models import HandOver, LiveSession
from ouderpartner.network.models import Organisation
from ouderpartner.policy import lea_selectors as selectors
from ouderpartner.policy import lea_services as services
from ouderpartner.policy.lea_forms import (
    AgendaItemForm,
    AgreementForm,
    AgreementStatusForm,
    AttachLiveForm,
    ChooseMeetingForm,
    HandOverTakeForm,
    LeaMeetingForm,
)
from ouderpartner.policy.models import AgendaItem, Agreement, Ambition, LeaMeeting

PAGE_SIZE = 25
MAX_FILTER_OPTIONS = 200
MEETING_FILTERS = ("framework", "year")
AGREEMENT_FILTERS = ("status", "organisation", "ambition", "overdue", "meeting")
NAV_SECTION = "policy"


def _url(request: HttpRequest, name: str, pk: int | None = None, **kwargs: Any) -> str:
    kwargs["ws"] = request.workspace.slug
    if pk is not None:
        kwargs["pk"] = pk
    return reverse(f"policy:{name}", kwargs=kwargs)


def _crumbs(request: HttpRequest, *more: dict[str, str]) -> list[dict[str, str]]:
    crumbs = []
    overview = _other_url(request, "overview")
    if overview:
        crumbs.append({"label": _("Policy"), "url": overview})
    crumbs.append({"label": _("LEA meetings"), "url": _url(request, "lea_meeting_list")})
    return [*crumbs, *more]


def _number(params: Any, name: str) -> int | None:
    value = (params.get(name) or "").strip()
    return int(value) if value.isdecimal() and len(value) < 10 else None


def _page_links(request: HttpRequest, page: Any, params: tuple[str, ...]) -> dict[str, str]:
    links = {}
    if page.has_previous():
        links["previous"] = filter_link(request, params, page=page.previous_page_number())
    if page.has_next():
        links["next"] = filter_link(request, params, page=page.next_page_number())
    return links


def _run(form: Any, write: Any) -> Any:
    """Calls the service; a ValidationError lands on the form (nothing lost, never a 500)."""
    try:
        return write()
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for field, errors in error.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, error)
        return None


def _form_page(request: HttpRequest, form: Any, title: str, crumbs: list, **extra: Any) -> HttpResponse:
    context = {"form": form, "title": title, "breadcrumbs": crumbs, **extra}
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "policy/lea/form.html", context, status=status)


def _confirm_page(request: HttpRequest, title: str, text: str, cancel_url: str, crumbs: list) -> HttpResponse:
    context = {"title": title, "text": text, "cancel_url": cancel_url, "breadcrumbs": crumbs}
    return render(request, "policy/lea/confirm_delete.html", context)


def _other_url(request: HttpRequest, name: str, pk: int | None = None) -> str:
    """A page of another part of the policy capability, or "" while that part has none."""
    try:
        return _url(request, name, pk)
    except NoReverseMatch:
        return ""


def _meeting(request: HttpRequest, pk: int) -> LeaMeeting:
    return get_object_in_workspace(
        LeaMeeting.objects.select_related("framework", "live_session"), workspace=request.workspace, pk=pk
    )


# --- Meetings -------------------------------------------------------------------------------------


@workspace_view
def lea_meeting_list(request: HttpRequest) -> HttpResponse:
    request.nav_section = NAV_SECTION
    query: dict[str, str] = {}
    framework = None
    frameworks = list(selectors.frameworks(workspace=request.workspace)[:MAX_FILTER_OPTIONS])
    framework_id = _number(request.GET, "framework")
    if framework_id:
        framework = next((f for f in frameworks if f.pk == framework_id), None)
        if framework:
            query["framework"] = str(framework.pk)
    years = selectors.meeting_years(workspace=request.workspace)
    year = _number(request.GET, "year")
    if year not in years:
        year = None
    else:
        query["year"] = str(year)
    qs = selectors.lea_meetings(workspace=request.workspace, framework=framework, year=year)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    count = page.paginator.count

    def group(param: str, label: str, options: list[tuple[str, str]]) -> dict[str, Any]:
        return filter_group(
            request, MEETING_FILTERS, param, label, _("all"), options, current=query.get(param, "")
        )

    groups = []
    if frameworks:
        groups.append(group("framework", _("Framework"), [(str(f.pk), f.title) for f in frameworks]))
    if years:
        groups.append(group("year", _("Year"), [(str(y), str(y)) for y in years]))
    context = {
        "title": _("LEA meetings"),
        "page": page,
        "meetings": page.object_list,
        "count_text": ngettext("%(count)s LEA meeting", "%(count)s LEA meetings", count) % {"count": count},
        "filter_groups": groups,
        "page_links": _page_links(request, page, MEETING_FILTERS),
        "filtered": bool(query),
        "clear_url": request.path,
        "can_manage": services.can_manage(request.membership),
        "breadcrumbs": [*_crumbs(request)[:-1], {"label": _("LEA meetings")}],
    }
    return render(request, "policy/lea/meeting_list.html", context)


@workspace_view
def lea_meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    request.nav_section = NAV_SECTION
    meeting = _meeting(request, pk)
    detail = selectors.meeting_detail(meeting)
    can_manage = services.can_manage(request.membership)
    for item in detail["agenda"]:
        item.ambition_url = (
            _other_url(request, "ambition_detail", item.ambition_id) if item.ambition_id else ""
        )
    for hand_over in detail["hand_overs"]:
        hand_over.made_links = [
            {
                "label": _("Draft ambition “%(title)s” (%(framework)s)")
                % {"title": made.title, "framework": made.framework.title},
                "url": _other_url(request, "ambition_detail", made.pk),
            }
            if isinstance(made, Ambition)
            else {
                "label": _("Agenda item of “%(meeting)s”") % {"meeting": made.meeting.title},
                "url": f"{_url(request, 'lea_meeting_detail', made.meeting_id)}#agenda-item-{made.pk}",
            }
            for made in hand_over.made
        ]
    for agreement in detail["agreements"]:
        agreement.overdue = selectors.is_overdue(agreement)
        agreement.can_update_status = services.can_update_agreement_status(request.membership, agreement)
    context = {
        "title": meeting.title,
        "meeting": meeting,
        "participants": list(meeting.participants.order_by("name")),
        **detail,
        "framework_url": _other_url(request, "framework_detail", meeting.framework_id)
        if meeting.framework_id
        else "",
        "can_manage": can_manage,
        "breadcrumbs": _crumbs(request, {"label": meeting.title}),
    }
    return render(request, "policy/lea/meeting_detail.html", context)


@coordinator_view
@require_http_methods(["GET", "POST"])
def lea_meeting_create(request: HttpRequest) -> HttpResponse:
    request.nav_section = NAV_SECTION
    newest = selectors.frameworks(workspace=request.workspace).order_by("-created_at", "-id").first()
    form = LeaMeetingForm(
        request.POST or None,
        instance=LeaMeeting(workspace=request.workspace),
        workspace=request.workspace,
        initial={"framework": newest.pk} if newest else None,
    )
    if request.method == "POST" and form.is_valid():
        data = form.service_data()
        meeting = _run(
            form, lambda: services.lea_meeting_create(workspace=request.workspace, actor=request.user, **data)
        )
        if meeting:
            messages.success(request, _("The LEA meeting has been saved."))
            return redirect(_url(request, "lea_meeting_detail", meeting.pk))
    return _form_page(
        request,
        form,
        _("New LEA meeting"),
        _crumbs(request, {"label": _("New")}),
        cancel_url=_url(request, "lea_meeting_list"),
    )


@coordinator_view
@require_http_methods(["GET", "POST"])
def lea_meeting_update(request: HttpRequest, pk: int) -> HttpResponse:
    request.nav_section = NAV_SECTION
    meeting = _meeting(request, pk)
    form = LeaMeetingForm(request.POST or None, instance=copy.copy(meeting), workspace=request.workspace)
    if request.method == "POST" and form.is_valid():
        data = form.service_data()
        done = _run(form, lambda: services.lea_meeting_update(meeting=meeting, actor=request.user, **data))
        if done:
            messages.success(request, _("The changes have been saved."))
            return redirect(_url(request, "lea_meeting_detail", meeting.pk))
    detail_url = _url(request, "lea_meeting_detail", meeting.pk)
    return _form_page(
        request,
        form,
        _("Edit LEA meeting"),
        _crumbs(request, {"label": meeting.title, "url": detail_url}, {"label": _("Edit")}),
        cancel_url=detail_url,
        delete_url=_url(request, "lea_meeting_delete", meeting.pk),
        delete_label=_("Delete this LEA meeting"),
    )


@coordinator_view
@require_http_methods(["GET", "POST"])
def lea_meeting_delete(request: HttpRequest, pk: int) -> HttpResponse:
    request.nav_section = NAV_SECTION
    meeting = _meeting(request, pk)
    if request.method == "POST":
        services.lea_meeting_delete(meeting=meeting, actor=request.user)
        messages.success(request, _("The LEA meeting has been deleted."))
        return redirect(_url(request, "lea_meeting_list"))
    detail_url = _url(request, "lea_meeting_detail", meeting.pk)
    return _confirm_page(
        request,
        _("Delete this LEA meeting?"),
        _(
            "The meeting “%(title)s” and its agenda will be deleted. Its agreements stay, without the link "
            "to the meeting. This cannot be undone; the audit trail keeps a note that it was deleted."
        )
        % {"title": meeting.title},
        detail_url,
        _crumbs(request, {"label": meeting.title, "url": detail_url}, {"label": _("Delete")}),
    )


@coordinator_view
@require_http_methods(["GET", "POST"])
def lea_meeting_live(request: HttpRequest, pk: int) -> HttpResponse:
    """Attach a live meeting of this workspace to the LEA meeting (or detach it)."""
    request.nav_section = NAV_SECTION
    meeting = _meeting(request, pk)
    form = AttachLiveForm(
        request.POST or None, workspace=request.workspace, initial={"live_session": meeting.live_session_id}
    )
    detail_url = _url(request, "lea_meeting_detail", meeting.pk)
    if request.method == "POST" and form.is_valid():
        session = form.cleaned_data["live_session"]
        done = _run(
            form,
            lambda: services.lea_meeting_attach_live(
                meeting=meeting, actor=request.user, live_session=session
            ),
        )
        if done:
            messages.success(
                request,
                _("The live meeting has been attached.")
                if session
                else _("The live meeting has been detached."),
            )
            return redirect(f"{detail_url}#live")
    return _form_page(
        request,
        form,
        _("Attach a live meeting"),
        _crumbs(request, {"label": meeting.title, "url": detail_url}, {"label": _("Live meeting")}),
        cancel_url=detail_url,
        intro=_(
            "Attach the live meeting held for this LEA meeting. Its results handed over for the policy are then "
            "listed on the LEA meeting's page, where you turn them into draft ambitions or agenda items."
        ),
    )


@coordinator_view
@require_http_methods(["GET", "POST"])
def lea_live_session(request: HttpRequest, session_pk: int) -> HttpResponse:
    """From a live meeting's page: to the LEA meeting it is attached to, or choose one to attach it to."""
    request.nav_section = NAV_SECTION
    session = get_object_in_workspace(LiveSession, workspace=request.workspace, pk=session_pk)
    attached = LeaMeeting.objects.filter(workspace=request.workspace, live_session=session).order_by("-date")
    first = attached.first()
    if request.method == "GET" and first is not None:
        return redirect(f"{_url(request, 'lea_meeting_detail', first.pk)}#hand-overs")
    form = ChooseMeetingForm(request.POST or None, workspace=request.workspace)
    if request.method == "POST" and form.is_valid():
        meeting = form.cleaned_data["meeting"]
        done = _run(
            form,
            lambda: services.lea_meeting_attach_live(
                meeting=meeting, actor=request.user, live_session=session
            ),
        )
        if done:
            messages.success(request, _("The live meeting has been attached."))
            return redirect(f"{_url(request, 'lea_meeting_detail', meeting.pk)}#hand-overs")
    title = session.text("title")
    return _form_page(
        request,
        form,
        _("Take results into the policy"),
        _crumbs(request, {"label": title}),
        cancel_url=reverse("live:session_detail", kwargs={"ws": request.workspace.slug, "pk": session.pk}),
        intro=_(
            "Choose the LEA meeting that “%(title)s” belongs to. Its draft items for the policy are then listed "
            "on that meeting's page, where you turn them into draft ambitions or agenda items."
        )
        % {"title": title},
        extra_link={
            "url": _url(request, "lea_meeting_create"),
            "label": _("Or make a new LEA meeting first"),
        },
        submit_label=_("Attach and continue"),
    )


@coordinator_view
@require_http_methods(["GET", "POST"])
def lea_hand_over_take(request: HttpRequest, pk: int, hand_over_pk: int) -> HttpResponse:
    """Turn a hand-over of the attached live meeting into a draft ambition or an agenda item, once."""
    request.nav_section = NAV_SECTION
    meeting = _meeting(request, pk)
    hand_over = get_object_in_workspace(
        HandOver.objects.select_related("session"), workspace=request.workspace, pk=hand_over_pk
    )
    if hand_over.session_id != meeting.live_session_id:
        raise Http404
    detail_url = _url(request, "lea_meeting_detail", meeting.pk)
    if request.method == "GET" and services.hand_over_taken(hand_over):
        messages.info(request, _("This result has already been taken into the policy."))
        return redirect(f"{detail_url}#hand-over-{hand_over.pk}")
    initial = {"becomes": "agenda_item" if hand_over.kind == HandOver.Kind.AGENDA_ITEM else "ambition"}
    if meeting.framework_id:
        initial["framework"] = meeting.framework_id
    form = HandOverTakeForm(request.POST or None, workspace=request.workspace, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if data["becomes"] == HandOverTakeForm.AMBITION:
            made = _run(
                form,
                lambda: services.hand_over_to_ambition(
                    meeting=meeting,
                    hand_over=hand_over,
                    actor=request.user,
                    framework=data["framework"],
                    level=data["level"],
                ),
            )
            message = _("“%(title)s” is now a draft ambition.")
        else:
            made = _run(
                form,
                lambda: services.hand_over_to_agenda_item(
                    meeting=meeting, hand_over=hand_over, actor=request.user
                ),
            )
            message = _("“%(title)s” is now on the agenda.")
        if made:
            messages.success(request, message % {"title": made.title})
            return redirect(f"{detail_url}#hand-overs")
    return _form_page(
        request,
        form,
        _("Take a result into the policy"),
        _crumbs(request, {"label": meeting.title, "url": detail_url}, {"label": _("Take into the policy")}),
        cancel_url=f"{detail_url}#hand-overs",
        hand_over=hand_over,
        submit_label=_("Take into the policy"),
    )


# --- Agenda items ---------------------------------------------------------------------------------


def _agenda_item(request: HttpRequest, pk: int) -> AgendaItem:
    return get_object_in_workspace(
        AgendaItem.objects.select_related("meeting"), workspace=request.workspace, pk=pk
    )


@coordinator_view
@require_http_methods(["GET", "POST"])
def agenda_item_create(request: HttpRequest, pk: int) -> HttpResponse:
    request.nav_section = NAV_SECTION
    meeting = _meeting(request, pk)
    form = AgendaItemForm(
        request.POST or None,
        instance=AgendaItem(workspace=request.workspace, meeting=meeting),
        workspace=request.workspace,
    )
    detail_url = _url(request, "lea_meeting_detail", meeting.pk)
    if request.method == "POST" and form.is_valid():
        item = _run(
            form,
            lambda: services.agenda_item_create(meeting=meeting, actor=request.user, **form.cleaned_data),
        )
        if item:
            messages.success(request, _("The agenda item has been added."))
            return redirect(f"{detail_url}#agenda")
    return _form_page(
        request,
        form,
        _("New agenda item"),
        _crumbs(request, {"label": meeting.title, "url": detail_url}, {"label": _("New agenda item")}),
        cancel_url=f"{detail_url}#agenda",
    )


@coordinator_view
@require_http_methods(["GET", "POST"])
def agenda_item_update(request: HttpRequest, pk: int) -> HttpResponse:
    request.nav_section = NAV_SECTION
    item = _agenda_item(request, pk)
    form = AgendaItemForm(request.POST or None, instance=copy.copy(item), workspace=request.workspace)
    detail_url = _url(request, "lea_meeting_detail", item.meeting_id)
    if request.method == "POST" and form.is_valid():
        done = _run(
            form, lambda: services.agenda_item_update(item=item, actor=request.user, **form.cleaned_data)
        )
        if done:
            messages.success(request, _("The changes have been saved."))
            return redirect(f"{detail_url}#agenda")
    return _form_page(
        request,
        form,
        _("Edit agenda item"),
        _crumbs(request, {"label": item.meeting.title, "url": detail_url}, {"label": _("Edit agenda item")}),
        cancel_url=f"{detail_url}#agenda",
        delete_url=_url(request, "agenda_item_delete", item.pk),
        delete_label=_("Delete this agenda item"),
    )


@coordinator_view
@require_http_methods(["GET", "POST"])
def agenda_item_delete(request: HttpRequest, pk: int) -> HttpResponse:
    request.nav_section = NAV_SECTION
    item = _agenda_item(request, pk)
    detail_url = _url(request, "lea_meeting_detail", item.meeting_id)
    if request.method == "POST":
        services.agenda_item_delete(item=item, actor=request.user)
        messages.success(request, _("The agenda item has been deleted."))
        return redirect(f"{detail_url}#agenda")
    return _confirm_page(
        request,
        _("Delete this agenda item?"),
        _("“%(title)s” will be taken off the agenda of “%(meeting)s”. This cannot be undone.")
        % {"title": item.title, "meeting": item.meeting.title},
        f"{detail_url}#agenda",
        _crumbs(request, {"label": item.meeting.title, "url": detail_url}, {"label": _("Delete")}),
    )


@coordinator_view
@require_POST
def agenda_item_move(request: HttpRequest, pk: int) -> HttpResponse:
    item = _agenda_item(request, pk)
    try:
        services.agenda_item_move(item=item, actor=request.user, direction=request.POST.get("direction", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(f"{_url(request, 'lea_meeting_detail', item.meeting_id)}#agenda-item-{item.pk}")


# --- Agreements -----------------------------------------------------------------------------------


def _agreement(request: HttpRequest, pk: int) -> Agreement:
    return get_object_in_workspace(
        Agreement.objects.select_related("meeting", "ambition").prefetch_related("organisations"),
        workspace=request.workspace,
        pk=pk,
    )


@workspace_view
def agreement_list(request: HttpRequest) -> HttpResponse:
    request.nav_section = NAV_SECTION
    query: dict[str, str] = {}
    status = request.GET.get("status", "")
    if status in Agreement.Status.values:
        query["status"] = status
    else:
        status = ""
    filters: dict[str, Any] = {}
    for name in ("organisation", "ambition", "meeting"):
        value = _number(request.GET, name)
        if value:
            query[name] = str(value)
            filters[name] = value
    overdue = request.GET.get("overdue") == "1"
    if overdue:
        query["overdue"] = "1"
    qs = selectors.agreements_list(workspace=request.workspace, status=status, overdue=overdue, **filters)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    count = page.paginator.count
    for agreement in page.object_list:
        agreement.overdue = selectors.is_overdue(agreement)
        agreement.can_update_status = services.can_update_agreement_status(request.membership, agreement)

    def group(param: str, label: str, options: list[tuple[str, str]]) -> dict[str, Any]:
        return filter_group(
            request, AGREEMENT_FILTERS, param, label, _("all"), options, current=query.get(param, "")
        )

    organisations = Organisation.objects.filter(workspace=request.workspace, lea_agreements__isnull=False)
    ambitions = Ambition.objects.filter(workspace=request.workspace, agreements__isnull=False)
    groups = [
        group("status", _("Status"), [(k, str(v)) for k, v in Agreement.Status.choices]),
        group("overdue", _("Overdue"), [("1", _("overdue only"))]),
        group(
            "organisation",
            _("Who"),
            [
                (str(pk), name)
                for pk, name in organisations.distinct()
                .order_by("name")
                .values_list("pk", "name")[:MAX_FILTER_OPTIONS]
            ],
        ),
        group(
            "ambition",
            _("Ambition"),
            [
                (str(pk), title)
                for pk, title in ambitions.distinct()
                .order_by("framework", "position", "id")
                .values_list("pk", "title")[:MAX_FILTER_OPTIONS]
            ],
        ),
    ]
    meeting = None
    if filters.get("meeting"):
        meeting = LeaMeeting.objects.filter(workspace=request.workspace, pk=filters["meeting"]).first()
    context = {
        "title": _("LEA agreements"),
        "page": page,
        "agreements": page.object_list,
        "count_text": ngettext("%(count)s agreement", "%(count)s agreements", count) % {"count": count},
        "filter_groups": [g for g in groups if len(g["links"]) > 1],
        "page_links": _page_links(request, page, AGREEMENT_FILTERS),
        "filtered": bool(query),
        "clear_url": request.path,
        "meeting": meeting,
        "can_manage": services.can_manage(request.membership),
        "breadcrumbs": _crumbs(request, {"label": _("Agreements")}),
    }
    return render(request, "policy/lea/agreement_list.html", context)


@coordinator_view
@require_http_methods(["GET", "POST"])
def agreement_create(request: HttpRequest) -> HttpResponse:
    request.nav_section = NAV_SECTION
    initial = {}
    meeting_id = _number(request.GET, "meeting")
    meeting = None
    if meeting_id:
        meeting = LeaMeeting.objects.filter(workspace=request.workspace, pk=meeting_id).first()
        if meeting:
            initial["meeting"] = meeting.pk
            initial["organisations"] = list(meeting.participants.values_list("pk", flat=True))
    form = AgreementForm(
        request.POST or None,
        instance=Agreement(workspace=request.workspace),
        workspace=request.workspace,
        initial=initial,
    )
    back = (
        f"{_url(request, 'lea_meeting_detail', meeting.pk)}#agreements"
        if meeting
        else _url(request, "agreement_list")
    )
    if request.method == "POST" and form.is_valid():
        data = form.service_data()
        agreement = _run(
            form, lambda: services.agreement_create(workspace=request.workspace, actor=request.user, **data)
        )
        if agreement:
            messages.success(request, _("The agreement has been saved."))
            if agreement.meeting_id:
                return redirect(f"{_url(request, 'lea_meeting_detail', agreement.meeting_id)}#agreements")
            return redirect(_url(request, "agreement_list"))
    return _form_page(
        request,
        form,
        _("New agreement"),
        _crumbs(
            request, {"label": _("Agreements"), "url": _url(request, "agreement_list")}, {"label": _("New")}
        ),
        cancel_url=back,
    )


@coordinator_view
@require_http_methods(["GET", "POST"])
def agreement_update(request: HttpRequest, pk: int) -> HttpResponse:
    request.nav_section = NAV_SECTION
    agreement = _agreement(request, pk)
    form = AgreementForm(request.POST or None, instance=copy.copy(agreement), workspace=request.workspace)
    list_url = _url(request, "agreement_list")
    if request.method == "POST" and form.is_valid():
        data = form.service_data()
        done = _run(form, lambda: services.agreement_update(agreement=agreement, actor=request.user, **data))
        if done:
            messages.success(request, _("The changes have been saved."))
            return redirect(list_url)
    return _form_page(
        request,
        form,
        _("Edit agreement"),
        _crumbs(request, {"label": _("Agreements"), "url": list_url}, {"label": _("Edit")}),
        cancel_url=list_url,
        delete_url=_url(request, "agreement_delete", agreement.pk),
        delete_label=_("Delete this agreement"),
    )


@coordinator_view
@require_http_methods(["GET", "POST"])
def agreement_delete(request: HttpRequest, pk: int) -> HttpResponse:
    request.nav_section = NAV_SECTION
    agreement = _agreement(request, pk)
    list_url = _url(request, "agreement_list")
    if request.method == "POST":
        services.agreement_delete(agreement=agreement, actor=request.user)
        messages.success(request, _("The agreement has been deleted."))
        return redirect(list_url)
    return _confirm_page(
        request,
        _("Delete this agreement?"),
        _("The agreement “%(what)s” will be deleted. This cannot be undone; the audit trail keeps a note.")
        % {"what": str(agreement)},
        list_url,
        _crumbs(request, {"label": _("Agreements"), "url": list_url}, {"label": _("Delete")}),
    )


@workspace_view
@require_http_methods(["GET", "POST"])
def agreement_status(request: HttpRequest, pk: int) -> HttpResponse:
    """Update an agreement's status: coordinators, and professionals of an organisation it names."""
    request.nav_section = NAV_SECTION
    agreement = _agreement(request, pk)
    if not services.can_update_agreement_status(request.membership, agreement):
        raise PermissionDenied
    form = AgreementStatusForm(request.POST or None, initial={"status": agreement.status})
    list_url = _url(request, "agreement_list")
    if request.method == "POST" and form.is_valid():
        done = _run(
            form,
            lambda: services.agreement_set_status(
                agreement=agreement,
                membership=request.membership,
                actor=request.user,
                status=form.cleaned_data["status"],
            ),
        )
        if done:
            messages.success(request, _("The status has been saved."))
            return redirect(list_url)
    agreement.overdue = selectors.is_overdue(agreement)
    return _form_page(
        request,
        form,
        _("Status of the agreement"),
        _crumbs(request, {"label": _("Agreements"), "url": list_url}, {"label": _("Status")}),
        cancel_url=list_url,
        agreement=agreement,
    )
