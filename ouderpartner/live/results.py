"""Results of live meetings, in two forms.

`prompt_results` is the room view: exact counts over what is stored, for the presenter screen while
the meeting runs (ARCHITECTURE.md rule 4: a live session shown in the room is not a published
aggregate; moderation and anonymity are its safeguards). It takes one or two queries per prompt, so
the realtime layer can recompute it a few times per second.

`published_results` is what leaves the room: the results page after the meeting, the PDF and XLSX
exports and the API. Every count goes through ouderpartner.stats (threshold k of the workspace,
secondary suppression, rounding to 5), means only for groups of at least k, texts only for prompts
with at least 10 respondents and only when approved. See docs/privacy.md.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, F, Min, Q, Window
from django.db.models.functions import RowNumber

from ouderpartner.live.models import Entry, LiveSession, Participant, Prompt, PromptOption, Vote
from ouderpartner.stats.disclosure import free_text_allowed, publish_count, publish_mean
from ouderpartner.stats.tables import PublishedSeries, publish_series
from ouderpartner.stats.values import PublishedCount, PublishedMean

MAX_WORDS = 80
MAX_ENTRIES = 200


def borda_points(rankings: Counter[tuple[str, ...]], values: list[str]) -> dict[str, int]:
    """Borda count: with n options, first place earns n points, second n-1, …; unranked options 0."""
    points = dict.fromkeys(values, 0)
    n = len(values)
    for ranking, voters in rankings.items():
        for place, value in enumerate(ranking):
            if value in points:
                points[value] += (n - place) * voters
    return points


def _vote_results(
    prompt: Prompt, values: list[str], rows: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    """`rows`: the prompt's vote counts when already read (by `_results_of_prompts`), else read here."""
    if prompt.kind == Prompt.Kind.SCALE:
        if rows is None:
            rows = (
                Vote.objects.filter(prompt=prompt).values("number").annotate(n=Count("id")).order_by("number")
            )
        distribution = dict.fromkeys(range(prompt.scale_min, prompt.scale_max + 1), 0)
        for row in rows:
            if row["number"] in distribution:
                distribution[row["number"]] += row["n"]
        total = sum(distribution.values())
        mean = sum(value * n for value, n in distribution.items()) / total if total else None
        return {
            "respondents": total,
            "scale": {
                "min": prompt.scale_min,
                "max": prompt.scale_max,
                "distribution": [{"value": v, "count": n} for v, n in distribution.items()],
                "mean": round(mean, 2) if mean is not None else None,
            },
        }
    if rows is None:
        rows = Vote.objects.filter(prompt=prompt).values("choices").annotate(n=Count("id"))
    combinations: Counter[tuple[str, ...]] = Counter()
    for row in rows:
        combinations[tuple(row["choices"] or ())] += row["n"]
    counts = dict.fromkeys(values, 0)
    for combination, voters in combinations.items():
        for value in combination:
            if value in counts:
                counts[value] += voters
    result: dict[str, Any] = {
        "respondents": sum(combinations.values()),
        "options": [{"value": value, "count": counts[value]} for value in values],
    }
    if prompt.kind == Prompt.Kind.RANKING:
        points = borda_points(combinations, values)
        for option in result["options"]:
            option["points"] = points[option["value"]]
        result["ranking"] = sorted(values, key=lambda v: (-points[v], values.index(v)))
    return result


_ENTRY_STATS = {
    "respondents": Count("participant", distinct=True, filter=Q(status=Entry.Status.APPROVED)),
    "approved": Count("id", filter=Q(status=Entry.Status.APPROVED)),
    "pending": Count("id", filter=Q(status=Entry.Status.PENDING)),
}


def _entry_ordering(prompt: Prompt) -> tuple[str, ...]:
    return ("-upvotes", "created_at", "id") if prompt.kind == Prompt.Kind.QA else ("-created_at", "-id")


def _text_results(
    prompt: Prompt, *, with_pending: bool, read: dict[str, Any] | None = None
) -> dict[str, Any]:
    """`read`: the prompt's "stats" and "words" or "entries" when already read (by `_results_of_prompts`)."""
    approved = Entry.objects.filter(prompt=prompt, status=Entry.Status.APPROVED)
    stats = (
        read["stats"] if read is not None else Entry.objects.filter(prompt=prompt).aggregate(**_ENTRY_STATS)
    )
    result: dict[str, Any] = {"respondents": stats["respondents"], "entry_count": stats["approved"]}
    if with_pending:
        result["pending"] = stats["pending"]
    if prompt.kind == Prompt.Kind.WORD_CLOUD:
        words = (
            read["words"]
            if read is not None
            else approved.values("normalized")
            .annotate(count=Count("id"), text=Min("text"))
            .order_by("-count", "normalized")[:MAX_WORDS]
        )
        result["words"] = [{"text": w["text"], "key": w["normalized"], "count": w["count"]} for w in words]
    else:
        result["entries"] = (
            read["entries"]
            if read is not None
            else list(
                approved.order_by(*_entry_ordering(prompt)).values(
                    "id", "text", "upvotes", "answered", "group"
                )[:MAX_ENTRIES]
            )
        )
    return result


def _results_of_prompts(prompts: list[Prompt]) -> dict[int, dict[str, Any]]:
    """`prompt_results` of many prompts (their options prefetched) at once, in at most six queries whatever the
    number of prompts: vote counts of the scale and of the choice prompts, entry figures of the text prompts,
    the words of the word clouds and the first MAX_ENTRIES entries of the open and Q&A prompts."""
    scales = [p.pk for p in prompts if not p.is_text and p.kind == Prompt.Kind.SCALE]
    choices = [p.pk for p in prompts if not p.is_text and p.kind != Prompt.Kind.SCALE]
    texts = [p for p in prompts if p.is_text]
    votes: dict[int, list[dict[str, Any]]] = defaultdict(list)
    if scales:
        rows = Vote.objects.filter(prompt__in=scales).values("prompt_id", "number").annotate(n=Count("id"))
        for row in rows.order_by("prompt_id", "number"):
            votes[row["prompt_id"]].append(row)
    if choices:
        rows = Vote.objects.filter(prompt__in=choices).values("prompt_id", "choices").annotate(n=Count("id"))
        for row in rows.order_by():
            votes[row["prompt_id"]].append(row)
    read: dict[int, dict[str, Any]] = {
        p.pk: {"stats": {"respondents": 0, "approved": 0, "pending": 0}, "words": [], "entries": []}
        for p in texts
    }
    if texts:
        for row in (
            Entry.objects.filter(prompt__in=texts).values("prompt_id").annotate(**_ENTRY_STATS).order_by()
        ):
            read[row["prompt_id"]]["stats"] = row
    approved = Entry.objects.filter(status=Entry.Status.APPROVED)
    clouds = [p.pk for p in texts if p.kind == Prompt.Kind.WORD_CLOUD]
    if clouds:
        words = (
            approved.filter(prompt__in=clouds)
            .values("prompt_id", "normalized")
            .annotate(count=Count("id"), text=Min("text"))
            .order_by("prompt_id", "-count", "normalized")
        )
        for word in words:
            if len(read[word["prompt_id"]]["words"]) < MAX_WORDS:
                read[word["prompt_id"]]["words"].append(word)
    for qa in (True, False):
        listed = [p for p in texts if p.kind != Prompt.Kind.WORD_CLOUD and (p.kind == Prompt.Kind.QA) is qa]
        if not listed:
            continue
        ordering = [
            F(name[1:]).desc() if name.startswith("-") else F(name) for name in _entry_ordering(listed[0])
        ]
        entries = (
            approved.filter(prompt__in=listed)
            .annotate(place=Window(RowNumber(), partition_by=[F("prompt_id")], order_by=ordering))
            .filter(place__lte=MAX_ENTRIES)
            .order_by("prompt_id", *_entry_ordering(listed[0]))
            .values("prompt_id", "id", "text", "upvotes", "answered", "group")
        )
        for entry in entries:
            read[entry.pop("prompt_id")]["entries"].append(entry)
    results = {}
    for prompt in prompts:
        base = {"prompt_id": prompt.pk, "kind": prompt.kind}
        if prompt.is_text:
            results[prompt.pk] = {**base, **_text_results(prompt, with_pending=False, read=read[prompt.pk])}
        else:
            values = [option.value for option in prompt.options.all()]
            results[prompt.pk] = {**base, **_vote_results(prompt, values, votes.get(prompt.pk, []))}
    return results


def prompt_results(
    *, prompt: Prompt, options: list[PromptOption] | None = None, with_pending: bool = False
) -> dict[str, Any]:
    """The room view of one prompt, JSON-safe: exact counts (1 query, 2 for text prompts).

    Choice prompts: {"respondents", "options": [{"value", "count"}]}; a ranking adds "points" per option
    and "ranking" (values by Borda points). Scale: {"respondents", "scale": {"min", "max", "distribution",
    "mean"}}. Word cloud: {"respondents", "entry_count", "words": [{"text", "key", "count"}]} (approved only).
    Open text and Q&A: {"respondents", "entry_count", "entries": [{"id", "text", "upvotes", "answered",
    "group"}]} — Q&A by upvotes. `with_pending` adds the number waiting for moderation.
    """
    base = {"prompt_id": prompt.pk, "kind": prompt.kind}
    if prompt.is_text:
        return {**base, **_text_results(prompt, with_pending=with_pending)}
    if options is None:
        values = list(prompt.options.order_by("position", "id").values_list("value", flat=True))
    else:
        values = [option.value for option in options]
    return {**base, **_vote_results(prompt, values)}


# --- Published results ----------------------------------------------------------------------------------


@dataclass
class PublishedPrompt:
    """One prompt's results as they may be shown outside the room."""

    prompt: Prompt
    respondents: PublishedCount
    options: list[tuple[PromptOption, PublishedCount]] = field(default_factory=list)
    series: PublishedSeries | None = None
    ranking: list[tuple[PromptOption, int]] = field(default_factory=list)
    ranking_hidden: bool = False
    scale: list[tuple[int, PublishedCount]] = field(default_factory=list)
    mean: PublishedMean | None = None
    words: list[tuple[str, PublishedCount]] = field(default_factory=list)
    entries: list[dict[str, Any]] = field(default_factory=list)
    texts_hidden: bool = False
    raw: dict[str, Any] = field(default_factory=dict, repr=False)


@dataclass
class PublishedSession:
    session: LiveSession
    threshold: int
    participants: PublishedCount
    languages: PublishedSeries
    prompts: list[PublishedPrompt]

    @property
    def has_protection(self) -> bool:
        counts = [self.participants, *self.languages.counts.values()]
        for item in self.prompts:
            counts += [item.respondents, *(c for _o, c in item.options), *(c for _v, c in item.scale)]
            counts += [c for _w, c in item.words]
        return any(c.suppressed or c.value for c in counts)


def _publish_prompt(prompt: Prompt, raw: dict[str, Any], k: int) -> PublishedPrompt:
    respondents = raw["respondents"]
    item = PublishedPrompt(prompt=prompt, respondents=publish_count(respondents, k=k), raw=raw)
    options = list(prompt.options.all())
    if prompt.kind == Prompt.Kind.SCALE:
        distribution = {row["value"]: row["count"] for row in raw["scale"]["distribution"]}
        series = publish_series(distribution, k=k)
        item.series = series
        item.scale = [(value, series.counts[value]) for value in distribution]
        total = sum(value * n for value, n in distribution.items())
        item.mean = publish_mean(total=total, count=respondents, k=k)
    elif prompt.has_options:
        by_value = {row["value"]: row["count"] for row in raw["options"]}
        series = publish_series({option.value: by_value.get(option.value, 0) for option in options}, k=k)
        item.series = series
        item.options = [(option, series.counts[option.value]) for option in options]
        if prompt.kind == Prompt.Kind.RANKING:
            # Borda points are no head count, but a ranking of fewer than k people could tell how one voted.
            if respondents >= k:
                points = {row["value"]: row["points"] for row in raw["options"]}
                option_by_value = {option.value: option for option in options}
                item.ranking = [
                    (option_by_value[v], points[v]) for v in raw["ranking"] if v in option_by_value
                ]
            else:
                item.ranking_hidden = respondents > 0
    elif prompt.kind == Prompt.Kind.WORD_CLOUD:
        # Words are free text: like open answers, shown only for groups of at least 10 respondents.
        if free_text_allowed(respondents, k=k):
            item.words = [(word["text"], publish_count(word["count"], k=k)) for word in raw["words"]]
        else:
            item.texts_hidden = respondents > 0
    else:
        if free_text_allowed(respondents, k=k):
            item.entries = [
                {**entry, "published_upvotes": publish_count(entry["upvotes"], k=k)}
                for entry in raw["entries"]
            ]
        else:
            item.texts_hidden = respondents > 0
    return item


def published_results(*, session: LiveSession) -> PublishedSession:
    """Every prompt's results through disclosure control (queries: at most 9, whatever the number of prompts)."""
    k = session.workspace.disclosure_threshold
    prompts = list(session.prompts.prefetch_related("options").order_by("position", "id"))
    rows = Participant.objects.filter(session=session).values("language").annotate(n=Count("id")).order_by()
    per_language = {row["language"]: row["n"] for row in rows}
    codes = [*session.languages, *sorted(set(per_language) - set(session.languages))]
    languages = publish_series({code: per_language.get(code, 0) for code in codes}, k=k)
    raw = _results_of_prompts(prompts)
    items = [_publish_prompt(prompt, raw[prompt.pk], k) for prompt in prompts]
    return PublishedSession(
        session=session,
        threshold=languages.threshold,
        participants=publish_count(sum(per_language.values()), k=k),
        languages=languages,
        prompts=items,
    )
