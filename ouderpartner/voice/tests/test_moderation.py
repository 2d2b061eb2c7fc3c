"""Moderation of open answers: the audited services, the coordinator's queue and the redaction screen."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from ouderpartner.core.models import AuditEvent
from ouderpartner.voice import moderation
from ouderpartner.voice.models import Answer, Question
from ouderpartner.voice.tests.factories import DistributionFactory, questionnaire_with_questions
from ouderpartner.voice.tests.test_insights import respond

pytestmark = pytest.mark.django_db

PHONE_TEXT = "Bel mij op 06-12345678 over voorlezen"


def url(name: str, pk: int, ws: str = "utrecht", query: str = "") -> str:
    return reverse(f"voice:{name}", kwargs={"ws": ws, "pk": pk}) + (f"?{query}" if query else "")


@pytest.fixture
def questionnaire(utrecht):
    questionnaire = questionnaire_with_questions(utrecht)
    DistributionFactory(questionnaire=questionnaire)
    return questionnaire


@pytest.fixture
def place(questionnaire):
    return questionnaire.distributions.get().location


def remark(answer_response) -> Answer:
    return answer_response.answers.get(question__name="remark")


# --- Services -----------------------------------------------------------------------------------


def test_it_approves_and_hides_answers_with_one_audit_event_each_without_the_text(
    utrecht, alice, questionnaire, place
):
    answers = [remark(respond(questionnaire, place, remark=f"Meer boeken {n}")) for n in range(3)]
    assert all(a.moderation == "pending" and a.moderated_at is None for a in answers)
    changed = moderation.answers_moderate(
        workspace=utrecht,
        questionnaire=questionnaire,
        actor=alice,
        answer_ids=[answers[0].pk, answers[1].pk],
        decision="approved",
    )
    assert changed == 2
    for answer in answers:
        answer.refresh_from_db()
    assert [a.moderation for a in answers] == ["approved", "approved", "pending"]
    assert answers[0].moderated_at is not None
    # approving again changes nothing and records nothing; hiding an approved answer is a change
    assert (
        moderation.answers_moderate(
            workspace=utrecht,
            questionnaire=questionnaire,
            actor=alice,
            answer_ids=[answers[0].pk],
            decision="approved",
        )
        == 0
    )
    moderation.answers_moderate(
        workspace=utrecht,
        questionnaire=questionnaire,
        actor=alice,
        answer_ids=[answers[0].pk],
        decision="hidden",
    )
    answers[0].refresh_from_db()
    assert answers[0].moderation == "hidden"
    events = list(AuditEvent.objects.filter(object_type="answer").order_by("id"))
    assert [(e.object_id, e.changes) for e in events] == [
        (str(answers[0].pk), {"moderation": ["pending", "approved"]}),
        (str(answers[1].pk), {"moderation": ["pending", "approved"]}),
        (str(answers[0].pk), {"moderation": ["approved", "hidden"]}),
    ]
    assert all(e.actor == alice and e.workspace == utrecht for e in events)
    assert not any("Meer boeken" in e.object_repr or "Meer boeken" in str(e.changes) for e in events)


def test_it_ignores_answers_of_other_questionnaires_workspaces_closed_questions_and_unsent_responses(
    utrecht, amersfoort, alice, questionnaire, place
):
    other = questionnaire_with_questions(amersfoort)
    foreign = remark(respond(other, DistributionFactory(questionnaire=other).location, remark="elders"))
    unsent = remark(respond(questionnaire, place, sent=False, remark="nog bezig"))
    closed = respond(questionnaire, place, reading=["often"]).answers.get()
    changed = moderation.answers_moderate(
        workspace=utrecht,
        questionnaire=questionnaire,
        actor=alice,
        answer_ids=[foreign.pk, unsent.pk, closed.pk],
        decision="approved",
    )
    assert changed == 0
    assert set(Answer.objects.values_list("moderation", flat=True)) == {"pending"}
    assert not AuditEvent.objects.filter(object_type="answer").exists()


@pytest.mark.parametrize(
    ("ids", "decision"),
    [([], "approved"), ([1], "pending"), ([1], "deleted"), (list(range(1, 102)), "hidden")],
)
def test_it_refuses_an_unknown_decision_no_answers_or_too_many(utrecht, alice, questionnaire, ids, decision):
    with pytest.raises(ValidationError):
        moderation.answers_moderate(
            workspace=utrecht, questionnaire=questionnaire, actor=alice, answer_ids=ids, decision=decision
        )


def test_redacting_changes_the_text_approves_it_and_audits_without_the_text(
    utrecht, alice, questionnaire, place
):
    answer = remark(respond(questionnaire, place, remark=PHONE_TEXT))
    moderation.answer_redact(workspace=utrecht, answer=answer, actor=alice, text="  Bel mij over voorlezen ")
    answer.refresh_from_db()
    assert answer.text == "Bel mij over voorlezen"
    assert answer.moderation == "approved" and answer.moderated_at is not None
    event = AuditEvent.objects.get(object_type="answer")
    assert event.changes == {"text": "redacted", "moderation": ["pending", "approved"]}
    assert "06-12345678" not in str(event.changes) + event.object_repr


@pytest.mark.parametrize("text", ["", "   ", "x" * 301])
def test_redacting_refuses_an_empty_or_too_long_text_and_keeps_the_answer(
    utrecht, alice, questionnaire, place, text
):
    answer = remark(respond(questionnaire, place, remark=PHONE_TEXT))
    with pytest.raises(ValidationError) as error:
        moderation.answer_redact(workspace=utrecht, answer=answer, actor=alice, text=text)
    assert "text" in error.value.message_dict
    answer.refresh_from_db()
    assert answer.text == PHONE_TEXT and answer.moderation == "pending"


def test_redacting_refuses_an_answer_of_another_workspace(amersfoort, alice, questionnaire, place):
    answer = remark(respond(questionnaire, place, remark=PHONE_TEXT))
    with pytest.raises(ValidationError):
        moderation.answer_redact(workspace=amersfoort, answer=answer, actor=alice, text="x")
    answer.refresh_from_db()
    assert answer.text == PHONE_TEXT


def test_the_shared_detector_finds_a_phone_number_an_e_mail_address_and_a_name():
    assert moderation.personal_data_kinds(PHONE_TEXT) == ["phone"]
    assert moderation.personal_data_kinds("Mail naar fatima@example.org of vraag juf Anna Jansen") == [
        "email",
        "name",
    ]
    assert moderation.personal_data_kinds("Wij lezen elke avond voor.") == []


# --- The queue ----------------------------------------------------------------------------------


def test_the_queue_shows_waiting_open_answers_with_a_personal_data_badge_in_their_language(
    client_for, alice, questionnaire, place
):
    respond(questionnaire, place, language="ar", remark="نقرأ كل مساء")
    respond(questionnaire, place, remark=PHONE_TEXT)
    done = remark(respond(questionnaire, place, remark="Al gelezen"))
    done.moderation = "approved"
    done.save()
    respond(questionnaire, place, sent=False, remark="Nog niet verstuurd")
    respond(questionnaire, place, reading=["often"])
    page = client_for(alice).get(url("questionnaire_moderation", questionnaire.pk))
    assert page.status_code == 200
    html = page.content.decode()
    assert "2 antwoorden" in html
    assert 'lang="ar" dir="rtl"><p class="utrecht-paragraph">نقرأ كل مساء</p>' in html
    assert PHONE_TEXT in html
    assert html.count('data-testid="personal-data"') == 1
    assert "een telefoonnummer" in html
    assert "Al gelezen" not in html and "Nog niet verstuurd" not in html


def test_the_queue_filters_by_status_question_and_language(client_for, alice, questionnaire, place):
    respond(questionnaire, place, language="tr", remark="Kitap okuyoruz")
    respond(questionnaire, place, reading=["never"], why_not="Geen tijd")
    hidden = remark(respond(questionnaire, place, remark="Verborgen tekst"))
    hidden.moderation = "hidden"
    hidden.save()
    client = client_for(alice)
    why_not = questionnaire.questions.get(name="why_not")
    html = client.get(
        url("questionnaire_moderation", questionnaire.pk, query=f"question={why_not.pk}")
    ).content
    assert b"Geen tijd" in html and b"Kitap okuyoruz" not in html
    html = client.get(url("questionnaire_moderation", questionnaire.pk, query="language=tr")).content.decode()
    assert "Kitap okuyoruz" in html and "Geen tijd" not in html
    html = client.get(
        url("questionnaire_moderation", questionnaire.pk, query="status=hidden")
    ).content.decode()
    assert "Verborgen tekst" in html and "Geen tijd" not in html
    html = client.get(url("questionnaire_moderation", questionnaire.pk, query="status=all")).content.decode()
    assert all(text in html for text in ("Verborgen tekst", "Geen tijd", "Kitap okuyoruz"))
    bad = client.get(
        url("questionnaire_moderation", questionnaire.pk, query="status=x&question=y&language=<b>")
    )
    assert bad.status_code == 200 and b"<b>" not in bad.content


def test_a_coordinator_approves_one_answer_and_hides_ticked_ones(client_for, alice, questionnaire, place):
    answers = [remark(respond(questionnaire, place, remark=f"Antwoord {n}")) for n in range(3)]
    client = client_for(alice)
    queue = url("questionnaire_moderation", questionnaire.pk, query="language=nl")
    result = client.post(queue, {"one": f"approved:{answers[0].pk}", "answers": [str(answers[1].pk)]})
    assert result.status_code == 302 and result["Location"] == queue
    assert [Answer.objects.get(pk=a.pk).moderation for a in answers] == ["approved", "pending", "pending"]
    result = client.post(queue, {"decision": "hidden", "answers": [str(answers[1].pk), str(answers[2].pk)]})
    assert result.status_code == 302
    assert [Answer.objects.get(pk=a.pk).moderation for a in answers] == ["approved", "hidden", "hidden"]
    page = client.get(queue)
    assert "2 antwoorden verborgen." in page.content.decode()
    assert AuditEvent.objects.filter(object_type="answer", action="change").count() == 3
    # Seeing the queue is audited too, once for the same page in this session (core.audit.audit_view).
    assert AuditEvent.objects.filter(object_type="answer", action="view").count() == 1


def test_ticking_nothing_says_so_and_changes_nothing(client_for, alice, questionnaire, place):
    answer = remark(respond(questionnaire, place, remark="Iets"))
    client = client_for(alice)
    result = client.post(
        url("questionnaire_moderation", questionnaire.pk), {"decision": "approved"}, follow=True
    )
    assert "Kies ten minste één antwoord." in result.content.decode()
    result = client.post(url("questionnaire_moderation", questionnaire.pk), {"one": f"deleted:{answer.pk}"})
    assert result.status_code == 302
    answer.refresh_from_db()
    assert answer.moderation == "pending"


@pytest.mark.parametrize("who", ["bob", "carol"])
def test_professionals_and_viewers_get_403(request, client_for, questionnaire, place, who):
    answer = remark(respond(questionnaire, place, remark=PHONE_TEXT))
    client = client_for(request.getfixturevalue(who))
    assert client.get(url("questionnaire_moderation", questionnaire.pk)).status_code == 403
    assert (
        client.post(
            url("questionnaire_moderation", questionnaire.pk), {"one": f"approved:{answer.pk}"}
        ).status_code
        == 403
    )
    assert client.get(url("answer_redact", answer.pk)).status_code == 403
    assert client.post(url("answer_redact", answer.pk), {"text": "x"}).status_code == 403
    answer.refresh_from_db()
    assert answer.moderation == "pending" and answer.text == PHONE_TEXT


def test_the_outsider_gets_404(client_for, dave, amersfoort, questionnaire, place):
    answer = remark(respond(questionnaire, place, remark=PHONE_TEXT))
    client = client_for(dave)
    for ws in ("utrecht", "amersfoort"):
        assert client.get(url("questionnaire_moderation", questionnaire.pk, ws=ws)).status_code == 404
        assert client.get(url("answer_redact", answer.pk, ws=ws)).status_code == 404
        assert client.post(url("answer_redact", answer.pk, ws=ws), {"text": "x"}).status_code == 404
    # his own questionnaire's queue cannot touch Utrecht's answer
    own = questionnaire_with_questions(amersfoort)
    client.post(url("questionnaire_moderation", own.pk, ws="amersfoort"), {"one": f"approved:{answer.pk}"})
    answer.refresh_from_db()
    assert answer.moderation == "pending" and answer.text == PHONE_TEXT


def test_a_closed_question_answer_cannot_be_redacted(client_for, alice, questionnaire, place):
    closed = respond(questionnaire, place, reading=["often"]).answers.get()
    assert client_for(alice).get(url("answer_redact", closed.pk)).status_code == 404


def test_the_queue_uses_a_fixed_number_of_queries_and_pages_of_25(
    client_for, alice, questionnaire, place, django_assert_max_num_queries
):
    client = client_for(alice)
    for n in range(5):
        respond(questionnaire, place, language=("nl", "ar")[n % 2], remark=f"Antwoord {n}")
    client.get(url("questionnaire_moderation", questionnaire.pk))
    with django_assert_max_num_queries(14) as few:
        client.get(url("questionnaire_moderation", questionnaire.pk))
    for n in range(40):
        respond(questionnaire, place, language=("nl", "ar", "tr")[n % 3], remark=f"Meer {n} van 06-12345678")
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(url("questionnaire_moderation", questionnaire.pk))
    html = page.content.decode()
    assert html.count('name="answers"') == 25
    assert "Pagina 1 van 2" in html
    second = client.get(url("questionnaire_moderation", questionnaire.pk, query="page=2")).content.decode()
    assert second.count('name="answers"') == 20


# --- Redaction ----------------------------------------------------------------------------------


def test_redacting_warns_about_personal_data_until_removed_or_confirmed(
    client_for, alice, questionnaire, place
):
    answer = remark(respond(questionnaire, place, remark=PHONE_TEXT))
    client = client_for(alice)
    back = url("questionnaire_moderation", questionnaire.pk, query="language=nl")
    form = client.get(url("answer_redact", answer.pk, query="language=nl"))
    assert form.status_code == 200
    assert "06-12345678" in form.content.decode() and 'id="personal-data-warning"' in form.content.decode()
    still = client.post(
        url("answer_redact", answer.pk, query="language=nl"), {"text": "Bel 0612345678 a.u.b."}
    )
    assert still.status_code == 400
    assert "Bel 0612345678 a.u.b." in still.content.decode()
    answer.refresh_from_db()
    assert answer.text == PHONE_TEXT and answer.moderation == "pending"
    done = client.post(
        url("answer_redact", answer.pk, query="language=nl"), {"text": "Bel mij over voorlezen"}
    )
    assert done.status_code == 302 and done["Location"] == back
    answer.refresh_from_db()
    assert answer.text == "Bel mij over voorlezen" and answer.moderation == "approved"


def test_redacting_can_confirm_a_false_alarm(client_for, alice, questionnaire, place):
    answer = remark(respond(questionnaire, place, remark="Wij gaan naar de Bibliotheek Utrecht"))
    result = client_for(alice).post(
        url("answer_redact", answer.pk),
        {"text": "Wij gaan naar de Bibliotheek Utrecht", "confirm_personal_data": "on"},
    )
    assert result.status_code == 302
    answer.refresh_from_db()
    assert answer.moderation == "approved"


def test_redacting_an_empty_text_explains_and_saves_nothing(client_for, alice, questionnaire, place):
    answer = remark(respond(questionnaire, place, remark=PHONE_TEXT))
    result = client_for(alice).post(url("answer_redact", answer.pk), {"text": "  "})
    assert result.status_code == 400
    assert "Laat iets van het antwoord staan, of verberg het." in result.content.decode()
    answer.refresh_from_db()
    assert answer.text == PHONE_TEXT and answer.moderation == "pending"


def test_the_questionnaire_page_links_coordinators_to_the_queue(client_for, alice, carol, questionnaire):
    link = url("questionnaire_moderation", questionnaire.pk)
    assert link in client_for(alice).get(url("questionnaire_detail", questionnaire.pk)).content.decode()
    assert link not in client_for(carol).get(url("questionnaire_detail", questionnaire.pk)).content.decode()


# --- Browser ------------------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_queue_and_the_redaction_form_are_accessible_and_work_without_javascript(
    page, login, alice, questionnaire, place, axe
):
    respond(questionnaire, place, language="ar", remark="نقرأ كل مساء")
    answer = remark(respond(questionnaire, place, remark=PHONE_TEXT))
    login(alice)
    page.goto(page.base_url + url("questionnaire_moderation", questionnaire.pk))
    assert page.locator("h1").count() == 1
    assert page.locator('[data-testid="personal-data"]').count() == 1
    assert page.locator('blockquote[lang="ar"][dir="rtl"]').count() == 1
    axe(page, context="moderation queue")
    page.click(f"#answer-{answer.pk} a")
    page.wait_for_load_state("networkidle")
    assert "06-12345678" in page.locator("#personal-data-warning").inner_text()
    axe(page, context="redaction form with the personal-data warning")
    page.fill("#id_text", "Bel mij over voorlezen")
    page.click("main form.op-form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert page.locator('[data-testid="personal-data"]').count() == 0
    page.check("input[name=answers]")
    page.click("button[name=decision][value=approved]")
    page.wait_for_load_state("networkidle")
    assert "1 antwoord goedgekeurd." in page.locator("main").inner_text()
    axe(page, context="empty moderation queue with a message")
    assert set(
        Answer.objects.filter(question__kind__in=Question.TEXT_KINDS).values_list("moderation", flat=True)
    ) == {"approved"}
