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
        context["workspace_memberships"] = memberships_for_user(request.user)
    return context
