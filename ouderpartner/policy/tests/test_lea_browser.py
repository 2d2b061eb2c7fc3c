"""Browser tests for the LEA: axe-core on the meeting list, the meeting page, the meeting form (also
with an error), the agreements list, the status form and taking a live meeting's result into the
policy, done end to end as the coordinator would."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from ouderpartner.live.models import HandOver
from ouderpartner.network.tests.factories import OrganisationFactory
from ouderpartner.policy.models import AgendaItem, Agreement, Ambition, LeaMeeting
from ouderpartner.policy.tests.test_lea_services import (
    TODAY,
    make_agreement,
    make_framework,
    make_hand_over,
    make_meeting,
    make_session,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _url(page, name, pk=None, **kwargs):
    kwargs["ws"] = "utrecht"
    if pk is not None:
        kwargs["pk"] = pk
    return page.base_url + reverse(f"policy:{name}", kwargs=kwargs)


@pytest.fixture
def lea(utrecht, school):
    library = OrganisationFactory(workspace=utrecht, name="Bibliotheek Utrecht", kind="library")
    framework = make_framework(utrecht)
    session = make_session(utrecht, "Kennisbijeenkomst ouderbetrokkenheid")
    meeting = make_meeting(utrecht, framework, session=session, participants=[school, library])
    meeting.decisions = "Ouderbetrokkenheid wordt een vast agendapunt."
    meeting.save()
    AgendaItem.objects.create(workspace=utrecht, meeting=meeting, title="Bereik van ouders", position=0)
    AgendaItem.objects.create(workspace=utrecht, meeting=meeting, title="Rondvraag", position=1)
    make_agreement(utrecht, what="Ouderkamer op elke school", organisations=[school], meeting=meeting)
    make_agreement(
        utrecht,
        what="Voorleesochtend in drie talen",
        organisations=[library],
        meeting=meeting,
        due_on=TODAY - datetime.timedelta(days=3),
    )
    make_hand_over(session)
    make_hand_over(session, title="Eén boodschap van alle partners")
    return {"framework": framework, "meeting": meeting, "session": session}


def test_the_meeting_list_and_page_are_accessible(page, login, carol, lea, axe):
    login(carol)
    page.goto(_url(page, "lea_meeting_list"))
    assert page.locator("h1").count() == 1
    assert "LEA najaar" in page.locator("main table").inner_text()
    axe(page, context="LEA meeting list")
    page.click("main table a")
    page.wait_for_load_state("networkidle")
    main = page.locator("main").inner_text()
    assert "Bibliotheek Utrecht" in main and "Ouderbetrokkenheid wordt een vast agendapunt." in main
    assert "Ouders als partner vanaf de voorschool" in main
    axe(page, context="LEA meeting page")


def test_the_coordinator_records_a_meeting_with_an_error_first(page, login, alice, school, lea, axe):
    login(alice)
    page.goto(_url(page, "lea_meeting_create"))
    axe(page, context="new LEA meeting form")
    page.fill("#id_title", "LEA voorjaar")
    page.fill("#id_other_participants", "wethouder onderwijs")
    page.check(f"#id_participants input[value='{school.pk}']")
    page.click("main form.op-form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert page.locator("#error-summary").is_visible()
    assert page.input_value("#id_other_participants") == "wethouder onderwijs"
    axe(page, context="new LEA meeting form with an error")
    page.fill("#id_date", "2026-03-12")
    page.click("main form.op-form button[type=submit]")
    page.wait_for_load_state("networkidle")
    meeting = LeaMeeting.objects.get(title="LEA voorjaar")
    assert list(meeting.participants.all()) == [school]
    assert page.locator("h1").inner_text() == "LEA voorjaar"


def test_agenda_and_agreement_forms_are_accessible(page, login, alice, lea, axe):
    login(alice)
    meeting = lea["meeting"]
    page.goto(_url(page, "agenda_item_create", meeting.pk))
    axe(page, context="new agenda item")
    page.fill("#id_title", "Stand van de ouderkamers")
    page.click("main form.op-form button[type=submit]")
    page.wait_for_load_state("networkidle")
    new = AgendaItem.objects.get(title="Stand van de ouderkamers")
    page.click(f"#agenda-item-{new.pk} button[value=up]")
    page.wait_for_load_state("networkidle")
    assert list(meeting.agenda_items.order_by("position").values_list("title", flat=True))[1] == (
        "Stand van de ouderkamers"
    )
    page.goto(_url(page, "agreement_create") + f"?meeting={meeting.pk}")
    axe(page, context="new agreement")
    page.goto(_url(page, "lea_meeting_live", meeting.pk))
    axe(page, context="attach a live meeting")


def test_the_agreements_list_marks_overdue_in_words(page, login, bob, lea, axe):
    login(bob)
    page.goto(_url(page, "agreement_list"))
    overdue_row = page.locator("main tr", has_text="Voorleesochtend in drie talen")
    assert "te laat" in overdue_row.inner_text().lower() or "overdue" in overdue_row.inner_text().lower()
    axe(page, context="agreements list")
    # Bob works at the school: he updates the school's agreement, not the library's.
    own = page.locator("main tr", has_text="Ouderkamer op elke school")
    status_link = "a[href$='/status/']"
    assert page.locator("main tr", has_text="Voorleesochtend in drie talen").locator(status_link).count() == 0
    own.locator(status_link).click()
    page.wait_for_load_state("networkidle")
    axe(page, context="agreement status form")
    page.check("input[value=in_progress]")
    page.click("main form.op-form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert Agreement.objects.get(what="Ouderkamer op elke school").status == "in_progress"


def test_a_live_result_becomes_a_draft_ambition_and_an_agenda_item(page, login, alice, lea, axe):
    login(alice)
    meeting = lea["meeting"]
    page.goto(_url(page, "lea_meeting_detail", meeting.pk) + "#hand-overs")
    page.locator("#hand-overs ~ div tr", has_text="Ouders als partner").locator("a").click()
    page.wait_for_load_state("networkidle")
    axe(page, context="take a result into the policy")
    page.check("input[name=becomes][value=ambition]")
    page.check("input[name=level][value='2']")
    page.click("main form.op-form button[type=submit]")
    page.wait_for_load_state("networkidle")
    ambition = Ambition.objects.get(title="Ouders als partner vanaf de voorschool")
    assert (ambition.level, ambition.framework, ambition.hand_over.status) == (
        2,
        lea["framework"],
        HandOver.Status.USED,
    )
    page.locator("#hand-overs ~ div tr", has_text="Eén boodschap").locator("a").click()
    page.wait_for_load_state("networkidle")
    page.check("input[name=becomes][value=agenda_item]")
    page.click("main form.op-form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert AgendaItem.objects.filter(meeting=meeting, title="Eén boodschap van alle partners").count() == 1
    assert "Eén boodschap van alle partners" in page.locator("#agenda ~ ol").inner_text()
    axe(page, context="LEA meeting page after taking results")


def test_edit_delete_and_attach_pages_are_accessible(page, login, alice, utrecht, lea, axe):
    login(alice)
    meeting = lea["meeting"]
    item = meeting.agenda_items.first()
    agreement = Agreement.objects.first()
    loose = make_session(utrecht, "Nog niet gekoppeld")
    pages = [
        ("edit LEA meeting", _url(page, "lea_meeting_update", meeting.pk)),
        ("delete LEA meeting", _url(page, "lea_meeting_delete", meeting.pk)),
        ("edit agenda item", _url(page, "agenda_item_update", item.pk)),
        ("delete agenda item", _url(page, "agenda_item_delete", item.pk)),
        ("edit agreement", _url(page, "agreement_update", agreement.pk)),
        ("delete agreement", _url(page, "agreement_delete", agreement.pk)),
        ("choose an LEA meeting for a live meeting", _url(page, "lea_live_session", session_pk=loose.pk)),
    ]
    for context, address in pages:
        page.goto(address)
        assert page.locator("h1").count() == 1, context
        axe(page, context=context)
    page.goto(_url(page, "agenda_item_delete", item.pk))
    page.click("main form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert not AgendaItem.objects.filter(pk=item.pk).exists()
