"""Coordinator screens for themes in open answers: suggest, accept, rename, merge, reject, and the answers
of one theme. Coordinators only: these screens show parents' open answers, also those still waiting for
moderation (marked as such), never hidden ones."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods, require_POST

from ouderpartner.core.access import coordinator_view
from ouderpartner.core.audit import audit_view
from ouderpartner.core.forms import StyledFormMixin
from ouderpartner.core.languages import PARENT_LANGUAGES
from ouderpartner.stats import effective_threshold, explanation, publish_count
from ouderpartner.voice import selectors
from ouderpartner.voice import theme_services as services
from ouderpartner.voice.models import Answer, Question, Questionnaire, Theme
from ouderpartner.voice.themes import MIN_ANSWERS, MIN_THEME_SIZE, Reason

SECTION = "voice"
MAX_SEARCH = 100

REASONS: dict[Reason, Any] = {
    Reason.TOO_FEW: gettext_lazy("too few answers to group (at least %(min)s are needed)."),
    Reason.NO_SHARED_WORDS: gettext_lazy("the answers share no words to group them by."),
    Reason.NO_GROUPS: gettext_lazy("no group of at least %(size)s answers that belong together was found."),
}


class ThemeNameForm(StyledFormMixin, forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Name"),
        max_length=services.NAME_MAX_LENGTH,
        help_text=gettext_lazy("A short name that says what parents wrote about, e.g. “Reading at home”."),
    )


def _url(request: HttpRequest, name: str, pk: int) -> str:
    return reverse(f"voice:{name}", kwargs={"ws": request.workspace.slug, "pk": pk})


def _language(code: str) -> dict[str, Any]:
    language = PARENT_LANGUAGES.get(code)
    if language is None:
        return {"code": "", "name": code or _("several languages"), "rtl": False}
    return {"code": code, "name": language.native_name, "rtl": language.rtl}


def _question_text(question: Question) -> str:
    return question.text.get("nl") or next(iter(question.text.values()), question.name)


def _crumbs(
    request: HttpRequest, questionnaire: Questionnaire, *more: dict[str, str]
) -> list[dict[str, str]]:
    ws = request.workspace.slug
    return [
        {"label": _("Questionnaires"), "url": reverse("voice:questionnaire_list", kwargs={"ws": ws})},
        {
            "label": questionnaire.text("title"),
            "url": _url(request, "questionnaire_detail", questionnaire.pk),
        },
        *more,
    ]


def _themes_page(
    request: HttpRequest,
    questionnaire: Questionnaire,
    *,
    merge: dict[str, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    """The themes per open question; `merge` carries a merge form with errors back to its question."""
    k = effective_threshold(request.workspace.disclosure_threshold)
    questions = [q for q in questionnaire.ordered_questions if q.kind in Question.TEXT_KINDS]
    themes = services.themes_with_counts(questionnaire=questionnaire)
    examples = services.theme_examples(theme_ids=[theme.pk for theme in themes])
    counts = {
        row["question_id"]: row
        for row in services.themable_answers(questionnaire=questionnaire)
        .values("question_id")
        .annotate(total=Count("id", distinct=True), unthemed=Count("id", filter=Q(themes__isnull=True)))
        .order_by()
    }
    sections = []
    for question in questions:
        row = counts.get(question.pk, {"total": 0, "unthemed": 0})
        rows = [
            {
                "theme": theme,
                "count": publish_count(theme.answer_count, k=k),
                "language": _language(theme.language),
                "examples": examples.get(theme.pk, []),
                "selected": merge is not None and theme.pk in merge["selected"],
            }
            for theme in themes
            if theme.question_id == question.pk
        ]
        is_merged = merge is not None and merge["question"] == question.pk
        sections.append(
            {
                "question": question,
                "text": _question_text(question),
                "answers": publish_count(row["total"], k=k),
                "unthemed": publish_count(row["unthemed"], k=k),
                "rows": rows,
                "merge_error": merge["error"] if is_merged else "",
                "merge_name": merge["name"] if is_merged else "",
            }
        )
    context = {
        "title": _("Themes in open answers"),
        "questionnaire": questionnaire,
        "sections": sections,
        "k": k,
        "explanation": explanation(k),
        "min_answers": MIN_ANSWERS,
        "merge_error": merge["error"] if merge else "",
        "merge_question": merge["question"] if merge else None,
        "breadcrumbs": _crumbs(request, questionnaire, {"label": _("Themes")}),
    }
    return render(request, "voice/theme_list.html", context, status=status)


@coordinator_view
@require_http_methods(["GET"])
def questionnaire_themes(request: HttpRequest, pk: int) -> HttpResponse:
    request.nav_section = SECTION
    questionnaire = selectors.questionnaire_with_questions(workspace=request.workspace, pk=pk)
    return _themes_page(request, questionnaire)


@coordinator_view
@require_POST
def questionnaire_themes_suggest(request: HttpRequest, pk: int) -> HttpResponse:
    questionnaire = selectors.questionnaire_with_questions(workspace=request.workspace, pk=pk)
    runs = services.themes_suggest(questionnaire=questionnaire, actor=request.user)
    made = sum(run.themes for run in runs)
    if not runs:
        messages.info(request, _("There are no open answers to group yet."))
    elif made:
        messages.success(
            request,
            ngettext(
                "%(count)s theme suggested. Accept, rename, merge or reject it below.",
                "%(count)s themes suggested. Accept, rename, merge or reject them below.",
                made,
            )
            % {"count": made},
        )
    else:
        messages.info(request, _("No themes could be suggested."))
    texts = {q.pk: _question_text(q) for q in questionnaire.ordered_questions}
    for run in runs:
        if run.reason is None:
            continue
        reason = REASONS[run.reason] % {"min": MIN_ANSWERS, "size": MIN_THEME_SIZE}
        messages.info(
            request,
            _("“%(question)s” (%(language)s): %(reason)s")
            % {
                "question": texts.get(run.question_id, ""),
                "language": _language(run.language)["name"],
                "reason": reason,
            },
        )
    return redirect(_url(request, "questionnaire_themes", questionnaire.pk))


@coordinator_view
@require_POST
def questionnaire_themes_merge(request: HttpRequest, pk: int) -> HttpResponse:
    request.nav_section = SECTION
    questionnaire = selectors.questionnaire_with_questions(workspace=request.workspace, pk=pk)
    ids = {int(value) for value in request.POST.getlist("themes") if value.isdecimal() and len(value) < 12}
    name = (request.POST.get("name") or "")[:500]
    question = request.POST.get("question", "")
    themes = list(Theme.objects.filter(workspace=request.workspace, questionnaire=questionnaire, pk__in=ids))
    try:
        target = services.themes_merge(themes=themes, actor=request.user, name=name)
    except ValidationError as error:
        merge = {
            "question": int(question) if question.isdecimal() and len(question) < 12 else None,
            "selected": ids,
            "name": name,
            "error": " ".join(message for messages_ in error.message_dict.values() for message in messages_),
        }
        return _themes_page(request, questionnaire, merge=merge, status=400)
    messages.success(request, _("The themes have been merged into “%(name)s”.") % {"name": target.name})
    return redirect(
        f"{_url(request, 'questionnaire_themes', questionnaire.pk)}#question-{target.question_id}"
    )


def _theme_page(
    request: HttpRequest, theme: Theme, *, form: ThemeNameForm | None = None, status: int = 200
) -> HttpResponse:
    search = (request.GET.get("q") or "").strip()[:MAX_SEARCH]
    answers = services.theme_answers(theme=theme, search=search)
    k = effective_threshold(request.workspace.disclosure_threshold)
    context = {
        "title": _("Theme “%(name)s”") % {"name": theme.name},
        "theme": theme,
        "question_text": _question_text(theme.question) if theme.question else "",
        "language": _language(theme.language),
        "form": form or ThemeNameForm(initial={"name": theme.name}),
        "answers": answers,
        "count": publish_count(len(answers.members), k=k),
        "k": k,
        "search": search,
        "list_url": _url(request, "questionnaire_themes", theme.questionnaire_id),
        "breadcrumbs": _crumbs(
            request,
            theme.questionnaire,
            {"label": _("Themes"), "url": _url(request, "questionnaire_themes", theme.questionnaire_id)},
            {"label": theme.name},
        ),
    }
    return render(request, "voice/theme_detail.html", context, status=status)


@coordinator_view
@require_http_methods(["GET"])
def theme_detail(request: HttpRequest, pk: int) -> HttpResponse:
    request.nav_section = SECTION
    theme = services.theme_get(workspace=request.workspace, pk=pk)
    response = _theme_page(request, theme)
    audit_view(
        request=request,
        obj=theme,
        object_type="answer",
        object_repr=_("Open answers in the theme “%(name)s”") % {"name": theme.name},
        details={"theme": theme.pk, "search": bool(request.GET.get("q"))},
    )
    return response


@coordinator_view
@require_POST
def theme_rename(request: HttpRequest, pk: int) -> HttpResponse:
    request.nav_section = SECTION
    theme = services.theme_get(workspace=request.workspace, pk=pk)
    form = ThemeNameForm(request.POST)
    if form.is_valid():
        try:
            services.theme_rename(theme=theme, actor=request.user, name=form.cleaned_data["name"])
        except ValidationError as error:
            for field_errors in error.message_dict.values():
                for message in field_errors:
                    form.add_error("name", message)
        else:
            messages.success(request, _("The theme is now called “%(name)s”.") % {"name": theme.name})
            return redirect(_url(request, "theme_detail", theme.pk))
    theme.refresh_from_db()
    return _theme_page(request, theme, form=form, status=400)


def _back(request: HttpRequest, theme: Theme) -> HttpResponse:
    """Back to where the button was: the theme's page, or its question on the themes page."""
    if request.POST.get("next") == "theme":
        return redirect(_url(request, "theme_detail", theme.pk))
    return redirect(
        f"{_url(request, 'questionnaire_themes', theme.questionnaire_id)}#question-{theme.question_id}"
    )


@coordinator_view
@require_POST
def theme_accept(request: HttpRequest, pk: int) -> HttpResponse:
    theme = services.theme_get(workspace=request.workspace, pk=pk)
    services.theme_accept(theme=theme, actor=request.user)
    messages.success(
        request, _("“%(name)s” is accepted: it is shown on the results page.") % {"name": theme.name}
    )
    return _back(request, theme)


@coordinator_view
@require_http_methods(["GET", "POST"])
def theme_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """A suggestion is rejected at once; an accepted theme is deleted after confirmation."""
    request.nav_section = SECTION
    theme = services.theme_get(workspace=request.workspace, pk=pk)
    list_url = _url(request, "questionnaire_themes", theme.questionnaire_id)
    if request.method == "POST":
        was_suggested = theme.status == Theme.Status.SUGGESTED
        services.theme_delete(theme=theme, actor=request.user)
        if was_suggested:
            messages.success(request, _("The suggestion “%(name)s” is rejected.") % {"name": theme.name})
        else:
            messages.success(request, _("The theme “%(name)s” is deleted.") % {"name": theme.name})
        return redirect(f"{list_url}#question-{theme.question_id}")
    context = {
        "title": _("Delete the theme “%(name)s”?") % {"name": theme.name},
        "theme": theme,
        "cancel_url": _url(request, "theme_detail", theme.pk),
        "breadcrumbs": _crumbs(
            request,
            theme.questionnaire,
            {"label": _("Themes"), "url": list_url},
            {"label": _("Delete")},
        ),
    }
    return render(request, "voice/theme_confirm_delete.html", context)


@coordinator_view
@require_POST
def theme_answers(request: HttpRequest, pk: int) -> HttpResponse:
    """Add an answer to the theme, or remove one, by hand."""
    theme = services.theme_get(workspace=request.workspace, pk=pk)
    value = request.POST.get("answer", "")
    answer = get_object_or_404(
        Answer.objects.select_related("question", "response"),
        response__workspace=request.workspace,
        pk=int(value) if value.isdecimal() and len(value) < 12 else 0,
    )
    if request.POST.get("action") == "remove":
        services.theme_answer_remove(theme=theme, answer=answer, actor=request.user)
        messages.success(request, _("The answer is no longer in this theme."))
    else:
        try:
            services.theme_answer_add(theme=theme, answer=answer, actor=request.user)
        except ValidationError:
            messages.error(request, _("This answer cannot be added to this theme."))
        else:
            messages.success(request, _("The answer is added to this theme."))
    url = _url(request, "theme_detail", theme.pk)
    search = (request.POST.get("q") or "").strip()[:MAX_SEARCH]
    return redirect(f"{url}?{urlencode({'q': search})}" if search else url)
