"""Bulk entry of activities from an XLSX file: a template, parsing with errors per line, and applying.

Decision: when any line has an error, nothing is saved unless the user explicitly chooses to import only
the valid lines; the lines are applied in one transaction through the same service as the entry form
(source "xlsx"). A line with an own reference that exists already corrects that activity (no double count).
"""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font

from ouderpartner.core.models import Membership, Workspace
from ouderpartner.core.spreadsheets import SpreadsheetError, first_sheet, sheet_rows
from ouderpartner.network.models import Location
from ouderpartner.programmes.models import Programme
from ouderpartner.reach import services
from ouderpartner.reach.models import Activity, ActivityKind, ActivitySource

MAX_ROWS = 2000
MAX_BYTES = 2 * 1024 * 1024  # kept in the session between preview and confirm
MAX_COLUMNS = 100  # the template has 13; a sheet claiming more is refused (no padding of huge rows)

# (key, Dutch header, English header): the template has the header of the active language; both are read.
COLUMNS = [
    ("date", gettext_lazy("Date"), "datum", "date"),
    ("end_date", gettext_lazy("End date"), "einddatum", "end date"),
    ("location", gettext_lazy("Place"), "plek", "place"),
    ("programme", gettext_lazy("Programme"), "programma", "programme"),
    ("kind", gettext_lazy("Kind of activity"), "soort activiteit", "kind of activity"),
    ("parents", gettext_lazy("Parents"), "ouders", "parents"),
    ("target_group_parents", gettext_lazy("Target-group parents"), "doelgroepouders", "target-group parents"),
    ("first_time_parents", gettext_lazy("First time"), "voor het eerst", "first time"),
    ("languages", gettext_lazy("Languages"), "talen", "languages"),
    ("interpreter_used", gettext_lazy("Interpreter"), "tolk", "interpreter"),
    (
        "materials_in_other_languages",
        gettext_lazy("Materials in other languages"),
        "materiaal in andere talen",
        "materials in other languages",
    ),
    ("description", gettext_lazy("Description"), "beschrijving", "description"),
    ("external_reference", gettext_lazy("Own reference"), "eigen kenmerk", "own reference"),
]
REQUIRED = ("date", "location", "kind", "parents")
YES = {"ja", "yes", "j", "y", "1", "x", "true", "waar"}
NO = {"nee", "no", "n", "0", "", "false", "onwaar"}


class UnusableFile(Exception):
    """The file is not an XLSX we can read, or has not the template's columns."""


@dataclass
class Line:
    number: int
    values: dict[str, Any]
    errors: list[str] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)


def template_workbook() -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = str(_("Activities"))[:31]
    sheet.append([str(label) for _key, label, *_ in COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    help_sheet = workbook.create_sheet(str(_("Explanation"))[:31])
    help_sheet.append([str(_("Kind of activity")), str(_("Code"))])
    for value, label in ActivityKind.choices:
        help_sheet.append([str(label), value])
    help_sheet.append([])
    help_sheet.append([str(_("Languages: language codes separated by commas, e.g. nl, ar, tr."))])
    help_sheet.append([str(_("Interpreter and materials: ja or nee."))])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def read_rows(data: bytes) -> list[tuple[int, dict[str, Any]]]:
    if len(data) > MAX_BYTES:
        raise UnusableFile(_("The file is too large (at most 2 MB)."))
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a file that is not a workbook
        raise UnusableFile(_("This is not an XLSX file we can read. Use the template.")) from error
    try:
        return _read_sheet(first_sheet(workbook))
    except SpreadsheetError as error:  # damaged, or wider than the template (an xlsx bomb)
        raise UnusableFile(error.message) from error
    finally:
        workbook.close()


def _read_sheet(sheet: Any) -> list[tuple[int, dict[str, Any]]]:
    rows = sheet_rows(sheet, max_columns=MAX_COLUMNS)
    header = next(rows, None)
    if not header:
        raise UnusableFile(_("The file is empty."))
    names = {}
    names["plaats"] = "location"
    for key, label, dutch, english in COLUMNS:
        names[dutch] = key
        names[english] = key
        names[str(label).lower()] = key
    index = {}
    for position, cell in enumerate(header):
        key = names.get(_text(cell).lower())
        if key and key not in index:
            index[key] = position
    missing = [str(label) for key, label, *_ in COLUMNS if key in REQUIRED and key not in index]
    if missing:
        raise UnusableFile(
            _("These columns are missing: %(columns)s. Use the template.") % {"columns": ", ".join(missing)}
        )
    result = []
    for number, row in enumerate(rows, start=2):
        if row is None or all(_text(cell) == "" for cell in row):
            continue
        if len(result) >= MAX_ROWS:
            raise UnusableFile(_("At most %(max)s lines per file.") % {"max": MAX_ROWS})
        result.append((number, {key: row[pos] if pos < len(row) else None for key, pos in index.items()}))
    return result


def _date(value: Any, errors: list[str], label: str) -> datetime.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = _text(value)
    for pattern in ("%d-%m-%Y", "%Y-%m-%d", "%d/%m/%Y", "%d-%m-%y"):
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    errors.append(
        _("%(column)s: “%(value)s” is not a date (e.g. 24-11-2026).") % {"column": label, "value": text}
    )
    return None


def _count(value: Any, errors: list[str], label: str) -> int | None:
    text = _text(value)
    if text == "":
        return 0
    try:
        return int(text)
    except ValueError:
        errors.append(_("%(column)s: “%(value)s” is not a whole number.") % {"column": label, "value": text})
        return None


def parse_lines(*, data: bytes, workspace: Workspace, membership: Membership) -> list[Line]:
    """Every line of the file with its data for the service, or its errors in the user's language."""
    locations = Location.objects.filter(workspace=workspace, archived_at__isnull=True).select_related(
        "organisation"
    )
    if not membership.is_coordinator:
        locations = locations.filter(organisation_id=membership.organisation_id)
    by_name: dict[str, list[Location]] = {}
    for location in locations:
        by_name.setdefault(location.name.strip().lower(), []).append(location)
    programmes = {p.name.strip().lower(): p for p in Programme.objects.filter(workspace=workspace)}
    kinds = {}
    for value, label in ActivityKind.choices:
        kinds[value] = value
        kinds[str(label).lower()] = value
    labels = {key: str(label) for key, label, *_ in COLUMNS}
    lines = []
    for number, values in read_rows(data):
        line = Line(number=number, values={k: _text(v) for k, v in values.items()})
        errors = line.errors
        for key in REQUIRED:
            if line.values.get(key, "") == "":
                errors.append(_("%(column)s is empty.") % {"column": labels[key]})
        date = _date(values.get("date"), errors, labels["date"])
        end_date = _date(values.get("end_date"), errors, labels["end_date"])
        place = line.values.get("location", "")
        candidates = by_name.get(place.lower(), [])
        if place and not candidates:
            errors.append(_("Place “%(place)s” is not one of your organisation's places.") % {"place": place})
        elif len(candidates) > 1:
            errors.append(_("There are several places called “%(place)s”.") % {"place": place})
        programme = None
        if line.values.get("programme"):
            programme = programmes.get(line.values["programme"].lower())
            if programme is None:
                errors.append(_("Programme “%(name)s” does not exist.") % {"name": line.values["programme"]})
        kind = kinds.get(line.values.get("kind", "").lower())
        if line.values.get("kind") and kind is None:
            errors.append(
                _("Kind “%(kind)s” is unknown; see the explanation sheet.") % {"kind": line.values["kind"]}
            )
        counts = {k: _count(values.get(k), errors, labels[k]) for k in services._COUNTS}
        languages = [
            c.strip().lower()
            for c in line.values.get("languages", "").replace(";", ",").split(",")
            if c.strip()
        ]
        flags = {}
        for key in ("interpreter_used", "materials_in_other_languages"):
            text = line.values.get(key, "").lower()
            if text not in YES | NO:
                errors.append(_("%(column)s: write ja or nee.") % {"column": labels[key]})
            flags[key] = text in YES
        if not errors and len(candidates) == 1:
            location = candidates[0]
            line.data = {
                "organisation": location.organisation,
                "location": location,
                "programme": programme,
                "kind": kind,
                "date": date,
                "end_date": end_date,
                **counts,
                "languages": languages,
                **flags,
                "description": line.values.get("description", "")[:300],
                "external_reference": line.values.get("external_reference", "")[:100],
            }
            try:
                services._validate(
                    Activity(workspace=workspace, source=ActivitySource.XLSX, **line.data), preview=True
                )
            except ValidationError as error:
                for name, messages in error.message_dict.items():
                    label = labels.get(name, "")
                    errors.extend(f"{label}: {m}" if label else m for m in messages)
        lines.append(line)
    return lines


@transaction.atomic
def lines_apply(*, workspace: Workspace, actor: Any, lines: list[Line]) -> tuple[int, int]:
    """Saves the lines without errors in one transaction; returns (created, corrected)."""
    created = corrected = 0
    for line in lines:
        if line.errors:
            continue
        data = dict(line.data)
        reference = data.get("external_reference")
        existing = (
            Activity.objects.filter(organisation=data["organisation"], external_reference=reference).first()
            if reference
            else None
        )
        if existing is not None:
            services.activity_update(activity=existing, actor=actor, source=ActivitySource.XLSX, **data)
            corrected += 1
        else:
            services.activity_create(workspace=workspace, actor=actor, source=ActivitySource.XLSX, **data)
            created += 1
    return created, corrected
