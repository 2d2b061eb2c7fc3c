import pytest

from ouderpartner.api.tests.conftest import url
from ouderpartner.network.models import Neighbourhood
from ouderpartner.network.tests.factories import NeighbourhoodFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def overvecht(utrecht):
    district = NeighbourhoodFactory(workspace=utrecht, level="district", code="WK034404", name="Overvecht")
    NeighbourhoodFactory(workspace=utrecht, code="BU03440401", name="Zambesidreef", parent=district)
    NeighbourhoodFactory(workspace=utrecht, code="BU03440402", name="Tigrisdreef", parent=district)
    return district


def test_it_lists_districts_and_neighbourhoods_with_figures(api, carol, overvecht):
    response = api(carol).get(url("neighbourhood"))
    assert response.status_code == 200
    rows = response.json()["results"]
    assert [r["code"] for r in rows] == ["BU03440401", "BU03440402", "WK034404"]
    assert rows[0]["district"]["code"] == "WK034404"
    assert rows[0]["children_0_14"] == {"value": 300, "suppressed": False}


def test_it_filters_by_level_district_and_search(api, alice, overvecht):
    client = api(alice)
    codes = lambda params: [r["code"] for r in client.get(url("neighbourhood"), params).json()["results"]]  # noqa: E731
    assert codes({"level": "district"}) == ["WK034404"]
    assert codes({"district": "WK034404", "q": "tigris"}) == ["BU03440402"]
    assert client.get(url("neighbourhood"), {"level": "city"}).status_code == 400


def test_the_outsider_gets_404(api, dave, overvecht):
    client = api(dave)
    assert client.get(url("neighbourhood")).status_code == 404
    assert client.get(url("neighbourhood", pk=overvecht.pk)).status_code == 404
    assert client.patch(url("neighbourhood", pk=overvecht.pk), {"inhabitants": 1}).status_code == 404


def test_only_coordinators_change_the_figures(api, alice, bob, carol, overvecht):
    assert api(carol).patch(url("neighbourhood", pk=overvecht.pk), {"inhabitants": 1}).status_code == 403
    assert api(bob).patch(url("neighbourhood", pk=overvecht.pk), {"inhabitants": 1}).status_code == 403
    response = api(alice).patch(
        url("neighbourhood", pk=overvecht.pk), {"inhabitants": 35000, "code": "WK000000"}
    )
    assert response.status_code == 200
    assert response.json()["inhabitants"] == {"value": 35000, "suppressed": False}
    assert response.json()["code"] == "WK034404"  # codes come from CBS, not from here


def test_invalid_figures_answer_400_and_save_nothing(api, alice, overvecht):
    response = api(alice).patch(url("neighbourhood", pk=overvecht.pk), {"inhabitants": -5})
    assert response.status_code == 400
    assert "inhabitants" in response.json()
    assert Neighbourhood.objects.get(pk=overvecht.pk).inhabitants == 2000


def test_its_query_count_is_bounded(api, alice, utrecht, overvecht, django_assert_max_num_queries):
    for _ in range(8):
        NeighbourhoodFactory(workspace=utrecht, parent=overvecht)
    client = api(alice)
    with django_assert_max_num_queries(5):
        response = client.get(url("neighbourhood"))
    assert response.json()["count"] == 11


# --- Disclosure control: figures about people are published, never raw ----------------------------


def test_it_publishes_the_figures_through_disclosure_control(api, carol, utrecht):
    small = NeighbourhoodFactory(
        workspace=utrecht, code="BU03449901", births=3, children_0_14=12, households=None
    )
    response = api(carol).get(url("neighbourhood", pk=small.pk))
    data = response.json()
    assert data["births"] == {"value": None, "suppressed": True}
    assert data["children_0_14"] == {"value": 10, "suppressed": False}
    assert data["households"] == {"value": None, "suppressed": False}  # unknown, not hidden
    assert data["inhabitants"] == {"value": 2000, "suppressed": False}
    listed = next(r for r in api(carol).get(url("neighbourhood")).json()["results"] if r["id"] == small.pk)
    assert listed["births"] == data["births"]
    assert listed["children_0_14"] == data["children_0_14"]


def test_it_uses_the_workspaces_stricter_threshold(api, carol, utrecht):
    utrecht.disclosure_threshold = 10
    utrecht.save()
    area = NeighbourhoodFactory(workspace=utrecht, births=7, children_0_14=12)
    data = api(carol).get(url("neighbourhood", pk=area.pk)).json()
    assert data["births"] == {"value": None, "suppressed": True}
    assert data["children_0_14"] == {"value": 10, "suppressed": False}


def test_a_coordinator_writes_raw_figures_and_reads_them_published(api, alice, overvecht):
    response = api(alice).patch(url("neighbourhood", pk=overvecht.pk), {"births": 3})
    assert response.status_code == 200
    assert response.json()["births"] == {"value": None, "suppressed": True}
    assert Neighbourhood.objects.get(pk=overvecht.pk).births == 3
