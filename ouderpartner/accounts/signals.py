"""Sign-in events: the session's clock starts at login; failed logins and lockouts go into the audit trail."""

from __future__ import annotations

from typing import Any

from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver

from ouderpartner.accounts import security
from ouderpartner.accounts.models import User
from ouderpartner.core.models import AuditEvent


def axes_username(request: Any, credentials: dict[str, Any] | None = None) -> str:
    """The e-mail address that django-axes counts failures for, as the login form reads it."""
    value = (credentials or {}).get("username")
    if value is None and request is not None:
        value = getattr(request, "POST", {}).get("username", "")
    return str(value or "").strip().lower()


@receiver(user_logged_in, dispatch_uid="accounts_session_started")
def _session_started(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        security.session_started(request.session)


def _known_user(email: str) -> User | None:
    return User.objects.filter(email__iexact=email).first() if email else None


@receiver(user_login_failed, dispatch_uid="accounts_login_failed")
def _login_failed(sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
    user = _known_user(axes_username(request, credentials))
    if user is not None and not getattr(request, "axes_locked_out", False):
        security.audit_user_event(user, AuditEvent.Action.LOGIN_FAILED, {"reason": "password"}, by_user=False)


@receiver(user_locked_out, dispatch_uid="accounts_locked_out")
def _locked_out(sender: Any, request: Any, username: str, ip_address: str, **kwargs: Any) -> None:
    user = _known_user(str(username or "").strip().lower())
    if user is not None:
        minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
        security.audit_user_event(user, AuditEvent.Action.LOCKOUT, {"minutes": minutes}, by_user=False)
