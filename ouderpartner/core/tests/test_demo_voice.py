"""The demo's parent voice: tags, nameless conversation records, a questionnaire in four languages at three
trusted places with generated demo answers; running the demo twice changes nothing."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db.models import Count

from ouderpartner.core.models import AuditEvent, Workspace
from ouderpartner.voice.conversations import DEFAULT_TAGS, find_personal_data
from ouderpartner.voice.models import (
    Answer,
    Conversation,
    ConversationTag,
    Distribution,
    Feedback,
    Option,
    Question,
    Questionnaire,
    Response,
    Theme,
)

pytestmark = pytest.mark.django_db

MODELS = [
    Questionnaire,
    Question,
    Option,
    Distribution,
    Response,
    Answer,
    ConversationTag,
    Conversation,
    Theme,
    AuditEvent,
]


@pytest.fixture
def builtin_sample(settings, tmp_path):
    settings.DEMO_DATA_DIR = str(tmp_path)  # an empty folder: no real data at hand


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


def test_the_demo_has_a_questionnaire_in_four_languages_at_three_places_with_demo_answers(builtin_sample):
    call_command("load_demo")
    utrecht = Workspace.objects.get(slug="utrecht")
    questionnaire = Questionnaire.objects.get(workspace=utrecht)
    assert questionnaire.status == Questionnaire.Status.PUBLISHED
    assert set(questionnaire.languages) == {"nl", "en", "ar", "tr"}
    questions = list(questionnaire.questions.prefetch_related("options"))
    assert 5 <= len(questions) <= 6
    assert {q.kind for q in questions} >= {"pictogram", "single_choice", "scale", "yes_no", "short_text"}
    for question in questions:
        assert set(question.text) == {"nl", "en", "ar", "tr"}
        for option in question.options.all():
            assert set(option.label) == {"nl", "en", "ar", "tr"}
    pictograms = {o.pictogram for q in questions for o in q.options.all() if o.pictogram}
    assert {"1F4DA", "1F3EB", "1F3E5", "1F46A"} <= pictograms

    distributions = Distribution.objects.filter(questionnaire=questionnaire).select_related("location")
    assert distributions.count() == 3
    assert all(d.location.is_trusted_place for d in distributions)

    responses = Response.objects.filter(questionnaire=questionnaire)
    assert responses.count() >= 100
    assert not responses.filter(is_demo=False).exists()
    assert not responses.filter(submitted_at__isnull=True).exists()
    per_group = responses.values("location", "language").annotate(n=Count("id"))
    assert min(row["n"] for row in per_group) < 5, "some groups are small enough to be suppressed"
    assert {row["language"] for row in per_group} == {"nl", "en", "ar", "tr"}
    assert Answer.objects.filter(response__questionnaire=questionnaire).count() > 4 * responses.count()


def test_the_demo_suggests_themes_in_its_open_answers_and_accepts_one_with_feedback(builtin_sample):
    call_command("load_demo")
    questionnaire = Questionnaire.objects.get(workspace__slug="utrecht")
    open_answers = Answer.objects.filter(response__questionnaire=questionnaire).exclude(text="")
    assert open_answers.filter(response__language="nl").count() >= 25
    assert {"ar", "tr"} <= set(open_answers.values_list("response__language", flat=True))
    assert not open_answers.filter(response__is_demo=False).exists()
    themes = Theme.objects.filter(questionnaire=questionnaire)
    assert themes.filter(status=Theme.Status.SUGGESTED, language="nl").count() >= 2
    assert themes.filter(status=Theme.Status.SUGGESTED, language="ar").exists()
    accepted = themes.get(status=Theme.Status.ACCEPTED)
    assert accepted.name == "Voorlezen en boeken" and accepted.answers.count() >= 5
    assert Feedback.objects.get(theme=accepted).published


def test_the_demo_has_nameless_conversation_records_with_tags(builtin_sample):
    call_command("load_demo")
    utrecht = Workspace.objects.get(slug="utrecht")
    assert set(ConversationTag.objects.filter(workspace=utrecht).values_list("name", flat=True)) >= set(
        DEFAULT_TAGS
    )
    conversations = Conversation.objects.filter(workspace=utrecht).prefetch_related("tags")
    assert conversations.count() >= 10
    assert conversations.values("organisation").distinct().count() >= 4
    assert conversations.values("language").distinct().count() >= 4
    for conversation in conversations:
        conversation.full_clean()
        assert conversation.tags.exists()
        assert conversation.follow_up
        for text in (
            conversation.needs,
            conversation.questions,
            conversation.successes,
            conversation.strengths,
        ):
            assert not find_personal_data(text), text


def test_running_the_demo_twice_changes_nothing(builtin_sample):
    call_command("load_demo")
    first = counts()
    call_command("load_demo")
    assert counts() == first


def test_every_demo_pictogram_is_one_the_app_ships():
    """A pictogram the build step does not copy would show as an empty card to parents."""
    from ouderpartner.core.demo import voice as demo_voice
    from ouderpartner.voice.pictograms import is_curated

    used = {
        pictogram
        for question in demo_voice.QUESTIONS
        for _value, pictogram, _labels in question.get("options", [])
        if pictogram
    }
    assert used and all(is_curated(code) for code in used)


def test_the_demo_insights_show_a_year_of_figures_with_some_groups_hidden(builtin_sample):
    from ouderpartner.voice.overview import voice_overview

    call_command("load_demo")
    utrecht = Workspace.objects.get(slug="utrecht")
    overview = voice_overview(workspace=utrecht, params={"breakdown": "language"}, language="nl")
    conversations = [
        overview.monthly.table.cells[month]["conversations"] for month in overview.monthly.table.rows
    ]
    assert sum(1 for count in conversations if not count.suppressed and count.value) >= 3
    cells = [cell for row in overview.tags.table.body for cell in row.cells]
    assert any(cell.suppressed for cell in cells) and any(cell.value for cell in cells)
    assert any(not total.suppressed and total.value for total in overview.tags.table.row_totals.values())


def test_most_demo_open_answers_are_approved_and_some_wait_for_moderation(builtin_sample):
    call_command("load_demo")
    written = Answer.objects.exclude(text="")
    approved = written.filter(moderation=Answer.Moderation.APPROVED).count()
    waiting = written.filter(moderation=Answer.Moderation.PENDING).count()
    assert approved > 5 * waiting > 0
