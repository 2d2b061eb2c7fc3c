"""Read-only API of the reach dashboard: the same published aggregates as the page, nothing else."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from ouderpartner.api.analysis import ID, WorkspaceReadView
from ouderpartner.api.base import WORKSPACE_PARAMETER
from ouderpartner.api.serializers import PublishedCountSerializer
from ouderpartner.reach.models import ActivityKind
from ouderpartner.reach.selectors import ReachBreakdown, filter_options, reach_dashboard


class ReachFilterSerializer(serializers.Serializer):
    period = serializers.RegexField(
        r"^(12m|all|sy\d{4}|y\d{4})$",
        required=False,
        default="12m",
        help_text=gettext_lazy(
            "12m (the last 12 months, default), all, a school year as sy2025 (1 August 2025 - 31 July 2026) "
            "or a calendar year as y2025."
        ),
    )
    programme = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=12,
        help_text=gettext_lazy("Programme id, or 'none' for activities without a programme."),
    )
    kind = serializers.ChoiceField(
        choices=ActivityKind.choices,
        required=False,
        allow_blank=True,
        help_text=gettext_lazy("Kind of activity."),
    )
    district = serializers.IntegerField(
        required=False, help_text=gettext_lazy("District (wijk) id: the rows become its areas."), **ID
    )


class PublishedPercentageSerializer(serializers.Serializer):
    value = serializers.IntegerField(
        allow_null=True, help_text=gettext_lazy("Whole percent; null when hidden or not applicable.")
    )
    suppressed = serializers.BooleanField()


class ReachRowSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    parents = PublishedCountSerializer(help_text=gettext_lazy("All parents at the activities (contacts)."))
    target_group_parents = PublishedCountSerializer()
    other_parents = PublishedCountSerializer()
    first_time_parents = PublishedCountSerializer()
    activities = PublishedCountSerializer()
    estimate = PublishedCountSerializer(
        required=False,
        help_text=gettext_lazy("Estimated target-group toddlers and children (neighbourhoods)."),
    )
    rate = PublishedPercentageSerializer(
        required=False,
        help_text=gettext_lazy("Target-group contacts per estimated target-group child (can exceed 100)."),
    )


class ReachBreakdownSerializer(serializers.Serializer):
    threshold = serializers.IntegerField(min_value=5, max_value=1000)
    rows = ReachRowSerializer(many=True)
    total = ReachRowSerializer(
        allow_null=True, help_text=gettext_lazy("Null where rows overlap (languages).")
    )


class ReachDashboardSerializer(serializers.Serializer):
    threshold = serializers.IntegerField(min_value=5, max_value=1000)
    period = serializers.CharField()
    start = serializers.DateField(allow_null=True)
    end = serializers.DateField(allow_null=True)
    estimate_year = serializers.IntegerField(allow_null=True)
    neighbourhoods = ReachBreakdownSerializer(
        help_text=gettext_lazy("Per district, or per area of the district filtered on.")
    )
    programmes = ReachBreakdownSerializer()
    places = ReachBreakdownSerializer()
    organisation_kinds = ReachBreakdownSerializer()
    activity_kinds = ReachBreakdownSerializer()
    languages = ReachBreakdownSerializer(
        help_text=gettext_lazy("Parents at activities in each language; an activity can count in several.")
    )
    monthly = ReachBreakdownSerializer()
    school_years = ReachBreakdownSerializer(help_text=gettext_lazy("All school years, whatever the period."))


def _json(breakdown: ReachBreakdown) -> dict[str, Any]:
    return breakdown.as_json()


@extend_schema(
    tags=["reach"],
    summary="Reach dashboard (published aggregates)",
    description="The reach dashboard's figures: parents at the partners' activities per neighbourhood (with the "
    "target-group estimate and rate where one exists), programme, place, kind of organisation, kind of activity, "
    "language, month and school year. Parents are counted per activity (contacts). Every figure is published by "
    "the disclosure rules (hidden under k, secondary suppression, rounded to 5). Every member reads it. An unknown "
    "filter value is a 400.",
    parameters=[WORKSPACE_PARAMETER, ReachFilterSerializer],
    responses={200: ReachDashboardSerializer, 400: OpenApiTypes.OBJECT, 404: OpenApiTypes.OBJECT},
)
class ReachDashboardView(WorkspaceReadView):
    serializer_class = ReachDashboardSerializer

    def get(self, request: Request, ws: str) -> Response:
        params = ReachFilterSerializer(data=request.query_params.dict())
        params.is_valid(raise_exception=True)
        query = {key: str(value) for key, value in params.validated_data.items() if value not in ("", None)}
        periods, programmes, districts = filter_options(request.workspace)
        errors = {}
        if query.get("period", "12m") not in periods:
            errors["period"] = [_("There are no activities in this period.")]
        if query.get("programme") not in (None, "none") and query["programme"] not in {
            str(p) for p in programmes
        }:
            errors["programme"] = [_("There is no such programme in the workspace.")]
        if "district" in query and int(query["district"]) not in districts:
            errors["district"] = [_("There is no such district in the workspace.")]
        if errors:
            raise serializers.ValidationError(errors)
        dashboard = reach_dashboard(workspace=request.workspace, params=query)
        data = {
            "threshold": dashboard.threshold,
            "period": dashboard.filters.period,
            "start": dashboard.period.start,
            "end": dashboard.period.end or (timezone.localdate() if dashboard.period.start else None),
            "estimate_year": dashboard.estimate_year,
            "neighbourhoods": _json(dashboard.neighbourhoods),
            "programmes": _json(dashboard.programme_breakdown),
            "places": _json(dashboard.places),
            "organisation_kinds": _json(dashboard.organisation_kinds),
            "activity_kinds": _json(dashboard.activity_kinds),
            "languages": _json(dashboard.languages),
            "monthly": _json(dashboard.monthly),
            "school_years": _json(dashboard.school_years),
        }
        return Response(ReachDashboardSerializer(data).data)
