"""The results page quotes approved open answers only (groups of at least 10) and shows "you said, we did"."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from ouderpartner.network.tests.factories import LocationFactory, OrganisationFactory
from ouderpartner.voice.models import Answer, Feedback, Theme
from ouderpartner.voice.tests.factories import (
    DistributionFactory,
    QuestionnaireFactory,
    questionnaire_with_questions,
)
from ouderpartner.voice.tests.test_insights import respond, section

pytestmark = pytest.mark.django_db


@pytest.fixture
def places(utrecht):
    return [
        LocationFactory(organisation=OrganisationFactory(workspace=utrecht, name=name))
        for name in ("Anemoon", "Boterbloem")
    ]


@pytest.fixture
def questionnaire(utrecht, places):
    questionnaire = questionnaire_with_questions(utrecht)
    for place in places:
        DistributionFactory(questionnaire=questionnaire, location=place)
    return questionnaire


def results_url(questionnaire, query: str = "") -> str:
    path = reverse("voice:questionnaire_results", kwargs={"ws": "utrecht", "pk": questionnaire.pk})
    return f"{path}?{query}" if query else path


def answered(
    questionnaire, place, text: str, *, moderation: str = "approved", language: str = "nl", age: int = 0
):
    """One sent response with an open answer, moderated as asked, sent `age` minutes ago."""
    response = respond(questionnaire, place, language=language, remark=text)
    response.submitted_at = timezone.now() - timedelta(minutes=age)
    response.save()
    Answer.objects.filter(response=response).update(moderation=moderation)
    return response


def quotes(html: str, questionnaire) -> list[str]:
    remark = section(html, questionnaire, "remark")
    return re.findall(r'<blockquote[^>]*><p class="utrecht-paragraph">(.*?)</p></blockquote>', remark, re.S)


def test_it_quotes_only_approved_answers_newest_first_never_pending_or_hidden(
    client_for, carol, questionnaire, places
):
    for n in range(8):
        answered(questionnaire, places[0], f"Goedgekeurd {n}", age=n)
    answered(questionnaire, places[0], "Nog niet gelezen", moderation="pending")
    answered(questionnaire, places[0], "Verborgen met 06-12345678", moderation="hidden")
    html = client_for(carol).get(results_url(questionnaire)).content.decode()
    assert quotes(html, questionnaire) == [f"Goedgekeurd {n}" for n in range(8)]
    assert "Nog niet gelezen" not in html and "06-12345678" not in html
    assert "Wacht op moderatie" not in html  # a viewer is not told about the queue
    assert "/moderation/" not in html


def test_it_explains_why_nothing_is_quoted_below_10_parents(client_for, alice, questionnaire, places):
    for n in range(9):
        answered(questionnaire, places[0], f"Goedgekeurd {n}")
    html = client_for(alice).get(results_url(questionnaire)).content.decode()
    assert quotes(html, questionnaire) == []
    assert "Goedgekeurd" not in html
    assert "alleen getoond als ten minste 10 ouders in deze selectie antwoordden" in html


def test_a_place_filter_that_leaves_fewer_than_10_parents_quotes_nothing(
    client_for, carol, questionnaire, places
):
    for n in range(12):
        answered(questionnaire, places[n % 2], f"Citaat {n}")
    client = client_for(carol)
    assert len(quotes(client.get(results_url(questionnaire)).content.decode(), questionnaire)) == 12
    html = client.get(results_url(questionnaire, f"place={places[0].pk}")).content.decode()
    assert quotes(html, questionnaire) == [] and "Citaat" not in html


def test_a_workspace_threshold_above_10_is_the_minimum_for_quotes(
    client_for, carol, utrecht, questionnaire, places
):
    utrecht.disclosure_threshold = 15
    utrecht.save()
    for n in range(12):
        answered(questionnaire, places[0], f"Antwoord {n}")
    html = client_for(carol).get(results_url(questionnaire)).content.decode()
    assert quotes(html, questionnaire) == []
    assert "ten minste 15 ouders" in html


def test_it_quotes_in_the_parents_language_right_to_left_and_holds_back_a_small_language_group(
    client_for, carol, questionnaire, places
):
    for n in range(10):
        answered(questionnaire, places[0], f"Nederlands {n}")
    for n in range(10):
        answered(questionnaire, places[0], f"نقرأ كل مساء {n}", language="ar")
    answered(questionnaire, places[0], "Tigrinya ሰላም", language="ti")
    html = client_for(carol).get(results_url(questionnaire)).content.decode()
    remark = section(html, questionnaire, "remark")
    assert remark.count('lang="ar" dir="rtl"') == 10
    assert remark.count('lang="nl" dir="ltr"') == 10
    assert "ሰላም" not in html
    assert "&lt; 5 goedgekeurde antwoorden worden niet getoond" in remark


def test_it_quotes_at_most_20_and_publishes_how_many_more(client_for, carol, questionnaire, places):
    for n in range(27):
        answered(questionnaire, places[0], f"Antwoord {n:02d}", age=n)
    html = client_for(carol).get(results_url(questionnaire)).content.decode()
    assert quotes(html, questionnaire) == [f"Antwoord {n:02d}" for n in range(20)]
    assert "En nog 5 goedgekeurde antwoorden." in html  # 7, rounded to 5


def test_coordinators_see_how_many_wait_with_a_link_to_the_queue(client_for, alice, questionnaire, places):
    for n in range(12):
        answered(questionnaire, places[0], f"Antwoord {n}", moderation="pending" if n < 7 else "approved")
    html = client_for(alice).get(results_url(questionnaire)).content.decode()
    remark = section(html, questionnaire, "remark")
    assert "Wacht op moderatie: 5." in remark  # 7, rounded to 5
    queue = reverse("voice:questionnaire_moderation", kwargs={"ws": "utrecht", "pk": questionnaire.pk})
    assert f'href="{queue}?question={questionnaire.questions.get(name="remark").pk}"' in remark
    assert len(quotes(html, questionnaire)) == 5


def test_the_export_holds_no_open_answer_texts(client_for, carol, questionnaire, places):
    for n in range(12):
        answered(questionnaire, places[0], f"Geheim antwoord {n}")
    response = client_for(carol).get(
        reverse("voice:questionnaire_results_export", kwargs={"ws": "utrecht", "pk": questionnaire.pk})
    )
    workbook = load_workbook(io.BytesIO(response.content))
    cells = [str(c) for sheet in workbook for row in sheet.iter_rows(values_only=True) for c in row if c]
    assert not any("Geheim antwoord" in c for c in cells)


# --- "You said, we did" ---------------------------------------------------------------------------


@pytest.fixture
def feedback_items(utrecht, questionnaire):
    theme = Theme.objects.create(
        workspace=utrecht, questionnaire=questionnaire, name="Meer boeken", status=Theme.Status.ACCEPTED
    )
    other = QuestionnaireFactory(workspace=utrecht)
    make = Feedback.objects.create
    return {
        "own": make(
            workspace=utrecht,
            questionnaire=questionnaire,
            said={"nl": "Meer voorlezen", "en": "More reading"},
            done={"nl": "Voorlezen op woensdag", "en": "Reading on Wednesdays"},
            published=True,
        ),
        "theme": make(
            workspace=utrecht,
            theme=theme,
            said={"nl": "Te weinig boeken"},
            done={"nl": "Boekenkast"},
            published=True,
        ),
        "draft": make(workspace=utrecht, questionnaire=questionnaire, done={"nl": "Nog concept"}),
        "other": make(
            workspace=utrecht, questionnaire=other, done={"nl": "Andere vragenlijst"}, published=True
        ),
        "everywhere": make(workspace=utrecht, done={"nl": "Na elke vragenlijst"}, published=True),
    }


def you_said(html: str) -> str:
    match = re.search(r'<section class="op-insight op-you-said".*?</section>', html, re.S)
    assert match
    return match.group()


def test_the_results_page_shows_published_feedback_about_the_questionnaire_and_its_themes(
    client_for, carol, questionnaire, feedback_items
):
    html = you_said(client_for(carol).get(results_url(questionnaire)).content.decode())
    assert "U zei, wij deden" in html
    assert "Voorlezen op woensdag" in html and "Meer voorlezen" in html
    assert "Thema: Meer boeken" in html and "Boekenkast" in html
    assert html.index("Boekenkast") < html.index("Voorlezen op woensdag")  # newest first
    for text in ("Nog concept", "Andere vragenlijst", "Na elke vragenlijst"):
        assert text not in html
    assert "feedback/new/" not in html  # only coordinators get the link to add one


def test_the_results_page_shows_feedback_in_english_for_an_english_reader(
    client_for, carol, questionnaire, feedback_items
):
    client = client_for(carol)
    client.cookies["django_language"] = "en"
    html = you_said(client.get(results_url(questionnaire), HTTP_ACCEPT_LANGUAGE="en").content.decode())
    assert '<span lang="en">Reading on Wednesdays</span>' in html
    assert '<span lang="nl">Boekenkast</span>' in html  # Dutch where the English is missing


def test_the_results_page_without_feedback_says_so_and_offers_coordinators_to_add_one(
    client_for, alice, questionnaire
):
    html = you_said(client_for(alice).get(results_url(questionnaire)).content.decode())
    assert "Er is nog niets gepubliceerd" in html
    assert reverse("voice:feedback_create", kwargs={"ws": "utrecht"}) in html


def test_the_export_has_a_sheet_with_the_feedback(client_for, carol, questionnaire, feedback_items):
    feedback_items["theme"].said = {"nl": "=HYPERLINK(1)"}
    feedback_items["theme"].save()
    response = client_for(carol).get(
        reverse("voice:questionnaire_results_export", kwargs={"ws": "utrecht", "pk": questionnaire.pk})
    )
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames[-1] == "U zei, wij deden"
    rows = list(workbook["U zei, wij deden"].iter_rows(values_only=True))
    assert rows[0] == ("Thema", "Ouders zeiden", "Wij deden")
    assert rows[1:] == [
        ("Meer boeken", "'=HYPERLINK(1)", "Boekenkast"),
        (None, "Meer voorlezen", "Voorlezen op woensdag"),
    ]
