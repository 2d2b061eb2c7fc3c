"""API: a questionnaire's results, published through the disclosure rules only."""

from __future__ import annotations

import secrets

import pytest
from django.utils import timezone

from ouderpartner.api.tests.conftest import url
from ouderpartner.voice.models import Answer, Response
from ouderpartner.voice.tests.factories import DistributionFactory, questionnaire_with_questions

pytestmark = pytest.mark.django_db

OPEN_TEXT = "Ik lees voor in het Tigrinya"


def answer(questionnaire, distribution, reading: str, *, language: str = "nl") -> None:
    response = Response.objects.create(
        workspace=questionnaire.workspace,
        questionnaire=questionnaire,
        distribution=distribution,
        location=distribution.location,
        language=language,
        token=secrets.token_urlsafe(32),
        submitted_at=timezone.now(),
    )
    questions = {q.name: q for q in questionnaire.questions.all()}
    Answer.objects.create(response=response, question=questions["reading"], choices=[reading])
    Answer.objects.create(response=response, question=questions["remark"], text=OPEN_TEXT)


@pytest.fixture
def questionnaire(utrecht):
    questionnaire = questionnaire_with_questions(utrecht)
    distribution = DistributionFactory(questionnaire=questionnaire)
    for _ in range(12):
        answer(questionnaire, distribution, "often")
    for _ in range(2):
        answer(questionnaire, distribution, "never", language="ar")
    return questionnaire


def results_url(questionnaire, ws: str = "utrecht") -> str:
    return url("questionnaire", ws=ws, pk=questionnaire.pk, action="results")


def test_it_shows_only_published_values_and_hides_small_groups(api, carol, questionnaire):
    response = api(carol).get(results_url(questionnaire))
    assert response.status_code == 200
    body = response.json()
    assert body["responses"] == {"value": 15, "suppressed": False}  # 14 rounded to 5
    reading = next(q for q in body["questions"] if q["name"] == "reading")
    by_value = {row["value"]: row for row in reading["rows"]}
    # 12 is published rounded to 5, or hidden too so that the 2 cannot be worked out from the total
    assert by_value["often"]["cells"][0]["value"] in (10, None)
    assert by_value["never"]["cells"][0] == {"value": None, "suppressed": True}
    for row in reading["rows"]:
        for cell in row["cells"]:
            assert set(cell) == {"value", "suppressed"}
            assert cell["value"] is None or cell["value"] % 5 == 0
    remark = next(q for q in body["questions"] if q["name"] == "remark")
    assert set(remark["open_answers"]) == {"value", "suppressed"}
    assert OPEN_TEXT not in response.content.decode()


def test_it_breaks_down_by_language_and_rejects_an_unknown_breakdown(api, bob, questionnaire):
    client = api(bob)
    body = client.get(results_url(questionnaire), {"breakdown": "language"}).json()
    assert len(body["columns"]) == 2
    bad = client.get(results_url(questionnaire), {"breakdown": "parent"})
    assert bad.status_code == 400
    assert "breakdown" in bad.json()
    assert client.get(results_url(questionnaire), {"place": "abc"}).status_code == 400


def test_the_outsider_gets_404(api, dave, questionnaire):
    client = api(dave)
    assert client.get(results_url(questionnaire)).status_code == 404
    assert client.get(results_url(questionnaire, ws="amersfoort")).status_code == 404


def test_the_results_take_the_same_queries_for_few_and_many_responses(
    api, alice, utrecht, django_assert_max_num_queries
):
    client = api(alice)
    questionnaire = questionnaire_with_questions(utrecht)
    distribution = DistributionFactory(questionnaire=questionnaire)
    for _ in range(3):
        answer(questionnaire, distribution, "often")
    with django_assert_max_num_queries(20) as few:
        assert client.get(results_url(questionnaire), {"breakdown": "place"}).status_code == 200
    for _ in range(9):
        answer(questionnaire, DistributionFactory(questionnaire=questionnaire), "sometimes")
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(results_url(questionnaire), {"breakdown": "place"}).status_code == 200


def test_it_includes_the_published_you_said_we_did_items_of_the_questionnaire_and_its_themes(
    api, carol, utrecht, questionnaire
):
    from ouderpartner.voice.models import Feedback, Theme

    theme = Theme.objects.create(
        workspace=utrecht, questionnaire=questionnaire, name="Boeken", status="accepted"
    )
    Feedback.objects.create(
        workspace=utrecht,
        questionnaire=questionnaire,
        said={"nl": "Meer voorlezen", "en": "More reading"},
        done={"nl": "Voorlezen op woensdag", "en": "Reading on Wednesdays"},
        published=True,
    )
    Feedback.objects.create(workspace=utrecht, theme=theme, done={"nl": "Een boekenkast"}, published=True)
    Feedback.objects.create(workspace=utrecht, questionnaire=questionnaire, done={"nl": "Concept"})
    body = api(carol).client.get(results_url(questionnaire), HTTP_ACCEPT_LANGUAGE="en").json()
    assert body["questions"][0]["text"] == "Do you read aloud?"
    assert body["feedback"] == [
        {"theme": "Boeken", "said": "", "done": "Een boekenkast"},
        {"theme": "", "said": "More reading", "done": "Reading on Wednesdays"},
    ]
