"""Form helpers: NL Design System classes on every widget."""

from django import forms
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
