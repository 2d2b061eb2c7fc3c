"""Routes of the policy capability's goal pages; composed in urls.py under the namespace "policy"."""

from django.urls import URLPattern, path

from ouderpartner.policy import goal_views as views

urlpatterns: list[URLPattern] = [
    path("goals/", views.goal_list, name="goal_list"),
    path("ambitions/<int:pk>/goals/new/", views.goal_create, name="goal_create"),
    path("goals/<int:pk>/edit/", views.goal_update, name="goal_update"),
    path("goals/<int:pk>/delete/", views.goal_delete, name="goal_delete"),
    path("goals/<int:pk>/move/", views.goal_move, name="goal_move"),
    path("goals/<int:pk>/indicators/new/", views.indicator_create, name="indicator_create"),
    path("indicators/<int:pk>/", views.indicator_detail, name="indicator_detail"),
    path("indicators/<int:pk>/edit/", views.indicator_update, name="indicator_update"),
    path("indicators/<int:pk>/delete/", views.indicator_delete, name="indicator_delete"),
    path("indicators/<int:pk>/values/new/", views.value_create, name="value_create"),
    path("values/<int:pk>/edit/", views.value_update, name="value_update"),
    path("values/<int:pk>/delete/", views.value_delete, name="value_delete"),
    path("actions/", views.action_list, name="action_list"),
    path("actions/export/", views.action_export, name="action_export"),
    path("actions/new/", views.action_create, name="action_create"),
    path("actions/<int:pk>/edit/", views.action_update, name="action_update"),
    path("actions/<int:pk>/progress/", views.action_progress, name="action_progress"),
    path("actions/<int:pk>/delete/", views.action_delete, name="action_delete"),
]
