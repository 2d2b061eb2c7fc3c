"""Time to make a distribution's printable poster (PDF, WeasyPrint), on the demo data in an in-memory database.

    .venv/bin/python bench/poster_render.py [--runs 5]

Prints the import of WeasyPrint and the first poster of the process (fonts are loaded then) apart,
then the median and slowest of further runs per case (wall clock, and CPU time of this process
for when others share the machine), how many layouts were tried until it fitted on one page: the demo questionnaire (4 languages), the
same offered in 8 and in 14 languages (blocks without a translation show the fixed invitation),
each as A4 and A5, with the page count (must be 1) and the PDF's size.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "1")
os.environ["SQLITE_PATH"] = ":memory:"
os.environ.setdefault("LOG_LEVEL", "WARNING")

EIGHT = ["nl", "en", "ar", "tr", "pl", "uk", "ti", "so"]
FOURTEEN = [*EIGHT, "fa", "ku", "es", "fr", "de", "pt"]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command

    from ouderpartner.core.demo.loader import load_demo
    from ouderpartner.voice import posters
    from ouderpartner.voice.models import Distribution

    call_command("migrate", verbosity=0)
    load_demo()
    demo = Distribution.objects.select_related("questionnaire", "location").first()
    if demo is None:
        print("The demo has no distribution.")
        return 1
    questionnaire = demo.questionnaire

    started = time.perf_counter()
    import weasyprint  # noqa: F401  (timed on its own: the view imports it on the first poster)

    print(f"import weasyprint: {(time.perf_counter() - started) * 1000:.0f} ms")
    started = time.perf_counter()
    posters.poster_pdf(demo, size="a4")
    print(f"first poster of the process (fonts loaded): {(time.perf_counter() - started) * 1000:.0f} ms")

    print(f"{'case':<26}{'median ms':>10}{'max ms':>8}{'CPU ms':>8}{'tries':>7}{'pages':>7}{'PDF KB':>8}")
    for label, languages in (("demo, 4 languages", None), ("8 languages", EIGHT), ("14 languages", FOURTEEN)):
        if languages is not None:
            questionnaire.languages = languages
        for size in ("a4", "a5"):
            times, cpu = [], []
            for _ in range(args.runs):
                started, started_cpu = time.perf_counter(), time.process_time()
                document, tries = posters.poster_layout(demo, size=size)
                pdf = document.write_pdf()
                times.append((time.perf_counter() - started) * 1000)
                cpu.append((time.process_time() - started_cpu) * 1000)
            print(
                f"{label + ', ' + size.upper():<26}{statistics.median(times):>10.0f}{max(times):>8.0f}"
                f"{statistics.median(cpu):>8.0f}{tries:>7}{len(document.pages):>7}{len(pdf) / 1024:>8.1f}"
            )
            if len(document.pages) != 1:
                print("  a poster must fit on one page")
                return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
