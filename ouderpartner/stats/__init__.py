"""Disclosure control: every aggregate shown anywhere (screen, PDF, XLSX, API) is published through here."""

from .disclosure import (
    FREE_TEXT_MIN_RESPONDENTS,
    MIN_THRESHOLD,
    effective_threshold,
    free_text_allowed,
    publish_count,
    publish_mean,
    publish_percentage,
    rounded,
)
from .tables import PublishedSeries, PublishedTable, TableRow, publish_series, publish_table
from .values import PublishedCount, PublishedMean, PublishedPercentage, explanation, format_number

__all__ = [
    "FREE_TEXT_MIN_RESPONDENTS",
    "MIN_THRESHOLD",
    "PublishedCount",
    "PublishedMean",
    "PublishedPercentage",
    "PublishedSeries",
    "PublishedTable",
    "TableRow",
    "effective_threshold",
    "explanation",
    "format_number",
    "free_text_allowed",
    "publish_count",
    "publish_mean",
    "publish_percentage",
    "publish_series",
    "publish_table",
    "rounded",
]
