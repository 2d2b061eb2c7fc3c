"""The model's own guarantees: join codes, one vote per prompt, one upvote per entry, text fallback."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from ouderpartner.live.models import Entry, LiveSession, Upvote, Vote, new_join_code
from ouderpartner.live.tests.factories import LiveSessionFactory, ParticipantFactory, PromptFactory

pytestmark = pytest.mark.django_db


def test_join_codes_are_six_digits_without_a_leading_zero():
    codes = {new_join_code() for _ in range(500)}
    assert all(len(code) == 6 and code.isdigit() and code[0] != "0" for code in codes)
    assert len(codes) > 450


def test_a_participant_votes_once_per_prompt():
    prompt = PromptFactory()
    participant = ParticipantFactory(session=prompt.session)
    Vote.objects.create(session=prompt.session, prompt=prompt, participant=participant, choices=["a"])
    with pytest.raises(IntegrityError), transaction.atomic():
        Vote.objects.create(session=prompt.session, prompt=prompt, participant=participant, choices=["b"])


def test_a_participant_upvotes_an_entry_once():
    prompt = PromptFactory(kind="qa")
    participant = ParticipantFactory(session=prompt.session)
    entry = Entry.objects.create(session=prompt.session, prompt=prompt, text="Hoe?", normalized="hoe?")
    Upvote.objects.create(entry=entry, participant=participant)
    with pytest.raises(IntegrityError), transaction.atomic():
        Upvote.objects.create(entry=entry, participant=participant)


def test_title_falls_back_to_dutch():
    session = LiveSessionFactory(title={"nl": "Ouderavond", "ar": "أمسية"}, languages=["nl", "ar", "tr"])
    assert session.text("title", "tr") == "Ouderavond"
    assert session.text("title", "ar") == "أمسية"
    assert session.status == LiveSession.Status.DRAFT
