"""Shared plumbing for the open-data importers: reading bytes, decoding, tables, line errors and results.

Parsers are pure functions (no database): they turn the bytes of a file into a `ParsedFile` of plain,
JSON-safe rows plus one `LineError` per bad line. A file that cannot be used at all (undecodable,
wrong columns, not a table) raises `UnusableFile`; nothing is changed in that case.
"""

from __future__ import annotations

import csv
import io
import math
import re
import urllib.request
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from ouderpartner.core.spreadsheets import SpreadsheetError, first_sheet, sheet_rows

DOWNLOAD_TIMEOUT_SECONDS = 120
MAX_DOWNLOAD_BYTES = 200 * 1024 * 1024


class UnusableFile(Exception):
    """The file as a whole cannot be imported (wrong format or columns); nothing was changed."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass
class LineError:
    line: int
    reason: str


@dataclass
class ParsedFile:
    """What a parser read: rows ready to import, bad lines, and rows left out on purpose."""

    kind: str
    rows: list[dict[str, Any]] = field(default_factory=list)
    errors: list[LineError] = field(default_factory=list)
    skipped: int = 0
    info: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ParsedFile:
        return cls(
            kind=data["kind"],
            rows=data["rows"],
            errors=[LineError(**error) for error in data["errors"]],
            skipped=data.get("skipped", 0),
            info=data.get("info", {}),
        )


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass
class ImportResult:
    """How many objects an import creates/created, updates/updated or leaves alone, and every bad line."""

    kind: str
    counts: dict[str, Counts] = field(default_factory=dict)
    skipped: int = 0
    errors: list[LineError] = field(default_factory=list)
    applied: bool = False

    @property
    def has_changes(self) -> bool:
        return any(c.created or c.updated for c in self.counts.values())

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ImportResult:
        return cls(
            kind=data["kind"],
            counts={name: Counts(**values) for name, values in data["counts"].items()},
            skipped=data.get("skipped", 0),
            errors=[LineError(**error) for error in data["errors"]],
            applied=data.get("applied", False),
        )

    def summary(self) -> dict[str, Any]:
        """The counts as the audit trail stores them."""
        return {
            "counts": {name: asdict(c) for name, c in self.counts.items()},
            "skipped": self.skipped,
            "bad_lines": len(self.errors),
        }

    def describe(self) -> str:
        """One plain line for the management commands."""
        parts = [
            f"{name}: {c.created} created, {c.updated} updated, {c.unchanged} unchanged"
            for name, c in self.counts.items()
        ]
        parts.append(f"{self.skipped} skipped, {len(self.errors)} bad line(s)")
        return "; ".join(parts)


# --- Reading --------------------------------------------------------------------------------------


def read_source(path_or_url: str) -> tuple[bytes, str]:
    """The bytes of a local file or an http(s) URL, and a file name for messages and year detection."""
    if re.match(r"^https?://", path_or_url, re.IGNORECASE):
        request = urllib.request.Request(path_or_url, headers={"User-Agent": "Ouderpartner importer"})
        with urllib.request.urlopen(request, timeout=DOWNLOAD_TIMEOUT_SECONDS) as response:
            data = response.read(MAX_DOWNLOAD_BYTES + 1)
        if len(data) > MAX_DOWNLOAD_BYTES:
            raise UnusableFile(_("The download is larger than 200 MB."))
        return data, path_or_url.rstrip("/").rsplit("/", 1)[-1].split("?", 1)[0]
    path = Path(path_or_url)
    return path.read_bytes(), path.name


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), else Windows-1252 (DUO's encoding); anything else is unusable."""
    if b"\x00" in data[:4096]:
        raise UnusableFile(_("This is not a text (CSV) file."))
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as error:
        raise UnusableFile(_("The file's characters cannot be read (not UTF-8 or Windows-1252).")) from error


def normalise_header(name: str) -> str:
    """'HUISNUMMER-TOEVOEGING' and 'huisnummer_toevoeging' are the same column."""
    return re.sub(r"[\s\-]+", "_", name.replace("\ufeff", "").strip().lower())


def sniff_delimiter(first_line: str) -> str:
    counts = {delimiter: first_line.count(delimiter) for delimiter in (";", ",", "\t")}
    return max(counts, key=lambda d: counts[d])


def is_xlsx(data: bytes) -> bool:
    return data[:4] == b"PK\x03\x04"


@dataclass
class Table:
    header: list[str]
    rows: list[tuple[int, dict[str, str]]]
    errors: list[LineError]


def read_table(data: bytes) -> Table:
    """A CSV table with normalised column names; rows with the wrong number of fields become line errors."""
    if is_xlsx(data):
        return read_xlsx_table(data)
    text = decode(data)
    lines = text.splitlines()
    first = next((line for line in lines if line.strip()), "")
    if not first:
        raise UnusableFile(_("The file is empty."))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(first))
    try:
        header: list[str] | None = None
        rows: list[tuple[int, dict[str, str]]] = []
        errors: list[LineError] = []
        for values in reader:
            if not any(value.strip() for value in values):
                continue
            if header is None:
                header = [normalise_header(value) for value in values]
                continue
            if len(values) != len(header):
                errors.append(
                    LineError(
                        reader.line_num,
                        _("Expected %(expected)d fields but found %(found)d.")
                        % {"expected": len(header), "found": len(values)},
                    )
                )
                continue
            rows.append(
                (reader.line_num, {name: value.strip() for name, value in zip(header, values, strict=True)})
            )
    except csv.Error as error:
        raise UnusableFile(
            _("The file is not a readable CSV table (%(error)s).") % {"error": error}
        ) from error
    return Table(header=header or [], rows=rows, errors=errors)


def read_xlsx_table(data: bytes) -> Table:
    """The first sheet of an Excel workbook as a table (row 1 is the header)."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a broken workbook
        raise UnusableFile(_("The Excel file cannot be read.")) from error
    try:
        sheet = first_sheet(workbook)
        header: list[str] | None = None
        rows: list[tuple[int, dict[str, str]]] = []
        for number, values in enumerate(sheet_rows(sheet), start=1):
            cells = ["" if value is None else str(value).strip() for value in values]
            if not any(cells):
                continue
            if header is None:
                header = [normalise_header(cell) for cell in cells]
                continue
            cells = (cells + [""] * len(header))[: len(header)]
            rows.append((number, dict(zip(header, cells, strict=True))))
    except SpreadsheetError as error:  # damaged, or wider than any real table (an xlsx bomb)
        raise UnusableFile(error.message) from error
    finally:
        workbook.close()
    if header is None:
        raise UnusableFile(_("The file is empty."))
    return Table(header=header, rows=rows, errors=[])


def require_columns(header: list[str], required: list[str] | tuple[str, ...], *, what: str) -> None:
    missing = [name for name in required if name not in header]
    if missing:
        raise UnusableFile(
            _("This does not look like %(what)s: the column(s) %(missing)s are missing.")
            % {"what": what, "missing": ", ".join(missing)}
        )


def first_column(header: list[str], *candidates: str) -> str | None:
    return next((name for name in candidates if name in header), None)


def parse_count(value: str) -> int | None:
    """A CBS count: '.' (or empty) means 'not available'; '1.234,0' style is not used in these files."""
    value = (value or "").strip()
    if value in ("", ".", "-", "x"):
        return None
    number = float(value.replace(",", "."))  # ValueError for text: the caller reports the line
    if not math.isfinite(number) or number < 0 or number != int(number):  # "1e400" and "inf" too
        raise ValueError(value)
    return int(number)


def year_from_name(name: str) -> int | None:
    match = re.search(r"(?<!\d)(20\d{2})(?!\d)", name or "")
    return int(match.group(1)) if match else None


def validation_message(error: Exception) -> str:
    """A model ValidationError as one line for the list of bad lines."""
    messages = getattr(error, "messages", None) or [str(error)]
    return " ".join(str(message) for message in messages)
