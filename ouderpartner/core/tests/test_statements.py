"""The public privacy and accessibility statements, and the language switch in the page header."""

import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db

STATEMENTS = {
    "core:privacy": {
        "nl": ("Privacyverklaring", "verwerkingsverantwoordelijke", "Autoriteit Persoonsgegevens"),
        "en": ("Privacy statement", "controller", "Dutch Data Protection Authority"),
    },
    "core:accessibility": {
        "nl": ("Toegankelijkheidsverklaring", "Eerste maatregelen genomen", "De kaart met organisaties"),
        "en": ("Accessibility statement", "First measures taken", "The map of organisations"),
    },
}
PAGES = list(STATEMENTS)


@pytest.mark.parametrize("url_name", PAGES)
def test_it_shows_the_statement_in_dutch_to_anonymous_visitors(client, url_name):
    response = client.get(reverse(url_name))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="nl"' in html
    for phrase in STATEMENTS[url_name]["nl"]:
        assert phrase in html


@pytest.mark.parametrize("url_name", PAGES)
def test_it_shows_the_statement_in_english_when_english_is_chosen(client, url_name):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(reverse(url_name))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en"' in html
    for phrase in STATEMENTS[url_name]["en"]:
        assert phrase in html
    assert STATEMENTS[url_name]["nl"][0] not in html


def test_the_privacy_statement_lists_the_cookies_the_app_really_sets(client):
    from ouderpartner.live.consumers import TOKEN_COOKIE
    from ouderpartner.live.participant_views import COOKIE_DAYS

    html = client.get(reverse("core:privacy")).content.decode()
    for cookie in (
        settings.SESSION_COOKIE_NAME,
        settings.CSRF_COOKIE_NAME,
        settings.LANGUAGE_COOKIE_NAME,
        TOKEN_COOKIE,
    ):
        assert f"<code>{cookie}</code>" in html
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(reverse("core:privacy")).content.decode()
    assert f"{COOKIE_DAYS} days" in english
    assert "still being built" not in english


def test_the_privacy_statement_states_the_session_length_from_the_settings(client):
    hours = settings.SESSION_COOKIE_AGE // 3600
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert f"at most {hours} hours" in client.get(reverse("core:privacy")).content.decode()


@pytest.mark.parametrize("url_name", PAGES)
def test_the_footer_of_every_page_links_the_statement(client, url_name):
    html = client.get(reverse("accounts:login")).content.decode()
    assert f'href="{reverse(url_name)}"' in html


@pytest.mark.parametrize("url_name", PAGES)
def test_it_shows_the_statement_to_signed_in_users_too(client_for, alice, url_name):
    response = client_for(alice).get(reverse(url_name))
    assert response.status_code == 200
    assert STATEMENTS[url_name]["nl"][0] in response.content.decode()


@pytest.mark.parametrize("url_name", PAGES)
def test_its_query_count_is_bounded(client_for, alice, amersfoort, url_name, django_assert_max_num_queries):
    from ouderpartner.core.models import Role
    from ouderpartner.core.tests.factories import MembershipFactory, WorkspaceFactory

    MembershipFactory(user=alice, workspace=amersfoort, role=Role.VIEWER)
    for number in range(4):
        workspace = WorkspaceFactory(name=f"Gemeente {number}", slug=f"gemeente-{number}")
        MembershipFactory(user=alice, workspace=workspace, role=Role.VIEWER)
    client = client_for(alice)
    with django_assert_max_num_queries(4):
        client.get(reverse(url_name))


@pytest.mark.parametrize("url_name", PAGES)
def test_anonymous_visitors_need_no_query_at_all(client, url_name, django_assert_num_queries):
    with django_assert_num_queries(0):
        client.get(reverse(url_name))


# --- Browser ---------------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.parametrize("url_name", PAGES)
def test_the_statement_is_accessible(page, axe, url_name):
    page.goto(page.base_url + reverse(url_name))
    assert page.locator("h1").inner_text().replace("\u00ad", "") == STATEMENTS[url_name]["nl"][0]
    axe(page)


@pytest.mark.browser
@pytest.mark.parametrize("url_name", PAGES)
def test_the_statement_fits_a_360_pixel_phone(page, url_name):
    page.set_viewport_size({"width": 360, "height": 740})
    for language in ("nl", "en"):
        page.context.add_cookies(
            [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": page.base_url}]
        )
        page.goto(page.base_url + reverse(url_name))
        assert page.evaluate("document.documentElement.lang") == language
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        assert scroll_width <= 360, f"{url_name} ({language}) is {scroll_width} px wide at a 360 px viewport"


@pytest.mark.browser
def test_the_language_link_switches_the_login_page_to_english_and_back(page):
    page.goto(f"{page.base_url}/accounts/login/")
    assert page.evaluate("document.documentElement.lang") == "nl"
    page.get_by_role("link", name="English").click()
    page.wait_for_load_state("load")
    assert page.evaluate("document.documentElement.lang") == "en"
    assert page.url.endswith("/accounts/login/")
    assert page.get_by_role("link", name="Privacy statement").is_visible()
    page.get_by_role("link", name="Nederlands").click()
    page.wait_for_load_state("load")
    assert page.evaluate("document.documentElement.lang") == "nl"
    assert page.get_by_role("link", name="Privacyverklaring").is_visible()


@pytest.mark.browser
def test_the_language_link_switches_the_home_page_to_english_and_back(page, login, alice, school):
    login(alice)
    navigation = page.get_by_role("navigation", name="Hoofdnavigatie")
    assert navigation.get_by_role("link", name="Overzicht").is_visible()
    page.get_by_role("link", name="English").click()
    page.wait_for_load_state("load")
    assert page.evaluate("document.documentElement.lang") == "en"
    assert page.locator("h1").inner_text() == "Gemeente Utrecht"
    assert (
        page.get_by_role("navigation", name="Main navigation")
        .get_by_role("link", name="Overview")
        .is_visible()
    )
    page.get_by_role("link", name="Nederlands").click()
    page.wait_for_load_state("load")
    assert page.evaluate("document.documentElement.lang") == "nl"
    assert navigation.get_by_role("link", name="Overzicht").is_visible()


def test_the_language_link_sets_the_cookie_and_returns_to_the_page(client):
    response = client.get("/language/en/?next=/privacy/")
    assert response.status_code == 302
    assert response["Location"] == "/privacy/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert "Privacy statement" in client.get("/privacy/").content.decode()


def test_the_language_link_never_redirects_to_another_site(client):
    response = client.get("/language/en/?next=https://evil.example/")
    assert response["Location"] == "/"


def test_an_unknown_language_changes_nothing(client):
    response = client.get("/language/xx/?next=/privacy/")
    assert response.status_code == 302
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies
