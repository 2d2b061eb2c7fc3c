"""Demo policy data: the self-scan (see policy.py for the order of the parts).

Utrecht's coordinator filled in the self-scan a year ago and again two weeks ago: the second shows
progress on the municipal framework (the framework is now in consultation, the LEA discusses parents)
and on reaching parents, while the continuous line and integral policy lag behind. Bob's school filled
in the scan for itself a month ago. Everything goes through the services, as in the app; the dates are
set afterwards. Answers and notes were written for the demo.
"""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from ouderpartner.core.models import Membership, Workspace
from ouderpartner.network.models import Organisation
from ouderpartner.policy import scan_services, selfscan
from ouderpartner.policy.models import SelfScan

COORDINATOR = "alice@example.org"
PROFESSIONAL = "bob@example.org"
SCHOOL_BRIN = "15RL"

# Per part, the answers in catalogue order: 1 not yet, 2 started, 3 largely, 4 fully, 0 don't know.
A_YEAR_AGO = {
    "level-1": [2, 1, 3, 2, 2, 2, 1, 3],
    "level-2": [3, 2, 2, 1, 1, 2, 3],
    "level-3": [1, 1, 2, 2, 1, 1, 1],
    "network": [3, 2, 2],
    "continuous-line": [2, 1, 0],
    "integral": [2, 1, 0],
}
RECENT = {
    "level-1": [4, 3, 3, 3, 3, 3, 3, 3],
    "level-2": [4, 3, 3, 2, 3, 3, 4],
    "level-3": [3, 3, 3, 4, 2, 3, 3],
    "network": [4, 3, 3],
    "continuous-line": [3, 2, 2],
    "integral": [3, 2, 3],
}
SCHOOL = {
    "level-1": [3, 2, 3, 3, 4, 2, 2, 3],
    "level-2": [3, 3, 4, 2, 2, 3, 3],
    "level-3": [3, 2, 0, 3, 1, 0, 2],
    "network": [2, 2, 3],
    "continuous-line": [3, 2, 2],
    "integral": [1, 0, 1],
}
NOTES_A_YEAR_AGO = {
    "level-1": "Besproken met de VVE-coördinatoren. Vindplaatsen per wijk zijn nog niet in beeld.",
    "level-3": "Er is nog geen beleidskader; ouderbetrokkenheid stond dit jaar niet op de LEA-agenda.",
    "continuous-line": "Over de overdracht na groep 8 weten we te weinig; navragen bij het voortgezet onderwijs.",
}
NOTES_RECENT = {
    "level-1": "Koffieochtenden op het consultatiebureau en in de bibliotheek lopen goed.",
    "level-3": "Het kader 'Samen met ouders 2026-2030' ligt nu voor reactie bij partners en ouders.",
    "integral": "Taalhuis verwijst via de vindplaatsen; budgetten zijn nog gescheiden.",
}
NOTES_SCHOOL = {
    "level-2": "Warme overdracht met Spelenderwijs gaat goed; een gedeelde visie hebben we nog niet op papier.",
}


def _answers(rows: dict[str, list[int]]) -> dict[str, dict[str, int]]:
    return {
        section: {s.key: value for s, value in zip(selfscan.statements_of(section), values, strict=True)}
        for section, values in rows.items()
    }


def _fill(
    workspace: Workspace,
    *,
    actor: object,
    organisation: Organisation | None,
    rows: dict[str, list[int]],
    notes: dict[str, str],
    started: datetime.datetime,
    completed: datetime.datetime,
) -> SelfScan:
    scan, _created = scan_services.scan_start(workspace=workspace, actor=actor, organisation=organisation)
    for section, answers in _answers(rows).items():
        scan = scan_services.scan_save_section(
            scan=scan, actor=actor, section=section, answers=answers, note=notes.get(section, "")
        )
    scan = scan_services.scan_complete(scan=scan, actor=actor)
    SelfScan.objects.filter(pk=scan.pk).update(started_at=started, completed_at=completed)
    return scan


def _school(workspace: Workspace, professional: object) -> Organisation | None:
    membership = (
        Membership.objects.filter(workspace=workspace, user=professional)
        .select_related("organisation")
        .first()
        if professional
        else None
    )
    if membership and membership.organisation:
        return membership.organisation
    return Organisation.objects.filter(workspace=workspace, brin=SCHOOL_BRIN).first()


def load(workspace: Workspace) -> str:
    """Adds this part once; returns what it did for the report, or "" when it was already there."""
    if SelfScan.objects.filter(workspace=workspace).exists():
        return ""
    users = {u.email: u for u in get_user_model().objects.filter(email__in=[COORDINATOR, PROFESSIONAL])}
    alice, bob = users.get(COORDINATOR), users.get(PROFESSIONAL)
    now = timezone.now()
    _fill(
        workspace,
        actor=alice,
        organisation=None,
        rows=A_YEAR_AGO,
        notes=NOTES_A_YEAR_AGO,
        started=now - datetime.timedelta(days=372),
        completed=now - datetime.timedelta(days=371),
    )
    _fill(
        workspace,
        actor=alice,
        organisation=None,
        rows=RECENT,
        notes=NOTES_RECENT,
        started=now - datetime.timedelta(days=15),
        completed=now - datetime.timedelta(days=14),
    )
    made = 2
    school = _school(workspace, bob)
    if school is not None:
        _fill(
            workspace,
            actor=bob,
            organisation=school,
            rows=SCHOOL,
            notes=NOTES_SCHOOL,
            started=now - datetime.timedelta(days=31),
            completed=now - datetime.timedelta(days=30),
        )
        made += 1
    return f"{made} self-scans (the municipality's twice, a year apart; one by a school)"
