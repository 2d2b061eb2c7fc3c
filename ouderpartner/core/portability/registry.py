"""Which models a workspace archive holds, found through the app registry, and in which order they load.

Every model with a path of foreign keys to Workspace belongs to a workspace and is exported; the
workspace itself is the first. Users are shared by all workspaces: they are exported apart (e-mail,
name, language; never a password hash). Every other model must be listed in EXCLUDED with the reason
it is not workspace data, so that a new model cannot be forgotten: tests fail on an unlisted one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models

from ouderpartner.core.models import Workspace

# Models that are not a workspace's data, each with the reason (also written into every manifest).
EXCLUDED: dict[str, str] = {
    "core.municipality": "reference data: the CBS list of municipalities, shared by every workspace "
    "and loaded from CBS (a workspace names its municipality by code)",
    "network.postcodearea": "reference data: the CBS postcode table, shared by every workspace",
    "admin.logentry": "the Django admin's log of what installation administrators did, not workspace data",
    "auth.permission": "Django's permission list, created by migrate",
    "auth.group": "Django's permission groups, unused by Ouderpartner (roles are memberships)",
    "contenttypes.contenttype": "Django's model list, created by migrate",
    "sessions.session": "sign-ins: short-lived, worthless in another installation",
    "otp_totp.totpdevice": "a person's second-factor secret in this installation: never leaves it; "
    "after an import, people set up two-factor authentication again",
    "otp_static.staticdevice": "a person's recovery codes in this installation (see otp_totp.totpdevice)",
    "otp_static.statictoken": "a person's recovery codes in this installation (see otp_totp.totpdevice)",
    "axes.accessattempt": "this installation's record of failed logins for the lockout, not workspace data",
    "axes.accesslog": "this installation's log of logins, not workspace data",
    "axes.accessfailurelog": "this installation's log of failed logins, not workspace data",
    "axes.accessattemptexpiration": "when this installation's lockout of a login attempt ends",
    "reach.reachsummary": "derived data: sums of the activities kept by database triggers; an import "
    "recounts them from the activities it loads",
    "voice.resulttally": "derived data: a questionnaire's answers counted for its results page; rebuilt "
    "from the answers on the first read after an import (no voice.resulttallystate matches)",
    "voice.resulttallystate": "what a voice.resulttally was built from, in this installation's ids",
    "accounts.user": "shared by every workspace: exported apart as users.jsonl (e-mail, name, language, "
    "active), never password hashes",
}

USER_FIELDS = ("email", "name", "is_active", "preferred_language", "date_joined")


def label(model: type[models.Model]) -> str:
    return model._meta.label_lower


@dataclass(frozen=True)
class ModelSpec:
    """One exported model: how to find a workspace's rows, its fields and what it depends on."""

    model: type[models.Model]
    lookup: str  # the path to the Workspace ("" for Workspace itself)
    fields: tuple[models.Field, ...]
    m2m: tuple[models.ManyToManyField, ...]
    depends_on: frozenset[str] = field(default_factory=frozenset)
    hard_depends_on: frozenset[str] = field(default_factory=frozenset)

    @property
    def label(self) -> str:
        return label(self.model)

    def rows(self, workspace: Workspace) -> models.QuerySet:
        manager = self.model._base_manager
        if not self.lookup:
            return manager.filter(pk=workspace.pk)
        return manager.filter(**{self.lookup: workspace}).order_by("pk")


def _foreign_keys(model: type[models.Model]) -> list[models.ForeignKey]:
    return [f for f in model._meta.concrete_fields if f.is_relation and (f.many_to_one or f.one_to_one)]


def workspace_lookups() -> dict[type[models.Model], str]:
    """Every model with a path of foreign keys to Workspace, with that path (non-null keys preferred);
    models listed in EXCLUDED (e.g. derived summary tables) are left out even when they have one."""
    found: dict[type[models.Model], str] = {Workspace: ""}
    candidates = [
        m
        for m in apps.get_models()
        if m is not Workspace and m is not get_user_model() and label(m) not in EXCLUDED
    ]
    for allow_null in (False, True):
        changed = True
        while changed:
            changed = False
            for model in candidates:
                if model in found:
                    continue
                for fk in _foreign_keys(model):
                    target = fk.related_model
                    if target in found and target is not model and (allow_null or not fk.null):
                        rest = found[target]
                        found[model] = f"{fk.name}__{rest}" if rest else fk.name
                        changed = True
                        break
    return found


@cache
def exported_models() -> tuple[ModelSpec, ...]:
    """The exported models in an order that loads: what a row needs (non-null keys) comes first."""
    lookups = workspace_lookups()
    specs: dict[str, ModelSpec] = {}
    for model, lookup in lookups.items():
        fks = [f for f in _foreign_keys(model) if f.related_model in lookups and f.related_model is not model]
        specs[label(model)] = ModelSpec(
            model=model,
            lookup=lookup,
            fields=tuple(model._meta.concrete_fields),
            # A many-to-many link with a model of its own ("through") is exported as that model.
            m2m=tuple(f for f in model._meta.many_to_many if f.remote_field.through._meta.auto_created),
            depends_on=frozenset(label(f.related_model) for f in fks),
            hard_depends_on=frozenset(label(f.related_model) for f in fks if not f.null),
        )
    order: list[ModelSpec] = []
    placed: set[str] = set()
    remaining = dict(sorted(specs.items()))
    while remaining:
        ready = [s for s in remaining.values() if s.depends_on <= placed] or [
            s for s in remaining.values() if s.hard_depends_on <= placed
        ]
        if not ready:
            raise RuntimeError(f"Required foreign keys form a cycle among {sorted(remaining)}.")
        # The workspace first, then alphabetically among those that can load now.
        chosen = next((s for s in ready if s.model is Workspace), ready[0])
        order.append(chosen)
        placed.add(chosen.label)
        del remaining[chosen.label]
    return tuple(order)


def unclassified_models() -> list[str]:
    """Models neither exported nor excluded with a reason: each one is a model an archive would lose."""
    exported = {spec.label for spec in exported_models()}
    return sorted(
        label(m) for m in apps.get_models() if label(m) not in exported and label(m) not in EXCLUDED
    )


def foreign_keys_out_of_archive() -> list[str]:
    """Foreign keys of exported models to a model that is neither exported nor the user: unrestorable."""
    exported = {spec.model for spec in exported_models()}
    user_model = get_user_model()
    problems = []
    for spec in exported_models():
        for fk in _foreign_keys(spec.model):
            if fk.related_model not in exported and fk.related_model is not user_model:
                problems.append(f"{spec.label}.{fk.name} -> {label(fk.related_model)}")
        for m2m in spec.model._meta.many_to_many:
            target = m2m.related_model
            if m2m in spec.m2m and target not in exported and target is not user_model:
                problems.append(f"{spec.label}.{m2m.name} -> {label(target)}")
    return problems


# Stored files named inside JSON fields rather than in a FileField: the questionnaires' recordings,
# {language: path} (or {text: {language: path}}) under voice/audio/q<questionnaire id>/.
JSON_FILE_FIELDS: dict[str, tuple[str, ...]] = {
    "voice.questionnaire": ("audio",),
    "voice.question": ("audio",),
    "voice.option": ("audio",),
}
JSON_FILE_PREFIX = "voice/audio/"
