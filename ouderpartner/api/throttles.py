"""Rate limits of the API (issue 8, item 5), each keyed on who asks, so one client never blocks another.

- `partner_token`: per partner token (a partner organisation's system), whatever address it calls from;
- `user`: per signed-in member (the session API);
- `anon`: per address for everything else (the schema, the documentation, a request without credentials).

Rates are in settings (REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]; API_THROTTLE_RATES holds the production
values) and are read when a request comes in, so a changed setting applies at once. Over the limit the API
answers 429 with a Retry-After header; the counters live in the cache (Redis when REDIS_URL is set, so
several processes share them).
"""

from __future__ import annotations

import time
from typing import Any

from rest_framework.request import Request
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from ouderpartner.core.client_ip import client_address
from ouderpartner.live.realtime import address_key
from ouderpartner.reach.models import PartnerToken


class _SettingsRateThrottle(SimpleRateThrottle):
    """Reads its rate from the settings on every request (DRF binds them once, at import)."""

    def __init__(self) -> None:
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)

    def timer(self) -> float:
        return time.time()  # looked up on each call (DRF keeps the function it found at import)

    def get_rate(self) -> str | None:
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)


def _token(request: Request) -> PartnerToken | None:
    return request.auth if isinstance(request.auth, PartnerToken) else None


class PartnerTokenThrottle(_SettingsRateThrottle):
    scope = "partner_token"

    def get_cache_key(self, request: Request, view: Any) -> str | None:
        token = _token(request)
        if token is None:
            return None
        return self.cache_format % {"scope": self.scope, "ident": token.pk}


class MemberThrottle(_SettingsRateThrottle):
    scope = "user"

    def get_cache_key(self, request: Request, view: Any) -> str | None:
        if _token(request) is not None or not (request.user and request.user.is_authenticated):
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.user.pk}


class AnonymousThrottle(_SettingsRateThrottle):
    scope = "anon"

    def get_cache_key(self, request: Request, view: Any) -> str | None:
        if _token(request) is not None or (request.user and request.user.is_authenticated):
            return None
        # The address as the rest of the application reads it (through TRUSTED_PROXIES), hashed.
        return self.cache_format % {"scope": self.scope, "ident": address_key(client_address(request))}
