"""Read-only API of the continuous line 0-21 (with its gaps) and the integral matrix, for every member."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import generics, serializers
from rest_framework.request import Request
from rest_framework.response import Response

from ouderpartner.api.base import WORKSPACE_PARAMETER, WorkspaceMemberPermission
from ouderpartner.api.serializers import PublishedCountSerializer
from ouderpartner.core.models import Membership
from ouderpartner.network.models import Neighbourhood
from ouderpartner.programmes import analysis
from ouderpartner.programmes.models import MAX_AGE_MONTHS, Audience, Programme
from ouderpartner.programmes.selectors import ensure_setup

# Fixed bounds, so that the schema does not depend on the database's integer ranges.
MAX_ID = 2_147_483_647
MAX_COUNT = 10_000_000
ID = {"min_value": 1, "max_value": MAX_ID}
AGE = {"min_value": 0, "max_value": MAX_AGE_MONTHS}
COUNT = {"min_value": 0, "max_value": MAX_COUNT}


class WorkspaceReadView(generics.GenericAPIView):
    """A read-only view under /api/workspaces/{ws}/: every member reads, a non-member gets 404."""

    permission_classes = [WorkspaceMemberPermission]
    pagination_class = None

    def can_write(self, membership: Membership) -> bool:
        return False


# --- The continuous line ------------------------------------------------------------------------


class LineFilterSerializer(serializers.Serializer):
    neighbourhood = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=10,
        help_text=gettext_lazy(
            "CBS code of a district (wijk, with its neighbourhoods) or a neighbourhood (buurt): only "
            "programmes with a current offering there count."
        ),
    )
    group_by = serializers.ChoiceField(
        choices=list(analysis.GROUP_BY_CHOICES.items()),
        required=False,
        default="domain",
        help_text=gettext_lazy("Group the bars by policy domain (default) or by kind of organisation."),
    )


class AgeAxisSerializer(serializers.Serializer):
    from_months = serializers.IntegerField(**AGE)
    to_months = serializers.IntegerField(**AGE)
    unit = serializers.CharField(help_text=gettext_lazy("Always months."))


class SelectedNeighbourhoodSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    level = serializers.ChoiceField(choices=Neighbourhood.Level.choices)


class LineTransitionSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk", **ID)
    key = serializers.CharField()
    name = serializers.CharField()
    age_from_months = serializers.IntegerField(**AGE)
    age_to_months = serializers.IntegerField(**AGE)
    covered = serializers.BooleanField(
        help_text=gettext_lazy(
            "True when a programme for parents is linked to the transition or its ages overlap it."
        )
    )
    covering_programmes = serializers.ListField(
        child=serializers.CharField(),
        help_text=gettext_lazy("Names of the programmes for parents covering it."),
    )


class LineProgrammeSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk", **ID)
    name = serializers.CharField()
    kind = serializers.ChoiceField(choices=Programme.Kind.choices)
    age_from_months = serializers.IntegerField(**AGE)
    age_to_months = serializers.IntegerField(**AGE)
    age_label = serializers.CharField(help_text=gettext_lazy("The ages in words, in the user's language."))
    audience = serializers.ChoiceField(choices=Audience.choices)
    audience_display = serializers.CharField(source="audience_label")
    for_parents = serializers.BooleanField(
        source="reaches_parents",
        help_text=gettext_lazy("For parents, or for parents with children: counts for the gaps."),
    )
    domains = serializers.ListField(
        child=serializers.CharField(), help_text=gettext_lazy("Policy domain names.")
    )
    transitions = serializers.ListField(
        child=serializers.CharField(), help_text=gettext_lazy("Names of the linked transitions.")
    )
    organisations = serializers.ListField(
        child=serializers.CharField(),
        help_text=gettext_lazy(
            "Organisations with a current offering (in the neighbourhood, when filtered)."
        ),
    )


class LineGroupSerializer(serializers.Serializer):
    key = serializers.CharField(
        help_text=gettext_lazy(
            "Policy domain id or organisation kind; 'none': no policy domain; 'not_offered': nobody offers it."
        )
    )
    label = serializers.CharField()
    programmes = LineProgrammeSerializer(many=True)


class AgeGapSerializer(serializers.Serializer):
    age_from_months = serializers.IntegerField(**AGE)
    age_to_months = serializers.IntegerField(
        help_text=gettext_lazy("Exclusive: the gap ends where this age begins."), **AGE
    )
    label = serializers.CharField()


class UncoveredTransitionSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk", **ID)
    key = serializers.CharField()
    name = serializers.CharField()


class AreaWithoutOfferingSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk", **ID)
    code = serializers.CharField()
    name = serializers.CharField()
    district = serializers.CharField(help_text=gettext_lazy("Name of its district; empty when unknown."))
    children_0_14 = serializers.SerializerMethodField(
        help_text=gettext_lazy("Children aged 0-14 (CBS), as published.")
    )

    @extend_schema_field(PublishedCountSerializer)
    def get_children_0_14(self, area: analysis.AreaWithoutOffering) -> dict[str, Any]:
        return area.children_0_14.as_json()


class LineGapsSerializer(serializers.Serializer):
    age_bands = AgeGapSerializer(
        many=True, source="age_gaps", help_text=gettext_lazy("Age bands without a programme for parents.")
    )
    transitions = UncoveredTransitionSerializer(
        many=True,
        source="uncovered_transitions",
        help_text=gettext_lazy("Transitions without a programme for parents."),
    )
    neighbourhoods = AreaWithoutOfferingSerializer(
        many=True,
        source="areas_without_offering",
        help_text=gettext_lazy("Neighbourhoods with children and no current offering."),
    )


class ContinuousLineSerializer(serializers.Serializer):
    group_by = serializers.ChoiceField(choices=list(analysis.GROUP_BY_CHOICES.items()))
    neighbourhood = SelectedNeighbourhoodSerializer(allow_null=True)
    age_axis = serializers.SerializerMethodField()
    transitions = LineTransitionSerializer(many=True)
    groups = LineGroupSerializer(many=True)
    gaps = LineGapsSerializer(source="*")

    @extend_schema_field(AgeAxisSerializer)
    def get_age_axis(self, line: analysis.ContinuousLine) -> dict[str, Any]:
        return {"from_months": 0, "to_months": MAX_AGE_MONTHS, "unit": "months"}


@extend_schema(
    tags=["analysis"],
    summary="The continuous line 0-21 and its gaps",
    description="Every current programme as a bar over its ages (in months), grouped by policy domain or by "
    "kind of organisation, with the transitions and the gaps: age bands and transitions without a programme "
    "for parents, and neighbourhoods with children but no current offering (children as published). "
    "Every member reads it. An unknown `neighbourhood` or `group_by` is a 400.",
    parameters=[WORKSPACE_PARAMETER, LineFilterSerializer],
    responses={200: ContinuousLineSerializer, 400: OpenApiTypes.OBJECT, 404: OpenApiTypes.OBJECT},
)
class ContinuousLineView(WorkspaceReadView):
    serializer_class = ContinuousLineSerializer

    def get(self, request: Request, ws: str) -> Response:
        params = LineFilterSerializer(data=request.query_params.dict())
        params.is_valid(raise_exception=True)
        code = params.validated_data.get("neighbourhood", "").strip()
        ensure_setup(workspace=request.workspace)
        line = analysis.continuous_line(
            workspace=request.workspace,
            neighbourhood=code or None,
            group_by=params.validated_data["group_by"],
        )
        if code and line.neighbourhood is None:
            raise serializers.ValidationError(
                {
                    "neighbourhood": [
                        _("There is no district or neighbourhood with this code in the workspace.")
                    ]
                }
            )
        return Response(ContinuousLineSerializer(line, context={"request": request}).data)


# --- The integral matrix ------------------------------------------------------------------------


class DomainRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk", **ID)
    key = serializers.CharField()
    name = serializers.CharField()


class MatrixDomainSerializer(DomainRefSerializer):
    programme_count = serializers.IntegerField(help_text=gettext_lazy("Programmes in this domain."), **COUNT)
    parent_programme_count = serializers.IntegerField(
        help_text=gettext_lazy("Of which for parents (or parents with children)."), **COUNT
    )
    organisation_count = serializers.IntegerField(
        help_text=gettext_lazy("Organisations offering a programme of this domain."), **COUNT
    )
    without_parent_programme = serializers.BooleanField(
        help_text=gettext_lazy("True when no programme for parents is in this domain (an empty domain).")
    )


class MatrixRowSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk", **ID)
    name = serializers.CharField()
    detail = serializers.CharField(
        help_text=gettext_lazy("For a programme: who it is for; for an organisation: its kind.")
    )
    cells = serializers.ListField(
        child=serializers.BooleanField(),
        help_text=gettext_lazy("One per policy domain, in the order of `domains`: true when linked."),
    )
    count = serializers.IntegerField(help_text=gettext_lazy("The number of domains of this row."), **COUNT)


class MatrixProgrammeRowSerializer(MatrixRowSerializer):
    for_parents = serializers.BooleanField(source="reaches_parents")


class IntegralMatrixSerializer(serializers.Serializer):
    domains = MatrixDomainSerializer(many=True, help_text=gettext_lazy("The columns, in order."))
    programmes = MatrixProgrammeRowSerializer(many=True, source="programme_rows")
    organisations = MatrixRowSerializer(many=True, source="organisation_rows")
    programme_total = serializers.IntegerField(**COUNT)
    parent_programme_total = serializers.IntegerField(**COUNT)
    organisation_total = serializers.SerializerMethodField()
    empty_domains = DomainRefSerializer(
        many=True,
        source="domains_without_parent_programme",
        help_text=gettext_lazy("Policy domains without any programme for parents."),
    )

    @extend_schema_field(serializers.IntegerField(**COUNT))
    def get_organisation_total(self, matrix: analysis.IntegralMatrix) -> int:
        return len(matrix.organisation_rows)


@extend_schema(
    tags=["analysis"],
    summary="The integral matrix",
    description="Current programmes × policy domains and organisations × policy domains (an organisation is "
    "in a domain when it offers a programme of that domain), with counts per domain and the domains without "
    "a programme for parents. Every member reads it.",
    parameters=[WORKSPACE_PARAMETER],
    responses={200: IntegralMatrixSerializer, 404: OpenApiTypes.OBJECT},
)
class IntegralMatrixView(WorkspaceReadView):
    serializer_class = IntegralMatrixSerializer

    def get(self, request: Request, ws: str) -> Response:
        ensure_setup(workspace=request.workspace)
        matrix = analysis.integral_matrix(workspace=request.workspace)
        return Response(IntegralMatrixSerializer(matrix, context={"request": request}).data)
