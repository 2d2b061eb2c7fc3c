"""manage.py import_cbs_neighbourhoods --workspace SLUG PATH [--year]: CBS wijken and buurten (KWB)."""

from django.core.management.base import BaseCommand, CommandError

from ouderpartner.network.importers import UnusableFile, neighbourhoods_import, parse_cbs_neighbourhoods
from ouderpartner.network.management.commands._importing import read, report, workspace


class Command(BaseCommand):
    help = "Import the districts and neighbourhoods of CBS Kerncijfers wijken en buurten (xlsx or csv)."

    def add_arguments(self, parser):
        parser.add_argument("--workspace", required=True, help="slug of the workspace")
        parser.add_argument("source", help="path or http(s) URL of the KWB file (.xlsx or .csv)")
        parser.add_argument("--year", type=int, help="year of the figures (default: from the file name)")
        parser.add_argument("--dry-run", action="store_true", help="only count, change nothing")

    def handle(self, *args, **options):
        ws = workspace(options["workspace"])
        data, name = read(options["source"])
        try:
            parsed = parse_cbs_neighbourhoods(
                data, filename=name, year=options["year"], municipality_code=ws.municipality_code or None
            )
        except UnusableFile as error:
            raise CommandError(f"Nothing imported: {error.message}") from error
        result = neighbourhoods_import(workspace=ws, parsed=parsed, dry_run=options["dry_run"], source=name)
        report(self, result)
