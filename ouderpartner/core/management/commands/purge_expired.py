"""Removes the raw data that is past its retention period, per workspace and kind (run daily).

See docs/retention.md for the periods, the systemd timer and the cron line.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from ouderpartner.core.models import Workspace
from ouderpartner.core.retention import KINDS, purge, purge_login_attempts


class Command(BaseCommand):
    help = (
        "Remove questionnaire answers, meeting entries and votes, contact requests, consultation "
        "comments and audit events that are past their workspace's retention period; each removal "
        "is audited and logged. Records of failed logins (with an IP address) go a day after their "
        "lockout window."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Only count what would be removed.")
        parser.add_argument(
            "--workspace",
            action="append",
            default=[],
            metavar="SLUG",
            help="Only this workspace (repeatable).",
        )
        parser.add_argument(
            "--kind", action="append", default=[], choices=KINDS, help="Only this kind of data (repeatable)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        workspaces = Workspace.objects.all()
        if options["workspace"]:
            workspaces = workspaces.filter(slug__in=options["workspace"])
            missing = set(options["workspace"]) - set(workspaces.values_list("slug", flat=True))
            if missing:
                raise CommandError(f"Unknown workspace: {', '.join(sorted(missing))}")
        kinds = tuple(options["kind"]) or KINDS
        dry_run = options["dry_run"]
        results = purge(workspaces=workspaces, kinds=kinds, dry_run=dry_run)
        verb = "would remove" if dry_run else "removed"
        for result in results:
            self.stdout.write(f"{verb}: {result.describe()}")
        if not options["workspace"] and not options["kind"]:
            # Installation-wide, not per workspace: failed logins, kept only for the lockout.
            attempts = purge_login_attempts(dry_run=dry_run)
            if attempts:
                self.stdout.write(f"{verb}: {attempts} record(s) of failed logins")
        if not results:
            self.stdout.write("Nothing is past its retention period.")
        elif dry_run:
            self.stdout.write("Dry run: nothing was removed.")
