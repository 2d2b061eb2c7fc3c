"""manage.py load_demo: the demo workspaces, users and network (idempotent: a rerun changes nothing)."""

from pathlib import Path

from django.core.management.base import BaseCommand

from ouderpartner.core.demo.loader import load_demo


class Command(BaseCommand):
    help = "Load the demo (Gemeente Utrecht and Gemeente Amersfoort); running it again changes nothing."

    def add_arguments(self, parser):
        parser.add_argument(
            "--data-dir",
            help="folder with the real open data (default: settings.DEMO_DATA_DIR when it exists)",
        )

    def handle(self, *args, **options):
        data_dir = Path(options["data_dir"]) if options["data_dir"] else None
        report = load_demo(data_dir)
        for line in report.lines:
            self.stdout.write(f"  {line}")
