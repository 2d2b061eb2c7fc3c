"""Serializers of the policy part of the workspace API: read shapes (with display labels, published figures)
and input shapes (validated here, then handed to the policy services).

Ids in a request body are limited to the workspace: another workspace's id is a 400 ("does not exist").
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ouderpartner.api.base import MAX_ID
from ouderpartner.api.programmes import PolicyDomainRefSerializer, ProgrammeRefSerializer
from ouderpartner.api.serializers import NeighbourhoodRefSerializer, OrganisationRefSerializer
from ouderpartner.live.models import HandOver, LiveSession
from ouderpartner.network.models import Neighbourhood, Organisation
from ouderpartner.policy import goal_selectors, lea_selectors
from ouderpartner.policy.indicators import Progress
from ouderpartner.policy.models import (
    Action,
    AgendaItem,
    Agreement,
    Ambition,
    FrameworkVersion,
    Goal,
    Indicator,
    IndicatorValue,
    LeaMeeting,
    Level,
    PolicyFramework,
)
from ouderpartner.policy.selectors import version_diff
from ouderpartner.programmes.models import Approach, PolicyDomain, Programme, Transition
from ouderpartner.voice.models import Question, Questionnaire

MAX_TEXT = 20_000
YEAR = {"min_value": 2000, "max_value": 2100}
POSITION = {"min_value": 0, "max_value": 32767}
NUMBER = {
    "max_digits": 12,
    "decimal_places": 2,
    "coerce_to_string": False,
    "min_value": Decimal("-9999999999.99"),
    "max_value": Decimal("9999999999.99"),
}


def _scoped(field: serializers.Field, queryset: QuerySet) -> None:
    """Limit a primary-key field (or a many field's child) to the workspace: another id is a 400."""
    target = field.child_relation if isinstance(field, serializers.ManyRelatedField) else field
    target.queryset = queryset


def _texts(help_text: Any, *, read_only: bool = False) -> serializers.DictField:
    """A text per language code: {"nl": "...", "ar": "..."}."""
    if read_only:
        return serializers.DictField(child=serializers.CharField(), read_only=True, help_text=help_text)
    return serializers.DictField(
        child=serializers.CharField(allow_blank=True, max_length=MAX_TEXT),
        required=False,
        help_text=help_text,
    )


class _ScopedInput(serializers.Serializer):
    """An input serializer whose related-id fields are limited to the request's workspace."""

    scoped_fields: dict[str, Any] = {}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        workspace = self.context.get("workspace")
        if workspace is None:
            return
        for name, model in self.scoped_fields.items():
            if name in self.fields:
                _scoped(self.fields[name], model.objects.filter(workspace=workspace))


# --- Small references ---------------------------------------------------------------------------


class TransitionRefSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="display_name", read_only=True)

    class Meta:
        model = Transition
        fields = ("id", "key", "name")
        read_only_fields = fields


class FrameworkRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = PolicyFramework
        fields = ("id", "title", "start_year", "end_year")
        read_only_fields = fields


class AmbitionRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Ambition
        fields = ("id", "title", "level")
        read_only_fields = fields


class GoalRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Goal
        fields = ("id", "title")
        read_only_fields = fields


class IndicatorRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Indicator
        fields = ("id", "title")
        read_only_fields = fields


class MeetingRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = LeaMeeting
        fields = ("id", "title", "date")
        read_only_fields = fields


class IndicatorQuestionnaireSerializer(serializers.ModelSerializer):
    title = _texts(_("The title per language code."), read_only=True)

    class Meta:
        model = Questionnaire
        fields = ("id", "title")
        read_only_fields = fields


class LiveSessionRefSerializer(serializers.ModelSerializer):
    title = _texts(_("The title per language code."), read_only=True)

    class Meta:
        model = LiveSession
        fields = ("id", "title", "code", "status")
        read_only_fields = fields


# --- Published figures --------------------------------------------------------------------------


class PublishedFigureSerializer(serializers.Serializer):
    """An indicator's figure as published by the disclosure rules: never the raw number about people."""

    value = serializers.FloatField(
        allow_null=True,
        help_text=_("The published figure (counts of people rounded to 5); null when hidden or unknown."),
    )
    suppressed = serializers.BooleanField(
        help_text=_("True when the figure is hidden by the disclosure rules (under the threshold k).")
    )
    display = serializers.CharField(
        help_text=_("The figure as the screens show it, in the user's language (e.g. “< 5”).")
    )


class IndicatorReadingSerializer(serializers.Serializer):
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    value = PublishedFigureSerializer()


TREND_CHOICES = [("up", _("up")), ("down", _("down")), ("flat", _("flat"))]
PROGRESS_CHOICES = list(Progress.LABELS.items())


class ProgressSerializer(serializers.Serializer):
    status = serializers.ChoiceField(
        choices=PROGRESS_CHOICES,
        help_text=_(
            "reached: the target is met; on_track: at least where a straight line from baseline to target "
            "would be by now; behind; unknown: no target or baseline, or the current value is hidden."
        ),
    )
    label = serializers.CharField(help_text=_("The status in the user's language."))
    share = serializers.IntegerField(
        allow_null=True,
        min_value=-1_000_000,
        max_value=1_000_000,
        help_text=_("Whole percent of the way from baseline to target (may be below 0 or above 100)."),
    )


# --- Frameworks ---------------------------------------------------------------------------------


class FrameworkSerializer(serializers.ModelSerializer):
    approaches = serializers.ListField(
        child=serializers.ChoiceField(choices=Approach.choices), read_only=True
    )
    approaches_display = serializers.SerializerMethodField()
    municipal_role_display = serializers.CharField(source="get_municipal_role_display", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    partners = OrganisationRefSerializer(
        many=True,
        read_only=True,
        help_text=_("The partners asked to endorse; empty: every active organisation is asked."),
    )
    consultation_intro = _texts(_("The introduction for parents per language code."), read_only=True)
    start_year = serializers.IntegerField(read_only=True, **YEAR)
    end_year = serializers.IntegerField(read_only=True, **YEAR)
    version = serializers.IntegerField(read_only=True, min_value=1, max_value=1_000_000)
    ambition_count = serializers.IntegerField(read_only=True, min_value=0, max_value=1_000_000)

    class Meta:
        model = PolicyFramework
        fields = (
            "id",
            "title",
            "start_year",
            "end_year",
            "vision",
            "approaches",
            "approaches_display",
            "approach_reasons",
            "municipal_role",
            "municipal_role_display",
            "municipal_role_text",
            "status",
            "status_display",
            "adopted_on",
            "partners",
            "consultation_code",
            "consultation_intro",
            "consultation_closes_on",
            "version",
            "ambition_count",
            "created_at",
            "updated_at",
        )
        read_only_fields = fields

    def get_approaches_display(self, framework: PolicyFramework) -> list[str]:
        labels = dict(Approach.choices)
        return [str(labels.get(code, code)) for code in framework.approaches]


class FrameworkInputSerializer(_ScopedInput):
    scoped_fields = {"partners": Organisation}

    title = serializers.CharField(max_length=200)
    start_year = serializers.IntegerField(**YEAR)
    end_year = serializers.IntegerField(**YEAR)
    vision = serializers.CharField(required=False, allow_blank=True, max_length=MAX_TEXT)
    approaches = serializers.ListField(
        child=serializers.ChoiceField(choices=Approach.choices), required=False, max_length=3
    )
    approach_reasons = serializers.CharField(required=False, allow_blank=True, max_length=MAX_TEXT)
    municipal_role = serializers.ChoiceField(choices=PolicyFramework.MunicipalRole.choices, required=False)
    municipal_role_text = serializers.CharField(required=False, allow_blank=True, max_length=MAX_TEXT)
    partners = serializers.PrimaryKeyRelatedField(
        many=True,
        queryset=Organisation.objects.none(),
        required=False,
        help_text=_(
            "Organisation ids asked to endorse (replaces the list); empty: every active organisation."
        ),
    )
    consultation_intro = _texts(_("The introduction for parents per language code."))
    consultation_closes_on = serializers.DateField(required=False, allow_null=True)


class FrameworkStatusInputSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=PolicyFramework.Status.choices)
    note = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=MAX_TEXT,
        help_text=_("What changed: kept with the version saved at this step."),
    )


class FrameworkFilterSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=PolicyFramework.Status.choices, required=False)
    year = serializers.IntegerField(
        required=False, help_text=_("Frameworks whose period includes this year."), **YEAR
    )


class FrameworkVersionSerializer(serializers.ModelSerializer):
    number = serializers.IntegerField(read_only=True, min_value=1, max_value=1_000_000)

    class Meta:
        model = FrameworkVersion
        fields = ("id", "number", "note", "created_at")
        read_only_fields = fields


class FrameworkVersionDetailSerializer(FrameworkVersionSerializer):
    snapshot = serializers.JSONField(
        read_only=True, help_text=_("The framework and its ambitions as they were in this version.")
    )

    class Meta(FrameworkVersionSerializer.Meta):
        fields = (*FrameworkVersionSerializer.Meta.fields, "snapshot")
        read_only_fields = fields


# --- Ambitions ----------------------------------------------------------------------------------


class EndorsementSerializer(serializers.Serializer):
    organisation = OrganisationRefSerializer(read_only=True)
    endorsed_on = serializers.DateField(read_only=True)
    note = serializers.CharField(read_only=True)


class AmbitionSerializer(serializers.ModelSerializer):
    framework = FrameworkRefSerializer(read_only=True)
    level_display = serializers.CharField(source="get_level_display", read_only=True)
    position = serializers.IntegerField(read_only=True, **POSITION)
    programmes = ProgrammeRefSerializer(many=True, read_only=True)
    transitions = TransitionRefSerializer(many=True, read_only=True)
    policy_domains = PolicyDomainRefSerializer(many=True, read_only=True)
    neighbourhoods = NeighbourhoodRefSerializer(many=True, read_only=True)
    parent_title = _texts(_("The title for parents per language code."), read_only=True)
    parent_text = _texts(_("The explanation for parents per language code."), read_only=True)
    hand_over = serializers.PrimaryKeyRelatedField(
        read_only=True, allow_null=True, help_text=_("The live meeting's result it came from (id).")
    )
    endorsements = EndorsementSerializer(many=True, read_only=True)
    not_endorsed = serializers.SerializerMethodField(
        help_text=_("Organisations asked to endorse that have not (yet).")
    )

    class Meta:
        model = Ambition
        fields = (
            "id",
            "framework",
            "position",
            "title",
            "text",
            "level",
            "level_display",
            "programmes",
            "transitions",
            "policy_domains",
            "neighbourhoods",
            "parent_title",
            "parent_text",
            "hand_over",
            "endorsements",
            "not_endorsed",
            "created_at",
            "updated_at",
        )
        read_only_fields = fields

    @extend_schema_field(OrganisationRefSerializer(many=True))
    def get_not_endorsed(self, ambition: Ambition) -> list[dict[str, Any]]:
        asked = self.context["asked_organisations"](ambition.framework)
        endorsed = {e.organisation_id for e in ambition.endorsements.all()}
        return OrganisationRefSerializer([o for o in asked if o.pk not in endorsed], many=True).data


class AmbitionUpdateSerializer(_ScopedInput):
    scoped_fields = {
        "programmes": Programme,
        "transitions": Transition,
        "policy_domains": PolicyDomain,
        "neighbourhoods": Neighbourhood,
    }

    title = serializers.CharField(max_length=200)
    text = serializers.CharField(required=False, allow_blank=True, max_length=MAX_TEXT)
    level = serializers.ChoiceField(choices=Level.choices)
    programmes = serializers.PrimaryKeyRelatedField(
        many=True, queryset=Programme.objects.none(), required=False, help_text=_("Programme ids.")
    )
    transitions = serializers.PrimaryKeyRelatedField(
        many=True, queryset=Transition.objects.none(), required=False, help_text=_("Transition ids.")
    )
    policy_domains = serializers.PrimaryKeyRelatedField(
        many=True, queryset=PolicyDomain.objects.none(), required=False, help_text=_("Policy domain ids.")
    )
    neighbourhoods = serializers.PrimaryKeyRelatedField(
        many=True, queryset=Neighbourhood.objects.none(), required=False, help_text=_("Neighbourhood ids.")
    )
    parent_title = _texts(_("The title for parents per language code, in plain words."))
    parent_text = _texts(_("The explanation for parents per language code, in plain words."))


class AmbitionInputSerializer(AmbitionUpdateSerializer):
    scoped_fields = {**AmbitionUpdateSerializer.scoped_fields, "framework": PolicyFramework}

    framework = serializers.PrimaryKeyRelatedField(
        queryset=PolicyFramework.objects.none(), help_text=_("The framework (id); it cannot change later.")
    )


MOVE_CHOICES = [("up", _("up")), ("down", _("down"))]


class MoveInputSerializer(serializers.Serializer):
    direction = serializers.ChoiceField(choices=MOVE_CHOICES)


class EndorseInputSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class AmbitionFilterSerializer(serializers.Serializer):
    framework = serializers.IntegerField(
        required=False, min_value=1, max_value=MAX_ID, help_text=_("Framework id.")
    )
    level = serializers.ChoiceField(choices=Level.choices, required=False)
    q = serializers.CharField(required=False, allow_blank=True, max_length=100, help_text=_("Search text."))
    endorsed_by = serializers.IntegerField(
        required=False, min_value=1, help_text=_("Organisation id: only ambitions it endorsed.")
    )


# --- Goals --------------------------------------------------------------------------------------


class GoalSerializer(serializers.ModelSerializer):
    ambition = AmbitionRefSerializer(read_only=True)
    position = serializers.IntegerField(read_only=True, **POSITION)
    indicators = IndicatorRefSerializer(many=True, read_only=True)

    class Meta:
        model = Goal
        fields = ("id", "ambition", "position", "title", "text", "indicators", "created_at")
        read_only_fields = fields


class GoalUpdateSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    text = serializers.CharField(required=False, allow_blank=True, max_length=MAX_TEXT)


class GoalInputSerializer(_ScopedInput, GoalUpdateSerializer):
    scoped_fields = {"ambition": Ambition}

    ambition = serializers.PrimaryKeyRelatedField(
        queryset=Ambition.objects.none(), help_text=_("The ambition (id); it cannot change later.")
    )


class GoalFilterSerializer(serializers.Serializer):
    ambition = serializers.IntegerField(
        required=False, min_value=1, max_value=MAX_ID, help_text=_("Ambition id.")
    )
    framework = serializers.IntegerField(
        required=False, min_value=1, max_value=MAX_ID, help_text=_("Framework id.")
    )


# --- Indicators ---------------------------------------------------------------------------------


class IndicatorSerializer(serializers.ModelSerializer):
    goal = GoalRefSerializer(read_only=True)
    ambition = serializers.SerializerMethodField()
    position = serializers.IntegerField(read_only=True, **POSITION)
    source_display = serializers.CharField(source="get_source_display", read_only=True)
    live_key_display = serializers.SerializerMethodField()
    neighbourhood = NeighbourhoodRefSerializer(read_only=True, allow_null=True)
    programme = ProgrammeRefSerializer(read_only=True, allow_null=True)
    questionnaire = IndicatorQuestionnaireSerializer(read_only=True, allow_null=True)
    question = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    value_kind_display = serializers.CharField(source="get_value_kind_display", read_only=True)
    direction_display = serializers.CharField(source="get_direction_display", read_only=True)
    baseline = serializers.DecimalField(read_only=True, allow_null=True, **NUMBER)
    baseline_year = serializers.IntegerField(read_only=True, allow_null=True, **YEAR)
    target = serializers.DecimalField(read_only=True, allow_null=True, **NUMBER)
    target_year = serializers.IntegerField(read_only=True, allow_null=True, **YEAR)
    current = serializers.SerializerMethodField(
        help_text=_(
            "The current published value: this year's live value, or the newest value entered by hand."
        )
    )
    previous = serializers.SerializerMethodField(
        help_text=_("The value before it: last year's live value, or the value entered before; null if none.")
    )
    trend = serializers.SerializerMethodField(
        help_text=_(
            "up, down or flat: the current published value against the previous one; null when either is "
            "hidden or unknown."
        )
    )
    progress = serializers.SerializerMethodField(
        help_text=_("Where the current value stands between baseline and target.")
    )

    class Meta:
        model = Indicator
        fields = (
            "id",
            "goal",
            "ambition",
            "position",
            "title",
            "source",
            "source_display",
            "live_key",
            "live_key_display",
            "neighbourhood",
            "programme",
            "questionnaire",
            "question",
            "value_kind",
            "value_kind_display",
            "unit",
            "manual_source",
            "direction",
            "direction_display",
            "baseline",
            "baseline_year",
            "target",
            "target_year",
            "current",
            "previous",
            "trend",
            "progress",
            "created_at",
        )
        read_only_fields = fields

    def _readings(self, indicator: Indicator) -> Any:
        return self.context["readings"](indicator)

    @extend_schema_field(AmbitionRefSerializer)
    def get_ambition(self, indicator: Indicator) -> dict[str, Any]:
        return AmbitionRefSerializer(indicator.goal.ambition).data

    def get_live_key_display(self, indicator: Indicator) -> str:
        return self.context["live_label"](indicator.live_key)

    @extend_schema_field(IndicatorReadingSerializer)
    def get_current(self, indicator: Indicator) -> dict[str, Any]:
        return self._readings(indicator).current

    @extend_schema_field(IndicatorReadingSerializer(allow_null=True))
    def get_previous(self, indicator: Indicator) -> dict[str, Any] | None:
        return self._readings(indicator).previous

    @extend_schema_field(serializers.ChoiceField(choices=TREND_CHOICES, allow_null=True))
    def get_trend(self, indicator: Indicator) -> str | None:
        return self._readings(indicator).trend

    @extend_schema_field(ProgressSerializer)
    def get_progress(self, indicator: Indicator) -> dict[str, Any]:
        return self._readings(indicator).progress


class IndicatorDetailSerializer(IndicatorSerializer):
    series = serializers.SerializerMethodField(
        help_text=_(
            "Published values per year, oldest first: from the baseline year (or the framework's first year) "
            "to this year, at most ten years."
        )
    )

    class Meta(IndicatorSerializer.Meta):
        fields = (*IndicatorSerializer.Meta.fields, "series")
        read_only_fields = fields

    @extend_schema_field(IndicatorReadingSerializer(many=True))
    def get_series(self, indicator: Indicator) -> list[dict[str, Any]]:
        return self._readings(indicator).series


class IndicatorUpdateSerializer(_ScopedInput):
    scoped_fields = {
        "neighbourhood": Neighbourhood,
        "programme": Programme,
        "questionnaire": Questionnaire,
    }

    title = serializers.CharField(max_length=200)
    source = serializers.ChoiceField(choices=Indicator.Source.choices)
    live_key = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=60,
        help_text=_("For a live indicator: which value to read (see the live_key values in the list)."),
    )
    neighbourhood = serializers.PrimaryKeyRelatedField(
        queryset=Neighbourhood.objects.none(), required=False, allow_null=True
    )
    programme = serializers.PrimaryKeyRelatedField(
        queryset=Programme.objects.none(), required=False, allow_null=True
    )
    questionnaire = serializers.PrimaryKeyRelatedField(
        queryset=Questionnaire.objects.none(), required=False, allow_null=True
    )
    question = serializers.PrimaryKeyRelatedField(
        queryset=Question.objects.none(), required=False, allow_null=True
    )
    value_kind = serializers.ChoiceField(choices=Indicator.ValueKind.choices, required=False)
    unit = serializers.CharField(required=False, allow_blank=True, max_length=40)
    manual_source = serializers.CharField(required=False, allow_blank=True, max_length=300)
    direction = serializers.ChoiceField(choices=Indicator.Direction.choices, required=False)
    baseline = serializers.DecimalField(required=False, allow_null=True, **NUMBER)
    baseline_year = serializers.IntegerField(required=False, allow_null=True, **YEAR)
    target = serializers.DecimalField(required=False, allow_null=True, **NUMBER)
    target_year = serializers.IntegerField(required=False, allow_null=True, **YEAR)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        workspace = self.context.get("workspace")
        if workspace is not None:
            self.fields["question"].queryset = Question.objects.filter(questionnaire__workspace=workspace)


class IndicatorInputSerializer(IndicatorUpdateSerializer):
    scoped_fields = {**IndicatorUpdateSerializer.scoped_fields, "goal": Goal}

    goal = serializers.PrimaryKeyRelatedField(
        queryset=Goal.objects.none(), help_text=_("The goal (id); it cannot change later.")
    )


class IndicatorFilterSerializer(serializers.Serializer):
    goal = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID, help_text=_("Goal id."))
    ambition = serializers.IntegerField(
        required=False, min_value=1, max_value=MAX_ID, help_text=_("Ambition id.")
    )
    framework = serializers.IntegerField(
        required=False, min_value=1, max_value=MAX_ID, help_text=_("Framework id.")
    )
    source = serializers.ChoiceField(choices=Indicator.Source.choices, required=False)


class IndicatorValueSerializer(serializers.ModelSerializer):
    year = serializers.IntegerField(read_only=True, **YEAR)
    value = serializers.SerializerMethodField(help_text=_("The value as published."))

    class Meta:
        model = IndicatorValue
        fields = ("id", "year", "value", "source", "created_at")
        read_only_fields = fields

    @extend_schema_field(PublishedFigureSerializer)
    def get_value(self, value: IndicatorValue) -> dict[str, Any]:
        return self.context["publish_value"](value)


class IndicatorValueInputSerializer(serializers.Serializer):
    year = serializers.IntegerField(**YEAR)
    value = serializers.DecimalField(
        help_text=_("The number as it was measured; it is published like every figure."), **NUMBER
    )
    source = serializers.CharField(
        required=False, allow_blank=True, max_length=300, help_text=_("Where the value comes from.")
    )


# --- Actions ------------------------------------------------------------------------------------


class ActionSerializer(serializers.ModelSerializer):
    ambition = AmbitionRefSerializer(read_only=True)
    owner = OrganisationRefSerializer(read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    overdue = serializers.SerializerMethodField(
        help_text=_("Past its due date and neither done nor cancelled.")
    )
    hand_over = serializers.PrimaryKeyRelatedField(
        read_only=True, allow_null=True, help_text=_("The live meeting's result it came from (id).")
    )

    class Meta:
        model = Action
        fields = (
            "id",
            "ambition",
            "title",
            "text",
            "owner",
            "due_on",
            "status",
            "status_display",
            "overdue",
            "progress_note",
            "hand_over",
            "created_at",
            "updated_at",
        )
        read_only_fields = fields

    def get_overdue(self, action: Action) -> bool:
        return goal_selectors.is_overdue(action, self.context.get("today"))


class ActionInputSerializer(_ScopedInput):
    scoped_fields = {"ambition": Ambition, "owner": Organisation}

    ambition = serializers.PrimaryKeyRelatedField(queryset=Ambition.objects.none())
    title = serializers.CharField(max_length=200)
    text = serializers.CharField(required=False, allow_blank=True, max_length=MAX_TEXT)
    owner = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.none(), help_text=_("The owner organisation (id).")
    )
    due_on = serializers.DateField(required=False, allow_null=True)
    status = serializers.ChoiceField(choices=Action.Status.choices, required=False)
    progress_note = serializers.CharField(required=False, allow_blank=True, max_length=MAX_TEXT)


class ActionProgressInputSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=Action.Status.choices, required=False)
    progress_note = serializers.CharField(required=False, allow_blank=True, max_length=MAX_TEXT)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if not attrs:
            raise serializers.ValidationError(_("Give a status, a progress note, or both."))
        return attrs


class ActionFilterSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=Action.Status.choices, required=False)
    owner = serializers.IntegerField(
        required=False, min_value=1, max_value=MAX_ID, help_text=_("Owner organisation id.")
    )
    overdue = serializers.BooleanField(
        required=False, allow_null=True, default=None, help_text=_("true: only overdue actions.")
    )
    ambition = serializers.IntegerField(
        required=False, min_value=1, max_value=MAX_ID, help_text=_("Ambition id.")
    )
    framework = serializers.IntegerField(
        required=False, min_value=1, max_value=MAX_ID, help_text=_("Framework id.")
    )


# --- LEA meetings and agreements ----------------------------------------------------------------


class AgendaItemSerializer(serializers.ModelSerializer):
    position = serializers.IntegerField(read_only=True, **POSITION)
    ambition = AmbitionRefSerializer(read_only=True, allow_null=True)
    hand_over = serializers.PrimaryKeyRelatedField(
        read_only=True, allow_null=True, help_text=_("The live meeting's result it came from (id).")
    )

    class Meta:
        model = AgendaItem
        fields = ("id", "position", "title", "text", "ambition", "hand_over")
        read_only_fields = fields


class AgendaItemInputSerializer(_ScopedInput):
    scoped_fields = {"ambition": Ambition}

    title = serializers.CharField(max_length=200)
    text = serializers.CharField(required=False, allow_blank=True, max_length=MAX_TEXT)
    ambition = serializers.PrimaryKeyRelatedField(
        queryset=Ambition.objects.none(), required=False, allow_null=True, help_text=_("Ambition id.")
    )


class AgreementRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Agreement
        fields = ("id", "what", "status", "due_on")
        read_only_fields = fields


class LeaMeetingSerializer(serializers.ModelSerializer):
    framework = FrameworkRefSerializer(read_only=True, allow_null=True)
    participants = OrganisationRefSerializer(many=True, read_only=True)
    live_session = LiveSessionRefSerializer(
        read_only=True, allow_null=True, help_text=_("The live meeting held during it, if any.")
    )
    agenda_items = AgendaItemSerializer(many=True, read_only=True)
    agreements = AgreementRefSerializer(many=True, read_only=True)

    class Meta:
        model = LeaMeeting
        fields = (
            "id",
            "framework",
            "title",
            "date",
            "place",
            "participants",
            "other_participants",
            "decisions",
            "live_session",
            "agenda_items",
            "agreements",
            "created_at",
            "updated_at",
        )
        read_only_fields = fields


class LeaMeetingInputSerializer(_ScopedInput):
    scoped_fields = {"framework": PolicyFramework, "participants": Organisation, "live_session": LiveSession}

    title = serializers.CharField(max_length=200)
    date = serializers.DateField()
    place = serializers.CharField(required=False, allow_blank=True, max_length=200)
    framework = serializers.PrimaryKeyRelatedField(
        queryset=PolicyFramework.objects.none(), required=False, allow_null=True
    )
    participants = serializers.PrimaryKeyRelatedField(
        many=True,
        queryset=Organisation.objects.none(),
        required=False,
        help_text=_("Participating organisation ids (replaces the list)."),
    )
    other_participants = serializers.CharField(
        required=False, allow_blank=True, max_length=MAX_TEXT, help_text=_("Roles, not names.")
    )
    decisions = serializers.CharField(required=False, allow_blank=True, max_length=MAX_TEXT)
    live_session = serializers.PrimaryKeyRelatedField(
        queryset=LiveSession.objects.none(),
        required=False,
        allow_null=True,
        help_text=_("A live meeting (id) to attach."),
    )


class HandOverSerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    ambitions = AmbitionRefSerializer(many=True, read_only=True, help_text=_("Draft ambitions made of it."))
    agenda_items = serializers.PrimaryKeyRelatedField(
        many=True, read_only=True, help_text=_("Agenda items made of it (ids).")
    )

    class Meta:
        model = HandOver
        fields = (
            "id",
            "title",
            "text",
            "kind",
            "kind_display",
            "status",
            "status_display",
            "ambitions",
            "agenda_items",
            "created_at",
        )
        read_only_fields = fields


class HandOverAmbitionInputSerializer(_ScopedInput):
    scoped_fields = {"framework": PolicyFramework}

    framework = serializers.PrimaryKeyRelatedField(
        queryset=PolicyFramework.objects.none(), help_text=_("The framework (id) to add the ambition to.")
    )
    level = serializers.ChoiceField(choices=Level.choices)


class LeaMeetingFilterSerializer(serializers.Serializer):
    framework = serializers.IntegerField(
        required=False, min_value=1, max_value=MAX_ID, help_text=_("Framework id.")
    )
    year = serializers.IntegerField(required=False, help_text=_("Calendar year of the date."), **YEAR)


class AgreementSerializer(serializers.ModelSerializer):
    meeting = MeetingRefSerializer(read_only=True, allow_null=True)
    ambition = AmbitionRefSerializer(read_only=True, allow_null=True)
    organisations = OrganisationRefSerializer(many=True, read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    overdue = serializers.SerializerMethodField(help_text=_("Past its date and neither done nor dropped."))

    class Meta:
        model = Agreement
        fields = (
            "id",
            "meeting",
            "ambition",
            "what",
            "organisations",
            "due_on",
            "status",
            "status_display",
            "overdue",
            "created_at",
            "updated_at",
        )
        read_only_fields = fields

    def get_overdue(self, agreement: Agreement) -> bool:
        return lea_selectors.is_overdue(agreement, self.context.get("today"))


class AgreementInputSerializer(_ScopedInput):
    scoped_fields = {"meeting": LeaMeeting, "ambition": Ambition, "organisations": Organisation}

    what = serializers.CharField(max_length=MAX_TEXT)
    meeting = serializers.PrimaryKeyRelatedField(
        queryset=LeaMeeting.objects.none(), required=False, allow_null=True, help_text=_("LEA meeting id.")
    )
    ambition = serializers.PrimaryKeyRelatedField(
        queryset=Ambition.objects.none(), required=False, allow_null=True
    )
    organisations = serializers.PrimaryKeyRelatedField(
        many=True,
        queryset=Organisation.objects.none(),
        required=False,
        help_text=_("Who: organisation ids (replaces the list)."),
    )
    due_on = serializers.DateField(required=False, allow_null=True)
    status = serializers.ChoiceField(choices=Agreement.Status.choices, required=False)


class AgreementStatusInputSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=Agreement.Status.choices)


class AgreementFilterSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=Agreement.Status.choices, required=False)
    meeting = serializers.IntegerField(
        required=False, min_value=1, max_value=MAX_ID, help_text=_("LEA meeting id.")
    )
    ambition = serializers.IntegerField(
        required=False, min_value=1, max_value=MAX_ID, help_text=_("Ambition id.")
    )
    organisation = serializers.IntegerField(
        required=False, min_value=1, max_value=MAX_ID, help_text=_("Organisation id.")
    )
    overdue = serializers.BooleanField(
        required=False, allow_null=True, default=None, help_text=_("true: only overdue agreements.")
    )


# --- What changed between two versions of a framework -------------------------------------------


class FieldChangeSerializer(serializers.Serializer):
    name = serializers.CharField()
    label = serializers.CharField()
    old = serializers.CharField()
    new = serializers.CharField()


class AmbitionChangeSerializer(serializers.Serializer):
    title = serializers.CharField()
    level = serializers.CharField()
    fields = FieldChangeSerializer(many=True)


class VersionChangesSerializer(serializers.Serializer):
    previous = serializers.IntegerField(
        allow_null=True,
        min_value=1,
        max_value=1_000_000,
        help_text=_("The number of the version compared with; null for the first version."),
    )
    fields = FieldChangeSerializer(many=True, help_text=_("Changed fields of the framework."))
    ambitions_added = serializers.ListField(child=serializers.CharField(), help_text=_("Titles."))
    ambitions_removed = serializers.ListField(child=serializers.CharField(), help_text=_("Titles."))
    ambitions_changed = AmbitionChangeSerializer(many=True)


def _change_json(change: Any) -> dict[str, str]:
    return {"name": change.name, "label": str(change.label), "old": change.old, "new": change.new}


class VersionDetailSerializer(FrameworkVersionDetailSerializer):
    changes = serializers.SerializerMethodField()

    class Meta(FrameworkVersionDetailSerializer.Meta):
        fields = (*FrameworkVersionDetailSerializer.Meta.fields, "changes")
        read_only_fields = fields

    @extend_schema_field(VersionChangesSerializer(help_text=_("What changed since the version before.")))
    def get_changes(self, version: FrameworkVersion) -> dict[str, Any]:
        previous = self.context.get("previous")
        diff = version_diff(previous.snapshot if previous else {}, version.snapshot)
        return {
            "previous": previous.number if previous else None,
            "fields": [_change_json(change) for change in diff.fields],
            "ambitions_added": [str(a.get("title", "")) for a in diff.added],
            "ambitions_removed": [str(a.get("title", "")) for a in diff.removed],
            "ambitions_changed": [
                {"title": c.title, "level": c.level, "fields": [_change_json(f) for f in c.fields]}
                for c in diff.changed
            ],
        }
