"""CBS postcode-to-buurt table ("pc6hnr" / "pc6-gwb" style) → PostcodeArea.

Columns (`;`- or `,`-separated, header names in any case, <year> is e.g. 2024):

- `PC6`: the six-character postcode, `3526EP` or `3526 EP`;
- `Huisnummer` (optional): the house number; CBS's pc6hnr file has one line per address, and a
  postcode then gets the buurt most of its addresses lie in;
- `Buurt<year>`: the buurt code, `BU03440831`, `03440831` or `3440831` (CBS drops leading zeros);
- `Wijk<year>`: the wijk code, `WK034408`, `034408` or `34408`;
- `Gemeente<year>`: the municipality code, `GM0344`, `0344` or `344`.

The year is read from the column names. One row per postcode is stored (national reference data).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from ouderpartner.core.audit import audit_record
from ouderpartner.core.models import AuditEvent, Workspace
from ouderpartner.network.importers.base import (
    Counts,
    ImportResult,
    LineError,
    ParsedFile,
    UnusableFile,
    first_column,
    read_table,
)
from ouderpartner.network.models import PostcodeArea, normalise_postcode

KIND = "postcodes"
POSTCODE_RE = re.compile(r"^[1-9][0-9]{3} [A-Z]{2}$")
FIELDS = ("area_code", "district_code", "municipality_code", "year")


def _code(value: str, prefix: str, digits: int) -> str | None:
    value = value.strip().upper().removeprefix(prefix)
    if not value.isdecimal() or len(value) > digits:
        return None
    return prefix + value.zfill(digits)


def _column(header: list[str], stem: str) -> tuple[str | None, int | None]:
    for name in header:
        match = re.fullmatch(rf"{stem}_?(\d{{4}})?(code)?", name)
        if match:
            return name, int(match.group(1)) if match.group(1) else None
    return None, None


def parse_postcode_areas(data: bytes, *, municipality_code: str | None = None) -> ParsedFile:
    """One row per postcode; limited to one municipality when a GM code is given."""
    table = read_table(data)
    postcode_column = first_column(table.header, "pc6", "postcode")
    area_column, year = _column(table.header, "buurt")
    district_column, _year = _column(table.header, "wijk")
    municipality_column, _year = _column(table.header, "gemeente")
    if not postcode_column or not area_column:
        raise UnusableFile(
            _(
                "This does not look like a postcode table: it needs the columns PC6 and Buurt<year> (e.g. Buurt2024)."
            )
        )
    parsed = ParsedFile(kind=KIND, errors=list(table.errors), info={"year": year})
    votes: dict[str, Counter[tuple[str, str, str]]] = defaultdict(Counter)
    first_line: dict[str, int] = {}
    for line, values in table.rows:
        postcode = normalise_postcode(values[postcode_column])
        area = _code(values[area_column], "BU", 8)
        if not POSTCODE_RE.match(postcode):
            parsed.errors.append(
                LineError(
                    line, _("“%(value)s” is not a Dutch postcode.") % {"value": values[postcode_column]}
                )
            )
            continue
        if area is None:
            parsed.errors.append(
                LineError(line, _("“%(value)s” is not a buurt code.") % {"value": values[area_column]})
            )
            continue
        district = (_code(values[district_column], "WK", 6) if district_column else None) or f"WK{area[2:8]}"
        municipality = (
            _code(values[municipality_column], "GM", 4) if municipality_column else None
        ) or f"GM{area[2:6]}"
        if municipality_code and municipality != municipality_code:
            parsed.skipped += 1
            continue
        votes[postcode][(area, district, municipality)] += 1
        first_line.setdefault(postcode, line)
    for postcode, counter in votes.items():
        (area, district, municipality), _count = counter.most_common(1)[0]
        parsed.rows.append(
            {
                "line": first_line[postcode],
                "postcode": postcode,
                "area_code": area,
                "district_code": district,
                "municipality_code": municipality,
                "year": year,
            }
        )
    return parsed


def postcode_areas_import(
    *,
    parsed: ParsedFile,
    workspace: Workspace | None = None,
    actor: Any = None,
    dry_run: bool = False,
    source: str = "",
) -> ImportResult:
    """Create or update one PostcodeArea per postcode (key: the postcode), in one transaction."""
    result = ImportResult(
        kind=KIND, counts={"postcodes": Counts()}, skipped=parsed.skipped, errors=list(parsed.errors)
    )
    existing: dict[str, PostcodeArea] = {}
    postcodes = [row["postcode"] for row in parsed.rows]
    for start in range(0, len(postcodes), 900):
        existing.update(
            (area.postcode, area)
            for area in PostcodeArea.objects.filter(postcode__in=postcodes[start : start + 900])
        )
    new: list[PostcodeArea] = []
    changed: list[PostcodeArea] = []
    counts = result.counts["postcodes"]
    for row in parsed.rows:
        values = {name: row[name] for name in FIELDS}
        area = existing.get(row["postcode"])
        if area is None:
            new.append(PostcodeArea(postcode=row["postcode"], **values))
            counts.created += 1
        elif any(getattr(area, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(area, name, value)
            changed.append(area)
            counts.updated += 1
        else:
            counts.unchanged += 1
    if dry_run:
        return result
    with transaction.atomic():
        PostcodeArea.objects.bulk_create(new, batch_size=2000)
        PostcodeArea.objects.bulk_update(changed, list(FIELDS), batch_size=2000)
        if workspace is not None:
            audit_record(
                workspace=workspace,
                actor=actor,
                action=AuditEvent.Action.IMPORT,
                object_type="import",
                object_repr=_("Postcode table") + (f": {source}" if source else ""),
                changes={"kind": KIND, "source": source, **result.summary()},
            )
    result.applied = True
    return result
