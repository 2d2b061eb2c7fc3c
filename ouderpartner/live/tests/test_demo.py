"""The demo's meetings: the knowledge meeting as a draft in Utrecht, and a finished one with demo results
that the results page shows through disclosure control; running the demo twice changes nothing."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.urls import reverse

from ouderpartner.core.models import Workspace
from ouderpartner.live.models import Entry, HandOver, LiveSession, Participant, Upvote, Vote

pytestmark = pytest.mark.django_db

MODELS = [LiveSession, Participant, Vote, Entry, Upvote, HandOver]


@pytest.fixture
def demo():
    call_command("load_demo", verbosity=0)
    return Workspace.objects.get(slug="utrecht")


def test_the_knowledge_meeting_is_ready_as_a_draft(demo):
    draft = LiveSession.objects.get(workspace=demo, status="draft", template_key="knowledge-meeting")
    assert draft.is_demo and draft.scheduled_for is not None
    assert draft.prompts.count() == 6
    assert draft.prompts.filter(collect=True).count() == 2


def test_a_finished_meeting_has_demo_results_and_hand_overs(demo):
    finished = LiveSession.objects.get(workspace=demo, status="closed")
    assert finished.is_demo
    assert finished.participants.count() == 28
    aspects = finished.prompts.get(kind="multiple_choice")
    assert aspects.votes.count() == 28
    assert all(len(vote.choices) == 3 for vote in aspects.votes.all())
    assert finished.entries.filter(prompt__kind="word_cloud").count() > 10
    top = HandOver.objects.filter(session=finished, kind="ambition")
    assert top.count() == 3
    # The policy part of the demo takes two into the LEA (a draft ambition and an agenda item); one waits.
    assert sorted(top.values_list("status", flat=True)) == ["draft", "used", "used"]
    assert all(item.ambitions.exists() or item.agenda_items.exists() for item in top.filter(status="used"))


def test_the_results_page_of_the_demo_meeting(demo, client):
    from ouderpartner.accounts.models import User

    client.force_login(User.objects.get(email="carol@example.org"))
    finished = LiveSession.objects.get(workspace=demo, status="closed")
    response = client.get(reverse("live:results", kwargs={"ws": "utrecht", "pk": finished.pk}))
    content = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="participants">30<' in content  # 28 rounded to 5
    assert "vertrouwen" in content  # 28 participants sent words: texts are shown
    assert "Hoe meet je of ouderbeleid werkt" in content


def test_loading_the_demo_twice_changes_nothing(demo):
    before = {model.__name__: model.objects.count() for model in MODELS}
    call_command("load_demo", verbosity=0)
    assert {model.__name__: model.objects.count() for model in MODELS} == before
