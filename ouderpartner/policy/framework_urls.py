"""Routes of the policy capability's framework pages; composed in urls.py under the namespace "policy"."""

from django.urls import URLPattern, path

from ouderpartner.policy import framework_views as views

urlpatterns: list[URLPattern] = [
    path("", views.overview, name="overview"),
    path("frameworks/", views.framework_list, name="framework_list"),
    path("frameworks/new/", views.framework_create, name="framework_create"),
    path("frameworks/<int:pk>/", views.framework_detail, name="framework_detail"),
    path("frameworks/<int:pk>/edit/", views.framework_update, name="framework_update"),
    path("frameworks/<int:pk>/status/", views.framework_status, name="framework_status"),
    path("frameworks/<int:pk>/save-version/", views.framework_save_version, name="framework_save_version"),
    path("frameworks/<int:pk>/versions/", views.version_list, name="version_list"),
    path("frameworks/<int:pk>/compare/", views.version_compare, name="version_compare"),
    path("frameworks/<int:pk>/ambitions/new/", views.ambition_create, name="ambition_create"),
    path("ambitions/<int:pk>/", views.ambition_detail, name="ambition_detail"),
    path("ambitions/<int:pk>/edit/", views.ambition_update, name="ambition_update"),
    path("ambitions/<int:pk>/delete/", views.ambition_delete, name="ambition_delete"),
    path("ambitions/<int:pk>/move/", views.ambition_move, name="ambition_move"),
    path("ambitions/<int:pk>/endorse/", views.endorsement_create, name="endorsement_create"),
    path("endorsements/<int:pk>/withdraw/", views.endorsement_withdraw, name="endorsement_withdraw"),
]
