"""The results summary table (ResultTally) gives exactly the figures counted from the answers, after every
kind of write: a response sent, deleted, a place or neighbourhood removed, a question removed."""

from __future__ import annotations

import os
import random
from datetime import timedelta

import pytest
from django.utils import timezone

from ouderpartner.network.tests.factories import LocationFactory, NeighbourhoodFactory, OrganisationFactory
from ouderpartner.voice import answering, insights, overview, tallies
from ouderpartner.voice.models import Response, ResultTally, ResultTallyState
from ouderpartner.voice.tests.factories import DistributionFactory, questionnaire_with_questions
from ouderpartner.voice.tests.test_insights import respond

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith("postgres"),
        reason="the results tally is built on PostgreSQL only (DATABASE_URL not set to PostgreSQL)",
    ),
]

SELECTIONS = [
    {},
    {"breakdown": "place"},
    {"breakdown": "neighbourhood"},
    {"breakdown": "language"},
    {"period": "month"},
    {"period": "year", "breakdown": "language"},
]


@pytest.fixture
def setup(utrecht):
    north = NeighbourhoodFactory(workspace=utrecht, name="Noord")
    places = [
        LocationFactory(
            organisation=OrganisationFactory(workspace=utrecht, name=f"Partner {n}"), neighbourhood=north
        )
        for n in range(2)
    ]
    places.append(LocationFactory(organisation=OrganisationFactory(workspace=utrecht, name="Zonder wijk")))
    questionnaire = questionnaire_with_questions(utrecht)
    for place in places:
        DistributionFactory(questionnaire=questionnaire, location=place)
    rng = random.Random(3)
    for n in range(90):
        place = places[n % 3]
        response = respond(
            questionnaire,
            place,
            language=rng.choice(["nl", "nl", "ar", "tr"]),
            reading=[rng.choice(["often", "sometimes", "never"])],
            happy=rng.randint(1, 5),
            library=[rng.choice(["yes", "no"])],
            children=rng.randint(0, 4),
            wishes=rng.sample(["books", "games", "music"], rng.randint(0, 2)),
        )
        Response.objects.filter(pk=response.pk).update(
            neighbourhood=place.neighbourhood,
            # some last year, so "this month" and "this year" differ from all time
            submitted_at=timezone.now() - timedelta(days=rng.choice([0, 0, 0, 40, 400])),
        )
    respond(questionnaire, places[0], sent=False, reading=["never"])  # not sent: never counted
    return questionnaire, places


def figures(questionnaire, params: dict[str, str]) -> list:
    results = insights.questionnaire_results(
        workspace=questionnaire.workspace, pk=questionnaire.pk, filters_query=params, language="nl"
    )
    return [
        (
            result.question.name,
            result.table.as_json() if result.table else None,
            result.mean,
            result.group_means,
            result.answered,
        )
        for result in results.questions
    ] + [results.columns]


def assert_same_as_counted(questionnaire, places, monkeypatch) -> None:
    selections = [
        *SELECTIONS,
        {"place": str(places[0].pk)},
        {"place": str(places[2].pk), "breakdown": "place"},
    ]
    for params in selections:
        from_tally = figures(questionnaire, params)
        with monkeypatch.context() as patched:
            patched.setattr(tallies, "enabled", lambda: False)
            counted = figures(questionnaire, params)
        assert from_tally == counted, params


def test_it_gives_the_figures_counted_from_the_answers(setup, monkeypatch):
    questionnaire, places = setup
    assert_same_as_counted(questionnaire, places, monkeypatch)
    assert ResultTally.objects.filter(questionnaire=questionnaire).exists()
    assert ResultTallyState.objects.get(questionnaire=questionnaire).responses == 90


def test_it_is_built_once_and_read_after(setup):
    questionnaire, _places = setup
    assert tallies.tally_refresh(questionnaire=questionnaire) is True
    assert tallies.tally_refresh(questionnaire=questionnaire) is False


def test_it_follows_a_response_sent(setup, monkeypatch):
    questionnaire, places = setup
    figures(questionnaire, {})
    unsent = Response.objects.get(questionnaire=questionnaire, submitted_at__isnull=True)
    Response.objects.filter(pk=unsent.pk).update(submitted_at=timezone.now())
    respond(questionnaire, places[1], language="so", reading=["never"], happy=1, wishes=["music"])
    assert_same_as_counted(questionnaire, places, monkeypatch)


def test_it_follows_responses_deleted(setup, monkeypatch):
    questionnaire, places = setup
    figures(questionnaire, {})
    Response.objects.filter(questionnaire=questionnaire, language="ar").delete()
    assert_same_as_counted(questionnaire, places, monkeypatch)


def test_it_follows_a_place_and_a_neighbourhood_removed(setup, monkeypatch):
    questionnaire, places = setup
    figures(questionnaire, {"breakdown": "place"})
    figures(questionnaire, {"breakdown": "neighbourhood"})
    # Responses keep their answers with an unknown place (SET_NULL), as when a place is removed.
    Response.objects.filter(location=places[1]).update(location=None)
    assert_same_as_counted(questionnaire, places, monkeypatch)
    places[0].neighbourhood.delete()
    assert_same_as_counted(questionnaire, places, monkeypatch)


def test_it_follows_a_question_removed(setup, monkeypatch):
    questionnaire, places = setup
    figures(questionnaire, {})
    questionnaire.questions.get(name="wishes").delete()
    assert_same_as_counted(questionnaire, places, monkeypatch)
    assert not ResultTally.objects.filter(questionnaire=questionnaire, question__name="wishes").exists()


def test_a_questionnaire_without_responses_has_an_empty_tally(utrecht, monkeypatch):
    questionnaire = questionnaire_with_questions(utrecht)
    place = LocationFactory(organisation=OrganisationFactory(workspace=utrecht))
    assert_same_as_counted(questionnaire, [place, place, place], monkeypatch)
    assert not ResultTally.objects.filter(questionnaire=questionnaire).exists()


def shared(workspace, params: dict[str, str]) -> list:
    result = overview.voice_overview(workspace=workspace, params=params, language="nl")
    return [(item.name, item.breakdown.as_json()) for item in result.shared_questions]


def test_the_insights_shared_questions_are_the_same_as_counted(setup, monkeypatch):
    questionnaire, places = setup
    other = questionnaire_with_questions(questionnaire.workspace)  # the same short names: shared questions
    DistributionFactory(questionnaire=other, location=places[1])
    for n in range(30):
        respond(other, places[1], language="ar", reading=["often"], happy=n % 5 + 1, children=n % 3)
    workspace = questionnaire.workspace
    for params in (
        {},
        {"period": "all"},
        {"period": "last_year"},
        {"period": "year", "language": "ar"},
        {"place": str(places[1].pk)},
        {"neighbourhood": str(places[0].neighbourhood_id)},
        {"place": str(places[1].pk), "language": "ar"},
    ):
        from_tally = shared(workspace, params)
        with monkeypatch.context() as patched:
            patched.setattr(tallies, "enabled", lambda: False)
            counted = shared(workspace, params)
        assert from_tally and from_tally == counted, params


def test_a_response_sent_by_a_parent_is_added_without_a_rebuild(setup, monkeypatch):
    questionnaire, places = setup
    figures(questionnaire, {})  # the tally is built
    for language in ("nl", "ti"):
        response = respond(
            questionnaire,
            places[1],
            language=language,
            sent=False,
            reading=["often"],
            happy=2,
            library=["no"],
            children=3,
            wishes=["games", "music"],
            remark="Meer boeken",
        )
        answering.response_submit(response=response, questions=list(questionnaire.questions.all()))
    assert tallies.tally_refresh(questionnaire=questionnaire) is False  # added, so still current
    assert ResultTallyState.objects.get(questionnaire=questionnaire).responses == 92
    assert_same_as_counted(questionnaire, places, monkeypatch)


def test_a_response_sent_before_there_is_a_tally_is_counted_when_it_is_built(setup, monkeypatch):
    questionnaire, places = setup
    response = respond(questionnaire, places[0], sent=False, reading=["sometimes"], happy=4)
    answering.response_submit(response=response, questions=list(questionnaire.questions.all()))
    assert not ResultTallyState.objects.filter(questionnaire=questionnaire).exists()
    assert_same_as_counted(questionnaire, places, monkeypatch)
