"""Reads for the facilitator's screens: lists, a session with its prompts, the moderation queue, hand-overs."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Count, Prefetch, Q, QuerySet

from ouderpartner.core.languages import PARENT_LANGUAGES, ParentLanguage
from ouderpartner.core.models import Membership, Role, Workspace
from ouderpartner.live.models import BlockedWord, Entry, HandOver, LiveSession, Prompt, PromptOption


@dataclass(frozen=True)
class SessionFilters:
    q: str = ""
    status: str = ""
    mine: bool = False

    @classmethod
    def from_query(cls, query: Any) -> SessionFilters:
        status = query.get("status", "")
        return cls(
            q=(query.get("q") or "").strip()[:100],
            status=status if status in LiveSession.Status.values else "",
            mine=query.get("mine") == "1",
        )


def session_list(
    *, workspace: Workspace, filters: SessionFilters, membership: Membership
) -> QuerySet[LiveSession]:
    qs = (
        LiveSession.objects.filter(workspace=workspace)
        .select_related("organisation")
        .annotate(prompt_count=Count("prompts", distinct=True))
        .order_by("-created_at", "-id")
    )
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.q:
        qs = qs.filter(Q(title__icontains=filters.q) | Q(code=filters.q))
    if filters.mine:
        if membership.role == Role.PROFESSIONAL:
            qs = qs.filter(organisation=membership.organisation_id)
        else:
            qs = qs.filter(created_by=membership.user_id)
    return qs


def session_languages(session: LiveSession) -> list[ParentLanguage]:
    codes = ["nl", *[code for code in session.languages if code != "nl"]]
    return [PARENT_LANGUAGES[code] for code in codes if code in PARENT_LANGUAGES]


def workspace_languages(workspace: Workspace) -> list[ParentLanguage]:
    """What a facilitator may offer: Dutch, English (for knowledge meetings) and the parent languages."""
    codes = list(dict.fromkeys(["nl", "en", *workspace.parent_languages]))
    return [PARENT_LANGUAGES[code] for code in codes if code in PARENT_LANGUAGES]


def session_prompts(session: LiveSession) -> list[Prompt]:
    """The prompts in order with their options and how many answered (2 queries)."""
    return list(
        session.prompts.order_by("position", "id")
        .prefetch_related(Prefetch("options", queryset=PromptOption.objects.order_by("position", "id")))
        .annotate(
            vote_count=Count("votes", distinct=True),
            entry_count=Count("entries", distinct=True),
            pending_count=Count("entries", filter=Q(entries__status=Entry.Status.PENDING), distinct=True),
        )
    )


def session_counts(session: LiveSession) -> dict[str, int]:
    """How many joined and how many texts wait for approval (1 query)."""
    return LiveSession.objects.filter(pk=session.pk).aggregate(
        participants=Count("participants", distinct=True),
        pending=Count("entries", filter=Q(entries__status=Entry.Status.PENDING), distinct=True),
    )


@dataclass(frozen=True)
class QueueFilters:
    status: str = Entry.Status.PENDING
    prompt: int | None = None

    @classmethod
    def from_query(cls, query: Any) -> QueueFilters:
        status = query.get("status", Entry.Status.PENDING)
        try:
            prompt = int(query.get("prompt") or 0) or None
        except ValueError:
            prompt = None
        return cls(
            status=status if status in Entry.Status.values or status == "all" else Entry.Status.PENDING,
            prompt=prompt,
        )


def moderation_queue(*, session: LiveSession, filters: QueueFilters) -> QuerySet[Entry]:
    qs = Entry.objects.filter(session=session).select_related("prompt").order_by("created_at", "id")
    if filters.status != "all":
        qs = qs.filter(status=filters.status)
    if filters.prompt:
        qs = qs.filter(prompt_id=filters.prompt)
    return qs


def hand_overs(session: LiveSession) -> list[HandOver]:
    return list(session.hand_overs.select_related("prompt", "created_by").order_by("created_at", "id"))


def blocked_words(workspace: Workspace) -> QuerySet[BlockedWord]:
    return BlockedWord.objects.filter(workspace=workspace).order_by("word")


def join_link(session: LiveSession) -> str:
    """The address participants type or scan: /j/<code>/ (issue 5; the pages are in participant_urls.py)."""
    return f"{settings.SITE_URL}/j/{session.code}/"
