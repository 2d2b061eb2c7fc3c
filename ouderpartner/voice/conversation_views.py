"""Screens for conversation records (list, detail, add, edit, delete, export) and the tag list."""

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

from ouderpartner.core.access import (
    coordinator_view,
    get_object_in_workspace,
    require_coordinator,
    workspace_view,
)
from ouderpartner.core.audit import audit_record, audit_view
from ouderpartner.core.filter_links import filter_group, filter_link
from ouderpartner.core.languages import PARENT_LANGUAGES
from ouderpartner.core.models import AuditEvent
from ouderpartner.network.models import Location
from ouderpartner.voice import conversations as records
from ouderpartner.voice.conversation_forms import ConversationForm, TagForm
from ouderpartner.voice.conversations import (
    ConversationFilters,
    can_see_contact,
    require_record_access,
)
from ouderpartner.voice.models import Conversation, ConversationTag

PAGE_SIZE = 25
MAX_EXPORT_ROWS = 50_000
MAX_FILTER_OPTIONS = 200
FILTER_PARAMS = ("q", "tag", "age", "language", "place", "period")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
NAV_SECTION = "voice"


def _url(request: HttpRequest, name: str, pk: int | None = None) -> str:
    kwargs: dict[str, Any] = {"ws": request.workspace.slug}
    if pk is not None:
        kwargs["pk"] = pk
    return reverse(f"voice:{name}", kwargs=kwargs)


def _query(request: HttpRequest) -> dict[str, str]:
    return {k: v for k, v in request.GET.items() if k in FILTER_PARAMS and v}


def _link(request: HttpRequest, **changes: Any) -> str:
    """The list URL with some parameters changed ("" removes one); the page starts again."""
    return filter_link(request, FILTER_PARAMS, **changes)


def _filter_group(request: HttpRequest, param: str, label: str, options: list[tuple[str, str]]) -> dict:
    current = request.GET.get(param, "")
    return filter_group(request, FILTER_PARAMS, param, label, _("all"), options, current=current)


def _language_name(code: str) -> str:
    language = PARENT_LANGUAGES.get(code)
    return f"{language.native_name} ({language.english_name})" if language else code


def _filter_groups(request: HttpRequest) -> list[dict[str, Any]]:
    visible = records.conversations_visible(workspace=request.workspace, membership=request.membership)
    tags = ConversationTag.objects.filter(workspace=request.workspace).order_by("name")[:MAX_FILTER_OPTIONS]
    languages = sorted(set(visible.values_list("language", flat=True).distinct()[:MAX_FILTER_OPTIONS]))
    places = (
        Location.objects.filter(workspace=request.workspace, id__in=visible.values("location_id"))
        .order_by("name")
        .only("pk", "name")[:MAX_FILTER_OPTIONS]
    )
    return [
        _filter_group(request, "tag", _("Tag"), [(str(t.pk), t.name) for t in tags]),
        _filter_group(
            request, "age", _("Age of the child"), [(k, str(v)) for k, v in Conversation.AgeBand.choices]
        ),
        _filter_group(request, "language", _("Language"), [(c, _language_name(c)) for c in languages]),
        _filter_group(request, "place", _("Place"), [(str(p.pk), p.name) for p in places]),
        _filter_group(
            request,
            "period",
            _("Period"),
            [("30", _("last 30 days")), ("90", _("last 3 months")), ("365", _("last year"))],
        ),
    ]


def _crumbs(request: HttpRequest, *more: dict[str, str]) -> list[dict[str, str]]:
    return [{"label": _("Conversations with parents"), "url": _url(request, "conversation_list")}, *more]


def _start(request: HttpRequest) -> None:
    request.nav_section = NAV_SECTION
    require_record_access(request.membership)


@workspace_view
def conversation_list(request: HttpRequest) -> HttpResponse:
    _start(request)
    filters = ConversationFilters.from_query(request.GET)
    qs = records.conversation_list(
        workspace=request.workspace, membership=request.membership, filters=filters
    )
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    count = page.paginator.count
    query = _query(request)
    page_links = {}
    if page.has_previous():
        page_links["previous"] = _link(request, page=page.previous_page_number())
    if page.has_next():
        page_links["next"] = _link(request, page=page.next_page_number())
    for conversation in page.object_list:
        conversation.language_name = _language_name(conversation.language)
    audit_view(
        request=request,
        object_type="conversation",
        object_repr=_("Conversations with parents"),
        details={
            "filters": {k: v for k, v in query.items() if k != "q"},
            "search": bool(query.get("q")),
        },
        counts={"shown": len(page.object_list), "of": count},
    )
    context = {
        "title": _("Conversations with parents"),
        "page": page,
        "objects": page.object_list,
        "count_text": ngettext("%(count)s conversation", "%(count)s conversations", count) % {"count": count},
        "filters": filters,
        "filter_groups": _filter_groups(request),
        "page_links": page_links,
        "hidden_params": {k: v for k, v in query.items() if k not in ("q", "page")},
        "filtered": bool(query),
        "clear_url": request.path,
        "is_coordinator": request.membership.is_coordinator,
        "export_action": _url(request, "conversation_export"),
        "export_params": sorted(query.items()),
        "export_label": _("Download these records as a spreadsheet (XLSX, without contact details)"),
        "breadcrumbs": [{"label": _("Conversations with parents")}],
    }
    return render(request, "voice/conversation_list.html", context)


@workspace_view
def conversation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _start(request)
    conversation = records.conversation_get(workspace=request.workspace, membership=request.membership, pk=pk)
    show_contact = can_see_contact(request.membership, conversation)
    audit_view(
        request=request,
        obj=conversation,
        details={"contact details": bool(show_contact and conversation.contact)},
    )
    context = {
        "conversation": conversation,
        "language_name": _language_name(conversation.language),
        "show_contact": show_contact,
        "title": _("Conversation of %(date)s") % {"date": _date(conversation)},
        "breadcrumbs": _crumbs(request, {"label": _date(conversation)}),
    }
    return render(request, "voice/conversation_detail.html", context)


def _date(conversation: Conversation) -> str:
    from django.utils.formats import date_format

    return date_format(conversation.date, "j F Y")


def _form_page(
    request: HttpRequest, form: ConversationForm, title: str, crumbs: list, cancel_url: str
) -> HttpResponse:
    if form.is_bound and not form.findings:
        form.needs_confirmation()  # also warn when something else must be corrected first
    context = {
        "form": form,
        "title": title,
        "breadcrumbs": crumbs,
        "cancel_url": cancel_url,
        "findings": form.findings,
    }
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "voice/conversation_form.html", context, status=status)


def _run(form: ConversationForm, write: Any) -> Any:
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
def conversation_create(request: HttpRequest) -> HttpResponse:
    _start(request)
    records.tags_setup(workspace=request.workspace)
    instance = Conversation(workspace=request.workspace, date=timezone.localdate())
    form = ConversationForm(
        request.POST or None,
        instance=instance,
        workspace=request.workspace,
        membership=request.membership,
        show_contact=True,
    )
    if request.method == "POST" and form.is_valid() and not form.needs_confirmation():
        data = form.service_data()
        conversation = _run(
            form, lambda: records.conversation_create(workspace=request.workspace, actor=request.user, **data)
        )
        if conversation:
            messages.success(request, _("The conversation has been recorded."))
            return redirect(_url(request, "conversation_detail", conversation.pk))
    return _form_page(
        request,
        form,
        _("Record a conversation"),
        _crumbs(request, {"label": _("Record")}),
        _url(request, "conversation_list"),
    )


@workspace_view
@require_http_methods(["GET", "POST"])
def conversation_update(request: HttpRequest, pk: int) -> HttpResponse:
    _start(request)
    conversation = records.conversation_get(workspace=request.workspace, membership=request.membership, pk=pk)
    form = ConversationForm(
        request.POST or None,
        instance=copy.copy(conversation),
        workspace=request.workspace,
        membership=request.membership,
        show_contact=can_see_contact(request.membership, conversation),
    )
    if request.method == "POST" and form.is_valid() and not form.needs_confirmation():
        data = form.service_data()
        done = _run(
            form, lambda: records.conversation_update(conversation=conversation, actor=request.user, **data)
        )
        if done:
            messages.success(request, _("The changes have been saved."))
            return redirect(_url(request, "conversation_detail", conversation.pk))
    detail = _url(request, "conversation_detail", conversation.pk)
    return _form_page(
        request,
        form,
        _("Edit conversation"),
        _crumbs(request, {"label": _date(conversation), "url": detail}, {"label": _("Edit")}),
        detail,
    )


@workspace_view
@require_http_methods(["GET", "POST"])
def conversation_delete(request: HttpRequest, pk: int) -> HttpResponse:
    _start(request)
    conversation = records.conversation_get(workspace=request.workspace, membership=request.membership, pk=pk)
    detail = _url(request, "conversation_detail", conversation.pk)
    if request.method == "POST":
        records.conversation_delete(conversation=conversation, actor=request.user)
        messages.success(request, _("The conversation has been deleted."))
        return redirect(_url(request, "conversation_list"))
    context = {
        "title": _("Delete this conversation?"),
        "conversation": conversation,
        "cancel_url": detail,
        "breadcrumbs": _crumbs(
            request, {"label": _date(conversation), "url": detail}, {"label": _("Delete")}
        ),
    }
    return render(request, "voice/conversation_confirm_delete.html", context)


def _text(value: str) -> str:
    """Text that starts like a formula is written as text (no formula injection)."""
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value


@workspace_view
def conversation_export(request: HttpRequest) -> HttpResponse:
    """Row-level records as XLSX, for coordinators only; without contact details; audited."""
    request.nav_section = NAV_SECTION
    require_coordinator(request.membership)
    filters = ConversationFilters.from_query(request.GET)
    qs = records.conversation_list(
        workspace=request.workspace, membership=request.membership, filters=filters
    )
    rows = list(qs.select_related("referral_programme", "referral_organisation")[:MAX_EXPORT_ROWS])
    headers = [
        _("Date"),
        _("Organisation"),
        _("Place"),
        _("Neighbourhood"),
        _("Language"),
        _("Age of the child"),
        _("Needs and expectations"),
        _("Questions"),
        _("Successes"),
        _("Strengths"),
        _("Tags"),
        _("Agreed follow-up"),
        _("Referred to programme"),
        _("Referred to partner"),
        _("Wants to be contacted"),
    ]
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = str(_("Conversations"))[:31]
    sheet.append([str(h) for h in headers])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for c in rows:
        sheet.append(
            [
                c.date,
                _text(c.organisation.name),
                _text(c.location.name if c.location else ""),
                _text(c.neighbourhood.name if c.neighbourhood else ""),
                _language_name(c.language),
                str(c.get_child_age_band_display()) if c.child_age_band else "",
                _text(c.needs),
                _text(c.questions),
                _text(c.successes),
                _text(c.strengths),
                ", ".join(t.name for t in c.tags.all()),
                _text(c.follow_up),
                _text(c.referral_programme.name if c.referral_programme else ""),
                _text(c.referral_organisation.name if c.referral_organisation else ""),
                _("yes") if c.wants_contact else _("no"),
            ]
        )
    for row in sheet.iter_rows(min_row=2, max_col=1):
        row[0].number_format = "dd-mm-yyyy"
    buffer = io.BytesIO()
    workbook.save(buffer)
    audit_record(
        workspace=request.workspace,
        actor=request.user,
        action=AuditEvent.Action.EXPORT,
        object_type="conversations",
        object_repr=f"conversations ({len(rows)})",
        changes={"rows": len(rows), "filters": _query(request), "row_level": True, "contact": False},
    )
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="{slugify(_("conversations"))}-{stamp}.xlsx"'
    return response


# --- Tags ---------------------------------------------------------------------------------------


def _tag_crumbs(request: HttpRequest, *more: dict[str, str]) -> list[dict[str, str]]:
    return _crumbs(request, {"label": _("Tags"), "url": _url(request, "tag_list")}, *more)


@coordinator_view
@require_http_methods(["GET", "POST"])
def tag_list(request: HttpRequest) -> HttpResponse:
    request.nav_section = NAV_SECTION
    records.tags_setup(workspace=request.workspace)
    form = TagForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        tag = _run(
            form,
            lambda: records.tag_create(
                workspace=request.workspace, actor=request.user, name=form.cleaned_data["name"]
            ),
        )
        if tag:
            messages.success(request, _("The tag %(name)s has been added.") % {"name": tag.name})
            return redirect(_url(request, "tag_list"))
    context = {
        "title": _("Tags for conversations"),
        "tags": records.tag_list(workspace=request.workspace),
        "form": form,
        "breadcrumbs": _crumbs(request, {"label": _("Tags")}),
    }
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "voice/tag_list.html", context, status=status)


@coordinator_view
@require_http_methods(["GET", "POST"])
def tag_update(request: HttpRequest, pk: int) -> HttpResponse:
    request.nav_section = NAV_SECTION
    tag = get_object_in_workspace(ConversationTag, workspace=request.workspace, pk=pk)
    form = TagForm(request.POST or None, initial={"name": tag.name})
    if request.method == "POST" and form.is_valid():
        done = _run(
            form, lambda: records.tag_rename(tag=tag, actor=request.user, name=form.cleaned_data["name"])
        )
        if done:
            messages.success(request, _("The tag has been renamed."))
            return redirect(_url(request, "tag_list"))
    context = {
        "title": _("Rename tag %(name)s") % {"name": tag.name},
        "form": form,
        "cancel_url": _url(request, "tag_list"),
        "breadcrumbs": _tag_crumbs(request, {"label": tag.name}),
    }
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "voice/tag_form.html", context, status=status)


@coordinator_view
@require_http_methods(["GET", "POST"])
def tag_delete(request: HttpRequest, pk: int) -> HttpResponse:
    request.nav_section = NAV_SECTION
    tag = get_object_in_workspace(ConversationTag, workspace=request.workspace, pk=pk)
    if request.method == "POST":
        name = tag.name
        records.tag_delete(tag=tag, actor=request.user)
        messages.success(request, _("The tag %(name)s has been removed.") % {"name": name})
        return redirect(_url(request, "tag_list"))
    context = {
        "title": _("Remove tag %(name)s?") % {"name": tag.name},
        "tag": tag,
        "uses": tag.conversations.count(),
        "cancel_url": _url(request, "tag_list"),
        "breadcrumbs": _tag_crumbs(request, {"label": tag.name}),
    }
    return render(request, "voice/tag_confirm_delete.html", context)
