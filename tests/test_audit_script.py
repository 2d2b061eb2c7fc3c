"""make audit (issue 8, item 12): findings fail, an unreachable vulnerability service is said, not passed over.

The services themselves are not called here (make test works offline): the audit script is fed the
answers pip-audit, npm and bandit give, as recorded from their JSON output.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def audit():
    spec = importlib.util.spec_from_file_location("audit_script", ROOT / "scripts" / "audit.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def answering(monkeypatch, audit, stdout: dict | str) -> None:
    text = stdout if isinstance(stdout, str) else json.dumps(stdout)
    monkeypatch.setattr(audit, "run", lambda command: subprocess.CompletedProcess(command, 0, text, ""))


def test_a_vulnerable_python_package_is_a_finding(monkeypatch, audit):
    answering(
        monkeypatch,
        audit,
        {
            "dependencies": [
                {
                    "name": "django",
                    "version": "5.2.0",
                    "vulns": [{"id": "PYSEC-1", "fix_versions": ["5.2.1"]}],
                },
                {"name": "redis", "version": "5.0", "vulns": []},
            ]
        },
    )
    outcome = audit.Outcome()
    audit.pip_audit(outcome)
    assert outcome.findings and "django 5.2.0: PYSEC-1 (fixed in 5.2.1)" in outcome.findings[0]
    assert not outcome.unchecked


def test_packages_the_service_cannot_look_up_are_not_checked_and_said_so(monkeypatch, audit):
    skipped = {
        "name": "django",
        "version": "5.2.0",
        "skip_reason": "Dependency not found on PyPI and could not be audited",
    }
    answering(monkeypatch, audit, {"dependencies": [skipped]})
    outcome = audit.Outcome()
    audit.pip_audit(outcome)
    assert not outcome.findings
    assert outcome.unchecked and "could not be looked up" in outcome.unchecked[0]


def test_npm_high_is_a_finding_and_an_unreachable_endpoint_is_not_checked(monkeypatch, audit):
    answering(
        monkeypatch,
        audit,
        {
            "vulnerabilities": {
                "leaflet": {"severity": "high", "range": "<1.9.5"},
                "vega": {"severity": "low"},
            }
        },
    )
    outcome = audit.Outcome()
    audit.npm_audit(outcome)
    assert len(outcome.findings) == 2  # leaflet, once for the shipped packages and once for all
    answering(
        monkeypatch, audit, {"message": "405 Method Not Allowed", "error": {"summary": "", "detail": ""}}
    )
    outcome = audit.Outcome()
    audit.npm_audit(outcome)
    assert not outcome.findings and len(outcome.unchecked) == 2


def test_bandit_findings_fail_unless_reviewed_with_a_reason(monkeypatch, audit):
    reviewed = {
        "test_id": "B105",
        "filename": "ouderpartner/reach/services.py",
        "line_number": 56,
        "code": '56 TOKEN_PREFIX = "opr_"\n',
        "issue_text": "Possible hardcoded password",
    }
    new = {
        "test_id": "B602",
        "filename": "ouderpartner/core/x.py",
        "line_number": 3,
        "code": "3 subprocess.call(cmd, shell=True)\n",
        "issue_text": "shell=True",
    }
    answering(monkeypatch, audit, {"results": [reviewed, new], "errors": [], "metrics": {}})
    outcome = audit.Outcome()
    audit.bandit(outcome)
    assert len(outcome.findings) == 1 and "B602" in outcome.findings[0]
    assert all(entry["reason"].strip() for entry in audit.reviewed_findings())
