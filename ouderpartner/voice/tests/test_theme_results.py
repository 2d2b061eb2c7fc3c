"""Accepted themes on the results page, in its XLSX export and in the API: published counts only, suggestions
never, hidden answers not counted, only where open answers may be read, and no extra queries per theme."""

from __future__ import annotations

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from ouderpartner.api.tests.conftest import url as api_url
from ouderpartner.network.tests.factories import LocationFactory, OrganisationFactory
from ouderpartner.voice.models import Answer, Theme
from ouderpartner.voice.tests.factories import questionnaire_with_questions
from ouderpartner.voice.tests.theme_helpers import LANGUAGE_CLASS, MONEY, READING, answer_all, make_theme

pytestmark = pytest.mark.django_db


def url(name: str, pk: int) -> str:
    return reverse(f"voice:{name}", kwargs={"ws": "utrecht", "pk": pk})


@pytest.fixture
def place(utrecht):
    return LocationFactory(organisation=OrganisationFactory(workspace=utrecht))


@pytest.fixture
def questionnaire(utrecht):
    return questionnaire_with_questions(utrecht)


@pytest.fixture
def themed(questionnaire, place):
    """Reading (7 answers, one hidden: 6 counted), language class (6, suggested only), money (3)."""
    reading = answer_all(questionnaire, place, READING)
    Answer.objects.filter(pk=reading[0].pk).update(moderation=Answer.Moderation.HIDDEN)
    Answer.objects.filter(pk__in=[a.pk for a in reading[1:4]]).update(moderation=Answer.Moderation.APPROVED)
    return {
        "reading": make_theme(questionnaire, reading, name="Lezen", status=Theme.Status.ACCEPTED),
        "language": make_theme(
            questionnaire, answer_all(questionnaire, place, LANGUAGE_CLASS), name="taalles"
        ),
        "money": make_theme(
            questionnaire,
            answer_all(questionnaire, place, MONEY[:3]),
            name="Geld",
            status=Theme.Status.ACCEPTED,
        ),
    }


def themes_table(html: str) -> str:
    start = html.index('class="utrecht-table utrecht-table--html-table op-insight-table op-themes-results"')
    return html[start : html.index("</table>", start)]


def test_the_results_page_shows_accepted_themes_with_published_counts(
    client_for, carol, questionnaire, themed
):
    html = client_for(carol).get(url("questionnaire_results", questionnaire.pk)).content.decode()
    table = themes_table(html)
    assert "Lezen" in table and "Geld" in table and "taalles" not in table
    assert table.index("Lezen") < table.index("Geld")  # largest first
    cells = [cell.split("</td>")[0] for cell in table.split('<td class="utrecht-table__cell op-number">')[1:]]
    assert cells == ["5", "&lt; 5"]  # 6 counted (one hidden) rounded to 5; 3 suppressed
    assert url("questionnaire_themes", questionnaire.pk) not in html  # carol reads, she does not manage


def test_themes_are_shown_only_where_open_answers_may_be_read(client_for, alice, questionnaire, themed):
    page = url("questionnaire_results", questionnaire.pk)
    assert "op-themes-results" in client_for(alice).get(page).content.decode()
    questionnaire.responses.exclude(answers__themes=themed["money"]).delete()
    html = client_for(alice).get(page).content.decode()
    assert "op-themes-results" not in html and "Geld" not in html  # 3 parents: fewer than 10


def test_the_export_and_the_api_hold_the_same_published_themes(client_for, carol, questionnaire, themed):
    response = client_for(carol).get(url("questionnaire_results_export", questionnaire.pk))
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert ("Lezen", 5, "Nederlands") in [row[:3] for row in rows]
    assert ("Geld", "< 5", "Nederlands") in [row[:3] for row in rows]
    assert not any(row[0] == "taalles" for row in rows)
    body = (
        client_for(carol)
        .get(api_url("questionnaire", ws="utrecht", pk=questionnaire.pk, action="results"))
        .json()
    )
    remark = next(q for q in body["questions"] if q["name"] == "remark")
    assert remark["themes"] == [
        {
            "id": themed["reading"].pk,
            "name": "Lezen",
            "language": "nl",
            "answers": {"value": 5, "suppressed": False},
        },
        {
            "id": themed["money"].pk,
            "name": "Geld",
            "language": "nl",
            "answers": {"value": None, "suppressed": True},
        },
    ]
    assert all(q["themes"] == [] for q in body["questions"] if q["name"] != "remark")


def test_more_themes_cost_no_more_queries(client_for, alice, questionnaire, themed, place):
    client = client_for(alice)
    counts = []
    for round_ in range(2):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url("questionnaire_results", questionnaire.pk)).status_code == 200
        counts.append(len(queries))
        for n in range(3):
            make_theme(
                questionnaire,
                answer_all(questionnaire, place, MONEY),
                name=f"t{round_}{n}",
                status="accepted",
            )
    assert counts[0] == counts[1]
