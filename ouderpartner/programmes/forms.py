"""Forms for programmes, offerings, policy domains and transitions; they validate input, the services write."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from ouderpartner.core.forms import StyledFormMixin
from ouderpartner.core.languages import language_choices
from ouderpartner.core.models import Membership, Workspace
from ouderpartner.network.models import Location, Organisation
from ouderpartner.programmes import selectors
from ouderpartner.programmes.models import MAX_AGE_MONTHS, Approach, Audience, Offering, Programme

MAX_AGE_YEARS = MAX_AGE_MONTHS // 12
DATE_WIDGET = {"type": "date"}


def months_to_years(months: int | None) -> str:
    """30 -> "2,5" (in the active language's number format); whole and half years stay short."""
    if months is None:
        return ""
    years = Decimal(months) / 12
    places = 0 if months % 12 == 0 else 1 if months % 6 == 0 else 2
    return number_format(round(years, places), decimal_pos=places)


class AgeInYearsField(forms.Field):
    """An age in years, e.g. 2 or 2.5 (a comma works too), as months; 0 to 21."""

    widget = forms.TextInput

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.widget.attrs.update({"inputmode": "decimal", "size": 6, "autocomplete": "off", "maxlength": 12})

    def to_python(self, value: Any) -> int | None:
        text = str(value if value is not None else "").strip().lower().replace(",", ".")
        for suffix in ("jaar", "years", "year", "jr"):
            if text.endswith(suffix):
                text = text[: -len(suffix)].strip()
                break
        if text in self.empty_values:
            return None
        try:
            years = Decimal(text[:12])
        except InvalidOperation as error:
            raise ValidationError(
                _("Enter an age in years as a number, for example 4 or 2.5."), code="invalid"
            ) from error
        if not years.is_finite() or years < 0 or years > MAX_AGE_YEARS:
            raise ValidationError(
                _("Enter an age from 0 to %(max)s years.") % {"max": MAX_AGE_YEARS}, code="range"
            )
        return int((years * 12).to_integral_value())


class ProgrammeForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=150)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    kind = forms.ChoiceField(label=_("Kind"), choices=Programme.Kind.choices)
    age_from = AgeInYearsField(
        label=_("From age (years)"), help_text=_("In years, from 0 to 21; half years too, e.g. 2.5.")
    )
    age_to = AgeInYearsField(label=_("To age (years)"), help_text=_("In years, from 0 to 21; e.g. 4 or 12."))
    audience = forms.ChoiceField(label=_("Who it is for"), choices=Audience.choices)
    languages = forms.MultipleChoiceField(
        label=_("Languages it is offered in"),
        choices=language_choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    policy_domains = forms.ModelMultipleChoiceField(
        label=_("Policy domains"), queryset=None, widget=forms.CheckboxSelectMultiple, required=False
    )
    approaches = forms.MultipleChoiceField(
        label=_("Approaches it serves"),
        choices=Approach.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    transitions = forms.ModelMultipleChoiceField(
        label=_("Transitions it relates to"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    funding_source = forms.CharField(
        label=_("Funding source"),
        max_length=200,
        required=False,
        help_text=_("E.g. the municipality's budget for educational disadvantage, or a national grant."),
    )
    start_date = forms.DateField(label=_("Runs from"), required=False, widget=forms.DateInput(DATE_WIDGET))
    end_date = forms.DateField(label=_("Runs until"), required=False, widget=forms.DateInput(DATE_WIDGET))

    def __init__(self, *args: Any, workspace: Workspace, programme: Programme | None = None, **kwargs: Any):
        if programme is not None and "initial" not in kwargs:
            kwargs["initial"] = self.initial_for(programme)
        super().__init__(*args, **kwargs)
        self.fields["policy_domains"].queryset = selectors.policy_domains(workspace=workspace)
        self.fields["transitions"].queryset = selectors.transitions(workspace=workspace)
        for name in ("start_date", "end_date"):
            self.fields[name].widget.format = "%Y-%m-%d"

    @staticmethod
    def initial_for(programme: Programme) -> dict[str, Any]:
        return {
            "name": programme.name,
            "description": programme.description,
            "website": programme.website,
            "kind": programme.kind,
            "age_from": months_to_years(programme.age_from_months),
            "age_to": months_to_years(programme.age_to_months),
            "audience": programme.audience,
            "languages": programme.languages,
            "policy_domains": list(programme.policy_domains.all()),
            "approaches": programme.approaches,
            "transitions": list(programme.transitions.all()),
            "funding_source": programme.funding_source,
            "start_date": programme.start_date,
            "end_date": programme.end_date,
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        age_from, age_to = data.get("age_from"), data.get("age_to")
        if age_from is not None and age_to is not None and age_to < age_from:
            self.add_error("age_to", _("The end age is below the start age."))
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end date is before the start date."))
        return data

    def service_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["age_from_months"] = data.pop("age_from")
        data["age_to_months"] = data.pop("age_to")
        return data


# Model errors on these fields are shown on the form's fields of another name.
FIELD_ALIASES = {"age_from_months": "age_from", "age_to_months": "age_to"}


def apply_errors(form: forms.Form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form's fields (or at the top), so nothing is lost."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            field = FIELD_ALIASES.get(field, field)
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


class OfferingForm(StyledFormMixin, forms.Form):
    programme = forms.ModelChoiceField(label=_("Programme"), queryset=None)
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=None, help_text=_("The partner that runs it.")
    )
    locations = forms.ModelMultipleChoiceField(
        label=_("Locations"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Where it runs: locations of that organisation."),
        error_messages={"invalid_choice": _("Choose locations of the organisation that runs it.")},
    )
    start_date = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(DATE_WIDGET))
    end_date = forms.DateField(label=_("Until"), required=False, widget=forms.DateInput(DATE_WIDGET))
    capacity = forms.IntegerField(
        label=_("Capacity"),
        required=False,
        min_value=0,
        max_value=1_000_000,
        help_text=_("How many families or children can take part."),
        error_messages={
            "min_value": _("The capacity cannot be negative."),
            "invalid": _("Enter the capacity as a whole number, e.g. 12."),
        },
    )
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(
        self,
        *args: Any,
        workspace: Workspace,
        membership: Membership,
        offering: Offering | None = None,
        **kwargs: Any,
    ) -> None:
        if offering is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "programme": offering.programme_id,
                "organisation": offering.organisation_id,
                "locations": list(offering.locations.all()),
                "start_date": offering.start_date,
                "end_date": offering.end_date,
                "capacity": offering.capacity,
                "notes": offering.notes,
            }
        super().__init__(*args, **kwargs)
        programmes = selectors.programmes_for_choice(workspace=workspace)
        if offering is not None:
            programmes = programmes | Programme.objects.filter(pk=offering.programme_id)
        self.fields["programme"].queryset = programmes.order_by("name")
        organisations = selectors.organisations_for_offerings(workspace=workspace)
        if not membership.is_coordinator:
            organisations = organisations.filter(pk=membership.organisation_id)
        self.fields["organisation"].queryset = organisations
        locations = Location.objects.filter(workspace=workspace, archived_at__isnull=True)
        organisation_id = self._organisation_id()
        if organisation_id is not None:
            locations = locations.filter(organisation_id=organisation_id)
            self.fields["locations"].label_from_instance = lambda loc: loc.name
        else:
            self.fields["locations"].label_from_instance = lambda loc: f"{loc.organisation.name}: {loc.name}"
        self.fields["locations"].queryset = locations.select_related("organisation").order_by(
            "organisation__name", "name"
        )
        for name in ("start_date", "end_date"):
            self.fields[name].widget.format = "%Y-%m-%d"

    def _organisation_id(self) -> int | None:
        raw = self.data.get("organisation") if self.is_bound else self.initial.get("organisation")
        if isinstance(raw, Organisation):
            return raw.pk
        return int(raw) if str(raw or "").isdecimal() else None

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        organisation = data.get("organisation")
        locations = data.get("locations") or []
        if organisation is not None and any(loc.organisation_id != organisation.pk for loc in locations):
            self.add_error("locations", _("Choose locations of the organisation that runs it."))
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end date is before the start date."))
        return data


class PolicyDomainForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=80, required=False)


class TransitionForm(StyledFormMixin, forms.Form):
    parent_needs = forms.CharField(
        label=_("What parents need then"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    programmes = forms.ModelMultipleChoiceField(
        label=_("Programmes"), queryset=None, widget=forms.CheckboxSelectMultiple, required=False
    )
    partnerships = forms.ModelMultipleChoiceField(
        label=_("Partnerships"), queryset=None, widget=forms.CheckboxSelectMultiple, required=False
    )

    def __init__(self, *args: Any, workspace: Workspace, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["programmes"].queryset = selectors.programmes_for_choice(workspace=workspace)
        self.fields["partnerships"].queryset = selectors.partnerships_for_choice(workspace=workspace)
