from django.urls import path

from ouderpartner.core import health, management_views, views
from ouderpartner.core.portability import views as portability_views

app_name = "core"

urlpatterns = [
    path("", views.start, name="start"),
    path("language/<str:language>/", views.set_language, name="set_language"),
    path("privacy/", views.privacy, name="privacy"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("healthz", health.ready, name="healthz"),
    path("health/live", health.live, name="health_live"),
    path("health/ready", health.ready, name="health_ready"),
    path("w/<slug:ws>/", views.home, name="home"),
    path("w/<slug:ws>/members/", management_views.members, name="members"),
    path("w/<slug:ws>/audit/", management_views.audit_log, name="audit_log"),
    path("w/<slug:ws>/settings/", management_views.workspace_settings, name="settings"),
    path("w/<slug:ws>/export/", portability_views.workspace_archive, name="workspace_archive"),
]
