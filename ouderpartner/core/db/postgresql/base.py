"""Django's PostgreSQL backend (production), with audit events that survive a rollback (audit_keeping.py) and
connections reused between requests (pooling.py)."""

from django.db.backends.postgresql import base

from ouderpartner.core.db.audit_keeping import AuditKeepingMixin
from ouderpartner.core.db.pooling import PooledConnectionMixin


class DatabaseWrapper(AuditKeepingMixin, PooledConnectionMixin, base.DatabaseWrapper):
    pass
