"""Audit events that survive a rolled-back transaction, on SQLite and PostgreSQL alike.

`audit_record` writes an event in the same transaction as the change it describes: it is visible at
once, it needs no second connection, and on SQLite it needs none of the write lock that the
transaction already holds (a second SQLite connection could not write until the first one ends).
The connection remembers the events written inside a transaction:

- when a savepoint (an inner `transaction.atomic()`) is rolled back, the events that the rollback
  took away are written again at once, inside the enclosing transaction;
- when the whole transaction is rolled back, they are written again in autocommit as soon as the
  transaction has ended (`set_autocommit(True)` at the end of the outermost atomic block);
- on commit the memory is cleared.

An event written again keeps its id and time and is marked `rolled_back`: the audit trail shows
that someone tried, and that the change did not stay. An event whose workspace itself was rolled
back has nowhere to go and is logged instead; one whose actor was rolled back keeps the e-mail.

Events written inside a test case's own transaction (Django's TestCase, pytest-django's `db`) go
when the test's transaction is rolled back, like every other row of that test; events of the
code's own atomic blocks inside a test are kept through their rollback as in production.

Limit: events of a transaction that never ends in this process (the process is killed in the
middle) are lost together with the change they describe.
"""

from __future__ import annotations

import logging
from typing import Any

from django.db import DatabaseError, IntegrityError

logger = logging.getLogger("ouderpartner.audit")


class AuditKeepingMixin:
    """Mixed into a Django DatabaseWrapper (see ouderpartner.core.db.sqlite3 and .postgresql)."""

    keeps_audit_events = True

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # (number of enclosing test-case blocks when written, field values) per event in this transaction
        self._audit_kept: list[tuple[int, dict[str, Any]]] = []
        # events of a rolled-back transaction, to write again once autocommit is back on
        self._audit_pending: list[dict[str, Any]] = []
        self._audit_busy = False

    # --- called by audit_record ---------------------------------------------------------------

    def audit_keep(self, event: Any) -> None:
        """Remember an event just written, if a rollback could still take it away."""
        if not self.in_atomic_block and self.get_autocommit():
            return
        floor = 0
        for block in self.atomic_blocks:
            if not getattr(block, "_from_testcase", False):
                break
            floor += 1
        values = {field.attname: getattr(event, field.attname) for field in event._meta.concrete_fields}
        self._audit_kept.append((floor, values))

    # --- transaction hooks --------------------------------------------------------------------

    def commit(self) -> None:
        super().commit()
        self._audit_kept = []

    def rollback(self) -> None:
        super().rollback()
        if self._audit_kept:
            # Events written under a test case's own block go with the test, like its other rows.
            self._audit_pending.extend(values for floor, values in self._audit_kept if floor == 0)
            self._audit_kept = []
        self._audit_flush_pending()

    def savepoint_rollback(self, sid: str) -> None:
        super().savepoint_rollback(sid)
        if not self._audit_kept or self._audit_busy:
            return
        depth = len(self.atomic_blocks)
        # A test case's own savepoint being rolled back takes the test's events with it.
        self._audit_kept = [(floor, values) for floor, values in self._audit_kept if floor <= depth]
        if not self._audit_kept:
            return
        model = self._audit_model()
        ids = [values["id"] for _floor, values in self._audit_kept]
        self._audit_busy = True
        try:
            present = set(
                model._base_manager.using(self.alias).filter(pk__in=ids).values_list("pk", flat=True)
            )
        finally:
            self._audit_busy = False
        missing = [values for _floor, values in self._audit_kept if values["id"] not in present]
        if missing:
            self._audit_write(missing, in_transaction=True)

    def set_autocommit(self, autocommit: bool, *args: Any, **kwargs: Any) -> None:
        super().set_autocommit(autocommit, *args, **kwargs)
        if autocommit:
            self._audit_kept = []
            self._audit_flush_pending()

    def close(self) -> None:
        if self._audit_kept and self.connection is not None and not self.autocommit:
            # The database rolls the open transaction back by itself; write them on the next connection.
            self._audit_pending.extend(values for floor, values in self._audit_kept if floor == 0)
            self._audit_kept = []
        super().close()

    # --- writing again ------------------------------------------------------------------------

    def _audit_model(self) -> Any:
        from django.apps import apps

        return apps.get_model("core", "AuditEvent")

    def _audit_flush_pending(self) -> None:
        if (
            not self._audit_pending
            or self._audit_busy
            or self.connection is None
            or self.in_atomic_block
            or not self.autocommit
        ):
            return
        pending, self._audit_pending = self._audit_pending, []
        self._audit_write(pending, in_transaction=False)

    def _audit_write(self, rows: list[dict[str, Any]], *, in_transaction: bool) -> None:
        from django.contrib.auth import get_user_model

        model = self._audit_model()
        workspace_model = model._meta.get_field("workspace").related_model
        self._audit_busy = True
        try:
            workspaces = set(
                workspace_model._base_manager.using(self.alias)
                .filter(pk__in={row["workspace_id"] for row in rows})
                .values_list("pk", flat=True)
            )
            actors = set(
                get_user_model()
                ._base_manager.using(self.alias)
                .filter(pk__in={row["actor_id"] for row in rows if row["actor_id"]})
                .values_list("pk", flat=True)
            )
            for row in rows:
                if row["workspace_id"] not in workspaces:
                    logger.warning(
                        "Audit event of a rolled-back workspace, not kept: %s %s %s by %s",
                        row["action"],
                        row["object_type"],
                        row["object_repr"],
                        row["actor_email"] or "system",
                    )
                    continue
                values = {**row, "rolled_back": True}
                if values["actor_id"] not in actors:
                    values["actor_id"] = None
                self._audit_insert(model(**values), in_transaction=in_transaction)
        finally:
            self._audit_busy = False

    def _audit_insert(self, event: Any, *, in_transaction: bool) -> None:
        if in_transaction:
            sid = self.savepoint()
            try:
                event.save(force_insert=True, using=self.alias)
            except DatabaseError:
                if sid:
                    self.savepoint_rollback(sid)
                    self.needs_rollback = False
                logger.exception("Could not keep an audit event through a rollback: %s", event)
            else:
                if sid:
                    self.savepoint_commit(sid)
            return
        try:
            event.save(force_insert=True, using=self.alias)
        except IntegrityError:
            # On SQLite another connection may have taken the id after the rollback.
            event.pk = None
            try:
                event.save(force_insert=True, using=self.alias)
            except DatabaseError:
                logger.exception("Could not keep an audit event through a rollback: %s", event)
        except DatabaseError:
            logger.exception("Could not keep an audit event through a rollback: %s", event)
