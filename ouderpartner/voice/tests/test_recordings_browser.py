"""Recordings in a real browser: accessibility, uploading, and playing on the parent page."""

from __future__ import annotations

import pytest

from ouderpartner.voice import services
from ouderpartner.voice.models import Question, Response
from ouderpartner.voice.tests import audio_samples as samples
from ouderpartner.voice.tests.factories import DistributionFactory, questionnaire_with_questions

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def distribution(utrecht, school):
    questionnaire = questionnaire_with_questions(utrecht)
    return DistributionFactory(questionnaire=questionnaire, location=school.locations.get())


def test_a_coordinator_uploads_plays_and_removes_recordings_accessibly(
    page, login, alice, axe, distribution, tmp_path
):
    questionnaire = distribution.questionnaire
    reading = Question.objects.get(questionnaire=questionnaire, name="reading")
    services.recording_names_expect(target=reading, names={"en": "reading-en.mp3"})
    login(alice)
    base = f"{page.base_url}/w/utrecht/voice/questionnaires/{questionnaire.pk}"
    page.goto(f"{base}/")
    page.get_by_role("link", name="Opnames", exact=True).click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Opnames van")
    assert page.get_by_text("Opname ontbreekt — upload hem").count() == 1
    axe(page, context="recordings overview")

    tone = tmp_path / "titel-ar.wav"
    tone.write_bytes(samples.wav())
    page.get_by_label("Opname: Titel – العربية").set_input_files(str(tone))
    page.get_by_role("button", name="Uploaden Titel – العربية").click()
    assert page.get_by_text("De opname is opgeslagen.").is_visible()
    player = page.locator("audio[aria-label='Beluisteren: Titel – العربية']")
    assert player.count() == 1
    src = player.get_attribute("src")
    assert page.request.get(f"{page.base_url}{src}").status == 200
    axe(page, context="recordings overview with a recording")

    wrong = tmp_path / "plaatje.mp3"
    wrong.write_bytes(samples.PNG)
    page.get_by_label("Opname: Inleiding – Nederlands").set_input_files(str(wrong))
    page.get_by_role("button", name="Uploaden Inleiding – Nederlands").click()
    assert (
        page.get_by_role("alert").filter(has_text="Dit is geen opname die we kunnen afspelen.").count() == 1
    )
    axe(page, context="upload page with an error")

    page.goto(f"{base}/recordings/")
    page.get_by_role("link", name="Verwijderen Titel – العربية").click()
    axe(page, context="remove confirmation")
    page.get_by_role("button", name="Verwijderen").click()
    assert page.get_by_text("De opname is verwijderd.").is_visible()
    questionnaire.refresh_from_db()
    assert questionnaire.audio == {}


def test_the_edit_and_translation_pages_show_the_recordings_accessibly(page, login, alice, axe, distribution):
    questionnaire = distribution.questionnaire
    reading = Question.objects.get(questionnaire=questionnaire, name="reading")
    services.recording_set(
        target=reading, actor=alice, language="ar", audio=samples.upload(samples.wav(), "a.wav")
    )
    services.recording_names_expect(target=reading.options.get(value="often"), names={"en": "often.mp3"})
    login(alice)
    page.goto(f"{page.base_url}/w/utrecht/voice/questions/{reading.pk}/edit/")
    assert page.get_by_role("heading", name="Opnames").is_visible()
    assert page.locator("#recordings audio").count() == 1
    axe(page, context="question edit page with recordings")
    page.goto(f"{page.base_url}/w/utrecht/voice/options/{reading.options.get(value='often').pk}/edit/")
    assert page.get_by_text("often.mp3").is_visible()
    axe(page, context="option edit page with recordings")
    page.goto(f"{page.base_url}/w/utrecht/voice/questionnaires/{questionnaire.pk}/translations/")
    assert page.get_by_text("Opnames: 1 van").count() == 1
    axe(page, context="translations with recordings")


def test_a_parent_hears_the_recording_of_the_title(page, alice, axe, distribution):
    questionnaire = distribution.questionnaire
    path = services.recording_set(
        target=questionnaire,
        actor=alice,
        language="ar",
        text="title",
        audio=samples.upload(samples.wav(), "t.wav"),
    )
    response = Response.objects.create(
        workspace=distribution.workspace,
        questionnaire=questionnaire,
        distribution=distribution,
        location=distribution.location,
        language="ar",
        token="t" * 43,
    )
    page.goto(f"{page.base_url}/q/{distribution.code}/r/{response.token}/0/")
    title = questionnaire.text("title", "ar")
    speaker = page.get_by_role("button", name=f"اقرأ بصوت عال: {title}")
    with page.expect_response(lambda r: r.url.endswith(path)) as served:
        speaker.click()
    assert served.value.status in (200, 206)
    axe(page, context="intro page with a recording")
