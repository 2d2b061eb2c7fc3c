"""The policy capability's sub-navigation: the overview, the frameworks and every other policy page that
exists (url names that are not defined are left out, so no link leads nowhere)."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse
from django.utils.translation import gettext as _

from ouderpartner.policy import selectors

register = template.Library()

# Pages that belong under "Frameworks" in the sub-navigation.
FRAMEWORK_PAGES = ("framework_", "version_", "ambition_", "endorsement_")


@register.inclusion_tag("policy/framework/subnav.html", takes_context=True)
def policy_subnav(context: dict[str, Any]) -> dict[str, Any]:
    request = context["request"]
    workspace = request.workspace
    current = request.resolver_match.url_name if request.resolver_match else ""
    links = [
        {
            "name": "overview",
            "label": _("Overview"),
            "url": reverse("policy:overview", kwargs={"ws": workspace.slug}),
        }
    ]
    links += selectors.section_links(workspace=workspace)
    for link in links:
        if link["name"] == "framework_list":
            link["current"] = current.startswith(FRAMEWORK_PAGES) or current == "framework_list"
        else:
            stem = link["name"].removesuffix("_list")
            link["current"] = current == link["name"] or current.startswith(stem + "_")
    return {"links": links}
