"""manage.py export_workspace <slug> [-o file.zip]: the whole workspace as a versioned archive."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from ouderpartner.core.models import Workspace
from ouderpartner.core.portability.services import workspace_export


class Command(BaseCommand):
    help = (
        "Export a workspace with all its data and files to a zip archive (format: docs/portability.md), "
        "to import into another installation with import_workspace."
    )

    def add_arguments(self, parser):
        parser.add_argument("workspace", help="the workspace's short name (slug), e.g. utrecht")
        parser.add_argument("-o", "--output", help="the archive to write (default: <slug>-<date>.zip)")

    def handle(self, *args, **options):
        slug = options["workspace"]
        workspace = Workspace.objects.filter(slug=slug).first()
        if workspace is None:
            raise CommandError(f"There is no workspace '{slug}'.")
        output = Path(options["output"] or f"{slug}-{timezone.localdate().isoformat()}.zip")
        if output.exists():
            raise CommandError(f"{output} exists already; choose another file name.")
        partial = output.with_name(output.name + ".part")
        try:
            with partial.open("wb") as out:
                result = workspace_export(workspace, out, via="manage.py export_workspace")
            partial.replace(output)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
        self.stdout.write(
            f"Exported {workspace.name} to {output}: {result.rows} rows of "
            f"{len(result.manifest['models'])} models, {result.manifest['users']['rows']} users, "
            f"{result.files} files."
        )
        for name in result.missing_files:
            self.stderr.write(f"Warning: {name} is named in the data but missing from the storage.")
