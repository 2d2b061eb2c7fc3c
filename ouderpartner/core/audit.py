"""The audit trail: one call records who did what to which object."""

from __future__ import annotations

from typing import Any

from django.db.models import Model

from ouderpartner.core.models import AuditEvent, Workspace


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
    return AuditEvent.objects.create(
        workspace=workspace,
        actor=user,
        actor_email=getattr(user, "email", "") if user else "",
        action=action,
        object_type=object_type,
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
        object_repr=object_repr[:200],
        changes=changes or {},
    )


def changed_fields(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """{field: [old, new]} for the fields whose value differs, as JSON-safe strings."""
    return {
        name: [str(before.get(name, "")), str(value)]
        for name, value in after.items()
        if str(before.get(name, "")) != str(value)
    }
