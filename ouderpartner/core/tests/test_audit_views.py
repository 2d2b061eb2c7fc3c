"""Seeing row-level data is audited: conversation records, open answers, meeting texts, parents' comments.

A repeat of the same view in the same session within ten minutes is recorded once; another page or
other filters are a new event. Refused requests record nothing.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from ouderpartner.core.models import AuditEvent
from ouderpartner.live.models import Entry, LiveSession
from ouderpartner.live.tests.factories import LiveSessionFactory, ParticipantFactory, PromptFactory
from ouderpartner.policy.tests.consultation_factories import comments, framework_in_consultation
from ouderpartner.voice.models import Answer, Conversation, Question, Response
from ouderpartner.voice.tests.factories import DistributionFactory, QuestionFactory, QuestionnaireFactory

pytestmark = pytest.mark.django_db


def views():
    return AuditEvent.objects.filter(action=AuditEvent.Action.VIEW)


@pytest.fixture
def conversation(utrecht, school):
    return Conversation.objects.create(
        workspace=utrecht,
        organisation=school,
        location=school.locations.first(),
        date=datetime.date(2026, 11, 2),
        language="nl",
        needs="Wil graag voorlezen.",
        wants_contact=True,
        contact="0612345678",
        contact_purge_after=datetime.date(2027, 1, 31),
    )


def test_a_conversation_record_seen_is_audited_once_per_session_and_says_if_the_contact_was_shown(
    client_for, bob, alice, conversation
):
    client = client_for(bob)
    url = reverse("voice:conversation_detail", kwargs={"ws": "utrecht", "pk": conversation.pk})
    assert client.get(url).status_code == 200
    assert client.get(url).status_code == 200
    event = views().get()
    assert (event.actor, event.object_type, event.object_id) == (bob, "conversation", str(conversation.pk))
    assert event.changes == {"contact details": True}
    assert "0612345678" not in str(event.changes) + event.object_repr
    # Someone else, in another session, is a new event.
    client_for(alice).get(url)
    assert views().count() == 2


def test_the_list_of_records_is_audited_per_filter_and_page_without_the_search_text(
    client_for, bob, conversation
):
    client = client_for(bob)
    url = reverse("voice:conversation_list", kwargs={"ws": "utrecht"})
    client.get(url)
    client.get(url)
    client.get(url, {"q": "voorlezen"})
    assert views().count() == 2
    event = views().filter(changes__search=True).get()
    assert event.object_type == "conversation" and event.changes["shown"] == 1
    assert "voorlezen" not in str(event.changes)


def test_an_outsider_or_a_viewer_leaves_no_view_event(client_for, dave, carol, conversation):
    url = reverse("voice:conversation_detail", kwargs={"ws": "utrecht", "pk": conversation.pk})
    assert client_for(dave).get(url).status_code == 404
    assert client_for(carol).get(url).status_code == 403
    assert not views().exists()


def test_open_answers_in_moderation_are_audited(client_for, alice, utrecht):
    questionnaire = QuestionnaireFactory(workspace=utrecht)
    question = QuestionFactory(questionnaire=questionnaire, kind=Question.Kind.LONG_TEXT)
    distribution = DistributionFactory(questionnaire=questionnaire)
    response = Response.objects.create(
        workspace=utrecht,
        questionnaire=questionnaire,
        distribution=distribution,
        language="nl",
        token="t",
        submitted_at=timezone.now(),
    )
    Answer.objects.create(response=response, question=question, text="Meer boeken in het Arabisch")
    url = reverse("voice:questionnaire_moderation", kwargs={"ws": "utrecht", "pk": questionnaire.pk})
    client = client_for(alice)
    assert client.get(url).status_code == 200
    event = views().get()
    assert (event.object_type, event.object_id, event.changes["of"]) == ("answer", str(questionnaire.pk), 1)


def test_a_meetings_texts_in_moderation_are_audited(client_for, alice, utrecht):
    session = LiveSessionFactory(workspace=utrecht, status=LiveSession.Status.LIVE)
    prompt = PromptFactory(session=session, kind="open_text")
    Entry.objects.create(
        session=session,
        prompt=prompt,
        participant=ParticipantFactory(session=session),
        text="idee",
        normalized="idee",
    )
    url = reverse("live:moderation", kwargs={"ws": "utrecht", "pk": session.pk})
    client = client_for(alice)
    assert client.get(url).status_code == 200
    assert client.get(url, {"status": "all"}).status_code == 200
    assert views().filter(object_type="entry", object_id=str(session.pk)).count() == 2


def test_parents_comments_in_moderation_are_audited(client_for, alice, utrecht):
    framework = framework_in_consultation(utrecht, ambitions=1)
    comments(framework.ambitions.get(), n=2, text="Goed idee")
    url = reverse("policy:consultation_moderation", kwargs={"ws": "utrecht", "pk": framework.pk})
    assert client_for(alice).get(url).status_code == 200
    event = views().get()
    assert (event.object_type, event.object_id, event.changes["of"]) == (
        "consultationcomment",
        str(framework.pk),
        2,
    )


def test_records_read_through_the_api_are_audited(client_for, bob, conversation):
    client = client_for(bob)
    base = reverse("api-conversation-list", kwargs={"ws": "utrecht"})
    assert client.get(base, {"language": "nl"}).status_code == 200
    detail = reverse("api-conversation-detail", kwargs={"ws": "utrecht", "pk": conversation.pk})
    assert client.get(detail).json()["contact"] == "0612345678"
    listed, seen = views().order_by("id")
    assert listed.changes == {
        "api": True,
        "filters": {"language": "nl"},
        "search": False,
        "shown": 1,
        "of": 1,
    }
    assert (seen.object_id, seen.changes) == (str(conversation.pk), {"api": True, "contact details": True})


def test_the_answers_of_a_theme_seen_are_audited(client_for, alice, utrecht):
    from ouderpartner.voice.models import Theme

    questionnaire = QuestionnaireFactory(workspace=utrecht)
    theme = Theme.objects.create(workspace=utrecht, questionnaire=questionnaire, name="boeken")
    url = reverse("voice:theme_detail", kwargs={"ws": "utrecht", "pk": theme.pk})
    client = client_for(alice)
    assert client.get(url).status_code == 200
    assert client.get(url).status_code == 200
    event = views().get()
    assert (event.object_type, event.object_id, event.changes) == (
        "answer",
        str(theme.pk),
        {"theme": theme.pk, "search": False},
    )
