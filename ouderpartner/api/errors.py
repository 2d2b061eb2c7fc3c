"""Error pages for the API: a URL under /api/ that matches no route answers in JSON, like the API itself.

Django's own 404 and 500 pages are HTML; a partner system (or schemathesis) calling
/api/workspaces/<not a slug>/… must get the same `{"detail": …}` as any other API error.
Everything outside /api/ keeps the HTML pages of the site.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views import defaults
from rest_framework.exceptions import APIException, NotFound

API_PREFIX = "/api/"


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith(API_PREFIX)


def not_found(request: HttpRequest, exception: Any = None) -> HttpResponse:
    if _is_api(request):
        return JsonResponse({"detail": str(NotFound.default_detail)}, status=404)
    return defaults.page_not_found(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    if _is_api(request):
        return JsonResponse({"detail": str(APIException.default_detail)}, status=500)
    return defaults.server_error(request)
