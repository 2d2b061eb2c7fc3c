"""The row-level export of a questionnaire's responses: coordinators only, audited, open answers on request."""

from __future__ import annotations

import io
import secrets

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from ouderpartner.core.models import AuditEvent
from ouderpartner.network.tests.factories import NeighbourhoodFactory
from ouderpartner.voice.models import Answer, Response
from ouderpartner.voice.tests.factories import DistributionFactory, questionnaire_with_questions

pytestmark = pytest.mark.django_db

SECRET = "Mijn buurvrouw Fatima helpt mij"


@pytest.fixture
def questionnaire(utrecht):
    return questionnaire_with_questions(utrecht)


def add_responses(questionnaire, count: int, *, demo: bool = False) -> None:
    distribution = DistributionFactory(questionnaire=questionnaire)
    neighbourhood = NeighbourhoodFactory(workspace=questionnaire.workspace, name="Kanaleneiland")
    questions = {q.name: q for q in questionnaire.questions.all()}
    for index in range(count):
        response = Response.objects.create(
            workspace=questionnaire.workspace,
            questionnaire=questionnaire,
            distribution=distribution,
            location=distribution.location,
            neighbourhood=neighbourhood,
            language="ar" if index % 2 else "nl",
            token=secrets.token_urlsafe(32),
            assisted=index == 0,
            is_demo=demo,
            submitted_at=timezone.now(),
        )
        Answer.objects.create(response=response, question=questions["reading"], choices=["never"])
        Answer.objects.create(response=response, question=questions["why_not"], text=SECRET)
        Answer.objects.create(response=response, question=questions["children"], number=index + 1)
        Answer.objects.create(response=response, question=questions["wishes"], choices=["books", "music"])
    # a response that was started but never sent is not exported
    Response.objects.create(
        workspace=questionnaire.workspace,
        questionnaire=questionnaire,
        language="nl",
        token=secrets.token_urlsafe(32),
    )


def export_url(questionnaire, *, ws: str = "utrecht", open_answers: bool = False) -> str:
    name = (
        "voice:questionnaire_response_export_open" if open_answers else "voice:questionnaire_response_export"
    )
    return reverse(name, kwargs={"ws": ws, "pk": questionnaire.pk})


def sheet_of(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    return rows[0], [row for row in rows[1:] if row and row[0] is not None and isinstance(row[0], int)]


def test_it_exports_one_row_per_sent_response_without_open_answers(client_for, alice, questionnaire, utrecht):
    add_responses(questionnaire, 3)
    response = client_for(alice).get(export_url(questionnaire))
    headers, rows = sheet_of(response)
    assert len(rows) == 3
    assert "reading" in headers and "children" in headers and "wishes" in headers
    assert "why_not" not in headers and "remark" not in headers
    assert SECRET.encode() not in response.content
    assert SECRET not in str(rows)
    by_name = dict(zip(headers, rows[-1], strict=False))
    assert by_name["reading"] == "never"
    assert by_name["wishes"] == "books; music"
    assert isinstance(by_name["children"], int)
    assert {row[2] for row in rows} == {"Dutch", "Arabic"}
    assert "Kanaleneiland" in rows[0]
    event = AuditEvent.objects.get(workspace=utrecht, action=AuditEvent.Action.EXPORT)
    assert event.actor == alice
    assert event.changes["rows"] == 3
    assert event.changes["open_answers"] is False


def test_it_includes_open_answers_only_when_asked_and_audits_it(client_for, alice, questionnaire, utrecht):
    add_responses(questionnaire, 2, demo=True)
    headers, rows = sheet_of(client_for(alice).get(export_url(questionnaire, open_answers=True)))
    assert "why_not" in headers
    assert SECRET in [dict(zip(headers, row, strict=False))["why_not"] for row in rows]
    assert all("yes" in row or "ja" in row for row in rows)  # the demo flag
    event = AuditEvent.objects.get(workspace=utrecht, action=AuditEvent.Action.EXPORT)
    assert event.changes["open_answers"] is True
    headers, _rows = sheet_of(client_for(alice).get(export_url(questionnaire) + "?open_answers=1"))
    assert "why_not" in headers


def test_it_refuses_professionals_and_viewers(client_for, bob, carol, questionnaire):
    add_responses(questionnaire, 1)
    for user in (bob, carol):
        client = client_for(user)
        assert client.get(export_url(questionnaire)).status_code == 403
        assert client.get(export_url(questionnaire, open_answers=True)).status_code == 403
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).exists()


def test_the_outsider_gets_404(client_for, dave, questionnaire):
    add_responses(questionnaire, 1)
    client = client_for(dave)
    assert client.get(export_url(questionnaire)).status_code == 404
    assert client.get(export_url(questionnaire, ws="amersfoort")).status_code == 404
    assert client.get(export_url(questionnaire, ws="amersfoort", open_answers=True)).status_code == 404
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).exists()


def test_it_exports_with_the_same_queries_for_3_and_12_responses(
    client_for, alice, utrecht, django_assert_max_num_queries
):
    client = client_for(alice)
    questionnaire = questionnaire_with_questions(utrecht)
    add_responses(questionnaire, 3)
    with django_assert_max_num_queries(15) as three:
        assert len(sheet_of(client.get(export_url(questionnaire)))[1]) == 3
    questionnaire = questionnaire_with_questions(utrecht)
    add_responses(questionnaire, 12)
    with django_assert_max_num_queries(len(three.captured_queries)):
        assert len(sheet_of(client.get(export_url(questionnaire)))[1]) == 12


def test_the_questionnaire_page_offers_both_downloads_to_coordinators_only(
    client_for, alice, bob, questionnaire
):
    page = reverse("voice:questionnaire_detail", kwargs={"ws": "utrecht", "pk": questionnaire.pk})
    content = client_for(alice).get(page).content.decode()
    assert export_url(questionnaire) in content
    assert export_url(questionnaire, open_answers=True) in content
    assert export_url(questionnaire) not in client_for(bob).get(page).content.decode()


def test_an_open_answer_hidden_in_moderation_is_not_exported(client_for, alice, questionnaire):
    add_responses(questionnaire, 2)
    Answer.objects.filter(text=SECRET).update(moderation=Answer.Moderation.HIDDEN)
    response = client_for(alice).get(export_url(questionnaire, open_answers=True))
    headers, rows = sheet_of(response)
    assert SECRET.encode() not in response.content
    values = [dict(zip(headers, row, strict=False))["why_not"] for row in rows]
    assert values and all("moderat" in value for value in values)
