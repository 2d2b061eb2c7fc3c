"""The reach summary: counts of activities per workspace, month, district and one breakdown key.

A dashboard over all of a large municipality's activities would read hundreds of thousands of rows per
request. `ReachSummary` holds, for every workspace, month (of an activity's start date) and district, the
sums of each breakdown's keys: per area, programme, place, organisation, kind of activity and language
used ("" for an activity without a language, or without an area or programme). One activity is in one row
of each dimension, and in one row per language it used. A year of a large workspace is then a few
thousand summary rows instead of a hundred thousand activities.

The summary is kept by **database triggers** on `reach_activity` and `reach_activitylanguage` (installed by
migration 0004, for PostgreSQL and SQLite): every write, whatever path it takes (the services behind the
form, the XLSX bulk entry and the partner API, edits, deletes, an area deleted under its activities, the
bulk inserts of the demo data and of a workspace archive's import, raw SQL), changes the summary in the
same transaction. Nothing in Python has to remember it. `rebuild` recomputes it from the raw rows (after
the bench generator's bulk load, which switches the triggers off, or to repair by hand) and `raw_rows`
is that recomputation for a span of days, which the dashboards use for the days of a month that a
period does not cover wholly (the last 12 months end today).

Only counts are stored, never anything about a parent; what is shown still goes through
ouderpartner.stats (suppression after aggregation), exactly as when counting the activities themselves.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connection
from django.db.models import Q

TABLE = "reach_reachsummary"
SUMS = ("parents", "target_group_parents", "first_time_parents", "activities")
# (dimension, the activity's column whose value is the key); languages come from reach_activitylanguage.
COLUMN_DIMENSIONS = (
    ("total", None),  # every activity once, under the key "": the trend per month
    ("area", "neighbourhood_id"),
    ("programme", "programme_id"),
    ("place", "location_id"),
    ("organisation", "organisation_id"),
    ("kind", "kind"),
)
LANGUAGE = "language"
DIMENSIONS = (*(name for name, _column in COLUMN_DIMENSIONS), LANGUAGE)
# Besides its month, every activity is also counted under this "month": all time at once, so that the
# dashboard over all years reads a few thousand rows, not one per key and month.
ALL_TIME = datetime.date(1, 1, 1)
# The columns of reach_activity whose change moves an activity in the summary.
WATCHED = (
    "workspace_id",
    "date",
    "district_id",
    "neighbourhood_id",
    "programme_id",
    "location_id",
    "organisation_id",
    "kind",
    "parents",
    "target_group_parents",
    "first_time_parents",
)
KEY_COLUMNS = "workspace_id, scope, dimension, month, district, key"
INSERT_COLUMNS = f"{KEY_COLUMNS}, parents, target_group_parents, first_time_parents, activities"
ON_CONFLICT = f"ON CONFLICT ({KEY_COLUMNS}) DO UPDATE SET " + ", ".join(
    f"{name} = {TABLE}.{name} + excluded.{name}" for name in SUMS
)


def _month(vendor: str, value: str, *, with_params: bool = False) -> str:
    if vendor == "postgresql":
        return f"CAST(date_trunc('month', {value}) AS date)"
    percent = "%%" if with_params else "%"  # a query with parameters writes a literal % twice
    return f"strftime('{percent}Y-{percent}m-01', {value})"


def _text(vendor: str, value: str | None) -> str:
    if value is None:
        return "''"
    return f"COALESCE(CAST({value} AS {'varchar' if vendor == 'postgresql' else 'TEXT'}), '')"


def _counts(row: str, sign: int) -> str:
    factor = "" if sign == 1 else "-"
    return (
        f"{factor}{row}.parents, {factor}{row}.target_group_parents, "
        f"{factor}{row}.first_time_parents, {'1' if sign == 1 else '-1'}"
    )


def _all_time(vendor: str) -> str:
    return "DATE '0001-01-01'" if vendor == "postgresql" else "'0001-01-01'"


# Each activity goes into two "months", its own and ALL_TIME (t.whole says which), and into three scopes
# (sc.n): all activities (""), those of its programme ("programme:<id>", "programme:" without one) and
# those of its kind ("kind:<kind>"), so that a dashboard filtered on a programme or a kind reads the summary.
BOTH = (
    "(SELECT 0 AS whole UNION ALL SELECT 1) AS t, (SELECT 0 AS n UNION ALL SELECT 1 UNION ALL SELECT 2) AS sc"
)
SCOPES = ("", "programme", "kind")


def _scope_of(vendor: str, row: str, scope: str) -> str:
    if scope == "programme":
        return f"'programme:' || {_text(vendor, f'{row}.programme_id')}"
    if scope == "kind":
        return f"'kind:' || {row}.kind"
    return "''"


def _scopes(vendor: str, row: str) -> str:
    return (
        f"CASE sc.n WHEN 1 THEN {_scope_of(vendor, row, 'programme')} "
        f"WHEN 2 THEN {_scope_of(vendor, row, 'kind')} ELSE '' END"
    )


def _months(vendor: str, date: str) -> str:
    return f"CASE WHEN t.whole = 1 THEN {_all_time(vendor)} ELSE {_month(vendor, date)} END"


def _activity_statement(vendor: str, row: str, sign: int) -> str:
    """Add (sign 1) or take away (sign -1) one activity (NEW or OLD) in every dimension."""

    def head(dimension: str) -> str:
        return (
            f"{row}.workspace_id, {_scopes(vendor, row)}, '{dimension}', {_months(vendor, f'{row}.date')}, "
            f"COALESCE({row}.district_id, 0)"
        )

    parts = [
        f"SELECT {head(name)}, {_text(vendor, column and f'{row}.{column}')}, {_counts(row, sign)} FROM {BOTH}"
        for name, column in COLUMN_DIMENSIONS
    ]
    # One row per language of the activity, or one with "" when it has none.
    parts.append(
        f"SELECT {head(LANGUAGE)}, COALESCE(l.language, ''), {_counts(row, sign)} "
        f"FROM {BOTH} LEFT JOIN reach_activitylanguage l ON l.activity_id = {row}.id"
    )
    return (
        f"INSERT INTO {TABLE} ({INSERT_COLUMNS}) SELECT * FROM ({' UNION ALL '.join(parts)}) AS d "
        f"WHERE true {ON_CONFLICT}"
    )


def _cleanup(vendor: str, row: str) -> str:
    """Rows that no activity is in any more go (a sum of zero activities means nothing is left)."""
    return (
        f"DELETE FROM {TABLE} WHERE workspace_id = {row}.workspace_id "
        f"AND month IN ({_month(vendor, f'{row}.date')}, {_all_time(vendor)}) "
        f"AND district = COALESCE({row}.district_id, 0) AND activities = 0"
    )


def _language_statement(vendor: str, activity: str, language: str, sign: int, condition: str = "") -> str:
    """Add or take away one activity's counts under one language key (SQL expression), when `condition`."""
    return (
        f"INSERT INTO {TABLE} ({INSERT_COLUMNS}) "
        f"SELECT a.workspace_id, {_scopes(vendor, 'a')}, '{LANGUAGE}', {_months(vendor, 'a.date')}, "
        "COALESCE(a.district_id, 0), "
        f"{language}, {_counts('a', sign)} FROM reach_activity a, {BOTH} WHERE a.id = {activity}"
        f"{' AND ' + condition if condition else ''} {ON_CONFLICT}"
    )


def _language_cleanup(vendor: str, activity: str) -> str:
    return (
        f"DELETE FROM {TABLE} WHERE activities = 0 AND EXISTS (SELECT 1 FROM reach_activity a "
        f"WHERE a.id = {activity} AND {TABLE}.workspace_id = a.workspace_id "
        f"AND {TABLE}.month IN ({_month(vendor, 'a.date')}, {_all_time(vendor)}) "
        f"AND {TABLE}.district = COALESCE(a.district_id, 0))"
    )


def _changed(old: str = "OLD", new: str = "NEW") -> str:
    return " OR ".join(f"{old}.{column} IS DISTINCT FROM {new}.{column}" for column in WATCHED)


def install_sql(vendor: str) -> list[str]:
    """The triggers that keep the summary, for PostgreSQL or SQLite."""
    if vendor == "postgresql":
        return _install_postgresql()
    if vendor == "sqlite":
        return _install_sqlite()
    raise NotImplementedError(f"No reach summary triggers for {vendor}.")


def uninstall_sql(vendor: str) -> list[str]:
    if vendor == "postgresql":
        return [
            "DROP TRIGGER IF EXISTS reach_activity_summary ON reach_activity",
            "DROP TRIGGER IF EXISTS reach_activitylanguage_summary ON reach_activitylanguage",
            "DROP FUNCTION IF EXISTS reach_activity_summary()",
            "DROP FUNCTION IF EXISTS reach_activitylanguage_summary()",
        ]
    return [
        f"DROP TRIGGER IF EXISTS {name}"
        for name in (
            "reach_activity_summary_insert",
            "reach_activity_summary_update",
            "reach_activity_summary_delete",
            "reach_activitylanguage_summary_insert",
            "reach_activitylanguage_summary_update",
            "reach_activitylanguage_summary_delete",
        )
    ]


def _install_postgresql() -> list[str]:
    v = "postgresql"
    activity_function = f"""
CREATE OR REPLACE FUNCTION reach_activity_summary() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND NOT ({_changed()}) THEN
        RETURN NULL;
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        {_activity_statement(v, "OLD", -1)};
        {_cleanup(v, "OLD")};
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        {_activity_statement(v, "NEW", 1)};
    END IF;
    RETURN NULL;
END
$$ LANGUAGE plpgsql"""
    # BEFORE row triggers: they see the rows an INSERT or DELETE of several rows has already handled, so
    # "the activity's first language" and "its last language" are decided row by row (AFTER row triggers
    # of PostgreSQL run when the whole statement is done).
    none = "''"
    language_function = f"""
CREATE OR REPLACE FUNCTION reach_activitylanguage_summary() RETURNS trigger AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        {_language_statement(v, "OLD.activity_id", "OLD.language", -1)};
        {
        _language_statement(
            v,
            "OLD.activity_id",
            none,
            1,
            "NOT EXISTS (SELECT 1 FROM reach_activitylanguage o "
            "WHERE o.activity_id = OLD.activity_id AND o.id <> OLD.id)",
        )
    };
        {_language_cleanup(v, "OLD.activity_id")};
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        {_language_statement(v, "NEW.activity_id", "NEW.language", 1)};
        {
        _language_statement(
            v,
            "NEW.activity_id",
            none,
            -1,
            "NOT EXISTS (SELECT 1 FROM reach_activitylanguage o "
            "WHERE o.activity_id = NEW.activity_id AND o.id <> NEW.id)",
        )
    };
        {_language_cleanup(v, "NEW.activity_id")};
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END
$$ LANGUAGE plpgsql"""
    return [
        activity_function,
        language_function,
        "CREATE TRIGGER reach_activity_summary AFTER INSERT OR UPDATE OR DELETE ON reach_activity "
        "FOR EACH ROW EXECUTE FUNCTION reach_activity_summary()",
        "CREATE TRIGGER reach_activitylanguage_summary BEFORE INSERT OR UPDATE OR DELETE "
        "ON reach_activitylanguage FOR EACH ROW EXECUTE FUNCTION reach_activitylanguage_summary()",
    ]


def _install_sqlite() -> list[str]:
    """SQLite runs row triggers row by row, so AFTER triggers see exactly the rows handled so far."""
    v = "sqlite"
    none = "''"

    def trigger(name: str, event: str, table: str, statements: list[str], when: str = "") -> str:
        body = "".join(f"    {statement};\n" for statement in statements)
        return (
            f"CREATE TRIGGER {name} AFTER {event} ON {table} FOR EACH ROW"
            f"{' WHEN ' + when if when else ''}\nBEGIN\n{body}END"
        )

    changed = " OR ".join(f"OLD.{column} IS NOT NEW.{column}" for column in WATCHED)
    old_gone = "NOT EXISTS (SELECT 1 FROM reach_activitylanguage o WHERE o.activity_id = OLD.activity_id)"
    new_first = (
        "NOT EXISTS (SELECT 1 FROM reach_activitylanguage o WHERE o.activity_id = NEW.activity_id "
        "AND o.id <> NEW.id)"
    )
    return [
        trigger(
            "reach_activity_summary_insert", "INSERT", "reach_activity", [_activity_statement(v, "NEW", 1)]
        ),
        trigger(
            "reach_activity_summary_update",
            "UPDATE",
            "reach_activity",
            [_activity_statement(v, "OLD", -1), _cleanup(v, "OLD"), _activity_statement(v, "NEW", 1)],
            when=changed,
        ),
        trigger(
            "reach_activity_summary_delete",
            "DELETE",
            "reach_activity",
            [_activity_statement(v, "OLD", -1), _cleanup(v, "OLD")],
        ),
        trigger(
            "reach_activitylanguage_summary_insert",
            "INSERT",
            "reach_activitylanguage",
            [
                _language_statement(v, "NEW.activity_id", "NEW.language", 1),
                _language_statement(v, "NEW.activity_id", none, -1, new_first),
                _language_cleanup(v, "NEW.activity_id"),
            ],
        ),
        trigger(
            "reach_activitylanguage_summary_update",
            "UPDATE",
            "reach_activitylanguage",
            [
                _language_statement(v, "OLD.activity_id", "OLD.language", -1),
                _language_statement(v, "OLD.activity_id", none, 1, old_gone),
                _language_statement(v, "NEW.activity_id", "NEW.language", 1),
                _language_statement(
                    v, "NEW.activity_id", none, -1, f"OLD.activity_id IS NOT NEW.activity_id AND {new_first}"
                ),
                _language_cleanup(v, "OLD.activity_id"),
                _language_cleanup(v, "NEW.activity_id"),
            ],
            when="OLD.language IS NOT NEW.language OR OLD.activity_id IS NOT NEW.activity_id",
        ),
        trigger(
            "reach_activitylanguage_summary_delete",
            "DELETE",
            "reach_activitylanguage",
            [
                _language_statement(v, "OLD.activity_id", "OLD.language", -1),
                _language_statement(v, "OLD.activity_id", none, 1, old_gone),
                _language_cleanup(v, "OLD.activity_id"),
            ],
        ),
    ]


# --- Recomputing from the raw rows ---------------------------------------------------------------------


def raw_sql(
    vendor: str,
    *,
    workspace: int | None = None,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
    district: int | None = None,
    scope: str | None = None,
) -> tuple[str, list]:
    """SELECT of the summary's month rows (columns as INSERT_COLUMNS) counted from the activities themselves:
    of every scope, or of one ("", "programme:<id>", "programme:", "kind:<kind>") with its activities only.
    """
    conditions, params = ["true"], []
    if workspace is not None:
        conditions.append("a.workspace_id = %s")
        params.append(workspace)
    if start is not None:
        conditions.append("a.date >= %s")
        params.append(start)
    if end is not None:
        conditions.append("a.date <= %s")
        params.append(end)
    if district is not None:
        conditions.append("COALESCE(a.district_id, 0) = %s")
        params.append(district)
    scopes = SCOPES
    if scope is not None:
        kind, _colon, value = scope.partition(":")
        scopes = (kind,)
        if kind == "programme" and value:
            conditions.append("a.programme_id = %s")
            params.append(int(value))
        elif kind == "programme":
            conditions.append("a.programme_id IS NULL")
        elif kind == "kind":
            conditions.append("a.kind = %s")
            params.append(value)
    where = " AND ".join(conditions)
    month = _month(vendor, "a.date", with_params=True)
    sums = "SUM(a.parents), SUM(a.target_group_parents), SUM(a.first_time_parents), COUNT(*)"
    parts, all_params = [], []
    for scope_name in scopes:
        scope_sql = _scope_of(vendor, "a", scope_name)
        head = f"a.workspace_id, {scope_sql}, %s, {month}, COALESCE(a.district_id, 0)"
        group = f"a.workspace_id, {month}, COALESCE(a.district_id, 0)"
        if scope_name:
            group += f", {scope_sql}"  # PostgreSQL refuses a constant in GROUP BY
        for name, column in COLUMN_DIMENSIONS:
            key = _text(vendor, column and f"a.{column}")
            by = f"{group}, {key}" if column else group
            parts.append(f"SELECT {head}, {key}, {sums} FROM reach_activity a WHERE {where} GROUP BY {by}")
            all_params += [name, *params]
        parts.append(
            f"SELECT {head}, COALESCE(l.language, ''), {sums} FROM reach_activity a "
            f"LEFT JOIN reach_activitylanguage l ON l.activity_id = a.id WHERE {where} "
            f"GROUP BY {group}, COALESCE(l.language, '')"
        )
        all_params += [LANGUAGE, *params]
    return " UNION ALL ".join(parts), all_params


def _rebuild_postgresql(workspace: int | None) -> tuple[str, list]:
    """The month rows of every scope in one pass per dimension (GROUPING SETS): the bulk rebuild of
    millions of activities takes minutes, not three times as long."""
    where, params = ("WHERE a.workspace_id = %s", [workspace]) if workspace is not None else ("", [])
    month = _month("postgresql", "a.date")
    sums = "SUM(a.parents), SUM(a.target_group_parents), SUM(a.first_time_parents), COUNT(*)"
    scope = (
        f"CASE WHEN GROUPING(a.programme_id) = 0 THEN {_scope_of('postgresql', 'a', 'programme')} "
        f"WHEN GROUPING(a.kind) = 0 THEN {_scope_of('postgresql', 'a', 'kind')} ELSE '' END"
    )
    sets = "GROUPING SETS ((), (a.programme_id), (a.kind))"
    parts, all_params = [], []
    for name, column in [*COLUMN_DIMENSIONS, (LANGUAGE, None)]:
        if name == LANGUAGE:
            key, source = (
                "COALESCE(l.language, '')",
                ("reach_activity a LEFT JOIN reach_activitylanguage l ON l.activity_id = a.id"),
            )
        else:
            key, source = _text("postgresql", column and f"a.{column}"), "reach_activity a"
        by = f"a.workspace_id, {month}, COALESCE(a.district_id, 0){', ' + key if name == LANGUAGE or column else ''}"
        parts.append(
            f"SELECT a.workspace_id, {scope}, %s, {month}, COALESCE(a.district_id, 0), {key}, {sums} "
            f"FROM {source} {where} GROUP BY {by}, {sets}"
        )
        all_params += [name, *params]
    return " UNION ALL ".join(parts), all_params


def _all_time_sql(workspace: int | None) -> tuple[str, list]:
    """The ALL_TIME rows, added up from the month rows."""
    where = "" if workspace is None else " AND workspace_id = %s"
    sums = ", ".join(f"SUM({name})" for name in SUMS)
    return (
        f"INSERT INTO {TABLE} ({INSERT_COLUMNS}) SELECT workspace_id, scope, dimension, %s, district, key, "
        f"{sums} FROM {TABLE} WHERE month <> %s{where} GROUP BY workspace_id, scope, dimension, district, key",
        [ALL_TIME, ALL_TIME, *([] if workspace is None else [workspace])],
    )


def rebuild(workspace: int | None = None, *, using=None) -> int:
    """Recompute the summary (of one workspace, or all) from the activities; returns the rows written."""
    using = using or connection
    if using.vendor == "postgresql":
        sql, params = _rebuild_postgresql(workspace)
    else:
        sql, params = raw_sql(using.vendor, workspace=workspace)
    with using.cursor() as cursor:
        if workspace is None:
            cursor.execute(f"DELETE FROM {TABLE}")
        else:
            cursor.execute(f"DELETE FROM {TABLE} WHERE workspace_id = %s", [workspace])
        cursor.execute(f"INSERT INTO {TABLE} ({INSERT_COLUMNS}) {sql}", params)
        written = cursor.rowcount
        cursor.execute(*_all_time_sql(workspace))
        return written + cursor.rowcount


def _normal(row: Iterable) -> tuple:
    workspace, scope, dimension, month, district, key, *sums = row
    if isinstance(month, str):
        month = datetime.date.fromisoformat(month)
    return (workspace, scope, dimension, month, district, key, *(int(n) for n in sums))


def stored_rows(workspace: int | None = None) -> set[tuple]:
    """The summary as stored (for the tests that compare it with a recomputation)."""
    with connection.cursor() as cursor:
        where = "" if workspace is None else " WHERE workspace_id = %s"
        cursor.execute(
            f"SELECT {INSERT_COLUMNS} FROM {TABLE}{where}", [] if workspace is None else [workspace]
        )
        return {_normal(row) for row in cursor.fetchall() if row[-1]}


def recomputed_rows(workspace: int | None = None) -> set[tuple]:
    """The summary as it should be, counted from the activities (the month rows and the ALL_TIME rows)."""
    sql, params = raw_sql(connection.vendor, workspace=workspace)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = [_normal(row) for row in cursor.fetchall()]
    all_time: dict[tuple, list[int]] = {}
    for workspace_pk, scope, dimension, _month_of, district, key, *sums in rows:
        total = all_time.setdefault(
            (workspace_pk, scope, dimension, ALL_TIME, district, key), [0] * len(SUMS)
        )
        for index, n in enumerate(sums):
            total[index] += n
    return set(rows) | {(*key, *sums) for key, sums in all_time.items()}


# --- Periods: whole months from the summary, the other days from the activities --------------------------


@dataclass(frozen=True)
class Split:
    """A period as whole months (first days of the first and last month; None is open) plus loose days."""

    first_month: datetime.date | None
    last_month: datetime.date | None
    whole_months: bool  # False when the period has no whole month
    loose: tuple[tuple[datetime.date, datetime.date], ...]


def _next_month(day: datetime.date) -> datetime.date:
    return (day.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)


def split(start: datetime.date | None, end: datetime.date | None) -> Split:
    """Whole calendar months of [start, end] (both inclusive) and the spans of days around them."""
    loose = []
    first = start
    if start is not None and start.day != 1:
        first = _next_month(start)
        loose.append((start, min(first - datetime.timedelta(days=1), end or first)))
    last = end
    if end is not None and _next_month(end) - datetime.timedelta(days=1) != end:
        last = end.replace(day=1) - datetime.timedelta(days=1)  # the end of the month before
        tail_start = max(end.replace(day=1), start or end.replace(day=1))
        if not loose or loose[0] != (tail_start, end):
            loose.append((tail_start, end))
    if first is not None and last is not None and first > last:
        return Split(None, None, False, tuple(sorted(set(loose))))
    return Split(first, None if last is None else last.replace(day=1), True, tuple(loose))


def months_q(first_month: datetime.date | None, last_month: datetime.date | None, prefix: str = "") -> Q:
    """The summary rows of the months from first_month to last_month (None: open), or of ALL_TIME."""
    if first_month is None and last_month is None:
        return Q(**{f"{prefix}month": ALL_TIME})
    condition = Q(**{f"{prefix}month__gt": ALL_TIME})
    if first_month is not None:
        condition &= Q(**{f"{prefix}month__gte": first_month})
    if last_month is not None:
        condition &= Q(**{f"{prefix}month__lte": last_month})
    return condition


@dataclass(frozen=True)
class Cover:
    """The months that hold a period (first days; None is open) and the days in them outside the period."""

    first_month: datetime.date | None
    last_month: datetime.date | None
    outside: tuple[tuple[datetime.date, datetime.date], ...]


def cover(start: datetime.date | None, end: datetime.date | None) -> Cover:
    """The last 12 months end today: the summary's months up to this one, less this month's later days
    (there are few: a date may lie at most a day ahead), counted from the activities."""
    outside = []
    first = None if start is None else start.replace(day=1)
    last = None if end is None else end.replace(day=1)
    if start is not None and start.day != 1:
        outside.append((first, start - datetime.timedelta(days=1)))
    if end is not None and _next_month(end) - datetime.timedelta(days=1) != end:
        outside.append((end + datetime.timedelta(days=1), _next_month(end) - datetime.timedelta(days=1)))
    return Cover(first, last, tuple(outside))
