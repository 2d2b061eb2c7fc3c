"""Forms of the policy framework: the framework, its ambitions, a saved version's note, a status change
and an endorsement. Choices are limited to the workspace; the services hold the rules and write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ouderpartner.core.forms import StyledFormMixin
from ouderpartner.core.models import Workspace
from ouderpartner.network.models import Neighbourhood, Organisation
from ouderpartner.policy.models import Ambition, PolicyFramework
from ouderpartner.policy.services import MAX_NOTE_LENGTH
from ouderpartner.programmes.models import Approach, PolicyDomain, Programme, Transition
from ouderpartner.voice.forms import PerLanguageMixin
from ouderpartner.voice.selectors import workspace_languages

DATE_WIDGET = {"type": "date"}


class FrameworkForm(StyledFormMixin, PerLanguageMixin, forms.ModelForm):
    """Title, period, vision, approaches with the reasons, the municipality's role, the partners asked to
    endorse, and the consultation: an introduction for parents per language and a closing date."""

    approaches = forms.MultipleChoiceField(
        label=_("Approaches"),
        choices=Approach.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Network approach, continuous line 0-21, integral policy, or a mix."),
    )
    partners = forms.ModelMultipleChoiceField(
        label=_("Partners asked to endorse"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("When none are chosen, every active organisation of the workspace is asked."),
    )

    class Meta:
        model = PolicyFramework
        fields = [
            "title",
            "start_year",
            "end_year",
            "vision",
            "approaches",
            "approach_reasons",
            "municipal_role",
            "municipal_role_text",
            "partners",
            "consultation_closes_on",
        ]
        widgets = {
            "start_year": forms.NumberInput(attrs={"inputmode": "numeric", "min": 2000, "max": 2100}),
            "end_year": forms.NumberInput(attrs={"inputmode": "numeric", "min": 2000, "max": 2100}),
            "vision": forms.Textarea(attrs={"rows": 8}),
            "approach_reasons": forms.Textarea(attrs={"rows": 4}),
            "municipal_role": forms.RadioSelect,
            "municipal_role_text": forms.Textarea(attrs={"rows": 4}),
            "consultation_closes_on": forms.DateInput(attrs=DATE_WIDGET, format="%Y-%m-%d"),
        }
        labels = {"end_year": pgettext_lazy("period of a framework", "Last year")}

    def __init__(self, *args: Any, workspace: Workspace, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        chosen = list(self.instance.partners.values_list("pk", flat=True)) if self.instance.pk else []
        self.fields["partners"].queryset = Organisation.objects.filter(
            Q(workspace=workspace, archived_at__isnull=True) | Q(workspace=workspace, pk__in=chosen)
        ).order_by("name")
        self.fields["approaches"].initial = list(self.instance.approaches or [])
        self.add_text_fields(
            "consultation_intro",
            _("Introduction for parents"),
            workspace_languages(workspace),
            initial=self.instance.consultation_intro,
            textarea=True,
            help_text=_(
                "What parents read at the top of the consultation page, in plain words. "
                "Languages left empty show the Dutch text."
            ),
        )
        self.language_fields = [self[name] for name in self.fields if name.startswith("consultation_intro_")]

    def service_data(self) -> dict[str, Any]:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        data["consultation_intro"] = self.texts("consultation_intro")
        return data


class AmbitionForm(StyledFormMixin, PerLanguageMixin, forms.ModelForm):
    """An ambition: title, text, level, links to programmes, transitions, policy domains and
    neighbourhoods of the workspace, and a title and text for parents per language."""

    class Meta:
        model = Ambition
        fields = ["title", "text", "level", "programmes", "transitions", "policy_domains", "neighbourhoods"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 5}),
            "level": forms.RadioSelect,
            "programmes": forms.CheckboxSelectMultiple,
            "transitions": forms.CheckboxSelectMultiple,
            "policy_domains": forms.CheckboxSelectMultiple,
            "neighbourhoods": forms.SelectMultiple(attrs={"size": 8}),
        }

    def __init__(self, *args: Any, workspace: Workspace, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        instance = self.instance

        def linked(name: str) -> list[int]:
            return list(getattr(instance, name).values_list("pk", flat=True)) if instance.pk else []

        self.fields["programmes"].queryset = Programme.objects.filter(
            Q(workspace=workspace, archived_at__isnull=True)
            | Q(workspace=workspace, pk__in=linked("programmes"))
        ).order_by("name")
        self.fields["transitions"].queryset = Transition.objects.filter(workspace=workspace).order_by(
            "age_from_months", "id"
        )
        self.fields["policy_domains"].queryset = PolicyDomain.objects.filter(workspace=workspace).order_by(
            "position", "id"
        )
        self.fields["neighbourhoods"].queryset = Neighbourhood.objects.filter(workspace=workspace).order_by(
            "level", "name"
        )
        self.fields["neighbourhoods"].help_text = _(
            "Only where the ambition is about particular districts or neighbourhoods. "
            "Hold Ctrl (or Cmd) to choose more than one."
        )
        self.fields["level"].choices = [c for c in self.fields["level"].choices if c[0] != ""]
        languages = workspace_languages(workspace)
        self.add_text_fields(
            "parent_title",
            _("Title for parents"),
            languages,
            initial=instance.parent_title,
            max_length=200,
            help_text=_("In plain words, as parents read it on the consultation page."),
        )
        self.add_text_fields(
            "parent_text",
            _("Explanation for parents"),
            languages,
            initial=instance.parent_text,
            textarea=True,
        )
        self.main_fields = [self[name] for name in self.Meta.fields]
        self.language_groups = [
            {
                "language": language,
                "fields": [self[f"parent_title_{language.code}"], self[f"parent_text_{language.code}"]],
            }
            for language in languages
        ]

    def service_data(self) -> dict[str, Any]:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        data["parent_title"] = self.texts("parent_title")
        data["parent_text"] = self.texts("parent_text")
        return data


class VersionNoteForm(StyledFormMixin, forms.Form):
    note = forms.CharField(
        label=_("What changed"),
        max_length=MAX_NOTE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("A few words for whoever compares the versions later."),
        error_messages={"required": _("Say in a few words what changed in this version.")},
    )


class StatusForm(StyledFormMixin, forms.Form):
    note = forms.CharField(
        label=_("Note with this version"),
        required=False,
        max_length=MAX_NOTE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Optional. Without a note, the version says which status changed to which."),
    )


class EndorsementForm(StyledFormMixin, forms.Form):
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=MAX_NOTE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Optional, e.g. what your organisation will contribute."),
    )
