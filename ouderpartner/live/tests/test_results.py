"""Results: exact counts for the room, and the published form through disclosure control."""

from __future__ import annotations

from collections import Counter

import pytest

from ouderpartner.live.models import Entry, LiveSession, Prompt, Vote
from ouderpartner.live.results import borda_points, prompt_results, published_results
from ouderpartner.live.tests.factories import (
    LiveSessionFactory,
    ParticipantFactory,
    PromptFactory,
    PromptOptionFactory,
)

pytestmark = pytest.mark.django_db


def _votes(prompt, *ballots):
    for ballot in ballots:
        participant = ParticipantFactory(session=prompt.session)
        if isinstance(ballot, int):
            Vote.objects.create(session=prompt.session, prompt=prompt, participant=participant, number=ballot)
        else:
            Vote.objects.create(
                session=prompt.session, prompt=prompt, participant=participant, choices=list(ballot)
            )


def _entries(prompt, *texts, status=Entry.Status.APPROVED, upvotes=0):
    for text in texts:
        participant = ParticipantFactory(session=prompt.session)
        Entry.objects.create(
            session=prompt.session,
            prompt=prompt,
            participant=participant,
            text=text,
            normalized=text.lower(),
            status=status,
            upvotes=upvotes,
        )


def _choice_prompt(kind=Prompt.Kind.MULTIPLE_CHOICE, values=("a", "b", "c"), **extra):
    prompt = PromptFactory(kind=kind, **extra)
    for value in values:
        PromptOptionFactory(prompt=prompt, value=value)
    return prompt


def test_choices_are_counted_per_option_and_respondents_once():
    prompt = _choice_prompt(max_choices=2)
    _votes(prompt, ["a", "b"], ["a"], ["a", "c"], ["b", "a"])
    result = prompt_results(prompt=prompt)
    assert result["respondents"] == 4
    assert result["options"] == [
        {"value": "a", "count": 4},
        {"value": "b", "count": 2},
        {"value": "c", "count": 1},
    ]


def test_a_ranking_is_ordered_by_borda_points():
    prompt = _choice_prompt(kind=Prompt.Kind.RANKING)
    _votes(prompt, ["b", "a", "c"], ["b", "c", "a"], ["a", "b", "c"], ["c"])
    result = prompt_results(prompt=prompt)
    points = {o["value"]: o["points"] for o in result["options"]}
    # b: 3+3+2 = 8; a: 2+1+3 = 6; c: 1+2+1+3 = 7
    assert points == {"a": 6, "b": 8, "c": 7}
    assert result["ranking"] == ["b", "c", "a"]


def test_borda_gives_nothing_to_unranked_options():
    assert borda_points(Counter({("x",): 2}), ["x", "y"]) == {"x": 4, "y": 0}


def test_a_scale_has_every_step_even_without_votes():
    prompt = PromptFactory(kind=Prompt.Kind.SCALE, scale_min=1, scale_max=4)
    _votes(prompt, 1, 4, 4)
    scale = prompt_results(prompt=prompt)["scale"]
    assert [step["count"] for step in scale["distribution"]] == [1, 0, 0, 2]
    assert scale["mean"] == 3.0


def test_a_word_cloud_counts_approved_words_only():
    prompt = PromptFactory(kind=Prompt.Kind.WORD_CLOUD)
    _entries(prompt, "Samen", "samen", "Vertrouwen")
    _entries(prompt, "verborgen", status=Entry.Status.HIDDEN)
    _entries(prompt, "wacht", status=Entry.Status.PENDING)
    result = prompt_results(prompt=prompt, with_pending=True)
    assert [(w["key"], w["count"]) for w in result["words"]] == [("samen", 2), ("vertrouwen", 1)]
    assert result["pending"] == 1
    assert result["respondents"] == 3


def test_questions_come_by_upvotes():
    prompt = PromptFactory(kind=Prompt.Kind.QA)
    _entries(prompt, "Weinig steun", upvotes=1)
    _entries(prompt, "Veel steun", upvotes=9)
    assert [e["text"] for e in prompt_results(prompt=prompt)["entries"]] == ["Veel steun", "Weinig steun"]


def test_room_results_take_one_query_for_votes_whatever_their_number(django_assert_num_queries):
    prompt = _choice_prompt()
    _votes(prompt, *[["a"]] * 30, *[["b", "c"]] * 20)
    options = list(prompt.options.all())
    with django_assert_num_queries(1):
        prompt_results(prompt=prompt, options=options)


def test_published_results_suppress_small_counts_round_the_rest_and_hide_small_groups_texts():
    session = LiveSessionFactory(status=LiveSession.Status.CLOSED, languages=["nl", "ar"])
    choice = _choice_prompt(kind=Prompt.Kind.SINGLE_CHOICE, session=session)
    _votes(choice, *[["a"]] * 12, *[["b"]] * 2, *[["c"]] * 6)
    scale = PromptFactory(session=session, kind=Prompt.Kind.SCALE, scale_min=1, scale_max=5)
    _votes(scale, 5, 5, 4)
    open_text = PromptFactory(session=session, kind=Prompt.Kind.OPEN_TEXT)
    _entries(open_text, "Eén antwoord")
    ranking = _choice_prompt(kind=Prompt.Kind.RANKING, session=session)
    _votes(ranking, ["a", "b", "c"])
    published = published_results(session=session)
    by_prompt = {item.prompt: item for item in published.prompts}
    counts = {option.value: count for option, count in by_prompt[choice].options}
    assert counts["a"].value == 10  # 12 rounded to 5
    assert counts["b"].suppressed  # 2 < k
    assert counts["c"].suppressed  # secondary: would reveal b from the total
    assert by_prompt[choice].respondents.value == 20
    assert by_prompt[scale].mean.suppressed and by_prompt[scale].respondents.suppressed
    assert by_prompt[open_text].entries == [] and by_prompt[open_text].texts_hidden
    assert by_prompt[ranking].ranking == [] and by_prompt[ranking].ranking_hidden
    assert published.participants.value == 25  # 26 participants (each factory call made one)


def test_published_results_show_texts_of_groups_of_ten_or_more():
    session = LiveSessionFactory(status=LiveSession.Status.CLOSED)
    prompt = PromptFactory(session=session, kind=Prompt.Kind.WORD_CLOUD)
    _entries(prompt, *["samen"] * 7, *[f"woord{i}" for i in range(4)])
    item = published_results(session=session).prompts[0]
    words = dict(item.words)
    assert words["samen"].value == 5
    assert words["woord0"].suppressed


def test_published_results_take_queries_per_prompt_not_per_vote(django_assert_max_num_queries):
    session = LiveSessionFactory(status=LiveSession.Status.CLOSED)
    for kind in (Prompt.Kind.SINGLE_CHOICE, Prompt.Kind.WORD_CLOUD, Prompt.Kind.QA):
        prompt = (
            _choice_prompt(kind=kind, session=session)
            if kind == "single_choice"
            else PromptFactory(session=session, kind=kind)
        )
        if kind == "single_choice":
            _votes(prompt, *[["a"]] * 15)
        else:
            _entries(prompt, *["tekst"] * 15)
    session = LiveSession.objects.select_related("workspace").get(pk=session.pk)
    with django_assert_max_num_queries(3 + 2 * 3):
        published_results(session=session)


def _every_kind(session):
    """A prompt of every kind in `session`, with votes or entries (approved and pending, with upvotes)."""
    for kind in Prompt.Kind.values:
        if kind in (Prompt.Kind.WORD_CLOUD, Prompt.Kind.OPEN_TEXT, Prompt.Kind.QA):
            prompt = PromptFactory(session=session, kind=kind)
            _entries(prompt, "samen", "Samen", "lezen", upvotes=2)
            _entries(prompt, "buiten", upvotes=5)
            _entries(prompt, "wacht", status=Entry.Status.PENDING)
        elif kind == Prompt.Kind.SCALE:
            prompt = PromptFactory(session=session, kind=kind, scale_min=1, scale_max=5)
            _votes(prompt, 1, 4, 4, 5)
        else:
            prompt = _choice_prompt(kind=kind, session=session, max_choices=3)
            _votes(prompt, ["a"], ["b", "a"], ["c", "b", "a"])


def test_published_results_read_what_the_room_view_reads_for_every_kind():
    session = LiveSessionFactory(status=LiveSession.Status.CLOSED)
    _every_kind(session)
    published = published_results(session=session)
    assert len(published.prompts) == len(Prompt.Kind.values)
    for item in published.prompts:
        assert item.raw == prompt_results(prompt=item.prompt), item.prompt.kind


def test_published_results_take_the_same_queries_for_one_prompt_of_each_kind_or_three(
    django_assert_num_queries,
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    session = LiveSessionFactory(status=LiveSession.Status.CLOSED)
    _every_kind(session)
    session = LiveSession.objects.select_related("workspace").get(pk=session.pk)
    with CaptureQueriesContext(connection) as once:
        published_results(session=session)
    _every_kind(session)
    _every_kind(session)
    with django_assert_num_queries(len(once)):
        published = published_results(session=session)
    assert len(published.prompts) == 3 * len(Prompt.Kind.values)
