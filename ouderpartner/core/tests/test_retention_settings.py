"""A workspace's retention periods on its settings page: empty for the default, never past the maximum."""

import pytest
from django.urls import reverse

from ouderpartner.core.models import AuditEvent
from ouderpartner.core.retention import retention_period

pytestmark = pytest.mark.django_db


def url():
    return reverse("core:settings", kwargs={"ws": "utrecht"})


def data(**changes):
    values = {
        "name": "Gemeente Utrecht",
        "primary_colour": "#01689B",
        "accent_colour": "#39870C",
        "disclosure_threshold": "5",
        "parent_languages": ["nl", "ar", "tr"],
        "municipality_code": "GM0344",
    }
    values.update(changes)
    return values


def test_the_page_shows_each_period_empty_with_its_default(client_for, alice, settings):
    settings.RETENTION_DEFAULTS = {**settings.RETENTION_DEFAULTS, "responses": 12}
    response = client_for(alice).get(url())
    assert response.status_code == 200
    form = response.context["form"]
    assert [field.name for field in form.retention_fields()] == [
        "retention_responses_months",
        "retention_live_months",
        "retention_contacts_days",
        "retention_comments_months",
        "retention_audit_months",
    ]
    html = response.content.decode()
    assert 'id="retention"' in html and 'name="retention_responses_months"' in html
    assert form["retention_responses_months"].value() is None
    assert "12" in form.fields["retention_responses_months"].help_text


def test_a_coordinator_sets_shorter_periods_and_the_change_is_audited(client_for, alice, utrecht):
    response = client_for(alice).post(
        url(), data(retention_responses_months="6", retention_contacts_days="30")
    )
    assert response.status_code == 302
    utrecht.refresh_from_db()
    assert (utrecht.retention_responses_months, utrecht.retention_contacts_days) == (6, 30)
    assert retention_period(utrecht, "responses") == 6
    event = AuditEvent.objects.get(action=AuditEvent.Action.CHANGE, object_type="workspace")
    assert event.changes == {
        "retention_responses_months": ["None", "6"],
        "retention_contacts_days": ["None", "30"],
    }
    # Emptying a field goes back to the default.
    client_for(alice).post(url(), data(retention_contacts_days=""))
    utrecht.refresh_from_db()
    assert utrecht.retention_contacts_days is None and utrecht.retention_responses_months is None


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("retention_responses_months", "37"),
        ("retention_contacts_days", "91"),
        ("retention_audit_months", "6"),
        ("retention_live_months", "0"),
        ("retention_comments_months", "twelve"),
        ("retention_live_months", "-3"),
    ],
)
def test_periods_outside_the_bounds_are_refused(client_for, alice, utrecht, field, value):
    response = client_for(alice).post(url(), data(**{field: value, "name": "Other"}))
    assert response.status_code == 400
    assert field in response.context["form"].errors
    utrecht.refresh_from_db()
    assert utrecht.name == "Gemeente Utrecht" and getattr(utrecht, field) is None
    assert not AuditEvent.objects.exists()


def test_viewers_and_outsiders_cannot_change_periods(client_for, carol, dave, utrecht):
    assert client_for(carol).post(url(), data(retention_audit_months="12")).status_code == 403
    assert client_for(dave).post(url(), data(retention_audit_months="12")).status_code == 404
    utrecht.refresh_from_db()
    assert utrecht.retention_audit_months is None
