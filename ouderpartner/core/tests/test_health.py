"""Health endpoints: /health/live answers without the database, /health/ready checks the database and
Redis and answers 503 with a short reason when one fails; neither touches the session or sets cookies."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from ouderpartner.accounts import security
from ouderpartner.core import health

pytestmark = pytest.mark.django_db


def test_live_answers_without_touching_the_database():
    with CaptureQueriesContext(connection) as queries:
        response = Client().get("/health/live")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert len(queries) == 0
    assert "no-store" in response["Cache-Control"]


def test_ready_checks_the_database():
    with CaptureQueriesContext(connection) as queries:
        response = Client().get("/health/ready")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert [q["sql"] for q in queries.captured_queries] == ["SELECT 1"]
    assert "no-store" in response["Cache-Control"]
    assert Client().get("/healthz").json() == {"status": "ok"}


def test_ready_is_503_with_a_reason_when_the_database_fails(monkeypatch):
    def broken():
        raise OSError("connection refused to db.internal:5432 for user secret")

    monkeypatch.setattr(health, "_database", broken)
    response = Client().get("/health/ready")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "reason": "database unavailable"}
    assert b"db.internal" not in response.content and b"secret" not in response.content
    assert Client().get("/health/live").status_code == 200


def test_ready_is_503_when_redis_does_not_answer(settings):
    # A Redis URL nothing listens on (port 9 is discard; connecting is refused at once).
    health._client.cache_clear()
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",
        }
    }
    try:
        response = Client().get("/health/ready")
    finally:
        health._client.cache_clear()
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "reason": "redis unavailable"}


def test_the_redis_servers_come_from_the_cache_and_the_channel_layer(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    assert health.redis_urls() == []
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://r:6379/1"}
    }
    settings.CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
            "CONFIG": {"hosts": [{"address": "redis://r:6379/1"}, {"address": "redis://s:6379/2"}]},
        }
    }
    assert health.redis_urls() == ["redis://r:6379/1", "redis://s:6379/2"]


@pytest.mark.parametrize("path", ["/health/live", "/health/ready", "/healthz"])
def test_a_signed_in_browser_gets_no_cookie_and_its_session_is_not_touched(client_for, alice, path):
    client = client_for(alice)
    session = client.session
    session[security.LAST_SEEN] = 1000
    session.save()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    assert not response.cookies
    assert "Cookie" not in response.get("Vary", "")
    assert not any("session" in q["sql"] for q in queries.captured_queries)
    assert client.session[security.LAST_SEEN] == 1000
    # Nothing about anyone in the answer.
    assert alice.email.encode() not in response.content


def test_the_health_endpoints_carry_the_security_headers():
    response = Client().get("/health/live")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "Content-Security-Policy" in response
