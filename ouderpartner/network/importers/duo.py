"""DUO primary-school locations ("02. Alle schoolvestigingen basisonderwijs") → organisations and locations.

The real file is `;`-separated, Windows-1252, CRLF, with upper-case column names and single spaces
for empty fields. The derived UTF-8 comma file with lower-case names reads the same way. Used columns:

INSTELLINGSCODE (BRIN), VESTIGINGSCODE, VESTIGINGSNAAM, STRAATNAAM, HUISNUMMER-TOEVOEGING, POSTCODE,
PLAATSNAAM, GEMEENTENUMMER (zero-padded, the CBS code is "GM" + it) and, when present, GEMEENTENAAM,
DENOMINATIE, TELEFOONNUMMER, INTERNETADRES, BEVOEGD GEZAG NUMMER.

One organisation per BRIN (named after its main location, the vestigingscode ending in 00) and one
location per vestiging. Re-import updates by BRIN and vestigingscode. Locations are linked to a
neighbourhood when the postcode table (PostcodeArea) knows their postcode.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ouderpartner.core.audit import audit_record
from ouderpartner.core.models import AuditEvent, Workspace
from ouderpartner.network.importers.base import (
    Counts,
    ImportResult,
    LineError,
    ParsedFile,
    read_table,
    require_columns,
    validation_message,
)
from ouderpartner.network.models import (
    Location,
    Neighbourhood,
    Organisation,
    OrganisationKind,
    PostcodeArea,
    normalise_postcode,
)

KIND = "duo_schools"
REQUIRED = (
    "instellingscode",
    "vestigingscode",
    "vestigingsnaam",
    "straatnaam",
    "huisnummer_toevoeging",
    "postcode",
    "plaatsnaam",
    "gemeentenummer",
)
BRIN_RE = re.compile(r"^[0-9]{2}[A-Z0-9]{2}$")
BRANCH_RE = re.compile(r"^[0-9]{2}[A-Z0-9]{2}[0-9]{2}$")
POSTCODE_RE = re.compile(r"^[1-9][0-9]{3} ?[A-Z]{2}$")
ORGANISATION_FIELDS = ("name", "denomination", "board_number", "website", "phone")
LOCATION_FIELDS = (
    "organisation_id",
    "name",
    "street",
    "house_number",
    "postcode",
    "city",
    "neighbourhood_id",
)


def clean_website(value: str) -> str:
    """'www.school.nl' → 'https://www.school.nl'; an unusable address is left out (not an error)."""
    value = value.strip()
    if not value:
        return ""
    if not re.match(r"^https?://", value, re.IGNORECASE):
        value = f"https://{value}"
    try:
        URLValidator()(value)
    except ValidationError:
        return ""
    return value[:200]


def parse_duo_schools(data: bytes, *, municipality_code: str | None = None) -> ParsedFile:
    """Rows of the DUO file for one municipality (GM code), or all rows when no code is given."""
    table = read_table(data)
    require_columns(table.header, REQUIRED, what=_("a DUO school locations file"))
    parsed = ParsedFile(kind=KIND, errors=list(table.errors))
    seen: dict[str, int] = {}
    for line, values in table.rows:
        number = values["gemeentenummer"]
        cbs_code = f"GM{number.zfill(4)}" if number.isdecimal() else ""
        if municipality_code and cbs_code != municipality_code:
            parsed.skipped += 1
            continue
        brin = values["instellingscode"].upper()
        branch = values["vestigingscode"].upper()
        postcode = normalise_postcode(values["postcode"])
        reason = None
        if not BRIN_RE.match(brin):
            reason = _("“%(value)s” is not a BRIN code.") % {"value": brin}
        elif not BRANCH_RE.match(branch) or not branch.startswith(brin):
            reason = _("“%(value)s” is not a location code of %(brin)s.") % {"value": branch, "brin": brin}
        elif not values["vestigingsnaam"]:
            reason = _("The location has no name.")
        elif postcode and not POSTCODE_RE.match(postcode):
            reason = _("“%(value)s” is not a Dutch postcode.") % {"value": values["postcode"]}
        elif branch in seen:
            reason = _("Location %(code)s appears twice (first on line %(line)d).") % {
                "code": branch,
                "line": seen[branch],
            }
        if reason:
            parsed.errors.append(LineError(line, reason))
            continue
        seen[branch] = line
        parsed.rows.append(
            {
                "line": line,
                "brin": brin,
                "branch_code": branch,
                "name": values["vestigingsnaam"][:200],
                "street": values["straatnaam"][:120],
                "house_number": values["huisnummer_toevoeging"][:20],
                "postcode": postcode,
                "city": values["plaatsnaam"][:80],
                "municipality_code": cbs_code,
                "denomination": values.get("denominatie", "")[:80],
                "phone": values.get("telefoonnummer", "")[:30],
                "website": clean_website(values.get("internetadres", "")),
                "board_number": values.get("bevoegd_gezag_nummer", "")[:10],
            }
        )
    parsed.info["municipality_code"] = municipality_code or ""
    return parsed


def _changed(obj: Any, values: dict[str, Any]) -> list[str]:
    return [name for name, value in values.items() if getattr(obj, name) != value]


def schools_import(
    *, workspace: Workspace, parsed: ParsedFile, actor: Any = None, dry_run: bool = False, source: str = ""
) -> ImportResult:
    """Create or update the schools of a parsed DUO file in one transaction (dry_run: count only)."""
    result = ImportResult(
        kind=KIND,
        counts={"organisations": Counts(), "locations": Counts()},
        skipped=parsed.skipped,
        errors=list(parsed.errors),
    )
    rows_by_brin: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in parsed.rows:
        rows_by_brin[row["brin"]].append(row)
    organisations = {
        o.brin: o for o in Organisation.objects.filter(workspace=workspace, brin__in=list(rows_by_brin))
    }
    locations = {
        loc.branch_code: loc
        for loc in Location.objects.filter(
            workspace=workspace, branch_code__in=[row["branch_code"] for row in parsed.rows]
        ).select_related("organisation", "neighbourhood")
    }
    area_by_postcode = dict(
        PostcodeArea.objects.filter(
            postcode__in={row["postcode"] for row in parsed.rows if row["postcode"]}
        ).values_list("postcode", "area_code")
    )
    neighbourhoods = {
        n.code: n
        for n in Neighbourhood.objects.filter(workspace=workspace, code__in=set(area_by_postcode.values()))
    }

    new_orgs: list[Organisation] = []
    changed_orgs: dict[int, Organisation] = {}
    org_fields: set[str] = set()
    new_locations: list[Location] = []
    changed_locations: list[Location] = []
    location_fields: set[str] = set()
    exclude = ["workspace", "organisation", "neighbourhood"]

    for brin, rows in rows_by_brin.items():
        main = next((row for row in rows if row["branch_code"].endswith("00")), rows[0])
        values = {name: main[name] for name in ORGANISATION_FIELDS}
        organisation = organisations.get(brin)
        if organisation is None:
            organisation = Organisation(
                workspace=workspace, kind=OrganisationKind.SCHOOL, brin=brin, **values
            )
            changes = ["new"]
        else:
            changes = _changed(organisation, values)
            for name in changes:
                setattr(organisation, name, values[name])
        try:
            organisation.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            for row in rows:
                result.errors.append(LineError(row["line"], validation_message(error)))
            continue
        counts = result.counts["organisations"]
        if organisation.pk is None:
            new_orgs.append(organisation)
            counts.created += 1
        elif changes:
            changed_orgs[organisation.pk] = organisation
            org_fields.update(changes)
            counts.updated += 1
        else:
            counts.unchanged += 1

        for row in rows:
            location = locations.get(row["branch_code"])
            neighbourhood = neighbourhoods.get(area_by_postcode.get(row["postcode"], ""))
            values = {name: row[name] for name in ("name", "street", "house_number", "postcode", "city")}
            if location is None:
                location = Location(
                    workspace=workspace, organisation=organisation, branch_code=row["branch_code"]
                )
                location.neighbourhood = neighbourhood
                for name, value in values.items():
                    setattr(location, name, value)
                changes = ["new"]
            else:
                changes = _changed(location, values)
                for name in changes:
                    setattr(location, name, values[name])
                if location.organisation_id != organisation.pk or organisation.pk is None:
                    location.organisation = organisation
                    changes.append("organisation")
                # A neighbourhood chosen by hand stays when the postcode table does not know the postcode.
                if neighbourhood is not None and location.neighbourhood_id != neighbourhood.pk:
                    location.neighbourhood = neighbourhood
                    changes.append("neighbourhood")
            try:
                location.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
            except ValidationError as error:
                result.errors.append(LineError(row["line"], validation_message(error)))
                continue
            counts = result.counts["locations"]
            if location.pk is None:
                new_locations.append(location)
                counts.created += 1
            elif changes:
                changed_locations.append(location)
                location_fields.update(changes)
                counts.updated += 1
            else:
                counts.unchanged += 1

    result.errors.sort(key=lambda e: e.line)
    if dry_run:
        return result
    with transaction.atomic():
        now = timezone.now()
        Organisation.objects.bulk_create(new_orgs, batch_size=500)
        if changed_orgs:
            for organisation in changed_orgs.values():
                organisation.updated_at = now
            Organisation.objects.bulk_update(
                list(changed_orgs.values()), [*sorted(org_fields), "updated_at"], batch_size=500
            )
        Location.objects.bulk_create(new_locations, batch_size=500)
        if changed_locations:
            for location in changed_locations:
                location.updated_at = now
            Location.objects.bulk_update(
                changed_locations, [*sorted(location_fields), "updated_at"], batch_size=500
            )
        audit_record(
            workspace=workspace,
            actor=actor,
            action=AuditEvent.Action.IMPORT,
            object_type="import",
            object_repr=_("DUO school locations") + (f": {source}" if source else ""),
            changes={"kind": KIND, "source": source, **result.summary()},
        )
    result.applied = True
    return result
