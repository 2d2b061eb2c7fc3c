"""Activity and token screens: roles, the outsider (404), bad input (400, nothing saved), query bounds."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from ouderpartner.core.models import AuditEvent
from ouderpartner.network.tests.factories import LocationFactory, OrganisationFactory
from ouderpartner.reach.models import Activity, PartnerToken
from ouderpartner.reach.tests.factories import ActivityFactory

pytestmark = pytest.mark.django_db


def url(name, ws="utrecht", **kwargs):
    return reverse(f"reach:{name}", kwargs={"ws": ws, **kwargs})


@pytest.fixture
def place(school):
    return school.locations.get()


@pytest.fixture
def other_place(utrecht):
    return LocationFactory(organisation=OrganisationFactory(workspace=utrecht, name="Bibliotheek"))


def _post(place, **changes):
    data = {
        "organisation": place.organisation_id,
        "kind": "reading_session",
        "date": timezone.localdate().isoformat(),
        "location": place.pk,
        "parents": "9",
        "target_group_parents": "4",
        "first_time_parents": "1",
        "languages": ["nl", "ar"],
        "description": "Voorleesochtend",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_a_professional_records_an_activity_for_their_organisation(client_for, bob, place):
    client = client_for(bob)
    page = client.get(url("activity_create"))
    assert page.status_code == 200
    assert "organisation" not in page.context["form"].fields
    response = client.post(url("activity_create"), _post(place, organisation=None))
    assert response.status_code == 302
    activity = Activity.objects.get()
    assert (activity.parents, activity.target_group_parents, activity.created_by) == (9, 4, bob)
    assert activity.languages == ["nl", "ar"]


def test_bad_input_is_refused_with_messages_and_nothing_saved(client_for, alice, place, other_place):
    client = client_for(alice)
    future = (timezone.localdate() + datetime.timedelta(days=5)).isoformat()
    for changes, field in [
        ({"target_group_parents": "10"}, "target_group_parents"),
        ({"parents": "-2", "target_group_parents": "0", "first_time_parents": "0"}, "parents"),
        ({"date": future}, "date"),
        ({"location": other_place.pk}, "location"),
    ]:
        response = client.post(url("activity_create"), _post(place, **changes))
        assert response.status_code == 400, changes
        assert response.context["form"].errors.get(field), (changes, response.context["form"].errors)
    assert not Activity.objects.exists()


def test_a_professional_cannot_choose_a_place_of_another_organisation(client_for, bob, place, other_place):
    response = client_for(bob).post(
        url("activity_create"), _post(place, organisation=None, location=other_place.pk)
    )
    assert response.status_code == 400
    assert not Activity.objects.exists()


def test_the_form_starts_from_the_last_entry_and_same_as_last_week_repeats_it(client_for, bob, place):
    client = client_for(bob)
    client.post(
        url("activity_create"),
        _post(place, organisation=None, date=(timezone.localdate() - datetime.timedelta(days=7)).isoformat()),
    )
    page = client.get(url("activity_create"))
    assert page.context["form"].initial["parents"] == 9
    assert page.context["form"].initial["date"] == timezone.localdate()
    assert "Same as last time" in page.content.decode() or "Zelfde als" in page.content.decode()
    assert client.post(url("activity_repeat")).status_code == 302
    assert list(Activity.objects.order_by("date").values_list("date", flat=True)) == [
        timezone.localdate() - datetime.timedelta(days=7),
        timezone.localdate(),
    ]


def test_same_as_last_week_without_an_earlier_activity_says_so(client_for, bob):
    response = client_for(bob).post(url("activity_repeat"), follow=True)
    assert response.status_code == 200
    assert not Activity.objects.exists()


def test_professionals_see_and_edit_only_their_own_organisations_activities(
    client_for, bob, place, other_place
):
    mine = ActivityFactory(location=place)
    theirs = ActivityFactory(location=other_place)
    client = client_for(bob)
    listing = client.get(url("activity_list"))
    assert list(listing.context["objects"]) == [mine] or set(listing.context["objects"]) == {mine}
    assert client.get(url("activity_update", pk=theirs.pk)).status_code == 404
    assert client.post(url("activity_delete", pk=theirs.pk)).status_code == 404
    assert client.get(url("activity_update", pk=mine.pk)).status_code == 200
    assert client.post(url("activity_delete", pk=mine.pk)).status_code == 302
    assert list(Activity.objects.all()) == [theirs]
    assert AuditEvent.objects.filter(action="delete", object_type="activity").exists()


def test_an_update_is_saved_and_audited(client_for, alice, place):
    activity = ActivityFactory(location=place)
    response = client_for(alice).post(url("activity_update", pk=activity.pk), _post(place, parents="20"))
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.parents == 20
    assert AuditEvent.objects.filter(action="change", object_type="activity").exists()


def test_viewers_read_the_list_but_do_not_record_or_edit(client_for, carol, place):
    activity = ActivityFactory(location=place)
    client = client_for(carol)
    assert client.get(url("activity_list")).status_code == 200
    assert client.get(url("activity_create")).status_code == 403
    assert client.post(url("activity_repeat")).status_code == 403
    assert client.get(url("activity_update", pk=activity.pk)).status_code == 403
    assert client.get(url("activity_export")).status_code == 403
    assert client.get(url("token_list")).status_code == 403


def test_filters_narrow_the_list(client_for, alice, place, other_place):
    ActivityFactory(location=place, kind="home_visit")
    ActivityFactory(location=other_place, kind="reading_session")
    client = client_for(alice)
    assert client.get(url("activity_list"), {"kind": "home_visit"}).context["page"].paginator.count == 1
    assert (
        client.get(url("activity_list"), {"organisation": other_place.organisation_id})
        .context["page"]
        .paginator.count
        == 1
    )
    assert (
        client.get(url("activity_list"), {"kind": "nonsense", "period": "x"}).context["page"].paginator.count
        == 2
    )


def test_the_coordinators_export_is_audited(client_for, alice, place):
    ActivityFactory(location=place, description="=HYPERLINK()")
    response = client_for(alice).get(url("activity_export"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert AuditEvent.objects.filter(action="export", object_type="activities").exists()


@pytest.mark.parametrize("rows", [1, 30])
def test_list_queries_do_not_grow_with_rows(
    client_for, alice, place, other_place, rows, django_assert_max_num_queries
):
    for i in range(rows):
        ActivityFactory(location=place if i % 2 else other_place, languages=["nl", "ar"])
    client = client_for(alice)
    with django_assert_max_num_queries(14):
        assert client.get(url("activity_list")).status_code == 200
    with django_assert_max_num_queries(16):
        assert client.get(url("activity_create")).status_code == 200


def test_tokens_are_made_shown_once_and_revoked(client_for, alice, school):
    client = client_for(alice)
    response = client.post(url("token_list"), {"organisation": school.pk, "name": "Leerlingvolgsysteem"})
    assert response.status_code == 200
    secret = response.context["secret"]
    assert secret.startswith("opr_")
    assert response["Cache-Control"] == "no-store"
    token = PartnerToken.objects.get()
    assert secret not in client.get(url("token_list")).content.decode()
    assert client.post(url("token_revoke", pk=token.pk)).status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_a_token_form_without_a_name_is_refused(client_for, alice, school):
    response = client_for(alice).post(url("token_list"), {"organisation": school.pk, "name": ""})
    assert response.status_code == 400
    assert not PartnerToken.objects.exists()


def test_professionals_cannot_manage_tokens(client_for, bob):
    assert client_for(bob).get(url("token_list")).status_code == 403


def test_an_outsider_gets_404_everywhere(client_for, dave, place):
    activity = ActivityFactory(location=place)
    token = PartnerToken.objects.create(
        workspace=place.workspace,
        organisation=place.organisation,
        name="x",
        prefix="opr_x",
        token_hash="b" * 64,
    )
    client = client_for(dave)
    for name, kwargs in [
        ("activity_list", {}),
        ("activity_create", {}),
        ("activity_repeat", {}),
        ("activity_export", {}),
        ("activity_update", {"pk": activity.pk}),
        ("activity_delete", {"pk": activity.pk}),
        ("token_list", {}),
        ("token_revoke", {"pk": token.pk}),
    ]:
        assert client.get(url(name, **kwargs)).status_code in (404, 405), name
        assert client.post(url(name, **kwargs)).status_code == 404, name
        if kwargs:
            assert client.post(url(name, ws="amersfoort", **kwargs)).status_code == 404, name
