"""API of the continuous line 0-21 and the integral matrix: access, bad parameters, bounded queries, content."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ouderpartner.core.models import Membership, Role
from ouderpartner.network.models import OrganisationKind
from ouderpartner.network.tests.factories import LocationFactory, OrganisationFactory
from ouderpartner.programmes.models import Audience
from ouderpartner.programmes.tests.test_analysis import district_with_areas, make_offering, make_programme
from ouderpartner.programmes.tests.test_analysis_views import build_network

pytestmark = pytest.mark.django_db


def url(name: str, ws: str = "utrecht") -> str:
    return reverse(f"api-{name}", kwargs={"ws": ws})


@pytest.fixture
def hand_made(utrecht):
    """Parents are served from 0 to 4 and 4 to 12 years; nothing for parents of 12 to 21; poverty has only a
    programme for professionals; Buurt 2 has children and no offering."""
    _, (north, _south) = district_with_areas(utrecht, children=(300, 120))
    library = OrganisationFactory(workspace=utrecht, kind=OrganisationKind.LIBRARY, name="Bibliotheek")
    place = LocationFactory(organisation=library, neighbourhood=north)
    boekstart = make_programme(
        utrecht, "BoekStart", 0, 48, audience=Audience.PARENTS_WITH_CHILDREN, domains=["early_education"]
    )
    make_offering(boekstart, library, [place])
    make_programme(utrecht, "Ouderkamer", 48, 144, domains=["education"])
    make_programme(utrecht, "Alliantie", 0, 216, audience=Audience.PROFESSIONALS, domains=["poverty"])
    return {"library": library, "boekstart": boekstart}


# --- Access -------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["line", "matrix"])
def test_it_lets_every_member_read(api, alice, bob, carol, utrecht, name):
    for user in (alice, bob, carol):
        assert api(user).get(url(name)).status_code == 200


@pytest.mark.parametrize("name", ["line", "matrix"])
def test_it_answers_404_to_the_outsider(api, dave, utrecht, amersfoort, name):
    assert api(dave).get(url(name)).status_code == 404
    assert api(dave).get(url(name, "nowhere")).status_code == 404
    assert api(dave).get(url(name, "amersfoort")).status_code == 200


@pytest.mark.parametrize("name", ["line", "matrix"])
def test_it_refuses_anonymous_requests_and_writes(client, api, alice, utrecht, name):
    assert client.get(url(name)).status_code == 403
    assert api(alice).post(url(name), {}).status_code == 403


# --- Bad parameters -----------------------------------------------------------------------------


def test_it_answers_400_to_an_unknown_group_by(api, carol, utrecht):
    response = api(carol).get(url("line"), {"group_by": "<script>"})
    assert response.status_code == 400
    assert "group_by" in response.json()


def test_it_answers_400_to_an_unknown_neighbourhood_with_a_message(api, carol, utrecht):
    response = api(carol).client.get(url("line"), {"neighbourhood": "WK999999"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response.json()["neighbourhood"] == [
        "There is no district or neighbourhood with this code in the workspace."
    ]


def test_it_answers_400_in_dutch_for_a_dutch_user(client_for, carol, utrecht):
    response = client_for(carol).get(url("line"), {"neighbourhood": "WK999999"}, HTTP_ACCEPT_LANGUAGE="nl")
    assert response.status_code == 400
    assert "wijk" in response.json()["neighbourhood"][0].lower()


def test_it_answers_400_to_a_too_long_neighbourhood_code(api, carol, utrecht):
    assert api(carol).get(url("line"), {"neighbourhood": "X" * 50}).status_code == 400


# --- Bounded queries ----------------------------------------------------------------------------


def _queries(client, path: str, params: dict | None = None) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, params)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    ("name", "params"),
    [
        ("line", {}),
        ("line", {"group_by": "organisation_kind"}),
        ("line", {"neighbourhood": "WK034401"}),
        ("matrix", {}),
    ],
)
def test_its_query_count_does_not_grow_with_the_number_of_programmes(
    api, alice, utrecht, amersfoort, name, params
):
    build_network(utrecht, 3)
    build_network(amersfoort, 15)
    Membership.objects.create(user=alice, workspace=amersfoort, role=Role.COORDINATOR)
    client = api(alice)
    client.get(url(name), params)  # the starting set of domains and transitions
    client.get(url(name, "amersfoort"), params)
    few = _queries(client, url(name), params)
    many = _queries(client, url(name, "amersfoort"), params)
    assert few == many
    assert many <= 15


# --- Content ------------------------------------------------------------------------------------


def test_the_line_matches_the_analysis_with_its_gaps(api, carol, hand_made):
    body = api(carol).client.get(url("line"), HTTP_ACCEPT_LANGUAGE="en").json()
    assert body["group_by"] == "domain"
    assert body["neighbourhood"] is None
    assert body["age_axis"] == {"from_months": 0, "to_months": 252, "unit": "months"}
    groups = {group["label"]: [p["name"] for p in group["programmes"]] for group in body["groups"]}
    assert groups == {
        "education": ["Ouderkamer"],
        "early education (VE)": ["BoekStart"],
        "poverty": ["Alliantie"],
    }
    boekstart = next(p for g in body["groups"] for p in g["programmes"] if p["name"] == "BoekStart")
    assert boekstart == {
        "id": hand_made["boekstart"].pk,
        "name": "BoekStart",
        "kind": "local",
        "age_from_months": 0,
        "age_to_months": 48,
        "age_label": "0 to 4 years",
        "audience": "parents_with_children",
        "audience_display": "parents with children",
        "for_parents": True,
        "domains": ["early education (VE)"],
        "transitions": [],
        "organisations": ["Bibliotheek"],
    }
    alliantie = next(p for g in body["groups"] for p in g["programmes"] if p["name"] == "Alliantie")
    assert alliantie["for_parents"] is False

    transitions = {t["key"]: t for t in body["transitions"]}
    assert len(transitions) == 7
    assert transitions["birth"]["covered"] is True
    assert transitions["birth"]["covering_programmes"] == ["BoekStart"]
    assert transitions["secondary"]["covered"] is False

    gaps = body["gaps"]
    assert gaps["age_bands"] == [
        {
            "age_from_months": 144,
            "age_to_months": 252,
            "label": "No programme for parents of children between 12 and 21 years",
        }
    ]
    uncovered = [t["key"] for t in gaps["transitions"]]
    assert "secondary" in uncovered and "birth" not in uncovered
    assert all(set(t) == {"id", "key", "name"} for t in gaps["transitions"])
    assert [(n["name"], n["district"], n["children_0_14"]) for n in gaps["neighbourhoods"]] == [
        ("Buurt 2", "Wijk Noord", {"value": 120, "suppressed": False})
    ]


def test_the_line_hides_small_numbers_of_children(api, carol, utrecht):
    district_with_areas(utrecht, children=(3,))
    body = api(carol).get(url("line")).json()
    assert body["gaps"]["neighbourhoods"][0]["children_0_14"] == {"value": None, "suppressed": True}


def test_the_line_filters_by_neighbourhood_and_groups_by_kind(api, carol, hand_made):
    body = api(carol).get(url("line"), {"neighbourhood": "WK034401", "group_by": "organisation_kind"}).json()
    assert body["neighbourhood"] == {"code": "WK034401", "name": "Wijk Noord", "level": "district"}
    assert body["group_by"] == "organisation_kind"
    assert [(g["key"], [p["name"] for p in g["programmes"]]) for g in body["groups"]] == [
        ("library", ["BoekStart"])
    ]
    assert [n["name"] for n in body["gaps"]["neighbourhoods"]] == ["Buurt 2"]


def test_the_matrix_matches_the_analysis_with_the_empty_domain(api, bob, hand_made):
    body = api(bob).client.get(url("matrix"), HTTP_ACCEPT_LANGUAGE="en").json()
    keys = [domain["key"] for domain in body["domains"]]
    poverty = body["domains"][keys.index("poverty")]
    assert poverty["programme_count"] == 1
    assert poverty["parent_programme_count"] == 0
    assert poverty["without_parent_programme"] is True
    assert "poverty" in [domain["key"] for domain in body["empty_domains"]]
    assert "education" not in [domain["key"] for domain in body["empty_domains"]]
    assert set(body["empty_domains"][0]) == {"id", "key", "name"}

    rows = {row["name"]: row for row in body["programmes"]}
    assert list(rows) == ["Alliantie", "BoekStart", "Ouderkamer"]
    assert [keys[i] for i, yes in enumerate(rows["BoekStart"]["cells"]) if yes] == ["early_education"]
    assert rows["BoekStart"]["count"] == 1
    assert rows["BoekStart"]["for_parents"] is True
    assert rows["Alliantie"]["for_parents"] is False
    assert rows["Alliantie"]["detail"] == "professionals"
    assert (body["programme_total"], body["parent_programme_total"]) == (3, 2)

    assert [row["name"] for row in body["organisations"]] == ["Bibliotheek"]
    assert body["organisations"][0]["detail"] == "library"
    assert [keys[i] for i, yes in enumerate(body["organisations"][0]["cells"]) if yes] == ["early_education"]
    assert body["organisation_total"] == 1
    assert body["domains"][keys.index("early_education")]["organisation_count"] == 1
