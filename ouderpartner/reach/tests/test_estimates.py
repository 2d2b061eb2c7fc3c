"""Target-group estimates: entered by hand, or CBS child counts times a share, with the source recorded."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from ouderpartner.core.models import AuditEvent
from ouderpartner.network.tests.factories import NeighbourhoodFactory
from ouderpartner.reach import services
from ouderpartner.reach.models import TargetGroupEstimate

pytestmark = pytest.mark.django_db


def test_derived_from_cbs_child_counts_times_the_share(utrecht, alice):
    area = NeighbourhoodFactory(workspace=utrecht, children_0_14=1500, year=2024)
    NeighbourhoodFactory(workspace=utrecht, children_0_14=None)  # no CBS figure: skipped
    [estimate] = services.estimates_derive(
        workspace=utrecht, actor=alice, year=2025, share_percent=Decimal("20")
    )
    # 1500 / 15 = 100 per year group; toddlers 1.5 groups, children 8 groups; 20%.
    assert (estimate.target_group_toddlers, estimate.target_group_children) == (30, 160)
    assert estimate.source == "cbs_share" and estimate.share_percent == Decimal("20")
    assert "2024" in estimate.source_note and "20" in estimate.source_note
    assert estimate.neighbourhood == area
    assert AuditEvent.objects.filter(object_type="targetgroupestimate", action="create").exists()


def test_an_entered_estimate_is_kept_when_deriving_unless_asked(utrecht, alice):
    area = NeighbourhoodFactory(workspace=utrecht, children_0_14=1500)
    services.estimate_save(
        workspace=utrecht,
        actor=alice,
        neighbourhood=area,
        year=2025,
        target_group_toddlers=44,
        source_note="GGD",
    )
    assert services.estimates_derive(workspace=utrecht, actor=alice, year=2025, share_percent=10) == []
    assert TargetGroupEstimate.objects.get().target_group_toddlers == 44
    services.estimates_derive(
        workspace=utrecht, actor=alice, year=2025, share_percent=10, replace_entered=True
    )
    assert TargetGroupEstimate.objects.get().target_group_toddlers == 15
    assert TargetGroupEstimate.objects.count() == 1


@pytest.mark.parametrize("share", [Decimal("-1"), Decimal("100.5")])
def test_a_share_outside_0_to_100_is_refused(utrecht, alice, share):
    NeighbourhoodFactory(workspace=utrecht)
    with pytest.raises(ValidationError):
        services.estimates_derive(workspace=utrecht, actor=alice, year=2025, share_percent=share)
    assert not TargetGroupEstimate.objects.exists()


def test_bad_entered_estimates_are_refused(utrecht, amersfoort, alice):
    with pytest.raises(ValidationError):
        services.estimate_save(
            workspace=utrecht,
            actor=alice,
            neighbourhood=NeighbourhoodFactory(workspace=utrecht),
            year=2025,
            target_group_toddlers=-5,
        )
    with pytest.raises(ValidationError):
        services.estimate_save(
            workspace=utrecht,
            actor=alice,
            neighbourhood=NeighbourhoodFactory(workspace=amersfoort),
            year=2025,
            target_group_toddlers=5,
        )
    with pytest.raises(ValidationError):
        services.estimate_save(
            workspace=utrecht,
            actor=alice,
            neighbourhood=NeighbourhoodFactory(workspace=utrecht),
            year=1850,
            target_group_toddlers=5,
        )
    assert not TargetGroupEstimate.objects.exists()


def test_delete_is_audited(utrecht, alice):
    estimate = services.estimate_save(
        workspace=utrecht,
        actor=alice,
        neighbourhood=NeighbourhoodFactory(workspace=utrecht),
        year=2025,
        target_group_toddlers=5,
    )
    services.estimate_delete(estimate=estimate, actor=alice)
    assert not TargetGroupEstimate.objects.exists()
    assert AuditEvent.objects.filter(object_type="targetgroupestimate", action="delete").exists()
