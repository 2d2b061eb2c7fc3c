"""API: meetings with their prompts (read-only) and their published results, for every member; others 404."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ouderpartner.live import services
from ouderpartner.live.models import Entry, LiveSession, Participant, Prompt, Vote

pytestmark = pytest.mark.django_db


def url(name, **kwargs):
    return reverse(name, kwargs={"ws": "utrecht", **kwargs})


@pytest.fixture
def meeting(utrecht, alice):
    session = services.session_create_from_template(workspace=utrecht, actor=alice, key="knowledge-meeting")
    aspects = session.prompts.get(kind=Prompt.Kind.MULTIPLE_CHOICE)
    words = session.prompts.get(kind=Prompt.Kind.WORD_CLOUD)
    values = list(aspects.options.order_by("position").values_list("value", flat=True))
    for i in range(13):
        participant = Participant.objects.create(session=session, token_hash=f"{i:064d}", language="nl")
        choices = values[:3] if i < 11 else values[3:5]
        Vote.objects.create(session=session, prompt=aspects, participant=participant, choices=choices)
        if i < 4:
            Entry.objects.create(
                session=session,
                prompt=words,
                participant=participant,
                text="samen",
                normalized="samen",
                status="approved",
            )
    LiveSession.objects.filter(pk=session.pk).update(status="closed")
    return session


def test_members_list_and_read_meetings(client_for, carol, meeting):
    client = client_for(carol)
    data = client.get(url("api-meeting-list")).json()
    assert data["count"] == 1
    item = data["results"][0]
    assert item["code"] == meeting.code and item["status"] == "closed"
    assert [p["kind"] for p in item["prompts"]][:3] == ["open_text", "word_cloud", "multiple_choice"]
    assert item["prompts"][2]["options"][0]["label"]["nl"] == "Eén heldere boodschap vanuit de gemeente"
    detail = client.get(url("api-meeting-detail", pk=meeting.pk)).json()
    assert detail["title"]["nl"] == "Kennisbijeenkomst ouderbetrokkenheid"
    assert client.get(url("api-meeting-list"), {"status": "draft"}).json()["count"] == 0
    assert client.get(url("api-meeting-list"), {"status": "nonsense"}).status_code == 400


def test_results_are_published_figures_only(client_for, carol, meeting):
    data = client_for(carol).get(url("api-meeting-results", pk=meeting.pk)).json()
    assert data["participants"] == {"value": 15, "suppressed": False}  # 13 rounded to 5
    aspects = next(p for p in data["prompts"] if p["kind"] == "multiple_choice")
    counts = {o["value"]: o["participants"] for o in aspects["options"]}
    assert counts["clear-message"] == {"value": 10, "suppressed": False}  # 11
    assert counts["trusted-places"]["suppressed"] and counts["trusted-places"]["value"] is None  # 2
    words = next(p for p in data["prompts"] if p["kind"] == "word_cloud")
    assert words["words"] == [] and words["texts_hidden"]  # 4 participants sent words: fewer than 10


def test_the_api_is_read_only_and_closed_to_outsiders(client_for, alice, dave, meeting):
    assert client_for(alice).post(url("api-meeting-list"), {}).status_code in (403, 405)
    client = client_for(dave)
    assert client.get(url("api-meeting-list")).status_code == 404
    assert client.get(url("api-meeting-results", pk=meeting.pk)).status_code == 404
    own = reverse("api-meeting-results", kwargs={"ws": "amersfoort", "pk": meeting.pk})
    assert client.get(own).status_code == 404


def test_queries_do_not_grow_with_meetings_or_votes(
    client_for, carol, meeting, utrecht, alice, django_assert_max_num_queries
):
    for _ in range(5):
        services.session_create_from_template(workspace=utrecht, actor=alice, key="parent-evening")
    client = client_for(carol)
    with django_assert_max_num_queries(10):
        assert client.get(url("api-meeting-list")).status_code == 200
    with django_assert_max_num_queries(25):
        assert client.get(url("api-meeting-results", pk=meeting.pk)).status_code == 200
