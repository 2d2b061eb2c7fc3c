"""Retention: nothing goes before its period, everything of that kind after it, per workspace; dry runs change nothing."""

import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from freezegun import freeze_time

from ouderpartner.core.models import AuditEvent
from ouderpartner.core.retention import cutoff, months_before, purge, retention_period
from ouderpartner.live.models import Entry, LiveSession, Participant, Upvote, Vote
from ouderpartner.live.tests.factories import LiveSessionFactory, ParticipantFactory, PromptFactory
from ouderpartner.network.tests.factories import LocationFactory, OrganisationFactory
from ouderpartner.policy.models import ConsultationComment, PolicyFramework
from ouderpartner.policy.tests.consultation_factories import comments, framework_in_consultation
from ouderpartner.voice.models import Answer, Conversation, Response
from ouderpartner.voice.tests.factories import DistributionFactory, QuestionFactory, QuestionnaireFactory

pytestmark = pytest.mark.django_db

T0 = "2026-01-10 12:00:00+01:00"


def at(text):
    return datetime.datetime.fromisoformat(text)


def responses(workspace, *, closes_at=None, n=3):
    questionnaire = QuestionnaireFactory(workspace=workspace)
    question = QuestionFactory(questionnaire=questionnaire)
    distribution = DistributionFactory(questionnaire=questionnaire, closes_at=closes_at)
    for index in range(n):
        response = Response.objects.create(
            workspace=workspace,
            questionnaire=questionnaire,
            distribution=distribution,
            location=distribution.location,
            language="nl",
            token=f"{workspace.slug}-{distribution.pk}-{index}",
            submitted_at=timezone.now(),
        )
        Answer.objects.create(response=response, question=question, text="Meer voorleesboeken")
    return questionnaire


def meeting(workspace, *, closed=True):
    session = LiveSessionFactory(
        workspace=workspace,
        status=LiveSession.Status.CLOSED if closed else LiveSession.Status.LIVE,
        closed_at=timezone.now() if closed else None,
    )
    prompt = PromptFactory(session=session)
    for index in range(2):
        participant = ParticipantFactory(session=session)
        Vote.objects.create(session=session, prompt=prompt, participant=participant, choices=["a"])
        entry = Entry.objects.create(
            session=session, prompt=prompt, participant=participant, text=f"idee {index}", normalized="idee"
        )
        Upvote.objects.create(entry=entry, participant=participant)
    return session


def contact_record(workspace, *, purge_after_days=90):
    organisation = OrganisationFactory(workspace=workspace)
    return Conversation.objects.create(
        workspace=workspace,
        organisation=organisation,
        location=LocationFactory(organisation=organisation),
        date=timezone.localdate(),
        language="nl",
        needs="Wil graag hulp bij voorlezen.",
        wants_contact=True,
        contact="0612345678",
        contact_purge_after=timezone.localdate() + datetime.timedelta(days=purge_after_days),
    )


def counts(workspace):
    return {
        "responses": Response.objects.filter(workspace=workspace).count(),
        "answers": Answer.objects.filter(response__workspace=workspace).count(),
        "participants": Participant.objects.filter(session__workspace=workspace).count(),
        "votes": Vote.objects.filter(session__workspace=workspace).count(),
        "entries": Entry.objects.filter(session__workspace=workspace).count(),
        "upvotes": Upvote.objects.filter(entry__session__workspace=workspace).count(),
        "contacts": Conversation.objects.filter(workspace=workspace).exclude(contact="").count(),
        "comments": ConsultationComment.objects.filter(workspace=workspace).count(),
    }


def run(when, **kwargs):
    with freeze_time(when):
        return purge(**kwargs)


# --- Periods --------------------------------------------------------------------------------------


def test_months_before_keeps_the_day_or_takes_the_last_one():
    assert months_before(at("2027-03-31 10:00"), 1) == at("2027-02-28 10:00")
    assert months_before(at("2027-01-15 10:00"), 12) == at("2026-01-15 10:00")
    assert months_before(at("2027-01-15 10:00"), 13) == at("2025-12-15 10:00")
    assert months_before(at("2028-02-29 10:00"), 24) == at("2026-02-28 10:00")


def test_a_workspace_period_applies_within_the_bounds(utrecht, settings):
    settings.RETENTION_DEFAULTS = {**settings.RETENTION_DEFAULTS, "responses": 12}
    settings.RETENTION_MAXIMUMS = {**settings.RETENTION_MAXIMUMS, "responses": 36}
    settings.RETENTION_MINIMUMS = {**settings.RETENTION_MINIMUMS, "audit": 12}
    assert retention_period(utrecht, "responses") == 12
    utrecht.retention_responses_months = 3
    assert retention_period(utrecht, "responses") == 3
    utrecht.retention_responses_months = 500
    assert retention_period(utrecht, "responses") == 36
    utrecht.retention_audit_months = 1
    assert retention_period(utrecht, "audit") == 12
    utrecht.retention_contacts_days = 30
    now = at("2026-06-01 12:00+02:00")
    assert cutoff(utrecht, "contacts", now) == now - datetime.timedelta(days=30)


# --- Questionnaire answers ------------------------------------------------------------------------


def test_responses_go_the_period_after_their_distribution_closes(utrecht, amersfoort):
    with freeze_time(T0):
        responses(utrecht, closes_at=at("2026-02-01 00:00+01:00"))
        responses(amersfoort, closes_at=at("2026-02-01 00:00+01:00"), n=2)
    amersfoort.retention_responses_months = 3
    amersfoort.save()
    # Amersfoort keeps them 3 months, Utrecht the default 12.
    assert run("2026-04-30 12:00") == []
    assert counts(amersfoort)["responses"] == 2
    [result] = run("2026-05-02 12:00")
    assert (result.workspace, result.kind, result.counts) == (
        amersfoort,
        "responses",
        {"responses": 2, "answers": 2},
    )
    assert counts(amersfoort)["responses"] == counts(amersfoort)["answers"] == 0
    assert counts(utrecht)["responses"] == 3
    assert run("2027-01-31 12:00") == []
    assert counts(utrecht)["responses"] == counts(utrecht)["answers"] == 3
    [result] = run("2027-02-01 12:00")
    assert result.counts == {"responses": 3, "answers": 3}
    assert counts(utrecht)["responses"] == counts(utrecht)["answers"] == 0


def test_responses_of_a_distribution_that_never_closes_go_the_period_after_they_were_sent(utrecht):
    with freeze_time(T0):
        questionnaire = responses(utrecht)
    with freeze_time("2026-06-01 12:00"):
        Response.objects.create(
            workspace=utrecht,
            questionnaire=questionnaire,
            language="ar",
            token="later",
            submitted_at=timezone.now(),
        )
    run("2027-01-09 12:00")
    assert counts(utrecht)["responses"] == 4
    run("2027-01-11 12:00")
    assert list(Response.objects.values_list("token", flat=True)) == ["later"]
    run("2027-06-02 12:00")
    assert not Response.objects.exists()


def test_a_distribution_still_open_keeps_its_responses(utrecht):
    with freeze_time(T0):
        responses(utrecht, closes_at=at("2030-01-01 00:00+01:00"))
    assert run("2029-06-01 12:00") == []
    assert counts(utrecht)["responses"] == 3


# --- Meetings -------------------------------------------------------------------------------------


def test_a_closed_meetings_entries_votes_and_participants_go_the_period_after_it_closed(utrecht, amersfoort):
    with freeze_time(T0):
        session = meeting(utrecht)
        meeting(utrecht, closed=False)
        meeting(amersfoort)
    utrecht.retention_live_months = 2
    utrecht.save()
    assert run("2026-03-09 12:00") == []
    [result] = run("2026-03-11 12:00")
    assert result.counts == {"participants": 2, "entries": 2, "votes": 2}
    # The open meeting keeps everything; the closed one keeps its prompts, not what people sent.
    left = counts(utrecht)
    assert (left["participants"], left["votes"], left["entries"], left["upvotes"]) == (2, 2, 2, 2)
    assert not session.participants.exists() and session.prompts.exists()
    assert counts(amersfoort)["entries"] == 2
    run("2026-07-11 12:00")  # Amersfoort: the default 6 months
    assert counts(amersfoort)["entries"] == counts(amersfoort)["participants"] == 0


# --- Contact requests -----------------------------------------------------------------------------


def test_contact_details_go_on_the_records_date_or_after_the_workspaces_period(utrecht, amersfoort):
    with freeze_time(T0):
        record = contact_record(utrecht, purge_after_days=20)
        later = contact_record(utrecht, purge_after_days=90)
        elsewhere = contact_record(amersfoort, purge_after_days=90)
    amersfoort.retention_contacts_days = 30
    amersfoort.save()
    assert run("2026-01-30 12:00") == []
    run("2026-02-01 12:00")  # past the record's own date (20 days)
    record.refresh_from_db()
    assert (record.contact, record.wants_contact, record.needs) == (
        "",
        False,
        "Wil graag hulp bij voorlezen.",
    )
    assert counts(utrecht)["contacts"] == 1
    run("2026-02-10 12:00")  # Amersfoort's 30 days
    assert counts(amersfoort)["contacts"] == 0 and counts(utrecht)["contacts"] == 1
    elsewhere.refresh_from_db()
    assert elsewhere.contact == ""
    run("2026-04-11 12:00")  # the default 90 days
    later.refresh_from_db()
    assert later.contact == "" and Conversation.objects.count() == 3


# --- Consultation comments ------------------------------------------------------------------------


def test_comments_go_the_period_after_the_consultation_closes(utrecht, amersfoort):
    with freeze_time(T0):
        framework = framework_in_consultation(utrecht, ambitions=1, closes_in_days=10)
        comments(framework.ambitions.get(), n=4, text="Goed plan")
        open_ended = framework_in_consultation(amersfoort, ambitions=1, closes_in_days=None)
        comments(open_ended.ambitions.get(), n=2)
    assert run("2027-01-19 12:00") == []
    [result] = run("2027-01-21 12:00")
    assert (result.workspace, result.counts) == (utrecht, {"comments": 4})
    # Without a closing date: kept while in consultation, then the period after the comment.
    assert run("2028-01-01 12:00") == []
    PolicyFramework.objects.filter(pk=open_ended.pk).update(status=PolicyFramework.Status.ADOPTED)
    [result] = run("2028-01-01 12:00")
    assert (result.workspace, result.counts) == (amersfoort, {"comments": 2})
    assert not ConsultationComment.objects.exists()


# --- Audit events ---------------------------------------------------------------------------------


def test_audit_events_go_after_their_period_and_each_purge_is_audited(utrecht, amersfoort, alice):
    from ouderpartner.core.audit import audit_record

    with freeze_time(T0):
        for workspace in (utrecht, amersfoort):
            audit_record(workspace=workspace, actor=alice, action=AuditEvent.Action.CHANGE, object_repr="old")
    amersfoort.retention_audit_months = 12
    amersfoort.save()
    assert run("2027-01-09 12:00") == []
    [result] = run("2027-01-11 12:00")
    assert (result.workspace, result.counts) == (amersfoort, {"events": 1})
    purge_event = AuditEvent.objects.get(workspace=amersfoort)
    assert purge_event.action == AuditEvent.Action.PURGE and purge_event.actor is None
    assert purge_event.changes == {
        "removed": {"events": 1},
        "older than": "12 months",
        "before": "2026-01-11",
    }
    assert AuditEvent.objects.filter(workspace=utrecht, object_repr="old").exists()
    run("2028-01-11 12:00")
    assert not AuditEvent.objects.filter(object_repr="old").exists()


# --- The command ----------------------------------------------------------------------------------


@pytest.fixture
def everything(utrecht, amersfoort):
    with freeze_time(T0):
        for workspace in (utrecht, amersfoort):
            responses(workspace, closes_at=timezone.now())
            meeting(workspace)
            contact_record(workspace)
            framework = framework_in_consultation(workspace, ambitions=1, closes_in_days=1)
            comments(framework.ambitions.get(), n=2)


def test_a_dry_run_counts_and_changes_nothing(utrecht, amersfoort, everything):
    before = (counts(utrecht), counts(amersfoort), AuditEvent.objects.count())
    out = StringIO()
    with freeze_time("2030-01-01 12:00"):
        call_command("purge_expired", "--dry-run", stdout=out)
    assert (counts(utrecht), counts(amersfoort), AuditEvent.objects.count()) == before
    text = out.getvalue()
    assert "would remove: utrecht: responses" in text and "responses 3, answers 3" in text
    assert "amersfoort: live" in text and "Dry run: nothing was removed." in text


def test_the_command_purges_every_kind_per_workspace_and_audits_each(utrecht, amersfoort, everything):
    out = StringIO()
    with freeze_time("2030-01-01 12:00"):
        call_command("purge_expired", "--workspace", "utrecht", stdout=out)
    assert counts(utrecht) == dict.fromkeys(counts(utrecht), 0)
    assert counts(amersfoort)["responses"] == 3
    purges = AuditEvent.objects.filter(workspace=utrecht, action=AuditEvent.Action.PURGE)
    assert sorted(purges.values_list("object_type", flat=True)) == [
        "retention:comments",
        "retention:contacts",
        "retention:live",
        "retention:responses",
    ]
    assert out.getvalue().count("removed: utrecht:") == 4
    with freeze_time("2030-01-01 12:00"):
        call_command("purge_expired", "--kind", "live", stdout=out)
    assert counts(amersfoort)["entries"] == 0 and counts(amersfoort)["responses"] == 3
    second = StringIO()
    with freeze_time("2030-01-01 12:00"):
        call_command("purge_expired", "--workspace", "utrecht", stdout=second)
    assert second.getvalue().strip() == "Nothing is past its retention period."


def test_the_command_refuses_an_unknown_workspace(utrecht):
    with pytest.raises(CommandError, match="nowhere"):
        call_command("purge_expired", "--workspace", "nowhere")


def test_records_of_failed_logins_go_a_day_after_their_lockout_window(db):
    from axes.models import AccessAttempt

    def attempt(username: str, when: str) -> None:
        with freeze_time(when):
            AccessAttempt.objects.create(
                username=username, ip_address="192.0.2.1", user_agent="test", failures_since_start=1
            )

    attempt("old@example.org", "2026-03-01 09:00")
    attempt("recent@example.org", "2026-03-02 09:00")
    out = StringIO()
    with freeze_time("2026-03-02 11:00"):  # the old one is 26 hours old: past 1 hour + 1 day
        call_command("purge_expired", "--dry-run", stdout=out)
        assert AccessAttempt.objects.count() == 2
        assert "would remove: 1 record(s) of failed logins" in out.getvalue()
        call_command("purge_expired", stdout=StringIO())
    assert list(AccessAttempt.objects.values_list("username", flat=True)) == ["recent@example.org"]
    # A run for one workspace or kind leaves the installation-wide records alone.
    with freeze_time("2026-03-10 09:00"):
        call_command("purge_expired", "--kind", "audit", stdout=StringIO())
    assert AccessAttempt.objects.count() == 1
