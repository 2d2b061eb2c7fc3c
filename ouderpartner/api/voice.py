"""The parent-voice part of the workspace API: questionnaires, distributions and conversation records.

Writes go through the voice services (`voice/services.py`, `voice/distributions.py`); reads of conversation
records through `voice/conversations.py`, so the API shows exactly what the screens show.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from ouderpartner.api.base import WORKSPACE_PARAMETER, WorkspaceScopedViewSet
from ouderpartner.core.audit import audit_view
from ouderpartner.core.languages import language_choices
from ouderpartner.core.models import Membership
from ouderpartner.network.models import Location
from ouderpartner.programmes.models import Programme
from ouderpartner.voice import conversations as records
from ouderpartner.voice import distributions as dist
from ouderpartner.voice import insights, recordings, selectors, services
from ouderpartner.voice.models import Conversation, Distribution, Option, Question, Questionnaire

MAX_TEXT = 5000
SMALL_INT = {"min_value": 0, "max_value": 32767}


def _write_responses(serializer: Any, created: bool = False) -> dict[int, Any]:
    return {
        201 if created else 200: serializer,
        400: OpenApiTypes.OBJECT,
        403: OpenApiTypes.OBJECT,
        404: OpenApiTypes.OBJECT,
    }


def _texts(help_text: Any, required: bool = False) -> serializers.DictField:
    """A per-language text: {"nl": "...", "ar": "..."}."""
    return serializers.DictField(
        child=serializers.CharField(allow_blank=True, max_length=MAX_TEXT),
        required=required,
        help_text=help_text,
    )


def _read_texts(help_text: Any) -> serializers.DictField:
    return serializers.DictField(child=serializers.CharField(), read_only=True, help_text=help_text)


def _recording_urls(
    serializer: serializers.Serializer, questionnaire_id: int, audio: object
) -> dict[str, str]:
    """{language: URL} of the uploaded recordings; names of recordings still to upload are left out."""
    request = serializer.context.get("request")
    urls = {}
    for code, value in audio.items() if isinstance(audio, dict) else []:
        url = recordings.url(questionnaire_id, value)
        if url:
            urls[code] = request.build_absolute_uri(url) if request is not None else url
    return urls


RECORDINGS_FIELD = serializers.DictField(
    child=serializers.URLField(),
    help_text=_("The URL of the uploaded recording per language code (only languages that have one)."),
)


# --- Questionnaires -----------------------------------------------------------------------------


class OptionSerializer(serializers.ModelSerializer):
    position = serializers.IntegerField(read_only=True, **SMALL_INT)
    label = _read_texts(_("The label per language code."))
    audio = serializers.SerializerMethodField()

    class Meta:
        model = Option
        fields = ("id", "position", "value", "label", "pictogram", "audio")
        read_only_fields = fields

    @extend_schema_field(RECORDINGS_FIELD)
    def get_audio(self, option: Option) -> dict[str, str]:
        return _recording_urls(self, option.question.questionnaire_id, option.audio)


class QuestionSerializer(serializers.ModelSerializer):
    position = serializers.IntegerField(read_only=True, **SMALL_INT)
    text = _read_texts(_("The question per language code."))
    hint = _read_texts(_("The hint per language code."))
    scale_min = serializers.IntegerField(read_only=True, min_value=0, max_value=10)
    scale_max = serializers.IntegerField(read_only=True, min_value=0, max_value=10)
    show_if_question = serializers.PrimaryKeyRelatedField(
        read_only=True, allow_null=True, help_text=_("Shown only if this question (id) has the answer below.")
    )
    options = OptionSerializer(many=True, read_only=True)
    audio = serializers.SerializerMethodField()

    class Meta:
        model = Question
        fields = (
            "id",
            "position",
            "name",
            "kind",
            "text",
            "hint",
            "required",
            "scale_min",
            "scale_max",
            "show_if_question",
            "show_if_value",
            "audio",
            "options",
        )
        read_only_fields = fields

    @extend_schema_field(RECORDINGS_FIELD)
    def get_audio(self, question: Question) -> dict[str, str]:
        return _recording_urls(self, question.questionnaire_id, question.audio)


class QuestionnaireSerializer(serializers.ModelSerializer):
    title = _read_texts(_("The title per language code."))
    intro = _read_texts(_("The introduction per language code."))
    thank_you = _read_texts(_("The thank-you text per language code."))
    languages = serializers.ListField(
        child=serializers.ChoiceField(choices=language_choices()), read_only=True
    )
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    questions = QuestionSerializer(many=True, read_only=True)
    audio = serializers.SerializerMethodField()

    class Meta:
        model = Questionnaire
        fields = (
            "id",
            "title",
            "intro",
            "thank_you",
            "languages",
            "status",
            "status_display",
            "template_key",
            "audio",
            "questions",
            "created_at",
            "updated_at",
        )
        read_only_fields = fields

    @extend_schema_field(
        serializers.DictField(
            child=serializers.DictField(child=serializers.URLField()),
            help_text=_(
                "The URLs of the uploaded recordings of the title, intro and thank_you texts, per language code."
            ),
        )
    )
    def get_audio(self, questionnaire: Questionnaire) -> dict[str, dict[str, str]]:
        audio = questionnaire.audio if isinstance(questionnaire.audio, dict) else {}
        result = {}
        for text in recordings.QUESTIONNAIRE_TEXTS:
            urls = _recording_urls(self, questionnaire.pk, audio.get(text))
            if urls:
                result[text] = urls
        return result


class QuestionnaireInputSerializer(serializers.Serializer):
    title = _texts(_("The title per language code; Dutch (nl) is required."), required=True)
    languages = serializers.ListField(
        child=serializers.ChoiceField(choices=language_choices()),
        help_text=_("The language codes it is offered in."),
    )
    intro = _texts(_("The introduction per language code."))
    thank_you = _texts(_("The thank-you text per language code."))


class QuestionnaireFilterSerializer(serializers.Serializer):
    q = serializers.CharField(required=False, allow_blank=True, max_length=100, help_text=_("Search text."))
    status = serializers.ChoiceField(
        choices=Questionnaire.Status.choices,
        required=False,
        help_text=_("Without a status, archived questionnaires are left out."),
    )


def _questions_prefetch() -> Prefetch:
    """The questions in order, each with its options in order: two queries for any number of rows."""
    options = Prefetch("options", queryset=Option.objects.order_by("position", "id"))
    return Prefetch(
        "questions", queryset=Question.objects.prefetch_related(options).order_by("position", "id")
    )


class PublishedValueSerializer(serializers.Serializer):
    """A figure about parents as published by the disclosure rules: never a raw count."""

    value = serializers.FloatField(
        allow_null=True, help_text=_("The published figure; null when it is hidden (suppressed) or empty.")
    )
    suppressed = serializers.BooleanField(
        help_text=_("True when the figure is hidden by the disclosure rules.")
    )


class ResultColumnSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()


class ResultRowSerializer(serializers.Serializer):
    value = serializers.CharField(help_text=_("The option value, yes/no, or the point of the scale."))
    label = serializers.CharField()
    cells = PublishedValueSerializer(many=True, help_text=_("One per column, in the order of `columns`."))
    total = PublishedValueSerializer(allow_null=True)


class ResultThemeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    language = serializers.CharField(
        allow_blank=True,
        help_text=_("Language code of its answers; empty when they are in several languages."),
    )
    answers = PublishedValueSerializer(help_text=_("How many open answers belong to the theme (published)."))


class QuestionResultSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    kind = serializers.ChoiceField(choices=Question.Kind.choices)
    text = serializers.CharField()
    rows = ResultRowSerializer(many=True, help_text=_("Answer counts (choice, yes/no and scale questions)."))
    column_totals = PublishedValueSerializer(many=True)
    mean = PublishedValueSerializer(allow_null=True, help_text=_("The mean (number questions)."))
    answered = PublishedValueSerializer(allow_null=True, help_text=_("How many answered (number questions)."))
    open_answers = PublishedValueSerializer(
        allow_null=True, help_text=_("How many open answers were given (text questions); never the texts.")
    )
    themes = ResultThemeSerializer(
        many=True,
        help_text=_(
            "Themes a coordinator accepted in the open answers (text questions), largest first; only where "
            "open answers may be read (at least 10 parents in the selection)."
        ),
    )


class ResultFeedbackSerializer(serializers.Serializer):
    theme = serializers.CharField(
        help_text=_("The accepted theme in parents' answers it is about; empty when none.")
    )
    said = serializers.CharField(
        help_text=_(
            "What parents said, in the language of the request (Dutch where it is missing); may be empty."
        )
    )
    done = serializers.CharField(
        help_text=_("What was done, in the language of the request (Dutch where it is missing).")
    )


class QuestionnaireResultsSerializer(serializers.Serializer):
    threshold = serializers.IntegerField(
        min_value=1, max_value=1000, help_text=_("The workspace's disclosure threshold k.")
    )
    responses = PublishedValueSerializer()
    has_demo = serializers.BooleanField(help_text=_("True when demo answers are counted."))
    columns = ResultColumnSerializer(many=True)
    questions = QuestionResultSerializer(many=True)
    feedback = ResultFeedbackSerializer(
        many=True,
        help_text=_(
            "“You said, we did”: the published feedback items about this questionnaire or its themes, newest first."
        ),
    )


class ResultFilterSerializer(serializers.Serializer):
    period = serializers.ChoiceField(choices=list(insights.PERIODS), required=False)
    place = serializers.IntegerField(
        required=False, min_value=1, max_value=2_147_483_647, help_text=_("Location id.")
    )
    breakdown = serializers.ChoiceField(choices=list(insights.BREAKDOWNS), required=False)


def _published(value: Any) -> dict[str, Any] | None:
    return None if value is None else value.as_json()


def _results_json(results: insights.QuestionnaireResults) -> dict[str, Any]:
    """Only published values (`{"value", "suppressed"}`) leave this function."""
    questions = []
    for result in results.questions:
        rows = [
            {
                "value": str(row.key),
                "label": label,
                "cells": [cell.as_json() for cell in row.cells],
                "total": _published(row.total),
            }
            for label, row in result.body
        ]
        questions.append(
            {
                "id": result.question.pk,
                "name": result.question.name,
                "kind": result.question.kind,
                "text": result.text,
                "rows": rows,
                "column_totals": [total.as_json() for total in result.column_totals],
                "mean": _published(result.mean),
                "answered": _published(result.answered),
                "open_answers": _published(result.open_answers),
                "themes": [
                    {"id": t.id, "name": t.name, "language": t.language, "answers": t.answers.as_json()}
                    for t in result.themes
                ],
            }
        )
    return {
        "threshold": results.threshold,
        "responses": results.responses.as_json(),
        "has_demo": results.has_demo,
        "columns": [{"key": key, "label": str(label)} for key, label in results.columns],
        "questions": questions,
        "feedback": [
            {"theme": item.theme, "said": item.said, "done": item.done} for item in results.feedback
        ],
    }


QUESTIONNAIRE_EXAMPLE = OpenApiExample(
    "Reading at home",
    request_only=True,
    value={
        "title": {"nl": "Voorlezen thuis", "en": "Reading at home"},
        "intro": {"nl": "Vijf korte vragen over voorlezen.", "en": "Five short questions about reading."},
        "languages": ["nl", "en", "ar", "tr"],
    },
)


@extend_schema(tags=["questionnaires"], parameters=[WORKSPACE_PARAMETER])
@extend_schema_view(
    list=extend_schema(
        summary="List questionnaires",
        description="With their questions and answer options, every text per language code.",
        parameters=[QuestionnaireFilterSerializer],
    ),
    retrieve=extend_schema(
        summary="Get a questionnaire", responses={200: QuestionnaireSerializer, 404: OpenApiTypes.OBJECT}
    ),
    create=extend_schema(
        summary="Create a questionnaire (draft)",
        description="Coordinators only. Questions are added in the questionnaire builder.",
        request=QuestionnaireInputSerializer,
        responses=_write_responses(QuestionnaireSerializer, created=True),
        examples=[QUESTIONNAIRE_EXAMPLE],
    ),
    update=extend_schema(
        summary="Replace a questionnaire's texts and languages",
        description="Coordinators only.",
        request=QuestionnaireInputSerializer,
        responses=_write_responses(QuestionnaireSerializer),
    ),
    partial_update=extend_schema(
        summary="Change some of a questionnaire's texts and languages",
        description="Coordinators only.",
        request=QuestionnaireInputSerializer,
        responses=_write_responses(QuestionnaireSerializer),
    ),
    publish=extend_schema(
        summary="Publish a questionnaire",
        description="Coordinators only. It needs at least one question, and every choice question options.",
        request=None,
        responses=_write_responses(QuestionnaireSerializer),
    ),
    archive=extend_schema(
        summary="Archive a questionnaire",
        description="Coordinators only. Parents can no longer answer it; nothing is deleted.",
        request=None,
        responses=_write_responses(QuestionnaireSerializer),
    ),
    restore=extend_schema(
        summary="Restore an archived questionnaire (back to draft)",
        description="Coordinators only.",
        request=None,
        responses=_write_responses(QuestionnaireSerializer),
    ),
    results=extend_schema(
        summary="The published results of a questionnaire",
        description="Every member reads them. Only published figures through the disclosure rules "
        "(rounded, or hidden below the workspace's threshold k), never raw counts and never open answers; "
        "with the published “you said, we did” items about the questionnaire and its themes.",
        parameters=[ResultFilterSerializer],
        responses={200: QuestionnaireResultsSerializer, 400: OpenApiTypes.OBJECT, 404: OpenApiTypes.OBJECT},
    ),
)
class QuestionnaireViewSet(WorkspaceScopedViewSet):
    """Questionnaires for parents. Every member reads; coordinators write through the builder's services."""

    serializer_class = QuestionnaireSerializer

    def get_queryset(self) -> QuerySet[Questionnaire]:
        return Questionnaire.objects.prefetch_related(_questions_prefetch())

    def list(self, request: Request, ws: str) -> Response:
        params = self.filter_params(QuestionnaireFilterSerializer)
        filters = selectors.QuestionnaireFilters(
            q=params.get("q", "").strip(), status=params.get("status", "")
        )
        qs = selectors.questionnaire_list(workspace=request.workspace, filters=filters)
        return self._paginated(qs.prefetch_related(_questions_prefetch()))

    def retrieve(self, request: Request, ws: str, pk: int) -> Response:
        return Response(self.get_serializer(self.get_object()).data)

    def create(self, request: Request, ws: str) -> Response:
        data = self._validated(QuestionnaireInputSerializer)
        questionnaire = self.run_service(
            services.questionnaire_create, workspace=request.workspace, actor=request.user, **data
        )
        return self._respond(questionnaire.pk, status.HTTP_201_CREATED)

    def update(self, request: Request, ws: str, pk: int, partial: bool = False) -> Response:
        questionnaire = self.get_object()
        data = self._validated(QuestionnaireInputSerializer, partial=partial)
        current = {
            "title": questionnaire.title,
            "languages": questionnaire.languages,
            "intro": questionnaire.intro,
            "thank_you": questionnaire.thank_you,
        }
        self.run_service(
            services.questionnaire_update,
            questionnaire=questionnaire,
            actor=request.user,
            **{**current, **data},
        )
        return self._respond(questionnaire.pk)

    def partial_update(self, request: Request, ws: str, pk: int) -> Response:
        return self.update(request, ws, pk, partial=True)

    def _status_change(self, service: Any) -> Response:
        questionnaire = self.get_object()
        self.run_service(service, questionnaire=questionnaire, actor=self.request.user)
        return self._respond(questionnaire.pk)

    @action(detail=True, methods=["post"])
    def publish(self, request: Request, ws: str, pk: int) -> Response:
        return self._status_change(services.questionnaire_publish)

    @action(detail=True, methods=["post"])
    def archive(self, request: Request, ws: str, pk: int) -> Response:
        return self._status_change(services.questionnaire_archive)

    @action(detail=True, methods=["post"])
    def restore(self, request: Request, ws: str, pk: int) -> Response:
        return self._status_change(services.questionnaire_restore)

    @action(detail=True, methods=["get"])
    def results(self, request: Request, ws: str, pk: int) -> Response:
        params = self.filter_params(ResultFilterSerializer)
        query = {key: str(value) for key, value in params.items()}
        results = insights.questionnaire_results(
            workspace=request.workspace, pk=pk, filters_query=query, language=get_language() or "nl"
        )
        return Response(_results_json(results))


# --- Distributions ------------------------------------------------------------------------------


class RefSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)


class QuestionnaireRefSerializer(serializers.ModelSerializer):
    title = serializers.CharField(source="__str__", read_only=True, help_text=_("The title in Dutch."))

    class Meta:
        model = Questionnaire
        fields = ("id", "title", "status")
        read_only_fields = fields


class DistributionPlaceSerializer(serializers.ModelSerializer):
    organisation = RefSerializer(read_only=True)

    class Meta:
        model = Location
        fields = ("id", "name", "organisation")
        read_only_fields = fields


class DistributionSerializer(serializers.ModelSerializer):
    questionnaire = QuestionnaireRefSerializer(read_only=True)
    location = DistributionPlaceSerializer(read_only=True)
    programme = RefSerializer(read_only=True, allow_null=True)
    link = serializers.SerializerMethodField(
        help_text=_("The public link parents open (also in the QR code).")
    )
    state = serializers.SerializerMethodField(
        help_text=_("open, not_yet_open or closed (also closed when the questionnaire is not published).")
    )

    class Meta:
        model = Distribution
        fields = (
            "id",
            "questionnaire",
            "location",
            "programme",
            "code",
            "link",
            "state",
            "opens_at",
            "closes_at",
            "created_at",
        )
        read_only_fields = fields

    def get_link(self, obj: Distribution) -> str:
        return dist.distribution_link(obj)

    def get_state(self, obj: Distribution) -> str:
        return dist.distribution_state(obj)


class DistributionInputSerializer(serializers.Serializer):
    questionnaire = serializers.PrimaryKeyRelatedField(
        queryset=Questionnaire.objects.none(), help_text=_("A published questionnaire (id).")
    )
    location = serializers.PrimaryKeyRelatedField(
        queryset=Location.objects.none(),
        help_text=_("A trusted place (id); professionals: one of their own organisation."),
    )
    programme = serializers.PrimaryKeyRelatedField(
        queryset=Programme.objects.none(), required=False, allow_null=True, help_text=_("Programme id.")
    )
    opens_at = serializers.DateTimeField(required=False, allow_null=True)
    closes_at = serializers.DateTimeField(required=False, allow_null=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        workspace = self.context.get("workspace")
        if workspace is not None:
            self.fields["questionnaire"].queryset = Questionnaire.objects.filter(workspace=workspace)
            self.fields["location"].queryset = Location.objects.filter(workspace=workspace)
            self.fields["programme"].queryset = Programme.objects.filter(workspace=workspace)


@extend_schema(tags=["distributions"], parameters=[WORKSPACE_PARAMETER])
@extend_schema_view(
    list=extend_schema(summary="List distributions", description="Every member reads them."),
    retrieve=extend_schema(
        summary="Get a distribution", responses={200: DistributionSerializer, 404: OpenApiTypes.OBJECT}
    ),
    create=extend_schema(
        summary="Distribute a questionnaire at a trusted place",
        description="Coordinators at any trusted place; professionals at their own organisation's places.",
        request=DistributionInputSerializer,
        responses=_write_responses(DistributionSerializer, created=True),
        examples=[
            OpenApiExample(
                "At a library",
                request_only=True,
                value={"questionnaire": 3, "location": 17, "closes_at": "2026-12-31T23:59:00+01:00"},
            )
        ],
    ),
    close=extend_schema(
        summary="Close a distribution now",
        description="Coordinators, and professionals for their own organisation's places.",
        request=None,
        responses=_write_responses(DistributionSerializer),
    ),
)
class DistributionViewSet(WorkspaceScopedViewSet):
    """A published questionnaire at one trusted place, with its public link."""

    serializer_class = DistributionSerializer

    def get_queryset(self) -> QuerySet[Distribution]:
        return Distribution.objects.select_related(
            "questionnaire", "location", "location__organisation", "programme"
        )

    def can_write(self, membership: Membership) -> bool:
        return dist.can_create_distributions(membership)

    def can_write_object(self, membership: Membership, obj: Distribution) -> bool:
        return dist.can_manage_distribution(membership, obj)

    def list(self, request: Request, ws: str) -> Response:
        return self._paginated(dist.distribution_list(workspace=request.workspace))

    def retrieve(self, request: Request, ws: str, pk: int) -> Response:
        return Response(self.get_serializer(self.get_object()).data)

    def create(self, request: Request, ws: str) -> Response:
        data = self._validated(DistributionInputSerializer)
        distribution = self.run_service(
            dist.distribution_create, workspace=request.workspace, membership=request.membership, **data
        )
        return self._respond(distribution.pk, status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"])
    def close(self, request: Request, ws: str, pk: int) -> Response:
        distribution = self.get_object()
        self.run_service(dist.distribution_close, distribution=distribution, membership=request.membership)
        return self._respond(distribution.pk)


# --- Conversation records -----------------------------------------------------------------------


class ConversationSerializer(serializers.ModelSerializer):
    organisation = RefSerializer(read_only=True)
    location = RefSerializer(read_only=True, allow_null=True)
    neighbourhood = RefSerializer(read_only=True, allow_null=True)
    tags = serializers.SlugRelatedField(many=True, read_only=True, slug_field="name")
    contact = serializers.SerializerMethodField(
        help_text=_(
            "Only for members of the record's organisation, and only when the parent asked; else null."
        )
    )

    class Meta:
        model = Conversation
        fields = (
            "id",
            "organisation",
            "location",
            "neighbourhood",
            "date",
            "language",
            "child_age_band",
            "needs",
            "questions",
            "successes",
            "strengths",
            "tags",
            "follow_up",
            "wants_contact",
            "contact",
            "created_at",
            "updated_at",
        )
        read_only_fields = fields

    def get_contact(self, obj: Conversation) -> str | None:
        membership = self.context.get("membership")
        if membership is None or not records.can_see_contact(membership, obj):
            return None
        return obj.contact


def _conversation_parameters() -> list[OpenApiParameter]:
    text, number = OpenApiTypes.STR, OpenApiTypes.INT
    return [
        OpenApiParameter("q", text, description="Search in the four themes."),
        OpenApiParameter("tag", number, description="Tag id."),
        OpenApiParameter("age", text, enum=Conversation.AgeBand.values, description="Age band of the child."),
        OpenApiParameter("language", text, description="Language code of the conversation."),
        OpenApiParameter("place", number, description="Location id."),
        OpenApiParameter(
            "period", text, enum=list(records.PERIODS), description="The last 30, 90 or 365 days."
        ),
    ]


@extend_schema(tags=["conversations"], parameters=[WORKSPACE_PARAMETER])
@extend_schema_view(
    list=extend_schema(
        summary="List conversation records",
        description="Coordinators read every record without contact details; professionals their own "
        "organisation's, with contact details; viewers are refused (403). Unknown filter values are ignored.",
        parameters=_conversation_parameters(),
        responses={
            200: ConversationSerializer(many=True),
            403: OpenApiTypes.OBJECT,
            404: OpenApiTypes.OBJECT,
        },
    ),
    retrieve=extend_schema(
        summary="Get a conversation record",
        description="Another organisation's record answers 404 for a professional.",
        responses={200: ConversationSerializer, 403: OpenApiTypes.OBJECT, 404: OpenApiTypes.OBJECT},
    ),
)
class ConversationViewSet(WorkspaceScopedViewSet):
    """Nameless records of conversations with parents (read-only here; they are written on the screens)."""

    serializer_class = ConversationSerializer
    http_method_names = ["get", "head", "options"]

    def get_queryset(self) -> QuerySet[Conversation]:
        return Conversation.objects.none()

    def get_serializer_context(self) -> dict[str, Any]:
        context = super().get_serializer_context()
        context["membership"] = getattr(self.request, "membership", None)
        return context

    def list(self, request: Request, ws: str) -> Response:
        records.require_record_access(request.membership)
        filters = records.ConversationFilters.from_query(request.query_params)
        qs = records.conversation_list(
            workspace=request.workspace, membership=request.membership, filters=filters
        )
        response = self._paginated(qs)
        audit_view(
            request=request,
            object_type="conversation",
            object_repr=str(_("Conversations with parents")),
            details={
                "api": True,
                "filters": {k: v for k, v in request.query_params.items() if k != "q"},
                "search": bool(request.query_params.get("q")),
            },
            counts={"shown": len(response.data.get("results", [])), "of": response.data.get("count", 0)},
        )
        return response

    def retrieve(self, request: Request, ws: str, pk: int) -> Response:
        records.require_record_access(request.membership)
        conversation = records.conversation_get(
            workspace=request.workspace, membership=request.membership, pk=pk
        )
        data = self.get_serializer(conversation).data
        audit_view(
            request=request,
            obj=conversation,
            details={"api": True, "contact details": bool(data.get("contact"))},
        )
        return Response(data)
