"""Sign-in security: two-factor authentication (TOTP and recovery codes), session limits, signing out everywhere.

Who needs a second factor: every coordinator (of any workspace), everyone who may use the Django
admin, every member of a workspace that
requires it for everyone (to open that workspace), and everyone who has set it up (a password alone
no longer opens their account). A session counts as verified once django-otp's session key is set
(`django_otp.login`): the check of a verified session costs no query.
"""

from __future__ import annotations

import secrets
import time
from base64 import b32encode
from typing import Any

from django.conf import settings
from django.contrib.auth import update_session_auth_hash
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from ouderpartner.accounts.models import User
from ouderpartner.core.audit import audit_record
from ouderpartner.core.models import AuditEvent, Membership, Role

RECOVERY_CODE_COUNT = 10
TOTP_DEVICE_NAME = "Authenticator"
RECOVERY_DEVICE_NAME = "Recovery codes"

# Session keys.
LOGIN_AT = "auth_login_at"
LAST_SEEN = "auth_last_seen"
NEW_RECOVERY_CODES = "auth_new_recovery_codes"
NUDGE_DISMISSED = "auth_two_factor_nudge_dismissed"

OK, VERIFY, SET_UP = "", "verify", "set_up"


# --- Who needs what ----------------------------------------------------------------------------


def session_is_verified(session: Any) -> bool:
    return bool(session.get(DEVICE_ID_SESSION_KEY))


def two_factor_facts(user: Any, workspace_slug: str = "") -> dict[str, bool]:
    """In one query: has the user a confirmed authenticator, coordinates anything, or opens a workspace
    that requires two-factor authentication of everyone."""
    memberships = Membership.objects.filter(user=OuterRef("pk"))
    row = (
        User.objects.filter(pk=user.pk)
        .annotate(
            has_device=Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)),
            is_coordinator=Exists(memberships.filter(role=Role.COORDINATOR)),
            required_here=Exists(
                memberships.filter(workspace__slug=workspace_slug, workspace__require_two_factor=True)
            ),
        )
        .values("has_device", "is_coordinator", "required_here")
        .first()
    )
    return row or {"has_device": False, "is_coordinator": False, "required_here": False}


def two_factor_step(user: Any, session: Any, workspace_slug: str = "") -> tuple[str, dict[str, bool]]:
    """What the user must do before going on: OK, VERIFY (enter a code) or SET_UP (no authenticator yet)."""
    if session_is_verified(session):
        return OK, {"has_device": True, "is_coordinator": False, "required_here": False}
    facts = two_factor_facts(user, workspace_slug)
    if facts["has_device"]:
        return VERIFY, facts
    if facts["is_coordinator"] or facts["required_here"] or user.is_staff or user.is_superuser:
        return SET_UP, facts
    return OK, facts


def two_factor_required(user: Any) -> bool:
    """Whether the user may not switch two-factor authentication off (a coordinator, or a member of a
    workspace that requires it, or someone who may use the admin)."""
    if user.is_staff or user.is_superuser:
        return True
    return (
        Membership.objects.filter(user=user).filter(role=Role.COORDINATOR).exists()
        or Membership.objects.filter(user=user, workspace__require_two_factor=True).exists()
    )


def confirmed_device(user: Any) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def recovery_codes_left(user: Any) -> int:
    return StaticToken.objects.filter(device__user=user, device__name=RECOVERY_DEVICE_NAME).count()


# --- Auditing events of a user rather than of a workspace ----------------------------------------


def audit_user_event(user: Any, action: str, changes: dict[str, Any], *, by_user: bool = True) -> int:
    """Record a sign-in event in the audit trail of every workspace the user belongs to.

    An audit event belongs to a workspace; a user's sign-in concerns each workspace they can open,
    so each of those gets the event (a user without a workspace leaves no trace here). `by_user=False`
    for attempts by whoever typed the address (failed logins, lockouts): the actor stays empty.
    """
    count = 0
    for membership in Membership.objects.filter(user=user).select_related("workspace"):
        audit_record(
            workspace=membership.workspace,
            actor=user if by_user else None,
            action=action,
            obj=user,
            object_repr=user.email,
            changes=changes,
        )
        count += 1
    return count


# --- Setting up, verifying, recovery codes, switching off -----------------------------------------


def totp_secret(device: TOTPDevice) -> str:
    """The key in base32, grouped by four, as authenticator apps ask for it when typed in."""
    raw = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def totp_setup_device(user: Any) -> TOTPDevice:
    """The unconfirmed authenticator being set up (made now, or the one from a moment ago)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=False)
    return device


def normalise_code(code: str) -> str:
    return "".join(ch for ch in (code or "") if ch.isalnum()).lower()


def totp_confirm(*, request: HttpRequest, device: TOTPDevice, code: str) -> list[str]:
    """Confirm the authenticator with a code from it: it becomes the user's only one, the session is
    verified, and ten new recovery codes are returned (to show once)."""
    code = normalise_code(code)
    if device.confirmed or not code.isdecimal() or not device.verify_token(code):
        raise ValidationError(
            _("This code is not right. Type the six digits your app shows now."), code="invalid"
        )
    user = device.user
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = _new_recovery_codes(user)
        audit_user_event(user, AuditEvent.Action.SECURITY, {"two_factor": "set up"})
    otp_login(request, device)
    return codes


def _new_recovery_codes(user: Any) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    codes = []
    while len(codes) < RECOVERY_CODE_COUNT:
        token = StaticToken.random_token()
        if token not in codes:
            codes.append(token)
    StaticToken.objects.bulk_create([StaticToken(device=device, token=token) for token in codes])
    return codes


def recovery_codes_regenerate(*, user: Any) -> list[str]:
    """Ten new recovery codes; the old ones stop working."""
    if confirmed_device(user) is None:
        raise ValidationError(_("Set up two-factor authentication first."))
    with transaction.atomic():
        codes = _new_recovery_codes(user)
        audit_user_event(user, AuditEvent.Action.SECURITY, {"recovery_codes": "regenerated"})
    return codes


def format_recovery_code(code: str) -> str:
    return f"{code[:4]} {code[4:]}" if len(code) == 8 else code


def two_factor_verify(*, request: HttpRequest, user: Any, code: str) -> str:
    """Check a code from the authenticator or a recovery code; on success the session is verified.

    Returns "totp" or "recovery"; a ValidationError otherwise (also while django-otp's throttle,
    which doubles the wait after each wrong code, holds the device)."""
    code = normalise_code(code)
    device = confirmed_device(user)
    if device is None or not code:
        raise ValidationError(_("This code is not right."), code="invalid")
    if code.isdecimal() and len(code) == 6:
        allowed, _info = device.verify_is_allowed()
        if allowed and device.verify_token(code):
            otp_login(request, device)
            return "totp"
        if not allowed:
            raise ValidationError(
                _("Too many wrong codes in a row. Wait a minute and try again."), code="throttled"
            )
    else:
        recovery = StaticDevice.objects.filter(user=user, name=RECOVERY_DEVICE_NAME).first()
        if recovery is not None:
            allowed, _info = recovery.verify_is_allowed()
            if not allowed:
                raise ValidationError(
                    _("Too many wrong codes in a row. Wait a minute and try again."), code="throttled"
                )
            if recovery.verify_token(code):
                otp_login(request, device)
                audit_user_event(
                    user,
                    AuditEvent.Action.SECURITY,
                    {"recovery_code": "used", "left": recovery.token_set.count()},
                )
                return "recovery"
    raise ValidationError(
        _("This code is not right. Type the six digits your app shows now, or one of your recovery codes."),
        code="invalid",
    )


def two_factor_disable(*, request: HttpRequest, user: Any, password: str) -> None:
    """Switch two-factor authentication off after the password is typed again; other sessions end."""
    if not user.check_password(password or ""):
        raise ValidationError(_("This password is not correct."), code="password")
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        audit_user_event(user, AuditEvent.Action.SECURITY, {"two_factor": "switched off"})
        _end_other_sessions(request, user)
    request.session.pop(DEVICE_ID_SESSION_KEY, None)


# --- Sessions -------------------------------------------------------------------------------------


def _end_other_sessions(request: HttpRequest, user: Any) -> None:
    user.session_secret = secrets.token_hex(16)
    user.save(update_fields=["session_secret"])
    update_session_auth_hash(request, user)


def sign_out_everywhere(*, request: HttpRequest, user: Any) -> None:
    """End every session of the user, on every device, this one included."""
    from django.contrib.auth import logout

    with transaction.atomic():
        user.session_secret = secrets.token_hex(16)
        user.save(update_fields=["session_secret"])
        audit_user_event(user, AuditEvent.Action.SECURITY, {"sessions": "signed out everywhere"})
    logout(request)


def session_started(session: Any) -> None:
    now = int(time.time())
    session[LOGIN_AT] = now
    session[LAST_SEEN] = now


def session_expiry(session: Any) -> str:
    """ "idle" or "absolute" when the session has run out, "" when it is still good."""
    now = time.time()
    login_at = session.get(LOGIN_AT)
    last_seen = session.get(LAST_SEEN)
    if login_at is not None and now - login_at > settings.SESSION_ABSOLUTE_TIMEOUT:
        return "absolute"
    if last_seen is not None and now - last_seen > settings.SESSION_IDLE_TIMEOUT:
        return "idle"
    return ""


def session_touch(session: Any) -> None:
    """Note activity, at most once a minute (so that a busy session is not written on every request)."""
    now = int(time.time())
    if LOGIN_AT not in session:
        session[LOGIN_AT] = now
    if now - session.get(LAST_SEEN, 0) >= 60:
        session[LAST_SEEN] = now
