"""The partner API for activities: a partner organisation's own system posts and corrects its activity
counts with a token made by a coordinator (`Authorization: Bearer <token>` or `Token <token>`).

- A token is scoped to its organisation: it reads and writes only that organisation's activities in its
  own workspace; anything else answers 404, as if it did not exist. A revoked or unknown token is a 401.
- Idempotent by the caller's own `external_reference`: posting the same reference again returns the same
  activity (200, not 201) and applies the body as a correction, so a retry never counts twice.
- Members of the workspace (signed in) may read the activities they may see on the screens.
Writes go through `ouderpartner.reach.services` (validated, audited; nothing partial saved).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.http import Http404
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view
from rest_framework import authentication, exceptions, mixins, permissions, serializers, status
from rest_framework.authentication import SessionAuthentication
from rest_framework.request import Request
from rest_framework.response import Response

from ouderpartner.api.base import WORKSPACE_PARAMETER, WorkspaceScopedViewSet
from ouderpartner.core.access import get_membership_for_user
from ouderpartner.core.languages import language_choices
from ouderpartner.network.models import Location
from ouderpartner.programmes.models import Programme
from ouderpartner.reach import services
from ouderpartner.reach.models import Activity, ActivityKind, ActivitySource, PartnerToken

# --- Authentication -----------------------------------------------------------------------------


class PartnerTokenAuthentication(authentication.BaseAuthentication):
    """`Authorization: Bearer <token>` or `Token <token>`; request.auth is the PartnerToken."""

    keywords = ("bearer", "token")

    def authenticate(self, request: Request) -> tuple[Any, PartnerToken] | None:
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].decode(errors="replace").lower() not in self.keywords:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed("Give the token after the word Bearer (or Token).")
        token = services.partner_token_authenticate(header[1].decode(errors="replace"))
        if token is None:
            raise exceptions.AuthenticationFailed("This token is unknown or has been revoked.")
        return AnonymousUser(), token

    def authenticate_header(self, request: Request) -> str:
        return 'Bearer realm="api"'


class PartnerTokenScheme(OpenApiAuthenticationExtension):
    target_class = PartnerTokenAuthentication
    name = "partnerToken"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A partner token, made by a coordinator under Reach → Tokens for partner systems. "
            "Send `Authorization: Bearer opr_…` (or `Token opr_…`). It works only for its own organisation.",
        }


def partner_token(request: Request) -> PartnerToken | None:
    return request.auth if isinstance(request.auth, PartnerToken) else None


class ActivityAccess(permissions.BasePermission):
    """A partner token of this workspace writes its organisation's activities; members of the workspace read,
    and those who record activities on the screens (coordinators, professionals) may write them here too.

    Checked before anything else: another workspace (or its token) gets 404.
    """

    def has_permission(self, request: Request, view: Any) -> bool:
        token = partner_token(request)
        if token is not None:
            if token.workspace.slug != view.kwargs["ws"]:
                raise Http404
            request.workspace = token.workspace
            request.membership = None
            return True
        if not (request.user and request.user.is_authenticated):
            return False
        membership = get_membership_for_user(request.user, view.kwargs["ws"])  # Http404 for non-members
        request.membership = membership
        request.workspace = membership.workspace
        return request.method in permissions.SAFE_METHODS or services.can_record(membership)

    def has_object_permission(self, request: Request, view: Any, obj: Activity) -> bool:
        if partner_token(request) is not None or request.method in permissions.SAFE_METHODS:
            return True
        return services.can_edit_activity(request.membership, obj)


# --- Serializers --------------------------------------------------------------------------------


class _Ref(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)


class ActivitySerializer(serializers.ModelSerializer):
    organisation = _Ref(read_only=True)
    location = _Ref(read_only=True)
    programme = _Ref(read_only=True, allow_null=True)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = Activity
        fields = (
            "id",
            "external_reference",
            "organisation",
            "location",
            "programme",
            "kind",
            "kind_display",
            "date",
            "end_date",
            "parents",
            "target_group_parents",
            "first_time_parents",
            "languages",
            "interpreter_used",
            "materials_in_other_languages",
            "description",
            "source",
            "created_at",
            "updated_at",
        )
        read_only_fields = fields


class ActivityInputSerializer(serializers.Serializer):
    external_reference = serializers.CharField(
        max_length=100,
        required=False,
        allow_blank=True,
        help_text="Your own reference for this activity. Send it again to correct the activity: never counted twice.",
    )
    location = serializers.PrimaryKeyRelatedField(
        queryset=Location.objects.none(), help_text="One of your organisation's locations (see /locations/)."
    )
    programme = serializers.PrimaryKeyRelatedField(
        queryset=Programme.objects.none(),
        required=False,
        allow_null=True,
        help_text="A programme of the workspace.",
    )
    kind = serializers.ChoiceField(choices=ActivityKind.choices)
    date = serializers.DateField(help_text="The day (or the first day of a series). At most one day ahead.")
    end_date = serializers.DateField(required=False, allow_null=True, help_text="The last day of a series.")
    parents = serializers.IntegerField(min_value=0, max_value=1_000_000, help_text="Parents who took part.")
    target_group_parents = serializers.IntegerField(
        min_value=0, max_value=1_000_000, required=False, default=0, help_text="Of whom target-group parents."
    )
    first_time_parents = serializers.IntegerField(
        min_value=0,
        max_value=1_000_000,
        required=False,
        default=0,
        help_text="Of whom came for the first time.",
    )
    languages = serializers.ListField(
        child=serializers.ChoiceField(choices=language_choices()), required=False, default=list, max_length=30
    )
    interpreter_used = serializers.BooleanField(required=False, default=False)
    materials_in_other_languages = serializers.BooleanField(required=False, default=False)
    description = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        workspace = self.context.get("workspace")
        self.fields["location"].queryset = Location.objects.filter(workspace=workspace)
        self.fields["programme"].queryset = Programme.objects.filter(workspace=workspace)


ACTIVITY_EXAMPLE = OpenApiExample(
    "A reading session at the library",
    request_only=True,
    value={
        "external_reference": "BIEB-2026-0412",
        "location": 17,
        "programme": 3,
        "kind": "reading_session",
        "date": "2026-11-24",
        "parents": 14,
        "target_group_parents": 9,
        "first_time_parents": 3,
        "languages": ["nl", "ar", "tr"],
        "interpreter_used": False,
        "materials_in_other_languages": True,
        "description": "Voorleesochtend met de peuters van de VVE-groep",
    },
)
ERRORS = {
    400: OpenApiTypes.OBJECT,
    401: OpenApiTypes.OBJECT,
    403: OpenApiTypes.OBJECT,
    404: OpenApiTypes.OBJECT,
}


class ActivityFilterSerializer(serializers.Serializer):
    date_from = serializers.DateField(required=False, help_text="Activities on or after this day.")
    date_to = serializers.DateField(required=False, help_text="Activities on or before this day.")
    external_reference = serializers.CharField(
        required=False, max_length=100, help_text="Your own reference."
    )


@extend_schema(tags=["reach"], parameters=[WORKSPACE_PARAMETER])
@extend_schema_view(
    list=extend_schema(
        summary="List activities",
        description="With a partner token: your organisation's activities. Signed in as a member: what the "
        "activity list on the screens shows you.",
        parameters=[ActivityFilterSerializer],
    ),
    retrieve=extend_schema(summary="Get an activity", responses={200: ActivitySerializer, **ERRORS}),
    create=extend_schema(
        summary="Record an activity (idempotent by your own reference)",
        description="With a partner token (or signed in as a member who records activities). With an `external_reference` you sent before, the same activity is "
        "corrected with this body and returned with 200; otherwise it is created (201). Bad input is a 400 "
        "with the field and the reason, and nothing is saved.",
        request=ActivityInputSerializer,
        responses={201: ActivitySerializer, 200: ActivitySerializer, **ERRORS},
        examples=[ACTIVITY_EXAMPLE],
    ),
    update=extend_schema(
        summary="Correct an activity",
        description="The whole activity.",
        request=ActivityInputSerializer,
        responses={200: ActivitySerializer, **ERRORS},
        examples=[ACTIVITY_EXAMPLE],
    ),
    partial_update=extend_schema(
        summary="Correct some fields of an activity",
        request=ActivityInputSerializer,
        responses={200: ActivitySerializer, **ERRORS},
    ),
    destroy=extend_schema(summary="Delete an activity", responses={204: None, **ERRORS}),
)
class ActivityViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    WorkspaceScopedViewSet,
):
    serializer_class = ActivitySerializer
    authentication_classes = [PartnerTokenAuthentication, SessionAuthentication]
    permission_classes = [ActivityAccess]

    def get_queryset(self) -> QuerySet[Activity]:
        token = partner_token(self.request)
        if token is not None:
            qs = Activity.objects.filter(workspace=token.workspace, organisation=token.organisation)
        else:
            qs = services.activities_visible(
                workspace=self.request.workspace, membership=self.request.membership
            )
        return qs.select_related("organisation", "location", "programme").order_by("-date", "-id")

    def get_object(self) -> Activity:
        obj = self.get_queryset().filter(pk=self.kwargs["pk"]).first()
        if obj is None:
            raise Http404
        self.check_object_permissions(self.request, obj)
        return obj

    def list(self, request: Request, ws: str) -> Response:
        params = self.filter_params(ActivityFilterSerializer)
        qs = self.get_queryset()
        if params.get("date_from"):
            qs = qs.filter(date__gte=params["date_from"])
        if params.get("date_to"):
            qs = qs.filter(date__lte=params["date_to"])
        if params.get("external_reference"):
            qs = qs.filter(external_reference=params["external_reference"])
        return self._paginated(qs)

    def create(self, request: Request, ws: str) -> Response:
        data = self._validated(ActivityInputSerializer)
        organisation = self._organisation(data["location"])
        data["organisation"] = organisation
        reference = (data.get("external_reference") or "").strip()
        for _attempt in range(2):
            existing = (
                Activity.objects.filter(organisation=organisation, external_reference=reference).first()
                if reference
                else None
            )
            if existing is not None:
                self.run_service(
                    services.activity_update, activity=existing, actor=None, source="api", **data
                )
                return self._respond(existing.pk, status.HTTP_200_OK)
            try:
                with transaction.atomic():
                    activity = self.run_service(
                        services.activity_create,
                        workspace=request.workspace,
                        actor=request.user,
                        source=ActivitySource.API,
                        **data,
                    )
                return self._respond(activity.pk, status.HTTP_201_CREATED)
            except IntegrityError:
                continue  # a retry that arrived at the same moment stored it first: correct that one
        raise exceptions.APIException("Please try again.")

    def _organisation(self, location: Location) -> Any:
        """The token's organisation; for a signed-in professional theirs; for a coordinator the place's."""
        token = partner_token(self.request)
        if token is not None:
            return token.organisation
        membership = self.request.membership
        return location.organisation if membership.is_coordinator else membership.organisation

    def _write(self, partial: bool) -> Response:
        activity = self.get_object()
        data = self._validated(ActivityInputSerializer, partial=partial)
        if (
            "location" in data
            and self.request.membership is not None
            and self.request.membership.is_coordinator
        ):
            data["organisation"] = data["location"].organisation
        self.run_service(
            services.activity_update, activity=activity, actor=self.request.user, source="api", **data
        )
        return self._respond(activity.pk)

    def update(self, request: Request, ws: str, pk: int) -> Response:
        return self._write(partial=False)

    def partial_update(self, request: Request, ws: str, pk: int) -> Response:
        return self._write(partial=True)

    def destroy(self, request: Request, ws: str, pk: int) -> Response:
        activity = self.get_object()
        services.activity_delete(activity=activity, actor=self.request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    def _respond(self, pk: int, status_code: int = 200) -> Response:
        return Response(self.get_serializer(self.get_queryset().get(pk=pk)).data, status=status_code)
