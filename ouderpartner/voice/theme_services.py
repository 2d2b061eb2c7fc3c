"""Themes in parents' open answers: suggestions per question and language (themes.py), and a coordinator's
decisions on them — accept, rename, merge, reject, add or remove an answer — each audited.

Suggesting again replaces the earlier suggestions; accepted themes and their answers stay as they are,
and answers already in an accepted theme are not suggested again. The audit trail records what was
decided, never the text of an answer.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from ouderpartner.core.audit import audit_record
from ouderpartner.core.languages import PARENT_LANGUAGES
from ouderpartner.core.models import AuditEvent, Workspace
from ouderpartner.stats import PublishedCount, publish_count
from ouderpartner.voice.models import Answer, Feedback, Question, Questionnaire, Response, Theme
from ouderpartner.voice.themes import Reason, suggest_themes

NAME_MAX_LENGTH = Theme._meta.get_field("name").max_length or 120
MAX_TERMS = 10
Link = Answer.themes.through


@dataclass(frozen=True)
class SuggestionRun:
    """What suggesting did for one question in one language."""

    question_id: int
    language: str
    answers: int
    themes: int
    reason: Reason | None


# --- Reads --------------------------------------------------------------------------------------


def themable_answers(*, questionnaire: Questionnaire) -> QuerySet[Answer]:
    """Open answers with text in sent responses of the questionnaire, not hidden by moderation."""
    return (
        Answer.objects.filter(
            response__workspace_id=questionnaire.workspace_id,
            response__questionnaire=questionnaire,
            response__submitted_at__isnull=False,
            question__kind__in=Question.TEXT_KINDS,
        )
        .exclude(text="")
        .exclude(moderation=Answer.Moderation.HIDDEN)
    )


def theme_get(*, workspace: Workspace, pk: int) -> Theme:
    return get_object_or_404(
        Theme.objects.select_related("questionnaire", "question", "workspace"), workspace=workspace, pk=pk
    )


def themes_with_counts(*, questionnaire: Questionnaire) -> list[Theme]:
    """The questionnaire's themes, each with `answer_count` (answers not hidden); accepted first, then largest."""
    counted = Q(
        answers__moderation__in=[Answer.Moderation.APPROVED, Answer.Moderation.PENDING],
        answers__response__submitted_at__isnull=False,
    )
    themes = Theme.objects.filter(questionnaire=questionnaire).annotate(
        answer_count=Count("answers", filter=counted)
    )
    return sorted(
        themes,
        key=lambda t: (t.status != Theme.Status.ACCEPTED, t.language, -t.answer_count, t.name.lower(), t.pk),
    )


def theme_examples(*, theme_ids: Sequence[int], per_theme: int = 3) -> dict[int, list[Answer]]:
    """A few answers per theme for the coordinator: approved ones first, then those waiting; never hidden."""
    links = (
        Link.objects.filter(theme_id__in=theme_ids, answer__response__submitted_at__isnull=False)
        .exclude(answer__moderation=Answer.Moderation.HIDDEN)
        .select_related("answer")
        .only("theme_id", "answer__id", "answer__text", "answer__moderation")
        .order_by("theme_id", "answer__moderation", "answer_id")  # "approved" sorts before "pending"
    )
    examples: dict[int, list[Answer]] = defaultdict(list)
    for link in links:
        if len(examples[link.theme_id]) < per_theme:
            examples[link.theme_id].append(link.answer)
    return examples


@dataclass(frozen=True)
class PublishedTheme:
    """An accepted theme as the results show it: the number of its answers published, never raw."""

    id: int
    name: str
    language: str  # of the answers; empty when merged from several languages
    answers: PublishedCount

    @property
    def language_name(self) -> str:
        language = PARENT_LANGUAGES.get(self.language)
        return language.native_name if language else ""

    @property
    def direction(self) -> str:
        language = PARENT_LANGUAGES.get(self.language)
        return "rtl" if language and language.rtl else "ltr"


def published_themes(
    *, questionnaire: Questionnaire, responses: QuerySet[Response], k: int
) -> dict[int, list[PublishedTheme]]:
    """Accepted themes per question with their answers (not hidden) among `responses`; one query.

    Largest published count first, then by name: the order never tells apart counts that are hidden."""
    counted = Q(
        answers__response__in=responses.values("id"),
        answers__moderation__in=[Answer.Moderation.APPROVED, Answer.Moderation.PENDING],
    )
    rows = (
        Theme.objects.filter(questionnaire=questionnaire, status=Theme.Status.ACCEPTED)
        .annotate(n=Count("answers", filter=counted))
        .order_by()
        .values_list("pk", "question_id", "name", "language", "n")
    )
    result: dict[int, list[PublishedTheme]] = defaultdict(list)
    for pk, question_id, name, language, n in rows:
        result[question_id].append(
            PublishedTheme(id=pk, name=name, language=language, answers=publish_count(n, k=k))
        )
    for themes in result.values():
        themes.sort(key=lambda t: (-(t.answers.value or 0), t.name.lower(), t.id))
    return dict(result)


# --- Suggestions --------------------------------------------------------------------------------


def themes_suggest(*, questionnaire: Questionnaire, actor: Any) -> list[SuggestionRun]:
    """Suggest themes for every open question, per language; replaces the earlier suggestions."""
    in_accepted = set(
        Link.objects.filter(
            theme__questionnaire=questionnaire, theme__status=Theme.Status.ACCEPTED
        ).values_list("answer_id", flat=True)
    )
    rows = (
        themable_answers(questionnaire=questionnaire)
        .order_by("question_id", "response__language", "id")
        .values_list("id", "question_id", "response__language", "text")
    )
    groups: dict[tuple[int, str], list[tuple[int, str]]] = defaultdict(list)
    for answer_id, question_id, language, text in rows:
        if answer_id not in in_accepted:
            groups[(question_id, language)].append((answer_id, text))
    # The computing happens before the transaction: it holds no lock on the database meanwhile.
    results = {key: suggest_themes(answers, language=key[1]) for key, answers in groups.items()}

    with transaction.atomic():
        _deleted, per_model = Theme.objects.filter(
            questionnaire=questionnaire, status=Theme.Status.SUGGESTED
        ).delete()
        new_themes: list[Theme] = []
        members: list[tuple[int, ...]] = []
        for (question_id, language), suggestions in results.items():
            for suggestion in suggestions.themes:
                new_themes.append(
                    Theme(
                        workspace_id=questionnaire.workspace_id,
                        questionnaire=questionnaire,
                        question_id=question_id,
                        language=language,
                        name=suggestion.name[:NAME_MAX_LENGTH],
                        terms=list(suggestion.terms),
                        status=Theme.Status.SUGGESTED,
                    )
                )
                members.append(suggestion.answer_ids)
        created = Theme.objects.bulk_create(new_themes)
        Link.objects.bulk_create(
            [
                Link(theme_id=theme.pk, answer_id=answer_id)
                for theme, answer_ids in zip(created, members, strict=True)
                for answer_id in answer_ids
            ]
        )
        audit_record(
            workspace=questionnaire.workspace,
            actor=actor,
            action=AuditEvent.Action.CHANGE,
            obj=questionnaire,
            changes={
                "theme_suggestions": {
                    "made": len(created),
                    "replaced": per_model.get(Theme._meta.label, 0),
                    "answers_considered": sum(len(answers) for answers in groups.values()),
                }
            },
        )
    return [
        SuggestionRun(
            question_id=question_id,
            language=language,
            answers=suggestions.answers,
            themes=len(suggestions.themes),
            reason=suggestions.reason,
        )
        for (question_id, language), suggestions in results.items()
    ]


# --- A coordinator's decisions ------------------------------------------------------------------


def _clean_name(name: str) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError({"name": _("Give the theme a name.")})
    if len(name) > NAME_MAX_LENGTH:
        raise ValidationError(
            {"name": _("The name is too long: at most %(max)s characters.") % {"max": NAME_MAX_LENGTH}}
        )
    return name


@transaction.atomic
def theme_accept(*, theme: Theme, actor: Any) -> Theme:
    if theme.status != Theme.Status.ACCEPTED:
        theme.status = Theme.Status.ACCEPTED
        theme.save(update_fields=["status", "updated_at"])
        audit_record(
            workspace=theme.workspace,
            actor=actor,
            action=AuditEvent.Action.CHANGE,
            obj=theme,
            changes={"status": [Theme.Status.SUGGESTED.value, Theme.Status.ACCEPTED.value]},
        )
    return theme


@transaction.atomic
def theme_rename(*, theme: Theme, actor: Any, name: str) -> Theme:
    """A new name; naming a suggested theme also accepts it (suggesting again would otherwise drop it)."""
    name = _clean_name(name)
    changes: dict[str, list[str]] = {}
    if name != theme.name:
        changes["name"] = [theme.name, name]
        theme.name = name
    if theme.status != Theme.Status.ACCEPTED:
        changes["status"] = [theme.status, Theme.Status.ACCEPTED.value]
        theme.status = Theme.Status.ACCEPTED
    if changes:
        theme.full_clean()
        theme.save()
        audit_record(
            workspace=theme.workspace,
            actor=actor,
            action=AuditEvent.Action.CHANGE,
            obj=theme,
            changes=changes,
        )
    return theme


@transaction.atomic
def themes_merge(*, themes: Sequence[Theme], actor: Any, name: str = "") -> Theme:
    """Merge themes of one question into one accepted theme: its answers are all of theirs, and
    "you said, we did" items about any of them are about it; the others are deleted.

    The theme kept is the first accepted one (else the first); its name stays unless `name` is given.
    """
    themes = sorted({theme.pk: theme for theme in themes}.values(), key=lambda t: t.pk)
    if len(themes) < 2:
        raise ValidationError({"themes": _("Choose at least two themes to merge.")})
    first = themes[0]
    if any(
        t.workspace_id != first.workspace_id
        or t.questionnaire_id != first.questionnaire_id
        or t.question_id != first.question_id
        for t in themes
    ):
        raise ValidationError({"themes": _("Only themes of the same question can be merged.")})
    target = next((t for t in themes if t.status == Theme.Status.ACCEPTED), first)
    others = [t for t in themes if t.pk != target.pk]
    other_ids = [t.pk for t in others]
    new_name = _clean_name(name) if (name or "").strip() else target.name

    moved = set(Link.objects.filter(theme_id__in=other_ids).values_list("answer_id", flat=True))
    already = set(Link.objects.filter(theme_id=target.pk).values_list("answer_id", flat=True))
    Link.objects.bulk_create([Link(theme_id=target.pk, answer_id=pk) for pk in sorted(moved - already)])
    repointed = Feedback.objects.filter(theme_id__in=other_ids).update(theme=target)
    languages = {t.language for t in themes}
    terms = list(dict.fromkeys(term for t in (target, *others) for term in t.terms))[:MAX_TERMS]

    before = {"name": target.name, "status": target.status}
    target.name = new_name
    target.status = Theme.Status.ACCEPTED
    target.language = target.language if len(languages) == 1 else ""  # answers in several languages
    target.terms = terms
    target.full_clean()
    target.save()
    Theme.objects.filter(pk__in=other_ids).delete()  # their links go with them
    audit_record(
        workspace=target.workspace,
        actor=actor,
        action=AuditEvent.Action.CHANGE,
        obj=target,
        changes={
            "merged": [f"{t.pk}: {t.name}" for t in others],
            "name": [before["name"], target.name],
            "status": [before["status"], target.status],
            "answers_added": len(moved - already),
            "feedback_items_moved": repointed,
        },
    )
    return target


@transaction.atomic
def theme_delete(*, theme: Theme, actor: Any) -> None:
    """Reject a suggestion or delete a theme; its answers stay, "you said, we did" items lose the link."""
    audit_record(
        workspace=theme.workspace,
        actor=actor,
        action=AuditEvent.Action.DELETE,
        obj=theme,
        changes={"status": theme.status},
    )
    theme.delete()


def _check_answer(theme: Theme, answer: Answer) -> None:
    same_question = (
        answer.question_id == theme.question_id
        if theme.question_id
        else answer.question.questionnaire_id == theme.questionnaire_id
    )
    if (
        not same_question
        or answer.response.questionnaire_id != theme.questionnaire_id
        or answer.response.submitted_at is None
        or answer.moderation == Answer.Moderation.HIDDEN
        or not answer.text
    ):
        raise ValidationError({"answer": _("This answer cannot be added to this theme.")})


@transaction.atomic
def theme_answer_add(*, theme: Theme, answer: Answer, actor: Any) -> None:
    _check_answer(theme, answer)
    if not Link.objects.filter(theme=theme, answer=answer).exists():
        Link.objects.create(theme=theme, answer=answer)
        audit_record(
            workspace=theme.workspace,
            actor=actor,
            action=AuditEvent.Action.CHANGE,
            obj=theme,
            changes={"answer_added": answer.pk},
        )


@transaction.atomic
def theme_answer_remove(*, theme: Theme, answer: Answer, actor: Any) -> None:
    deleted, _per_model = Link.objects.filter(theme=theme, answer=answer).delete()
    if deleted:
        audit_record(
            workspace=theme.workspace,
            actor=actor,
            action=AuditEvent.Action.CHANGE,
            obj=theme,
            changes={"answer_removed": answer.pk},
        )


@dataclass
class ThemeAnswers:
    """A theme's answers, and answers to the same question that could be added, for the theme's page."""

    members: list[Answer] = field(default_factory=list)
    candidates: list[Answer] = field(default_factory=list)
    more_candidates: bool = False


def theme_answers(*, theme: Theme, search: str = "", limit: int = 50) -> ThemeAnswers:
    """The theme's answers (not hidden), and up to `limit` others of its question (matching `search`)."""
    answers = themable_answers(questionnaire=theme.questionnaire).select_related("response")
    if theme.question_id:
        answers = answers.filter(question_id=theme.question_id)
    members = list(answers.filter(themes=theme).order_by("moderation", "id"))
    candidates_qs = answers.exclude(themes=theme)
    if theme.language:
        candidates_qs = candidates_qs.filter(response__language=theme.language)
    if search:
        candidates_qs = candidates_qs.filter(text__icontains=search)
    candidates = list(candidates_qs.order_by("-id")[: limit + 1])
    return ThemeAnswers(
        members=members, candidates=candidates[:limit], more_candidates=len(candidates) > limit
    )
