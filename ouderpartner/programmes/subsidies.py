"""The subsidy register: writes (validated, audited), the filtered list, totals and the amount format.

Decisions (docs/api.md, section "Subsidies"):
- every member reads the register (subsidies are municipal decisions); only coordinators write;
- the "year" of a subsidy is the calendar year of its start date (no pro-rata split over years);
- totals leave out refused subsidies, and follow the list's filters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import ExtractYear
from django.shortcuts import get_object_or_404
from django.utils import formats, translation
from django.utils.translation import gettext as _

from ouderpartner.core.audit import audit_record, changed_fields
from ouderpartner.core.models import AuditEvent, Workspace
from ouderpartner.programmes.models import PolicyDomain, Subsidy

SUBSIDY_FIELDS = (
    "organisation",
    "programme",
    "purpose",
    "description",
    "policy_domain",
    "neighbourhood",
    "amount",
    "start_date",
    "end_date",
    "conditions",
    "status",
    "reference",
)
_TEXT = {"description", "conditions", "reference"}
MAX_AMOUNT = Decimal("9999999999.99")  # max_digits=12, decimal_places=2


# --- Amounts ------------------------------------------------------------------------------------


def parse_amount(text: str) -> Decimal:
    """An amount in euro as people type it: "1.234,56", "1234,56", "1234.56", "€ 1 234" (ValidationError otherwise).

    With both separators the last one is the decimal separator. With only a comma, the comma is.
    With only dots, a dot followed by exactly three digits groups thousands (euro amounts have two
    decimals), otherwise it is the decimal separator.
    """
    value = re.sub(r"[\s\u00a0\u202f€]|EUR", "", str(text or ""), flags=re.IGNORECASE)
    if value.startswith("-") or value.endswith("-"):
        raise ValidationError(_("The amount cannot be negative."), code="negative")
    if not re.fullmatch(r"\d[\d.,]*", value):
        raise ValidationError(_("Enter an amount in euro, e.g. 1.234,56."), code="invalid")
    if "," in value and "." in value:
        decimal_sep = "," if value.rfind(",") > value.rfind(".") else "."
    elif "," in value:
        decimal_sep = ","
    elif value.count(".") == 1 and not re.search(r"\.\d{3}$", value):
        decimal_sep = "."
    else:
        decimal_sep = ""
    thousands_sep = {",": ".", ".": ",", "": "."}[decimal_sep]
    whole = value.rsplit(decimal_sep, 1)[0] if decimal_sep else value
    if (decimal_sep and value.count(decimal_sep) > 1) or (
        thousands_sep in whole and not re.fullmatch(rf"\d{{1,3}}(\{thousands_sep}\d{{3}})+", whole)
    ):
        raise ValidationError(_("Enter an amount in euro, e.g. 1.234,56."), code="invalid")
    normalised = (
        value.replace(thousands_sep, "").replace(decimal_sep, ".") if decimal_sep else value.replace(".", "")
    )
    try:
        amount = Decimal(normalised)
    except InvalidOperation as error:
        raise ValidationError(_("Enter an amount in euro, e.g. 1.234,56."), code="invalid") from error
    if amount.as_tuple().exponent < -2:  # type: ignore[operator]
        raise ValidationError(_("Give the amount in whole cents (at most two decimals)."), code="decimals")
    if amount > MAX_AMOUNT:
        raise ValidationError(_("The amount is too large."), code="max_value")
    return amount.quantize(Decimal("0.01"))


def format_euro(amount: Decimal | int | None) -> str:
    """€ 12.345,00 in Dutch, €12,345.00 in English (the active language)."""
    if amount is None:
        return ""
    number = formats.number_format(Decimal(amount), 2, use_l10n=True, force_grouping=True)
    if (translation.get_language() or "nl").startswith("nl"):
        return f"€\u00a0{number}"
    return f"€{number}"


# --- Writes -------------------------------------------------------------------------------------


def _values(subsidy: Subsidy) -> dict[str, Any]:
    result = {}
    for name in SUBSIDY_FIELDS:
        value = getattr(subsidy, f"{name}_id" if name in _RELATIONS else name)
        result[name] = value
    return result


_RELATIONS = {"organisation", "programme", "policy_domain", "neighbourhood"}


def _apply(subsidy: Subsidy, data: dict[str, Any]) -> None:
    for name in SUBSIDY_FIELDS:
        if name in data:
            value = data[name]
            setattr(subsidy, name, "" if value is None and name in _TEXT else value)


@transaction.atomic
def subsidy_create(*, workspace: Workspace, actor: Any, **data: Any) -> Subsidy:
    subsidy = Subsidy(workspace=workspace)
    _apply(subsidy, data)
    subsidy.full_clean()
    subsidy.save()
    changes = {name: str(value) for name, value in _values(subsidy).items() if value not in (None, "")}
    audit_record(
        workspace=workspace, actor=actor, action=AuditEvent.Action.CREATE, obj=subsidy, changes=changes
    )
    return subsidy


@transaction.atomic
def subsidy_update(*, subsidy: Subsidy, actor: Any, **data: Any) -> Subsidy:
    before = _values(subsidy)
    _apply(subsidy, data)
    subsidy.full_clean()
    subsidy.save()
    changes = changed_fields(before, _values(subsidy))
    if changes:
        audit_record(
            workspace=subsidy.workspace,
            actor=actor,
            action=AuditEvent.Action.CHANGE,
            obj=subsidy,
            changes=changes,
        )
    return subsidy


@transaction.atomic
def subsidy_delete(*, subsidy: Subsidy, actor: Any) -> None:
    audit_record(
        workspace=subsidy.workspace,
        actor=actor,
        action=AuditEvent.Action.DELETE,
        obj=subsidy,
        changes={name: str(value) for name, value in _values(subsidy).items() if value not in (None, "")},
    )
    subsidy.delete()


# --- Reads --------------------------------------------------------------------------------------

SUBSIDY_SORTS = {
    "start": ("start_date", "organisation__name"),
    "amount": ("amount", "start_date"),
    "organisation": ("organisation__name", "start_date"),
    "status": ("status", "start_date"),
}


@dataclass
class SubsidyFilters:
    """The list's filters; parsed leniently from a query string (an unknown value is ignored)."""

    q: str = ""
    year: int | None = None
    status: str = ""
    purpose: str = ""
    organisation: int | None = None
    domain: str = ""  # a policy domain's key, or "none"
    programme: int | None = None  # or "none" via programme_none
    programme_none: bool = False
    neighbourhood: str = ""  # a CBS code (a district includes its neighbourhoods), or "none"
    sort: str = "-start"

    @classmethod
    def from_query(cls, params: Any) -> SubsidyFilters:
        def number(name: str) -> int | None:
            value = (params.get(name) or "").strip()
            return int(value) if value.isdecimal() and len(value) < 10 else None

        year = number("year")
        status = (params.get("status") or "").strip()
        purpose = (params.get("purpose") or "").strip()
        programme = (params.get("programme") or "").strip()
        return cls(
            q=(params.get("q") or "").strip()[:100],
            year=year if year and 1900 <= year <= 2100 else None,
            status=status if status in Subsidy.Status.values else "",
            purpose=purpose if purpose in Subsidy.Purpose.values else "",
            organisation=number("organisation"),
            domain=(params.get("domain") or "").strip()[:40],
            programme=number("programme"),
            programme_none=programme == "none",
            neighbourhood=(params.get("neighbourhood") or "").strip()[:10],
            sort=(params.get("sort") or "").strip() or "-start",
        )


def subsidy_list(*, workspace: Workspace, filters: SubsidyFilters) -> tuple[QuerySet[Subsidy], str]:
    """The filtered register, with its related names in the same query, and the sort used."""
    qs = Subsidy.objects.filter(workspace=workspace).select_related(
        "organisation", "programme", "policy_domain", "neighbourhood"
    )
    qs = _filtered(qs, filters)
    key = filters.sort.lstrip("-")
    sort = filters.sort
    if key not in SUBSIDY_SORTS:
        sort, key = "-start", "start"
    fields = SUBSIDY_SORTS[key]
    if sort.startswith("-"):
        fields = tuple(f"-{f}" for f in fields)
    return qs.order_by(*fields, "pk"), sort


def _filtered(qs: QuerySet[Subsidy], filters: SubsidyFilters) -> QuerySet[Subsidy]:
    if filters.q:
        qs = qs.filter(
            Q(organisation__name__icontains=filters.q)
            | Q(description__icontains=filters.q)
            | Q(reference__icontains=filters.q)
            | Q(programme__name__icontains=filters.q)
        )
    if filters.year:
        qs = qs.filter(start_date__year=filters.year)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.purpose:
        qs = qs.filter(purpose=filters.purpose)
    if filters.organisation:
        qs = qs.filter(organisation_id=filters.organisation)
    if filters.domain == "none":
        qs = qs.filter(policy_domain__isnull=True)
    elif filters.domain:
        qs = qs.filter(policy_domain__key=filters.domain)
    if filters.programme_none:
        qs = qs.filter(programme__isnull=True)
    elif filters.programme:
        qs = qs.filter(programme_id=filters.programme)
    if filters.neighbourhood == "none":
        qs = qs.filter(neighbourhood__isnull=True)
    elif filters.neighbourhood:
        qs = qs.filter(
            Q(neighbourhood__code=filters.neighbourhood)
            | Q(neighbourhood__parent__code=filters.neighbourhood)
        )
    return qs


def subsidy_detail(*, workspace: Workspace, pk: int) -> Subsidy:
    qs = Subsidy.objects.filter(workspace=workspace).select_related(
        "organisation", "programme", "policy_domain", "neighbourhood", "neighbourhood__parent"
    )
    return get_object_or_404(qs, pk=pk)


def subsidy_years(*, workspace: Workspace) -> list[int]:
    """The calendar years in which subsidies start, newest first (one query)."""
    return [
        d.year for d in Subsidy.objects.filter(workspace=workspace).dates("start_date", "year", order="DESC")
    ]


@dataclass
class TotalRow:
    key: str  # the filter value for a link ("" for "none")
    label: str
    total: Decimal
    count: int


@dataclass
class SubsidyTotals:
    per_year: list[TotalRow]
    per_domain: list[TotalRow]
    per_programme: list[TotalRow]
    per_neighbourhood: list[TotalRow]
    grand_total: Decimal
    count: int


def _domain_label(key: str | None, name: str | None) -> str:
    if not key:
        return _("no policy domain")
    if key in PolicyDomain.Builtin.values and not name:
        return str(PolicyDomain.Builtin(key).label)
    return name or key


def subsidy_totals(*, workspace: Workspace, filters: SubsidyFilters | None = None) -> SubsidyTotals:
    """Sums of the amounts per start year, policy domain, programme and neighbourhood: one query each.

    Refused subsidies are left out; the list's filters apply.
    """
    qs = _filtered(
        Subsidy.objects.filter(workspace=workspace).exclude(status=Subsidy.Status.REFUSED),
        filters or SubsidyFilters(),
    ).order_by()
    sums = {"total": Sum("amount"), "count": Count("id")}
    per_year = [
        TotalRow(str(row["year"]), str(row["year"]), row["total"], row["count"])
        for row in qs.annotate(year=ExtractYear("start_date"))
        .values("year")
        .annotate(**sums)
        .order_by("-year")
    ]
    per_domain = [
        TotalRow(
            row["policy_domain__key"] or "none",
            _domain_label(row["policy_domain__key"], row["policy_domain__name"]),
            row["total"],
            row["count"],
        )
        for row in qs.values("policy_domain__key", "policy_domain__name", "policy_domain__position")
        .annotate(**sums)
        .order_by("policy_domain__position", "policy_domain__key")
    ]
    per_programme = [
        TotalRow(
            str(row["programme_id"] or "none"),
            row["programme__name"] or _("no programme"),
            row["total"],
            row["count"],
        )
        for row in qs.values("programme_id", "programme__name").annotate(**sums).order_by("programme__name")
    ]
    per_neighbourhood = [
        TotalRow(
            row["neighbourhood__code"] or "none",
            row["neighbourhood__name"] or _("not for one neighbourhood"),
            row["total"],
            row["count"],
        )
        for row in qs.values("neighbourhood__code", "neighbourhood__name")
        .annotate(**sums)
        .order_by("neighbourhood__name")
    ]
    grand_total = sum((row.total for row in per_year), Decimal("0"))
    return SubsidyTotals(
        per_year=per_year,
        per_domain=per_domain,
        per_programme=per_programme,
        per_neighbourhood=per_neighbourhood,
        grand_total=grand_total,
        count=sum(row.count for row in per_year),
    )
