"""The demo's reach: two school years of activities across Utrecht's partners, visibly different reach per
district, some small groups, estimates per district from CBS counts; running the demo twice changes nothing."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command
from django.db.models import Count, F, Sum

from ouderpartner.core.models import Workspace
from ouderpartner.reach.models import Activity, ActivityLanguage, PartnerToken, TargetGroupEstimate

pytestmark = pytest.mark.django_db


@pytest.fixture
def builtin_sample(settings, tmp_path):
    settings.DEMO_DATA_DIR = str(tmp_path)  # an empty folder: no real data at hand


def test_the_demo_has_two_school_years_of_activities_with_different_reach_per_district(builtin_sample):
    call_command("load_demo")
    utrecht = Workspace.objects.get(slug="utrecht")
    activities = Activity.objects.filter(workspace=utrecht)
    assert activities.count() > 500
    assert activities.order_by("date").first().date <= datetime.date(2024, 9, 9)
    assert activities.values("organisation").distinct().count() >= 5
    assert not activities.filter(district__isnull=True).exists()
    assert not activities.filter(target_group_parents__gt=F("parents")).exists()
    per_district = {
        row["district__code"]: row["target"] / row["parents"]
        for row in activities.values("district__code").annotate(
            target=Sum("target_group_parents"), parents=Sum("parents")
        )
    }
    assert len(per_district) >= 4
    assert max(per_district.values()) > 3 * min(per_district.values()), per_district
    small = activities.values("location").annotate(n=Sum("parents"), count=Count("id")).order_by("n").first()
    assert small["n"] / small["count"] < 5, "some places have groups small enough to be suppressed"
    assert ActivityLanguage.objects.filter(workspace=utrecht).values("language").distinct().count() >= 3
    assert set(activities.values_list("source", flat=True).distinct()) == {"form", "xlsx", "api"}
    estimates = TargetGroupEstimate.objects.filter(workspace=utrecht)
    assert estimates.filter(source="cbs_share", share_percent__isnull=False).count() >= 10
    assert estimates.values("year").distinct().count() >= 2
    assert not PartnerToken.objects.exists()  # tokens are secrets: none in the demo

    before = (Activity.objects.count(), TargetGroupEstimate.objects.count(), ActivityLanguage.objects.count())
    call_command("load_demo")
    assert (
        Activity.objects.count(),
        TargetGroupEstimate.objects.count(),
        ActivityLanguage.objects.count(),
    ) == before
