"""manage.py import_postcodes PATH: the CBS postcode-to-buurt table (PC6;Buurt<year>;Wijk<year>;Gemeente<year>)."""

from django.core.management.base import BaseCommand, CommandError

from ouderpartner.network.importers import UnusableFile, parse_postcode_areas, postcode_areas_import
from ouderpartner.network.management.commands._importing import read, report


class Command(BaseCommand):
    help = "Import a postcode-to-buurt table (see docs/importers.md for its columns)."

    def add_arguments(self, parser):
        parser.add_argument("source", help="path or http(s) URL of the table")
        parser.add_argument("--municipality", help="only this CBS municipality code, e.g. GM0344")
        parser.add_argument("--dry-run", action="store_true", help="only count, change nothing")

    def handle(self, *args, **options):
        data, name = read(options["source"])
        try:
            parsed = parse_postcode_areas(data, municipality_code=options["municipality"])
        except UnusableFile as error:
            raise CommandError(f"Nothing imported: {error.message}") from error
        result = postcode_areas_import(parsed=parsed, dry_run=options["dry_run"], source=name)
        report(self, result)
