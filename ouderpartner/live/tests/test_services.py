"""Facilitator services: sessions from scratch and from templates, prompts, the running state, moderation,
hand-over — each audited, each telling the realtime layer after commit."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from ouderpartner.core.models import AuditEvent, Membership
from ouderpartner.live import events, services, templates_catalogue
from ouderpartner.live.models import Entry, HandOver, LiveSession, Prompt
from ouderpartner.live.participation import LiveError, entry_submit, participant_join, vote_submit
from ouderpartner.live.tests.factories import PromptFactory, PromptOptionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(utrecht, alice):
    return services.session_create(
        workspace=utrecht, actor=alice, title={"nl": "Kennisbijeenkomst"}, languages=["nl"]
    )


def _join(session):
    participant, _token = participant_join(code=session.code, language="nl")
    participant.session = LiveSession.objects.get(pk=session.pk)
    return participant


def test_a_session_needs_a_dutch_title_and_the_workspace_languages(utrecht, alice):
    with pytest.raises(ValidationError) as error:
        services.session_create(workspace=utrecht, actor=alice, title={"en": "Meeting"}, languages=["nl"])
    assert "title" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.session_create(workspace=utrecht, actor=alice, title={"nl": "X"}, languages=["nl", "so"])
    session = services.session_create(
        workspace=utrecht, actor=alice, title={"nl": " X "}, languages=["tr", "en"]
    )
    assert session.languages == ["nl", "en", "tr"]
    assert session.title == {"nl": "X"}
    assert len(session.code) == 6
    assert AuditEvent.objects.filter(object_type="livesession", action="create").count() == 1


def test_a_professionals_session_belongs_to_their_organisation(utrecht, bob, school):
    membership = Membership.objects.get(user=bob)
    session = services.session_create(
        workspace=utrecht, actor=bob, membership=membership, title={"nl": "Ouderavond"}, languages=["nl"]
    )
    assert session.organisation == school


@pytest.mark.parametrize("key", [t["key"] for t in templates_catalogue.TEMPLATES])
def test_every_template_makes_a_complete_draft(utrecht, alice, key):
    session = services.session_create_from_template(workspace=utrecht, actor=alice, key=key)
    template = templates_catalogue.get_template(key)
    prompts = list(session.prompts.order_by("position"))
    assert [p.kind for p in prompts] == [p["kind"] for p in template["prompts"]]
    for prompt, data in zip(prompts, template["prompts"], strict=True):
        assert prompt.options.count() == len(data["options"])
        if prompt.has_options:
            assert prompt.options.count() >= 2
    assert session.status == LiveSession.Status.DRAFT
    assert session.template_key == key


def test_the_knowledge_meeting_asks_what_the_issue_asks(utrecht, alice):
    session = services.session_create_from_template(workspace=utrecht, actor=alice, key="knowledge-meeting")
    prompts = list(session.prompts.order_by("position"))
    kinds = [p.kind for p in prompts]
    assert kinds[0] == Prompt.Kind.OPEN_TEXT and prompts[0].collect
    assert prompts[1].kind == Prompt.Kind.WORD_CLOUD
    assert "succesvol" in prompts[1].text["nl"]
    three = prompts[2]
    assert three.kind == Prompt.Kind.MULTIPLE_CHOICE and three.max_choices == 3
    labels = [o.label["nl"] for o in three.options.all()]
    assert "Eén heldere boodschap vanuit de gemeente" in labels
    assert "Goede communicatie en contact met alle partijen" in labels
    assert "Denken met en vanuit ouders" in labels
    levels = [o.label["nl"] for o in prompts[3].options.all()]
    assert [label.split(":")[0] for label in levels] == ["Niveau 1", "Niveau 2", "Niveau 3"]
    assert kinds[-1] == Prompt.Kind.QA and prompts[-1].collect


def test_a_parent_template_speaks_the_parents_languages(utrecht, alice):
    session = services.session_create_from_template(workspace=utrecht, actor=alice, key="parent-evening")
    assert session.languages == ["nl", "en", "ar", "tr"]
    for prompt in session.prompts.all():
        assert set(prompt.text) == {"nl", "en", "ar", "tr"}
        for option in prompt.options.all():
            assert set(option.label) == {"nl", "en", "ar", "tr"}
            assert option.pictogram


def test_an_unknown_template_is_refused(utrecht, alice):
    with pytest.raises(ValidationError):
        services.session_create_from_template(workspace=utrecht, actor=alice, key="nope")
    assert not LiveSession.objects.exists()


def test_prompts_and_options_are_added_ordered_and_protected_once_answered(session, alice):
    first = services.prompt_create(session=session, actor=alice, kind="single_choice", text={"nl": "Welke?"})
    second = services.prompt_create(session=session, actor=alice, kind="scale", text={"nl": "Hoe?"})
    assert (first.position, second.position) == (1, 2)
    services.prompt_move(prompt=second, actor=alice, direction="up")
    assert list(session.prompts.order_by("position").values_list("pk", flat=True)) == [second.pk, first.pk]
    yes = services.option_create(prompt=first, actor=alice, label={"nl": "Ja, graag"}, pictogram="1F44D")
    no = services.option_create(prompt=first, actor=alice, label={"nl": "Ja, graag"})
    assert (yes.value, no.value) == ("ja-graag", "ja-graag-2")
    with pytest.raises(ValidationError):
        services.option_create(prompt=second, actor=alice, label={"nl": "Geen opties bij een schaal"})
    services.session_go_live(session=session, actor=alice)
    services.session_goto_prompt(session=session, actor=alice, prompt=first)
    vote_submit(participant=_join(session), prompt=first, choices=["ja-graag"])
    with pytest.raises(ValidationError):
        services.option_delete(option=no, actor=alice)
    with pytest.raises(ValidationError):
        services.prompt_update(prompt=first, actor=alice, kind="scale", text={"nl": "Welke?"})
    with pytest.raises(ValidationError):
        services.prompt_delete(prompt=first, actor=alice)
    services.option_update(option=yes, actor=alice, label={"nl": "Ja", "en": "Yes"}, pictogram="1F44D")
    yes.refresh_from_db()
    assert yes.value == "ja-graag" and yes.label == {"nl": "Ja", "en": "Yes"}


def test_a_scale_must_end_above_its_start(session, alice):
    with pytest.raises(ValidationError):
        services.prompt_create(
            session=session, actor=alice, kind="scale", text={"nl": "Hoe?"}, scale_min=5, scale_max=5
        )


def test_running_a_meeting(session, alice, django_capture_on_commit_callbacks):
    first = PromptFactory(session=session, position=1, hide_results=True)
    second = PromptFactory(session=session, position=2)
    heard = []
    events.subscribe(listener := lambda kind, sid, pid: heard.append(kind))
    try:
        with django_capture_on_commit_callbacks(execute=True):
            session = services.session_go_live(session=session, actor=alice)
    finally:
        events.unsubscribe(listener)
    assert heard == ["state"]
    assert (session.status, session.current_prompt, session.results_visible) == ("live", first, False)
    revision = session.revision
    session = services.session_reveal_results(session=session, actor=alice)
    assert session.results_visible and session.revision == revision + 1
    session = services.session_next(session=session, actor=alice)
    assert session.current_prompt == second and session.results_visible
    assert services.session_next(session=session, actor=alice).current_prompt == second
    session = services.session_lock_voting(session=session, actor=alice)
    assert session.voting_locked
    session = services.session_previous(session=session, actor=alice)
    assert session.current_prompt == first and not session.voting_locked
    session = services.session_start_countdown(session=session, actor=alice, seconds=30)
    assert session.countdown_ends_at is not None
    with pytest.raises(ValidationError):
        services.session_start_countdown(session=session, actor=alice, seconds=2)
    session = services.session_close(session=session, actor=alice)
    assert session.status == "closed" and session.closed_at and session.countdown_ends_at is None
    states = list(
        AuditEvent.objects.filter(object_type="livesession").values_list("changes__state", flat=True)
    )
    assert {"live", "reveal", "next", "lock", "previous", "countdown", "close"} <= set(states)


def test_collect_mode_needs_a_prompt_open_beforehand(session, alice):
    PromptFactory(session=session)
    with pytest.raises(ValidationError):
        services.session_open_collect(session=session, actor=alice)
    PromptFactory(session=session, kind="qa", collect=True)
    assert services.session_open_collect(session=session, actor=alice).status == "collecting"


def test_going_live_needs_a_prompt(session, alice):
    with pytest.raises(ValidationError):
        services.session_go_live(session=session, actor=alice)


def test_a_session_with_participants_is_closed_not_deleted(session, alice):
    PromptFactory(session=session)
    services.session_go_live(session=session, actor=alice)
    _join(session)
    with pytest.raises(ValidationError):
        services.session_delete(session=session, actor=alice)
    assert LiveSession.objects.filter(pk=session.pk).exists()


def _text_prompt(session, alice, kind="open_text"):
    prompt = PromptFactory(session=session, kind=kind)
    services.session_go_live(session=session, actor=alice)
    return prompt


def test_moderation_approves_hides_and_removes_a_participants_entries(session, alice):
    prompt = _text_prompt(session, alice)
    rude, kind = _join(session), _join(session)
    first = entry_submit(participant=rude, prompt=prompt, text="Onzin")
    second = entry_submit(participant=rude, prompt=prompt, text="Nog meer onzin")
    good = entry_submit(participant=kind, prompt=prompt, text="Meer voorlezen")
    assert {first.status, second.status, good.status} == {Entry.Status.PENDING}
    services.entry_approve(entry=good, actor=alice)
    services.entry_approve(entry=first, actor=alice)
    assert services.entries_remove_for_participant(participant=rude, actor=alice, block=True) == 2
    statuses = dict(Entry.objects.values_list("text", "status"))
    assert statuses == {"Onzin": "hidden", "Nog meer onzin": "hidden", "Meer voorlezen": "approved"}
    rude.refresh_from_db()
    rude.session = LiveSession.objects.get(pk=session.pk)
    with pytest.raises(LiveError):
        entry_submit(participant=rude, prompt=prompt, text="Hallo")
    assert services.entries_moderate(session=session, actor=alice, entry_ids=[good.pk], status="hidden") == 1


def test_the_workspaces_own_words_join_the_filter(session, alice, utrecht):
    prompt = _text_prompt(session, alice)
    LiveSession.objects.filter(pk=session.pk).update(moderate_text=False)
    participant = _join(session)
    assert entry_submit(participant=participant, prompt=prompt, text="Die sjaak").status == "approved"
    services.blocked_word_add(workspace=utrecht, actor=alice, word="Sjaak")
    with pytest.raises(ValidationError):
        services.blocked_word_add(workspace=utrecht, actor=alice, word="sjaak")
    assert entry_submit(participant=participant, prompt=prompt, text="Weer die SJAAK").status == "pending"


def test_hand_over_turns_chosen_options_and_entries_into_draft_items_once(session, alice):
    prompt = PromptFactory(session=session, kind="multiple_choice", max_choices=3)
    option = PromptOptionFactory(prompt=prompt, label={"nl": "Denken met en vanuit ouders"})
    qa = PromptFactory(session=session, kind="qa")
    services.session_go_live(session=session, actor=alice)
    services.session_goto_prompt(session=session, actor=alice, prompt=qa)
    question = entry_submit(participant=_join(session), prompt=qa, text="Hoe betrekken we vaders?")
    services.entry_approve(entry=question, actor=alice)
    items = services.handovers_from_results(
        session=session, actor=alice, kind="ambition", option_ids=[option.pk], entry_ids=[question.pk]
    )
    assert [i.title for i in items] == ["Denken met en vanuit ouders", "Hoe betrekken we vaders?"]
    assert all(i.status == HandOver.Status.DRAFT and i.workspace == session.workspace for i in items)
    again = services.handovers_from_results(
        session=session, actor=alice, kind="ambition", option_ids=[option.pk]
    )
    assert again == [] and HandOver.objects.count() == 2
    with pytest.raises(ValidationError):
        services.handovers_from_results(session=session, actor=alice, kind="ambition", option_ids=[])
    other = PromptOptionFactory()
    with pytest.raises(ValidationError):
        services.handovers_from_results(session=session, actor=alice, kind="ambition", option_ids=[other.pk])
    services.handover_set_status(item=items[0], actor=alice, status="used")
    assert HandOver.objects.get(pk=items[0].pk).status == "used"
