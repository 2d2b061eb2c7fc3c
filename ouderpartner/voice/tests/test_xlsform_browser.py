"""Browser test of the XLSForm import: the upload and preview pages pass axe-core, confirm makes a draft."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ouderpartner.voice.models import Questionnaire
from ouderpartner.voice.tests.test_xlsform_files import workbook

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_it_uploads_previews_and_confirms_accessibly(page, login, alice, axe, tmp_path):
    form = tmp_path / "voorlezen.xlsx"
    form.write_bytes(workbook())
    login(alice)
    page.goto(page.base_url + reverse("voice:questionnaire_import", kwargs={"ws": "utrecht"}))
    axe(page, context="XLSForm upload")
    page.click("main form.op-form button[type=submit]")  # nothing chosen: an error, still accessible
    page.wait_for_selector("#error-summary")
    axe(page, context="XLSForm upload with an error")
    page.set_input_files("#id_file", str(form))
    page.click("main form.op-form button[type=submit]")
    page.wait_for_selector("#unmapped")
    assert "Hoeveel boeken?" in page.locator("main").inner_text()
    assert Questionnaire.objects.count() == 0
    axe(page, context="XLSForm preview")
    page.click("button[name=step][value=confirm]")
    page.wait_for_load_state("networkidle")
    questionnaire = Questionnaire.objects.get()
    assert page.url.endswith(
        reverse("voice:questionnaire_detail", kwargs={"ws": "utrecht", "pk": questionnaire.pk})
    )
    assert questionnaire.status == Questionnaire.Status.DRAFT
    axe(page, context="questionnaire after the import, with the XLSForm download")
