"""The importers on the real open data in ../shared/data (skipped with a reason where it is absent)."""

import pytest

from conftest import SHARED_DATA
from ouderpartner.core.importers import municipalities_import, parse_municipalities, parse_provinces
from ouderpartner.network.importers import parse_cbs_neighbourhoods, parse_duo_schools, schools_import
from ouderpartner.network.models import Location, Organisation

pytestmark = pytest.mark.realdata


def real(relative: str):
    path = SHARED_DATA / relative
    if not path.is_file():
        pytest.skip(f"real open data not found at {path} (set SHARED_DATA_DIR to the folder with it)")
    return path


def test_the_real_duo_file_has_98_utrecht_locations():
    parsed = parse_duo_schools(
        real("duo/02.-alle-schoolvestigingen-basisonderwijs.csv").read_bytes(), municipality_code="GM0344"
    )
    assert len(parsed.rows) == 98
    assert parsed.errors == []
    assert parsed.skipped == 6122 - 98
    assert any("ë" in row["name"] or "ï" in row["denomination"] for row in parsed.rows)


def test_the_derived_utrecht_school_file_reads_the_same():
    parsed = parse_duo_schools(
        real("utrecht/utrecht_basisscholen_duo.csv").read_bytes(), municipality_code="GM0344"
    )
    assert len(parsed.rows) == 98


@pytest.mark.django_db
def test_the_real_duo_file_imports_into_the_workspace(utrecht):
    parsed = parse_duo_schools(
        real("duo/02.-alle-schoolvestigingen-basisonderwijs.csv").read_bytes(), municipality_code="GM0344"
    )
    result = schools_import(workspace=utrecht, parsed=parsed)
    assert result.errors == []
    assert Location.objects.filter(workspace=utrecht).count() == 98
    again = schools_import(workspace=utrecht, parsed=parsed)
    assert again.counts["locations"].unchanged == 98
    assert Organisation.objects.filter(workspace=utrecht).count() == result.counts["organisations"].created


@pytest.mark.parametrize(
    "relative", ["cbs-utrecht/CBS-Utrecht-kwb-2024.xlsx", "utrecht/utrecht_wijken_buurten_kwb2024.csv"]
)
def test_the_real_kwb_gives_10_districts_and_111_areas(relative):
    path = real(relative)
    parsed = parse_cbs_neighbourhoods(path.read_bytes(), filename=path.name, municipality_code="GM0344")
    levels = [row["level"] for row in parsed.rows]
    assert (levels.count("district"), levels.count("area")) == (10, 111)
    assert parsed.errors == []
    municipality = parsed.info["municipalities"][0]
    assert (municipality["inhabitants"], municipality["children_0_14"]) == (374238, 59098)
    assert municipality["households_with_children"] == 50030
    assert {row["year"] for row in parsed.rows} == {2024}


@pytest.mark.django_db
def test_the_real_municipality_list_has_342_codes():
    parsed = parse_municipalities(real("gemeenten/gemeenten.csv").read_bytes())
    provinces = parse_provinces(real("gemeenten/gm_codes_and_provinces.csv").read_bytes())
    assert len(parsed.rows) == 342
    assert len(provinces) == 342
    result = municipalities_import(parsed=parsed, provinces=provinces)
    assert result.counts["municipalities"].created == 342
