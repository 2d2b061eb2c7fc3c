"""Theme screens: coordinators only (others 403, outsiders 404), plain forms that work without JavaScript,
published counts, examples never hidden and marked while waiting, bounded queries."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ouderpartner.core.models import AuditEvent
from ouderpartner.network.tests.factories import LocationFactory, OrganisationFactory
from ouderpartner.voice.models import Answer, Feedback, Theme
from ouderpartner.voice.tests.factories import questionnaire_with_questions
from ouderpartner.voice.tests.theme_helpers import LANGUAGE_CLASS, MONEY, READING, answer_all, make_theme

pytestmark = pytest.mark.django_db


def url(name: str, pk: int, ws: str = "utrecht") -> str:
    return reverse(f"voice:{name}", kwargs={"ws": ws, "pk": pk})


@pytest.fixture
def place(utrecht):
    return LocationFactory(organisation=OrganisationFactory(workspace=utrecht))


@pytest.fixture
def questionnaire(utrecht):
    return questionnaire_with_questions(utrecht)


@pytest.fixture
def reading(questionnaire, place):
    answers = answer_all(questionnaire, place, [*READING, "Boeken lenen"])
    Answer.objects.filter(pk__in=[a.pk for a in answers[:5]]).update(moderation=Answer.Moderation.APPROVED)
    Answer.objects.filter(pk=answers[5].pk).update(moderation=Answer.Moderation.HIDDEN)
    return make_theme(questionnaire, answers)


def test_the_coordinator_sees_themes_with_published_counts_and_examples(
    client_for, alice, questionnaire, reading
):
    response = client_for(alice).get(url("questionnaire_themes", questionnaire.pk))
    assert response.status_code == 200
    html = response.content.decode()
    row = re.search(rf'<tr class="utrecht-table__row" id="theme-{reading.pk}">(.*?)</tr>', html, re.S).group(
        1
    )
    assert '<td class="utrecht-table__cell op-number">5</td>' in row  # 7 not hidden, rounded to 5
    assert ">7<" not in row and ">8<" not in row
    assert "<q" in row and "waiting for moderation" not in row  # approved ones are shown first
    hidden_text = Answer.objects.get(moderation=Answer.Moderation.HIDDEN).text
    assert hidden_text not in html
    assert ">voorstel<" in row
    # Without JavaScript: every action is a form posting to its own address, or a link.
    for name in ("theme_accept", "theme_delete"):
        assert f'action="{url(name, reading.pk)}"' in row
    assert f'action="{url("questionnaire_themes_merge", questionnaire.pk)}"' in html
    assert f'action="{url("questionnaire_themes_suggest", questionnaire.pk)}"' in html
    assert f'form="merge-{reading.question_id}"' in row


def test_waiting_answers_are_marked_and_the_theme_page_lists_all_but_hidden(
    client_for, alice, questionnaire, reading
):
    Answer.objects.filter(themes=reading).exclude(moderation=Answer.Moderation.HIDDEN).update(
        moderation=Answer.Moderation.PENDING
    )
    client = client_for(alice)
    html = client.get(url("questionnaire_themes", questionnaire.pk)).content.decode()
    assert html.count("op-badge--warning") == 3  # three examples, each marked
    page = client.get(url("theme_detail", reading.pk)).content.decode()
    assert page.count('<input type="hidden" name="action" value="remove">') == 7
    assert Answer.objects.get(moderation=Answer.Moderation.HIDDEN).text not in page


@pytest.mark.parametrize("user", ["bob", "carol"])
def test_professionals_and_readers_may_not_see_themes(client_for, request, user, questionnaire, reading):
    client = client_for(request.getfixturevalue(user))
    assert client.get(url("questionnaire_themes", questionnaire.pk)).status_code == 403
    assert client.get(url("theme_detail", reading.pk)).status_code == 403
    assert client.post(url("questionnaire_themes_suggest", questionnaire.pk)).status_code == 403
    assert client.post(url("theme_accept", reading.pk)).status_code == 403
    reading.refresh_from_db()
    assert reading.status == Theme.Status.SUGGESTED


def test_it_is_404_for_the_outsider(client_for, dave, questionnaire, reading):
    client = client_for(dave)
    for ws in ("utrecht", "amersfoort"):
        assert client.get(url("questionnaire_themes", questionnaire.pk, ws)).status_code == 404
        assert client.get(url("theme_detail", reading.pk, ws)).status_code == 404
        for name in ("theme_accept", "theme_delete", "theme_rename", "theme_answers"):
            assert client.post(url(name, reading.pk, ws), {"name": "x"}).status_code == 404
        for name in ("questionnaire_themes_suggest", "questionnaire_themes_merge"):
            assert client.post(url(name, questionnaire.pk, ws)).status_code == 404
    assert Theme.objects.get().name == "boeken · bibliotheek"
    assert not AuditEvent.objects.exists()


def test_suggesting_from_the_page_makes_themes_and_explains_what_it_could_not(
    client_for, alice, questionnaire, place
):
    answer_all(questionnaire, place, [*READING, *LANGUAGE_CLASS, *MONEY])
    answer_all(questionnaire, place, ["Türkçe kitaplar", "Okul bilgi"], language="tr")
    client = client_for(alice)
    response = client.post(url("questionnaire_themes_suggest", questionnaire.pk), follow=True)
    assert response.redirect_chain[-1][0] == url("questionnaire_themes", questionnaire.pk)
    html = response.content.decode()
    assert Theme.objects.filter(status=Theme.Status.SUGGESTED, language="nl").count() == 3
    assert "3 thema&#x27;s voorgesteld" in html
    assert "Türkçe" in html  # the language of the answers that were too few
    assert client.get(url("questionnaire_themes_suggest", questionnaire.pk)).status_code == 405


def test_accept_reject_rename_and_delete_through_plain_forms(
    client_for, alice, questionnaire, reading, place
):
    client = client_for(alice)
    other = make_theme(questionnaire, answer_all(questionnaire, place, MONEY), name="geld")
    response = client.post(url("theme_accept", reading.pk))
    assert response.status_code == 302 and response.url.endswith(f"#question-{reading.question_id}")
    reading.refresh_from_db()
    assert reading.status == Theme.Status.ACCEPTED
    # A suggestion is rejected at once; an accepted theme is deleted after a confirmation page.
    assert client.post(url("theme_delete", other.pk)).status_code == 302
    assert not Theme.objects.filter(pk=other.pk).exists()
    assert client.get(url("theme_delete", reading.pk)).status_code == 200
    # Renaming: an empty name is refused next to the field, nothing saved.
    response = client.post(url("theme_rename", reading.pk), {"name": "  "})
    assert response.status_code == 400
    assert 'id="id_name_error"' in response.content.decode()
    reading.refresh_from_db()
    assert reading.name == "boeken · bibliotheek"
    response = client.post(url("theme_rename", reading.pk), {"name": "Lezen met de bibliotheek"})
    assert response.status_code == 302
    reading.refresh_from_db()
    assert reading.name == "Lezen met de bibliotheek"
    assert client.post(url("theme_delete", reading.pk)).status_code == 302
    assert not Theme.objects.exists()


def test_merging_from_the_page(client_for, alice, utrecht, questionnaire, reading, place):
    other = make_theme(questionnaire, answer_all(questionnaire, place, LANGUAGE_CLASS), name="taalles")
    feedback = Feedback.objects.create(workspace=utrecht, done={"nl": "Taalles op dinsdag"}, theme=other)
    client = client_for(alice)
    merge = url("questionnaire_themes_merge", questionnaire.pk)
    # One theme only: the page comes back with the error next to the name field, the choice and name kept.
    response = client.post(merge, {"themes": [reading.pk], "name": "Leren", "question": reading.question_id})
    assert response.status_code == 400
    html = response.content.decode()
    assert f'id="merge-name-{reading.question_id}_error"' in html and 'value="Leren"' in html
    assert re.search(rf'value="{reading.pk}" id="merge-{reading.pk}" form="[^"]+" checked', html)
    assert Theme.objects.count() == 2
    response = client.post(
        merge, {"themes": [reading.pk, other.pk, "x", "99999999"], "name": "Leren", "question": "y"}
    )
    assert response.status_code == 302
    merged = Theme.objects.get()
    assert merged.name == "Leren" and merged.status == Theme.Status.ACCEPTED
    assert merged.answers.count() == 8 + len(LANGUAGE_CLASS)
    feedback.refresh_from_db()
    assert feedback.theme_id == merged.pk


def test_answers_are_added_and_removed_on_the_theme_page(client_for, alice, questionnaire, reading, place):
    (money,) = answer_all(questionnaire, place, ["Geld voor zwemles"])
    client = client_for(alice)
    page = client.get(url("theme_detail", reading.pk) + "?q=zwemles").content.decode()
    assert "Geld voor zwemles" in page and "Meer boeken in de bibliotheek" in page
    response = client.post(
        url("theme_answers", reading.pk), {"answer": money.pk, "action": "add", "q": "zwem"}
    )
    assert response.status_code == 302 and response.url.endswith("?q=zwem")
    assert reading.answers.filter(pk=money.pk).exists()
    client.post(url("theme_answers", reading.pk), {"answer": money.pk, "action": "remove"})
    assert not reading.answers.filter(pk=money.pk).exists()
    assert client.post(url("theme_answers", reading.pk), {"answer": "abc"}).status_code == 404


def test_the_pages_use_a_fixed_number_of_queries(client_for, alice, questionnaire, reading, place):
    client = client_for(alice)
    # The first look at a theme's answers in a session is audited (one insert); a repeat is not.
    client.get(url("theme_detail", reading.pk))
    counts = []
    for n in range(2):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url("questionnaire_themes", questionnaire.pk)).status_code == 200
            assert client.get(url("theme_detail", reading.pk)).status_code == 200
        counts.append(len(queries))
        for index in range(4):
            make_theme(questionnaire, answer_all(questionnaire, place, MONEY), name=f"geld {n}{index}")
    assert counts[0] == counts[1]


def test_the_page_stays_within_its_query_budget(
    client_for, alice, questionnaire, reading, django_assert_max_num_queries
):
    client = client_for(alice)
    with django_assert_max_num_queries(14):
        client.get(url("questionnaire_themes", questionnaire.pk))
    with django_assert_max_num_queries(12):
        client.get(url("theme_detail", reading.pk))


def test_the_questionnaire_and_results_pages_link_to_the_themes(client_for, alice, carol, questionnaire):
    themes_url = url("questionnaire_themes", questionnaire.pk)
    assert themes_url in client_for(alice).get(url("questionnaire_detail", questionnaire.pk)).content.decode()
    assert (
        themes_url in client_for(alice).get(url("questionnaire_results", questionnaire.pk)).content.decode()
    )
    assert (
        themes_url
        not in client_for(carol).get(url("questionnaire_results", questionnaire.pk)).content.decode()
    )
