"""make audit: known vulnerabilities in the locked dependencies, and bandit over our own code.

1. pip-audit over requirements-production.lock and requirements-test.lock (PyPI's vulnerability data);
2. npm audit over package-lock.json, the shipped packages (--omit=dev) and all, at level high;
3. bandit over ouderpartner/ and config/ with the settings in pyproject.toml ([tool.bandit]); each
   finding that was reviewed and is not a problem is listed there under [[tool.bandit.reviewed]] with
   its reason, and every other finding fails.

Exit status 1 on any finding. A vulnerability service that cannot be reached is not a finding, but it is
never a silent pass either: the step then prints "NOT CHECKED" with the reason, and with AUDIT_STRICT=1
(for a machine that should reach the services) it fails too.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON_LOCKS = ("requirements-production.lock", "requirements-test.lock")
BANDIT_TARGETS = ("ouderpartner", "config")
NPM_HIGH = ("high", "critical")


class Outcome:
    def __init__(self) -> None:
        self.findings: list[str] = []
        self.unchecked: list[str] = []

    def finding(self, text: str) -> None:
        self.findings.append(text)
        print(f"  FINDING: {text}")

    def not_checked(self, text: str) -> None:
        self.unchecked.append(text)
        print(f"  NOT CHECKED: {text}")


def run(command: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)


def tool(name: str) -> str:
    """A tool from the same virtual environment as this Python, or from PATH."""
    candidate = Path(sys.executable).parent / name
    return str(candidate) if candidate.exists() else name


# --- pip-audit ------------------------------------------------------------------------------------


def pip_audit(outcome: Outcome) -> None:
    for lock in PYTHON_LOCKS:
        print(f"== pip-audit {lock}")
        # The locks pin every package (uv pip compile), so no resolution is needed: --no-deps.
        result = run(
            [
                tool("pip-audit"),
                "-r",
                lock,
                "--no-deps",
                "--disable-pip",
                "--progress-spinner",
                "off",
                "--format",
                "json",
            ]
        )
        try:
            report = json.loads(result.stdout)
        except ValueError:
            outcome.not_checked(f"{lock}: pip-audit gave no report ({result.stderr.strip()[-300:]})")
            continue
        dependencies = report.get("dependencies", [])
        skipped = [d for d in dependencies if d.get("skip_reason")]
        audited = [d for d in dependencies if not d.get("skip_reason")]
        for dependency in audited:
            for vulnerability in dependency.get("vulns", []):
                fixed = ", ".join(vulnerability.get("fix_versions") or []) or "no fixed version yet"
                outcome.finding(
                    f"{dependency['name']} {dependency['version']}: {vulnerability['id']} (fixed in {fixed})"
                )
        print(f"  {len(audited)} package(s) audited, {len(skipped)} could not be looked up")
        if skipped:
            reasons = sorted({d["skip_reason"].split(":")[0] for d in skipped})
            outcome.not_checked(
                f"{lock}: {len(skipped)} of {len(dependencies)} package(s) could not be looked up in the "
                f"vulnerability service ({'; '.join(reasons)})"
            )


# --- npm audit ------------------------------------------------------------------------------------


def npm_audit(outcome: Outcome) -> None:
    for label, extra in (("shipped packages (--omit=dev)", ["--omit=dev"]), ("all packages", [])):
        print(f"== npm audit, {label}")
        result = run(["npm", "audit", "--json", "--audit-level=high", *extra])
        try:
            report = json.loads(result.stdout)
        except ValueError:
            outcome.not_checked(f"npm audit ({label}) gave no report ({result.stderr.strip()[-300:]})")
            continue
        if "vulnerabilities" not in report:
            # npm could not use the registry's audit endpoint: its answer is the HTTP error, not a report.
            error = report.get("error") if isinstance(report.get("error"), dict) else {}
            summary = report.get("message") or error.get("summary") or error.get("detail") or "no details"
            outcome.not_checked(f"npm audit ({label}): no report from the audit service ({summary})")
            continue
        counts = report.get("metadata", {}).get("vulnerabilities", {})
        for name, vulnerability in sorted(report.get("vulnerabilities", {}).items()):
            if vulnerability.get("severity") in NPM_HIGH:
                outcome.finding(f"npm {name} ({vulnerability['severity']}): {vulnerability.get('range', '')}")
        print(f"  severities: {json.dumps(counts, sort_keys=True)}")


# --- bandit ---------------------------------------------------------------------------------------


def reviewed_findings() -> list[dict[str, str]]:
    with (ROOT / "pyproject.toml").open("rb") as handle:
        return tomllib.load(handle).get("tool", {}).get("bandit", {}).get("reviewed", [])


def is_reviewed(result: dict, reviewed: list[dict[str, str]]) -> dict[str, str] | None:
    """A finding is reviewed when an entry names its test, its file and a piece of its flagged line."""
    lines = result.get("code", "").splitlines()
    flagged = next(
        (line.split(" ", 1)[-1] for line in lines if line.split(" ", 1)[0] == str(result["line_number"])),
        "",
    )
    for entry in reviewed:
        if (
            entry["test"] == result["test_id"]
            and (
                entry["file"] == result["filename"]
                or (entry["file"].endswith("/") and result["filename"].startswith(entry["file"]))
            )
            and entry["code"] in flagged
        ):
            return entry
    return None


def bandit(outcome: Outcome) -> None:
    print(f"== bandit {' '.join(BANDIT_TARGETS)}")
    result = run([tool("bandit"), "-c", "pyproject.toml", "-r", *BANDIT_TARGETS, "-f", "json", "-q"])
    try:
        report = json.loads(result.stdout)
    except ValueError:
        outcome.finding(f"bandit did not run: {result.stderr.strip()[-500:]}")
        return
    for error in report.get("errors", []):
        outcome.finding(f"bandit could not read {error.get('filename')}: {error.get('reason')}")
    reviewed = reviewed_findings()
    used = set()
    explained = 0
    for found in report.get("results", []):
        entry = is_reviewed(found, reviewed)
        where = f"{found['filename']}:{found['line_number']}"
        if entry is None:
            outcome.finding(f"bandit {found['test_id']} {where}: {found['issue_text']}")
        else:
            explained += 1
            used.add(id(entry))
            print(f"  reviewed {found['test_id']} {where}: {entry['reason']}")
    for entry in reviewed:
        if id(entry) not in used:
            print(f"  (reviewed entry no longer found: {entry['test']} {entry['file']} {entry['code']!r})")
    scanned = report.get("metrics", {}).get("_totals", {}).get("loc", 0)
    print(f"  {scanned} line(s) scanned, {len(report.get('results', []))} finding(s), {explained} reviewed")


def main() -> int:
    outcome = Outcome()
    pip_audit(outcome)
    npm_audit(outcome)
    bandit(outcome)
    print()
    if outcome.unchecked:
        print("NOT CHECKED (a vulnerability service could not be reached or used from here):")
        for line in outcome.unchecked:
            print(f"  - {line}")
    if outcome.findings:
        print(f"audit FAILED: {len(outcome.findings)} finding(s)")
        return 1
    if outcome.unchecked and os.environ.get("AUDIT_STRICT") == "1":
        print("audit FAILED: AUDIT_STRICT=1 and not everything could be checked")
        return 1
    print(
        "audit passed" + (" for what could be checked (see NOT CHECKED above)" if outcome.unchecked else "")
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
