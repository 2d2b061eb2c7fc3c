"""Service tests: validation with full_clean, workspace boundaries and the audit trail."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from ouderpartner.core.models import AuditEvent
from ouderpartner.network import services
from ouderpartner.network.models import Location
from ouderpartner.network.selectors import ListFilters, location_list, neighbourhood_overview, network_summary
from ouderpartner.network.tests.factories import NeighbourhoodFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def test_it_creates_and_audits_an_organisation(utrecht, alice):
    org = services.organisation_create(
        workspace=utrecht, actor=alice, kind="library", name="Bibliotheek Oost"
    )
    event = AuditEvent.objects.get(action="create")
    assert event.object_id == str(org.pk)
    assert event.actor == alice


def test_it_rejects_an_invalid_organisation(utrecht, alice):
    with pytest.raises(ValidationError):
        services.organisation_create(workspace=utrecht, actor=alice, kind="nonsense", name="X")
    assert not AuditEvent.objects.exists()


def test_it_records_only_changed_fields(school, alice):
    services.organisation_update(organisation=school, actor=alice, name="Willibrord", phone="")
    event = AuditEvent.objects.get(action="change")
    assert event.changes == {"name": ["Willibrordschool", "Willibrord"]}


def test_it_rejects_a_location_of_another_workspaces_organisation(utrecht, amersfoort, alice):
    foreign = OrganisationFactory(workspace=amersfoort)
    with pytest.raises(ValidationError):
        services.location_create(workspace=utrecht, actor=alice, organisation=foreign, name="X")


def test_it_needs_two_partners_of_the_workspace(utrecht, amersfoort, school, alice):
    with pytest.raises(ValidationError):
        services.partnership_create(
            workspace=utrecht, actor=alice, organisations=[school], name="A", kind="other"
        )
    foreign = OrganisationFactory(workspace=amersfoort)
    with pytest.raises(ValidationError):
        services.partnership_create(
            workspace=utrecht, actor=alice, organisations=[school, foreign], name="A", kind="other"
        )


def test_archiving_an_organisation_archives_and_restores_its_locations(school, alice):
    services.organisation_archive(organisation=school, actor=alice)
    assert Location.objects.filter(organisation=school, archived_at__isnull=True).count() == 0
    assert network_summary(workspace=school.workspace)["locations"] == 0
    services.organisation_restore(organisation=school, actor=alice)
    assert Location.objects.filter(organisation=school, archived_at__isnull=True).count() == 1
    assert list(AuditEvent.objects.values_list("action", flat=True).order_by("id")) == ["archive", "restore"]


def test_the_overview_adds_area_counts_to_their_district(utrecht, school, django_assert_num_queries):
    district = NeighbourhoodFactory(workspace=utrecht, level="district", code="WK034409")
    area = NeighbourhoodFactory(workspace=utrecht, code="BU03440901", parent=district)
    Location.objects.filter(organisation=school).update(neighbourhood=area, is_trusted_place=True)
    with django_assert_num_queries(2):
        [row] = neighbourhood_overview(workspace=utrecht)
    assert (row.location_count, row.trusted_count) == (1, 1)
    qs, _ = location_list(workspace=utrecht, filters=ListFilters(neighbourhood="WK034409"))
    assert qs.count() == 1
