"""The production static storage (hashed names) accepts every file: a reference to a missing file (a source
map, an image named in CSS) would stop `collectstatic`, and with it `make run` and every deployment."""

from __future__ import annotations

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_collectstatic_with_hashed_names_finds_every_referenced_file(settings, tmp_path):
    settings.STATIC_ROOT = str(tmp_path)
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    call_command("collectstatic", interactive=False, verbosity=0)
    assert (tmp_path / "staticfiles.json").exists()
    assert list(tmp_path.glob("vendor/vega/vega-interpreter.*.js"))
