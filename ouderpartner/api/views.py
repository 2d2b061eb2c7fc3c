"""The workspace API: workspaces the user belongs to, and per workspace its network (no hard deletes)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q, QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from ouderpartner.api import serializers as s
from ouderpartner.api.base import WORKSPACE_PARAMETER, ArchivableViewSet, WorkspaceScopedViewSet
from ouderpartner.api.selectors import (
    memberships_with_workspaces,
    neighbourhood_list,
    organisation_list_with_trusted,
)
from ouderpartner.core.models import Membership, Role
from ouderpartner.network import services
from ouderpartner.network.models import Location, Neighbourhood, Organisation, Partnership
from ouderpartner.network.selectors import ListFilters, location_list, partnership_list

NOT_FOUND = "Not found: no such object in this workspace, or you are not a member of it."
FORBIDDEN = "Forbidden: your role in this workspace may not make this change."
ARCHIVE_DOC = "Archived items are hidden from lists unless `archived=true`; nothing is ever deleted."


def _filters(params: dict[str, Any]) -> ListFilters:
    """The validated API parameters in the shape the network selectors take."""
    trusted = params.get("trusted")
    return ListFilters(
        q=params.get("q", "").strip(),
        kind=params.get("kind", ""),
        neighbourhood=params.get("neighbourhood", "").strip(),
        trusted="" if trusted is None else ("1" if trusted else "0"),
        archived=params.get("archived", False),
        status=params.get("status", ""),
        organisation=str(params.get("organisation", "")),
        sort=params.get("sort", ""),
    )


def _write_responses(serializer: type[serializers.Serializer], created: bool = False) -> dict[int, Any]:
    return {
        201 if created else 200: serializer,
        400: OpenApiTypes.OBJECT,
        403: OpenApiTypes.OBJECT,
        404: OpenApiTypes.OBJECT,
    }


# --- Workspaces ---------------------------------------------------------------------------------


@extend_schema(tags=["workspaces"])
@extend_schema_view(
    list=extend_schema(
        summary="List your workspaces",
        description="The workspaces you are a member of, with your role in each.",
    ),
    retrieve=extend_schema(
        summary="Get one of your workspaces",
        description="A workspace you are not a member of answers 404, just like one that does not exist.",
        parameters=[
            OpenApiParameter("slug", OpenApiTypes.STR, OpenApiParameter.PATH, description="Workspace slug.")
        ],
        responses={200: s.WorkspaceSerializer, 404: OpenApiTypes.OBJECT},
    ),
)
class WorkspaceViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Workspaces the user is a member of, with the user's role."""

    serializer_class = s.WorkspaceSerializer
    lookup_field = "workspace__slug"
    lookup_url_kwarg = "slug"
    lookup_value_converter = "slug"

    def get_queryset(self) -> QuerySet[Membership]:
        return memberships_with_workspaces(user=self.request.user)


# --- Organisations ------------------------------------------------------------------------------

ORGANISATION_EXAMPLE = OpenApiExample(
    "A library branch",
    request_only=True,
    value={
        "kind": "library",
        "name": "Bibliotheek Kanaleneiland",
        "website": "https://www.bibliotheekutrecht.nl/",
        "phone": "030 123 4567",
        "description": "Reading cafe for parents on Wednesday mornings.",
    },
)


@extend_schema(tags=["organisations"], parameters=[WORKSPACE_PARAMETER])
@extend_schema_view(
    list=extend_schema(
        summary="List organisations", description=ARCHIVE_DOC, parameters=[s.OrganisationFilterSerializer]
    ),
    retrieve=extend_schema(
        summary="Get an organisation", responses={200: s.OrganisationSerializer, 404: OpenApiTypes.OBJECT}
    ),
    create=extend_schema(
        summary="Create an organisation",
        description="Coordinators only.",
        request=s.OrganisationInputSerializer,
        responses=_write_responses(s.OrganisationSerializer, created=True),
        examples=[ORGANISATION_EXAMPLE],
    ),
    update=extend_schema(
        summary="Replace an organisation's details",
        description="Coordinators, and professionals for their own organisation.",
        request=s.OrganisationInputSerializer,
        responses=_write_responses(s.OrganisationSerializer),
    ),
    partial_update=extend_schema(
        summary="Change some of an organisation's details",
        description="Coordinators, and professionals for their own organisation.",
        request=s.OrganisationInputSerializer,
        responses=_write_responses(s.OrganisationSerializer),
    ),
    archive=extend_schema(
        summary="Archive an organisation",
        description="Archives the organisation and its active locations; restoring brings them back.",
        request=None,
        responses=_write_responses(s.OrganisationSerializer),
    ),
    restore=extend_schema(
        summary="Restore an archived organisation",
        request=None,
        responses=_write_responses(s.OrganisationSerializer),
    ),
)
class OrganisationViewSet(mixins.RetrieveModelMixin, ArchivableViewSet):
    """Partner organisations of the workspace: schools, VE providers, libraries, JGZ and more."""

    serializer_class = s.OrganisationSerializer

    def get_queryset(self) -> QuerySet[Organisation]:
        return Organisation.objects.annotate(
            location_count=Count("locations", filter=Q(locations__archived_at__isnull=True))
        ).prefetch_related("contacts")

    def can_write(self, membership: Membership) -> bool:
        if self.action == "create":
            return membership.is_coordinator
        return membership.role in (Role.COORDINATOR, Role.PROFESSIONAL)

    def can_write_object(self, membership: Membership, obj: Organisation) -> bool:
        return membership.can_edit_organisation(obj.pk)

    def list(self, request: Request, ws: str) -> Response:
        params = self.filter_params(s.OrganisationFilterSerializer)
        qs = organisation_list_with_trusted(
            workspace=request.workspace, filters=_filters(params), trusted=params.get("trusted")
        ).prefetch_related("contacts")
        return self._paginated(qs)

    def create(self, request: Request, ws: str) -> Response:
        data = self._validated(s.OrganisationInputSerializer)
        organisation = self.run_service(
            services.organisation_create, workspace=request.workspace, actor=request.user, **data
        )
        return self._respond(organisation.pk, status.HTTP_201_CREATED)

    def update(self, request: Request, ws: str, pk: int, partial: bool = False) -> Response:
        organisation = self.get_object()
        data = self._validated(s.OrganisationInputSerializer, instance=organisation, partial=partial)
        self.run_service(services.organisation_update, organisation=organisation, actor=request.user, **data)
        return self._respond(organisation.pk)

    def partial_update(self, request: Request, ws: str, pk: int) -> Response:
        return self.update(request, ws, pk, partial=True)

    def archive_object(self, obj: Organisation) -> None:
        services.organisation_archive(organisation=obj, actor=self.request.user)

    def restore_object(self, obj: Organisation) -> None:
        services.organisation_restore(organisation=obj, actor=self.request.user)


# --- Locations ----------------------------------------------------------------------------------


@extend_schema(tags=["locations"], parameters=[WORKSPACE_PARAMETER])
@extend_schema_view(
    list=extend_schema(
        summary="List locations and trusted places",
        description=ARCHIVE_DOC,
        parameters=[s.LocationFilterSerializer],
    ),
    retrieve=extend_schema(
        summary="Get a location", responses={200: s.LocationSerializer, 404: OpenApiTypes.OBJECT}
    ),
    create=extend_schema(
        summary="Create a location",
        description="Coordinators, and professionals for their own organisation.",
        request=s.LocationInputSerializer,
        responses=_write_responses(s.LocationSerializer, created=True),
    ),
    update=extend_schema(
        summary="Replace a location's details",
        description="Coordinators, and professionals for their own organisation's locations.",
        request=s.LocationInputSerializer,
        responses=_write_responses(s.LocationSerializer),
    ),
    partial_update=extend_schema(
        summary="Change some of a location's details",
        description="Coordinators, and professionals for their own organisation's locations.",
        request=s.LocationInputSerializer,
        responses=_write_responses(s.LocationSerializer),
    ),
    archive=extend_schema(
        summary="Archive a location", request=None, responses=_write_responses(s.LocationSerializer)
    ),
    restore=extend_schema(
        summary="Restore an archived location",
        description="Fails with 400 while its organisation is archived.",
        request=None,
        responses=_write_responses(s.LocationSerializer),
    ),
)
class LocationViewSet(mixins.RetrieveModelMixin, ArchivableViewSet):
    """Locations of the partner organisations; a trusted place is one where parents already come."""

    serializer_class = s.LocationSerializer

    def get_queryset(self) -> QuerySet[Location]:
        return Location.objects.select_related("organisation", "neighbourhood", "neighbourhood__parent")

    def can_write(self, membership: Membership) -> bool:
        return membership.role in (Role.COORDINATOR, Role.PROFESSIONAL)

    def can_write_object(self, membership: Membership, obj: Location) -> bool:
        return membership.can_edit_organisation(obj.organisation_id)

    def list(self, request: Request, ws: str) -> Response:
        params = self.filter_params(s.LocationFilterSerializer)
        qs, _sort = location_list(workspace=request.workspace, filters=_filters(params))
        return self._paginated(qs)

    def create(self, request: Request, ws: str) -> Response:
        data = self._validated(s.LocationInputSerializer)
        self._check_organisation(data)
        location = self.run_service(
            services.location_create, workspace=request.workspace, actor=request.user, **data
        )
        return self._respond(location.pk, status.HTTP_201_CREATED)

    def update(self, request: Request, ws: str, pk: int, partial: bool = False) -> Response:
        location = self.get_object()
        data = self._validated(s.LocationInputSerializer, instance=location, partial=partial)
        self._check_organisation(data)
        self.run_service(services.location_update, location=location, actor=request.user, **data)
        return self._respond(location.pk)

    def partial_update(self, request: Request, ws: str, pk: int) -> Response:
        return self.update(request, ws, pk, partial=True)

    def archive_object(self, obj: Location) -> None:
        services.location_archive(location=obj, actor=self.request.user)

    def restore_object(self, obj: Location) -> None:
        services.location_restore(location=obj, actor=self.request.user)

    def _check_organisation(self, data: dict[str, Any]) -> None:
        """A professional only places locations under their own organisation."""
        organisation = data.get("organisation")
        if organisation is not None and not self.request.membership.can_edit_organisation(organisation.pk):
            raise PermissionDenied


# --- Neighbourhoods -----------------------------------------------------------------------------


@extend_schema(tags=["neighbourhoods"], parameters=[WORKSPACE_PARAMETER])
@extend_schema_view(
    list=extend_schema(
        summary="List districts and neighbourhoods",
        description="CBS districts (wijken) and neighbourhoods (buurten) with their key figures, by CBS code.",
        parameters=[s.NeighbourhoodFilterSerializer],
    ),
    retrieve=extend_schema(
        summary="Get a district or neighbourhood",
        responses={200: s.NeighbourhoodSerializer, 404: OpenApiTypes.OBJECT},
    ),
    update=extend_schema(
        summary="Replace a neighbourhood's key figures",
        description="Coordinators only. Codes and names come from the CBS import and are not changed here.",
        request=s.NeighbourhoodFiguresInputSerializer,
        responses=_write_responses(s.NeighbourhoodSerializer),
    ),
    partial_update=extend_schema(
        summary="Change some of a neighbourhood's key figures",
        description="Coordinators only.",
        request=s.NeighbourhoodFiguresInputSerializer,
        responses=_write_responses(s.NeighbourhoodSerializer),
    ),
)
class NeighbourhoodViewSet(mixins.RetrieveModelMixin, WorkspaceScopedViewSet):
    """CBS districts (wijken) and neighbourhoods (buurten) of the workspace with their key figures."""

    serializer_class = s.NeighbourhoodSerializer

    def get_queryset(self) -> QuerySet[Neighbourhood]:
        return Neighbourhood.objects.select_related("parent")

    def list(self, request: Request, ws: str) -> Response:
        params = self.filter_params(s.NeighbourhoodFilterSerializer)
        qs = neighbourhood_list(
            workspace=request.workspace,
            level=params.get("level", ""),
            district=params.get("district", "").strip(),
            q=params.get("q", "").strip(),
        )
        return self._paginated(qs)

    def update(self, request: Request, ws: str, pk: int, partial: bool = False) -> Response:
        neighbourhood = self.get_object()
        data = self._validated(s.NeighbourhoodFiguresInputSerializer, instance=neighbourhood, partial=partial)
        self.run_service(
            services.neighbourhood_update_figures, neighbourhood=neighbourhood, actor=request.user, **data
        )
        return self._respond(neighbourhood.pk)

    def partial_update(self, request: Request, ws: str, pk: int) -> Response:
        return self.update(request, ws, pk, partial=True)


# --- Partnerships -------------------------------------------------------------------------------


@extend_schema(tags=["partnerships"], parameters=[WORKSPACE_PARAMETER])
@extend_schema_view(
    list=extend_schema(
        summary="List partnerships", description=ARCHIVE_DOC, parameters=[s.PartnershipFilterSerializer]
    ),
    retrieve=extend_schema(
        summary="Get a partnership", responses={200: s.PartnershipSerializer, 404: OpenApiTypes.OBJECT}
    ),
    create=extend_schema(
        summary="Create a partnership",
        description="Coordinators only. Two or more organisations of this workspace.",
        request=s.PartnershipInputSerializer,
        responses=_write_responses(s.PartnershipSerializer, created=True),
    ),
    update=extend_schema(
        summary="Replace a partnership",
        description="Coordinators only.",
        request=s.PartnershipInputSerializer,
        responses=_write_responses(s.PartnershipSerializer),
    ),
    partial_update=extend_schema(
        summary="Change some of a partnership",
        description="Coordinators only.",
        request=s.PartnershipInputSerializer,
        responses=_write_responses(s.PartnershipSerializer),
    ),
    archive=extend_schema(
        summary="Archive a partnership", request=None, responses=_write_responses(s.PartnershipSerializer)
    ),
    restore=extend_schema(
        summary="Restore an archived partnership",
        request=None,
        responses=_write_responses(s.PartnershipSerializer),
    ),
)
class PartnershipViewSet(mixins.RetrieveModelMixin, ArchivableViewSet):
    """Written links between two or more organisations of the workspace."""

    serializer_class = s.PartnershipSerializer

    def get_queryset(self) -> QuerySet[Partnership]:
        return Partnership.objects.prefetch_related(
            Prefetch("organisations", queryset=Organisation.objects.order_by("name"))
        )

    def list(self, request: Request, ws: str) -> Response:
        params = self.filter_params(s.PartnershipFilterSerializer)
        qs, _sort = partnership_list(workspace=request.workspace, filters=_filters(params))
        return self._paginated(qs)

    def create(self, request: Request, ws: str) -> Response:
        data = self._validated(s.PartnershipInputSerializer)
        partnership = self.run_service(
            services.partnership_create, workspace=request.workspace, actor=request.user, **data
        )
        return self._respond(partnership.pk, status.HTTP_201_CREATED)

    def update(self, request: Request, ws: str, pk: int, partial: bool = False) -> Response:
        partnership = self.get_object()
        data = self._validated(s.PartnershipInputSerializer, instance=partnership, partial=partial)
        self.run_service(services.partnership_update, partnership=partnership, actor=request.user, **data)
        return self._respond(partnership.pk)

    def partial_update(self, request: Request, ws: str, pk: int) -> Response:
        return self.update(request, ws, pk, partial=True)

    def archive_object(self, obj: Partnership) -> None:
        services.partnership_archive(partnership=obj, actor=self.request.user)

    def restore_object(self, obj: Partnership) -> None:
        services.partnership_restore(partnership=obj, actor=self.request.user)
