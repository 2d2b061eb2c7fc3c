"""Demo policy data: the reports part (see policy.py for the order of the parts).

Runs last: with the framework, goals, LEA meetings, self-scan and parents' comments in place, it
generates the yearly progress report of Utrecht's newest framework for this year (or the framework's
nearest year) and keeps it, as a coordinator would with the "Generate" button. Once: a second run
finds the report and adds nothing.
"""

from __future__ import annotations

from django.utils import translation

from ouderpartner.core.models import Workspace
from ouderpartner.policy.models import PolicyFramework, Report
from ouderpartner.policy.report_services import report_generate
from ouderpartner.policy.reports import PdfUnavailable, default_year


def load(workspace: Workspace) -> str:
    """Adds this part once; returns what it did for the report, or "" when it was already there."""
    framework = PolicyFramework.objects.filter(workspace=workspace).order_by("-created_at", "-id").first()
    if framework is None:
        return ""
    year = default_year(framework)
    if Report.objects.filter(
        workspace=workspace, framework=framework, kind=Report.Kind.YEARLY, year=year
    ).exists():
        return ""
    try:
        with translation.override("nl"):  # the demo municipality's report is in Dutch
            report = report_generate(framework=framework, kind=Report.Kind.YEARLY, year=year, actor=None)
    except PdfUnavailable:
        return "no yearly report (the PDF library is not installed)"
    return f"yearly report {year} generated ({report.generation_ms} ms)"
