"""Workspace settings: name, colours (contrast checked), logo (content checked), k, languages, CBS code."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ouderpartner.core.models import AuditEvent, Municipality

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
SAFE_SVG = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10"/></svg>'


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def url():
    return reverse("core:settings", kwargs={"ws": "utrecht"})


def data(**changes):
    values = {
        "name": "Gemeente Utrecht",
        "primary_colour": "#01689B",
        "accent_colour": "#39870C",
        "disclosure_threshold": "5",
        "parent_languages": ["nl", "ar", "tr"],
        "municipality_code": "GM0344",
    }
    values.update(changes)
    return values


def test_it_saves_the_settings_and_audits_the_changed_fields(client_for, alice, utrecht):
    response = client_for(alice).post(
        url(), data(name="Utrecht", disclosure_threshold="10", parent_languages=["nl"])
    )
    assert response.status_code == 302
    utrecht.refresh_from_db()
    assert (utrecht.name, utrecht.disclosure_threshold, utrecht.parent_languages) == ("Utrecht", 10, ["nl"])
    event = AuditEvent.objects.get(action=AuditEvent.Action.CHANGE, object_type="workspace")
    assert set(event.changes) == {"name", "disclosure_threshold", "parent_languages"}


def test_it_refuses_a_colour_with_too_little_contrast_and_keeps_the_other_values(client_for, alice, utrecht):
    response = client_for(alice).post(url(), data(name="Nieuwe naam", primary_colour="#FFFF00"))
    assert response.status_code == 400
    errors = response.context["form"].errors["primary_colour"]
    assert "1.1:1" in errors[0] and "contrast" in errors[0]
    html = response.content.decode()
    assert 'value="Nieuwe naam"' in html and 'value="#FFFF00"' in html
    utrecht.refresh_from_db()
    assert utrecht.name == "Gemeente Utrecht"
    assert not AuditEvent.objects.exists()
    # the page shell still shows the saved (valid) colours, not the refused one
    assert "#FFFF00" not in html.split("</style>")[0]


def test_it_refuses_a_threshold_below_five(client_for, alice):
    response = client_for(alice).post(url(), data(disclosure_threshold="3"))
    assert response.status_code == 400
    assert response.context["form"].errors["disclosure_threshold"]


def test_it_checks_the_municipality_code_against_the_list(client_for, alice, utrecht):
    Municipality.objects.create(code="GM0344", name="Utrecht")
    response = client_for(alice).post(url(), data(municipality_code="GM0001"))
    assert response.status_code == 400
    assert response.context["form"].errors["municipality_code"]
    assert client_for(alice).post(url(), data(municipality_code="gm0344")).status_code == 302


def test_it_accepts_a_png_logo(client_for, alice, utrecht):
    logo = SimpleUploadedFile("logo.png", PNG, content_type="image/png")
    response = client_for(alice).post(url(), {**data(), "logo": logo})
    assert response.status_code == 302
    utrecht.refresh_from_db()
    assert utrecht.logo.name.startswith("logos/utrecht-") and utrecht.logo.name.endswith(".png")
    assert "logo" in AuditEvent.objects.get(object_type="workspace").changes


def test_it_accepts_a_plain_svg_logo(client_for, alice, utrecht):
    logo = SimpleUploadedFile("logo.svg", SAFE_SVG, content_type="image/svg+xml")
    assert client_for(alice).post(url(), {**data(), "logo": logo}).status_code == 302


@pytest.mark.parametrize(
    "content",
    [
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
        b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:x="http://www.w3.org/1999/xlink">'
        b'<use x:href="https://evil.example/a.svg#b"/></svg>',
        b'<!DOCTYPE svg [<!ENTITY a "b">]><svg xmlns="http://www.w3.org/2000/svg">&a;</svg>',
        b"<svg><unclosed",
        b"GIF89a not an allowed kind",
        b"\x89PNG\r\n\x1a\n" + b"\x00" * (501 * 1024),
    ],
)
def test_it_refuses_unsafe_or_unsupported_logos(client_for, alice, utrecht, content):
    logo = SimpleUploadedFile("logo.svg", content, content_type="image/svg+xml")
    response = client_for(alice).post(url(), {**data(name="Kept"), "logo": logo})
    assert response.status_code == 400
    assert response.context["form"].errors["logo"]
    assert 'value="Kept"' in response.content.decode()
    utrecht.refresh_from_db()
    assert not utrecht.logo


def test_its_query_count_is_bounded(client_for, alice, django_assert_max_num_queries):
    client = client_for(alice)
    with django_assert_max_num_queries(10):
        client.get(url())
    with django_assert_max_num_queries(16):
        client.post(url(), data(name="Utrecht"))
