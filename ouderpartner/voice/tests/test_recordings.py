"""Recordings per text and language: recognising audio, the services (replace, remove, clean up), the XLSForm
names still to upload, and the API's recording URLs."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.utils import translation

from ouderpartner.core.models import AuditEvent
from ouderpartner.voice import recordings, services
from ouderpartner.voice.models import Option, Question, Questionnaire
from ouderpartner.voice.tests import audio_samples as samples

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def questionnaire(utrecht):
    questionnaire = Questionnaire.objects.create(
        workspace=utrecht,
        title={"nl": "Voorlezen thuis", "ar": "القراءة في البيت"},
        intro={"nl": "Fijn dat u meedoet."},
        thank_you={"nl": "Bedankt!"},
        languages=["nl", "ar"],
    )
    question = Question.objects.create(
        questionnaire=questionnaire,
        position=1,
        name="reading",
        kind="single_choice",
        text={"nl": "Leest u voor?"},
    )
    Option.objects.create(question=question, position=1, value="often", label={"nl": "Vaak"})
    return questionnaire


def stored_files(media) -> list[str]:
    return sorted(str(p.relative_to(media)) for p in media.rglob("*") if p.is_file())


# --- Recognising audio by its content -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "extension"),
    [
        (samples.mp3(), "mp3"),
        (samples.mp3(with_tag=False), "mp3"),
        (samples.aac(), "aac"),
        (samples.ogg(), "ogg"),
        (samples.ogg(b"\x01vorbis\x00\x00\x00\x00\x02\x44\xac"), "ogg"),
        (samples.m4a(), "m4a"),
        (samples.wav(), "wav"),
        (samples.webm(), "webm"),
        (samples.webm(codec=b"A_VORBIS"), "webm"),
    ],
)
def test_it_recognises_the_audio_formats_by_content(data, extension):
    assert recordings.sniff_audio(data) == extension


@pytest.mark.parametrize(
    "data",
    [
        samples.PNG,
        samples.HTML,
        b"",
        b"ID3\x04\x00\x00\x00\x00\x00\x0a" + b"<html>" * 20,  # an ID3 tag in front of something else
        samples.ogg(b"\x80theora\x03\x02"),  # Ogg video
        samples.m4a(video=True),  # an MP4 film
        samples.webm(video=True),  # a WebM film
        samples.webm(codec=b"V_VP8"),
        b"\xff\xfb\xf0\x64" + b"\x00" * 100,  # MPEG sync with a forbidden bit rate
    ],
)
def test_it_refuses_what_is_not_audio_we_play(data):
    assert recordings.sniff_audio(data) is None


def test_an_imported_name_can_never_pass_for_a_stored_file():
    assert recordings.imported_name("voice/audio/q1/abc.mp3") == "abc.mp3"
    assert recordings.imported_name("..\\..\\secret.mp3") == "secret.mp3"
    assert not recordings.is_stored(1, "abc.mp3")
    assert not recordings.is_stored(1, "voice/audio/q1/../q2/x.mp3")
    assert not recordings.is_stored(1, "voice/audio/q2/x.mp3"), "another questionnaire's file"
    assert recordings.is_stored(1, "voice/audio/q1/x.mp3")
    assert recordings.url(1, "https://elsewhere.example/x.mp3") == ""


# --- Services -----------------------------------------------------------------------------------------


def test_it_stores_a_question_recording_under_voice_audio_and_audits_it(questionnaire, alice, media):
    question = questionnaire.questions.get()
    path = services.recording_set(
        target=question, actor=alice, language="ar", audio=samples.upload(samples.mp3(), "lezen.bin")
    )
    assert path.startswith(f"voice/audio/q{questionnaire.pk}/") and path.endswith(".mp3")
    question.refresh_from_db()
    assert question.audio == {"ar": path}
    assert stored_files(media) == [path]
    event = AuditEvent.objects.filter(object_type="question").latest("id")
    assert event.actor == alice and event.changes["recording"] == ["", path]


def test_replacing_deletes_the_old_file(questionnaire, alice, media, django_capture_on_commit_callbacks):
    option = Option.objects.get(question__questionnaire=questionnaire)
    with django_capture_on_commit_callbacks(execute=True):
        first = services.recording_set(
            target=option, actor=alice, language="nl", audio=samples.upload(samples.wav())
        )
    with django_capture_on_commit_callbacks(execute=True):
        second = services.recording_set(
            target=option, actor=alice, language="nl", audio=samples.upload(samples.ogg())
        )
    assert first != second and second.endswith(".ogg")
    option.refresh_from_db()
    assert option.audio == {"nl": second}
    assert stored_files(media) == [second]


def test_questionnaire_texts_have_their_own_recordings(
    questionnaire, alice, django_capture_on_commit_callbacks
):
    title = services.recording_set(
        target=questionnaire, actor=alice, language="ar", text="title", audio=samples.upload(samples.m4a())
    )
    intro = services.recording_set(
        target=questionnaire, actor=alice, language="nl", text="intro", audio=samples.upload(samples.webm())
    )
    questionnaire.refresh_from_db()
    assert questionnaire.audio == {"title": {"ar": title}, "intro": {"nl": intro}}
    with django_capture_on_commit_callbacks(execute=True):
        assert services.recording_remove(target=questionnaire, actor=alice, language="ar", text="title")
    questionnaire.refresh_from_db()
    assert questionnaire.audio == {"intro": {"nl": intro}}
    assert not default_storage.exists(title)
    assert not services.recording_remove(target=questionnaire, actor=alice, language="ar", text="title")


@pytest.mark.parametrize(
    ("data", "language", "text", "message"),
    [
        (samples.PNG, "nl", "", "not a recording we can play"),
        (samples.HTML, "nl", "", "not a recording we can play"),
        (b"", "nl", "", "empty"),
        (samples.mp3() + b"\x00" * (5 * 1024 * 1024), "nl", "", "at most 5 MB"),
        (samples.mp3(), "tr", "", "not one of the languages of this questionnaire"),
        (samples.mp3(), "xx", "", "not one of the languages of this questionnaire"),
        (samples.mp3(), "nl", "title", "Choose a text"),
    ],
)
def test_bad_uploads_are_refused_and_nothing_is_saved(
    questionnaire, alice, media, data, language, text, message
):
    question = questionnaire.questions.get()
    before = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as error:
        services.recording_set(
            target=question, actor=alice, language=language, audio=samples.upload(data), text=text
        )
    assert message in " ".join(error.value.messages)
    question.refresh_from_db()
    assert question.audio == {}
    assert stored_files(media) == []
    assert AuditEvent.objects.count() == before


def test_the_file_is_removed_again_when_the_write_fails(questionnaire, alice, media, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("database gone")

    monkeypatch.setattr(services, "audit_record", broken)
    question = questionnaire.questions.get()
    with pytest.raises(RuntimeError):
        services.recording_set(
            target=question, actor=alice, language="nl", audio=samples.upload(samples.mp3())
        )
    question.refresh_from_db()
    assert question.audio == {}
    assert stored_files(media) == []


def test_deleting_a_question_or_option_deletes_its_recordings(
    questionnaire, alice, media, django_capture_on_commit_callbacks
):
    question = questionnaire.questions.get()
    option = question.options.get()
    services.recording_set(target=question, actor=alice, language="nl", audio=samples.upload(samples.mp3()))
    kept = services.recording_set(
        target=questionnaire, actor=alice, language="nl", text="title", audio=samples.upload(samples.mp3())
    )
    other = Option.objects.create(question=question, position=2, value="never", label={"nl": "Nooit"})
    services.recording_set(target=other, actor=alice, language="nl", audio=samples.upload(samples.wav()))
    with django_capture_on_commit_callbacks(execute=True):
        services.option_delete(option=other, actor=alice)
    assert len(stored_files(media)) == 2
    services.recording_set(target=option, actor=alice, language="ar", audio=samples.upload(samples.wav()))
    with django_capture_on_commit_callbacks(execute=True):
        services.question_delete(question=question, actor=alice)
    assert stored_files(media) == [kept]


def test_an_expected_name_never_replaces_an_upload_and_only_in_the_questionnaires_languages(
    questionnaire, alice
):
    question = questionnaire.questions.get()
    path = services.recording_set(
        target=question, actor=alice, language="ar", audio=samples.upload(samples.mp3())
    )
    services.recording_names_expect(
        target=question, names={"nl": "media/vraag1-nl.mp3", "ar": "vraag1-ar.mp3", "tr": "vraag1-tr.mp3"}
    )
    question.refresh_from_db()
    assert question.audio == {"ar": path, "nl": "vraag1-nl.mp3"}
    assert recordings.recording(questionnaire.pk, question.audio["nl"]) == recordings.Recording(
        missing_name="vraag1-nl.mp3"
    )


# --- XLSForm import -----------------------------------------------------------------------------------


def test_an_imported_form_notes_its_recordings_as_missing(utrecht, alice):
    from ouderpartner.voice.tests.test_xlsform_files import workbook
    from ouderpartner.voice.xlsform import parse_xlsform, xlsform_import

    data = workbook(
        survey=[
            [
                "type",
                "name",
                "label::Dutch (nl)",
                "label::Arabic (ar)",
                "audio::Dutch (nl)",
                "media::audio::Arabic (ar)",
            ],
            [
                "select_one yn3",
                "reading",
                "Leest u voor?",
                "هل تقرأ؟",
                "reading-nl.mp3",
                "sounds/reading-ar.mp3",
            ],
        ],
        choices=[
            ["list_name", "name", "label::Dutch (nl)", "audio::Dutch (nl)"],
            ["yn3", "often", "Vaak", "often-nl.mp3"],
            ["yn3", "never", "Nooit", ""],
        ],
    )
    plan = parse_xlsform(data, workspace=utrecht)
    assert any("reading-nl.mp3" in line and "recordings page" in line for line in plan["unmapped"])
    questionnaire = xlsform_import(workspace=utrecht, actor=alice, plan=plan)
    question = questionnaire.questions.get()
    assert question.audio == {"nl": "reading-nl.mp3", "ar": "reading-ar.mp3"}
    assert question.options.get(value="often").audio == {"nl": "often-nl.mp3"}
    assert question.options.get(value="never").audio == {}


# --- API ----------------------------------------------------------------------------------------------


def test_the_api_gives_the_uploaded_recordings_as_urls(client_for, alice, questionnaire):
    question = questionnaire.questions.get()
    option = question.options.get()
    question_path = services.recording_set(
        target=question, actor=alice, language="ar", audio=samples.upload(samples.mp3())
    )
    services.recording_set(target=option, actor=alice, language="nl", audio=samples.upload(samples.wav()))
    services.recording_set(
        target=questionnaire,
        actor=alice,
        language="nl",
        text="thank_you",
        audio=samples.upload(samples.ogg()),
    )
    services.recording_names_expect(target=question, names={"nl": "nog-niet.mp3"})
    body = client_for(alice).get(f"/api/workspaces/utrecht/questionnaires/{questionnaire.pk}/").json()
    api_question = body["questions"][0]
    assert api_question["audio"] == {"ar": f"http://testserver/media/{question_path}"}
    assert list(api_question["options"][0]["audio"]) == ["nl"]
    assert list(body["audio"]) == ["thank_you"] and body["audio"]["thank_you"]["nl"].endswith(".ogg")
