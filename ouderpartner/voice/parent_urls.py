"""The parent's side: no account, no cookies beyond the form's own (parent_views.py)."""

from django.urls import path

from ouderpartner.voice import parent_views

app_name = "parent"

urlpatterns = [
    path("<str:code>/", parent_views.start, name="start"),
    path("<str:code>/r/<str:token>/done/", parent_views.done, name="done"),
    path("<str:code>/r/<str:token>/<int:step>/", parent_views.step, name="step"),
]
