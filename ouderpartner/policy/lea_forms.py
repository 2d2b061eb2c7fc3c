"""Forms for the LEA: meetings, agenda items, agreements, the status of an agreement, attaching a live
meeting and taking one of its results into the policy. Choices are limited to the workspace."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ouderpartner.core.forms import StyledFormMixin
from ouderpartner.core.models import Workspace
from ouderpartner.live.models import LiveSession
from ouderpartner.network.models import Organisation
from ouderpartner.policy.models import AgendaItem, Agreement, Ambition, LeaMeeting, Level, PolicyFramework

DATE_WIDGET = {"type": "date"}


def _organisations(workspace: Workspace, chosen: list[int]) -> Any:
    """The workspace's active organisations, plus archived ones that are already chosen."""
    return Organisation.objects.filter(
        Q(workspace=workspace, archived_at__isnull=True) | Q(workspace=workspace, pk__in=chosen)
    ).order_by("name")


class AmbitionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Ambition) -> str:
        return f"{obj.title} ({obj.framework.title})"


class LiveSessionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: LiveSession) -> str:
        when = obj.scheduled_for or obj.created_at
        return f"{obj.text('title')} ({when:%d-%m-%Y})" if when else obj.text("title")


def _ambitions(workspace: Workspace) -> Any:
    return (
        Ambition.objects.filter(workspace=workspace)
        .select_related("framework")
        .order_by("framework__title", "position", "id")
    )


class LeaMeetingForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = LeaMeeting
        fields = ["title", "date", "place", "framework", "participants", "other_participants", "decisions"]
        widgets = {
            "date": forms.DateInput(attrs=DATE_WIDGET, format="%Y-%m-%d"),
            "participants": forms.CheckboxSelectMultiple,
            "other_participants": forms.Textarea(attrs={"rows": 2}),
            "decisions": forms.Textarea(attrs={"rows": 6}),
        }
        help_texts = {
            "participants": _("The organisations that took part (participants by organisation)."),
            "other_participants": _("Roles, not names, e.g. alderman, policy adviser for education."),
            "decisions": _(
                "What the meeting decided. Agreements (who does what by when) are added separately."
            ),
        }

    def __init__(self, *args: Any, workspace: Workspace, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        chosen = list(self.instance.participants.values_list("pk", flat=True)) if self.instance.pk else []
        self.fields["participants"].queryset = _organisations(workspace, chosen)
        self.fields["framework"].queryset = PolicyFramework.objects.filter(workspace=workspace).order_by(
            "-start_year", "title"
        )

    def service_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["participants"] = list(data["participants"])
        return data


class AgendaItemForm(StyledFormMixin, forms.ModelForm):
    ambition = AmbitionChoiceField(
        queryset=Ambition.objects.none(), required=False, label=_("about the ambition")
    )

    class Meta:
        model = AgendaItem
        fields = ["title", "text", "ambition"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, workspace: Workspace, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["ambition"].queryset = _ambitions(workspace)


class AgreementForm(StyledFormMixin, forms.ModelForm):
    ambition = AmbitionChoiceField(queryset=Ambition.objects.none(), required=False, label=_("ambition"))

    class Meta:
        model = Agreement
        fields = ["what", "organisations", "due_on", "status", "ambition", "meeting"]
        widgets = {
            "what": forms.Textarea(attrs={"rows": 3}),
            "organisations": forms.CheckboxSelectMultiple,
            "due_on": forms.DateInput(attrs=DATE_WIDGET, format="%Y-%m-%d"),
        }
        help_texts = {
            "organisations": _(
                "The organisations that carry out the agreement. Their professionals may update its status."
            ),
        }

    def __init__(self, *args: Any, workspace: Workspace, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        chosen = list(self.instance.organisations.values_list("pk", flat=True)) if self.instance.pk else []
        self.fields["organisations"].queryset = _organisations(workspace, chosen)
        self.fields["ambition"].queryset = _ambitions(workspace)
        self.fields["meeting"].queryset = LeaMeeting.objects.filter(workspace=workspace).order_by(
            "-date", "-id"
        )

    def service_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["organisations"] = list(data["organisations"])
        return data


class AgreementStatusForm(StyledFormMixin, forms.Form):
    status = forms.ChoiceField(label=_("status"), choices=Agreement.Status.choices, widget=forms.RadioSelect)


class AttachLiveForm(StyledFormMixin, forms.Form):
    live_session = LiveSessionChoiceField(
        queryset=LiveSession.objects.none(),
        required=False,
        label=_("live meeting"),
        empty_label=_("(none)"),
        help_text=_(
            "A meeting of Ouderpartner's live meetings, e.g. the knowledge meeting held with partners."
        ),
    )

    def __init__(self, *args: Any, workspace: Workspace, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["live_session"].queryset = LiveSession.objects.filter(workspace=workspace).order_by(
            "-created_at", "-id"
        )


class ChooseMeetingForm(StyledFormMixin, forms.Form):
    meeting = forms.ModelChoiceField(queryset=LeaMeeting.objects.none(), label=_("LEA meeting"))

    def __init__(self, *args: Any, workspace: Workspace, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = LeaMeeting.objects.filter(workspace=workspace).order_by(
            "-date", "-id"
        )


class HandOverTakeForm(StyledFormMixin, forms.Form):
    """What a live meeting's result becomes: a draft ambition (framework and level) or an agenda item."""

    AMBITION = "ambition"
    AGENDA_ITEM = "agenda_item"

    becomes = forms.ChoiceField(
        label=_("Turn it into"),
        choices=[(AMBITION, _("a draft ambition")), (AGENDA_ITEM, _("an agenda item of this LEA meeting"))],
        widget=forms.RadioSelect,
    )
    framework = forms.ModelChoiceField(
        queryset=PolicyFramework.objects.none(),
        required=False,
        label=_("framework"),
        help_text=_("For a draft ambition: the framework it belongs to."),
    )
    level = forms.TypedChoiceField(
        label=_("level"),
        choices=Level.choices,
        coerce=int,
        required=False,
        widget=forms.RadioSelect,
        help_text=_("For a draft ambition."),
    )

    def __init__(self, *args: Any, workspace: Workspace, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["framework"].queryset = PolicyFramework.objects.filter(workspace=workspace).order_by(
            "-start_year", "title"
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("becomes") == self.AMBITION:
            if not data.get("framework"):
                self.add_error("framework", _("Choose the framework the ambition belongs to."))
            if not data.get("level"):
                self.add_error("level", _("Choose a level."))
        return data
