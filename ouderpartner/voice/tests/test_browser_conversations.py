"""Browser tests for conversation records: axe-core on the list, the form with the personal-data warning, the detail."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from ouderpartner.voice.models import Conversation, ConversationTag

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def conversation(utrecht, school):
    tag = ConversationTag.objects.create(workspace=utrecht, name="voorlezen thuis")
    record = Conversation.objects.create(
        workspace=utrecht,
        organisation=school,
        location=school.locations.first(),
        date=datetime.date(2026, 11, 2),
        language="ar",
        child_age_band="2-4",
        needs="Wil thuis voorlezen, maar heeft weinig boeken in het Arabisch.",
        successes="Het kind kent nu de liedjes van de peutergroep.",
        follow_up="Informatie over BoekStart meegegeven.",
        wants_contact=True,
        contact="bellen via de leerkracht",
        contact_purge_after=datetime.date(2027, 1, 31),
    )
    record.tags.add(tag)
    return record


def _url(page, name, pk=None):
    kwargs = {"ws": "utrecht"} if pk is None else {"ws": "utrecht", "pk": pk}
    return page.base_url + reverse(f"voice:{name}", kwargs=kwargs)


def test_the_list_is_accessible(page, login, alice, conversation, axe):
    login(alice)
    page.goto(_url(page, "conversation_list"))
    assert page.locator("h1").count() == 1
    assert "voorlezen thuis" in page.locator("main table").inner_text()
    axe(page, context="conversation list")


def test_the_form_warns_about_a_phone_number_keeps_the_input_and_is_accessible(page, login, bob, school, axe):
    login(bob)
    page.goto(_url(page, "conversation_create"))
    page.select_option("#id_location", str(school.locations.first().pk))
    page.select_option("#id_language", "tr")
    page.fill("#id_questions", "Wil teruggebeld worden op 06-12345678 over de overstap.")
    page.click("main form.op-form button[type=submit]")
    page.wait_for_load_state("networkidle")
    warning = page.locator("#personal-data-warning")
    assert "06-12345678" in warning.inner_text()
    assert page.input_value("#id_questions") == "Wil teruggebeld worden op 06-12345678 over de overstap."
    axe(page, context="conversation form with the personal-data warning")
    page.check("#id_confirm_personal_data")
    page.click("main form.op-form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert Conversation.objects.filter(language="tr").count() == 1


def test_the_detail_with_the_contact_is_accessible(page, login, bob, conversation, axe):
    login(bob)
    page.goto(_url(page, "conversation_detail", conversation.pk))
    assert "bellen via de leerkracht" in page.locator("main").inner_text()
    axe(page, context="conversation detail")


def test_the_tag_list_and_the_remove_confirmation_are_accessible(page, login, alice, conversation, axe):
    login(alice)
    page.goto(_url(page, "tag_list"))
    assert "voorlezen thuis" in page.locator("main table").inner_text()
    axe(page, context="tag list")
    tag = ConversationTag.objects.get(name="voorlezen thuis")
    page.goto(_url(page, "tag_delete", tag.pk))
    axe(page, context="tag remove confirmation")
    page.goto(_url(page, "conversation_delete", conversation.pk))
    axe(page, context="conversation delete confirmation")
