"""load_demo: the built-in sample when no real data is at hand, idempotent, with the demo logins."""

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.test import RequestFactory

from ouderpartner.accounts.models import User
from ouderpartner.core.models import AuditEvent, Membership, Municipality, Role, Workspace
from ouderpartner.network.models import (
    ContactPerson,
    Location,
    Neighbourhood,
    Organisation,
    Partnership,
    PostcodeArea,
)

pytestmark = pytest.mark.django_db

MODELS = [
    Municipality,
    Workspace,
    User,
    Membership,
    Organisation,
    Location,
    Neighbourhood,
    Partnership,
    ContactPerson,
    PostcodeArea,
    AuditEvent,
]


@pytest.fixture
def builtin_sample(settings, tmp_path):
    settings.DEMO_DATA_DIR = str(tmp_path)  # an empty folder: no real data at hand


def counts():
    return {model.__name__: model.objects.count() for model in MODELS}


def test_it_loads_the_builtin_sample_and_a_rerun_changes_nothing(builtin_sample):
    call_command("load_demo")
    first = counts()
    changed = list(Location.objects.values_list("id", "updated_at"))
    call_command("load_demo")
    assert counts() == first
    assert list(Location.objects.values_list("id", "updated_at")) == changed
    utrecht = Workspace.objects.get(slug="utrecht")
    assert utrecht.name == "Gemeente Utrecht (demo)"
    assert utrecht.municipality_code == "GM0344"
    assert utrecht.parent_languages == ["nl", "en", "ar", "tr", "pl", "uk", "ti", "so"]
    assert Neighbourhood.objects.filter(workspace=utrecht, level="district").count() == 10
    assert Neighbourhood.objects.get(workspace=utrecht, code="WK034408").inhabitants == 40830
    assert Organisation.objects.filter(workspace=utrecht, kind="school").count() >= 5


def test_it_adds_trusted_places_of_other_kinds_with_coordinates(builtin_sample):
    call_command("load_demo")
    utrecht = Workspace.objects.get(slug="utrecht")
    trusted = Location.objects.filter(workspace=utrecht, is_trusted_place=True)
    kinds = set(trusted.values_list("organisation__kind", flat=True))
    assert {"library", "youth_health", "family_support", "early_education", "adult_education"} <= kinds
    kanaleneiland = trusted.get(name="Bibliotheek Kanaleneiland")
    assert kanaleneiland.latitude is not None
    assert kanaleneiland.neighbourhood.code == "BU03440832"
    assert kanaleneiland.trusted_purposes
    assert kanaleneiland.staff_languages
    assert Partnership.objects.filter(workspace=utrecht, kind="preschool_to_school").count() == 2
    assert ContactPerson.objects.filter(role="brede schoolcoördinator").exists()
    # Schools are linked to their buurt through the demo's postcode table.
    assert Location.objects.get(workspace=utrecht, branch_code="17QH00").neighbourhood.code == "BU03440831"


def test_the_demo_users_can_log_in_with_their_roles(builtin_sample):
    call_command("load_demo")
    for email, slug, role in [
        ("alice@example.org", "utrecht", Role.COORDINATOR),
        ("bob@example.org", "utrecht", Role.PROFESSIONAL),
        ("carol@example.org", "utrecht", Role.VIEWER),
        ("dave@example.org", "amersfoort", Role.COORDINATOR),
    ]:
        request = RequestFactory().post("/accounts/login/")
        user = authenticate(request, username=email, password="ouderpartner-demo")
        assert user is not None, email
        membership = Membership.objects.get(user=user)
        assert (membership.workspace.slug, membership.role) == (slug, role)
    bob = Membership.objects.get(user__email="bob@example.org")
    assert bob.organisation.kind == "school"
    amersfoort = Workspace.objects.get(slug="amersfoort")
    assert amersfoort.municipality_code == "GM0307"
    assert Organisation.objects.filter(workspace=amersfoort).count() >= 2


def test_demo_logins_prints_every_login(builtin_sample, capsys):
    call_command("load_demo")
    call_command("demo_logins")
    out = capsys.readouterr().out
    for email in ("alice@example.org", "bob@example.org", "carol@example.org", "dave@example.org"):
        assert email in out
    assert "ouderpartner-demo" in out
    assert "Gemeente Amersfoort (demo)" in out


@pytest.mark.realdata
def test_with_the_real_data_it_imports_utrecht_in_full(settings):
    from conftest import SHARED_DATA

    if not (SHARED_DATA / "utrecht" / "utrecht_basisscholen_duo.csv").is_file():
        pytest.skip(f"real open data not found at {SHARED_DATA}")
    settings.DEMO_DATA_DIR = str(SHARED_DATA)
    call_command("load_demo")
    utrecht = Workspace.objects.get(slug="utrecht")
    assert Neighbourhood.objects.filter(workspace=utrecht, level="district").count() == 10
    assert Neighbourhood.objects.filter(workspace=utrecht, level="area").count() == 111
    assert Location.objects.filter(workspace=utrecht, branch_code__gt="").count() == 98
    assert Municipality.objects.count() == 342
    first = counts()
    call_command("load_demo")
    assert counts() == first
