"""The presenter screen and the remote control: who may open them, what they show, their queries."""

from __future__ import annotations

import pytest

from ouderpartner.live.models import LiveSession, Prompt, Vote
from ouderpartner.live.tests.factories import (
    LiveSessionFactory,
    ParticipantFactory,
    PromptFactory,
    PromptOptionFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(utrecht, school):
    session = LiveSessionFactory(
        workspace=utrecht,
        organisation=school,
        status=LiveSession.Status.LIVE,
        title={"nl": "Kennisbijeenkomst"},
        languages=["nl", "ar"],
    )
    prompt = PromptFactory(
        session=session, kind=Prompt.Kind.SINGLE_CHOICE, text={"nl": "Waar staat u?", "ar": "أين أنت؟"}
    )
    PromptOptionFactory(prompt=prompt, value="start", label={"nl": "Aan het begin"})
    PromptOptionFactory(prompt=prompt, value="far", label={"nl": "Ver op weg"})
    session.current_prompt = prompt
    session.save()
    for _ in range(3):
        Vote.objects.create(
            session=session, prompt=prompt, participant=ParticipantFactory(session=session), choices=["far"]
        )
    return session


def url(session, name="present"):
    return f"/w/{session.workspace.slug}/live/sessions/{session.pk}/{name}/"


def test_the_presenter_screen_shows_the_join_code_link_qr_and_the_current_results(client_for, alice, meeting):
    response = client_for(alice).get(url(meeting))
    assert response.status_code == 200
    html = response.content.decode()
    assert f"{meeting.code[:3]} {meeting.code[3:]}" in html
    assert f"/j/{meeting.code}</strong>" in html
    assert "<svg" in html and 'role="img"' in html  # the QR code
    assert "Waar staat u?" in html
    assert '<li lang="ar" dir="rtl">أين أنت؟</li>' in html  # the other languages of the meeting under it
    assert '<th scope="row">Ver op weg</th><td>3</td>' in html  # the results without JavaScript
    assert f'data-socket="/w/utrecht/live/sessions/{meeting.pk}/socket/"' in html
    assert 'value="next"' in html and 'aria-keyshortcuts="ArrowRight"' in html


def test_hidden_results_are_not_on_the_screen_page(client_for, alice, meeting):
    LiveSession.objects.filter(pk=meeting.pk).update(results_visible=False)
    html = client_for(alice).get(url(meeting)).content.decode()
    assert "Ver op weg</th>" not in html
    assert "De resultaten zijn verborgen tot u ze toont." in html


def test_a_reader_sees_the_screen_without_the_controls_and_may_not_use_the_remote(client_for, carol, meeting):
    client = client_for(carol)
    html = client.get(url(meeting)).content.decode()
    assert "Waar staat u?" in html and 'value="next"' not in html
    assert client.get(url(meeting, "remote")).status_code == 403


def test_the_remote_control_lists_every_prompt_and_posts_to_the_state_endpoint(client_for, alice, meeting):
    client = client_for(alice)
    response = client.get(url(meeting, "remote"))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'action="/w/utrecht/live/sessions/{meeting.pk}/state/"' in html
    assert 'name="action" value="goto"' in html and 'aria-current="step"' in html
    follow = client.post(
        f"/w/utrecht/live/sessions/{meeting.pk}/state/", {"action": "lock", "next": url(meeting, "remote")}
    )
    assert follow.status_code == 302 and follow["Location"] == url(meeting, "remote")
    assert LiveSession.objects.get(pk=meeting.pk).voting_locked


def test_another_workspace_gets_404(client_for, dave, meeting):
    client = client_for(dave)
    for name in ("present", "remote"):
        assert client.get(url(meeting, name)).status_code == 404
        assert client.get(f"/w/amersfoort/live/sessions/{meeting.pk}/{name}/").status_code == 404


def test_the_screens_take_a_bounded_number_of_queries(
    client_for, alice, meeting, django_assert_max_num_queries
):
    client = client_for(alice)
    for name in ("present", "remote"):
        with django_assert_max_num_queries(16):
            assert client.get(url(meeting, name)).status_code == 200
