"""The realtime machinery: batched storing, rate limits, throttling, and two processes on one layer."""

from __future__ import annotations

import asyncio

import pytest
from channels.auth import AuthMiddlewareStack
from channels.db import database_sync_to_async
from channels.layers import InMemoryChannelLayer
from channels.routing import URLRouter
from channels.security.websocket import AllowedHostsOriginValidator
from django.test import Client
from django.urls import path, re_path

from ouderpartner.live import realtime, services
from ouderpartner.live.consumers import ParticipantConsumer, PresenterConsumer
from ouderpartner.live.models import Entry, LiveSession, Participant, Prompt, Upvote, Vote
from ouderpartner.live.participation import participant_token_new
from ouderpartner.live.tests.factories import (
    LiveSessionFactory,
    ParticipantFactory,
    PromptFactory,
    PromptOptionFactory,
)
from ouderpartner.live.tests.realtime_support import HUBS, Phone, Screen, run, running_hub


@pytest.fixture
def meeting(utrecht):
    session = LiveSessionFactory(workspace=utrecht, status=LiveSession.Status.LIVE)
    choice = PromptFactory(session=session, position=1, kind=Prompt.Kind.MULTIPLE_CHOICE, max_choices=2)
    for value in ("a", "b", "c"):
        PromptOptionFactory(prompt=choice, value=value, label={"nl": value.upper()})
    qa = PromptFactory(session=session, position=2, kind=Prompt.Kind.QA)
    session.current_prompt = choice
    session.save()
    return {"session": session, "choice": choice, "qa": qa}


# --- Storing in batches ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_batch_stores_joins_votes_texts_and_upvotes_in_one_go_and_each_vote_once(meeting):
    session, choice, qa = meeting["session"], meeting["choice"], meeting["qa"]
    _token, new_hash = participant_token_new(session_id=session.pk)
    known = ParticipantFactory(session=session, language="nl")
    other = ParticipantFactory(session=session)
    entry = Entry.objects.create(
        session=session, prompt=qa, participant=other, text="Waarom?", normalized="waarom", status="approved"
    )
    op = realtime.Op
    results = realtime.store_batch(
        [
            op("join", session.pk, token_hash=new_hash, language="ar"),
            op("join", session.pk, token_hash=known.token_hash, language="tr"),
            op("vote", session.pk, participant_id=known.pk, prompt_id=choice.pk, choices=["a"]),
            op("vote", session.pk, participant_id=known.pk, prompt_id=choice.pk, choices=["a"]),
            op(
                "vote",
                session.pk,
                participant_id=other.pk,
                prompt_id=choice.pk,
                choices=["b"],
                allow_change=False,
            ),
            op(
                "vote",
                session.pk,
                participant_id=other.pk,
                prompt_id=choice.pk,
                choices=["c"],
                allow_change=False,
            ),
            op(
                "entry",
                session.pk,
                participant_id=known.pk,
                prompt_id=qa.pk,
                text="Hoe?",
                normalized="hoe",
                status="pending",
                max_entries=1,
            ),
            op(
                "entry",
                session.pk,
                participant_id=known.pk,
                prompt_id=qa.pk,
                text="Hoe!",
                normalized="hoe",
                status="pending",
                max_entries=1,
            ),
            op(
                "entry",
                session.pk,
                participant_id=known.pk,
                prompt_id=qa.pk,
                text="Wat?",
                normalized="wat",
                status="pending",
                max_entries=1,
            ),
            op("upvote", session.pk, participant_id=known.pk, prompt_id=qa.pk, entry_id=entry.pk),
            op("upvote", session.pk, participant_id=known.pk, prompt_id=qa.pk, entry_id=entry.pk),
        ]
    )
    statuses = [status for status, _details in results]
    assert statuses == ["ok", "ok", "ok", "ok", "ok", "refused", "ok", "ok", "refused", "ok", "ok"]
    assert results[0][1]["created"] and not results[1][1]["created"]
    assert Participant.objects.get(token_hash=new_hash).language == "ar"
    known.refresh_from_db()
    assert known.language == "tr"
    assert results[5][1]["code"] == "cannot_change" and results[5][1]["vote"]["choices"] == ["b"]
    assert sorted(Vote.objects.values_list("choices", flat=True)) == [["a"], ["b"]]
    assert results[7][1]["entry"]["id"] == results[6][1]["entry"]["id"]  # the same text counts once
    assert results[8][1]["code"] == "too_many"
    assert Entry.objects.filter(participant=known).count() == 1
    entry.refresh_from_db()
    assert entry.upvotes == 1 and Upvote.objects.count() == 1


@pytest.mark.django_db
def test_a_new_participants_vote_in_the_same_batch_as_their_join_gets_their_new_id(meeting):
    session, choice = meeting["session"], meeting["choice"]
    _token, token_hash = participant_token_new(session_id=session.pk)
    ref = realtime.ParticipantRef()
    unknown = realtime.ParticipantRef()  # a join that never reached the writer
    results = realtime.store_batch(
        [
            realtime.Op("join", session.pk, token_hash=token_hash, language="nl", new=True, participant=ref),
            realtime.Op("vote", session.pk, participant=ref, prompt_id=choice.pk, choices=["b"]),
            realtime.Op("vote", session.pk, participant=unknown, prompt_id=choice.pk, choices=["a"]),
        ]
    )
    assert [status for status, _details in results] == ["ok", "ok", "error"]
    participant = Participant.objects.get(token_hash=token_hash)
    assert ref.id == participant.pk
    assert list(Vote.objects.values_list("participant_id", "choices")) == [(participant.pk, ["b"])]


@pytest.mark.django_db
def test_a_returning_participant_gets_their_own_answers_back(meeting):
    session, choice = meeting["session"], meeting["choice"]
    participant = ParticipantFactory(session=session)
    Vote.objects.create(session=session, prompt=choice, participant=participant, choices=["a", "c"])
    [(status, details)] = realtime.store_batch(
        [realtime.Op("join", session.pk, token_hash=participant.token_hash, language="nl")]
    )
    assert status == "ok"
    assert details["mine"]["votes"] == {str(choice.pk): {"choices": ["a", "c"], "number": None}}


@pytest.mark.django_db
def test_a_blocked_participant_and_an_unapproved_question_are_refused(meeting):
    session, choice, qa = meeting["session"], meeting["choice"], meeting["qa"]
    blocked = ParticipantFactory(session=session, blocked=True)
    fine = ParticipantFactory(session=session)
    pending = Entry.objects.create(session=session, prompt=qa, participant=blocked, text="x", normalized="x")
    results = realtime.store_batch(
        [
            realtime.Op("vote", session.pk, participant_id=blocked.pk, prompt_id=choice.pk, choices=["a"]),
            realtime.Op("upvote", session.pk, participant_id=fine.pk, prompt_id=qa.pk, entry_id=pending.pk),
        ]
    )
    assert results == [
        ("refused", {"code": "blocked"}),
        ("refused", {"code": "not_found", "entry": pending.pk}),
    ]
    assert not Vote.objects.exists() and not Upvote.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_conflict_in_a_batch_costs_only_the_item_that_conflicts(meeting):
    session, choice = meeting["session"], meeting["choice"]
    participant = ParticipantFactory(session=session)
    results = realtime.store_batch(
        [
            realtime.Op(
                "vote", session.pk, participant_id=participant.pk, prompt_id=choice.pk, choices=["a"]
            ),
            realtime.Op(
                "vote", session.pk, participant_id=participant.pk + 1000, prompt_id=choice.pk, choices=["b"]
            ),
        ]
    )
    assert results[0][0] == "ok" and results[1] == realtime.SERVER_ERROR
    assert list(Vote.objects.values_list("choices", flat=True)) == [["a"]]


# --- Limits and throttling ---------------------------------------------------------------------------


def test_token_buckets_allow_a_burst_then_the_rate():
    buckets = realtime.TokenBuckets(realtime.Rate(per_second=2, burst=3))
    assert [buckets.allow("k", now=0.0) for _ in range(4)] == [True, True, True, False]
    assert buckets.allow("k", now=0.5)  # one token back after half a second
    assert not buckets.allow("k", now=0.5)
    assert buckets.allow("other", now=0.5)  # keys are independent
    buckets.prune(now=100.0)
    assert len(buckets) == 0  # full buckets are forgotten: they behave like new ones


def test_addresses_are_only_kept_as_keyed_hashes_and_ipv6_by_network():
    key = realtime.address_key("203.0.113.7")
    assert "203.0.113.7" not in key and len(key) == 32
    assert realtime.address_key("2001:db8::1") == realtime.address_key("2001:db8::ffff")
    assert realtime.address_key("203.0.113.7") != realtime.address_key("203.0.113.8")


def test_the_address_of_a_socket_is_read_through_trusted_proxies_only(settings):
    scope = {"client": ("10.0.0.2", 5000), "headers": [(b"x-forwarded-for", b"198.51.100.9")]}
    assert realtime.scope_client_address(scope) == "10.0.0.2"
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    assert realtime.scope_client_address(scope) == "198.51.100.9"


def test_a_throttle_runs_a_burst_of_triggers_once_and_never_loses_the_last():
    runs: list[float] = []

    async def scenario():
        loop = asyncio.get_running_loop()

        async def action():
            runs.append(loop.time())

        throttle = realtime.Throttle(0.05, action)
        start = loop.time()
        for _ in range(10):
            throttle.trigger()
        await asyncio.sleep(0.01)
        for _ in range(10):
            throttle.trigger()
        await asyncio.sleep(0.12)
        return start

    start = run(scenario)
    assert len(runs) == 2
    assert runs[0] - start < 0.02 and runs[1] - runs[0] >= 0.045


# --- Two processes -----------------------------------------------------------------------------------


def process_app(hub: realtime.Hub):
    """config.asgi's websocket stack, with consumers bound to this hub (one 'process')."""
    return AllowedHostsOriginValidator(
        URLRouter(
            [
                re_path(r"^j/(?P<code>[0-9]{6,8})/socket/$", ParticipantConsumer.as_asgi(hub=hub)),
                path(
                    "w/<slug:ws>/live/sessions/<int:pk>/socket/",
                    AuthMiddlewareStack(PresenterConsumer.as_asgi(hub=hub)),
                ),
            ]
        )
    )


@pytest.mark.django_db(transaction=True)
def test_two_processes_share_prompt_changes_counts_and_participants_over_the_layer(meeting, alice):
    session, choice, qa = meeting["session"], meeting["choice"], meeting["qa"]
    client = Client()
    client.force_login(alice)
    key = client.session.session_key

    async def scenario():
        layer = InMemoryChannelLayer()
        async with running_hub(layer=layer) as first:
            second = realtime.Hub(layer=layer)
            HUBS.append(second)
            try:
                screen = Screen("utrecht", session.pk, session_key=key, app=process_app(first))
                assert await screen.connect()
                await screen.until("results")
                phones = []
                for _ in range(4):
                    phone = Phone(session.code, app=process_app(second))
                    await phone.connect()
                    await phone.join()
                    phones.append(phone)
                # The presenter in the first process counts the participants of the second.
                presence = await screen.until("presence", participants=4)
                assert presence["participants"] == 4
                for index, phone in enumerate(phones):
                    await phone.send(
                        type="vote", prompt=choice.pk, choices=["a", "b"][: 1 + index % 2], ref=index
                    )
                for phone in phones:
                    await phone.until("ack")
                # Stored by the second process, counted for the presenter of the first.
                while True:
                    results = await screen.until("results")
                    if results["results"]["respondents"] == 4:
                        break
                assert {o["value"]: o["count"] for o in results["results"]["options"]} == {
                    "a": 4,
                    "b": 2,
                    "c": 0,
                }
                # The facilitator (the first process's services) moves on: the second's phones follow.
                await database_sync_to_async(services.session_goto_prompt)(
                    session=session, actor=alice, prompt=qa
                )
                for phone in phones:
                    state = await phone.until("state", revision=session.revision + 1)
                    assert state["prompt"]["id"] == qa.pk
                for phone in phones:
                    await phone.close()
                await screen.close()
            finally:
                HUBS.remove(second)
                await second.close()

    run(scenario)
    assert Vote.objects.count() == 4


@pytest.mark.django_db(transaction=True)
def test_a_restart_loses_no_acknowledged_vote_and_phones_resync(meeting):
    """A new hub (a restarted server) serves the same participant with what was stored before."""
    session, choice = meeting["session"], meeting["choice"]

    async def first_life():
        async with running_hub():
            phone = Phone(session.code)
            await phone.connect()
            joined = await phone.join()
            await phone.send(type="vote", prompt=choice.pk, choices=["c"], ref="x")
            await phone.until("ack")
            # The server stops here: the socket is gone without a goodbye.
            return joined["welcome"]["token"]

    token = run(first_life)

    async def second_life():
        async with running_hub():
            phone = Phone(session.code)
            await phone.connect()
            again = await phone.join(token=token)
            assert again["mine"]["votes"] == {str(choice.pk): {"choices": ["c"], "number": None}}
            # The phone resends what it had not seen acknowledged: it still counts once.
            await phone.send(type="vote", prompt=choice.pk, choices=["c"], ref="x")
            assert (await phone.until("ack"))["vote"]["choices"] == ["c"]
            await phone.close()

    run(second_life)
    assert Vote.objects.count() == 1 and Participant.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_many_phones_at_once_are_stored_in_few_transactions(meeting):
    session, choice = meeting["session"], meeting["choice"]

    async def scenario():
        async with running_hub() as hub:
            phones = [Phone(session.code) for _ in range(40)]
            for phone in phones:
                await phone.connect()
            await asyncio.gather(*(phone.send(type="join", language="nl") for phone in phones))
            for phone in phones:
                await phone.until("welcome")
            before = hub.writer.batches
            await asyncio.gather(
                *(
                    phone.send(type="vote", prompt=choice.pk, choices=["b"], ref=i)
                    for i, phone in enumerate(phones)
                )
            )
            for phone in phones:
                await phone.until("ack")
            assert hub.writer.batches - before < 40
            for phone in phones:
                await phone.close()

    run(scenario)
    assert Vote.objects.count() == 40
