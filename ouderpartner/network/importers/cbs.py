"""CBS Kerncijfers wijken en buurten (KWB, xlsx or csv) → districts (wijken) and areas (buurten).

Columns read (CBS names, upper or lower case): the code (`gwb_code_10`, `gwb_code` or `code`: GM0344,
WK034401, BU03440111), the name (`regio` or `naam`), the level (`recs` or `niveau`: Gemeente/Wijk/Buurt;
derived from the code when absent), `a_inw` (inhabitants), `a_00_14` (children aged 0-14), `a_hh`
(households), `a_hh_m_k` (households with children), `a_geb` (births). A "." means "not available"
and becomes empty. Municipality rows are skipped (their figures are kept in `info`); a buurt's district
is the WK code in its BU code (BU03440111 → WK034401). The year comes from a parameter or the file name.
"""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError
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
    parse_count,
    read_table,
    validation_message,
    year_from_name,
)
from ouderpartner.network.models import Neighbourhood

KIND = "cbs_neighbourhoods"
CODE_RE = re.compile(r"^(GM\d{4}|WK\d{6}|BU\d{8})$")
FIGURES = {
    "inhabitants": "a_inw",
    "children_0_14": "a_00_14",
    "households": "a_hh",
    "households_with_children": "a_hh_m_k",
    "births": "a_geb",
}
LEVELS = {"gemeente": "municipality", "wijk": Neighbourhood.Level.DISTRICT, "buurt": Neighbourhood.Level.AREA}
PREFIX_LEVEL = {"GM": "municipality", "WK": Neighbourhood.Level.DISTRICT, "BU": Neighbourhood.Level.AREA}
UPDATE_FIELDS = ("name", "level", "parent_id", "year", "source", *FIGURES)


def parse_cbs_neighbourhoods(
    data: bytes, *, filename: str = "", year: int | None = None, municipality_code: str | None = None
) -> ParsedFile:
    """Districts and areas of one municipality (GM code), or of all municipalities in the file."""
    table = read_table(data)
    code_column = first_column(table.header, "gwb_code_10", "gwb_code", "code")
    name_column = first_column(table.header, "regio", "naam", "name")
    level_column = first_column(table.header, "recs", "niveau", "level")
    if not code_column or not name_column or "a_inw" not in table.header:
        raise UnusableFile(
            _(
                "This does not look like CBS Kerncijfers wijken en buurten: it needs a code column "
                "(gwb_code), a name column (regio) and a_inw."
            )
        )
    year = year or year_from_name(filename)
    parsed = ParsedFile(kind=KIND, errors=list(table.errors), info={"year": year})
    seen: set[str] = set()
    for line, values in table.rows:
        code = values[code_column].upper()
        if not CODE_RE.match(code):
            parsed.errors.append(LineError(line, _("“%(value)s” is not a CBS area code.") % {"value": code}))
            continue
        if municipality_code and code[2:6] != municipality_code[2:]:
            parsed.skipped += 1
            continue
        level = PREFIX_LEVEL[code[:2]]
        if level_column and values[level_column].strip().lower() in LEVELS:
            level = LEVELS[values[level_column].strip().lower()]
            if PREFIX_LEVEL[code[:2]] != level:
                parsed.errors.append(
                    LineError(line, _("The code %(code)s does not match the level.") % {"code": code})
                )
                continue
        figures: dict[str, int | None] = {}
        bad = None
        for field, column in FIGURES.items():
            try:
                figures[field] = parse_count(values.get(column, ""))
            except ValueError:
                bad = _("“%(value)s” in column %(column)s is not a count.") % {
                    "value": values[column],
                    "column": column,
                }
                break
        if bad:
            parsed.errors.append(LineError(line, bad))
            continue
        name = values[name_column].strip()
        if not name:
            parsed.errors.append(LineError(line, _("The area has no name.")))
            continue
        if level == "municipality":
            parsed.skipped += 1
            parsed.info.setdefault("municipalities", []).append({"code": code, "name": name, **figures})
            continue
        if code in seen:
            parsed.errors.append(LineError(line, _("The code %(code)s appears twice.") % {"code": code}))
            continue
        seen.add(code)
        parsed.rows.append(
            {
                "line": line,
                "code": code,
                "name": name[:120],
                "level": str(level),
                "parent_code": f"WK{code[2:8]}" if level == Neighbourhood.Level.AREA else "",
                "year": year,
                **figures,
            }
        )
    # Districts first, so that their areas can point to them.
    parsed.rows.sort(key=lambda row: (row["level"] != Neighbourhood.Level.DISTRICT, row["code"]))
    return parsed


def neighbourhoods_import(
    *, workspace: Workspace, parsed: ParsedFile, actor: Any = None, dry_run: bool = False, source: str = ""
) -> ImportResult:
    """Create or update districts and areas by CBS code, in one transaction (dry_run: count only)."""
    result = ImportResult(
        kind=KIND,
        counts={"districts": Counts(), "areas": Counts()},
        skipped=parsed.skipped,
        errors=list(parsed.errors),
    )
    codes = {row["code"] for row in parsed.rows} | {
        row["parent_code"] for row in parsed.rows if row["parent_code"]
    }
    existing = {n.code: n for n in Neighbourhood.objects.filter(workspace=workspace, code__in=codes)}
    year = parsed.info.get("year")
    label = f"CBS Kerncijfers wijken en buurten {year}" if year else "CBS Kerncijfers wijken en buurten"
    new_districts: list[Neighbourhood] = []
    new_areas: list[Neighbourhood] = []
    changed: list[Neighbourhood] = []
    changed_fields: set[str] = set()
    districts: dict[str, Neighbourhood] = {code: n for code, n in existing.items() if code.startswith("WK")}
    for row in parsed.rows:
        is_district = row["level"] == Neighbourhood.Level.DISTRICT
        parent = None
        if not is_district:
            parent = districts.get(row["parent_code"])
            if parent is None:
                result.errors.append(
                    LineError(
                        row["line"], _("Its district %(code)s is not known.") % {"code": row["parent_code"]}
                    )
                )
                continue
        values = {
            "name": row["name"],
            "level": row["level"],
            "year": row["year"],
            "source": label,
            **{field: row[field] for field in FIGURES},
        }
        neighbourhood = existing.get(row["code"])
        if neighbourhood is None:
            neighbourhood = Neighbourhood(workspace=workspace, code=row["code"], parent=parent, **values)
            changes = ["new"]
        else:
            changes = [name for name, value in values.items() if getattr(neighbourhood, name) != value]
            for name in changes:
                setattr(neighbourhood, name, values[name])
            if parent is not None and (neighbourhood.parent_id != parent.pk or parent.pk is None):
                neighbourhood.parent = parent
                changes.append("parent")
        try:
            neighbourhood.full_clean(
                exclude=["workspace", "parent"], validate_unique=False, validate_constraints=False
            )
        except ValidationError as error:
            result.errors.append(LineError(row["line"], validation_message(error)))
            continue
        counts = result.counts["districts" if is_district else "areas"]
        if neighbourhood.pk is None:
            (new_districts if is_district else new_areas).append(neighbourhood)
            counts.created += 1
        elif changes:
            changed.append(neighbourhood)
            changed_fields.update(changes)
            counts.updated += 1
        else:
            counts.unchanged += 1
        if is_district:
            districts[row["code"]] = neighbourhood
    result.errors.sort(key=lambda e: e.line)
    if dry_run:
        return result
    with transaction.atomic():
        Neighbourhood.objects.bulk_create(new_districts, batch_size=500)
        Neighbourhood.objects.bulk_create(new_areas, batch_size=500)
        if changed:
            Neighbourhood.objects.bulk_update(changed, sorted(changed_fields), batch_size=500)
        audit_record(
            workspace=workspace,
            actor=actor,
            action=AuditEvent.Action.IMPORT,
            object_type="import",
            object_repr=label + (f": {source}" if source else ""),
            changes={"kind": KIND, "source": source, **result.summary()},
        )
    result.applied = True
    return result
