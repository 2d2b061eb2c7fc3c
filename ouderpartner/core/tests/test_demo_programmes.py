"""The demo's programmes: a catalogue, offerings across districts, subsidies, visible gaps; idempotent."""

import pytest
from django.core.management import call_command

from ouderpartner.core.models import AuditEvent, Workspace
from ouderpartner.programmes import analysis
from ouderpartner.programmes.models import Offering, PolicyDomain, Programme, Subsidy, Transition

pytestmark = pytest.mark.django_db

MODELS = [Programme, Offering, Subsidy, PolicyDomain, Transition, AuditEvent]


@pytest.fixture
def builtin_sample(settings, tmp_path):
    settings.DEMO_DATA_DIR = str(tmp_path)  # an empty folder: no real data at hand


def counts():
    return {model.__name__: model.objects.count() for model in MODELS}


def _check_demo(utrecht: Workspace) -> None:
    programmes = Programme.objects.filter(workspace=utrecht)
    assert programmes.filter(kind=Programme.Kind.NATIONAL).count() >= 8
    assert programmes.filter(kind=Programme.Kind.LOCAL).count() >= 2
    assert {"BoekStart", "VVE Thuis", "Spelenderwijs"} <= set(programmes.values_list("name", flat=True))
    assert all(p.description for p in programmes)

    districts = set()
    for offering in Offering.objects.filter(workspace=utrecht).prefetch_related("locations__neighbourhood"):
        for location in offering.locations.all():
            if location.neighbourhood is not None:
                hood = location.neighbourhood
                districts.add(hood.code if hood.level == "district" else hood.parent_id)
    assert len(districts) >= 3

    subsidies = Subsidy.objects.filter(workspace=utrecht)
    assert subsidies.count() >= 5
    assert {s.purpose for s in subsidies} >= {"preschool", "school_groups_1_2", "programme"}
    assert {s.start_date.year for s in subsidies} == {2025, 2026}

    line = analysis.continuous_line(workspace=utrecht)
    assert line.age_gaps, "the line shows at least one age band without a programme for parents"
    assert any(gap.age_from_months <= 144 < gap.age_to_months for gap in line.age_gaps)
    assert line.uncovered_transitions
    assert line.areas_without_offering
    matrix = analysis.integral_matrix(workspace=utrecht)
    assert "poverty" in [domain.key for domain in matrix.domains_without_parent_programme]
    assert matrix.organisation_rows


def test_the_demo_has_a_catalogue_offerings_subsidies_and_visible_gaps(builtin_sample):
    call_command("load_demo")
    _check_demo(Workspace.objects.get(slug="utrecht"))


def test_running_the_demo_twice_changes_nothing(builtin_sample):
    call_command("load_demo")
    first = counts()
    updated = list(Programme.objects.order_by("pk").values_list("pk", "updated_at"))
    call_command("load_demo")
    assert counts() == first
    assert list(Programme.objects.order_by("pk").values_list("pk", "updated_at")) == updated


def test_the_demo_leaves_edits_alone(builtin_sample):
    call_command("load_demo")
    utrecht = Workspace.objects.get(slug="utrecht")
    Programme.objects.filter(workspace=utrecht, catalogue_key="tel-mee-met-taal").update(age_to_months=216)
    Subsidy.objects.filter(workspace=utrecht, reference="DEMO-2026-TMT-01").delete()
    call_command("load_demo")
    assert Programme.objects.get(workspace=utrecht, catalogue_key="tel-mee-met-taal").age_to_months == 216
    assert Subsidy.objects.filter(
        workspace=utrecht, reference="DEMO-2026-TMT-01"
    ).exists()  # missing: made again


def test_the_demo_pages_show_the_gaps(builtin_sample, client):
    from ouderpartner.accounts.models import User

    call_command("load_demo")
    client.force_login(User.objects.get(email="carol@example.org"))
    line = client.get("/w/utrecht/programmes/line/").content.decode()
    assert "Geen aanbod voor ouders van kinderen tussen 12 en 21 jaar" in line
    assert 'aria-label="BoekStart, 0 tot 4 jaar"' in line
    matrix = client.get("/w/utrecht/programmes/matrix/").content.decode()
    assert "geen aanbod voor ouders" in matrix


@pytest.mark.realdata
def test_with_the_real_data_the_demo_has_its_programmes_too(settings):
    from conftest import SHARED_DATA

    if not (SHARED_DATA / "utrecht" / "utrecht_basisscholen_duo.csv").is_file():
        pytest.skip(f"real open data not found at {SHARED_DATA}")
    settings.DEMO_DATA_DIR = str(SHARED_DATA)
    call_command("load_demo")
    _check_demo(Workspace.objects.get(slug="utrecht"))
