"""Filter links for list and insight pages: each link keeps the other filters and changes one."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.http import HttpRequest
from django.utils.http import urlencode


def filter_link(request: HttpRequest, params: Iterable[str], **changes: Any) -> str:
    """This page's URL with the known filter parameters kept and `changes` applied ("" removes one)."""
    allowed = set(params)
    kept = {key: value for key, value in request.GET.items() if key in allowed and value}
    for key, value in changes.items():
        if value in (None, ""):
            kept.pop(key, None)
        else:
            kept[key] = str(value)
    return f"{request.path}?{urlencode(sorted(kept.items()))}" if kept else request.path


def filter_group(
    request: HttpRequest,
    params: Iterable[str],
    param: str,
    label: Any,
    all_label: Any,
    options: Sequence[tuple[Any, Any]],
    *,
    current: str = "",
    default: str = "",
) -> dict[str, Any]:
    """One row of filter links: "all" (or the default) first, then one link per option.

    `current` is the value the page actually uses (validated); `default` is the value that needs no
    parameter in the URL (its link removes the parameter).
    """
    params = tuple(params)
    links = []
    if not default:
        links.append(
            {"label": all_label, "url": filter_link(request, params, **{param: ""}), "current": not current}
        )
    for value, text in options:
        value = str(value)
        target = "" if value == default else value
        links.append(
            {
                "label": str(text),
                "url": filter_link(request, params, **{param: target}),
                "current": current == value,
            }
        )
    return {"label": label, "links": links}
