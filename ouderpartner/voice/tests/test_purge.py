"""purge_contacts: contact details past their date are cleared, audited per workspace, and a rerun does nothing."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.management import call_command
from freezegun import freeze_time

from ouderpartner.core.models import AuditEvent
from ouderpartner.network.tests.factories import LocationFactory, OrganisationFactory
from ouderpartner.voice.conversations import CONTACT_RETENTION_DAYS
from ouderpartner.voice.models import Conversation

pytestmark = pytest.mark.django_db


def record(organisation, purge_after: datetime.date | None) -> Conversation:
    conversation = Conversation(
        workspace=organisation.workspace,
        organisation=organisation,
        date=datetime.date(2026, 1, 5),
        language="nl",
        needs="Wil meer weten over voorlezen",
        wants_contact=purge_after is not None,
        contact="bellen via de leerkracht" if purge_after else "",
        contact_purge_after=purge_after,
    )
    conversation.full_clean()
    conversation.save()
    return conversation


def run() -> str:
    out = io.StringIO()
    call_command("purge_contacts", stdout=out)
    return out.getvalue()


def test_it_clears_contacts_past_their_date_and_audits_per_workspace(school, amersfoort):
    other = OrganisationFactory(workspace=amersfoort, name="Bibliotheek Eemland")
    LocationFactory(organisation=other)
    due = record(school, datetime.date(2026, 3, 1))
    also_due = record(school, datetime.date(2026, 3, 31))
    kept = record(school, datetime.date(2026, 4, 2))
    elsewhere = record(other, datetime.date(2026, 2, 1))
    with freeze_time("2026-04-01"):
        output = run()
    assert "utrecht: contact details removed from 2" in output
    for conversation in (due, also_due, elsewhere):
        conversation.refresh_from_db()
        assert (conversation.contact, conversation.wants_contact) == ("", False)
        assert conversation.needs  # the record itself stays
    kept.refresh_from_db()
    assert kept.contact == "bellen via de leerkracht" and kept.wants_contact
    events = AuditEvent.objects.filter(object_type="conversation contact")
    assert {(e.workspace.slug, e.changes["purged"]) for e in events} == {("utrecht", 2), ("amersfoort", 1)}


def test_it_changes_nothing_when_run_again(school):
    record(school, datetime.date(2026, 3, 1))
    with freeze_time("2026-04-01"):
        run()
        before = AuditEvent.objects.count()
        assert "No contact details to remove." in run()
    assert AuditEvent.objects.count() == before


def test_the_default_retention_is_the_documented_constant(client_for, bob, school):
    with freeze_time("2026-04-01"):
        response = client_for(bob).post(
            "/w/utrecht/voice/conversations/new/",
            {
                "date": "2026-04-01",
                "location": str(school.locations.first().pk),
                "language": "nl",
                "needs": "Vraagt naar een taalcursus",
                "wants_contact": "on",
                "contact": "via de mentor",
            },
        )
        assert response.status_code == 302
        conversation = Conversation.objects.get()
        assert conversation.contact_purge_after == datetime.date(2026, 4, 1) + datetime.timedelta(
            days=CONTACT_RETENTION_DAYS
        )
    with freeze_time(conversation.contact_purge_after + datetime.timedelta(days=1)):
        run()
    conversation.refresh_from_db()
    assert conversation.contact == ""
