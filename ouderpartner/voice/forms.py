"""Forms of the questionnaire builder: one text field per language; they validate input, the services write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ouderpartner.core.forms import StyledFormMixin
from ouderpartner.core.languages import ParentLanguage
from ouderpartner.core.models import Workspace
from ouderpartner.voice import pictograms, recordings, selectors, services
from ouderpartner.voice.models import Option, Question, Questionnaire

TEXTBOX_CLASS = "utrecht-textbox utrecht-textbox--html-input"
TEXTAREA_CLASS = "utrecht-textarea utrecht-textarea--html-textarea"


def _language_attrs(language: ParentLanguage) -> dict[str, str]:
    attrs = {"lang": language.code}
    if language.rtl:
        attrs["dir"] = "rtl"
    return attrs


class PerLanguageMixin:
    """Adds `<name>_<code>` fields for each language; Dutch first and required for the required texts."""

    fields: dict[str, forms.Field]

    def add_text_fields(
        self,
        name: str,
        label: Any,
        languages: list[ParentLanguage],
        *,
        initial: dict[str, str] | None = None,
        required: bool = False,
        textarea: bool = False,
        max_length: int = 2000,
        help_text: Any = "",
    ) -> None:
        for language in languages:
            attrs = _language_attrs(language)
            if textarea:
                widget = forms.Textarea(attrs={"rows": 3, "class": TEXTAREA_CLASS, **attrs})
            else:
                widget = forms.TextInput(attrs={"class": TEXTBOX_CLASS, **attrs})
            self.fields[f"{name}_{language.code}"] = forms.CharField(
                label=f"{label} – {language.native_name}",
                required=required and language.code == "nl",
                max_length=max_length,
                widget=widget,
                initial=(initial or {}).get(language.code, ""),
                help_text=help_text if language.code == "nl" else "",
                error_messages={
                    "required": _("Write this in Dutch (Nederlands); the other languages are optional.")
                },
            )

    def texts(self, name: str) -> dict[str, str]:
        prefix = f"{name}_"
        cleaned: dict[str, Any] = self.cleaned_data  # type: ignore[attr-defined]
        return {
            key[len(prefix) :]: value for key, value in cleaned.items() if key.startswith(prefix) and value
        }


def apply_errors(form: forms.Form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: "title" lands on "title_nl", unknown fields at the top."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            target = (
                field if field in form.fields else f"{field}_nl" if f"{field}_nl" in form.fields else None
            )
            form.add_error(target, errors)
    else:
        form.add_error(None, error)


class QuestionnaireForm(PerLanguageMixin, StyledFormMixin, forms.Form):
    languages = forms.MultipleChoiceField(
        label=_("Languages"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Dutch is always included. After saving, a field appears for each language you add."),
    )

    def __init__(
        self, *args: Any, workspace: Workspace, questionnaire: Questionnaire | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        choices = [(lang.code, lang.native_name) for lang in selectors.workspace_languages(workspace)]
        self.fields["languages"].choices = choices
        if questionnaire is None:
            shown = selectors.workspace_languages(workspace)[:1]
            self.fields["languages"].initial = [code for code, _label in choices]
            values: dict[str, dict[str, str]] = {}
        else:
            shown = selectors.questionnaire_languages(questionnaire)
            self.fields["languages"].initial = [lang.code for lang in shown]
            values = {
                "title": questionnaire.title,
                "intro": questionnaire.intro,
                "thank_you": questionnaire.thank_you,
            }
        self.add_text_fields(
            "title", _("Title"), shown, initial=values.get("title"), required=True, max_length=200
        )
        self.add_text_fields(
            "intro",
            _("Introduction"),
            shown,
            initial=values.get("intro"),
            textarea=True,
            help_text=_("Short and plain: what it is about, how long it takes, that it is anonymous."),
        )
        self.add_text_fields(
            "thank_you", _("Thank-you text"), shown, initial=values.get("thank_you"), textarea=True
        )
        # Languages last: the texts come first on the page.
        self.fields["languages"] = self.fields.pop("languages")

    def clean_languages(self) -> list[str]:
        return ["nl", *[code for code in self.cleaned_data["languages"] if code != "nl"]]

    def service_data(self) -> dict[str, Any]:
        return {
            "title": self.texts("title"),
            "intro": self.texts("intro"),
            "thank_you": self.texts("thank_you"),
            "languages": self.cleaned_data["languages"],
        }


class QuestionForm(PerLanguageMixin, StyledFormMixin, forms.Form):
    name = forms.CharField(
        label=_("Short name"),
        max_length=60,
        help_text=_("For exports: lower-case letters, digits and underscores, e.g. reading_at_home."),
    )
    kind = forms.ChoiceField(label=_("Kind of question"), choices=Question.Kind.choices)
    required = forms.BooleanField(label=_("An answer is required"), required=False)
    scale_min = forms.IntegerField(
        label=_("Scale from"), min_value=0, max_value=10, initial=1, help_text=_("Only for a scale.")
    )
    scale_max = forms.IntegerField(
        label=_("Scale to"),
        min_value=1,
        max_value=10,
        initial=5,
        help_text=_("Only for a scale. Up to 5 steps are shown as faces."),
    )
    show_if_question = forms.ModelChoiceField(
        label=_("Show only if this earlier question…"),
        queryset=Question.objects.none(),
        required=False,
        empty_label=_("(always show)"),
        error_messages={"invalid_choice": _("Choose a question that comes earlier in the list.")},
    )
    show_if_value = forms.CharField(
        label=_("…has this answer"),
        max_length=60,
        required=False,
        help_text=_("The value of an answer, e.g. yes, no, a number on the scale, or an answer's value."),
    )

    def __init__(
        self, *args: Any, questionnaire: Questionnaire, question: Question | None = None, **kwargs: Any
    ) -> None:
        if question is not None and not kwargs.get("initial"):
            kwargs["initial"] = {
                "name": question.name,
                "kind": question.kind,
                "required": question.required,
                "scale_min": question.scale_min,
                "scale_max": question.scale_max,
                "show_if_question": question.show_if_question_id,
                "show_if_value": question.show_if_value,
            }
        super().__init__(*args, **kwargs)
        earlier = Question.objects.filter(questionnaire=questionnaire).order_by("position", "id")
        if question is not None:
            earlier = earlier.filter(position__lt=question.position)
        self.fields["show_if_question"].queryset = earlier
        self.fields["show_if_question"].label_from_instance = lambda q: (
            f"{q.position}. {q.text.get('nl', q.name)}"
        )
        languages = selectors.questionnaire_languages(questionnaire)
        text = question.text if question else {}
        hint = question.hint if question else {}
        self.add_text_fields("text", _("Question"), languages, initial=text, required=True, max_length=500)
        self.add_text_fields("hint", _("Hint"), languages, initial=hint, max_length=500)
        order = ["name", "kind"]
        order += [f"text_{lang.code}" for lang in languages] + [f"hint_{lang.code}" for lang in languages]
        order += ["required", "scale_min", "scale_max", "show_if_question", "show_if_value"]
        self.order_fields(order)

    def service_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "name": data["name"],
            "kind": data["kind"],
            "text": self.texts("text"),
            "hint": self.texts("hint"),
            "required": data["required"],
            "scale_min": data["scale_min"],
            "scale_max": data["scale_max"],
            "show_if_question": data["show_if_question"],
            "show_if_value": data.get("show_if_value", ""),
        }


class OptionForm(PerLanguageMixin, StyledFormMixin, forms.Form):
    value = forms.CharField(
        label=_("Value"),
        max_length=60,
        help_text=_("Stored with the answer and used in conditions, e.g. often. Lower-case, no spaces."),
    )
    pictogram = forms.ChoiceField(label=_("Pictogram"), required=False)
    image = forms.FileField(
        label=_("Or upload an image"),
        required=False,
        help_text=_("PNG or JPEG, at most 300 KB. Shown instead of the pictogram."),
        widget=forms.FileInput(attrs={"accept": "image/png,image/jpeg"}),
    )
    remove_image = forms.BooleanField(label=_("Remove the uploaded image"), required=False)

    def __init__(self, *args: Any, question: Question, option: Option | None = None, **kwargs: Any) -> None:
        if option is not None and not kwargs.get("initial"):
            kwargs["initial"] = {"value": option.value, "pictogram": option.pictogram}
        super().__init__(*args, **kwargs)
        self.option = option
        self.fields["pictogram"].choices = [("", _("No pictogram"))] + [
            (p.hexcode, p.label()) for p in pictograms.PICTOGRAMS
        ]
        if option is None or not option.image:
            del self.fields["remove_image"]
        languages = selectors.questionnaire_languages(question.questionnaire)
        self.add_text_fields(
            "label",
            _("Answer"),
            languages,
            initial=option.label if option else {},
            required=True,
            max_length=200,
        )
        self.order_fields([f"label_{lang.code}" for lang in languages] + ["value", "pictogram", "image"])

    def clean_image(self) -> Any:
        image = self.cleaned_data.get("image")
        if image:
            try:
                services.validate_option_image(image)
            except ValidationError as error:
                raise ValidationError(error.message_dict["image"]) from error
        return image or None

    def pictogram_groups(self) -> list[dict[str, Any]]:
        """The picker's groups, each with its pictograms and whether one is the current choice."""
        current = self["pictogram"].value() or ""
        return [
            {
                "key": key,
                "label": label,
                "items": [
                    {"pictogram": p, "label": p.label(), "checked": p.hexcode == current}
                    for p in pictograms.PICTOGRAMS
                    if p.group == key
                ],
            }
            for key, label in pictograms.GROUPS.items()
        ]

    def service_data(self) -> dict[str, Any]:
        data = {
            "value": self.cleaned_data["value"],
            "label": self.texts("label"),
            "pictogram": self.cleaned_data.get("pictogram") or "",
            "image": self.cleaned_data.get("image"),
        }
        if "remove_image" in self.fields:
            data["remove_image"] = self.cleaned_data.get("remove_image", False)
        return data


class RecordingForm(StyledFormMixin, forms.Form):
    """One recording for one text in one language; the service checks the file's content too."""

    audio = forms.FileField(
        label=_("Recording"),
        help_text=_("MP3, Ogg (Opus), M4A (AAC), WAV or WebM audio, at most 5 MB."),
        error_messages={
            "required": _("Choose a recording to upload."),
            "empty": _("The file is empty. Choose a recording."),
        },
        widget=forms.FileInput(attrs={"accept": recordings.ACCEPT}),
    )

    def clean_audio(self) -> Any:
        audio = self.cleaned_data["audio"]
        try:
            recordings.validate_audio(audio)
        except ValidationError as error:
            raise ValidationError(error.message_dict["audio"]) from error
        return audio
