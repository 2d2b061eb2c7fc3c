"""The demo's self-scans: two by Utrecht's coordinator a year apart showing progress, one by a school;
a second run adds nothing."""

from __future__ import annotations

import pytest

from ouderpartner.core.demo import policy_scan
from ouderpartner.core.models import Role
from ouderpartner.core.tests.factories import MembershipFactory, UserFactory
from ouderpartner.network.tests.factories import OrganisationFactory
from ouderpartner.policy.models import SelfScan
from ouderpartner.policy.scan_services import latest_scan_profile

pytestmark = pytest.mark.django_db


def test_the_demo_scans_show_progress_and_load_once(utrecht):
    school = OrganisationFactory(workspace=utrecht, name="Basisschool De Kleine Prins", brin="15RL")
    alice = UserFactory(email="alice@example.org")
    MembershipFactory(user=alice, workspace=utrecht, role=Role.COORDINATOR)
    bob = UserFactory(email="bob@example.org")
    MembershipFactory(user=bob, workspace=utrecht, role=Role.PROFESSIONAL, organisation=school)

    assert policy_scan.load(utrecht).startswith("3 self-scans")
    assert policy_scan.load(utrecht) == ""
    assert SelfScan.objects.filter(completed_at__isnull=False).count() == 3

    result = latest_scan_profile(workspace=utrecht)
    assert result.scan.started_by == alice and result.previous is not None
    assert (result.scan.completed_at - result.previous.completed_at).days >= 350
    directions = {change.key: change.direction for change in result.comparison.sections}
    assert all(directions[key] == "up" for key in ("level-1", "level-2", "level-3"))
    assert result.comparison.resolved  # some guidance is no longer needed
    level_3 = next(change for change in result.comparison.sections if change.key == "level-3")
    assert (level_3.before.phase, level_3.after.phase) == ("starting", "developing")

    school_result = latest_scan_profile(workspace=utrecht, organisation=school)
    assert school_result.scan.started_by == bob and school_result.comparison is None
    assert school_result.profile.section("integral").phase == "starting"
    assert school_result.profile.section("integral").dont_know == 1
