"""Writes for accounts: invitations (create, resend, revoke, accept) and creating an invited user."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ouderpartner.accounts.models import Invitation, User, _default_expiry
from ouderpartner.core.audit import audit_record
from ouderpartner.core.models import AuditEvent, Membership, Role, Workspace


def invitation_url(invitation: Invitation) -> str:
    """The absolute link in the invitation e-mail, built from settings.SITE_URL."""
    return settings.SITE_URL + reverse("accounts:invitation_accept", kwargs={"token": invitation.token})


def invitation_send(*, invitation: Invitation) -> None:
    """Send (or send again) the invitation e-mail, in the language that is active now."""
    context = {
        "invitation": invitation,
        "workspace": invitation.workspace,
        "invited_by": invitation.invited_by,
        "url": invitation_url(invitation),
        "role": invitation.get_role_display(),
    }
    subject = " ".join(render_to_string("accounts/email/invitation_subject.txt", context).split())
    body = render_to_string("accounts/email/invitation.txt", context)
    send_mail(subject, body, None, [invitation.email])


def invitation_create(
    *,
    workspace: Workspace,
    email: str,
    role: str,
    organisation: Any = None,
    invited_by: Any,
) -> Invitation:
    """Invite an e-mail address into a role; a professional needs an organisation of the workspace."""
    email = (email or "").strip().lower()
    if role != Role.PROFESSIONAL:
        organisation = None
    invitation = Invitation(
        workspace=workspace, email=email, role=role, organisation=organisation, invited_by=invited_by
    )
    invitation.full_clean(exclude=["token"])
    errors: dict[str, list[str]] = {}
    if role == Role.PROFESSIONAL and organisation is None:
        errors["organisation"] = [_("A professional belongs to a partner organisation: choose one.")]
    if organisation is not None and organisation.workspace_id != workspace.pk:
        errors["organisation"] = [_("This organisation is not in the workspace.")]
    if Membership.objects.filter(workspace=workspace, user__email__iexact=email).exists():
        errors["email"] = [_("%(email)s is already a member of this workspace.") % {"email": email}]
    elif Invitation.objects.filter(
        workspace=workspace,
        email__iexact=email,
        accepted_at__isnull=True,
        revoked_at__isnull=True,
        expires_at__gt=timezone.now(),
    ).exists():
        errors["email"] = [
            _("%(email)s already has an open invitation; send that one again instead.") % {"email": email}
        ]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        invitation.save()
        audit_record(
            workspace=workspace,
            actor=invited_by,
            action=AuditEvent.Action.INVITE,
            obj=invitation,
            changes={
                "email": email,
                "role": role,
                "organisation": str(organisation) if organisation else "",
            },
        )
    invitation_send(invitation=invitation)
    return invitation


def invitation_resend(*, invitation: Invitation, actor: Any) -> Invitation:
    """Send an open or expired invitation again, valid for the full period from now."""
    if invitation.accepted_at or invitation.revoked_at:
        raise ValidationError(_("This invitation has been used or revoked; send a new one."))
    invitation.expires_at = _default_expiry()
    invitation.full_clean(exclude=["token"])
    with transaction.atomic():
        invitation.save(update_fields=["expires_at"])
        audit_record(
            workspace=invitation.workspace,
            actor=actor,
            action=AuditEvent.Action.INVITE,
            obj=invitation,
            changes={"sent_again": invitation.email},
        )
    invitation_send(invitation=invitation)
    return invitation


def invitation_revoke(*, invitation: Invitation, actor: Any) -> Invitation:
    """Make an invitation link unusable."""
    if invitation.accepted_at:
        raise ValidationError(_("This invitation has already been accepted."))
    if invitation.revoked_at:
        return invitation
    invitation.revoked_at = timezone.now()
    with transaction.atomic():
        invitation.save(update_fields=["revoked_at"])
        audit_record(
            workspace=invitation.workspace,
            actor=actor,
            action=AuditEvent.Action.DELETE,
            obj=invitation,
            changes={"revoked": invitation.email},
        )
    return invitation


def invitation_problem(invitation: Invitation | None) -> str:
    """Why an invitation cannot be used ("" when it can): unknown, used, revoked or expired."""
    if invitation is None:
        return "unknown"
    if invitation.accepted_at:
        return "used"
    if invitation.revoked_at:
        return "revoked"
    if invitation.expires_at <= timezone.now():
        return "expired"
    return ""


def invitation_accept(*, invitation: Invitation, user: User) -> Membership:
    """Add the invited user to the workspace in the invited role (an existing membership is kept)."""
    problem = invitation_problem(invitation)
    if problem:
        raise ValidationError(_("This invitation can no longer be used."), code=problem)
    if user.email.lower() != invitation.email.lower():
        raise ValidationError(_("This invitation is for another e-mail address."), code="wrong_user")
    with transaction.atomic():
        membership = Membership.objects.filter(workspace=invitation.workspace, user=user).first()
        if membership is None:
            membership = Membership(
                workspace=invitation.workspace,
                user=user,
                role=invitation.role,
                organisation=invitation.organisation if invitation.role == Role.PROFESSIONAL else None,
            )
            membership.full_clean()
            membership.save()
        invitation.accepted_at = timezone.now()
        invitation.save(update_fields=["accepted_at"])
        audit_record(
            workspace=invitation.workspace,
            actor=user,
            action=AuditEvent.Action.JOIN,
            obj=membership,
            changes={"role": membership.role, "invitation": str(invitation.pk)},
        )
    return membership


def user_create_for_invitation(*, invitation: Invitation, name: str, password: str) -> User:
    """Create the account of an invitee who has none yet (the e-mail address comes from the invitation)."""
    if User.objects.filter(email__iexact=invitation.email).exists():
        raise ValidationError(_("An account with this e-mail address already exists; log in instead."))
    user = User(email=invitation.email.lower(), name=name.strip())
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    return user
