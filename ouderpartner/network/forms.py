"""Forms for the network screens; they validate input, the services write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ouderpartner.core.forms import StyledFormMixin
from ouderpartner.core.languages import language_choices
from ouderpartner.core.models import Membership, Workspace
from ouderpartner.network.models import (
    ContactPerson,
    Location,
    Neighbourhood,
    Organisation,
    Partnership,
    TrustedPurpose,
)
from ouderpartner.network.selectors import neighbourhood_areas, organisations_for


class OrganisationForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Organisation
        fields = [
            "kind",
            "name",
            "brin",
            "lrk_number",
            "board_number",
            "denomination",
            "website",
            "phone",
            "email",
            "description",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
        }

    def clean_brin(self) -> str:
        return (self.cleaned_data.get("brin") or "").strip().upper()


class ContactPersonForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = ContactPerson
        fields = ["name", "role", "email", "phone"]
        widgets = {"phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "off"})}


class AreaChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Neighbourhood) -> str:
        return f"{obj.name} ({obj.parent.name})" if obj.parent_id else obj.name


class LocationForm(StyledFormMixin, forms.ModelForm):
    trusted_purposes = forms.MultipleChoiceField(
        label=_("What parents come here for"),
        choices=TrustedPurpose.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    staff_languages = forms.MultipleChoiceField(
        label=_("Languages spoken by staff"),
        choices=language_choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Location
        fields = [
            "organisation",
            "name",
            "branch_code",
            "street",
            "house_number",
            "postcode",
            "city",
            "neighbourhood",
            "latitude",
            "longitude",
            "is_trusted_place",
            "trusted_purposes",
            "trusted_notes",
            "staff_languages",
        ]
        field_classes = {"neighbourhood": AreaChoiceField}
        widgets = {"trusted_notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, workspace: Workspace, membership: Membership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        organisations = organisations_for(workspace=workspace).order_by("name")
        if not membership.is_coordinator:
            organisations = organisations.filter(pk=membership.organisation_id)
        self.fields["organisation"].queryset = organisations
        self.fields["neighbourhood"].queryset = neighbourhood_areas(workspace=workspace)
        self.fields["neighbourhood"].help_text = _("The CBS neighbourhood (buurt) the address lies in.")
        self.fields["latitude"].help_text = _("Optional; for the map. E.g. 52.090737.")
        self.fields["longitude"].help_text = _("Optional; for the map. E.g. 5.121420.")
        self.fields["postcode"].widget.attrs.update({"autocomplete": "off", "size": 8})


class NeighbourhoodFiguresForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Neighbourhood
        fields = [
            "year",
            "inhabitants",
            "children_0_14",
            "households",
            "households_with_children",
            "births",
            "source",
        ]


class PartnershipForm(StyledFormMixin, forms.ModelForm):
    organisations = forms.ModelMultipleChoiceField(
        label=_("Organisations"),
        queryset=Organisation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose at least two."),
    )

    class Meta:
        model = Partnership
        fields = ["name", "kind", "organisations", "agreements", "start_date", "end_date"]
        widgets = {
            "agreements": forms.Textarea(attrs={"rows": 6}),
            "start_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "end_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args: Any, workspace: Workspace, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisations"].queryset = organisations_for(workspace=workspace).order_by("name")

    def clean_organisations(self) -> Any:
        organisations = self.cleaned_data["organisations"]
        if len(organisations) < 2:
            raise forms.ValidationError(_("Choose at least two organisations."))
        return organisations

    def _save_m2m(self) -> None:  # the service sets the organisations
        pass


class ConfirmForm(forms.Form):
    """An empty form: archiving and restoring only need the POST (and its CSRF token)."""
