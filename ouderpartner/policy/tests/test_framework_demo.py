"""The demo's framework part: Utrecht's framework in consultation with two saved versions, idempotent."""

from __future__ import annotations

import pytest

from ouderpartner.core.demo import policy_framework
from ouderpartner.policy import selectors
from ouderpartner.policy.models import Endorsement, PolicyFramework

pytestmark = pytest.mark.django_db


def test_the_demo_framework_is_in_consultation_with_versions_that_differ(utrecht, school):
    from ouderpartner.programmes.setup import programmes_setup

    programmes_setup(workspace=utrecht)
    school.brin = "15RL"
    school.save()
    assert policy_framework.load(utrecht)
    framework = PolicyFramework.objects.get(workspace=utrecht)
    assert framework.status == PolicyFramework.Status.CONSULTATION
    assert {a.level for a in framework.ambitions.all()} == {1, 2, 3}
    assert framework.ambitions.count() == 7
    for ambition in framework.ambitions.all():
        assert set(ambition.parent_title) == {"nl", "en", "ar", "tr"}
        assert set(ambition.parent_text) == {"nl", "en", "ar", "tr"}
    first, second = framework.versions.order_by("number")
    diff = selectors.version_diff(first.snapshot, second.snapshot)
    assert len(diff.added) == 2 and diff.changed and diff.fields
    assert list(framework.partners.all()) == [school]
    assert Endorsement.objects.filter(organisation=school).count() == 2
    # A second run adds nothing.
    assert policy_framework.load(utrecht) == ""
    assert PolicyFramework.objects.count() == 1
    assert Endorsement.objects.count() == 2
