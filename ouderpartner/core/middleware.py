"""Response headers every response gets, pages, error pages, API and media alike.

The Content-Security-Policy itself comes from django-csp (settings.CONTENT_SECURITY_POLICY); this
middleware sits inside it and makes sure every HTML page carries a nonce in script-src and style-src,
so a template that adds a nonced <script> or <style> never meets a policy without one. The other
headers are set here as well as by Django's own middleware, so a response that leaves the stack early
(a redirect, a CSRF refusal) still has them.
"""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), midi=(), magnetometer=(), "
    "gyroscope=(), accelerometer=(), display-capture=()"
)


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.get("Content-Type", "").startswith("text/html") and hasattr(request, "csp_nonce"):
            # Evaluating the lazy nonce puts it into the policy django-csp writes on the way out.
            str(request.csp_nonce)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        response.headers.setdefault("X-Frame-Options", settings.X_FRAME_OPTIONS)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", settings.SECURE_REFERRER_POLICY)
        return response
