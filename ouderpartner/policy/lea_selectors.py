"""Reads for the LEA: meetings, agreements (with "overdue"), the hand-overs of an attached live meeting,
and the summary of a year for the yearly progress report. Query counts do not grow with the rows."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.utils import timezone

from ouderpartner.core.models import Workspace
from ouderpartner.live.models import HandOver, LiveSession
from ouderpartner.network.models import Organisation
from ouderpartner.policy.models import AgendaItem, Agreement, Ambition, LeaMeeting, PolicyFramework

UNFINISHED = (Agreement.Status.OPEN, Agreement.Status.IN_PROGRESS)


def overdue_q(today: datetime.date | None = None) -> Q:
    """Agreements past their date that are neither done nor dropped."""
    return Q(due_on__lt=today or timezone.localdate(), status__in=UNFINISHED)


def is_overdue(agreement: Agreement, today: datetime.date | None = None) -> bool:
    today = today or timezone.localdate()
    return bool(agreement.due_on and agreement.due_on < today and agreement.status in UNFINISHED)


def lea_meetings(
    *, workspace: Workspace, framework: PolicyFramework | None = None, year: int | None = None
) -> QuerySet[LeaMeeting]:
    """The workspace's LEA meetings, newest first, with framework, participants and counts loaded."""
    qs = LeaMeeting.objects.filter(workspace=workspace)
    if framework is not None:
        qs = qs.filter(framework=framework)
    if year is not None:
        qs = qs.filter(date__year=year)
    return (
        qs.select_related("framework", "live_session")
        .prefetch_related(Prefetch("participants", queryset=Organisation.objects.order_by("name")))
        .annotate(
            agenda_count=Count("agenda_items", distinct=True),
            agreement_count=Count("agreements", distinct=True),
        )
        .order_by("-date", "-id")
    )


def meeting_years(*, workspace: Workspace) -> list[int]:
    return sorted(
        {d.year for d in LeaMeeting.objects.filter(workspace=workspace).dates("date", "year")}, reverse=True
    )


def meeting_detail(meeting: LeaMeeting) -> dict[str, Any]:
    """Agenda, agreements and (when a live meeting is attached) its hand-overs, in a fixed number of queries."""
    agenda = list(
        AgendaItem.objects.filter(meeting=meeting)
        .select_related("ambition", "hand_over")
        .order_by("position", "id")
    )
    agreements = list(agreements_list(workspace=meeting.workspace).filter(meeting=meeting))
    hand_overs: list[HandOver] = []
    if meeting.live_session_id:
        hand_overs = list(
            HandOver.objects.filter(session_id=meeting.live_session_id)
            .prefetch_related(
                Prefetch("ambitions", queryset=Ambition.objects.select_related("framework")),
                Prefetch("agenda_items", queryset=AgendaItem.objects.select_related("meeting")),
            )
            .order_by("created_at", "id")
        )
        for item in hand_overs:
            item.made = [*item.ambitions.all(), *item.agenda_items.all()]
    return {"agenda": agenda, "agreements": agreements, "hand_overs": hand_overs}


def agreements_list(
    *,
    workspace: Workspace,
    status: str = "",
    organisation: int | None = None,
    ambition: int | None = None,
    meeting: int | None = None,
    overdue: bool = False,
) -> QuerySet[Agreement]:
    """The workspace's agreements, by date due (none last), with who, ambition and meeting loaded."""
    qs = Agreement.objects.filter(workspace=workspace)
    if status in Agreement.Status.values:
        qs = qs.filter(status=status)
    if organisation:
        qs = qs.filter(organisations__id=organisation)
    if ambition:
        qs = qs.filter(ambition_id=ambition)
    if meeting:
        qs = qs.filter(meeting_id=meeting)
    if overdue:
        qs = qs.filter(overdue_q())
    return (
        qs.select_related("ambition", "meeting")
        .prefetch_related(Prefetch("organisations", queryset=Organisation.objects.order_by("name")))
        .order_by(F("due_on").asc(nulls_last=True), "id")
        .distinct()
    )


def frameworks(*, workspace: Workspace) -> QuerySet[PolicyFramework]:
    return PolicyFramework.objects.filter(workspace=workspace).order_by("-start_year", "title")


def live_sessions(*, workspace: Workspace) -> QuerySet[LiveSession]:
    return LiveSession.objects.filter(workspace=workspace).order_by("-created_at", "-id")


def lea_summary(framework: PolicyFramework, *, year: int) -> dict[str, Any]:
    """The LEA part of the yearly report: the year's meetings and the framework's agreements.

    Agreements count when their meeting or their ambition belongs to the framework and they were made
    (meeting date, or created when without a meeting) or due in `year`, or are still unfinished from an
    earlier year. The shape is documented in the notes for the reports; five queries, whatever the rows.
    """
    today = timezone.localdate()
    meetings = list(
        LeaMeeting.objects.filter(framework=framework, date__year=year)
        .prefetch_related(
            Prefetch("participants", queryset=Organisation.objects.order_by("name")),
            Prefetch("agenda_items", queryset=AgendaItem.objects.order_by("position", "id")),
        )
        .annotate(agreements_made=Count("agreements", distinct=True))
        .order_by("date", "id")
    )
    in_framework = Q(meeting__framework=framework) | Q(ambition__framework=framework)
    made_in_year = Q(meeting__date__year=year) | Q(meeting__isnull=True, created_at__year=year)
    before_year = Q(meeting__date__year__lt=year) | Q(meeting__isnull=True, created_at__year__lt=year)
    agreements = list(
        agreements_list(workspace=framework.workspace).filter(
            in_framework,
            made_in_year | Q(due_on__year=year) | (before_year & Q(status__in=UNFINISHED)),
        )
    )
    by_status = dict.fromkeys(Agreement.Status.values, 0)
    rows = []
    for agreement in agreements:
        by_status[agreement.status] += 1
        rows.append(
            {
                "id": agreement.pk,
                "what": agreement.what,
                "organisations": [o.name for o in agreement.organisations.all()],
                "due_on": agreement.due_on,
                "status": agreement.status,
                "status_label": str(agreement.get_status_display()),
                "overdue": is_overdue(agreement, today),
                "ambition_id": agreement.ambition_id,
                "ambition": agreement.ambition.title if agreement.ambition_id else None,
                "meeting_id": agreement.meeting_id,
                "meeting": agreement.meeting.title if agreement.meeting_id else None,
                "meeting_date": agreement.meeting.date if agreement.meeting_id else None,
            }
        )
    return {
        "year": year,
        "meetings": [
            {
                "id": m.pk,
                "title": m.title,
                "date": m.date,
                "place": m.place,
                "organisations": [o.name for o in m.participants.all()],
                "other_participants": m.other_participants,
                "agenda": [item.title for item in m.agenda_items.all()],
                "decisions": m.decisions,
                "agreements_made": m.agreements_made,
            }
            for m in meetings
        ],
        "agreements": rows,
        "agreements_by_status": by_status,
        "overdue": sum(1 for row in rows if row["overdue"]),
    }
