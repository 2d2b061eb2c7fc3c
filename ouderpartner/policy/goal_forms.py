"""Forms for goals, indicators, hand-entered values and actions; choices limited to the workspace."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ouderpartner.core.forms import StyledFormMixin
from ouderpartner.core.models import Workspace

from . import goal_selectors as selectors
from .goal_services import INDICATOR_FIELDS
from .indicators import LIVE_READERS, PARAMETERS, check_parameters
from .models import Action, Goal, Indicator, IndicatorValue

YEAR_WIDGET = forms.NumberInput(attrs={"inputmode": "numeric", "min": 2000, "max": 2100})


class _DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class GoalForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Goal
        fields = ["title", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}

    def service_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


def _question_label(question: Any) -> str:
    return f"{question.questionnaire} — {question.text.get('nl') or next(iter(question.text.values()), question.name)}"


def _reader_help() -> str:
    lines = []
    for reader in LIVE_READERS.values():
        needs = ", ".join(str(PARAMETERS[name]) for name in reader.needs)
        text = f"{reader.label}: {reader.help}"
        if needs:
            text += " " + str(_("Needs: %(parameters)s.") % {"parameters": needs})
        lines.append(text)
    return " ".join(lines)


class IndicatorForm(StyledFormMixin, forms.ModelForm):
    """Live (choose the value, then its parameters) or by hand (kind, unit, source); baseline and target."""

    live_key = forms.ChoiceField(
        label=_("Value read from Ouderpartner"),
        required=False,
        help_text=_(
            "Only for a live indicator. Some values need a neighbourhood, questionnaire or question below."
        ),
    )

    class Meta:
        model = Indicator
        fields = list(INDICATOR_FIELDS)
        widgets = {
            "source": forms.RadioSelect,
            "direction": forms.RadioSelect,
            "baseline_year": YEAR_WIDGET,
            "target_year": YEAR_WIDGET,
        }
        help_texts = {
            "value_kind": _(
                "For a value entered by hand. A number of people is published rounded, and hidden under k."
            ),
            "unit": _("E.g. parents, schools, %. For a live value its own unit is used when left empty."),
            "neighbourhood": _(
                "For reach, conversations, responses, scores and offerings: one neighbourhood or a district."
            ),
            "programme": _("Only for offerings: count the offerings of one programme."),
            "questionnaire": _("For the number of responses."),
            "question": _("For a score: a scale question."),
            "baseline": _("The value at the start."),
            "target": _("The value to reach."),
        }

    def __init__(self, *args: Any, workspace: Workspace, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.workspace = workspace
        self.fields["source"].choices = list(Indicator.Source.choices)
        self.fields["live_key"].choices = [
            ("", _("— choose —")),
            *((k, r.label) for k, r in LIVE_READERS.items()),
        ]
        self.fields["neighbourhood"].queryset = selectors.neighbourhoods_for_choice(workspace=workspace)
        self.fields["programme"].queryset = selectors.programmes_for_choice(workspace=workspace)
        self.fields["questionnaire"].queryset = selectors.questionnaires_for_choice(workspace=workspace)
        self.fields["question"].queryset = selectors.scale_questions_for_choice(workspace=workspace)
        self.fields["question"].label_from_instance = _question_label
        self.fields["value_kind"].required = False
        self.fields["direction"].choices = list(Indicator.Direction.choices)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        source = data.get("source")
        if source == Indicator.Source.LIVE:
            if not data.get("live_key"):
                self.add_error("live_key", _("Choose which value to read."))
            else:
                probe = Indicator(workspace=self.workspace, source=source, live_key=data["live_key"])
                for name in PARAMETERS:
                    setattr(probe, name, data.get(name))
                for name, message in check_parameters(probe).items():
                    if name in self.fields and name not in self.errors:
                        self.add_error(name, message)
        elif source == Indicator.Source.MANUAL:
            if not data.get("value_kind"):
                self.add_error("value_kind", _("Say what kind of value is entered."))
            # A value entered by hand reads nothing live: what was chosen for a live value is let go.
            for name in PARAMETERS:
                data[name] = None
            data["live_key"] = ""
        return data

    def _post_clean(self) -> None:
        # The service validates the model (with the reader's kind and unit); nothing is lost on error.
        pass

    def service_data(self) -> dict[str, Any]:
        data = {name: self.cleaned_data.get(name) for name in INDICATOR_FIELDS}
        for name in ("live_key", "unit", "manual_source"):
            data[name] = data[name] or ""
        if not data["value_kind"]:
            data["value_kind"] = Indicator.ValueKind.NUMBER
        return data


class IndicatorValueForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = IndicatorValue
        fields = ["year", "value", "source"]
        widgets = {"year": YEAR_WIDGET}
        help_texts = {"source": _("Where the value comes from, e.g. the GGD youth monitor 2025.")}

    def __init__(self, *args: Any, indicator: Indicator, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.indicator = indicator
        self.fields["source"].required = not indicator.manual_source
        if indicator.manual_source:
            self.fields["source"].help_text = _("Leave empty to use the indicator's source: %(source)s.") % {
                "source": indicator.manual_source
            }

    def clean_year(self) -> int:
        year = self.cleaned_data["year"]
        others = IndicatorValue.objects.filter(indicator=self.indicator, year=year)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError(_("There is already a value for this year; change that one."))
        return year

    def _post_clean(self) -> None:
        pass

    def service_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class ActionForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Action
        fields = ["ambition", "title", "text", "owner", "due_on", "status", "progress_note"]
        widgets = {
            "due_on": _DateInput(),
            "text": forms.Textarea(attrs={"rows": 3}),
            "progress_note": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, workspace: Workspace, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["ambition"].queryset = selectors.ambitions_for_choice(workspace=workspace)
        self.fields["ambition"].label_from_instance = lambda a: f"{a.framework.title}: {a.title}"
        self.fields["owner"].queryset = selectors.organisations_for_choice(workspace=workspace)

    def _post_clean(self) -> None:
        pass

    def service_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class ActionProgressForm(StyledFormMixin, forms.ModelForm):
    """What the owner organisation updates: the status and a note on progress."""

    class Meta:
        model = Action
        fields = ["status", "progress_note"]
        widgets = {"status": forms.RadioSelect, "progress_note": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = list(Action.Status.choices)

    def _post_clean(self) -> None:
        pass

    def service_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}
