"""The parent's side: no account, no cookies beyond the form's own (parent_views.py)."""

from django.urls import path, re_path

from ouderpartner.voice import parent_views

app_name = "parent"

urlpatterns = [
    path("<str:code>/", parent_views.start, name="start"),
    path("<str:code>/r/<str:token>/done/", parent_views.done, name="done"),
    path("<str:code>/r/<str:token>/<int:step>/", parent_views.step, name="step"),
    # Anything else here ending in a slash (a mistyped link) gets the parent's "this link does not work"
    # page; without the slash, Django first tries the address with one (APPEND_SLASH).
    re_path(r"^(?:.*/)?$", parent_views.not_found, name="not_found"),
]
