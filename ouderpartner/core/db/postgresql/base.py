"""Django's PostgreSQL backend with audit events that survive a rollback (production)."""

from django.db.backends.postgresql import base

from ouderpartner.core.db.audit_keeping import AuditKeepingMixin


class DatabaseWrapper(AuditKeepingMixin, base.DatabaseWrapper):
    pass
