"""No loss: the demo's Utrecht (every app, with a logo, a picture, recordings and a PDF report) is
exported, imported into a freshly migrated, empty installation (its own SQLite database and media
folder, in another process: other ids), exported again there, and the two archives are compared model
by model and row by row, ids aside (compare.py): only the audit event of the import itself differs."""

from __future__ import annotations

import collections
import os
import sqlite3
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.files.base import ContentFile

from ouderpartner.accounts.models import Invitation
from ouderpartner.core.demo.loader import load_demo
from ouderpartner.core.models import Role, Workspace
from ouderpartner.core.portability import export_workspace, open_archive
from ouderpartner.core.portability.compare import canonical
from ouderpartner.core.portability.registry import exported_models
from ouderpartner.live.models import BlockedWord
from ouderpartner.reach.models import PartnerToken
from ouderpartner.voice.models import Option, Questionnaire

pytestmark = pytest.mark.django_db

ID_START = 1_000_000
RECORDING = b"ID3" + bytes(range(256)) * 8


def _manage(*args: str, database, media) -> str:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "SQLITE_PATH", "MEDIA_ROOT"}}
    env.update(SQLITE_PATH=str(database), MEDIA_ROOT=str(media), TESTING="1")
    result = subprocess.run(
        [sys.executable, "manage.py", *args, "--skip-checks"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def _ids_from(start: int, database) -> None:
    """Make the empty installation number every new row from `start` on (Django's SQLite tables count
    with AUTOINCREMENT), so no restored row can keep its old id by chance."""
    tables = {spec.model._meta.db_table for spec in exported_models()} | {"accounts_user"}
    for spec in exported_models():
        tables.update(m2m.remote_field.through._meta.db_table for m2m in spec.m2m)
    with sqlite3.connect(database) as connection:
        for table in sorted(tables):
            connection.execute("DELETE FROM sqlite_sequence WHERE name = ?", (table,))
            connection.execute("INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)", (table, start))


def _with_files(utrecht: Workspace) -> None:
    """What the demo lacks: uploaded files, an open invitation, a blocked word and a partner's API token."""
    organisation = utrecht.organisations.order_by("pk").first()
    Invitation.objects.create(workspace=utrecht, email="nieuw@utrecht.example", role=Role.VIEWER)
    BlockedWord.objects.create(workspace=utrecht, word="scheldwoord")
    PartnerToken.objects.create(
        workspace=utrecht, organisation=organisation, name="Koppeling", prefix="abcd1234", token_hash="0" * 64
    )
    utrecht.logo.save("utrecht.svg", ContentFile(b"<svg xmlns='http://www.w3.org/2000/svg'/>"))
    questionnaire = Questionnaire.objects.filter(workspace=utrecht).order_by("pk").first()
    option = Option.objects.filter(question__questionnaire=questionnaire).order_by("pk").first()
    option.image.save("picture.png", ContentFile(b"\x89PNG\r\n\x1a\n" + bytes(range(99))))
    folder = settings.MEDIA_ROOT / "voice" / "audio" / f"q{questionnaire.pk}"
    folder.mkdir(parents=True)
    (folder / "welkom.mp3").write_bytes(RECORDING)
    (folder / "vraag.mp3").write_bytes(RECORDING[::-1])
    questionnaire.audio = {"title": {"nl": f"voice/audio/q{questionnaire.pk}/welkom.mp3"}}
    questionnaire.save(update_fields=["audio"])
    question = option.question
    question.audio = {"nl": f"voice/audio/q{questionnaire.pk}/vraag.mp3", "tr": "soru.mp3"}
    question.save(update_fields=["audio"])


def test_the_demo_workspace_survives_export_and_import_into_an_empty_installation(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    load_demo()
    utrecht = Workspace.objects.get(slug="utrecht")
    _with_files(utrecht)
    first_path = tmp_path / "first.zip"
    with first_path.open("wb") as out:
        exported = export_workspace(utrecht, out)

    database, media = tmp_path / "fresh.sqlite3", tmp_path / "fresh-media"
    _manage("migrate", "-v0", database=database, media=media)
    _ids_from(ID_START, database)
    imported = _manage("import_workspace", str(first_path), database=database, media=media)
    assert f"{exported.rows} rows" in imported
    second_path = tmp_path / "second.zip"
    _manage("export_workspace", "utrecht", "-o", str(second_path), database=database, media=media)

    first, second = open_archive(str(first_path)), open_archive(str(second_path))
    # Other ids in the new installation, so the comparison below really looks past them.
    for spec in exported_models():
        assert all(row["id"] > ID_START for row in second.rows(spec.label)), spec.label
    a, b = canonical(first), canonical(second)
    import_event = b["core.auditevent"].pop()
    assert (import_event["action"], import_event["object_type"]) == ("import", "workspace_archive")
    for label in a:
        assert len(a[label]) == len(b[label]), label
        for index, (row_a, row_b) in enumerate(zip(a[label], b[label], strict=True)):
            assert row_a == row_b, f"{label} row {index}"
    assert set(a) == set(b)

    # The files came over byte for byte, and every app's data was in the archive.
    hashes = collections.Counter(item["sha256"] for item in first.manifest["files"])
    assert hashes == collections.Counter(item["sha256"] for item in second.manifest["files"])
    assert exported.files == 4 and first.manifest["missing_files"] == []
    empty = {spec.label for spec in exported_models() if not first.manifest["models"][spec.label]["rows"]}
    assert empty == set()
    assert first.manifest["models"]["policy.report"]["rows"] >= 1  # with its PDF as a blob
    print(
        f"\nround trip: {exported.rows} rows of {len(first.manifest['models'])} models, "
        f"{first.manifest['users']['rows']} users, {exported.files} files"
    )
