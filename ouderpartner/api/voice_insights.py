"""Read-only API of the parent-voice insights across questionnaires and conversations (published aggregates)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from ouderpartner.api.analysis import ID, WorkspaceReadView
from ouderpartner.api.base import WORKSPACE_PARAMETER
from ouderpartner.api.serializers import PublishedCountSerializer
from ouderpartner.voice import overview as voice_overview
from ouderpartner.voice.overview import BREAKDOWNS, PERIODS, Breakdown, ThemeCounts


class InsightFilterSerializer(serializers.Serializer):
    period = serializers.ChoiceField(
        choices=list(PERIODS.items()),
        required=False,
        default=voice_overview.DEFAULT_PERIOD,
        help_text=gettext_lazy("Last 12 months (default), this year, last year or all time."),
    )
    breakdown = serializers.ChoiceField(
        choices=list(BREAKDOWNS.items()),
        required=False,
        allow_blank=True,
        help_text=gettext_lazy(
            "Break the tables down by neighbourhood, place, language or age of the child."
        ),
    )
    neighbourhood = serializers.IntegerField(
        required=False, help_text=gettext_lazy("Neighbourhood id."), **ID
    )
    place = serializers.IntegerField(required=False, help_text=gettext_lazy("Place (location) id."), **ID)
    language = serializers.CharField(
        required=False, allow_blank=True, max_length=5, help_text=gettext_lazy("Parent language code.")
    )


class ColumnSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()


class TableRowSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    cells = PublishedCountSerializer(many=True)
    total = PublishedCountSerializer(allow_null=True)


class TableSerializer(serializers.Serializer):
    threshold = serializers.IntegerField(min_value=5, max_value=1000)
    columns = ColumnSerializer(many=True)
    rows = TableRowSerializer(many=True)
    column_totals = PublishedCountSerializer(many=True)
    grand_total = PublishedCountSerializer(allow_null=True)


class CountItemSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    value = serializers.IntegerField(allow_null=True)
    suppressed = serializers.BooleanField()


class SharedQuestionSerializer(serializers.Serializer):
    name = serializers.CharField(
        help_text=gettext_lazy("The question's short name, the same in each questionnaire.")
    )
    text = serializers.CharField()
    table = TableSerializer(help_text=gettext_lazy("Rows: answers; columns: questionnaires (by id)."))


class VoiceInsightsSerializer(serializers.Serializer):
    threshold = serializers.IntegerField(min_value=5, max_value=1000)
    period = serializers.CharField()
    start = serializers.DateField(allow_null=True)
    end = serializers.DateField(allow_null=True)
    has_demo = serializers.BooleanField(help_text=gettext_lazy("True when demo answers are counted."))
    monthly = TableSerializer(help_text=gettext_lazy("Rows: months; columns: responses and conversations."))
    tags = TableSerializer(help_text=gettext_lazy("Conversations per tag, by the breakdown."))
    conversation_themes = CountItemSerializer(many=True)
    questionnaires = TableSerializer(help_text=gettext_lazy("Responses per questionnaire, by the breakdown."))
    answer_themes = CountItemSerializer(many=True, help_text=gettext_lazy("Open answers per accepted theme."))
    shared_questions = SharedQuestionSerializer(many=True)


def _table(breakdown: Breakdown) -> dict[str, Any]:
    return breakdown.as_json()


def _items(counts: ThemeCounts) -> list[dict[str, Any]]:
    return [
        {"key": str(key), "label": counts.labels[key], **count.as_json()}
        for key, count in counts.series.counts.items()
    ]


@extend_schema(
    tags=["voice"],
    summary="Insights across questionnaires and conversations",
    description="Published aggregates of every submitted questionnaire response and conversation record in the "
    "workspace: per month, conversations per tag, the four conversation themes, responses per questionnaire, "
    "open answers per accepted theme, and questions asked in several questionnaires counted together. Every "
    "figure is published by the disclosure rules (hidden under k, rounded to 5, secondary suppression). Every "
    "member reads it. An unknown filter value is a 400.",
    parameters=[WORKSPACE_PARAMETER, InsightFilterSerializer],
    responses={200: VoiceInsightsSerializer, 400: OpenApiTypes.OBJECT, 404: OpenApiTypes.OBJECT},
)
class VoiceInsightsView(WorkspaceReadView):
    serializer_class = VoiceInsightsSerializer

    def get(self, request: Request, ws: str) -> Response:
        params = InsightFilterSerializer(data=request.query_params.dict())
        params.is_valid(raise_exception=True)
        query = {key: str(value) for key, value in params.validated_data.items() if value not in ("", None)}
        result = voice_overview.voice_overview(
            workspace=request.workspace, params=query, language=get_language() or "nl"
        )
        errors = {}
        for name, known in (
            ("neighbourhood", result.neighbourhoods),
            ("place", result.places),
            ("language", result.languages),
        ):
            value = params.validated_data.get(name)
            if value not in (None, "") and value not in known:
                errors[name] = [_("There are no answers or conversations for this value in the workspace.")]
        if errors:
            raise serializers.ValidationError(errors)
        data = {
            "threshold": result.threshold,
            "period": result.filters.period,
            "start": result.start,
            "end": result.end,
            "has_demo": result.has_demo,
            "monthly": _table(result.monthly),
            "tags": _table(result.tags),
            "conversation_themes": _items(result.conversation_themes),
            "questionnaires": _table(result.questionnaires),
            "answer_themes": _items(result.answer_themes),
            "shared_questions": [
                {"name": shared.name, "text": shared.text, "table": _table(shared.breakdown)}
                for shared in result.shared_questions
            ],
        }
        return Response(VoiceInsightsSerializer(data).data)
