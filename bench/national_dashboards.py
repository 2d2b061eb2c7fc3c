"""Whole requests of the largest workspace's dashboards and reports on the national data in PostgreSQL:
p50/p95 per request (target p95 ≤ 300 ms) and the yearly PDF report (target ≤ 10 s).

    .venv/bin/python bench/national_dashboards.py                 # on the data of the two generators
    .venv/bin/python bench/national_dashboards.py --runs 20 --pdf-runs 3 --database postgres://…

Uses the database bench/reach_generate.py and bench/national_generate.py filled (default ouderpartner_bench
on the local server, or $BENCH_DATABASE_URL); when they have not run, it runs them first with their
defaults (once: about 25 minutes on this shared machine). Signs in a
coordinator of the largest workspace (the one with the most activities) through the second step, as a real
login leaves the session, and sends each request through Django's test client in this process, so the
figures are the whole request (middleware, access checks, queries, disclosure control, templates, XLSX
and PDF rendering) without the network. Each request runs once to warm up, then --runs times. The reach
dashboard is measured by bench/reach_dashboard.py, not here. Prints per request p50/p95/max and the query
count, a "met"/"NOT MET by X" line per target, the load average beside the figures, and EXPLAIN (ANALYZE,
BUFFERS) of the slowest query seen.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from national_generate import generate as national_generate
from national_generate import setup_django
from reach_generate import DEFAULT_DATABASE, DEFAULT_GEMEENTEN, SLUG_PREFIX, ensure_database
from reach_generate import generate as reach_generate

TARGET_MS = 300
TARGET_PDF_S = 10


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def load() -> str:
    return f"load {os.getloadavg()[0]:.1f}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE))
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--pdf-runs", type=int, default=2)
    args = parser.parse_args()
    if not args.database.startswith("postgres"):
        print("This bench needs PostgreSQL: give --database postgres://…", file=sys.stderr)
        return 2
    os.environ["ALLOWED_HOSTS"] = "*"
    ensure_database(args.database)
    setup_django(args.database)
    from django.conf import settings
    from django.db import connection, reset_queries
    from django.db.models import Count
    from django.test import Client
    from django.urls import reverse
    from django.utils import translation

    from ouderpartner.accounts.testing import verify_client_session
    from ouderpartner.core.models import Membership, Role, Workspace
    from ouderpartner.live.models import LiveSession
    from ouderpartner.policy.models import Indicator, PolicyFramework
    from ouderpartner.voice.models import Questionnaire, Response

    settings.DEBUG = True  # every query with its time (connection.queries), for the count and the EXPLAIN
    workspace = Workspace.objects.filter(slug__startswith=SLUG_PREFIX).order_by("id").first()
    if workspace is None:
        print("No national data yet: running bench/reach_generate.py first (minutes).")
        reach_generate(url=args.database, activities=2_000_000, gemeenten=DEFAULT_GEMEENTEN)
        workspace = Workspace.objects.filter(slug__startswith=SLUG_PREFIX).order_by("id").first()
    if not Response.objects.filter(workspace=workspace).exists():
        print("No questionnaire responses yet: running bench/national_generate.py first (minutes).")
        national_generate(url=args.database, responses=1_000_000, conversations=250_000, seed=1, frameworks=3)
    framework = PolicyFramework.objects.filter(workspace=workspace).order_by("id").first()
    questionnaire = (
        Questionnaire.objects.filter(workspace=workspace)
        .annotate(n=Count("responses"))
        .order_by("-n")
        .first()
    )
    meeting = (
        LiveSession.objects.filter(workspace=workspace)
        .annotate(n=Count("participants"))
        .order_by("-n")
        .first()
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT (SELECT count(*) FROM voice_response), (SELECT count(*) FROM voice_answer), "
            "(SELECT count(*) FROM voice_conversation), (SELECT count(*) FROM live_participant), "
            "(SELECT count(*) FROM live_vote), (SELECT count(*) FROM reach_activity)"
        )
        responses, answers, conversations, participants, votes, activities = cursor.fetchone()
    print(
        f"PostgreSQL {connection.pg_version // 10000}, {os.cpu_count()} CPUs; national data: {activities:,} activities, "
        f"{responses:,} responses, {answers:,} answers, {conversations:,} conversations, "
        f"{participants:,} meeting participants, {votes:,} votes"
    )
    print(
        f"Largest workspace {workspace.slug} ({workspace.name}): "
        f"{Response.objects.filter(workspace=workspace).count():,} responses; biggest questionnaire "
        f"{questionnaire.pk} with {questionnaire.n:,}; biggest meeting {meeting.pk} with {meeting.n:,} participants"
    )

    User = __import__("django.contrib.auth", fromlist=["get_user_model"]).get_user_model()
    user, _created = User.objects.get_or_create(
        email="bench-coordinator@example.org", defaults={"is_active": True}
    )
    Membership.objects.update_or_create(user=user, workspace=workspace, defaults={"role": Role.COORDINATOR})
    client = Client()
    client.force_login(user)
    verify_client_session(client, user)
    translation.activate("nl")

    ws = workspace.slug
    indicators = list(Indicator.objects.filter(workspace=workspace, goal__ambition__framework=framework))
    by_key = {}
    for indicator in indicators:
        by_key.setdefault(indicator.live_key or "manual", indicator)
    requests = [
        ("questionnaire list", reverse("voice:questionnaire_list", args=[ws])),
        ("questionnaire results", reverse("voice:questionnaire_results", args=[ws, questionnaire.pk])),
        (
            "questionnaire results by place",
            reverse("voice:questionnaire_results", args=[ws, questionnaire.pk]) + "?breakdown=place",
        ),
        (
            "questionnaire results XLSX",
            reverse("voice:questionnaire_results_export", args=[ws, questionnaire.pk]),
        ),
        ("questionnaire results API", f"/api/workspaces/{ws}/questionnaires/{questionnaire.pk}/results/"),
        ("voice insights", reverse("voice:insights", args=[ws])),
        (
            "voice insights all time by language",
            reverse("voice:insights", args=[ws]) + "?period=all&breakdown=language",
        ),
        ("voice insights API", reverse("api-voice-insights", args=[ws])),
        ("conversation records", reverse("voice:conversation_list", args=[ws])),
        ("live meeting list", reverse("live:session_list", args=[ws])),
        ("live meeting results", reverse("live:results", args=[ws, meeting.pk])),
        ("live meeting results API", f"/api/workspaces/{ws}/meetings/{meeting.pk}/results/"),
        ("policy overview", reverse("policy:overview", args=[ws])),
        ("policy framework", reverse("policy:framework_detail", args=[ws, framework.pk])),
        ("policy goals", reverse("policy:goal_list", args=[ws])),
        *[
            (f"indicator {key}", reverse("policy:indicator_detail", args=[ws, indicator.pk]))
            for key, indicator in sorted(by_key.items())
            if key
            in (
                "parents_reached",
                "conversations",
                "questionnaire_responses",
                "questionnaire_score",
                "manual",
            )
        ],
        ("yearly report (web page)", reverse("policy:report_yearly", args=[ws, framework.pk])),
    ]
    pdf_url = reverse("policy:report_yearly_pdf", args=[ws, framework.pk])

    slowest_query = ("", 0.0, "")
    results = []

    def fetch(url: str, measured: bool = True) -> tuple[float, int]:
        nonlocal slowest_query
        reset_queries()
        started = time.perf_counter()
        response = client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)
        elapsed = time.perf_counter() - started
        if response.status_code != 200:
            raise RuntimeError(f"{url}: HTTP {response.status_code}")
        # The slowest read of a measured run (not a warm-up's one-off work, such as building a tally).
        for query in connection.queries if measured else []:
            if query["sql"].lstrip().upper().startswith("SELECT") and float(query["time"]) > slowest_query[1]:
                slowest_query = (query["sql"], float(query["time"]), url)
        return elapsed, len(connection.queries)

    print(f"\n{'request':<40}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}{'queries':>9}   ({load()})")
    failed = []
    for name, url in requests:
        try:
            fetch(url, measured=False)  # warm-up: imports, caches, the database's buffers, tallies
        except Exception as error:  # a page that fails is reported, and the others still measured
            print(f"{name:<40} FAILED: {type(error).__name__}: {str(error).splitlines()[0][:200]}")
            failed.append(name)
            continue
        times, count = [], 0
        for _ in range(args.runs):
            elapsed, count = fetch(url)
            times.append(elapsed * 1000)
        p50, p95 = statistics.median(times), percentile(times, 0.95)
        results.append((name, p95))
        print(f"{name:<40}{p50:>9.0f}{p95:>9.0f}{max(times):>9.0f}{count:>9}")
    print(f"({load()} after the pages)")

    pdf_times, pdf_cpu = [], []
    for _ in range(args.pdf_runs + 1):
        cpu = time.process_time()
        try:
            elapsed, count = fetch(pdf_url)
        except Exception as error:
            print(f"\nyearly report PDF FAILED: {type(error).__name__}: {str(error).splitlines()[0][:200]}")
            failed.append("yearly report PDF")
            break
        pdf_times.append(elapsed)
        pdf_cpu.append(time.process_time() - cpu)
    first, rest = (pdf_times[0], pdf_times[1:] or pdf_times) if pdf_times else (0.0, [0.0])
    print(
        f"\nyearly report PDF: first {first:.2f} s (imports, fonts, chart engine), then median "
        f"{statistics.median(rest):.2f} s, max {max(rest):.2f} s wall clock; CPU time of this process "
        f"median {statistics.median(pdf_cpu[1:] or pdf_cpu):.2f} s (what it takes on an idle core); "
        f"{count} queries ({load()})"
    )

    print("\nTargets:")
    for name, p95 in results:
        verdict = "met" if p95 <= TARGET_MS else f"NOT MET by {p95 - TARGET_MS:.0f} ms"
        print(f"  {name}: p95 {p95:.0f} ms ≤ {TARGET_MS} ms: {verdict}")
    if pdf_times:
        # A worker's first PDF also pays its imports, fonts and chart engine once; the target is for the others.
        worst_pdf = max(rest)
        verdict = "met" if worst_pdf <= TARGET_PDF_S else f"NOT MET by {worst_pdf - TARGET_PDF_S:.1f} s"
        print(
            f"  yearly report PDF (after the process's first): slowest {worst_pdf:.2f} s ≤ {TARGET_PDF_S} s: {verdict}"
        )
    for name in failed:
        print(f"  {name}: NOT MEASURED (the request failed)")

    sql, seconds, url = slowest_query
    print(f"\nSlowest query seen ({seconds * 1000:.0f} ms, in {url}):\n{sql}\n")
    print("EXPLAIN (ANALYZE, BUFFERS):")
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
        for (line,) in cursor.fetchall():
            print(f"  {line}")
    print(f"\n{load()} at the end")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
