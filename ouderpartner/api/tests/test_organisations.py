import pytest

from ouderpartner.api.tests.conftest import url
from ouderpartner.core.models import AuditEvent
from ouderpartner.network.models import Organisation, OrganisationKind
from ouderpartner.network.tests.factories import LocationFactory, NeighbourhoodFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def library(utrecht):
    return OrganisationFactory(workspace=utrecht, name="Bibliotheek Overvecht", kind=OrganisationKind.LIBRARY)


def test_it_lists_the_organisations_of_the_workspace(api, alice, school, library):
    response = api(alice).get(url("organisation"))
    assert response.status_code == 200
    body = response.json()
    assert [o["name"] for o in body["results"]] == ["Bibliotheek Overvecht", "Willibrordschool"]
    assert body["results"][1]["kind_display"]
    assert body["results"][1]["location_count"] == 1


def test_it_filters_by_kind_search_neighbourhood_and_trusted_place(api, alice, utrecht, school, library):
    area = NeighbourhoodFactory(workspace=utrecht, code="BU03440111")
    LocationFactory(organisation=library, neighbourhood=area, is_trusted_place=True)
    client = api(alice)
    names = lambda params: [o["name"] for o in client.get(url("organisation"), params).json()["results"]]  # noqa: E731
    assert names({"kind": "library"}) == ["Bibliotheek Overvecht"]
    assert names({"q": "willi"}) == ["Willibrordschool"]
    assert names({"neighbourhood": "BU03440111"}) == ["Bibliotheek Overvecht"]
    assert names({"trusted": "true"}) == ["Bibliotheek Overvecht"]
    assert names({"trusted": "false"}) == ["Willibrordschool"]


def test_it_rejects_an_unknown_filter_value_with_a_message(api, alice, school):
    response = api(alice).get(url("organisation"), {"kind": "castle"})
    assert response.status_code == 400
    assert "kind" in response.json()


def test_it_hides_archived_organisations_unless_asked(api, alice, school, library):
    library.archived_at = "2025-01-01T00:00:00Z"
    library.save()
    client = api(alice)
    assert [o["name"] for o in client.get(url("organisation")).json()["results"]] == ["Willibrordschool"]
    archived = client.get(url("organisation"), {"archived": "true"}).json()["results"]
    assert [(o["name"], o["archived"]) for o in archived] == [("Bibliotheek Overvecht", True)]


def test_it_shows_one_organisation(api, carol, school):
    response = api(carol).get(url("organisation", pk=school.pk))
    assert response.status_code == 200
    assert response.json()["brin"] == "04IM"


def test_the_outsider_gets_404_on_list_detail_and_writes(api, dave, school):
    client = api(dave)
    assert client.get(url("organisation")).status_code == 404
    assert client.get(url("organisation", pk=school.pk)).status_code == 404
    assert client.post(url("organisation"), {"kind": "school", "name": "X"}).status_code == 404
    assert client.patch(url("organisation", pk=school.pk), {"name": "X"}).status_code == 404
    assert client.post(url("organisation", pk=school.pk, action="archive")).status_code == 404
    # Their own workspace does not reach Utrecht's organisation either.
    assert client.get(url("organisation", ws="amersfoort", pk=school.pk)).status_code == 404
    assert Organisation.objects.get(pk=school.pk).name == "Willibrordschool"


def test_a_coordinator_creates_an_organisation_and_it_is_audited(api, alice, utrecht):
    response = api(alice).post(url("organisation"), {"kind": "library", "name": "Bibliotheek Kanaleneiland"})
    assert response.status_code == 201, response.content
    organisation = Organisation.objects.get(pk=response.json()["id"])
    assert organisation.workspace == utrecht
    assert AuditEvent.objects.filter(action=AuditEvent.Action.CREATE, object_id=str(organisation.pk)).exists()


def test_invalid_input_answers_400_with_messages_and_saves_nothing(api, alice, school):
    client = api(alice)
    response = client.post(url("organisation"), {"kind": "castle", "name": "", "brin": "bad!"})
    assert response.status_code == 400
    assert set(response.json()) >= {"kind", "name", "brin"}
    duplicate = client.post(url("organisation"), {"kind": "school", "name": "Kopie", "brin": "04IM"})
    assert duplicate.status_code == 400
    assert Organisation.objects.count() == 1
    assert not AuditEvent.objects.exists()


def test_a_viewer_may_not_write(api, carol, school):
    client = api(carol)
    assert client.post(url("organisation"), {"kind": "school", "name": "X"}).status_code == 403
    assert client.patch(url("organisation", pk=school.pk), {"name": "X"}).status_code == 403
    assert client.post(url("organisation", pk=school.pk, action="archive")).status_code == 403
    assert Organisation.objects.get(pk=school.pk).name == "Willibrordschool"


def test_a_professional_edits_only_their_own_organisation(api, bob, school, library):
    client = api(bob)
    response = client.patch(url("organisation", pk=school.pk), {"phone": "030 123 4567"})
    assert response.status_code == 200, response.content
    assert response.json()["phone"] == "030 123 4567"
    assert client.patch(url("organisation", pk=library.pk), {"phone": "1"}).status_code == 403
    assert client.post(url("organisation"), {"kind": "school", "name": "X"}).status_code == 403


def test_put_replaces_and_archive_and_restore_work(api, alice, school):
    client = api(alice)
    response = client.put(url("organisation", pk=school.pk), {"kind": "school", "name": "Willibrord"})
    assert response.status_code == 200
    assert response.json()["brin"] == "04IM"  # fields not given are kept (the service applies what is given)
    assert client.post(url("organisation", pk=school.pk, action="archive")).json()["archived"] is True
    assert school.locations.get().archived_at is not None
    assert client.post(url("organisation", pk=school.pk, action="restore")).json()["archived"] is False
    assert school.locations.get().archived_at is None


def test_there_is_no_hard_delete(api, alice, school):
    assert api(alice).client.delete(url("organisation", pk=school.pk)).status_code == 405


def test_its_query_count_is_bounded(api, alice, utrecht, django_assert_max_num_queries):
    for _ in range(8):
        LocationFactory(organisation=OrganisationFactory(workspace=utrecht))
    client = api(alice)
    with django_assert_max_num_queries(6):
        response = client.get(url("organisation"))
    assert response.json()["count"] == 8
