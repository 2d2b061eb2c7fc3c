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


# Every answer other than a success explains itself in JSON: `detail` says what is wrong, and a 400 for
# invalid input names each field with its reasons instead (DRF's own shapes).
ERROR_SCHEMA = {
    "type": "object",
    "description": "What went wrong: `detail` (a sentence), or per field a list of reasons.",
    "properties": {"detail": {"type": "string"}},
    "additionalProperties": {},
}
ERROR_RESPONSES = {
    "400": "The request is not valid: per field (or under `non_field_errors`) what is wrong.",
    "401": "The partner token is missing, unknown or revoked.",
    "403": "Not signed in, or the member's role may not do this (or the CSRF token is missing).",
    "404": "No such workspace for this user or token, or no such object in it.",
    "429": "Too many requests from this token, member or address: wait for the seconds in Retry-After.",
}
HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def add_error_responses(schema: dict[str, Any]) -> dict[str, Any]:
    """Document the error answers every operation can give (issue 8: every 4xx explained).

    403, 404 and 429 everywhere (not a member, not allowed, not found, rate limit); 400 where a body or
    query is read; 401 where a partner token is accepted. Responses an operation already documents are kept.
    """
    schema.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    for item in schema.get("paths", {}).values():
        for method, operation in item.items():
            if method not in HTTP_METHODS:
                continue
            codes = ["403", "404", "429"]
            if "requestBody" in operation or any(
                p.get("in") == "query" for p in operation.get("parameters", [])
            ):
                codes.insert(0, "400")
            if any("partnerToken" in entry for entry in operation.get("security", [])):
                codes.insert(-3, "401")
            responses = operation.setdefault("responses", {})
            for code in codes:
                responses.setdefault(
                    code,
                    {
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
                        "description": ERROR_RESPONSES[code],
                    },
                )
            operation["responses"] = dict(sorted(responses.items()))
    return schema


class EnglishSchemaGenerator(SchemaGenerator):
    """Generates the schema in English with our enum names, so docs/openapi.yaml does not depend on the locale."""

    def get_schema(self, request: Any = None, public: bool = False) -> dict[str, Any]:
        with translation.override("en"), patched_settings(SCHEMA_SETTINGS):
            return add_error_responses(super().get_schema(request=request, public=public))
