"""Template helpers that publish counts about people through the disclosure rules of `ouderpartner.stats`."""

from __future__ import annotations

from django import template
from django.utils.functional import Promise

from ouderpartner.stats import PublishedCount, effective_threshold, explanation, publish_count

register = template.Library()

UNKNOWN = "—"


@register.filter
def published(value: int | PublishedCount | None, k: int | None) -> str:
    """`{{ count|published:k }}`: "< 5" when suppressed, the rounded count in the active language's
    number format otherwise, "—" when the figure is unknown (None)."""
    if isinstance(value, PublishedCount):
        return value.display()
    if value is None or value == "":
        return UNKNOWN
    return publish_count(int(value), k=k).display()


@register.simple_tag
def disclosure_explanation(k: int | None) -> Promise:
    """`{% disclosure_explanation k %}`: the sentence shown near published figures."""
    return explanation(effective_threshold(k))
