"""The start page: straight to the only workspace, a choice when there are several."""

import pytest

from ouderpartner.core.models import Role
from ouderpartner.core.tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def test_it_sends_a_member_of_one_workspace_straight_there(client_for, alice):
    response = client_for(alice).get("/")
    assert response.status_code == 302
    assert response["Location"] == "/w/utrecht/"


def test_it_lets_a_member_of_several_workspaces_choose(
    client_for, alice, amersfoort, django_assert_max_num_queries
):
    MembershipFactory(user=alice, workspace=amersfoort, role=Role.VIEWER)
    client = client_for(alice)
    with django_assert_max_num_queries(6):
        response = client.get("/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "/w/utrecht/" in content and "/w/amersfoort/" in content


@pytest.mark.browser
def test_the_start_page_is_accessible(page, login, alice, amersfoort, axe):
    MembershipFactory(user=alice, workspace=amersfoort, role=Role.VIEWER)
    login(alice)
    page.goto(f"{page.base_url}/")
    assert page.get_by_role("link", name="Gemeente Amersfoort").is_visible()
    axe(page, context="start")
