"""Helpers for the API tests: a JSON client per user and the URLs."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.urls import reverse


class JsonClient:
    """The Django test client speaking JSON (session authentication, like a browser)."""

    def __init__(self, client: Any) -> None:
        self.client = client

    def get(self, url: str, params: dict | None = None) -> Any:
        return self.client.get(url, params or {})

    def _send(self, method: str, url: str, data: Any = None) -> Any:
        body = json.dumps(data) if data is not None else ""
        return getattr(self.client, method)(url, body, content_type="application/json")

    def post(self, url: str, data: Any = None) -> Any:
        return self._send("post", url, data)

    def put(self, url: str, data: Any) -> Any:
        return self._send("put", url, data)

    def patch(self, url: str, data: Any) -> Any:
        return self._send("patch", url, data)


@pytest.fixture
def api(client_for):
    """api(user) -> a JSON client logged in as that user."""

    def make(user: Any) -> JsonClient:
        return JsonClient(client_for(user))

    return make


def url(name: str, ws: str = "utrecht", pk: int | None = None, action: str = "") -> str:
    """url("organisation") -> list, url("organisation", pk=1) -> detail, action="archive" -> the action."""
    kwargs: dict[str, Any] = {"ws": ws}
    if pk is None:
        return reverse(f"api-{name}-list", kwargs=kwargs)
    kwargs["pk"] = pk
    return reverse(f"api-{name}-{action or 'detail'}", kwargs=kwargs)
