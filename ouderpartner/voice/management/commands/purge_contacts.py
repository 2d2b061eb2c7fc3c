"""Removes parents' contact details from conversation records past their date (run daily, e.g. from cron)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from ouderpartner.voice.conversations import contacts_purge


class Command(BaseCommand):
    help = "Clear contact details on conversation records whose retention date has passed (audited)."

    def handle(self, *args: Any, **options: Any) -> None:
        purged = contacts_purge()
        if not purged:
            self.stdout.write("No contact details to remove.")
        for workspace, count in purged.items():
            self.stdout.write(f"{workspace.slug}: contact details removed from {count} conversation(s).")
