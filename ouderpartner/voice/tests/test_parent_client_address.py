"""The parent rate limit tells clients apart by their real address behind a trusted proxy, and cannot be
dodged by sending a made-up X-Forwarded-For."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.urls import reverse

from ouderpartner.voice import answering
from ouderpartner.voice.tests.factories import DistributionFactory, questionnaire_with_questions

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def start(utrecht, school):
    distribution = DistributionFactory(
        questionnaire=questionnaire_with_questions(utrecht), location=school.locations.get()
    )
    return reverse("parent:start", kwargs={"code": distribution.code})


def fill_the_limit(client, start, **headers) -> None:
    for _ in range(answering.RATE_PER_CLIENT):
        assert client.post(start, {"language": "nl"}, **headers).status_code == 302


def test_a_made_up_forwarded_header_does_not_escape_the_limit(client, start, settings):
    settings.TRUSTED_PROXIES = []
    fill_the_limit(client, start, REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR="198.51.100.1")
    spoofed = client.post(
        start, {"language": "nl"}, REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR="198.51.100.2"
    )
    assert spoofed.status_code == 429


def test_behind_a_trusted_proxy_each_parent_has_their_own_limit(client, start, settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    proxy = {"REMOTE_ADDR": "127.0.0.1"}
    fill_the_limit(client, start, HTTP_X_FORWARDED_FOR="203.0.113.7", **proxy)
    assert (
        client.post(start, {"language": "nl"}, HTTP_X_FORWARDED_FOR="203.0.113.7", **proxy).status_code == 429
    )
    # Another parent behind the same proxy is not blocked by the first one.
    assert (
        client.post(start, {"language": "nl"}, HTTP_X_FORWARDED_FOR="203.0.113.8", **proxy).status_code == 302
    )
    # Prefixing a made-up address does not give the first parent a fresh limit.
    spoofed = client.post(start, {"language": "nl"}, HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7", **proxy)
    assert spoofed.status_code == 429
