"""Parents comment on a framework's draft ambitions here, without an account: /c/<code>/ (public_views.py)."""

from django.urls import path, re_path

from ouderpartner.policy import public_views

app_name = "consultation"

urlpatterns = [
    path("<str:code>/", public_views.start, name="start"),
    path("<str:code>/<str:lang>/", public_views.intro, name="intro"),
    path("<str:code>/<str:lang>/thanks/", public_views.thanks, name="thanks"),
    # Anything else here ending in a slash (a mistyped link) gets the parent's "this link does not work"
    # page; without the slash, Django first tries the address with one (APPEND_SLASH).
    re_path(r"^(?:.*/)?$", public_views.not_found, name="not_found"),
]
