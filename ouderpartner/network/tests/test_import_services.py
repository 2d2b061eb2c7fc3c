"""Applying imports: created/updated/unchanged counts, no duplicates on re-import, audit, nothing on a bad file."""

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from ouderpartner.core.models import AuditEvent, Municipality
from ouderpartner.network.importers import (
    neighbourhoods_import,
    parse_cbs_neighbourhoods,
    parse_duo_schools,
    parse_postcode_areas,
    postcode_areas_import,
    schools_import,
)
from ouderpartner.network.models import Location, Neighbourhood, Organisation, PostcodeArea

pytestmark = pytest.mark.django_db
SAMPLES = Path(__file__).parent / "samples"


def duo(workspace):
    return parse_duo_schools(
        (SAMPLES / "duo_cp1252.csv").read_bytes(), municipality_code=workspace.municipality_code
    )


def kwb(workspace):
    return parse_cbs_neighbourhoods(
        (SAMPLES / "kwb.csv").read_bytes(),
        filename="kwb-2024.csv",
        municipality_code=workspace.municipality_code,
    )


def snapshot():
    return (
        sorted(Organisation.objects.values_list("brin", "name", "website")),
        sorted(Location.objects.values_list("branch_code", "name", "postcode", "neighbourhood_id")),
        sorted(Neighbourhood.objects.values_list("code", "name", "inhabitants", "parent_id")),
        sorted(PostcodeArea.objects.values_list("postcode", "area_code")),
        AuditEvent.objects.count(),
    )


def test_it_creates_schools_with_their_locations(utrecht, alice):
    result = schools_import(workspace=utrecht, parsed=duo(utrecht), actor=alice, source="duo.csv")
    assert result.counts["organisations"].created == 4
    assert result.counts["locations"].created == 5
    assert len(result.errors) == 2
    hart = Organisation.objects.get(workspace=utrecht, brin="17ZR")
    assert hart.name == "PCB Buurtschool Hart van Noord"  # the main location (…00), not the first line
    assert hart.kind == "school"
    assert hart.board_number == "62662"
    assert sorted(hart.locations.values_list("branch_code", flat=True)) == ["17ZR00", "17ZR02"]
    ariens = Location.objects.get(workspace=utrecht, branch_code="15DK00")
    assert ariens.postcode == "3525 AR"
    assert ariens.organisation.denomination == "Rooms-Katholiek"
    event = AuditEvent.objects.get(workspace=utrecht, action=AuditEvent.Action.IMPORT)
    assert event.actor == alice
    assert event.changes["counts"]["locations"]["created"] == 5
    assert event.changes["bad_lines"] == 2


def test_a_reimport_updates_instead_of_duplicating(utrecht):
    schools_import(workspace=utrecht, parsed=duo(utrecht))
    Organisation.objects.filter(brin="15DK").update(name="Oude naam")
    Location.objects.filter(branch_code="17QH00").update(city="ELDERS")
    result = schools_import(workspace=utrecht, parsed=duo(utrecht))
    assert Organisation.objects.filter(workspace=utrecht).count() == 4
    assert Location.objects.filter(workspace=utrecht).count() == 5
    assert (result.counts["organisations"].updated, result.counts["organisations"].unchanged) == (1, 3)
    assert (result.counts["locations"].updated, result.counts["locations"].unchanged) == (1, 4)
    assert Organisation.objects.get(brin="15DK").name == "KBS Ariëns"


def test_it_keeps_workspaces_apart(utrecht, amersfoort):
    schools_import(workspace=utrecht, parsed=duo(utrecht))
    result = schools_import(workspace=amersfoort, parsed=duo(amersfoort))
    assert result.counts["organisations"].created == 1
    assert Organisation.objects.get(workspace=amersfoort).name == "De Wonderboom"
    assert Organisation.objects.filter(workspace=utrecht).count() == 4


def test_a_dry_run_changes_nothing(utrecht):
    before = snapshot()
    result = schools_import(workspace=utrecht, parsed=duo(utrecht), dry_run=True)
    assert result.counts["locations"].created == 5
    assert not result.applied
    assert snapshot() == before


def test_it_links_schools_to_neighbourhoods_by_postcode(utrecht):
    neighbourhoods_import(workspace=utrecht, parsed=kwb(utrecht))
    PostcodeArea.objects.create(postcode="3526 EP", area_code="BU03440831", district_code="WK034408")
    schools_import(workspace=utrecht, parsed=duo(utrecht))
    assert Location.objects.get(branch_code="17QH00").neighbourhood.code == "BU03440831"
    assert Location.objects.get(branch_code="15DK00").neighbourhood is None


def test_it_imports_districts_then_areas_and_updates_on_reimport(utrecht):
    result = neighbourhoods_import(workspace=utrecht, parsed=kwb(utrecht), source="kwb-2024.csv")
    assert result.counts["districts"].created == 2
    assert result.counts["areas"].created == 3
    area = Neighbourhood.objects.get(workspace=utrecht, code="BU03440111")
    assert area.parent.code == "WK034401"
    assert area.level == Neighbourhood.Level.AREA
    assert area.year == 2024
    assert area.births is None
    assert area.source == "CBS Kerncijfers wijken en buurten 2024"
    Neighbourhood.objects.filter(code="BU03440111").update(inhabitants=1)
    again = neighbourhoods_import(workspace=utrecht, parsed=kwb(utrecht))
    assert Neighbourhood.objects.filter(workspace=utrecht).count() == 5
    assert again.counts["areas"].updated == 1
    assert Neighbourhood.objects.get(code="BU03440111").inhabitants == 1800


def test_an_area_without_its_district_is_a_bad_line(utrecht):
    parsed = kwb(utrecht)
    parsed.rows = [row for row in parsed.rows if row["code"] != "WK034408"]
    result = neighbourhoods_import(workspace=utrecht, parsed=parsed)
    assert not Neighbourhood.objects.filter(code="BU03440831").exists()
    assert any("WK034408" in error.reason for error in result.errors)


def test_it_imports_the_postcode_table_once_per_postcode(utrecht):
    parsed = parse_postcode_areas((SAMPLES / "postcodes.csv").read_bytes())
    first = postcode_areas_import(parsed=parsed, workspace=utrecht)
    second = postcode_areas_import(parsed=parsed)
    assert first.counts["postcodes"].created == 4
    assert second.counts["postcodes"].unchanged == 4
    assert PostcodeArea.objects.count() == 4


def test_the_commands_import_files_and_report(utrecht, tmp_path):
    call_command(
        "import_cbs_neighbourhoods", str(SAMPLES / "kwb.csv"), "--workspace", "utrecht", "--year", "2024"
    )
    call_command("import_postcodes", str(SAMPLES / "postcodes.csv"))
    call_command("import_duo_schools", str(SAMPLES / "duo_cp1252.csv"), "--workspace", "utrecht")
    call_command(
        "import_municipalities",
        str(SAMPLES / "municipalities_sample.csv"),
        "--provinces",
        str(SAMPLES / "provinces.csv"),
    )
    assert Location.objects.filter(workspace=utrecht).count() == 5
    assert Neighbourhood.objects.filter(workspace=utrecht).count() == 5
    assert Municipality.objects.get(code="GM0363").province == "Noord-Holland"
    assert Location.objects.get(branch_code="15DK00").neighbourhood is None  # BU03440723 is not imported
    assert Location.objects.get(branch_code="17QH00").neighbourhood.code == "BU03440831"


def test_a_command_with_a_bad_file_changes_nothing(utrecht):
    before = snapshot()
    with pytest.raises(CommandError, match="Nothing imported"):
        call_command("import_duo_schools", str(SAMPLES / "wrong_columns.csv"), "--workspace", "utrecht")
    with pytest.raises(CommandError):
        call_command("import_duo_schools", str(SAMPLES / "does-not-exist.csv"), "--workspace", "utrecht")
    with pytest.raises(CommandError):
        call_command("import_duo_schools", str(SAMPLES / "duo_cp1252.csv"), "--workspace", "nowhere")
    assert snapshot() == before
