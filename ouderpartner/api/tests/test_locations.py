import pytest

from ouderpartner.api.tests.conftest import url
from ouderpartner.network.models import Location, OrganisationKind
from ouderpartner.network.tests.factories import LocationFactory, NeighbourhoodFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def library(utrecht):
    return OrganisationFactory(workspace=utrecht, name="Bibliotheek Overvecht", kind=OrganisationKind.LIBRARY)


@pytest.fixture
def library_branch(utrecht, library):
    district = NeighbourhoodFactory(workspace=utrecht, level="district", code="WK034404", name="Overvecht")
    area = NeighbourhoodFactory(workspace=utrecht, code="BU03440401", name="Zambesidreef", parent=district)
    return LocationFactory(
        organisation=library,
        neighbourhood=area,
        is_trusted_place=True,
        trusted_purposes=["reading", "meeting"],
        staff_languages=["ar", "tr"],
        latitude="52.116000",
        longitude="5.111000",
    )


def test_it_lists_locations_with_neighbourhood_and_trusted_place(api, carol, school, library_branch):
    response = api(carol).get(url("location"), {"trusted": "true"})
    assert response.status_code == 200
    [place] = response.json()["results"]
    assert place["organisation"]["name"] == "Bibliotheek Overvecht"
    assert place["neighbourhood"]["code"] == "BU03440401"
    assert place["district"]["code"] == "WK034404"
    assert place["trusted_purposes"] == ["reading", "meeting"]
    assert len(place["trusted_purposes_display"]) == 2
    assert place["staff_languages"] == ["ar", "tr"]
    assert place["latitude"] == 52.116


def test_it_filters_by_district_kind_and_search(api, alice, school, library_branch):
    client = api(alice)
    names = lambda params: sorted(p["name"] for p in client.get(url("location"), params).json()["results"])  # noqa: E731
    assert names({"neighbourhood": "WK034404"}) == ["Bibliotheek Overvecht"]
    assert names({"kind": "school"}) == ["Willibrordschool"]
    assert names({"q": "Willibrord"}) == ["Willibrordschool"]
    assert names({"organisation": library_branch.organisation_id}) == [
        "Bibliotheek Overvecht",
        "Willibrordschool",
    ]


def test_the_outsider_gets_404_on_list_detail_and_writes(api, dave, school):
    location = school.locations.get()
    client = api(dave)
    assert client.get(url("location")).status_code == 404
    assert client.get(url("location", pk=location.pk)).status_code == 404
    assert client.post(url("location"), {"organisation": school.pk, "name": "X"}).status_code == 404
    assert client.patch(url("location", pk=location.pk), {"name": "X"}).status_code == 404
    assert client.get(url("location", ws="amersfoort", pk=location.pk)).status_code == 404


def test_a_viewer_may_not_write(api, carol, school):
    location = school.locations.get()
    client = api(carol)
    assert client.post(url("location"), {"organisation": school.pk, "name": "X"}).status_code == 403
    assert client.patch(url("location", pk=location.pk), {"name": "X"}).status_code == 403
    assert client.post(url("location", pk=location.pk, action="archive")).status_code == 403


def test_a_professional_writes_only_their_own_organisations_locations(api, bob, school, library_branch):
    client = api(bob)
    own = school.locations.get()
    response = client.patch(
        url("location", pk=own.pk), {"is_trusted_place": True, "trusted_purposes": ["education"]}
    )
    assert response.status_code == 200, response.content
    assert response.json()["is_trusted_place"] is True
    created = client.post(
        url("location"), {"organisation": school.pk, "name": "Dependance", "postcode": "3511ab"}
    )
    assert created.status_code == 201, created.content
    assert created.json()["postcode"] == "3511 AB"
    assert client.patch(url("location", pk=library_branch.pk), {"name": "X"}).status_code == 403
    assert (
        client.post(
            url("location"), {"organisation": library_branch.organisation_id, "name": "X"}
        ).status_code
        == 403
    )
    # Nor may they move their own location to another organisation.
    assert (
        client.patch(url("location", pk=own.pk), {"organisation": library_branch.organisation_id}).status_code
        == 403
    )


def test_invalid_input_answers_400_with_messages_and_saves_nothing(api, alice, school, amersfoort):
    other = OrganisationFactory(workspace=amersfoort)
    client = api(alice)
    response = client.post(
        url("location"),
        {"organisation": other.pk, "name": "", "postcode": "12", "trusted_purposes": ["x"], "latitude": 99},
    )
    assert response.status_code == 400
    assert set(response.json()) >= {"organisation", "name", "postcode", "trusted_purposes", "latitude"}
    one_coordinate = client.post(url("location"), {"organisation": school.pk, "name": "X", "latitude": 52.1})
    assert one_coordinate.status_code == 400
    assert "non_field_errors" in one_coordinate.json()
    assert Location.objects.count() == 1


def test_archive_hides_and_restore_brings_back(api, alice, school):
    location = school.locations.get()
    client = api(alice)
    assert client.post(url("location", pk=location.pk, action="archive")).status_code == 200
    assert client.get(url("location")).json()["count"] == 0
    assert client.get(url("location"), {"archived": "true"}).json()["count"] == 1
    assert client.post(url("location", pk=location.pk, action="restore")).json()["archived"] is False


def test_its_query_count_is_bounded(api, alice, utrecht, django_assert_max_num_queries):
    area = NeighbourhoodFactory(workspace=utrecht)
    for _ in range(8):
        LocationFactory(organisation=OrganisationFactory(workspace=utrecht), neighbourhood=area)
    client = api(alice)
    with django_assert_max_num_queries(5):
        response = client.get(url("location"))
    assert response.json()["count"] == 8
