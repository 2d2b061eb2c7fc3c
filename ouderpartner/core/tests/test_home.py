import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_it_shows_the_network_counts(client_for, alice, school):
    response = client_for(alice).get(reverse("core:home", kwargs={"ws": "utrecht"}))
    assert response.status_code == 200
    assert response.context["summary"]["partners"] == 1
    assert response.context["summary"]["locations"] == 1


def test_it_answers_404_to_a_member_of_another_workspace(client_for, dave, utrecht):
    response = client_for(dave).get(reverse("core:home", kwargs={"ws": "utrecht"}))
    assert response.status_code == 404


def test_it_sends_anonymous_users_to_the_login_page(client, utrecht):
    response = client.get(reverse("core:home", kwargs={"ws": "utrecht"}))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_its_query_count_is_bounded(client_for, alice, school, django_assert_max_num_queries):
    client = client_for(alice)
    with django_assert_max_num_queries(12):
        client.get(reverse("core:home", kwargs={"ws": "utrecht"}))


@pytest.mark.browser
def test_the_home_page_is_accessible(page, login, alice, school, axe):
    login(alice)
    assert page.locator("h1").inner_text() == "Gemeente Utrecht"
    axe(page)
