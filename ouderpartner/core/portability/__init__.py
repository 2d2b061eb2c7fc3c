"""Data portability: a whole workspace to a versioned archive (JSON Lines + files) and back.

The format is described in docs/portability.md; `export_workspace` and `import_workspace` are the
services behind the management commands of the same names and the coordinators' download page.
"""

from ouderpartner.core.portability.archive import (
    FORMAT,
    FORMAT_VERSION,
    Archive,
    ArchiveError,
    ExportResult,
    export_workspace,
    open_archive,
)
from ouderpartner.core.portability.restore import ImportResult, import_workspace

__all__ = [
    "FORMAT",
    "FORMAT_VERSION",
    "Archive",
    "ArchiveError",
    "ExportResult",
    "ImportResult",
    "export_workspace",
    "import_workspace",
    "open_archive",
]
