"""manage.py import_duo_schools --workspace SLUG PATH_OR_URL: DUO primary-school locations of its municipality."""

from django.core.management.base import BaseCommand, CommandError

from ouderpartner.network.importers import UnusableFile, parse_duo_schools, schools_import
from ouderpartner.network.management.commands._importing import read, report, workspace


class Command(BaseCommand):
    help = (
        "Import DUO's primary-school locations (02. alle schoolvestigingen basisonderwijs) into a workspace."
    )

    def add_arguments(self, parser):
        parser.add_argument("--workspace", required=True, help="slug of the workspace")
        parser.add_argument("source", help="path or http(s) URL of the DUO CSV file")
        parser.add_argument("--dry-run", action="store_true", help="only count, change nothing")

    def handle(self, *args, **options):
        ws = workspace(options["workspace"])
        if not ws.municipality_code:
            raise CommandError("The workspace has no CBS municipality code to select its schools with.")
        data, name = read(options["source"])
        try:
            parsed = parse_duo_schools(data, municipality_code=ws.municipality_code)
        except UnusableFile as error:
            raise CommandError(f"Nothing imported: {error.message}") from error
        result = schools_import(workspace=ws, parsed=parsed, dry_run=options["dry_run"], source=name)
        report(self, result)
