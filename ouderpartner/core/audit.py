"""The audit trail: one call records who did what to which object.

Every change, every export and every view of row-level data (a parent's conversation record, an
open answer, a contact request, a meeting's entries) calls `audit_record`. The event is written in
the caller's transaction and survives its rollback: the database backends of
ouderpartner.core.db write it again, marked `rolled_back`, when the change it describes is undone
(see ouderpartner/core/db/audit_keeping.py). The system check below refuses a database engine
that does not do this.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.core import checks
from django.core.cache import cache
from django.db import router, transaction
from django.db.models import Model

from ouderpartner.core.models import AuditEvent, Workspace

# Seeing the same row-level data again within this many seconds, in the same session, is not recorded again.
VIEW_REPEAT_SECONDS = 10 * 60
AUDIT_KEEPING_ENGINES = ("ouderpartner.core.db.sqlite3", "ouderpartner.core.db.postgresql")


def audit_record(
    *,
    workspace: Workspace,
    actor: Any,
    action: str,
    obj: Model | None = None,
    object_type: str = "",
    object_repr: str = "",
    changes: dict[str, Any] | None = None,
) -> AuditEvent:
    if obj is not None:
        object_type = object_type or obj._meta.model_name or ""
        object_repr = object_repr or str(obj)
    user = actor if getattr(actor, "is_authenticated", False) else None
    using = router.db_for_write(AuditEvent)
    event = AuditEvent.objects.using(using).create(
        workspace=workspace,
        actor=user,
        actor_email=getattr(user, "email", "") if user else "",
        action=action,
        object_type=object_type,
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
        object_repr=object_repr[:200],
        changes=changes or {},
    )
    connection = transaction.get_connection(using)
    if hasattr(connection, "audit_keep"):
        connection.audit_keep(event)
    return event


def audit_view(
    *,
    request: Any,
    obj: Model | None = None,
    object_type: str = "",
    object_repr: str = "",
    details: dict[str, Any] | None = None,
    counts: dict[str, int] | None = None,
) -> AuditEvent | None:
    """Record that the signed-in member saw row-level data (a record, open answers, comments).

    `details` say what was seen (filters, page), `counts` how many rows. The same person seeing the
    same thing (object and details, whatever the counts) again within VIEW_REPEAT_SECONDS in the same
    session is recorded once: reloading a moderation page does not flood the trail.
    """
    details = details or {}
    session_key = getattr(getattr(request, "session", None), "session_key", None)
    if session_key:
        seen = "\x1f".join(
            [
                session_key,
                str(request.workspace.pk),
                object_type or (obj._meta.model_name if obj is not None else ""),
                str(obj.pk) if obj is not None else "",
                repr(sorted(details.items())),
            ]
        )
        key = "audit-view:" + hashlib.sha256(seen.encode()).hexdigest()
        if not cache.add(key, 1, VIEW_REPEAT_SECONDS):
            return None
    return audit_record(
        workspace=request.workspace,
        actor=request.user,
        action=AuditEvent.Action.VIEW,
        obj=obj,
        object_type=object_type,
        object_repr=object_repr,
        changes={**details, **(counts or {})},
    )


def changed_fields(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """{field: [old, new]} for the fields whose value differs, as JSON-safe strings."""
    return {
        name: [str(before.get(name, "")), str(value)]
        for name, value in after.items()
        if str(before.get(name, "")) != str(value)
    }


@checks.register()
def check_audit_keeping_engine(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """The audit trail must survive rollbacks: the database engine has to be one of ours."""
    from django.db import connections

    alias = router.db_for_write(AuditEvent)
    if getattr(connections[alias], "keeps_audit_events", False):
        return []
    return [
        checks.Error(
            "The database engine of the audit trail does not keep audit events through a rollback.",
            hint=f"Set DATABASES[{alias!r}]['ENGINE'] to one of {', '.join(AUDIT_KEEPING_ENGINES)}.",
            id="core.E001",
        )
    ]
