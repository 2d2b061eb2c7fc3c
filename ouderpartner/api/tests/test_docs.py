import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_docs_page_lists_the_endpoints_without_a_login(client):
    response = client.get(reverse("api-docs"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "/api/workspaces/{ws}/organisations/" in content
    assert reverse("api-schema") in content
    assert "cdn" not in content.lower() and "unpkg" not in content


def test_the_data_endpoints_need_a_login(client, utrecht):
    assert client.get(reverse("api-organisation-list", kwargs={"ws": "utrecht"})).status_code == 403


def test_its_query_count_is_bounded(client_for, alice, django_assert_max_num_queries):
    client = client_for(alice)
    client.get(reverse("api-docs"))  # the schema is generated once per process
    with django_assert_max_num_queries(4):
        assert client.get(reverse("api-docs")).status_code == 200


@pytest.mark.browser
def test_the_docs_page_is_accessible(page, axe):
    page.goto(f"{page.base_url}{reverse('api-docs')}")
    assert page.locator("h1").inner_text() in ("API-documentatie", "API documentation")
    axe(page)
