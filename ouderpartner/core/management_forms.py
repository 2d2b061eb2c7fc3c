"""Forms for workspace management: inviting, changing a member, the workspace settings and its logo."""

from __future__ import annotations

import re
import secrets
import xml.etree.ElementTree as ET
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from ouderpartner.core.forms import StyledFormMixin
from ouderpartner.core.languages import language_choices
from ouderpartner.core.models import Role, Workspace
from ouderpartner.core.retention import FIELDS as RETENTION_FIELDS
from ouderpartner.core.retention import retention_summary
from ouderpartner.network.models import Organisation

LOGO_MAX_BYTES = 500 * 1024


def _organisation_field(workspace: Workspace) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.filter(workspace=workspace, archived_at__isnull=True).order_by("name"),
        required=False,
        empty_label=_("— none —"),
        help_text=_("Required for a professional: the partner organisation they work for."),
    )


class InvitationForm(StyledFormMixin, forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
        help_text=_("The invitation link is sent to this address."),
    )
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.VIEWER)

    def __init__(self, *args: Any, workspace: Workspace, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"] = _organisation_field(workspace)
        self.fields["organisation"].widget.attrs["class"] = "utrecht-select utrecht-select--html-select"


class MembershipForm(StyledFormMixin, forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)

    def __init__(self, *args: Any, workspace: Workspace, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"] = _organisation_field(workspace)
        self.fields["organisation"].widget.attrs["class"] = "utrecht-select utrecht-select--html-select"


def _svg_is_safe(data: bytes) -> bool:
    """A plain SVG drawing: no DOCTYPE/entities, no script or foreign content, no handlers, no outside links."""
    text = data.decode("utf-8", errors="strict")
    if re.search(r"<!DOCTYPE|<!ENTITY", text, re.IGNORECASE):
        return False
    root = ET.fromstring(text)
    if root.tag.rsplit("}", 1)[-1] != "svg":
        return False
    for element in root.iter():
        tag = element.tag.rsplit("}", 1)[-1].lower() if isinstance(element.tag, str) else ""
        if tag in {"script", "foreignobject", "iframe", "embed", "object", "image"}:
            return False
        if tag == "style" and re.search(r"@import|url\(\s*['\"]?(?!#)", element.text or "", re.IGNORECASE):
            return False
        for name, value in element.attrib.items():
            local = name.rsplit("}", 1)[-1].lower()
            if local.startswith("on"):
                return False
            if local == "href" and not value.strip().startswith("#"):
                return False
            if re.search(r"javascript:|url\(\s*['\"]?(?!#)", value, re.IGNORECASE):
                return False
    return True


def validate_logo(upload: UploadedFile) -> str:
    """Check size and content (magic bytes); returns the file extension to store it under."""
    if upload.size and upload.size > LOGO_MAX_BYTES:
        raise forms.ValidationError(_("The logo is larger than 500 KB; make it smaller and try again."))
    upload.seek(0)
    data = upload.read(LOGO_MAX_BYTES + 1)
    upload.seek(0)
    if len(data) > LOGO_MAX_BYTES:
        raise forms.ValidationError(_("The logo is larger than 500 KB; make it smaller and try again."))
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpg"
    head = data[:1024].lstrip().lower()
    if head.startswith((b"<?xml", b"<svg")) or b"<svg" in head:
        try:
            safe = _svg_is_safe(data)
        except (ET.ParseError, UnicodeDecodeError):
            raise forms.ValidationError(
                _("This SVG file cannot be read; save it again or use a PNG.")
            ) from None
        if not safe:
            raise forms.ValidationError(
                _(
                    "This SVG contains scripts, event handlers or links to other files; use a plain SVG or a PNG."
                )
            )
        return "svg"
    raise forms.ValidationError(_("A logo must be a PNG, JPEG or SVG image."))


def _retention_field(row: dict[str, Any]) -> forms.IntegerField:
    """A workspace's own period for one kind of data: empty for the default, within the installation's bounds."""
    values = {"default": row["default"], "minimum": row["minimum"], "maximum": row["maximum"]}
    if row["unit"] == "days":
        label = _("Contact requests: days")
        help_text = _(
            "Contact details are removed at the latest this many days after the conversation. Empty: "
            "%(default)s days. From %(minimum)s to %(maximum)s."
        )
    else:
        label = {
            "responses": _("Questionnaire answers: months after the questionnaire closes"),
            "live": _("Meeting entries and votes: months after the meeting closes"),
            "comments": _("Parents' consultation comments: months after the consultation closes"),
            "audit": _("Audit trail: months"),
        }[row["kind"]]
        help_text = _("Empty: %(default)s months. From %(minimum)s to %(maximum)s months.")
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=row["minimum"],
        max_value=row["maximum"],
        help_text=help_text % values,
        widget=forms.NumberInput(
            attrs={"class": "utrecht-textbox utrecht-textbox--html-input", "inputmode": "numeric"}
        ),
    )


class WorkspaceSettingsForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=150)
    logo = forms.FileField(
        label=_("Logo"),
        required=False,
        help_text=_("PNG, JPEG or SVG, at most 500 KB. Shown at the top of every page."),
        widget=forms.FileInput(attrs={"accept": "image/png,image/jpeg,image/svg+xml"}),
    )
    remove_logo = forms.BooleanField(label=_("Remove the current logo"), required=False)
    primary_colour = forms.CharField(
        label=_("Primary colour"),
        max_length=7,
        help_text=_("Used for buttons and links, as # and six hexadecimal digits, e.g. #01689B."),
    )
    accent_colour = forms.CharField(
        label=_("Accent colour"),
        max_length=7,
        help_text=_(
            "Used for highlights, e.g. #39870C. Both colours must contrast at least 4.5:1 with white."
        ),
    )
    disclosure_threshold = forms.IntegerField(
        label=_("Disclosure threshold k"),
        min_value=5,
        max_value=1000,
        help_text=_("Figures about fewer than k parents are never shown. At least 5."),
    )
    parent_languages = forms.MultipleChoiceField(
        label=_("Languages offered to parents"),
        choices=language_choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    municipality_code = forms.CharField(
        label=_("CBS municipality code"),
        max_length=6,
        required=False,
        help_text=_("For a municipality: its CBS code, e.g. GM0344 for Utrecht."),
    )
    require_two_factor = forms.BooleanField(
        label=_("Require two-factor authentication of every member"),
        required=False,
        help_text=_(
            "Members then need a code from an app on their phone besides their password to open this "
            "workspace. Coordinators always need it."
        ),
    )

    def __init__(self, *args: Any, workspace: Workspace, **kwargs: Any) -> None:
        self.workspace = workspace
        kwargs.setdefault(
            "initial",
            {
                "name": workspace.name,
                "primary_colour": workspace.primary_colour,
                "accent_colour": workspace.accent_colour,
                "disclosure_threshold": workspace.disclosure_threshold,
                "parent_languages": workspace.parent_languages,
                "municipality_code": workspace.municipality_code,
                "require_two_factor": workspace.require_two_factor,
            },
        )
        super().__init__(*args, **kwargs)
        if not workspace.logo:
            del self.fields["remove_logo"]
        for row in retention_summary(workspace):
            self.fields[row["field"]] = _retention_field(row)
            if not self.is_bound:
                self.initial.setdefault(row["field"], row["own"])

    def retention_fields(self) -> list[Any]:
        return [self[name] for name in RETENTION_FIELDS.values()]

    def retention_data(self) -> dict[str, int | None]:
        """The workspace's own retention periods; empty (None) means the installation's default."""
        return {name: self.cleaned_data.get(name) for name in RETENTION_FIELDS.values()}

    def clean_primary_colour(self) -> str:
        return self.cleaned_data["primary_colour"].strip().upper()

    def clean_accent_colour(self) -> str:
        return self.cleaned_data["accent_colour"].strip().upper()

    def clean_municipality_code(self) -> str:
        return self.cleaned_data["municipality_code"].strip().upper()

    def clean_logo(self) -> UploadedFile | None:
        upload = self.cleaned_data.get("logo")
        if not upload:
            return None
        extension = validate_logo(upload)
        upload.name = f"{self.workspace.slug}-{secrets.token_hex(6)}.{extension}"
        return upload

    def workspace_data(self) -> dict[str, Any]:
        return {
            key: self.cleaned_data[key]
            for key in (
                "name",
                "primary_colour",
                "accent_colour",
                "disclosure_threshold",
                "parent_languages",
                "municipality_code",
                "require_two_factor",
            )
        }
