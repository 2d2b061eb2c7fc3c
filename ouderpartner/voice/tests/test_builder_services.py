"""Builder services: validation (nothing half-saved) and an audit record for every write."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from ouderpartner.core.models import AuditEvent
from ouderpartner.voice import services
from ouderpartner.voice.models import Question, Questionnaire

pytestmark = pytest.mark.django_db


@pytest.fixture
def questionnaire(utrecht, alice):
    return services.questionnaire_create(
        workspace=utrecht, actor=alice, title={"nl": " Titel ", "ar": ""}, languages=["tr", "nl"]
    )


def test_it_cleans_texts_and_orders_languages(questionnaire):
    assert questionnaire.title == {"nl": "Titel"}
    assert questionnaire.languages == ["nl", "tr"]


def test_a_template_copy_is_one_atomic_write(utrecht, alice, monkeypatch):
    from ouderpartner.voice import templates_catalogue

    broken = dict(templates_catalogue.get_template("needs"))
    broken["questions"] = [*broken["questions"], {**broken["questions"][0], "name": "child_age"}]
    monkeypatch.setitem(templates_catalogue.BY_KEY, "broken", broken)
    with pytest.raises(ValidationError):
        services.questionnaire_create_from_template(workspace=utrecht, actor=alice, key="broken")
    assert not Questionnaire.objects.exists()


def test_every_write_is_audited(questionnaire, alice):
    question = services.question_create(
        questionnaire=questionnaire,
        actor=alice,
        name="Leest u voor",
        kind="yes_no",
        text={"nl": "Leest u voor?"},
    )
    assert question.name == "leest_u_voor"
    follow_up = services.question_create(
        questionnaire=questionnaire,
        actor=alice,
        name="hoe_vaak",
        kind="single_choice",
        text={"nl": "Hoe vaak?"},
        show_if_question=question,
        show_if_value="yes",
    )
    option = services.option_create(
        question=follow_up, actor=alice, value="Elke dag", label={"nl": "Elke dag"}
    )
    assert option.value == "elke-dag"
    services.option_update(
        option=option, actor=alice, value="dagelijks", label={"nl": "Elke dag", "tr": "Her gün"}
    )
    services.question_update(question=follow_up, actor=alice, text={"nl": "Hoe vaak leest u voor?"})
    services.question_delete(question=question, actor=alice)
    follow_up.refresh_from_db()
    assert follow_up.show_if_question is None and follow_up.show_if_value == ""
    services.option_delete(option=option, actor=alice)
    actions = list(AuditEvent.objects.values_list("object_type", "action"))
    for expected in [
        ("questionnaire", "create"),
        ("question", "create"),
        ("option", "create"),
        ("option", "change"),
        ("question", "change"),
        ("question", "delete"),
        ("option", "delete"),
    ]:
        assert expected in actions


def test_a_yes_no_condition_takes_yes_or_no(questionnaire, alice):
    source = services.question_create(
        questionnaire=questionnaire, actor=alice, name="a", kind="yes_no", text={"nl": "Ja of nee?"}
    )
    with pytest.raises(ValidationError) as error:
        services.question_create(
            questionnaire=questionnaire,
            actor=alice,
            name="b",
            kind="short_text",
            text={"nl": "Waarom?"},
            show_if_question=source,
            show_if_value="misschien",
        )
    assert "show_if_value" in error.value.message_dict


def test_a_condition_cannot_point_at_an_open_question(questionnaire, alice):
    source = services.question_create(
        questionnaire=questionnaire, actor=alice, name="a", kind="long_text", text={"nl": "Vertel?"}
    )
    with pytest.raises(ValidationError):
        services.question_create(
            questionnaire=questionnaire,
            actor=alice,
            name="b",
            kind="yes_no",
            text={"nl": "Nog iets?"},
            show_if_question=source,
            show_if_value="x",
        )
    assert Question.objects.count() == 1


def test_a_condition_on_a_scale_uses_its_numbers(questionnaire, alice):
    scale = services.question_create(
        questionnaire=questionnaire,
        actor=alice,
        name="s",
        kind="scale",
        text={"nl": "Hoe?"},
        scale_min=1,
        scale_max=3,
    )
    question = services.question_create(
        questionnaire=questionnaire,
        actor=alice,
        name="t",
        kind="long_text",
        text={"nl": "Waarom niet?"},
        show_if_question=scale,
        show_if_value="1",
    )
    assert question.show_if_value == "1"


def test_a_condition_on_another_questionnaire_is_refused(utrecht, questionnaire, alice):
    other = services.questionnaire_create(
        workspace=utrecht, actor=alice, title={"nl": "Ander"}, languages=["nl"]
    )
    source = services.question_create(
        questionnaire=other, actor=alice, name="a", kind="yes_no", text={"nl": "?"}
    )
    with pytest.raises(ValidationError):
        services.question_create(
            questionnaire=questionnaire,
            actor=alice,
            name="b",
            kind="yes_no",
            text={"nl": "?"},
            show_if_question=source,
            show_if_value="yes",
        )


def test_publishing_needs_answers_for_choice_questions(questionnaire, alice):
    services.question_create(
        questionnaire=questionnaire, actor=alice, name="a", kind="pictogram", text={"nl": "?"}
    )
    with pytest.raises(ValidationError):
        services.questionnaire_publish(questionnaire=questionnaire, actor=alice)
    questionnaire.refresh_from_db()
    assert questionnaire.status == "draft"
