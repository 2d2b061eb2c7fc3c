"""Services for the policy reports: generate and store a report, and hand out its PDF (audited)."""

from __future__ import annotations

import time
from typing import Any

from django.db import transaction
from django.utils import translation

from ouderpartner.core.audit import audit_record
from ouderpartner.core.models import AuditEvent
from ouderpartner.policy.models import PolicyFramework, Report
from ouderpartner.policy.reports import BaseReport, build_framework_report, build_yearly_report, render_pdf


def build_report(
    framework: PolicyFramework, *, kind: str, year: int | None, embed_logo: bool = False
) -> BaseReport:
    """The content of a framework document or of a yearly report (its year required)."""
    if kind == Report.Kind.FRAMEWORK:
        return build_framework_report(framework, embed_logo=embed_logo)
    if kind == Report.Kind.YEARLY and year is not None:
        return build_yearly_report(framework, year=year, embed_logo=embed_logo)
    raise ValueError(f"Unknown kind of report or no year: {kind} {year}")


def report_pdf_build(
    *, framework: PolicyFramework, kind: str, year: int | None
) -> tuple[BaseReport, bytes, int]:
    """Build and render a report as PDF; returns the content, the PDF and the time it took in ms."""
    start = time.perf_counter()
    report = build_report(framework, kind=kind, year=year, embed_logo=True)
    pdf = render_pdf(report)
    return report, pdf, round((time.perf_counter() - start) * 1000)


def report_generate(*, framework: PolicyFramework, kind: str, year: int | None, actor: Any) -> Report:
    """Generate a report's PDF now and keep it (kept in the database, downloaded only through its view).

    The PDF is made before the transaction starts, so no write lock is held while WeasyPrint works.
    """
    report, pdf, ms = report_pdf_build(framework=framework, kind=kind, year=year)
    stored = Report(
        workspace=framework.workspace,
        framework=framework,
        kind=kind,
        year=year if kind == Report.Kind.YEARLY else None,
        language=translation.get_language() or "nl",
        pdf=pdf,
        title=report.title[:200],
        generation_ms=ms,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    stored.full_clean()
    with transaction.atomic():
        stored.save()
        audit_record(
            workspace=framework.workspace,
            actor=actor,
            action=AuditEvent.Action.CREATE,
            obj=stored,
            changes={"kind": kind, "year": stored.year, "generation_ms": ms, "bytes": len(pdf)},
        )
    return stored


def report_download_record(*, report: Report, actor: Any) -> None:
    """Record that someone downloaded a stored report's PDF."""
    audit_record(
        workspace=report.workspace,
        actor=actor,
        action=AuditEvent.Action.EXPORT,
        obj=report,
        changes={"what": "report", "format": "pdf"},
    )


def report_export_record(*, framework: PolicyFramework, kind: str, year: int | None, actor: Any) -> None:
    """Record a PDF made on the fly (not stored)."""
    audit_record(
        workspace=framework.workspace,
        actor=actor,
        action=AuditEvent.Action.EXPORT,
        obj=framework,
        changes={"what": f"{kind} report", "year": year, "format": "pdf"},
    )
