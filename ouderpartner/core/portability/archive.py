"""The workspace archive: writing a workspace into it and reading one back (format: docs/portability.md).

A zip with manifest.json, data/<app>.<model>.jsonl (one JSON object per row, with the row's id in the
exporting installation; foreign keys and many-to-many links hold those ids), users.jsonl, the stored
files under files/<storage name> and binary fields under blobs/. Ids are only the archive's own keys:
an import gives every row a new id and maps every reference.
"""

from __future__ import annotations

import contextlib
import datetime
import decimal
import hashlib
import json
import uuid
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO, Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.storage import default_storage
from django.db import connection, models, transaction
from django.utils import timezone

from ouderpartner.core.models import Workspace
from ouderpartner.core.portability.registry import (
    EXCLUDED,
    JSON_FILE_FIELDS,
    JSON_FILE_PREFIX,
    USER_FIELDS,
    ModelSpec,
    exported_models,
)

FORMAT = "ouderpartner-workspace"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
USERS = "users.jsonl"
BLOB_KEYS = {"blob", "sha256", "size"}


class ArchiveError(Exception):
    """An archive that cannot be read or restored; the message says why, for the person importing."""


def encode_value(value: Any) -> Any:
    """A field's Python value as JSON: full precision for times, decimals as text (no float rounding)."""
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, uuid.UUID | datetime.timedelta):
        return str(value)
    return value


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def json_file_paths(value: Any) -> Iterator[str]:
    """The stored file paths inside a JSON value (recordings: {language: path} or {text: {...}})."""
    if isinstance(value, dict):
        for item in value.values():
            yield from json_file_paths(item)
    elif isinstance(value, list):
        for item in value:
            yield from json_file_paths(item)
    elif isinstance(value, str) and value.startswith(JSON_FILE_PREFIX) and ".." not in value:
        yield value


@dataclass
class ExportResult:
    manifest: dict[str, Any]
    rows: int = 0
    files: int = 0
    missing_files: list[str] = field(default_factory=list)


class _Writer:
    def __init__(self, zf: zipfile.ZipFile) -> None:
        self.zf = zf
        self.files: dict[str, dict[str, Any]] = {}
        self.missing: list[str] = []
        self.users: set[int] = set()

    def add_stored_file(self, name: str) -> None:
        """A file of the default storage, once, under files/<name>; a missing one is listed, not fatal."""
        if not name or name in self.files or name in self.missing:
            return
        try:
            with default_storage.open(name, "rb") as handle:
                data = handle.read()
        except (FileNotFoundError, OSError, ValueError):
            self.missing.append(name)
            return
        self.zf.writestr(f"files/{name}", data)
        self.files[name] = {"path": f"files/{name}", "sha256": sha256(data), "size": len(data)}

    def add_blob(self, path: str, data: bytes) -> dict[str, Any]:
        self.zf.writestr(path, data)
        return {"blob": path, "sha256": sha256(data), "size": len(data)}


def _row(spec: ModelSpec, obj: models.Model, writer: _Writer, user_model: type) -> dict[str, Any]:
    row: dict[str, Any] = {}
    json_file_fields = JSON_FILE_FIELDS.get(spec.label, ())
    for f in spec.fields:
        if f.is_relation:
            value = getattr(obj, f.attname)
            if f.related_model is user_model and value is not None:
                writer.users.add(value)
            row[f.name] = value
        elif isinstance(f, models.FileField):
            name = getattr(obj, f.attname).name or ""
            writer.add_stored_file(name)
            row[f.name] = name
        elif isinstance(f, models.BinaryField):
            value = getattr(obj, f.attname)
            row[f.name] = (
                None
                if value is None
                else writer.add_blob(f"blobs/{spec.label}/{obj.pk}-{f.name}.bin", bytes(value))
            )
        else:
            value = f.value_from_object(obj)
            if f.name in json_file_fields:
                for path in json_file_paths(value):
                    writer.add_stored_file(path)
            row[f.name] = encode_value(value)
    return row


@contextlib.contextmanager
def _snapshot() -> Iterator[None]:
    """Read every model from one snapshot, so rows written meanwhile cannot leave dangling references.

    On PostgreSQL a read-only REPEATABLE READ transaction (writers are not blocked); on SQLite one
    transaction. Inside a transaction that is already open (tests) its own isolation applies.
    """
    if connection.in_atomic_block:
        yield
        return
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield


def export_workspace(workspace: Workspace, out: IO[bytes]) -> ExportResult:
    """Write the whole workspace into `out` as a zip archive; returns its manifest and counts."""
    with _snapshot():
        return _export(workspace, out)


def _export(workspace: Workspace, out: IO[bytes]) -> ExportResult:
    user_model = get_user_model()
    counts: dict[str, dict[str, Any]] = {}
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        writer = _Writer(zf)
        for spec in exported_models():
            queryset = spec.rows(workspace)
            if spec.m2m:
                queryset = queryset.prefetch_related(*(f.name for f in spec.m2m))
            lines = []
            for obj in queryset.iterator(chunk_size=1000) if not spec.m2m else queryset:
                row = _row(spec, obj, writer, user_model)
                for m2m in spec.m2m:
                    targets = sorted(target.pk for target in getattr(obj, m2m.name).all())
                    if m2m.related_model is user_model:
                        writer.users.update(targets)
                    row[m2m.name] = targets
                lines.append(json.dumps(row, ensure_ascii=False, sort_keys=True))
            path = f"data/{spec.label}.jsonl"
            zf.writestr(path, "".join(line + "\n" for line in lines))
            counts[spec.label] = {"file": path, "rows": len(lines)}
        users = user_model._base_manager.filter(pk__in=writer.users).order_by("pk")
        user_lines = [
            json.dumps(
                {"id": u.pk, **{name: encode_value(getattr(u, name)) for name in USER_FIELDS}},
                ensure_ascii=False,
                sort_keys=True,
            )
            for u in users
        ]
        zf.writestr(USERS, "".join(line + "\n" for line in user_lines))
        manifest = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "app_version": settings.APP_VERSION,
            "created": timezone.now().isoformat(),
            "workspace": {"slug": workspace.slug, "name": workspace.name},
            "order": [spec.label for spec in exported_models()],
            "models": counts,
            "users": {"file": USERS, "rows": len(user_lines)},
            "files": sorted(writer.files.values(), key=lambda item: item["path"]),
            "missing_files": sorted(writer.missing),
            "excluded": EXCLUDED,
        }
        zf.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True))
    return ExportResult(
        manifest=manifest,
        rows=sum(item["rows"] for item in counts.values()),
        files=len(writer.files),
        missing_files=sorted(writer.missing),
    )


@dataclass
class Archive:
    """An archive opened for reading: its manifest, rows per model, users, and its members' bytes."""

    zf: zipfile.ZipFile
    manifest: dict[str, Any]

    def read(self, path: str) -> bytes:
        try:
            return self.zf.read(path)
        except KeyError as error:
            raise ArchiveError(f"The archive lacks {path}.") from error

    def jsonl(self, path: str) -> list[dict[str, Any]]:
        try:
            text = self.read(path).decode("utf-8")
            return [json.loads(line) for line in text.splitlines() if line.strip()]
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise ArchiveError(f"{path} is not JSON Lines: {error}") from error

    def rows(self, model_label: str) -> list[dict[str, Any]]:
        entry = self.manifest["models"].get(model_label)
        return self.jsonl(entry["file"]) if entry else []

    def users(self) -> list[dict[str, Any]]:
        return self.jsonl(self.manifest.get("users", {}).get("file", USERS))


def open_archive(source: IO[bytes] | str) -> Archive:
    """Open and check an archive: a zip, our format, a version this installation reads."""
    try:
        zf = zipfile.ZipFile(source)
    except FileNotFoundError as error:
        raise ArchiveError(f"{source} does not exist.") from error
    except (zipfile.BadZipFile, OSError) as error:
        raise ArchiveError("This is not a workspace archive (not a zip file).") from error
    try:
        manifest = json.loads(zf.read(MANIFEST))
    except KeyError as error:
        raise ArchiveError("This is not a workspace archive: manifest.json is missing.") from error
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ArchiveError("manifest.json is not valid JSON.") from error
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise ArchiveError("This is not an Ouderpartner workspace archive (manifest format).")
    version = manifest.get("format_version")
    if version != FORMAT_VERSION:
        raise ArchiveError(
            f"Archive format version {version!r} cannot be read by this installation, which reads "
            f"version {FORMAT_VERSION}."
        )
    for key in ("workspace", "models", "order"):
        if key not in manifest:
            raise ArchiveError(f"manifest.json lacks {key!r}.")
    return Archive(zf=zf, manifest=manifest)


def check_archive(archive: Archive) -> dict[str, int]:
    """Read the whole archive as an import would, without importing: every data file parses and has
    the rows the manifest counts, every file and blob has its SHA-256. Returns rows, users, files."""
    rows = 0
    for entry in archive.manifest["models"].values():
        lines = archive.jsonl(entry["file"])
        if len(lines) != entry.get("rows"):
            raise ArchiveError(
                f"{entry['file']} has {len(lines)} rows; the manifest says {entry.get('rows')}."
            )
        rows += len(lines)
        blobs = [v for row in lines for v in row.values() if isinstance(v, dict) and set(v) == BLOB_KEYS]
        for blob in blobs:
            if sha256(archive.read(blob["blob"])) != blob["sha256"]:
                raise ArchiveError(f"{blob['blob']} is damaged: its SHA-256 differs from the row's.")
    for item in archive.manifest.get("files", []):
        if sha256(archive.read(item["path"])) != item.get("sha256"):
            raise ArchiveError(f"{item['path']} is damaged: its SHA-256 differs from the manifest's.")
    return {"rows": rows, "users": len(archive.users()), "files": len(archive.manifest.get("files", []))}
