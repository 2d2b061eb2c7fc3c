"""The distribution pages in a real browser: the QR code is visible and the pages are accessible."""

from __future__ import annotations

import sys

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


def test_the_detail_page_offers_both_posters_and_they_download(page, login, alice, utrecht, school):
    place = school.locations.get()
    place.is_trusted_place = True
    place.save()
    distribution = DistributionFactory(questionnaire=QuestionnaireFactory(workspace=utrecht), location=place)
    login(alice)
    page.goto(f"{page.base_url}/w/utrecht/voice/distributions/{distribution.pk}/")
    for size in ("A4", "A5"):
        link = page.get_by_role("link", name=f"Poster {size} (pdf)")
        assert link.is_visible()
        result = page.request.get(page.base_url + link.get_attribute("href"))
        assert result.status == 200 and result.headers["content-type"] == "application/pdf"
        assert result.body().startswith(b"%PDF")
        assert f"-{size.lower()}.pdf" in result.headers["content-disposition"]


def test_the_page_without_a_pdf_library_is_accessible(page, login, alice, utrecht, school, axe, monkeypatch):
    place = school.locations.get()
    place.is_trusted_place = True
    place.save()
    distribution = DistributionFactory(questionnaire=QuestionnaireFactory(workspace=utrecht), location=place)
    login(alice)
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # the live server runs in this process
    result = page.goto(f"{page.base_url}/w/utrecht/voice/distributions/{distribution.pk}/poster.pdf")
    assert result.status == 503
    assert page.get_by_role("link", name="QR-code downloaden (SVG, om te printen)").is_visible()
    axe(page, context="poster unavailable")
