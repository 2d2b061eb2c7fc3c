import pytest
from django.urls import reverse

from ouderpartner.core.models import Role
from ouderpartner.core.tests.factories import MembershipFactory, WorkspaceFactory

pytestmark = pytest.mark.django_db


def test_it_lists_only_the_users_workspaces_with_the_role(api, bob, amersfoort):
    response = api(bob).get(reverse("api-workspace-list"))
    assert response.status_code == 200
    [workspace] = response.json()["results"]
    assert workspace["slug"] == "utrecht"
    assert workspace["role"] == "professional"
    assert workspace["organisation"]["name"] == "Willibrordschool"


def test_it_shows_a_workspace_the_user_belongs_to(api, alice):
    response = api(alice).get(reverse("api-workspace-detail", kwargs={"slug": "utrecht"}))
    assert response.status_code == 200
    assert response.json()["role"] == "coordinator"
    assert response.json()["organisation"] is None


def test_it_answers_404_for_another_workspace(api, dave, utrecht):
    assert api(dave).get(reverse("api-workspace-detail", kwargs={"slug": "utrecht"})).status_code == 404
    assert [w["slug"] for w in api(dave).get(reverse("api-workspace-list")).json()["results"]] == [
        "amersfoort"
    ]


def test_it_refuses_anonymous_users(client, utrecht):
    assert client.get(reverse("api-workspace-list")).status_code == 403


def test_its_query_count_is_bounded(api, alice, amersfoort, django_assert_max_num_queries):
    for _ in range(5):
        MembershipFactory(user=alice, workspace=WorkspaceFactory(), role=Role.VIEWER)
    client = api(alice)
    with django_assert_max_num_queries(4):
        response = client.get(reverse("api-workspace-list"))
    assert response.json()["count"] == 6
