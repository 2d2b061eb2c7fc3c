"""Reads for the policy framework: the current framework, a framework with its ambitions, the
endorsement matrix (a fixed number of queries whatever the number of ambitions or partners) and what
changed between two saved versions (word by word, marked with <ins>/<del>).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Prefetch, QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from ouderpartner.core.languages import PARENT_LANGUAGES
from ouderpartner.core.models import Workspace
from ouderpartner.network.models import Organisation
from ouderpartner.policy.models import Ambition, Endorsement, FrameworkVersion, Level, PolicyFramework
from ouderpartner.policy.services import eligible_partners
from ouderpartner.programmes.models import Approach

# --- Frameworks ---------------------------------------------------------------------------------


def frameworks(*, workspace: Workspace) -> QuerySet[PolicyFramework]:
    return PolicyFramework.objects.filter(workspace=workspace).annotate(ambition_count=Count("ambitions"))


def current_framework(*, workspace: Workspace) -> PolicyFramework | None:
    """The adopted framework whose period covers this year; otherwise the newest framework."""
    year = timezone.localdate().year
    qs = PolicyFramework.objects.filter(workspace=workspace)
    adopted = (
        qs.filter(status=PolicyFramework.Status.ADOPTED, start_year__lte=year, end_year__gte=year)
        .order_by("-start_year", "-id")
        .first()
    )
    return adopted or qs.order_by("-created_at", "-id").first()


def approaches_of(framework: PolicyFramework) -> list[str]:
    labels = dict(Approach.choices)
    return [str(labels[key]) for key in framework.approaches if key in labels]


def ambitions_of(framework: PolicyFramework) -> QuerySet[Ambition]:
    return (
        Ambition.objects.filter(framework=framework)
        .prefetch_related(
            "programmes",
            "transitions",
            "policy_domains",
            "neighbourhoods",
            Prefetch("endorsements", queryset=Endorsement.objects.select_related("organisation")),
        )
        .order_by("position", "id")
    )


def ambitions_of_workspace(*, workspace: Workspace) -> QuerySet[Ambition]:
    """Ambitions of the workspace with their framework and links, for an ambition's page."""
    return (
        Ambition.objects.filter(workspace=workspace)
        .select_related("framework", "hand_over")
        .prefetch_related("programmes", "transitions", "policy_domains", "neighbourhoods")
    )


def parent_texts(ambition: Ambition) -> list[dict[str, Any]]:
    """The title and explanation for parents per language, in the order of PARENT_LANGUAGES."""
    return [
        {
            "language": language,
            "title": ambition.parent_title.get(code, ""),
            "text": ambition.parent_text.get(code, ""),
        }
        for code, language in PARENT_LANGUAGES.items()
        if ambition.parent_title.get(code) or ambition.parent_text.get(code)
    ]


@dataclass
class LevelGroup:
    level: int
    label: str
    ambitions: list[Ambition] = field(default_factory=list)


def by_level(ambitions: list[Ambition]) -> list[LevelGroup]:
    """The three levels in order, each with its ambitions (an empty level is kept: it shows a gap)."""
    groups = {value: LevelGroup(value, str(label)) for value, label in Level.choices}
    for ambition in ambitions:
        groups[ambition.level].ambitions.append(ambition)
    return list(groups.values())


# --- Endorsements -------------------------------------------------------------------------------


@dataclass
class Matrix:
    partners: list[Organisation]
    ambitions: list[Ambition]
    # rows[i][j]: the endorsement of ambitions[i] by partners[j], or None.
    rows: list[list[Endorsement | None]]

    @property
    def by_partner(self) -> list[tuple[Organisation, list[Endorsement | None]]]:
        return [(partner, [row[j] for row in self.rows]) for j, partner in enumerate(self.partners)]


def endorsement_matrix(*, framework: PolicyFramework, ambitions: list[Ambition] | None = None) -> Matrix:
    """Ambition × partner: who has endorsed (with date) and who has not. Three queries at most.

    Each ambition gets `endorsed` (its endorsements by partners asked), `not_endorsed` (the partners
    asked who have not) and `endorsement_count` / `partner_count` for "7 of 12 partners".
    """
    partners = list(eligible_partners(framework))
    if ambitions is None:
        ambitions = list(Ambition.objects.filter(framework=framework).order_by("position", "id"))
    found: dict[tuple[int, int], Endorsement] = {
        (e.ambition_id, e.organisation_id): e
        for e in Endorsement.objects.filter(ambition__framework=framework).select_related("endorsed_by")
    }
    rows = []
    for ambition in ambitions:
        row = [found.get((ambition.pk, partner.pk)) for partner in partners]
        for endorsement, partner in zip(row, partners, strict=True):
            if endorsement is not None:
                endorsement.organisation = partner
        ambition.endorsed = [e for e in row if e is not None]
        ambition.not_endorsed = [p for e, p in zip(row, partners, strict=True) if e is None]
        ambition.endorsement_count = len(ambition.endorsed)
        ambition.partner_count = len(partners)
        rows.append(row)
    return Matrix(partners=partners, ambitions=ambitions, rows=rows)


def framework_detail(*, framework: PolicyFramework) -> dict[str, Any]:
    """Everything the framework page shows: ambitions by level with their links, the matrix, versions."""
    ambitions = list(ambitions_of(framework))
    matrix = endorsement_matrix(framework=framework, ambitions=ambitions)
    return {
        "framework": framework,
        "approaches": approaches_of(framework),
        "levels": by_level(ambitions),
        "ambitions": ambitions,
        "matrix": matrix,
        "partners_chosen": framework.partners.exists(),
        "versions": list(FrameworkVersion.objects.filter(framework=framework).order_by("-number")[:5]),
        "intro": intro_texts(framework.consultation_intro),
    }


def intro_texts(texts: dict[str, str]) -> list[dict[str, Any]]:
    """Per-language texts in the order of PARENT_LANGUAGES, each with its language's name and direction."""
    return [
        {"language": language, "text": texts[code]}
        for code, language in PARENT_LANGUAGES.items()
        if texts.get(code)
    ]


# --- Links into the other parts of the policy capability ---------------------------------------

# (url name in the "policy" namespace, label). Only names that exist are shown, so the overview never
# links to a page that is not there.
SECTION_LINKS: tuple[tuple[str, Any], ...] = (
    ("framework_list", gettext_lazy("Frameworks")),
    ("goal_list", gettext_lazy("Goals and indicators")),
    ("action_list", gettext_lazy("Actions")),
    ("lea_meeting_list", gettext_lazy("LEA meetings")),
    ("agreement_list", gettext_lazy("LEA agreements")),
    ("scan_list", gettext_lazy("Self-scan")),
    ("consultation_index", gettext_lazy("Parents' comments")),
    ("report_list", gettext_lazy("Reports")),
)


def section_links(*, workspace: Workspace, links: tuple[tuple[str, Any], ...] = SECTION_LINKS) -> list[dict]:
    result = []
    for name, label in links:
        try:
            url = reverse(f"policy:{name}", kwargs={"ws": workspace.slug})
        except NoReverseMatch:
            continue
        result.append({"name": name, "label": label, "url": url})
    return result


# Pages about one framework: (url name, label, coordinators only).
FRAMEWORK_LINKS: tuple[tuple[str, Any, bool], ...] = (
    ("consultation_summary", gettext_lazy("What parents said"), False),
    ("consultation_share", gettext_lazy("Share the consultation with parents"), True),
    ("framework_report", gettext_lazy("The framework as a document"), False),
    ("yearly_report", gettext_lazy("Yearly progress report"), False),
)


def framework_links(*, framework: PolicyFramework, coordinator: bool) -> list[dict[str, Any]]:
    """Links to the other parts' pages about this framework, for those url names that exist."""
    result = []
    for name, label, coordinators_only in FRAMEWORK_LINKS:
        if coordinators_only and not coordinator:
            continue
        try:
            url = reverse(f"policy:{name}", kwargs={"ws": framework.workspace.slug, "pk": framework.pk})
        except NoReverseMatch:
            continue
        result.append({"name": name, "label": label, "url": url})
    return result


# --- Versions and what changed ------------------------------------------------------------------

FIELD_LABELS: dict[str, Any] = {
    "title": gettext_lazy("Title"),
    "start_year": gettext_lazy("First year"),
    "end_year": pgettext_lazy("period of a framework", "Last year"),
    "status": gettext_lazy("Status"),
    "adopted_on": gettext_lazy("Adopted on"),
    "vision": gettext_lazy("Vision"),
    "approaches": gettext_lazy("Approaches"),
    "approach_reasons": gettext_lazy("Why these approaches"),
    "municipal_role": gettext_lazy("Role of the municipality"),
    "municipal_role_text": gettext_lazy("The municipality's role, explained"),
    "partners": gettext_lazy("Partners asked to endorse"),
    "consultation_intro": gettext_lazy("Introduction for parents"),
    "consultation_closes_on": gettext_lazy("Consultation closes on"),
}
AMBITION_LABELS: dict[str, Any] = {
    "title": gettext_lazy("Title"),
    "text": gettext_lazy("Explanation"),
    "level": gettext_lazy("Level"),
    "position": gettext_lazy("Order"),
    "parent_title": gettext_lazy("Title for parents"),
    "parent_text": gettext_lazy("Explanation for parents"),
    "programmes": gettext_lazy("Programmes"),
    "transitions": gettext_lazy("Transitions"),
    "policy_domains": gettext_lazy("Policy domains"),
    "neighbourhoods": gettext_lazy("Neighbourhoods"),
}
_TOKENS = re.compile(r"\s+|[^\s\w]|\w+")


def text_diff(old: str, new: str) -> SafeString:
    """Word-level differences as HTML: removed words in <del>, added words in <ins>.

    Each mark also carries a visually hidden "removed:" / "added:" so that screen readers, which
    mostly ignore <del> and <ins>, say it too; the marks are struck through and underlined, not only
    coloured.
    """
    a, b = _TOKENS.findall(old or ""), _TOKENS.findall(new or "")
    removed, added = escape(_("removed:")), escape(_("added:"))
    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(escape("".join(a[i1:i2])))
            continue
        if op in ("delete", "replace"):
            out.append(
                f'<del><span class="op-visually-hidden">{removed} </span>{escape("".join(a[i1:i2]))}</del>'
            )
        if op in ("insert", "replace"):
            out.append(
                f'<ins><span class="op-visually-hidden">{added} </span>{escape("".join(b[j1:j2]))}</ins>'
            )
    return mark_safe("".join(out))  # every piece of text is escaped above


def _display(name: str, value: Any) -> str:
    """A snapshot value as readable text in the user's language."""
    if value is None or value == "" or value == [] or value == {}:
        return ""
    if name == "status":
        return (
            str(PolicyFramework.Status(value).label) if value in PolicyFramework.Status.values else str(value)
        )
    if name == "municipal_role":
        roles = PolicyFramework.MunicipalRole
        return str(roles(value).label) if value in roles.values else str(value)
    if name == "approaches":
        labels = dict(Approach.choices)
        return ", ".join(str(labels.get(key, key)) for key in value)
    if name == "level":
        return str(Level(value).label) if value in Level.values else str(value)
    if name == "position":
        return str(value + 1)
    if isinstance(value, dict):
        return "\n".join(
            f"{PARENT_LANGUAGES[code].native_name if code in PARENT_LANGUAGES else code}: {text}"
            for code, text in value.items()
        )
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(value)


@dataclass
class FieldChange:
    name: str
    label: str
    old: str
    new: str
    diff: SafeString


def _field_changes(old: dict[str, Any], new: dict[str, Any], labels: dict[str, Any]) -> list[FieldChange]:
    changes = []
    for name, label in labels.items():
        before, after = _display(name, old.get(name)), _display(name, new.get(name))
        if before != after:
            changes.append(FieldChange(name, str(label), before, after, text_diff(before, after)))
    return changes


@dataclass
class AmbitionChange:
    title: str
    level: str
    fields: list[FieldChange]


@dataclass
class VersionDiff:
    fields: list[FieldChange]
    added: list[dict[str, Any]]
    removed: list[dict[str, Any]]
    changed: list[AmbitionChange]

    @property
    def empty(self) -> bool:
        return not (self.fields or self.added or self.removed or self.changed)


def version_diff(old: dict[str, Any], new: dict[str, Any]) -> VersionDiff:
    """What changed from one snapshot to another: fields, and ambitions added, removed or changed.

    Ambitions are matched by their id, so a renamed ambition is "changed", not removed and added.
    """
    fields = _field_changes(old, new, FIELD_LABELS)
    old_ambitions = {a["id"]: a for a in old.get("ambitions", [])}
    new_ambitions = {a["id"]: a for a in new.get("ambitions", [])}

    def summary(ambition: dict[str, Any]) -> dict[str, Any]:
        return {**ambition, "level_label": _display("level", ambition.get("level"))}

    added = [summary(a) for key, a in new_ambitions.items() if key not in old_ambitions]
    removed = [summary(a) for key, a in old_ambitions.items() if key not in new_ambitions]
    changed = []
    for key, after in new_ambitions.items():
        before = old_ambitions.get(key)
        if before is None:
            continue
        ambition_fields = _field_changes(before, after, AMBITION_LABELS)
        if ambition_fields:
            changed.append(
                AmbitionChange(after["title"], _display("level", after.get("level")), ambition_fields)
            )
    return VersionDiff(fields, added, removed, changed)


def versions(*, framework: PolicyFramework) -> QuerySet[FrameworkVersion]:
    return (
        FrameworkVersion.objects.filter(framework=framework).select_related("created_by").order_by("-number")
    )
