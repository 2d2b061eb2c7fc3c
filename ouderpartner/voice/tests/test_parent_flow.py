"""The parent's flow with the Django client: language, intro, answers, conditions, thank-you, abuse."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time

from ouderpartner.voice import answering
from ouderpartner.voice.models import Answer, Response
from ouderpartner.voice.tests.factories import DistributionFactory, questionnaire_with_questions

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def clear_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def distribution(utrecht, school):
    questionnaire = questionnaire_with_questions(utrecht)
    return DistributionFactory(questionnaire=questionnaire, location=school.locations.get())


def start_url(distribution) -> str:
    return reverse("parent:start", kwargs={"code": distribution.code})


def step_url(response: Response, step: int) -> str:
    return reverse(
        "parent:step", kwargs={"code": response.distribution.code, "token": response.token, "step": step}
    )


def begin(client, distribution, language: str = "nl") -> Response:
    result = client.post(start_url(distribution), {"language": language})
    assert result.status_code == 302
    response = Response.objects.latest("started_at")
    assert result.url == step_url(response, 0)
    return response


def test_it_offers_each_language_by_its_own_name_without_flags(client, distribution):
    page = client.get(start_url(distribution))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Nederlands" in html and "العربية" in html and "English" in html
    assert 'lang="ar" dir="rtl"' in html
    assert "flag" not in html.lower()


def test_it_completes_the_questionnaire_with_a_condition_and_shows_the_thank_you(client, distribution):
    response = begin(client, distribution, "en")
    intro = client.get(step_url(response, 0))
    assert "Thank you for taking part." in intro.content.decode()
    assert client.post(step_url(response, 0), {"action": "next"}).url == step_url(response, 1)
    first = client.get(step_url(response, 1))
    html = first.content.decode()
    assert "Do you read aloud?" in html and "1 / 6" in html and 'lang="en" dir="ltr"' in html
    # "never" shows the follow-up question (7 questions then).
    assert client.post(step_url(response, 1), {"answer": "never", "action": "next"}).url == step_url(
        response, 2
    )
    assert "2 / 7" in client.get(step_url(response, 2)).content.decode()
    client.post(step_url(response, 2), {"answer": "No time", "action": "next"})
    client.post(step_url(response, 3), {"answer": "4", "action": "next"})
    client.post(step_url(response, 4), {"answer": "yes", "action": "next"})
    client.post(step_url(response, 5), {"answer": "3", "action": "next"})
    client.post(step_url(response, 6), {"answer": ["books", "music"], "action": "next"})
    last = client.get(step_url(response, 7))
    assert "7 / 7" in last.content.decode() and ">Send<" in last.content.decode()
    done = client.post(step_url(response, 7), {"answer": "Nice", "action": "next"})
    assert done.url == reverse("parent:done", kwargs={"code": distribution.code, "token": response.token})
    thanks = client.get(done.url)
    assert "Thank you!" in thanks.content.decode()
    response.refresh_from_db()
    assert response.submitted_at is not None and response.language == "en" and not response.assisted
    answers = {a.question.name: a for a in response.answers.select_related("question")}
    assert answers["reading"].choices == ["never"]
    assert answers["why_not"].text == "No time"
    assert answers["happy"].number == 4
    assert answers["library"].choices == ["yes"]
    assert answers["children"].number == 3
    assert answers["wishes"].choices == ["books", "music"]
    assert answers["remark"].text == "Nice"


def test_it_skips_a_hidden_question_and_drops_its_answer_when_the_parent_goes_back(client, distribution):
    response = begin(client, distribution)
    client.post(step_url(response, 1), {"answer": "never", "action": "next"})
    client.post(step_url(response, 2), {"answer": "Geen tijd", "action": "next"})
    # Back to the first question (from step 3 via step 2) and change the answer.
    assert client.post(step_url(response, 3), {"action": "back"}).url == step_url(response, 2)
    assert client.post(step_url(response, 2), {"answer": "Geen tijd", "action": "back"}).url == step_url(
        response, 1
    )
    assert client.post(step_url(response, 1), {"answer": "often", "action": "next"}).url == step_url(
        response, 3
    )
    # Going back from 3 now skips the hidden question 2.
    assert client.post(step_url(response, 3), {"action": "back"}).url == step_url(response, 1)
    assert client.get(step_url(response, 2)).url == step_url(response, 3)
    for step in range(3, 8):
        client.post(step_url(response, step), {"action": "next"})
    response.refresh_from_db()
    assert response.submitted_at is not None
    assert not response.answers.filter(question__name="why_not").exists()


def test_it_asks_for_a_required_answer_in_the_parents_language(client, distribution):
    response = begin(client, distribution, "ar")
    page = client.post(step_url(response, 1), {"action": "next"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "من فضلك أجب هنا." in html and 'lang="ar" dir="rtl"' in html
    assert client.post(step_url(response, 1), {"answer": "bogus", "action": "next"}).status_code == 200


def test_it_rejects_a_word_where_a_number_is_asked(client, distribution):
    response = begin(client, distribution, "nl")
    client.post(step_url(response, 1), {"answer": "often", "action": "next"})
    page = client.post(step_url(response, 5), {"answer": "drie", "action": "next"})
    html = page.content.decode()
    assert "Typ een getal." in html and 'value="drie"' in html
    assert not Answer.objects.filter(response=response, question__name="children").exists()


def test_it_keeps_answers_when_going_back(client, distribution):
    response = begin(client, distribution)
    client.post(step_url(response, 1), {"answer": "sometimes", "action": "next"})
    client.post(step_url(response, 3), {"answer": "2", "action": "back"})
    html = client.get(step_url(response, 1)).content.decode()
    assert 'value="sometimes" checked' in html
    assert 'value="2" checked' in client.get(step_url(response, 3)).content.decode()


def test_it_silently_discards_when_the_honeypot_is_filled(client, distribution):
    page = client.post(start_url(distribution), {"language": "nl", "website": "http://spam.example"})
    assert page.status_code == 200 and "Dank u wel!" in page.content.decode()
    assert not Response.objects.exists()
    response = begin(client, distribution)
    page = client.post(step_url(response, 1), {"answer": "often", "website": "x", "action": "next"})
    assert page.status_code == 200
    assert not Response.objects.exists()


def test_it_limits_new_responses_per_client_and_lets_them_in_again_later(client, distribution):
    with freeze_time("2026-11-28 10:00:00") as frozen:
        for _ in range(answering.RATE_PER_CLIENT):
            assert client.post(start_url(distribution), {"language": "nl"}).status_code == 302
        blocked = client.post(start_url(distribution), {"language": "ar"})
        assert blocked.status_code == 429
        assert "Het is nu te druk" not in blocked.content.decode()
        assert "الضغط كبير الآن" in blocked.content.decode()
        assert Response.objects.count() == answering.RATE_PER_CLIENT
        other = client.post(start_url(distribution), {"language": "nl"}, REMOTE_ADDR="10.0.0.9")
        assert other.status_code == 302
        frozen.tick(dt.timedelta(minutes=11))
        assert client.post(start_url(distribution), {"language": "nl"}).status_code == 302


def test_it_says_closed_in_the_parents_languages(client, distribution):
    response = begin(client, distribution, "ar")
    distribution.closes_at = timezone.now() - dt.timedelta(minutes=1)
    distribution.save()
    page = client.get(start_url(distribution))
    assert page.status_code == 410
    html = page.content.decode()
    assert "U kunt deze vragenlijst nu niet invullen." in html and "لا يمكنك ملء هذا الاستبيان الآن." in html
    step = client.get(step_url(response, 1))
    assert step.status_code == 410 and 'lang="ar" dir="rtl"' in step.content.decode()
    assert client.post(start_url(distribution), {"language": "nl"}).status_code == 410


def test_it_says_not_yet_open_before_the_first_day(client, distribution):
    distribution.opens_at = timezone.now() + dt.timedelta(days=2)
    distribution.save()
    assert client.get(start_url(distribution)).status_code == 410


def test_it_cannot_change_a_sent_response(client, distribution):
    response = begin(client, distribution)
    client.post(step_url(response, 1), {"answer": "often", "action": "next"})
    for step in range(3, 8):
        client.post(step_url(response, step), {"action": "next"})
    response.refresh_from_db()
    assert response.submitted_at is not None
    again = client.post(step_url(response, 1), {"answer": "never", "action": "next"})
    assert again.status_code == 302 and again.url.endswith("/done/")
    assert Answer.objects.get(response=response, question__name="reading").choices == ["often"]


def test_it_answers_404_for_an_unknown_code_or_token(client, distribution):
    assert client.get("/q/nosuchcode/").status_code == 404
    assert client.get(f"/q/{distribution.code}/r/{'x' * 43}/1/").status_code == 404


def test_it_sets_no_cookie_creates_no_session_and_stores_no_ip(client, distribution):
    pages = [client.get(start_url(distribution))]
    started = client.post(start_url(distribution), {"language": "nl"}, REMOTE_ADDR="203.0.113.7")
    pages.append(started)
    response = Response.objects.get()
    pages.append(client.get(step_url(response, 0)))
    pages.append(client.get(step_url(response, 1)))
    pages.append(client.post(step_url(response, 1), {"answer": "often", "action": "next"}))
    for page in pages:
        assert set(page.cookies) <= {"csrftoken"}, page.cookies
        assert "sessionid" not in page.cookies
    assert not client.cookies
    assert not Session.objects.exists()
    field_values = [str(getattr(response, f.attname)) for f in Response._meta.concrete_fields]
    assert not any("203.0.113.7" in value for value in field_values)
    assert not any("ip" in f.name.lower() for f in Response._meta.concrete_fields if f.name != "is_demo")


def test_it_marks_a_response_assisted_only_for_a_member_of_the_workspace(
    client, client_for, distribution, bob, dave
):
    client.post(start_url(distribution), {"language": "nl", "assisted": "1"})
    assert Response.objects.get().assisted is False
    Response.objects.all().delete()
    outsider = client_for(dave)
    outsider.post(start_url(distribution), {"language": "nl", "assisted": "1"})
    assert Response.objects.get().assisted is False
    Response.objects.all().delete()
    member = client_for(bob)
    page = member.get(start_url(distribution) + "?assisted=1")
    assert 'name="assisted" value="1"' in page.content.decode()
    member.post(start_url(distribution), {"language": "nl", "assisted": "1"})
    assert Response.objects.get().assisted is True


def test_it_does_a_bounded_number_of_queries_per_step(client, distribution, django_assert_max_num_queries):
    response = begin(client, distribution)
    with django_assert_max_num_queries(6):
        client.get(step_url(response, 1))
    with django_assert_max_num_queries(12):
        client.post(step_url(response, 1), {"answer": "never", "action": "next"})
    with django_assert_max_num_queries(6):
        client.get(step_url(response, 6))
