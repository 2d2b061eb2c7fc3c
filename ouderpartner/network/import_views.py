"""Upload screen for the importers: upload, preview (nothing changed yet), confirm, result.

One URL, three steps: GET shows the form; POST `step=upload` parses the file and stores the parsed
rows server-side (a JSON file under MEDIA_ROOT/imports, named by a random token; the upload itself is
not kept) and shows a preview; POST `step=confirm` applies it; GET `?result=<token>` shows the result.
"""

from __future__ import annotations

import json
import logging
import re
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ouderpartner.core.access import coordinator_view
from ouderpartner.core.forms import StyledFormMixin
from ouderpartner.core.models import Workspace
from ouderpartner.network.importers import (
    ImportResult,
    ParsedFile,
    UnusableFile,
    neighbourhoods_import,
    parse_cbs_neighbourhoods,
    parse_duo_schools,
    parse_postcode_areas,
    postcode_areas_import,
    schools_import,
)

logger = logging.getLogger(__name__)

MAX_UPLOAD_BYTES = 50 * 1024 * 1024
PREVIEW_ROWS = 10
TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{20,64}$")
STALE_SECONDS = 24 * 60 * 60


@dataclass(frozen=True)
class ImportKind:
    label: Any
    parse: Callable[[bytes, str, Workspace, int | None], ParsedFile]
    apply: Callable[..., ImportResult]
    columns: tuple[tuple[str, Any], ...]


def _parse_duo(data: bytes, name: str, workspace: Workspace, year: int | None) -> ParsedFile:
    return parse_duo_schools(data, municipality_code=workspace.municipality_code or None)


def _parse_cbs(data: bytes, name: str, workspace: Workspace, year: int | None) -> ParsedFile:
    return parse_cbs_neighbourhoods(
        data, filename=name, year=year, municipality_code=workspace.municipality_code or None
    )


def _parse_postcodes(data: bytes, name: str, workspace: Workspace, year: int | None) -> ParsedFile:
    # A coordinator only changes the postcodes of their own municipality (the table is shared by all).
    return parse_postcode_areas(data, municipality_code=workspace.municipality_code or None)


def _apply_postcodes(*, workspace: Workspace, **kwargs: Any) -> ImportResult:
    return postcode_areas_import(workspace=workspace, **kwargs)


KINDS: dict[str, ImportKind] = {
    "duo_schools": ImportKind(
        gettext_lazy("DUO primary-school locations (CSV)"),
        _parse_duo,
        schools_import,
        (
            ("branch_code", gettext_lazy("Location code")),
            ("name", gettext_lazy("Name")),
            ("postcode", gettext_lazy("Postcode")),
            ("city", gettext_lazy("Place")),
        ),
    ),
    "cbs_neighbourhoods": ImportKind(
        gettext_lazy("CBS key figures for districts and neighbourhoods (XLSX or CSV)"),
        _parse_cbs,
        neighbourhoods_import,
        (
            ("code", gettext_lazy("CBS code")),
            ("name", gettext_lazy("Name")),
            ("level", gettext_lazy("Level")),
            ("inhabitants", gettext_lazy("Inhabitants")),
            ("children_0_14", gettext_lazy("Children aged 0-14")),
        ),
    ),
    "postcodes": ImportKind(
        gettext_lazy("Postcode-to-neighbourhood table (CSV)"),
        _parse_postcodes,
        _apply_postcodes,
        (
            ("postcode", gettext_lazy("Postcode")),
            ("area_code", gettext_lazy("Neighbourhood code")),
            ("district_code", gettext_lazy("District code")),
        ),
    ),
}

COUNT_LABELS = {
    "organisations": gettext_lazy("Organisations"),
    "locations": gettext_lazy("Locations"),
    "districts": gettext_lazy("Districts"),
    "areas": gettext_lazy("Neighbourhoods"),
    "postcodes": gettext_lazy("Postcodes"),
}


class ImportUploadForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("Kind of file"),
        choices=[(key, kind.label) for key, kind in KINDS.items()],
        widget=forms.RadioSelect,
    )
    file = forms.FileField(
        label=gettext_lazy("File"),
        help_text=gettext_lazy("A CSV or Excel file of at most 50 MB. Nothing changes before you confirm."),
    )
    year = forms.IntegerField(
        label=gettext_lazy("Year of the figures"),
        required=False,
        min_value=2000,
        max_value=2100,
        help_text=gettext_lazy("Only for CBS figures; when empty, the year in the file name is used."),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 50 MB."))
        return upload


def _store_dir() -> Path:
    path = Path(settings.MEDIA_ROOT) / "imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _remove_stale(directory: Path) -> None:
    cutoff = time.time() - STALE_SECONDS
    for old in directory.glob("*.json"):
        if old.stat().st_mtime < cutoff:
            old.unlink(missing_ok=True)


def _load(token: str, request: HttpRequest) -> dict[str, Any] | None:
    """The stored preview of this user in this workspace, or None (unknown, expired or someone else's)."""
    if not token or not TOKEN_RE.match(token):
        return None
    path = _store_dir() / f"{token}.json"
    try:
        stored = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if stored.get("workspace_id") != request.workspace.pk or stored.get("user_id") != request.user.pk:
        return None
    return stored


def _save(token: str, stored: dict[str, Any]) -> None:
    (_store_dir() / f"{token}.json").write_text(json.dumps(stored), encoding="utf-8")


def _counts(result: ImportResult) -> list[dict[str, Any]]:
    return [
        {
            "label": COUNT_LABELS.get(name, name),
            "created": c.created,
            "updated": c.updated,
            "unchanged": c.unchanged,
        }
        for name, c in result.counts.items()
    ]


def _context(request: HttpRequest, **extra: Any) -> dict[str, Any]:
    ws = request.workspace.slug
    request.nav_section = "network"
    return {
        "breadcrumbs": [
            {"label": _("Network"), "url": reverse("network:organisation_list", kwargs={"ws": ws})},
            {"label": _("Import"), "url": reverse("network:import", kwargs={"ws": ws})},
        ],
        **extra,
    }


def _upload(request: HttpRequest) -> HttpResponse:
    form = ImportUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return render(request, "network/import.html", _context(request, form=form), status=400)
    kind = KINDS[form.cleaned_data["kind"]]
    upload = form.cleaned_data["file"]
    try:
        parsed = kind.parse(upload.read(), upload.name, request.workspace, form.cleaned_data["year"])
    except UnusableFile as error:
        form.add_error("file", _("Nothing was imported: %(reason)s") % {"reason": error.message})
        return render(request, "network/import.html", _context(request, form=form), status=400)
    except Exception:  # a broken upload must never become a server error
        logger.exception("Import upload could not be parsed")
        form.add_error("file", _("Nothing was imported: the file could not be read."))
        return render(request, "network/import.html", _context(request, form=form), status=400)
    preview = kind.apply(workspace=request.workspace, parsed=parsed, dry_run=True)
    directory = _store_dir()
    _remove_stale(directory)
    token = secrets.token_urlsafe(24)
    _save(
        token,
        {
            "kind": form.cleaned_data["kind"],
            "workspace_id": request.workspace.pk,
            "user_id": request.user.pk,
            "filename": upload.name[:200],
            "parsed": parsed.to_dict(),
        },
    )
    columns = kind.columns
    rows = [[row.get(key) for key, _label in columns] for row in parsed.rows[:PREVIEW_ROWS]]
    return render(
        request,
        "network/import_preview.html",
        _context(
            request,
            token=token,
            kind_label=kind.label,
            filename=upload.name,
            counts=_counts(preview),
            result=preview,
            columns=[label for _key, label in columns],
            rows=rows,
            row_total=len(parsed.rows),
            info=parsed.info,
        ),
    )


def _confirm(request: HttpRequest) -> HttpResponse:
    token = request.POST.get("token", "")
    stored = _load(token, request)
    url = reverse("network:import", kwargs={"ws": request.workspace.slug})
    if stored is None or "parsed" not in stored:
        messages.error(
            request, _("This preview is no longer available; nothing was imported. Upload the file again.")
        )
        return HttpResponseRedirect(url)
    kind = KINDS[stored["kind"]]
    result = kind.apply(
        workspace=request.workspace,
        parsed=ParsedFile.from_dict(stored["parsed"]),
        actor=request.user,
        source=stored["filename"],
    )
    stored.pop("parsed")
    stored["result"] = result.to_dict()
    _save(token, stored)
    return HttpResponseRedirect(f"{url}?result={token}")


def _cancel(request: HttpRequest) -> HttpResponse:
    token = request.POST.get("token", "")
    if _load(token, request) is not None:
        (_store_dir() / f"{token}.json").unlink(missing_ok=True)
    messages.info(request, _("The import was cancelled; nothing was changed."))
    return HttpResponseRedirect(reverse("network:import", kwargs={"ws": request.workspace.slug}))


def _result(request: HttpRequest, token: str) -> HttpResponse:
    stored = _load(token, request)
    if stored is None or "result" not in stored:
        messages.error(request, _("This import result is no longer available."))
        return HttpResponseRedirect(reverse("network:import", kwargs={"ws": request.workspace.slug}))
    result = ImportResult.from_dict(stored["result"])
    return render(
        request,
        "network/import_result.html",
        _context(
            request,
            kind_label=KINDS[stored["kind"]].label,
            filename=stored["filename"],
            counts=_counts(result),
            result=result,
        ),
    )


@coordinator_view
def import_upload(request: HttpRequest) -> HttpResponse:
    """Coordinators import DUO schools, CBS neighbourhoods or the postcode table, with a preview first."""
    if request.method == "POST":
        step = request.POST.get("step", "upload")
        if step == "confirm":
            return _confirm(request)
        if step == "cancel":
            return _cancel(request)
        return _upload(request)
    if "result" in request.GET:
        return _result(request, request.GET["result"])
    return render(request, "network/import.html", _context(request, form=ImportUploadForm()))
