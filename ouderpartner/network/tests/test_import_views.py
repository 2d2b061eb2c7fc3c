"""The upload screen: preview first, confirm to apply, bad files change nothing; only coordinators."""

import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ouderpartner.core.models import AuditEvent
from ouderpartner.network.models import Location, Neighbourhood, Organisation

pytestmark = pytest.mark.django_db
SAMPLES = Path(__file__).parent / "samples"
URL = reverse("network:import", kwargs={"ws": "utrecht"})


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def upload(client, name: str, kind: str = "duo_schools", content: bytes | None = None):
    data = content if content is not None else (SAMPLES / name).read_bytes()
    return client.post(URL, {"step": "upload", "kind": kind, "file": SimpleUploadedFile(name, data)})


def token_of(response) -> str:
    return re.search(r'name="token" value="([^"]+)"', response.content.decode()).group(1)


def test_it_shows_the_form_to_a_coordinator(client_for, alice):
    response = client_for(alice).get(URL)
    assert response.status_code == 200
    assert b'enctype="multipart/form-data"' in response.content


def test_it_previews_then_imports_on_confirm(client_for, alice, utrecht):
    client = client_for(alice)
    preview = upload(client, "duo_cp1252.csv")
    assert preview.status_code == 200
    assert not Location.objects.filter(workspace=utrecht).exists()  # nothing yet
    assert preview.context["result"].counts["locations"].created == 5
    assert len(preview.context["result"].errors) == 2
    assert "KBS Ariëns" in preview.content.decode()
    done = client.post(URL, {"step": "confirm", "token": token_of(preview)})
    assert done.status_code == 302
    assert Location.objects.filter(workspace=utrecht).count() == 5
    assert AuditEvent.objects.filter(workspace=utrecht, action="import", actor=alice).count() == 1
    result = client.get(done["Location"])
    assert result.status_code == 200
    assert result.context["result"].counts["locations"].created == 5


def test_a_preview_can_be_confirmed_only_once(client_for, alice, utrecht):
    client = client_for(alice)
    token = token_of(upload(client, "duo_cp1252.csv"))
    client.post(URL, {"step": "confirm", "token": token})
    again = client.post(URL, {"step": "confirm", "token": token}, follow=True)
    assert again.status_code == 200
    assert AuditEvent.objects.filter(workspace=utrecht, action="import").count() == 1


def test_a_cancelled_preview_changes_nothing(client_for, alice, utrecht):
    client = client_for(alice)
    token = token_of(upload(client, "kwb.csv", kind="cbs_neighbourhoods"))
    client.post(URL, {"step": "cancel", "token": token})
    client.post(URL, {"step": "confirm", "token": token})
    assert not Neighbourhood.objects.exists()


def test_it_imports_neighbourhoods_and_postcodes(client_for, alice, utrecht):
    client = client_for(alice)
    client.post(
        URL, {"step": "confirm", "token": token_of(upload(client, "kwb.csv", kind="cbs_neighbourhoods"))}
    )
    client.post(
        URL, {"step": "confirm", "token": token_of(upload(client, "postcodes.csv", kind="postcodes"))}
    )
    assert Neighbourhood.objects.filter(workspace=utrecht).count() == 5
    from ouderpartner.network.models import PostcodeArea

    # A coordinator changes only the postcodes of their own municipality.
    assert set(PostcodeArea.objects.values_list("municipality_code", flat=True)) == {"GM0344"}


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("wrong_columns.csv", None),
        ("binary.csv", b"\x00\x01\x02" * 100),
        ("empty.csv", b""),
        ("broken.xlsx", b"PK\x03\x04 not really a workbook"),
    ],
)
def test_a_bad_file_gets_a_message_and_changes_nothing(client_for, alice, utrecht, name, content):
    response = upload(client_for(alice), name, content=content)
    assert response.status_code == 400
    assert response.context["form"].errors
    assert not Organisation.objects.exists()
    assert not AuditEvent.objects.filter(action="import").exists()


def test_someone_elses_preview_cannot_be_confirmed(client_for, alice, utrecht, dave, amersfoort):
    token = token_of(upload(client_for(alice), "duo_cp1252.csv"))
    from ouderpartner.core.models import Membership, Role

    Membership.objects.create(user=dave, workspace=utrecht, role=Role.COORDINATOR)
    client_for(dave).post(URL, {"step": "confirm", "token": token})
    client_for(dave).post(URL, {"step": "confirm", "token": "../../../etc/passwd"})
    assert not Location.objects.exists()


def test_it_answers_404_to_a_member_of_another_workspace(client_for, dave, utrecht):
    assert client_for(dave).get(URL).status_code == 404
    assert upload(client_for(dave), "duo_cp1252.csv").status_code == 404


def test_it_answers_403_to_professionals_and_viewers(client_for, bob, carol):
    assert client_for(bob).get(URL).status_code == 403
    assert client_for(carol).get(URL).status_code == 403
    assert upload(client_for(carol), "duo_cp1252.csv").status_code == 403


def test_its_query_count_is_bounded(client_for, alice, utrecht, django_assert_max_num_queries):
    client = client_for(alice)
    rows = "\r\n".join(
        f"Utrecht;1;{n:02d}AA;{n:02d}AA00;School {n};Straat;{n};35{n:02d} AB;UTRECHT;0344;UTRECHT;Openbaar;030;www.s{n}.nl;Midden"
        for n in range(10, 60)
    )
    content = (SAMPLES / "duo_cp1252.csv").read_bytes().split(b"\r\n")[0] + b"\r\n" + rows.encode("cp1252")
    with django_assert_max_num_queries(15):
        preview = upload(client, "many.csv", content=content)
    with django_assert_max_num_queries(20):
        client.post(URL, {"step": "confirm", "token": token_of(preview)})
    assert Location.objects.count() == 50
    with django_assert_max_num_queries(25):  # two requests; updates are bulk, so this does not grow with rows
        again = upload(client, "many.csv", content=content)
        client.post(URL, {"step": "confirm", "token": token_of(again)})
    with django_assert_max_num_queries(10):
        client.get(URL)


@pytest.mark.browser
def test_the_upload_preview_and_result_are_accessible(page, login, alice, utrecht, axe):
    login(alice)
    page.goto(f"{page.base_url}{URL}")
    axe(page, context="import form")
    page.check("input[value=duo_schools]")
    page.set_input_files("input[type=file]", str(SAMPLES / "duo_cp1252.csv"))
    page.click("main button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "KBS Ariëns" in page.content()
    axe(page, context="import preview")
    page.click("button[value=confirm]")
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").count() == 1
    axe(page, context="import result")
    assert Location.objects.filter(workspace=utrecht).count() == 5


@pytest.mark.browser
def test_a_bad_upload_shows_an_accessible_message(page, login, alice, utrecht, axe):
    login(alice)
    page.goto(f"{page.base_url}{URL}")
    page.check("input[value=duo_schools]")
    page.set_input_files("input[type=file]", str(SAMPLES / "wrong_columns.csv"))
    page.click("main button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert page.locator("#error-summary").count() == 1
    axe(page, context="import error")
