"""The parents' consultation pages without a browser: the flow, closed and unknown links, limits."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core.cache import cache
from django.utils import timezone
from freezegun import freeze_time

from ouderpartner.core.models import AuditEvent
from ouderpartner.policy import consultation_services as services
from ouderpartner.policy.consultation_texts import KEYS, TEXTS, consultation_texts
from ouderpartner.policy.models import ConsultationComment, PolicyFramework
from ouderpartner.policy.tests.consultation_factories import framework_in_consultation
from ouderpartner.voice.parent_texts import PARENT_TEXTS

pytestmark = pytest.mark.django_db

STATE = re.compile(r'name="state" value="([^"]*)"')


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def framework(utrecht):
    return framework_in_consultation(utrecht)


def _state(response) -> str:
    return STATE.search(response.content.decode()).group(1)


def _answer_all(client, framework, language, answers, **extra):
    """Walk the screens as a browser without JavaScript does: each POST carries the state on."""
    url = f"/c/{framework.consultation_code}/{language}/"
    response = client.post(url, {"step": "0", "action": "next"}, **extra)
    for step, (reaction, comment) in enumerate(answers, start=1):
        response = client.post(
            url,
            {
                "state": _state(response),
                "step": str(step),
                "reaction": reaction,
                "comment": comment,
                "action": "next",
            },
            **extra,
        )
    return response


def test_every_parent_language_has_every_text():
    for code in ("nl", "en", "ar", "tr", "pl", "uk", "ti", "so"):
        assert set(TEXTS[code]) == set(KEYS), code
        assert all(TEXTS[code][key].strip() for key in KEYS)
    assert consultation_texts("fa")["next"] == TEXTS["en"]["next"]  # other parent languages: English


def test_the_language_page_names_the_workspace_languages_in_their_own_script(client, framework):
    response = client.get(f"/c/{framework.consultation_code}/")
    body = response.content.decode()
    assert response.status_code == 200
    for name in ("Nederlands", "العربية", "Türkçe"):
        assert name in body
    assert "English" not in body  # not one of Utrecht's parent languages
    assert 'lang="ar" dir="rtl"' in body
    assert response.cookies == {}


def test_a_parent_answers_every_plan_and_the_comments_are_saved(client, framework):
    response = _answer_all(
        client, framework, "ar", [("agree", ""), ("disagree", "أريد وقتا أكثر"), ("unsure", "")]
    )
    assert response.status_code == 303
    assert response["Location"] == f"/c/{framework.consultation_code}/ar/thanks/"
    saved = list(ConsultationComment.objects.order_by("ambition__position"))
    assert [(c.reaction, c.text, c.language, c.status) for c in saved] == [
        ("agree", "", "ar", "pending"),
        ("disagree", "أريد وقتا أكثر", "ar", "pending"),
        ("unsure", "", "ar", "pending"),
    ]
    thanks = client.get(response["Location"])
    body = thanks.content.decode()
    assert '<html lang="ar" dir="rtl">' in body
    assert TEXTS["ar"]["thanks"] in body and TEXTS["ar"]["thanks_text"] in body
    assert thanks.cookies == {} and response.cookies == {}
    assert not AuditEvent.objects.exists()


def test_the_plan_is_shown_in_the_parents_language_with_dutch_as_fallback(client, framework):
    url = f"/c/{framework.consultation_code}/ar/"
    first = client.post(url, {"step": "0"})
    body = first.content.decode()
    assert "يشعر الآباء بالترحيب في المدرسة" in body
    assert "1 / 3" in body
    third = client.post(url, {"state": _state(first), "step": "1", "reaction": "agree"})
    third = client.post(url, {"state": _state(third), "step": "2", "reaction": "agree"})
    body = third.content.decode()
    assert "3 / 3" in body
    # Shown in Dutch and marked so; no speaker, as the phone would read it with an Arabic voice.
    assert '<h1 class="p-heading" lang="nl" dir="ltr">Samen praten over het kind</h1>' in body
    assert TEXTS["ar"]["send"] in body


def test_a_reaction_is_needed_and_nothing_typed_is_lost(client, framework):
    url = f"/c/{framework.consultation_code}/nl/"
    first = client.post(url, {"step": "0"})
    again = client.post(url, {"state": _state(first), "step": "1", "comment": "Goed idee"})
    body = again.content.decode()
    assert TEXTS["nl"]["choose"] in body and "Goed idee" in body and "1 / 3" in body


def test_back_keeps_the_answers(client, framework):
    url = f"/c/{framework.consultation_code}/nl/"
    response = client.post(url, {"step": "0"})
    response = client.post(
        url, {"state": _state(response), "step": "1", "reaction": "disagree", "comment": "Te vaag"}
    )
    response = client.post(url, {"state": _state(response), "step": "2", "action": "back"})
    body = response.content.decode()
    assert "1 / 3" in body
    assert 'value="disagree" checked' in body and "Te vaag" in body


def test_a_long_comment_is_refused_in_the_parents_words(client, framework):
    url = f"/c/{framework.consultation_code}/tr/"
    response = client.post(url, {"step": "0"})
    response = client.post(
        url, {"state": _state(response), "step": "1", "reaction": "agree", "comment": "x" * 1001}
    )
    assert TEXTS["tr"]["too_long"] in response.content.decode()
    assert not ConsultationComment.objects.exists()


def test_a_forged_state_counts_as_empty(client, framework, amersfoort):
    other = framework_in_consultation(amersfoort)
    response = client.post(f"/c/{other.consultation_code}/nl/", {"step": "0"})
    forged = _state(response)
    response = client.post(
        f"/c/{framework.consultation_code}/nl/",
        {"state": forged, "step": "3", "reaction": "agree", "action": "next"},
    )
    # The first screens were not answered in this framework's form: the parent is sent back there.
    assert "1 / 3" in response.content.decode()
    assert not ConsultationComment.objects.exists()


def test_personal_data_is_warned_about_and_then_kept_for_moderation(client, utrecht):
    framework = framework_in_consultation(utrecht, ambitions=1)
    url = f"/c/{framework.consultation_code}/nl/"
    response = client.post(url, {"step": "0"})
    text = "Bel mij op 06 12345678\r\nof mail jan@example.nl"  # a browser sends CRLF
    warned = client.post(url, {"state": _state(response), "step": "1", "reaction": "agree", "comment": text})
    body = warned.content.decode()
    assert warned.status_code == 200 and TEXTS["nl"]["personal_data"] in body
    assert "Bel mij op 06 12345678\nof mail jan@example.nl</textarea>" in body
    assert not ConsultationComment.objects.exists()
    checked = re.search(r'name="checked" value="([^"]*)"', body).group(1)
    sent = client.post(
        url, {"state": _state(warned), "step": "1", "reaction": "agree", "comment": text, "checked": checked}
    )
    assert sent.status_code == 303
    comment = ConsultationComment.objects.get()
    assert comment.text == text.replace("\r\n", "\n") and comment.status == "pending"


def test_the_honeypot_thanks_a_robot_and_saves_nothing(client, framework):
    url = f"/c/{framework.consultation_code}/nl/"
    response = client.post(url, {"step": "0"})
    robot = client.post(url, {"state": _state(response), "step": "1", "reaction": "agree", "website": "spam"})
    assert robot.status_code == 200 and TEXTS["nl"]["thanks"] in robot.content.decode()
    response = _answer_all(client, framework, "nl", [("agree", "")] * 2)
    final = client.post(
        url, {"state": _state(response), "step": "3", "reaction": "agree", "website": "http://spam.example"}
    )
    assert final.status_code == 200
    assert not ConsultationComment.objects.exists()


def test_sending_is_limited_per_client_and_nothing_is_lost(client, framework, monkeypatch):
    monkeypatch.setattr(services, "RATE_PER_CLIENT", 2)
    for _ in range(2):
        assert _answer_all(client, framework, "nl", [("agree", "")] * 3).status_code == 303
    busy = _answer_all(client, framework, "nl", [("agree", ""), ("agree", ""), ("unsure", "Later")])
    body = busy.content.decode()
    assert busy.status_code == 429
    assert TEXTS["nl"]["busy"] in body and "Later" in body and "3 / 3" in body
    assert ConsultationComment.objects.count() == 6
    # Another client (another address) may still send.
    other = _answer_all(client, framework, "nl", [("agree", "")] * 3, REMOTE_ADDR="192.0.2.9")
    assert other.status_code == 303


def test_sending_is_limited_per_framework(client, framework, monkeypatch):
    monkeypatch.setattr(services, "RATE_PER_FRAMEWORK", 1)
    assert _answer_all(client, framework, "nl", [("agree", "")] * 3).status_code == 303
    busy = _answer_all(client, framework, "nl", [("agree", "")] * 3, REMOTE_ADDR="192.0.2.10")
    assert busy.status_code == 429


def test_the_client_address_is_never_stored(client, framework):
    _answer_all(client, framework, "nl", [("agree", "Mooi")] * 3, REMOTE_ADDR="198.51.100.77")
    stored = [str(v) for row in ConsultationComment.objects.values() for v in row.values()]
    assert stored and not any("198.51.100.77" in value for value in stored)
    keys = services.client_key("198.51.100.77", framework)
    assert "198.51.100.77" not in keys


@pytest.mark.parametrize(
    "change",
    [
        {"status": PolicyFramework.Status.DRAFT},
        {"status": PolicyFramework.Status.ADOPTED},
        {"consultation_closes_on": datetime.date(2020, 1, 1)},
    ],
)
def test_a_closed_consultation_answers_410_in_the_parents_language(client, framework, change):
    PolicyFramework.objects.filter(pk=framework.pk).update(**change)
    response = client.get(f"/c/{framework.consultation_code}/ar/")
    assert response.status_code == 410
    body = response.content.decode()
    assert TEXTS["ar"]["closed"] in body and '<html lang="ar" dir="rtl">' in body
    everyone = client.get(f"/c/{framework.consultation_code}/")
    assert everyone.status_code == 410
    for code in ("nl", "ar", "tr"):
        assert TEXTS[code]["closed"] in everyone.content.decode()
    sent = client.post(f"/c/{framework.consultation_code}/nl/", {"step": "1", "reaction": "agree"})
    assert sent.status_code == 410 and not ConsultationComment.objects.exists()


def test_the_closing_day_itself_is_closed(client, framework):
    PolicyFramework.objects.filter(pk=framework.pk).update(consultation_closes_on=timezone.localdate())
    assert client.get(f"/c/{framework.consultation_code}/").status_code == 410
    PolicyFramework.objects.filter(pk=framework.pk).update(
        consultation_closes_on=timezone.localdate() + datetime.timedelta(days=1)
    )
    assert client.get(f"/c/{framework.consultation_code}/").status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/c/unknown1/",
        "/c/unknown1/nl/",
        "/c/unknown1/nl/thanks/",
        "/c/x/y/z/w/",
        "/c/{code}/xx/",
        "/c/{code}/en/",
    ],
)
def test_unknown_links_get_the_parents_not_found_page(client, framework, path):
    response = client.get(path.format(code=framework.consultation_code))
    assert response.status_code == 404
    body = response.content.decode()
    assert PARENT_TEXTS["nl"]["not_found"] in body or PARENT_TEXTS["en"]["not_found"] in body
    assert "utrecht-" not in body  # the parent's page, not the staff's
    assert response.cookies == {}


def test_the_not_found_page_speaks_arabic_when_asked(client):
    response = client.get("/c/unknown1/?lang=ar")
    assert response.status_code == 404
    assert PARENT_TEXTS["ar"]["not_found"] in response.content.decode()


def test_the_public_pages_need_few_queries(client, utrecht, django_assert_max_num_queries):
    framework = framework_in_consultation(utrecht, ambitions=3)
    url = f"/c/{framework.consultation_code}/nl/"
    with django_assert_max_num_queries(3):
        first = client.post(url, {"step": "0"})
    many = framework_in_consultation(utrecht, ambitions=12, title="Groot")
    with django_assert_max_num_queries(3):
        client.post(f"/c/{many.consultation_code}/nl/", {"step": "0"})
    response = _answer_all(client, framework, "nl", [("agree", "")] * 2)
    with django_assert_max_num_queries(6):
        sent = client.post(url, {"state": _state(response), "step": "3", "reaction": "agree"})
    assert first.status_code == 200 and sent.status_code == 303


def test_comments_send_ignores_ambitions_of_other_frameworks(framework, amersfoort):
    other = framework_in_consultation(amersfoort, ambitions=1)
    theirs = other.ambitions.get()
    mine = framework.ambitions.order_by("position").first()
    saved = services.comments_send(
        framework=framework,
        language="nl",
        reactions={
            mine.pk: services.ParentReaction("agree"),
            theirs.pk: services.ParentReaction("disagree"),
        },
    )
    assert [c.ambition_id for c in saved] == [mine.pk]


def test_the_client_limit_ends_with_its_ten_minute_window(client, framework, monkeypatch):
    monkeypatch.setattr(services, "RATE_PER_CLIENT", 1)
    with freeze_time("2026-11-20 10:00:00") as frozen:
        assert _answer_all(client, framework, "nl", [("agree", "")] * 3).status_code == 303
        assert _answer_all(client, framework, "nl", [("agree", "")] * 3).status_code == 429
        frozen.tick(services.RATE_WINDOW_SECONDS)
        assert _answer_all(client, framework, "nl", [("agree", "")] * 3).status_code == 303
    assert ConsultationComment.objects.count() == 6


def test_the_parent_texts_use_no_jargon():
    jargon = re.compile(r"\b(OAB|VVE|doelgroep|ambitie|beleidskader|consultatie|LEA)\b", re.IGNORECASE)
    for code, texts in TEXTS.items():
        for key, text in texts.items():
            assert not jargon.search(text), (code, key, text)
