"""The coordinators' page to download the whole workspace as an archive (audited on every download)."""

from __future__ import annotations

import tempfile

from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ouderpartner.core.access import coordinator_view
from ouderpartner.core.management_views import _management_context
from ouderpartner.core.portability.archive import FORMAT_VERSION
from ouderpartner.core.portability.registry import exported_models
from ouderpartner.core.portability.services import workspace_export
from ouderpartner.stats.values import format_number

SPOOL_IN_MEMORY = 20 * 1024 * 1024  # larger archives are spooled to a temporary file


def archive_contents(workspace) -> list[dict[str, str]]:
    """What the archive will hold: each kind of data with its number of rows (those with any)."""
    rows = []
    for spec in exported_models():
        count = spec.rows(workspace).count()
        if count:
            rows.append(
                {"label": capfirst(spec.model._meta.verbose_name_plural), "count": format_number(count)}
            )
    return rows


@coordinator_view
@require_http_methods(["GET", "POST"])
def workspace_archive(request: HttpRequest) -> HttpResponse:
    workspace = request.workspace
    if request.method == "POST":
        spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_IN_MEMORY)  # noqa: SIM115 (FileResponse closes it)
        workspace_export(workspace, spool, actor=request.user, via="page")
        spool.seek(0)
        name = f"{workspace.slug}-{timezone.localdate().isoformat()}.zip"
        return FileResponse(spool, as_attachment=True, filename=name, content_type="application/zip")
    title = _("Export")
    context = _management_context(
        request, "export", title, contents=archive_contents(workspace), format_version=FORMAT_VERSION
    )
    return render(request, "core/workspace_export.html", context)
