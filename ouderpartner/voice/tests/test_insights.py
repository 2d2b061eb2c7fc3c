"""Questionnaire results: only published figures (suppressed, secondary suppression, rounded), tenancy, export."""

from __future__ import annotations

import io
import re
import secrets
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from ouderpartner.core.models import AuditEvent
from ouderpartner.network.tests.factories import LocationFactory, NeighbourhoodFactory, OrganisationFactory
from ouderpartner.voice.models import Answer, Feedback, Question, Response
from ouderpartner.voice.tests.factories import DistributionFactory, questionnaire_with_questions

pytestmark = pytest.mark.django_db


def url(name: str, pk: int, ws: str = "utrecht") -> str:
    return reverse(f"voice:{name}", kwargs={"ws": ws, "pk": pk})


def respond(
    questionnaire, location, *, language: str = "nl", demo: bool = False, sent: bool = True, **answers
):
    """One parent's response by question name: a list for choices, an int for numbers, a str for text."""
    response = Response.objects.create(
        workspace=questionnaire.workspace,
        questionnaire=questionnaire,
        location=location,
        language=language,
        token=secrets.token_urlsafe(32),
        is_demo=demo,
        submitted_at=timezone.now() if sent else None,
    )
    questions = {q.name: q for q in questionnaire.questions.all()}
    for name, value in answers.items():
        question = questions[name]
        if isinstance(value, list):
            Answer.objects.create(response=response, question=question, choices=value)
        elif isinstance(value, int):
            Answer.objects.create(response=response, question=question, number=value)
        else:
            Answer.objects.create(response=response, question=question, text=value)
    return response


@pytest.fixture
def places(utrecht):
    first = LocationFactory(organisation=OrganisationFactory(workspace=utrecht, name="Anemoon"))
    second = LocationFactory(organisation=OrganisationFactory(workspace=utrecht, name="Boterbloem"))
    return first, second


@pytest.fixture
def questionnaire(utrecht, places):
    questionnaire = questionnaire_with_questions(utrecht)
    for place in places:
        DistributionFactory(questionnaire=questionnaire, location=place)
    return questionnaire


def fill(questionnaire, place, counts: dict[str, int], **extra):
    for value, n in counts.items():
        for _ in range(n):
            respond(questionnaire, place, reading=[value], **extra)


def section(html: str, questionnaire, name: str) -> str:
    """The part of the page about one question."""
    pk = questionnaire.questions.get(name=name).pk
    match = re.search(
        rf'<section class="op-insight" aria-labelledby="insight-{pk}">(.*?)</section>', html, re.S
    )
    assert match, name
    return match.group(1)


def row_cells(html: str, label: str) -> list[str]:
    """The texts of the data cells in the first table row headed by `label`."""
    match = re.search(
        rf'<th class="utrecht-table__header-cell" scope="row">{label}</th>(.*?)</tr>', html, re.S
    )
    assert match, label
    return [cell.strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", match.group(1), re.S)]


def test_it_hides_a_cell_of_3_and_one_more_and_rounds_the_totals(client_for, alice, questionnaire, places):
    fill(questionnaire, places[0], {"often": 12, "sometimes": 7, "never": 3})
    html = client_for(alice).get(url("questionnaire_results", questionnaire.pk)).content.decode()
    assert row_cells(html, "Nooit") == ["&lt; 5"]
    assert row_cells(html, "Vaak") == ["10"]
    assert row_cells(html, "Soms") == ["verborgen"]  # hidden too: else 20 - 10 would give it away
    assert row_cells(html, "Totaal") == ["20"]
    reading = section(html, questionnaire, "reading")
    for raw in ("3", "7", "12", "22"):
        assert f">{raw}<" not in reading and f'"{raw}"' not in reading
    assert "Nooit</span>" in html and "&lt; 5</span>" in html  # the chart says "< 5" too, with no bar


def test_it_gives_a_row_with_one_small_cell_a_second_suppression(client_for, alice, questionnaire, places):
    fill(questionnaire, places[0], {"often": 10, "sometimes": 3, "never": 6})
    fill(questionnaire, places[1], {"often": 12, "sometimes": 10, "never": 7})
    html = (
        client_for(alice)
        .get(url("questionnaire_results", questionnaire.pk) + "?breakdown=place")
        .content.decode()
    )
    sometimes = row_cells(html, "Soms")  # Anemoon, Boterbloem, total
    assert sometimes[0] == "&lt; 5"
    assert sum(not cell.isdigit() for cell in sometimes) >= 2
    reading = section(html, questionnaire, "reading")
    assert ">3<" not in reading and ">13<" not in reading
    assert row_cells(html, "Totaal")[-1] == "50"  # 48 parents, rounded to 5


def test_it_uses_the_workspace_threshold_of_10(client_for, alice, utrecht, questionnaire, places):
    utrecht.disclosure_threshold = 10
    utrecht.save()
    fill(questionnaire, places[0], {"often": 14, "sometimes": 8})
    html = client_for(alice).get(url("questionnaire_results", questionnaire.pk)).content.decode()
    assert row_cells(html, "Soms") == ["&lt; 10"]
    assert "&lt; 5" not in html and ">8<" not in html and ">14<" not in html


def test_it_counts_only_sent_answers_and_labels_demo_answers(client_for, carol, questionnaire, places):
    fill(questionnaire, places[0], {"often": 10}, demo=True)
    fill(questionnaire, places[0], {"never": 10}, sent=False)
    response = client_for(carol).get(url("questionnaire_results", questionnaire.pk))
    assert response.status_code == 200
    html = response.content.decode()
    assert row_cells(html, "Vaak") == ["10"] and row_cells(html, "Nooit") == ["0"]
    assert "demo" in html


def test_it_shows_a_mean_only_for_groups_of_k_and_never_open_answers(
    client_for, alice, questionnaire, places
):
    for n in range(12):
        respond(questionnaire, places[n % 2], children=n % 4 + 1, remark=f"geheim {n}")
    for _ in range(4):
        respond(questionnaire, places[0], language="ar", children=7)
    client = client_for(alice)
    html = client.get(
        url("questionnaire_results", questionnaire.pk) + f"?place={places[1].pk}"
    ).content.decode()
    assert "3,0" in html  # 2 + 4 + 2 + 4 + 2 + 4 over 6 parents
    html = client.get(url("questionnaire_results", questionnaire.pk) + "?breakdown=language").content.decode()
    assert "verborgen" in html  # 4 answers in Arabic: no mean
    assert "geheim" not in html


def test_it_ignores_bad_filters(client_for, alice, questionnaire):
    response = client_for(alice).get(
        url("questionnaire_results", questionnaire.pk) + "?place=abc&breakdown=<script>&period=ever"
    )
    assert response.status_code == 200 and b"<script>" not in response.content


def test_it_is_404_for_the_outsider(client_for, dave, questionnaire):
    client = client_for(dave)
    for name in ("questionnaire_results", "questionnaire_results_export"):
        assert client.get(url(name, questionnaire.pk)).status_code == 404
        assert client.get(url(name, questionnaire.pk, ws="amersfoort")).status_code == 404


def test_it_uses_the_same_number_of_queries_for_10_and_60_responses(client_for, alice, questionnaire, places):
    client = client_for(alice)
    counts = []
    for extra in (10, 50):
        for n in range(extra):
            respond(
                questionnaire,
                places[n % 2],
                language="nl" if extra == 10 else ("nl", "ar", "tr")[n % 3],
                reading=["often"],
                happy=n % 5 + 1,
                library=["yes"],
                children=2,
                wishes=["books", "games"],
                remark=f"Open antwoord {n}",
            )
        # approved open answers are quoted and "you said, we did" is shown: still the same queries
        Answer.objects.filter(question__name="remark", response__language="nl").update(moderation="approved")
        for _ in range(extra // 10):
            Feedback.objects.create(
                workspace=questionnaire.workspace,
                questionnaire=questionnaire,
                done={"nl": "x"},
                published=True,
            )
        with CaptureQueriesContext(connection) as queries:
            page = client.get(url("questionnaire_results", questionnaire.pk) + "?breakdown=place")
        assert page.status_code == 200
        assert "Open antwoord" in page.content.decode() and "U zei, wij deden" in page.content.decode()
        counts.append(len(queries))
    assert counts[0] == counts[1] and counts[0] <= 20


def test_the_export_holds_only_published_values_and_is_audited(client_for, carol, questionnaire, places):
    fill(questionnaire, places[0], {"often": 12, "sometimes": 7, "never": 3})
    response = client_for(carol).get(url("questionnaire_results_export", questionnaire.pk))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [cell for row in sheet.iter_rows(values_only=True) for cell in row if cell is not None]
    numbers = [v for v in values if isinstance(v, int | float)]
    assert all(v % 5 == 0 for v in numbers) and 20 in numbers
    assert "< 5" in values and not {3, 7, 12, 22} & set(numbers)
    assert AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT, object_type="questionnaire").exists()


def test_the_questionnaire_page_links_to_the_results(client_for, carol, questionnaire):
    html = client_for(carol).get(url("questionnaire_detail", questionnaire.pk)).content.decode()
    assert url("questionnaire_results", questionnaire.pk) in html


def test_a_scale_is_counted_per_value(client_for, alice, questionnaire, places):
    for _ in range(10):
        respond(questionnaire, places[0], happy=5)
    html = client_for(alice).get(url("questionnaire_results", questionnaire.pk)).content.decode()
    assert row_cells(html, "5") == ["10"]
    assert Question.objects.get(name="happy").kind == Question.Kind.SCALE


def test_it_filters_by_period_and_place(client_for, alice, questionnaire, places):
    fill(questionnaire, places[0], {"often": 10})
    fill(questionnaire, places[1], {"sometimes": 10})
    old = timezone.now() - timedelta(days=400)
    Response.objects.filter(location=places[1]).update(submitted_at=old)
    client = client_for(alice)
    this_year = client.get(url("questionnaire_results", questionnaire.pk) + "?period=year").content.decode()
    assert row_cells(this_year, "Soms") == ["0"] and row_cells(this_year, "Vaak") == ["10"]
    everything = client.get(url("questionnaire_results", questionnaire.pk)).content.decode()
    assert row_cells(everything, "Soms") == ["10"]
    at_second = client.get(url("questionnaire_results", questionnaire.pk) + f"?place={places[1].pk}")
    assert row_cells(at_second.content.decode(), "Vaak") == ["0"]


def test_it_breaks_down_by_neighbourhood_with_unknown_last(client_for, alice, utrecht, questionnaire, places):
    area = NeighbourhoodFactory(workspace=utrecht, name="Lombok")
    fill(questionnaire, places[0], {"often": 10})
    fill(questionnaire, places[0], {"often": 5})
    Response.objects.filter(pk__in=Response.objects.order_by("pk").values("pk")[:10]).update(
        neighbourhood=area
    )
    html = client_for(alice).get(url("questionnaire_results", questionnaire.pk) + "?breakdown=neighbourhood")
    html = html.content.decode()
    reading = section(html, questionnaire, "reading")
    assert reading.index("Lombok") < reading.index("onbekend")
    assert row_cells(reading, "Vaak") == ["10", "5", "15"]


def test_the_export_with_a_breakdown_holds_only_published_values(client_for, alice, questionnaire, places):
    fill(questionnaire, places[0], {"often": 10, "sometimes": 3, "never": 6})
    fill(questionnaire, places[1], {"often": 12, "sometimes": 10, "never": 7})
    response = client_for(alice).get(
        url("questionnaire_results_export", questionnaire.pk) + "?breakdown=place"
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert ("Antwoord", "Anemoon", "Boterbloem", "Totaal") in [tuple(r[:4]) for r in rows]
    numbers = [v for row in rows for v in row if isinstance(v, int | float)]
    assert all(v % 5 == 0 for v in numbers) and 50 in numbers
    assert "< 5" in [v for row in rows for v in row]
