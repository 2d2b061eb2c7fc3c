"""Forms for reach: the quick activity entry and partner tokens. Choices are limited to what the
member may use; the services hold the rules and do the writing."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ouderpartner.core.forms import StyledFormMixin
from ouderpartner.core.languages import PARENT_LANGUAGES
from ouderpartner.core.models import Membership, Workspace
from ouderpartner.network.models import Location, Neighbourhood, Organisation
from ouderpartner.programmes.models import Programme
from ouderpartner.reach.models import Activity

DATE_WIDGET = {"type": "date"}


class PlaceChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Location) -> str:
        if obj.name == obj.organisation.name:
            return obj.name
        return f"{obj.name} ({obj.organisation.name})"


def _language_label(code: str) -> str:
    language = PARENT_LANGUAGES[code]
    return f"{language.native_name} ({language.english_name})"


class ActivityForm(StyledFormMixin, forms.ModelForm):
    """The quick entry: big radio buttons and number fields, few required fields, defaults from the last entry."""

    languages = forms.MultipleChoiceField(
        label=_("Languages used"), required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Activity
        fields = [
            "organisation",
            "kind",
            "date",
            "end_date",
            "location",
            "programme",
            "parents",
            "target_group_parents",
            "first_time_parents",
            "languages",
            "interpreter_used",
            "materials_in_other_languages",
            "description",
        ]
        field_classes = {"location": PlaceChoiceField}
        widgets = {
            "kind": forms.RadioSelect,
            "date": forms.DateInput(attrs=DATE_WIDGET, format="%Y-%m-%d"),
            "end_date": forms.DateInput(attrs=DATE_WIDGET, format="%Y-%m-%d"),
            "parents": forms.NumberInput(attrs={"inputmode": "numeric", "min": 0}),
            "target_group_parents": forms.NumberInput(attrs={"inputmode": "numeric", "min": 0}),
            "first_time_parents": forms.NumberInput(attrs={"inputmode": "numeric", "min": 0}),
        }

    def __init__(self, *args: Any, workspace: Workspace, membership: Membership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        instance = self.instance
        own = None if membership.is_coordinator else membership.organisation_id
        locations = Location.objects.filter(workspace=workspace).select_related("organisation")
        if own:
            del self.fields["organisation"]
            locations = locations.filter(organisation_id=own)
        else:
            self.fields["organisation"].queryset = Organisation.objects.filter(
                Q(workspace=workspace, archived_at__isnull=True)
                | Q(workspace=workspace, pk=instance.organisation_id or 0)
            ).order_by("name")
        self.fields["location"].queryset = locations.filter(
            Q(archived_at__isnull=True) | Q(pk=instance.location_id or 0)
        ).order_by("name")
        self.fields["programme"].queryset = Programme.objects.filter(
            Q(workspace=workspace, archived_at__isnull=True)
            | Q(workspace=workspace, pk=instance.programme_id or 0)
        ).order_by("name")
        self.fields["kind"].choices = list(self.fields["kind"].choices)[1:]  # no empty radio button
        codes = [c for c in workspace.parent_languages if c in PARENT_LANGUAGES] or ["nl"]
        codes += [c for c in instance.languages or () if c in PARENT_LANGUAGES and c not in codes]
        self.fields["languages"].choices = [(c, _language_label(c)) for c in codes]
        self.fields["target_group_parents"].help_text = _(
            "Parents of children indicated for early education."
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        location = data.get("location")
        if "organisation" not in self.fields and location is not None:
            data["organisation"] = location.organisation
        elif (
            location is not None
            and data.get("organisation")
            and location.organisation_id != data["organisation"].pk
        ):
            self.add_error("location", _("Choose a place of this organisation."))
        return data

    def _post_clean(self) -> None:
        """The services validate the activity as a whole; the form checks only its own fields."""

    def service_data(self) -> dict[str, Any]:
        return {
            name: self.cleaned_data[name] for name in (*self.Meta.fields,) if name in self.cleaned_data
        } | {"organisation": self.cleaned_data["organisation"]}


class PartnerTokenForm(StyledFormMixin, forms.Form):
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=Organisation.objects.none())
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What the token is for, e.g. the name of the partner's system."),
    )

    def __init__(self, *args: Any, workspace: Workspace, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(
            workspace=workspace, archived_at__isnull=True
        ).order_by("name")


class NeighbourhoodChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Neighbourhood) -> str:
        return f"{obj.name} ({obj.code})"


class EstimateForm(StyledFormMixin, forms.Form):
    """An estimate entered by hand for one neighbourhood and year."""

    neighbourhood = NeighbourhoodChoiceField(label=_("Neighbourhood"), queryset=Neighbourhood.objects.none())
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    target_group_toddlers = forms.IntegerField(
        label=_("Target-group toddlers"),
        min_value=0,
        max_value=1_000_000,
        help_text=_("Toddlers (2.5-4 years) indicated for early education (VVE)."),
    )
    target_group_children = forms.IntegerField(
        label=_("Target-group children"),
        min_value=0,
        max_value=1_000_000,
        initial=0,
        help_text=_("Children of primary-school age (4-12) in the target group of the OAB policy."),
    )
    source_note = forms.CharField(
        label=_("Where the figure comes from"),
        max_length=300,
        required=False,
        help_text=_("E.g. the GGD indication list of 2025, or CBS figures of 2024 times 18%."),
    )

    def __init__(self, *args: Any, workspace: Workspace, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["neighbourhood"].queryset = Neighbourhood.objects.filter(workspace=workspace).order_by(
            "code"
        )


class EstimateDeriveForm(StyledFormMixin, forms.Form):
    """Estimates for every neighbourhood of a level from the CBS child counts times one share."""

    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    share_percent = forms.DecimalField(
        label=_("Share of children in the target group (%)"),
        min_value=0,
        max_value=100,
        max_digits=5,
        decimal_places=2,
        help_text=_("E.g. the share of toddlers with a VVE indication in your municipality."),
    )
    level = forms.ChoiceField(
        label=_("For every"), choices=Neighbourhood.Level.choices, widget=forms.RadioSelect
    )
    replace_entered = forms.BooleanField(label=_("Also replace estimates entered by hand"), required=False)
