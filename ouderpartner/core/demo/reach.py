"""Demo reach for Utrecht: two school years (and the current one so far) of activities at the partners'
places, with visibly different reach per district (Overvecht and Zuidwest reach many target-group
parents, the inner city few), some small groups whose figures the dashboards must hide, and
target-group estimates per district derived from the CBS child counts with a share per district.

Created once: when the workspace has activities, nothing is added. Deterministic (a fixed seed).
Written in bulk (no audit events per generated row); the estimates go through the service.
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.utils import timezone

from ouderpartner.core.models import Membership, Role, Workspace
from ouderpartner.network.models import Location, Neighbourhood, OrganisationKind
from ouderpartner.programmes.models import Offering
from ouderpartner.reach import services
from ouderpartner.reach.models import (
    Activity,
    ActivityKind,
    ActivityLanguage,
    ActivitySource,
    TargetGroupEstimate,
)

SEED = 20260901
FIRST_DAY = datetime.date(2024, 9, 2)  # the start of school year 2024-2025

# Share of the children in the target group per district (last two digits of the CBS district code):
# used both for the estimates and for how many target-group parents come to activities.
TARGET_SHARE = {
    "01": 18, "02": 24, "03": 38, "04": 9, "05": 6, "06": 4, "07": 16, "08": 40, "09": 10, "10": 7,
}  # fmt: skip
DEFAULT_SHARE = 15

KINDS_BY_ORGANISATION = {
    OrganisationKind.LIBRARY: [ActivityKind.READING_SESSION, ActivityKind.LANGUAGE_COURSE],
    OrganisationKind.YOUTH_HEALTH: [ActivityKind.PARENT_CONVERSATION, ActivityKind.PARENT_MEETING],
    OrganisationKind.EARLY_EDUCATION: [ActivityKind.HOME_VISIT, ActivityKind.READING_SESSION],
    OrganisationKind.CHILDCARE: [ActivityKind.PARENT_MEETING, ActivityKind.READING_SESSION],
    OrganisationKind.SCHOOL: [ActivityKind.PARENT_MEETING, ActivityKind.WALK_IN_HOUR, ActivityKind.EXCURSION],
    OrganisationKind.ADULT_EDUCATION: [ActivityKind.LANGUAGE_COURSE],
    OrganisationKind.FAMILY_SUPPORT: [ActivityKind.PARENT_CONVERSATION, ActivityKind.WALK_IN_HOUR],
    OrganisationKind.PARENT_COUNCIL: [ActivityKind.PARENT_MEETING],
}
SOURCE_BY_ORGANISATION = {
    OrganisationKind.LIBRARY: ActivitySource.API,
    OrganisationKind.YOUTH_HEALTH: ActivitySource.XLSX,
}
DESCRIPTIONS = {
    ActivityKind.READING_SESSION: "Voorleesochtend met peuters en ouders",
    ActivityKind.LANGUAGE_COURSE: "Taalles voor ouders",
    ActivityKind.PARENT_CONVERSATION: "Gesprekken over opvoeden en ontwikkeling",
    ActivityKind.PARENT_MEETING: "Koffieochtend voor ouders",
    ActivityKind.HOME_VISIT: "Huisbezoeken VVE Thuis",
    ActivityKind.WALK_IN_HOUR: "Inloopspreekuur",
    ActivityKind.EXCURSION: "Uitstapje met ouders en kinderen",
}


def _holiday(day: datetime.date) -> bool:
    """Roughly the school holidays of region Midden: summer, Christmas, May."""
    summer = datetime.date(day.year, 7, 19) <= day <= datetime.date(day.year, 8, 31)
    christmas = (day.month == 12 and day.day >= 21) or (day.month == 1 and day.day <= 4)
    may = (day.month == 4 and day.day >= 26) or (day.month == 5 and day.day <= 4)
    return summer or christmas or may


def _district_code(location: Location) -> str:
    neighbourhood = location.neighbourhood
    if neighbourhood is None:
        return ""
    district = neighbourhood if neighbourhood.level == Neighbourhood.Level.DISTRICT else neighbourhood.parent
    return district.code if district else ""


def load_estimates(workspace: Workspace, years: list[int]) -> int:
    made = 0
    districts = Neighbourhood.objects.filter(
        workspace=workspace, level=Neighbourhood.Level.DISTRICT, children_0_14__isnull=False
    )
    for year in years:
        existing = set(
            TargetGroupEstimate.objects.filter(workspace=workspace, year=year).values_list(
                "neighbourhood_id", flat=True
            )
        )
        for district in districts:
            if district.pk in existing:
                continue
            share = Decimal(TARGET_SHARE.get(district.code[-2:], DEFAULT_SHARE))
            services.estimates_derive(
                workspace=workspace, actor=None, year=year, share_percent=share, neighbourhoods=[district]
            )
            made += 1
    return made


def load_activities(workspace: Workspace, today: datetime.date) -> int:
    if Activity.objects.filter(workspace=workspace).exists():
        return 0
    rng = random.Random(SEED)
    locations = list(
        Location.objects.filter(workspace=workspace, archived_at__isnull=True, neighbourhood__isnull=False)
        .select_related("organisation", "neighbourhood__parent")
        .order_by("pk")
    )
    offerings: dict[int, list] = {}
    for offering in Offering.objects.filter(workspace=workspace).select_related("programme").order_by("pk"):
        offerings.setdefault(offering.organisation_id, []).append(offering.programme)
    professional = (
        Membership.objects.filter(workspace=workspace, role=Role.PROFESSIONAL).select_related("user").first()
    )
    languages = [c for c in workspace.parent_languages if c != "nl"] or ["ar", "tr"]
    activities: list[Activity] = []
    for index, location in enumerate(locations):
        organisation = location.organisation
        kinds = KINDS_BY_ORGANISATION.get(
            OrganisationKind(organisation.kind), [ActivityKind.OTHER, ActivityKind.WALK_IN_HOUR]
        )
        share = TARGET_SHARE.get(_district_code(location)[-2:], DEFAULT_SHARE) / 100
        # Places in districts with many target-group families draw more parents; every seventh place is small.
        small = index % 7 == 3
        base = 3 if small else int(8 + 30 * share + rng.randint(0, 6))
        every = rng.choice([7, 7, 14, 14, 21]) if not small else 28
        place_languages = [c for c in location.staff_languages if c != "nl"] or languages
        programmes = offerings.get(organisation.pk, [])
        day = FIRST_DAY + datetime.timedelta(days=rng.randint(0, 4))  # a weekday: steps are whole weeks
        while day < today - datetime.timedelta(days=1):
            if day.weekday() < 5 and not _holiday(day):
                years = (day - FIRST_DAY).days / 365
                kind = rng.choice(kinds)
                parents = max(1, round(base * (1 + 0.12 * years) * rng.uniform(0.6, 1.3)))
                target = min(parents, round(parents * min(0.95, share * 1.8 + rng.uniform(-0.05, 0.1))))
                first = min(
                    parents, round(parents * (0.35 if day.month in (9, 10) else 0.12) * rng.uniform(0.5, 1.5))
                )
                used = ["nl", *rng.sample(place_languages, k=min(len(place_languages), rng.randint(0, 2)))]
                source = SOURCE_BY_ORGANISATION.get(OrganisationKind(organisation.kind), ActivitySource.FORM)
                activities.append(
                    Activity(
                        workspace=workspace,
                        organisation=organisation,
                        location=location,
                        neighbourhood=location.neighbourhood,
                        district=location.neighbourhood
                        if location.neighbourhood.level == Neighbourhood.Level.DISTRICT
                        else location.neighbourhood.parent,
                        programme=rng.choice(programmes) if programmes and rng.random() < 0.6 else None,
                        kind=kind,
                        date=day,
                        parents=parents,
                        target_group_parents=max(0, target),
                        first_time_parents=max(0, first),
                        languages=used,
                        interpreter_used=len(used) > 1 and rng.random() < 0.25,
                        materials_in_other_languages=len(used) > 1 and rng.random() < 0.5,
                        description=DESCRIPTIONS.get(kind, ""),
                        source=source,
                        external_reference=f"{organisation.pk}-{day:%Y%m%d}-{location.pk}"
                        if source == ActivitySource.API
                        else "",
                        created_by=professional.user
                        if professional and professional.organisation_id == organisation.pk
                        else None,
                    )
                )
            day += datetime.timedelta(days=every)
    created = Activity.objects.bulk_create(activities, batch_size=500)
    ActivityLanguage.objects.bulk_create(
        [
            ActivityLanguage(workspace=workspace, activity=activity, language=code)
            for activity in created
            for code in activity.languages
        ],
        batch_size=1000,
    )
    return len(created)


def load_reach(workspace: Workspace, today: datetime.date | None = None) -> str:
    """The reach part of the demo; returns one line for the report."""
    today = today or timezone.localdate()
    estimates = load_estimates(workspace, list(range(FIRST_DAY.year, today.year + 1)))
    activities = load_activities(workspace, today)
    if not (estimates or activities):
        return "Reach: already there"
    return f"Reach: {activities} activities, {estimates} target-group estimate(s)"
