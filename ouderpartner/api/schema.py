"""The OpenAPI schema generator: English whatever language is active, stable enum names; the committed file."""

from __future__ import annotations

from typing import Any

from django.utils import translation
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.settings import patched_settings

# Five choice sets are all called "kind", several "status", and the language codes appear under two names:
# name their enums so the schema has no naming warnings.
SCHEMA_SETTINGS = {
    "ENUM_NAME_OVERRIDES": {
        "WorkspaceKindEnum": "ouderpartner.core.models.Workspace.Kind",
        "OrganisationKindEnum": "ouderpartner.network.models.OrganisationKind",
        "PartnershipKindEnum": "ouderpartner.network.models.Partnership.Kind",
        "ProgrammeKindEnum": "ouderpartner.programmes.models.Programme.Kind",
        "LanguageEnum": "ouderpartner.core.languages.language_choices",
        "StatusEnum": "ouderpartner.programmes.models.Subsidy.Status",  # the name it had before questionnaires
        "QuestionnaireStatusEnum": "ouderpartner.voice.models.Questionnaire.Status",
        "QuestionKindEnum": "ouderpartner.voice.models.Question.Kind",
        "ActivityKindEnum": "ouderpartner.reach.models.ActivityKind",
        # Names the schema had before the policy part added more "status", "level" and "source" fields.
        "MeetingStatusEnum": "ouderpartner.live.models.LiveSession.Status",
        "LevelEnum": "ouderpartner.network.models.Neighbourhood.Level",
        "SourceEnum": "ouderpartner.reach.models.ActivitySource",
        "FrameworkStatusEnum": "ouderpartner.policy.models.PolicyFramework.Status",
        "ActionStatusEnum": "ouderpartner.policy.models.Action.Status",
        "AgreementStatusEnum": "ouderpartner.policy.models.Agreement.Status",
        "IndicatorProgressEnum": "ouderpartner.api.policy_serializers.PROGRESS_CHOICES",
        "IndicatorSourceEnum": "ouderpartner.policy.models.Indicator.Source",
        "AmbitionLevelEnum": "ouderpartner.policy.models.Level",
        "IndicatorDirectionEnum": "ouderpartner.policy.models.Indicator.Direction",
        "MoveDirectionEnum": "ouderpartner.api.policy_serializers.MOVE_CHOICES",
    },
}


class EnglishSchemaGenerator(SchemaGenerator):
    """Generates the schema in English with our enum names, so docs/openapi.yaml does not depend on the locale."""

    def get_schema(self, request: Any = None, public: bool = False) -> dict[str, Any]:
        with translation.override("en"), patched_settings(SCHEMA_SETTINGS):
            return super().get_schema(request=request, public=public)
