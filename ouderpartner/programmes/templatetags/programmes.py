"""Template tags for programmes: ages in years, periods, and the offerings panel on network pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import template
from django.urls import reverse
from django.utils.dateformat import format as date_format
from django.utils.formats import get_format
from django.utils.translation import gettext as _

from ouderpartner.programmes import selectors
from ouderpartner.programmes.forms import months_to_years

register = template.Library()
PANEL_LIMIT = 200


@register.simple_tag
def age_range(obj: Any) -> str:
    """ "0 to 4 years" for anything with age_from_months and age_to_months."""
    return _("%(from)s to %(to)s years") % {
        "from": months_to_years(obj.age_from_months),
        "to": months_to_years(obj.age_to_months),
    }


def _date(value: dt.date) -> str:
    return date_format(value, get_format("DATE_FORMAT"))


@register.simple_tag
def period(start: dt.date | None, end: dt.date | None) -> str:
    if start and end:
        return _("%(start)s to %(end)s") % {"start": _date(start), "end": _date(end)}
    if start:
        return _("from %(start)s") % {"start": _date(start)}
    if end:
        return _("until %(end)s") % {"end": _date(end)}
    return _("no end date")


@register.inclusion_tag("programmes/includes/offerings_panel.html", takes_context=True)
def offerings_panel(
    context: template.Context, location: Any = None, organisation: Any = None, neighbourhood: Any = None
) -> dict[str, Any]:
    """The programmes offered at a location, by an organisation, or in a neighbourhood (two queries)."""
    workspace = context.get("current_workspace")
    membership = context.get("current_membership")
    if workspace is None:
        return {"offerings": [], "current_workspace": None}
    offerings = selectors.offerings_for(
        workspace=workspace,
        location=location,
        organisation=organisation,
        neighbourhood=neighbourhood,
        limit=PANEL_LIMIT + 1,
    )
    add_url = ""
    organisation_id = organisation.pk if organisation is not None else None
    if organisation_id is None and location is not None:
        organisation_id = location.organisation_id
    if (
        membership is not None
        and organisation_id is not None
        and membership.can_edit_organisation(organisation_id)
    ):
        add_url = (
            reverse("programmes:offering_create", kwargs={"ws": workspace.slug})
            + f"?organisation={organisation_id}"
        )
    return {
        "offerings": offerings[:PANEL_LIMIT],
        "truncated": len(offerings) > PANEL_LIMIT,
        "show_organisation": organisation is None,
        "heading": _("Programmes it runs")
        if organisation is not None
        else _("Programmes offered here")
        if location is not None
        else _("Programmes offered in this area"),
        "add_url": add_url,
        "current_workspace": workspace,
    }
