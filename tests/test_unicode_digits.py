"""Digits that are not decimal digits: "²".isdigit() is True, but int("²") raises ValueError.

Found by the importer fuzzing (issue 8, item 9): `if value.isdigit(): int(value)` on a query parameter,
a form field or a cell turned "²", "³" or "①" into a server error. str.isdecimal() is true exactly for
what int() reads (including other scripts' decimal digits, such as Arabic-Indic ones).
"""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NOT_DECIMAL = ["²", "³", "¹", "①", "⁴2"]


@pytest.mark.parametrize("value", NOT_DECIMAL)
def test_a_superscript_digit_in_a_query_is_no_server_error(value, alice, school, client_for):
    client = client_for(alice)
    for url in (
        f"/w/utrecht/network/partnerships/?organisation={value}",
        f"/w/utrecht/programmes/offerings/add/?programme={value}&organisation={value}",
        f"/api/workspaces/utrecht/subsidies/?programme={value}",
    ):
        response = client.get(url)
        assert response.status_code < 500, url


@pytest.mark.parametrize("value", [*NOT_DECIMAL, "1e400", "inf", "-inf"])
def test_a_count_or_year_that_is_no_number_is_a_line_error(value, db):
    from ouderpartner.core.importers import parse_municipalities
    from ouderpartner.network.importers import parse_cbs_neighbourhoods

    figures = parse_cbs_neighbourhoods(
        f"gwb_code_10;regio;recs;a_inw\nBU03440000;Buurt;Buurt;{value}\n".encode(), municipality_code="GM0344"
    )
    assert figures.errors and not figures.rows
    municipalities = parse_municipalities(f"gm_code;gm_naam;jaar\nGM0344;Utrecht;{value}\n".encode())
    assert municipalities.errors and not municipalities.rows
