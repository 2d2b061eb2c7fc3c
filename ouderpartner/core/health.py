"""Health endpoints for load balancers, process managers and monitoring.

- `/health/live`: the process answers HTTP. It touches no database, cache or session: a restart is the
  only cure when this fails. It is also the practical ceiling the page benchmark compares every page
  with (bench/page_load.py): a minimal Django view through the whole middleware stack.
- `/health/ready`: the process can serve pages: the database answers and, when `REDIS_URL` is set,
  Redis (the cache and the channel layer) answers too. Otherwise 503 with a short reason naming the
  part that failed (never an error message, a host name or anything about a user). `/healthz` is the
  older name of the same check.

Neither reads or writes the session, sets a cookie or is cached by a proxy (the session timeout and
two-factor middleware pass them untouched, ouderpartner/accounts/middleware.py).
"""

from __future__ import annotations

import logging
from functools import cache

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache

logger = logging.getLogger(__name__)

# Paths the session timeout middleware leaves alone (no session read, so no touch and no cookie).
PATHS = ("/health/", "/healthz")
# Seconds a readiness check waits for Redis before it calls it unavailable.
REDIS_TIMEOUT = 2.0


@never_cache
def live(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


@never_cache
def ready(request: HttpRequest) -> JsonResponse:
    for part, check in (("database", _database), ("redis", _redis)):
        try:
            check()
        except Exception:  # any failure means "not ready"; the log has the details
            logger.warning("Readiness check failed: %s", part, exc_info=True)
            return JsonResponse({"status": "unavailable", "reason": f"{part} unavailable"}, status=503)
    return JsonResponse({"status": "ok"})


def _database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        if cursor.fetchone()[0] != 1:
            raise RuntimeError("unexpected answer")


def _redis() -> None:
    for url in redis_urls():
        _client(url).ping()


def redis_urls() -> list[str]:
    """The Redis servers this installation uses: the cache's and the channel layer's (once each)."""
    urls: list[str] = []
    cache_conf = settings.CACHES.get("default", {})
    if "redis" in cache_conf.get("BACKEND", "").lower():
        location = cache_conf.get("LOCATION", "")
        urls.extend([location] if isinstance(location, str) else list(location))
    layer = settings.CHANNEL_LAYERS.get("default", {})
    if "redis" in layer.get("BACKEND", "").lower():
        for host in layer.get("CONFIG", {}).get("hosts", []):
            address = host.get("address") if isinstance(host, dict) else host
            if isinstance(address, str):
                urls.append(address)
    return list(dict.fromkeys(url for url in urls if url))


@cache
def _client(url: str):
    import redis

    return redis.Redis.from_url(url, socket_timeout=REDIS_TIMEOUT, socket_connect_timeout=REDIS_TIMEOUT)
