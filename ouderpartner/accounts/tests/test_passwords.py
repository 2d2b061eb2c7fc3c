"""Logging in and out, changing a password, resetting it by e-mail."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"
NEW_PASSWORD = "a brand new long passphrase"


def test_it_logs_in_by_email_whatever_the_case(client, carol):
    response = client.post(
        reverse("accounts:login"), {"username": "CAROL@utrecht.example", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert client.get(reverse("core:start"))["Location"] == reverse("core:home", kwargs={"ws": "utrecht"})


def test_it_says_clearly_when_the_login_fails_and_keeps_the_email(client, alice):
    response = client.post(
        reverse("accounts:login"), {"username": "alice@utrecht.example", "password": "wrong"}
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    html = response.content.decode()
    assert 'value="alice@utrecht.example"' in html
    assert reverse("accounts:password_reset") in html


def test_logout_is_a_post(client_for, alice):
    client = client_for(alice)
    assert client.get(reverse("accounts:logout")).status_code == 405
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert client.get(reverse("core:home", kwargs={"ws": "utrecht"})).status_code == 302


def test_it_changes_the_password(client_for, alice):
    client = client_for(alice)
    assert client.get(reverse("accounts:password_change")).status_code == 200
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.check_password(NEW_PASSWORD)


def test_it_refuses_a_new_password_shorter_than_12(client_for, alice):
    response = client_for(alice).post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": "short1!", "new_password2": "short1!"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["new_password2"]


def test_it_sends_a_reset_mail_whose_link_works(client, alice, mailoutbox, settings):
    settings.SITE_URL = "https://ouderpartner.example"
    response = client.post(reverse("accounts:password_reset"), {"email": "alice@utrecht.example"})
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["alice@utrecht.example"]
    assert "\n" not in mail.subject and mail.subject
    link = re.search(r"https://ouderpartner\.example(/accounts/password/reset/\S+/)", mail.body).group(1)
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    assert form_page.context["validlink"]
    set_url = form_page.redirect_chain[-1][0]
    done = client.post(set_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert done.status_code == 302
    alice.refresh_from_db()
    assert alice.check_password(NEW_PASSWORD)
    assert client.get(link, follow=True).context["validlink"] is False


def test_it_says_the_same_for_an_unknown_address(client, db, mailoutbox):
    response = client.post(reverse("accounts:password_reset"), {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert not mailoutbox


def test_the_reset_mail_is_in_the_users_language(client, alice, mailoutbox):
    client.post(reverse("accounts:password_reset"), {"email": alice.email})
    assert "Kies een nieuw wachtwoord" in mailoutbox[-1].subject
    client.cookies["django_language"] = "en"
    client.post(reverse("accounts:password_reset"), {"email": alice.email})
    assert "Choose a new password" in mailoutbox[-1].subject
    assert "Open this link" in mailoutbox[-1].body
