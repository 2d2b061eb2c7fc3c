"""Time to generate the demo's yearly progress report for the LEA (build + render + PDF), on the demo data
in an in-memory database.

    .venv/bin/python bench/policy_report.py [--runs 5]

Loads the demo (which itself generates the report once), then builds Utrecht's yearly report for the
demo year several times: the content from the database (build), the HTML with the charts drawn to SVG by
vl-convert (render) and the PDF by WeasyPrint (pdf). The first run of the process (imports, fonts,
vl-convert's engine) is printed apart; then the median and slowest of the further runs, wall clock and
CPU time of this process (for when others share the machine), with the page count and size of the PDF,
and a target line (10 s) saying met or NOT MET by how much. Exits 0 when it measured.
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

TARGET_SECONDS = 10


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import translation

    from ouderpartner.core.demo.loader import load_demo
    from ouderpartner.policy.models import PolicyFramework
    from ouderpartner.policy.reports import (
        PDF_VARIANT,
        Point,
        _no_fetching,
        _weasyprint,
        build_yearly_report,
        chart_svg,
        charts_of,
        default_year,
        report_html,
        trend_chart,
    )

    translation.activate("nl")
    call_command("migrate", verbosity=0)
    load_demo()
    framework = (
        PolicyFramework.objects.filter(workspace__slug="utrecht").order_by("-created_at", "-id").first()
    )
    if framework is None:
        print("The demo has no policy framework.")
        return 1
    year = default_year(framework)
    print(
        f"{framework} — yearly report {year}; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
    )

    def once() -> dict[str, float]:
        times = {}
        started, cpu = time.perf_counter(), time.process_time()
        with CaptureQueriesContext(connection) as queries:
            report = build_yearly_report(framework, year=year, embed_logo=True)
        times["build"] = time.perf_counter() - started
        mark = time.perf_counter()
        html = report_html(report)
        times["render"] = time.perf_counter() - mark
        mark = time.perf_counter()
        weasyprint = _weasyprint()
        document = weasyprint.HTML(string=html, url_fetcher=_no_fetching()).render()
        pdf = document.write_pdf(pdf_variant=PDF_VARIANT)
        times["pdf"] = time.perf_counter() - mark
        times["total"] = time.perf_counter() - started
        times["cpu"] = time.process_time() - cpu
        times["queries"] = len(queries)
        times["charts"] = sum(1 for chart in charts_of(report) if chart.svg)
        times["pages"] = len(document.pages)
        times["kb"] = len(pdf) / 1024
        return times

    first = once()
    print(
        f"first run of the process (imports, fonts, vl-convert engine): {first['total']:.2f} s "
        f"(build {first['build']:.2f}, render {first['render']:.2f}, pdf {first['pdf']:.2f}); "
        f"{first['queries']:.0f} queries, {first['charts']:.0f} charts, {first['pages']:.0f} pages, "
        f"{first['kb']:.0f} KB"
    )
    runs = [once() for _ in range(args.runs)]
    print(f"{'':<8}{'median s':>10}{'max s':>8}")
    for key in ("build", "render", "pdf", "total", "cpu"):
        values = [run[key] for run in runs]
        print(f"{key:<8}{statistics.median(values):>10.2f}{max(values):>8.2f}")
    # vl-convert on its own: every chart of the report, and a trend chart of five years, drawn 20 times each.
    report = build_yearly_report(framework, year=year)
    charts = charts_of(report)
    charts.append(
        trend_chart(
            chart_id="bench",
            points=[Point(y, str(y), float(40 + 5 * i)) for i, y in enumerate(range(year - 4, year + 1))],
            description="bench",
            axis_title="%",
            target=75.0,
        )
    )
    per_chart = []
    for chart in charts:
        for _ in range(20):
            started = time.perf_counter()
            chart_svg(chart)
            per_chart.append((time.perf_counter() - started) * 1000)
    print(
        f"vl-convert per chart ({len(charts)} charts x 20): median {statistics.median(per_chart):.0f} ms, "
        f"max {max(per_chart):.0f} ms"
    )
    print(f"load average at the end: {os.getloadavg()[0]:.1f}")
    slowest = max(run["total"] for run in [first, *runs])
    verdict = "met" if slowest <= TARGET_SECONDS else f"NOT MET by {slowest - TARGET_SECONDS:.2f} s"
    print(f"target: yearly report <= {TARGET_SECONDS} s (slowest generation {slowest:.2f} s): {verdict}")
    return 0  # it measured: a missed target is reported above, not an error


if __name__ == "__main__":
    sys.exit(main())
