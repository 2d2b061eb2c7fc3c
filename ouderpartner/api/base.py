"""The base viewset of the workspace API: membership or 404, role checks, service errors as 400."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Model, QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import permissions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.settings import api_settings

from ouderpartner.core.access import get_membership_for_user, get_object_in_workspace
from ouderpartner.core.models import Membership

# The largest id a filter takes: a bigger number is a 400, never a database error (SQLite's integers are 64 bits).
MAX_ID = 2**63 - 1

WORKSPACE_PARAMETER = OpenApiParameter(
    "ws",
    OpenApiTypes.STR,
    OpenApiParameter.PATH,
    description="The workspace's short name (slug), e.g. `utrecht`. Another workspace's data answers 404.",
)


class WorkspaceMemberPermission(permissions.BasePermission):
    """Members of the workspace in the URL read; writes are for roles the view allows.

    A non-member gets 404 (the workspace "does not exist" for them), never 403: this is checked first.
    """

    def has_permission(self, request: Request, view: Any) -> bool:
        if not (request.user and request.user.is_authenticated):
            return False
        membership = get_membership_for_user(request.user, view.kwargs["ws"])  # Http404 for non-members
        request.membership = membership
        request.workspace = membership.workspace
        if request.method in permissions.SAFE_METHODS:
            return True
        return view.can_write(membership)

    def has_object_permission(self, request: Request, view: Any, obj: Model) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return True
        return view.can_write_object(request.membership, obj)


class WorkspaceScopedViewSet(viewsets.GenericViewSet):
    """Base for everything under /api/workspaces/{ws}/: objects are fetched through the access helpers."""

    permission_classes = [WorkspaceMemberPermission]
    lookup_value_converter = "int"

    # --- Permission hooks (overridden per resource) ---------------------------------------------

    def can_write(self, membership: Membership) -> bool:
        """May this member write to this collection at all? Coordinators only, unless a view says more."""
        return membership.is_coordinator

    def can_write_object(self, membership: Membership, obj: Model) -> bool:
        return membership.is_coordinator

    # --- Helpers ----------------------------------------------------------------------------------

    def get_object(self) -> Any:
        obj = get_object_in_workspace(
            self.get_queryset(), workspace=self.request.workspace, pk=self.kwargs["pk"]
        )
        self.check_object_permissions(self.request, obj)
        return obj

    def get_serializer_context(self) -> dict[str, Any]:
        context = super().get_serializer_context()
        context["workspace"] = getattr(self.request, "workspace", None)
        return context

    def filter_params(self, serializer_class: type[serializers.Serializer]) -> dict[str, Any]:
        """The list filters, validated: a bad value is a 400 with a message, not a 500 or an empty list."""
        params = serializer_class(
            data=self.request.query_params.dict(), context=self.get_serializer_context()
        )
        params.is_valid(raise_exception=True)
        return params.validated_data

    @staticmethod
    def run_service(service: Callable[..., Any], **kwargs: Any) -> Any:
        """Call a service; its model validation errors become a 400 with messages per field."""
        try:
            return service(**kwargs)
        except DjangoValidationError as error:
            detail = serializers.as_serializer_error(error)
            if NON_FIELD_ERRORS in detail:  # the model's clean(): the same key as DRF's own non-field errors
                detail[api_settings.NON_FIELD_ERRORS_KEY] = detail.pop(NON_FIELD_ERRORS)
            raise serializers.ValidationError(detail) from error

    def _validated(
        self,
        serializer_class: type[serializers.Serializer],
        instance: Model | None = None,
        partial: bool = False,
    ) -> dict[str, Any]:
        """The request body, validated by an input serializer (400 with field messages; nothing saved)."""
        serializer = serializer_class(
            instance, data=self.request.data, partial=partial, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def _respond(self, pk: int, status_code: int = 200) -> Response:
        """The object as the list shows it, fetched again so annotations and relations are fresh."""
        obj = get_object_in_workspace(self.get_queryset(), workspace=self.request.workspace, pk=pk)
        return Response(self.get_serializer(obj).data, status=status_code)

    def _paginated(self, queryset: QuerySet) -> Response:
        """The page of the list the client asked for."""
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


class ArchivableViewSet(WorkspaceScopedViewSet):
    """A workspace resource that is archived and restored, never deleted: POST {id}/archive/ and {id}/restore/.

    Subclasses call their services in `archive_object` and `restore_object`; both actions answer with the
    object as the list shows it, and a service's validation error is a 400.
    """

    def archive_object(self, obj: Any) -> None:
        raise NotImplementedError

    def restore_object(self, obj: Any) -> None:
        raise NotImplementedError

    @action(detail=True, methods=["post"])
    def archive(self, request: Request, ws: str, pk: int) -> Response:
        obj = self.get_object()
        self.run_service(self.archive_object, obj=obj)
        return self._respond(obj.pk)

    @action(detail=True, methods=["post"])
    def restore(self, request: Request, ws: str, pk: int) -> Response:
        obj = self.get_object()
        self.run_service(self.restore_object, obj=obj)
        return self._respond(obj.pk)
