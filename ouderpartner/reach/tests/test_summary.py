"""The reach summary equals a recount of the activities after every way of writing them, and the dashboard
reads the same figures from it as from the activities themselves (SQLite here; PostgreSQL in CI's second run).
"""

from __future__ import annotations

import datetime
import io
import itertools
import random

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from ouderpartner.core import retention
from ouderpartner.core.models import Workspace
from ouderpartner.core.portability import export_workspace, import_workspace
from ouderpartner.core.tests.test_portability import _renamed
from ouderpartner.network.models import Neighbourhood
from ouderpartner.network.tests.factories import LocationFactory, NeighbourhoodFactory, OrganisationFactory
from ouderpartner.programmes.models import Programme
from ouderpartner.reach import selectors, services, summary
from ouderpartner.reach.models import Activity, ActivityKind, ActivityLanguage, ReachSummary
from ouderpartner.reach.tests.factories import ActivityFactory
from ouderpartner.reach.tests.test_import import confirm, upload, xlsx

pytestmark = pytest.mark.django_db


def assert_summary_is_a_recount(workspace: Workspace) -> None:
    stored = summary.stored_rows(workspace.pk)
    assert stored == summary.recomputed_rows(workspace.pk)
    # Each activity is once in each dimension but the languages, under its month and under all time.
    count = Activity.objects.filter(workspace=workspace).count()
    for scope in ("", "programme", "kind"):
        for dimension in ("total", "area", "programme", "place", "organisation", "kind"):
            for all_time in (False, True):
                assert (
                    sum(
                        row[-1]
                        for row in stored
                        if row[1].partition(":")[0] == scope
                        and row[2] == dimension
                        and (row[3] == summary.ALL_TIME) == all_time
                    )
                    == count
                )


@pytest.fixture
def place(utrecht, school):
    district = NeighbourhoodFactory(workspace=utrecht, level=Neighbourhood.Level.DISTRICT, code="WK034401")
    area = NeighbourhoodFactory(workspace=utrecht, code="BU03440101", parent=district)
    location = school.locations.get()
    location.neighbourhood = area
    location.save()
    return location


def url(name, **kwargs):
    return reverse(f"reach:{name}", kwargs={"ws": "utrecht", **kwargs})


def test_the_form_create_edit_and_delete(client_for, alice, utrecht, place):
    client = client_for(alice)
    data = {
        "organisation": place.organisation_id,
        "kind": "reading_session",
        "date": timezone.localdate().isoformat(),
        "location": place.pk,
        "parents": "9",
        "target_group_parents": "4",
        "first_time_parents": "1",
        "languages": ["nl", "ar"],
    }
    assert client.post(url("activity_create"), data).status_code == 302
    assert client.post(url("activity_create"), {**data, "languages": []}).status_code == 302
    assert_summary_is_a_recount(utrecht)
    first, second = Activity.objects.order_by("pk")
    moved = {**data, "date": "2024-02-03", "kind": "home_visit", "parents": "12", "languages": ["tr"]}
    assert client.post(url("activity_update", pk=first.pk), moved).status_code == 302
    assert client.post(url("activity_update", pk=second.pk), {**data, "languages": ["ar"]}).status_code == 302
    assert_summary_is_a_recount(utrecht)
    assert client.post(url("activity_delete", pk=first.pk)).status_code == 302
    assert_summary_is_a_recount(utrecht)
    assert client.post(url("activity_delete", pk=second.pk)).status_code == 302
    assert not ReachSummary.objects.filter(workspace_pk=utrecht.pk).exists()


def test_the_spreadsheet_bulk_entry_and_its_corrections(client_for, alice, utrecht, place):
    client = client_for(alice)
    day = timezone.localdate() - datetime.timedelta(days=40)
    rows = [
        [day, place.name, "voorleesmoment", 10, 4, 1, "nl, ar", "ja", "R-1"],
        [day, place.name, "home_visit", 3, 3, 0, "", "nee", ""],
        [timezone.localdate(), place.name, "home_visit", 5, 1, 0, "so", "nee", "R-2"],
    ]
    upload(client, xlsx(rows))
    assert confirm(client).status_code == 302
    assert_summary_is_a_recount(utrecht)
    rows[0][3:7] = [14, 2, 2, "tr"]  # the same own reference corrects the activity
    upload(client, xlsx(rows[:1]))
    assert confirm(client).status_code == 302
    assert Activity.objects.count() == 3
    assert_summary_is_a_recount(utrecht)


def test_the_partner_api_with_retries_corrections_and_deletes(utrecht, alice, school, place):
    secret = services.partner_token_create(workspace=utrecht, actor=alice, organisation=school, name="LVS")[1]
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    base = "/api/workspaces/utrecht/reach/activities/"
    body = {
        "external_reference": "LVS-1",
        "location": place.pk,
        "kind": "reading_session",
        "date": timezone.localdate().isoformat(),
        "parents": 12,
        "target_group_parents": 8,
        "first_time_parents": 2,
        "languages": ["nl", "ar"],
    }
    created = client.post(base, body, format="json")
    assert created.status_code == 201
    assert client.post(base, body, format="json").status_code == 200  # a retry counts once
    assert_summary_is_a_recount(utrecht)
    assert client.post(base, {**body, "parents": 15, "languages": []}, format="json").status_code == 200
    assert client.post(base, {**body, "external_reference": "LVS-2"}, format="json").status_code == 201
    assert_summary_is_a_recount(utrecht)
    assert client.delete(f"{base}{created.json()['id']}/").status_code == 204
    assert_summary_is_a_recount(utrecht)


def test_an_area_deleted_under_its_activities_and_the_workspace_deleted(utrecht, place):
    ActivityFactory(location=place, district=place.neighbourhood.parent)
    other = ActivityFactory(
        location=place, district=place.neighbourhood.parent, date=datetime.date(2024, 5, 1)
    )
    ActivityLanguage.objects.create(workspace=utrecht, activity=other, language="ar")
    assert_summary_is_a_recount(utrecht)
    place.neighbourhood.delete()  # SET NULL on the activities' area
    assert_summary_is_a_recount(utrecht)
    Activity.objects.filter(pk=other.pk).update(date=datetime.date(2023, 1, 1), kind=ActivityKind.EXCURSION)
    assert_summary_is_a_recount(utrecht)
    ActivityLanguage.objects.filter(activity=other).update(language="tr")
    assert_summary_is_a_recount(utrecht)
    pk = utrecht.pk
    utrecht.delete()
    assert not ReachSummary.objects.filter(workspace_pk=pk).exists()


def test_the_retention_purge(utrecht, place):
    for days in (1, 400, 2000):
        ActivityFactory(location=place, date=timezone.localdate() - datetime.timedelta(days=days))
    retention.purge(workspaces=Workspace.objects.filter(pk=utrecht.pk))
    assert_summary_is_a_recount(utrecht)


def test_a_workspace_archive_import_is_summed_from_its_activities(utrecht, place, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    first = ActivityFactory(location=place, district=place.neighbourhood.parent)
    ActivityLanguage.objects.bulk_create(
        ActivityLanguage(workspace=utrecht, activity=first, language=code) for code in ("nl", "ar")
    )
    ActivityFactory(location=place, date=datetime.date(2024, 9, 30), kind=ActivityKind.HOME_VISIT)
    out = io.BytesIO()
    export_workspace(utrecht, out)
    copy = import_workspace(io.BytesIO(_renamed(out.getvalue(), "utrecht-kopie"))).workspace
    assert_summary_is_a_recount(copy)

    def sums(workspace):
        return sorted(
            (row[1].partition(":")[0], row[2], row[3], row[6:]) for row in summary.stored_rows(workspace.pk)
        )

    assert sums(copy) == sums(utrecht)


def test_bulk_inserts_of_several_languages_at_once(utrecht, place):
    activities = Activity.objects.bulk_create(
        Activity(
            workspace=utrecht,
            organisation=place.organisation,
            location=place,
            kind=ActivityKind.PARENT_MEETING,
            date=datetime.date(2025, month, 3),
            parents=10,
            target_group_parents=5,
        )
        for month in (1, 2, 3)
    )
    ActivityLanguage.objects.bulk_create(
        ActivityLanguage(workspace=utrecht, activity=activity, language=code)
        for activity in activities[:2]
        for code in ("nl", "ar", "tr")
    )
    assert_summary_is_a_recount(utrecht)
    ActivityLanguage.objects.filter(activity__in=activities[:2], language__in=["nl", "ar", "tr"]).delete()
    assert_summary_is_a_recount(utrecht)
    Activity.objects.filter(workspace=utrecht).delete()
    assert not ReachSummary.objects.filter(workspace_pk=utrecht.pk).exists()


def test_rebuild_writes_what_the_triggers_keep(utrecht, place):
    for days in (0, 31, 365):
        ActivityFactory(location=place, date=timezone.localdate() - datetime.timedelta(days=days))
    kept = summary.stored_rows(utrecht.pk)
    ReachSummary.objects.all().delete()
    assert summary.rebuild(utrecht.pk) == len(kept)
    assert summary.stored_rows(utrecht.pk) == kept


@pytest.mark.parametrize(
    ("start", "end", "whole", "loose"),
    [
        (None, None, (None, None), ()),
        ("2025-01-01", "2025-12-31", ("2025-01-01", "2025-12-01"), ()),
        ("2025-01-01", "2025-03-14", ("2025-01-01", "2025-02-01"), (("2025-03-01", "2025-03-14"),)),
        ("2025-01-10", "2025-03-31", ("2025-02-01", "2025-03-01"), (("2025-01-10", "2025-01-31"),)),
        ("2025-03-02", "2025-03-14", None, (("2025-03-02", "2025-03-14"),)),
        ("2025-03-01", "2025-03-14", None, (("2025-03-01", "2025-03-14"),)),
        ("2025-02-10", "2025-03-14", None, (("2025-02-10", "2025-02-28"), ("2025-03-01", "2025-03-14"))),
    ],
)
def test_a_period_splits_into_whole_months_and_loose_days(start, end, whole, loose):
    def day(text):
        return None if text is None else datetime.date.fromisoformat(text)

    parts = summary.split(day(start), day(end))
    if whole is None:
        assert not parts.whole_months
    else:
        assert parts.whole_months and (parts.first_month, parts.last_month) == (day(whole[0]), day(whole[1]))
    assert parts.loose == tuple((day(a), day(b)) for a, b in loose)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_dashboard_reads_the_same_figures_from_the_summary_as_from_the_activities(utrecht, seed):
    rng = random.Random(seed)
    today = timezone.localdate()
    districts = [
        NeighbourhoodFactory(workspace=utrecht, level="district", code=f"WK99{n:02d}", name=f"Wijk {n}")
        for n in range(3)
    ]
    areas = [
        NeighbourhoodFactory(
            workspace=utrecht, code=f"BU99{n:02d}", name=f"Buurt {n}", parent=districts[n % 2]
        )
        for n in range(4)
    ]
    programme = Programme.objects.create(workspace=utrecht, name="BoekStart", audience="parents")
    places = [
        LocationFactory(organisation=OrganisationFactory(workspace=utrecht), neighbourhood=neighbourhood)
        for neighbourhood in [*areas, districts[2], None]
    ]
    for _ in range(80):
        location = rng.choice(places)
        neighbourhood = location.neighbourhood
        parents = rng.randint(0, 30)
        activity = ActivityFactory(
            location=location,
            district=None if neighbourhood is None else (neighbourhood.parent or neighbourhood),
            programme=rng.choice([programme, None]),
            kind=rng.choice(ActivityKind.values),
            # From two years ago to tomorrow (a date may lie a day ahead: the last 12 months end today).
            date=today - datetime.timedelta(days=rng.randint(-1, 730)),
            parents=parents,
            target_group_parents=rng.randint(0, parents),
            first_time_parents=rng.randint(0, parents),
        )
        ActivityLanguage.objects.bulk_create(
            ActivityLanguage(workspace=utrecht, activity=activity, language=code)
            for code in rng.sample(["nl", "ar", "tr", "pl"], rng.randint(0, 3))
        )
    periods, _programmes, _districts = selectors.filter_options(utrecht)
    choices = [{}, {"programme": str(programme.pk)}, {"programme": selectors.NONE}, {"kind": "home_visit"}]
    for key in periods:
        for district, chosen in itertools.product((None, *(d.pk for d in districts)), choices):
            filters = selectors.ReachFilters(period=key, district=district, **chosen)
            period = selectors.period_for(key, today)
            from_summary = selectors.figures_from_summary(utrecht, filters, period, today)
            assert from_summary == selectors.figures_from_activities(utrecht, filters, today), filters
            assert from_summary.place or chosen or key not in ("12m", "all")
