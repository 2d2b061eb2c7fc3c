"""Demo policy data: the framework part (see policy.py for the order of the parts)."""

from __future__ import annotations

from ouderpartner.core.models import Workspace


def load(workspace: Workspace) -> str:
    """Adds this part once; returns what it did for the report, or "" when it was already there."""
    return ""
