"""The one place where sign-in security is enforced for every staff page, the API's session use and the
presenter's WebSocket: session timeouts and two-factor authentication.

Requests of the partner-token API carry no session, so they pass untouched (machine access); parents'
pages (/q/, /j/, /c/) have no signed-in user either.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from channels.db import database_sync_to_async
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from ouderpartner.accounts import security
from ouderpartner.core import health

# Views a signed-in user may open before the second step (url names, with their namespace).
TWO_FACTOR_EXEMPT = {
    "accounts:two_factor_setup",
    "accounts:two_factor_verify",
    "accounts:recovery_codes",
    "accounts:logout",
    "core:set_language",
    "core:privacy",
    "core:accessibility",
    "core:healthz",
    "core:health_live",
    "core:health_ready",
    "serve_media",
}


class SessionTimeoutMiddleware:
    """Signs a user out after SESSION_IDLE_TIMEOUT without a request, and SESSION_ABSOLUTE_TIMEOUT after
    signing in whatever they did; the login page then says why."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # Health checks neither read nor extend a session (a monitor may send a browser's cookie).
        if request.path_info.startswith(health.PATHS):
            return self.get_response(request)
        if request.user.is_authenticated:
            expired = security.session_expiry(request.session)
            if expired:
                logout(request)
                if expired == "idle":
                    minutes = settings.SESSION_IDLE_TIMEOUT // 60
                    text = _(
                        "You were signed out because you did nothing for %(minutes)s minutes. Log in again."
                    ) % {"minutes": minutes}
                else:
                    hours = settings.SESSION_ABSOLUTE_TIMEOUT // 3600
                    text = _(
                        "You were signed out because you logged in %(hours)s hours ago. Log in again."
                    ) % {"hours": hours}
                messages.info(request, text)
            else:
                security.session_touch(request.session)
        return self.get_response(request)


class TwoFactorMiddleware:
    """Before any view: a user who must enter a code, or set up an authenticator, is sent there first
    (the API answers 403 instead). A user who may do without it but has not set it up gets
    `request.two_factor_nudge` (a dismissible notice in the page shell)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Any, view_args: Any, view_kwargs: dict[str, Any]
    ) -> HttpResponse | None:
        match = request.resolver_match
        if match is not None and match.view_name in TWO_FACTOR_EXEMPT:
            return None
        if not request.user.is_authenticated:
            return None
        step, facts = security.two_factor_step(request.user, request.session, view_kwargs.get("ws", ""))
        if step == security.OK:
            request.two_factor_nudge = not facts["has_device"] and not request.session.get(
                security.NUDGE_DISMISSED
            )
            return None
        if request.path.startswith("/api/"):
            return JsonResponse(
                {"detail": _("Two-factor authentication is required: sign in on the website first.")},
                status=403,
            )
        target = "accounts:two_factor_verify" if step == security.VERIFY else "accounts:two_factor_setup"
        url = reverse(target)
        if request.method == "GET":
            url += "?" + urlencode({"next": request.get_full_path()})
        return redirect(url)


class TwoFactorWebsocketMiddleware:
    """For WebSocket routes behind AuthMiddlewareStack: a user without the second step is anonymous."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> Any:
        user = scope.get("user")
        if user is not None and getattr(user, "is_authenticated", False):
            ws = scope.get("url_route", {}).get("kwargs", {}).get("ws", "")
            if not await database_sync_to_async(self._allowed)(user, scope.get("session"), ws):
                scope = {**scope, "user": AnonymousUser()}
        return await self.inner(scope, receive, send)

    @staticmethod
    def _allowed(user: Any, session: Any, ws: str) -> bool:
        if session is None or security.session_expiry(session):
            return False
        return security.two_factor_step(user, session, ws)[0] == security.OK
