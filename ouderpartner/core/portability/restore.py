"""Importing a workspace archive into an installation that does not have the workspace yet.

Everything happens in one transaction: users first (found by e-mail, or created without a password),
then every model in the order of the registry, each row with a new id; references to rows not yet
loaded (a neighbourhood's parent, a live session's current prompt) are filled in once all rows are
there, then the many-to-many links. Files are written to the storage under their own names and, when
the transaction fails, removed again. The import is audited once it is committed.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO, Any

from django.contrib.auth import get_user_model
from django.core.exceptions import SuspiciousOperation, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import DatabaseError, IntegrityError, models, transaction

from ouderpartner.core.audit import audit_record
from ouderpartner.core.models import AuditEvent, Workspace
from ouderpartner.core.portability.archive import (
    Archive,
    ArchiveError,
    json_file_paths,
    open_archive,
    sha256,
)
from ouderpartner.core.portability.registry import (
    JSON_FILE_FIELDS,
    USER_FIELDS,
    ModelSpec,
    exported_models,
)

RECORDING_FOLDER = re.compile(r"^voice/audio/q(\d+)/")


@dataclass
class ImportResult:
    workspace: Workspace
    rows: dict[str, int] = field(default_factory=dict)
    files: int = 0
    users_created: int = 0
    users_existing: int = 0

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())


@contextlib.contextmanager
def _timestamps_as_given(model: type[models.Model]) -> Iterator[None]:
    """Keep the archive's created/updated times: auto_now(_add) would overwrite them on insert."""
    changed = []
    for f in model._meta.concrete_fields:
        if isinstance(f, models.DateField) and (f.auto_now or f.auto_now_add):
            changed.append((f, f.auto_now, f.auto_now_add))
            f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, auto_now, auto_now_add in changed:
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


class _Restorer:
    def __init__(self, archive: Archive) -> None:
        self.archive = archive
        self.files = {item["path"]: item for item in archive.manifest.get("files", [])}
        self.ids: dict[str, dict[int, int]] = {}
        self.users: dict[int, int] = {}
        self.saved_files: list[str] = []
        self.restored: dict[str, str] = {}
        self.deferred: list[tuple[ModelSpec, int, models.Field, str, int]] = []
        self.user_model = get_user_model()

    # -- files -------------------------------------------------------------------------------------
    def file_bytes(self, name: str) -> bytes | None:
        """The archived content of a stored file (checked against its hash), None if never archived."""
        entry = self.files.get(f"files/{name}")
        if entry is None:
            return None
        data = self.archive.read(entry["path"])
        if sha256(data) != entry.get("sha256"):
            raise ArchiveError(f"{entry['path']} is damaged: its SHA-256 differs from the manifest's.")
        return data

    def restore_file(self, name: str, new_name: str = "") -> str:
        """Write an archived file (once, however many rows name it); its name in this storage."""
        if name in self.restored:
            return self.restored[name]
        data = self.file_bytes(name)
        if data is None:  # never uploaded, or missing already when exported: the name stays as it was
            return new_name or name
        saved = default_storage.save(new_name or name, ContentFile(data))
        self.saved_files.append(saved)
        self.restored[name] = saved
        return saved

    # -- users -------------------------------------------------------------------------------------
    def restore_users(self, result: ImportResult) -> None:
        date_joined = self.user_model._meta.get_field("date_joined")
        for row in self.archive.users():
            email = str(row.get("email", "")).strip().lower()
            if not email:
                raise ArchiveError("users.jsonl has a user without an e-mail address.")
            user = self.user_model._base_manager.filter(email__iexact=email).first()
            if user is None:
                values = {name: row[name] for name in USER_FIELDS if name in row and name != "email"}
                if "date_joined" in values:
                    values["date_joined"] = date_joined.to_python(values["date_joined"])
                user = self.user_model(email=email, **values)
                user.set_unusable_password()  # a restored user sets a password through "forgot password"
                user.save()
                result.users_created += 1
            else:
                result.users_existing += 1
            self.users[row["id"]] = user.pk

    # -- rows --------------------------------------------------------------------------------------
    def value(self, spec: ModelSpec, f: models.Field, row: dict[str, Any], old_pk: int) -> Any:
        raw = row[f.name]
        if f.is_relation:
            if raw is None:
                return None
            target = f.related_model
            if target is self.user_model:
                return self._map_user(raw, spec, f)
            target_label = target._meta.label_lower
            if target is spec.model or target_label not in self.ids:
                self.deferred.append((spec, old_pk, f, target_label, raw))
                return None
            return self._map(target_label, raw, spec, f)
        if isinstance(f, models.FileField):
            return self.restore_file(raw) if raw else ""
        if isinstance(f, models.BinaryField):
            if raw is None:
                return None
            data = self.archive.read(raw["blob"])
            if sha256(data) != raw.get("sha256"):
                raise ArchiveError(f"{raw['blob']} is damaged: its SHA-256 differs from the row's.")
            return data
        if isinstance(f, models.JSONField) or raw is None:
            return raw
        try:
            return f.to_python(raw)
        except ValidationError as error:
            raise ArchiveError(f"{spec.label} {old_pk}: {f.name} {raw!r} is not valid.") from error

    def _map(self, target_label: str, old: int, spec: ModelSpec, f: models.Field) -> int:
        try:
            return self.ids[target_label][old]
        except KeyError as error:
            raise ArchiveError(
                f"{spec.label}.{f.name} refers to {target_label} {old}, which the archive does not hold."
            ) from error

    def _map_user(self, old: int, spec: ModelSpec, f: models.Field) -> int:
        try:
            return self.users[old]
        except KeyError as error:
            raise ArchiveError(
                f"{spec.label}.{f.name} refers to user {old}, absent from users.jsonl."
            ) from error

    def restore_model(self, spec: ModelSpec, result: ImportResult) -> None:
        rows = sorted(self.archive.rows(spec.label), key=lambda row: row["id"])
        known = {f.name for f in spec.fields} | {f.name for f in spec.m2m}
        objects = []
        for row in rows:
            unknown = set(row) - known
            if unknown:
                raise ArchiveError(
                    f"{spec.label} has fields this installation does not know: {sorted(unknown)}."
                )
            values = {
                f.attname: self.value(spec, f, row, row["id"])
                for f in spec.fields
                if not f.primary_key and f.name in row
            }
            objects.append(spec.model(**values))
        with _timestamps_as_given(spec.model):
            created = spec.model._base_manager.bulk_create(objects, batch_size=500)
        mapping = {}
        for row, obj in zip(rows, created, strict=True):
            if obj.pk is None:
                raise ArchiveError(f"The database returned no id for a new {spec.label} row.")
            mapping[row["id"]] = obj.pk
        self.ids[spec.label] = mapping
        result.rows[spec.label] = len(rows)

    def restore_deferred(self) -> None:
        for spec, old_pk, f, target_label, old_target in self.deferred:
            new_target = self._map(target_label, old_target, spec, f)
            spec.model._base_manager.filter(pk=self.ids[spec.label][old_pk]).update(**{f.attname: new_target})

    def restore_links(self, spec: ModelSpec) -> None:
        if not spec.m2m:
            return
        rows = self.archive.rows(spec.label)
        for m2m in spec.m2m:
            through = m2m.remote_field.through
            source_column = m2m.m2m_field_name() + "_id"
            target_column = m2m.m2m_reverse_field_name() + "_id"
            target_label = m2m.related_model._meta.label_lower
            links = []
            for row in rows:
                for old_target in row.get(m2m.name, []):
                    target = (
                        self._map_user(old_target, spec, m2m)
                        if m2m.related_model is self.user_model
                        else self._map(target_label, old_target, spec, m2m)
                    )
                    links.append(
                        through(**{source_column: self.ids[spec.label][row["id"]], target_column: target})
                    )
            through._base_manager.bulk_create(links, batch_size=1000)

    def restore_recordings(self) -> None:
        """Recordings live under voice/audio/q<questionnaire id>/: move them to the new ids' folders."""
        questionnaires = self.ids.get("voice.questionnaire", {})

        def new_name(path: str) -> str:
            match = RECORDING_FOLDER.match(path)
            if not match or int(match.group(1)) not in questionnaires:
                return path
            return f"voice/audio/q{questionnaires[int(match.group(1))]}/{path[match.end() :]}"

        def rewrite(value: Any, renamed: dict[str, str]) -> Any:
            if isinstance(value, dict):
                return {key: rewrite(item, renamed) for key, item in value.items()}
            if isinstance(value, list):
                return [rewrite(item, renamed) for item in value]
            return renamed.get(value, value) if isinstance(value, str) else value

        for label, field_names in JSON_FILE_FIELDS.items():
            spec = next((s for s in exported_models() if s.label == label), None)
            if spec is None:
                continue
            for row in self.archive.rows(label):
                changes = {}
                for name in field_names:
                    renamed = {
                        path: self.restore_file(path, new_name(path))
                        for path in json_file_paths(row.get(name))
                    }
                    if renamed:
                        changes[name] = rewrite(row[name], renamed)
                if changes:
                    spec.model._base_manager.filter(pk=self.ids[label][row["id"]]).update(**changes)


def import_workspace(source: IO[bytes] | str, *, actor: Any = None) -> ImportResult:
    """Restore an archive as a new workspace; ArchiveError (nothing changed) when that cannot be done."""
    archive = open_archive(source)
    manifest = archive.manifest
    slug = str(manifest["workspace"].get("slug", ""))
    if Workspace.objects.filter(slug=slug).exists():
        raise ArchiveError(
            f"This installation has a workspace '{slug}' already. An archive is imported only into an "
            "installation without that workspace; nothing was imported."
        )
    specs = {spec.label: spec for spec in exported_models()}
    unknown = sorted(set(manifest["models"]) - set(specs))
    if unknown:
        raise ArchiveError(f"The archive holds data of models this installation does not know: {unknown}.")
    restorer = _Restorer(archive)
    result = ImportResult(workspace=Workspace())
    try:
        with transaction.atomic():
            restorer.restore_users(result)
            for spec in exported_models():
                restorer.restore_model(spec, result)
            restorer.restore_deferred()
            for spec in exported_models():
                restorer.restore_links(spec)
            restorer.restore_recordings()
            result.files = len(restorer.saved_files)
            workspaces = list(restorer.ids.get("core.workspace", {}).values())
            if len(workspaces) != 1:
                raise ArchiveError("The archive must hold exactly one workspace.")
            result.workspace = Workspace.objects.get(pk=workspaces[0])
    except (IntegrityError, DatabaseError) as error:
        _remove(restorer.saved_files)
        raise ArchiveError(
            f"The archive does not fit this installation (a code or name it holds is in use here): {error}"
        ) from error
    except SuspiciousOperation as error:
        _remove(restorer.saved_files)
        raise ArchiveError(f"The archive names a file outside the media folder: {error}") from error
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        _remove(restorer.saved_files)
        raise ArchiveError(f"The archive is malformed ({type(error).__name__}: {error}).") from error
    except BaseException:
        _remove(restorer.saved_files)
        raise
    audit_record(
        workspace=result.workspace,
        actor=actor,
        action=AuditEvent.Action.IMPORT,
        object_type="workspace_archive",
        object_repr=result.workspace.name,
        changes={
            "format_version": manifest["format_version"],
            "archive_created": manifest.get("created", ""),
            "rows": result.total_rows,
            "files": result.files,
            "users_created": result.users_created,
            "users_existing": result.users_existing,
        },
    )
    return result


def _remove(names: list[str]) -> None:
    for name in names:
        with contextlib.suppress(OSError):
            default_storage.delete(name)
