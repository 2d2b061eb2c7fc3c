"""XLSX exports of the network lists (the filtered list, every page), audited."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from typing import Any

from django.http import HttpResponse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from ouderpartner.core.languages import PARENT_LANGUAGES
from ouderpartner.core.models import Workspace
from ouderpartner.network.models import Location, Neighbourhood, Organisation, Partnership, TrustedPurpose
from ouderpartner.network.selectors import DistrictRow
from ouderpartner.network.services import export_record
from ouderpartner.stats import effective_threshold, explanation, publish_count

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_ROWS = 50_000


def _cell(value: Any) -> Any:
    """Text that starts like a formula is written as text (no formula injection)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def xlsx_response(
    *,
    title: str,
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    filename: str,
    notes: Sequence[str] = (),
) -> HttpResponse:
    """One sheet: bold headers, the rows, then (after an empty row) any notes, one a row in column A."""
    workbook = Workbook(write_only=False)
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.append([str(h) for h in headers])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for row in rows:
        sheet.append([_cell(value) for value in row])
    if notes:
        sheet.append([])
        for note in notes:
            sheet.append([_cell(str(note))])
    for index, header in enumerate(headers, start=1):
        sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = max(
            12, len(str(header)) + 4
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="{slugify(filename)}-{stamp}.xlsx"'
    return response


def _languages(codes: list[str]) -> str:
    return ", ".join(PARENT_LANGUAGES[c].english_name if c in PARENT_LANGUAGES else c for c in codes)


def _purposes(values: list[str]) -> str:
    labels = dict(TrustedPurpose.choices)
    return ", ".join(str(labels.get(v, v)) for v in values)


def _published(value: int | None, k: int) -> int | str | None:
    """A figure about people as published: the rounded count, "< k" when suppressed, empty when unknown."""
    if value is None:
        return None
    figure = publish_count(value, k=k)
    return figure.display() if figure.suppressed else figure.value


def _yes_no(value: bool) -> str:
    return _("yes") if value else _("no")


def organisations_export(
    *, workspace: Workspace, actor: Any, organisations: Iterable[Organisation], filters: dict[str, str]
) -> HttpResponse:
    rows = [
        [
            org.name,
            org.get_kind_display(),
            org.brin,
            org.lrk_number,
            org.website,
            org.phone,
            org.email,
            getattr(org, "location_count", None),
            _yes_no(org.is_archived),
        ]
        for org in list(organisations)[:MAX_ROWS]
    ]
    export_record(workspace=workspace, actor=actor, what="organisations", rows=len(rows), filters=filters)
    headers = [
        _("Name"),
        _("Kind"),
        _("BRIN"),
        _("LRK number"),
        _("Website"),
        _("Phone"),
        _("E-mail address"),
        _("Locations"),
        _("Archived"),
    ]
    return xlsx_response(title=_("Organisations"), headers=headers, rows=rows, filename=_("organisations"))


def locations_export(
    *, workspace: Workspace, actor: Any, locations: Iterable[Location], filters: dict[str, str]
) -> HttpResponse:
    rows = [
        [
            loc.name,
            loc.organisation.name,
            loc.organisation.get_kind_display(),
            loc.branch_code,
            loc.street,
            loc.house_number,
            loc.postcode,
            loc.city,
            loc.neighbourhood.code if loc.neighbourhood else "",
            loc.neighbourhood.name if loc.neighbourhood else "",
            float(loc.latitude) if loc.latitude is not None else None,
            float(loc.longitude) if loc.longitude is not None else None,
            _yes_no(loc.is_trusted_place),
            _purposes(loc.trusted_purposes),
            _languages(loc.staff_languages),
            _yes_no(loc.is_archived),
        ]
        for loc in list(locations)[:MAX_ROWS]
    ]
    export_record(workspace=workspace, actor=actor, what="locations", rows=len(rows), filters=filters)
    headers = [
        _("Name"),
        _("Organisation"),
        _("Kind of organisation"),
        _("Branch code"),
        _("Street"),
        _("House number"),
        _("Postcode"),
        _("Place"),
        _("Neighbourhood code"),
        _("Neighbourhood"),
        _("Latitude"),
        _("Longitude"),
        _("Trusted place"),
        _("What parents come here for"),
        _("Languages spoken by staff"),
        _("Archived"),
    ]
    return xlsx_response(title=_("Locations"), headers=headers, rows=rows, filename=_("locations"))


def _neighbourhood_row(
    n: Neighbourhood, district_name: str, k: int, *, locations: int, trusted: int
) -> list[Any]:
    """A district or neighbourhood with its figures about people as published (disclosure control)."""
    return [
        n.code,
        n.name,
        n.get_level_display(),
        district_name,
        n.year,
        _published(n.inhabitants, k),
        _published(n.children_0_14, k),
        _published(n.households, k),
        _published(n.households_with_children, k),
        _published(n.births, k),
        locations,
        trusted,
        n.source,
    ]


def neighbourhoods_export(
    *, workspace: Workspace, actor: Any, overview: list[DistrictRow], filters: dict[str, str]
) -> HttpResponse:
    k = effective_threshold(workspace.disclosure_threshold)
    rows = []
    for row in overview:
        if row.district is not None:
            rows.append(
                _neighbourhood_row(
                    row.district, "", k, locations=row.location_count, trusted=row.trusted_count
                )
            )
        district_name = row.district.name if row.district else ""
        for a in row.areas:
            rows.append(
                _neighbourhood_row(a, district_name, k, locations=a.location_count, trusted=a.trusted_count)
            )
    export_record(workspace=workspace, actor=actor, what="neighbourhoods", rows=len(rows), filters=filters)
    headers = [
        _("CBS code"),
        _("Name"),
        _("Level"),
        _("District"),
        _("Year of the figures"),
        _("Inhabitants"),
        _("Children aged 0-14"),
        _("Households"),
        _("Households with children"),
        _("Births"),
        _("Locations"),
        _("Trusted places"),
        _("Source"),
    ]
    notes = [
        _("The numbers of people are published CBS figures about the whole population."),
        str(explanation(k)),
    ]
    return xlsx_response(
        title=_("Neighbourhoods"), headers=headers, rows=rows, filename=_("neighbourhoods"), notes=notes
    )


def partnerships_export(
    *, workspace: Workspace, actor: Any, partnerships: Iterable[Partnership], filters: dict[str, str]
) -> HttpResponse:
    rows = [
        [
            p.name,
            p.get_kind_display(),
            ", ".join(org.name for org in p.organisations.all()),
            p.start_date,
            p.end_date,
            p.agreements,
            _yes_no(p.is_archived),
        ]
        for p in list(partnerships)[:MAX_ROWS]
    ]
    export_record(workspace=workspace, actor=actor, what="partnerships", rows=len(rows), filters=filters)
    headers = [
        _("Name"),
        _("Kind"),
        _("Organisations"),
        _("Start date"),
        _("End date"),
        _("Agreements"),
        _("Archived"),
    ]
    return xlsx_response(title=_("Partnerships"), headers=headers, rows=rows, filename=_("partnerships"))
