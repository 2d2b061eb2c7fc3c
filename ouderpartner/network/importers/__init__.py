"""Importers for open data: DUO schools, CBS neighbourhoods (KWB) and the CBS postcode-to-buurt table.

Each importer has a pure parser (`parse_*`: bytes → rows and bad lines, no database) and a service
(`*_import`) that applies the rows in one transaction, or only counts them (`dry_run=True`, the preview).
"""

from ouderpartner.network.importers.base import ImportResult, LineError, ParsedFile, UnusableFile, read_source
from ouderpartner.network.importers.cbs import neighbourhoods_import, parse_cbs_neighbourhoods
from ouderpartner.network.importers.duo import parse_duo_schools, schools_import
from ouderpartner.network.importers.postcodes import parse_postcode_areas, postcode_areas_import

__all__ = [
    "ImportResult",
    "LineError",
    "ParsedFile",
    "UnusableFile",
    "neighbourhoods_import",
    "parse_cbs_neighbourhoods",
    "parse_duo_schools",
    "parse_postcode_areas",
    "postcode_areas_import",
    "read_source",
    "schools_import",
]
