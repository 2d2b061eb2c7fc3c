"""The database itself refuses impossible counts and a reused reference, whatever code writes them."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from ouderpartner.network.tests.factories import LocationFactory, NeighbourhoodFactory
from ouderpartner.reach.models import TargetGroupEstimate
from ouderpartner.reach.tests.factories import ActivityFactory, TargetGroupEstimateFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "counts",
    [
        {"parents": 5, "target_group_parents": 6},
        {"parents": 5, "first_time_parents": 6},
    ],
)
def test_it_refuses_subgroups_larger_than_the_total(counts):
    with pytest.raises(IntegrityError), transaction.atomic():
        ActivityFactory(**counts)


def test_it_refuses_an_end_date_before_the_date():
    import datetime

    with pytest.raises(IntegrityError), transaction.atomic():
        ActivityFactory(date=datetime.date(2025, 3, 1), end_date=datetime.date(2025, 2, 28))


def test_an_external_reference_is_used_once_per_organisation_only():
    first = ActivityFactory(external_reference="ABC-1")
    ActivityFactory(external_reference="ABC-1")  # another organisation: fine
    ActivityFactory(location=LocationFactory(organisation=first.organisation), external_reference="")
    ActivityFactory(location=LocationFactory(organisation=first.organisation), external_reference="")
    with pytest.raises(IntegrityError), transaction.atomic():
        ActivityFactory(location=LocationFactory(organisation=first.organisation), external_reference="ABC-1")


def test_an_estimate_is_once_per_neighbourhood_and_year_and_a_cbs_estimate_has_its_share():
    estimate = TargetGroupEstimateFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        TargetGroupEstimateFactory(neighbourhood=estimate.neighbourhood, year=estimate.year)
    with pytest.raises(IntegrityError), transaction.atomic():
        TargetGroupEstimateFactory(
            neighbourhood=NeighbourhoodFactory(),
            source=TargetGroupEstimate.Source.CBS_SHARE,
            share_percent=None,
        )
