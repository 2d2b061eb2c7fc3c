"""The audited entry points: exporting a workspace (page and command) and importing one (command)."""

from __future__ import annotations

from typing import IO, Any

from ouderpartner.core.audit import audit_record
from ouderpartner.core.models import AuditEvent, Workspace
from ouderpartner.core.portability.archive import ExportResult, export_workspace


def workspace_export(
    workspace: Workspace, out: IO[bytes], *, actor: Any = None, via: str = ""
) -> ExportResult:
    """Write the archive, then record who exported how much (the export itself is not in it)."""
    result = export_workspace(workspace, out)
    audit_record(
        workspace=workspace,
        actor=actor,
        action=AuditEvent.Action.EXPORT,
        object_type="workspace_archive",
        object_repr=workspace.name,
        changes={
            "format_version": result.manifest["format_version"],
            "rows": result.rows,
            "files": result.files,
            "missing_files": len(result.missing_files),
            **({"via": via} if via else {}),
        },
    )
    return result
