"""Disclosure control: hand-computed examples for each rule, and properties over random tables."""

from __future__ import annotations

import dataclasses
from contextlib import nullcontext
from fractions import Fraction

import pytest
from django.conf import settings
from django.utils import translation
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from ouderpartner.stats import (
    PublishedCount,
    PublishedTable,
    effective_threshold,
    explanation,
    free_text_allowed,
    publish_count,
    publish_mean,
    publish_percentage,
    publish_series,
    publish_table,
)
from ouderpartner.stats.tables import _complete_lines

Grid = list[list[PublishedCount]]


def in_english():
    """Messages in English whether or not Django settings are configured."""
    return translation.override("en") if settings.configured else nullcontext()


def shown(table: PublishedTable) -> list[list[str]]:
    return [[cell.display("en") for cell in row.cells] + [row.total.display("en")] for row in table.body] + [
        [table.column_totals[c].display("en") for c in table.columns] + [table.grand_total.display("en")]
    ]


def published_grid(table: PublishedTable) -> Grid:
    """The table with its totals as the last row and column."""
    return [[*row.cells, row.total] for row in table.body] + [
        [*(table.column_totals[c] for c in table.columns), table.grand_total]
    ]


def lines(height: int, width: int) -> list[list[tuple[int, int]]]:
    """Rows and columns of a grid with totals: in each, the last entry is the sum of the others."""
    return [[(i, j) for j in range(width)] for i in range(height)] + [
        [(i, j) for i in range(height)] for j in range(width)
    ]


def recoverable(height: int, width: int, hidden: set[tuple[int, int]]) -> set[tuple[int, int]]:
    """Hidden entries whose value follows from the others by adding and subtracting along rows and columns,
    even if every published figure were exact (no rounding). Linear algebra over the hidden entries: one
    is fixed when every solution of the homogeneous system is zero there."""
    unknowns = sorted(hidden)
    index = {entry: n for n, entry in enumerate(unknowns)}
    matrix = []
    for line in lines(height, width):
        *parts, total = line
        equation = [Fraction(0)] * len(unknowns)
        for entry in parts:
            if entry in index:
                equation[index[entry]] += 1
        if total in index:
            equation[index[total]] -= 1
        matrix.append(equation)
    pivots: list[int] = []
    for column in range(len(unknowns)):
        r = len(pivots)
        pivot = next((i for i in range(r, len(matrix)) if matrix[i][column]), None)
        if pivot is None:
            continue
        matrix[r], matrix[pivot] = matrix[pivot], matrix[r]
        matrix[r] = [x / matrix[r][column] for x in matrix[r]]
        for i, equation in enumerate(matrix):
            if i != r and equation[column]:
                factor = equation[column]
                matrix[i] = [a - factor * b for a, b in zip(equation, matrix[r], strict=True)]
        pivots.append(column)
    free = [c for c in range(len(unknowns)) if c not in pivots]
    return {unknowns[c] for r, c in enumerate(pivots) if all(matrix[r][f] == 0 for f in free)}


def hidden_entries(grid: Grid) -> set[tuple[int, int]]:
    return {(i, j) for i, row in enumerate(grid) for j, count in enumerate(row) if count.suppressed}


# --- Threshold and single counts -----------------------------------------------------------


def test_threshold_is_never_below_five():
    assert [effective_threshold(k) for k in (None, 0, 3, 5, 8)] == [5, 5, 5, 5, 8]


def test_zero_stays_zero():
    assert publish_count(0, k=5) == PublishedCount(value=0, suppressed=False, threshold=5)
    assert publish_count(0, k=5).display("en") == "0"


@pytest.mark.parametrize("n", [1, 2, 3, 4])
def test_counts_under_five_are_shown_as_under_five(n):
    count = publish_count(n, k=5)
    assert count.suppressed
    assert count.value is None
    assert count.display("nl") == count.display("en") == "< 5"
    assert count.as_json() == {"value": None, "suppressed": True}


def test_a_stricter_workspace_hides_more():
    assert publish_count(7, k=8).display("en") == "< 8"
    assert publish_count(7, k=3).display("en") == "5"  # k=3 is read as 5


@pytest.mark.parametrize(
    ("n", "expected"),
    [(5, 5), (6, 5), (7, 5), (8, 10), (12, 10), (13, 15), (100, 100), (1234, 1235)],
)
def test_counts_are_rounded_to_the_nearest_five(n, expected):
    assert publish_count(n, k=5).value == expected


@pytest.mark.parametrize(
    ("n", "k", "expected"), [(7, 7, 10), (6, 6, 10), (10, 10, 10), (12, 10, 10), (11, 11, 15)]
)
def test_a_published_count_is_never_below_k(n, k, expected):
    # With k=7 a published 5 could only mean exactly 7.
    assert publish_count(n, k=k).value == expected


def test_the_raw_count_is_not_kept():
    assert {field.name for field in dataclasses.fields(PublishedCount)} == {
        "value",
        "suppressed",
        "threshold",
        "secondary",
    }
    assert 3 not in dataclasses.astuple(publish_count(3, k=5))
    assert 7 not in dataclasses.astuple(publish_count(7, k=5))


def test_counts_use_the_languages_thousands_separator():
    count = publish_count(1234, k=5)
    assert count.display("nl") == "1.235"
    assert count.display("en") == "1,235"
    assert str(count) in {"1.235", "1,235"}
    assert count.as_json() == {"value": 1235, "suppressed": False}


def test_negative_counts_are_refused():
    with pytest.raises(ValueError):
        publish_count(-1, k=5)


# --- Percentages, means, free text ----------------------------------------------------------


@pytest.mark.parametrize(
    ("numerator", "denominator", "expected"),
    [
        (7, 13, 54),  # from unrounded counts: rounded ones (5 of 15) would give 33
        (10, 16, 63),  # 62.5 rounds half up
        (0, 10, 0),
        (10, 10, 100),
        (5, 10, 50),
        (30, 20, 150),  # reach against an estimated target group may exceed 100%
    ],
)
def test_percentages_are_whole_percents_of_unrounded_counts(numerator, denominator, expected):
    assert publish_percentage(numerator, denominator, k=5).value == expected


@pytest.mark.parametrize(
    ("numerator", "denominator"),
    [(2, 4), (3, 10), (8, 10), (97, 100), (4, 8)],
    ids=["small group", "small part", "small rest", "small rest of a large group", "both small"],
)
def test_percentages_that_would_single_out_a_few_parents_are_suppressed(numerator, denominator):
    percentage = publish_percentage(numerator, denominator, k=5)
    assert percentage.suppressed
    assert percentage.as_json() == {"value": None, "suppressed": True}


def test_percentage_display_and_an_empty_group():
    assert publish_percentage(10, 16, k=5).display("nl") == "63%"
    with in_english():
        assert publish_percentage(3, 10, k=5).display("en") == "hidden"
    empty = publish_percentage(0, 0, k=5)
    assert (empty.value, empty.suppressed, empty.display("nl")) == (None, False, "–")


def test_means_are_shown_for_groups_of_at_least_k():
    assert publish_mean([4, 5, 3, 4, 4], k=5).value == 4.0
    assert publish_mean(total=17.25, count=5, k=5).value == 3.5  # 3.45 rounds half up
    assert publish_mean(total=17, count=5, k=5).display("nl") == "3,4"
    assert publish_mean(total=17, count=5, k=5).display("en") == "3.4"
    assert publish_mean([4, 5, 3, 4], k=5).suppressed
    assert publish_mean(total=40, count=9, k=10).suppressed
    assert publish_mean([], k=5).as_json() == {"value": None, "suppressed": False}


def test_a_mean_needs_either_values_or_total_and_count():
    with pytest.raises(TypeError):
        publish_mean(total=10, k=5)
    with pytest.raises(TypeError):
        publish_mean([1, 2], total=3, count=2, k=5)


def test_free_text_needs_ten_respondents():
    assert not free_text_allowed(9)
    assert free_text_allowed(10)
    assert not free_text_allowed(11, k=12)


def test_explanation_is_lazy_and_names_k():
    with in_english():
        assert str(explanation(5)) == (
            "Figures under 5 are hidden and others are rounded to 5, to protect privacy."
        )
        assert str(explanation(8)).startswith("Figures under 8 are hidden")
        assert "cannot be worked out from the totals" in str(explanation(5, secondary=True))


# --- Tables: hand-computed examples ---------------------------------------------------------


def test_a_table_gets_secondary_suppression_and_rounding():
    #            NL  TR  AR | total
    #   Noord    12   3  20 |  35
    #   Zuid     30   9   7 |  46
    #   total    42  12  27 |  81
    # TR in Noord is under 5. Row Noord then hides its smallest other cell (NL 12), column NL its
    # smallest other (Zuid 30) and column TR its smallest other (Zuid 9): a square, so none follows.
    table = publish_table({"Noord": {"NL": 12, "TR": 3, "AR": 20}, "Zuid": {"NL": 30, "TR": 9, "AR": 7}}, k=5)
    assert table.rows == ("Noord", "Zuid")
    assert table.columns == ("NL", "TR", "AR")
    assert shown(table) == [
        ["hidden", "< 5", "20", "35"],
        ["hidden", "hidden", "5", "45"],
        ["40", "10", "25", "80"],
    ]
    assert table.cells["Zuid"]["AR"].value == 5
    assert table.row_totals["Noord"].value == 35
    assert table.has_suppression
    assert table.has_rounding
    with in_english():
        assert "cannot be worked out" in str(table.explanation())


def test_a_total_under_k_is_suppressed_and_protected():
    #          x   y | total
    #   A      2   1 |   3
    #   B     10  10 |  20
    #   total 12  11 |  23
    table = publish_table({"A": {"x": 2, "y": 1}, "B": {"x": 10, "y": 10}}, k=5)
    assert shown(table) == [
        ["< 5", "< 5", "< 5"],
        ["hidden", "hidden", "hidden"],
        ["10", "10", "25"],
    ]


def test_a_table_without_small_counts_is_only_rounded():
    table = publish_table({"A": {"x": 6, "y": 0}, "B": {"x": 13, "y": 25}}, k=5)
    assert shown(table) == [["5", "0", "5"], ["15", "25", "40"], ["20", "25", "45"]]
    assert not table.has_suppression
    assert table.has_rounding
    with in_english():
        assert str(table.explanation()).startswith("Figures under 5")


def test_an_empty_table_has_nothing_to_explain():
    table = publish_table({"A": {"x": 0}}, k=5)
    assert not table.has_suppression
    assert not table.has_rounding


def test_columns_can_be_fixed_and_totals_left_out():
    table = publish_table({"A": {"y": 20}}, k=5, columns=["x", "y"], with_totals=False)
    assert table.columns == ("x", "y")
    assert table.cells["A"]["x"].value == 0
    assert table.grand_total is None
    assert table.row_totals == {}
    assert table.body[0].total is None
    with pytest.raises(ValueError):
        publish_table({"A": {"z": 20}}, k=5, columns=["x"])


def test_a_line_with_one_hidden_cell_hides_its_smallest_other_cell():
    #           x   w   z   v | total
    #   A       6  30   2  40 |  78
    #   D      40   3   4  40 |  87
    #   E      40  40  40  40 | 160
    # Row A hides its smallest other cell (x 6), column x then its smallest (D 40, before E 40 in order),
    # column w its smallest (A 30).
    table = publish_table(
        {
            "A": {"x": 6, "w": 30, "z": 2, "v": 40},
            "D": {"x": 40, "w": 3, "z": 4, "v": 40},
            "E": {"x": 40, "w": 40, "z": 40, "v": 40},
        },
        k=5,
    )
    assert shown(table) == [
        ["hidden", "hidden", "< 5", "40", "80"],
        ["hidden", "< 5", "< 5", "40", "85"],
        ["40", "40", "40", "40", "160"],
        ["85", "75", "45", "120", "325"],
    ]


def test_two_hidden_per_line_is_not_enough_when_hidden_squares_are_joined():
    # Two squares of small counts joined by one small cell (row 0, column 2): every line has two or
    # more hidden entries, yet that cell equals rows 0+1 minus columns 0+1 of the hidden ones.
    rows = {
        0: {0: 1, 1: 2, 2: 3, 3: 20, 4: 30},
        1: {0: 2, 1: 1, 2: 40, 3: 6, 4: 30},
        2: {0: 50, 1: 40, 2: 1, 3: 2, 4: 30},
        3: {0: 40, 1: 50, 2: 2, 3: 1, 4: 30},
        4: {0: 30, 1: 30, 2: 30, 3: 30, 4: 30},
    }
    small = {(i, j) for i, row in rows.items() for j, n in row.items() if 0 < n < 5}
    raw = [[*row.values(), sum(row.values())] for row in rows.values()]
    raw.append([sum(line[j] for line in raw) for j in range(6)])
    by_lines_only = set(small)
    _complete_lines(raw, by_lines_only)
    assert by_lines_only == small
    assert recoverable(6, 6, by_lines_only) == {(0, 2)}

    table = publish_table(rows, k=5)
    hidden = hidden_entries(published_grid(table))
    assert hidden == small | {(1, 3)}  # the smallest cell that closes a cycle through (0, 2)
    assert table.cells[1][3].display("en") == "hidden"
    assert recoverable(6, 6, hidden) == set()


def test_a_series_hides_a_second_figure_next_to_a_single_small_one():
    series = publish_series({"Arabic": 3, "Turkish": 20, "Polish": 40, "Tigrinya": 0}, k=5)
    assert {key: count.display("en") for key, count in series.counts.items()} == {
        "Arabic": "< 5",
        "Turkish": "hidden",
        "Polish": "40",
        "Tigrinya": "0",
    }
    assert series.total.value == 65
    assert series.as_json()["counts"][0] == {"key": "Arabic", "value": None, "suppressed": True}


def test_a_series_with_a_small_total_hides_it():
    series = publish_series({"a": 1, "b": 2, "c": 0}, k=5)
    assert [count.display("en") for count in series.counts.values()] == ["< 5", "< 5", "0"]
    assert series.total.display("en") == "< 5"


# --- Properties over random tables ----------------------------------------------------------

counts = st.integers(0, 40) | st.integers(0, 6)  # small counts often, so suppression happens
tables = st.integers(1, 6).flatmap(
    lambda width: st.dictionaries(
        st.integers(0, 99), st.fixed_dictionaries(dict.fromkeys(range(width), counts)), min_size=1, max_size=6
    )
)
thresholds = st.integers(5, 10)


def raw_grid(rows: dict[int, dict[int, int]], columns: tuple[int, ...]) -> list[list[int]]:
    grid = [[*(row[c] for c in columns), sum(row.values())] for row in rows.values()]
    return [*grid, [sum(line[j] for line in grid) for j in range(len(grid[0]))]]


@hypothesis_settings(deadline=None, max_examples=300)
@given(rows=tables, k=thresholds)
def test_random_tables_are_safe_to_publish(rows, k):
    table = publish_table(rows, k=k)
    grid = published_grid(table)
    raw = raw_grid(rows, table.columns)
    height, width = len(grid), len(grid[0])
    for published_row, raw_row in zip(grid, raw, strict=True):
        for count, n in zip(published_row, raw_row, strict=True):
            if count.suppressed:
                assert n > 0  # zero stays zero
                assert count.secondary == (n >= k)
            else:
                assert count.value == 0 or count.value >= k  # nothing in 1 … k-1
                assert count.value % 5 == 0  # rounded
                assert (count.value == 0) == (n == 0)
                assert abs(count.value - n) <= 2 or (n >= k and count.value == -(-k // 5) * 5)
                assert 0 < n < k or publish_count(count.value, k=k) == count  # idempotent
            assert count.suppressed or not 0 < n < k
    hidden = hidden_entries(grid)
    for line in lines(height, width):
        assert sum(entry in hidden for entry in line) != 1, f"a single hidden entry in {line}"
    assert recoverable(height, width, hidden) == set()
    assert publish_table(rows, k=k) == table


@hypothesis_settings(deadline=None)
@given(counts=st.dictionaries(st.text(max_size=3), counts, max_size=8), k=thresholds)
def test_random_series_are_safe_to_publish(counts, k):
    series = publish_series(counts, k=k)
    published = [*series.counts.values(), series.total]
    raw = [*counts.values(), sum(counts.values())]
    assert sum(count.suppressed for count in published) != 1
    for count, n in zip(published, raw, strict=True):
        assert count.suppressed == (count.value is None)
        assert not count.suppressed or n > 0
        assert count.suppressed or (count.value % 5 == 0 and (count.value == 0) == (n == 0))
        assert count.suppressed or not 0 < n < k
