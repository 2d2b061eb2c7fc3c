"""Theme services: suggestions per question and language replace earlier suggestions but never accepted
themes; accept, rename, merge (answers and "you said, we did" move along), reject, answers by hand; audited."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from ouderpartner.core.models import AuditEvent
from ouderpartner.network.tests.factories import LocationFactory, OrganisationFactory
from ouderpartner.voice import theme_services as services
from ouderpartner.voice.models import Answer, Feedback, Theme
from ouderpartner.voice.tests.factories import questionnaire_with_questions
from ouderpartner.voice.tests.theme_helpers import LANGUAGE_CLASS, MONEY, READING, TURKISH, answer_all

pytestmark = pytest.mark.django_db


@pytest.fixture
def place(utrecht):
    return LocationFactory(organisation=OrganisationFactory(workspace=utrecht))


@pytest.fixture
def questionnaire(utrecht):
    return questionnaire_with_questions(utrecht)


def themes(questionnaire, **filters) -> list[Theme]:
    return list(Theme.objects.filter(questionnaire=questionnaire, **filters).order_by("pk"))


def test_it_suggests_themes_per_question_and_language_with_their_answers(
    utrecht, alice, questionnaire, place
):
    dutch = answer_all(questionnaire, place, [*READING, *LANGUAGE_CLASS, *MONEY])
    answer_all(questionnaire, place, TURKISH, language="tr")
    answer_all(questionnaire, place, ["Te weinig tijd", "Geen boeken"], question="why_not", reading=["never"])

    runs = services.themes_suggest(questionnaire=questionnaire, actor=alice)

    by_key = {(run.question_id, run.language): run for run in runs}
    remark = questionnaire.questions.get(name="remark")
    why_not = questionnaire.questions.get(name="why_not")
    assert by_key[(remark.pk, "nl")].themes == 3
    assert by_key[(remark.pk, "tr")].themes >= 2
    assert by_key[(why_not.pk, "nl")].reason == services.Reason.TOO_FEW
    suggested = themes(questionnaire)
    assert {t.status for t in suggested} == {Theme.Status.SUGGESTED}
    assert {t.workspace_id for t in suggested} == {utrecht.pk}
    assert {t.language for t in suggested} == {"nl", "tr"}
    assert all(t.question_id == remark.pk and t.terms and t.name for t in suggested)
    money = next(t for t in suggested if "geld" in t.terms)
    assert set(money.answers.values_list("text", flat=True)) <= set(MONEY)
    assert not Answer.objects.filter(pk__in=[a.pk for a in dutch], themes__language="tr").exists()
    event = AuditEvent.objects.get(object_type="questionnaire", action=AuditEvent.Action.CHANGE)
    assert event.changes["theme_suggestions"]["made"] == len(suggested)
    assert event.actor == alice
    assert "boeken" not in str(event.changes)  # no answer text in the audit trail


def test_it_leaves_hidden_and_unsent_answers_out(alice, questionnaire, place):
    answer_all(questionnaire, place, READING)
    hidden = answer_all(questionnaire, place, MONEY)
    Answer.objects.filter(pk__in=[a.pk for a in hidden]).update(moderation=Answer.Moderation.HIDDEN)
    answer_all(questionnaire, place, LANGUAGE_CLASS, sent=False)
    runs = services.themes_suggest(questionnaire=questionnaire, actor=alice)
    assert [run.answers for run in runs] == [len(READING)]
    assert runs[0].reason == services.Reason.TOO_FEW
    assert not Theme.objects.exists()


def test_suggesting_again_replaces_suggestions_but_keeps_accepted_themes_and_their_answers(
    alice, questionnaire, place
):
    answer_all(questionnaire, place, [*READING, *LANGUAGE_CLASS, *MONEY])
    services.themes_suggest(questionnaire=questionnaire, actor=alice)
    reading = next(t for t in themes(questionnaire) if "bibliotheek" in t.terms)
    services.theme_rename(theme=reading, actor=alice, name="Lezen en de bibliotheek")
    kept_answers = set(reading.answers.values_list("pk", flat=True))
    rejected = next(t for t in themes(questionnaire, status=Theme.Status.SUGGESTED))
    services.theme_delete(theme=rejected, actor=alice)

    services.themes_suggest(questionnaire=questionnaire, actor=alice)

    reading.refresh_from_db()
    assert reading.status == Theme.Status.ACCEPTED and reading.name == "Lezen en de bibliotheek"
    assert set(reading.answers.values_list("pk", flat=True)) == kept_answers
    new = themes(questionnaire, status=Theme.Status.SUGGESTED)
    assert new, "the other subjects are suggested again"
    assert not {a for t in new for a in t.answers.values_list("pk", flat=True)} & kept_answers
    assert not any("bibliotheek" in t.terms for t in new)
    assert Theme.objects.filter(questionnaire=questionnaire).count() == 1 + len(new)


def test_merge_moves_answers_and_feedback_and_deletes_the_others(utrecht, alice, questionnaire, place):
    answers = answer_all(questionnaire, place, [*READING[:4], *TURKISH[:3]])
    remark = questionnaire.questions.get(name="remark")
    first = Theme.objects.create(
        workspace=utrecht,
        questionnaire=questionnaire,
        question=remark,
        language="nl",
        name="a",
        terms=["boeken"],
    )
    second = Theme.objects.create(
        workspace=utrecht,
        questionnaire=questionnaire,
        question=remark,
        language="tr",
        name="b",
        terms=["kitaplar", "boeken"],
        status=Theme.Status.ACCEPTED,
    )
    first.answers.set(answers[:4])
    second.answers.set(answers[3:])
    feedback = Feedback.objects.create(workspace=utrecht, done={"nl": "Meer boeken"}, theme=first)

    merged = services.themes_merge(themes=[first, second], actor=alice, name="  Boeken  in alle talen ")

    assert merged.pk == second.pk  # the accepted one is kept
    assert merged.name == "Boeken in alle talen" and merged.status == Theme.Status.ACCEPTED
    assert merged.language == ""  # answers in several languages
    assert merged.terms == ["kitaplar", "boeken"]
    assert set(merged.answers.all()) == set(answers)
    assert not Theme.objects.filter(pk=first.pk).exists()
    feedback.refresh_from_db()
    assert feedback.theme_id == merged.pk
    event = AuditEvent.objects.get(object_type="theme", object_id=str(merged.pk))
    assert event.changes["feedback_items_moved"] == 1 and event.changes["answers_added"] == 3


def test_merge_needs_two_themes_of_one_question(utrecht, alice, questionnaire):
    remark, why_not = questionnaire.questions.get(name="remark"), questionnaire.questions.get(name="why_not")
    one = Theme.objects.create(workspace=utrecht, questionnaire=questionnaire, question=remark, name="a")
    other = Theme.objects.create(workspace=utrecht, questionnaire=questionnaire, question=why_not, name="b")
    with pytest.raises(ValidationError):
        services.themes_merge(themes=[one], actor=alice)
    with pytest.raises(ValidationError):
        services.themes_merge(themes=[one, one], actor=alice)
    with pytest.raises(ValidationError):
        services.themes_merge(themes=[one, other], actor=alice)
    assert Theme.objects.count() == 2 and not AuditEvent.objects.exists()


def test_rename_accepts_and_refuses_an_empty_or_long_name(utrecht, alice, questionnaire):
    theme = Theme.objects.create(workspace=utrecht, questionnaire=questionnaire, name="boeken · bibliotheek")
    for bad in ("   ", "x" * 121):
        with pytest.raises(ValidationError) as error:
            services.theme_rename(theme=theme, actor=alice, name=bad)
        assert "name" in error.value.message_dict
    theme.refresh_from_db()
    assert theme.name == "boeken · bibliotheek" and theme.status == Theme.Status.SUGGESTED
    services.theme_rename(theme=theme, actor=alice, name="Boeken")
    theme.refresh_from_db()
    assert (theme.name, theme.status) == ("Boeken", Theme.Status.ACCEPTED)
    assert AuditEvent.objects.get(object_type="theme").changes["name"] == ["boeken · bibliotheek", "Boeken"]


def test_accept_and_delete_are_audited_and_delete_keeps_feedback(utrecht, alice, questionnaire):
    theme = Theme.objects.create(workspace=utrecht, questionnaire=questionnaire, name="boeken")
    feedback = Feedback.objects.create(workspace=utrecht, done={"nl": "Meer boeken"}, theme=theme)
    services.theme_accept(theme=theme, actor=alice)
    services.theme_accept(theme=theme, actor=alice)  # nothing changes the second time
    services.theme_delete(theme=theme, actor=alice)
    feedback.refresh_from_db()
    assert feedback.theme_id is None
    actions = list(AuditEvent.objects.filter(object_type="theme").values_list("action", flat=True))
    assert sorted(actions) == ["change", "delete"]


def test_answers_are_added_and_removed_by_hand_only_within_the_question(utrecht, alice, questionnaire, place):
    remark = questionnaire.questions.get(name="remark")
    theme = Theme.objects.create(
        workspace=utrecht, questionnaire=questionnaire, question=remark, name="boeken"
    )
    answer, hidden = answer_all(questionnaire, place, ["Meer boeken", "Mijn naam is ..."])
    hidden.moderation = Answer.Moderation.HIDDEN
    hidden.save()
    (other_question,) = answer_all(questionnaire, place, ["Geen tijd"], question="why_not", reading=["never"])
    services.theme_answer_add(theme=theme, answer=answer, actor=alice)
    services.theme_answer_add(theme=theme, answer=answer, actor=alice)
    for refused in (hidden, other_question):
        with pytest.raises(ValidationError):
            services.theme_answer_add(theme=theme, answer=refused, actor=alice)
    assert list(theme.answers.all()) == [answer]
    services.theme_answer_remove(theme=theme, answer=answer, actor=alice)
    assert not theme.answers.exists()
    events = AuditEvent.objects.filter(object_type="theme").order_by("pk")
    assert list(events.values_list("changes", flat=True)) == [
        {"answer_added": answer.pk},
        {"answer_removed": answer.pk},
    ]
