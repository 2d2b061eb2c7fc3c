"""Reads of the network; every selector takes the workspace first."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from ouderpartner.core.models import Workspace
from ouderpartner.network.models import Location, Neighbourhood, Organisation, Partnership


def network_summary(*, workspace: Workspace) -> dict[str, int]:
    """Counts for the home dashboard, in three queries."""
    organisations = Organisation.objects.filter(workspace=workspace, archived_at__isnull=True).aggregate(
        partners=Count("id")
    )
    locations = Location.objects.filter(workspace=workspace, archived_at__isnull=True).aggregate(
        locations=Count("id"),
        trusted_places=Count("id", filter=Q(is_trusted_place=True)),
        without_neighbourhood=Count("id", filter=Q(neighbourhood__isnull=True)),
    )
    neighbourhoods = Neighbourhood.objects.filter(workspace=workspace).aggregate(
        districts=Count("id", filter=Q(level=Neighbourhood.Level.DISTRICT)),
        areas=Count("id", filter=Q(level=Neighbourhood.Level.AREA)),
    )
    neighbourhoods["partnerships"] = Partnership.objects.filter(
        workspace=workspace, archived_at__isnull=True
    ).count()
    return {**organisations, **locations, **neighbourhoods}


def organisations_for(*, workspace: Workspace, include_archived: bool = False) -> QuerySet[Organisation]:
    qs = Organisation.objects.filter(workspace=workspace)
    return qs if include_archived else qs.filter(archived_at__isnull=True)
