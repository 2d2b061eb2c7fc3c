"""manage.py import_workspace <archive.zip>: restore an exported workspace into this installation."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from ouderpartner.core.portability import ArchiveError, import_workspace, open_archive
from ouderpartner.core.portability.archive import check_archive


class Command(BaseCommand):
    help = (
        "Import a workspace archive made by export_workspace into an installation that does not have "
        "that workspace, in one transaction (nothing is changed when it fails)."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="the zip file written by export_workspace")
        parser.add_argument(
            "--check",
            action="store_true",
            help="only read the whole archive and check it (format, counts, checksums); import nothing",
        )

    def handle(self, *args, **options):
        if options["check"]:
            try:
                found = check_archive(open_archive(options["archive"]))
            except ArchiveError as error:
                raise CommandError(str(error)) from error
            self.stdout.write(
                f"The archive is complete: {found['rows']} rows, {found['users']} users, "
                f"{found['files']} files, every checksum right. Nothing was imported."
            )
            return
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
