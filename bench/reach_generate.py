"""National-scale reach data on PostgreSQL: 342 municipalities, their partners, places, neighbourhoods,
target-group estimates and ~2 million activities over five years.

    .venv/bin/python bench/reach_generate.py                         # 2,000,000 activities (a few minutes)
    .venv/bin/python bench/reach_generate.py --activities 200000     # a quick run
    .venv/bin/python bench/reach_generate.py --database postgres://postgres@127.0.0.1:5432/ouderpartner_bench
    .venv/bin/python bench/reach_generate.py --force                 # make it again, even when it is there

The database (default: ouderpartner_bench on the local server, or $BENCH_DATABASE_URL) is created when
missing and migrated. When it already holds the data asked for (as many activities, with their
languages, in the bench workspaces of every municipality), the script only checks that the reach summary
adds up to the activities (rebuilding it if not) and stops within seconds; --force empties it of earlier
bench data and makes everything again. Municipality codes and names are read at run time
from CBS's list (gemeenten.csv; --gemeenten, default ../shared/data/gemeenten/gemeenten.csv next to the
repository); without it, made-up codes GM9001 … are used and the script says so. Sizes follow a Zipf
curve, so a few municipalities are large (the largest gets about a tenth of all activities) and most
are small, as in the country. Workspaces, neighbourhoods, organisations, places, programmes and
estimates go in through the ORM in bulk; activities and their language rows are made by the database
itself (INSERT … SELECT over generate_series), which takes minutes, not hours. The reach summary's
triggers are off for that bulk load (session_replication_role = replica); the summary is then counted
from the activities in one statement (ouderpartner/reach/summary.py, `rebuild`).
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/ouderpartner_bench"
DEFAULT_GEMEENTEN = ROOT.parent / "shared" / "data" / "gemeenten" / "gemeenten.csv"
MUNICIPALITIES = 342
YEARS = 5
LANGUAGES = ["nl", "ar", "tr", "pl", "uk", "ti", "so", "en"]
KINDS = [
    "parent_meeting",
    "home_visit",
    "reading_session",
    "language_course",
    "walk_in_hour",
    "parent_conversation",
    "excursion",
    "other",
]
ORGANISATION_KINDS = [
    "school",
    "early_education",
    "childcare",
    "library",
    "youth_health",
    "family_support",
    "adult_education",
    "welfare",
]
PROGRAMMES = ["BoekStart", "VVE Thuis", "Tel mee met Taal", "Spelenderwijs", "Opstap", "Samen lezen"]
SLUG_PREFIX = "bench-"  # workspaces are bench-gm0344 etc.


def municipalities(path: Path) -> list[tuple[str, str]]:
    """(CBS code, name) of every municipality, from CBS's list; made-up ones when the file is absent."""
    if path.exists():
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows = [(row["gm_code"].strip(), row["gm_naam"].strip()) for row in csv.DictReader(handle)]
        print(f"Municipalities: {len(rows)} from {path.name} (CBS).")
        return sorted(rows)
    print(
        f"Municipalities: {path} not found, so {MUNICIPALITIES} made-up codes (GM9001 …) are used. "
        "Give --gemeenten with CBS's gemeenten.csv for the real codes.",
        file=sys.stderr,
    )
    return [(f"GM{9000 + n:04d}", f"Gemeente {n}") for n in range(1, MUNICIPALITIES + 1)]


def ensure_database(url: str) -> None:
    import psycopg
    from psycopg import sql

    name = url.rsplit("/", 1)[1].split("?")[0]
    server = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(server, autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            print(f"Created database {name}.")


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def sizes(total: int, count: int, exponent: float = 1.0) -> list[int]:
    """Activities per municipality along a Zipf curve, largest first, adding up to `total`."""
    weights = [1 / (rank**exponent) for rank in range(1, count + 1)]
    scale = total / sum(weights)
    result = [max(50, int(w * scale)) for w in weights]
    result[0] += total - sum(result)
    return result


def existing(activities: int, municipalities: int) -> str | None:
    """The largest workspace's slug when the database holds the data asked for, else None."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT (SELECT count(*) FROM core_workspace WHERE slug LIKE %s), "
            "(SELECT count(*) FROM reach_activity), "
            "EXISTS (SELECT 1 FROM reach_activitylanguage)",
            [SLUG_PREFIX + "%"],
        )
        workspaces, count, languages = cursor.fetchone()
        if (workspaces, count, languages) != (municipalities, activities, True):
            if count:
                print(
                    f"The database holds {count:,} activities in {workspaces} bench workspaces, not "
                    f"{activities:,} in {municipalities}: making the data again."
                )
            return None
        # The workspaces were made largest first.
        cursor.execute(
            "SELECT slug FROM core_workspace WHERE slug LIKE %s ORDER BY id LIMIT 1", [SLUG_PREFIX + "%"]
        )
        return cursor.fetchone()[0]


def ensure_summary() -> None:
    """Rebuild the reach summary when it does not add up to the activities (one cheap comparison)."""
    from django.db import connection, transaction

    from ouderpartner.reach import summary

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT (SELECT count(*) FROM reach_activity), "
            "(SELECT coalesce(sum(activities), 0) FROM reach_reachsummary "
            "WHERE scope = '' AND dimension = 'total' AND month = %s)",
            [summary.ALL_TIME],
        )
        activities, summed = cursor.fetchone()
    if activities != summed:
        started = time.monotonic()
        with transaction.atomic():
            rows = summary.rebuild()
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE reach_reachsummary")
        print(f"Reach summary rebuilt: {rows:,} rows ({time.monotonic() - started:.0f} s)")


def generate(*, url: str, activities: int, gemeenten: Path, seed: int = 1, force: bool = True) -> str:
    """Make the data (unless it is there and not `force`); returns the slug of the largest workspace."""
    ensure_database(url)
    setup_django(url)
    from django.db import connection, transaction

    codes = municipalities(gemeenten)
    if not force:
        started = time.monotonic()
        largest = existing(activities, len(codes))
        if largest:
            ensure_summary()
            print(
                f"The data is there ({activities:,} activities, {len(codes)} workspaces; checked in "
                f"{time.monotonic() - started:.1f} s): nothing to do (--force makes it again). "
                f"Largest workspace: {largest}"
            )
            return largest

    from ouderpartner.core.models import Workspace
    from ouderpartner.network.models import Location, Neighbourhood, Organisation
    from ouderpartner.programmes.models import Programme
    from ouderpartner.reach.models import TargetGroupEstimate

    rng = random.Random(seed)
    started = time.monotonic()
    with connection.cursor() as cursor:
        # A database of its own: start from nothing (every table that points at a workspace goes too).
        cursor.execute("TRUNCATE core_workspace, reach_reachsummary RESTART IDENTITY CASCADE")
    per_workspace = sizes(activities, len(codes))
    order = list(range(len(codes)))
    rng.shuffle(order)  # which municipality is the largest is arbitrary; its code is real
    this_year = time.localtime().tm_year
    with transaction.atomic():
        workspaces = Workspace.objects.bulk_create(
            Workspace(
                name=name,
                slug=f"{SLUG_PREFIX}{code.lower()}",
                municipality_code=code,
                parent_languages=["nl", "ar", "tr"],
            )
            for code, name in (codes[i] for i in order)
        )
        neighbourhoods, organisations, programmes = [], [], []
        for workspace, n in zip(workspaces, per_workspace, strict=True):
            number = workspace.municipality_code[2:]
            districts = max(2, min(30, n // 2000))
            for d in range(districts):
                neighbourhoods.append(
                    Neighbourhood(
                        workspace=workspace,
                        code=f"WK{number}{d:02d}",
                        name=f"Wijk {d + 1}",
                        level="district",
                    )
                )
            organisations += [
                Organisation(
                    workspace=workspace, kind=rng.choice(ORGANISATION_KINDS), name=f"Partner {o + 1}"
                )
                for o in range(max(5, min(600, n // 500)))
            ]
            programmes += [
                Programme(workspace=workspace, name=name, audience="parents") for name in PROGRAMMES
            ]
        Neighbourhood.objects.bulk_create(neighbourhoods, batch_size=5000)
        Programme.objects.bulk_create(programmes, batch_size=5000)
        Organisation.objects.bulk_create(organisations, batch_size=5000)
        districts_by_ws: dict[int, list[Neighbourhood]] = {}
        for district in neighbourhoods:
            districts_by_ws.setdefault(district.workspace_id, []).append(district)
        areas = []
        for workspace_districts in districts_by_ws.values():
            for district in workspace_districts:
                for a in range(4):
                    areas.append(
                        Neighbourhood(
                            workspace_id=district.workspace_id,
                            code=f"BU{district.code[2:]}{a:02d}",
                            name=f"{district.name} buurt {a + 1}",
                            level="area",
                            parent=district,
                        )
                    )
        Neighbourhood.objects.bulk_create(areas, batch_size=5000)
        areas_by_ws: dict[int, list[Neighbourhood]] = {}
        for area in areas:
            areas_by_ws.setdefault(area.workspace_id, []).append(area)
        locations = []
        for organisation in organisations:
            for p in range(rng.choice((1, 1, 2))):
                area = rng.choice(areas_by_ws[organisation.workspace_id])
                locations.append(
                    Location(
                        workspace_id=organisation.workspace_id,
                        organisation=organisation,
                        name=f"{organisation.name} locatie {p + 1}",
                        neighbourhood=area,
                        is_trusted_place=rng.random() < 0.6,
                        latitude=round(rng.uniform(51, 53), 6),
                        longitude=round(rng.uniform(4, 7), 6),
                    )
                )
        Location.objects.bulk_create(locations, batch_size=5000)
        estimates = [
            TargetGroupEstimate(
                workspace_id=area.workspace_id,
                neighbourhood=area,
                year=year,
                target_group_toddlers=rng.randint(5, 60),
                target_group_children=rng.randint(20, 200),
            )
            for area in areas
            for year in range(this_year - YEARS + 1, this_year + 1)
        ]
        TargetGroupEstimate.objects.bulk_create(estimates, batch_size=10000)
    print(
        f"{len(workspaces)} workspaces, {len(neighbourhoods)} districts, {len(areas)} areas, "
        f"{len(organisations)} organisations, {len(locations)} places, {len(estimates)} estimates "
        f"({time.monotonic() - started:.0f} s)"
    )
    _activities(connection, workspaces, per_workspace, seed)
    ensure_summary()
    print(f"Done in {time.monotonic() - started:.0f} s. Largest workspace: {workspaces[0].slug}")
    return workspaces[0].slug


def _activities(connection, workspaces, per_workspace, seed: int) -> None:
    """Activities (five years up to today) and their language rows, made by the database."""
    started = time.monotonic()
    ids = [w.pk for w in workspaces]
    with connection.cursor() as cursor:
        # A bulk load: the summary's triggers (and the foreign-key checks) stay off, the summary is counted
        # afterwards in one statement.
        cursor.execute("SET session_replication_role = replica")
        cursor.execute("SELECT setseed(%s)", [seed / 1000])
        cursor.execute("DROP TABLE IF EXISTS bench_size")
        cursor.execute("CREATE TEMP TABLE bench_size (workspace_id bigint PRIMARY KEY, n int)")
        cursor.execute(
            "INSERT INTO bench_size SELECT * FROM unnest(%s::bigint[], %s::int[])", [ids, list(per_workspace)]
        )
        cursor.execute(
            """CREATE TEMP TABLE bench_place AS
               SELECT l.workspace_id, l.id, l.organisation_id, l.neighbourhood_id, n.parent_id AS district_id,
                      row_number() OVER (PARTITION BY l.workspace_id ORDER BY l.id) - 1 AS position,
                      count(*) OVER (PARTITION BY l.workspace_id) AS places
               FROM network_location l JOIN network_neighbourhood n ON n.id = l.neighbourhood_id
               WHERE l.workspace_id = ANY(%s)""",
            [ids],
        )
        cursor.execute("CREATE INDEX ON bench_place (workspace_id, position)")
        cursor.execute("ALTER TABLE bench_size ADD COLUMN places int")
        cursor.execute(
            "UPDATE bench_size s SET places = (SELECT count(*) FROM bench_place p WHERE p.workspace_id = s.workspace_id)"
        )
        cursor.execute(
            """CREATE TEMP TABLE bench_programme AS
               SELECT workspace_id, id, row_number() OVER (PARTITION BY workspace_id ORDER BY id) - 1 AS position
               FROM programmes_programme WHERE workspace_id = ANY(%s)""",
            [ids],
        )
        cursor.execute("CREATE INDEX ON bench_programme (workspace_id, position)")
        cursor.execute("ANALYZE bench_place; ANALYZE bench_programme")
        # Each generated row picks a place (uniformly) and a programme (or none) of its own workspace. Rows go
        # in by date, as they arrive in production (all municipalities mixed), not clustered per workspace.
        cursor.execute(
            f"""
            INSERT INTO reach_activity (
                workspace_id, organisation_id, location_id, neighbourhood_id, district_id, programme_id, kind,
                date, end_date, parents, target_group_parents, first_time_parents, languages, interpreter_used,
                materials_in_other_languages, description, source, external_reference, created_at, updated_at)
            SELECT g.workspace_id, p.organisation_id, p.id, p.neighbourhood_id, p.district_id, pr.id,
                   (ARRAY{KINDS!r})[1 + floor(random() * {len(KINDS)})::int],
                   g.day, NULL, g.parents, g.target, least(g.parents, floor(random() * 4)::int),
                   '["nl"]'::jsonb, random() < 0.1, random() < 0.2, '', 'api', '', now(), now()
            FROM (
                SELECT s.workspace_id,
                       floor(random() * s.places)::int AS place_pick,
                       floor(random() * 8)::int AS programme_pick,
                       current_date - floor(random() * {YEARS * 365})::int AS day,
                       parents, floor(parents * random() * 0.8)::int AS target
                FROM bench_size s, generate_series(1, s.n) AS i,
                     LATERAL (SELECT 1 + floor(random() * random() * 30)::int + i * 0 AS parents) AS c
            ) AS g
            JOIN bench_place p ON p.workspace_id = g.workspace_id AND p.position = g.place_pick
            LEFT JOIN bench_programme pr ON pr.workspace_id = g.workspace_id AND pr.position = g.programme_pick
            ORDER BY g.day
            """
        )
        count = cursor.rowcount
        print(f"Activities: {count} ({time.monotonic() - started:.0f} s)")
        # Dutch at (nearly) every activity, a second language at a third of them, a third at some.
        cursor.execute(
            f"""
            INSERT INTO reach_activitylanguage (workspace_id, activity_id, language)
            SELECT a.workspace_id, a.id, l.language
            FROM reach_activity a
            CROSS JOIN LATERAL (
                SELECT 'nl' AS language WHERE a.id %% 20 <> 0
                UNION ALL SELECT (ARRAY{LANGUAGES[1:]!r})[1 + a.id %% {len(LANGUAGES) - 1}] WHERE a.id %% 3 = 0
                UNION ALL SELECT (ARRAY{LANGUAGES[1:]!r})[1 + (a.id / 7) %% {len(LANGUAGES) - 1}]
                    WHERE a.id %% 11 = 0 AND (a.id / 7) %% {len(LANGUAGES) - 1} <> a.id %% {len(LANGUAGES) - 1}
            ) AS l
            WHERE a.workspace_id = ANY(%s)
            """,
            [ids],
        )
        print(f"Language rows: {cursor.rowcount} ({time.monotonic() - started:.0f} s)")
        cursor.execute("SET session_replication_role = DEFAULT")
    # The visibility map lets the dashboards' queries be index-only scans (autovacuum does this in production).
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE reach_activity")
        cursor.execute("VACUUM ANALYZE reach_activitylanguage")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE))
    parser.add_argument("--activities", type=int, default=2_000_000)
    parser.add_argument("--gemeenten", type=Path, default=DEFAULT_GEMEENTEN)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--force", action="store_true", help="make the data again even when it is there")
    args = parser.parse_args()
    if not args.database.startswith("postgres"):
        print("This bench needs PostgreSQL: give --database postgres://…", file=sys.stderr)
        return 2
    generate(
        url=args.database,
        activities=args.activities,
        gemeenten=args.gemeenten,
        seed=args.seed,
        force=args.force,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
