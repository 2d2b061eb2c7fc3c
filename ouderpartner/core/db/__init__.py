"""Database backends that keep the audit trail through a rollback (see audit_keeping)."""
