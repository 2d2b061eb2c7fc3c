"""Browser test of the results page: axe-core with a breakdown, hidden cells and demo answers."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ouderpartner.network.tests.factories import LocationFactory, OrganisationFactory
from ouderpartner.voice.tests.factories import DistributionFactory, questionnaire_with_questions
from ouderpartner.voice.tests.test_insights import respond

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def questionnaire(utrecht):
    questionnaire = questionnaire_with_questions(utrecht)
    places = [
        LocationFactory(organisation=OrganisationFactory(workspace=utrecht, name=name))
        for name in ("Anemoon", "Boterbloem", "Clivia")
    ]
    for place in places:
        DistributionFactory(questionnaire=questionnaire, location=place)
    for n in range(60):
        respond(
            questionnaire,
            places[0 if n < 30 else 1 if n < 57 else 2],
            language=("nl", "ar", "tr", "en")[n % 4],
            demo=n % 2 == 0,
            reading=[("often", "sometimes", "never")[n % 3 if n < 50 else 0]],
            happy=n % 5 + 1,
            library=["yes" if n % 4 else "no"],
            children=n % 3 + 1,
            wishes=["books", "games"] if n % 2 else ["music"],
            remark="iets",
        )
    return questionnaire


def test_the_results_page_with_a_breakdown_is_accessible(page, login, alice, questionnaire, axe):
    login(alice)
    path = reverse("voice:questionnaire_results", kwargs={"ws": "utrecht", "pk": questionnaire.pk})
    page.goto(page.base_url + path + "?breakdown=place")
    assert page.locator("h1").count() == 1
    assert "&lt;" not in page.locator("main").inner_text()
    assert "< 5" in page.locator("main table").first.inner_text()
    assert page.locator(".utrecht-badge-status").count() == 1
    axe(page, context="questionnaire results by place")
    page.goto(page.base_url + path)
    axe(page, context="questionnaire results")
