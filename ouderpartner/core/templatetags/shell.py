"""Template tags for the page shell: workspace theme tokens, links that keep the query string."""

from functools import lru_cache

from django import template
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.safestring import SafeString

from ouderpartner.core.colours import HEX_COLOUR, shade
from ouderpartner.core.models import Workspace

register = template.Library()


@register.simple_tag
def workspace_theme_css(workspace: Workspace) -> SafeString:
    """Override the NL Design System theme's brand tokens with the workspace's colours."""
    return _theme_css(workspace.primary_colour, workspace.accent_colour)


@lru_cache(maxsize=1024)
def _theme_css(primary: str, accent: str) -> SafeString:
    """The same few colours on every page: worked out once per process."""
    primary = primary if HEX_COLOUR.match(primary) else "#01689B"
    accent = accent if HEX_COLOUR.match(accent) else "#39870C"
    return format_html(
        ".voorbeeld-theme.op-brand{{"
        "--op-primary:{p};--op-primary-hover:{ph};--op-accent:{a};"
        "--basis-color-action-1-inverse-bg-default:{p};--basis-color-action-1-inverse-bg-hover:{ph};"
        "--basis-color-action-1-inverse-bg-active:{pa};"
        "--basis-color-action-2-color-default:{p};--basis-color-action-2-color-hover:{ph};"
        "--basis-color-action-2-color-active:{pa};"
        "--basis-color-action-1-color-default:{p};--basis-color-action-1-color-hover:{ph};"
        "--basis-color-action-1-color-active:{pa};--basis-color-action-1-border-default:{p};"
        "--basis-color-action-1-border-hover:{ph};--basis-color-action-1-border-active:{pa};"
        "--basis-color-accent-1-inverse-bg-default:{a};"
        "}}",
        p=primary,
        ph=shade(primary, 0.8),
        pa=shade(primary, 0.65),
        a=accent,
    )


@register.simple_tag(takes_context=True)
def query(context: template.Context, **changes: object) -> str:
    """The current query string with some parameters changed (None or "" removes them)."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    params.pop("page", None) if "page" not in changes else None
    encoded = urlencode(sorted((k, v) for k in params for v in params.getlist(k)))
    return f"?{encoded}" if encoded else "?"
