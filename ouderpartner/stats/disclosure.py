"""Disclosure rules for single figures (DISCLOSURE.md): threshold, counts, percentages, means, free text."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

from .values import PublishedCount, PublishedMean, PublishedPercentage

MIN_THRESHOLD = 5
FREE_TEXT_MIN_RESPONDENTS = 10
ROUNDING_BASE = 5


def effective_threshold(k: int | None) -> int:
    """The workspace's threshold k; a workspace may be stricter than 5, never looser."""
    return max(MIN_THRESHOLD, k or 0)


def publish_count(n: int, *, k: int | None) -> PublishedCount:
    """Zero stays zero, 1 … k-1 is suppressed, anything else is rounded (see `rounded`)."""
    k = effective_threshold(k)
    _check_count(n)
    if n == 0:
        return PublishedCount(value=0, suppressed=False, threshold=k)
    if n < k:
        return PublishedCount(value=None, suppressed=True, threshold=k)
    return PublishedCount(value=rounded(n, k=k), suppressed=False, threshold=k)


def rounded(n: int, *, k: int) -> int:
    """The nearest multiple of 5 (half up), but never below k.

    With k = 7 a published 5 could only mean exactly 7 (5 and 6 are suppressed, 8 rounds to 10), so
    the lowest published value is the first multiple of 5 at or above k. For k = 5 this is plain rounding.
    """
    nearest = (n + ROUNDING_BASE // 2) // ROUNDING_BASE * ROUNDING_BASE
    lowest = -(-k // ROUNDING_BASE) * ROUNDING_BASE
    return max(nearest, lowest)


def publish_percentage(numerator: int, denominator: int, *, k: int | None) -> PublishedPercentage:
    """A whole percentage (half up) of unrounded counts.

    Suppressed when the group (denominator) is under k, and also when the part counted or the rest of
    the group is 1 … k-1: "3% of 100" or "97% of 100" would both tell that exactly 3 parents did
    something. The numerator may exceed the denominator when that is an estimate (reach of a target group).
    """
    k = effective_threshold(k)
    _check_count(numerator)
    _check_count(denominator)
    if denominator == 0:
        return PublishedPercentage(value=None, suppressed=False, threshold=k)
    if denominator < k or 0 < numerator < k or 0 < denominator - numerator < k:
        return PublishedPercentage(value=None, suppressed=True, threshold=k)
    value = (200 * numerator + denominator) // (2 * denominator)
    return PublishedPercentage(value=value, suppressed=False, threshold=k)


def publish_mean(
    values: Iterable[float] | None = None,
    *,
    total: float | None = None,
    count: int | None = None,
    k: int | None,
    decimals: int = 1,
) -> PublishedMean:
    """The mean of `values`, or of `total` over `count`, shown only for groups of at least k."""
    if values is not None:
        if total is not None or count is not None:
            raise TypeError("Give either values or total and count, not both.")
        values = list(values)
        total, count = sum(values), len(values)
    elif total is None or count is None:
        raise TypeError("Give either values or total and count.")
    k = effective_threshold(k)
    _check_count(count)
    if count == 0:
        return PublishedMean(value=None, suppressed=False, threshold=k, decimals=decimals)
    if count < k:
        return PublishedMean(value=None, suppressed=True, threshold=k, decimals=decimals)
    mean = Decimal(str(total / count)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return PublishedMean(value=float(mean), suppressed=False, threshold=k, decimals=decimals)


def free_text_allowed(respondents: int, *, k: int | None = None) -> bool:
    """Free text is shown only for groups of at least 10 respondents (or k, if a workspace set it higher)."""
    return respondents >= max(FREE_TEXT_MIN_RESPONDENTS, effective_threshold(k))


def _check_count(n: int) -> None:
    if n < 0:
        raise ValueError(f"A count cannot be negative: {n}")
