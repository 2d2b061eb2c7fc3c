"""Demo programmes for Utrecht: catalogue copies, offerings across the districts and some subsidies.

The demo deliberately leaves gaps, as a real municipality would have them: nothing for parents of
children from 12 to 21, no programme for parents in the domain of poverty (the local alliance against
child poverty works with professionals), and neighbourhoods with children but no offering.
Every step creates what is missing and leaves what exists alone, so running it again changes nothing.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.utils import translation

from ouderpartner.core.models import Workspace
from ouderpartner.network.models import Location, Neighbourhood, Organisation, OrganisationKind
from ouderpartner.programmes import services
from ouderpartner.programmes.models import Audience, Offering, PolicyDomain, Programme, Subsidy
from ouderpartner.programmes.setup import programmes_setup
from ouderpartner.programmes.subsidies import subsidy_create

# Catalogue entries the demo copies, with how Utrecht adapted them (only on the first copy).
PROGRAMMES: list[tuple[str, dict[str, Any]]] = [
    ("boekstart", {}),
    ("vve-thuis", {}),
    ("opstapje", {}),
    ("opstap", {}),
    ("voorleesexpress", {}),
    ("stevig-ouderschap", {}),
    (
        "tel-mee-met-taal",
        {
            # Utrecht runs its Tel mee met Taal activities for parents of young and primary-school children.
            "age_to_months": 144,
        },
    ),
    (
        "alliantie-kinderarmoede",
        {
            # The local alliance brings organisations and professionals together; it has no activity
            # of its own for parents yet (the demo's gap in the domain of poverty).
            "audience": Audience.PROFESSIONALS,
        },
    ),
    ("spelenderwijs", {}),
    ("ouderkamer", {}),
]

# Who offers what, where: organisation by kind and a part of its name, locations by a part of their
# name or by school branch code (present both in the built-in sample and in DUO's register).
OFFERINGS: list[dict[str, Any]] = [
    {"programme": "boekstart", "kind": OrganisationKind.LIBRARY, "name": "Bibliotheek", "places": ["*"]},
    {
        "programme": "boekstart",
        "kind": OrganisationKind.YOUTH_HEALTH,
        "name": "JGZ",
        "places": ["*"],
        "notes": "Het BoekStartkoffertje wordt uitgereikt bij het consultatiebureau.",
    },
    {"programme": "stevig-ouderschap", "kind": OrganisationKind.YOUTH_HEALTH, "name": "JGZ", "places": ["*"]},
    {
        "programme": "vve-thuis",
        "kind": OrganisationKind.EARLY_EDUCATION,
        "name": "Spelenderwijs",
        "places": ["*"],
        "capacity": 60,
    },
    {
        "programme": "opstapje",
        "kind": OrganisationKind.EARLY_EDUCATION,
        "name": "Spelenderwijs",
        "places": ["Overvecht"],
        "capacity": 24,
    },
    {
        "programme": "spelenderwijs",
        "kind": OrganisationKind.EARLY_EDUCATION,
        "name": "Spelenderwijs",
        "places": ["*"],
    },
    {
        "programme": "tel-mee-met-taal",
        "kind": OrganisationKind.ADULT_EDUCATION,
        "name": "Taalhuis",
        "places": ["*"],
        "capacity": 40,
    },
    {
        "programme": "tel-mee-met-taal",
        "kind": OrganisationKind.LIBRARY,
        "name": "Bibliotheek",
        "places": ["Kanaleneiland"],
    },
    {
        "programme": "alliantie-kinderarmoede",
        "kind": OrganisationKind.FAMILY_SUPPORT,
        "name": "Buurtteam",
        "places": ["*"],
    },
    {"programme": "voorleesexpress", "kind": OrganisationKind.SCHOOL, "branch": "17QH00"},
    {"programme": "voorleesexpress", "kind": OrganisationKind.SCHOOL, "branch": "16NM00"},
    {"programme": "voorleesexpress", "kind": OrganisationKind.SCHOOL, "branch": "17ST00"},
    {"programme": "opstap", "kind": OrganisationKind.SCHOOL, "branch": "16NM00"},
    {"programme": "opstap", "kind": OrganisationKind.SCHOOL, "branch": "08KK00"},
    {"programme": "ouderkamer", "kind": OrganisationKind.SCHOOL, "branch": "15RL00"},
    {"programme": "ouderkamer", "kind": OrganisationKind.SCHOOL, "branch": "16JP00"},
    {"programme": "ouderkamer", "kind": OrganisationKind.SCHOOL, "branch": "18AC00"},
]

# (reference, organisation (kind, name part or branch code), programme, purpose, domain, amount, period, status)
SUBSIDIES: list[dict[str, Any]] = [
    {
        "reference": "DEMO-2025-VE-01",
        "organisation": {"kind": OrganisationKind.EARLY_EDUCATION, "name": "Spelenderwijs"},
        "programme": "vve-thuis",
        "purpose": Subsidy.Purpose.PRESCHOOL,
        "domain": "early_education",
        "description": "Voorschoolse educatie: VE-plaatsen en ouderbetrokkenheid 2025",
        "amount": "1250000.00",
        "start": "2025-01-01",
        "end": "2025-12-31",
        "status": Subsidy.Status.PAID,
        "conditions": "16 uur VE per week per doelgroepkind; jaarlijkse verantwoording via de LEA.",
    },
    {
        "reference": "DEMO-2026-VE-01",
        "organisation": {"kind": OrganisationKind.EARLY_EDUCATION, "name": "Spelenderwijs"},
        "programme": "vve-thuis",
        "purpose": Subsidy.Purpose.PRESCHOOL,
        "domain": "early_education",
        "description": "Voorschoolse educatie: VE-plaatsen en ouderbetrokkenheid 2026",
        "amount": "1310000.00",
        "start": "2026-01-01",
        "end": "2026-12-31",
        "status": Subsidy.Status.GRANTED,
        "conditions": "16 uur VE per week per doelgroepkind; VVE Thuis op elke locatie.",
    },
    {
        "reference": "DEMO-2025-G12-01",
        "organisation": {"kind": OrganisationKind.SCHOOL, "branch": "15RL00"},
        "programme": None,
        "purpose": Subsidy.Purpose.SCHOOL_GROUPS_1_2,
        "domain": "education",
        "description": "Extra ondersteuning groep 1-2 en warme overdracht vanuit de peuterspeelzaal",
        "amount": "48000.00",
        "start": "2025-08-01",
        "end": "2026-07-31",
        "status": Subsidy.Status.GRANTED,
        "area": True,
    },
    {
        "reference": "DEMO-2025-G12-02",
        "organisation": {"kind": OrganisationKind.SCHOOL, "branch": "16NM00"},
        "programme": None,
        "purpose": Subsidy.Purpose.SCHOOL_GROUPS_1_2,
        "domain": "education",
        "description": "Extra ondersteuning groep 1-2 en ouderbetrokkenheid",
        "amount": "52500.00",
        "start": "2025-08-01",
        "end": "2026-07-31",
        "status": Subsidy.Status.PAID,
        "area": True,
    },
    {
        "reference": "DEMO-2025-BS-01",
        "organisation": {"kind": OrganisationKind.LIBRARY, "name": "Bibliotheek"},
        "programme": "boekstart",
        "purpose": Subsidy.Purpose.PROGRAMME,
        "domain": "early_education",
        "description": "BoekStart: koffertjes, voorleesochtenden en BoekStart in de kinderopvang",
        "amount": "85000.00",
        "start": "2025-01-01",
        "end": "2025-12-31",
        "status": Subsidy.Status.SETTLED,
    },
    {
        "reference": "DEMO-2026-BS-01",
        "organisation": {"kind": OrganisationKind.LIBRARY, "name": "Bibliotheek"},
        "programme": "boekstart",
        "purpose": Subsidy.Purpose.PROGRAMME,
        "domain": "early_education",
        "description": "BoekStart 2026",
        "amount": "87500.00",
        "start": "2026-01-01",
        "end": "2026-12-31",
        "status": Subsidy.Status.GRANTED,
    },
    {
        "reference": "DEMO-2026-TMT-01",
        "organisation": {"kind": OrganisationKind.ADULT_EDUCATION, "name": "Taalhuis"},
        "programme": "tel-mee-met-taal",
        "purpose": Subsidy.Purpose.PARENTAL_INVOLVEMENT,
        "domain": "adult_education",
        "description": "Taallessen voor ouders op school en in de bibliotheek",
        "amount": "60000.00",
        "start": "2026-01-01",
        "end": "2026-12-31",
        "status": Subsidy.Status.REQUESTED,
    },
]


def _organisation(workspace: Workspace, spec: dict[str, Any]) -> tuple[Organisation | None, list[Location]]:
    """The organisation (and, for a school, its location) by branch code, or by kind and a part of its name."""
    if spec.get("branch"):
        location = (
            Location.objects.filter(workspace=workspace, branch_code=spec["branch"])
            .select_related("organisation")
            .first()
        )
        return (location.organisation, [location]) if location else (None, [])
    organisation = (
        Organisation.objects.filter(
            workspace=workspace, kind=spec["kind"], name__icontains=spec["name"], archived_at__isnull=True
        )
        .order_by("name")
        .first()
    )
    if organisation is None:
        return None, []
    locations = list(organisation.locations.filter(archived_at__isnull=True).order_by("name"))
    wanted = spec.get("places", ["*"])
    if "*" not in wanted:
        locations = [loc for loc in locations if any(part.lower() in loc.name.lower() for part in wanted)]
    return organisation, locations


def _programmes(workspace: Workspace) -> tuple[dict[str, Programme], int]:
    existing = {
        p.catalogue_key: p for p in Programme.objects.filter(workspace=workspace).exclude(catalogue_key="")
    }
    created = 0
    for key, adaptation in PROGRAMMES:
        if key in existing:
            continue
        with translation.override("nl"):
            programme = services.programme_copy_from_catalogue(workspace=workspace, actor=None, key=key)
            if adaptation:
                programme = services.programme_update(programme=programme, actor=None, **adaptation)
        existing[key] = programme
        created += 1
    return existing, created


def _offerings(workspace: Workspace, programmes: dict[str, Programme]) -> int:
    created = 0
    present = set(Offering.objects.filter(workspace=workspace).values_list("programme_id", "organisation_id"))
    for spec in OFFERINGS:
        programme = programmes.get(spec["programme"])
        organisation, locations = _organisation(workspace, spec)
        if programme is None or organisation is None or (programme.pk, organisation.pk) in present:
            continue
        services.offering_create(
            workspace=workspace,
            actor=None,
            programme=programme,
            organisation=organisation,
            locations=locations,
            start_date=datetime.date(2025, 1, 1),
            capacity=spec.get("capacity"),
            notes=spec.get("notes", ""),
        )
        present.add((programme.pk, organisation.pk))
        created += 1
    return created


def _subsidies(workspace: Workspace, programmes: dict[str, Programme]) -> int:
    created = 0
    present = set(Subsidy.objects.filter(workspace=workspace).values_list("reference", flat=True))
    domains = {domain.key: domain for domain in PolicyDomain.objects.filter(workspace=workspace)}
    for spec in SUBSIDIES:
        if spec["reference"] in present:
            continue
        organisation, locations = _organisation(workspace, spec["organisation"])
        if organisation is None:
            continue
        area: Neighbourhood | None = None
        if spec.get("area") and locations and locations[0].neighbourhood_id:
            area = locations[0].neighbourhood
        subsidy_create(
            workspace=workspace,
            actor=None,
            organisation=organisation,
            programme=programmes.get(spec["programme"]) if spec["programme"] else None,
            purpose=spec["purpose"],
            description=spec["description"],
            policy_domain=domains.get(spec["domain"]),
            neighbourhood=area,
            amount=Decimal(spec["amount"]),
            start_date=datetime.date.fromisoformat(spec["start"]),
            end_date=datetime.date.fromisoformat(spec["end"]),
            conditions=spec.get("conditions", ""),
            status=spec["status"],
            reference=spec["reference"],
        )
        created += 1
    return created


def load_programmes(workspace: Workspace) -> str:
    """Create the demo's programmes, offerings and subsidies where missing; returns one line for the report."""
    programmes_setup(workspace=workspace)
    programmes, new_programmes = _programmes(workspace)
    new_offerings = _offerings(workspace, programmes)
    new_subsidies = _subsidies(workspace, programmes)
    if not (new_programmes or new_offerings or new_subsidies):
        return f"Programmes in {workspace.slug}: already there"
    return (
        f"Programmes in {workspace.slug}: {new_programmes} programmes, {new_offerings} offerings, "
        f"{new_subsidies} subsidies created"
    )
