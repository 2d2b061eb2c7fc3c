from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from openapi_spec_validator import validate

COMMITTED = Path(settings.BASE_DIR) / "docs" / "openapi.yaml"


def test_the_committed_schema_is_up_to_date(tmp_path):
    """CI fails when an API change is not reflected in docs/openapi.yaml: run `make openapi` and commit it."""
    fresh = tmp_path / "openapi.yaml"
    call_command(
        "spectacular",
        "--generator-class=ouderpartner.api.schema.EnglishSchemaGenerator",
        "--fail-on-warn",
        "--validate",
        f"--file={fresh}",
    )
    assert fresh.read_text() == COMMITTED.read_text(), "docs/openapi.yaml is out of date: run `make openapi`"


def test_the_committed_schema_is_valid_openapi():
    schema = yaml.safe_load(COMMITTED.read_text())
    validate(schema)
    assert schema["info"]["title"] == "Ouderpartner API"
    assert "/api/workspaces/{ws}/organisations/{id}/archive/" in schema["paths"]


def test_the_schema_is_english_whatever_the_language(client, settings):
    response = client.get(reverse("api-schema"), HTTP_ACCEPT_LANGUAGE="nl")
    assert response.status_code == 200
    assert b"early education provider (VE)" in response.content


@pytest.mark.django_db
def test_the_schema_is_public(client):
    assert client.get(reverse("api-schema")).status_code == 200
