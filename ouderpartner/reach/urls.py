from django.urls import path

from ouderpartner.reach import dashboard_views, views

app_name = "reach"

urlpatterns = [
    # Dashboard (dashboard_views.py): published aggregates for every member, and their XLSX export.
    path("", dashboard_views.reach_dashboard_view, name="dashboard"),
    path("export/", dashboard_views.reach_dashboard_export, name="dashboard_export"),
    # Records (views.py). The dashboard ("" → reach:dashboard) and aggregate exports are in dashboard views.
    path("activities/", views.activity_list, name="activity_list"),
    path("activities/new/", views.activity_create, name="activity_create"),
    path("activities/repeat/", views.activity_repeat, name="activity_repeat"),
    path("activities/export/", views.activity_export, name="activity_export"),
    path("activities/import/", views.activity_import, name="activity_import"),
    path("activities/import/template/", views.activity_import_template, name="activity_import_template"),
    path("activities/<int:pk>/edit/", views.activity_update, name="activity_update"),
    path("activities/<int:pk>/delete/", views.activity_delete, name="activity_delete"),
    path("estimates/", views.estimate_list, name="estimate_list"),
    path("estimates/new/", views.estimate_create, name="estimate_create"),
    path("estimates/<int:pk>/edit/", views.estimate_update, name="estimate_update"),
    path("estimates/<int:pk>/delete/", views.estimate_delete, name="estimate_delete"),
    path("tokens/", views.token_list, name="token_list"),
    path("tokens/<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
]
