"""Sessions: cookie flags, the idle timeout (60 minutes), the absolute timeout (12 hours), signing out
everywhere."""

import datetime

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from freezegun import freeze_time

from ouderpartner.core.models import AuditEvent

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"
HOME = "/w/utrecht/"


def log_in(client, user):
    response = client.post(reverse("accounts:login"), {"username": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return response


def test_the_session_cookie_is_httponly_samesite_and_short_lived(client, carol):
    response = log_in(client, carol)
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    assert int(cookie["max-age"]) == 12 * 60 * 60
    assert settings.SESSION_COOKIE_SECURE == settings.SECURE_COOKIES
    assert settings.CSRF_COOKIE_SECURE == settings.SECURE_COOKIES


def test_the_cookies_are_secure_in_production(monkeypatch):
    """SECURE_COOKIES=1 (production, behind HTTPS) makes the session and CSRF cookies Secure."""
    import importlib

    import config.settings as module

    monkeypatch.setenv("SECURE_COOKIES", "1")
    try:
        reloaded = importlib.reload(module)
        assert reloaded.SESSION_COOKIE_SECURE is True
        assert reloaded.CSRF_COOKIE_SECURE is True
        assert reloaded.LANGUAGE_COOKIE_SECURE is True
    finally:
        monkeypatch.delenv("SECURE_COOKIES")
        importlib.reload(module)


def test_sixty_minutes_without_activity_sign_out(client, carol):
    with freeze_time("2026-03-02 09:00:00") as clock:
        log_in(client, carol)
        clock.tick(datetime.timedelta(minutes=59))
        assert client.get(HOME).status_code == 200
        # Activity moved the clock: another 59 minutes are fine.
        clock.tick(datetime.timedelta(minutes=59))
        assert client.get(HOME).status_code == 200
        clock.tick(datetime.timedelta(minutes=61))
        response = client.get(HOME)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))
        login_page = client.get(response["Location"])
        assert "60" in login_page.content.decode()
        assert "_auth_user_id" not in client.session


def test_twelve_hours_after_logging_in_the_session_ends_however_busy(client, carol):
    with freeze_time("2026-03-02 07:00:00") as clock:
        log_in(client, carol)
        for _ in range(23):
            clock.tick(datetime.timedelta(minutes=30))
            assert client.get(HOME).status_code == 200
        clock.tick(datetime.timedelta(minutes=31))
        response = client.get(HOME)
        assert response["Location"].startswith(reverse("accounts:login"))
        assert "12" in client.get(response["Location"]).content.decode()


def test_sign_out_everywhere_ends_the_other_sessions_too(carol):
    laptop, phone = Client(), Client()
    log_in(laptop, carol)
    log_in(phone, carol)
    assert phone.get(HOME).status_code == 200
    assert laptop.get(reverse("accounts:security")).status_code == 200
    response = laptop.post(reverse("accounts:sign_out_everywhere"))
    assert response["Location"] == reverse("accounts:login")
    assert phone.get(HOME)["Location"].startswith(reverse("accounts:login"))
    assert laptop.get(HOME)["Location"].startswith(reverse("accounts:login"))
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.SECURITY, changes={"sessions": "signed out everywhere"}
    ).exists()
    # Logging in again works.
    log_in(phone, carol)
    assert phone.get(HOME).status_code == 200


def test_sign_out_everywhere_is_a_post(client_for, carol):
    assert client_for(carol).get(reverse("accounts:sign_out_everywhere")).status_code == 405


def test_a_session_from_before_the_upgrade_keeps_working(client, carol):
    """Until a user signs out everywhere, the session hash is Django's own."""
    from django.contrib.auth.base_user import AbstractBaseUser

    assert carol.get_session_auth_hash() == AbstractBaseUser._get_session_auth_hash(carol)
