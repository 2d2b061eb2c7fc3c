"""Factories for reach: activities, target-group estimates and partner tokens."""

from __future__ import annotations

import datetime

import factory

from ouderpartner.network.tests.factories import LocationFactory
from ouderpartner.reach.models import Activity, ActivityKind, TargetGroupEstimate


class ActivityFactory(factory.django.DjangoModelFactory):
    """An activity at a location; organisation, workspace, neighbourhood and district follow the location."""

    class Meta:
        model = Activity

    location = factory.SubFactory(LocationFactory)
    organisation = factory.SelfAttribute("location.organisation")
    workspace = factory.SelfAttribute("location.workspace")
    neighbourhood = factory.SelfAttribute("location.neighbourhood")
    district = factory.LazyAttribute(
        lambda a: (
            None
            if a.location.neighbourhood is None
            else (a.location.neighbourhood.parent or a.location.neighbourhood)
        )
    )
    kind = ActivityKind.PARENT_MEETING
    date = factory.LazyFunction(lambda: datetime.date.today() - datetime.timedelta(days=3))
    parents = 12
    target_group_parents = 7
    first_time_parents = 2
    languages = factory.LazyFunction(lambda: ["nl", "ar"])


class TargetGroupEstimateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TargetGroupEstimate

    neighbourhood = factory.SubFactory("ouderpartner.network.tests.factories.NeighbourhoodFactory")
    workspace = factory.SelfAttribute("neighbourhood.workspace")
    year = 2025
    target_group_toddlers = 40
    target_group_children = 120
