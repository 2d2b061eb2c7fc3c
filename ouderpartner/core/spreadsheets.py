"""Reading the rows of an uploaded Excel sheet safely: a damaged or oversized sheet is a message, not a 500.

openpyxl opens a workbook lazily (read-only mode), so a sheet whose XML is cut off only breaks while its
rows are read, with an XML ParseError; and it pads every row to the width the sheet claims, so a 20 kB
file that claims 16,384 columns on every row makes hundreds of millions of cells (an "xlsx bomb").
`sheet_rows` refuses a sheet wider than the importer can use and turns any reading error into
`SpreadsheetError`, whose message the importers show as their own.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext as _

MAX_COLUMNS = 500


class SpreadsheetError(Exception):
    """The sheet cannot be read (damaged or too large); `message` says so for people."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def sheet_rows(sheet: Any, *, max_columns: int = MAX_COLUMNS) -> Iterator[tuple[Any, ...]]:
    """The rows of a read-only worksheet as tuples of values, at most `max_columns` wide."""
    claimed = getattr(sheet, "max_column", None)
    if claimed and claimed > max_columns:
        raise SpreadsheetError(
            _("The sheet is too wide: it has %(found)s columns, at most %(max)s can be read.")
            % {"found": claimed, "max": max_columns}
        )
    try:
        yield from sheet.iter_rows(values_only=True, max_col=claimed or max_columns)
    except Exception as error:  # openpyxl and the XML parser raise many kinds for a damaged sheet
        raise SpreadsheetError(_("The Excel file is damaged: a sheet cannot be read to the end.")) from error


def first_sheet(workbook: Any) -> Any:
    """The first worksheet (not a chart sheet); a workbook without one cannot be imported."""
    if not workbook.worksheets:
        raise SpreadsheetError(_("The Excel file has no worksheet."))
    return workbook.worksheets[0]
