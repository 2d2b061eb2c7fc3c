"""Comparing two archives of the same workspace row by row, ids aside (the proof that nothing is lost).

Ids differ between installations, so each row is put in a canonical form: its own id dropped, a
reference to another row replaced by that row's place among its model's rows (an import keeps the
order of the ids), a user by their e-mail address, a stored file or binary field by the SHA-256 of
its content. Two archives are equal when every model has the same canonical rows in the same order.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model

from ouderpartner.core.portability.archive import Archive, json_file_paths
from ouderpartner.core.portability.registry import JSON_FILE_FIELDS, exported_models

Canonical = dict[str, list[dict[str, Any]]]


def canonical(archive: Archive) -> Canonical:
    """{model label: canonical rows}, plus "accounts.user": the users (by e-mail)."""
    user_model = get_user_model()
    hashes = {
        item["path"].removeprefix("files/"): item["sha256"] for item in archive.manifest.get("files", [])
    }
    users = {row["id"]: row for row in archive.users()}
    rows = {
        label: sorted(archive.rows(label), key=lambda row: row["id"]) for label in archive.manifest["models"]
    }
    places = {label: {row["id"]: index for index, row in enumerate(items)} for label, items in rows.items()}

    def ref(target_label: str, old: Any) -> Any:
        if old is None:
            return None
        if target_label == user_model._meta.label_lower:
            return users.get(old, {}).get("email", f"missing user {old}")
        return [target_label, places.get(target_label, {}).get(old, f"missing {old}")]

    def files_by_hash(value: Any) -> Any:
        if isinstance(value, dict):
            return {key: files_by_hash(item) for key, item in value.items()}
        if isinstance(value, list):
            return [files_by_hash(item) for item in value]
        if isinstance(value, str) and value in hashes and next(json_file_paths(value), None):
            return f"sha256:{hashes[value]}"
        return value

    result: Canonical = {
        "accounts.user": sorted(
            ({k: v for k, v in u.items() if k != "id"} for u in users.values()), key=lambda u: u["email"]
        )
    }
    for spec in exported_models():
        json_files = JSON_FILE_FIELDS.get(spec.label, ())
        out = []
        for row in rows.get(spec.label, []):
            item: dict[str, Any] = {}
            for f in spec.fields:
                if f.primary_key or f.name not in row:
                    continue
                value = row[f.name]
                if f.is_relation:
                    value = ref(f.related_model._meta.label_lower, value)
                elif f.get_internal_type() == "FileField":
                    value = f"sha256:{hashes[value]}" if value in hashes else value
                elif f.get_internal_type() == "BinaryField":
                    value = None if value is None else f"sha256:{value['sha256']}"
                elif f.name in json_files:
                    value = files_by_hash(value)
                item[f.name] = value
            for m2m in spec.m2m:
                target = m2m.related_model._meta.label_lower
                item[m2m.name] = sorted((ref(target, old) for old in row.get(m2m.name, [])), key=repr)
            out.append(item)
        result[spec.label] = out
    return result


def differences(first: Archive, second: Archive, *, limit: int = 20) -> list[str]:
    """What differs between two archives, model by model and row by row; [] when nothing does."""
    a, b = canonical(first), canonical(second)
    found: list[str] = []
    for label in sorted(set(a) | set(b)):
        rows_a, rows_b = a.get(label, []), b.get(label, [])
        if len(rows_a) != len(rows_b):
            found.append(f"{label}: {len(rows_a)} rows against {len(rows_b)}")
            continue
        for index, (row_a, row_b) in enumerate(zip(rows_a, rows_b, strict=True)):
            if row_a != row_b:
                fields = sorted(k for k in set(row_a) | set(row_b) if row_a.get(k) != row_b.get(k))
                found.append(
                    f"{label} row {index}: "
                    + "; ".join(f"{k}: {row_a.get(k)!r} != {row_b.get(k)!r}" for k in fields)
                )
                if len(found) >= limit:
                    return found
    return found
