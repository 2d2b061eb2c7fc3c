"""Loads the demo workspaces, users and network; running it again changes nothing.

Real open data is used when it is at hand (settings.DEMO_DATA_DIR); otherwise the built-in samples.
Every step creates what is missing and leaves what exists alone, so edits made in the demo survive.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction

from ouderpartner.accounts.demo import ensure_demo_two_factor
from ouderpartner.accounts.models import User
from ouderpartner.core.demo import DEMO_DIR, DEMO_PASSWORD
from ouderpartner.core.demo.live import load_live
from ouderpartner.core.demo.places import (
    AMERSFOORT_ORGANISATIONS,
    PARTNERSHIPS,
    SCHOOL_CONTACTS,
    TRUSTED_SCHOOLS,
    UTRECHT_ORGANISATIONS,
)
from ouderpartner.core.demo.policy import load_policy
from ouderpartner.core.demo.programmes import load_programmes
from ouderpartner.core.demo.reach import load_reach
from ouderpartner.core.demo.voice import load_voice
from ouderpartner.core.importers import municipalities_import, parse_municipalities, parse_provinces
from ouderpartner.core.languages import DEFAULT_PARENT_LANGUAGES
from ouderpartner.core.models import Membership, Role, Workspace
from ouderpartner.network.importers import (
    neighbourhoods_import,
    parse_cbs_neighbourhoods,
    parse_duo_schools,
    parse_postcode_areas,
    postcode_areas_import,
    schools_import,
)
from ouderpartner.network.importers.base import ImportResult
from ouderpartner.network.models import (
    ContactPerson,
    Location,
    Neighbourhood,
    Organisation,
    OrganisationKind,
    Partnership,
)

WORKSPACES = [
    # Each demo workspace has its own brand colours, to show the theming (both pass WCAG AA on white).
    {
        "slug": "utrecht",
        "name": "Gemeente Utrecht (demo)",
        "municipality_code": "GM0344",
        "primary_colour": "#C50017",
        "accent_colour": "#1B5E8C",
    },
    {
        "slug": "amersfoort",
        "name": "Gemeente Amersfoort (demo)",
        "municipality_code": "GM0307",
        "primary_colour": "#00607A",
        "accent_colour": "#6B4C9A",
    },
]

DEMO_USERS = [
    {"email": "alice@example.org", "name": "Alice Jansen", "workspace": "utrecht", "role": Role.COORDINATOR},
    {
        "email": "bob@example.org",
        "name": "Bob de Vries",
        "workspace": "utrecht",
        "role": Role.PROFESSIONAL,
        "brin": "15RL",
    },
    {"email": "carol@example.org", "name": "Carol Bakker", "workspace": "utrecht", "role": Role.VIEWER},
    {"email": "dave@example.org", "name": "Dave Smit", "workspace": "amersfoort", "role": Role.COORDINATOR},
]


@dataclass
class DemoReport:
    lines: list[str] = field(default_factory=list)

    def add(self, line: str) -> None:
        self.lines.append(line)


def demo_data_dir() -> Path | None:
    value = getattr(settings, "DEMO_DATA_DIR", "")
    return Path(value) if value else None


def _first_existing(*candidates: Path | None) -> Path | None:
    return next((path for path in candidates if path is not None and path.is_file()), None)


def _source(data_dir: Path | None, real: list[str], builtin: str) -> tuple[Path, bool]:
    found = _first_existing(*[data_dir / name for name in real]) if data_dir else None
    return (found, True) if found else (DEMO_DIR / builtin, False)


def _import_if_needed(
    label: str, run: Callable[..., ImportResult], report: DemoReport, **kwargs: Any
) -> None:
    """Counts first; applies (and audits) only when something would change, so a rerun changes nothing."""
    preview = run(dry_run=True, **kwargs)
    if preview.errors:
        report.add(f"{label}: {len(preview.errors)} bad line(s) skipped")
    if preview.has_changes:
        result = run(**kwargs)
        report.add(f"{label}: {result.describe()}")
    else:
        report.add(f"{label}: already up to date")


def load_municipalities(data_dir: Path | None, report: DemoReport) -> None:
    path, real = _source(data_dir, ["gemeenten/gemeenten.csv"], "municipalities.csv")
    provinces_path = (data_dir / "gemeenten" / "gm_codes_and_provinces.csv") if real and data_dir else path
    provinces = parse_provinces(provinces_path.read_bytes()) if provinces_path.is_file() else None
    parsed = parse_municipalities(path.read_bytes())
    _import_if_needed(
        f"Municipalities ({'real CBS list' if real else 'built-in list'})",
        municipalities_import,
        report,
        parsed=parsed,
        provinces=provinces,
    )


def ensure_workspace(spec: dict[str, str]) -> Workspace:
    workspace = Workspace.objects.filter(slug=spec["slug"]).first()
    if workspace is None:
        workspace = Workspace(
            slug=spec["slug"],
            name=spec["name"],
            kind=Workspace.Kind.MUNICIPALITY,
            municipality_code=spec["municipality_code"],
            primary_colour=spec["primary_colour"],
            accent_colour=spec["accent_colour"],
            parent_languages=list(DEFAULT_PARENT_LANGUAGES),
        )
        workspace.full_clean()
        workspace.save()
    return workspace


def load_utrecht_network(workspace: Workspace, data_dir: Path | None, report: DemoReport) -> None:
    kwb, real_kwb = _source(
        data_dir,
        ["utrecht/utrecht_wijken_buurten_kwb2024.csv", "cbs-utrecht/CBS-Utrecht-kwb-2024.xlsx"],
        "neighbourhoods.csv",
    )
    parsed = parse_cbs_neighbourhoods(
        kwb.read_bytes(), filename=kwb.name, year=2024, municipality_code=workspace.municipality_code
    )
    _import_if_needed(
        f"Neighbourhoods ({'real CBS data' if real_kwb else 'built-in sample'})",
        neighbourhoods_import,
        report,
        workspace=workspace,
        parsed=parsed,
        source=kwb.name,
    )
    # The demo's own small postcode table (approximate) links the sample schools to their buurt.
    postcodes = DEMO_DIR / "postcodes.csv"
    _import_if_needed(
        "Postcode table (demo sample)",
        postcode_areas_import,
        report,
        workspace=workspace,
        parsed=parse_postcode_areas(postcodes.read_bytes()),
        source=postcodes.name,
    )
    duo, real_duo = _source(
        data_dir,
        ["utrecht/utrecht_basisscholen_duo.csv", "duo/02.-alle-schoolvestigingen-basisonderwijs.csv"],
        "schools.csv",
    )
    _import_if_needed(
        f"Schools ({'real DUO data' if real_duo else 'built-in sample'})",
        schools_import,
        report,
        workspace=workspace,
        parsed=parse_duo_schools(duo.read_bytes(), municipality_code=workspace.municipality_code),
        source=duo.name,
    )


def _neighbourhood(workspace: Workspace, code: str) -> Neighbourhood | None:
    """The buurt, else its wijk (the built-in sample has only some buurten), else nothing."""
    if not code:
        return None
    found = {
        n.code: n
        for n in Neighbourhood.objects.filter(workspace=workspace, code__in=[code, f"WK{code[2:8]}"])
    }
    return found.get(code) or found.get(f"WK{code[2:8]}")


def load_places(workspace: Workspace, organisations: list[dict[str, Any]], report: DemoReport) -> None:
    created = 0
    for spec in organisations:
        organisation = Organisation.objects.filter(workspace=workspace, name=spec["name"]).first()
        if organisation is None:
            organisation = Organisation(
                workspace=workspace, kind=spec["kind"], name=spec["name"], website=spec.get("website", "")
            )
            organisation.full_clean()
            organisation.save()
            created += 1
        for place in spec["locations"]:
            if Location.objects.filter(
                workspace=workspace, organisation=organisation, name=place["name"]
            ).exists():
                continue
            location = Location(
                workspace=workspace,
                organisation=organisation,
                name=place["name"],
                street=place["street"],
                house_number=place["house_number"],
                postcode=place["postcode"],
                city="Utrecht" if workspace.municipality_code == "GM0344" else "Amersfoort",
                neighbourhood=_neighbourhood(workspace, place["neighbourhood"]),
                latitude=Decimal(place["latitude"]),
                longitude=Decimal(place["longitude"]),
                is_trusted_place=True,
                trusted_purposes=place["purposes"],
                trusted_notes=place["notes"],
                staff_languages=place["languages"],
            )
            location.full_clean()
            location.save()
            created += 1
        for contact in spec.get("contacts", []):
            _, made = ContactPerson.objects.get_or_create(
                organisation=organisation, name=contact["name"], defaults=contact
            )
            created += made
    report.add(
        f"Trusted places in {workspace.slug}: {created} created"
        if created
        else f"Trusted places in {workspace.slug}: already there"
    )


def load_school_extras(workspace: Workspace, report: DemoReport) -> None:
    """Contact persons at schools, two schools marked as trusted places, and the partnerships."""
    schools = {
        o.brin: o for o in Organisation.objects.filter(workspace=workspace, kind=OrganisationKind.SCHOOL)
    }
    for brin, contacts in SCHOOL_CONTACTS.items():
        if brin in schools:
            for contact in contacts:
                ContactPerson.objects.get_or_create(
                    organisation=schools[brin], name=contact["name"], defaults=contact
                )
    for branch_code, spec in TRUSTED_SCHOOLS.items():
        location = Location.objects.filter(workspace=workspace, branch_code=branch_code).first()
        if location is not None and not location.is_trusted_place and not location.trusted_purposes:
            location.is_trusted_place = True
            location.trusted_purposes = spec["purposes"]
            location.staff_languages = spec["languages"]
            location.save(
                update_fields=["is_trusted_place", "trusted_purposes", "staff_languages", "updated_at"]
            )
    created = 0
    for spec in PARTNERSHIPS:
        if Partnership.objects.filter(workspace=workspace, name=spec["name"]).exists():
            continue
        members = list(Organisation.objects.filter(workspace=workspace, name__in=spec["organisations"]))
        members += [schools[brin] for brin in spec["schools"] if brin in schools]
        if len(members) < 2:
            continue
        partnership = Partnership(
            workspace=workspace,
            name=spec["name"],
            kind=spec["kind"],
            agreements=spec["agreements"],
            start_date=datetime.date.fromisoformat(spec["start_date"]),
        )
        partnership.full_clean()
        partnership.save()
        partnership.organisations.set(members)
        created += 1
    report.add(f"Partnerships: {created} created" if created else "Partnerships: already there")


def ensure_users(report: DemoReport) -> None:
    created = 0
    for spec in DEMO_USERS:
        user = User.objects.filter(email=spec["email"]).first()
        if user is None:
            user = User.objects.create_user(spec["email"], DEMO_PASSWORD, name=spec["name"])
            created += 1
        workspace = Workspace.objects.get(slug=spec["workspace"])
        if spec["role"] == Role.COORDINATOR:
            # Coordinators need two-factor authentication: the demo's published key and recovery codes.
            ensure_demo_two_factor(user)
        if Membership.objects.filter(user=user, workspace=workspace).exists():
            continue
        organisation = None
        if spec["role"] == Role.PROFESSIONAL:
            schools = Organisation.objects.filter(workspace=workspace, kind=OrganisationKind.SCHOOL)
            organisation = (
                schools.filter(brin=spec.get("brin", "")).first() or schools.order_by("name").first()
            )
        membership = Membership(user=user, workspace=workspace, role=spec["role"], organisation=organisation)
        membership.full_clean()
        membership.save()
    report.add(f"Demo users: {created} created" if created else "Demo users: already there")


def load_demo(data_dir: Path | None = None) -> DemoReport:
    """Everything the demo needs, in one transaction; returns what it did, line by line."""
    data_dir = data_dir if data_dir is not None else demo_data_dir()
    if data_dir is not None and not data_dir.is_dir():
        data_dir = None
    report = DemoReport()
    with transaction.atomic():
        load_municipalities(data_dir, report)
        utrecht = ensure_workspace(WORKSPACES[0])
        amersfoort = ensure_workspace(WORKSPACES[1])
        load_utrecht_network(utrecht, data_dir, report)
        load_places(utrecht, UTRECHT_ORGANISATIONS, report)
        load_school_extras(utrecht, report)
        load_places(amersfoort, AMERSFOORT_ORGANISATIONS, report)
        ensure_users(report)
        report.add(load_programmes(utrecht))
        report.add(load_voice(utrecht))
        report.add(load_live(utrecht))
        report.add(load_reach(utrecht))
        report.add(load_policy(utrecht))
    return report
