"""The LEA demo: three meetings over the past year, six agreements (some done, one overdue), the finished
knowledge meeting attached to the latest, one of its results a draft ambition and one an agenda item; a
second run adds nothing; without a framework the part waits."""

from __future__ import annotations

import pytest
from django.utils import timezone

from ouderpartner.core.demo import live as live_demo
from ouderpartner.core.demo import policy_lea
from ouderpartner.live.models import HandOver
from ouderpartner.network.tests.factories import OrganisationFactory
from ouderpartner.policy import lea_selectors
from ouderpartner.policy.models import AgendaItem, Agreement, Ambition, LeaMeeting
from ouderpartner.policy.tests.test_lea_services import make_framework

pytestmark = pytest.mark.django_db


def test_without_a_framework_the_lea_demo_waits(utrecht):
    assert policy_lea.load(utrecht) == ""
    assert not LeaMeeting.objects.exists()


def test_the_lea_demo_is_complete_and_idempotent(utrecht):
    framework = make_framework(utrecht, "Samen met ouders 2026-2030")
    for level in (1, 2, 3):
        Ambition.objects.create(workspace=utrecht, framework=framework, title=f"Ambitie {level}", level=level)
    for key, name in policy_lea.NAMES.items():
        OrganisationFactory(workspace=utrecht, name=name, kind="library" if key == "library" else "other")
    for brin in policy_lea.SCHOOL_BRINS[:2]:
        OrganisationFactory(workspace=utrecht, name=f"School {brin}", kind="school", brin=brin)
    live_demo.load_finished(utrecht)
    hand_overs_before = HandOver.objects.count()

    report = policy_lea.load(utrecht)
    assert "3 LEA meetings" in report and "draft ambition" in report and "agenda item" in report

    meetings = list(LeaMeeting.objects.order_by("date"))
    assert len(meetings) == 3
    today = timezone.localdate()
    assert all((today - m.date).days < 366 and m.decisions and m.participants.count() >= 5 for m in meetings)
    latest = meetings[-1]
    assert latest.live_session is not None and latest.live_session.status == "closed"
    agreements = Agreement.objects.all()
    assert agreements.count() == 6
    assert agreements.filter(status="done").count() >= 2
    assert sum(lea_selectors.is_overdue(a) for a in agreements) == 1
    assert Ambition.objects.filter(hand_over__session=latest.live_session, framework=framework).count() == 1
    assert AgendaItem.objects.filter(meeting=latest, hand_over__isnull=False).count() == 1
    assert HandOver.objects.filter(status=HandOver.Status.USED).count() == 2
    assert HandOver.objects.count() == hand_overs_before  # the live demo's own results were used

    counts = (
        LeaMeeting.objects.count(),
        Agreement.objects.count(),
        AgendaItem.objects.count(),
        Ambition.objects.count(),
    )
    assert policy_lea.load(utrecht) == ""
    assert counts == (
        LeaMeeting.objects.count(),
        Agreement.objects.count(),
        AgendaItem.objects.count(),
        Ambition.objects.count(),
    )
