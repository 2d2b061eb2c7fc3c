"""The participant's side of live meetings, at the short address /j/<code>/ (participant_views.py)."""

from django.urls import path

from ouderpartner.live import participant_views

app_name = "live_participant"

urlpatterns = [
    path("", participant_views.enter_code, name="enter_code"),
    path("<str:code>/", participant_views.start, name="start"),
    path("<str:code>/live/", participant_views.live, name="live"),
]
