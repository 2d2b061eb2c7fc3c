"""The meetings part of the workspace API (read-only): meetings with their prompts, and published results.

Every member of the workspace reads. Results are the same disclosure-controlled figures as the results
page, PDF and XLSX (`results.published_results`): `{"value", "suppressed"}` objects, never raw counts;
texts only where the results page shows them. Running a meeting happens on the screens and over the
WebSocket, not through this API.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from ouderpartner.api.base import WORKSPACE_PARAMETER, WorkspaceScopedViewSet
from ouderpartner.api.serializers import PublishedCountSerializer
from ouderpartner.live import selectors
from ouderpartner.live.models import LiveSession, Prompt, PromptOption
from ouderpartner.live.results import PublishedPrompt, PublishedSession, published_results
from ouderpartner.stats.values import PublishedCount


def _texts(help_text: Any) -> serializers.DictField:
    return serializers.DictField(child=serializers.CharField(), read_only=True, help_text=help_text)


class MeetingOptionSerializer(serializers.ModelSerializer):
    label = _texts(_("The label per language code."))

    class Meta:
        model = PromptOption
        fields = ("id", "position", "value", "label", "pictogram")
        read_only_fields = fields


class MeetingPromptSerializer(serializers.ModelSerializer):
    text = _texts(_("The question per language code."))
    scale_labels = _texts(_("Per language code the words at both ends of a scale, as “low|high”."))
    options = MeetingOptionSerializer(many=True, read_only=True)

    class Meta:
        model = Prompt
        fields = (
            "id",
            "position",
            "kind",
            "text",
            "max_choices",
            "scale_min",
            "scale_max",
            "scale_style",
            "scale_labels",
            "max_length",
            "max_entries",
            "hide_results",
            "collect",
            "options",
        )
        read_only_fields = fields


class MeetingOrganisationSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)


class MeetingSerializer(serializers.ModelSerializer):
    title = _texts(_("The title per language code."))
    languages = serializers.ListField(child=serializers.CharField(), read_only=True)
    organisation = MeetingOrganisationSerializer(
        read_only=True, allow_null=True, help_text=_("The partner that runs it; null for the municipality.")
    )
    prompts = MeetingPromptSerializer(many=True, read_only=True)

    class Meta:
        model = LiveSession
        fields = (
            "id",
            "title",
            "code",
            "status",
            "languages",
            "organisation",
            "scheduled_for",
            "started_at",
            "closed_at",
            "template_key",
            "is_demo",
            "prompts",
            "created_at",
            "updated_at",
        )
        read_only_fields = fields


class MeetingFilterSerializer(serializers.Serializer):
    q = serializers.CharField(required=False, max_length=100, help_text=_("Search in the title or the code."))
    status = serializers.ChoiceField(choices=LiveSession.Status.choices, required=False)


# --- Results ------------------------------------------------------------------------------------------


class MeetingOptionResultSerializer(serializers.Serializer):
    value = serializers.CharField()
    label = _texts(_("The label per language code."))
    participants = PublishedCountSerializer()


class MeetingScaleResultSerializer(serializers.Serializer):
    value = serializers.IntegerField()
    participants = PublishedCountSerializer()


class MeetingRankingResultSerializer(serializers.Serializer):
    value = serializers.CharField()
    points = serializers.IntegerField(
        help_text=_("Borda points: first place earns as many as there are options.")
    )


class MeetingWordResultSerializer(serializers.Serializer):
    text = serializers.CharField()
    count = PublishedCountSerializer()


class MeetingTextResultSerializer(serializers.Serializer):
    text = serializers.CharField()
    upvotes = PublishedCountSerializer(allow_null=True)
    group = serializers.CharField()


class MeetingMeanSerializer(serializers.Serializer):
    value = serializers.FloatField(allow_null=True)
    suppressed = serializers.BooleanField()


class MeetingPromptResultSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    text = _texts(_("The question per language code."))
    respondents = PublishedCountSerializer(help_text=_("Participants who answered."))
    options = MeetingOptionResultSerializer(many=True)
    scale = MeetingScaleResultSerializer(many=True)
    mean = MeetingMeanSerializer(allow_null=True, help_text=_("Only for groups of at least k."))
    ranking = MeetingRankingResultSerializer(
        many=True, help_text=_("Empty when fewer than k participants ranked.")
    )
    ranking_hidden = serializers.BooleanField()
    words = MeetingWordResultSerializer(many=True)
    texts = MeetingTextResultSerializer(
        many=True, help_text=_("Approved texts; only for prompts with at least 10.")
    )
    texts_hidden = serializers.BooleanField()


class MeetingLanguageResultSerializer(serializers.Serializer):
    language = serializers.CharField()
    participants = PublishedCountSerializer()


class MeetingResultsSerializer(serializers.Serializer):
    threshold = serializers.IntegerField(help_text=_("The workspace's disclosure threshold k."))
    participants = PublishedCountSerializer()
    languages = MeetingLanguageResultSerializer(many=True)
    prompts = MeetingPromptResultSerializer(many=True)


def _count(count: PublishedCount) -> dict[str, Any]:
    return count.as_json()


def _prompt_json(item: PublishedPrompt) -> dict[str, Any]:
    prompt = item.prompt
    mean = item.mean
    return {
        "id": prompt.pk,
        "kind": prompt.kind,
        "text": prompt.text,
        "respondents": _count(item.respondents),
        "options": [
            {"value": option.value, "label": option.label, "participants": _count(count)}
            for option, count in item.options
        ],
        "scale": [{"value": value, "participants": _count(count)} for value, count in item.scale],
        "mean": {"value": mean.value, "suppressed": mean.suppressed} if mean is not None else None,
        "ranking": [{"value": option.value, "points": points} for option, points in item.ranking],
        "ranking_hidden": item.ranking_hidden,
        "words": [{"text": text, "count": _count(count)} for text, count in item.words],
        "texts": [
            {
                "text": entry["text"],
                "upvotes": _count(entry["published_upvotes"]) if prompt.kind == Prompt.Kind.QA else None,
                "group": entry["group"],
            }
            for entry in item.entries
        ],
        "texts_hidden": item.texts_hidden,
    }


def results_json(published: PublishedSession) -> dict[str, Any]:
    """Only published values leave this function."""
    return {
        "threshold": published.threshold,
        "participants": _count(published.participants),
        "languages": [
            {"language": code, "participants": _count(count)}
            for code, count in published.languages.counts.items()
        ],
        "prompts": [_prompt_json(item) for item in published.prompts],
    }


def _prompts_prefetch() -> Prefetch:
    return Prefetch(
        "prompts",
        queryset=Prompt.objects.order_by("position", "id").prefetch_related(
            Prefetch("options", queryset=PromptOption.objects.order_by("position", "id"))
        ),
    )


@extend_schema(tags=["meetings"], parameters=[WORKSPACE_PARAMETER])
@extend_schema_view(
    list=extend_schema(
        summary="List meetings",
        description="Live meetings of the workspace with their prompts and options, every text per language code.",
        parameters=[MeetingFilterSerializer],
    ),
    retrieve=extend_schema(
        summary="Get a meeting", responses={200: MeetingSerializer, 404: OpenApiTypes.OBJECT}
    ),
    results=extend_schema(
        summary="The published results of a meeting",
        description="Every member reads them. The same figures as the results page: counts rounded to 5 or "
        "hidden below the workspace's threshold k (with secondary suppression), means and rankings only "
        "for at least k participants, texts only approved and only for prompts with at least 10 participants.",
        responses={200: MeetingResultsSerializer, 404: OpenApiTypes.OBJECT},
    ),
)
class MeetingViewSet(WorkspaceScopedViewSet):
    """Meetings (read-only). Every member reads; running them happens on the screens."""

    serializer_class = MeetingSerializer

    def get_queryset(self) -> QuerySet[LiveSession]:
        return LiveSession.objects.select_related("organisation").prefetch_related(_prompts_prefetch())

    def list(self, request: Request, ws: str) -> Response:
        params = self.filter_params(MeetingFilterSerializer)
        filters = selectors.SessionFilters(q=params.get("q", "").strip(), status=params.get("status", ""))
        qs = selectors.session_list(
            workspace=request.workspace, filters=filters, membership=request.membership
        )
        return self._paginated(qs.prefetch_related(_prompts_prefetch()))

    def retrieve(self, request: Request, ws: str, pk: int) -> Response:
        return Response(self.get_serializer(self.get_object()).data)

    @action(detail=True, methods=["get"])
    def results(self, request: Request, ws: str, pk: int) -> Response:
        session = self.get_object()
        return Response(results_json(published_results(session=session)))
