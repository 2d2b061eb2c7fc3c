"""The parent's side: no account, no cookies beyond the form's own (parent_views.py)."""

from django.urls import path

from ouderpartner.voice import parent_views

app_name = "parent"

urlpatterns = [
    path("<str:code>/", parent_views.start, name="start"),
]
