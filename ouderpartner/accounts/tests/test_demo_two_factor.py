"""The demo stays usable with two-factor authentication: `make run` prints the demo coordinators' key
(and an otpauth link) and recovery codes, and both get alice in."""

import re
from base64 import b32decode

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP

from ouderpartner.accounts.demo import DEMO_TOTP_KEY

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings, tmp_path, capsys):
    settings.DEMO_DATA_DIR = str(tmp_path)  # the built-in sample
    call_command("load_demo")
    capsys.readouterr()
    call_command("demo_logins")
    return capsys.readouterr().out


def log_in(client, email, code):
    client.post(reverse("accounts:login"), {"username": email, "password": "ouderpartner-demo"})
    return client.post(reverse("accounts:two_factor_verify"), {"code": code})


def test_the_demo_coordinators_log_in_with_the_printed_key_or_a_recovery_code(demo):
    secret = " ".join(DEMO_TOTP_KEY[i : i + 4] for i in range(0, len(DEMO_TOTP_KEY), 4))
    assert secret in demo
    assert "otpauth://totp/Ouderpartner%3Aalice%40example.org?secret=" + DEMO_TOTP_KEY in demo
    assert "dave@example.org" in demo
    # With the key, as an authenticator app computes it.
    code = f"{TOTP(b32decode(DEMO_TOTP_KEY)).token():06d}"
    response = log_in(Client(), "alice@example.org", code)
    assert response["Location"] == reverse("core:start")
    # With a printed recovery code (dave's line).
    recovery = re.search(r"dave@example.org\s+([a-z2-7]{4} [a-z2-7]{4})", demo).group(1)
    client = Client()
    assert log_in(client, "dave@example.org", recovery)["Location"] == reverse("core:start")
    assert client.get("/w/amersfoort/").status_code == 200
    # A recovery code works once; a second `make run` keeps the key and the unused codes.
    call_command("load_demo")
    assert log_in(Client(), "dave@example.org", recovery).status_code == 200
    code = f"{TOTP(b32decode(DEMO_TOTP_KEY)).token():06d}"
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.filter(user__email="alice@example.org").update(last_t=-1)
    assert log_in(Client(), "alice@example.org", code)["Location"] == reverse("core:start")


def test_the_readme_gives_the_demo_key():
    from django.conf import settings

    from ouderpartner.accounts.demo import demo_totp_secret

    readme = (settings.BASE_DIR / "README.md").read_text(encoding="utf-8")
    assert demo_totp_secret() in readme
    assert f"oathtool --totp -b {DEMO_TOTP_KEY}" in readme
