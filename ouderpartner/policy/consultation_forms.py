"""Forms of the consultation: the parent's answer on one screen, and a coordinator's moderation decision."""

from __future__ import annotations

from django import forms
from django.http import QueryDict

from ouderpartner.policy.models import ConsultationComment

Status = ConsultationComment.Status


class ReactionForm(forms.Form):
    """One plan's screen: the reaction card and the optional comment (checked in consultation_services)."""

    reaction = forms.ChoiceField(choices=ConsultationComment.Reaction.choices, required=False)
    comment = forms.CharField(required=False, strip=True)

    def raw(self, name: str) -> str:
        """What was posted for a field, as text ("" when missing or sent more than once)."""
        values = self.data.getlist(name) if isinstance(self.data, QueryDict) else [self.data.get(name, "")]
        return values[0] if len(values) == 1 and isinstance(values[0], str) else ""


class DecisionForm(forms.Form):
    """Approve or hide: one row's button ("approved:12") or a bulk button with the ticked comments."""

    one = forms.CharField(required=False)
    decision = forms.ChoiceField(choices=[(s, s) for s in (Status.APPROVED, Status.HIDDEN)], required=False)

    def __init__(self, data: QueryDict) -> None:
        super().__init__(data)
        self.ticked = [int(value) for value in data.getlist("comments") if value.isdecimal()]

    def decided(self) -> tuple[str, list[int]]:
        """(decision, comment ids); an unknown decision comes back as "" for the service to refuse."""
        one = self.data.get("one", "")
        if one:
            decision, _sep, pk = one.partition(":")
            return decision, [int(pk)] if pk.isdecimal() else []
        return self.data.get("decision", ""), self.ticked
