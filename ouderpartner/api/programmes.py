"""The programmes part of the workspace API: programmes, offerings, policy domains, transitions, subsidies.

Writes go through `ouderpartner.programmes.services` and `ouderpartner.programmes.subsidies` (validated,
audited); the access rules are those of the screens (docs/api.md).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from ouderpartner.api.base import MAX_ID, WORKSPACE_PARAMETER, WorkspaceScopedViewSet
from ouderpartner.api.serializers import ARCHIVE_FIELDS, NeighbourhoodRefSerializer, OrganisationRefSerializer
from ouderpartner.core.languages import language_choices
from ouderpartner.core.models import Membership, Role
from ouderpartner.network.models import Location, Neighbourhood, Organisation, Partnership
from ouderpartner.programmes import selectors, services, subsidies
from ouderpartner.programmes.models import (
    MAX_AGE_MONTHS,
    Approach,
    Audience,
    Offering,
    PolicyDomain,
    Programme,
    Subsidy,
    Transition,
)

MAX_CAPACITY = 1_000_000


def _write_responses(serializer: Any, created: bool = False) -> dict[int, Any]:
    return {
        201 if created else 200: serializer,
        400: OpenApiTypes.OBJECT,
        403: OpenApiTypes.OBJECT,
        404: OpenApiTypes.OBJECT,
    }


def _scoped(field: serializers.Field, queryset: QuerySet) -> None:
    """Limit a primary-key field (or a many field's child) to the workspace: another id is a 400."""
    target = field.child_relation if isinstance(field, serializers.ManyRelatedField) else field
    target.queryset = queryset


# --- Small references ---------------------------------------------------------------------------


class PolicyDomainRefSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="display_name", read_only=True)

    class Meta:
        model = PolicyDomain
        fields = ("id", "key", "name")
        read_only_fields = fields


class ProgrammeRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Programme
        fields = ("id", "name")
        read_only_fields = fields


class LocationRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Location
        fields = ("id", "name")
        read_only_fields = fields


class PartnershipRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Partnership
        fields = ("id", "name")
        read_only_fields = fields


# --- Programmes ---------------------------------------------------------------------------------

PROGRAMME_INPUT_FIELDS = (*services.PROGRAMME_FIELDS, "policy_domains", "transitions")
AGE_BOUNDS = {"min_value": 0, "max_value": MAX_AGE_MONTHS}


class ProgrammeSerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    audience_display = serializers.CharField(source="get_audience_display", read_only=True)
    languages = serializers.ListField(child=serializers.CharField(), read_only=True)
    approaches = serializers.ListField(
        child=serializers.ChoiceField(choices=Approach.choices), read_only=True
    )
    policy_domains = PolicyDomainRefSerializer(many=True, read_only=True)
    transitions = serializers.PrimaryKeyRelatedField(
        many=True, read_only=True, help_text=_("Transition ids.")
    )
    offering_count = serializers.IntegerField(read_only=True)
    archived = serializers.BooleanField(source="is_archived", read_only=True)

    class Meta:
        model = Programme
        fields = (
            "id",
            "catalogue_key",
            *services.PROGRAMME_FIELDS[:4],
            "kind_display",
            *services.PROGRAMME_FIELDS[4:7],
            "audience_display",
            *services.PROGRAMME_FIELDS[7:],
            "policy_domains",
            "transitions",
            "offering_count",
            *ARCHIVE_FIELDS,
        )
        read_only_fields = fields
        extra_kwargs = {"age_from_months": AGE_BOUNDS, "age_to_months": AGE_BOUNDS}


class ProgrammeInputSerializer(serializers.ModelSerializer):
    languages = serializers.ListField(
        child=serializers.ChoiceField(choices=language_choices()),
        required=False,
        help_text=_("Language codes."),
    )
    approaches = serializers.ListField(
        child=serializers.ChoiceField(choices=Approach.choices), required=False
    )
    policy_domains = serializers.PrimaryKeyRelatedField(
        many=True, queryset=PolicyDomain.objects.none(), required=False, help_text=_("Policy domain ids.")
    )
    transitions = serializers.PrimaryKeyRelatedField(
        many=True, queryset=Transition.objects.none(), required=False, help_text=_("Transition ids.")
    )

    class Meta:
        model = Programme
        fields = PROGRAMME_INPUT_FIELDS
        extra_kwargs = {"age_from_months": AGE_BOUNDS, "age_to_months": AGE_BOUNDS}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        workspace = self.context.get("workspace")
        if workspace is not None:
            _scoped(self.fields["policy_domains"], PolicyDomain.objects.filter(workspace=workspace))
            _scoped(self.fields["transitions"], Transition.objects.filter(workspace=workspace))


class ProgrammeFilterSerializer(serializers.Serializer):
    q = serializers.CharField(required=False, allow_blank=True, max_length=100, help_text=_("Search text."))
    domain = serializers.CharField(
        required=False, allow_blank=True, max_length=40, help_text=_("Policy domain key.")
    )
    audience = serializers.ChoiceField(choices=Audience.choices, required=False)
    kind = serializers.ChoiceField(choices=Programme.Kind.choices, required=False)
    age = serializers.ChoiceField(
        choices=[b[0] for b in selectors.AGE_BANDS], required=False, help_text=_("Age band in years.")
    )
    approach = serializers.ChoiceField(choices=Approach.choices, required=False)
    archived = serializers.BooleanField(
        required=False, default=False, help_text=_("true: only archived programmes.")
    )
    sort = serializers.ChoiceField(
        choices=[p + k for k in selectors.PROGRAMME_SORTS for p in ("", "-")], required=False
    )


PROGRAMME_EXAMPLE = OpenApiExample(
    "A local programme",
    request_only=True,
    value={
        "name": "Spelenderwijs",
        "description": "Parents and toddlers play and read together at the preschool, once a week.",
        "kind": "local",
        "age_from_months": 24,
        "age_to_months": 48,
        "audience": "parents_with_children",
        "languages": ["nl", "ar"],
        "approaches": ["continuous_line"],
        "policy_domains": [2],
    },
)


@extend_schema(tags=["programmes"], parameters=[WORKSPACE_PARAMETER])
@extend_schema_view(
    list=extend_schema(summary="List programmes", parameters=[ProgrammeFilterSerializer]),
    retrieve=extend_schema(
        summary="Get a programme", responses={200: ProgrammeSerializer, 404: OpenApiTypes.OBJECT}
    ),
    create=extend_schema(
        summary="Create a programme",
        description="Coordinators only. Ages in months, 0-252 (21 years).",
        request=ProgrammeInputSerializer,
        responses=_write_responses(ProgrammeSerializer, created=True),
        examples=[PROGRAMME_EXAMPLE],
    ),
    update=extend_schema(
        summary="Replace a programme's details",
        description="Coordinators only.",
        request=ProgrammeInputSerializer,
        responses=_write_responses(ProgrammeSerializer),
    ),
    partial_update=extend_schema(
        summary="Change some of a programme's details",
        description="Coordinators only.",
        request=ProgrammeInputSerializer,
        responses=_write_responses(ProgrammeSerializer),
    ),
    archive=extend_schema(
        summary="Archive a programme", request=None, responses=_write_responses(ProgrammeSerializer)
    ),
    restore=extend_schema(
        summary="Restore an archived programme", request=None, responses=_write_responses(ProgrammeSerializer)
    ),
)
class ProgrammeViewSet(WorkspaceScopedViewSet):
    """Programmes (aanbod) of the workspace: for whom, at which ages, in which policy domains."""

    serializer_class = ProgrammeSerializer

    def get_queryset(self) -> QuerySet[Programme]:
        return Programme.objects.annotate(offering_count=Count("offerings", distinct=True)).prefetch_related(
            Prefetch("policy_domains", queryset=PolicyDomain.objects.order_by("position", "key")),
            "transitions",
        )

    def list(self, request: Request, ws: str) -> Response:
        params = self.filter_params(ProgrammeFilterSerializer)
        filters = selectors.ProgrammeFilters(
            q=params.get("q", "").strip(),
            domain=params.get("domain", "").strip(),
            audience=params.get("audience", ""),
            kind=params.get("kind", ""),
            age=params.get("age", ""),
            approach=params.get("approach", ""),
            archived=params.get("archived", False),
            sort=params.get("sort", ""),
        )
        qs, _sort = selectors.programme_list(workspace=request.workspace, filters=filters)
        page = self.paginate_queryset(qs.prefetch_related("transitions"))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request: Request, ws: str, pk: int) -> Response:
        return Response(self.get_serializer(self.get_object()).data)

    def create(self, request: Request, ws: str) -> Response:
        data = self._validated(ProgrammeInputSerializer)
        programme = self.run_service(
            services.programme_create, workspace=request.workspace, actor=request.user, **data
        )
        return self._respond(programme.pk, status.HTTP_201_CREATED)

    def update(self, request: Request, ws: str, pk: int, partial: bool = False) -> Response:
        programme = self.get_object()
        data = self._validated(ProgrammeInputSerializer, instance=programme, partial=partial)
        self.run_service(services.programme_update, programme=programme, actor=request.user, **data)
        return self._respond(programme.pk)

    def partial_update(self, request: Request, ws: str, pk: int) -> Response:
        return self.update(request, ws, pk, partial=True)

    @action(detail=True, methods=["post"])
    def archive(self, request: Request, ws: str, pk: int) -> Response:
        programme = self.get_object()
        self.run_service(services.programme_archive, programme=programme, actor=request.user)
        return self._respond(programme.pk)

    @action(detail=True, methods=["post"])
    def restore(self, request: Request, ws: str, pk: int) -> Response:
        programme = self.get_object()
        self.run_service(services.programme_restore, programme=programme, actor=request.user)
        return self._respond(programme.pk)


# --- Offerings ----------------------------------------------------------------------------------


class OfferingSerializer(serializers.ModelSerializer):
    programme = ProgrammeRefSerializer(read_only=True)
    organisation = OrganisationRefSerializer(read_only=True)
    locations = LocationRefSerializer(many=True, read_only=True)

    class Meta:
        model = Offering
        fields = (
            "id",
            *services.OFFERING_FIELDS[:2],
            "locations",
            *services.OFFERING_FIELDS[2:],
            "created_at",
            "updated_at",
        )
        read_only_fields = fields
        extra_kwargs = {"capacity": {"min_value": 0, "max_value": MAX_CAPACITY}}


class OfferingInputSerializer(serializers.ModelSerializer):
    programme = serializers.PrimaryKeyRelatedField(queryset=Programme.objects.none())
    organisation = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.none())
    locations = serializers.PrimaryKeyRelatedField(
        many=True,
        queryset=Location.objects.none(),
        required=False,
        help_text=_("Location ids of the organisation."),
    )

    class Meta:
        model = Offering
        fields = (*services.OFFERING_FIELDS, "locations")
        extra_kwargs = {"capacity": {"min_value": 0, "max_value": MAX_CAPACITY}}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        workspace = self.context.get("workspace")
        if workspace is not None:
            _scoped(self.fields["programme"], Programme.objects.filter(workspace=workspace))
            _scoped(self.fields["organisation"], Organisation.objects.filter(workspace=workspace))
            _scoped(self.fields["locations"], Location.objects.filter(workspace=workspace))


class OfferingFilterSerializer(serializers.Serializer):
    programme = serializers.IntegerField(
        required=False, min_value=1, max_value=MAX_ID, help_text=_("Programme id.")
    )
    organisation = serializers.IntegerField(
        required=False, min_value=1, max_value=MAX_ID, help_text=_("Organisation id.")
    )


@extend_schema(tags=["offerings"], parameters=[WORKSPACE_PARAMETER])
@extend_schema_view(
    list=extend_schema(summary="List offerings", parameters=[OfferingFilterSerializer]),
    retrieve=extend_schema(
        summary="Get an offering", responses={200: OfferingSerializer, 404: OpenApiTypes.OBJECT}
    ),
    create=extend_schema(
        summary="Create an offering",
        description="Coordinators, and professionals for their own organisation.",
        request=OfferingInputSerializer,
        responses=_write_responses(OfferingSerializer, created=True),
    ),
    update=extend_schema(
        summary="Replace an offering",
        description="Coordinators, and professionals for their own organisation's offerings.",
        request=OfferingInputSerializer,
        responses=_write_responses(OfferingSerializer),
    ),
    partial_update=extend_schema(
        summary="Change some of an offering",
        description="Coordinators, and professionals for their own organisation's offerings.",
        request=OfferingInputSerializer,
        responses=_write_responses(OfferingSerializer),
    ),
    destroy=extend_schema(
        summary="Delete an offering",
        description="Coordinators, and professionals for their own organisation's offerings.",
        responses={204: None, 403: OpenApiTypes.OBJECT, 404: OpenApiTypes.OBJECT},
    ),
)
class OfferingViewSet(WorkspaceScopedViewSet):
    """Programmes as run by an organisation at some of its locations, for a period."""

    serializer_class = OfferingSerializer

    def get_queryset(self) -> QuerySet[Offering]:
        return Offering.objects.select_related("programme", "organisation").prefetch_related(
            Prefetch("locations", queryset=Location.objects.order_by("name"))
        )

    def can_write(self, membership: Membership) -> bool:
        return membership.role in (Role.COORDINATOR, Role.PROFESSIONAL)

    def can_write_object(self, membership: Membership, obj: Offering) -> bool:
        return membership.can_edit_organisation(obj.organisation_id)

    def list(self, request: Request, ws: str) -> Response:
        params = self.filter_params(OfferingFilterSerializer)
        qs = self.get_queryset().filter(workspace=request.workspace)
        if params.get("programme"):
            qs = qs.filter(programme_id=params["programme"])
        if params.get("organisation"):
            qs = qs.filter(organisation_id=params["organisation"])
        page = self.paginate_queryset(qs.order_by("programme__name", "organisation__name", "pk"))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request: Request, ws: str, pk: int) -> Response:
        return Response(self.get_serializer(self.get_object()).data)

    def create(self, request: Request, ws: str) -> Response:
        data = self._validated(OfferingInputSerializer)
        self._check_organisation(data)
        offering = self.run_service(
            services.offering_create, workspace=request.workspace, actor=request.user, **data
        )
        return self._respond(offering.pk, status.HTTP_201_CREATED)

    def update(self, request: Request, ws: str, pk: int, partial: bool = False) -> Response:
        offering = self.get_object()
        data = self._validated(OfferingInputSerializer, instance=offering, partial=partial)
        self._check_organisation(data)
        self.run_service(services.offering_update, offering=offering, actor=request.user, **data)
        return self._respond(offering.pk)

    def partial_update(self, request: Request, ws: str, pk: int) -> Response:
        return self.update(request, ws, pk, partial=True)

    def destroy(self, request: Request, ws: str, pk: int) -> Response:
        offering = self.get_object()
        self.run_service(services.offering_delete, offering=offering, actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    def _check_organisation(self, data: dict[str, Any]) -> None:
        """A professional only records offerings of their own organisation."""
        organisation = data.get("organisation")
        if organisation is not None and not self.request.membership.can_edit_organisation(organisation.pk):
            raise PermissionDenied


# --- Policy domains -----------------------------------------------------------------------------


class PolicyDomainSerializer(serializers.ModelSerializer):
    display_name = serializers.CharField(read_only=True, help_text=_("The name in the user's language."))
    is_builtin = serializers.BooleanField(read_only=True, help_text=_("One of the fixed starting set."))
    programme_count = serializers.IntegerField(
        read_only=True, help_text=_("Current programmes in this domain.")
    )

    class Meta:
        model = PolicyDomain
        fields = ("id", "key", "name", "display_name", "is_builtin", "position", "programme_count")
        read_only_fields = fields
        extra_kwargs = {"position": {"min_value": 0, "max_value": 32767}}


class PolicyDomainInputSerializer(serializers.Serializer):
    name = serializers.CharField(
        max_length=80,
        allow_blank=True,
        help_text=_("The name. For a fixed domain an empty name brings back the standard one."),
    )


@extend_schema(tags=["policy domains"], parameters=[WORKSPACE_PARAMETER])
@extend_schema_view(
    list=extend_schema(
        summary="List policy domains", description="The fixed starting set and the workspace's own."
    ),
    retrieve=extend_schema(
        summary="Get a policy domain", responses={200: PolicyDomainSerializer, 404: OpenApiTypes.OBJECT}
    ),
    create=extend_schema(
        summary="Add a policy domain of the workspace's own",
        description="Coordinators only.",
        request=PolicyDomainInputSerializer,
        responses=_write_responses(PolicyDomainSerializer, created=True),
    ),
    update=extend_schema(
        summary="Rename a policy domain",
        description="Coordinators only.",
        request=PolicyDomainInputSerializer,
        responses=_write_responses(PolicyDomainSerializer),
    ),
    partial_update=extend_schema(
        summary="Rename a policy domain",
        description="Coordinators only.",
        request=PolicyDomainInputSerializer,
        responses=_write_responses(PolicyDomainSerializer),
    ),
    destroy=extend_schema(
        summary="Remove a policy domain of the workspace's own",
        description="Coordinators only; the fixed domains cannot be removed (400).",
        responses={204: None, 400: OpenApiTypes.OBJECT, 403: OpenApiTypes.OBJECT, 404: OpenApiTypes.OBJECT},
    ),
)
class PolicyDomainViewSet(WorkspaceScopedViewSet):
    """Policy domains (beleidsterreinen): the fixed starting set, extendable per workspace."""

    serializer_class = PolicyDomainSerializer

    def get_queryset(self) -> QuerySet[PolicyDomain]:
        return PolicyDomain.objects.annotate(programme_count=Count("programmes", distinct=True))

    def list(self, request: Request, ws: str) -> Response:
        selectors.ensure_setup(workspace=request.workspace)
        page = self.paginate_queryset(selectors.policy_domain_overview(workspace=request.workspace))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request: Request, ws: str, pk: int) -> Response:
        return Response(self.get_serializer(self.get_object()).data)

    def create(self, request: Request, ws: str) -> Response:
        data = self._validated(PolicyDomainInputSerializer)
        domain = self.run_service(
            services.policy_domain_create, workspace=request.workspace, actor=request.user, name=data["name"]
        )
        return self._respond(domain.pk, status.HTTP_201_CREATED)

    def update(self, request: Request, ws: str, pk: int, partial: bool = False) -> Response:
        domain = self.get_object()
        data = self._validated(PolicyDomainInputSerializer)
        self.run_service(services.policy_domain_rename, domain=domain, actor=request.user, name=data["name"])
        return self._respond(domain.pk)

    def partial_update(self, request: Request, ws: str, pk: int) -> Response:
        return self.update(request, ws, pk, partial=True)

    def destroy(self, request: Request, ws: str, pk: int) -> Response:
        domain = self.get_object()
        self.run_service(services.policy_domain_delete, domain=domain, actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- Transitions --------------------------------------------------------------------------------


class TransitionSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="display_name", read_only=True)
    programmes = ProgrammeRefSerializer(many=True, read_only=True)
    partnerships = PartnershipRefSerializer(many=True, read_only=True)

    class Meta:
        model = Transition
        fields = (
            "id",
            "key",
            "name",
            "age_from_months",
            "age_to_months",
            "parent_needs",
            "programmes",
            "partnerships",
        )
        read_only_fields = fields
        extra_kwargs = {"age_from_months": AGE_BOUNDS, "age_to_months": AGE_BOUNDS}


class TransitionInputSerializer(serializers.Serializer):
    parent_needs = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    programmes = serializers.PrimaryKeyRelatedField(
        many=True,
        queryset=Programme.objects.none(),
        required=False,
        help_text=_("Programme ids (replaces the list)."),
    )
    partnerships = serializers.PrimaryKeyRelatedField(
        many=True,
        queryset=Partnership.objects.none(),
        required=False,
        help_text=_("Partnership ids (replaces the list)."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        workspace = self.context.get("workspace")
        if workspace is not None:
            _scoped(self.fields["programmes"], Programme.objects.filter(workspace=workspace))
            _scoped(self.fields["partnerships"], Partnership.objects.filter(workspace=workspace))


@extend_schema(tags=["transitions"], parameters=[WORKSPACE_PARAMETER])
@extend_schema_view(
    list=extend_schema(summary="List the transitions of the line 0-21"),
    retrieve=extend_schema(
        summary="Get a transition", responses={200: TransitionSerializer, 404: OpenApiTypes.OBJECT}
    ),
    update=extend_schema(
        summary="Change what parents need at a transition and what is linked to it",
        description="Coordinators only. Lists given replace the linked programmes or partnerships.",
        request=TransitionInputSerializer,
        responses=_write_responses(TransitionSerializer),
    ),
    partial_update=extend_schema(
        summary="Change some of a transition",
        description="Coordinators only.",
        request=TransitionInputSerializer,
        responses=_write_responses(TransitionSerializer),
    ),
)
class TransitionViewSet(WorkspaceScopedViewSet):
    """The transitions (schakelmomenten) of the line 0-21, with linked programmes and partnerships."""

    serializer_class = TransitionSerializer

    def get_queryset(self) -> QuerySet[Transition]:
        return Transition.objects.prefetch_related(
            Prefetch(
                "programmes", queryset=Programme.objects.filter(archived_at__isnull=True).order_by("name")
            ),
            Prefetch(
                "partnerships", queryset=Partnership.objects.filter(archived_at__isnull=True).order_by("name")
            ),
        )

    def list(self, request: Request, ws: str) -> Response:
        selectors.ensure_setup(workspace=request.workspace)
        page = self.paginate_queryset(selectors.transition_overview(workspace=request.workspace))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request: Request, ws: str, pk: int) -> Response:
        return Response(self.get_serializer(self.get_object()).data)

    def update(self, request: Request, ws: str, pk: int, partial: bool = False) -> Response:
        transition = self.get_object()
        data = self._validated(TransitionInputSerializer)
        self.run_service(services.transition_update, transition=transition, actor=request.user, **data)
        return self._respond(transition.pk)

    def partial_update(self, request: Request, ws: str, pk: int) -> Response:
        return self.update(request, ws, pk, partial=True)


# --- Subsidies ----------------------------------------------------------------------------------

AMOUNT_KWARGS = {
    "max_digits": 12,
    "decimal_places": 2,
    "coerce_to_string": False,
    "min_value": Decimal("0"),
    "max_value": subsidies.MAX_AMOUNT,
}


class SubsidySerializer(serializers.ModelSerializer):
    organisation = OrganisationRefSerializer(read_only=True)
    programme = ProgrammeRefSerializer(read_only=True, allow_null=True)
    purpose_display = serializers.CharField(source="get_purpose_display", read_only=True)
    policy_domain = PolicyDomainRefSerializer(read_only=True, allow_null=True)
    neighbourhood = NeighbourhoodRefSerializer(read_only=True, allow_null=True)
    amount = serializers.DecimalField(read_only=True, help_text=_("In euro."), **AMOUNT_KWARGS)
    status_display = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Subsidy
        fields = (
            "id",
            "organisation",
            "programme",
            "purpose",
            "purpose_display",
            "description",
            "policy_domain",
            "neighbourhood",
            "amount",
            "start_date",
            "end_date",
            "conditions",
            "status",
            "status_display",
            "reference",
            "created_at",
            "updated_at",
        )
        read_only_fields = fields


class SubsidyInputSerializer(serializers.ModelSerializer):
    organisation = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.none())
    programme = serializers.PrimaryKeyRelatedField(
        queryset=Programme.objects.none(), required=False, allow_null=True
    )
    policy_domain = serializers.PrimaryKeyRelatedField(
        queryset=PolicyDomain.objects.none(), required=False, allow_null=True
    )
    neighbourhood = serializers.PrimaryKeyRelatedField(
        queryset=Neighbourhood.objects.none(), required=False, allow_null=True
    )
    amount = serializers.DecimalField(help_text=_("In euro, e.g. 1234.56."), **AMOUNT_KWARGS)

    class Meta:
        model = Subsidy
        fields = subsidies.SUBSIDY_FIELDS

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        workspace = self.context.get("workspace")
        if workspace is not None:
            _scoped(self.fields["organisation"], Organisation.objects.filter(workspace=workspace))
            _scoped(self.fields["programme"], Programme.objects.filter(workspace=workspace))
            _scoped(self.fields["policy_domain"], PolicyDomain.objects.filter(workspace=workspace))
            _scoped(self.fields["neighbourhood"], Neighbourhood.objects.filter(workspace=workspace))


class SubsidyFilterSerializer(serializers.Serializer):
    q = serializers.CharField(required=False, allow_blank=True, max_length=100, help_text=_("Search text."))
    year = serializers.IntegerField(
        required=False, min_value=1900, max_value=2100, help_text=_("Calendar year of the start date.")
    )
    status = serializers.ChoiceField(choices=Subsidy.Status.choices, required=False)
    purpose = serializers.ChoiceField(choices=Subsidy.Purpose.choices, required=False)
    organisation = serializers.IntegerField(
        required=False, min_value=1, max_value=MAX_ID, help_text=_("Organisation id.")
    )
    domain = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=40,
        help_text=_("Policy domain key; none: without a domain."),
    )
    programme = serializers.RegexField(
        r"^(\d{1,9}|none)$", required=False, help_text=_("Programme id; none: without a programme.")
    )
    neighbourhood = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=10,
        help_text=_("CBS code (a district includes its neighbourhoods); none: not for one neighbourhood."),
    )
    sort = serializers.ChoiceField(
        choices=[p + k for k in subsidies.SUBSIDY_SORTS for p in ("", "-")], required=False
    )


def _subsidy_filters(params: dict[str, Any]) -> subsidies.SubsidyFilters:
    programme = params.get("programme", "")
    return subsidies.SubsidyFilters(
        q=params.get("q", "").strip(),
        year=params.get("year"),
        status=params.get("status", ""),
        purpose=params.get("purpose", ""),
        organisation=params.get("organisation"),
        domain=params.get("domain", "").strip(),
        programme=int(programme) if programme.isdecimal() else None,
        programme_none=programme == "none",
        neighbourhood=params.get("neighbourhood", "").strip(),
        sort=params.get("sort", "") or "-start",
    )


class TotalRowSerializer(serializers.Serializer):
    key = serializers.CharField(help_text=_("The value for the matching list filter; none: not linked."))
    label = serializers.CharField()
    total = serializers.DecimalField(**AMOUNT_KWARGS)
    count = serializers.IntegerField(min_value=0, max_value=10_000_000)


class SubsidyTotalsSerializer(serializers.Serializer):
    grand_total = serializers.DecimalField(**AMOUNT_KWARGS)
    count = serializers.IntegerField(min_value=0, max_value=10_000_000)
    per_year = TotalRowSerializer(
        many=True, help_text=_("Per calendar year of the start date, newest first.")
    )
    per_domain = TotalRowSerializer(many=True)
    per_programme = TotalRowSerializer(many=True)
    per_neighbourhood = TotalRowSerializer(many=True)


SUBSIDY_EXAMPLE = OpenApiExample(
    "Preschool places",
    request_only=True,
    value={
        "organisation": 12,
        "purpose": "preschool",
        "description": "Early education places, 16 hours a week",
        "policy_domain": 2,
        "amount": "48250.00",
        "start_date": "2026-01-01",
        "end_date": "2026-12-31",
        "status": "granted",
        "reference": "2025-0412",
    },
)


@extend_schema(tags=["subsidies"], parameters=[WORKSPACE_PARAMETER])
@extend_schema_view(
    list=extend_schema(summary="List subsidies", parameters=[SubsidyFilterSerializer]),
    retrieve=extend_schema(
        summary="Get a subsidy", responses={200: SubsidySerializer, 404: OpenApiTypes.OBJECT}
    ),
    create=extend_schema(
        summary="Record a subsidy",
        description="Coordinators only. The amount is a number in euro, at least 0, at most two decimals.",
        request=SubsidyInputSerializer,
        responses=_write_responses(SubsidySerializer, created=True),
        examples=[SUBSIDY_EXAMPLE],
    ),
    update=extend_schema(
        summary="Replace a subsidy",
        description="Coordinators only.",
        request=SubsidyInputSerializer,
        responses=_write_responses(SubsidySerializer),
    ),
    partial_update=extend_schema(
        summary="Change some of a subsidy",
        description="Coordinators only.",
        request=SubsidyInputSerializer,
        responses=_write_responses(SubsidySerializer),
    ),
    destroy=extend_schema(
        summary="Delete a subsidy",
        description="Coordinators only. Recorded in the audit trail.",
        responses={204: None, 403: OpenApiTypes.OBJECT, 404: OpenApiTypes.OBJECT},
    ),
    totals=extend_schema(
        summary="Subsidy totals",
        description="Sums per calendar year of the start date, policy domain, programme and neighbourhood. "
        "Refused subsidies are not counted; the list filters apply.",
        parameters=[SubsidyFilterSerializer],
        responses={200: SubsidyTotalsSerializer, 400: OpenApiTypes.OBJECT, 404: OpenApiTypes.OBJECT},
    ),
)
class SubsidyViewSet(WorkspaceScopedViewSet):
    """The subsidy register: money from the municipality to organisations. Everyone reads; coordinators write."""

    serializer_class = SubsidySerializer

    def get_queryset(self) -> QuerySet[Subsidy]:
        return Subsidy.objects.select_related("organisation", "programme", "policy_domain", "neighbourhood")

    def list(self, request: Request, ws: str) -> Response:
        params = self.filter_params(SubsidyFilterSerializer)
        qs, _sort = subsidies.subsidy_list(workspace=request.workspace, filters=_subsidy_filters(params))
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @action(detail=False, methods=["get"])
    def totals(self, request: Request, ws: str) -> Response:
        params = self.filter_params(SubsidyFilterSerializer)
        totals = subsidies.subsidy_totals(workspace=request.workspace, filters=_subsidy_filters(params))
        return Response(SubsidyTotalsSerializer(totals).data)

    def retrieve(self, request: Request, ws: str, pk: int) -> Response:
        return Response(self.get_serializer(self.get_object()).data)

    def create(self, request: Request, ws: str) -> Response:
        data = self._validated(SubsidyInputSerializer)
        subsidy = self.run_service(
            subsidies.subsidy_create, workspace=request.workspace, actor=request.user, **data
        )
        return self._respond(subsidy.pk, status.HTTP_201_CREATED)

    def update(self, request: Request, ws: str, pk: int, partial: bool = False) -> Response:
        subsidy = self.get_object()
        data = self._validated(SubsidyInputSerializer, instance=subsidy, partial=partial)
        self.run_service(subsidies.subsidy_update, subsidy=subsidy, actor=request.user, **data)
        return self._respond(subsidy.pk)

    def partial_update(self, request: Request, ws: str, pk: int) -> Response:
        return self.update(request, ws, pk, partial=True)

    def destroy(self, request: Request, ws: str, pk: int) -> Response:
        subsidy = self.get_object()
        self.run_service(subsidies.subsidy_delete, subsidy=subsidy, actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
