"""Access helpers: every workspace-owned object is fetched through these.

Another workspace's object answers 404, the same answer as "does not exist" (STYLE.md, after
Healthchecks). Views use `workspace_view` to resolve the workspace and the user's membership.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from ouderpartner.core.models import Membership, Role, Workspace


def get_membership_for_user(user: Any, workspace_slug: str) -> Membership:
    """The user's membership of the workspace, or 404 when there is none (or no such workspace)."""
    if not user.is_authenticated:
        raise Http404
    return get_object_or_404(
        Membership.objects.select_related("workspace", "organisation"),
        workspace__slug=workspace_slug,
        user=user,
    )


def memberships_for_user(user: Any) -> QuerySet[Membership]:
    return Membership.objects.filter(user=user).select_related("workspace").order_by("workspace__name")


def get_object_in_workspace(queryset: QuerySet | type[Model], *, workspace: Workspace, **lookup: Any) -> Any:
    """Fetch one object of this workspace; anything else (another workspace's too) is a 404."""
    qs = queryset if isinstance(queryset, QuerySet) else queryset.objects.all()
    return get_object_or_404(qs, workspace=workspace, **lookup)


def require_role(membership: Membership, *roles: str) -> None:
    if membership.role not in roles:
        raise PermissionDenied


def require_coordinator(membership: Membership) -> None:
    require_role(membership, Role.COORDINATOR)


def workspace_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Decorator for views under /w/<ws>/: login, membership (404 otherwise), request.workspace."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, ws: str, *args: Any, **kwargs: Any) -> HttpResponse:
        membership = get_membership_for_user(request.user, ws)
        request.membership = membership
        request.workspace = membership.workspace
        if request.session.get("last_workspace") != ws:  # written only on a change: no session write per page
            request.session["last_workspace"] = ws
        return view(request, *args, **kwargs)

    return wrapped


def coordinator_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A workspace view only coordinators may open (others: 403, after the 404 check)."""

    @workspace_view
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        require_coordinator(request.membership)
        return view(request, *args, **kwargs)

    return wrapped
