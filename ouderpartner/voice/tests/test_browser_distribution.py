"""The distribution pages in a real browser: the QR code is visible and the pages are accessible."""

from __future__ import annotations

import pytest

from ouderpartner.voice.tests.factories import DistributionFactory, QuestionnaireFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_distribution_pages_are_accessible_and_show_the_qr_code(page, login, alice, utrecht, school, axe):
    place = school.locations.get()
    place.is_trusted_place = True
    place.save()
    questionnaire = QuestionnaireFactory(workspace=utrecht)
    distribution = DistributionFactory(questionnaire=questionnaire, location=place)
    login(alice)
    page.goto(f"{page.base_url}/w/utrecht/voice/distributions/")
    axe(page, context="distribution list")
    page.goto(f"{page.base_url}/w/utrecht/voice/distributions/new/")
    axe(page, context="distribution form")
    page.goto(f"{page.base_url}/w/utrecht/voice/distributions/{distribution.pk}/")
    qr = page.get_by_role("img", name=f"{distribution.code}", exact=False)
    assert qr.is_visible()
    assert qr.locator("svg").bounding_box()["width"] >= 100
    axe(page, context="distribution detail")
