"""Reads of the parents' consultation: the public page's framework and ambitions, the moderation queue,
and the summary per ambition (every figure published through `ouderpartner.stats`).

A comment is attributed to an ambition and a language, never to a person. Every reaction counts
in the summary unless a coordinator hid it (abuse); a comment's text is quoted only when it was
approved and the ambition has at least 10 reactions (`stats.free_text_allowed`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.db.models import Count, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.functional import Promise

from ouderpartner.core.languages import PARENT_LANGUAGES
from ouderpartner.core.models import Workspace
from ouderpartner.policy.models import Ambition, ConsultationComment, PolicyFramework
from ouderpartner.stats import (
    PublishedCount,
    PublishedTable,
    effective_threshold,
    explanation,
    free_text_allowed,
    publish_count,
    publish_table,
)

Reaction = ConsultationComment.Reaction
Status = ConsultationComment.Status
REACTIONS: tuple[str, ...] = (Reaction.AGREE, Reaction.DISAGREE, Reaction.UNSURE)
ALL = "all"
MAX_QUOTES = 10


# --- The public page ---------------------------------------------------------------------------


def framework_for_parent(code: str) -> PolicyFramework | None:
    """The framework behind a consultation link, with its workspace; None for an unknown code."""
    if not code or len(code) > 12:
        return None
    return PolicyFramework.objects.select_related("workspace").filter(consultation_code=code).first()


def parent_languages(framework: PolicyFramework) -> list[str]:
    """The workspace's parent languages (known codes only), Dutch always among them, Dutch first if none."""
    codes = [code for code in framework.workspace.parent_languages or [] if code in PARENT_LANGUAGES]
    if "nl" not in codes:
        codes.insert(0, "nl")
    return list(dict.fromkeys(codes))


def parent_ambitions(framework: PolicyFramework) -> list[Ambition]:
    """The ambitions parents react to, in the framework's order, with only what the page shows."""
    return list(
        Ambition.objects.filter(framework=framework, workspace_id=framework.workspace_id)
        .only("id", "position", "title", "text", "parent_title", "parent_text", "framework_id")
        .order_by("position", "id")
    )


# --- Staff pages -------------------------------------------------------------------------------


def consultation_frameworks(*, workspace: Workspace) -> QuerySet[PolicyFramework]:
    """The workspace's frameworks, newest period first, with how many comments wait for moderation."""
    return PolicyFramework.objects.filter(workspace=workspace).order_by("-start_year", "title", "id")


def pending_counts(*, workspace: Workspace) -> dict[int, int]:
    """Per framework id: how many comments with a text wait for a coordinator (a work list, not a figure
    about parents: shown only to coordinators)."""
    rows = (
        ConsultationComment.objects.filter(workspace=workspace, status=Status.PENDING)
        .exclude(text="")
        .values("ambition__framework_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {row["ambition__framework_id"]: row["n"] for row in rows}


def framework_get(*, workspace: Workspace, pk: int) -> PolicyFramework:
    """One framework of this workspace (404 otherwise)."""
    return get_object_or_404(PolicyFramework.objects.filter(workspace=workspace), pk=pk)


@dataclass(frozen=True)
class ModerationFilters:
    """Which comments the queue shows: by status (waiting by default), ambition and language."""

    status: str = Status.PENDING
    ambition: int | None = None
    language: str = ""

    @classmethod
    def from_query(cls, params: Mapping[str, str], *, ambitions: Iterable[int]) -> ModerationFilters:
        """Unknown or malformed values fall back to the default, never an error."""
        status = params.get("status", "")
        try:
            ambition = int(params.get("ambition", ""))
        except ValueError:
            ambition = None
        language = (params.get("language") or "").strip()
        return cls(
            status=status if status in (*Status.values, ALL) else Status.PENDING,
            ambition=ambition if ambition in set(ambitions) else None,
            language=language if language in PARENT_LANGUAGES else "",
        )


def comments_with_text(*, workspace: Workspace, framework: PolicyFramework) -> QuerySet[ConsultationComment]:
    """The framework's comments that hold a text: what moderation is about."""
    return ConsultationComment.objects.filter(workspace=workspace, ambition__framework=framework).exclude(
        text=""
    )


def moderation_queue(
    *, workspace: Workspace, framework: PolicyFramework, filters: ModerationFilters
) -> QuerySet[ConsultationComment]:
    """The comments to moderate, newest first, with their ambition's title."""
    qs = comments_with_text(workspace=workspace, framework=framework)
    if filters.status != ALL:
        qs = qs.filter(status=filters.status)
    if filters.ambition:
        qs = qs.filter(ambition_id=filters.ambition)
    if filters.language:
        qs = qs.filter(language=filters.language)
    return qs.select_related("ambition").only(
        "id",
        "text",
        "reaction",
        "language",
        "status",
        "created_at",
        "ambition__id",
        "ambition__title",
        "ambition__position",
    )


def moderation_languages(*, workspace: Workspace, framework: PolicyFramework) -> list[str]:
    """The languages comments with a text were written in, for the filter."""
    return sorted(
        set(
            comments_with_text(workspace=workspace, framework=framework)
            .order_by()
            .values_list("language", flat=True)
            .distinct()
        )
    )


# --- The summary -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Quote:
    """An approved comment that may be quoted: its text, the language it was written in, the reaction."""

    text: str
    language: str
    reaction: str


@dataclass(frozen=True)
class AmbitionSummary:
    ambition: Ambition
    table: PublishedTable
    quotes_allowed: bool
    quotes: list[Quote] = field(default_factory=list)

    @property
    def total(self) -> PublishedCount:
        assert self.table.grand_total is not None
        return self.table.grand_total

    @property
    def by_reaction(self) -> Mapping[str, PublishedCount]:
        return self.table.column_totals


@dataclass(frozen=True)
class ConsultationSummary:
    framework: PolicyFramework
    threshold: int
    ambitions: list[AmbitionSummary]
    total: PublishedCount
    reactions: tuple[str, ...] = REACTIONS

    @property
    def reaction_labels(self) -> dict[str, str | Promise]:
        return dict(Reaction.choices)

    @property
    def has_reactions(self) -> bool:
        return bool(self.total.value) or self.total.suppressed

    def explanation(self) -> Promise | str:
        """The "< k" explanation when any figure is hidden or rounded, else ""."""
        tables = [item.table for item in self.ambitions]
        if not any(t.has_suppression or t.has_rounding for t in tables):
            return ""
        secondary = any(count.secondary for table in tables for count in _counts(table))
        return explanation(self.threshold, secondary=secondary)


def _counts(table: PublishedTable) -> list[PublishedCount]:
    counts = [count for row in table.cells.values() for count in row.values()]
    counts += [*table.row_totals.values(), *table.column_totals.values()]
    return counts + ([table.grand_total] if table.grand_total is not None else [])


def _language_order(codes: Iterable[str]) -> list[str]:
    known = list(PARENT_LANGUAGES)
    return sorted(set(codes), key=lambda code: (known.index(code) if code in known else len(known), code))


def consultation_summary(framework: PolicyFramework) -> ConsultationSummary:
    """Per ambition: the reactions per language and reaction, published (suppressed, rounded), and the
    approved comments that may be quoted. Three queries, whatever the number of comments."""
    workspace = framework.workspace
    k = effective_threshold(workspace.disclosure_threshold)
    ambitions = list(
        Ambition.objects.filter(framework=framework, workspace=workspace)
        .only("id", "position", "title", "parent_title", "framework_id")
        .order_by("position", "id")
    )
    counted = ConsultationComment.objects.filter(workspace=workspace, ambition__framework=framework).exclude(
        status=Status.HIDDEN
    )
    raw: dict[int, dict[str, dict[str, int]]] = defaultdict(lambda: defaultdict(dict))
    for row in counted.values("ambition_id", "language", "reaction").annotate(n=Count("id")).order_by():
        if row["reaction"] in REACTIONS:
            raw[row["ambition_id"]][row["language"]][row["reaction"]] = row["n"]
    quotes: dict[int, list[Quote]] = defaultdict(list)
    approved = (
        counted.filter(status=Status.APPROVED)
        .exclude(text="")
        .order_by("-created_at", "-id")
        .values_list("ambition_id", "text", "language", "reaction")
    )
    for ambition_id, text, language, reaction in approved:
        if len(quotes[ambition_id]) < MAX_QUOTES:
            quotes[ambition_id].append(Quote(text=text, language=language, reaction=reaction))
    items = []
    grand = 0
    for ambition in ambitions:
        per_language = raw.get(ambition.pk, {})
        rows = {code: dict(per_language[code]) for code in _language_order(per_language)}
        respondents = sum(sum(counts.values()) for counts in rows.values())
        grand += respondents
        allowed = free_text_allowed(respondents, k=k)
        items.append(
            AmbitionSummary(
                ambition=ambition,
                table=publish_table(rows, k=k, columns=REACTIONS),
                quotes_allowed=allowed,
                quotes=quotes.get(ambition.pk, []) if allowed else [],
            )
        )
    return ConsultationSummary(
        framework=framework, threshold=k, ambitions=items, total=publish_count(grand, k=k)
    )
