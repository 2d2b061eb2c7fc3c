"""Staff screens for "You said, we did": list, add, edit and delete feedback items shown to parents."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from ouderpartner.core.access import coordinator_view, get_object_in_workspace, workspace_view
from ouderpartner.core.forms import StyledFormMixin
from ouderpartner.core.models import Workspace
from ouderpartner.voice import feedback as services
from ouderpartner.voice import selectors
from ouderpartner.voice.forms import PerLanguageMixin, apply_errors
from ouderpartner.voice.models import Feedback, Questionnaire, Theme

NAV_SECTION = "voice"


class FeedbackForm(PerLanguageMixin, StyledFormMixin, forms.Form):
    questionnaire = forms.ModelChoiceField(
        label=gettext_lazy("Questionnaire"),
        queryset=Questionnaire.objects.none(),
        required=False,
        empty_label=gettext_lazy("Every questionnaire"),
        help_text=gettext_lazy("After which questionnaire parents see it."),
    )
    theme = forms.TypedChoiceField(
        label=gettext_lazy("Theme"),
        required=False,
        coerce=int,
        empty_value=None,
        help_text=gettext_lazy(
            "The theme in parents' answers this is about: accepted themes, by questionnaire."
        ),
    )
    published = forms.BooleanField(
        label=gettext_lazy("Show it to parents"),
        required=False,
        help_text=gettext_lazy("Parents see at most the three newest items on the thank-you page."),
    )

    def __init__(self, *args: Any, workspace: Workspace, instance: Feedback | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["questionnaire"].queryset = Questionnaire.objects.filter(workspace=workspace)
        themes = services.accepted_themes(workspace=workspace)
        if instance is not None and instance.theme_id and instance.theme not in themes:
            themes.append(instance.theme)  # still offered, so that saving keeps it
        self.themes = {theme.pk: theme for theme in themes}
        if themes:
            self.fields["theme"].choices = [("", _("No theme")), *_grouped(themes)]
        else:
            del self.fields["theme"]
        languages = selectors.workspace_languages(workspace)
        self.add_text_fields(
            "said",
            _("What parents said"),
            languages,
            initial=instance.said if instance else None,
            textarea=True,
            max_length=500,
        )
        self.add_text_fields(
            "done",
            _("What we did"),
            languages,
            initial=instance.done if instance else None,
            required=True,
            textarea=True,
            max_length=500,
        )
        if instance is not None:
            self.fields["questionnaire"].initial = instance.questionnaire_id
            self.fields["published"].initial = instance.published
            if "theme" in self.fields:
                self.fields["theme"].initial = instance.theme_id
        self.order_fields(
            ["questionnaire", "theme", *[n for n in self.fields if n[:5] in ("said_", "done_")]]
        )

    def data_for_service(self) -> dict[str, Any]:
        return {
            "questionnaire": self.cleaned_data["questionnaire"],
            "theme": self.themes.get(self.cleaned_data.get("theme") or 0),
            "said": self.texts("said"),
            "done": self.texts("done"),
            "published": self.cleaned_data["published"],
        }


def _grouped(themes: list[Theme]) -> list[tuple[str, list[tuple[int, str]]]]:
    """Choices grouped by questionnaire (an <optgroup> each), in the order given."""
    groups: dict[int, tuple[str, list[tuple[int, str]]]] = {}
    for theme in themes:
        label = theme.questionnaire.text("title", "nl")
        groups.setdefault(theme.questionnaire_id, (label, []))[1].append((theme.pk, theme.name))
    return list(groups.values())


def _url(request: HttpRequest, name: str, pk: int | None = None) -> str:
    kwargs: dict[str, Any] = {"ws": request.workspace.slug}
    if pk is not None:
        kwargs["pk"] = pk
    return reverse(f"voice:{name}", kwargs=kwargs)


def _crumbs(request: HttpRequest, *more: dict[str, str]) -> list[dict[str, str]]:
    return [{"label": _("You said, we did"), "url": _url(request, "feedback_list")}, *more]


def _rows(items: list[Feedback]) -> list[dict[str, Any]]:
    return [
        {
            "item": item,
            "said": item.said.get("nl", ""),
            "done": item.done.get("nl", ""),
            "questionnaire": item.questionnaire.text("title", "nl") if item.questionnaire else "",
            "theme": item.theme.name if item.theme else "",
        }
        for item in items
    ]


@workspace_view
def feedback_list(request: HttpRequest) -> HttpResponse:
    request.nav_section = NAV_SECTION
    items = services.feedback_list(workspace=request.workspace)
    context = {
        "title": _("You said, we did"),
        "rows": _rows(items),
        "can_edit": request.membership.is_coordinator,
        "breadcrumbs": [{"label": _("You said, we did")}],
    }
    return render(request, "voice/feedback_list.html", context)


def _form_page(request: HttpRequest, form: FeedbackForm, title: str) -> HttpResponse:
    context = {
        "title": title,
        "form": form,
        "languages": selectors.workspace_languages(request.workspace),
        "cancel_url": _url(request, "feedback_list"),
        "breadcrumbs": _crumbs(request, {"label": title}),
    }
    return render(request, "voice/feedback_form.html", context, status=400 if form.errors else 200)


@coordinator_view
@require_http_methods(["GET", "POST"])
def feedback_create(request: HttpRequest) -> HttpResponse:
    request.nav_section = NAV_SECTION
    form = FeedbackForm(request.POST or None, workspace=request.workspace)
    if request.method == "POST" and form.is_valid():
        try:
            services.feedback_create(
                workspace=request.workspace, actor=request.user, **form.data_for_service()
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The feedback item has been saved."))
            return redirect(_url(request, "feedback_list"))
    return _form_page(request, form, _("Add feedback for parents"))


@coordinator_view
@require_http_methods(["GET", "POST"])
def feedback_update(request: HttpRequest, pk: int) -> HttpResponse:
    request.nav_section = NAV_SECTION
    item = get_object_in_workspace(Feedback, workspace=request.workspace, pk=pk)
    form = FeedbackForm(request.POST or None, workspace=request.workspace, instance=item)
    if request.method == "POST" and form.is_valid():
        try:
            services.feedback_update(feedback=item, actor=request.user, **form.data_for_service())
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The feedback item has been saved."))
            return redirect(_url(request, "feedback_list"))
    return _form_page(request, form, _("Edit feedback for parents"))


@coordinator_view
@require_http_methods(["GET", "POST"])
def feedback_delete(request: HttpRequest, pk: int) -> HttpResponse:
    request.nav_section = NAV_SECTION
    item = get_object_in_workspace(Feedback, workspace=request.workspace, pk=pk)
    if request.method == "POST":
        services.feedback_delete(feedback=item, actor=request.user)
        messages.success(request, _("The feedback item has been deleted."))
        return redirect(_url(request, "feedback_list"))
    title = _("Delete this feedback item?")
    context = {
        "title": title,
        "item": item,
        "cancel_url": _url(request, "feedback_list"),
        "breadcrumbs": _crumbs(request, {"label": _("Delete")}),
    }
    return render(request, "voice/feedback_confirm_delete.html", context)
