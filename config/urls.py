"""URL configuration: staff pages per capability under /w/<workspace>/, accounts, the API."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from ouderpartner.core.media import serve_media

urlpatterns = [
    path("", include("ouderpartner.core.urls")),
    path("accounts/", include("ouderpartner.accounts.urls")),
    path("w/<slug:ws>/network/", include("ouderpartner.network.urls")),
    path("w/<slug:ws>/programmes/", include("ouderpartner.programmes.urls")),
    path("w/<slug:ws>/voice/", include("ouderpartner.voice.urls")),
    path("w/<slug:ws>/live/", include("ouderpartner.live.urls")),
    path("w/<slug:ws>/reach/", include("ouderpartner.reach.urls")),
    path("w/<slug:ws>/policy/", include("ouderpartner.policy.urls")),
    # Parents answer here, without an account: /q/<code>/
    path("q/", include("ouderpartner.voice.parent_urls")),
    # Participants of a live meeting join here with the code on the screen: /j/<code>/
    path("j/", include("ouderpartner.live.participant_urls")),
    # Parents comment on draft ambitions of a framework in consultation: /c/<code>/
    path("c/", include("ouderpartner.policy.public_urls")),
    path("api/", include("ouderpartner.api.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

# Under /api/ a URL that matches no route (or a crash) answers in JSON like the rest of the API.
handler404 = "ouderpartner.api.errors.not_found"
handler500 = "ouderpartner.api.errors.server_error"

if settings.DEBUG or settings.SERVE_MEDIA:
    # Uploaded logos, images and recordings, with byte ranges so recordings play on iPhones too.
    urlpatterns += [path("media/<path:path>", serve_media)]
