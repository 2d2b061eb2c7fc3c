"""Compile every .po catalogue of the project into its .mo file, in pure Python (no GNU gettext needed)."""

from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand

SKIP = {".venv", "node_modules", "static", "staticfiles"}


class Command(BaseCommand):
    help = "Compile the project's .po files into .mo files (like compilemessages, without GNU gettext)."

    def handle(self, *args: object, **options: object) -> None:
        root = Path(settings.BASE_DIR)
        compiled = 0
        for po_path in root.rglob("*.po"):
            if SKIP.intersection(po_path.relative_to(root).parts):
                continue
            mo_path = po_path.with_suffix(".mo")
            if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
                continue
            polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
            compiled += 1
        if compiled:
            self.stdout.write(f"Compiled {compiled} message catalogue(s).")
