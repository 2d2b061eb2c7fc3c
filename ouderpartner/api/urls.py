"""API routes: /api/workspaces/, per workspace its network, the OpenAPI schema and the documentation page."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import SimpleRouter

from ouderpartner.api import analysis, docs, policy, programmes, reach_dashboard, views, voice, voice_insights
from ouderpartner.api.schema import EnglishSchemaGenerator
from ouderpartner.live import api as live_api
from ouderpartner.reach import api as reach_api

router = SimpleRouter(use_regex_path=False)
router.register("workspaces", views.WorkspaceViewSet, basename="api-workspace")
router.register("workspaces/<slug:ws>/organisations", views.OrganisationViewSet, basename="api-organisation")
router.register("workspaces/<slug:ws>/locations", views.LocationViewSet, basename="api-location")
router.register(
    "workspaces/<slug:ws>/neighbourhoods", views.NeighbourhoodViewSet, basename="api-neighbourhood"
)
router.register("workspaces/<slug:ws>/partnerships", views.PartnershipViewSet, basename="api-partnership")
router.register("workspaces/<slug:ws>/programmes", programmes.ProgrammeViewSet, basename="api-programme")
router.register("workspaces/<slug:ws>/offerings", programmes.OfferingViewSet, basename="api-offering")
router.register(
    "workspaces/<slug:ws>/policy-domains", programmes.PolicyDomainViewSet, basename="api-policy-domain"
)
router.register("workspaces/<slug:ws>/transitions", programmes.TransitionViewSet, basename="api-transition")
router.register("workspaces/<slug:ws>/subsidies", programmes.SubsidyViewSet, basename="api-subsidy")
router.register(
    "workspaces/<slug:ws>/questionnaires", voice.QuestionnaireViewSet, basename="api-questionnaire"
)
router.register("workspaces/<slug:ws>/distributions", voice.DistributionViewSet, basename="api-distribution")
router.register("workspaces/<slug:ws>/conversations", voice.ConversationViewSet, basename="api-conversation")
router.register("workspaces/<slug:ws>/meetings", live_api.MeetingViewSet, basename="api-meeting")
router.register(
    "workspaces/<slug:ws>/reach/activities", reach_api.ActivityViewSet, basename="api-reach-activity"
)
router.register("workspaces/<slug:ws>/frameworks", policy.FrameworkViewSet, basename="api-framework")
router.register(
    "workspaces/<slug:ws>/frameworks/<int:framework_pk>/versions",
    policy.FrameworkVersionViewSet,
    basename="api-framework-version",
)
router.register("workspaces/<slug:ws>/ambitions", policy.AmbitionViewSet, basename="api-ambition")
router.register("workspaces/<slug:ws>/goals", policy.GoalViewSet, basename="api-goal")
router.register("workspaces/<slug:ws>/indicators", policy.IndicatorViewSet, basename="api-indicator")
router.register(
    "workspaces/<slug:ws>/indicators/<int:indicator_pk>/values",
    policy.IndicatorValueViewSet,
    basename="api-indicator-value",
)
router.register("workspaces/<slug:ws>/actions", policy.ActionViewSet, basename="api-action")
router.register("workspaces/<slug:ws>/lea-meetings", policy.LeaMeetingViewSet, basename="api-lea-meeting")
router.register(
    "workspaces/<slug:ws>/lea-meetings/<int:meeting_pk>/agenda-items",
    policy.AgendaItemViewSet,
    basename="api-agenda-item",
)
router.register("workspaces/<slug:ws>/agreements", policy.AgreementViewSet, basename="api-agreement")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(generator_class=EnglishSchemaGenerator), name="api-schema"),
    path("docs/", docs.api_docs, name="api-docs"),
    path("workspaces/<slug:ws>/line/", analysis.ContinuousLineView.as_view(), name="api-line"),
    path("workspaces/<slug:ws>/matrix/", analysis.IntegralMatrixView.as_view(), name="api-matrix"),
    path(
        "workspaces/<slug:ws>/voice-insights/",
        voice_insights.VoiceInsightsView.as_view(),
        name="api-voice-insights",
    ),
    path(
        "workspaces/<slug:ws>/reach/dashboard/",
        reach_dashboard.ReachDashboardView.as_view(),
        name="api-reach-dashboard",
    ),
    *router.urls,
]
