"""The pages of the continuous line and the integral matrix: access, content, a fixed number of queries."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ouderpartner.network.models import Neighbourhood, OrganisationKind
from ouderpartner.network.tests.factories import LocationFactory, NeighbourhoodFactory, OrganisationFactory
from ouderpartner.programmes.models import Audience
from ouderpartner.programmes.tests.test_analysis import make_offering, make_programme

pytestmark = pytest.mark.django_db


def url(name: str, ws: str = "utrecht") -> str:
    return reverse(f"programmes:{name}", kwargs={"ws": ws})


def build_network(workspace, programmes: int) -> None:
    """A district with two areas, organisations of two kinds, and `programmes` programmes with offerings."""
    district = NeighbourhoodFactory(
        workspace=workspace, level=Neighbourhood.Level.DISTRICT, code="WK034401", name="Noord"
    )
    areas = [
        NeighbourhoodFactory(workspace=workspace, code=f"BU034401{i:02d}", name=f"Buurt {i}", parent=district)
        for i in range(2)
    ]
    library = OrganisationFactory(workspace=workspace, kind=OrganisationKind.LIBRARY)
    school = OrganisationFactory(workspace=workspace, kind=OrganisationKind.SCHOOL)
    places = [LocationFactory(organisation=library, neighbourhood=areas[0])]
    for index in range(programmes):
        programme = make_programme(
            workspace,
            f"Programma {index:02d}",
            (index * 12) % 200,
            (index * 12) % 200 + 36,
            audience=Audience.PARENTS if index % 2 else Audience.CHILDREN,
            domains=["health", "education"] if index % 3 else ["poverty"],
            transitions=["birth"] if index % 4 == 0 else [],
        )
        make_offering(programme, library, places)
        make_offering(programme, school)


@pytest.mark.parametrize("name", ["line", "matrix"])
def test_it_answers_404_to_an_outsider(client_for, dave, utrecht, name):
    assert client_for(dave).get(url(name)).status_code == 404


@pytest.mark.parametrize("name", ["line", "matrix"])
def test_it_sends_anonymous_users_to_the_login_page(client, utrecht, name):
    response = client.get(url(name))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("name", ["line", "matrix"])
def test_viewers_and_professionals_can_read_it(client_for, carol, bob, utrecht, name):
    build_network(utrecht, 3)
    assert client_for(carol).get(url(name)).status_code == 200
    assert client_for(bob).get(url(name)).status_code == 200


def _queries(client, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    "name, query",
    [
        ("line", ""),
        ("line", "?group_by=organisation_kind"),
        ("line", "?neighbourhood=WK034401"),
        ("matrix", ""),
    ],
)
def test_its_query_count_does_not_grow_with_the_number_of_programmes(
    client_for, alice, utrecht, amersfoort, dave, name, query
):
    from ouderpartner.core.models import Membership, Role

    build_network(utrecht, 3)
    build_network(amersfoort, 15)
    Membership.objects.create(user=alice, workspace=amersfoort, role=Role.COORDINATOR)
    client = client_for(alice)
    client.get(url(name) + query)  # warm the session and the starting set
    client.get(url(name, "amersfoort") + query)
    few = _queries(client, url(name) + query)
    many = _queries(client, url(name, "amersfoort") + query)
    assert few == many
    assert many <= 20


def test_the_line_page_shows_bars_gaps_and_the_table(client_for, alice, utrecht):
    make_programme(utrecht, "BoekStart", 0, 48, domains=["early_education"])
    make_programme(utrecht, "Ouderkamer", 48, 144, domains=["education"])
    make_programme(utrecht, "Jongeren", 192, 252)
    NeighbourhoodFactory(workspace=utrecht, code="BU03449999", name="Lege Buurt", children_0_14=120)
    response = client_for(alice).get(url("line"))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'aria-label="BoekStart, 0 tot 4 jaar"' in html
    assert "Geen aanbod voor ouders van kinderen tussen 12 en 16 jaar" in html
    assert "Lege Buurt" in html
    assert 'data-testid="line-table"' in html
    uncovered = [transition.key for transition in response.context["line"].uncovered_transitions]
    assert "secondary" in uncovered
    assert 'data-testid="transition-gaps"' in html


def test_the_line_page_filters_by_neighbourhood_and_groups_by_kind(client_for, alice, utrecht):
    build_network(utrecht, 3)
    client = client_for(alice)
    response = client.get(url("line") + "?neighbourhood=WK034401&group_by=organisation_kind")
    assert response.status_code == 200
    assert response.context["line"].neighbourhood.code == "WK034401"
    assert [group.key for group in response.context["line"].groups] == ["library"]  # the school is elsewhere
    response = client.get(url("line") + "?group_by=organisation_kind")
    assert [group.key for group in response.context["line"].groups] == ["school", "library"]
    response = client.get(url("line") + "?neighbourhood=nonsense&group_by=<script>")
    assert response.status_code == 200
    assert response.context["unknown_neighbourhood"]
    assert response.context["group_by"] == "domain"


def test_the_line_page_without_programmes_says_what_to_do(client_for, alice, utrecht):
    response = client_for(alice).get(url("line"))
    assert response.status_code == 200
    assert reverse("programmes:catalogue", kwargs={"ws": "utrecht"}) in response.content.decode()


def test_the_matrix_page_marks_the_empty_domain_with_text(client_for, alice, utrecht):
    make_programme(utrecht, "BoekStart", 0, 48, domains=["early_education", "health"])
    make_programme(utrecht, "Alliantie", 0, 216, audience=Audience.PROFESSIONALS, domains=["poverty"])
    response = client_for(alice).get(url("matrix"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "geen aanbod voor ouders" in html
    assert 'class="op-visually-hidden">ja</span>' in html
    assert 'class="op-visually-hidden">nee</span>' in html
    assert "?domain=poverty" in html
