"""The PostgreSQL backup procedure of docs/backup.md, tried: the nightly script (deploy/ouderpartner-backup.sh)
dumps the committed test database with pg_dump in the custom format and packs the uploaded files; the
dump is restored with pg_restore into a new empty database, and every table has the same rows there.
Runs only on PostgreSQL with the client programs installed; skips with the reason otherwise."""

from __future__ import annotations

import os
import shutil
import subprocess
import tarfile
import uuid
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection

from ouderpartner.core.audit import audit_record
from ouderpartner.core.models import AuditEvent
from ouderpartner.voice.tests.factories import OptionFactory, QuestionFactory, QuestionnaireFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _client_args(settings_dict: dict) -> tuple[list[str], dict[str, str]]:
    args = []
    if settings_dict.get("HOST"):
        args += ["--host", settings_dict["HOST"]]
    if settings_dict.get("PORT"):
        args += ["--port", str(settings_dict["PORT"])]
    if settings_dict.get("USER"):
        args += ["--username", settings_dict["USER"]]
    env = {**os.environ, "PGCONNECT_TIMEOUT": "10"}
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = settings_dict["PASSWORD"]
    return args, env


def _url(settings_dict: dict) -> str:
    user = quote(settings_dict.get("USER") or "", safe="")
    password = quote(settings_dict.get("PASSWORD") or "", safe="")
    credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = settings_dict.get("HOST") or "localhost"
    port = f":{settings_dict['PORT']}" if settings_dict.get("PORT") else ""
    return f"postgresql://{credentials}{host}{port}/{quote(settings_dict['NAME'], safe='')}"


def _row_counts(cursor, tables: list[str]) -> dict[str, int]:
    counts = {}
    for table in tables:
        cursor.execute(f'SELECT COUNT(*) FROM "{table}"')  # nosec B608 (table names from introspection)
        counts[table] = cursor.fetchone()[0]
    return counts


def test_pg_dump_and_pg_restore_bring_back_every_row(utrecht, alice, bob, school, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("The backup procedure is for PostgreSQL; this run uses SQLite (set DATABASE_URL).")
    missing = [tool for tool in ("pg_dump", "pg_restore", "tar", "sha256sum") if shutil.which(tool) is None]
    if missing:
        pytest.skip(f"Programs the backup needs are not installed: {', '.join(missing)}.")
    questionnaire = QuestionnaireFactory(workspace=utrecht, created_by=alice)
    OptionFactory(question=QuestionFactory(questionnaire=questionnaire, name="q1"), value="ja")
    audit_record(workspace=utrecht, actor=alice, action=AuditEvent.Action.CREATE, obj=questionnaire)

    media = tmp_path / "media"
    (media / "logos").mkdir(parents=True)
    (media / "logos" / "utrecht.svg").write_bytes(b"<svg/>")

    settings_dict = connection.settings_dict
    args, env = _client_args(settings_dict)
    backups = tmp_path / "backups"
    script = settings.BASE_DIR / "deploy" / "ouderpartner-backup.sh"
    done = subprocess.run(
        ["sh", str(script)],
        env={
            **env,
            "DATABASE_URL": _url(settings_dict),
            "MEDIA_ROOT": str(media),
            "BACKUP_DIR": str(backups),
        },
        check=False,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    (backup,) = backups.iterdir()
    assert sorted(p.name for p in backup.iterdir()) == ["SHA256SUMS", "db.dump", "media.tar.gz"]
    subprocess.run(["sha256sum", "--check", "--quiet", "SHA256SUMS"], cwd=backup, check=True)
    with tarfile.open(backup / "media.tar.gz") as packed:
        assert packed.extractfile("media/logos/utrecht.svg").read() == b"<svg/>"
    dump = backup / "db.dump"

    restored = f"{settings_dict['NAME']}_restore_{uuid.uuid4().hex[:8]}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{restored}"')
    try:
        result = subprocess.run(
            ["pg_restore", *args, "--no-owner", "--exit-on-error", f"--dbname={restored}", str(dump)],
            env=env,
            check=False,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert result.returncode == 0, result.stderr
        tables = sorted(connection.introspection.table_names())
        with connection.cursor() as cursor:
            expected = _row_counts(cursor, tables)
        import psycopg

        conninfo = {
            "dbname": restored,
            "host": settings_dict.get("HOST") or None,
            "port": settings_dict.get("PORT") or None,
            "user": settings_dict.get("USER") or None,
            "password": settings_dict.get("PASSWORD") or None,
        }
        with psycopg.connect(**{k: v for k, v in conninfo.items() if v}) as other, other.cursor() as cursor:
            assert _row_counts(cursor, tables) == expected
            cursor.execute("SELECT password FROM accounts_user WHERE email = %s", [alice.email])
            assert cursor.fetchone()[0] == alice.password
            cursor.execute("SELECT last_value FROM django_migrations_id_seq")
            assert cursor.fetchone()[0] >= 1
        assert sum(1 for count in expected.values() if count) >= 10
        assert expected["voice_option"] == 1 and expected["core_auditevent"] >= 1
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{restored}" WITH (FORCE)')
