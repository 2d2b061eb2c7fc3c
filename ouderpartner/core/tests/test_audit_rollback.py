"""Audit events survive a rolled-back transaction, on SQLite and on PostgreSQL (CI runs both).

The `db` tests run inside the test's own transaction, so the code's `transaction.atomic()` is a
savepoint there; the `transactional_db` tests run without it, so the code's block is the outermost
transaction and the events are written again in autocommit after its rollback.
"""

import pytest
from django.db import IntegrityError, connection, transaction

from ouderpartner.core.audit import audit_record, check_audit_keeping_engine
from ouderpartner.core.models import AuditEvent, Workspace
from ouderpartner.core.services import membership_update
from ouderpartner.core.tests.factories import MembershipFactory, UserFactory, WorkspaceFactory


class Boom(Exception):
    pass


def record(workspace, actor, text, action=AuditEvent.Action.CHANGE):
    return audit_record(workspace=workspace, actor=actor, action=action, object_type="test", object_repr=text)


def reprs(workspace):
    return dict(AuditEvent.objects.filter(workspace=workspace).values_list("object_repr", "rolled_back"))


def test_the_engine_keeps_audit_events():
    assert getattr(connection, "keeps_audit_events", False)
    assert check_audit_keeping_engine() == []


@pytest.mark.django_db
def test_an_event_inside_an_atomic_block_that_raises_is_kept_and_marked(utrecht, alice):
    record(utrecht, alice, "before")
    with pytest.raises(Boom), transaction.atomic():
        Workspace.objects.filter(pk=utrecht.pk).update(name="Changed")
        event = record(utrecht, alice, "inside")
        raise Boom
    utrecht.refresh_from_db()
    assert utrecht.name == "Gemeente Utrecht"  # the change itself is gone
    assert reprs(utrecht) == {"before": False, "inside": True}
    kept = AuditEvent.objects.get(object_repr="inside")
    assert (kept.pk, kept.created_at, kept.actor_id, kept.actor_email) == (
        event.pk,
        event.created_at,
        alice.pk,
        alice.email,
    )


@pytest.mark.django_db
def test_a_committed_block_and_a_rolled_back_inner_block(utrecht, alice):
    with transaction.atomic():
        record(utrecht, alice, "outer")
        try:
            with transaction.atomic():
                record(utrecht, alice, "inner")
                raise Boom
        except Boom:
            pass
        record(utrecht, alice, "after")
    assert reprs(utrecht) == {"outer": False, "inner": True, "after": False}


@pytest.mark.django_db
def test_nested_blocks_that_all_roll_back(utrecht, alice):
    with pytest.raises(Boom), transaction.atomic():
        record(utrecht, alice, "outer")
        with transaction.atomic():
            record(utrecht, alice, "inner")
            with transaction.atomic(savepoint=False):
                record(utrecht, alice, "no savepoint")
        raise Boom
    assert reprs(utrecht) == {"outer": True, "inner": True, "no savepoint": True}


@pytest.mark.django_db
def test_a_database_error_in_the_block_does_not_lose_the_event(utrecht, alice):
    with pytest.raises(IntegrityError), transaction.atomic():
        record(utrecht, alice, "tried a duplicate")
        WorkspaceFactory.create(slug="dup-a", name="A")
        Workspace.objects.create(slug="dup-a", name="B", municipality_code="GM0001")
    assert reprs(utrecht) == {"tried a duplicate": True}


@pytest.mark.django_db
def test_a_service_that_fails_after_auditing_keeps_the_attempt(utrecht, alice, carol, monkeypatch):
    membership = carol.memberships.get()

    def fail(*args, **kwargs):
        raise Boom

    # The membership is saved and audited, then something later in the same block fails.
    monkeypatch.setattr("ouderpartner.core.services.audit_record", _then(fail))
    with pytest.raises(Boom):
        membership_update(membership=membership, actor=alice, role="coordinator")
    membership.refresh_from_db()
    assert membership.role == "viewer"
    event = AuditEvent.objects.get(object_type="membership")
    assert event.rolled_back and event.changes["role"] == ["viewer", "coordinator"]


def _then(after):
    def wrapper(**kwargs):
        event = audit_record(**kwargs)
        after()
        return event

    return wrapper


@pytest.mark.django_db(transaction=True)
def test_outermost_rollback_writes_the_events_again_in_autocommit():
    workspace = WorkspaceFactory(slug="t1")
    user = UserFactory(email="t1@example.org")
    with pytest.raises(Boom), transaction.atomic():
        record(workspace, user, "first")
        Workspace.objects.filter(pk=workspace.pk).update(name="Changed")
        record(workspace, user, "second")
        raise Boom
    assert connection.get_autocommit() and not connection.in_atomic_block
    assert reprs(workspace) == {"first": True, "second": True}
    workspace.refresh_from_db()
    assert workspace.name != "Changed"


@pytest.mark.django_db(transaction=True)
def test_outermost_commit_keeps_events_as_they_are_and_forgets_them():
    workspace = WorkspaceFactory(slug="t2")
    with transaction.atomic():
        record(workspace, None, "committed")
    assert reprs(workspace) == {"committed": False}
    assert connection._audit_kept == [] and connection._audit_pending == []
    # A later rollback does not write the committed event a second time.
    with pytest.raises(Boom), transaction.atomic():
        record(workspace, None, "later")
        raise Boom
    assert AuditEvent.objects.filter(workspace=workspace).count() == 2
    assert reprs(workspace) == {"committed": False, "later": True}


@pytest.mark.django_db(transaction=True)
def test_an_actor_created_in_the_rolled_back_block_keeps_only_the_e_mail():
    workspace = WorkspaceFactory(slug="t3")
    with pytest.raises(Boom), transaction.atomic():
        newcomer = MembershipFactory(workspace=workspace, user__email="new@example.org").user
        record(workspace, newcomer, "by a newcomer")
        raise Boom
    event = AuditEvent.objects.get(workspace=workspace)
    assert event.actor_id is None and event.actor_email == "new@example.org" and event.rolled_back


@pytest.mark.django_db(transaction=True)
def test_an_event_of_a_workspace_that_was_rolled_back_is_logged_not_kept(caplog):
    with pytest.raises(Boom), transaction.atomic():
        workspace = WorkspaceFactory(slug="t4")
        record(workspace, None, "new workspace", action=AuditEvent.Action.CREATE)
        raise Boom
    assert not AuditEvent.objects.exists()
    assert "rolled-back workspace" in caplog.text and "new workspace" in caplog.text


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_nothing_is_remembered():
    workspace = WorkspaceFactory(slug="t5")
    record(workspace, None, "autocommit")
    assert connection._audit_kept == []
    assert reprs(workspace) == {"autocommit": False}
