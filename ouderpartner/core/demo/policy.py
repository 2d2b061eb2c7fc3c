"""The policy part of the demo: Utrecht's framework in consultation and everything around it.

Each part lives in its own module and is idempotent (a second run adds nothing). The order matters:
the framework and its ambitions come first; goals, the LEA, the self-scan, parents' comments and the
generated yearly report build on them.
"""

from __future__ import annotations

from ouderpartner.core.demo import (
    policy_comments,
    policy_framework,
    policy_goals,
    policy_lea,
    policy_reports,
    policy_scan,
)
from ouderpartner.core.models import Workspace

PARTS = (policy_framework, policy_goals, policy_lea, policy_scan, policy_comments, policy_reports)


def load_policy(workspace: Workspace) -> str:
    """Every policy part in order; returns one line for the report."""
    lines = [line for part in PARTS if (line := part.load(workspace))]
    return "Policy: " + "; ".join(lines) if lines else "Policy: already there"
