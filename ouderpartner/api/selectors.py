"""Reads the API needs beyond the network selectors; every selector takes the workspace first."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet, Subquery

from ouderpartner.core.models import Membership, Workspace
from ouderpartner.network.models import Location, Neighbourhood, Organisation
from ouderpartner.network.selectors import ListFilters, organisation_list


def memberships_with_workspaces(*, user: Any) -> QuerySet[Membership]:
    """The user's memberships, with their workspace and organisation, in one query."""
    return (
        Membership.objects.filter(user=user)
        .select_related("workspace", "organisation")
        .order_by("workspace__name", "workspace__pk")
    )


def organisation_list_with_trusted(
    *, workspace: Workspace, filters: ListFilters, trusted: bool | None
) -> QuerySet[Organisation]:
    """The network's organisation list, optionally only those with (or without) an active trusted place."""
    qs, _sort = organisation_list(workspace=workspace, filters=filters)
    if trusted is not None:
        trusted_places = Location.objects.filter(
            workspace=workspace, is_trusted_place=True, archived_at__isnull=True
        )
        in_trusted = Q(id__in=Subquery(trusted_places.values("organisation_id")))
        qs = qs.filter(in_trusted) if trusted else qs.exclude(in_trusted)
    return qs


def neighbourhood_list(
    *, workspace: Workspace, level: str = "", district: str = "", q: str = ""
) -> QuerySet[Neighbourhood]:
    """All districts and areas, by CBS code; a district code also selects its areas."""
    qs = Neighbourhood.objects.filter(workspace=workspace).select_related("parent").order_by("code", "pk")
    if level:
        qs = qs.filter(level=level)
    if district:
        qs = qs.filter(Q(code=district) | Q(parent__code=district))
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(code__iexact=q))
    return qs
