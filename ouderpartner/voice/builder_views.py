"""Screens of the questionnaire builder: questionnaires, their questions, options and missing translations."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ouderpartner.core.access import require_coordinator, workspace_view
from ouderpartner.voice import pictograms, recordings, selectors, services, templates_catalogue
from ouderpartner.voice.forms import OptionForm, QuestionForm, QuestionnaireForm, apply_errors
from ouderpartner.voice.models import Option, Question, Questionnaire
from ouderpartner.voice.selectors import QuestionnaireFilters

PAGE_SIZE = 25
FILTER_PARAMS = ("q", "status")
SECTION = "voice"


# --- Helpers ------------------------------------------------------------------------------------------


def _url(request: HttpRequest, name: str, pk: int | None = None) -> str:
    kwargs: dict[str, Any] = {"ws": request.workspace.slug}
    if pk is not None:
        kwargs["pk"] = pk
    return reverse(f"voice:{name}", kwargs=kwargs)


def _link(request: HttpRequest, **changes: Any) -> str:
    params = {k: v for k, v in request.GET.items() if k in FILTER_PARAMS and v}
    for key, value in changes.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = str(value)
    return f"{request.path}?{urlencode(sorted(params.items()))}" if params else request.path


def _crumbs(request: HttpRequest, *more: dict[str, str]) -> list[dict[str, str]]:
    return [{"label": _("Questionnaires"), "url": _url(request, "questionnaire_list")}, *more]


def _questionnaire_crumb(request: HttpRequest, questionnaire: Questionnaire) -> dict[str, str]:
    return {
        "label": questionnaire.text("title"),
        "url": _url(request, "questionnaire_detail", questionnaire.pk),
    }


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
    return render(request, "voice/questionnaire_confirm.html", context)


def _language_badges(questionnaire: Questionnaire) -> list[Any]:
    return selectors.questionnaire_languages(questionnaire)


# --- Questionnaires -----------------------------------------------------------------------------------


@workspace_view
def questionnaire_list(request: HttpRequest) -> HttpResponse:
    request.nav_section = SECTION
    filters = QuestionnaireFilters.from_query(request.GET)
    qs = selectors.questionnaire_list(workspace=request.workspace, filters=filters)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    count = page.paginator.count
    current = filters.status
    status_links = [{"label": _("current"), "url": _link(request, status=""), "current": not current}]
    status_links += [
        {"label": str(label), "url": _link(request, status=value), "current": current == value}
        for value, label in Questionnaire.Status.choices
    ]
    page_links = {}
    if page.has_previous():
        page_links["previous"] = _link(request, page=page.previous_page_number())
    if page.has_next():
        page_links["next"] = _link(request, page=page.next_page_number())
    questionnaires = list(page.object_list)
    for questionnaire in questionnaires:
        questionnaire.language_list = _language_badges(questionnaire)
    context = {
        "title": _("Questionnaires"),
        "page": page,
        "questionnaires": questionnaires,
        "count_text": ngettext("%(count)s questionnaire", "%(count)s questionnaires", count)
        % {"count": count},
        "filters": filters,
        "filter_groups": [{"label": _("Status"), "links": status_links}],
        "page_links": page_links,
        "hidden_params": {k: v for k, v in request.GET.items() if k == "status" and v},
        "filtered": bool(filters.q or filters.status),
        "clear_url": request.path,
        "can_write": request.membership.is_coordinator,
        "create_url": _url(request, "questionnaire_create"),
        "breadcrumbs": [{"label": _("Questionnaires")}],
    }
    return render(request, "voice/questionnaire_list.html", context)


@workspace_view
def questionnaire_detail(request: HttpRequest, pk: int) -> HttpResponse:
    request.nav_section = SECTION
    questionnaire = selectors.questionnaire_with_questions(workspace=request.workspace, pk=pk)
    language = get_language() or "nl"
    questions = questionnaire.ordered_questions
    for question in questions:
        question.display_text = question.text.get("nl") or next(iter(question.text.values()), "")
        question.display_hint = question.hint.get("nl", "")
        question.faces = (
            [
                pictograms.get_pictogram(code)
                for code in pictograms.scale_faces(question.scale_max - question.scale_min + 1)
            ]
            if question.kind == Question.Kind.SCALE
            else []
        )
        for option in question.options.all():
            option.display_label = option.label.get("nl") or next(iter(option.label.values()), "")
            option.pictogram_obj = pictograms.get_pictogram(option.pictogram) if option.pictogram else None
    context = {
        "questionnaire": questionnaire,
        "questions": questions,
        "languages": selectors.questionnaire_languages(questionnaire),
        "can_write": request.membership.is_coordinator,
        "is_archived": questionnaire.status == Questionnaire.Status.ARCHIVED,
        "language": language,
        "breadcrumbs": _crumbs(request, {"label": questionnaire.text("title")}),
    }
    return render(request, "voice/questionnaire_detail.html", context)


@workspace_view
@require_http_methods(["GET", "POST"])
def questionnaire_create(request: HttpRequest) -> HttpResponse:
    request.nav_section = SECTION
    require_coordinator(request.membership)
    workspace = request.workspace
    if request.method == "POST" and "template" in request.POST:
        key = (request.POST.get("template") or "")[:60]
        try:
            questionnaire = services.questionnaire_create_from_template(
                workspace=workspace, actor=request.user, key=key
            )
        except ValidationError:
            messages.error(request, _("Choose one of the templates."))
            return redirect(_url(request, "questionnaire_create"))
        messages.success(request, _("The questionnaire has been made from the template. Check and adapt it."))
        return redirect(_url(request, "questionnaire_detail", questionnaire.pk))
    form = QuestionnaireForm(request.POST or None, workspace=workspace)
    if request.method == "POST" and form.is_valid():
        questionnaire = _run(
            form,
            lambda: services.questionnaire_create(
                workspace=workspace, actor=request.user, **form.service_data()
            ),
        )
        if questionnaire:
            messages.success(request, _("The questionnaire has been added. Now add questions."))
            return redirect(_url(request, "questionnaire_detail", questionnaire.pk))
    lang = "nl" if (get_language() or "nl").startswith("nl") else "en"
    templates = [
        {
            "key": t["key"],
            "name": t["name"][lang],
            "description": t["description"][lang],
            "questions": [q["text"][lang] for q in t["questions"]],
        }
        for t in templates_catalogue.TEMPLATES
    ]
    return _form_page(
        request,
        "voice/questionnaire_create.html",
        form=form,
        title=_("New questionnaire"),
        templates=templates,
        cancel_url=_url(request, "questionnaire_list"),
        breadcrumbs=_crumbs(request, {"label": _("New")}),
    )


@workspace_view
@require_http_methods(["GET", "POST"])
def questionnaire_update(request: HttpRequest, pk: int) -> HttpResponse:
    request.nav_section = SECTION
    questionnaire = selectors.questionnaire_get(workspace=request.workspace, pk=pk)
    require_coordinator(request.membership)
    form = QuestionnaireForm(request.POST or None, workspace=request.workspace, questionnaire=questionnaire)
    if request.method == "POST" and form.is_valid():
        done = _run(
            form,
            lambda: services.questionnaire_update(
                questionnaire=questionnaire, actor=request.user, **form.service_data()
            ),
        )
        if done:
            messages.success(request, _("The changes have been saved."))
            return redirect(_url(request, "questionnaire_detail", questionnaire.pk))
    detail = _url(request, "questionnaire_detail", questionnaire.pk)
    return _form_page(
        request,
        "voice/questionnaire_form.html",
        form=form,
        title=_("Edit the texts of %(title)s") % {"title": questionnaire.text("title")},
        cancel_url=detail,
        breadcrumbs=_crumbs(request, _questionnaire_crumb(request, questionnaire), {"label": _("Edit")}),
    )


STATUS_ACTIONS = {
    "publish": (
        services.questionnaire_publish,
        gettext_lazy("Publish %(title)s?"),
        gettext_lazy(
            "Parents can answer it once it is distributed at a trusted place. You can still correct texts."
        ),
        gettext_lazy("Publish"),
        gettext_lazy("The questionnaire has been published."),
    ),
    "archive": (
        services.questionnaire_archive,
        gettext_lazy("Archive %(title)s?"),
        gettext_lazy(
            "It will be hidden from the list and parents can no longer answer it. Nothing is deleted: "
            "you can restore it later."
        ),
        gettext_lazy("Archive"),
        gettext_lazy("The questionnaire has been archived. You can restore it from its page."),
    ),
    "restore": (
        services.questionnaire_restore,
        gettext_lazy("Restore %(title)s?"),
        gettext_lazy("It becomes a draft again, which you can edit and publish."),
        gettext_lazy("Restore"),
        gettext_lazy("The questionnaire has been restored as a draft."),
    ),
}


def _status_view(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    request.nav_section = SECTION
    questionnaire = selectors.questionnaire_get(workspace=request.workspace, pk=pk)
    require_coordinator(request.membership)
    service, title, text, button, done = STATUS_ACTIONS[action]
    detail = _url(request, "questionnaire_detail", pk)
    name = questionnaire.text("title")
    if request.method == "POST":
        try:
            service(questionnaire=questionnaire, actor=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect(detail)
        messages.success(request, str(done))
        return redirect(detail)
    return _confirm_page(
        request,
        title=str(title) % {"title": name},
        text=str(text),
        button=str(button),
        breadcrumbs=_crumbs(request, _questionnaire_crumb(request, questionnaire), {"label": str(button)}),
        cancel_url=detail,
    )


@workspace_view
@require_http_methods(["GET", "POST"])
def questionnaire_publish(request: HttpRequest, pk: int) -> HttpResponse:
    return _status_view(request, pk, "publish")


@workspace_view
@require_http_methods(["GET", "POST"])
def questionnaire_archive(request: HttpRequest, pk: int) -> HttpResponse:
    return _status_view(request, pk, "archive")


@workspace_view
@require_http_methods(["GET", "POST"])
def questionnaire_restore(request: HttpRequest, pk: int) -> HttpResponse:
    return _status_view(request, pk, "restore")


@workspace_view
def questionnaire_translations(request: HttpRequest, pk: int) -> HttpResponse:
    request.nav_section = SECTION
    questionnaire = selectors.questionnaire_with_questions(workspace=request.workspace, pk=pk)
    urls = {
        "questionnaire": lambda: _url(request, "questionnaire_update", questionnaire.pk),
        "question": lambda question_pk: _url(request, "question_update", question_pk),
        "option": lambda option_pk: _url(request, "option_update", option_pk),
    }
    rows = selectors.missing_translations(questionnaire=questionnaire, urls=urls)
    summary = selectors.recording_summary(groups=selectors.recording_groups(questionnaire=questionnaire))
    for row in rows:
        code = row["language"].code
        row["recordings"] = summary.get(code, {"count": 0, "total": 0, "missing": []})
        for item in row["recordings"]["missing"]:
            item["url"] = (
                reverse(
                    "voice:recording_upload",
                    kwargs={
                        "ws": request.workspace.slug,
                        "pk": questionnaire.pk,
                        "slot": item["slot"].key,
                        "language": code,
                    },
                )
                + "?"
                + urlencode({"next": request.path})
            )
    context = {
        "questionnaire": questionnaire,
        "rows": rows,
        "recordings_url": _url(request, "recording_list", questionnaire.pk),
        "can_write": request.membership.is_coordinator,
        "title": _("Missing translations of %(title)s") % {"title": questionnaire.text("title")},
        "breadcrumbs": _crumbs(
            request, _questionnaire_crumb(request, questionnaire), {"label": _("Translations")}
        ),
    }
    return render(request, "voice/translations.html", context)


# --- Questions ----------------------------------------------------------------------------------------


def _recordings_context(request: HttpRequest, slot: selectors.RecordingSlot | None) -> dict[str, Any]:
    """The recordings of the text being edited, uploaded and removed from its edit page."""
    if slot is None:
        return {}
    return {"recording_slot": slot, "accept": recordings.ACCEPT, "next_url": request.path}


def _question_page(
    request: HttpRequest,
    form: QuestionForm,
    questionnaire: Questionnaire,
    title: str,
    question: Question | None = None,
) -> HttpResponse:
    detail = _url(request, "questionnaire_detail", questionnaire.pk)
    slot = selectors.question_recording_slot(question=question) if question is not None else None
    return _form_page(
        request,
        "voice/question_form.html",
        form=form,
        title=title,
        questionnaire=questionnaire,
        cancel_url=detail,
        breadcrumbs=_crumbs(request, _questionnaire_crumb(request, questionnaire), {"label": title}),
        **_recordings_context(request, slot),
    )


@workspace_view
@require_http_methods(["GET", "POST"])
def question_create(request: HttpRequest, pk: int) -> HttpResponse:
    request.nav_section = SECTION
    questionnaire = selectors.questionnaire_get(workspace=request.workspace, pk=pk)
    require_coordinator(request.membership)
    form = QuestionForm(
        request.POST or None,
        questionnaire=questionnaire,
        initial={"kind": Question.Kind.SINGLE_CHOICE, "scale_min": 1, "scale_max": 5},
    )
    if request.method == "POST" and form.is_valid():
        question = _run(
            form,
            lambda: services.question_create(
                questionnaire=questionnaire, actor=request.user, **form.service_data()
            ),
        )
        if question:
            messages.success(request, _("The question has been added."))
            if question.has_options:
                return redirect(_url(request, "option_create", question.pk))
            return redirect(
                _url(request, "questionnaire_detail", questionnaire.pk) + f"#question-{question.pk}"
            )
    return _question_page(request, form, questionnaire, _("Add a question"))


@workspace_view
@require_http_methods(["GET", "POST"])
def question_update(request: HttpRequest, pk: int) -> HttpResponse:
    request.nav_section = SECTION
    question = selectors.question_get(workspace=request.workspace, pk=pk)
    require_coordinator(request.membership)
    questionnaire = question.questionnaire
    form = QuestionForm(request.POST or None, questionnaire=questionnaire, question=question)
    if request.method == "POST" and form.is_valid():
        done = _run(
            form,
            lambda: services.question_update(question=question, actor=request.user, **form.service_data()),
        )
        if done:
            messages.success(request, _("The question has been saved."))
            return redirect(
                _url(request, "questionnaire_detail", questionnaire.pk) + f"#question-{question.pk}"
            )
    return _question_page(
        request, form, questionnaire, _("Edit question “%(name)s”") % {"name": question.name}, question
    )


@workspace_view
@require_http_methods(["GET", "POST"])
def question_delete(request: HttpRequest, pk: int) -> HttpResponse:
    request.nav_section = SECTION
    question = selectors.question_get(workspace=request.workspace, pk=pk)
    require_coordinator(request.membership)
    questionnaire = question.questionnaire
    detail = _url(request, "questionnaire_detail", questionnaire.pk)
    if request.method == "POST":
        try:
            services.question_delete(question=question, actor=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect(detail)
        messages.success(request, _("The question has been deleted."))
        return redirect(detail)
    return _confirm_page(
        request,
        title=_("Delete question “%(name)s”?") % {"name": question.name},
        text=_(
            "The question and its answers to choose from are deleted. Questions that depended on it are "
            "then always shown."
        ),
        button=_("Delete"),
        breadcrumbs=_crumbs(request, _questionnaire_crumb(request, questionnaire), {"label": _("Delete")}),
        cancel_url=detail,
    )


def _direction(request: HttpRequest) -> bool:
    return request.POST.get("direction") != "down"


@workspace_view
@require_POST
def question_move(request: HttpRequest, pk: int) -> HttpResponse:
    question = selectors.question_get(workspace=request.workspace, pk=pk)
    require_coordinator(request.membership)
    try:
        services.question_move(question=question, actor=request.user, up=_direction(request))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect(
        _url(request, "questionnaire_detail", question.questionnaire_id) + f"#question-{question.pk}"
    )


# --- Options ------------------------------------------------------------------------------------------


def _option_page(
    request: HttpRequest, form: OptionForm, question: Question, title: str, option: Option | None = None
) -> HttpResponse:
    questionnaire = question.questionnaire
    detail = _url(request, "questionnaire_detail", questionnaire.pk)
    slot = (
        selectors.option_recording_slot(option=option, questionnaire=questionnaire)
        if option is not None
        else None
    )
    return _form_page(
        request,
        "voice/question_option_form.html",
        form=form,
        title=title,
        question=question,
        question_text=question.text.get("nl", question.name),
        cancel_url=detail + f"#question-{question.pk}",
        attribution=pictograms.ATTRIBUTION,
        questionnaire=questionnaire,
        breadcrumbs=_crumbs(request, _questionnaire_crumb(request, questionnaire), {"label": title}),
        **_recordings_context(request, slot),
    )


@workspace_view
@require_http_methods(["GET", "POST"])
def option_create(request: HttpRequest, pk: int) -> HttpResponse:
    request.nav_section = SECTION
    question = selectors.question_get(workspace=request.workspace, pk=pk)
    require_coordinator(request.membership)
    form = OptionForm(request.POST or None, request.FILES or None, question=question)
    if request.method == "POST" and form.is_valid():
        option = _run(
            form, lambda: services.option_create(question=question, actor=request.user, **form.service_data())
        )
        if option:
            messages.success(
                request, _("The answer has been added. Add another one, or go back to the questionnaire.")
            )
            return redirect(_url(request, "option_create", question.pk))
    return _option_page(request, form, question, _("Add an answer to choose from"))


@workspace_view
@require_http_methods(["GET", "POST"])
def option_update(request: HttpRequest, pk: int) -> HttpResponse:
    request.nav_section = SECTION
    option = selectors.option_get(workspace=request.workspace, pk=pk)
    require_coordinator(request.membership)
    question = option.question
    form = OptionForm(request.POST or None, request.FILES or None, question=question, option=option)
    if request.method == "POST" and form.is_valid():
        done = _run(
            form, lambda: services.option_update(option=option, actor=request.user, **form.service_data())
        )
        if done:
            messages.success(request, _("The answer has been saved."))
            return redirect(
                _url(request, "questionnaire_detail", question.questionnaire_id) + f"#question-{question.pk}"
            )
    return _option_page(
        request, form, question, _("Edit answer “%(value)s”") % {"value": option.value}, option
    )


@workspace_view
@require_http_methods(["GET", "POST"])
def option_delete(request: HttpRequest, pk: int) -> HttpResponse:
    request.nav_section = SECTION
    option = selectors.option_get(workspace=request.workspace, pk=pk)
    require_coordinator(request.membership)
    questionnaire = option.question.questionnaire
    detail = _url(request, "questionnaire_detail", questionnaire.pk) + f"#question-{option.question_id}"
    if request.method == "POST":
        services.option_delete(option=option, actor=request.user)
        messages.success(request, _("The answer has been deleted."))
        return redirect(detail)
    return _confirm_page(
        request,
        title=_("Delete answer “%(value)s”?") % {"value": option.value},
        text=_("Parents can no longer choose this answer."),
        button=_("Delete"),
        breadcrumbs=_crumbs(request, _questionnaire_crumb(request, questionnaire), {"label": _("Delete")}),
        cancel_url=detail,
    )


@workspace_view
@require_POST
def option_move(request: HttpRequest, pk: int) -> HttpResponse:
    option = selectors.option_get(workspace=request.workspace, pk=pk)
    require_coordinator(request.membership)
    services.option_move(option=option, actor=request.user, up=_direction(request))
    return redirect(
        _url(request, "questionnaire_detail", option.question.questionnaire_id)
        + f"#question-{option.question_id}"
    )
