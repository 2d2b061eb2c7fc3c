"""Forms of the facilitator: meetings, prompts and options with one text field per language.

They check input and hand it to the services, which write. Per-language fields follow the
questionnaire builder (`<name>_<code>`, Dutch first and required).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ouderpartner.core.forms import StyledFormMixin
from ouderpartner.core.languages import ParentLanguage
from ouderpartner.core.models import Membership, Role, Workspace
from ouderpartner.live import selectors
from ouderpartner.live.models import MAX_TEXT_LENGTH, HandOver, LiveSession, Prompt, PromptOption
from ouderpartner.network.models import Organisation
from ouderpartner.voice import pictograms
from ouderpartner.voice.forms import PerLanguageMixin, apply_errors

__all__ = ["BlockedWordForm", "OptionForm", "PromptForm", "SessionForm", "apply_errors"]

DATE_WIDGET = {"type": "date"}


def _start_of(day: dt.date | None) -> dt.datetime | None:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min)) if day else None


def _day_of(moment: dt.datetime | None, *, last: bool = False) -> dt.date | None:
    if moment is None:
        return None
    local = timezone.localtime(moment)
    return (local - dt.timedelta(microseconds=1)).date() if last else local.date()


class SessionForm(PerLanguageMixin, StyledFormMixin, forms.Form):
    languages = forms.MultipleChoiceField(
        label=_("Languages"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Dutch is always included. After saving, a field appears for each language you add."),
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("(the municipality itself)"),
        help_text=_("The partner that runs the meeting; its professionals can then run it too."),
    )
    scheduled_for = forms.DateTimeField(
        label=_("Date and time of the meeting"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    allow_change_vote = forms.BooleanField(
        label=_("Participants may change their answer while a prompt is open"), required=False, initial=True
    )
    moderate_text = forms.BooleanField(
        label=_("Approve open text before it is shown"),
        required=False,
        initial=True,
        help_text=_(
            "Words, open answers and questions wait in the moderation queue. Text with a blocked word always waits."
        ),
    )
    collect_opens_on = forms.DateField(
        label=_("Collecting beforehand: first day"),
        required=False,
        widget=forms.DateInput(attrs=DATE_WIDGET, format="%Y-%m-%d"),
        help_text=_("For the inventory before the meeting. Empty: from the moment you open it."),
    )
    collect_closes_on = forms.DateField(
        label=_("Collecting beforehand: last day"),
        required=False,
        widget=forms.DateInput(attrs=DATE_WIDGET, format="%Y-%m-%d"),
        help_text=_("Empty: until you start the meeting."),
    )

    def __init__(
        self,
        *args: Any,
        workspace: Workspace,
        membership: Membership,
        session: LiveSession | None = None,
        **kwargs: Any,
    ) -> None:
        if session is not None and not kwargs.get("initial"):
            kwargs["initial"] = {
                "languages": session.languages,
                "organisation": session.organisation_id,
                "scheduled_for": timezone.localtime(session.scheduled_for) if session.scheduled_for else None,
                "allow_change_vote": session.allow_change_vote,
                "moderate_text": session.moderate_text,
                "collect_opens_on": _day_of(session.collect_opens_at),
                "collect_closes_on": _day_of(session.collect_closes_at, last=True),
            }
        super().__init__(*args, **kwargs)
        available = selectors.workspace_languages(workspace)
        self.fields["languages"].choices = [(lang.code, lang.native_name) for lang in available]
        if session is None:
            shown: list[ParentLanguage] = available[:1]
            self.fields["languages"].initial = ["nl"]
        else:
            shown = selectors.session_languages(session)
        if membership.role == Role.COORDINATOR:
            self.fields["organisation"].queryset = Organisation.objects.filter(workspace=workspace).order_by(
                "name"
            )
        else:
            del self.fields["organisation"]
        self.add_text_fields(
            "title",
            _("Title"),
            shown,
            initial=session.title if session else {},
            required=True,
            max_length=200,
        )
        order = [f"title_{lang.code}" for lang in shown]
        order += ["scheduled_for", "organisation", "allow_change_vote", "moderate_text"]
        order += ["collect_opens_on", "collect_closes_on", "languages"]
        self.order_fields(order)

    def clean_languages(self) -> list[str]:
        return ["nl", *[code for code in self.cleaned_data["languages"] if code != "nl"]]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        opens, closes = data.get("collect_opens_on"), data.get("collect_closes_on")
        if opens and closes and closes < opens:
            self.add_error("collect_closes_on", _("The last day must be on or after the first day."))
        return data

    def service_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        closes = data.get("collect_closes_on")
        result = {
            "title": self.texts("title"),
            "languages": data["languages"],
            "scheduled_for": data.get("scheduled_for"),
            "allow_change_vote": data["allow_change_vote"],
            "moderate_text": data["moderate_text"],
            "collect_opens_at": _start_of(data.get("collect_opens_on")),
            # The last day counts whole: collecting closes at midnight after it.
            "collect_closes_at": _start_of(closes + dt.timedelta(days=1)) if closes else None,
        }
        if "organisation" in self.fields:
            result["organisation"] = data.get("organisation")
        return result


class PromptForm(PerLanguageMixin, StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind of prompt"), choices=Prompt.Kind.choices)
    max_choices = forms.IntegerField(
        label=_("At most this many answers"),
        min_value=1,
        max_value=20,
        initial=1,
        help_text=_("Only for several answers, e.g. 3 for “choose the three most important”."),
    )
    scale_min = forms.IntegerField(
        label=_("Scale from"), min_value=0, max_value=10, initial=1, help_text=_("Only for a scale.")
    )
    scale_max = forms.IntegerField(
        label=_("Scale to"),
        min_value=1,
        max_value=10,
        initial=5,
        help_text=_("Only for a scale. Faces show up to 5 steps."),
    )
    scale_style = forms.ChoiceField(
        label=_("Scale shown as"), choices=Prompt.ScaleStyle.choices, initial=Prompt.ScaleStyle.FACES
    )
    max_length = forms.IntegerField(
        label=_("Maximum length of a text"),
        min_value=1,
        max_value=MAX_TEXT_LENGTH,
        initial=200,
        help_text=_("In characters; for a word cloud keep it short (e.g. 40)."),
    )
    max_entries = forms.IntegerField(
        label=_("Texts per participant"),
        min_value=1,
        max_value=20,
        initial=3,
        help_text=_("How many words, answers or questions one participant may send."),
    )
    hide_results = forms.BooleanField(label=_("Hide the results until I reveal them"), required=False)
    collect = forms.BooleanField(
        label=_("Open beforehand"),
        required=False,
        help_text=_("Participants can answer it while the meeting collects beforehand (the inventory)."),
    )

    def __init__(self, *args: Any, session: LiveSession, prompt: Prompt | None = None, **kwargs: Any) -> None:
        if prompt is not None and not kwargs.get("initial"):
            kwargs["initial"] = {
                name: getattr(prompt, name)
                for name in (
                    "kind",
                    "max_choices",
                    "scale_min",
                    "scale_max",
                    "scale_style",
                    "max_length",
                    "max_entries",
                    "hide_results",
                    "collect",
                )
            }
        super().__init__(*args, **kwargs)
        languages = selectors.session_languages(session)
        self.add_text_fields(
            "text",
            _("Question"),
            languages,
            initial=prompt.text if prompt else {},
            required=True,
            max_length=500,
        )
        low = {code: text.partition("|")[0] for code, text in (prompt.scale_labels if prompt else {}).items()}
        high = {
            code: text.partition("|")[2] for code, text in (prompt.scale_labels if prompt else {}).items()
        }
        self.add_text_fields(
            "scale_low", _("Word at the low end of the scale"), languages, initial=low, max_length=60
        )
        self.add_text_fields(
            "scale_high", _("Word at the high end of the scale"), languages, initial=high, max_length=60
        )
        order = ["kind", *[f"text_{lang.code}" for lang in languages], "max_choices"]
        order += ["scale_min", "scale_max", "scale_style"]
        order += [f"scale_low_{lang.code}" for lang in languages] + [
            f"scale_high_{lang.code}" for lang in languages
        ]
        order += ["max_length", "max_entries", "hide_results", "collect"]
        self.order_fields(order)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for name in ("scale_low", "scale_high"):
            for key, value in list(data.items()):
                if key.startswith(f"{name}_") and value and "|" in value:
                    self.add_error(key, _("Leave out the character |."))
        return data

    def service_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        low, high = self.texts("scale_low"), self.texts("scale_high")
        labels = {code: f"{low.get(code, '')}|{high.get(code, '')}" for code in {*low, *high}}
        return {
            "kind": data["kind"],
            "text": self.texts("text"),
            "max_choices": data["max_choices"],
            "scale_min": data["scale_min"],
            "scale_max": data["scale_max"],
            "scale_style": data["scale_style"],
            "scale_labels": labels,
            "max_length": data["max_length"],
            "max_entries": data["max_entries"],
            "hide_results": data["hide_results"],
            "collect": data["collect"],
        }


class OptionForm(PerLanguageMixin, StyledFormMixin, forms.Form):
    pictogram = forms.ChoiceField(label=_("Pictogram"), required=False)

    def __init__(self, *args: Any, prompt: Prompt, option: PromptOption | None = None, **kwargs: Any) -> None:
        if option is not None and not kwargs.get("initial"):
            kwargs["initial"] = {"pictogram": option.pictogram}
        super().__init__(*args, **kwargs)
        self.fields["pictogram"].choices = [("", _("No pictogram"))] + [
            (p.hexcode, p.label()) for p in pictograms.PICTOGRAMS
        ]
        languages = selectors.session_languages(prompt.session)
        self.add_text_fields(
            "label",
            _("Answer"),
            languages,
            initial=option.label if option else {},
            required=True,
            max_length=200,
        )
        self.order_fields([f"label_{lang.code}" for lang in languages] + ["pictogram"])

    def pictogram_groups(self) -> list[dict[str, Any]]:
        """The picker's groups (the questionnaire builder's picker template reads these)."""
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
        return {"label": self.texts("label"), "pictogram": self.cleaned_data.get("pictogram") or ""}


class BlockedWordForm(StyledFormMixin, forms.Form):
    word = forms.CharField(
        label=_("Word"),
        max_length=60,
        help_text=_("End it with * to catch every word that starts with it, e.g. scheld*."),
    )


class HandOverKindForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Turn the selected results into"), choices=HandOver.Kind.choices)
