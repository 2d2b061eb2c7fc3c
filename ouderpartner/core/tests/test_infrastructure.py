"""The production parts work in whichever configuration the suite runs (SQLite or PostgreSQL + Redis)."""

import os
import subprocess
import sys

import pytest
from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test import Client

pytestmark = pytest.mark.django_db


def test_it_uses_the_database_the_environment_names():
    expected = "postgresql" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "sqlite"
    assert connection.vendor == expected


def test_sqlite_runs_in_wal_mode():
    if connection.vendor != "sqlite":
        pytest.skip("Only the embedded default uses SQLite.")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        mode = cursor.fetchone()[0]
    # The test database lives in memory, where SQLite reports "memory"; on disk it is WAL.
    assert mode in {"wal", "memory"}
    assert "journal_mode=WAL" in settings.DATABASES["default"]["OPTIONS"]["init_command"]


def test_the_cache_round_trips_a_value():
    cache.set("ouderpartner-test", {"k": 5}, 10)
    assert cache.get("ouderpartner-test") == {"k": 5}
    expected = "RedisCache" if os.environ.get("REDIS_URL") else "LocMemCache"
    assert settings.CACHES["default"]["BACKEND"].endswith(expected)


def test_the_channel_layer_delivers_a_message():
    layer = get_channel_layer()

    async def round_trip():
        channel = await layer.new_channel()
        await layer.send(channel, {"type": "test.message", "text": "hallo"})
        return await layer.receive(channel)

    assert async_to_sync(round_trip)() == {"type": "test.message", "text": "hallo"}


def test_the_health_check_answers():
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_it_refuses_to_start_without_a_secret_key_in_production():
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG", "TESTING"}}
    result = subprocess.run(
        [sys.executable, "-c", "import config.settings"],
        env={**env, "DEBUG": "0"},
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_the_asgi_application_routes_http_and_websockets():
    from config.asgi import application

    assert set(application.application_mapping) == {"http", "websocket"}
