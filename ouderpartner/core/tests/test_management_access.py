"""Every management view: the outsider gets 404, non-coordinators 403, the coordinator gets in."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

VIEWS = ["core:members", "core:settings", "core:audit_log", "core:workspace_archive"]


@pytest.mark.parametrize("name", VIEWS)
@pytest.mark.parametrize("method", ["get", "post"])
def test_it_answers_404_to_the_outsider(client_for, dave, utrecht, name, method):
    client = client_for(dave)
    response = getattr(client, method)(reverse(name, kwargs={"ws": "utrecht"}))
    assert response.status_code == 404


@pytest.mark.parametrize("name", VIEWS)
def test_it_answers_403_to_professionals_and_viewers(client_for, bob, carol, name):
    for user in (bob, carol):
        client = client_for(user)
        assert client.get(reverse(name, kwargs={"ws": "utrecht"})).status_code == 403
        assert client.post(reverse(name, kwargs={"ws": "utrecht"}), {"action": "remove"}).status_code == 403


@pytest.mark.parametrize("name", VIEWS)
def test_it_lets_the_coordinator_in_with_the_sub_navigation(client_for, alice, name):
    response = client_for(alice).get(reverse(name, kwargs={"ws": "utrecht"}))
    assert response.status_code == 200
    tabs = response.context["management_tabs"]
    assert [t["key"] for t in tabs] == ["members", "settings", "audit", "export"]
    assert sum(t["current"] for t in tabs) == 1
    assert 'aria-current="page"' in response.content.decode()


def test_the_outsider_cannot_reach_a_member_through_their_own_workspace(client_for, dave, alice):
    membership = alice.memberships.get()
    response = client_for(dave).get(
        reverse("core:members", kwargs={"ws": "amersfoort"}), {"member": membership.pk}
    )
    assert response.status_code == 404
    response = client_for(dave).post(
        reverse("core:members", kwargs={"ws": "amersfoort"}), {"action": "remove", "member": membership.pk}
    )
    assert response.status_code == 404
    assert alice.memberships.exists()


def test_it_sends_anonymous_users_to_the_login_page(client, utrecht):
    response = client.get(reverse("core:members", kwargs={"ws": "utrecht"}))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
