"""Workspace management for coordinators: members and invitations, settings, the audit trail (being built)."""

from ouderpartner.core.access import coordinator_view


@coordinator_view
def members(request):
    raise NotImplementedError


audit_log = workspace_settings = members
