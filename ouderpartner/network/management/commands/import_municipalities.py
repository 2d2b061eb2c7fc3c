"""manage.py import_municipalities PATH [--provinces PATH]: the CBS list of municipalities."""

from django.core.management.base import BaseCommand, CommandError

from ouderpartner.core.importers import municipalities_import, parse_municipalities, parse_provinces
from ouderpartner.network.importers import UnusableFile
from ouderpartner.network.management.commands._importing import read, report


class Command(BaseCommand):
    help = "Import the CBS municipality list (gm_code, gm_naam, jaar) and optionally their provinces."

    def add_arguments(self, parser):
        parser.add_argument("source", help="path or http(s) URL of gemeenten.csv")
        parser.add_argument("--provinces", help="path or URL of a GM_code;province file")
        parser.add_argument("--dry-run", action="store_true", help="only count, change nothing")

    def handle(self, *args, **options):
        try:
            parsed = parse_municipalities(read(options["source"])[0])
            provinces = parse_provinces(read(options["provinces"])[0]) if options["provinces"] else None
        except UnusableFile as error:
            raise CommandError(f"Nothing imported: {error.message}") from error
        result = municipalities_import(parsed=parsed, provinces=provinces, dry_run=options["dry_run"])
        report(self, result)
