"""The members page: list, change role and organisation, remove, invitations; last-coordinator protection."""

import pytest
from django.urls import reverse

from ouderpartner.accounts.models import Invitation
from ouderpartner.accounts.services import invitation_create
from ouderpartner.core.models import AuditEvent, Membership, Role
from ouderpartner.core.tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def url():
    return reverse("core:members", kwargs={"ws": "utrecht"})


def test_it_lists_members_with_role_and_organisation(client_for, alice, bob, carol):
    response = client_for(alice).get(url())
    html = response.content.decode()
    assert "Bob de Vries" in html and "Willibrordschool" in html and "Carol Bakker" in html
    assert response.context["members"][0].user.name == "Alice Jansen"


def test_its_query_count_does_not_grow_with_members(
    client_for, alice, bob, utrecht, django_assert_max_num_queries
):
    client = client_for(alice)
    for _ in range(15):
        MembershipFactory(workspace=utrecht, role=Role.VIEWER)
    for n in range(5):
        invitation_create(workspace=utrecht, email=f"new{n}@example.org", role=Role.VIEWER, invited_by=alice)
    with django_assert_max_num_queries(14):
        response = client.get(url())
    assert len(response.context["members"]) == 17
    assert len(response.context["invitations"]) == 5


def test_it_changes_a_role_and_organisation(client_for, alice, carol, school):
    client = client_for(alice)
    membership = carol.memberships.get()
    page = client.get(url(), {"member": membership.pk})
    assert page.status_code == 200
    response = client.post(
        url(),
        {"action": "update", "member": membership.pk, "role": "professional", "organisation": school.pk},
    )
    assert response.status_code == 302
    membership.refresh_from_db()
    assert (membership.role, membership.organisation) == (Role.PROFESSIONAL, school)
    event = AuditEvent.objects.get(action=AuditEvent.Action.CHANGE, object_type="membership")
    assert event.changes["role"] == ["viewer", "professional"]


def test_a_professional_needs_an_organisation(client_for, alice, carol, school):
    membership = carol.memberships.get()
    response = client_for(alice).post(
        url(), {"action": "update", "member": membership.pk, "role": "professional", "organisation": ""}
    )
    assert response.status_code == 400
    assert response.context["form"].errors["organisation"]
    membership.refresh_from_db()
    assert membership.role == Role.VIEWER


def test_the_last_coordinator_cannot_demote_themselves(client_for, alice):
    membership = alice.memberships.get()
    response = client_for(alice).post(url(), {"action": "update", "member": membership.pk, "role": "viewer"})
    assert response.status_code == 400
    assert response.context["form"].errors["role"]
    membership.refresh_from_db()
    assert membership.role == Role.COORDINATOR


def test_the_last_coordinator_cannot_remove_themselves(client_for, alice):
    membership = alice.memberships.get()
    client = client_for(alice)
    assert client.get(url(), {"member": membership.pk, "remove": "1"}).status_code == 200
    response = client.post(url(), {"action": "remove", "member": membership.pk}, follow=True)
    assert Membership.objects.filter(pk=membership.pk).exists()
    assert any("coordinator" in str(m) or "coördinator" in str(m) for m in response.context["messages"])


def test_a_coordinator_can_step_down_when_there_is_another(client_for, alice, carol):
    carol_membership = carol.memberships.get()
    carol_membership.role = Role.COORDINATOR
    carol_membership.save()
    membership = alice.memberships.get()
    response = client_for(alice).post(url(), {"action": "update", "member": membership.pk, "role": "viewer"})
    assert response.status_code == 302
    assert response["Location"] == reverse("core:home", kwargs={"ws": "utrecht"})


def test_it_removes_a_member_after_confirmation(client_for, alice, carol):
    client = client_for(alice)
    membership = carol.memberships.get()
    confirm = client.get(url(), {"member": membership.pk, "remove": "1"})
    assert "Carol Bakker" in confirm.content.decode()
    assert Membership.objects.filter(pk=membership.pk).exists()
    response = client.post(url(), {"action": "remove", "member": membership.pk})
    assert response.status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert AuditEvent.objects.filter(action=AuditEvent.Action.DELETE, object_type="membership").exists()


def test_it_resends_and_revokes_invitations(client_for, alice, utrecht, mailoutbox):
    invitation = invitation_create(
        workspace=utrecht, email="erik@utrecht.example", role="viewer", invited_by=alice
    )
    client = client_for(alice)
    client.post(url(), {"action": "resend", "invitation": invitation.pk})
    assert len(mailoutbox) == 2
    client.post(url(), {"action": "revoke", "invitation": invitation.pk})
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    assert not client.get(url()).context["invitations"]


def test_it_cannot_touch_another_workspaces_invitation(client_for, alice, dave, amersfoort):
    invitation = invitation_create(
        workspace=amersfoort, email="x@example.org", role="viewer", invited_by=dave
    )
    response = client_for(alice).post(url(), {"action": "revoke", "invitation": invitation.pk})
    assert response.status_code == 404
    assert Invitation.objects.get(pk=invitation.pk).revoked_at is None


def test_bad_member_ids_answer_404(client_for, alice):
    client = client_for(alice)
    assert client.get(url(), {"member": "abc"}).status_code == 404
    assert client.post(url(), {"action": "update", "member": "999"}).status_code == 404
