"""The API documentation page: our own NL Design System page built from the schema (no third-party scripts)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from ouderpartner.api.schema import EnglishSchemaGenerator

TAG_LABELS = {
    "workspaces": _("Workspaces"),
    "organisations": _("Organisations"),
    "locations": _("Locations and trusted places"),
    "neighbourhoods": _("Districts and neighbourhoods"),
    "partnerships": _("Partnerships"),
}
METHODS = ("get", "post", "put", "patch", "delete")


@lru_cache(maxsize=1)
def endpoint_groups() -> tuple[tuple[str, tuple[dict[str, str], ...]], ...]:
    """The schema's operations grouped by tag, in schema order; generated once per process."""
    schema: dict[str, Any] = EnglishSchemaGenerator().get_schema(request=None, public=True)
    groups: dict[str, list[dict[str, str]]] = {}
    for path, operations in schema.get("paths", {}).items():
        for method in METHODS:
            operation = operations.get(method)
            if operation is None:
                continue
            tag = (operation.get("tags") or ["other"])[0]
            groups.setdefault(tag, []).append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": operation.get("summary", ""),
                    "description": operation.get("description", ""),
                }
            )
    return tuple((tag, tuple(items)) for tag, items in groups.items())


def api_docs(request: HttpRequest) -> HttpResponse:
    """Public: it describes the API; the data endpoints themselves need a login."""
    groups = [
        {"tag": tag, "label": TAG_LABELS.get(tag, tag), "endpoints": endpoints}
        for tag, endpoints in endpoint_groups()
    ]
    return render(
        request,
        "api/docs.html",
        {"groups": groups, "breadcrumbs": [{"label": _("API")}]},
    )
