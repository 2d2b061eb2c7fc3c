"""Participants: joining with a code, one vote per prompt on the server, texts, upvotes, tokens."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone, translation

from ouderpartner.live import events
from ouderpartner.live.models import Entry, LiveSession, Participant, Prompt, Vote
from ouderpartner.live.participation import (
    LiveError,
    entry_submit,
    entry_upvote,
    entry_upvote_withdraw,
    participant_answers,
    participant_from_token,
    participant_join,
    participant_token_new,
    token_hash_of,
    vote_submit,
)
from ouderpartner.live.tests.factories import LiveSessionFactory, PromptFactory, PromptOptionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def live_session():
    session = LiveSessionFactory(
        status=LiveSession.Status.LIVE, languages=["nl", "en", "ar"], moderate_text=False
    )
    prompt = PromptFactory(session=session, kind=Prompt.Kind.SINGLE_CHOICE)
    for value in ("a", "b", "c"):
        PromptOptionFactory(prompt=prompt, value=value)
    session.current_prompt = prompt
    session.save()
    return session


def _show(session, prompt):
    session.current_prompt = prompt
    session.save()


def join(session, language="nl"):
    """A participant who sees the test's own session object (as the realtime layer's would)."""
    participant, _token = participant_join(code=session.code, language=language)
    participant.session = session
    return participant


def test_join_gives_a_participant_and_a_token_that_identifies_them(live_session):
    participant, token = participant_join(
        code=f" {live_session.code[:3]} {live_session.code[3:]} ", language="ar"
    )
    assert participant.language == "ar"
    assert participant_from_token(token=token, session=live_session) == participant
    # only a hash is stored, never the token itself
    assert token not in Participant.objects.values_list("token_hash", flat=True)


def test_a_token_of_another_session_or_a_forged_one_is_refused(live_session):
    other = LiveSessionFactory(status=LiveSession.Status.LIVE)
    _participant, token = participant_join(code=live_session.code, language="nl")
    assert token_hash_of(token, session_id=other.pk) is None
    assert token_hash_of(token + "x", session_id=live_session.pk) is None
    with pytest.raises(LiveError) as error:
        participant_from_token(token=token, session=other)
    assert error.value.code == "bad_token"


def test_new_tokens_are_unique_and_their_hash_is_reproducible():
    token, token_hash = participant_token_new(session_id=7)
    assert token_hash_of(token, session_id=7) == token_hash
    assert participant_token_new(session_id=7)[1] != token_hash


def test_an_unknown_language_falls_back_to_dutch(live_session):
    assert join(live_session, "tr").language == "nl"


@pytest.mark.parametrize(
    ("status", "code"),
    [(LiveSession.Status.DRAFT, "not_open"), (LiveSession.Status.CLOSED, "closed")],
)
def test_nobody_joins_a_draft_or_closed_meeting(live_session, status, code):
    live_session.status = status
    live_session.save()
    with pytest.raises(LiveError) as error:
        participant_join(code=live_session.code, language="nl")
    assert error.value.code == code
    assert not Participant.objects.exists()


def test_an_unknown_code_says_so():
    with pytest.raises(LiveError) as error:
        participant_join(code="000000", language="nl")
    assert error.value.code == "not_found"
    assert "code" in error.value.message


def test_one_vote_per_prompt_and_a_changed_vote_replaces_it(live_session):
    participant = join(live_session)
    prompt = live_session.current_prompt
    _vote, created = vote_submit(participant=participant, prompt=prompt, choices=["a"])
    assert created
    _vote, created = vote_submit(participant=participant, prompt=prompt.pk, choices=["b"])
    assert not created
    assert list(Vote.objects.values_list("choices", flat=True)) == [["b"]]


def test_changing_is_refused_when_not_allowed_but_a_retry_of_the_same_vote_is_fine(live_session):
    live_session.allow_change_vote = False
    live_session.save()
    participant = join(live_session)
    prompt = live_session.current_prompt
    vote_submit(participant=participant, prompt=prompt, choices=["a"])
    assert vote_submit(participant=participant, prompt=prompt, choices=["a"])[1] is False
    with pytest.raises(LiveError) as error:
        vote_submit(participant=participant, prompt=prompt, choices=["b"])
    assert error.value.code == "cannot_change"
    assert list(Vote.objects.values_list("choices", flat=True)) == [["a"]]


def test_locked_voting_and_an_ended_countdown_refuse_votes(live_session):
    participant = join(live_session)
    prompt = live_session.current_prompt
    live_session.voting_locked = True
    live_session.save()
    with pytest.raises(LiveError) as error:
        vote_submit(participant=participant, prompt=prompt, choices=["a"])
    assert error.value.code == "locked"
    live_session.voting_locked = False
    live_session.countdown_ends_at = timezone.now() - timedelta(seconds=1)
    live_session.save()
    with pytest.raises(LiveError) as error:
        vote_submit(participant=participant, prompt=prompt, choices=["a"])
    assert error.value.code == "locked"
    assert not Vote.objects.exists()


def test_a_closed_meeting_refuses_votes_with_a_clear_message(live_session):
    participant = join(live_session)
    live_session.status = LiveSession.Status.CLOSED
    live_session.save()
    with pytest.raises(LiveError) as error, translation.override("nl"):
        vote_submit(participant=participant, prompt=live_session.current_prompt, choices=["a"])
    assert error.value.code == "closed"
    assert error.value.message == "Deze bijeenkomst is afgelopen. Bedankt voor het meedoen."


def test_only_the_current_prompt_can_be_answered(live_session):
    participant = join(live_session)
    other = PromptFactory(session=live_session, kind=Prompt.Kind.SCALE)
    with pytest.raises(LiveError) as error:
        vote_submit(participant=participant, prompt=other, number=3)
    assert error.value.code == "not_current"


def test_a_prompt_of_another_meeting_is_not_found(live_session):
    participant = join(live_session)
    foreign = PromptFactory()
    with pytest.raises(LiveError) as error:
        vote_submit(participant=participant, prompt=foreign.pk, choices=["a"])
    assert error.value.code == "not_found"


def test_a_blocked_participant_cannot_answer(live_session):
    participant = join(live_session)
    participant.blocked = True
    with pytest.raises(LiveError) as error:
        vote_submit(participant=participant, prompt=live_session.current_prompt, choices=["a"])
    assert error.value.code == "blocked"


@pytest.mark.parametrize("choices", [[], ["x"], ["a", "b"], "a,b", [1], None, ["a", "a"]])
def test_invalid_single_choices_are_refused(live_session, choices):
    participant = join(live_session)
    with pytest.raises(LiveError):
        vote_submit(participant=participant, prompt=live_session.current_prompt, choices=choices)


def test_several_answers_up_to_the_maximum_are_stored_in_option_order(live_session):
    prompt = PromptFactory(session=live_session, kind=Prompt.Kind.MULTIPLE_CHOICE, max_choices=2)
    for value in ("x", "y", "z"):
        PromptOptionFactory(prompt=prompt, value=value)
    _show(live_session, prompt)
    participant = join(live_session)
    with pytest.raises(LiveError) as error:
        vote_submit(participant=participant, prompt=prompt, choices=["x", "y", "z"])
    assert error.value.code == "too_many"
    vote, _created = vote_submit(participant=participant, prompt=prompt, choices=["z", "x"])
    assert vote.choices == ["x", "z"]


def test_a_ranking_keeps_its_order_and_a_scale_its_bounds(live_session):
    ranking = PromptFactory(session=live_session, kind=Prompt.Kind.RANKING)
    for value in ("x", "y", "z"):
        PromptOptionFactory(prompt=ranking, value=value)
    _show(live_session, ranking)
    participant = join(live_session)
    assert vote_submit(participant=participant, prompt=ranking, choices=["z", "x", "y"])[0].choices == [
        "z",
        "x",
        "y",
    ]
    scale = PromptFactory(session=live_session, kind=Prompt.Kind.SCALE, scale_min=0, scale_max=10)
    _show(live_session, scale)
    assert vote_submit(participant=participant, prompt=scale, number="10")[0].number == 10
    with pytest.raises(LiveError):
        vote_submit(participant=participant, prompt=scale, number=11)
    with pytest.raises(LiveError):
        vote_submit(participant=participant, prompt=scale, number="veel")


def test_texts_are_bounded_counted_per_participant_and_moderated_when_asked(live_session):
    prompt = PromptFactory(session=live_session, kind=Prompt.Kind.WORD_CLOUD, max_length=20, max_entries=2)
    _show(live_session, prompt)
    participant = join(live_session)
    with pytest.raises(LiveError) as error:
        entry_submit(participant=participant, prompt=prompt, text="x" * 21)
    assert error.value.code == "too_long"
    with pytest.raises(LiveError):
        entry_submit(participant=participant, prompt=prompt, text="   \u200b ")
    first = entry_submit(participant=participant, prompt=prompt, text="  Samen   Werken! ")
    assert (first.text, first.normalized, first.status) == (
        "Samen Werken!",
        "samen werken",
        Entry.Status.APPROVED,
    )
    live_session.moderate_text = True
    live_session.save()
    second = entry_submit(participant=participant, prompt=prompt, text="Vertrouwen")
    assert second.status == Entry.Status.PENDING
    with pytest.raises(LiveError) as error:
        entry_submit(participant=participant, prompt=prompt, text="Nog één")
    assert error.value.code == "too_many"


def test_a_word_on_the_list_goes_to_the_queue_even_without_moderation(live_session):
    prompt = PromptFactory(session=live_session, kind=Prompt.Kind.OPEN_TEXT)
    _show(live_session, prompt)
    entry = entry_submit(participant=join(live_session), prompt=prompt, text="Wat een K4NKERzooi")
    assert entry.flagged
    assert entry.status == Entry.Status.PENDING


def test_a_choice_prompt_refuses_text_and_a_text_prompt_refuses_votes(live_session):
    participant = join(live_session)
    with pytest.raises(LiveError):
        entry_submit(participant=participant, prompt=live_session.current_prompt, text="hallo")
    prompt = PromptFactory(session=live_session, kind=Prompt.Kind.QA)
    _show(live_session, prompt)
    with pytest.raises(LiveError):
        vote_submit(participant=participant, prompt=prompt, choices=["a"])


def test_upvotes_count_once_per_participant_and_can_be_withdrawn(live_session):
    prompt = PromptFactory(session=live_session, kind=Prompt.Kind.QA)
    _show(live_session, prompt)
    asker, supporter = join(live_session), join(live_session)
    question = entry_submit(participant=asker, prompt=prompt, text="Hoe bereiken we vaders?")
    assert entry_upvote(participant=supporter, entry_id=question.pk).upvotes == 1
    assert entry_upvote(participant=supporter, entry_id=question.pk).upvotes == 1
    assert entry_upvote(participant=asker, entry_id=question.pk).upvotes == 2
    assert entry_upvote_withdraw(participant=supporter, entry_id=question.pk).upvotes == 1
    assert participant_answers(participant=asker, prompt=prompt) == {
        "vote": None,
        "entries": [{"id": question.pk, "text": "Hoe bereiken we vaders?", "status": "approved"}],
        "upvoted": [question.pk],
    }


def test_a_pending_question_cannot_be_upvoted(live_session):
    live_session.moderate_text = True
    live_session.save()
    prompt = PromptFactory(session=live_session, kind=Prompt.Kind.QA)
    _show(live_session, prompt)
    question = entry_submit(participant=join(live_session), prompt=prompt, text="Wanneer?")
    with pytest.raises(LiveError) as error:
        entry_upvote(participant=join(live_session), entry_id=question.pk)
    assert error.value.code == "not_found"


def test_collect_mode_opens_only_the_marked_prompts_within_its_window(live_session):
    inventory = PromptFactory(session=live_session, kind=Prompt.Kind.OPEN_TEXT, collect=True)
    live_session.status = LiveSession.Status.COLLECTING
    live_session.current_prompt = None
    live_session.collect_closes_at = timezone.now() + timedelta(days=3)
    live_session.save()
    participant = join(live_session)
    entry_submit(participant=participant, prompt=inventory, text="Wij beginnen net.")
    with pytest.raises(LiveError) as error:
        vote_submit(participant=participant, prompt=live_session.prompts.first(), choices=["a"])
    assert error.value.code == "not_current"
    live_session.collect_closes_at = timezone.now() - timedelta(minutes=1)
    live_session.save()
    with pytest.raises(LiveError) as error:
        entry_submit(participant=participant, prompt=inventory, text="Te laat")
    assert error.value.code == "not_open"


def test_a_vote_tells_the_realtime_layer_after_commit(live_session, django_capture_on_commit_callbacks):
    heard = []

    def listener(kind, session_id, prompt_id):
        heard.append((kind, session_id, prompt_id))

    events.subscribe(listener)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            vote_submit(participant=join(live_session), prompt=live_session.current_prompt, choices=["a"])
    finally:
        events.unsubscribe(listener)
    assert heard == [("results", live_session.pk, live_session.current_prompt_id)]


def test_join_vote_and_restore_take_few_queries(live_session, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        participant, _token = participant_join(code=live_session.code, language="nl")
    participant = Participant.objects.select_related("session").get(pk=participant.pk)
    prompt = live_session.current_prompt
    # options, insert (plus the savepoint pair of the atomic block inside the test's transaction)
    with django_assert_max_num_queries(4):
        vote_submit(participant=participant, prompt=prompt, choices=["b"])
    with django_assert_max_num_queries(3):
        participant_answers(participant=participant, prompt=prompt)
