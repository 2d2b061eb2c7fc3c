"""Template helpers for goals, indicators and actions: the block on an ambition's page and numbers."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template
from django.urls import reverse

from ouderpartner.policy import goal_selectors as selectors
from ouderpartner.policy.goal_services import can_update_action
from ouderpartner.policy.models import Ambition, Indicator
from ouderpartner.stats import format_number

register = template.Library()


@register.simple_tag(takes_context=True)
def ambition_goal_data(context: Any, ambition: Ambition) -> dict[str, Any]:
    """The goals (with indicators' current values and progress) and actions of one ambition, and what
    the user may do. Four queries, plus one or two per live indicator."""
    request = context["request"]
    workspace = request.workspace
    membership = request.membership
    actions = selectors.ambition_actions(workspace=workspace, ambition=ambition)
    for action in actions:
        action.updatable = can_update_action(membership, action)
    here = reverse("policy:ambition_detail", kwargs={"ws": workspace.slug, "pk": ambition.pk})
    return {
        "goals": selectors.ambition_goals(workspace=workspace, ambition=ambition),
        "actions": actions,
        "is_coordinator": membership.is_coordinator,
        "here": here,
    }


@register.filter
def goal_number(value: Decimal | float | int | None, indicator: Indicator | None = None) -> str:
    """A baseline or target in the active language's number format ("–" when not set), with "%" for
    percentages; decimals only where the number has them."""
    if value is None or value == "":
        return "–"
    number = Decimal(str(value)).normalize()
    exponent = number.as_tuple().exponent
    decimals = max(0, -exponent) if isinstance(exponent, int) else 0
    if indicator is not None and indicator.value_kind == Indicator.ValueKind.SCORE:
        decimals = max(decimals, 1)
    text = format_number(float(number), decimals=decimals)
    if indicator is not None and indicator.value_kind == Indicator.ValueKind.PERCENTAGE:
        return f"{text}%"
    return text
