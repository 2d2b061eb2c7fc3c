"""The participant's pages without JavaScript: join with the code, choose a language, answer by form."""

from __future__ import annotations

import pytest
from django.test import Client

from ouderpartner.live import realtime
from ouderpartner.live.models import Entry, LiveSession, Participant, Prompt, Upvote, Vote
from ouderpartner.live.tests.factories import LiveSessionFactory, PromptFactory, PromptOptionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_limits():
    realtime.reset_limits()


@pytest.fixture
def meeting(utrecht):
    session = LiveSessionFactory(
        workspace=utrecht, languages=["nl", "ar", "tr"], status=LiveSession.Status.LIVE
    )
    choice = PromptFactory(
        session=session,
        position=1,
        kind=Prompt.Kind.PICTOGRAM,
        text={"nl": "Hoe kwam u hier?", "ar": "كيف أتيت؟"},
    )
    PromptOptionFactory(prompt=choice, position=1, value="walk", label={"nl": "Lopend"}, pictogram="1F6B6")
    PromptOptionFactory(prompt=choice, position=2, value="bike", label={"nl": "Fiets", "ar": "دراجة"})
    session.current_prompt = choice
    session.save()
    return session


def join(client: Client, session: LiveSession, language: str = "nl"):
    return client.post(f"/j/{session.code}/", {"language": language})


def test_typing_the_code_leads_to_the_language_buttons(meeting):
    client = Client()
    response = client.get("/j/", {"code": f" {meeting.code[:3]} {meeting.code[3:]} "})
    assert response.status_code == 302 and response["Location"] == f"/j/{meeting.code}/"
    page = client.get(f"/j/{meeting.code}/")
    html = page.content.decode()
    assert page.status_code == 200
    # Each language's button is written in that language; the heading says "choose" in all of them.
    assert 'lang="ar" dir="rtl">العربية</button>' in html and ">Türkçe</button>" in html
    assert "Kies uw taal" in html and "اختر لغتك" in html
    assert not page.cookies  # nothing is stored before the participant chooses


def test_an_unknown_code_gets_the_participants_own_page_in_their_language(meeting):
    response = Client().get("/j/", {"code": "999999", "lang": "tr"})
    assert response.status_code == 404
    assert "Bu kodla bir toplantı yok" in response.content.decode()
    assert Client().get("/j/12345678/").status_code == 404


def test_choosing_a_language_joins_with_a_cookie_for_this_meeting_only(meeting):
    client = Client()
    response = join(client, meeting, "ar")
    assert response.status_code == 302 and response["Location"] == f"/j/{meeting.code}/live/"
    cookie = response.cookies["op_live"]
    assert cookie["path"] == f"/j/{meeting.code}/" and cookie["httponly"] and cookie["samesite"] == "Lax"
    participant = Participant.objects.get()
    assert participant.language == "ar" and participant.session == meeting
    assert cookie.value not in participant.token_hash  # only a hash of the token is stored
    page = client.get(f"/j/{meeting.code}/live/")
    html = page.content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert "كيف أتيت؟" in html and "دراجة" in html
    assert 'lang="nl" dir="ltr" data-read>Lopend' in html  # no Arabic label: Dutch, marked as Dutch
    assert "/static/vendor/openmoji/1F6B6.svg" in html
    assert f'data-socket="/j/{meeting.code}/socket/"' in html


def test_the_live_page_without_a_cookie_goes_to_the_language_choice(meeting):
    response = Client().get(f"/j/{meeting.code}/live/")
    assert response.status_code == 302 and response["Location"] == f"/j/{meeting.code}/"


def test_a_vote_by_form_is_stored_once_and_shown_as_saved(meeting):
    client = Client()
    join(client, meeting)
    prompt = meeting.current_prompt
    for _ in range(2):
        response = client.post(
            f"/j/{meeting.code}/live/", {"prompt": prompt.pk, "choice": "bike", "action": "answer"}
        )
        assert response.status_code == 302
    assert list(Vote.objects.values_list("choices", flat=True)) == [["bike"]]
    html = client.get(f"/j/{meeting.code}/live/").content.decode()
    assert 'value="bike" checked' in html
    assert "Dank u! Uw antwoord is opgeslagen." in html


def test_bad_input_is_refused_with_a_message_in_the_participants_language_and_nothing_saved(meeting):
    client = Client()
    join(client, meeting, "tr")
    prompt = meeting.current_prompt
    response = client.post(
        f"/j/{meeting.code}/live/", {"prompt": prompt.pk, "choice": "car", "action": "answer"}
    )
    assert response.status_code == 400
    assert "Bir cevap seçin." in response.content.decode()
    response = client.post(f"/j/{meeting.code}/live/", {"prompt": "x", "action": "answer"})
    assert response.status_code == 400
    assert not Vote.objects.exists()


def test_texts_and_upvotes_by_form(meeting):
    qa = PromptFactory(session=meeting, position=2, kind=Prompt.Kind.QA, text={"nl": "Uw vraag?"})
    LiveSession.objects.filter(pk=meeting.pk).update(current_prompt=qa, moderate_text=False)
    asker, supporter = Client(), Client()
    join(asker, meeting)
    join(supporter, meeting)
    asker.post(
        f"/j/{meeting.code}/live/", {"prompt": qa.pk, "text": "Wanneer begint het?", "action": "answer"}
    )
    entry = Entry.objects.get()
    assert entry.status == Entry.Status.APPROVED
    page = supporter.get(f"/j/{meeting.code}/live/").content.decode()
    assert "Wanneer begint het?" in page and 'aria-pressed="false"' in page
    supporter.post(f"/j/{meeting.code}/live/", {"prompt": qa.pk, "entry": entry.pk, "action": "upvote"})
    entry.refresh_from_db()
    assert entry.upvotes == 1 and Upvote.objects.count() == 1
    page = supporter.get(f"/j/{meeting.code}/live/").content.decode()
    assert 'aria-pressed="true"' in page and 'value="unvote"' in page
    own = asker.get(f"/j/{meeting.code}/live/").content.decode()
    assert "Wat u stuurde" in own and "1 / 3" in own


def test_a_closed_meeting_says_so_and_takes_no_new_participants(meeting):
    LiveSession.objects.filter(pk=meeting.pk).update(status=LiveSession.Status.CLOSED)
    response = join(Client(), meeting, "nl")
    assert response.status_code == 200
    assert "De bijeenkomst is afgelopen" in response.content.decode()
    assert not Participant.objects.exists()


def test_changing_language_keeps_the_participant(meeting):
    client = Client()
    join(client, meeting, "nl")
    page = client.get(f"/j/{meeting.code}/?change=1")
    assert page.status_code == 200
    client.post(f"/j/{meeting.code}/", {"language": "tr"})
    assert list(Participant.objects.values_list("language", flat=True)) == ["tr"]


def test_collecting_beforehand_shows_the_collect_prompts_one_per_page(meeting):
    first = PromptFactory(
        session=meeting,
        position=5,
        kind=Prompt.Kind.OPEN_TEXT,
        collect=True,
        text={"nl": "Wat wilt u vragen?"},
    )
    PromptFactory(
        session=meeting, position=6, kind=Prompt.Kind.WORD_CLOUD, collect=True, text={"nl": "Eén woord"}
    )
    LiveSession.objects.filter(pk=meeting.pk).update(
        status=LiveSession.Status.COLLECTING, current_prompt=None
    )
    client = Client()
    join(client, meeting)
    page = client.get(f"/j/{meeting.code}/live/").content.decode()
    assert "Wat wilt u vragen?" in page and "1 / 2" in page and "?p=2" in page
    client.post(
        f"/j/{meeting.code}/live/?p=1",
        {"prompt": first.pk, "text": "Hoe bereiken we vaders?", "action": "answer"},
    )
    assert Entry.objects.get().text == "Hoe bereiken we vaders?"
    second = client.get(f"/j/{meeting.code}/live/?p=2").content.decode()
    assert "Eén woord" in second and "2 / 2" in second


def test_the_live_page_takes_a_bounded_number_of_queries(meeting, django_assert_max_num_queries):
    client = Client()
    join(client, meeting)
    with django_assert_max_num_queries(10):
        assert client.get(f"/j/{meeting.code}/live/").status_code == 200


def test_joins_are_rate_limited_per_address(meeting, settings):
    settings.LIVE_RATE_LIMITS = {"join_address": realtime.Rate(per_second=0.001, burst=2)}
    realtime.reset_limits()
    statuses = [join(Client(), meeting).status_code for _ in range(3)]
    assert statuses == [302, 302, 429]
    assert Participant.objects.count() == 2
