"""Management pages in a real browser, each checked with axe-core."""

import pytest

from ouderpartner.accounts.services import invitation_create
from ouderpartner.core.audit import audit_record
from ouderpartner.core.models import AuditEvent, Role

pytestmark = pytest.mark.browser


def test_the_members_page_and_invite_error_are_accessible(page, login, alice, bob, carol, utrecht, axe):
    invitation_create(workspace=utrecht, email="erik@utrecht.example", role=Role.VIEWER, invited_by=alice)
    login(alice)
    page.goto(f"{page.base_url}/w/utrecht/members/")
    axe(page, context="members")
    page.fill("input[name=email]", "frank@utrecht.example")
    page.select_option("select[name=role]", "professional")
    page.click("form[aria-labelledby=invite] button[type=submit]")
    page.wait_for_selector("#error-summary")
    assert page.input_value("input[name=email]") == "frank@utrecht.example"
    axe(page, context="members with invite error")


def test_the_member_edit_and_remove_pages_are_accessible(page, login, alice, carol, axe):
    login(alice)
    membership = carol.memberships.get()
    page.goto(f"{page.base_url}/w/utrecht/members/?member={membership.pk}")
    axe(page, context="member edit")
    page.goto(f"{page.base_url}/w/utrecht/members/?member={membership.pk}&remove=1")
    axe(page, context="member remove")


def test_the_settings_page_is_accessible_also_with_an_error(page, login, alice, axe):
    login(alice)
    page.goto(f"{page.base_url}/w/utrecht/settings/")
    axe(page, context="settings")
    page.fill("input[name=primary_colour]", "#FFFF00")
    page.click("main form button[type=submit]")
    page.wait_for_selector("#error-summary")
    assert page.input_value("input[name=primary_colour]") == "#FFFF00"
    axe(page, context="settings with error")


def test_the_audit_page_is_accessible(page, login, alice, utrecht, axe):
    for n in range(55):
        audit_record(workspace=utrecht, actor=alice, action=AuditEvent.Action.CREATE, object_repr=f"Ding {n}")
    login(alice)
    page.goto(f"{page.base_url}/w/utrecht/audit/")
    axe(page, context="audit trail")
    page.goto(f"{page.base_url}/w/utrecht/audit/?action=create&page=2")
    axe(page, context="audit trail page 2")
