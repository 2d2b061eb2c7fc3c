"""Estimate screens: coordinators only, derive from CBS with a share, enter, edit, delete; outsiders 404."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ouderpartner.network.models import Neighbourhood
from ouderpartner.network.tests.factories import NeighbourhoodFactory
from ouderpartner.reach.models import TargetGroupEstimate
from ouderpartner.reach.tests.factories import TargetGroupEstimateFactory

pytestmark = pytest.mark.django_db


def url(name, ws="utrecht", **kwargs):
    return reverse(f"reach:{name}", kwargs={"ws": ws, **kwargs})


@pytest.fixture
def districts(utrecht):
    return [
        NeighbourhoodFactory(
            workspace=utrecht, level=Neighbourhood.Level.DISTRICT, code=f"WK0344{i:02d}", children_0_14=1500
        )
        for i in (1, 2)
    ]


def test_a_coordinator_derives_estimates_for_every_district(client_for, alice, districts):
    NeighbourhoodFactory(workspace=utrecht_of(districts), children_0_14=3000)  # an area: not chosen
    response = client_for(alice).post(
        url("estimate_list"), {"year": 2026, "share_percent": "20", "level": "district"}
    )
    assert response.status_code == 302
    estimates = TargetGroupEstimate.objects.all()
    assert {e.neighbourhood for e in estimates} == set(districts)
    assert {(e.target_group_toddlers, e.target_group_children, e.source) for e in estimates} == {
        (30, 160, "cbs_share")
    }


def utrecht_of(districts):
    return districts[0].workspace


def test_a_bad_share_is_refused(client_for, alice, districts):
    response = client_for(alice).post(
        url("estimate_list"), {"year": 2026, "share_percent": "120", "level": "district"}
    )
    assert response.status_code == 400
    assert not TargetGroupEstimate.objects.exists()


def test_enter_edit_and_delete_an_estimate(client_for, alice, districts):
    client = client_for(alice)
    data = {
        "neighbourhood": districts[0].pk,
        "year": 2026,
        "target_group_toddlers": 41,
        "target_group_children": 0,
    }
    assert client.post(url("estimate_create"), data).status_code == 302
    estimate = TargetGroupEstimate.objects.get()
    assert (estimate.target_group_toddlers, estimate.source) == (41, "entered")
    assert client.post(url("estimate_create"), {**data, "target_group_toddlers": -1}).status_code == 400
    response = client.post(url("estimate_update", pk=estimate.pk), {**data, "target_group_toddlers": 50})
    assert response.status_code == 302
    estimate.refresh_from_db()
    assert estimate.target_group_toddlers == 50
    assert client.post(url("estimate_update", pk=estimate.pk), {**data, "year": 2020}).status_code == 400
    assert client.get(url("estimate_delete", pk=estimate.pk)).status_code == 200
    assert client.post(url("estimate_delete", pk=estimate.pk)).status_code == 302
    assert not TargetGroupEstimate.objects.exists()


def test_only_coordinators(client_for, bob, carol, districts):
    estimate = TargetGroupEstimateFactory(neighbourhood=districts[0])
    for user in (bob, carol):
        client = client_for(user)
        assert client.get(url("estimate_list")).status_code == 403
        assert client.post(url("estimate_update", pk=estimate.pk)).status_code == 403


def test_outsiders_get_404(client_for, dave, districts):
    estimate = TargetGroupEstimateFactory(neighbourhood=districts[0])
    client = client_for(dave)
    for name, kwargs in [
        ("estimate_list", {}),
        ("estimate_create", {}),
        ("estimate_update", {"pk": estimate.pk}),
        ("estimate_delete", {"pk": estimate.pk}),
    ]:
        assert client.get(url(name, **kwargs)).status_code == 404
        assert client.post(url(name, **kwargs)).status_code == 404
        if kwargs:
            assert client.get(url(name, ws="amersfoort", **kwargs)).status_code == 404


@pytest.mark.parametrize("rows", [1, 20])
def test_the_list_queries_do_not_grow(client_for, alice, utrecht, rows, django_assert_max_num_queries):
    for _ in range(rows):
        TargetGroupEstimateFactory(neighbourhood=NeighbourhoodFactory(workspace=utrecht))
    client = client_for(alice)
    with django_assert_max_num_queries(12):
        assert client.get(url("estimate_list")).status_code == 200
