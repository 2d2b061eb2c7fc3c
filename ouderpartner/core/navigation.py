"""The navigation by capability. A capability appears here once it is built; nothing is a placeholder."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from ouderpartner.core.models import Membership, Role


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str
    section: str
    roles: tuple[str, ...] = (Role.COORDINATOR, Role.PROFESSIONAL, Role.VIEWER)


NAVIGATION: list[NavItem] = [
    NavItem(_("Overview"), "core:home", "home"),
    NavItem(_("Network"), "network:organisation_list", "network"),
    NavItem(_("Neighbourhoods"), "network:neighbourhood_list", "neighbourhoods"),
    NavItem(_("Programmes"), "programmes:programme_list", "programmes"),
    NavItem(_("Parent voice"), "voice:questionnaire_list", "voice"),
    NavItem(_("Meetings"), "live:session_list", "live"),
    NavItem(_("Reach"), "reach:dashboard", "reach"),
    NavItem(_("Policy"), "policy:overview", "policy"),
    NavItem(_("Management"), "core:members", "management", roles=(Role.COORDINATOR,)),
]


def navigation_for(membership: Membership, current_section: str) -> list[dict[str, object]]:
    ws = membership.workspace.slug
    return [
        {
            "label": item.label,
            "url": reverse(item.url_name, kwargs={"ws": ws}),
            "current": item.section == current_section,
        }
        for item in NAVIGATION
        if membership.role in item.roles
    ]
