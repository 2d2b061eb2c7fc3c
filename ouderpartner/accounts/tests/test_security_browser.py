"""Sign-in security in a real browser, with axe-core on every page: a coordinator sets up two-factor
authentication (with a code computed from the key the page shows), saves the recovery codes, logs in
again with a code and with a recovery code (which works once); the account page; the locked-out page."""

import re
from base64 import b32decode

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery staple"


def code_for(secret: str) -> str:
    key = b32decode(secret.replace(" ", "") + "=" * (-len(secret.replace(" ", "")) % 8))
    return f"{TOTP(key).token():06d}"


def password_step(page, user):
    page.goto(f"{page.base_url}/accounts/login/")
    page.fill("input[name=username]", user.email)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_load_state("networkidle")


def log_out(page):
    page.context.clear_cookies()


def test_a_coordinator_sets_up_two_factor_and_logs_in_with_a_code_and_a_recovery_code(page, alice, axe):
    password_step(page, alice)
    # Straight to the set-up: nothing else opens first.
    assert "/accounts/two-factor/set-up/" in page.url
    assert page.locator(".op-qr svg").count() == 1
    axe(page, context="two-factor set-up")
    page.goto(f"{page.base_url}/w/utrecht/members/")
    assert "/accounts/two-factor/set-up/" in page.url
    secret = page.inner_text("#totp-secret")
    assert re.fullmatch(r"[A-Z2-7 ]+", secret)
    # A wrong code first: an error, accessible.
    page.fill("input[name=code]", "000000")
    page.click("main form.op-form button[type=submit]")
    page.wait_for_selector("#error-summary")
    axe(page, context="two-factor set-up with an error")
    TOTPDevice.objects.filter(user=alice).update(throttling_failure_count=0)
    page.fill("input[name=code]", code_for(secret))
    page.click("main form.op-form button[type=submit]")
    page.wait_for_url("**/two-factor/recovery-codes/")
    codes = [c.strip() for c in page.locator("#recovery-codes code").all_inner_texts()]
    assert len(codes) == 10
    axe(page, context="recovery codes")
    page.click("main a.utrecht-button-link--primary-action")
    page.wait_for_url("**/w/utrecht/members/")

    # The account page.
    page.goto(f"{page.base_url}/accounts/security/")
    assert "10" in page.inner_text("main")
    axe(page, context="account security")

    # Next login: the code from the app.
    log_out(page)
    TOTPDevice.objects.filter(user=alice).update(last_t=-1)
    password_step(page, alice)
    assert "/accounts/two-factor/verify/" in page.url
    axe(page, context="two-factor verify")
    page.fill("input[name=code]", code_for(secret))
    page.click("main form.op-form button[type=submit]")
    page.wait_for_url("**/w/utrecht/")

    # And a recovery code, which works once.
    for attempt in ("first", "second"):
        log_out(page)
        password_step(page, alice)
        page.fill("input[name=code]", codes[0])
        page.click("main form.op-form button[type=submit]")
        page.wait_for_load_state("networkidle")
        if attempt == "first":
            assert page.url.endswith("/w/utrecht/")
            assert "herstelcode" in page.inner_text(".op-messages")
        else:
            assert "/accounts/two-factor/verify/" in page.url
            assert page.locator("#error-summary").count() == 1


def test_a_professional_sees_the_notice_and_the_account_page(page, login, bob, axe):
    login(bob)
    page.goto(f"{page.base_url}/w/utrecht/")
    notice = page.locator(".op-two-factor-nudge")
    assert notice.count() == 1
    axe(page, context="home with the two-factor notice")
    notice.locator("button").click()
    page.wait_for_load_state("networkidle")
    assert page.locator(".op-two-factor-nudge").count() == 0
    page.goto(f"{page.base_url}/accounts/security/")
    assert page.locator("text=Tweestapsverificatie instellen").count() == 1
    axe(page, context="account security without two-factor")


def test_the_locked_out_page(page, carol, axe):
    for _ in range(10):
        page.goto(f"{page.base_url}/accounts/login/")
        page.fill("input[name=username]", carol.email)
        page.fill("input[name=password]", "wrong password")
        page.click("main button[type=submit]")
        page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text() == "Te veel pogingen"
    axe(page, context="locked out")
