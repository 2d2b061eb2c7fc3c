"""Browser tests for the questionnaire builder: axe-core on each page, a form with an error, the picker."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ouderpartner.accounts.testing import sign_in_browser
from ouderpartner.voice import services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def questionnaire(utrecht, alice):
    return services.questionnaire_create_from_template(workspace=utrecht, actor=alice, key="involvement")


def _go(page, name, **kwargs):
    page.goto(page.base_url + reverse(f"voice:{name}", kwargs={"ws": "utrecht", **kwargs}))


@pytest.mark.parametrize(
    "name",
    ["questionnaire_list", "questionnaire_detail", "questionnaire_translations", "questionnaire_create"],
)
def test_the_page_is_accessible(page, login, alice, questionnaire, axe, name):
    login(alice)
    _go(page, name, **({} if name.endswith(("list", "create")) else {"pk": questionnaire.pk}))
    assert page.locator("h1").count() == 1
    if name != "questionnaire_create":
        assert "Hoe wilt u meedoen?" in page.locator("main").inner_text()
    axe(page, context=name)


def test_the_text_form_marks_right_to_left_languages(page, login, alice, questionnaire, axe):
    login(alice)
    _go(page, "questionnaire_update", pk=questionnaire.pk)
    assert page.get_attribute("#id_title_ar", "dir") == "rtl"
    assert page.get_attribute("#id_title_ar", "lang") == "ar"
    axe(page, context="questionnaire texts")


def test_a_question_form_with_an_error_is_accessible_and_keeps_the_input(
    page, login, alice, questionnaire, axe
):
    login(alice)
    _go(page, "question_create", pk=questionnaire.pk)
    page.fill("#id_name", "tevreden")
    page.fill("#id_text_nl", "Bent u tevreden?")
    page.select_option("#id_kind", "scale")
    page.fill("#id_scale_min", "4")
    page.fill("#id_scale_max", "2")
    page.click("main form.op-form button[type=submit]")
    page.wait_for_selector("#error-summary")
    assert page.input_value("#id_text_nl") == "Bent u tevreden?"
    assert page.locator("#id_scale_max_error").count() == 1
    axe(page, context="question form with an error")


def test_the_picker_filters_by_typing_and_saves_the_choice(page, login, alice, questionnaire, axe):
    login(alice)
    question = questionnaire.questions.get(name="time")
    _go(page, "option_create", pk=question.pk)
    axe(page, context="option form with the pictogram picker")
    page.fill("#id_pictogram_search", "boeken")
    visible = page.locator("[data-picker-item]:visible")
    assert visible.count() == 1
    assert "1F4DA" in page.locator("[data-picker-item]:visible input").get_attribute("value")
    page.fill("#id_label_nl", "In het weekend")
    page.fill("#id_value", "weekend")
    page.locator("[data-picker-item]:visible label").click()
    page.click("main form.op-form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert question.options.get(value="weekend").pictogram == "1F4DA"


def test_the_picker_works_without_javascript(browser, live_server, alice, questionnaire):
    context = browser.new_context(java_script_enabled=False, locale="nl-NL")
    page = context.new_page()
    try:
        sign_in_browser(page, live_server.url, alice, "correct horse battery staple")
        question = questionnaire.questions.get(name="time")
        page.goto(
            live_server.url + reverse("voice:option_create", kwargs={"ws": "utrecht", "pk": question.pk})
        )
        assert page.locator("[data-picker-search]").is_hidden()
        assert page.locator("[data-picker-item] img").count() > 100
        page.fill("#id_label_nl", "Nooit")
        page.fill("#id_value", "nooit")
        page.check("input[name=pictogram][value='274C']")
        page.click("main form.op-form button[type=submit]")
        assert question.options.get(value="nooit").pictogram == "274C"
    finally:
        context.close()
