"""Forms for the self-scan: for whom a scan is started, and one section of statements with a note."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ouderpartner.core.forms import StyledFormMixin
from ouderpartner.core.models import Membership, Workspace
from ouderpartner.network.models import Organisation
from ouderpartner.policy import selfscan
from ouderpartner.policy.scan_services import NOTE_MAX_LENGTH

MUNICIPALITY = ""
MAX_RADIO_CHOICES = 12  # more organisations than this: a drop-down list instead of radio buttons


class ScanStartForm(StyledFormMixin, forms.Form):
    """A coordinator chooses the municipality or a partner; a professional's scan is their organisation's."""

    organisation = forms.ChoiceField(
        label=_("For whom is this scan?"),
        required=False,
        widget=forms.RadioSelect,
        help_text=_("A partner can also fill in the scan for its own organisation."),
    )

    def __init__(self, *args: Any, workspace: Workspace, membership: Membership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.membership = membership
        if membership.is_coordinator:
            organisations = (
                Organisation.objects.filter(workspace=workspace).order_by("name").only("pk", "name")
            )
            self.organisations = {str(o.pk): o for o in organisations}
            self.fields["organisation"].choices = [
                (MUNICIPALITY, _("The municipality (our own scan)")),
                *[(pk, o.name) for pk, o in self.organisations.items()],
            ]
            self.fields["organisation"].initial = MUNICIPALITY
            if len(self.organisations) > MAX_RADIO_CHOICES:
                self.fields["organisation"].widget = forms.Select(
                    choices=self.fields["organisation"].choices,
                    attrs={"class": "utrecht-select utrecht-select--html-select"},
                )
        else:
            del self.fields["organisation"]

    def chosen_organisation(self) -> Organisation | None:
        if not self.membership.is_coordinator:
            return self.membership.organisation
        return self.organisations.get(self.cleaned_data.get("organisation") or "")

    def clean_organisation(self) -> str:
        value = self.cleaned_data.get("organisation") or MUNICIPALITY
        if value != MUNICIPALITY and value not in self.organisations:
            raise forms.ValidationError(_("Choose the municipality or one of the organisations."))
        return value


SCALE_CHOICES = [(str(value), label) for value, label in selfscan.SCALE]


class ScanSectionForm(StyledFormMixin, forms.Form):
    """The statements of one section, each on the four-point scale or "don't know", and a note.

    Every answer is optional here, so progress can be saved; completing the scan needs them all.
    """

    def __init__(self, *args: Any, section: selfscan.Section, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.section = section
        self.statements = selfscan.statements_of(section.key)
        for statement in self.statements:
            self.fields[statement.key] = forms.TypedChoiceField(
                label=statement.text,
                choices=SCALE_CHOICES,
                coerce=int,
                required=False,
                empty_value=None,
                widget=forms.RadioSelect,
            )
        self.fields["note"] = forms.CharField(
            label=_("Note on this part"),
            required=False,
            max_length=NOTE_MAX_LENGTH,
            widget=forms.Textarea(attrs={"rows": 3}),
            help_text=_(
                "For example what you based your answers on, or whom you could ask. No names of parents."
            ),
        )

    @classmethod
    def initial_for(
        cls, section: selfscan.Section, answers: dict[str, Any], notes: dict[str, Any]
    ) -> dict[str, Any]:
        initial: dict[str, Any] = {
            s.key: str(answers[s.key]) for s in selfscan.statements_of(section.key) if s.key in answers
        }
        initial["note"] = notes.get(section.key, "") if isinstance(notes.get(section.key), str) else ""
        return initial

    def answers(self) -> dict[str, int | None]:
        return {statement.key: self.cleaned_data.get(statement.key) for statement in self.statements}
