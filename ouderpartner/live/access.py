"""Who may do what with live meetings — checked here, in one place.

Every member of the workspace reads its meetings and their published results. Coordinators run every
meeting of the workspace; a partner professional runs the meetings of their own organisation
(PRODUCT.md: professionals run live sessions at their location); viewers only read.
Another workspace's meeting is a 404, the same answer as "does not exist".
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from ouderpartner.core.access import get_object_in_workspace
from ouderpartner.core.models import Membership, Role
from ouderpartner.live.models import LiveSession


def can_create(membership: Membership) -> bool:
    return membership.role in (Role.COORDINATOR, Role.PROFESSIONAL)


def can_facilitate(membership: Membership, session: LiveSession) -> bool:
    if membership.workspace_id != session.workspace_id:
        return False
    if membership.role == Role.COORDINATOR:
        return True
    return (
        membership.role == Role.PROFESSIONAL
        and membership.organisation_id is not None
        and session.organisation_id == membership.organisation_id
    )


def get_session_for_member(request: HttpRequest, pk: int) -> LiveSession:
    """A meeting of the request's workspace (any member may read it); 404 otherwise."""
    return get_object_in_workspace(
        LiveSession.objects.select_related("workspace", "organisation", "current_prompt"),
        workspace=request.workspace,
        pk=pk,
    )


def get_session_for_facilitator(request: HttpRequest, pk: int) -> LiveSession:
    """A meeting the request's user may run: 404 across workspaces, 403 for readers of this one."""
    session = get_session_for_member(request, pk)
    if not can_facilitate(request.membership, session):
        raise PermissionDenied
    return session
