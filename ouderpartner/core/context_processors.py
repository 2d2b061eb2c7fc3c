"""What every page's shell needs: the current workspace, the user's other workspaces, navigation."""

from django.conf import settings
from django.http import HttpRequest

from ouderpartner.core.access import memberships_for_user
from ouderpartner.core.navigation import navigation_for


def shell(request: HttpRequest) -> dict[str, object]:
    membership = getattr(request, "membership", None)
    context: dict[str, object] = {"app_version": settings.APP_VERSION}
    if membership is not None:
        context["current_workspace"] = membership.workspace
        context["current_membership"] = membership
        context["navigation"] = navigation_for(membership, getattr(request, "nav_section", ""))
    if request.user.is_authenticated:
        # Only the slugs and names, for the user menu's "switch to" links (read only if the page shows it).
        context["workspace_memberships"] = workspace_choices(request.user)
    return context


def workspace_choices(user: object) -> list[dict[str, str]]:
    return [
        {"slug": slug, "name": name}
        for slug, name in memberships_for_user(user).values_list("workspace__slug", "workspace__name")
    ]
