"""Account pages in a real browser: axe-core checks and invitation acceptance walked through."""

import pytest
from django.utils import translation

from ouderpartner.accounts.services import invitation_create
from ouderpartner.core.models import Membership, Role

pytestmark = pytest.mark.browser


def test_the_login_page_is_accessible_also_with_an_error(page, alice, axe):
    page.goto(f"{page.base_url}/accounts/login/")
    axe(page, context="login")
    page.fill("input[name=username]", alice.email)
    page.fill("input[name=password]", "wrong password")
    page.click("main button[type=submit]")
    page.wait_for_selector("#error-summary")
    assert page.input_value("input[name=username]") == alice.email
    axe(page, context="login with error")


def test_the_password_reset_pages_are_accessible(page, alice, axe):
    page.goto(f"{page.base_url}/accounts/password/reset/")
    axe(page, context="password reset")
    page.fill("input[name=email]", alice.email)
    page.click("main button[type=submit]")
    page.wait_for_url("**/password/reset/sent/")
    axe(page, context="password reset sent")


def test_the_password_change_page_is_accessible(page, login, alice, axe):
    login(alice)
    page.goto(f"{page.base_url}/accounts/password/change/")
    axe(page, context="password change")


def test_a_new_user_accepts_an_invitation_in_the_browser(page, alice, utrecht, axe):
    with translation.override("nl"):
        invitation = invitation_create(
            workspace=utrecht, email="erik@utrecht.example", role=Role.VIEWER, invited_by=alice
        )
    page.goto(f"{page.base_url}/accounts/invitation/{invitation.token}/")
    axe(page, context="accept invitation")
    page.fill("input[name=name]", "Erik Visser")
    page.fill("input[name=password1]", "kort")
    page.fill("input[name=password2]", "kort")
    page.click("main button[type=submit]")
    page.wait_for_selector("#error-summary")
    assert page.input_value("input[name=name]") == "Erik Visser"
    axe(page, context="accept invitation with error")
    page.fill("input[name=password1]", "correct horse battery staple")
    page.fill("input[name=password2]", "correct horse battery staple")
    page.click("main button[type=submit]")
    page.wait_for_url(f"{page.base_url}/w/utrecht/")
    assert page.locator("h1").inner_text() == "Gemeente Utrecht"
    assert Membership.objects.filter(user__email="erik@utrecht.example", workspace=utrecht).exists()
    axe(page, context="home after joining")


def test_an_unusable_invitation_page_is_accessible(page, db, axe):
    page.goto(f"{page.base_url}/accounts/invitation/no-such-token/")
    axe(page, context="unknown invitation")


def test_a_password_is_reset_through_the_mailed_link(page, alice, axe, mailoutbox):
    page.goto(f"{page.base_url}/accounts/password/reset/")
    page.fill("input[name=email]", alice.email)
    page.click("main button[type=submit]")
    page.wait_for_url("**/password/reset/sent/")
    link = next(
        line for line in mailoutbox[0].body.splitlines() if "/accounts/password/reset/" in line
    ).strip()
    page.goto(page.base_url + link[link.index("/accounts/") :])
    page.wait_for_selector("input[name=new_password1]")
    axe(page, context="choose a new password")
    page.fill("input[name=new_password1]", "a brand new long passphrase")
    page.fill("input[name=new_password2]", "a brand new long passphrase")
    page.click("main button[type=submit]")
    page.wait_for_url("**/password/reset/complete/")
    axe(page, context="password reset complete")
    alice.refresh_from_db()
    assert alice.check_password("a brand new long passphrase")


def test_a_changed_password_is_confirmed(page, login, alice, axe):
    login(alice)
    page.goto(f"{page.base_url}/accounts/password/change/")
    page.fill("input[name=old_password]", "correct horse battery staple")
    page.fill("input[name=new_password1]", "another long passphrase here")
    page.fill("input[name=new_password2]", "another long passphrase here")
    page.click("main button[type=submit]")
    page.wait_for_url("**/password/change/done/")
    axe(page, context="password change done")
