"""Django's SQLite backend with audit events that survive a rollback (the embedded default)."""

from django.db.backends.sqlite3 import base

from ouderpartner.core.db.audit_keeping import AuditKeepingMixin


class DatabaseWrapper(AuditKeepingMixin, base.DatabaseWrapper):
    pass
