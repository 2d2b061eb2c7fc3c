"""The subsidy form: Dutch or English amounts, choices limited to the workspace; the services write."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ouderpartner.core.forms import StyledFormMixin
from ouderpartner.core.models import Workspace
from ouderpartner.network.models import Neighbourhood, Organisation
from ouderpartner.programmes.models import PolicyDomain, Programme, Subsidy
from ouderpartner.programmes.subsidies import parse_amount

DATE_WIDGET = {"type": "date"}


class AmountField(forms.CharField):
    """An amount in euro typed as text: "1.234,56" and "1234.56" both work; negative or text is refused."""

    widget = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off", "maxlength": 30})

    def to_python(self, value: Any) -> Decimal | None:
        text = super().to_python(value)
        if text in self.empty_values:
            return None
        return parse_amount(text)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, Decimal):
            return f"{value:.2f}".replace(".", ",")
        return value


class NeighbourhoodChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Neighbourhood) -> str:
        return f"{obj.name} ({obj.parent.name})" if obj.parent_id else obj.name


class SubsidyForm(StyledFormMixin, forms.ModelForm):
    amount = AmountField(label=_("Amount (euro)"), help_text=_("E.g. 12.500 or 1.234,56."))

    class Meta:
        model = Subsidy
        fields = [
            "organisation",
            "purpose",
            "programme",
            "description",
            "policy_domain",
            "neighbourhood",
            "amount",
            "start_date",
            "end_date",
            "status",
            "reference",
            "conditions",
        ]
        field_classes = {"neighbourhood": NeighbourhoodChoiceField}
        widgets = {
            "start_date": forms.DateInput(attrs=DATE_WIDGET, format="%Y-%m-%d"),
            "end_date": forms.DateInput(attrs=DATE_WIDGET, format="%Y-%m-%d"),
            "conditions": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args: Any, workspace: Workspace, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        instance = self.instance
        keep = lambda name: Q(pk=getattr(instance, f"{name}_id")) if getattr(instance, f"{name}_id") else Q()  # noqa: E731
        self.fields["organisation"].queryset = Organisation.objects.filter(
            Q(workspace=workspace, archived_at__isnull=True) | (Q(workspace=workspace) & keep("organisation"))
        ).order_by("name")
        self.fields["programme"].queryset = Programme.objects.filter(
            Q(workspace=workspace, archived_at__isnull=True) | (Q(workspace=workspace) & keep("programme"))
        ).order_by("name")
        self.fields["programme"].help_text = _("Optional: the programme the money is for.")
        self.fields["policy_domain"].queryset = PolicyDomain.objects.filter(workspace=workspace)
        self.fields["neighbourhood"].queryset = (
            Neighbourhood.objects.filter(workspace=workspace)
            .select_related("parent")
            .order_by("name", "code")
        )
        self.fields["neighbourhood"].help_text = _(
            "Optional: where the money is spent, if it is for one district or neighbourhood."
        )
        self.fields["reference"].help_text = _("E.g. the decision number.")
