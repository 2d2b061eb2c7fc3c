"""Workspace archives: every model is exported or excluded with a reason, an archive of a small
workspace with files restores under another name with nothing lost, and a broken, foreign or clashing
archive is refused with a clear message and nothing changed. The demo round trip is in
test_portability_roundtrip.py."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from ouderpartner.accounts.models import User
from ouderpartner.core.models import AuditEvent, Membership, Role, Workspace
from ouderpartner.core.portability import (
    FORMAT_VERSION,
    ArchiveError,
    export_workspace,
    import_workspace,
    open_archive,
    registry,
)
from ouderpartner.core.portability.archive import sha256
from ouderpartner.core.portability.compare import differences
from ouderpartner.network.models import Organisation
from ouderpartner.voice.tests.factories import OptionFactory, QuestionFactory, QuestionnaireFactory

pytestmark = pytest.mark.django_db

LOGO = b"<svg xmlns='http://www.w3.org/2000/svg'/>"
PICTURE = b"\x89PNG\r\n\x1a\n" + bytes(range(200))
RECORDING = b"ID3" + bytes(range(256)) * 3


def test_every_model_is_exported_or_excluded_with_a_reason():
    assert registry.unclassified_models() == [], (
        "A model is neither in the workspace archive nor excluded: give it a foreign key path to "
        "Workspace, or add it to EXCLUDED in ouderpartner/core/portability/registry.py with the reason."
    )
    assert all(reason.strip() for reason in registry.EXCLUDED.values())
    assert registry.foreign_keys_out_of_archive() == []
    labels = [spec.label for spec in registry.exported_models()]
    assert labels[0] == "core.workspace"
    for app in ("core", "accounts", "network", "programmes", "voice", "live", "reach", "policy"):
        assert any(label.startswith(f"{app}.") for label in labels), app


def test_a_model_without_a_place_fails_the_check(monkeypatch):
    excluded = dict(registry.EXCLUDED)
    del excluded["core.municipality"]
    monkeypatch.setattr(registry, "EXCLUDED", excluded)
    assert registry.unclassified_models() == ["core.municipality"]


def test_the_order_loads_what_a_row_needs_first():
    placed: set[str] = set()
    for spec in registry.exported_models():
        assert spec.hard_depends_on <= placed, spec.label
        placed.add(spec.label)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def rich(utrecht, school, alice, bob, media):
    """A small workspace with a logo, a picture, recordings, a question shown after another and a link."""
    from django.core.files.base import ContentFile

    utrecht.logo.save("logo.svg", ContentFile(LOGO))
    questionnaire = QuestionnaireFactory(workspace=utrecht, created_by=alice)
    first = QuestionFactory(questionnaire=questionnaire, position=1, name="first", kind="single")
    QuestionFactory(
        questionnaire=questionnaire, position=2, name="second", show_if_question=first, show_if_value="ja"
    )
    option = OptionFactory(question=first, value="ja")
    option.image.save("ja.png", ContentFile(PICTURE))
    path = f"voice/audio/q{questionnaire.pk}/opname.mp3"
    media.joinpath("voice", "audio", f"q{questionnaire.pk}").mkdir(parents=True)
    media.joinpath(path).write_bytes(RECORDING)
    first.audio = {"nl": path, "ar": "never-uploaded.mp3"}
    first.save()
    questionnaire.audio = {"title": {"nl": path}}
    questionnaire.save()
    return utrecht


def _export(workspace) -> bytes:
    out = io.BytesIO()
    export_workspace(workspace, out)
    return out.getvalue()


def _rewrite(data: bytes, change) -> bytes:
    """A copy of the archive with change(name, bytes) -> bytes applied to each member."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name in source.namelist():
            target.writestr(name, change(name, source.read(name)))
    return out.getvalue()


def _renamed(data: bytes, slug: str) -> bytes:
    def change(name: str, content: bytes) -> bytes:
        if name == "manifest.json":
            manifest = json.loads(content)
            manifest["workspace"]["slug"] = slug
            return json.dumps(manifest).encode()
        if name == "data/core.workspace.jsonl":
            row = json.loads(content)
            row["slug"] = slug
            return (json.dumps(row) + "\n").encode()
        return content

    return _rewrite(data, change)


def test_the_manifest_says_what_the_archive_holds(rich):
    archive = open_archive(io.BytesIO(_export(rich)))
    manifest = archive.manifest
    assert manifest["format"] == "ouderpartner-workspace"
    assert manifest["format_version"] == FORMAT_VERSION
    assert manifest["workspace"] == {"slug": "utrecht", "name": "Gemeente Utrecht"}
    assert manifest["models"]["core.membership"]["rows"] == 2
    assert manifest["models"]["voice.question"]["rows"] == 2
    assert {item["path"] for item in manifest["files"]} == {
        f"files/{rich.logo.name}",
        f"files/{rich.questionnaires.get().questions.get(name='first').options.get().image.name}",
        f"files/voice/audio/q{rich.questionnaires.get().pk}/opname.mp3",
    }
    assert manifest["missing_files"] == []
    users = archive.users()
    assert sorted(user["email"] for user in users) == ["alice@utrecht.example", "bob@utrecht.example"]
    assert all("password" not in user for user in users)
    assert "accounts.user" in manifest["excluded"]


def test_an_archive_restores_under_another_name_with_nothing_lost(rich, media):
    original = _export(rich)
    result = import_workspace(io.BytesIO(_renamed(original, "utrecht-kopie")))
    copy = result.workspace
    assert copy.slug == "utrecht-kopie" and copy.pk != rich.pk
    assert result.users_existing == 2 and result.users_created == 0
    assert result.files == 3
    # The copy's own ids, the same links.
    organisation = Organisation.objects.get(workspace=copy)
    assert organisation.pk != rich.organisations.get().pk
    assert Membership.objects.get(workspace=copy, role=Role.PROFESSIONAL).organisation == organisation
    questionnaire = copy.questionnaires.get()
    second = questionnaire.questions.get(name="second")
    assert second.show_if_question == questionnaire.questions.get(name="first")
    # Files: the same bytes; recordings moved to the new questionnaire's folder.
    assert copy.logo.read() == LOGO
    first = questionnaire.questions.get(name="first")
    assert first.options.get().image.read() == PICTURE
    new_path = f"voice/audio/q{questionnaire.pk}/opname.mp3"
    assert first.audio == {"nl": new_path, "ar": "never-uploaded.mp3"}
    assert questionnaire.audio == {"title": {"nl": new_path}}
    assert media.joinpath(new_path).read_bytes() == RECORDING
    # Row by row, ids aside: only the slug differs (and the import is audited).
    again = open_archive(io.BytesIO(_export(copy)))
    found = differences(open_archive(io.BytesIO(original)), again)
    assert found == [
        "core.auditevent: 0 rows against 1",
        "core.workspace row 0: slug: 'utrecht' != 'utrecht-kopie'",
    ]
    event = AuditEvent.objects.get(workspace=copy)
    assert (event.action, event.object_type, event.changes["files"]) == ("import", "workspace_archive", 3)


def test_an_existing_workspace_is_refused_with_nothing_changed(rich):
    data = _export(rich)
    before = Organisation.objects.count()
    with pytest.raises(CommandError, match="has a workspace 'utrecht' already"):
        call_command("import_workspace", _write(rich, data))
    assert Organisation.objects.count() == before


def _write(workspace, data: bytes, name: str = "archive.zip") -> str:
    from django.conf import settings

    path = settings.MEDIA_ROOT.parent / name
    path.write_bytes(data)
    return str(path)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda name, content: content if name != "manifest.json" else b"{", "not valid JSON"),
        (
            lambda name, content: (
                content.replace(b'"format_version": 1', b'"format_version": 2')
                if name == "manifest.json"
                else content
            ),
            "format version 2 cannot be read",
        ),
        (
            lambda name, content: (
                content.replace(b"ouderpartner-workspace", b"something-else")
                if name == "manifest.json"
                else content
            ),
            "not an Ouderpartner workspace archive",
        ),
    ],
)
def test_a_foreign_or_newer_archive_is_refused(rich, change, message):
    data = _rewrite(_renamed(_export(rich), "kopie"), change)
    with pytest.raises(ArchiveError, match=message):
        import_workspace(io.BytesIO(data))
    assert not Workspace.objects.filter(slug="kopie").exists()


def test_not_a_zip_is_refused(rich):
    with pytest.raises(ArchiveError, match="not a zip"):
        import_workspace(io.BytesIO(b"PK but not really"))


def test_a_damaged_file_rolls_everything_back(rich, media):
    """The picture is restored late (options load after most models): all before it is undone."""
    picture = rich.questionnaires.get().questions.get(name="first").options.get().image.name

    def damage(name: str, content: bytes) -> bytes:
        return content[:-1] + b"!" if name == f"files/{picture}" else content

    data = _rewrite(_renamed(_export(rich), "kopie"), damage)
    files_before = sorted(p.relative_to(media) for p in media.rglob("*") if p.is_file())
    counts = (Workspace.objects.count(), Organisation.objects.count(), User.objects.count())
    with pytest.raises(ArchiveError, match="is damaged"):
        import_workspace(io.BytesIO(data))
    assert (Workspace.objects.count(), Organisation.objects.count(), User.objects.count()) == counts
    assert sorted(p.relative_to(media) for p in media.rglob("*") if p.is_file()) == files_before


def test_a_clash_with_this_installation_is_refused_with_nothing_changed(rich):
    """A code that must be unique in the whole installation (an invitation's token) is in use here."""
    from ouderpartner.accounts.models import Invitation

    Invitation.objects.create(workspace=rich, email="new@utrecht.example", role=Role.VIEWER)
    data = _renamed(_export(rich), "kopie")
    with pytest.raises(ArchiveError, match="does not fit this installation"):
        import_workspace(io.BytesIO(data))
    assert not Workspace.objects.filter(slug="kopie").exists()


def test_new_users_come_without_a_password(rich):
    data = _renamed(_export(rich), "kopie")
    Membership.objects.filter(user__email="bob@utrecht.example").delete()
    User.objects.filter(email="bob@utrecht.example").delete()
    result = import_workspace(io.BytesIO(data))
    bob = User.objects.get(email="bob@utrecht.example")
    assert (result.users_created, result.users_existing) == (1, 1)
    assert bob.name == "Bob de Vries" and not bob.has_usable_password()
    assert Membership.objects.get(user=bob).workspace == result.workspace


def test_the_commands_export_and_refuse(rich, tmp_path):
    out = io.StringIO()
    target = tmp_path / "utrecht.zip"
    call_command("export_workspace", "utrecht", "-o", str(target), stdout=out)
    assert "Exported Gemeente Utrecht" in out.getvalue() and "3 files" in out.getvalue()
    assert open_archive(str(target)).manifest["workspace"]["slug"] == "utrecht"
    event = AuditEvent.objects.get(action="export", object_type="workspace_archive")
    assert event.changes["via"] == "manage.py export_workspace"
    with pytest.raises(CommandError, match="exists already"):
        call_command("export_workspace", "utrecht", "-o", str(target))
    with pytest.raises(CommandError, match="no workspace 'nowhere'"):
        call_command("export_workspace", "nowhere", "-o", str(tmp_path / "x.zip"))
    with pytest.raises(CommandError, match="does not exist"):
        call_command("import_workspace", str(tmp_path / "missing.zip"))


class TestDownloadPage:
    def url(self, slug="utrecht"):
        return reverse("core:workspace_archive", kwargs={"ws": slug})

    def test_a_coordinator_sees_what_it_holds_and_downloads_it(self, client_for, alice, rich):
        client = client_for(alice)
        page = client.get(self.url())
        assert page.status_code == 200
        assert (
            "Download the archive" in page.content.decode() or "Download het archief" in page.content.decode()
        )
        response = client.post(self.url())
        assert response.status_code == 200
        assert response["Content-Type"] == "application/zip"
        assert (
            "attachment" in response["Content-Disposition"] and "utrecht-" in response["Content-Disposition"]
        )
        archive = open_archive(io.BytesIO(b"".join(response.streaming_content)))
        assert archive.manifest["models"]["core.workspace"]["rows"] == 1
        event = AuditEvent.objects.get(action="export", object_type="workspace_archive")
        assert event.actor == alice and event.changes["files"] == 3

    def test_others_may_not(self, client_for, bob, carol, dave, rich, client):
        assert client_for(bob).post(self.url()).status_code == 403
        assert client_for(carol).get(self.url()).status_code == 403
        assert client_for(dave).post(self.url()).status_code == 404
        client.logout()
        assert client.post(self.url()).status_code == 302
        assert not AuditEvent.objects.filter(action="export").exists()


def test_a_file_name_outside_the_media_folder_is_refused(rich, media):
    def escape(name: str, content: bytes) -> bytes:
        if name == "data/core.workspace.jsonl":
            row = json.loads(content)
            row["logo"] = "../../outside.svg"
            return (json.dumps(row) + "\n").encode()
        if name == "manifest.json":
            manifest = json.loads(content)
            manifest["files"].append({"path": "files/../../outside.svg", "sha256": sha256(LOGO), "size": 1})
            return json.dumps(manifest).encode()
        return content

    data = io.BytesIO(_rewrite(_renamed(_export(rich), "kopie"), escape))
    with zipfile.ZipFile(data, "a") as archive:
        archive.writestr("files/../../outside.svg", LOGO)
    with pytest.raises(ArchiveError, match="outside the media folder"):
        import_workspace(data)
    assert not Workspace.objects.filter(slug="kopie").exists()
    assert not (media.parent.parent / "outside.svg").exists()


def test_a_malformed_row_is_refused_with_a_message(rich):
    def drop_id(name: str, content: bytes) -> bytes:
        if name == "data/network.organisation.jsonl":
            row = json.loads(content)
            del row["id"]
            return (json.dumps(row) + "\n").encode()
        return content

    data = _rewrite(_renamed(_export(rich), "kopie"), drop_id)
    with pytest.raises(ArchiveError, match="malformed"):
        import_workspace(io.BytesIO(data))
    assert not Workspace.objects.filter(slug="kopie").exists()


def test_the_check_reads_everything_and_imports_nothing(rich, tmp_path):
    good = tmp_path / "good.zip"
    good.write_bytes(_export(rich))
    out = io.StringIO()
    call_command("import_workspace", "--check", str(good), stdout=out)
    assert "complete" in out.getvalue() and "3 files" in out.getvalue()
    assert Workspace.objects.count() == 1
    picture = rich.questionnaires.get().questions.get(name="first").options.get().image.name
    damaged = tmp_path / "damaged.zip"
    damaged.write_bytes(
        _rewrite(
            good.read_bytes(), lambda name, content: b"x" + content if name == f"files/{picture}" else content
        )
    )
    with pytest.raises(CommandError, match="is damaged"):
        call_command("import_workspace", "--check", str(damaged))
    short = tmp_path / "short.zip"
    short.write_bytes(
        _rewrite(
            good.read_bytes(), lambda name, content: b"" if name == "data/core.membership.jsonl" else content
        )
    )
    with pytest.raises(CommandError, match="has 0 rows; the manifest says 2"):
        call_command("import_workspace", "--check", str(short))
