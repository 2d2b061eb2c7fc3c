"""XLSX export of the integral matrix: programmes and organisations by policy domain, one sheet each."""

from __future__ import annotations

import io
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from ouderpartner.programmes.analysis import IntegralMatrix, MatrixDomain, MatrixRow

EMPTY_DOMAIN_FILL = PatternFill(fill_type="solid", start_color="FFF4CE", end_color="FFF4CE")


def _cell(value: Any) -> Any:
    """Text that starts like a formula is written as text (no formula injection)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def _domain_header(domain: MatrixDomain) -> str:
    if domain.without_parent_programme:
        return _("%(domain)s (no programme for parents)") % {"domain": domain.name}
    return domain.name


def _sheet(
    sheet: Worksheet,
    *,
    matrix: IntegralMatrix,
    first_headers: list[str],
    rows: list[MatrixRow],
    totals: list[tuple[str, int, list[int]]],
) -> None:
    """Headers (empty domains marked and filled), one row per programme or organisation with ja/nee, then
    the counts rows."""
    yes, no = _("yes"), _("no")
    sheet.append([*first_headers, *(_domain_header(d) for d in matrix.domains), _("Domains")])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "C2"  # the name and its detail stay in view
    for row in rows:
        sheet.append(
            [_cell(row.name), _cell(row.detail), *(yes if linked else no for linked in row.cells), row.count]
        )
    for label, total, per_domain in totals:
        sheet.append([label, total, *per_domain, None])
        for cell in sheet[sheet.max_row]:
            cell.font = Font(bold=True)
    first_domain_column = len(first_headers) + 1
    for index, domain in enumerate(matrix.domains):
        if domain.without_parent_programme:
            for (cell,) in sheet.iter_rows(
                min_col=first_domain_column + index, max_col=first_domain_column + index
            ):
                cell.fill = EMPTY_DOMAIN_FILL
    sheet.column_dimensions["A"].width = 40
    sheet.column_dimensions["B"].width = 24
    for index in range(len(matrix.domains) + 1):
        letter = sheet.cell(row=1, column=first_domain_column + index).column_letter
        sheet.column_dimensions[letter].width = 18


def integral_matrix_xlsx(*, matrix: IntegralMatrix) -> bytes:
    """The workbook: sheet 1 programmes × domains, sheet 2 organisations × domains, each with its counts;
    a domain without a programme for parents is marked in its header and filled."""
    workbook = Workbook()
    programmes = workbook.active
    programmes.title = _("Programmes")[:31]
    _sheet(
        programmes,
        matrix=matrix,
        first_headers=[_("Programme"), _("For")],
        rows=matrix.programme_rows,
        totals=[
            (_("Programmes"), matrix.programme_total, [d.programme_count for d in matrix.domains]),
            (
                _("Of which for parents"),
                matrix.parent_programme_total,
                [d.parent_programme_count for d in matrix.domains],
            ),
        ],
    )
    organisations = workbook.create_sheet(_("Organisations")[:31])
    _sheet(
        organisations,
        matrix=matrix,
        first_headers=[_("Organisation"), _("Kind")],
        rows=matrix.organisation_rows,
        totals=[
            (
                _("Organisations"),
                len(matrix.organisation_rows),
                [d.organisation_count for d in matrix.domains],
            )
        ],
    )
    for sheet in (programmes, organisations):
        if matrix.domains_without_parent_programme:
            sheet.append([])
            sheet.append(
                [
                    _("Policy domains without a programme for parents: %(domains)s")
                    % {"domains": ", ".join(d.name for d in matrix.domains_without_parent_programme)}
                ]
            )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
