"""Factories for live meetings: sessions, prompts, options and participants."""

from __future__ import annotations

import hashlib

import factory

from ouderpartner.core.tests.factories import WorkspaceFactory
from ouderpartner.live.models import LiveSession, Participant, Prompt, PromptOption


class LiveSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LiveSession

    workspace = factory.SubFactory(WorkspaceFactory)
    title = factory.Sequence(lambda n: {"nl": f"Bijeenkomst {n}", "en": f"Meeting {n}"})
    languages = ["nl", "en"]


class PromptFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Prompt

    session = factory.SubFactory(LiveSessionFactory)
    position = factory.Sequence(lambda n: n)
    kind = Prompt.Kind.SINGLE_CHOICE
    text = factory.Sequence(lambda n: {"nl": f"Vraag {n}?", "en": f"Question {n}?"})


class PromptOptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PromptOption

    prompt = factory.SubFactory(PromptFactory)
    position = factory.Sequence(lambda n: n)
    value = factory.Sequence(lambda n: f"option_{n}")
    label = factory.Sequence(lambda n: {"nl": f"Keuze {n}", "en": f"Choice {n}"})


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant

    session = factory.SubFactory(LiveSessionFactory)
    token_hash = factory.Sequence(lambda n: hashlib.sha256(f"token-{n}".encode()).hexdigest())
    language = "nl"
