"""Retention: how long each kind of raw data is kept per workspace, and the purge of what is older.

Periods are months, except contact requests (days). A workspace's own period (its settings page)
applies when set, else the installation's default (settings.RETENTION_DEFAULTS); either is kept
between settings.RETENTION_MINIMUMS and settings.RETENTION_MAXIMUMS. `purge_expired` (the daily
management command) calls `purge`; docs/retention.md explains the choices.

What goes, per kind:
- responses: a parent's questionnaire response with its answers, the period after its place's
  distribution closed (a distribution without a closing time: after the response was sent);
- live: a closed meeting's participants, votes, upvotes and entries, the period after it closed
  (the meeting, its prompts and its draft items for the policy stay);
- contacts: the contact details on a conversation record, on the record's own date or the period
  after the record was made, whichever comes first (the record itself stays);
- comments: parents' consultation comments, the period after the framework's consultation closed
  (no closing date: after the comment was made, once the framework is out of consultation);
- audit: audit events older than the period.
"""

from __future__ import annotations

import calendar
import datetime
import logging
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ouderpartner.core.audit import audit_record
from ouderpartner.core.models import AuditEvent, Workspace

logger = logging.getLogger("ouderpartner.retention")

KINDS = ("responses", "live", "contacts", "comments", "audit")
FIELDS = {
    "responses": "retention_responses_months",
    "live": "retention_live_months",
    "contacts": "retention_contacts_days",
    "comments": "retention_comments_months",
    "audit": "retention_audit_months",
}
IN_DAYS = {"contacts"}
LABELS = {
    "responses": _("questionnaire answers"),
    "live": _("meeting entries and votes"),
    "contacts": _("contact requests"),
    "comments": _("parents' consultation comments"),
    "audit": _("audit events"),
}
BATCH = 2000


def bounds(kind: str) -> tuple[int, int, int]:
    """(minimum, default, maximum) for a kind, from the settings."""
    return (
        settings.RETENTION_MINIMUMS[kind],
        settings.RETENTION_DEFAULTS[kind],
        settings.RETENTION_MAXIMUMS[kind],
    )


def retention_period(workspace: Workspace, kind: str) -> int:
    """The workspace's period for a kind (months; days for contacts), within the installation's bounds."""
    minimum, default, maximum = bounds(kind)
    chosen = getattr(workspace, FIELDS[kind]) or default
    return max(minimum, min(chosen, maximum))


def months_before(moment: datetime.datetime, months: int) -> datetime.datetime:
    """The same day and time `months` calendar months earlier (the last day of a shorter month)."""
    index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(index, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


def cutoff(workspace: Workspace, kind: str, now: datetime.datetime | None = None) -> datetime.datetime:
    """Data of this kind whose reference moment is before this is due."""
    now = now or timezone.now()
    period = retention_period(workspace, kind)
    if kind in IN_DAYS:
        return now - datetime.timedelta(days=period)
    return months_before(timezone.localtime(now), period)


# --- What is due ------------------------------------------------------------------------------


def _due_responses(workspace: Workspace, before: datetime.datetime) -> QuerySet:
    from ouderpartner.voice.models import Response

    return (
        Response.objects.filter(workspace=workspace)
        .annotate(closed=Coalesce("distribution__closes_at", "submitted_at", "started_at"))
        .filter(closed__lt=before)
    )


def _due_sessions(workspace: Workspace, before: datetime.datetime) -> QuerySet:
    from ouderpartner.live.models import LiveSession

    return LiveSession.objects.filter(
        workspace=workspace, status=LiveSession.Status.CLOSED, closed_at__lt=before
    )


def _due_contacts(workspace: Workspace, before: datetime.datetime, today: datetime.date) -> QuerySet:
    from ouderpartner.voice.models import Conversation

    return (
        Conversation.objects.filter(workspace=workspace)
        .filter(Q(wants_contact=True) | ~Q(contact=""))
        .filter(Q(contact_purge_after__lt=today) | Q(created_at__lt=before))
    )


def _due_comments(workspace: Workspace, before: datetime.datetime) -> QuerySet:
    from ouderpartner.policy.models import ConsultationComment, PolicyFramework

    return ConsultationComment.objects.filter(workspace=workspace).filter(
        Q(ambition__framework__consultation_closes_on__lt=before.date())
        | Q(
            ambition__framework__consultation_closes_on__isnull=True,
            created_at__lt=before,
        )
        & ~Q(ambition__framework__status=PolicyFramework.Status.CONSULTATION)
    )


def _due_audit(workspace: Workspace, before: datetime.datetime) -> QuerySet:
    return AuditEvent.objects.filter(workspace=workspace, created_at__lt=before)


# --- Purging ----------------------------------------------------------------------------------


@dataclass
class Purge:
    """What was (or, in a dry run, would be) removed of one kind in one workspace."""

    workspace: Workspace
    kind: str
    period: int
    before: datetime.datetime
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def unit(self) -> str:
        return "days" if self.kind in IN_DAYS else "months"

    def describe(self) -> str:
        counts = ", ".join(f"{name} {count}" for name, count in self.counts.items())
        return (
            f"{self.workspace.slug}: {self.kind} (older than {self.period} {self.unit}, "
            f"before {self.before:%Y-%m-%d}): {counts}"
        )


def _delete_in_batches(queryset: QuerySet) -> None:
    model = queryset.model
    ids = list(queryset.values_list("pk", flat=True))
    for start in range(0, len(ids), BATCH):
        model._base_manager.filter(pk__in=ids[start : start + BATCH]).delete()


def _purge_kind(workspace: Workspace, kind: str, now: datetime.datetime, *, dry_run: bool) -> Purge:
    before = cutoff(workspace, kind, now)
    result = Purge(workspace=workspace, kind=kind, period=retention_period(workspace, kind), before=before)
    if kind == "responses":
        from ouderpartner.voice.models import Answer

        due = _due_responses(workspace, before)
        result.counts = {
            "responses": due.count(),
            "answers": Answer.objects.filter(response__in=due.values("pk")).count(),
        }
        if not dry_run and result.total:
            _delete_in_batches(due)
    elif kind == "live":
        from ouderpartner.live.models import Entry, Participant, Vote

        sessions = _due_sessions(workspace, before).values("pk")
        participants = Participant.objects.filter(session__in=sessions)
        entries = Entry.objects.filter(session__in=sessions)
        votes = Vote.objects.filter(session__in=sessions)
        result.counts = {
            "participants": participants.count(),
            "entries": entries.count(),
            "votes": votes.count(),
        }
        if not dry_run and result.total:
            _delete_in_batches(entries)
            _delete_in_batches(votes)
            _delete_in_batches(participants)
    elif kind == "contacts":
        due = _due_contacts(workspace, before, timezone.localdate(now))
        result.counts = {"conversations": due.count()}
        if not dry_run and result.total:
            due.update(contact="", wants_contact=False, contact_purge_after=None, updated_at=now)
    elif kind == "comments":
        due = _due_comments(workspace, before)
        result.counts = {"comments": due.count()}
        if not dry_run and result.total:
            _delete_in_batches(due)
    elif kind == "audit":
        due = _due_audit(workspace, before)
        result.counts = {"events": due.count()}
        if not dry_run and result.total:
            _delete_in_batches(due)
    else:  # pragma: no cover - KINDS is closed
        raise ValueError(kind)
    return result


def purge(
    *,
    workspaces: QuerySet[Workspace] | None = None,
    kinds: tuple[str, ...] = KINDS,
    dry_run: bool = False,
    now: datetime.datetime | None = None,
) -> list[Purge]:
    """Remove what is past its period, per workspace and kind; each removal is audited and logged.

    Returns every (workspace, kind) that had something due. A dry run only counts.
    """
    now = now or timezone.now()
    results = []
    for workspace in (workspaces if workspaces is not None else Workspace.objects.all()).order_by("pk"):
        for kind in kinds:
            with transaction.atomic():
                result = _purge_kind(workspace, kind, now, dry_run=dry_run)
                if not result.total:
                    continue
                results.append(result)
                if dry_run:
                    logger.info("Would purge %s", result.describe())
                    continue
                audit_record(
                    workspace=workspace,
                    actor=None,
                    action=AuditEvent.Action.PURGE,
                    object_type=f"retention:{kind}",
                    object_repr=str(LABELS[kind]),
                    changes={
                        "removed": result.counts,
                        "older than": f"{result.period} {result.unit}",
                        "before": result.before.date().isoformat(),
                    },
                )
                logger.info("Purged %s", result.describe())
    return results


def retention_summary(workspace: Workspace) -> list[dict[str, Any]]:
    """Per kind: its label, unit, the workspace's own value, the default and the bounds (for forms, docs)."""
    rows = []
    for kind in KINDS:
        minimum, default, maximum = bounds(kind)
        rows.append(
            {
                "kind": kind,
                "label": LABELS[kind],
                "field": FIELDS[kind],
                "unit": "days" if kind in IN_DAYS else "months",
                "own": getattr(workspace, FIELDS[kind]),
                "period": retention_period(workspace, kind),
                "default": default,
                "minimum": minimum,
                "maximum": maximum,
            }
        )
    return rows


def purge_login_attempts(*, dry_run: bool = False, now: datetime.datetime | None = None) -> int:
    """Remove django-axes' records of failed logins once their lockout can no longer apply.

    They hold an IP address and a browser name, are not tied to a workspace, and are needed only for
    the lockout window (AXES_COOLOFF_TIME); a day after it they go. Returns how many (would) go.
    """
    from axes.models import AccessAttempt

    before = (now or timezone.now()) - settings.AXES_COOLOFF_TIME - datetime.timedelta(days=1)
    due = AccessAttempt.objects.filter(attempt_time__lt=before)
    count = due.count()
    if count and not dry_run:
        due.delete()
        logger.info("Purged %s failed-login record(s) older than %s", count, before.isoformat())
    return count
