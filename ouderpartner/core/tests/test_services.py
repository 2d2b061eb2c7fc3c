"""Services for workspaces and memberships: validation, last-coordinator protection, audit events."""

import pytest
from django.core.exceptions import ValidationError

from ouderpartner.core.models import AuditEvent, Membership, Role
from ouderpartner.core.services import membership_remove, membership_update, workspace_update

pytestmark = pytest.mark.django_db


def test_membership_update_refuses_to_demote_the_last_coordinator(alice):
    membership = alice.memberships.get()
    with pytest.raises(ValidationError):
        membership_update(membership=membership, actor=alice, role=Role.VIEWER)
    membership.refresh_from_db()
    assert membership.role == Role.COORDINATOR


def test_membership_update_refuses_an_organisation_of_another_workspace(alice, carol, amersfoort):
    from ouderpartner.network.tests.factories import OrganisationFactory

    elsewhere = OrganisationFactory(workspace=amersfoort)
    membership = carol.memberships.get()
    with pytest.raises(ValidationError) as error:
        membership_update(membership=membership, actor=alice, role=Role.PROFESSIONAL, organisation=elsewhere)
    assert "organisation" in error.value.message_dict
    assert membership.role == Role.VIEWER


def test_membership_update_without_changes_records_nothing(alice, carol):
    membership_update(membership=carol.memberships.get(), actor=alice, role=Role.VIEWER)
    assert not AuditEvent.objects.exists()


def test_membership_update_drops_the_organisation_of_a_non_professional(alice, bob):
    membership = bob.memberships.get()
    membership_update(
        membership=membership, actor=alice, role=Role.VIEWER, organisation=membership.organisation
    )
    membership.refresh_from_db()
    assert membership.organisation is None


def test_membership_remove_records_who_was_removed(alice, carol):
    membership_remove(membership=carol.memberships.get(), actor=alice)
    assert not Membership.objects.filter(user=carol).exists()
    event = AuditEvent.objects.get()
    assert (event.action, event.changes["email"]) == (AuditEvent.Action.DELETE, carol.email)


def test_membership_remove_refuses_the_last_coordinator(alice):
    with pytest.raises(ValidationError):
        membership_remove(membership=alice.memberships.get(), actor=alice)


def test_workspace_update_restores_the_object_when_invalid(alice, utrecht):
    with pytest.raises(ValidationError) as error:
        workspace_update(workspace=utrecht, actor=alice, data={"name": "X", "accent_colour": "#EEEEEE"})
    assert "accent_colour" in error.value.message_dict
    assert (utrecht.name, utrecht.accent_colour) == ("Gemeente Utrecht", "#39870C")
    assert not AuditEvent.objects.exists()


def test_workspace_update_records_only_changed_fields(alice, utrecht):
    workspace_update(
        workspace=utrecht, actor=alice, data={"name": "Gemeente Utrecht", "disclosure_threshold": 7}
    )
    event = AuditEvent.objects.get()
    assert event.changes == {"disclosure_threshold": ["5", "7"]}
