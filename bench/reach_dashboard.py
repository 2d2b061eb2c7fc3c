"""Whole requests of the reach dashboard for the largest workspace on PostgreSQL: p50/p95 per kind of request.

    .venv/bin/python bench/reach_dashboard.py                  # on the data of bench/reach_generate.py
    .venv/bin/python bench/reach_dashboard.py --runs 30 --database postgres://postgres@127.0.0.1:5432/ouderpartner_bench

Uses the database bench/reach_generate.py filled (it runs the generator first, with its defaults, when
that database has no activities). A coordinator of the largest workspace signs in through the login form
and the second step (a bench account, made once), then Django's test client sends whole requests in
process: the page `/w/<ws>/reach/` with its default view (last 12 months), all time, one district, one
programme; the API `/api/workspaces/<ws>/reach/dashboard/` for the same; the XLSX export of the
aggregates. Each kind runs once to warm up, then --runs times. The script prints p50/p95/max and the
queries per request, a line per request kind saying whether p95 <= 300 ms is met (issue 9, item 4), the
policy indicators of ouderpartner/reach/indicators.py (per call), the load average beside the figures,
and EXPLAIN (ANALYZE, BUFFERS) of the heaviest query seen.
"""

from __future__ import annotations

import argparse
import datetime
import os
import shlex
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from reach_generate import DEFAULT_DATABASE, DEFAULT_GEMEENTEN, ensure_database, generate, setup_django

TARGET_MS = 300.0
PASSWORD = "bench-Reach-dashboard-2026!"  # a bench account in the bench database only
EMAIL = "bench-reach-coordinator@bench.invalid"


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def load() -> str:
    return "load average " + " ".join(f"{n:.2f}" for n in os.getloadavg())


def coordinator_client(workspace):
    """A test client signed in as the bench coordinator of the workspace, through both steps."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    from ouderpartner.accounts.testing import log_in_with_code
    from ouderpartner.core.models import Membership, Role

    user, _created = get_user_model().objects.get_or_create(
        email=EMAIL, defaults={"name": "Bench coordinator"}
    )
    user.set_password(PASSWORD)
    user.save()
    Membership.objects.update_or_create(user=user, workspace=workspace, defaults={"role": Role.COORDINATOR})
    client = Client()
    response = log_in_with_code(client, user, PASSWORD)
    if response.status_code not in (200, 302):
        raise SystemExit(f"Signing in failed: {response.status_code}")
    check = client.get(f"/w/{workspace.slug}/reach/")
    if check.status_code != 200:
        raise SystemExit(
            f"The coordinator does not get the dashboard: {check.status_code} {check.get('Location', '')}"
        )
    return client


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE))
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    if not args.database.startswith("postgres"):
        print("This bench needs PostgreSQL: give --database postgres://…", file=sys.stderr)
        return 2
    print("$ " + shlex.join([".venv/bin/python", "bench/reach_dashboard.py", *sys.argv[1:]]))
    ensure_database(args.database)
    setup_django(args.database)
    from django.conf import settings
    from django.db import connection
    from django.test.utils import setup_test_environment
    from django.utils import timezone

    from ouderpartner.core.models import Workspace
    from ouderpartner.network.models import Neighbourhood
    from ouderpartner.programmes.models import Programme
    from ouderpartner.reach import indicators
    from ouderpartner.reach.models import Activity, ActivityLanguage, ReachSummary

    if not Activity.objects.exists():
        print("No activities yet: running bench/reach_generate.py first.")
        generate(url=args.database, activities=2_000_000, gemeenten=DEFAULT_GEMEENTEN)
    with connection.cursor() as cursor:  # after a migration or a bulk load: what autovacuum would do
        for table in ("reach_activity", "reach_activitylanguage", "reach_reachsummary"):
            cursor.execute(f"VACUUM ANALYZE {table}")
        cursor.execute(
            "SELECT workspace_id, count(*) FROM reach_activity GROUP BY workspace_id ORDER BY 2 DESC LIMIT 1"
        )
        largest_pk, largest_n = cursor.fetchone()
    setup_test_environment()
    settings.ALLOWED_HOSTS = ["testserver"]
    workspace = Workspace.objects.get(pk=largest_pk)
    ws = workspace.slug
    print(
        f"PostgreSQL {connection.pg_version // 10000}: {Activity.objects.count():,} activities, "
        f"{ActivityLanguage.objects.count():,} language rows, {ReachSummary.objects.count():,} summary rows, "
        f"{Workspace.objects.count()} workspaces; {os.cpu_count()} cores; {datetime.date.today()}"
    )
    print(
        f"Largest workspace: {ws} ({workspace.name}, {workspace.municipality_code}) with {largest_n:,} activities"
    )

    client = coordinator_client(workspace)
    district = (
        Neighbourhood.objects.filter(workspace=workspace, level=Neighbourhood.Level.DISTRICT)
        .order_by("name")
        .first()
    )
    programme = Programme.objects.filter(workspace=workspace).order_by("name").first()
    page, api, export = f"/w/{ws}/reach/", f"/api/workspaces/{ws}/reach/dashboard/", f"/w/{ws}/reach/export/"
    requests: list[tuple[str, str, dict[str, str]]] = [
        ("page, last 12 months (default)", page, {}),
        ("page, all time", page, {"period": "all"}),
        ("page, one district, 12 months", page, {"district": str(district.pk)}),
        ("page, one district, all time", page, {"district": str(district.pk), "period": "all"}),
        ("page, one programme, 12 months", page, {"programme": str(programme.pk)}),
        ("API, last 12 months", api, {}),
        ("API, all time", api, {"period": "all"}),
        ("API, one district, 12 months", api, {"district": str(district.pk)}),
        ("XLSX export, last 12 months", export, {}),
        ("XLSX export, all time", export, {"period": "all"}),
    ]
    heaviest: tuple[float, str, str, object] = (0.0, "", "", None)

    def measure(name: str, run: Callable[[], object], unit: str) -> tuple[float, float, int]:
        nonlocal heaviest
        captured: list[tuple[float, str, object]] = []

        def record(execute, sql, params, many, context):
            started = time.perf_counter()
            result = execute(sql, params, many, context)
            captured.append(((time.perf_counter() - started) * 1000, sql, params))
            return result

        with connection.execute_wrapper(record):
            run()  # warm-up, counting its queries
        timings = []
        for _ in range(args.runs):
            started = time.perf_counter()
            run()
            timings.append((time.perf_counter() - started) * 1000)
        for elapsed, sql, params in captured:
            if elapsed > heaviest[0] and sql.lstrip().upper().startswith("SELECT"):
                heaviest = (elapsed, name, sql, params)
        p50, p95 = percentile(timings, 0.5), percentile(timings, 0.95)
        print(f"{name:40} {unit:8} {len(captured):>7} {p50:>8.1f} {p95:>8.1f} {max(timings):>8.1f}")
        return p50, p95, len(captured)

    def get(path: str, params: dict[str, str]) -> Callable[[], object]:
        def run():
            response = client.get(path, params)
            if response.status_code != 200:
                raise SystemExit(f"{path} {params}: HTTP {response.status_code}")
            return response

        return run

    print(f"\nWhole requests ({args.runs} runs each after a warm-up; {load()}):")
    print(f"{'request':40} {'':8} {'queries':>7} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    results = [(name, measure(name, get(path, params), "request")) for name, path, params in requests]

    today = timezone.localdate()
    school_year = indicators.Period.school_year((today.year if today.month >= 8 else today.year - 1) - 1)
    cases: list[tuple[str, Callable[[], object]]] = [
        (
            "target-group parents, school year",
            lambda: indicators.target_group_parents_reached(workspace, school_year),
        ),
        (
            "target-group parents, one district",
            lambda: indicators.target_group_parents_reached(workspace, school_year, district),
        ),
        ("reach rate, last year", lambda: indicators.target_group_reach_rate(workspace, today.year - 1)),
        (
            "trusted places active, school year",
            lambda: indicators.share_of_trusted_places_with_activity(workspace, school_year),
        ),
    ]
    print(f"\nPolicy indicators (ouderpartner/reach/indicators.py, per call; {load()}):")
    for name, run in cases:
        measure(name, run, "call")

    print(f"\nTargets (issue 9, item 4: p95 per request <= {TARGET_MS:.0f} ms; {load()}):")
    for name, (_p50, p95, _queries) in results:
        verdict = "met" if p95 <= TARGET_MS else f"NOT MET by {p95 - TARGET_MS:.0f} ms"
        print(f"  {name}: p95 {p95:.0f} ms — {verdict}")
    if heaviest[2]:
        print(
            f"\nEXPLAIN (ANALYZE, BUFFERS) of the slowest query ({heaviest[1]}, {heaviest[0]:.0f} ms at warm-up):"
        )
        print("  " + heaviest[2][:600] + (" …" if len(heaviest[2]) > 600 else ""))
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + heaviest[2], heaviest[3])
            for (line,) in cursor.fetchall():
                print("  " + line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
