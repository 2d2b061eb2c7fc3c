"""The answering services: conditions (chained), parsing per kind, starting and sending a response."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.http import QueryDict

from ouderpartner.voice.answering import (
    ParentError,
    answer_parse,
    answer_save,
    answers_of,
    questions_of,
    response_start,
    response_submit,
    visible_questions,
)
from ouderpartner.voice.models import Question
from ouderpartner.voice.tests.factories import (
    DistributionFactory,
    OptionFactory,
    QuestionFactory,
    questionnaire_with_questions,
)

pytestmark = pytest.mark.django_db


def post(**values) -> QueryDict:
    data = QueryDict(mutable=True)
    for key, value in values.items():
        data.setlist(key, value if isinstance(value, list) else [value])
    return data


@pytest.fixture
def distribution(utrecht, school):
    return DistributionFactory(
        questionnaire=questionnaire_with_questions(utrecht), location=school.locations.get()
    )


def by_name(questions: list[Question]) -> dict[str, Question]:
    return {q.name: q for q in questions}


def test_it_hides_a_question_whose_condition_depends_on_a_hidden_question(distribution):
    questionnaire = distribution.questionnaire
    questions = by_name(questions_of(questionnaire))
    chained = QuestionFactory(
        questionnaire=questionnaire,
        name="why_more",
        kind=Question.Kind.YES_NO,
        position=2,
        show_if_question=questions["why_not"],
        show_if_value="No time",
    )
    response = response_start(distribution=distribution, language="nl")
    all_questions = questions_of(questionnaire)
    answer_save(
        response=response,
        question=questions["reading"],
        parsed=answer_parse(questions["reading"], post(answer="never")),
    )
    names = [q.name for q in visible_questions(all_questions, answers_of(response))]
    assert "why_not" in names and "why_more" not in names  # a text answer never matches a condition
    answer_save(
        response=response,
        question=questions["reading"],
        parsed=answer_parse(questions["reading"], post(answer="often")),
    )
    names = [q.name for q in visible_questions(all_questions, answers_of(response))]
    assert "why_not" not in names and chained.name not in names


def test_it_shows_a_question_for_a_scale_answer(distribution):
    questionnaire = distribution.questionnaire
    questions = by_name(questions_of(questionnaire))
    QuestionFactory(
        questionnaire=questionnaire,
        name="unhappy",
        kind=Question.Kind.SHORT_TEXT,
        position=3,
        show_if_question=questions["happy"],
        show_if_value="1",
    )
    response = response_start(distribution=distribution, language="nl")
    answer_save(
        response=response,
        question=questions["happy"],
        parsed=answer_parse(questions["happy"], post(answer="1")),
    )
    names = [q.name for q in visible_questions(questions_of(questionnaire), answers_of(response))]
    assert "unhappy" in names


def test_it_parses_each_kind_and_ignores_unknown_choices(distribution):
    questions = by_name(questions_of(distribution.questionnaire))
    assert answer_parse(questions["reading"], post(answer=["often", "never"])).choices == ["often"]
    assert answer_parse(questions["reading"], post(answer="bogus")).is_empty
    assert answer_parse(questions["wishes"], post(answer=["music", "x", "books"])).choices == [
        "books",
        "music",
    ]
    assert answer_parse(questions["library"], post(answer="no")).choices == ["no"]
    assert answer_parse(questions["children"], post(answer=" 12 ")).number == 12
    assert answer_parse(questions["remark"], post(answer="a" * 1000)).text == "a" * 300
    for question, value in (
        (questions["happy"], "9"),
        (questions["children"], "twee"),
        (questions["children"], "10000000"),
    ):
        with pytest.raises(ParentError):
            answer_parse(question, post(answer=value))


def test_it_refuses_a_language_the_questionnaire_does_not_offer(distribution):
    with pytest.raises(ValidationError):
        response_start(distribution=distribution, language="tr")


def test_it_does_not_send_while_a_required_question_is_open_and_never_changes_after(distribution):
    questions = questions_of(distribution.questionnaire)
    reading = by_name(questions)["reading"]
    response = response_start(distribution=distribution, language="nl")
    with pytest.raises(ParentError):
        response_submit(response=response, questions=questions)
    answer_save(response=response, question=reading, parsed=answer_parse(reading, post(answer="often")))
    sent = response_submit(response=response, questions=questions)
    assert sent.submitted_at is not None
    with pytest.raises(ValidationError):
        answer_save(response=sent, question=reading, parsed=answer_parse(reading, post(answer="never")))


def test_it_ignores_an_option_of_another_question(distribution):
    questions = by_name(questions_of(distribution.questionnaire))
    OptionFactory(question=questions["wishes"], value="stranger")
    assert answer_parse(questions["reading"], post(answer="stranger")).is_empty
