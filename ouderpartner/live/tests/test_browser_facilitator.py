"""Browser tests for the facilitator's pages: axe-core on every page, forms with errors, the moderation
queue and the state buttons without JavaScript, charts on the results page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ouderpartner.accounts.testing import sign_in_browser
from ouderpartner.live import documents, services
from ouderpartner.live.models import Entry, LiveSession, Prompt
from ouderpartner.live.participation import entry_submit, participant_join, vote_submit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def meeting(utrecht, alice):
    return services.session_create_from_template(workspace=utrecht, actor=alice, key="knowledge-meeting")


@pytest.fixture
def finished(utrecht, alice):
    """A parent evening in four languages, run with 12 participants, with texts to moderate, then closed."""
    session = services.session_create_from_template(workspace=utrecht, actor=alice, key="parent-evening")
    services.session_go_live(session=session, actor=alice)
    prompts = list(session.prompts.order_by("position"))
    for i in range(12):
        participant, _token = participant_join(code=session.code, language=["nl", "ar", "tr"][i % 3])
        for prompt in prompts:
            services.session_goto_prompt(session=session, actor=alice, prompt=prompt)
            participant.session = LiveSession.objects.get(pk=session.pk)
            if prompt.kind == Prompt.Kind.SCALE:
                vote_submit(participant=participant, prompt=prompt, number=3 + i % 3)
            elif prompt.has_options:
                values = list(prompt.options.values_list("value", flat=True))
                vote_submit(participant=participant, prompt=prompt, choices=[values[i % len(values)]])
            else:
                entry_submit(
                    participant=participant,
                    prompt=prompt,
                    text=["voorlezen", "samen koken", "buiten spelen"][i % 3],
                )
    services.entries_moderate(
        session=session,
        actor=alice,
        entry_ids=list(Entry.objects.filter(session=session).values_list("pk", flat=True)[:20]),
        status="approved",
    )
    return session


def _go(page, name, **kwargs):
    page.goto(page.base_url + reverse(f"live:{name}", kwargs={"ws": "utrecht", **kwargs}))


@pytest.mark.parametrize("name", ["session_list", "session_create", "blocked_words"])
def test_workspace_pages_are_accessible(page, login, alice, meeting, axe, name):
    login(alice)
    _go(page, name)
    assert page.locator("h1").count() == 1
    axe(page, context=name)


@pytest.mark.parametrize(
    "name", ["session_detail", "session_update", "prompt_create", "session_delete", "moderation"]
)
def test_meeting_pages_are_accessible(page, login, alice, meeting, axe, name):
    login(alice)
    _go(page, name, pk=meeting.pk)
    assert page.locator("h1").count() == 1
    axe(page, context=name)


def test_a_viewer_sees_the_meeting_without_controls(page, login, carol, meeting, axe):
    login(carol)
    _go(page, "session_detail", pk=meeting.pk)
    assert page.locator("[data-testid=state-controls]").count() == 0
    assert page.locator("[data-testid=join-code]").inner_text() == meeting.code
    axe(page, context="meeting for a viewer")


def test_running_the_meeting_with_buttons_without_javascript(browser, live_server, alice, meeting):
    context = browser.new_context(java_script_enabled=False, locale="nl-NL")
    page = context.new_page()
    try:
        sign_in_browser(page, live_server.url, alice, "correct horse battery staple")
        page.goto(
            live_server.url + reverse("live:session_detail", kwargs={"ws": "utrecht", "pk": meeting.pk})
        )
        page.click("[data-testid=state-controls] button:has-text('Bijeenkomst starten')")
        assert page.locator("[data-testid=status]").inner_text() == "live"
        page.click("[data-testid=state-controls] button:has-text('Volgende vraag')")
        second = meeting.prompts.order_by("position")[1]
        assert page.locator(f"#prompt-{second.pk} [data-testid=current]").count() == 1
    finally:
        context.close()


def test_a_prompt_form_with_an_error_keeps_the_input(page, login, alice, meeting, axe):
    login(alice)
    _go(page, "prompt_create", pk=meeting.pk)
    page.select_option("#id_kind", "scale")
    page.fill("#id_text_en", "How sure are you?")
    page.fill("#id_scale_min", "4")
    page.fill("#id_scale_max", "2")
    page.click("main form.op-form button[type=submit]")
    page.wait_for_selector("#error-summary")
    assert page.input_value("#id_text_en") == "How sure are you?"
    axe(page, context="prompt form with an error")


def test_the_option_form_has_the_pictogram_picker(page, login, alice, meeting, axe):
    login(alice)
    prompt = meeting.prompts.get(kind="single_choice")
    _go(page, "option_create", pk=prompt.pk)
    axe(page, context="option form")
    page.fill("#id_pictogram_search", "boeken")
    assert page.locator("[data-picker-item]:visible").count() == 1
    page.fill("#id_label_nl", "Niveau 0: nog niet begonnen")
    page.locator("[data-picker-item]:visible label").click()
    page.click("main form.op-form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert prompt.options.get(label__nl="Niveau 0: nog niet begonnen").pictogram == "1F4DA"


def test_the_moderation_queue_and_removing_a_participant(page, login, alice, utrecht, axe):
    session = services.session_create(
        workspace=utrecht, actor=alice, title={"nl": "Ouderavond"}, languages=["nl", "ar"]
    )
    prompt = services.prompt_create(session=session, actor=alice, kind="qa", text={"nl": "Uw vraag?"})
    services.session_go_live(session=session, actor=alice)
    participant, _token = participant_join(code=session.code, language="ar")
    participant.session = LiveSession.objects.get(pk=session.pk)
    entry_submit(participant=participant, prompt=prompt, text="متى تبدأ المدرسة؟")
    entry_submit(participant=participant, prompt=prompt, text="Wat een kutschool")
    login(alice)
    _go(page, "moderation", pk=session.pk)
    axe(page, context="moderation queue")
    page.check(f"#select-{Entry.objects.get(text__startswith='متى').pk}")
    page.click("button:has-text('Gekozen teksten goedkeuren')")
    assert Entry.objects.get(text__startswith="متى").status == "approved"
    page.click("a:has-text('Alles van deze deelnemer verwijderen') >> nth=0")
    axe(page, context="remove a participant's texts")
    page.check("#id_block")
    page.click("main form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert set(Entry.objects.values_list("status", flat=True)) == {"hidden"}


def test_the_results_page_draws_charts_with_tables(page, login, carol, finished, axe):
    login(carol)
    _go(page, "results", pk=finished.pk)
    page.wait_for_selector("[data-chart] svg, [data-chart] canvas", timeout=15000)
    assert page.locator("table.op-insight-table").count() >= 4
    assert "10" in page.locator("[data-testid=participants]").inner_text()
    axe(page, context="results")


def test_hand_over_from_the_results_page(page, login, alice, finished, axe):
    login(alice)
    _go(page, "results", pk=finished.pk)
    prompt = finished.prompts.get(position=2)
    option = prompt.options.first()
    page.check(f"#option-{option.pk}")
    page.select_option("#id_kind", "agenda_item")
    page.click("#hand-over button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert option.label["nl"] in page.locator("#hand-overs ~ .op-table-wrapper").inner_text()
    axe(page, context="meeting with draft items")


def test_the_pdf_unavailable_page_is_accessible(page, login, alice, finished, axe, monkeypatch):
    def unavailable():
        raise documents.PdfUnavailable("no pango")

    monkeypatch.setattr(documents, "_weasyprint", unavailable)
    login(alice)
    response = page.goto(
        page.base_url + reverse("live:results_pdf", kwargs={"ws": "utrecht", "pk": finished.pk})
    )
    assert response.status == 503
    axe(page, context="PDF unavailable")
