"""Participant and presenter sockets through the real ASGI application (origin check, routing, auth)."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from channels.db import database_sync_to_async
from django.db import transaction
from django.db.models import F
from django.test import Client
from django.utils import timezone

from ouderpartner.live import events, realtime, services
from ouderpartner.live.models import Entry, LiveSession, Participant, Prompt, Vote
from ouderpartner.live.tests.factories import LiveSessionFactory, PromptFactory, PromptOptionFactory
from ouderpartner.live.tests.realtime_support import Phone, Screen, run, running_hub, settled

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def meeting(utrecht, school):
    session = LiveSessionFactory(
        workspace=utrecht, organisation=school, languages=["nl", "ar"], status=LiveSession.Status.LIVE
    )
    choice = PromptFactory(
        session=session,
        position=1,
        kind=Prompt.Kind.SINGLE_CHOICE,
        text={"nl": "Wat eerst?", "ar": "ماذا أولا؟"},
    )
    for position, value in enumerate(["clear_message", "communication", "with_parents"]):
        PromptOptionFactory(
            prompt=choice, position=position, value=value, label={"nl": value.replace("_", " ")}
        )
    cloud = PromptFactory(session=session, position=2, kind=Prompt.Kind.WORD_CLOUD, text={"nl": "Eén woord?"})
    qa = PromptFactory(session=session, position=3, kind=Prompt.Kind.QA, text={"nl": "Uw vragen"})
    session.current_prompt = choice
    session.save()
    return {"session": session, "choice": choice, "cloud": cloud, "qa": qa}


def session_key(user) -> str:
    client = Client()
    client.force_login(user)
    return client.session.session_key


def test_a_participant_joins_votes_and_is_acknowledged_after_the_vote_is_stored(meeting):
    session, choice = meeting["session"], meeting["choice"]

    async def scenario():
        async with running_hub():
            phone = Phone(session.code)
            assert await phone.connect()
            got = await phone.join("ar")
            assert got["welcome"]["token"]
            state = got["state"]
            assert state["status"] == "live"
            assert state["prompt"]["id"] == choice.pk
            assert state["prompt"]["text"] == "ماذا أولا؟" and state["prompt"]["dir"] == "rtl"
            assert [o["value"] for o in state["prompt"]["options"]] == [
                "clear_message",
                "communication",
                "with_parents",
            ]
            assert got["mine"]["votes"] == {}
            await phone.send(type="vote", prompt=choice.pk, choices=["communication"], ref=7)
            ack = await phone.until("ack")
            assert ack == {
                "type": "ack",
                "ref": 7,
                "kind": "vote",
                "prompt": choice.pk,
                "vote": {"choices": ["communication"], "number": None},
            }
            # Acknowledged means stored: the row is there the moment the ack arrives.
            votes = await database_sync_to_async(
                lambda: list(Vote.objects.values_list("choices", flat=True))
            )()
            assert votes == [["communication"]]
            await phone.close()

    run(scenario)
    assert Participant.objects.get().language == "ar"


def test_a_duplicate_vote_counts_once_and_a_change_replaces_it_only_when_allowed(meeting):
    session, choice = meeting["session"], meeting["choice"]

    async def scenario():
        async with running_hub():
            phone = Phone(session.code)
            await phone.connect()
            await phone.join()
            for ref in (1, 2):  # the same vote twice (a retry after a dropped connection)
                await phone.send(type="vote", prompt=choice.pk, choices=["clear_message"], ref=ref)
                await phone.until("ack", ref=ref)
            await phone.send(type="vote", prompt=choice.pk, choices=["with_parents"], ref=3)
            changed = await phone.until("ack", ref=3)
            assert changed["vote"]["choices"] == ["with_parents"]
            await database_sync_to_async(LiveSession.objects.filter(pk=session.pk).update)(
                allow_change_vote=False
            )
            await database_sync_to_async(services.session_lock_voting)(session=session, actor=None)
            await database_sync_to_async(services.session_unlock_voting)(session=session, actor=None)
            await phone.until("state", locked=False)
            await phone.send(type="vote", prompt=choice.pk, choices=["communication"], ref=4)
            refused = await phone.until("error", ref=4)
            assert refused["code"] == "cannot_change"
            assert refused["vote"]["choices"] == ["with_parents"]
            await phone.close()

    run(scenario)
    assert list(Vote.objects.values_list("choices", flat=True)) == [["with_parents"]]


def test_reconnecting_restores_the_same_state_as_a_fresh_join(meeting):
    session, choice, cloud = meeting["session"], meeting["choice"], meeting["cloud"]

    async def scenario():
        async with running_hub() as hub:
            phone = Phone(session.code)
            await phone.connect()
            first = await phone.join("nl")
            token = first["welcome"]["token"]
            await phone.send(type="vote", prompt=choice.pk, choices=["communication"], ref=1)
            await phone.until("ack")
            await database_sync_to_async(services.session_next)(session=session, actor=None)
            await phone.until("state", revision=session.revision + 1)
            await phone.send(type="entry", prompt=cloud.pk, text="Samen!", ref=2)
            entry = await phone.until("ack")
            await phone.close()  # the phone sleeps; the presenter moves on meanwhile
            await database_sync_to_async(services.session_previous)(session=session, actor=None)
            await settled(hub, session.pk, session.revision + 2)

            again = Phone(session.code)
            await again.connect()
            restored = await again.join("nl", token=token)
            assert restored["welcome"]["token"] is None  # the same participant: no new token
            assert restored["state"]["prompt"]["id"] == choice.pk
            assert restored["mine"]["votes"] == {
                str(choice.pk): {"choices": ["communication"], "number": None}
            }
            assert restored["mine"]["entries"] == {str(cloud.pk): [entry["entry"]]}
            # A fresh page load of a new participant shows the same prompt and state.
            fresh = Phone(session.code)
            await fresh.connect()
            other = await fresh.join("nl")
            for key in ("prompt", "status", "revision", "locked", "countdown_ends_at", "change_allowed"):
                assert restored["state"][key] == other["state"][key]
            assert other["mine"]["votes"] == {}
            await again.close()
            await fresh.close()

    run(scenario)
    assert Participant.objects.count() == 2
    assert Vote.objects.count() == 1


def test_the_presenter_gets_aggregated_snapshots_not_one_message_per_vote(meeting, alice):
    session, choice = meeting["session"], meeting["choice"]
    key = session_key(alice)

    async def scenario():
        async with running_hub():
            screen = Screen("utrecht", session.pk, session_key=key)
            assert await screen.connect()
            state = await screen.until("state")
            assert state["code"] == session.code and state["current"] == choice.pk and state["can_facilitate"]
            first = await screen.until("results")
            assert first["results"]["respondents"] == 0
            phones = [Phone(session.code) for _ in range(20)]
            for phone in phones:
                await phone.connect()
                await phone.join()
            values = ["clear_message", "communication", "with_parents"]
            await asyncio.gather(
                *(
                    phone.send(type="vote", prompt=choice.pk, choices=[values[i % 3]], ref=i)
                    for i, phone in enumerate(phones)
                )
            )
            for phone in phones:
                await phone.until("ack")
            snapshots = []
            while True:
                snapshot = await screen.until("results", timeout=2)
                snapshots.append(snapshot)
                if snapshot["results"]["respondents"] == 20:
                    break
            # 20 votes within a few milliseconds: a handful of snapshots at most, not twenty.
            assert len(snapshots) <= 4
            counts = {o["value"]: o["count"] for o in snapshots[-1]["results"]["options"]}
            assert counts == {"clear_message": 7, "communication": 7, "with_parents": 6}
            assert snapshots[-1]["participants"] == 20
            for phone in phones:
                await phone.close()
            await screen.close()

    run(scenario)


def test_the_facilitator_moves_on_and_every_phone_gets_the_new_prompt(meeting, alice):
    session, cloud = meeting["session"], meeting["cloud"]
    key = session_key(alice)

    async def scenario():
        async with running_hub():
            phones = [Phone(session.code) for _ in range(3)]
            for phone, language in zip(phones, ["nl", "ar", "tr"], strict=True):
                await phone.connect()
                await phone.join(language)
            remote = Screen("utrecht", session.pk, session_key=key, role="remote")
            assert await remote.connect()
            await remote.until("state")
            await remote.send(type="action", action="next", ref="n1")
            assert (await remote.until("done"))["ref"] == "n1"
            for phone in phones:
                state = await phone.until("state", revision=session.revision + 1)
                assert state["prompt"]["id"] == cloud.pk and state["prompt"]["kind"] == "word_cloud"
                assert f'data-prompt="{cloud.pk}"' in state["html"]  # the same fragment the page renders
            moved = await remote.until("state", revision=session.revision + 1)
            assert moved["current"] == cloud.pk
            for phone in phones:
                await phone.close()
            await remote.close()

    run(scenario)


def test_a_reader_may_watch_the_screen_but_not_act(meeting, carol):
    session, choice = meeting["session"], meeting["choice"]
    key = session_key(carol)

    async def scenario():
        async with running_hub():
            screen = Screen("utrecht", session.pk, session_key=key)
            assert await screen.connect()
            state = await screen.until("state")
            assert state["can_facilitate"] is False
            await screen.send(type="action", action="next", ref=1)
            assert (await screen.until("error"))["code"] == "forbidden"
            await screen.close()
            remote = Screen("utrecht", session.pk, session_key=key, role="remote")
            assert not await remote.connect()  # the remote control is for facilitators only

    run(scenario)
    session.refresh_from_db()
    assert session.current_prompt == choice and session.revision == 0


def test_a_professional_of_another_organisation_cannot_run_the_meeting(meeting, utrecht):
    from ouderpartner.core.models import Role
    from ouderpartner.core.tests.factories import MembershipFactory, UserFactory
    from ouderpartner.network.tests.factories import OrganisationFactory

    other = UserFactory(email="erik@utrecht.example")
    MembershipFactory(
        user=other,
        workspace=utrecht,
        role=Role.PROFESSIONAL,
        organisation=OrganisationFactory(workspace=utrecht),
    )
    session = meeting["session"]
    key = session_key(other)

    async def scenario():
        async with running_hub():
            screen = Screen("utrecht", session.pk, session_key=key)
            assert await screen.connect()
            assert (await screen.until("state"))["can_facilitate"] is False
            await screen.send(type="action", action="lock", ref=1)
            assert (await screen.until("error"))["code"] == "forbidden"
            await screen.close()

    run(scenario)
    assert not LiveSession.objects.get(pk=session.pk).voting_locked


def test_another_workspace_cannot_open_the_socket_nor_reach_the_meeting_through_its_own(meeting, dave):
    session = meeting["session"]
    key = session_key(dave)

    async def scenario():
        async with running_hub():
            for ws in ("utrecht", "amersfoort"):
                for role in ("screen", "remote"):
                    screen = Screen(ws, session.pk, session_key=key, role=role)
                    assert not await screen.connect(), (ws, role)
            anonymous = Screen("utrecht", session.pk)
            assert not await anonymous.connect()

    run(scenario)


def test_sockets_from_another_site_are_refused(meeting):
    async def scenario():
        async with running_hub():
            phone = Phone(meeting["session"].code, origin=(b"origin", b"https://evil.example"))
            assert not await phone.connect()
            unknown = Phone("999999")
            assert await unknown.connect()
            await unknown.send(type="join", language="nl")
            assert (await unknown.until("error"))["code"] == "not_found"

    run(scenario)


def test_moderation_reaches_the_presenter_and_a_blocked_participant_can_no_longer_send(meeting, alice):
    session, cloud = meeting["session"], meeting["cloud"]
    LiveSession.objects.filter(pk=session.pk).update(current_prompt=cloud, moderate_text=True)
    key = session_key(alice)

    async def scenario():
        async with running_hub():
            screen = Screen("utrecht", session.pk, session_key=key, role="remote")
            await screen.connect()
            await screen.until("results")
            phone = Phone(session.code)
            await phone.connect()
            await phone.join()
            await phone.send(type="entry", prompt=cloud.pk, text="Samenwerken", ref=1)
            ack = await phone.until("ack")
            assert ack["entry"]["status"] == "pending"  # moderated: not on the screen yet
            waiting = await screen.until("results")
            assert waiting["results"]["words"] == [] and waiting["results"]["pending"] == 1
            entry = await database_sync_to_async(Entry.objects.get)()
            await database_sync_to_async(services.entry_approve)(entry=entry, actor=alice)
            shown = await screen.until("results")
            assert [w["text"] for w in shown["results"]["words"]] == ["Samenwerken"]
            participant = await database_sync_to_async(Participant.objects.get)()
            await database_sync_to_async(services.entries_remove_for_participant)(
                participant=participant, actor=alice, block=True
            )
            removed = await screen.until("results")
            assert removed["results"]["words"] == []
            await phone.send(type="entry", prompt=cloud.pk, text="Nog iets", ref=2)
            assert (await phone.until("error", ref=2))["code"] == "blocked"
            await phone.close()
            await screen.close()

    run(scenario)
    assert Entry.objects.count() == 1


def test_hidden_results_stay_off_the_projector_but_the_remote_sees_them(meeting, alice):
    session, choice = meeting["session"], meeting["choice"]
    LiveSession.objects.filter(pk=session.pk).update(results_visible=False)
    key = session_key(alice)

    async def scenario():
        async with running_hub():
            screen = Screen("utrecht", session.pk, session_key=key)
            remote = Screen("utrecht", session.pk, session_key=key, role="remote")
            await screen.connect()
            await remote.connect()
            phone = Phone(session.code)
            await phone.connect()
            await phone.join()
            await phone.send(type="vote", prompt=choice.pk, choices=["communication"], ref=1)
            await phone.until("ack")
            hidden = await screen.until("results", hidden=True)
            while hidden["results"]["respondents"] < 1:
                hidden = await screen.until("results", hidden=True)
            assert "options" not in hidden["results"]  # only how many answered
            peek = await remote.until("results", hidden=True)
            while peek["results"]["respondents"] < 1:
                peek = await remote.until("results", hidden=True)
            assert {o["value"]: o["count"] for o in peek["results"]["options"]}["communication"] == 1
            await remote.send(type="action", action="reveal", ref=2)
            await remote.until("done")
            shown = await screen.until("results", hidden=False)
            assert {o["value"]: o["count"] for o in shown["results"]["options"]}["communication"] == 1
            for socket in (phone, screen, remote):
                await socket.close()

    run(scenario)


def expire_countdown(session_id: int) -> None:
    """Let the countdown run out now (as if its seconds had passed), announced like any change."""
    with transaction.atomic():
        LiveSession.objects.filter(pk=session_id).update(
            countdown_ends_at=timezone.now() - timedelta(seconds=1), revision=F("revision") + 1
        )
        events.state_changed(session_id)


def test_a_countdown_closes_answering_when_it_ends(meeting, alice):
    session, choice = meeting["session"], meeting["choice"]
    key = session_key(alice)

    async def scenario():
        async with running_hub():
            phone = Phone(session.code)
            await phone.connect()
            await phone.join()
            remote = Screen("utrecht", session.pk, session_key=key, role="remote")
            await remote.connect()
            await remote.send(type="action", action="countdown", seconds=5, ref=1)
            await remote.until("done")
            state = await phone.until("state", revision=session.revision + 1)
            assert state["countdown_ends_at"] > state["now"]
            await database_sync_to_async(expire_countdown)(session.pk)
            await phone.until("state", revision=session.revision + 2)
            await phone.send(type="vote", prompt=choice.pk, choices=["communication"], ref=2)
            assert (await phone.until("error", ref=2))["code"] == "locked"  # the time is up
            await remote.send(type="action", action="stop_countdown", ref=5)
            await remote.until("done")
            await phone.until("state", revision=session.revision + 3)
            await phone.send(type="vote", prompt=choice.pk, choices=["communication"], ref=6)
            await phone.until("ack", ref=6)  # stopped: open again
            await remote.send(type="action", action="lock", ref=3)
            await remote.until("done")
            await phone.until("state", locked=True)
            await phone.send(type="vote", prompt=choice.pk, choices=["clear_message"], ref=4)
            assert (await phone.until("error", ref=4))["code"] == "locked"
            await phone.close()
            await remote.close()

    run(scenario)


def test_rate_limits_per_participant_refuse_a_flood(meeting, settings):
    session, choice = meeting["session"], meeting["choice"]
    settings.LIVE_RATE_LIMITS = {"submit_participant": realtime.Rate(per_second=0.001, burst=3)}

    async def scenario():
        async with running_hub():
            realtime.reset_limits()
            phone = Phone(session.code)
            await phone.connect()
            await phone.join()
            for ref in range(5):
                await phone.send(type="vote", prompt=choice.pk, choices=["communication"], ref=ref)
            answers = [await phone.until_any(("ack", "error")) for _ in range(5)]
            assert [a["type"] for a in answers] == ["ack", "ack", "ack", "error", "error"]
            assert answers[-1]["code"] == "busy"
            await phone.close()

    run(scenario)


def test_a_socket_that_never_joins_is_closed(meeting, monkeypatch):
    from ouderpartner.live import consumers

    monkeypatch.setattr(consumers, "JOIN_WITHIN_SECONDS", 0.2)

    async def scenario():
        async with running_hub():
            idle = Phone(meeting["session"].code)
            assert await idle.connect()
            output = await idle.socket.receive_output(timeout=5)
            assert output == {"type": "websocket.close", "code": consumers.CLOSE_IDLE}

    run(scenario)
