"""Form helpers: NL Design System classes on every widget; multiple choices of objects safe on SQLite."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms.widgets import Input

WIDGET_CLASSES = {
    forms.Select: "utrecht-select utrecht-select--html-select",
    forms.SelectMultiple: "utrecht-select utrecht-select--html-select",
    forms.Textarea: "utrecht-textarea utrecht-textarea--html-textarea",
    forms.CheckboxInput: "utrecht-checkbox utrecht-checkbox--html-input",
    forms.CheckboxSelectMultiple: "utrecht-checkbox utrecht-checkbox--html-input",
    forms.RadioSelect: "utrecht-radio-button utrecht-radio-button--html-input",
    forms.ClearableFileInput: "op-file-input",
    forms.FileInput: "op-file-input",
    Input: "utrecht-textbox utrecht-textbox--html-input",
}


class StyledFormMixin:
    """Adds the NL Design System class for each widget kind (most specific kind first)."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        for field in self.fields.values():  # type: ignore[attr-defined]
            for widget_type, css in WIDGET_CLASSES.items():
                if isinstance(field.widget, widget_type):
                    existing = field.widget.attrs.get("class", "")
                    field.widget.attrs["class"] = f"{existing} {css}".strip()
                    break

    def _clean_fields(self) -> None:
        for field in self.fields.values():  # type: ignore[attr-defined]
            if isinstance(field, forms.ModelMultipleChoiceField):
                _refuse_overflowing_ids(field)
        super()._clean_fields()  # type: ignore[misc]


def _refuse_overflowing_ids(field: forms.ModelMultipleChoiceField) -> None:
    """An id beyond 64 bits in a multiple choice is an invalid choice, not a 500.

    Django checks the chosen ids with one `pk__in` query; SQLite raises OverflowError for an integer it
    cannot store (found by fuzzing the forms, issue 8). A single choice is safe: Django's exact lookup
    treats an out-of-range integer as no match.
    """
    if getattr(field, "_overflow_guarded", False):
        return
    check = field._check_values

    def checked(value: Any) -> Any:
        try:
            return check(value)
        except OverflowError:
            raise ValidationError(
                field.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": "…"}
            ) from None

    field._check_values = checked  # type: ignore[method-assign]
    field._overflow_guarded = True  # type: ignore[attr-defined]
