"""The CBS municipality list (gm_code, gm_naam, jaar) and, optionally, their provinces → Municipality.

`gemeenten.csv`: comma-separated UTF-8 with the columns `gm_code` (GM0344), `gm_naam` and `jaar`.
`gm_codes_and_provinces.csv`: `;`-separated with a BOM, columns `GM_code;province`.
Key: the CBS code; re-import updates names, years and provinces. National reference data, so there is
no workspace to record it in: the management command reports to its output instead.
"""

from __future__ import annotations

import re

from django.db import transaction
from django.utils.translation import gettext as _

from ouderpartner.core.models import Municipality
from ouderpartner.network.importers.base import (
    Counts,
    ImportResult,
    LineError,
    ParsedFile,
    UnusableFile,
    first_column,
    read_table,
    require_columns,
)

KIND = "municipalities"
CODE_RE = re.compile(r"^GM\d{4}$")


def parse_municipalities(data: bytes) -> ParsedFile:
    table = read_table(data)
    require_columns(table.header, ("gm_code", "gm_naam"), what=_("the CBS municipality list"))
    parsed = ParsedFile(kind=KIND, errors=list(table.errors))
    seen: set[str] = set()
    for line, values in table.rows:
        code = values["gm_code"].upper()
        year = values.get("jaar", "")
        if not CODE_RE.match(code):
            parsed.errors.append(
                LineError(line, _("“%(value)s” is not a CBS municipality code.") % {"value": code})
            )
        elif not values["gm_naam"]:
            parsed.errors.append(LineError(line, _("The municipality has no name.")))
        elif year and not year.isdecimal():
            parsed.errors.append(LineError(line, _("“%(value)s” is not a year.") % {"value": year}))
        elif code in seen:
            parsed.errors.append(LineError(line, _("The code %(code)s appears twice.") % {"code": code}))
        else:
            seen.add(code)
            parsed.rows.append(
                {
                    "line": line,
                    "code": code,
                    "name": values["gm_naam"][:120],
                    "year": int(year) if year else None,
                }
            )
    return parsed


def parse_provinces(data: bytes) -> dict[str, str]:
    """{GM code: province} from a `GM_code;province` file."""
    table = read_table(data)
    code_column = first_column(table.header, "gm_code", "code")
    province_column = first_column(table.header, "province", "provincie", "provincienaam")
    if not code_column or not province_column:
        raise UnusableFile(_("The province file needs the columns GM_code and province."))
    return {values[code_column].upper(): values[province_column][:60] for _line, values in table.rows}


def municipalities_import(
    *, parsed: ParsedFile, provinces: dict[str, str] | None = None, dry_run: bool = False
) -> ImportResult:
    """Create or update municipalities by CBS code, in one transaction; provinces only when given."""
    result = ImportResult(kind=KIND, counts={"municipalities": Counts()}, errors=list(parsed.errors))
    existing = Municipality.objects.in_bulk(field_name="code")
    new: list[Municipality] = []
    changed: list[Municipality] = []
    counts = result.counts["municipalities"]
    for row in parsed.rows:
        values = {"name": row["name"], "year": row["year"]}
        if provinces is not None:
            values["province"] = provinces.get(row["code"], "")
        municipality = existing.get(row["code"])
        if municipality is None:
            new.append(Municipality(code=row["code"], **values))
            counts.created += 1
        elif any(getattr(municipality, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(municipality, name, value)
            changed.append(municipality)
            counts.updated += 1
        else:
            counts.unchanged += 1
    if dry_run:
        return result
    with transaction.atomic():
        Municipality.objects.bulk_create(new, batch_size=500)
        Municipality.objects.bulk_update(changed, ["name", "year", "province"], batch_size=500)
    result.applied = True
    return result
