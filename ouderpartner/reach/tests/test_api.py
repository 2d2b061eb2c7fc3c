"""The partner API: token scope, idempotent retries, corrections, 400 details, revoked tokens, outsiders."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from ouderpartner.core.models import AuditEvent
from ouderpartner.network.tests.factories import LocationFactory, OrganisationFactory
from ouderpartner.programmes.models import Programme
from ouderpartner.reach import services
from ouderpartner.reach.models import Activity
from ouderpartner.reach.tests.factories import ActivityFactory

pytestmark = pytest.mark.django_db
BASE = "/api/workspaces/utrecht/reach/activities/"


@pytest.fixture
def place(school):
    return school.locations.get()


@pytest.fixture
def library(utrecht):
    return LocationFactory(organisation=OrganisationFactory(workspace=utrecht, name="Bibliotheek"))


def _client(secret: str | None = None, keyword: str = "Bearer") -> APIClient:
    client = APIClient()
    if secret:
        client.credentials(HTTP_AUTHORIZATION=f"{keyword} {secret}")
    return client


@pytest.fixture
def school_token(utrecht, alice, school):
    return services.partner_token_create(workspace=utrecht, actor=alice, organisation=school, name="LVS")[1]


def body(place, **changes):
    data = {
        "external_reference": "LVS-1",
        "location": place.pk,
        "kind": "reading_session",
        "date": timezone.localdate().isoformat(),
        "parents": 12,
        "target_group_parents": 8,
        "first_time_parents": 2,
        "languages": ["nl", "ar"],
    }
    data.update(changes)
    return data


def test_a_retry_with_the_same_reference_never_counts_twice(school_token, place):
    client = _client(school_token)
    first = client.post(BASE, body(place), format="json")
    assert first.status_code == 201, first.json()
    again = client.post(BASE, body(place), format="json")
    assert again.status_code == 200
    assert again.json()["id"] == first.json()["id"]
    corrected = client.post(BASE, body(place, parents=15), format="json")
    assert corrected.status_code == 200
    assert Activity.objects.count() == 1
    activity = Activity.objects.get()
    assert (activity.parents, activity.source, activity.organisation_id) == (15, "api", place.organisation_id)
    assert client.post(BASE, body(place, external_reference="LVS-2"), format="json").status_code == 201
    assert Activity.objects.count() == 2


def test_both_header_keywords_work_and_a_revoked_or_wrong_token_is_401(utrecht, alice, school, place):
    token, secret = services.partner_token_create(
        workspace=utrecht, actor=alice, organisation=school, name="x"
    )
    assert _client(secret, "Token").get(BASE).status_code == 200
    assert _client(secret + "x").get(BASE).status_code == 401
    assert _client().get(BASE).status_code in (401, 403)
    services.partner_token_revoke(token=token, actor=alice)
    assert _client(secret).get(BASE).status_code == 401
    assert _client(secret).post(BASE, body(place), format="json").status_code == 401
    assert not Activity.objects.exists()


def test_corrections_by_put_and_patch(school_token, place):
    client = _client(school_token)
    created = client.post(BASE, body(place), format="json").json()
    url = f"{BASE}{created['id']}/"
    assert client.patch(url, {"parents": 20}, format="json").json()["parents"] == 20
    replaced = client.put(url, body(place, parents=30, languages=["tr"]), format="json")
    assert replaced.status_code == 200
    assert replaced.json()["languages"] == ["tr"]
    assert list(Activity.objects.get().language_rows.values_list("language", flat=True)) == ["tr"]
    assert AuditEvent.objects.filter(object_type="activity", action="change").count() == 2


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"target_group_parents": 13}, "target_group_parents"),
        ({"first_time_parents": 13}, "first_time_parents"),
        ({"parents": -1}, "parents"),
        ({"date": (timezone.localdate() + datetime.timedelta(days=3)).isoformat()}, "date"),
        ({"programme": 99999}, "programme"),
        ({"kind": "party"}, "kind"),
        ({"languages": ["xx"]}, "languages"),
        ({"location": None}, "location"),
    ],
)
def test_bad_input_is_a_400_with_the_field_and_nothing_saved(school_token, place, changes, field):
    response = _client(school_token).post(BASE, body(place, **changes), format="json")
    assert response.status_code == 400
    assert field in response.json(), response.json()
    assert not Activity.objects.exists()


def test_a_location_or_programme_elsewhere_is_refused(school_token, place, library, amersfoort):
    client = _client(school_token)
    response = client.post(BASE, body(place, location=library.pk), format="json")
    assert response.status_code == 400 and "location" in response.json()
    other_programme = Programme.objects.create(workspace=amersfoort, name="BoekStart", audience="parents")
    response = client.post(BASE, body(place, programme=other_programme.pk), format="json")
    assert response.status_code == 400 and "programme" in response.json()
    assert not Activity.objects.exists()


def test_a_token_cannot_read_or_touch_another_organisations_activities(
    utrecht, alice, school_token, library, place
):
    theirs = ActivityFactory(location=library, external_reference="LVS-1")
    client = _client(school_token)
    assert client.get(BASE).json()["count"] == 0
    url = f"{BASE}{theirs.pk}/"
    assert client.get(url).status_code == 404
    assert client.patch(url, {"parents": 1}, format="json").status_code == 404
    assert client.delete(url).status_code == 404
    # The same reference in another organisation is a different activity.
    assert client.post(BASE, body(place), format="json").status_code == 201
    theirs.refresh_from_db()
    assert theirs.parents == 12 and Activity.objects.count() == 2


def test_a_token_works_only_in_its_own_workspace(school_token, amersfoort):
    assert _client(school_token).get("/api/workspaces/amersfoort/reach/activities/").status_code == 404


def test_members_read_and_outsiders_get_404(
    client_for, alice, carol, dave, place, django_assert_max_num_queries
):
    for _ in range(5):
        ActivityFactory(location=place)
    client = client_for(carol)
    with django_assert_max_num_queries(8):
        assert client.get(BASE).json()["count"] == 5
    assert client.post(BASE, body(place), format="json").status_code == 403
    outsider = client_for(dave)
    assert outsider.get(BASE).status_code == 404
    assert outsider.post(BASE, body(place), format="json").status_code == 404
    assert outsider.get(f"{BASE}{Activity.objects.first().pk}/").status_code == 404


def test_a_professional_signed_in_writes_for_their_own_organisation(client_for, bob, place, library):
    client = client_for(bob)
    assert client.post(BASE, body(place), format="json").status_code == 201
    assert client.post(BASE, body(library, external_reference="B"), format="json").status_code == 400
    theirs = ActivityFactory(location=library)
    assert client.patch(f"{BASE}{theirs.pk}/", {"parents": 1}, format="json").status_code == 404


@pytest.mark.parametrize("rows", [2, 40])
def test_list_queries_do_not_grow(school_token, place, rows, django_assert_max_num_queries):
    for _ in range(rows):
        ActivityFactory(location=place)
    with django_assert_max_num_queries(5):
        assert _client(school_token).get(BASE).status_code == 200


def test_filters(school_token, place):
    ActivityFactory(location=place, date=datetime.date(2025, 1, 5), external_reference="A")
    ActivityFactory(location=place, date=datetime.date(2025, 3, 5))
    client = _client(school_token)
    assert client.get(BASE, {"date_from": "2025-02-01"}).json()["count"] == 1
    assert client.get(BASE, {"external_reference": "A"}).json()["count"] == 1
    assert client.get(BASE, {"date_from": "gisteren"}).status_code == 400
