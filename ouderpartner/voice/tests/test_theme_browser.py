"""Browser tests of the theme screens: axe-core on the themes page (with suggestions, accepted themes,
answers waiting for moderation, and a merge error) and on a theme's page; merging without JavaScript."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ouderpartner.accounts.testing import sign_in_browser
from ouderpartner.network.tests.factories import LocationFactory, OrganisationFactory
from ouderpartner.voice.models import Answer, Theme
from ouderpartner.voice.tests.factories import questionnaire_with_questions
from ouderpartner.voice.tests.theme_helpers import (
    LANGUAGE_CLASS,
    MONEY,
    READING,
    TURKISH,
    answer_all,
    make_theme,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def themes(utrecht):
    questionnaire = questionnaire_with_questions(utrecht)
    place = LocationFactory(organisation=OrganisationFactory(workspace=utrecht))
    reading = answer_all(questionnaire, place, READING)
    Answer.objects.filter(pk__in=[a.pk for a in reading[:3]]).update(moderation=Answer.Moderation.APPROVED)
    turkish = answer_all(questionnaire, place, TURKISH[:3], language="tr")
    return {
        "questionnaire": questionnaire,
        "reading": make_theme(questionnaire, reading, name="Lezen", status=Theme.Status.ACCEPTED),
        "language": make_theme(
            questionnaire, answer_all(questionnaire, place, LANGUAGE_CLASS), name="taalles"
        ),
        "money": make_theme(questionnaire, answer_all(questionnaire, place, MONEY), name="geld · sportclub"),
        "turkish": make_theme(questionnaire, turkish, name="kitaplar · türkçe", language="tr"),
    }


def themes_path(questionnaire) -> str:
    return reverse("voice:questionnaire_themes", kwargs={"ws": "utrecht", "pk": questionnaire.pk})


def test_the_themes_page_is_accessible_also_with_a_merge_error(page, login, alice, themes, axe):
    login(alice)
    page.goto(page.base_url + themes_path(themes["questionnaire"]))
    assert page.locator("h1").count() == 1
    assert page.locator("main .op-badge--warning").count() >= 3  # examples waiting for moderation
    axe(page, context="themes")
    # One theme ticked is not enough: the page returns with the error, the ticked box and the name kept.
    page.check(f"#merge-{themes['money'].pk}")
    name_field = f"#merge-name-{themes['money'].question_id}"
    page.fill(name_field, "Geld")
    page.click(f"#merge-{themes['money'].question_id} button[type=submit]")
    page.wait_for_selector("#error-summary")
    assert page.is_checked(f"#merge-{themes['money'].pk}")
    assert page.input_value(name_field) == "Geld"
    axe(page, context="themes with a merge error")


def test_the_theme_page_is_accessible(page, login, alice, themes, axe):
    login(alice)
    path = reverse("voice:theme_detail", kwargs={"ws": "utrecht", "pk": themes["turkish"].pk})
    page.goto(page.base_url + path)
    assert page.locator("h1").count() == 1
    assert page.locator("main q[lang=tr]").count() == 3
    axe(page, context="a theme")
    page.fill("#id_name", " ")
    page.click("main form.op-form button[type=submit]")
    page.wait_for_selector("#error-summary")
    axe(page, context="a theme with a naming error")


def test_accepting_and_merging_work_without_javascript(browser, live_server, alice, themes):
    context = browser.new_context(java_script_enabled=False, locale="nl-NL")
    page = context.new_page()
    try:
        sign_in_browser(page, live_server.url, alice, "correct horse battery staple")
        page.goto(live_server.url + themes_path(themes["questionnaire"]))
        row = page.locator(f"#theme-{themes['language'].pk}")
        row.locator("form[action$='/accept/'] button").click()
        page.wait_for_load_state()
        themes["language"].refresh_from_db()
        assert themes["language"].status == Theme.Status.ACCEPTED
        page.check(f"#merge-{themes['money'].pk}")
        page.check(f"#merge-{themes['language'].pk}")
        question = themes["money"].question_id
        page.fill(f"#merge-name-{question}", "Taal en geld")
        page.click(f"#merge-{question} button[type=submit]")
        page.wait_for_load_state()
        merged = Theme.objects.get(pk=themes["language"].pk)  # the accepted one is kept
        assert merged.name == "Taal en geld"
        assert not Theme.objects.filter(pk=themes["money"].pk).exists()
        assert "Taal en geld" in page.locator("main").inner_text()
    finally:
        context.close()
