"""Coordinators' screens for moderating open answers: the queue per questionnaire, and redacting one answer."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods

from ouderpartner.core.access import coordinator_view
from ouderpartner.core.audit import audit_view
from ouderpartner.core.forms import StyledFormMixin
from ouderpartner.core.languages import PARENT_LANGUAGES
from ouderpartner.voice import moderation
from ouderpartner.voice.forms import apply_errors
from ouderpartner.voice.models import Answer, Question, Questionnaire
from ouderpartner.voice.parent_texts import text_direction
from ouderpartner.voice.personal_data import find_personal_data, kind_label
from ouderpartner.voice.selectors import questionnaire_with_questions

NAV_SECTION = "voice"
PAGE_SIZE = 25
FILTER_PARAMS = ("status", "question", "language")
Moderation = Answer.Moderation


def _language_name(code: str) -> str:
    language = PARENT_LANGUAGES.get(code)
    return language.native_name if language else code


def _queue_url(
    request: HttpRequest, questionnaire: Questionnaire, params: dict[str, str] | None = None
) -> str:
    path = reverse(
        "voice:questionnaire_moderation", kwargs={"ws": request.workspace.slug, "pk": questionnaire.pk}
    )
    kept = {k: v for k, v in (params or {}).items() if k in (*FILTER_PARAMS, "page") and v}
    return f"{path}?{urlencode(sorted(kept.items()))}" if kept else path


def _link(request: HttpRequest, **changes: Any) -> str:
    """The queue's URL with some parameters changed ("" removes one); the page starts again."""
    params = {k: v for k, v in request.GET.items() if k in FILTER_PARAMS and v}
    for key, value in changes.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = str(value)
    return f"{request.path}?{urlencode(sorted(params.items()))}" if params else request.path


def _filter_group(
    request: HttpRequest, param: str, label: str, options: list[tuple[str, str]], current: str, all_label: str
) -> dict:
    links = [{"label": all_label, "url": _link(request, **{param: ""}), "current": not current}]
    links += [
        {"label": text, "url": _link(request, **{param: value}), "current": current == value}
        for value, text in options
    ]
    return {"label": label, "links": links}


def _question_label(question: Question) -> str:
    return question.text.get("nl") or next(iter(question.text.values()), "") or question.name


def _truncate(text: str, length: int = 60) -> str:
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def _filter_groups(
    request: HttpRequest,
    filters: moderation.ModerationFilters,
    questions: list[Question],
    languages: list[str],
) -> list[dict[str, Any]]:
    statuses = [(value, str(label)) for value, label in Moderation.choices if value != Moderation.PENDING]
    status_group = _filter_group(
        request,
        "status",
        _("Status"),
        statuses,
        "" if filters.status == Moderation.PENDING else filters.status,
        str(Moderation.PENDING.label),
    )
    status_group["links"].append(
        {
            "label": _("all"),
            "url": _link(request, status=moderation.ALL),
            "current": filters.status == moderation.ALL,
        }
    )
    return [
        status_group,
        _filter_group(
            request,
            "question",
            _("Question"),
            [(str(q.pk), _truncate(_question_label(q))) for q in questions],
            str(filters.question or ""),
            _("every question"),
        ),
        _filter_group(
            request,
            "language",
            _("Language"),
            [(code, _language_name(code)) for code in languages],
            filters.language,
            _("every language"),
        ),
    ]


def _decision(request: HttpRequest) -> tuple[str, list[int]]:
    """What was asked: one row's button ("approved:12") or a bulk button with the ticked answers."""
    one = request.POST.get("one", "")
    if one:
        decision, _sep, pk = one.partition(":")
        return decision, [int(pk)] if pk.isdecimal() else []
    ids = [int(value) for value in request.POST.getlist("answers") if value.isdecimal()]
    return request.POST.get("decision", ""), ids


def _done_message(decision: str, changed: int) -> str:
    if decision == Moderation.APPROVED:
        return ngettext("%(count)s answer approved.", "%(count)s answers approved.", changed) % {
            "count": changed
        }
    return ngettext("%(count)s answer hidden.", "%(count)s answers hidden.", changed) % {"count": changed}


@coordinator_view
@require_http_methods(["GET", "POST"])
def moderation_queue(request: HttpRequest, pk: int) -> HttpResponse:
    request.nav_section = NAV_SECTION
    questionnaire = questionnaire_with_questions(workspace=request.workspace, pk=pk)
    if request.method == "POST":
        decision, ids = _decision(request)
        try:
            changed = moderation.answers_moderate(
                workspace=request.workspace,
                questionnaire=questionnaire,
                actor=request.user,
                answer_ids=ids,
                decision=decision,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _done_message(decision, changed))
        return redirect(_queue_url(request, questionnaire, request.GET.dict()))

    questions = [q for q in questionnaire.ordered_questions if q.kind in Question.TEXT_KINDS]
    filters = moderation.ModerationFilters.from_query(request.GET, questions=[q.pk for q in questions])
    languages = moderation.moderation_languages(workspace=request.workspace, questionnaire=questionnaire)
    qs = moderation.moderation_queue(
        workspace=request.workspace, questionnaire=questionnaire, filters=filters
    )
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [
        {
            "answer": answer,
            "lang": answer.response.language,
            "dir": text_direction(answer.response.language),
            "language_name": _language_name(answer.response.language),
            "question": _question_label(answer.question),
            "warnings": [kind_label(kind) for kind in moderation.personal_data_kinds(answer.text)],
            "redact_url": reverse(
                "voice:answer_redact", kwargs={"ws": request.workspace.slug, "pk": answer.pk}
            )
            + "?"
            + urlencode(sorted({k: v for k, v in request.GET.items() if k in FILTER_PARAMS and v}.items())),
        }
        for answer in page.object_list
    ]
    page_links = {}
    if page.has_previous():
        page_links["previous"] = _link(request, page=page.previous_page_number())
    if page.has_next():
        page_links["next"] = _link(request, page=page.next_page_number())
    count = page.paginator.count
    audit_view(
        request=request,
        obj=questionnaire,
        object_type="answer",
        object_repr=_("Open answers: %(title)s") % {"title": questionnaire.text("title")},
        details={"filters": request.GET.dict()},
        counts={"shown": len(rows), "of": count},
    )
    title = _("Moderation of open answers")
    ws = request.workspace.slug
    context = {
        "title": title,
        "questionnaire": questionnaire,
        "rows": rows,
        "page": page,
        "page_links": page_links,
        "filters": filters,
        "filter_groups": _filter_groups(request, filters, questions, languages),
        "has_open_questions": bool(questions),
        "count_text": ngettext("%(count)s answer", "%(count)s answers", count) % {"count": count},
        "form_action": request.get_full_path(),
        "results_url": reverse("voice:questionnaire_results", kwargs={"ws": ws, "pk": questionnaire.pk}),
        "breadcrumbs": [
            {"label": _("Questionnaires"), "url": reverse("voice:questionnaire_list", kwargs={"ws": ws})},
            {
                "label": questionnaire.text("title"),
                "url": reverse("voice:questionnaire_detail", kwargs={"ws": ws, "pk": questionnaire.pk}),
            },
            {"label": title},
        ],
    }
    return render(request, "voice/moderation_queue.html", context)


class RedactForm(StyledFormMixin, forms.Form):
    text = forms.CharField(
        label=gettext_lazy("The answer"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=gettext_lazy(
            "Remove names, phone numbers, e-mail addresses and anything else that could point to a person; "
            "leave the rest as the parent wrote it."
        ),
        error_messages={"required": gettext_lazy("Keep some of the answer, or hide it instead.")},
    )
    confirm_personal_data = forms.BooleanField(
        label=gettext_lazy("I have checked: this is not personal data"),
        required=False,
    )

    def __init__(self, *args: Any, answer: Answer, **kwargs: Any) -> None:
        super().__init__(*args, initial={"text": answer.text}, **kwargs)
        language = answer.response.language
        self.fields["text"].max_length = moderation.text_limit(answer.question)
        self.fields["text"].widget.attrs.update({"lang": language, "dir": text_direction(language)})
        self.findings: list[tuple[str, str]] = []

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        self.findings = find_personal_data(cleaned.get("text") or "")
        if self.findings and not cleaned.get("confirm_personal_data"):
            self.add_error(
                "confirm_personal_data",
                _("Remove the personal details, or confirm that they are not personal data."),
            )
        return cleaned


@coordinator_view
@require_http_methods(["GET", "POST"])
def answer_redact(request: HttpRequest, pk: int) -> HttpResponse:
    request.nav_section = NAV_SECTION
    answer = moderation.answer_get(workspace=request.workspace, pk=pk)
    questionnaire = answer.response.questionnaire
    back = _queue_url(request, questionnaire, request.GET.dict())
    form = RedactForm(request.POST or None, answer=answer)
    if request.method == "POST" and form.is_valid():
        try:
            moderation.answer_redact(
                workspace=request.workspace, answer=answer, actor=request.user, text=form.cleaned_data["text"]
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The answer has been changed and approved."))
            return redirect(back)
    elif request.method == "GET":
        form.findings = find_personal_data(answer.text)
    title = _("Remove personal details and approve")
    ws = request.workspace.slug
    context = {
        "title": title,
        "form": form,
        "answer": answer,
        "question": _question_label(answer.question),
        "language_name": _language_name(answer.response.language),
        "findings": [{"kind": kind_label(kind), "fragment": fragment} for kind, fragment in form.findings],
        "cancel_url": back,
        "breadcrumbs": [
            {"label": _("Questionnaires"), "url": reverse("voice:questionnaire_list", kwargs={"ws": ws})},
            {
                "label": questionnaire.text("title"),
                "url": reverse("voice:questionnaire_detail", kwargs={"ws": ws, "pk": questionnaire.pk}),
            },
            {"label": _("Moderation of open answers"), "url": back},
            {"label": title},
        ],
    }
    return render(request, "voice/answer_redact.html", context, status=400 if form.errors else 200)
