"""Workspace management for coordinators: members and invitations, settings, the audit trail.

The members page takes its sub-pages as query parameters (?member=<id> to change someone,
&remove=1 to confirm removing them) and its actions as POSTed `action` values, so every
management screen lives under the three URLs of core.urls.
"""

from __future__ import annotations

from io import BytesIO
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from ouderpartner.accounts.models import Invitation
from ouderpartner.accounts.services import invitation_create, invitation_resend, invitation_revoke
from ouderpartner.core.access import coordinator_view, get_object_in_workspace
from ouderpartner.core.management_forms import InvitationForm, MembershipForm, WorkspaceSettingsForm
from ouderpartner.core.models import AuditEvent, Membership
from ouderpartner.core.selectors import (
    AUDIT_PERIODS,
    AuditFilters,
    audit_event_list,
    audit_filter_options,
    member_list,
    object_type_label,
    open_invitation_list,
)
from ouderpartner.core.services import (
    audit_export_record,
    membership_remove,
    membership_update,
    workspace_update,
)

AUDIT_PAGE_SIZE = 50
AUDIT_EXPORT_LIMIT = 50_000


def _apply_errors(form: Form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: on the field where the form has it, else on top."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _management_context(request: HttpRequest, current: str, title: str, **extra: Any) -> dict[str, Any]:
    request.nav_section = "management"
    ws = request.workspace.slug
    tabs = [
        ("members", gettext_lazy("Members"), reverse("core:members", kwargs={"ws": ws})),
        ("settings", gettext_lazy("Settings"), reverse("core:settings", kwargs={"ws": ws})),
        ("audit", gettext_lazy("Audit trail"), reverse("core:audit_log", kwargs={"ws": ws})),
        ("export", gettext_lazy("Export"), reverse("core:workspace_archive", kwargs={"ws": ws})),
    ]
    breadcrumbs = [
        {"label": _("Management"), "url": reverse("core:members", kwargs={"ws": ws})},
        {"label": title},
    ]
    return {
        "management_tabs": [
            {"key": k, "label": label, "url": url, "current": k == current} for k, label, url in tabs
        ],
        "breadcrumbs": breadcrumbs,
        "title": title,
        **extra,
    }


# --- Members and invitations ---------------------------------------------------------------


@coordinator_view
def members(request: HttpRequest) -> HttpResponse:
    workspace = request.workspace
    invite_form = InvitationForm(workspace=workspace)
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action == "invite":
            invite_form = InvitationForm(request.POST, workspace=workspace)
            if invite_form.is_valid():
                try:
                    invitation = invitation_create(
                        workspace=workspace,
                        email=invite_form.cleaned_data["email"],
                        role=invite_form.cleaned_data["role"],
                        organisation=invite_form.cleaned_data["organisation"],
                        invited_by=request.user,
                    )
                except ValidationError as error:
                    _apply_errors(invite_form, error)
                else:
                    messages.success(
                        request, _("An invitation has been sent to %(email)s.") % {"email": invitation.email}
                    )
                    return redirect("core:members", ws=workspace.slug)
        elif action in ("resend", "revoke"):
            return _invitation_action(request, action)
        elif action in ("update", "remove"):
            return _member_action(request, action)
        else:
            messages.error(request, _("Unknown action; nothing was changed."))
            return redirect("core:members", ws=workspace.slug)
    elif request.GET.get("member"):
        return _member_page(request, request.GET["member"], remove=bool(request.GET.get("remove")))

    context = _management_context(
        request,
        "members",
        _("Members"),
        members=list(member_list(workspace=workspace)),
        invitations=list(open_invitation_list(workspace=workspace)),
        invite_form=invite_form,
        form=invite_form,
        now=timezone.now(),
    )
    return render(request, "core/members.html", context, status=400 if invite_form.errors else 200)


def _get_membership(request: HttpRequest, member_id: str) -> Membership:
    return get_object_in_workspace(
        Membership.objects.select_related("user", "organisation", "workspace"),
        workspace=request.workspace,
        pk=member_id if str(member_id).isdecimal() else 0,
    )


def _member_page(
    request: HttpRequest, member_id: str, *, remove: bool, form: Form | None = None
) -> HttpResponse:
    membership = _get_membership(request, member_id)
    name = membership.user.get_full_name()
    if remove:
        context = _management_context(
            request, "members", _("Remove %(name)s") % {"name": name}, member=membership
        )
        return render(request, "core/members_remove.html", context)
    form = form or MembershipForm(
        workspace=request.workspace,
        initial={"role": membership.role, "organisation": membership.organisation_id},
    )
    context = _management_context(
        request, "members", _("Change %(name)s") % {"name": name}, member=membership, form=form
    )
    return render(request, "core/members_edit.html", context, status=400 if form.errors else 200)


def _member_action(request: HttpRequest, action: str) -> HttpResponse:
    membership = _get_membership(request, request.POST.get("member", ""))
    ws = request.workspace.slug
    if action == "remove":
        try:
            membership_remove(membership=membership, actor=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(f"{reverse('core:members', kwargs={'ws': ws})}?member={membership.pk}")
        messages.success(
            request, _("%(name)s is no longer a member.") % {"name": membership.user.get_full_name()}
        )
        if membership.user_id == request.user.pk:
            return redirect("core:start")
        return redirect("core:members", ws=ws)
    form = MembershipForm(request.POST, workspace=request.workspace)
    if form.is_valid():
        try:
            membership_update(
                membership=membership,
                actor=request.user,
                role=form.cleaned_data["role"],
                organisation=form.cleaned_data["organisation"],
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("The changes have been saved."))
            if membership.user_id == request.user.pk and not membership.is_coordinator:
                return redirect("core:home", ws=ws)
            return redirect("core:members", ws=ws)
    return _member_page(request, str(membership.pk), remove=False, form=form)


def _invitation_action(request: HttpRequest, action: str) -> HttpResponse:
    pk = request.POST.get("invitation", "")
    invitation = get_object_in_workspace(
        Invitation.objects.select_related("workspace", "organisation", "invited_by"),
        workspace=request.workspace,
        pk=pk if pk.isdecimal() else 0,
    )
    try:
        if action == "resend":
            invitation_resend(invitation=invitation, actor=request.user)
            messages.success(
                request, _("The invitation has been sent again to %(email)s.") % {"email": invitation.email}
            )
        else:
            invitation_revoke(invitation=invitation, actor=request.user)
            messages.success(
                request, _("The invitation for %(email)s has been withdrawn.") % {"email": invitation.email}
            )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("core:members", ws=request.workspace.slug)


# --- Settings ------------------------------------------------------------------------------


@coordinator_view
def workspace_settings(request: HttpRequest) -> HttpResponse:
    workspace = request.workspace
    if request.method == "POST":
        form = WorkspaceSettingsForm(request.POST, request.FILES, workspace=workspace)
        if form.is_valid():
            try:
                workspace_update(
                    workspace=workspace,
                    actor=request.user,
                    data={**form.workspace_data(), **form.retention_data()},
                    logo=form.cleaned_data.get("logo"),
                    remove_logo=bool(form.cleaned_data.get("remove_logo")),
                )
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                messages.success(request, _("The settings have been saved."))
                return redirect("core:settings", ws=workspace.slug)
    else:
        form = WorkspaceSettingsForm(workspace=workspace)
    context = _management_context(request, "settings", _("Settings"), form=form, workspace=workspace)
    return render(request, "core/settings.html", context, status=400 if form.errors else 200)


# --- Audit trail ---------------------------------------------------------------------------


def _details_text(changes: Any) -> str:
    if not isinstance(changes, dict):
        return str(changes)
    parts = []
    for key, value in changes.items():
        if isinstance(value, list) and len(value) == 2:
            parts.append(f"{key}: {value[0] or '—'} → {value[1] or '—'}")
        elif isinstance(value, dict):
            parts.append(f"{key}: " + ", ".join(f"{k}={v}" for k, v in value.items()))
        else:
            parts.append(f"{key}: {value}")
    return "; ".join(parts)


@coordinator_view
def audit_log(request: HttpRequest) -> HttpResponse:
    workspace = request.workspace
    filters = AuditFilters.from_query(request.GET)
    events = audit_event_list(workspace=workspace, filters=filters)
    if request.GET.get("format") == "xlsx":
        return _audit_export(request, events, filters)
    page = Paginator(events, AUDIT_PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [
        {
            "event": event,
            "type_label": object_type_label(event.object_type),
            "details": _details_text(event.changes),
        }
        for event in page.object_list
    ]
    options = audit_filter_options(workspace=workspace)
    context = _management_context(
        request,
        "audit",
        _("Audit trail"),
        page=page,
        rows=rows,
        filters=filters,
        actions=AuditEvent.Action.choices,
        types=options["types"],
        people=options["people"],
        periods=[(key, label) for key, (label, _days) in AUDIT_PERIODS.items()],
    )
    return render(request, "core/audit_log.html", context)


def _audit_export(request: HttpRequest, events: Any, filters: AuditFilters) -> HttpResponse:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Audit trail")[:31])
    sheet.append(
        [_("When"), _("Who"), _("Action"), _("Kind of object"), _("Object"), _("Details"), _("Undone")]
    )
    labels = dict(AuditEvent.Action.choices)
    count = 0
    for event in events[:AUDIT_EXPORT_LIMIT].iterator(chunk_size=2000):
        sheet.append(
            [
                timezone.localtime(event.created_at).replace(tzinfo=None),
                event.actor_email,
                str(labels.get(event.action, event.action)),
                object_type_label(event.object_type),
                event.object_repr,
                _details_text(event.changes),
                pgettext("audit export", "yes") if event.rolled_back else "",
            ]
        )
        count += 1
    audit_export_record(
        workspace=request.workspace, actor=request.user, filters=filters.as_dict(), rows=count
    )
    buffer = BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    stamp = date_format(timezone.localdate(), "Y-m-d")
    response["Content-Disposition"] = f'attachment; filename="audit-{request.workspace.slug}-{stamp}.xlsx"'
    return response
