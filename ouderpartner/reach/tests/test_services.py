"""Activity services: every bad-input rule refuses with a message on the field, and nothing is saved."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from ouderpartner.core.models import AuditEvent
from ouderpartner.network.models import Neighbourhood
from ouderpartner.network.tests.factories import LocationFactory, NeighbourhoodFactory, OrganisationFactory
from ouderpartner.programmes.models import Programme
from ouderpartner.reach import services
from ouderpartner.reach.models import Activity, ActivityLanguage, ActivitySource, PartnerToken

pytestmark = pytest.mark.django_db


@pytest.fixture
def place(utrecht, school):
    district = NeighbourhoodFactory(workspace=utrecht, level=Neighbourhood.Level.DISTRICT, code="WK034401")
    area = NeighbourhoodFactory(workspace=utrecht, code="BU03440101", parent=district)
    location = school.locations.get()
    location.neighbourhood = area
    location.save()
    return location


def _data(place, **changes):
    data = {
        "organisation": place.organisation,
        "location": place,
        "kind": "reading_session",
        "date": timezone.localdate(),
        "parents": 10,
        "target_group_parents": 6,
        "first_time_parents": 2,
        "languages": ["nl", "ar"],
    }
    data.update(changes)
    return data


def test_it_records_an_activity_with_its_neighbourhood_district_languages_and_audit(utrecht, alice, place):
    activity = services.activity_create(workspace=utrecht, actor=alice, **_data(place))
    assert activity.neighbourhood.code == "BU03440101"
    assert activity.district.code == "WK034401"
    assert sorted(ActivityLanguage.objects.filter(activity=activity).values_list("language", flat=True)) == [
        "ar",
        "nl",
    ]
    event = AuditEvent.objects.get(object_type="activity", action="create")
    assert event.changes["parents"] == "10"
    services.activity_update(activity=activity, actor=alice, languages=["tr"], parents=11)
    assert list(activity.language_rows.values_list("language", flat=True)) == ["tr"]
    assert AuditEvent.objects.get(object_type="activity", action="change").changes["parents"] == ["10", "11"]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"target_group_parents": 11}, "target_group_parents"),
        ({"first_time_parents": 11}, "first_time_parents"),
        ({"parents": -1, "target_group_parents": 0, "first_time_parents": 0}, "parents"),
        ({"target_group_parents": -3}, "target_group_parents"),
        ({"date": lambda: timezone.localdate() + datetime.timedelta(days=2)}, "date"),
        ({"languages": ["nl", "xx"]}, "languages"),
        ({"end_date": lambda: timezone.localdate() - datetime.timedelta(days=1)}, "end_date"),
    ],
)
def test_it_refuses_bad_counts_dates_and_languages_and_saves_nothing(utrecht, alice, place, changes, field):
    # Dates are computed when the test runs, not when it is collected (a run can cross midnight).
    changes = {key: value() if callable(value) else value for key, value in changes.items()}
    with pytest.raises(ValidationError) as error:
        services.activity_create(workspace=utrecht, actor=alice, **_data(place, **changes))
    assert field in error.value.message_dict
    assert not Activity.objects.exists()
    assert not ActivityLanguage.objects.exists()
    assert not AuditEvent.objects.filter(object_type="activity").exists()


def test_tomorrow_is_still_accepted(utrecht, alice, place):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    assert services.activity_create(workspace=utrecht, actor=alice, **_data(place, date=tomorrow)).pk


def test_it_refuses_a_location_of_another_organisation(utrecht, alice, place):
    other = LocationFactory(organisation=OrganisationFactory(workspace=utrecht))
    with pytest.raises(ValidationError) as error:
        services.activity_create(workspace=utrecht, actor=alice, **_data(place, location=other))
    assert "location" in error.value.message_dict
    assert not Activity.objects.exists()


def test_it_refuses_a_programme_or_place_of_another_workspace(utrecht, amersfoort, alice, place):
    programme = Programme.objects.create(workspace=amersfoort, name="BoekStart", audience="parents")
    with pytest.raises(ValidationError) as error:
        services.activity_create(workspace=utrecht, actor=alice, **_data(place, programme=programme))
    assert "programme" in error.value.message_dict
    elsewhere = LocationFactory(organisation=OrganisationFactory(workspace=amersfoort))
    with pytest.raises(ValidationError):
        services.activity_create(
            workspace=utrecht,
            actor=alice,
            **_data(place, organisation=elsewhere.organisation, location=elsewhere),
        )
    assert not Activity.objects.exists()


def test_a_failed_update_leaves_the_activity_and_its_languages_as_they_were(utrecht, alice, place):
    activity = services.activity_create(workspace=utrecht, actor=alice, **_data(place))
    with pytest.raises(ValidationError):
        services.activity_update(activity=activity, actor=alice, languages=["pl"], target_group_parents=50)
    activity.refresh_from_db()
    assert activity.target_group_parents == 6
    assert sorted(activity.language_rows.values_list("language", flat=True)) == ["ar", "nl"]


def test_same_as_last_week_copies_the_users_last_activity_with_todays_date(utrecht, bob, alice, place):
    with pytest.raises(ValidationError):
        services.activity_repeat(workspace=utrecht, actor=bob, organisation=place.organisation)
    week_ago = timezone.localdate() - datetime.timedelta(days=7)
    services.activity_create(
        workspace=utrecht,
        actor=bob,
        **_data(place, date=week_ago, external_reference="X-1", description="Voorlezen"),
    )
    services.activity_create(workspace=utrecht, actor=alice, **_data(place, parents=30))  # someone else's
    copy = services.activity_repeat(workspace=utrecht, actor=bob, organisation=place.organisation)
    assert copy.date == timezone.localdate()
    assert (copy.parents, copy.target_group_parents, copy.description) == (10, 6, "Voorlezen")
    assert copy.external_reference == ""
    assert sorted(copy.languages) == ["ar", "nl"]


def test_delete_is_audited(utrecht, alice, place):
    activity = services.activity_create(workspace=utrecht, actor=alice, **_data(place))
    services.activity_delete(activity=activity, actor=alice)
    assert not Activity.objects.exists()
    assert AuditEvent.objects.filter(object_type="activity", action="delete").exists()


def test_professionals_see_their_organisations_activities_others_all(utrecht, alice, bob, carol, place):
    from ouderpartner.core.models import Membership

    mine = services.activity_create(workspace=utrecht, actor=alice, **_data(place))
    other_place = LocationFactory(organisation=OrganisationFactory(workspace=utrecht))
    theirs = services.activity_create(
        workspace=utrecht,
        actor=alice,
        **_data(place, organisation=other_place.organisation, location=other_place),
    )
    visible = {
        user.email: set(
            services.activities_visible(workspace=utrecht, membership=Membership.objects.get(user=user))
        )
        for user in (alice, bob, carol)
    }
    assert visible[alice.email] == visible[carol.email] == {mine, theirs}
    assert visible[bob.email] == {mine}


def test_a_token_is_stored_as_a_hash_and_stops_working_when_revoked(utrecht, alice, school):
    token, secret = services.partner_token_create(
        workspace=utrecht, actor=alice, organisation=school, name="Leerlingvolgsysteem"
    )
    assert secret.startswith("opr_") and len(secret) > 40
    assert secret not in PartnerToken.objects.values_list("token_hash", flat=True)
    assert services.partner_token_authenticate(secret) == token
    assert services.partner_token_authenticate(secret + "x") is None
    services.partner_token_revoke(token=token, actor=alice)
    assert services.partner_token_authenticate(secret) is None


def test_sources_are_recorded(utrecht, alice, place):
    activity = services.activity_create(
        workspace=utrecht, actor=None, source=ActivitySource.API, **_data(place)
    )
    assert activity.source == "api"
