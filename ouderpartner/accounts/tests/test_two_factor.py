"""Two-factor authentication: who must set it up, the second step after the password, recovery codes,
switching it off, and that one middleware covers the pages, the API's session use and the presenter's socket."""

import re

import pytest
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from ouderpartner.accounts import security
from ouderpartner.accounts.testing import totp_code
from ouderpartner.core.models import AuditEvent

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


def password_login(client, user):
    response = client.post(reverse("accounts:login"), {"username": user.email, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:500]
    return response


def confirmed_device(user):
    return TOTPDevice.objects.create(user=user, name="Authenticator", confirmed=True)


def test_a_coordinator_without_an_authenticator_can_do_nothing_before_setting_it_up(client, alice):
    password_login(client, alice)
    for url in [
        reverse("core:start"),
        reverse("core:home", kwargs={"ws": "utrecht"}),
        reverse("core:members", kwargs={"ws": "utrecht"}),
        reverse("accounts:security"),
        reverse("accounts:password_change"),
        "/admin/",
    ]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("accounts:two_factor_setup")), url
    # A form sent anyway is refused too (redirected, nothing saved).
    response = client.post(reverse("core:settings", kwargs={"ws": "utrecht"}), {"name": "Hacked"})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:two_factor_setup")
    # The API with this session answers 403.
    api = client.get("/api/workspaces/utrecht/reach/activities/", HTTP_ACCEPT="application/json")
    assert api.status_code == 403
    # What stays open: the set-up page itself, logging out, the language switch.
    assert client.get(reverse("accounts:two_factor_setup")).status_code == 200


def test_setting_up_shows_a_qr_code_and_the_key_and_confirms_with_a_code(client, alice):
    password_login(client, alice)
    page = client.get(reverse("accounts:two_factor_setup") + "?next=/w/utrecht/members/")
    html = page.content.decode()
    assert "<svg" in html
    device = TOTPDevice.objects.get(user=alice)
    assert not device.confirmed
    assert security.totp_secret(device) in html
    assert device.config_url.startswith("otpauth://totp/Ouderpartner")
    # A wrong code: refused, still unconfirmed, still blocked.
    wrong = client.post(
        reverse("accounts:two_factor_setup"), {"code": "000000", "next": "/w/utrecht/members/"}
    )
    assert wrong.status_code == 200
    assert wrong.context["form"].errors["code"]
    device.refresh_from_db()
    assert not device.confirmed
    # Reloading the page keeps the same key (the app already has it).
    device.throttling_failure_count = 0
    device.save()
    assert security.totp_secret(device) in client.get(reverse("accounts:two_factor_setup")).content.decode()
    response = client.post(
        reverse("accounts:two_factor_setup"),
        {"code": totp_code(device, reset=False), "next": "/w/utrecht/members/"},
    )
    assert response["Location"] == reverse("accounts:recovery_codes")
    device.refresh_from_db()
    assert device.confirmed
    codes_page = client.get(reverse("accounts:recovery_codes"))
    codes = re.findall(r"<code>([a-z2-7]{4} [a-z2-7]{4})</code>", codes_page.content.decode())
    assert len(codes) == 10 == len(set(codes))
    assert codes_page["Cache-Control"] == "no-store"
    assert 'href="/w/utrecht/members/"' in codes_page.content.decode()
    # Shown once.
    assert client.get(reverse("accounts:recovery_codes"))["Location"] == reverse("accounts:security")
    assert client.get(reverse("core:members", kwargs={"ws": "utrecht"})).status_code == 200
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.SECURITY, changes={"two_factor": "set up"}, actor=alice
    ).exists()


def test_after_the_password_a_user_with_an_authenticator_enters_a_code(client, alice):
    device = confirmed_device(alice)
    password_login(client, alice)
    blocked = client.get(reverse("core:members", kwargs={"ws": "utrecht"}))
    assert blocked["Location"] == reverse("accounts:two_factor_verify") + "?next=%2Fw%2Futrecht%2Fmembers%2F"
    assert client.get(reverse("accounts:two_factor_verify")).status_code == 200
    wrong = client.post(reverse("accounts:two_factor_verify"), {"code": "123456"})
    assert wrong.status_code == 200 and wrong.context["form"].errors
    device.refresh_from_db()
    assert device.throttling_failure_count == 1
    response = client.post(
        reverse("accounts:two_factor_verify"),
        {"code": totp_code(device), "next": "/w/utrecht/members/"},
    )
    assert response["Location"] == "/w/utrecht/members/"
    assert client.get("/w/utrecht/members/").status_code == 200
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id


def test_the_second_step_does_not_send_anyone_elsewhere(client, alice):
    device = confirmed_device(alice)
    password_login(client, alice)
    response = client.post(
        reverse("accounts:two_factor_verify"), {"code": totp_code(device), "next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("core:start")


def test_a_code_works_once(client, alice):
    device = confirmed_device(alice)
    password_login(client, alice)
    code = totp_code(device)
    assert client.post(reverse("accounts:two_factor_verify"), {"code": code}).status_code == 302
    client.post(reverse("accounts:logout"))
    password_login(client, alice)
    again = client.post(reverse("accounts:two_factor_verify"), {"code": code})
    assert again.status_code == 200


def test_a_recovery_code_works_once_and_is_audited(client, alice):
    confirmed_device(alice)
    codes = security._new_recovery_codes(alice)
    password_login(client, alice)
    # Typed as shown ("abcd efgh"), in capitals: still accepted.
    shown = security.format_recovery_code(codes[0]).upper()
    response = client.post(reverse("accounts:two_factor_verify"), {"code": shown})
    assert response.status_code == 302
    assert StaticToken.objects.filter(device__user=alice).count() == 9
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.SECURITY, changes__recovery_code="used", actor=alice
    ).exists()
    client.post(reverse("accounts:logout"))
    password_login(client, alice)
    assert client.post(reverse("accounts:two_factor_verify"), {"code": codes[0]}).status_code == 200
    # (django-otp makes the next try wait a second after a wrong code; skip the wait.)
    StaticDevice.objects.filter(user=alice).update(throttling_failure_count=0)
    assert client.post(reverse("accounts:two_factor_verify"), {"code": codes[1]}).status_code == 302


def test_new_recovery_codes_replace_the_old_ones(client_for, alice):
    client = client_for(alice)
    old = security._new_recovery_codes(alice)
    response = client.post(reverse("accounts:recovery_codes_regenerate"))
    assert response["Location"] == reverse("accounts:recovery_codes")
    new = [
        c.replace(" ", "")
        for c in re.findall(r"<code>([a-z2-7 ]{9})</code>", client.get(response["Location"]).content.decode())
    ]
    assert len(new) == 10
    tokens = set(StaticToken.objects.filter(device__user=alice).values_list("token", flat=True))
    assert tokens == set(new)
    assert not tokens & set(old)


def test_switching_off_asks_for_the_password_and_signs_out_other_sessions(client_for, alice, client):
    from django.test import Client

    other = Client()
    other.force_login(alice)
    assert other.get(reverse("core:home", kwargs={"ws": "utrecht"})).status_code == 200
    me = client_for(alice)
    wrong = me.post(reverse("accounts:two_factor_disable"), {"password": "not it"})
    assert wrong.status_code == 400
    assert TOTPDevice.objects.filter(user=alice).exists()
    response = me.post(reverse("accounts:two_factor_disable"), {"password": PASSWORD})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=alice).exists()
    # The other session has ended; this one goes on, but a coordinator must set it up again.
    assert other.get(reverse("core:home", kwargs={"ws": "utrecht"}))["Location"].startswith(
        reverse("accounts:login")
    )
    assert me.get(reverse("core:home", kwargs={"ws": "utrecht"}))["Location"].startswith(
        reverse("accounts:two_factor_setup")
    )
    assert AuditEvent.objects.filter(changes={"two_factor": "switched off"}).count() == 1


def test_others_may_do_without_and_see_a_notice_they_can_dismiss(client, carol):
    password_login(client, carol)
    home = client.get(reverse("core:home", kwargs={"ws": "utrecht"}))
    assert home.status_code == 200
    html = home.content.decode()
    assert reverse("accounts:two_factor_nudge_dismiss") in html
    client.post(reverse("accounts:two_factor_nudge_dismiss"), {"next": "/w/utrecht/"})
    assert reverse("accounts:two_factor_nudge_dismiss") not in client.get("/w/utrecht/").content.decode()


def test_a_workspace_can_require_it_of_everyone(client, carol, utrecht, amersfoort):
    from ouderpartner.core.tests.factories import MembershipFactory

    MembershipFactory(user=carol, workspace=amersfoort, role="viewer")
    utrecht.require_two_factor = True
    utrecht.save()
    password_login(client, carol)
    # Utrecht is closed to her until she sets it up; Amersfoort (which does not require it) is open.
    assert client.get("/w/utrecht/")["Location"].startswith(reverse("accounts:two_factor_setup"))
    assert client.get("/w/amersfoort/").status_code == 200
    assert client.get(reverse("accounts:security")).status_code == 200


def test_the_workspace_setting_is_on_the_settings_form(client_for, alice, utrecht):
    client = client_for(alice)
    page = client.get(reverse("core:settings", kwargs={"ws": "utrecht"}))
    assert 'name="require_two_factor"' in page.content.decode()


def test_partner_tokens_are_not_affected(alice, utrecht, school):
    """Machine access with a partner token has no session: no second step, even for a token a
    coordinator without an authenticator made."""
    from rest_framework.test import APIClient

    from ouderpartner.reach import services as reach_services

    secret = reach_services.partner_token_create(
        workspace=utrecht, actor=alice, organisation=school, name="LVS"
    )[1]
    assert not TOTPDevice.objects.filter(user=alice).exists()
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert api.get("/api/workspaces/utrecht/reach/activities/").status_code == 200


def test_the_login_is_audited_in_each_workspace_of_the_user(client, carol, amersfoort):
    from ouderpartner.core.tests.factories import MembershipFactory

    MembershipFactory(user=carol, workspace=amersfoort, role="viewer")
    password_login(client, carol)
    events = AuditEvent.objects.filter(action=AuditEvent.Action.LOGIN, actor=carol)
    assert sorted(e.workspace.slug for e in events) == ["amersfoort", "utrecht"]


def test_admin_users_need_it_too(client, db):
    from ouderpartner.core.tests.factories import UserFactory

    admin = UserFactory(email="root@example.org", is_staff=True, is_superuser=True)
    password_login(client, admin)
    assert client.get("/admin/")["Location"].startswith(reverse("accounts:two_factor_setup"))
