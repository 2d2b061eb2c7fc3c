"""The recording screens: access, bounded queries, uploads with clear errors, and what the parent then hears."""

from __future__ import annotations

import pytest

from ouderpartner.voice import services
from ouderpartner.voice.models import Option, Question, Response
from ouderpartner.voice.tests import audio_samples as samples
from ouderpartner.voice.tests.factories import DistributionFactory, questionnaire_with_questions
from ouderpartner.voice.tests.test_builder_views import make_questionnaire, url

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def questionnaire(utrecht):
    return make_questionnaire(utrecht, questions=2, options=2)


def slot_url(
    questionnaire, slot: str, language: str, name: str = "recording_upload", ws: str = "utrecht"
) -> str:
    return url(name, ws=ws, pk=questionnaire.pk, slot=slot, language=language)


# --- Access -------------------------------------------------------------------------------------------


def test_every_member_sees_the_recordings_but_only_coordinators_change_them(
    client_for, alice, bob, carol, questionnaire
):
    question = questionnaire.questions.first()
    for user in (bob, carol):
        client = client_for(user)
        page = client.get(url("recording_list", pk=questionnaire.pk))
        assert page.status_code == 200
        assert "<form" not in page.content.decode().split("<main", 1)[1].split("</main>", 1)[0]
        upload = client.post(
            slot_url(questionnaire, f"question-{question.pk}", "nl"), {"audio": samples.upload(samples.mp3())}
        )
        assert upload.status_code == 403
        assert client.get(slot_url(questionnaire, "title", "nl", "recording_remove")).status_code == 403
    question.refresh_from_db()
    assert question.audio == {}
    assert client_for(alice).get(url("recording_list", pk=questionnaire.pk)).status_code == 200


@pytest.mark.parametrize("name", ["recording_list", "recording_upload", "recording_remove"])
def test_an_outsider_gets_404(client_for, dave, questionnaire, name):
    client = client_for(dave)
    kwargs = {} if name == "recording_list" else {"slot": "title", "language": "nl"}
    for ws in ("utrecht", "amersfoort"):
        target = url(name, ws=ws, pk=questionnaire.pk, **kwargs)
        assert client.get(target).status_code == 404
        assert client.post(target, {"audio": samples.upload(samples.mp3())}).status_code == 404
    questionnaire.refresh_from_db()
    assert questionnaire.audio == {}


def test_a_text_of_another_questionnaire_or_an_unknown_language_is_404(
    client_for, alice, utrecht, questionnaire
):
    other = make_questionnaire(utrecht, questions=1, options=1)
    foreign_question = other.questions.get()
    foreign_option = Option.objects.filter(question=foreign_question).first()
    client = client_for(alice)
    for slot, language in [
        (f"question-{foreign_question.pk}", "nl"),
        (f"option-{foreign_option.pk}", "nl"),
        ("question-abc", "nl"),
        ("hint", "nl"),
        ("title", "klingon"),
    ]:
        assert client.get(slot_url(questionnaire, slot, language)).status_code == 404
        assert (
            client.post(
                slot_url(questionnaire, slot, language), {"audio": samples.upload(samples.mp3())}
            ).status_code
            == 404
        )
    foreign_question.refresh_from_db()
    assert foreign_question.audio == {}


# --- Query bounds -------------------------------------------------------------------------------------


def test_the_overview_query_count_does_not_grow_with_the_questionnaire(
    client_for, alice, utrecht, alice_recordings, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(alice)
    small = make_questionnaire(utrecht, questions=2, options=2)
    large = make_questionnaire(utrecht, questions=12, options=8)
    alice_recordings(large)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url("recording_list", pk=small.pk)).status_code == 200
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url("recording_list", pk=large.pk))
    assert response.status_code == 200 and response.content.decode().count("<audio") == 12
    assert len(few.captured_queries) <= 12


@pytest.fixture
def alice_recordings(alice):
    def record(questionnaire):
        for question in questionnaire.questions.all():
            services.recording_set(
                target=question, actor=alice, language="ar", audio=samples.upload(samples.mp3())
            )

    return record


@pytest.mark.parametrize("name", ["question_update", "option_update", "questionnaire_translations"])
def test_the_pages_that_show_recordings_stay_bounded(
    client_for, alice, utrecht, alice_recordings, name, django_assert_max_num_queries
):
    questionnaire = make_questionnaire(utrecht, questions=12, options=12)
    alice_recordings(questionnaire)
    pk = {
        "question_update": questionnaire.questions.last().pk,
        "option_update": Option.objects.filter(question__questionnaire=questionnaire).last().pk,
        "questionnaire_translations": questionnaire.pk,
    }[name]
    client = client_for(alice)
    with django_assert_max_num_queries(14):
        assert client.get(url(name, pk=pk)).status_code == 200


def test_the_upload_page_is_bounded(client_for, alice, questionnaire, django_assert_max_num_queries):
    option = Option.objects.filter(question__questionnaire=questionnaire).first()
    client = client_for(alice)
    with django_assert_max_num_queries(10):
        assert client.get(slot_url(questionnaire, f"option-{option.pk}", "ar")).status_code == 200


# --- Uploading, replacing, removing -------------------------------------------------------------------


def test_a_coordinator_uploads_replaces_and_removes_a_recording(
    client_for, alice, questionnaire, media, django_capture_on_commit_callbacks
):
    client = client_for(alice)
    question = questionnaire.questions.first()
    slot = f"question-{question.pk}"
    edit_page = url("question_update", pk=question.pk)
    response = client.post(
        slot_url(questionnaire, slot, "ar"),
        {"audio": samples.upload(samples.mp3()), "next": edit_page + "#recordings"},
    )
    assert response.status_code == 302 and response["Location"] == edit_page + "#recordings"
    question.refresh_from_db()
    first = question.audio["ar"]
    page = client.get(edit_page).content.decode()
    assert f'src="/media/{first}"' in page
    assert "Vervangen" in page  # the button now replaces
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            slot_url(questionnaire, slot, "ar"), {"audio": samples.upload(samples.wav(), "nieuw.wav")}
        )
    assert response.status_code == 302
    assert response["Location"] == url("recording_list", pk=questionnaire.pk) + f"#slot-{slot}"
    question.refresh_from_db()
    assert question.audio["ar"] != first and question.audio["ar"].endswith(".wav")
    assert not (media / first).exists()
    confirm = client.get(slot_url(questionnaire, slot, "ar", "recording_remove"))
    assert confirm.status_code == 200 and "Opname" in confirm.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(slot_url(questionnaire, slot, "ar", "recording_remove"))
    question.refresh_from_db()
    assert question.audio == {}
    assert [p for p in media.rglob("*") if p.is_file()] == []


def test_an_unsafe_next_is_not_followed(client_for, alice, questionnaire):
    response = client_for(alice).post(
        slot_url(questionnaire, "intro", "nl"),
        {"audio": samples.upload(samples.mp3()), "next": "https://evil.example/"},
    )
    assert response["Location"] == url("recording_list", pk=questionnaire.pk) + "#slot-intro"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (None, "Kies een opname om te uploaden."),
        (samples.PNG, "Dit is geen opname die we kunnen afspelen."),
        (samples.HTML, "Dit is geen opname die we kunnen afspelen."),
        (samples.mp3() + b"\x00" * (5 * 1024 * 1024), "De opname is te groot: hoogstens 5 MB."),
    ],
)
def test_a_bad_upload_shows_a_dutch_error_next_to_the_field_and_saves_nothing(
    client_for, alice, questionnaire, media, data, message
):
    payload = {} if data is None else {"audio": samples.upload(data, "opname.mp3")}
    response = client_for(alice).post(slot_url(questionnaire, "title", "ar"), payload)
    assert response.status_code == 400
    body = response.content.decode()
    assert message in body
    assert 'id="audio_error"' in body or 'id="id_audio_error"' in body
    assert 'href="#id_audio"' in body  # the summary at the top links to the field
    questionnaire.refresh_from_db()
    assert questionnaire.audio == {}
    assert [p for p in media.rglob("*") if p.is_file()] == []


def test_a_language_the_questionnaire_does_not_offer_is_explained(client_for, alice, questionnaire):
    client = client_for(alice)
    page = client.get(slot_url(questionnaire, "title", "pl"))
    assert page.status_code == 400
    assert "Polski is niet een van de talen van deze vragenlijst" in page.content.decode()
    response = client.post(slot_url(questionnaire, "title", "pl"), {"audio": samples.upload(samples.mp3())})
    assert response.status_code == 400
    questionnaire.refresh_from_db()
    assert questionnaire.audio == {}


def test_the_english_interface_says_it_in_english(client_for, alice, questionnaire):
    client = client_for(alice)
    client.cookies["django_language"] = "en"
    response = client.post(slot_url(questionnaire, "title", "ar"), {"audio": samples.upload(samples.PNG)})
    assert "This is not a recording we can play." in response.content.decode()


# --- What the screens show ----------------------------------------------------------------------------


def test_the_overview_lists_every_text_and_language_and_flags_imported_names(
    client_for, alice, questionnaire
):
    question = questionnaire.questions.first()
    services.recording_names_expect(target=question, names={"tr": "vraag-tr.mp3"})
    body = client_for(alice).get(url("recording_list", pk=questionnaire.pk)).content.decode()
    # 3 texts of the questionnaire + 2 questions with 2 answers each, in 3 languages.
    assert body.count('type="file"') == (3 + 2 * 3) * 3
    assert "Opname ontbreekt — upload hem" in body and "vraag-tr.mp3" in body
    assert "<audio" not in body  # a name without a file is no player


def test_the_translations_screen_shows_which_recordings_exist(client_for, alice, questionnaire):
    question = questionnaire.questions.first()
    services.recording_set(target=question, actor=alice, language="ar", audio=samples.upload(samples.mp3()))
    services.recording_names_expect(target=question, names={"tr": "vraag-tr.mp3"})
    response = client_for(alice).get(url("questionnaire_translations", pk=questionnaire.pk))
    body = response.content.decode()
    assert "Opnames: 1 van 9 teksten hebben er een." in body
    assert "Opnames: 0 van 9 teksten hebben er een." in body
    assert "vraag-tr.mp3" in body
    upload_link = slot_url(questionnaire, f"question-{question.pk}", "tr")
    assert upload_link in body


def test_the_questionnaire_page_links_to_the_recordings(client_for, carol, questionnaire):
    body = client_for(carol).get(url("questionnaire_detail", pk=questionnaire.pk)).content.decode()
    assert url("recording_list", pk=questionnaire.pk) in body


# --- The parent hears it ------------------------------------------------------------------------------


@pytest.fixture
def distribution(utrecht, school):
    questionnaire = questionnaire_with_questions(utrecht)
    return DistributionFactory(questionnaire=questionnaire, location=school.locations.get())


def parent_response(distribution, language: str) -> Response:
    return Response.objects.create(
        workspace=distribution.workspace,
        questionnaire=distribution.questionnaire,
        distribution=distribution,
        location=distribution.location,
        language=language,
        token="t" * 43,
    )


def test_recordings_play_on_the_intro_question_and_thank_you_pages(client, alice, distribution):
    questionnaire = distribution.questionnaire
    reading = Question.objects.get(questionnaire=questionnaire, name="reading")
    often = reading.options.get(value="often")
    paths = {
        "title": services.recording_set(
            target=questionnaire,
            actor=alice,
            language="ar",
            text="title",
            audio=samples.upload(samples.mp3()),
        ),
        "intro": services.recording_set(
            target=questionnaire,
            actor=alice,
            language="ar",
            text="intro",
            audio=samples.upload(samples.mp3()),
        ),
        "thanks": services.recording_set(
            target=questionnaire,
            actor=alice,
            language="ar",
            text="thank_you",
            audio=samples.upload(samples.mp3()),
        ),
        "question": services.recording_set(
            target=reading, actor=alice, language="ar", audio=samples.upload(samples.mp3())
        ),
        "option": services.recording_set(
            target=often, actor=alice, language="ar", audio=samples.upload(samples.mp3())
        ),
    }
    response = parent_response(distribution, "ar")
    base = f"/q/{distribution.code}/r/{response.token}"
    intro = client.get(f"{base}/0/").content.decode()
    assert (
        f'data-audio="/media/{paths["title"]}"' in intro and f'data-audio="/media/{paths["intro"]}"' in intro
    )
    question = client.get(f"{base}/1/").content.decode()
    assert (
        f'data-audio="/media/{paths["question"]}"' in question
        and f'data-audio="/media/{paths["option"]}"' in question
    )
    Response.objects.filter(pk=response.pk).update(submitted_at="2026-11-01T10:00:00Z")
    thanks = client.get(f"{base}/done/").content.decode()
    assert f'data-audio="/media/{paths["thanks"]}"' in thanks
    # In another language no Arabic recording is played.
    english = client.get(
        f"/q/{distribution.code}/r/{parent_response_en(distribution).token}/0/"
    ).content.decode()
    assert "data-audio" not in english
    # The recording itself is served (with byte ranges, for Safari).
    served = client.get(f"/media/{paths['question']}", HTTP_RANGE="bytes=0-9")
    assert served.status_code == 206 and served["Content-Type"] == "audio/mpeg"


def parent_response_en(distribution) -> Response:
    return Response.objects.create(
        workspace=distribution.workspace,
        questionnaire=distribution.questionnaire,
        distribution=distribution,
        location=distribution.location,
        language="en",
        token="e" * 43,
    )


def test_a_dutch_text_shown_for_want_of_a_translation_plays_the_dutch_recording(client, alice, distribution):
    questionnaire = distribution.questionnaire
    questionnaire.thank_you = {"nl": "Bedankt!"}
    questionnaire.save()
    dutch = services.recording_set(
        target=questionnaire,
        actor=alice,
        language="nl",
        text="thank_you",
        audio=samples.upload(samples.mp3()),
    )
    response = parent_response(distribution, "ar")
    Response.objects.filter(pk=response.pk).update(submitted_at="2026-11-01T10:00:00Z")
    thanks = client.get(f"/q/{distribution.code}/r/{response.token}/done/").content.decode()
    assert f'data-audio="/media/{dutch}"' in thanks
    # Where the text is translated, the phone reads the translation instead of playing Dutch.
    questionnaire.thank_you = {"nl": "Bedankt!", "ar": "شكرا لك!"}
    questionnaire.save()
    thanks = client.get(f"/q/{distribution.code}/r/{response.token}/done/").content.decode()
    assert "data-audio" not in thanks


def test_an_imported_name_without_a_file_gives_no_broken_player(client, distribution):
    reading = Question.objects.get(questionnaire=distribution.questionnaire, name="reading")
    services.recording_names_expect(target=reading, names={"ar": "reading-ar.mp3"})
    response = parent_response(distribution, "ar")
    page = client.get(f"/q/{distribution.code}/r/{response.token}/1/").content.decode()
    assert "data-audio" not in page and "reading-ar.mp3" not in page
