"""Database connections are reused between requests (ouderpartner/core/db/pooling.py): a clean connection
goes back to the process's pool when Django closes it; one in a transaction, after an error, or beyond the
pool's size is closed; a stale one is checked before it is used again."""

from __future__ import annotations

import os

import pytest
from django.db import connection
from django.db.utils import ConnectionHandler

from ouderpartner.core.db import pooling


@pytest.fixture
def unblocked(django_db_blocker):
    """Connections of their own to a file of their own (not the test database)."""
    with django_db_blocker.unblock():
        yield


@pytest.fixture
def pooled(settings, unblocked):
    settings.DATABASE_POOL_SIZE = 2
    yield
    pooling.close_all_pooled()
    pooling._pools.clear()


def sqlite_wrapper(path):
    return ConnectionHandler({"default": {"ENGINE": "ouderpartner.core.db.sqlite3", "NAME": str(path)}})[
        "default"
    ]


def test_a_clean_connection_is_reused(pooled, tmp_path):
    first = sqlite_wrapper(tmp_path / "db.sqlite3")
    first.ensure_connection()
    raw = first.connection
    first.close()
    assert first.connection is None
    # Another request's wrapper (another thread under ASGI) gets the same connection.
    second = sqlite_wrapper(tmp_path / "db.sqlite3")
    with second.cursor() as cursor:
        cursor.execute("PRAGMA foreign_keys")
        assert cursor.fetchone()[0] == 1
    assert second.connection is raw
    second.close()


def test_a_connection_in_a_transaction_or_after_an_error_is_closed(pooled, tmp_path):
    wrapper = sqlite_wrapper(tmp_path / "db.sqlite3")
    wrapper.ensure_connection()
    raw = wrapper.connection
    raw.execute("BEGIN")
    wrapper.close()
    wrapper.ensure_connection()
    assert wrapper.connection is not raw
    raw = wrapper.connection
    wrapper.errors_occurred = True
    wrapper.close()
    wrapper.ensure_connection()
    assert wrapper.connection is not raw
    wrapper.close()


def test_the_pool_keeps_at_most_its_size(pooled, tmp_path):
    wrappers = [sqlite_wrapper(tmp_path / "db.sqlite3") for _ in range(3)]
    for wrapper in wrappers:
        wrapper.ensure_connection()
    raws = [wrapper.connection for wrapper in wrappers]
    for wrapper in wrappers:
        wrapper.close()
    pool = pooling.pool_for(wrappers[0].settings_dict)
    assert len(pool.idle) == 2
    # The third one was closed for real.
    with pytest.raises(Exception, match="closed"):
        raws[2].execute("SELECT 1")


def test_a_stale_or_broken_connection_is_not_used_again(pooled, tmp_path, monkeypatch):
    wrapper = sqlite_wrapper(tmp_path / "db.sqlite3")
    wrapper.ensure_connection()
    raw = wrapper.connection
    wrapper.close()
    raw.close()  # as if the server had gone away while it was idle
    monkeypatch.setattr(pooling, "PING_AFTER", -1.0)
    with wrapper.cursor() as cursor:
        cursor.execute("SELECT 1")
    assert wrapper.connection is not raw
    # Too old: closed instead of reused.
    raw = wrapper.connection
    wrapper.close()
    monkeypatch.setattr(pooling, "MAX_AGE", -1.0)
    wrapper.ensure_connection()
    assert wrapper.connection is not raw
    wrapper.close()


def test_without_a_pool_size_nothing_is_kept(settings, unblocked, tmp_path):
    settings.DATABASE_POOL_SIZE = 0
    wrapper = sqlite_wrapper(tmp_path / "db.sqlite3")
    wrapper.ensure_connection()
    raw = wrapper.connection
    wrapper.close()
    wrapper.ensure_connection()
    assert wrapper.connection is not raw
    wrapper.close()


def test_a_forked_process_starts_with_an_empty_pool(pooled, tmp_path, monkeypatch):
    wrapper = sqlite_wrapper(tmp_path / "db.sqlite3")
    wrapper.ensure_connection()
    raw = wrapper.connection
    wrapper.close()
    parent = os.getpid()
    monkeypatch.setattr(pooling.os, "getpid", lambda: parent + 1)
    wrapper.ensure_connection()
    assert wrapper.connection is not raw
    wrapper.close()


@pytest.mark.django_db
def test_postgresql_connections_are_reused_when_idle(pooled):
    if connection.vendor != "postgresql":
        pytest.skip("Needs PostgreSQL (DATABASE_URL).")
    handler = ConnectionHandler({"default": {**connection.settings_dict, "CONN_MAX_AGE": 0}})
    wrapper = handler["default"]
    wrapper.ensure_connection()
    raw = wrapper.connection
    wrapper.close()
    wrapper.ensure_connection()
    assert wrapper.connection is raw
    with wrapper.cursor() as cursor:
        cursor.execute("BEGIN")
    wrapper.close()  # a transaction left open: not pooled
    wrapper.ensure_connection()
    assert wrapper.connection is not raw
    wrapper.close()
    pooling.close_all_pooled()
