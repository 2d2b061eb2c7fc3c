"""Browser test of the insights page: Vega-Lite charts drawn from published figures, axe-core clean."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ouderpartner.network.tests.factories import LocationFactory
from ouderpartner.voice.models import ConversationTag
from ouderpartner.voice.tests.factories import questionnaire_with_questions
from ouderpartner.voice.tests.test_insights import respond
from ouderpartner.voice.tests.test_overview import talk

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def data(utrecht, school):
    place = LocationFactory(organisation=school, name="Willibrordschool, hoofdgebouw")
    names = ("voorlezen", "geldzorgen", "schoolkeuze")
    tags = [ConversationTag.objects.create(workspace=utrecht, name=name) for name in names]
    for n in range(34):  # 20, 4 (under k) and 10 (hidden too, else 4 = 34 - 20 - 10)
        talk(place, tags[0 if n < 20 else 1 if n < 24 else 2], language=("nl", "ar")[n % 2])
    first, second = questionnaire_with_questions(utrecht), questionnaire_with_questions(utrecht)
    for n in range(30):
        respond((first, second)[n % 2], place, reading=[("often", "never")[n % 2]], demo=True)


def test_the_insights_page_draws_its_charts_and_is_accessible(page, login, carol, data, axe):
    login(carol)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    path = reverse("voice:insights", kwargs={"ws": "utrecht"})
    page.goto(page.base_url + path)
    assert page.locator("h1").count() == 1
    page.wait_for_selector('[data-chart="chart-tags"][data-rendered="true"] svg', timeout=10_000)
    assert page.locator('[data-chart="chart-monthly"][data-rendered="true"] svg').count() == 1
    label = page.locator('[data-chart="chart-tags"] svg').get_attribute("aria-label")
    assert label == "Gesprekken per label (gepubliceerde cijfers)."
    assert "< 5" in page.locator("#table-tags").inner_text()
    axe(page, context="voice insights")
    page.goto(page.base_url + path + "?breakdown=language&period=all")
    page.wait_for_selector('[data-chart="chart-tags"][data-rendered="true"] svg', timeout=10_000)
    axe(page, context="voice insights by language")
    assert not errors


def test_the_insights_page_without_javascript_shows_the_tables(browser, live_server, carol, data):
    from django.test import Client

    client = Client()
    client.force_login(carol)
    context = browser.new_context(java_script_enabled=False)
    cookie = client.cookies["sessionid"]
    context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": live_server.url}])
    page = context.new_page()
    page.goto(live_server.url + reverse("voice:insights", kwargs={"ws": "utrecht"}))
    assert page.locator("#table-tags").is_visible()
    assert page.locator("[data-chart]").first.is_hidden()
    context.close()
