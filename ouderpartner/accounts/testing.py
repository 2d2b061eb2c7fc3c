"""Test helpers for signing in with the second step (used by conftest.py's fixtures and the tests)."""

from __future__ import annotations

from typing import Any

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from ouderpartner.accounts import security


def totp_device_for(user: Any) -> TOTPDevice | None:
    """The user's confirmed authenticator; one is made for a user who needs two-factor authentication."""
    device = security.confirmed_device(user)
    if device is None and (user.is_staff or security.two_factor_facts(user)["is_coordinator"]):
        device = TOTPDevice.objects.create(user=user, name=security.TOTP_DEVICE_NAME, confirmed=True)
    return device


def totp_code(device: TOTPDevice, *, reset: bool = True) -> str:
    """The code the user's app shows now. With reset, the device forgets the last code used, so that a
    test may log the same user in twice within one 30-second step."""
    if reset:
        device.refresh_from_db()
        device.last_t = -1
        device.throttling_failure_count = 0
        device.throttling_failure_timestamp = None
        device.save(update_fields=["last_t", "throttling_failure_count", "throttling_failure_timestamp"])
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def verify_client_session(client: Any, user: Any) -> None:
    """Mark a test client's session as a real login leaves it: started now (as the login view stamps it)
    and, where a device is needed, past the second step (a device is made if needed)."""
    from ouderpartner.core.models import Membership

    device = totp_device_for(user)
    session = client.session
    security.session_started(session)
    if device is not None:
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    # A member of one workspace is sent there right after logging in, and the first workspace page
    # notes it in the session (written only when it changes, ouderpartner/core/access.py). Tests measure the
    # pages after that, so that counting a page's queries twice gives the same number.
    workspaces = list(Membership.objects.filter(user=user).values_list("workspace__slug", flat=True)[:2])
    if len(workspaces) == 1:
        session.setdefault("last_workspace", workspaces[0])
    session.save()


def log_in_with_code(client: Any, user: Any, password: str) -> Any:
    """Log a test client in through the login form and, when asked for, the second step."""
    from django.urls import reverse

    device = totp_device_for(user)
    response = client.post(reverse("accounts:login"), {"username": user.email, "password": password})
    if device is not None:
        response = client.post(reverse("accounts:two_factor_verify"), {"code": totp_code(device)})
    return response


def sign_in_browser(page: Any, base_url: str, user: Any, password: str) -> None:
    """Sign a Playwright page in through the real login form and, when it asks, the second step (also
    with JavaScript switched off)."""
    device = totp_device_for(user)
    page.goto(f"{base_url}/accounts/login/")
    page.fill("input[name=username]", user.email)
    page.fill("input[name=password]", password)
    page.click("main button[type=submit]")
    page.wait_for_load_state("load")
    if device is not None and "/accounts/two-factor/verify/" in page.url:
        page.fill("input[name=code]", totp_code(device))
        page.click("main form.op-form button[type=submit]")
        page.wait_for_load_state("load")
