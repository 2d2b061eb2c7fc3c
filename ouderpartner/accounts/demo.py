"""Two-factor authentication for the demo's coordinators (alice and dave), so that `make run` stays usable.

Their authenticator uses one fixed, published demo key: add it to any authenticator app once (`make run`
prints it with an otpauth:// link), or log in with one of the recovery codes `make run` prints. Never a
key for real use: it is in the README.
"""

from __future__ import annotations

from base64 import b32decode
from binascii import hexlify
from typing import Any

from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from ouderpartner.accounts import security

DEMO_TOTP_KEY = "OUDERPARTNERDEMOTOTPSECRETKEY234"  # base32, 20 bytes
RECOVERY_CODES_SHOWN = 3


def demo_totp_secret() -> str:
    return " ".join(DEMO_TOTP_KEY[i : i + 4] for i in range(0, len(DEMO_TOTP_KEY), 4))


def ensure_demo_two_factor(user: Any) -> bool:
    """Give a demo coordinator the demo authenticator and at least a handful of recovery codes.
    Returns whether anything was made."""
    made = False
    key = hexlify(b32decode(DEMO_TOTP_KEY)).decode()
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        TOTPDevice.objects.filter(user=user).delete()
        device = TOTPDevice.objects.create(user=user, name=security.TOTP_DEVICE_NAME, key=key, confirmed=True)
        made = True
    if security.recovery_codes_left(user) < 5:
        security._new_recovery_codes(user)
        made = True
    return made


def demo_two_factor_lines(users: list[Any]) -> list[str]:
    """What `manage.py demo_logins` prints for the demo coordinators."""
    lines: list[str] = []
    devices = {
        d.user_id: d for d in TOTPDevice.objects.filter(user__in=users, confirmed=True).select_related("user")
    }
    demo_key = hexlify(b32decode(DEMO_TOTP_KEY)).decode()
    with_demo_key = [u for u in users if u.pk in devices and devices[u.pk].key == demo_key]
    if not with_demo_key:
        return lines
    names = ", ".join(u.email.split("@")[0] for u in with_demo_key)
    lines.append(f"  Two-factor authentication ({names}): after the password, a code is asked for.")
    lines.append(
        "    Add this key to an authenticator app (time-based, 6 digits), or open the link on a phone:"
    )
    lines.append(f"      {demo_totp_secret()}")
    for user in with_demo_key:
        lines.append(f"      {devices[user.pk].config_url}")
    lines.append(
        "    No app at hand? Type a recovery code instead (each works once; `make run` adds new ones):"
    )
    for user in with_demo_key:
        codes = StaticToken.objects.filter(device__user=user).order_by("pk").values_list("token", flat=True)
        shown = "  ".join(security.format_recovery_code(c) for c in codes[:RECOVERY_CODES_SHOWN])
        lines.append(f"      {user.email:<20} {shown}")
    return lines
