"""The parent's pages in a real browser: accessibility, right-to-left, read aloud, no JavaScript, page weight."""

from __future__ import annotations

import pytest

from ouderpartner.voice.models import Question, Response
from ouderpartner.voice.tests.factories import DistributionFactory, questionnaire_with_questions

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGE_BUDGET = 100 * 1024


@pytest.fixture
def distribution(utrecht, school):
    questionnaire = questionnaire_with_questions(utrecht)
    return DistributionFactory(questionnaire=questionnaire, location=school.locations.get())


def choose_language(page, distribution, name: str) -> None:
    page.goto(f"{page.base_url}/q/{distribution.code}/")
    page.get_by_role("button", name=name).click()
    page.wait_for_url("**/0/")


def test_the_language_page_is_accessible_and_names_languages_in_their_own_script(page, distribution, axe):
    page.goto(f"{page.base_url}/q/{distribution.code}/")
    for name in ("Nederlands", "English", "العربية"):
        assert page.get_by_role("button", name=name).is_visible()
    box = page.get_by_role("button", name="Nederlands").bounding_box()
    assert box["height"] >= 48
    axe(page, context="language page")


def test_a_question_page_in_arabic_is_right_to_left_and_mirrored(page, distribution, axe):
    question = Question.objects.get(questionnaire=distribution.questionnaire, name="reading")
    question.audio = {"ar": f"voice/audio/q{question.questionnaire_id}/reading-ar.mp3"}
    question.save()
    choose_language(page, distribution, "العربية")
    page.get_by_role("button", name="ابدأ").click()
    page.wait_for_url("**/1/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("html").get_attribute("lang") == "ar"
    assert page.get_by_text("1 / 6").is_visible()
    cards = page.locator(".p-option__card")
    first, second = cards.nth(0).bounding_box(), cards.nth(1).bounding_box()
    assert first["x"] > second["x"], "in Arabic the first option is on the right"
    assert first["height"] >= 48
    # The recording gives the question a speaker button (read aloud, progressive enhancement).
    assert page.get_by_role("button", name="اقرأ بصوت عال: هل تقرأ بصوت عال؟").count() == 1
    # Next sits at the left (inline end in RTL), back at the right.
    next_box = page.get_by_role("button", name="التالي").bounding_box()
    back_box = page.get_by_role("button", name="رجوع").bounding_box()
    assert next_box["x"] < back_box["x"]
    axe(page, context="Arabic question page")
    page.get_by_role("button", name="التالي").click()
    assert page.get_by_role("alert").inner_text() == "من فضلك أجب هنا."
    axe(page, context="Arabic question page with an error")


def test_a_parent_completes_the_questionnaire_in_arabic_and_sees_the_thank_you(page, distribution, axe):
    choose_language(page, distribution, "العربية")
    axe(page, context="Arabic intro page")
    page.get_by_role("button", name="ابدأ").click()
    page.get_by_text("أبدا").click()
    page.get_by_role("button", name="التالي").click()
    page.get_by_label("لماذا لا؟").fill("لا وقت")
    for _ in range(5):
        page.get_by_role("button", name="التالي").click()
    page.get_by_role("button", name="إرسال").click()
    page.wait_for_url("**/done/")
    assert page.get_by_role("heading", level=1).inner_text() == "شكرا لك!"
    assert page.locator("html").get_attribute("dir") == "rtl"
    axe(page, context="thank-you page")
    response = Response.objects.get()
    assert response.submitted_at is not None and response.language == "ar"
    assert response.answers.get(question__name="why_not").text == "لا وقت"


def test_a_parent_completes_the_questionnaire_without_javascript(browser, live_server, distribution):
    context = browser.new_context(java_script_enabled=False, locale="nl-NL")
    try:
        page = context.new_page()
        page.goto(f"{live_server.url}/q/{distribution.code}/")
        page.get_by_role("button", name="Nederlands").click()
        page.get_by_role("button", name="Begin").click()
        assert page.locator(".p-speak").count() == 0
        page.get_by_role("button", name="Volgende").click()
        assert page.get_by_text("Geef hier een antwoord.").is_visible()
        page.get_by_text("Vaak").click()
        page.get_by_role("button", name="Volgende").click()
        page.get_by_text("4", exact=True).click()
        page.get_by_role("button", name="Volgende").click()
        page.get_by_text("Ja", exact=True).click()
        page.get_by_role("button", name="Volgende").click()
        page.get_by_role("button", name="Terug").click()
        assert page.get_by_label("Ja").is_checked()
        page.get_by_role("button", name="Volgende").click()
        page.get_by_role("textbox").fill("2")
        page.get_by_role("button", name="Volgende").click()
        page.get_by_role("button", name="Volgende").click()
        page.get_by_role("textbox").fill("Mooi")
        page.get_by_role("button", name="Versturen").click()
        page.wait_for_url("**/done/")
        assert page.get_by_role("heading", level=1).inner_text() == "Dank u wel!"
        assert context.cookies() == []
    finally:
        context.close()
    response = Response.objects.get()
    answers = {a.question.name: a for a in response.answers.select_related("question")}
    assert answers["reading"].choices == ["often"] and answers["happy"].number == 4
    assert answers["library"].choices == ["yes"] and answers["children"].number == 2
    assert answers["remark"].text == "Mooi" and "why_not" not in answers


def test_a_question_page_transfers_well_under_100_kb(browser, live_server, distribution):
    response = Response.objects.create(
        workspace=distribution.workspace,
        questionnaire=distribution.questionnaire,
        distribution=distribution,
        location=distribution.location,
        language="nl",
        token="t" * 43,
    )
    measured = {}
    for step in (1, 3):  # choices with a pictogram; the scale with faces
        context = browser.new_context(locale="nl-NL")  # a fresh context: nothing cached
        try:
            page = context.new_page()
            finished = []
            page.on("requestfinished", lambda request, finished=finished: finished.append(request))
            page.goto(
                f"{live_server.url}/q/{distribution.code}/r/{response.token}/{step}/",
                wait_until="networkidle",
            )
            total = 0
            for request in finished:
                sizes = request.sizes()
                total += sizes["responseBodySize"] + sizes["responseHeadersSize"]
            hosts = {request.url.split("/")[2] for request in finished}
        finally:
            context.close()
        assert hosts == {live_server.url.split("/")[2]}, "no third-party requests"
        assert len(finished) >= 3  # the page, its stylesheet and read-aloud.js
        measured[step] = (len(finished), total)
    print(f"question pages (requests, bytes transferred): {measured}")
    assert all(total < PAGE_BUDGET for _, total in measured.values())


FAKE_SPEECH = """
window.__spoken = [];
Object.defineProperty(window, "speechSynthesis", {value: {
  getVoices: () => [{lang: "nl-NL", name: "Test"}],
  speak: (u) => window.__spoken.push([u.text, u.lang]),
  cancel: () => {},
  addEventListener: () => {},
  onvoiceschanged: null,
}});
window.SpeechSynthesisUtterance = function (text) { this.text = text; };
"""


def test_every_question_and_option_gets_a_speaker_button_when_the_browser_can_speak(page, distribution, axe):
    page.context.add_init_script(FAKE_SPEECH)
    choose_language(page, distribution, "Nederlands")
    page.get_by_role("button", name="Begin").click()
    page.wait_for_url("**/1/")
    speakers = page.locator(".p-speak")
    assert speakers.count() == 4  # the question and its three options
    page.get_by_role("button", name="Voorlezen: Vaak").click()
    assert page.evaluate("window.__spoken") == [["Vaak", "nl"]]
    assert page.get_by_role("button", name="Voorlezen: Vaak").bounding_box()["height"] >= 48
    axe(page, context="question page with speaker buttons")


def test_there_is_no_speaker_button_without_a_voice_or_a_recording(page, distribution):
    page.context.add_init_script(FAKE_SPEECH.replace('[{lang: "nl-NL", name: "Test"}]', "[]"))
    choose_language(page, distribution, "Nederlands")
    page.get_by_role("button", name="Begin").click()
    page.wait_for_url("**/1/")
    assert page.locator(".p-speak").count() == 0
