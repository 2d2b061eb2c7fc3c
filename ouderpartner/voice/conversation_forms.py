"""Forms for conversation records and tags: choices limited to what the member may use; services write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ouderpartner.core.forms import StyledFormMixin
from ouderpartner.core.languages import PARENT_LANGUAGES
from ouderpartner.core.models import Membership, Workspace
from ouderpartner.network.models import Location, Neighbourhood, Organisation
from ouderpartner.programmes.models import Programme
from ouderpartner.voice.conversations import (
    CONTACT_RETENTION_DAYS,
    Finding,
    default_purge_date,
    personal_data_findings,
)
from ouderpartner.voice.models import Conversation, ConversationTag

DATE_WIDGET = {"type": "date"}
CONTACT_FIELDS = ("wants_contact", "contact", "contact_purge_after")


class PlaceChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Location) -> str:
        if obj.name == obj.organisation.name:
            return obj.name
        return f"{obj.name} ({obj.organisation.name})"


class NeighbourhoodChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Neighbourhood) -> str:
        return f"{obj.name} ({obj.parent.name})" if obj.parent_id else obj.name


def language_choices(workspace: Workspace) -> list[tuple[str, Any]]:
    """The workspace's parent languages first, then the others; each in its own name."""
    first = [code for code in workspace.parent_languages if code in PARENT_LANGUAGES]
    rest = [code for code in PARENT_LANGUAGES if code not in first]
    choices = [
        (code, f"{PARENT_LANGUAGES[code].native_name} ({PARENT_LANGUAGES[code].english_name})")
        for code in first
    ]
    if rest:
        choices.append(
            (
                _("Other languages"),
                [
                    (code, f"{PARENT_LANGUAGES[code].native_name} ({PARENT_LANGUAGES[code].english_name})")
                    for code in rest
                ],
            )
        )
    return [("", "---------"), *choices]


class ConversationForm(StyledFormMixin, forms.ModelForm):
    language = forms.ChoiceField(label=_("Language of the conversation"))
    confirm_personal_data = forms.BooleanField(
        label=_("Save anyway: I have checked that no name, phone number or e-mail address is in the text."),
        required=False,
    )

    class Meta:
        model = Conversation
        fields = [
            "organisation",
            "date",
            "location",
            "language",
            "neighbourhood",
            "child_age_band",
            "needs",
            "questions",
            "successes",
            "strengths",
            "tags",
            "follow_up",
            "referral_programme",
            "referral_organisation",
            *CONTACT_FIELDS,
        ]
        field_classes = {"location": PlaceChoiceField, "neighbourhood": NeighbourhoodChoiceField}
        widgets = {
            "date": forms.DateInput(attrs=DATE_WIDGET, format="%Y-%m-%d"),
            "contact_purge_after": forms.DateInput(attrs=DATE_WIDGET, format="%Y-%m-%d"),
            "needs": forms.Textarea(attrs={"rows": 3}),
            "questions": forms.Textarea(attrs={"rows": 3}),
            "successes": forms.Textarea(attrs={"rows": 3}),
            "strengths": forms.Textarea(attrs={"rows": 3}),
            "follow_up": forms.Textarea(attrs={"rows": 2}),
            "tags": forms.CheckboxSelectMultiple,
        }

    def __init__(
        self, *args: Any, workspace: Workspace, membership: Membership, show_contact: bool, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.workspace = workspace
        self.membership = membership
        self.findings: list[Finding] = []
        instance = self.instance
        own_organisation = None if membership.is_coordinator else membership.organisation_id
        if own_organisation:
            del self.fields["organisation"]
            organisation_filter = Q(organisation_id=own_organisation)
        else:
            self.fields["organisation"].queryset = Organisation.objects.filter(
                Q(workspace=workspace, archived_at__isnull=True)
                | Q(workspace=workspace, pk=instance.organisation_id or 0)
            ).order_by("name")
            organisation_filter = Q(is_trusted_place=True) | Q(organisation__kind="school")
        self.fields["location"].queryset = (
            Location.objects.filter(workspace=workspace)
            .filter((organisation_filter & Q(archived_at__isnull=True)) | Q(pk=instance.location_id or 0))
            .select_related("organisation")
            .order_by("organisation__name", "name")
        )
        self.fields["location"].label = _("Place")
        self.fields["location"].help_text = (
            _("A place of your organisation.")
            if own_organisation
            else _("A trusted place or school of the organisation chosen above.")
        )
        self.fields["neighbourhood"].queryset = (
            Neighbourhood.objects.filter(workspace=workspace)
            .select_related("parent")
            .order_by("name", "code")
        )
        self.fields["neighbourhood"].help_text = _("Leave empty to use the neighbourhood of the place.")
        self.fields["language"].choices = language_choices(workspace)
        self.fields["tags"].queryset = ConversationTag.objects.filter(workspace=workspace).order_by("name")
        self.fields["referral_programme"].queryset = Programme.objects.filter(
            Q(workspace=workspace, archived_at__isnull=True)
            | Q(workspace=workspace, pk=instance.referral_programme_id or 0)
        ).order_by("name")
        self.fields["referral_organisation"].queryset = Organisation.objects.filter(
            Q(workspace=workspace, archived_at__isnull=True)
            | Q(workspace=workspace, pk=instance.referral_organisation_id or 0)
        ).order_by("name")
        for name in ("needs", "questions", "successes", "strengths"):
            self.fields[name].help_text = _("Without names. Write what the parent said, in your own words.")
        if show_contact:
            self.fields["contact_purge_after"].help_text = _(
                "Leave empty for the standard: %(days)s days from today."
            ) % {"days": CONTACT_RETENTION_DAYS}
            if not instance.pk:
                self.fields["contact_purge_after"].widget.attrs["placeholder"] = (
                    default_purge_date().isoformat()
                )
        else:
            for name in CONTACT_FIELDS:
                del self.fields[name]
        self.show_contact = show_contact

    @property
    def theme_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in ("needs", "questions", "successes", "strengths")]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.show_contact:
            contact = (data.get("contact") or "").strip()
            if contact and not data.get("wants_contact"):
                self.add_error(
                    "contact", _("Keep contact details only when the parent asks to be contacted.")
                )
            if data.get("wants_contact") and not contact:
                self.add_error("contact", _("Write how the parent wants to be contacted."))
        today = timezone.localdate()
        if data.get("date") and data["date"] > today:
            self.add_error("date", _("The date cannot be in the future."))
        purge_after = data.get("contact_purge_after")
        if purge_after and not today <= purge_after <= default_purge_date(today):
            self.add_error(
                "contact_purge_after",
                _("Choose a date from today up to %(days)s days from today.")
                % {"days": CONTACT_RETENTION_DAYS},
            )
        if not any(data.get(name) for name in ("needs", "questions", "successes", "strengths")):
            self.add_error("needs", _("Write down at least one of the four themes."))
        return data

    def needs_confirmation(self) -> bool:
        """True when the texts look like they hold personal data and the member has not confirmed yet."""
        data = getattr(self, "cleaned_data", {})
        self.findings = personal_data_findings(data)
        return bool(self.findings) and not data.get("confirm_personal_data")

    def service_data(self) -> dict[str, Any]:
        data = {k: v for k, v in self.cleaned_data.items() if k != "confirm_personal_data"}
        if "organisation" not in self.fields:
            data["organisation"] = self.membership.organisation
        return data


class TagForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label=_("Name of the tag"), max_length=60)
