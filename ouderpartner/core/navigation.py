"""The navigation by capability. A capability appears here once it is built; nothing is a placeholder."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from django.urls import get_script_prefix, reverse
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
    return [
        {"label": item.label, "url": url, "current": item.section == current_section}
        for item, url in _items(membership.workspace.slug, membership.role, get_script_prefix())
    ]


@lru_cache(maxsize=2048)
def _items(ws: str, role: str, script_prefix: str) -> tuple[tuple[NavItem, str], ...]:
    """The items a role sees in a workspace, with their addresses (reversed once per process, not per page)."""
    return tuple(
        (item, reverse(item.url_name, kwargs={"ws": ws})) for item in NAVIGATION if role in item.roles
    )
