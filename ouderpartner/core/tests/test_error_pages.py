"""Error pages speak the user's language in the product's layout, and are accessible."""

import pytest
from django.template.loader import render_to_string
from django.test import override_settings

pytestmark = pytest.mark.django_db


@override_settings(DEBUG=False)
def test_an_unknown_page_answers_404_in_dutch(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Pagina niet gevonden" in response.content.decode()


@override_settings(DEBUG=False)
def test_a_forbidden_action_answers_403_with_an_explanation(client_for, carol, school):
    response = client_for(carol).get(f"/w/utrecht/network/organisations/{school.pk}/edit/")
    assert response.status_code == 403
    assert "coördinator" in response.content.decode()


def test_the_500_page_renders_without_a_request():
    html = render_to_string("500.html")
    assert "<h1" in html and 'lang="nl"' in html


@pytest.mark.browser
def test_the_error_pages_are_accessible(page, login, carol, school, axe):
    login(carol)
    page.goto(f"{page.base_url}/no-such-page/")
    axe(page, context="404")
    page.goto(f"{page.base_url}/w/utrecht/network/organisations/{school.pk}/edit/")
    assert page.locator("h1").count() == 1
    axe(page, context="403")
