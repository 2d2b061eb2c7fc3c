"""manage.py import_workspace <archive.zip>: restore an exported workspace into this installation."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from ouderpartner.core.portability import ArchiveError, import_workspace


class Command(BaseCommand):
    help = (
        "Import a workspace archive made by export_workspace into an installation that does not have "
        "that workspace, in one transaction (nothing is changed when it fails)."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="the zip file written by export_workspace")

    def handle(self, *args, **options):
        try:
            result = import_workspace(options["archive"])
        except FileNotFoundError as error:
            raise CommandError(f"{options['archive']} does not exist.") from error
        except ArchiveError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Imported {result.workspace.name} ({result.workspace.slug}): {result.total_rows} rows of "
            f"{len(result.rows)} models, {result.files} files; users: {result.users_created} created "
            f"(without a password: they choose one through 'forgot password'), "
            f"{result.users_existing} existing."
        )
