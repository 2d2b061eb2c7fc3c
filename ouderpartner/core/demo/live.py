"""Demo meetings for Utrecht: the knowledge meeting on parental involvement, ready as a draft, and one
finished knowledge meeting with generated participants, votes, words and questions (marked as demo),
with its three most chosen success factors handed over as candidate ambitions.

Every step creates what is missing and leaves what exists alone, so running it again changes nothing.
The generated answers are deterministic, so every demo looks alike.
"""

from __future__ import annotations

import datetime
import random
from typing import Any

from django.utils import timezone

from ouderpartner.core.models import Workspace
from ouderpartner.live import services
from ouderpartner.live.models import Entry, HandOver, LiveSession, Participant, Prompt, Upvote, Vote
from ouderpartner.live.participation import normalise_text, participant_token_new

TEMPLATE_KEY = "knowledge-meeting"
FINISHED_TITLE = {
    "nl": "Kennisbijeenkomst ouderbetrokkenheid, regio Utrecht (afgerond)",
    "en": "Knowledge meeting on parental involvement, Utrecht region (finished)",
}
PARTICIPANTS = 28
SEED = 20261128

# Where each municipality stands (the inventory beforehand): written as policy officers would.
STARTING_POINTS = [
    "Ouderbetrokkenheid staat in ons VVE-beleid, maar is nog geen apart thema met eigen doelen.",
    "Wij beginnen net. Onze vraag is hoe we ouders bereiken die weinig Nederlands spreken.",
    "Er lopen losse projecten op scholen; we missen samenhang en een gezamenlijke boodschap.",
    "In de LEA hebben we afspraken gemaakt over ouderbetrokkenheid, maar we meten niets.",
    "We werken met brede schoolcoördinatoren. Hoe halen we de voorschool en het consultatiebureau erbij?",
    "We willen zicht op het bereik van doelgroepouders; nu zit alles in losse spreadsheets.",
    "Ons kwaliteitskader VVE is samen met ouders geschreven. Nu willen we dat breder doen.",
    "Bibliotheek en JGZ doen veel voor ouders, maar werken langs elkaar heen.",
    "We hebben een netwerkaanpak en financieren BoekStart; de doorgaande lijn naar groep 3 ontbreekt.",
    "Onze vraag: hoe verbinden we ouderbeleid met armoedebeleid en volwasseneneducatie?",
    "We hebben geen beleid op ouderbetrokkenheid; scholen regelen het zelf.",
    "Er is een ouderkamer op drie scholen. Hoe houden we dat vol na de subsidie?",
]
WORDS = [
    ("vertrouwen", 9),
    ("samenwerking", 8),
    ("laagdrempelig", 7),
    ("gelijkwaardigheid", 6),
    ("luisteren", 6),
    ("vindplaatsen", 5),
    ("meertalig", 4),
    ("één boodschap", 4),
    ("continuïteit", 3),
    ("maatwerk", 3),
    ("nabijheid", 2),
    ("eigenaarschap", 2),
    ("tijd", 2),
    ("geduld", 1),
]
QUESTIONS = [
    ("Hoe meet je of ouderbeleid werkt, zonder ouders te belasten?", 14),
    ("Hoe bereik je ouders die nergens komen?", 12),
    ("Welke rol kan de LEA spelen in ouderbetrokkenheid?", 9),
    ("Hoe betrek je vaders?", 7),
    ("Hoe financier je een ouderkamer structureel?", 5),
    ("Mag de gemeente ouders zelf benaderen, of loopt dat via de school?", 3),
    ("Hoe houd je ouders betrokken na de overstap naar groep 3?", 4),
    ("Wat doe je als scholen geen tijd hebben voor ouderbeleid?", 6),
    ("Hoe zet je de bibliotheek in als vindplaats?", 4),
    ("Welke gemeente heeft al een goede monitor ouderbetrokkenheid?", 8),
    ("Hoe vertaal je materiaal voor ouders zonder dure vertalers?", 2),
    ("Hoe krijg je ouders in de medezeggenschap van de voorschool?", 3),
]
# The free-text rule publishes texts of a prompt only from 10 participants: the demo has 12 questions.
# Weights for the three most important aspects and for the level to start on.
ASPECT_WEIGHTS = {
    "clear-message": 6,
    "communication": 8,
    "with-parents": 10,
    "trusted-places": 7,
    "shared-ambitions": 4,
    "continuous-line": 3,
    "integral": 2,
    "low-threshold": 5,
    "measure": 3,
}
LEVEL_WEIGHTS = {"level-1": 13, "level-2": 9, "level-3": 6}
WAY_WEIGHTS = {"network": 5, "continuous-line": 3, "integral": 2}


def _weighted_sample(rng: random.Random, weights: dict[str, int], count: int) -> list[str]:
    """`count` different values, drawn by weight."""
    pool = dict(weights)
    chosen: list[str] = []
    while pool and len(chosen) < count:
        value = rng.choices(list(pool), weights=list(pool.values()))[0]
        chosen.append(value)
        pool.pop(value)
    return chosen


def load_draft(workspace: Workspace) -> int:
    """The knowledge-meeting template as a draft meeting, a few weeks ahead."""
    if LiveSession.objects.filter(
        workspace=workspace, template_key=TEMPLATE_KEY, is_demo=True, status=LiveSession.Status.DRAFT
    ).exists():
        return 0
    when = timezone.localtime().replace(hour=13, minute=30, second=0, microsecond=0) + datetime.timedelta(
        days=21
    )
    services.session_create_from_template(
        workspace=workspace, actor=None, key=TEMPLATE_KEY, scheduled_for=when, is_demo=True
    )
    return 1


def _entries(
    session: LiveSession, prompt: Prompt, participants: list[Participant], texts: list[tuple[str, int]]
) -> list[Entry]:
    """One entry per (text, times): each time by another participant, all approved."""
    entries = []
    index = 0
    for text, times in texts:
        for _ in range(times):
            participant = participants[index % len(participants)]
            index += 1
            entries.append(
                Entry(
                    session=session,
                    prompt=prompt,
                    participant=participant,
                    text=text,
                    normalized=normalise_text(text),
                    language="nl",
                    status=Entry.Status.APPROVED,
                )
            )
    return Entry.objects.bulk_create(entries)


def load_finished(workspace: Workspace) -> int:
    """A knowledge meeting held a month ago: 28 participants, every prompt answered, then closed."""
    if LiveSession.objects.filter(
        workspace=workspace, template_key=TEMPLATE_KEY, is_demo=True, status=LiveSession.Status.CLOSED
    ).exists():
        return 0
    rng = random.Random(SEED)
    held = timezone.localtime().replace(hour=13, minute=30, second=0, microsecond=0) - datetime.timedelta(
        days=30
    )
    session = services.session_create_from_template(
        workspace=workspace, actor=None, key=TEMPLATE_KEY, scheduled_for=held, is_demo=True
    )
    session.title = FINISHED_TITLE
    session.save(update_fields=["title"])
    participants = Participant.objects.bulk_create(
        [
            Participant(
                session=session, token_hash=participant_token_new(session_id=session.pk)[1], language="nl"
            )
            for _ in range(PARTICIPANTS)
        ]
    )
    prompts = {prompt.kind: prompt for prompt in session.prompts.order_by("position")}
    votes: list[Vote] = []
    aspects = prompts[Prompt.Kind.MULTIPLE_CHOICE]
    order = list(aspects.options.order_by("position").values_list("value", flat=True))
    level = prompts[Prompt.Kind.SINGLE_CHOICE]
    ranking = prompts[Prompt.Kind.RANKING]
    for participant in participants:
        chosen = sorted(_weighted_sample(rng, ASPECT_WEIGHTS, 3), key=order.index)
        votes.append(Vote(session=session, prompt=aspects, participant=participant, choices=chosen))
        votes.append(
            Vote(
                session=session,
                prompt=level,
                participant=participant,
                choices=_weighted_sample(rng, LEVEL_WEIGHTS, 1),
            )
        )
        votes.append(
            Vote(
                session=session,
                prompt=ranking,
                participant=participant,
                choices=_weighted_sample(rng, WAY_WEIGHTS, 3),
            )
        )
    Vote.objects.bulk_create(votes)
    _entries(session, prompts[Prompt.Kind.OPEN_TEXT], participants, [(text, 1) for text in STARTING_POINTS])
    _entries(session, prompts[Prompt.Kind.WORD_CLOUD], participants, WORDS)
    questions = _entries(
        session, prompts[Prompt.Kind.QA], participants, [(text, 1) for text, _n in QUESTIONS]
    )
    upvotes = []
    for entry, (_text, count) in zip(questions, QUESTIONS, strict=True):
        supporters = rng.sample([p for p in participants if p.pk != entry.participant_id], count)
        upvotes += [Upvote(entry=entry, participant=p) for p in supporters]
        entry.upvotes = count
        entry.answered = count >= 9
    Upvote.objects.bulk_create(upvotes)
    Entry.objects.bulk_update(questions, ["upvotes", "answered"])
    LiveSession.objects.filter(pk=session.pk).update(
        status=LiveSession.Status.CLOSED,
        started_at=held,
        closed_at=held + datetime.timedelta(hours=2),
        current_prompt=None,
    )
    # The three success factors chosen most often become candidate ambitions for the policy.
    counts: dict[str, int] = dict.fromkeys(order, 0)
    for vote in votes:
        if vote.prompt_id == aspects.pk:
            for value in vote.choices:
                counts[value] += 1
    top = sorted(order, key=lambda value: (-counts[value], order.index(value)))[:3]
    services.handovers_from_results(
        session=session,
        actor=None,
        kind=HandOver.Kind.AMBITION,
        option_ids=list(aspects.options.filter(value__in=top).values_list("pk", flat=True)),
    )
    return PARTICIPANTS


def load_live(workspace: Workspace) -> str:
    """The meetings part of the demo; returns one line for the report."""
    drafts = load_draft(workspace)
    participants = load_finished(workspace)
    if not (drafts or participants):
        return "Meetings: already there"
    parts: list[Any] = []
    if drafts:
        parts.append("the knowledge meeting as a draft")
    if participants:
        parts.append(f"a finished knowledge meeting with {participants} demo participants")
    return "Meetings: " + " and ".join(parts)
