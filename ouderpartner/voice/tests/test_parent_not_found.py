"""A mistyped or unknown parent link: the parent's own "this link does not work" page, status 404."""

from __future__ import annotations

import pytest

from ouderpartner.voice.models import Response
from ouderpartner.voice.parent_texts import PARENT_TEXTS
from ouderpartner.voice.tests.factories import DistributionFactory, questionnaire_with_questions

pytestmark = pytest.mark.django_db


@pytest.fixture
def distribution(utrecht, school):
    questionnaire = questionnaire_with_questions(utrecht)
    return DistributionFactory(questionnaire=questionnaire, location=school.locations.get())


def assert_parent_404(response, language: str = "nl") -> str:
    assert response.status_code == 404
    body = response.content.decode()
    assert f'<html lang="{language}"' in body
    assert PARENT_TEXTS[language]["not_found"] in body
    assert PARENT_TEXTS[language]["not_found_help"] in body
    assert "css/parent.css" in body and "utrecht-page" not in body  # the parent page, not the staff one
    assert response["Cache-Control"] == "no-store"
    assert not response.cookies
    return body


def test_an_unknown_code_gets_the_parent_page_in_dutch_with_the_other_languages(client):
    body = assert_parent_404(client.get("/q/zzzzzzz/"))
    assert "vendor/openmoji/2753.svg" in body
    for code in ("en", "ar", "tr", "pl", "uk", "ti", "so"):
        assert f'href="/q/zzzzzzz/?lang={code}"' in body
    assert 'href="/q/zzzzzzz/?lang=nl"' not in body
    assert 'lang="ar" dir="rtl"' in body


def test_the_parent_can_read_it_in_another_language(client):
    body = assert_parent_404(client.get("/q/zzzzzzz/?lang=ar"), "ar")
    assert 'dir="rtl"' in body
    assert 'href="/q/zzzzzzz/?lang=nl"' in body
    assert_parent_404(client.get("/q/zzzzzzz/?lang=xx"), "nl")


def test_posting_a_language_to_an_unknown_code_answers_in_that_language(client):
    assert_parent_404(client.post("/q/zzzzzzz/", {"language": "tr"}), "tr")


def test_a_wrong_token_or_step_answers_in_the_language_known(client, distribution):
    assert_parent_404(client.get(f"/q/{distribution.code}/r/{'x' * 43}/0/"))
    assert_parent_404(client.get(f"/q/{distribution.code}/r/{'x' * 43}/done/"))
    response = Response.objects.create(
        workspace=distribution.workspace,
        questionnaire=distribution.questionnaire,
        distribution=distribution,
        location=distribution.location,
        language="ar",
        token="t" * 43,
    )
    assert_parent_404(client.get(f"/q/{distribution.code}/r/{response.token}/99/"), "ar")


@pytest.mark.parametrize("path", ["/q/", "/q/abc/def/", "/q/abc/r/token/step/"])
def test_any_other_address_under_q_gets_the_parent_page(client, path):
    assert_parent_404(client.get(path))


def test_a_link_without_its_last_slash_still_works(client, distribution):
    response = client.get(f"/q/{distribution.code}")
    assert response.status_code == 301 and response["Location"] == f"/q/{distribution.code}/"


def test_a_valid_link_is_unaffected(client, distribution):
    response = client.get(f"/q/{distribution.code}/")
    assert response.status_code == 200
    assert PARENT_TEXTS["nl"]["not_found"] not in response.content.decode()


def test_staff_pages_keep_the_staff_404(client_for, alice):
    response = client_for(alice).get("/w/utrecht/voice/questionnaires/999999/")
    assert response.status_code == 404
    assert PARENT_TEXTS["nl"]["not_found"] not in response.content.decode()


def test_every_parent_language_has_the_words_of_the_page():
    for code, texts in PARENT_TEXTS.items():
        for key in ("not_found", "not_found_help", "other_languages"):
            assert texts.get(key), f"{code} lacks {key}"
