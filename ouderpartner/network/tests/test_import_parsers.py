"""The importers' parsers on hand-written samples: encodings, delimiters, quirks and bad lines."""

from pathlib import Path

import pytest

from ouderpartner.core.importers import parse_municipalities, parse_provinces
from ouderpartner.network.importers import (
    UnusableFile,
    parse_cbs_neighbourhoods,
    parse_duo_schools,
    parse_postcode_areas,
)
from ouderpartner.network.importers.base import decode, parse_count

SAMPLES = Path(__file__).parent / "samples"


def sample(name: str) -> bytes:
    return (SAMPLES / name).read_bytes()


def test_the_samples_have_the_real_quirks():
    raw = sample("duo_cp1252.csv")
    assert b"\r\n" in raw
    assert "Ariëns".encode("cp1252") in raw
    assert sample("duo_derived_bom.csv").startswith(b"\xef\xbb\xbf")


def test_it_reads_the_cp1252_duo_file_of_one_municipality():
    parsed = parse_duo_schools(sample("duo_cp1252.csv"), municipality_code="GM0344")
    by_code = {row["branch_code"]: row for row in parsed.rows}
    assert set(by_code) == {"15DK00", "17ZR02", "17ZR00", "28BF00", "17QH00"}
    assert by_code["15DK00"]["name"] == "KBS Ariëns"
    assert by_code["15DK00"]["postcode"] == "3525 AR"
    assert by_code["15DK00"]["website"] == "https://www.ksu-ariensschool.nl"
    assert by_code["15DK00"]["board_number"] == "77195"
    assert by_code["17QH00"]["name"] == "Café de Kleine Reiger"
    assert by_code["28BF00"]["denomination"] == "Hindoeïstisch"
    # A single space is an empty field.
    assert by_code["28BF00"]["phone"] == ""
    assert by_code["28BF00"]["website"] == ""
    assert parsed.skipped == 1  # the Amersfoort school


def test_it_reports_each_bad_duo_line_with_its_line_number():
    parsed = parse_duo_schools(sample("duo_cp1252.csv"), municipality_code="GM0344")
    errors = {error.line: error.reason for error in parsed.errors}
    assert set(errors) == {7, 8}
    assert "XX" in errors[7]
    assert "15" in errors[8] and "5" in errors[8]


def test_it_reads_the_derived_utf8_file_with_bom():
    parsed = parse_duo_schools(sample("duo_derived_bom.csv"), municipality_code="GM0344")
    assert [row["name"] for row in parsed.rows] == ["KBS Ariëns", "De Kaleidoskoop"]
    assert parsed.errors == []


def test_a_file_with_other_columns_is_unusable():
    with pytest.raises(UnusableFile, match="instellingscode"):
        parse_duo_schools(sample("wrong_columns.csv"), municipality_code="GM0344")
    with pytest.raises(UnusableFile):
        parse_cbs_neighbourhoods(sample("wrong_columns.csv"))
    with pytest.raises(UnusableFile):
        parse_postcode_areas(sample("wrong_columns.csv"))
    with pytest.raises(UnusableFile):
        parse_municipalities(sample("wrong_columns.csv"))


def test_a_binary_or_empty_file_is_unusable():
    with pytest.raises(UnusableFile):
        parse_duo_schools(b"\x00\x01\x02\x03" * 10)
    with pytest.raises(UnusableFile):
        parse_duo_schools(b"")


def test_it_decodes_utf8_with_and_without_bom_and_cp1252():
    assert decode("Ariëns".encode()) == "Ariëns"
    assert decode(b"\xef\xbb\xbf" + "Ariëns".encode()) == "Ariëns"
    assert decode("Ariëns".encode("cp1252")) == "Ariëns"


def test_a_dot_is_a_missing_count():
    assert parse_count(".") is None
    assert parse_count("") is None
    assert parse_count("1800") == 1800
    assert parse_count("1800.0") == 1800
    with pytest.raises(ValueError):
        parse_count("veel")


def test_it_reads_districts_and_areas_from_the_kwb_csv():
    parsed = parse_cbs_neighbourhoods(sample("kwb.csv"), filename="kwb-2024.csv", municipality_code="GM0344")
    rows = {row["code"]: row for row in parsed.rows}
    assert [row["level"] for row in parsed.rows[:2]] == ["district", "district"]  # districts first
    assert rows["BU03440111"]["parent_code"] == "WK034401"
    assert rows["BU03440111"]["name"] == "Welgelegen, Den Hommel"
    assert rows["BU03440111"]["births"] is None
    assert rows["BU03440123"]["births"] == 12
    assert rows["WK034401"]["year"] == 2024
    assert parsed.info["municipalities"][0]["inhabitants"] == 374238
    assert parsed.skipped == 2  # the municipality row and Amersfoort's district
    assert [(e.line, "veel" in e.reason) for e in parsed.errors] == [(8, True)]


def test_the_year_parameter_wins_over_the_file_name():
    parsed = parse_cbs_neighbourhoods(sample("kwb.csv"), filename="kwb-2024.csv", year=2023)
    assert {row["year"] for row in parsed.rows} == {2023}


def test_it_reads_the_kwb_xlsx(tmp_path):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(
        ["gwb_code_10", "gwb_code_8", "regio", "gm_naam", "recs", "gwb_code", "a_inw", "a_00_14", "a_hh_m_k"]
    )
    sheet.append(["GM0344", "0344", "Utrecht", "Utrecht", "Gemeente", "GM0344", 374238, 59098, 50030])
    sheet.append(["WK034401", "034401", "Wijk 01 West  ", "Utrecht", "Wijk", "WK034401", 29710, 4285, 3605])
    sheet.append(
        ["BU03440111", "03440111", "Welgelegen, Den Hommel", "Utrecht", "Buurt", "BU03440111", 1800, ".", 140]
    )
    path = tmp_path / "CBS-Utrecht-kwb-2024.xlsx"
    workbook.save(path)
    parsed = parse_cbs_neighbourhoods(path.read_bytes(), filename=path.name)
    assert [(r["code"], r["name"], r["children_0_14"], r["year"]) for r in parsed.rows] == [
        ("WK034401", "Wijk 01 West", 4285, 2024),
        ("BU03440111", "Welgelegen, Den Hommel", None, 2024),
    ]


def test_it_reads_the_postcode_table_with_unpadded_codes():
    parsed = parse_postcode_areas(sample("postcodes.csv"))
    rows = {row["postcode"]: row for row in parsed.rows}
    # 3525 AR: two of its three addresses lie in BU03440723.
    assert rows["3525 AR"]["area_code"] == "BU03440723"
    assert rows["3525 AR"]["district_code"] == "WK034407"
    assert rows["3525 AR"]["municipality_code"] == "GM0344"
    assert rows["3526 EP"]["area_code"] == "BU03440831"
    assert rows["3526 VN"]["area_code"] == "BU03440832"
    assert rows["3811 AA"]["municipality_code"] == "GM0307"
    assert rows["3526 EP"]["year"] == 2024
    assert [e.line for e in parsed.errors] == [7]


def test_the_postcode_table_can_be_limited_to_one_municipality():
    parsed = parse_postcode_areas(sample("postcodes.csv"), municipality_code="GM0344")
    assert "3811 AA" not in {row["postcode"] for row in parsed.rows}
    assert parsed.skipped == 1


def test_it_reads_the_municipality_list_and_provinces():
    parsed = parse_municipalities(sample("municipalities_sample.csv"))
    assert [(r["code"], r["name"], r["year"]) for r in parsed.rows][:2] == [
        ("GM0344", "Utrecht", 2025),
        ("GM0307", "Amersfoort", 2025),
    ]
    assert [e.line for e in parsed.errors] == [5]
    assert parse_provinces(sample("provinces.csv")) == {
        "GM0344": "Utrecht",
        "GM0307": "Utrecht",
        "GM0363": "Noord-Holland",
    }
