"""Bulk entry from XLSX: template, preview with errors per line (nothing saved), confirm, malformed files."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from ouderpartner.core.models import AuditEvent
from ouderpartner.network.tests.factories import LocationFactory, OrganisationFactory
from ouderpartner.reach.models import Activity
from ouderpartner.reach.tests.factories import ActivityFactory

pytestmark = pytest.mark.django_db
HEADER = [
    "Datum",
    "Plek",
    "Soort activiteit",
    "Ouders",
    "Doelgroepouders",
    "Voor het eerst",
    "Talen",
    "Tolk",
    "Eigen kenmerk",
]


def url(name, ws="utrecht"):
    return reverse(f"reach:{name}", kwargs={"ws": ws})


def xlsx(rows, header=HEADER) -> SimpleUploadedFile:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("activiteiten.xlsx", buffer.getvalue())


@pytest.fixture
def place(school):
    return school.locations.get()


def upload(client, file):
    return client.post(url("activity_import"), {"step": "upload", "file": file})


def confirm(client, **extra):
    return client.post(url("activity_import"), {"step": "confirm", **extra})


def test_a_valid_file_is_previewed_then_saved(client_for, bob, place):
    client = client_for(bob)
    day = datetime.date.today() - datetime.timedelta(days=3)
    response = upload(
        client,
        xlsx(
            [
                [day, place.name, "voorleesmoment", 10, 4, 1, "nl, ar", "ja", "R-1"],
                [day.strftime("%d-%m-%Y"), place.name.upper(), "home_visit", 3, 3, 0, "", "nee", ""],
            ]
        ),
    )
    assert response.status_code == 200
    assert response.context["valid_count"] == 2 and not response.context["error_lines"]
    assert not Activity.objects.exists()
    assert confirm(client).status_code == 302
    assert Activity.objects.filter(source="xlsx", created_by=bob).count() == 2
    assert Activity.objects.get(external_reference="R-1").interpreter_used is True
    assert AuditEvent.objects.filter(object_type="activity", action="create").count() == 2


def test_errors_are_shown_per_line_and_nothing_is_saved_unless_asked(client_for, bob, place, utrecht):
    other = LocationFactory(organisation=OrganisationFactory(workspace=utrecht), name="Elders")
    day = datetime.date.today() - datetime.timedelta(days=1)
    future = datetime.date.today() + datetime.timedelta(days=10)
    client = client_for(bob)
    response = upload(
        client,
        xlsx(
            [
                [day, place.name, "parent_meeting", 8, 9, 0, "", "", ""],  # target group > parents
                [day, place.name, "parent_meeting", -2, 0, 0, "", "", ""],  # negative
                [future, place.name, "parent_meeting", 8, 1, 0, "", "", ""],  # future
                [day, other.name, "parent_meeting", 8, 1, 0, "", "", ""],  # another organisation's place
                ["gisteren", place.name, "feest", "veel", 1, 0, "xx", "misschien", ""],
                [day, place.name, "parent_meeting", 8, 1, 0, "nl", "", ""],  # fine
            ]
        ),
    )
    errors = {line.number: " ".join(line.errors) for line in response.context["error_lines"]}
    assert set(errors) == {2, 3, 4, 5, 6}
    assert "doelgroepouders" in errors[2].lower() or "target-group" in errors[2].lower()
    assert "Elders" in errors[5]
    assert response.context["valid_count"] == 1
    assert confirm(client).status_code == 400
    assert not Activity.objects.exists()
    assert confirm(client, valid_only="1").status_code == 302
    assert Activity.objects.count() == 1


def test_an_own_reference_corrects_instead_of_counting_twice(client_for, alice, place):
    ActivityFactory(location=place, external_reference="R-9", parents=5, target_group_parents=1)
    client = client_for(alice)
    day = datetime.date.today()
    upload(client, xlsx([[day, place.name, "parent_meeting", 12, 2, 0, "", "", "R-9"]]))
    assert confirm(client).status_code == 302
    assert Activity.objects.get().parents == 12


@pytest.mark.parametrize(
    "content",
    [b"not a spreadsheet", b"PK\x03\x04 broken zip", b""],
)
def test_a_malformed_file_gets_a_clear_error(client_for, bob, content):
    response = upload(client_for(bob), SimpleUploadedFile("x.xlsx", content))
    assert response.status_code == 400
    assert response.context["form"].errors["file"]
    assert not Activity.objects.exists()


def test_missing_columns_are_named(client_for, bob):
    response = upload(client_for(bob), xlsx([["x"]], header=["Datum", "Iets"]))
    assert response.status_code == 400
    message = " ".join(response.context["form"].errors["file"])
    assert "Plaats" in message or "Plek" in message or "Place" in message


def test_confirm_without_an_upload_asks_again(client_for, bob):
    assert confirm(client_for(bob)).status_code == 302


def test_the_template_has_the_columns(client_for, bob):
    response = client_for(bob).get(url("activity_import_template"))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert [c.value for c in sheet[1]][:2] == ["Datum", "Einddatum"]
    assert sheet[1][2].value in ("Plaats", "Plek")


def test_viewers_and_outsiders(client_for, carol, dave):
    viewer = client_for(carol)
    assert viewer.get(url("activity_import")).status_code == 403
    assert viewer.get(url("activity_import_template")).status_code == 403
    outsider = client_for(dave)
    for name in ("activity_import", "activity_import_template"):
        assert outsider.get(url(name)).status_code == 404
        assert outsider.post(url(name)).status_code == 404


@pytest.mark.parametrize("rows", [1, 40])
def test_preview_queries_do_not_grow(client_for, bob, place, rows, django_assert_max_num_queries):
    client = client_for(bob)
    day = datetime.date.today()
    file = xlsx([[day, place.name, "parent_meeting", 8, 1, 0, "nl", "", ""]] * rows)
    with django_assert_max_num_queries(14):
        assert upload(client, file).status_code == 200
