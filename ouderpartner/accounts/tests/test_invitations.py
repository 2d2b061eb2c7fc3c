"""Invitations: sending, accepting as a new or existing user, and every way a link can be unusable."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from ouderpartner.accounts.models import Invitation, User
from ouderpartner.accounts.services import invitation_create
from ouderpartner.accounts.testing import log_in_with_code
from ouderpartner.core.models import AuditEvent, Membership, Role

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


def _invite(client, **data):
    payload = {"action": "invite", "email": "erik@utrecht.example", "role": "viewer", "organisation": ""}
    payload.update(data)
    return client.post(reverse("core:members", kwargs={"ws": "utrecht"}), payload)


def _link_path(mail) -> str:
    url = re.search(r"https?://\S+/accounts/invitation/\S+/", mail.body).group(0)
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


def test_it_sends_an_invitation_mail_with_an_absolute_link(client_for, alice, mailoutbox, settings):
    settings.SITE_URL = "https://ouderpartner.example"
    response = _invite(client_for(alice))
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["erik@utrecht.example"]
    invitation = Invitation.objects.get(email="erik@utrecht.example")
    assert f"https://ouderpartner.example/accounts/invitation/{invitation.token}/" in mail.body
    assert "Gemeente Utrecht" in mail.subject
    assert AuditEvent.objects.filter(action=AuditEvent.Action.INVITE, object_id=str(invitation.pk)).exists()


def test_it_walks_a_new_user_through_accepting(client, alice, mailoutbox):
    invitation_create(
        workspace=alice.memberships.get().workspace,
        email="Erik@Utrecht.example",
        role=Role.VIEWER,
        invited_by=alice,
    )
    path = _link_path(mailoutbox[0])
    page = client.get(path)
    assert page.status_code == 200
    assert "erik@utrecht.example" in page.content.decode()
    response = client.post(path, {"name": "Erik Visser", "password1": PASSWORD, "password2": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("core:home", kwargs={"ws": "utrecht"})
    user = User.objects.get(email="erik@utrecht.example")
    assert user.name == "Erik Visser"
    assert Membership.objects.get(user=user).role == Role.VIEWER
    assert client.get(response["Location"]).status_code == 200  # logged in
    assert Invitation.objects.get().accepted_at is not None
    assert AuditEvent.objects.filter(action=AuditEvent.Action.JOIN, actor=user).exists()


def test_it_refuses_a_short_password_and_keeps_the_name(client, alice, utrecht):
    invitation = invitation_create(
        workspace=utrecht, email="erik@utrecht.example", role=Role.VIEWER, invited_by=alice
    )
    path = reverse("accounts:invitation_accept", kwargs={"token": invitation.token})
    response = client.post(path, {"name": "Erik Visser", "password1": "kort", "password2": "kort"})
    assert response.status_code == 200
    assert response.context["form"].errors["password1"]
    assert 'value="Erik Visser"' in response.content.decode()
    assert not User.objects.filter(email="erik@utrecht.example").exists()


def test_it_lets_an_existing_user_log_in_and_join(client, alice, dave, mailoutbox):
    invitation_create(
        workspace=alice.memberships.get().workspace, email=dave.email, role=Role.COORDINATOR, invited_by=alice
    )
    path = _link_path(mailoutbox[0])
    page = client.get(path)
    assert page.context["mode"] == "login"
    wrong = client.post(path, {"password": "not the password"})
    assert wrong.status_code == 200
    assert wrong.context["form"].errors["password"]
    response = client.post(path, {"password": PASSWORD})
    assert response.status_code == 302
    assert set(dave.memberships.values_list("workspace__slug", flat=True)) == {"amersfoort", "utrecht"}


def test_a_logged_in_invitee_accepts_with_one_click(client_for, alice, dave, utrecht):
    invitation = invitation_create(workspace=utrecht, email=dave.email, role=Role.VIEWER, invited_by=alice)
    client = client_for(dave)
    path = reverse("accounts:invitation_accept", kwargs={"token": invitation.token})
    assert client.get(path).context["mode"] == "join"
    assert client.post(path).status_code == 302
    assert dave.memberships.filter(workspace=utrecht, role=Role.VIEWER).exists()


def test_it_lists_workspaces_at_the_start_for_someone_in_several(client, alice, dave, utrecht):
    invitation = invitation_create(workspace=utrecht, email=dave.email, role=Role.VIEWER, invited_by=alice)
    path = reverse("accounts:invitation_accept", kwargs={"token": invitation.token})
    client.post(path, {"password": PASSWORD})
    client.logout()
    log_in_with_code(client, dave, PASSWORD)
    start = client.get(reverse("core:start"))
    assert start.status_code == 200
    assert [m.workspace.slug for m in start.context["memberships"]] == ["amersfoort", "utrecht"]


def test_it_refuses_a_different_logged_in_user(client_for, alice, carol, utrecht):
    invitation = invitation_create(
        workspace=utrecht, email="erik@utrecht.example", role=Role.VIEWER, invited_by=alice
    )
    client = client_for(carol)
    path = reverse("accounts:invitation_accept", kwargs={"token": invitation.token})
    response = client.get(path)
    assert response.status_code == 403
    assert "erik@utrecht.example" in response.content.decode()
    assert client.post(path).status_code == 403
    assert Invitation.objects.get().accepted_at is None


@pytest.mark.parametrize("problem", ["expired", "revoked", "used"])
def test_it_explains_an_unusable_invitation(client, alice, utrecht, problem):
    invitation = invitation_create(
        workspace=utrecht, email="erik@utrecht.example", role=Role.VIEWER, invited_by=alice
    )
    if problem == "expired":
        invitation.expires_at = timezone.now() - timedelta(days=1)
    elif problem == "revoked":
        invitation.revoked_at = timezone.now()
    else:
        invitation.accepted_at = timezone.now()
    invitation.save()
    path = reverse("accounts:invitation_accept", kwargs={"token": invitation.token})
    response = client.get(path)
    assert response.status_code == 410
    assert response.context["problem"] == problem
    post = client.post(path, {"name": "Erik", "password1": PASSWORD, "password2": PASSWORD})
    assert post.status_code == 410
    assert not User.objects.filter(email="erik@utrecht.example").exists()


def test_it_answers_404_to_an_unknown_token(client, db):
    response = client.get(reverse("accounts:invitation_accept", kwargs={"token": "nonsense"}))
    assert response.status_code == 404
    assert response.context["problem"] == "unknown"


def test_a_professional_invitation_needs_an_organisation(client_for, alice, school, mailoutbox):
    client = client_for(alice)
    response = _invite(client, role="professional")
    assert response.status_code == 400
    assert response.context["invite_form"].errors["organisation"]
    assert 'value="erik@utrecht.example"' in response.content.decode()
    assert not mailoutbox
    assert _invite(client, role="professional", organisation=str(school.pk)).status_code == 302
    assert Invitation.objects.get().organisation == school


def test_it_refuses_to_invite_a_member_twice(client_for, alice, carol):
    response = _invite(client_for(alice), email=carol.email)
    assert response.status_code == 400
    assert response.context["invite_form"].errors["email"]


def test_accepting_a_professional_invitation_ties_them_to_the_organisation(client, alice, school, utrecht):
    invitation = invitation_create(
        workspace=utrecht,
        email="erik@utrecht.example",
        role=Role.PROFESSIONAL,
        organisation=school,
        invited_by=alice,
    )
    path = reverse("accounts:invitation_accept", kwargs={"token": invitation.token})
    client.post(path, {"name": "Erik", "password1": PASSWORD, "password2": PASSWORD})
    membership = Membership.objects.get(user__email="erik@utrecht.example")
    assert membership.organisation == school
