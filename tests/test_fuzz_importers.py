"""Bad input everywhere (issue 8, item 9): hypothesis feeds every importer random bytes and random rows.

Random bytes: the parser answers with a result or its own error for people (UnusableFile,
XLSFormError) — never anything else. Random rows: a file with the importer's real header and hostile
cells (unicode digits, huge numbers, control characters, RTL text, codes just off the pattern) is parsed,
and what parses is applied as a dry run (the preview of the upload screens), which must not fail either.
EXAMPLES per importer and input kind is the bound; the cases tried are printed with `-s`.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

EXAMPLES = 60

CELL = st.one_of(
    st.text(max_size=30),
    st.sampled_from(
        [
            "",
            "0",
            "-1",
            "²",
            "١٢٣",
            "৭",
            "9" * 40,
            "1e400",
            "NaN",
            "GM0344",
            "GM03444",
            "gm0344",
            "BU03440000",
            "WK034400",
            "3511AB",
            "3511 ab",
            "04IM",
            "04IM00",
            "2024",
            "２０２４",
            "2024-02-30",
            "31-12-2024",
            "ja",
            "nee",
            "\u202eRTL\u202c",
            "مدرسة",
            "a\x00b",
            "x" * 5000,
        ]
    ),
)


def csv_bytes(header: list[str], rows: list[list[str]], delimiter: str = ";") -> bytes:
    lines = [delimiter.join(header)] + [delimiter.join(row) for row in rows]
    return "\n".join(lines).encode()


def xlsx_bytes(header: list[str], rows: list[list[Any]], title: str = "Blad1") -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    for row in [header, *rows]:
        sheet.append([ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def rows_of(width: int) -> st.SearchStrategy[list[list[str]]]:
    clean = CELL.map(lambda value: value.replace(";", ",").replace("\n", " ").replace("\r", " "))
    return st.lists(st.lists(clean, min_size=width, max_size=width), min_size=1, max_size=6)


# --- The importers: parse (and apply as a dry run) --------------------------------------------------


def _network(parse_name: str, apply_name: str) -> Callable[[bytes, dict[str, Any]], None]:
    def run(data: bytes, world: dict[str, Any]) -> None:
        from ouderpartner.network import importers

        parsed = getattr(importers, parse_name)(data, municipality_code="GM0344")
        if world.get("apply"):
            getattr(importers, apply_name)(workspace=world["workspace"], parsed=parsed, dry_run=True)

    return run


def _municipalities(data: bytes, world: dict[str, Any]) -> None:
    from ouderpartner.core.importers import municipalities_import, parse_municipalities

    parsed = parse_municipalities(data)
    if world.get("apply"):
        municipalities_import(parsed=parsed, dry_run=True)


def _provinces(data: bytes, world: dict[str, Any]) -> None:
    from ouderpartner.core.importers import parse_provinces

    parse_provinces(data)


def _reach(data: bytes, world: dict[str, Any]) -> None:
    from ouderpartner.reach.imports import parse_lines

    parse_lines(data=data, workspace=world["workspace"], membership=world["membership"])


def _xlsform(data: bytes, world: dict[str, Any]) -> None:
    from ouderpartner.voice.xlsform import parse_xlsform

    parse_xlsform(data, workspace=world["workspace"], filename="form.xlsx")


def _errors() -> tuple[type[Exception], ...]:
    from ouderpartner.network.importers import UnusableFile
    from ouderpartner.reach.imports import UnusableFile as ReachUnusable
    from ouderpartner.voice.xlsform import XLSFormError

    return (UnusableFile, ReachUnusable, XLSFormError)


DUO = [
    "instellingscode",
    "vestigingscode",
    "vestigingsnaam",
    "straatnaam",
    "huisnummer_toevoeging",
    "postcode",
    "plaatsnaam",
    "gemeentenummer",
]
# (name, run, header, as xlsx)
IMPORTERS = [
    ("duo", _network("parse_duo_schools", "schools_import"), DUO, False),
    (
        "cbs",
        _network("parse_cbs_neighbourhoods", "neighbourhoods_import"),
        ["gwb_code_10", "regio", "recs", "a_inw"],
        False,
    ),
    (
        "postcodes",
        _network("parse_postcode_areas", "postcode_areas_import"),
        ["pc6", "buurt2024", "wijk2024", "gemeente2024"],
        False,
    ),
    ("municipalities", _municipalities, ["gm_code", "gm_naam", "jaar"], False),
    ("provinces", _provinces, ["gm_code", "provincie"], False),
    (
        "reach",
        _reach,
        ["datum", "plek", "soort activiteit", "ouders", "talen", "tolk", "eigen kenmerk"],
        True,
    ),
    ("xlsform", _xlsform, ["type", "name", "label", "required", "relevant"], True),
]


@pytest.fixture
def world(utrecht, alice, school):
    from ouderpartner.core.models import Membership

    return {"workspace": utrecht, "membership": Membership.objects.get(user=alice, workspace=utrecht)}


def _settings() -> Callable:
    return settings(
        max_examples=EXAMPLES,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )


@pytest.mark.parametrize(("name", "run", "header", "as_xlsx"), IMPORTERS, ids=[i[0] for i in IMPORTERS])
def test_random_bytes_get_a_result_or_a_message(name, run, header, as_xlsx, world):
    tried = [0]
    prefixes = st.sampled_from([b"", b"PK\x03\x04", b"\xef\xbb\xbf", ";".join(header).encode() + b"\n"])

    @given(prefix=prefixes, body=st.binary(max_size=4096))
    @_settings()
    def check(prefix: bytes, body: bytes) -> None:
        tried[0] += 1
        try:
            run(prefix + body, world)
        except _errors() as error:
            assert str(getattr(error, "message", error)).strip()

    check()
    print(f"\nimporters {name}, random bytes: {tried[0]} case(s)")
    assert tried[0] == EXAMPLES


@pytest.mark.parametrize(("name", "run", "header", "as_xlsx"), IMPORTERS, ids=[i[0] for i in IMPORTERS])
def test_random_rows_are_parsed_and_previewed_or_refused_with_a_message(name, run, header, as_xlsx, world):
    tried = [0]
    world = {**world, "apply": True}

    @given(rows=rows_of(len(header)))
    @_settings()
    def check(rows: list[list[str]]) -> None:
        tried[0] += 1
        data = xlsx_bytes(header, rows, title="survey") if as_xlsx else csv_bytes(header, rows)
        try:
            run(data, world)
        except _errors() as error:
            assert str(getattr(error, "message", error)).strip()

    check()
    print(f"\nimporters {name}, random rows: {tried[0]} case(s)")
    assert tried[0] == EXAMPLES
