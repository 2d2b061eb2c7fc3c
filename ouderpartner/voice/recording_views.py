"""Recordings of a questionnaire's texts: every text × language with its recording, upload (or replace), remove.

Every member sees which recordings exist and can play them; only those who may edit the questionnaire
(coordinators, as in builder_views.py) upload and remove. Uploads are checked by their content
(recordings.py) and written by the services, with an audit record.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ouderpartner.core.access import require_coordinator, workspace_view
from ouderpartner.core.languages import PARENT_LANGUAGES
from ouderpartner.voice import recordings, selectors, services
from ouderpartner.voice.builder_views import SECTION, _confirm_page, _crumbs, _questionnaire_crumb, _run
from ouderpartner.voice.forms import RecordingForm
from ouderpartner.voice.models import Questionnaire


def _list_url(request: HttpRequest, questionnaire: Questionnaire) -> str:
    return reverse("voice:recording_list", kwargs={"ws": request.workspace.slug, "pk": questionnaire.pk})


def _back_url(request: HttpRequest, questionnaire: Questionnaire, slot: str) -> str:
    """Where to go after an upload or removal: the page it was started from, else the overview."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return f"{_list_url(request, questionnaire)}#slot-{slot}"


def _target(questionnaire: Questionnaire, slot: str, language: str) -> tuple[Any, str]:
    found = selectors.recording_target(questionnaire=questionnaire, key=slot)
    if found is None or language not in PARENT_LANGUAGES:
        raise Http404
    return found


@workspace_view
def recording_list(request: HttpRequest, pk: int) -> HttpResponse:
    request.nav_section = SECTION
    questionnaire = selectors.questionnaire_with_questions(workspace=request.workspace, pk=pk)
    title = _("Recordings of %(title)s") % {"title": questionnaire.text("title")}
    context = {
        "questionnaire": questionnaire,
        "groups": selectors.recording_groups(questionnaire=questionnaire),
        "can_write": request.membership.is_coordinator,
        "accept": recordings.ACCEPT,
        "next_url": request.path,
        "title": title,
        "breadcrumbs": _crumbs(
            request, _questionnaire_crumb(request, questionnaire), {"label": _("Recordings")}
        ),
    }
    return render(request, "voice/recording_list.html", context)


@workspace_view
@require_http_methods(["GET", "POST"])
def recording_upload(request: HttpRequest, pk: int, slot: str, language: str) -> HttpResponse:
    """One text in one language: its recording, and the form to upload (or replace) it."""
    request.nav_section = SECTION
    questionnaire = selectors.questionnaire_get(workspace=request.workspace, pk=pk)
    require_coordinator(request.membership)
    target, text = _target(questionnaire, slot, language)
    posted = request.method == "POST"
    form = RecordingForm(request.POST if posted else None, request.FILES if posted else None)
    if request.method == "POST" and form.is_valid():
        path = _run(
            form,
            lambda: services.recording_set(
                target=target,
                actor=request.user,
                language=language,
                audio=form.cleaned_data["audio"],
                text=text,
            ),
        )
        if path:
            messages.success(request, _("The recording has been saved. Parents can now listen to it."))
            return redirect(_back_url(request, questionnaire, slot))
    language_error = ""
    if request.method == "GET":
        try:
            services.check_recording_language(questionnaire=questionnaire, language=language)
        except ValidationError as error:
            language_error = error.message_dict["language"][0]
    slot_info = selectors.recording_slot(questionnaire=questionnaire, target=target, text=text)
    cell = next((c for c in slot_info.cells if c.language.code == language), None)
    spec = PARENT_LANGUAGES[language]
    title = _("Recording of %(text)s – %(language)s") % {
        "text": slot_info.label,
        "language": spec.native_name,
    }
    status = 400 if language_error or (form.is_bound and form.errors) else 200
    context = {
        "form": form,
        "questionnaire": questionnaire,
        "slot": slot_info,
        "cell": cell,
        "language": spec,
        "language_error": language_error,
        "next_url": request.POST.get("next") or request.GET.get("next") or "",
        "cancel_url": _back_url(request, questionnaire, slot),
        "remove_url": reverse(
            "voice:recording_remove",
            kwargs={"ws": request.workspace.slug, "pk": questionnaire.pk, "slot": slot, "language": language},
        ),
        "title": title,
        "breadcrumbs": _crumbs(
            request,
            _questionnaire_crumb(request, questionnaire),
            {"label": _("Recordings"), "url": _list_url(request, questionnaire)},
            {"label": spec.native_name},
        ),
    }
    return render(request, "voice/recording_form.html", context, status=status)


@workspace_view
@require_http_methods(["GET", "POST"])
def recording_remove(request: HttpRequest, pk: int, slot: str, language: str) -> HttpResponse:
    request.nav_section = SECTION
    questionnaire = selectors.questionnaire_get(workspace=request.workspace, pk=pk)
    require_coordinator(request.membership)
    target, text = _target(questionnaire, slot, language)
    back = _back_url(request, questionnaire, slot)
    if request.method == "POST":
        if services.recording_remove(target=target, actor=request.user, language=language, text=text):
            messages.success(request, _("The recording has been removed."))
        else:
            messages.info(request, _("There was no recording to remove."))
        return redirect(back)
    slot_info = selectors.recording_slot(questionnaire=questionnaire, target=target, text=text)
    spec = PARENT_LANGUAGES[language]
    return _confirm_page(
        request,
        title=_("Remove the recording of %(text)s – %(language)s?")
        % {"text": slot_info.label, "language": spec.native_name},
        text=_("Parents then hear the text read by their phone's voice, if it has one for this language."),
        button=_("Remove"),
        breadcrumbs=_crumbs(
            request,
            _questionnaire_crumb(request, questionnaire),
            {"label": _("Recordings"), "url": _list_url(request, questionnaire)},
            {"label": _("Remove")},
        ),
        cancel_url=back,
    )
