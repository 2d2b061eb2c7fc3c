"""Vega-Lite chart specifications drawn from PUBLISHED figures only.

A chart is never the only way to read a figure: every page that shows one also shows the same
figures in a data table. Hidden figures get no bar and no point (never a bar of 0). The specs are
plain JSON, rendered in the browser by static/js/charts.js (vega-embed with the expression
interpreter, so no `eval`), and can be rendered to SVG elsewhere from the same dict.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from .tables import PublishedTable
from .values import PublishedCount

SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"
PRIMARY = "#01689b"  # the house colour (static/css/ouderpartner.css, --op-primary)
# Colour-blind safe series colours (Okabe-Ito), each with at least 3:1 contrast on white.
SERIES_COLOURS = ["#01689b", "#b35900", "#007a5e", "#a6457a", "#5b5b5b"]
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', sans-serif"


def _value(count: PublishedCount | None) -> int | None:
    if count is None or count.suppressed:
        return None
    return count.value


def _config() -> dict[str, Any]:
    return {
        "font": FONT,
        "view": {"stroke": None},
        "axis": {"labelFontSize": 13, "titleFontSize": 13, "labelColor": "#1a1a1a", "titleColor": "#1a1a1a"},
        "legend": {"labelFontSize": 13, "titleFontSize": 13, "orient": "bottom"},
        "bar": {"color": PRIMARY},
        "line": {"color": PRIMARY, "strokeWidth": 3},
        "point": {"filled": True, "size": 60},
    }


def bar_chart(
    bars: Sequence[tuple[str, PublishedCount | None]], *, description: str, axis_title: str
) -> dict[str, Any]:
    """Horizontal bars, one per label, in the given order; hidden figures are left out of the data."""
    values = [
        {"label": label, "value": value, "order": index}
        for index, (label, count) in enumerate(bars)
        if (value := _value(count)) is not None
    ]
    return {
        "$schema": SCHEMA,
        "description": description,
        "width": "container",
        "height": {"step": 28},
        "autosize": {"type": "fit-x", "contains": "padding"},
        "data": {"values": values},
        "mark": {"type": "bar", "tooltip": True},
        "encoding": {
            "y": {
                "field": "label",
                "type": "nominal",
                "title": None,
                "sort": {"field": "order", "order": "ascending"},
                "axis": {"labelLimit": 260},
            },
            "x": {"field": "value", "type": "quantitative", "title": axis_title, "axis": {"tickMinStep": 5}},
        },
        "config": _config(),
    }


def line_chart(
    table: PublishedTable,
    *,
    row_labels: Mapping[Any, str],
    column_labels: Mapping[Any, str],
    description: str,
    axis_title: str,
) -> dict[str, Any]:
    """A line per column of a table whose rows are periods in order; hidden figures break the line."""
    values = []
    for index, row in enumerate(table.rows):
        for column in table.columns:
            values.append(
                {
                    "period": row_labels[row],
                    "order": index,
                    "series": column_labels[column],
                    "value": _value(table.cells[row][column]),
                }
            )
    series = [column_labels[column] for column in table.columns]
    return {
        "$schema": SCHEMA,
        "description": description,
        "width": "container",
        "height": 220,
        "autosize": {"type": "fit-x", "contains": "padding"},
        "data": {"values": values},
        "mark": {"type": "line", "point": True, "tooltip": True},
        "encoding": {
            "x": {
                "field": "period",
                "type": "ordinal",
                "title": None,
                "sort": {"field": "order", "order": "ascending"},
                "axis": {"labelAngle": 0, "labelOverlap": "greedy"},
            },
            "y": {"field": "value", "type": "quantitative", "title": axis_title, "axis": {"tickMinStep": 5}},
            "color": {
                "field": "series",
                "type": "nominal",
                "title": None,
                "scale": {"domain": series, "range": SERIES_COLOURS[: len(series)]},
            },
        },
        "config": _config(),
    }
