"""Offerings: who may add, edit and remove them, bad input, and the panels on network pages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from ouderpartner.core.models import AuditEvent
from ouderpartner.network.models import Neighbourhood
from ouderpartner.network.tests.factories import LocationFactory, NeighbourhoodFactory, OrganisationFactory
from ouderpartner.programmes.models import Offering, Programme
from ouderpartner.programmes.tests.test_programme_views import count_queries, url

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme(utrecht):
    return Programme.objects.create(
        workspace=utrecht,
        name="VVE Thuis",
        audience="parents_with_children",
        start_date=dt.date(2026, 1, 1),
        end_date=dt.date(2026, 12, 31),
    )


@pytest.fixture
def other_org(utrecht):
    organisation = OrganisationFactory(workspace=utrecht, name="Kinderopvang Zon")
    LocationFactory(organisation=organisation, name="Zon Noord")
    return organisation


def data(organisation, programme, **changes) -> dict:
    values = {
        "programme": programme.pk,
        "organisation": organisation.pk,
        "locations": [loc.pk for loc in organisation.locations.all()],
        "start_date": "2026-02-01",
        "end_date": "2026-06-30",
        "capacity": "12",
        "notes": "Op dinsdagochtend.",
    }
    values.update(changes)
    return values


def test_a_coordinator_adds_an_offering_from_the_programme_page(client_for, alice, school, programme):
    client = client_for(alice)
    page = client.get(f"{url('offering_create')}?programme={programme.pk}")
    assert page.status_code == 200
    assert page.context["form"].initial["programme"] == programme.pk
    response = client.post(url("offering_create"), data(school, programme))
    assert response.status_code == 302
    offering = Offering.objects.get(programme=programme)
    assert offering.organisation == school and offering.capacity == 12
    assert list(offering.locations.all()) == list(school.locations.all())
    assert AuditEvent.objects.filter(object_type="offering", action=AuditEvent.Action.CREATE).exists()


def test_the_form_from_an_organisation_page_shows_only_its_locations(client_for, alice, school, other_org):
    response = client_for(alice).get(f"{url('offering_create')}?organisation={school.pk}")
    choices = list(response.context["form"].fields["locations"].queryset)
    assert choices == list(school.locations.all())


def test_a_professional_adds_an_offering_for_their_own_organisation(client_for, bob, school, programme):
    response = client_for(bob).post(url("offering_create"), data(school, programme))
    assert response.status_code == 302
    assert Offering.objects.filter(organisation=school).exists()


def test_a_professional_cannot_add_an_offering_for_another_organisation(
    client_for, bob, other_org, programme
):
    response = client_for(bob).post(url("offering_create"), data(other_org, programme))
    assert response.status_code in (400, 403)
    assert not Offering.objects.exists()


def test_a_professional_edits_and_removes_their_own_but_not_anothers(
    client_for, bob, school, other_org, programme
):
    own = Offering.objects.create(workspace=programme.workspace, programme=programme, organisation=school)
    theirs = Offering.objects.create(
        workspace=programme.workspace, programme=programme, organisation=other_org
    )
    client = client_for(bob)
    assert client.get(url("offering_update", pk=own.pk)).status_code == 200
    assert (
        client.post(url("offering_update", pk=own.pk), data(school, programme, capacity="3")).status_code
        == 302
    )
    own.refresh_from_db()
    assert own.capacity == 3
    assert client.get(url("offering_update", pk=theirs.pk)).status_code == 403
    assert client.post(url("offering_update", pk=theirs.pk), data(other_org, programme)).status_code == 403
    assert client.post(url("offering_delete", pk=theirs.pk)).status_code == 403
    assert client.post(url("offering_delete", pk=own.pk)).status_code == 302
    assert list(Offering.objects.all()) == [theirs]


def test_a_viewer_only_reads_offerings(client_for, carol, school, programme):
    offering = Offering.objects.create(
        workspace=programme.workspace, programme=programme, organisation=school
    )
    client = client_for(carol)
    assert client.get(url("offering_create")).status_code == 403
    assert client.post(url("offering_create"), data(school, programme)).status_code == 403
    assert client.post(url("offering_update", pk=offering.pk), data(school, programme)).status_code == 403
    assert client.post(url("offering_delete", pk=offering.pk)).status_code == 403
    assert client.get(url("programme_detail", pk=programme.pk)).status_code == 200


def test_an_outsider_gets_404_on_offerings(client_for, dave, school, programme):
    offering = Offering.objects.create(
        workspace=programme.workspace, programme=programme, organisation=school
    )
    client = client_for(dave)
    assert client.get(url("offering_create")).status_code == 404
    for name in ("offering_update", "offering_delete"):
        assert client.get(url(name, pk=offering.pk)).status_code == 404
        assert client.post(url(name, ws="amersfoort", pk=offering.pk)).status_code == 404


def test_an_outsider_cannot_use_another_workspaces_programme_in_his_own(
    client_for, dave, amersfoort, programme
):
    organisation = OrganisationFactory(workspace=amersfoort)
    response = client_for(dave).post(url("offering_create", ws="amersfoort"), data(organisation, programme))
    assert response.status_code == 400
    assert "programme" in response.context["form"].errors
    assert not Offering.objects.exists()


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"start_date": "2025-06-01"}, "start_date"),
        ({"end_date": "2027-03-01"}, "end_date"),
        ({"end_date": ""}, "end_date"),
        ({"start_date": "2026-05-01", "end_date": "2026-03-01"}, "end_date"),
        ({"capacity": "-5"}, "capacity"),
        ({"capacity": "veel"}, "capacity"),
        ({"start_date": "31-31-2026"}, "start_date"),
    ],
)
def test_bad_offering_input_answers_400_with_a_message_and_keeps_the_input(
    client_for, alice, school, programme, changes, field
):
    response = client_for(alice).post(url("offering_create"), data(school, programme, **changes))
    assert response.status_code == 400
    assert response.context["form"].errors[field]
    assert "Op dinsdagochtend." in response.content.decode()
    assert not Offering.objects.exists()


def test_the_period_message_names_the_programmes_dates(client_for, alice, school, programme):
    response = client_for(alice).post(url("offering_create"), data(school, programme, end_date="2027-03-01"))
    assert "31-12-2026" in " ".join(response.context["form"].errors["end_date"])


def test_a_location_of_another_organisation_is_refused(client_for, alice, school, other_org, programme):
    foreign = other_org.locations.first()
    response = client_for(alice).post(url("offering_create"), data(school, programme, locations=[foreign.pk]))
    assert response.status_code == 400
    assert response.context["form"].errors["locations"]


# --- Panels on the network pages ------------------------------------------------------------------


def _offerings_at(location, programme, n: int) -> None:
    start = Programme.objects.filter(workspace=programme.workspace).count()
    for i in range(start, start + n):
        other = Programme.objects.create(
            workspace=programme.workspace, name=f"Aanbod {i:02d}", audience="parents"
        )
        offering = Offering.objects.create(
            workspace=programme.workspace, programme=other, organisation=location.organisation
        )
        offering.locations.add(location)


def test_the_location_page_shows_its_offerings_in_bounded_queries(client_for, alice, school, programme):
    location = school.locations.get()
    client = client_for(alice)
    path = reverse("network:location_detail", kwargs={"ws": "utrecht", "pk": location.pk})
    _offerings_at(location, programme, 3)
    few = count_queries(client, path)
    _offerings_at(location, programme, 9)
    response = client.get(path)
    assert count_queries(client, path) == few
    assert "Aanbod 11" in response.content.decode()


def test_the_organisation_page_shows_its_offerings_in_bounded_queries(client_for, bob, school, programme):
    location = school.locations.get()
    client = client_for(bob)
    path = reverse("network:organisation_detail", kwargs={"ws": "utrecht", "pk": school.pk})
    _offerings_at(location, programme, 3)
    few = count_queries(client, path)
    _offerings_at(location, programme, 9)
    assert count_queries(client, path) == few
    body = client.get(path).content.decode()
    assert "Aanbod 05" in body
    assert f"{url('offering_create')}?organisation={school.pk}" in body


def test_the_neighbourhood_page_shows_offerings_in_its_areas(client_for, carol, utrecht, school, programme):
    district = NeighbourhoodFactory(workspace=utrecht, level=Neighbourhood.Level.DISTRICT, code="WK034401")
    area = NeighbourhoodFactory(workspace=utrecht, parent=district, code="BU03440101")
    location = school.locations.get()
    location.neighbourhood = area
    location.save()
    elsewhere = LocationFactory(organisation=school, name="Elders")
    stray = Offering.objects.create(
        workspace=utrecht,
        programme=Programme.objects.create(workspace=utrecht, name="Ergens anders", audience="parents"),
        organisation=school,
    )
    stray.locations.add(elsewhere)
    client = client_for(carol)
    path = reverse("network:neighbourhood_detail", kwargs={"ws": "utrecht", "pk": district.pk})
    _offerings_at(location, programme, 3)
    few = count_queries(client, path)
    _offerings_at(location, programme, 9)
    assert count_queries(client, path) == few
    body = client.get(path).content.decode()
    assert "Aanbod 10" in body and "Ergens anders" not in body
    area_body = client.get(reverse("network:neighbourhood_detail", kwargs={"ws": "utrecht", "pk": area.pk}))
    assert "Aanbod 02" in area_body.content.decode()
