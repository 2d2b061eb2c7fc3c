"""Times every reach dashboard selector for the largest workspace on PostgreSQL (p50/p95 over repeated runs).

    .venv/bin/python bench/reach_dashboard.py                  # on the data of bench/reach_generate.py
    .venv/bin/python bench/reach_dashboard.py --runs 30 --database postgres://postgres@127.0.0.1:5432/ouderpartner_bench

Uses the database bench/reach_generate.py filled (it runs the generator first, with its defaults, when
that database has no activities). Each selector runs once to warm the cache, then --runs times; the
script prints the activities in the database and in the workspace, p50/p95/max per selector (one SQL
query each, plus the whole dashboard with all its queries for two periods), and EXPLAIN (ANALYZE,
BUFFERS) of the heaviest query.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from reach_generate import DEFAULT_DATABASE, DEFAULT_GEMEENTEN, ensure_database, generate, setup_django


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE))
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    if not args.database.startswith("postgres"):
        print("This bench needs PostgreSQL: give --database postgres://…", file=sys.stderr)
        return 2
    ensure_database(args.database)
    setup_django(args.database)
    from django.db import connection
    from django.db.models import Count
    from django.utils import timezone

    from ouderpartner.core.models import Workspace
    from ouderpartner.reach import indicators, selectors
    from ouderpartner.reach.models import Activity

    if not Activity.objects.exists():
        print("No activities yet: running bench/reach_generate.py first.")
        generate(url=args.database, activities=2_000_000, gemeenten=DEFAULT_GEMEENTEN)
    with connection.cursor() as cursor:  # after a migration that added an index: what autovacuum would do
        cursor.execute("VACUUM ANALYZE reach_activity")
        cursor.execute("VACUUM ANALYZE reach_activitylanguage")
    total = Activity.objects.count()
    largest = (
        Workspace.objects.annotate(n=Count("activities"))
        .order_by("-n")
        .values_list("pk", "slug", "n")
        .first()
    )
    workspace = Workspace.objects.get(pk=largest[0])
    print(
        f"PostgreSQL {connection.pg_version // 10000}: {total:,} activities in {Workspace.objects.count()} workspaces"
    )
    print(
        f"Largest workspace: {largest[1]} ({workspace.name}, {workspace.municipality_code}) with {largest[2]:,} activities"
    )

    today = timezone.localdate()
    k = selectors.effective_threshold(workspace.disclosure_threshold)
    filters = selectors.ReachFilters()
    recent = Activity.objects.filter(workspace=workspace).filter(filters.q(today))
    everything = Activity.objects.filter(workspace=workspace)
    period = selectors.period_for("12m", today)
    _periods, programmes, districts = selectors.filter_options(workspace)
    school_year = selectors.Period.school_year(selectors.school_year_of(today) - 1)
    cases: list[tuple[str, Callable[[], object]]] = [
        ("filter options (3 queries)", lambda: selectors.filter_options(workspace)),
        (
            "per district + estimates (2)",
            lambda: selectors._neighbourhoods(workspace, recent, filters, districts, period.start.year, k),
        ),
        ("per programme", lambda: selectors._programmes(recent, programmes, k)),
        ("per place (2)", lambda: selectors._places(workspace, recent, k)),
        ("per kind of organisation (2)", lambda: selectors._organisation_kinds(workspace, recent, k)),
        ("per kind of activity", lambda: selectors._activity_kinds(recent, k)),
        (
            "per language (2)",
            lambda: selectors._languages(workspace, recent, filters.q(today, prefix="activity__"), k),
        ),
        ("per month", lambda: selectors._monthly(recent, period, today, k)),
        ("per school year (all years)", lambda: selectors._school_years(everything, k)),
        ("per month, all 5 years", lambda: selectors._monthly(everything, selectors.Period(), today, k)),
        ("whole dashboard, 12 months", lambda: selectors.reach_dashboard(workspace=workspace, params={})),
        (
            "whole dashboard, all time",
            lambda: selectors.reach_dashboard(workspace=workspace, params={"period": "all"}),
        ),
        (
            "indicator: target-group parents",
            lambda: indicators.target_group_parents_reached(workspace, school_year),
        ),
        ("indicator: reach rate", lambda: indicators.target_group_reach_rate(workspace, today.year - 1)),
        (
            "indicator: trusted places active",
            lambda: indicators.share_of_trusted_places_with_activity(workspace, school_year),
        ),
    ]
    print(f"\n{'selector':36} {'queries':>7} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    heaviest: tuple[float, str, str, object] = (0.0, "", "", None)
    for name, run in cases:
        captured: list[tuple[float, str, object]] = []

        def record(execute, sql, params, many, context, captured=captured):
            started = time.perf_counter()
            result = execute(sql, params, many, context)
            captured.append(((time.perf_counter() - started) * 1000, sql, params))
            return result

        with connection.execute_wrapper(record):
            run()  # warm-up, counting its queries
        queries = list(captured)
        timings = []
        for _ in range(args.runs):
            started = time.perf_counter()
            run()
            timings.append((time.perf_counter() - started) * 1000)
        p50, p95 = percentile(timings, 0.5), percentile(timings, 0.95)
        print(f"{name:36} {len(queries):>7} {p50:>8.1f} {p95:>8.1f} {max(timings):>8.1f}")
        for elapsed, sql, params in queries:
            if elapsed > heaviest[0]:
                heaviest = (elapsed, name, sql, params)
    if heaviest[2]:
        print(
            f"\nEXPLAIN (ANALYZE, BUFFERS) of the slowest query ({heaviest[1]}, {heaviest[0]:.0f} ms at warm-up):"
        )
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + heaviest[2], heaviest[3])
            for (line,) in cursor.fetchall():
                print("  " + line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
