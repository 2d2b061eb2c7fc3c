"""API for issue 4: questionnaires, distributions and conversation records; the cast's access rules."""

from __future__ import annotations

import datetime

import pytest

from ouderpartner.api.tests.conftest import url
from ouderpartner.core.models import AuditEvent
from ouderpartner.network.tests.factories import LocationFactory, OrganisationFactory
from ouderpartner.voice.models import Conversation, Distribution, Questionnaire
from ouderpartner.voice.tests.factories import (
    DistributionFactory,
    QuestionnaireFactory,
    questionnaire_with_questions,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def voice(utrecht, school):
    questionnaire = questionnaire_with_questions(utrecht)
    school_place = school.locations.get()
    school_place.is_trusted_place = True
    school_place.save()
    library = OrganisationFactory(workspace=utrecht, name="Bibliotheek Overvecht", kind="library")
    library_place = LocationFactory(organisation=library, is_trusted_place=True)
    distribution = DistributionFactory(questionnaire=questionnaire, location=library_place)
    own = Conversation.objects.create(
        workspace=utrecht,
        organisation=school,
        date=datetime.date(2026, 3, 2),
        language="ar",
        needs="Meer voorleesboeken in het Arabisch.",
        wants_contact=True,
        contact="06 12345678",
    )
    other = Conversation.objects.create(
        workspace=utrecht,
        organisation=library,
        date=datetime.date(2026, 3, 3),
        language="nl",
        successes="De voorleesochtend loopt goed.",
        wants_contact=True,
        contact="ouder@example.org",
    )
    return {
        "questionnaire": questionnaire,
        "school_place": school_place,
        "library_place": library_place,
        "distribution": distribution,
        "own": own,
        "other": other,
    }


# --- The outsider -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "key"),
    [("questionnaire", "questionnaire"), ("distribution", "distribution"), ("conversation", "own")],
)
def test_the_outsider_gets_404_on_lists_details_and_writes(api, dave, voice, name, key):
    client = api(dave)
    pk = voice[key].pk
    assert client.get(url(name)).status_code == 404
    assert client.get(url(name, pk=pk)).status_code == 404
    assert client.get(url(name, ws="amersfoort", pk=pk)).status_code == 404
    assert client.post(url(name), {}).status_code in (404, 405)
    assert client.patch(url(name, ws="amersfoort", pk=pk), {"title": {"nl": "x"}}).status_code in (404, 405)


def test_the_outsider_cannot_publish_close_or_distribute(api, dave, voice):
    client = api(dave)
    questionnaire, distribution = voice["questionnaire"], voice["distribution"]
    assert (
        client.post(url("questionnaire", ws="amersfoort", pk=questionnaire.pk, action="archive")).status_code
        == 404
    )
    assert client.post(url("questionnaire", pk=questionnaire.pk, action="archive")).status_code == 404
    assert (
        client.post(url("distribution", ws="amersfoort", pk=distribution.pk, action="close")).status_code
        == 404
    )
    body = {"questionnaire": questionnaire.pk, "location": voice["library_place"].pk}
    assert client.post(url("distribution", ws="amersfoort"), body).status_code == 400
    assert Distribution.objects.count() == 1
    questionnaire.refresh_from_db()
    assert questionnaire.status == Questionnaire.Status.PUBLISHED


# --- Questionnaires -----------------------------------------------------------------------------


def test_it_lists_questionnaires_with_questions_options_and_texts_per_language(api, carol, voice):
    body = api(carol).get(url("questionnaire")).json()
    [item] = body["results"]
    assert item["title"]["en"].startswith("Questionnaire")
    assert item["status"] == "published"
    reading = item["questions"][0]
    assert reading["name"] == "reading"
    assert reading["text"]["ar"] == "هل تقرأ بصوت عال؟"
    assert [o["value"] for o in reading["options"]] == ["often", "sometimes", "never"]
    assert reading["options"][0]["pictogram"] == "1F4DA"
    assert item["questions"][1]["show_if_question"] == reading["id"]
    assert item["questions"][1]["show_if_value"] == "never"


def test_it_filters_questionnaires_and_rejects_a_bad_status(api, bob, voice, utrecht):
    QuestionnaireFactory(workspace=utrecht, status=Questionnaire.Status.ARCHIVED)
    client = api(bob)
    assert len(client.get(url("questionnaire")).json()["results"]) == 1
    assert len(client.get(url("questionnaire"), {"status": "archived"}).json()["results"]) == 1
    response = client.get(url("questionnaire"), {"status": "lost"})
    assert response.status_code == 400
    assert "status" in response.json()


def test_a_coordinator_creates_updates_and_publishes_a_questionnaire_through_the_services(
    api, alice, utrecht
):
    client = api(alice)
    response = client.post(
        url("questionnaire"),
        {"title": {"nl": "Voorlezen thuis", "ar": "القراءة في المنزل"}, "languages": ["nl", "ar"]},
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "draft"
    pk = body["id"]
    response = client.patch(url("questionnaire", pk=pk), {"intro": {"nl": "Vijf korte vragen."}})
    assert response.status_code == 200, response.content
    assert response.json()["intro"] == {"nl": "Vijf korte vragen."}
    assert response.json()["title"]["ar"] == "القراءة في المنزل"
    response = client.post(url("questionnaire", pk=pk, action="publish"))
    assert response.status_code == 400  # no questions yet
    assert response.json()["non_field_errors"]
    assert client.post(url("questionnaire", pk=pk, action="archive")).json()["status"] == "archived"
    assert client.post(url("questionnaire", pk=pk, action="restore")).json()["status"] == "draft"
    actions = list(
        AuditEvent.objects.filter(workspace=utrecht, object_type__icontains="questionnaire").values_list(
            "action", flat=True
        )
    )
    assert AuditEvent.Action.CREATE in actions and AuditEvent.Action.ARCHIVE in actions


def test_bad_questionnaire_input_is_a_400_with_messages_and_nothing_saved(api, alice, voice):
    client = api(alice)
    cases = [
        {"title": {"en": "Only English"}, "languages": ["nl", "en"]},
        {"title": {"nl": "Titel"}, "languages": ["xx"]},
        {"title": "not per language", "languages": ["nl"]},
        {"languages": ["nl"]},
    ]
    for body in cases:
        response = client.post(url("questionnaire"), body)
        assert response.status_code == 400, body
        assert response.json()
    assert Questionnaire.objects.count() == 1
    pk = voice["questionnaire"].pk
    assert client.patch(url("questionnaire", pk=pk), {"title": {"nl": ""}}).status_code == 400
    voice["questionnaire"].refresh_from_db()
    assert voice["questionnaire"].title["nl"]


def test_only_coordinators_write_questionnaires(api, bob, carol, voice):
    pk = voice["questionnaire"].pk
    for user in (bob, carol):
        client = api(user)
        assert client.get(url("questionnaire", pk=pk)).status_code == 200
        assert (
            client.post(url("questionnaire"), {"title": {"nl": "X"}, "languages": ["nl"]}).status_code == 403
        )
        assert client.patch(url("questionnaire", pk=pk), {"title": {"nl": "X"}}).status_code == 403
        assert client.post(url("questionnaire", pk=pk, action="archive")).status_code == 403
    assert Questionnaire.objects.get().status == Questionnaire.Status.PUBLISHED


def test_the_questionnaire_list_takes_the_same_queries_for_3_and_12(
    api, carol, utrecht, django_assert_max_num_queries
):
    client = api(carol)
    for _ in range(3):
        questionnaire_with_questions(utrecht)
    client.get(url("questionnaire"))
    with django_assert_max_num_queries(10) as three:
        assert len(client.get(url("questionnaire")).json()["results"]) == 3
    for _ in range(9):
        questionnaire_with_questions(utrecht)
    with django_assert_max_num_queries(len(three.captured_queries)):
        assert len(client.get(url("questionnaire")).json()["results"]) == 12


# --- Distributions ------------------------------------------------------------------------------


def test_everyone_reads_distributions_with_the_public_link(api, carol, voice):
    body = api(carol).get(url("distribution")).json()
    [item] = body["results"]
    distribution = voice["distribution"]
    assert item["link"].endswith(f"/q/{distribution.code}/")
    assert item["state"] == "open"
    assert item["location"]["organisation"]["name"] == "Bibliotheek Overvecht"
    assert api(carol).get(url("distribution", pk=distribution.pk)).json()["code"] == distribution.code


def test_a_professional_distributes_at_their_own_place_only(api, bob, voice, utrecht):
    client = api(bob)
    questionnaire = voice["questionnaire"]
    response = client.post(
        url("distribution"), {"questionnaire": questionnaire.pk, "location": voice["school_place"].pk}
    )
    assert response.status_code == 201, response.content
    assert response.json()["location"]["id"] == voice["school_place"].pk
    response = client.post(
        url("distribution"), {"questionnaire": questionnaire.pk, "location": voice["library_place"].pk}
    )
    assert response.status_code == 400
    assert "location" in response.json()
    assert client.post(url("distribution", pk=voice["distribution"].pk, action="close")).status_code == 403
    assert Distribution.objects.count() == 2
    assert AuditEvent.objects.filter(workspace=utrecht, action=AuditEvent.Action.CREATE).exists()


def test_a_viewer_cannot_distribute_or_close(api, carol, voice):
    client = api(carol)
    body = {"questionnaire": voice["questionnaire"].pk, "location": voice["library_place"].pk}
    assert client.post(url("distribution"), body).status_code == 403
    assert client.post(url("distribution", pk=voice["distribution"].pk, action="close")).status_code == 403


def test_a_coordinator_closes_a_distribution(api, alice, voice):
    response = api(alice).post(url("distribution", pk=voice["distribution"].pk, action="close"))
    assert response.status_code == 200
    assert response.json()["state"] == "closed"
    assert response.json()["closes_at"]


def test_bad_distribution_input_is_a_400_and_nothing_saved(api, alice, voice, utrecht):
    client = api(alice)
    draft = QuestionnaireFactory(workspace=utrecht, status=Questionnaire.Status.DRAFT)
    place = voice["library_place"].pk
    cases = [
        {"questionnaire": draft.pk, "location": place},
        {"questionnaire": voice["questionnaire"].pk, "location": 999999},
        {"questionnaire": "abc", "location": place},
        {"questionnaire": voice["questionnaire"].pk, "location": place, "opens_at": "tomorrow"},
        {
            "questionnaire": voice["questionnaire"].pk,
            "location": place,
            "opens_at": "2026-05-01T10:00:00Z",
            "closes_at": "2026-04-01T10:00:00Z",
        },
    ]
    for body in cases:
        response = client.post(url("distribution"), body)
        assert response.status_code == 400, body
        assert response.json()
    assert Distribution.objects.count() == 1


def test_the_distribution_list_takes_the_same_queries_for_3_and_12(
    api, carol, voice, utrecht, django_assert_max_num_queries
):
    client = api(carol)
    for _ in range(2):
        DistributionFactory(questionnaire=voice["questionnaire"])
    with django_assert_max_num_queries(8) as three:
        assert len(client.get(url("distribution")).json()["results"]) == 3
    for _ in range(9):
        DistributionFactory(questionnaire=voice["questionnaire"])
    with django_assert_max_num_queries(len(three.captured_queries)):
        assert len(client.get(url("distribution")).json()["results"]) == 12


# --- Conversation records -----------------------------------------------------------------------


def test_a_professional_reads_their_own_organisations_records_with_contact(api, bob, voice):
    client = api(bob)
    [item] = client.get(url("conversation")).json()["results"]
    assert item["id"] == voice["own"].pk
    assert item["contact"] == "06 12345678"
    assert client.get(url("conversation", pk=voice["own"].pk)).json()["contact"] == "06 12345678"
    assert client.get(url("conversation", pk=voice["other"].pk)).status_code == 404


def test_a_coordinator_reads_every_record_without_contact(api, alice, voice):
    results = api(alice).get(url("conversation")).json()["results"]
    assert {r["id"] for r in results} == {voice["own"].pk, voice["other"].pk}
    assert all(r["contact"] is None for r in results)
    assert b"06 12345678" not in api(alice).get(url("conversation", pk=voice["own"].pk)).content


def test_a_viewer_reads_no_records_and_nobody_writes_them(api, alice, carol, voice):
    assert api(carol).get(url("conversation")).status_code == 403
    assert api(carol).get(url("conversation", pk=voice["own"].pk)).status_code == 403
    assert api(alice).post(url("conversation"), {"needs": "x"}).status_code == 405
    assert Conversation.objects.count() == 2


def test_unknown_conversation_filters_are_ignored_and_known_ones_apply(api, alice, voice):
    client = api(alice)
    assert len(client.get(url("conversation"), {"age": "old", "place": "x"}).json()["results"]) == 2
    assert [r["language"] for r in client.get(url("conversation"), {"language": "ar"}).json()["results"]] == [
        "ar"
    ]


def test_the_conversation_list_takes_the_same_queries_for_3_and_12(
    api, alice, voice, utrecht, school, django_assert_max_num_queries
):
    client = api(alice)

    def add(n: int) -> None:
        for i in range(n):
            conversation = Conversation.objects.create(
                workspace=utrecht,
                organisation=school,
                date=datetime.date(2026, 1, 1 + i),
                language="tr",
                needs="x",
            )
            conversation.tags.create(workspace=utrecht, name=f"tag {conversation.pk}")

    add(1)
    with django_assert_max_num_queries(8) as three:
        assert len(client.get(url("conversation")).json()["results"]) == 3
    add(9)
    with django_assert_max_num_queries(len(three.captured_queries)):
        assert len(client.get(url("conversation")).json()["results"]) == 12
