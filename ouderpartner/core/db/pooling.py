"""Reuse of database connections between requests, for SQLite and PostgreSQL alike.

Under ASGI, Django runs each request's synchronous code in a thread of its own, and its database
connections are per thread: every request opened a new connection and closed it again, whatever
`CONN_MAX_AGE` said. A new SQLite connection reads the whole schema again on its first statement and
runs the PRAGMAs (several milliseconds); a new PostgreSQL connection starts a server process. That cost
was most of the time of a simple page.

Here a connection that Django closes at the end of a request goes into a small pool of this process
instead, when it is clean: no transaction open, autocommit on, no error since its last use. The next
request that needs a connection takes it from there. `DATABASE_POOL_SIZE` (settings) is how many idle
connections a process keeps; 0 switches reuse off (the test suite, whose test databases must be dropped
at the end). A connection idle for longer than `PING_AFTER` seconds is checked with `SELECT 1` before it
is used again (the server may have closed it), and one older than `MAX_AGE` seconds is closed rather than
reused. An in-memory SQLite database is never pooled (Django never closes it). The pool belongs to the
process that made it: after a fork the child starts with an empty one.
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
from collections import deque
from typing import Any

from django.conf import settings

# Seconds a connection may sit idle before it is checked with a query, and its whole lifetime.
PING_AFTER = 10.0
MAX_AGE = 300.0


class ConnectionPool:
    """Idle connections of one database in this process, last in first out (a warm one first)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.pid = os.getpid()
        self.idle: deque[tuple[Any, float, float]] = deque()  # (connection, opened at, idle since)
        self.lock = threading.Lock()

    def take(self) -> tuple[Any, float, float] | None:
        with self.lock:
            return self.idle.pop() if self.idle else None

    def give(self, connection: Any, opened_at: float) -> bool:
        with self.lock:
            if len(self.idle) >= self.size:
                return False
            self.idle.append((connection, opened_at, time.monotonic()))
            return True

    def clear(self) -> list[Any]:
        with self.lock:
            connections = [entry[0] for entry in self.idle]
            self.idle.clear()
            return connections


_pools: dict[tuple, ConnectionPool] = {}
_pools_lock = threading.Lock()


def pool_for(settings_dict: dict[str, Any]) -> ConnectionPool | None:
    size = getattr(settings, "DATABASE_POOL_SIZE", 0)
    if size <= 0:
        return None
    key = tuple(str(settings_dict.get(name)) for name in ("ENGINE", "NAME", "HOST", "PORT", "USER"))
    with _pools_lock:
        pool = _pools.get(key)
        if pool is None or pool.pid != os.getpid():  # a forked child does not share its parent's sockets
            pool = _pools[key] = ConnectionPool(size)
        return pool


def close_all_pooled() -> None:
    """Close every idle connection of this process (e.g. before a database is dropped)."""
    with _pools_lock:
        pools = list(_pools.values())
    for pool in pools:
        for connection in pool.clear():
            with contextlib.suppress(Exception):  # a broken connection: nothing more to do
                connection.close()


class PooledConnectionMixin:
    """Mixed into a Django DatabaseWrapper (see ouderpartner.core.db.sqlite3 and .postgresql)."""

    def _pool(self) -> ConnectionPool | None:
        if self.vendor == "sqlite" and self.is_in_memory_db():
            return None
        return pool_for(self.settings_dict)

    def get_new_connection(self, conn_params: dict[str, Any]) -> Any:
        pool = self._pool()
        while pool is not None and (entry := pool.take()) is not None:
            connection, opened_at, idle_since = entry
            now = time.monotonic()
            if now - opened_at > MAX_AGE or not self._pooled_connection_is_clean(connection):
                self._close_quietly(connection)
                continue
            if now - idle_since > PING_AFTER and not self._pooled_connection_answers(connection):
                self._close_quietly(connection)
                continue
            if self.vendor == "sqlite":
                connection.execute("PRAGMA foreign_keys = ON")  # as a new connection has it
            self._pool_opened_at = opened_at
            return connection
        self._pool_opened_at = time.monotonic()
        return super().get_new_connection(conn_params)

    def _close(self) -> None:
        connection = self.connection
        pool = self._pool() if connection is not None else None
        if (
            pool is not None
            and not self.in_atomic_block
            and self.autocommit
            and not self.errors_occurred
            and not self.needs_rollback
            and self._pooled_connection_is_clean(connection)
            and pool.give(connection, getattr(self, "_pool_opened_at", time.monotonic()))
        ):
            return None  # Django's close() forgets it: this wrapper no longer owns it
        return super()._close()

    def _pooled_connection_is_clean(self, connection: Any) -> bool:
        try:
            if self.vendor == "sqlite":
                return not connection.in_transaction
            if self.vendor == "postgresql":
                from psycopg import pq

                return (
                    not connection.closed and connection.info.transaction_status == pq.TransactionStatus.IDLE
                )
        except Exception:  # a closed SQLite connection cannot even say whether it is in a transaction
            return False
        return False

    @staticmethod
    def _pooled_connection_answers(connection: Any) -> bool:
        try:
            connection.execute("SELECT 1").fetchone()
        except Exception:  # any failure: the connection is not to be used again
            return False
        return True

    @staticmethod
    def _close_quietly(connection: Any) -> None:
        with contextlib.suppress(Exception):  # a broken connection: nothing more to do
            connection.close()
