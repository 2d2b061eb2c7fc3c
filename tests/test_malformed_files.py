"""Malformed files for every importer (issue 8, item 9): a clear message, in Dutch on the screens, never a 500.

The importers: DUO schools, CBS neighbourhoods and the postcode table (network, upload screen), the
XLSForm questionnaire import (voice, upload screen), the reach activities spreadsheet (reach, upload
screen) and the CBS municipality list (a management command). Each gets the same set of broken files:
empty, binary garbage, a truncated workbook, a zip that is no workbook, a workbook whose sheet XML is
cut off, a workbook with the wrong sheet, a CSV in UTF-16 and one with another delimiter, HTML, and
two xlsx bombs (a sheet that claims the full 16,384 columns on many rows, and a million-row dimension).

The parser itself must refuse with its own error (a message for people), and the upload screen must
answer 400 with that message translated into Dutch; the bombs must be refused or read within seconds.
"""

from __future__ import annotations

import io
import re
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from openpyxl import Workbook

# --- Broken files ----------------------------------------------------------------------------------


def xlsx(
    rows: list[list[Any]], title: str = "Blad1", more: dict[str, list[list[Any]]] | None = None
) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    for name, extra in (more or {}).items():
        other = workbook.create_sheet(name)
        for row in extra:
            other.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def rewrite_sheet(data: bytes, change: Callable[[str], str]) -> bytes:
    """The same workbook with the first sheet's XML changed."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                content = change(content.decode()).encode()
            target.writestr(item.filename, content)
    return out.getvalue()


def wide_bomb(header: list[str], rows: int = 3000) -> bytes:
    """Each row has one cell in the last column (XFD) and the dimension claims A1:XFD…: a reader that pads
    rows to the sheet's width makes 16,384 cells of every row (50 million here, from a 20 kB file)."""

    def change(text: str) -> str:
        text = re.sub(r'<dimension ref="[^"]*"\s*/>', f'<dimension ref="A1:XFD{rows + 1}"/>', text)
        cells = "".join(
            f'<row r="{n}"><c r="XFD{n}" t="inlineStr"><is><t>x</t></is></c></row>'
            for n in range(2, rows + 2)
        )
        return text.replace("</sheetData>", cells + "</sheetData>")

    return rewrite_sheet(xlsx([header]), change)


def undimensioned_bomb(header: list[str], rows: int = 3000) -> bytes:
    """As wide_bomb, but without the dimension element: the reader must not pad rows to their last cell."""
    data = wide_bomb(header, rows)
    return rewrite_sheet(data, lambda text: re.sub(r"<dimension [^>]*/>", "", text))


def tall_bomb(header: list[str]) -> bytes:
    """The dimension claims 1,048,576 rows by 16,384 columns, with one cell at the very end."""

    def change(text: str) -> str:
        text = re.sub(r'<dimension ref="[^"]*"\s*/>', '<dimension ref="A1:XFD1048576"/>', text)
        last = '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
        return text.replace("</sheetData>", last + "</sheetData>")

    return rewrite_sheet(xlsx([header]), change)


def cut_sheet(header: list[str]) -> bytes:
    """A valid zip whose sheet XML stops in the middle (opens fine, breaks while reading the rows)."""
    return rewrite_sheet(xlsx([header, ["a", "b"], ["c", "d"]]), lambda text: text[: text.index("<row") + 30])


def not_a_workbook() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("hello.txt", "Dit is geen Excel-bestand.")
    return out.getvalue()


GARBAGE = bytes((n * 7919 + 13) % 256 for n in range(8192))


def malformed(header: list[str]) -> dict[str, bytes]:
    """The broken files, for an importer whose real header is `header`."""
    good = xlsx([header, ["x"] * len(header)])
    csv_text = ";".join(header) + "\n" + ";".join("x" * len(header)) + "\n"
    return {
        "empty": b"",
        "garbage": GARBAGE,
        "truncated-xlsx": good[: len(good) // 2],
        "zip-not-xlsx": not_a_workbook(),
        "cut-sheet-xml": cut_sheet(header),
        "wrong-sheet": xlsx([["iets", "anders"], [1, 2]], title="Overzicht"),
        "utf16-csv": csv_text.encode("utf-16"),
        "pipe-csv": csv_text.replace(";", "|").encode(),
        "html": b"<!DOCTYPE html><html><body><table><tr><td>brin</td></tr></table></body></html>",
        "wide-xlsx-bomb": wide_bomb(header),
        "tall-xlsx-bomb": tall_bomb(header),
    }


# Without a claimed size there is nothing to refuse up front: these must only be read quickly.
READ_QUICKLY = {"undimensioned-xlsx-bomb": lambda header: undimensioned_bomb(header, rows=20000)}


# --- The importers ---------------------------------------------------------------------------------


@dataclass
class Importer:
    name: str
    header: list[str]
    error: Callable[[], type[Exception]]
    parse: Callable[[bytes, dict[str, Any]], Any]
    upload: Callable[[dict[str, Any], bytes], tuple[str, dict[str, Any]]] | None  # url, POST data


def _network_error() -> type[Exception]:
    from ouderpartner.network.importers import UnusableFile

    return UnusableFile


def _network(kind: str, parse_name: str) -> Callable[[bytes, dict[str, Any]], Any]:
    def parse(data: bytes, world: dict[str, Any]) -> Any:
        from ouderpartner.network import importers

        return getattr(importers, parse_name)(data, municipality_code="GM0344")

    return parse


def _network_upload(kind: str) -> Callable[[dict[str, Any], bytes], tuple[str, dict[str, Any]]]:
    def upload(world: dict[str, Any], data: bytes) -> tuple[str, dict[str, Any]]:
        return reverse("network:import", kwargs={"ws": "utrecht"}), {
            "step": "upload",
            "kind": kind,
            "year": "",
        }

    return upload


def _xlsform_error() -> type[Exception]:
    from ouderpartner.voice.xlsform import XLSFormError

    return XLSFormError


def _xlsform_parse(data: bytes, world: dict[str, Any]) -> Any:
    from ouderpartner.voice.xlsform import parse_xlsform

    return parse_xlsform(data, workspace=world["workspace"], filename="form.xlsx")


def _reach_error() -> type[Exception]:
    from ouderpartner.reach.imports import UnusableFile

    return UnusableFile


def _reach_parse(data: bytes, world: dict[str, Any]) -> Any:
    from ouderpartner.reach.imports import parse_lines

    return parse_lines(data=data, workspace=world["workspace"], membership=world["membership"])


def _municipalities_parse(data: bytes, world: dict[str, Any]) -> Any:
    from ouderpartner.core.importers import parse_municipalities

    return parse_municipalities(data)


def _provinces_parse(data: bytes, world: dict[str, Any]) -> Any:
    from ouderpartner.core.importers import parse_provinces

    return parse_provinces(data)


IMPORTERS = [
    Importer(
        "duo",
        [
            "instellingscode",
            "vestigingscode",
            "vestigingsnaam",
            "straatnaam",
            "huisnummer_toevoeging",
            "postcode",
            "plaatsnaam",
            "gemeentenummer",
        ],
        _network_error,
        _network("duo", "parse_duo_schools"),
        _network_upload("duo_schools"),
    ),
    Importer(
        "cbs",
        ["gwb_code_10", "regio", "a_inw"],
        _network_error,
        _network("cbs", "parse_cbs_neighbourhoods"),
        _network_upload("cbs_neighbourhoods"),
    ),
    Importer(
        "postcodes",
        ["pc6", "buurtcode2024", "wijkcode2024", "gemeentecode2024"],
        _network_error,
        _network("postcodes", "parse_postcode_areas"),
        _network_upload("postcodes"),
    ),
    Importer(
        "xlsform",
        ["type", "name", "label"],
        _xlsform_error,
        _xlsform_parse,
        lambda world, data: (
            reverse("voice:questionnaire_import", kwargs={"ws": "utrecht"}),
            {"step": "upload"},
        ),
    ),
    Importer(
        "reach",
        ["datum", "plek", "soort activiteit", "ouders"],
        _reach_error,
        _reach_parse,
        lambda world, data: (reverse("reach:activity_import", kwargs={"ws": "utrecht"}), {"step": "upload"}),
    ),
    Importer("municipalities", ["gm_code", "gm_naam", "jaar"], _network_error, _municipalities_parse, None),
    Importer("provinces", ["gm_code", "provincie"], _network_error, _provinces_parse, None),
]
KINDS = list(malformed(["a", "b"]))
BOMB_SECONDS = 20  # generous for a loaded CI machine; a reader that pads rows needs minutes to hours


@pytest.fixture
def world(utrecht, alice):
    from ouderpartner.core.models import Membership

    return {
        "workspace": utrecht,
        "user": alice,
        "membership": Membership.objects.get(user=alice, workspace=utrecht),
    }


def refusal(importer: Importer, data: bytes, world: dict[str, Any], language: str) -> str:
    """The importer's own message for this file, in `language`; fails if it raised anything else."""
    with translation.override(language):
        started = time.monotonic()
        try:
            importer.parse(data, world)
        except importer.error() as error:
            message = getattr(error, "message", None) or str(error)
        else:
            pytest.fail(f"{importer.name} accepted a broken file without a word")
        finally:
            elapsed = time.monotonic() - started
    assert elapsed < BOMB_SECONDS, f"{importer.name} needed {elapsed:.0f} s for a broken file"
    assert message.strip()
    return str(message)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("importer", IMPORTERS, ids=lambda importer: importer.name)
def test_every_importer_refuses_a_broken_file_with_a_clear_message(importer, kind, world):
    data = malformed(importer.header)[kind]
    dutch = refusal(importer, data, world, "nl")
    english = refusal(importer, data, world, "en")
    assert dutch != english, f"the message is not translated into Dutch: {dutch}"


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("importer", [i for i in IMPORTERS if i.upload], ids=lambda importer: importer.name)
def test_every_upload_screen_shows_the_dutch_message_and_no_server_error(importer, kind, world, client_for):
    data = malformed(importer.header)[kind]
    dutch = refusal(importer, data, world, "nl")
    url, post = importer.upload(world, data)
    client = client_for(world["user"])
    name = "bestand.csv" if kind.endswith("csv") or kind in ("empty", "garbage", "html") else "bestand.xlsx"
    response = client.post(url, {**post, "file": SimpleUploadedFile(name, data)}, HTTP_ACCEPT_LANGUAGE="nl")
    assert response.status_code == 400
    page = response.content.decode()
    if kind == "empty":  # refused by the upload field itself, before the importer sees it
        with translation.override("nl"):
            dutch = str(forms.FileField.default_error_messages["empty"])
    assert escape(dutch) in page, f"{dutch!r} is not on the page"


def test_the_municipality_command_says_what_is_wrong(tmp_path, db):
    for kind, data in malformed(["gm_code", "gm_naam", "jaar"]).items():
        path = tmp_path / f"{kind}.csv"
        path.write_bytes(data)
        with pytest.raises(CommandError, match=r"Nothing imported: .+"):
            call_command("import_municipalities", str(path), "--dry-run")
