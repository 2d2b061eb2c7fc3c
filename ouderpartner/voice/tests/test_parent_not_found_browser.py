"""The parent's "this link does not work" page in a real browser: status, language, accessibility."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(
    ("query", "language", "heading"),
    [("", "nl", "Deze link werkt niet"), ("?lang=ar", "ar", "هذا الرابط لا يعمل")],
)
def test_the_parent_404_page_is_accessible(page, axe, query, language, heading):
    response = page.goto(f"{page.base_url}/q/verkeerd/{query}")
    assert response.status == 404
    assert page.locator("html").get_attribute("lang") == language
    assert page.get_by_role("heading", level=1).inner_text() == heading
    axe(page, context=f"parent 404 ({language})")
    if language == "nl":
        page.get_by_role("link", name="Türkçe").click()
        assert page.get_by_role("heading", level=1).inner_text() == "Bu bağlantı çalışmıyor"
