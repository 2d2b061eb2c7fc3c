"""XLSForm screens: upload → preview → confirm creates a draft; access, bounded queries, bad files, export."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ouderpartner.voice.models import Option, Question, Questionnaire
from ouderpartner.voice.tests.test_xlsform_files import workbook
from ouderpartner.voice.xlsform import xlsform_import_bytes

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def import_url(ws: str = "utrecht") -> str:
    return reverse("voice:questionnaire_import", kwargs={"ws": ws})


def export_url(pk: int, ws: str = "utrecht") -> str:
    return reverse("voice:questionnaire_xlsform", kwargs={"ws": ws, "pk": pk})


def upload(client, data: bytes = b"", name: str = "form.xlsx"):
    return client.post(
        import_url(),
        {"step": "upload", "file": SimpleUploadedFile(name, data or workbook(), content_type=XLSX)},
    )


def counts() -> tuple[int, int, int]:
    return Questionnaire.objects.count(), Question.objects.count(), Option.objects.count()


def test_it_previews_first_and_creates_a_draft_only_on_confirm(client_for, alice):
    client = client_for(alice)
    response = upload(client)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Hoeveel boeken?" in html
    assert "bookshelf.png" in html  # listed as not imported
    assert "kids" in html
    assert counts() == (0, 0, 0)
    token = response.context["token"]
    response = client.post(import_url(), {"step": "confirm", "token": token})
    questionnaire = Questionnaire.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "voice:questionnaire_detail", kwargs={"ws": "utrecht", "pk": questionnaire.pk}
    )
    assert questionnaire.status == Questionnaire.Status.DRAFT
    assert questionnaire.questions.count() == 8
    assert questionnaire.created_by == alice
    # The preview is used up: confirming again creates nothing more.
    client.post(import_url(), {"step": "confirm", "token": token})
    assert Questionnaire.objects.count() == 1


def test_cancel_creates_nothing(client_for, alice):
    client = client_for(alice)
    token = upload(client).context["token"]
    response = client.post(import_url(), {"step": "cancel", "token": token})
    assert response.status_code == 302
    assert client.post(import_url(), {"step": "confirm", "token": token}).status_code == 302
    assert counts() == (0, 0, 0)


@pytest.mark.parametrize(
    "data",
    [
        b"not an xlsx at all",
        workbook([["type", "name", "label"]], None, None, sheet_names=("questions", "choices", "settings")),
        workbook([["type", "name", "label::Dutch (nl)"], ["select_one missing", "c", "Kleur?"]], None, None),
        workbook([["type", "name", "label::Dutch (nl)"], ["text", "a", "A"], ["text", "a", "B"]], None, None),
    ],
    ids=["not an xlsx", "no survey sheet", "missing list", "duplicate names"],
)
def test_a_malformed_file_shows_a_clear_error_and_saves_nothing(client_for, alice, data):
    response = upload(client_for(alice), data)
    assert response.status_code == 400
    assert "Er is niets geïmporteerd" in response.content.decode()
    assert response.context["form"].errors["file"]
    assert counts() == (0, 0, 0)


def test_someone_elses_preview_cannot_be_confirmed(client_for, alice, utrecht):
    from ouderpartner.core.models import Membership, Role
    from ouderpartner.core.tests.factories import UserFactory

    token = upload(client_for(alice)).context["token"]
    other = UserFactory()
    Membership.objects.create(user=other, workspace=utrecht, role=Role.COORDINATOR)
    client_for(other).post(import_url(), {"step": "confirm", "token": token})
    assert counts() == (0, 0, 0)


def test_the_export_downloads_an_xlsform(client_for, alice, utrecht):
    questionnaire = xlsform_import_bytes(workspace=utrecht, actor=alice, data=workbook())
    response = client_for(alice).get(export_url(questionnaire.pk))
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert "attachment" in response["Content-Disposition"]
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["survey", "choices", "settings"]


def test_the_questionnaire_pages_link_to_import_and_export(client_for, alice, utrecht):
    questionnaire = xlsform_import_bytes(workspace=utrecht, actor=alice, data=workbook())
    client = client_for(alice)
    assert (
        import_url()
        in client.get(reverse("voice:questionnaire_list", kwargs={"ws": "utrecht"})).content.decode()
    )
    detail = client.get(
        reverse("voice:questionnaire_detail", kwargs={"ws": "utrecht", "pk": questionnaire.pk})
    )
    assert export_url(questionnaire.pk) in detail.content.decode()


def test_it_answers_404_to_an_outsider(client_for, dave, alice, utrecht):
    questionnaire = xlsform_import_bytes(workspace=utrecht, actor=alice, data=workbook())
    client = client_for(dave)
    assert client.get(import_url()).status_code == 404
    assert upload(client).status_code == 404
    assert client.get(export_url(questionnaire.pk)).status_code == 404
    # and dave's own workspace does not open utrecht's questionnaire either
    assert client.get(export_url(questionnaire.pk, ws="amersfoort")).status_code == 404
    assert Questionnaire.objects.count() == 1


@pytest.mark.parametrize("user", ["bob", "carol"])
def test_it_refuses_non_coordinators(client_for, alice, utrecht, user, request):
    questionnaire = xlsform_import_bytes(workspace=utrecht, actor=alice, data=workbook())
    client = client_for(request.getfixturevalue(user))
    assert client.get(import_url()).status_code == 403
    assert upload(client).status_code == 403
    assert client.get(export_url(questionnaire.pk)).status_code == 403
    assert Questionnaire.objects.count() == 1


def _big_form(questions: int) -> bytes:
    survey = [["type", "name", "label::Dutch (nl)", "label::Arabic (ar)"]]
    choices = [["list_name", "name", "label::Dutch (nl)", "image"]]
    for n in range(questions):
        survey.append([f"select_one l{n}", f"q{n}", f"Vraag {n}", f"سؤال {n}"])
        choices += [[f"l{n}", f"v{m}", f"Antwoord {m}", "1F4DA.svg"] for m in range(3)]
    return workbook(survey, choices, [["form_title"], ["Groot"]])


def test_the_upload_and_preview_queries_do_not_grow_with_the_form(
    client_for, alice, django_assert_max_num_queries
):
    client = client_for(alice)
    with django_assert_max_num_queries(8):
        client.get(import_url())
    with django_assert_max_num_queries(8):
        upload(client, _big_form(2))
    with django_assert_max_num_queries(8):
        response = upload(client, _big_form(12))
    assert len(response.context["questions"]) == 12


def test_the_export_queries_do_not_grow_with_the_questions(
    client_for, alice, utrecht, django_assert_max_num_queries
):
    small = xlsform_import_bytes(workspace=utrecht, actor=alice, data=_big_form(2))
    big = xlsform_import_bytes(workspace=utrecht, actor=alice, data=_big_form(12))
    client = client_for(alice)
    with django_assert_max_num_queries(12) as few:
        client.get(export_url(small.pk))
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(export_url(big.pk))
