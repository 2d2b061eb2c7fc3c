"""Tables and series of counts made safe to publish: primary and secondary suppression, then rounding."""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Callable, Hashable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.utils.functional import Promise

from .disclosure import effective_threshold, publish_count
from .values import PublishedCount, explanation

R = TypeVar("R", bound=Hashable)
C = TypeVar("C", bound=Hashable)
Entry = tuple[int, int]  # (row, column) in a grid whose last row and column hold the totals

_COUNT = "count"  # the single column of a series


class _Published:
    """Flags and explanation shared by tables and series."""

    threshold: int

    def _published(self) -> Iterator[PublishedCount]:
        raise NotImplementedError

    @property
    def has_suppression(self) -> bool:
        return any(count.suppressed for count in self._published())

    @property
    def has_rounding(self) -> bool:
        # Every non-zero published count is rounded; saying which ones changed would leak their last digit.
        return any(count.value for count in self._published())

    def explanation(self) -> Promise:
        return explanation(self.threshold, secondary=any(count.secondary for count in self._published()))


@dataclass(frozen=True)
class TableRow(Generic[R]):
    """One row as a template walks it: the key, the cells in column order, and the row total."""

    key: R
    cells: tuple[PublishedCount, ...]
    total: PublishedCount | None


@dataclass(frozen=True)
class PublishedTable(_Published, Generic[R, C]):
    """A cross table as it may be shown; without totals, the totals mappings are empty and grand_total None."""

    threshold: int
    rows: tuple[R, ...]
    columns: tuple[C, ...]
    cells: Mapping[R, Mapping[C, PublishedCount]]
    row_totals: Mapping[R, PublishedCount]
    column_totals: Mapping[C, PublishedCount]
    grand_total: PublishedCount | None

    @property
    def body(self) -> list[TableRow[R]]:
        return [
            TableRow(row, tuple(self.cells[row][column] for column in self.columns), self.row_totals.get(row))
            for row in self.rows
        ]

    def _published(self) -> Iterator[PublishedCount]:
        for row in self.cells.values():
            yield from row.values()
        yield from self.row_totals.values()
        yield from self.column_totals.values()
        if self.grand_total is not None:
            yield self.grand_total

    def as_json(self) -> dict[str, Any]:
        return {
            "threshold": self.threshold,
            "columns": list(self.columns),
            "rows": [
                {
                    "key": row.key,
                    "cells": [cell.as_json() for cell in row.cells],
                    "total": row.total.as_json() if row.total else None,
                }
                for row in self.body
            ],
            "column_totals": [
                self.column_totals[c].as_json() for c in self.columns if c in self.column_totals
            ],
            "grand_total": self.grand_total.as_json() if self.grand_total else None,
        }


@dataclass(frozen=True)
class PublishedSeries(_Published, Generic[R]):
    """A one-dimensional breakdown (counts per key) with its total, as it may be shown."""

    threshold: int
    counts: Mapping[R, PublishedCount]
    total: PublishedCount

    def _published(self) -> Iterator[PublishedCount]:
        yield from self.counts.values()
        yield self.total

    def as_json(self) -> dict[str, Any]:
        return {
            "threshold": self.threshold,
            "counts": [{"key": key, **count.as_json()} for key, count in self.counts.items()],
            "total": self.total.as_json(),
        }


def publish_table(
    rows: Mapping[R, Mapping[C, int]],
    *,
    k: int | None,
    columns: Sequence[C] | None = None,
    with_totals: bool = True,
) -> PublishedTable[R, C]:
    """Suppress (primary, then secondary) and round a table of counts; missing cells count 0.

    Protection always reckons with the totals, even when `with_totals` is False and they are left out
    of the result: the totals of the same parents are usually published somewhere else.
    """
    k = effective_threshold(k)
    row_keys = tuple(rows)
    column_keys = tuple(
        columns if columns is not None else dict.fromkeys(c for row in rows.values() for c in row)
    )
    for row, counts in rows.items():
        if unknown := set(counts) - set(column_keys):
            raise ValueError(f"Row {row!r} has counts for columns not in the table: {unknown!r}")
    grid = [[rows[row].get(column, 0) for column in column_keys] for row in row_keys]
    if any(n < 0 for line in grid for n in line):
        raise ValueError("A count cannot be negative.")
    grid = [[*line, sum(line)] for line in grid]
    grid.append([sum(line[j] for line in grid) for j in range(len(column_keys) + 1)])
    hidden = _suppress(grid, k)

    def publish(i: int, j: int) -> PublishedCount:
        n = grid[i][j]
        if (i, j) in hidden:
            return PublishedCount(value=None, suppressed=True, threshold=k, secondary=n >= k)
        return publish_count(n, k=k)

    cells = {
        row: {column: publish(i, j) for j, column in enumerate(column_keys)} for i, row in enumerate(row_keys)
    }
    if not with_totals:
        return PublishedTable(
            k, row_keys, column_keys, cells, row_totals={}, column_totals={}, grand_total=None
        )
    last_row, last_column = len(row_keys), len(column_keys)
    return PublishedTable(
        k,
        row_keys,
        column_keys,
        cells,
        row_totals={row: publish(i, last_column) for i, row in enumerate(row_keys)},
        column_totals={column: publish(last_row, j) for j, column in enumerate(column_keys)},
        grand_total=publish(last_row, last_column),
    )


def publish_series(counts: Mapping[R, int], *, k: int | None) -> PublishedSeries[R]:
    """A breakdown with its total: the same protection as a table with one column."""
    table = publish_table({key: {_COUNT: n} for key, n in counts.items()}, k=k, columns=[_COUNT])
    return PublishedSeries(
        threshold=table.threshold,
        counts={key: table.cells[key][_COUNT] for key in table.rows},
        total=table.column_totals[_COUNT],
    )


def _suppress(grid: list[list[int]], k: int) -> set[Entry]:
    """The entries to hide (totals included) so that none of them follows from the published ones."""
    hidden = {(i, j) for i, line in enumerate(grid) for j, n in enumerate(line) if 0 < n < k}
    while True:
        _complete_lines(grid, hidden)
        extra = _break_bridge(grid, hidden)
        if extra is None:
            return hidden
        hidden.add(extra)


def _complete_lines(grid: list[list[int]], hidden: set[Entry]) -> None:
    """Rule 2: a row or column (with its total) with exactly one hidden entry gets its smallest other one hidden."""
    height, width = len(grid), len(grid[0])
    lines = [[(i, j) for j in range(width)] for i in range(height)]
    lines += [[(i, j) for i in range(height)] for j in range(width)]
    changed = True
    while changed:
        changed = False
        for line in lines:
            if sum(entry in hidden for entry in line) == 1:
                hidden.add(_cheapest(grid, hidden, line))
                changed = True


def _break_bridge(grid: list[list[int]], hidden: set[Entry]) -> Entry | None:
    """Hide one more entry if some hidden entry still follows from the published ones, else None.

    Take rows and columns as nodes and hidden entries as edges. Shifting values around a cycle of hidden
    entries (+d, -d, ...) keeps every total, so a hidden value is fixed exactly when its edge is on no
    cycle (a bridge). Two hidden entries per line rule out the simple case, not e.g. two hidden squares
    joined by one hidden cell. The bridge's value then follows from the entries crossing from one side
    of it to the rest; hiding one of those (preferably one that closes a cycle) removes that equation.
    """
    height = len(grid)
    bridges = _bridges(hidden, height)
    if not bridges:
        return None
    i, j = bridges[0]
    rest = hidden - {bridges[0]}
    side, other_side = _component(rest, i, height), _component(rest, height + j, height)
    crossing = [
        (a, b)
        for a, line in enumerate(grid)
        for b in range(len(line))
        if (a in side) != (height + b in side) and (a, b) not in hidden and grid[a][b] > 0
    ]

    def closes_cycle(entry: Entry) -> bool:
        return entry[0] in other_side or height + entry[1] in other_side

    return _cheapest(grid, hidden, crossing, prefer=closes_cycle)


def _cheapest(
    grid: list[list[int]],
    hidden: set[Entry],
    entries: list[Entry],
    prefer: Callable[[Entry], bool] | None = None,
) -> Entry:
    """The smallest non-zero entry not yet hidden; a cell before a total of the same size."""
    height, width = len(grid), len(grid[0])

    def cost(entry: Entry) -> tuple[bool, int, bool, Entry]:
        i, j = entry
        return (
            prefer is not None and not prefer(entry),
            grid[i][j],
            i == height - 1 or j == width - 1,
            entry,
        )

    return min((e for e in entries if e not in hidden and grid[e[0]][e[1]] > 0), key=cost)


def _graph(edges: set[Entry], height: int) -> dict[int, list[tuple[int, Entry]]]:
    """Rows are nodes 0 … height-1, columns the nodes after them."""
    adjacency: dict[int, list[tuple[int, Entry]]] = defaultdict(list)
    for i, j in sorted(edges):
        adjacency[i].append((height + j, (i, j)))
        adjacency[height + j].append((i, (i, j)))
    return adjacency


def _component(edges: set[Entry], start: int, height: int) -> set[int]:
    adjacency = _graph(edges, height)
    seen, queue = {start}, deque([start])
    while queue:
        for neighbour, _ in adjacency[queue.popleft()]:
            if neighbour not in seen:
                seen.add(neighbour)
                queue.append(neighbour)
    return seen


def _bridges(edges: set[Entry], height: int) -> list[Entry]:
    """Edges on no cycle (Tarjan's algorithm, without recursion)."""
    adjacency = _graph(edges, height)
    order: dict[int, int] = {}
    low: dict[int, int] = {}
    bridges = []
    for root in sorted(adjacency):
        if root in order:
            continue
        order[root] = low[root] = len(order)
        stack = [(root, None, iter(adjacency[root]))]
        while stack:
            node, via, neighbours = stack[-1]
            for neighbour, edge in neighbours:
                if edge == via:
                    continue
                if neighbour in order:
                    low[node] = min(low[node], order[neighbour])
                else:
                    order[neighbour] = low[neighbour] = len(order)
                    stack.append((neighbour, edge, iter(adjacency[neighbour])))
                    break
            else:
                stack.pop()
                if stack:
                    parent = stack[-1][0]
                    low[parent] = min(low[parent], low[node])
                    if low[node] > order[parent]:
                        bridges.append(via)
    return bridges
