"""The CBS municipality list importer: create, update by code, provinces, bad lines."""

from pathlib import Path

import pytest

from ouderpartner.core.importers import municipalities_import, parse_municipalities, parse_provinces
from ouderpartner.core.models import Municipality

pytestmark = pytest.mark.django_db
SAMPLES = Path(__file__).resolve().parents[2] / "network" / "tests" / "samples"


def test_it_creates_then_updates_by_code():
    parsed = parse_municipalities((SAMPLES / "municipalities_sample.csv").read_bytes())
    first = municipalities_import(parsed=parsed)
    assert first.counts["municipalities"].created == 3
    assert len(first.errors) == 1
    Municipality.objects.filter(code="GM0344").update(name="Oud")
    provinces = parse_provinces((SAMPLES / "provinces.csv").read_bytes())
    second = municipalities_import(parsed=parsed, provinces=provinces)
    assert second.counts["municipalities"].updated == 3
    assert Municipality.objects.count() == 3
    utrecht = Municipality.objects.get(code="GM0344")
    assert (utrecht.name, utrecht.province, utrecht.year) == ("Utrecht", "Utrecht", 2025)


def test_without_provinces_it_keeps_the_known_ones():
    parsed = parse_municipalities((SAMPLES / "municipalities_sample.csv").read_bytes())
    municipalities_import(parsed=parsed, provinces=parse_provinces((SAMPLES / "provinces.csv").read_bytes()))
    result = municipalities_import(parsed=parsed)
    assert result.counts["municipalities"].unchanged == 3
    assert Municipality.objects.get(code="GM0363").province == "Noord-Holland"
