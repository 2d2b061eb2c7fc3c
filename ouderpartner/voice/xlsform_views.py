"""XLSForm screens for coordinators: upload → preview (stored server-side) → confirm, and the export download.

The preview is kept like the network importer keeps its previews (a JSON file under MEDIA_ROOT/imports,
named by a random token, readable only by the same user in the same workspace); the upload itself
is not kept.
"""

from __future__ import annotations

import secrets
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ouderpartner.core.access import coordinator_view, get_object_in_workspace
from ouderpartner.core.forms import StyledFormMixin
from ouderpartner.core.languages import PARENT_LANGUAGES
from ouderpartner.network.import_views import _load, _remove_stale, _save, _store_dir
from ouderpartner.voice.models import Question, Questionnaire
from ouderpartner.voice.xlsform import XLSFormError, export_xlsform, parse_xlsform, xlsform_import

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
STORE_KIND = "voice_xlsform"
SECTION = "voice"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class XLSFormUploadForm(StyledFormMixin, forms.Form):
    file = forms.FileField(
        label=gettext_lazy("XLSForm file (.xlsx)"),
        help_text=gettext_lazy(
            "A form from ODK or KoboToolbox with the sheets survey, choices and settings; at most 5 MB. "
            "Nothing is created before you confirm."
        ),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return upload


def _context(request: HttpRequest, **extra: Any) -> dict[str, Any]:
    request.nav_section = SECTION
    ws = request.workspace.slug
    return {
        "breadcrumbs": [
            {"label": _("Questionnaires"), "url": reverse("voice:questionnaire_list", kwargs={"ws": ws})},
            {"label": _("Import from XLSForm")},
        ],
        **extra,
    }


def _upload_page(request: HttpRequest, form: XLSFormUploadForm, status: int = 200) -> HttpResponse:
    return render(request, "voice/xlsform_upload.html", _context(request, form=form), status=status)


def _preview_rows(plan: dict[str, Any]) -> list[dict[str, Any]]:
    kinds = dict(Question.Kind.choices)
    rows = []
    for question in plan["questions"]:
        rows.append(
            {
                "name": question["name"],
                "text": question["text"].get("nl", ""),
                "kind": kinds.get(question["kind"], question["kind"]),
                "required": question["required"],
                "options": [option["label"].get("nl", option["value"]) for option in question["options"]],
                "languages": [
                    PARENT_LANGUAGES[code].native_name
                    for code in question["text"]
                    if code in PARENT_LANGUAGES
                ],
                "show_if": question["show_if"],
            }
        )
    return rows


def _upload(request: HttpRequest) -> HttpResponse:
    form = XLSFormUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _upload_page(request, form, status=400)
    upload = form.cleaned_data["file"]
    try:
        plan = parse_xlsform(upload.read(), workspace=request.workspace, filename=upload.name)
    except XLSFormError as error:
        form.add_error("file", _("Nothing was imported: %(reason)s") % {"reason": error.message})
        return _upload_page(request, form, status=400)
    directory = _store_dir()
    _remove_stale(directory)
    token = secrets.token_urlsafe(24)
    _save(
        token,
        {
            "kind": STORE_KIND,
            "workspace_id": request.workspace.pk,
            "user_id": request.user.pk,
            "filename": upload.name[:200],
            "plan": plan,
        },
    )
    languages = [PARENT_LANGUAGES[code] for code in plan["languages"]]
    return render(
        request,
        "voice/xlsform_preview.html",
        _context(
            request,
            token=token,
            filename=upload.name,
            title=plan["title"].get("nl", ""),
            languages=languages,
            questions=_preview_rows(plan),
            unmapped=plan["unmapped"],
        ),
    )


def _confirm(request: HttpRequest) -> HttpResponse:
    token = request.POST.get("token", "")
    stored = _load(token, request)
    url = reverse("voice:questionnaire_import", kwargs={"ws": request.workspace.slug})
    if stored is None or stored.get("kind") != STORE_KIND or "plan" not in stored:
        messages.error(
            request, _("This preview is no longer available; nothing was imported. Upload the file again.")
        )
        return HttpResponseRedirect(url)
    try:
        questionnaire = xlsform_import(
            workspace=request.workspace, actor=request.user, plan=stored["plan"], source=stored["filename"]
        )
    except (ValidationError, KeyError, TypeError, ValueError):
        messages.error(request, _("The form could not be imported; nothing was created. Check the file."))
        return HttpResponseRedirect(url)
    (_store_dir() / f"{token}.json").unlink(missing_ok=True)
    messages.success(request, _("The questionnaire was imported as a draft. Check it before you publish it."))
    return HttpResponseRedirect(
        reverse("voice:questionnaire_detail", kwargs={"ws": request.workspace.slug, "pk": questionnaire.pk})
    )


def _cancel(request: HttpRequest) -> HttpResponse:
    token = request.POST.get("token", "")
    stored = _load(token, request)
    if stored is not None and stored.get("kind") == STORE_KIND:
        (_store_dir() / f"{token}.json").unlink(missing_ok=True)
    messages.info(request, _("The import was cancelled; nothing was created."))
    return HttpResponseRedirect(reverse("voice:questionnaire_import", kwargs={"ws": request.workspace.slug}))


@coordinator_view
def questionnaire_import(request: HttpRequest) -> HttpResponse:
    """Coordinators import an XLSForm as a draft questionnaire, after a preview of what will be created."""
    if request.method == "POST":
        step = request.POST.get("step", "upload")
        if step == "confirm":
            return _confirm(request)
        if step == "cancel":
            return _cancel(request)
        return _upload(request)
    return _upload_page(request, XLSFormUploadForm())


@coordinator_view
def questionnaire_xlsform(request: HttpRequest, pk: int) -> HttpResponse:
    """Download a questionnaire as an XLSForm workbook (for ODK, KoboToolbox or a translator)."""
    questionnaire = get_object_in_workspace(Questionnaire, workspace=request.workspace, pk=pk)
    data = export_xlsform(questionnaire, actor=request.user)
    name = slugify(questionnaire.text("title", "nl"))[:60] or f"questionnaire-{questionnaire.pk}"
    response = HttpResponse(data, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}-xlsform.xlsx"'
    return response
