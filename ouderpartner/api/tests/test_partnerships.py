import pytest

from ouderpartner.api.tests.conftest import url
from ouderpartner.core.models import AuditEvent
from ouderpartner.network.models import Partnership
from ouderpartner.network.tests.factories import OrganisationFactory, PartnershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def preschool(utrecht):
    return OrganisationFactory(
        workspace=utrecht, name="Peuterspeelzaal Dikkertje Dap", kind="early_education"
    )


@pytest.fixture
def link(utrecht, school, preschool):
    partnership = PartnershipFactory(workspace=utrecht, name="Doorgaande lijn Willibrord")
    partnership.organisations.set([school, preschool])
    return partnership


def test_it_lists_partnerships_with_their_organisations(api, carol, link):
    response = api(carol).get(url("partnership"))
    assert response.status_code == 200
    [row] = response.json()["results"]
    assert [o["name"] for o in row["organisations"]] == ["Peuterspeelzaal Dikkertje Dap", "Willibrordschool"]
    assert row["kind_display"]


def test_it_filters_by_organisation_kind_and_search(api, alice, utrecht, link, preschool):
    PartnershipFactory(workspace=utrecht, name="Samenwerking bibliotheek", kind="collaboration_agreement")
    client = api(alice)
    names = lambda params: [p["name"] for p in client.get(url("partnership"), params).json()["results"]]  # noqa: E731
    assert names({"organisation": preschool.pk}) == ["Doorgaande lijn Willibrord"]
    assert names({"kind": "collaboration_agreement"}) == ["Samenwerking bibliotheek"]
    assert names({"q": "bibliotheek"}) == ["Samenwerking bibliotheek"]


def test_the_outsider_gets_404(api, dave, link, school, preschool):
    client = api(dave)
    assert client.get(url("partnership")).status_code == 404
    assert client.get(url("partnership", pk=link.pk)).status_code == 404
    assert (
        client.post(
            url("partnership"), {"name": "X", "kind": "other", "organisations": [school.pk, preschool.pk]}
        ).status_code
        == 404
    )
    assert client.post(url("partnership", pk=link.pk, action="archive")).status_code == 404


def test_viewers_and_professionals_may_not_write(api, bob, carol, link, school, preschool):
    body = {"name": "X", "kind": "other", "organisations": [school.pk, preschool.pk]}
    for user in (bob, carol):
        assert api(user).post(url("partnership"), body).status_code == 403
        assert api(user).patch(url("partnership", pk=link.pk), {"name": "X"}).status_code == 403


def test_a_coordinator_creates_changes_archives_and_restores(api, alice, school, preschool):
    client = api(alice)
    body = {
        "name": "VVE-koppeling",
        "kind": "preschool_to_school",
        "organisations": [school.pk, preschool.pk],
        "agreements": "Warme overdracht van elk kind.",
        "start_date": "2025-01-01",
    }
    response = client.post(url("partnership"), body)
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    assert (
        client.patch(url("partnership", pk=pk), {"end_date": "2026-07-31"}).json()["end_date"] == "2026-07-31"
    )
    assert client.post(url("partnership", pk=pk, action="archive")).json()["archived"] is True
    assert client.get(url("partnership")).json()["count"] == 0
    assert client.post(url("partnership", pk=pk, action="restore")).json()["archived"] is False
    assert AuditEvent.objects.filter(object_type="partnership").count() == 4


def test_invalid_input_answers_400_with_messages_and_saves_nothing(api, alice, school, amersfoort):
    other = OrganisationFactory(workspace=amersfoort)
    client = api(alice)
    one = client.post(url("partnership"), {"name": "X", "kind": "other", "organisations": [school.pk]})
    assert one.status_code == 400
    assert "organisations" in one.json()
    foreign = client.post(
        url("partnership"), {"name": "X", "kind": "other", "organisations": [school.pk, other.pk]}
    )
    assert foreign.status_code == 400
    dates = client.post(
        url("partnership"),
        {
            "name": "X",
            "kind": "other",
            "organisations": [school.pk, other.pk],
            "start_date": "2025-02-01",
            "end_date": "2025-01-01",
        },
    )
    assert dates.status_code == 400
    assert not Partnership.objects.exists()


def test_its_query_count_is_bounded(api, alice, utrecht, django_assert_max_num_queries):
    for _ in range(8):
        PartnershipFactory(workspace=utrecht).organisations.set(
            [OrganisationFactory(workspace=utrecht), OrganisationFactory(workspace=utrecht)]
        )
    client = api(alice)
    with django_assert_max_num_queries(6):
        response = client.get(url("partnership"))
    assert response.json()["count"] == 8
