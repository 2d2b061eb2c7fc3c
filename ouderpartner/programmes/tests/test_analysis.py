"""The continuous line, its gap detection and the integral matrix, on hand-made cases."""

from __future__ import annotations

import datetime

import pytest
from django.utils import translation

from ouderpartner.network.models import Neighbourhood, OrganisationKind
from ouderpartner.network.tests.factories import LocationFactory, NeighbourhoodFactory, OrganisationFactory
from ouderpartner.programmes import analysis
from ouderpartner.programmes.models import Audience, Offering, PolicyDomain, Programme, Transition
from ouderpartner.programmes.setup import programmes_setup

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """Labels are checked in English here; the Dutch ones on the pages."""
    with translation.override("en"):
        yield


PARENTS = Audience.PARENTS
CHILDREN = Audience.CHILDREN


def make_programme(workspace, name, age_from, age_to, audience=PARENTS, domains=(), transitions=(), **extra):
    """A programme in the workspace, linked to built-in domains and transitions by key."""
    programmes_setup(workspace=workspace)
    programme = Programme(
        workspace=workspace,
        name=name,
        age_from_months=age_from,
        age_to_months=age_to,
        audience=audience,
        **extra,
    )
    programme.full_clean()
    programme.save()
    programme.policy_domains.set(PolicyDomain.objects.filter(workspace=workspace, key__in=domains))
    programme.transitions.set(Transition.objects.filter(workspace=workspace, key__in=transitions))
    return programme


def make_offering(programme, organisation, locations=(), **extra):
    offering = Offering(
        workspace=programme.workspace, programme=programme, organisation=organisation, **extra
    )
    offering.full_clean()
    offering.save()
    offering.locations.set(locations)
    return offering


def district_with_areas(workspace, code="WK034401", children=(300, 0)):
    district = NeighbourhoodFactory(
        workspace=workspace, level=Neighbourhood.Level.DISTRICT, code=code, name="Wijk Noord"
    )
    areas = [
        NeighbourhoodFactory(
            workspace=workspace,
            code=f"BU{code[2:]}{index:02d}",
            name=f"Buurt {index}",
            parent=district,
            children_0_14=count,
        )
        for index, count in enumerate(children, start=1)
    ]
    return district, areas


# --- Age gaps -----------------------------------------------------------------------------------


def test_it_finds_no_age_gap_when_programmes_for_parents_cover_0_to_21(utrecht):
    make_programme(utrecht, "Eerste jaren", 0, 144)
    make_programme(utrecht, "Tieners", 144, 252)
    assert analysis.continuous_line(workspace=utrecht).age_gaps == []


def test_it_finds_the_age_band_with_no_programme_for_parents(utrecht):
    make_programme(utrecht, "BoekStart", 0, 48)
    make_programme(utrecht, "Ouderkamer", 48, 144)
    make_programme(utrecht, "Jongvolwassen", 192, 252)
    gaps = analysis.continuous_line(workspace=utrecht).age_gaps
    assert [(gap.age_from_months, gap.age_to_months) for gap in gaps] == [(144, 192)]
    assert gaps[0].label == "No programme for parents of children between 12 and 16 years"


def test_it_ignores_programmes_for_children_or_professionals_in_the_age_gaps(utrecht):
    make_programme(utrecht, "Ouders", 0, 144)
    make_programme(utrecht, "Kinderclub", 144, 252, audience=CHILDREN)
    make_programme(utrecht, "Scholing", 144, 252, audience=Audience.PROFESSIONALS)
    gaps = analysis.continuous_line(workspace=utrecht).age_gaps
    assert [(gap.age_from_months, gap.age_to_months) for gap in gaps] == [(144, 252)]


def test_it_counts_parents_with_children_as_programmes_for_parents(utrecht):
    make_programme(utrecht, "Samen", 0, 252, audience=Audience.PARENTS_WITH_CHILDREN)
    assert analysis.continuous_line(workspace=utrecht).age_gaps == []


def test_it_merges_overlapping_ranges_and_reports_several_gaps(utrecht):
    make_programme(utrecht, "A", 0, 30)
    make_programme(utrecht, "B", 24, 48)
    make_programme(utrecht, "C", 72, 200)
    gaps = analysis.age_gaps_for_parents([(0, 30), (24, 48), (72, 200)])
    assert [(gap.age_from_months, gap.age_to_months) for gap in gaps] == [(48, 72), (200, 252)]
    assert gaps[1].label == "No programme for parents of children between 200 and 252 months"


def test_it_leaves_archived_programmes_out_of_the_line(utrecht):
    make_programme(utrecht, "Oud", 0, 252, archived_at=datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC))
    line = analysis.continuous_line(workspace=utrecht)
    assert line.programmes == []
    assert [(gap.age_from_months, gap.age_to_months) for gap in line.age_gaps] == [(0, 252)]
    assert len(analysis.continuous_line(workspace=utrecht, include_archived=True).programmes) == 1


# --- Transitions --------------------------------------------------------------------------------


def _transition(line, key):
    return next(transition for transition in line.transitions if transition.key == key)


def test_it_marks_a_transition_without_any_programme_for_parents_as_uncovered(utrecht):
    make_programme(utrecht, "Jonge ouders", 0, 120)
    line = analysis.continuous_line(workspace=utrecht)
    assert not _transition(line, "secondary").covered
    assert "secondary" in [transition.key for transition in line.uncovered_transitions]
    assert _transition(line, "birth").covered


def test_it_covers_a_transition_by_an_overlapping_age_range(utrecht):
    make_programme(utrecht, "Brugklas-ouders", 140, 160)
    line = analysis.continuous_line(workspace=utrecht)
    assert _transition(line, "secondary").covered
    assert _transition(line, "secondary").covering_programmes == ["Brugklas-ouders"]


def test_it_covers_a_transition_by_an_explicit_link_even_outside_the_ages(utrecht):
    make_programme(utrecht, "Schoolkeuze", 120, 140, transitions=["secondary"])
    assert _transition(analysis.continuous_line(workspace=utrecht), "secondary").covered


def test_it_does_not_cover_a_transition_with_a_programme_for_children_only(utrecht):
    make_programme(utrecht, "Brugklaskamp", 140, 160, audience=CHILDREN, transitions=["secondary"])
    assert not _transition(analysis.continuous_line(workspace=utrecht), "secondary").covered


def test_a_programme_ending_at_four_does_not_cover_the_start_of_school_at_four(utrecht):
    make_programme(utrecht, "BoekStart", 0, 48)
    assert not _transition(analysis.continuous_line(workspace=utrecht), "school").covered
    make_programme(utrecht, "Opstap", 48, 78)
    assert _transition(analysis.continuous_line(workspace=utrecht), "school").covered


# --- Neighbourhoods -----------------------------------------------------------------------------


def test_it_lists_a_neighbourhood_with_children_and_no_offering(utrecht):
    district_with_areas(utrecht, children=(300, 0))
    line = analysis.continuous_line(workspace=utrecht)
    assert [(area.name, area.district) for area in line.areas_without_offering] == [("Buurt 1", "Wijk Noord")]
    assert line.areas_without_offering[0].children_0_14.value == 300


def test_it_does_not_list_a_neighbourhood_with_an_offering(utrecht):
    _, (area, _) = district_with_areas(utrecht, children=(300, 0))
    library = OrganisationFactory(workspace=utrecht, kind=OrganisationKind.LIBRARY, name="Bieb")
    place = LocationFactory(organisation=library, neighbourhood=area)
    make_offering(make_programme(utrecht, "BoekStart", 0, 48), library, [place])
    assert analysis.continuous_line(workspace=utrecht).areas_without_offering == []


def test_it_hides_small_numbers_of_children_under_the_threshold(utrecht):
    district_with_areas(utrecht, children=(3,))
    area = analysis.continuous_line(workspace=utrecht).areas_without_offering[0]
    assert area.children_0_14.suppressed
    assert str(area.children_0_14) == "< 5"


def test_it_does_not_count_an_ended_offering(utrecht):
    _, (area,) = district_with_areas(utrecht, children=(300,))
    library = OrganisationFactory(workspace=utrecht, kind=OrganisationKind.LIBRARY)
    place = LocationFactory(organisation=library, neighbourhood=area)
    make_offering(
        make_programme(utrecht, "Oud", 0, 48),
        library,
        [place],
        start_date=datetime.date(2020, 1, 1),
        end_date=datetime.date(2021, 1, 1),
    )
    assert [a.name for a in analysis.continuous_line(workspace=utrecht).areas_without_offering] == ["Buurt 1"]


def test_it_filters_the_line_by_district_and_by_area(utrecht):
    district, (north, south) = district_with_areas(utrecht, children=(300, 200))
    _, (elsewhere,) = district_with_areas(utrecht, code="WK034402", children=(100,))
    library = OrganisationFactory(workspace=utrecht, kind=OrganisationKind.LIBRARY)
    make_offering(
        make_programme(utrecht, "Noord", 0, 48),
        library,
        [LocationFactory(organisation=library, neighbourhood=north)],
    )
    make_offering(
        make_programme(utrecht, "Elders", 48, 96),
        library,
        [LocationFactory(organisation=library, neighbourhood=elsewhere)],
    )
    make_programme(utrecht, "Nergens", 0, 252)

    whole = analysis.continuous_line(workspace=utrecht)
    assert {item.name for item in whole.programmes} == {"Noord", "Elders", "Nergens"}
    by_district = analysis.continuous_line(workspace=utrecht, neighbourhood=district.code)
    assert [item.name for item in by_district.programmes] == ["Noord"]
    assert by_district.neighbourhood.name == "Wijk Noord"
    assert [area.name for area in by_district.areas_without_offering] == ["Buurt 2"]
    assert [(g.age_from_months, g.age_to_months) for g in by_district.age_gaps] == [(48, 252)]
    by_area = analysis.continuous_line(workspace=utrecht, neighbourhood=south.code)
    assert by_area.programmes == []
    unknown = analysis.continuous_line(workspace=utrecht, neighbourhood="WK999999")
    assert unknown.neighbourhood is None
    assert len(unknown.programmes) == 3


# --- Groups -------------------------------------------------------------------------------------


def test_it_groups_by_domain_with_a_programme_in_each_of_its_domains(utrecht):
    make_programme(utrecht, "BoekStart", 0, 48, domains=["early_education", "health"])
    make_programme(utrecht, "Los", 0, 48)
    line = analysis.continuous_line(workspace=utrecht)
    groups = {group.label: [item.name for item in group.programmes] for group in line.groups}
    assert groups == {
        "early education (VE)": ["BoekStart"],
        "health": ["BoekStart"],
        "no policy domain": ["Los"],
    }


def test_it_groups_by_the_kind_of_the_organisations_offering_it(utrecht):
    library = OrganisationFactory(workspace=utrecht, kind=OrganisationKind.LIBRARY)
    clinic = OrganisationFactory(workspace=utrecht, kind=OrganisationKind.YOUTH_HEALTH)
    boekstart = make_programme(utrecht, "BoekStart", 0, 48)
    make_offering(boekstart, library)
    make_offering(boekstart, clinic)
    make_programme(utrecht, "Nieuw", 0, 48)
    line = analysis.continuous_line(workspace=utrecht, group_by="organisation_kind")
    groups = {group.key: [item.name for item in group.programmes] for group in line.groups}
    assert groups == {"library": ["BoekStart"], "youth_health": ["BoekStart"], "not_offered": ["Nieuw"]}
    assert analysis.continuous_line(workspace=utrecht, group_by="nonsense").group_by == "domain"


def test_a_bar_has_an_accessible_name_with_its_ages(utrecht):
    make_programme(utrecht, "BoekStart", 0, 48)
    make_programme(utrecht, "Opstapje", 18, 48)
    names = [item.accessible_name for item in analysis.continuous_line(workspace=utrecht).programmes]
    assert names == ["BoekStart, 0 to 4 years", "Opstapje, 1.5 to 4 years"]


def test_the_line_reads_only_its_own_workspace(utrecht, amersfoort):
    make_programme(amersfoort, "Elders", 0, 252)
    line = analysis.continuous_line(workspace=utrecht)
    assert line.programmes == []
    assert len(line.age_gaps) == 1


# --- The matrix ---------------------------------------------------------------------------------


def test_the_matrix_highlights_a_domain_without_a_programme_for_parents(utrecht):
    make_programme(utrecht, "BoekStart", 0, 48, domains=["early_education", "health"])
    make_programme(utrecht, "Alliantie", 0, 216, audience=Audience.PROFESSIONALS, domains=["poverty"])
    matrix = analysis.integral_matrix(workspace=utrecht)
    by_key = {domain.key: domain for domain in matrix.domains}
    assert by_key["poverty"].programme_count == 1
    assert by_key["poverty"].parent_programme_count == 0
    assert by_key["poverty"].without_parent_programme
    assert not by_key["health"].without_parent_programme
    assert "poverty" in [domain.key for domain in matrix.domains_without_parent_programme]
    assert "health" not in [domain.key for domain in matrix.domains_without_parent_programme]


def test_the_matrix_covers_a_domain_once_a_programme_for_parents_is_linked(utrecht):
    make_programme(utrecht, "Alliantie", 0, 216, audience=Audience.PROFESSIONALS, domains=["poverty"])
    make_programme(utrecht, "Geldzaken", 0, 216, audience=Audience.PARENTS, domains=["poverty"])
    poverty = next(d for d in analysis.integral_matrix(workspace=utrecht).domains if d.key == "poverty")
    assert (poverty.programme_count, poverty.parent_programme_count) == (2, 1)
    assert not poverty.without_parent_programme


def test_the_matrix_has_cells_per_programme_and_organisations_by_what_they_offer(utrecht):
    boekstart = make_programme(utrecht, "BoekStart", 0, 48, domains=["early_education", "health"])
    make_programme(utrecht, "Los", 0, 48)
    library = OrganisationFactory(workspace=utrecht, kind=OrganisationKind.LIBRARY, name="Bibliotheek")
    OrganisationFactory(workspace=utrecht, name="Doet niets mee")
    make_offering(boekstart, library)
    matrix = analysis.integral_matrix(workspace=utrecht)
    keys = [domain.key for domain in matrix.domains]
    rows = {row.name: row for row in matrix.programme_rows}
    assert [keys[i] for i, linked in enumerate(rows["BoekStart"].cells) if linked] == [
        "early_education",
        "health",
    ]
    assert rows["BoekStart"].count == 2
    assert rows["Los"].count == 0
    assert [row.name for row in matrix.organisation_rows] == ["Bibliotheek"]
    assert [keys[i] for i, linked in enumerate(matrix.organisation_rows[0].cells) if linked] == [
        "early_education",
        "health",
    ]
    health = next(domain for domain in matrix.domains if domain.key == "health")
    assert health.organisation_count == 1
    assert (matrix.programme_total, matrix.parent_programme_total) == (2, 2)
