"""The facilitator's screens for meetings: list, create (blank or from a template), the session page with
its prompts and state controls, prompt and option forms, the moderation queue, results and hand-over.

Every member of the workspace reads; coordinators and the professionals of the meeting's organisation
run it (access.py). Every form works without JavaScript. The presenter screen, remote control and the
participant pages are elsewhere (presenter_views.py, participant_views.py).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ouderpartner.core.access import require_coordinator, workspace_view
from ouderpartner.core.audit import audit_view
from ouderpartner.live import access, selectors, services, templates_catalogue
from ouderpartner.live.forms import (
    BlockedWordForm,
    HandOverKindForm,
    OptionForm,
    PromptForm,
    SessionForm,
    apply_errors,
)
from ouderpartner.live.models import (
    BlockedWord,
    Entry,
    HandOver,
    LiveSession,
    Participant,
    Prompt,
    PromptOption,
)
from ouderpartner.voice import pictograms

PAGE_SIZE = 25
QUEUE_PAGE_SIZE = 50
SECTION = "live"
FILTER_PARAMS = ("q", "status", "mine")


# --- Helpers ------------------------------------------------------------------------------------------


def _url(request: HttpRequest, name: str, pk: int | None = None) -> str:
    kwargs: dict[str, Any] = {"ws": request.workspace.slug}
    if pk is not None:
        kwargs["pk"] = pk
    return reverse(f"live:{name}", kwargs=kwargs)


def _crumbs(request: HttpRequest, *more: dict[str, str]) -> list[dict[str, str]]:
    return [{"label": _("Meetings"), "url": _url(request, "session_list")}, *more]


def _session_crumb(request: HttpRequest, session: LiveSession) -> dict[str, str]:
    return {"label": session.text("title"), "url": _url(request, "session_detail", session.pk)}


def _run(form: Any, write: Any) -> Any:
    """Call the service; its ValidationError lands on the form (nothing lost, never a 500)."""
    try:
        return write()
    except ValidationError as error:
        apply_errors(form, error)
        return None


def _form_page(request: HttpRequest, template: str, *, form: Any, **context: Any) -> HttpResponse:
    status = 400 if form.is_bound and form.errors else 200
    return render(request, template, {"form": form, **context}, status=status)


def _confirm(
    request: HttpRequest, *, title: str, text: str, button: str, breadcrumbs: list[dict], cancel_url: str
) -> HttpResponse:
    context = {
        "title": title,
        "text": text,
        "button": button,
        "breadcrumbs": breadcrumbs,
        "cancel_url": cancel_url,
    }
    return render(request, "live/confirm.html", context)


def _error_text(error: ValidationError) -> str:
    return " ".join(str(message) for message in error.messages)


def _prompt_for_facilitator(request: HttpRequest, pk: int) -> Prompt:
    prompt = get_object_or_404(
        Prompt.objects.select_related("session__workspace", "session__organisation"),
        session__workspace=request.workspace,
        pk=pk,
    )
    if not access.can_facilitate(request.membership, prompt.session):
        raise PermissionDenied
    return prompt


def _option_for_facilitator(request: HttpRequest, pk: int) -> PromptOption:
    option = get_object_or_404(
        PromptOption.objects.select_related("prompt__session__workspace"),
        prompt__session__workspace=request.workspace,
        pk=pk,
    )
    if not access.can_facilitate(request.membership, option.prompt.session):
        raise PermissionDenied
    return option


def _entry_for_facilitator(request: HttpRequest, pk: int) -> Entry:
    entry = get_object_or_404(
        Entry.objects.select_related("session__workspace", "prompt"),
        session__workspace=request.workspace,
        pk=pk,
    )
    if not access.can_facilitate(request.membership, entry.session):
        raise PermissionDenied
    return entry


def _back(request: HttpRequest, fallback: str) -> HttpResponse:
    """Back to where the form was (a safe local ?next= or field), else the fallback."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect(fallback)


def _lang() -> str:
    return "nl" if (get_language() or "nl").startswith("nl") else "en"


# --- Sessions -----------------------------------------------------------------------------------------


def _link(request: HttpRequest, **changes: Any) -> str:
    params = {k: v for k, v in request.GET.items() if k in FILTER_PARAMS and v}
    for key, value in changes.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = str(value)
    return f"{request.path}?{urlencode(sorted(params.items()))}" if params else request.path


@workspace_view
def session_list(request: HttpRequest) -> HttpResponse:
    request.nav_section = SECTION
    filters = selectors.SessionFilters.from_query(request.GET)
    qs = selectors.session_list(workspace=request.workspace, filters=filters, membership=request.membership)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    count = page.paginator.count
    status_links = [{"label": _("all"), "url": _link(request, status=""), "current": not filters.status}]
    status_links += [
        {"label": str(label), "url": _link(request, status=value), "current": filters.status == value}
        for value, label in LiveSession.Status.choices
    ]
    mine_links = [
        {"label": _("all meetings"), "url": _link(request, mine=""), "current": not filters.mine},
        {"label": _("mine"), "url": _link(request, mine="1"), "current": filters.mine},
    ]
    page_links = {}
    if page.has_previous():
        page_links["previous"] = _link(request, page=page.previous_page_number())
    if page.has_next():
        page_links["next"] = _link(request, page=page.next_page_number())
    sessions = list(page.object_list)
    for session in sessions:
        session.can_run = access.can_facilitate(request.membership, session)
    context = {
        "title": _("Meetings"),
        "page": page,
        "sessions": sessions,
        "count_text": ngettext("%(count)s meeting", "%(count)s meetings", count) % {"count": count},
        "filters": filters,
        "filter_groups": [
            {"label": _("Status"), "links": status_links},
            {"label": _("Whose"), "links": mine_links},
        ],
        "page_links": page_links,
        "hidden_params": {k: v for k, v in request.GET.items() if k in ("status", "mine") and v},
        "filtered": bool(filters.q or filters.status or filters.mine),
        "clear_url": request.path,
        "can_create": access.can_create(request.membership),
        "create_url": _url(request, "session_create"),
        "is_coordinator": request.membership.is_coordinator,
        "breadcrumbs": [{"label": _("Meetings")}],
    }
    return render(request, "live/session_list.html", context)


@workspace_view
@require_http_methods(["GET", "POST"])
def session_create(request: HttpRequest) -> HttpResponse:
    request.nav_section = SECTION
    if not access.can_create(request.membership):
        raise PermissionDenied
    workspace, membership = request.workspace, request.membership
    if request.method == "POST" and "template" in request.POST:
        key = (request.POST.get("template") or "")[:60]
        try:
            session = services.session_create_from_template(
                workspace=workspace, actor=request.user, key=key, membership=membership
            )
        except ValidationError:
            messages.error(request, _("Choose one of the templates."))
            return redirect(_url(request, "session_create"))
        messages.success(request, _("The meeting has been made from the template. Check and adapt it."))
        return redirect(_url(request, "session_detail", session.pk))
    form = SessionForm(request.POST or None, workspace=workspace, membership=membership)
    if request.method == "POST" and form.is_valid():
        session = _run(
            form,
            lambda: services.session_create(
                workspace=workspace, actor=request.user, membership=membership, **form.service_data()
            ),
        )
        if session:
            messages.success(request, _("The meeting has been added. Now add prompts."))
            return redirect(_url(request, "session_detail", session.pk))
    lang = _lang()
    templates = [
        {
            "key": t["key"],
            "name": t["name"][lang],
            "description": t["description"][lang],
            "prompts": [p["text"][lang] for p in t["prompts"]],
        }
        for t in templates_catalogue.TEMPLATES
    ]
    return _form_page(
        request,
        "live/session_create.html",
        form=form,
        title=_("New meeting"),
        templates=templates,
        cancel_url=_url(request, "session_list"),
        breadcrumbs=_crumbs(request, {"label": _("New")}),
    )


@workspace_view
def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    request.nav_section = SECTION
    session = access.get_session_for_member(request, pk)
    can_run = access.can_facilitate(request.membership, session)
    prompts = selectors.session_prompts(session)
    for prompt in prompts:
        prompt.display_text = prompt.text_in("nl")
        prompt.is_current = prompt.pk == session.current_prompt_id
        for option in prompt.options.all():
            option.display_label = option.label_in("nl")
            option.pictogram_obj = pictograms.get_pictogram(option.pictogram) if option.pictogram else None
        if prompt.kind == Prompt.Kind.SCALE:
            prompt.ends = prompt.scale_ends("nl")
    link = selectors.join_link(session)
    context = {
        "session": session,
        "prompts": prompts,
        "counts": selectors.session_counts(session),
        "languages": selectors.session_languages(session),
        "can_run": can_run,
        "join_link": link,
        "join_qr": _qr_svg(link),
        "presenter_url": _url(request, "presenter", session.pk),
        "remote_url": _url(request, "remote", session.pk),
        "hand_overs": selectors.hand_overs(session),
        "k": request.workspace.disclosure_threshold,
        "breadcrumbs": _crumbs(request, {"label": session.text("title")}),
    }
    return render(request, "live/session_detail.html", context)


def _qr_svg(link: str) -> str:
    import segno

    return segno.make(link, error="m").svg_inline(scale=4, omitsize=False, title=link)


@workspace_view
@require_http_methods(["GET", "POST"])
def session_update(request: HttpRequest, pk: int) -> HttpResponse:
    request.nav_section = SECTION
    session = access.get_session_for_facilitator(request, pk)
    form = SessionForm(
        request.POST or None, workspace=request.workspace, membership=request.membership, session=session
    )
    if request.method == "POST" and form.is_valid():
        data = form.service_data()
        if "organisation" not in data:
            data["organisation"] = session.organisation
        done = _run(
            form,
            lambda: services.session_update(
                session=session, actor=request.user, membership=request.membership, **data
            ),
        )
        if done:
            messages.success(request, _("The changes have been saved."))
            return redirect(_url(request, "session_detail", session.pk))
    return _form_page(
        request,
        "live/form.html",
        form=form,
        title=_("Edit %(title)s") % {"title": session.text("title")},
        cancel_url=_url(request, "session_detail", session.pk),
        breadcrumbs=_crumbs(request, _session_crumb(request, session), {"label": _("Edit")}),
    )


@workspace_view
@require_http_methods(["GET", "POST"])
def session_delete(request: HttpRequest, pk: int) -> HttpResponse:
    request.nav_section = SECTION
    session = access.get_session_for_facilitator(request, pk)
    detail = _url(request, "session_detail", session.pk)
    if request.method == "POST":
        try:
            services.session_delete(session=session, actor=request.user)
        except ValidationError as error:
            messages.error(request, _error_text(error))
            return redirect(detail)
        messages.success(request, _("The meeting has been deleted."))
        return redirect(_url(request, "session_list"))
    return _confirm(
        request,
        title=_("Delete %(title)s?") % {"title": session.text("title")},
        text=_(
            "The meeting and its prompts are deleted. This cannot be undone. A meeting people took part in cannot be deleted: close it instead."
        ),
        button=_("Delete"),
        breadcrumbs=_crumbs(request, _session_crumb(request, session), {"label": _("Delete")}),
        cancel_url=detail,
    )


STATE_ACTIONS = {
    "collect": (
        services.session_open_collect,
        gettext_lazy("The meeting is open: participants can answer the prompts marked “open beforehand”."),
    ),
    "live": (services.session_go_live, gettext_lazy("The meeting has started.")),
    "next": (services.session_next, ""),
    "previous": (services.session_previous, ""),
    "reveal": (services.session_reveal_results, gettext_lazy("The results are shown.")),
    "hide": (services.session_hide_results, gettext_lazy("The results are hidden.")),
    "lock": (services.session_lock_voting, gettext_lazy("Answering is closed for this prompt.")),
    "unlock": (services.session_unlock_voting, gettext_lazy("Answering is open again.")),
    "stop_countdown": (services.session_stop_countdown, gettext_lazy("The countdown has stopped.")),
    "close": (services.session_close, gettext_lazy("The meeting is closed. Its results are kept.")),
    "reopen": (
        services.session_reopen,
        gettext_lazy("The meeting is back to draft: you can change it and start it again."),
    ),
}


@workspace_view
@require_POST
def session_state(request: HttpRequest, pk: int) -> HttpResponse:
    """One endpoint for every change of state: a form on the session page, the remote control, a fetch().

    Answers JSON when asked for it (Accept: application/json), else a redirect with a message.
    """
    session = access.get_session_for_facilitator(request, pk)
    action = request.POST.get("action", "")
    wants_json = "application/json" in request.headers.get("Accept", "")
    notice = ""
    try:
        if action == "goto":
            try:
                prompt_id = int(request.POST.get("prompt") or 0)
            except ValueError:
                prompt_id = 0
            prompt = session.prompts.filter(pk=prompt_id).first()
            if prompt is None:
                raise ValidationError(_("Choose a prompt of this meeting."))
            session = services.session_goto_prompt(session=session, actor=request.user, prompt=prompt)
        elif action == "countdown":
            session = services.session_start_countdown(
                session=session, actor=request.user, seconds=request.POST.get("seconds") or 0
            )
            notice = _("The countdown has started.")
        elif action in STATE_ACTIONS:
            service, notice = STATE_ACTIONS[action]
            session = service(session=session, actor=request.user)
        else:
            raise ValidationError(_("Choose what to do."))
    except ValidationError as error:
        if wants_json:
            return JsonResponse({"error": _error_text(error)}, status=400)
        messages.error(request, _error_text(error))
        return _back(request, _url(request, "session_detail", pk))
    if wants_json:
        return JsonResponse(
            {
                "status": session.status,
                "revision": session.revision,
                "current_prompt": session.current_prompt_id,
                "results_visible": session.results_visible,
                "voting_locked": session.voting_locked,
                "countdown_ends_at": session.countdown_ends_at.isoformat()
                if session.countdown_ends_at
                else None,
            }
        )
    if notice:
        messages.success(request, notice)
    return _back(request, _url(request, "session_detail", pk))


# --- Prompts and options ------------------------------------------------------------------------------


@workspace_view
@require_http_methods(["GET", "POST"])
def prompt_create(request: HttpRequest, pk: int) -> HttpResponse:
    request.nav_section = SECTION
    session = access.get_session_for_facilitator(request, pk)
    form = PromptForm(request.POST or None, session=session, initial={"kind": request.GET.get("kind", "")})
    if request.method == "POST" and form.is_valid():
        prompt = _run(
            form, lambda: services.prompt_create(session=session, actor=request.user, **form.service_data())
        )
        if prompt:
            messages.success(request, _("The prompt has been added."))
            if prompt.has_options:
                return redirect(_url(request, "option_create", prompt.pk))
            return redirect(f"{_url(request, 'session_detail', session.pk)}#prompt-{prompt.pk}")
    return _form_page(
        request,
        "live/prompt_form.html",
        form=form,
        title=_("New prompt"),
        cancel_url=_url(request, "session_detail", session.pk),
        breadcrumbs=_crumbs(request, _session_crumb(request, session), {"label": _("New prompt")}),
    )


@workspace_view
@require_http_methods(["GET", "POST"])
def prompt_update(request: HttpRequest, pk: int) -> HttpResponse:
    request.nav_section = SECTION
    prompt = _prompt_for_facilitator(request, pk)
    session = prompt.session
    form = PromptForm(request.POST or None, session=session, prompt=prompt)
    if request.method == "POST" and form.is_valid():
        done = _run(
            form, lambda: services.prompt_update(prompt=prompt, actor=request.user, **form.service_data())
        )
        if done:
            messages.success(request, _("The changes have been saved."))
            return redirect(f"{_url(request, 'session_detail', session.pk)}#prompt-{prompt.pk}")
    return _form_page(
        request,
        "live/prompt_form.html",
        form=form,
        title=_("Edit prompt"),
        cancel_url=_url(request, "session_detail", session.pk),
        breadcrumbs=_crumbs(request, _session_crumb(request, session), {"label": _("Edit prompt")}),
    )


@workspace_view
@require_http_methods(["GET", "POST"])
def prompt_delete(request: HttpRequest, pk: int) -> HttpResponse:
    request.nav_section = SECTION
    prompt = _prompt_for_facilitator(request, pk)
    session = prompt.session
    detail = _url(request, "session_detail", session.pk)
    if request.method == "POST":
        try:
            services.prompt_delete(prompt=prompt, actor=request.user)
        except ValidationError as error:
            messages.error(request, _error_text(error))
            return redirect(detail)
        messages.success(request, _("The prompt has been deleted."))
        return redirect(detail)
    return _confirm(
        request,
        title=_("Delete the prompt “%(text)s”?") % {"text": prompt.text_in("nl")},
        text=_("The prompt and its options are deleted. A prompt people have answered cannot be deleted."),
        button=_("Delete"),
        breadcrumbs=_crumbs(request, _session_crumb(request, session), {"label": _("Delete prompt")}),
        cancel_url=detail,
    )


@workspace_view
@require_POST
def prompt_move(request: HttpRequest, pk: int) -> HttpResponse:
    prompt = _prompt_for_facilitator(request, pk)
    direction = request.POST.get("direction")
    if direction in ("up", "down"):
        services.prompt_move(prompt=prompt, actor=request.user, direction=direction)
    return redirect(f"{_url(request, 'session_detail', prompt.session_id)}#prompt-{prompt.pk}")


@workspace_view
@require_http_methods(["GET", "POST"])
def option_create(request: HttpRequest, pk: int) -> HttpResponse:
    request.nav_section = SECTION
    prompt = _prompt_for_facilitator(request, pk)
    session = prompt.session
    form = OptionForm(request.POST or None, prompt=prompt)
    if request.method == "POST" and form.is_valid():
        option = _run(
            form, lambda: services.option_create(prompt=prompt, actor=request.user, **form.service_data())
        )
        if option:
            messages.success(request, _("The option has been added."))
            if "another" in request.POST:
                return redirect(_url(request, "option_create", prompt.pk))
            return redirect(f"{_url(request, 'session_detail', session.pk)}#prompt-{prompt.pk}")
    return _form_page(
        request,
        "live/option_form.html",
        form=form,
        title=_("New option"),
        prompt_text=prompt.text_in("nl"),
        another=True,
        cancel_url=_url(request, "session_detail", session.pk),
        breadcrumbs=_crumbs(request, _session_crumb(request, session), {"label": _("New option")}),
    )


@workspace_view
@require_http_methods(["GET", "POST"])
def option_update(request: HttpRequest, pk: int) -> HttpResponse:
    request.nav_section = SECTION
    option = _option_for_facilitator(request, pk)
    prompt = option.prompt
    form = OptionForm(request.POST or None, prompt=prompt, option=option)
    if request.method == "POST" and form.is_valid():
        done = _run(
            form, lambda: services.option_update(option=option, actor=request.user, **form.service_data())
        )
        if done:
            messages.success(request, _("The changes have been saved."))
            return redirect(f"{_url(request, 'session_detail', prompt.session_id)}#prompt-{prompt.pk}")
    return _form_page(
        request,
        "live/option_form.html",
        form=form,
        title=_("Edit option"),
        prompt_text=prompt.text_in("nl"),
        cancel_url=_url(request, "session_detail", prompt.session_id),
        breadcrumbs=_crumbs(request, _session_crumb(request, prompt.session), {"label": _("Edit option")}),
    )


@workspace_view
@require_http_methods(["GET", "POST"])
def option_delete(request: HttpRequest, pk: int) -> HttpResponse:
    request.nav_section = SECTION
    option = _option_for_facilitator(request, pk)
    prompt = option.prompt
    detail = f"{_url(request, 'session_detail', prompt.session_id)}#prompt-{prompt.pk}"
    if request.method == "POST":
        try:
            services.option_delete(option=option, actor=request.user)
        except ValidationError as error:
            messages.error(request, _error_text(error))
            return redirect(detail)
        messages.success(request, _("The option has been deleted."))
        return redirect(detail)
    return _confirm(
        request,
        title=_("Delete the option “%(label)s”?") % {"label": option.label_in("nl")},
        text=_("Options of a prompt people have voted on cannot be deleted."),
        button=_("Delete"),
        breadcrumbs=_crumbs(request, _session_crumb(request, prompt.session), {"label": _("Delete option")}),
        cancel_url=detail,
    )


@workspace_view
@require_POST
def option_move(request: HttpRequest, pk: int) -> HttpResponse:
    option = _option_for_facilitator(request, pk)
    direction = request.POST.get("direction")
    if direction in ("up", "down"):
        services.option_move(option=option, actor=request.user, direction=direction)
    return redirect(f"{_url(request, 'session_detail', option.prompt.session_id)}#prompt-{option.prompt_id}")


# --- Moderation ---------------------------------------------------------------------------------------


@workspace_view
@require_http_methods(["GET", "POST"])
def moderation(request: HttpRequest, pk: int) -> HttpResponse:
    """The queue of words, answers and questions: approve or hide them one by one or together."""
    request.nav_section = SECTION
    session = access.get_session_for_facilitator(request, pk)
    if request.method == "POST":
        status = {"approve": Entry.Status.APPROVED, "hide": Entry.Status.HIDDEN}.get(
            request.POST.get("action", "")
        )
        ids = [int(value) for value in request.POST.getlist("entry") if value.isdecimal()]
        if status is None or not ids:
            messages.error(request, _("Select one or more texts and choose approve or hide."))
        else:
            changed = services.entries_moderate(
                session=session, actor=request.user, entry_ids=ids, status=status
            )
            messages.success(
                request,
                ngettext("%(count)s text changed.", "%(count)s texts changed.", changed) % {"count": changed},
            )
        return _back(request, _url(request, "moderation", session.pk))
    filters = selectors.QueueFilters.from_query(request.GET)
    queue = selectors.moderation_queue(session=session, filters=filters)
    page = Paginator(queue, QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    prompts = [p for p in session.prompts.order_by("position", "id") if p.is_text]
    base = request.path

    def link(**changes: Any) -> str:
        params = {"status": filters.status, "prompt": filters.prompt or ""}
        params.update(changes)
        return f"{base}?{urlencode({k: v for k, v in params.items() if v})}"

    status_links = [
        {"label": str(label), "url": link(status=value), "current": filters.status == value}
        for value, label in Entry.Status.choices
    ] + [{"label": _("all"), "url": link(status="all"), "current": filters.status == "all"}]
    prompt_links = [{"label": _("all prompts"), "url": link(prompt=""), "current": not filters.prompt}] + [
        {"label": p.text_in("nl")[:60], "url": link(prompt=p.pk), "current": filters.prompt == p.pk}
        for p in prompts
    ]
    page_links = {}
    if page.has_previous():
        page_links["previous"] = link(page=page.previous_page_number())
    if page.has_next():
        page_links["next"] = link(page=page.next_page_number())
    count = page.paginator.count
    audit_view(
        request=request,
        obj=session,
        object_type="entry",
        object_repr=_("Texts sent in: %(title)s") % {"title": session.text("title")},
        details={"filters": request.GET.dict()},
        counts={"shown": len(page.object_list), "of": count},
    )
    context = {
        "title": _("Moderation: %(title)s") % {"title": session.text("title")},
        "session": session,
        "page": page,
        "entries": list(page.object_list),
        "count_text": ngettext("%(count)s text", "%(count)s texts", count) % {"count": count},
        "filter_groups": [
            {"label": _("Status"), "links": status_links},
            {"label": _("Prompt"), "links": prompt_links},
        ],
        "page_links": page_links,
        "return_to": request.get_full_path(),
        "breadcrumbs": _crumbs(request, _session_crumb(request, session), {"label": _("Moderation")}),
    }
    return render(request, "live/moderation.html", context)


ENTRY_ACTIONS = ("approve", "hide", "answered", "unanswered", "group")


@workspace_view
@require_POST
def entry_moderate(request: HttpRequest, pk: int) -> HttpResponse:
    entry = _entry_for_facilitator(request, pk)
    action = request.POST.get("action", "")
    if action == "approve":
        services.entry_approve(entry=entry, actor=request.user)
    elif action == "hide":
        services.entry_hide(entry=entry, actor=request.user)
    elif action in ("answered", "unanswered"):
        services.entry_mark_answered(entry=entry, actor=request.user, answered=action == "answered")
    elif action == "group":
        services.entry_set_group(entry=entry, actor=request.user, group=request.POST.get("group", ""))
    else:
        messages.error(request, _("Choose what to do."))
    return _back(request, _url(request, "moderation", entry.session_id))


@workspace_view
@require_http_methods(["GET", "POST"])
def participant_remove(request: HttpRequest, pk: int) -> HttpResponse:
    """Hide everything one participant sent, and optionally stop them sending more."""
    request.nav_section = SECTION
    participant = get_object_or_404(
        Participant.objects.select_related("session__workspace"), session__workspace=request.workspace, pk=pk
    )
    session = participant.session
    if not access.can_facilitate(request.membership, session):
        raise PermissionDenied
    queue = _url(request, "moderation", session.pk)
    if request.method == "POST":
        hidden = services.entries_remove_for_participant(
            participant=participant, actor=request.user, block=request.POST.get("block") == "1"
        )
        messages.success(
            request,
            ngettext(
                "%(count)s text of this participant is hidden.",
                "%(count)s texts of this participant are hidden.",
                hidden,
            )
            % {"count": hidden},
        )
        return _back(request, queue)
    return render(
        request,
        "live/participant_remove.html",
        {
            "title": _("Remove everything this participant sent?"),
            "session": session,
            "participant": participant,
            "entries": list(participant.entries.select_related("prompt").order_by("created_at")[:50]),
            "cancel_url": queue,
            "breadcrumbs": _crumbs(
                request,
                _session_crumb(request, session),
                {"label": _("Moderation"), "url": queue},
                {"label": _("Remove")},
            ),
        },
    )


@workspace_view
@require_http_methods(["GET", "POST"])
def blocked_words(request: HttpRequest) -> HttpResponse:
    """The workspace's own words for the text filter, on top of the bundled Dutch and English lists."""
    request.nav_section = SECTION
    require_coordinator(request.membership)
    form = BlockedWordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = _run(
            form,
            lambda: services.blocked_word_add(
                workspace=request.workspace, actor=request.user, word=form.cleaned_data["word"]
            ),
        )
        if done:
            messages.success(request, _("The word has been added to the filter."))
            return redirect(_url(request, "blocked_words"))
    return _form_page(
        request,
        "live/blocked_words.html",
        form=form,
        title=_("Blocked words"),
        words=list(selectors.blocked_words(request.workspace)),
        breadcrumbs=_crumbs(request, {"label": _("Blocked words")}),
    )


@workspace_view
@require_POST
def blocked_word_delete(request: HttpRequest, pk: int) -> HttpResponse:
    require_coordinator(request.membership)
    word = get_object_or_404(BlockedWord, workspace=request.workspace, pk=pk)
    services.blocked_word_delete(word=word, actor=request.user)
    messages.success(request, _("The word has been removed from the filter."))
    return redirect(_url(request, "blocked_words"))


# --- Hand-over ----------------------------------------------------------------------------------------


@workspace_view
@require_POST
def handover_create(request: HttpRequest, pk: int) -> HttpResponse:
    session = access.get_session_for_facilitator(request, pk)
    form = HandOverKindForm(request.POST)
    results = _url(request, "results", session.pk)
    option_ids = [int(v) for v in request.POST.getlist("option") if v.isdecimal()]
    entry_ids = [int(v) for v in request.POST.getlist("entry") if v.isdecimal()]
    if not form.is_valid():
        messages.error(request, _("Choose what the items become."))
        return redirect(results)
    try:
        created = services.handovers_from_results(
            session=session,
            actor=request.user,
            kind=form.cleaned_data["kind"],
            option_ids=option_ids,
            entry_ids=entry_ids,
        )
    except ValidationError as error:
        messages.error(request, _error_text(error))
        return redirect(f"{results}#hand-over")
    messages.success(
        request,
        ngettext(
            "%(count)s draft item made for the policy.",
            "%(count)s draft items made for the policy.",
            len(created),
        )
        % {"count": len(created)}
        if created
        else _("These results had already been handed over."),
    )
    return redirect(f"{_url(request, 'session_detail', session.pk)}#hand-overs")


@workspace_view
@require_POST
def handover_update(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(
        HandOver.objects.select_related("session__workspace", "workspace"), workspace=request.workspace, pk=pk
    )
    if not access.can_facilitate(request.membership, item.session):
        raise PermissionDenied
    action = request.POST.get("action", "")
    if action == "delete":
        services.handover_delete(item=item, actor=request.user)
        messages.success(request, _("The draft item has been deleted."))
    elif action in HandOver.Status.values:
        services.handover_set_status(item=item, actor=request.user, status=action)
    else:
        messages.error(request, _("Choose what to do."))
    return redirect(f"{_url(request, 'session_detail', item.session_id)}#hand-overs")
