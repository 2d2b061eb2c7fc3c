"""Facilitator screens: who may read and who may run a meeting, every form without JavaScript,
outsiders get 404, and pages take a bounded number of queries whatever the number of rows."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ouderpartner.core.models import AuditEvent
from ouderpartner.live import services
from ouderpartner.live.models import (
    BlockedWord,
    Entry,
    HandOver,
    LiveSession,
    Participant,
    Prompt,
    PromptOption,
    Vote,
)
from ouderpartner.live.participation import entry_submit, participant_join, vote_submit
from ouderpartner.live.tests.factories import PromptFactory

pytestmark = pytest.mark.django_db


def url(name, **kwargs):
    return reverse(f"live:{name}", kwargs={"ws": "utrecht", **kwargs})


@pytest.fixture
def meeting(utrecht, alice):
    return services.session_create_from_template(workspace=utrecht, actor=alice, key="knowledge-meeting")


@pytest.fixture
def school_meeting(utrecht, alice, school):
    return services.session_create(
        workspace=utrecht,
        actor=alice,
        title={"nl": "Ouderavond"},
        languages=["nl", "ar"],
        organisation=school,
    )


def _participant(session):
    participant, _token = participant_join(code=session.code, language="nl")
    participant.session = LiveSession.objects.get(pk=session.pk)
    return participant


def _run_with_answers(session, alice, voters=12):
    """Start the meeting, let `voters` people vote on the three-aspects prompt and send words."""
    services.session_go_live(session=session, actor=alice)
    prompts = list(session.prompts.order_by("position"))
    words, aspects = prompts[1], prompts[2]
    values = list(aspects.options.values_list("value", flat=True))
    for i in range(voters):
        participant = _participant(session)
        services.session_goto_prompt(session=session, actor=alice, prompt=aspects)
        participant.session.refresh_from_db()
        vote_submit(participant=participant, prompt=aspects, choices=values[i % 3 : i % 3 + 2])
        services.session_goto_prompt(session=session, actor=alice, prompt=words)
        participant.session.refresh_from_db()
        entry_submit(participant=participant, prompt=words, text=["samen", "vertrouwen", "taal"][i % 3])
    return prompts


# --- Reading ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("user", ["alice", "bob", "carol"])
def test_every_member_sees_the_list_and_the_meeting(client_for, request, meeting, user):
    client = client_for(request.getfixturevalue(user))
    response = client.get(url("session_list"))
    assert response.status_code == 200
    assert "Kennisbijeenkomst ouderbetrokkenheid" in response.content.decode()
    detail = client.get(url("session_detail", pk=meeting.pk))
    assert detail.status_code == 200
    assert meeting.code in detail.content.decode()


def test_the_meeting_page_links_to_the_presenter_screen_and_the_remote(client_for, alice, meeting):
    content = client_for(alice).get(url("session_detail", pk=meeting.pk)).content.decode()
    assert f'href="{url("presenter", pk=meeting.pk)}"' in content
    assert f'href="{url("remote", pk=meeting.pk)}"' in content
    assert f"/j/{meeting.code}/" in content


def test_only_those_who_run_it_see_the_controls(client_for, alice, carol, meeting):
    assert (
        'data-testid="state-controls"'
        in client_for(alice).get(url("session_detail", pk=meeting.pk)).content.decode()
    )
    assert (
        'data-testid="state-controls"'
        not in client_for(carol).get(url("session_detail", pk=meeting.pk)).content.decode()
    )


def test_the_navigation_shows_meetings(client_for, alice):
    content = client_for(alice).get(url("session_list")).content.decode()
    assert 'aria-current="page">Meetings<' in content or 'aria-current="page">Bijeenkomsten<' in content


@pytest.mark.parametrize("name", ["session_list", "session_create", "blocked_words"])
def test_an_outsider_gets_404_on_workspace_pages(client_for, dave, name):
    assert client_for(dave).get(url(name)).status_code == 404


def test_an_outsider_gets_404_on_a_meeting(client_for, dave, meeting):
    client = client_for(dave)
    assert client.get(url("session_detail", pk=meeting.pk)).status_code == 404
    own = reverse("live:session_detail", kwargs={"ws": "amersfoort", "pk": meeting.pk})
    assert client.get(own).status_code == 404
    assert client.post(url("session_state", pk=meeting.pk), {"action": "live"}).status_code == 404


def test_the_list_filters_and_searches(client_for, alice, meeting, school_meeting):
    client = client_for(alice)
    assert "Ouderavond" not in client.get(url("session_list") + "?q=kennis").content.decode()
    content = client.get(url("session_list") + f"?q={school_meeting.code}").content.decode()
    assert "Ouderavond" in content and "Kennisbijeenkomst" not in content
    assert "Ouderavond" not in client.get(url("session_list") + "?status=live").content.decode()


def test_list_and_detail_take_a_bounded_number_of_queries(
    client_for, alice, utrecht, django_assert_max_num_queries
):
    for _ in range(6):
        services.session_create_from_template(workspace=utrecht, actor=alice, key="parent-evening")
    session = LiveSession.objects.first()
    client = client_for(alice)
    with django_assert_max_num_queries(12):
        assert client.get(url("session_list")).status_code == 200
    with django_assert_max_num_queries(16):
        assert client.get(url("session_detail", pk=session.pk)).status_code == 200


# --- Creating and editing -----------------------------------------------------------------------------


def test_a_coordinator_makes_a_meeting_from_scratch_and_from_a_template(client_for, alice, utrecht):
    client = client_for(alice)
    response = client.post(
        url("session_create"), {"title_nl": "Inloopochtend", "languages": ["nl", "ar"], "moderate_text": "on"}
    )
    session = LiveSession.objects.get(title__nl="Inloopochtend")
    assert response.url == url("session_detail", pk=session.pk)
    assert session.languages == ["nl", "ar"] and session.moderate_text and not session.allow_change_vote
    response = client.post(url("session_create"), {"template": "city-event"})
    assert LiveSession.objects.filter(template_key="city-event").count() == 1


def test_bad_input_is_refused_with_a_message_and_nothing_saved(client_for, alice):
    client = client_for(alice)
    response = client.post(url("session_create"), {"title_nl": "", "languages": ["so"]})
    assert response.status_code == 400
    assert not LiveSession.objects.exists()
    response = client.post(url("session_create"), {"template": "nope"}, follow=True)
    assert not LiveSession.objects.exists()
    assert (
        "Choose one of the templates" in response.content.decode()
        or "Kies een van de sjablonen" in response.content.decode()
    )


def test_a_professional_runs_meetings_of_their_own_organisation_only(
    client_for, bob, school, meeting, school_meeting
):
    client = client_for(bob)
    client.post(url("session_create"), {"title_nl": "Voorleesochtend", "languages": ["nl"]})
    assert LiveSession.objects.get(title__nl="Voorleesochtend").organisation == school
    assert client.post(url("session_state", pk=school_meeting.pk), {"action": "collect"}).status_code == 302
    assert client.post(url("session_state", pk=meeting.pk), {"action": "live"}).status_code == 403
    assert client.get(url("session_update", pk=meeting.pk)).status_code == 403


def test_a_viewer_reads_but_cannot_create_or_run(client_for, carol, meeting):
    client = client_for(carol)
    assert client.get(url("session_create")).status_code == 403
    assert client.post(url("session_state", pk=meeting.pk), {"action": "live"}).status_code == 403
    assert client.get(url("prompt_create", pk=meeting.pk)).status_code == 403
    assert client.get(url("moderation", pk=meeting.pk)).status_code == 403
    assert client.get(url("blocked_words")).status_code == 403
    assert LiveSession.objects.get(pk=meeting.pk).status == "draft"


def test_editing_the_meeting(client_for, alice, meeting):
    client = client_for(alice)
    assert client.get(url("session_update", pk=meeting.pk)).status_code == 200
    response = client.post(
        url("session_update", pk=meeting.pk),
        {
            "title_nl": "Kennisbijeenkomst regio",
            "title_en": "Regional meeting",
            "languages": ["nl", "en"],
            "collect_opens_on": "2026-11-02",
            "collect_closes_on": "2026-11-01",
        },
    )
    assert response.status_code == 400
    response = client.post(
        url("session_update", pk=meeting.pk),
        {
            "title_nl": "Kennisbijeenkomst regio",
            "title_en": "Regional meeting",
            "languages": ["nl", "en"],
            "collect_closes_on": "2026-11-20",
        },
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.title == {"nl": "Kennisbijeenkomst regio", "en": "Regional meeting"}
    assert meeting.collect_closes_at.date().isoformat() in ("2026-11-20", "2026-11-21")


def test_prompts_and_options_through_the_forms(client_for, alice, school_meeting):
    client = client_for(alice)
    assert client.get(url("prompt_create", pk=school_meeting.pk)).status_code == 200
    response = client.post(
        url("prompt_create", pk=school_meeting.pk),
        {
            "kind": "pictogram",
            "text_nl": "Hoe komt u naar school?",
            "text_ar": "كيف تأتي إلى المدرسة؟",
            "max_choices": 1,
            "scale_min": 1,
            "scale_max": 5,
            "scale_style": "faces",
            "max_length": 200,
            "max_entries": 3,
        },
    )
    prompt = Prompt.objects.get(session=school_meeting)
    assert response.url == url("option_create", pk=prompt.pk)
    assert prompt.text == {"nl": "Hoe komt u naar school?", "ar": "كيف تأتي إلى المدرسة؟"}
    page = client.get(url("option_create", pk=prompt.pk)).content.decode()
    assert "pictogram-picker.js" in page and 'value="1F6B2"' in page
    client.post(
        url("option_create", pk=prompt.pk), {"label_nl": "Fiets", "pictogram": "1F6B2", "another": "1"}
    )
    client.post(url("option_create", pk=prompt.pk), {"label_nl": "Lopend", "pictogram": "1F6B6"})
    bike, walk = PromptOption.objects.filter(prompt=prompt).order_by("position")
    assert (bike.value, bike.pictogram) == ("fiets", "1F6B2")
    client.post(url("option_move", pk=walk.pk), {"direction": "up"})
    assert list(prompt.options.order_by("position").values_list("value", flat=True)) == ["lopend", "fiets"]
    response = client.post(url("option_update", pk=bike.pk), {"label_nl": "", "pictogram": "XYZ"})
    assert response.status_code == 400
    client.post(
        url("option_update", pk=bike.pk),
        {"label_nl": "Op de fiets", "label_ar": "بالدراجة", "pictogram": "1F6B2"},
    )
    bike.refresh_from_db()
    assert bike.label == {"nl": "Op de fiets", "ar": "بالدراجة"}
    assert client.get(url("option_delete", pk=bike.pk)).status_code == 200
    client.post(url("option_delete", pk=bike.pk))
    assert not PromptOption.objects.filter(pk=bike.pk).exists()
    response = client.post(
        url("prompt_update", pk=prompt.pk),
        {
            "kind": "scale",
            "text_nl": "Hoe?",
            "max_choices": 1,
            "scale_min": 3,
            "scale_max": 2,
            "scale_style": "faces",
            "max_length": 200,
            "max_entries": 3,
        },
    )
    assert response.status_code == 400
    client.post(url("prompt_delete", pk=prompt.pk))
    assert not Prompt.objects.filter(pk=prompt.pk).exists()


def test_deleting_a_meeting_nobody_joined(client_for, alice, school_meeting):
    client = client_for(alice)
    assert client.get(url("session_delete", pk=school_meeting.pk)).status_code == 200
    assert client.post(url("session_delete", pk=school_meeting.pk)).url == url("session_list")
    assert not LiveSession.objects.exists()


# --- Running ------------------------------------------------------------------------------------------


def test_running_the_meeting_with_the_state_buttons(client_for, alice, meeting):
    client = client_for(alice)
    for action in ("collect", "live", "next", "reveal", "lock", "unlock", "previous"):
        response = client.post(url("session_state", pk=meeting.pk), {"action": action})
        assert response.status_code == 302, action
    meeting.refresh_from_db()
    first = meeting.prompts.order_by("position").first()
    assert (meeting.status, meeting.current_prompt) == ("live", first)
    third = meeting.prompts.order_by("position")[2]
    client.post(url("session_state", pk=meeting.pk), {"action": "goto", "prompt": third.pk})
    client.post(url("session_state", pk=meeting.pk), {"action": "countdown", "seconds": "30"})
    meeting.refresh_from_db()
    assert meeting.current_prompt == third and meeting.countdown_ends_at and not meeting.results_visible
    response = client.post(
        url("session_state", pk=meeting.pk), {"action": "close"}, HTTP_ACCEPT="application/json"
    )
    assert response.json()["status"] == "closed"


def test_state_errors_are_messages_not_500s(client_for, alice, school_meeting):
    client = client_for(alice)
    response = client.post(url("session_state", pk=school_meeting.pk), {"action": "live"}, follow=True)
    assert response.status_code == 200
    assert LiveSession.objects.get(pk=school_meeting.pk).status == "draft"
    response = client.post(
        url("session_state", pk=school_meeting.pk), {"action": "fly"}, HTTP_ACCEPT="application/json"
    )
    assert response.status_code == 400 and response.json()["error"]
    response = client.post(
        url("session_state", pk=school_meeting.pk),
        {"action": "goto", "prompt": "x"},
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 400
    response = client.post(
        url("session_state", pk=school_meeting.pk), {"action": "live", "next": "https://evil.example/"}
    )
    assert response.url == url("session_detail", pk=school_meeting.pk)


# --- Moderation ---------------------------------------------------------------------------------------


@pytest.fixture
def queue(utrecht, alice, school_meeting):
    prompt = PromptFactory(session=school_meeting, kind=Prompt.Kind.QA)
    services.session_go_live(session=school_meeting, actor=alice)
    first, second = _participant(school_meeting), _participant(school_meeting)
    entries = [
        entry_submit(participant=first, prompt=prompt, text="Wanneer is de ouderavond?"),
        entry_submit(participant=first, prompt=prompt, text="Is er koffie?"),
        entry_submit(participant=second, prompt=prompt, text="Wat een kutschool"),
    ]
    return school_meeting, prompt, first, entries


def test_the_queue_works_without_javascript(client_for, alice, queue):
    session, _prompt, first, entries = queue
    client = client_for(alice)
    page = client.get(url("moderation", pk=session.pk)).content.decode()
    assert "Wanneer is de ouderavond?" in page
    assert "word filter" in page or "woordfilter" in page
    client.post(
        url("moderation", pk=session.pk), {"action": "approve", "entry": [entries[0].pk, entries[1].pk]}
    )
    client.post(url("entry_moderate", pk=entries[2].pk), {"action": "hide"})
    client.post(url("entry_moderate", pk=entries[0].pk), {"action": "answered"})
    client.post(url("entry_moderate", pk=entries[1].pk), {"action": "group", "group": "  Praktisch  "})
    statuses = {e.text: (e.status, e.answered, e.group) for e in Entry.objects.all()}
    assert statuses == {
        "Wanneer is de ouderavond?": ("approved", True, ""),
        "Is er koffie?": ("approved", False, "Praktisch"),
        "Wat een kutschool": ("hidden", False, ""),
    }
    response = client.post(url("moderation", pk=session.pk), {"action": "approve"}, follow=True)
    assert response.status_code == 200
    assert client.get(url("participant_remove", pk=first.pk)).status_code == 200
    client.post(url("participant_remove", pk=first.pk), {"block": "1"})
    assert set(Entry.objects.filter(participant=first).values_list("status", flat=True)) == {"hidden"}
    assert Participant.objects.get(pk=first.pk).blocked


def test_the_queue_takes_a_bounded_number_of_queries(client_for, alice, queue, django_assert_max_num_queries):
    session, prompt, _first, _entries = queue
    for _ in range(20):
        entry_submit(participant=_participant(session), prompt=prompt, text="Nog een vraag")
    client = client_for(alice)
    with django_assert_max_num_queries(12):
        assert client.get(url("moderation", pk=session.pk) + "?status=all").status_code == 200


def test_moderation_is_for_those_who_run_the_meeting(client_for, carol, dave, queue):
    _session, _prompt, first, entries = queue
    assert (
        client_for(carol).post(url("entry_moderate", pk=entries[0].pk), {"action": "approve"}).status_code
        == 403
    )
    assert client_for(carol).post(url("participant_remove", pk=first.pk)).status_code == 403
    assert (
        client_for(dave).post(url("entry_moderate", pk=entries[0].pk), {"action": "approve"}).status_code
        == 404
    )
    assert Entry.objects.get(pk=entries[0].pk).status == "pending"


def test_blocked_words_for_coordinators(client_for, alice, bob, utrecht):
    client = client_for(alice)
    assert client.get(url("blocked_words")).status_code == 200
    client.post(url("blocked_words"), {"word": "Sjaak"})
    assert client.post(url("blocked_words"), {"word": "sjaak"}).status_code == 400
    word = BlockedWord.objects.get(workspace=utrecht)
    assert word.word == "sjaak"
    assert client_for(bob).post(url("blocked_word_delete", pk=word.pk)).status_code == 403
    client_for(alice).post(url("blocked_word_delete", pk=word.pk))
    assert not BlockedWord.objects.exists()


# --- Results and hand-over ----------------------------------------------------------------------------


def test_results_page_shows_published_figures_and_takes_bounded_queries(
    client_for, carol, alice, meeting, django_assert_max_num_queries
):
    _run_with_answers(meeting, alice, voters=12)
    client = client_for(carol)
    with django_assert_max_num_queries(25):
        response = client.get(url("results", pk=meeting.pk))
    content = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="participants">10<' in content  # 12 rounded to a multiple of 5
    assert "Eén heldere boodschap vanuit de gemeente" in content or "One clear message" in content
    assert "samen" in content  # 12 participants sent words: at least 10, so texts are shown
    assert "hand-over-form" not in content  # a viewer does not hand over
    _run_with_answers(meeting, alice, voters=0)


def test_results_of_a_tiny_meeting_hide_small_figures(client_for, alice, meeting):
    _run_with_answers(meeting, alice, voters=3)
    content = client_for(alice).get(url("results", pk=meeting.pk)).content.decode()
    assert 'data-testid="participants">&lt; 5<' in content
    assert "vertrouwen" not in content


def test_xlsx_and_pdf_exports_are_audited(client_for, carol, alice, meeting):
    _run_with_answers(meeting, alice, voters=6)
    client = client_for(carol)
    response = client.get(url("results_xlsx", pk=meeting.pk))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    response = client.get(url("results_pdf", pk=meeting.pk))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert AuditEvent.objects.filter(action="export", object_type="livesession").count() == 2


def test_hand_over_from_the_results_page(client_for, alice, carol, meeting):
    prompts = _run_with_answers(meeting, alice, voters=6)
    aspects = prompts[2]
    chosen = list(aspects.options.order_by("position")[:3])
    client = client_for(alice)
    content = client.get(url("results", pk=meeting.pk)).content.decode()
    assert "hand-over-form" in content
    response = client.post(
        url("handover_create", pk=meeting.pk), {"kind": "ambition", "option": [o.pk for o in chosen]}
    )
    assert response.status_code == 302
    assert list(HandOver.objects.values_list("title", flat=True)) == [o.label["nl"] for o in chosen]
    detail = client.get(url("session_detail", pk=meeting.pk)).content.decode()
    assert chosen[0].label["nl"] in detail
    item = HandOver.objects.first()
    assert client_for(carol).post(url("handover_update", pk=item.pk), {"action": "used"}).status_code == 403
    client_for(alice).post(url("handover_update", pk=item.pk), {"action": "used"})
    assert HandOver.objects.get(pk=item.pk).status == "used"
    client_for(alice).post(url("handover_update", pk=item.pk), {"action": "delete"})
    assert HandOver.objects.count() == 2
    response = client.post(url("handover_create", pk=meeting.pk), {"kind": "ambition"}, follow=True)
    assert response.status_code == 200 and HandOver.objects.count() == 2


def test_votes_are_counted_in_the_pages_not_shown_per_person(client_for, alice, meeting):
    _run_with_answers(meeting, alice, voters=5)
    assert Vote.objects.count() == 5
    assert Participant.objects.count() == 5
