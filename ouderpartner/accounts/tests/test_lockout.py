"""Lockout (django-axes): 10 failed logins for one e-mail address from one IP address block that pair
for an hour; the address is read through the trusted proxies; the page says so in Dutch and English."""

import datetime

import pytest
from django.test import Client, override_settings
from django.urls import reverse
from freezegun import freeze_time

from ouderpartner.core.models import AuditEvent

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"
LOGIN = "/accounts/login/"


def attempt(client, email, password="wrong password", **extra):
    return client.post(LOGIN, {"username": email, "password": password}, **extra)


def fail(client, email, times, **extra):
    for _ in range(times):
        assert attempt(client, email, **extra).status_code == 200


def lock(client, email, **extra):
    fail(client, email, 9, **extra)
    assert attempt(client, email, **extra).status_code == 429


def test_ten_failures_lock_the_account_from_that_address_for_an_hour(carol):
    client = Client(REMOTE_ADDR="198.51.100.7")
    with freeze_time("2026-03-02 09:00:00") as clock:
        fail(client, carol.email, 9)
        # The tenth failure locks; from then on even the right password is refused.
        locked = attempt(client, carol.email)
        assert locked.status_code == 429
        assert attempt(client, carol.email, PASSWORD).status_code == 429
        clock.tick(datetime.timedelta(minutes=59))
        assert attempt(client, carol.email, PASSWORD).status_code == 429


def test_after_an_hour_without_attempts_the_lock_is_gone(carol):
    client = Client(REMOTE_ADDR="198.51.100.7")
    with freeze_time("2026-03-02 09:00:00") as clock:
        lock(client, carol.email)
        clock.tick(datetime.timedelta(minutes=61))
        assert attempt(client, carol.email, PASSWORD).status_code == 302


def test_the_lock_is_per_address_and_per_user(carol, bob):
    attacker = Client(REMOTE_ADDR="198.51.100.7")
    lock(attacker, carol.email)
    assert attempt(attacker, carol.email, PASSWORD).status_code == 429
    # The same person from another address, and another user from the attacker's address, go on.
    assert attempt(Client(REMOTE_ADDR="203.0.113.9"), carol.email, PASSWORD).status_code == 302
    assert attempt(attacker, bob.email, PASSWORD).status_code == 302


def test_a_success_before_the_limit_starts_the_count_again(carol):
    client = Client(REMOTE_ADDR="198.51.100.7")
    fail(client, carol.email, 9)
    assert attempt(client, carol.email, PASSWORD).status_code == 302
    client.post(reverse("accounts:logout"))
    fail(client, carol.email, 9)
    assert attempt(client, carol.email, PASSWORD).status_code == 302


def test_the_email_address_counts_whatever_its_case(carol):
    client = Client(REMOTE_ADDR="198.51.100.7")
    for i in range(10):
        attempt(client, carol.email.upper() if i % 2 else carol.email)
    assert attempt(client, carol.email, PASSWORD).status_code == 429


@override_settings(TRUSTED_PROXIES=["10.0.0.1"])
def test_behind_a_trusted_proxy_the_forwarded_client_address_counts(carol):
    proxy = Client(REMOTE_ADDR="10.0.0.1")
    lock(proxy, carol.email, HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert attempt(proxy, carol.email, PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.7").status_code == 429
    # Another client behind the same proxy is not locked out.
    assert attempt(proxy, carol.email, PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.9").status_code == 302


def test_a_forged_forwarded_header_changes_nothing_without_a_trusted_proxy(carol):
    client = Client(REMOTE_ADDR="198.51.100.7")
    for i in range(10):
        attempt(client, carol.email, HTTP_X_FORWARDED_FOR=f"192.0.2.{i}")
    assert attempt(client, carol.email, PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.200").status_code == 429


@pytest.mark.parametrize(
    ("language", "text"),
    [("nl", "Te veel pogingen"), ("en", "Too many attempts")],
)
def test_the_locked_out_page_explains_in_the_users_language(carol, language, text):
    client = Client(REMOTE_ADDR="198.51.100.7", HTTP_ACCEPT_LANGUAGE=language)
    fail(client, carol.email, 9)
    page = attempt(client, carol.email)
    assert page.status_code == 429
    html = page.content.decode()
    assert text in html
    assert "60" in html
    assert reverse("accounts:password_reset") in html


def test_failed_logins_and_the_lockout_are_audited(carol):
    client = Client(REMOTE_ADDR="198.51.100.7")
    fail(client, carol.email, 9)
    attempt(client, carol.email)
    failed = AuditEvent.objects.filter(action=AuditEvent.Action.LOGIN_FAILED, workspace__slug="utrecht")
    assert failed.count() == 9
    assert {e.actor_id for e in failed} == {None}
    assert failed.first().object_repr == carol.email
    assert AuditEvent.objects.filter(action=AuditEvent.Action.LOCKOUT, object_repr=carol.email).count() == 1


def test_an_unknown_address_is_locked_out_too_without_audit(db):
    client = Client(REMOTE_ADDR="198.51.100.7")
    fail(client, "nobody@example.org", 9)
    assert attempt(client, "nobody@example.org").status_code == 429
    assert not AuditEvent.objects.exists()


def test_the_invitation_login_counts_towards_the_lock(carol, alice, utrecht):
    from ouderpartner.accounts.services import invitation_create
    from ouderpartner.core.tests.factories import WorkspaceFactory

    other = WorkspaceFactory(slug="zeist", name="Zeist")
    from ouderpartner.core.tests.factories import MembershipFactory

    MembershipFactory(user=alice, workspace=other, role="coordinator")
    invitation = invitation_create(workspace=other, email=carol.email, role="viewer", invited_by=alice)
    client = Client(REMOTE_ADDR="198.51.100.7")
    path = reverse("accounts:invitation_accept", kwargs={"token": invitation.token})
    for _ in range(10):
        client.post(path, {"password": "wrong password"})
    assert attempt(client, carol.email, PASSWORD).status_code == 429
