"""Browser tests for goals, indicators and actions: axe-core on the indicator page (with its trend chart
and a hidden value), the goal and indicator forms (also with errors), the value form, the goals page,
the action list with an overdue action, the action form and a professional's progress form."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from ouderpartner.network.tests.factories import LocationFactory, OrganisationFactory
from ouderpartner.policy.models import Action, Goal, Indicator
from ouderpartner.reach.tests.factories import ActivityFactory

from .goal_factories import make_action, make_ambition, make_goal, make_indicator, make_value

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _url(page, name, **kwargs):
    return page.base_url + reverse(f"policy:{name}", kwargs={"ws": "utrecht", **kwargs})


@pytest.fixture
def ambition(utrecht):
    return make_ambition(utrecht, title="Meer doelgroepouders doen mee")


@pytest.fixture
def goal(utrecht, ambition):
    return make_goal(utrecht, ambition, title="Doelgroepouders bereikt in elke wijk")


@pytest.fixture
def live_indicator(utrecht, goal):
    this_year = datetime.date.today().year
    place = LocationFactory(organisation=OrganisationFactory(workspace=utrecht))
    ActivityFactory(
        location=place, date=datetime.date(this_year - 2, 3, 1), parents=38, target_group_parents=20
    )
    ActivityFactory(
        location=place,
        date=datetime.date(this_year - 1, 3, 1),
        parents=3,
        target_group_parents=0,
        first_time_parents=0,
    )
    return make_indicator(
        utrecht,
        goal,
        title="Ouders bereikt",
        baseline=40,
        baseline_year=this_year - 2,
        target=80,
        target_year=this_year + 2,
    )


def test_the_indicator_page_is_accessible_with_its_trend(page, login, carol, live_indicator, axe):
    login(carol)
    page.goto(_url(page, "indicator_detail", pk=live_indicator.pk))
    assert page.locator("h1").count() == 1
    table = page.locator("#table-trend").inner_text()
    assert "< 5" in table  # the year with 3 parents, hidden with the explanation near it
    assert "privacy" in page.locator("main").inner_text()
    page.wait_for_selector(".op-chart__canvas svg, .op-chart__canvas canvas", state="attached")
    axe(page, context="indicator page")


def test_goal_and_indicator_forms_are_accessible(page, login, alice, ambition, goal, axe):
    login(alice)
    page.goto(_url(page, "goal_create", pk=ambition.pk))
    axe(page, context="goal form")
    page.click("main form.op-form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert page.locator("#error-summary").is_visible()
    axe(page, context="goal form with an error")
    page.fill("#id_title", "Ouders voelen zich welkom op school")
    page.click("main form.op-form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert Goal.objects.filter(title="Ouders voelen zich welkom op school").exists()
    assert f"/ambitions/{ambition.pk}/" in page.url  # back on the ambition, at the new goal

    page.goto(_url(page, "indicator_create", pk=goal.pk))
    axe(page, context="indicator form")
    assert not page.locator("#id_value_kind").is_visible()  # read live by default: the hand fields wait
    page.fill("#id_title", "Ingevulde vragenlijsten")
    page.select_option("#id_live_key", "questionnaire_responses")
    # only the parameters this value takes are shown (the server checks them all the same)
    assert page.locator("#id_questionnaire").is_visible() and page.locator("#id_neighbourhood").is_visible()
    assert not page.locator("#id_programme").is_visible() and not page.locator("#id_question").is_visible()
    page.click("main form.op-form button[type=submit]")
    page.wait_for_load_state("networkidle")
    summary = page.locator("#error-summary")
    assert summary.is_visible()
    assert page.locator("#error-summary a[href='#id_questionnaire']").count() == 1
    assert page.input_value("#id_title") == "Ingevulde vragenlijsten"  # nothing lost
    axe(page, context="indicator form with an error")

    page.select_option("#id_live_key", "")
    page.check("#id_source_1")  # entered by hand
    page.select_option("#id_value_kind", "percentage")
    page.fill("#id_manual_source", "Oudertevredenheidsonderzoek")
    page.fill("#id_title", "Ouders tevreden over contact met school")
    page.click("main form.op-form button[type=submit]")
    page.wait_for_load_state("networkidle")
    indicator = Indicator.objects.get(title="Ouders tevreden over contact met school")
    assert indicator.source == "manual"
    page.goto(_url(page, "value_create", pk=indicator.pk))
    axe(page, context="value form")


def test_the_goals_page_is_accessible(page, login, carol, live_indicator, utrecht, goal, axe):
    manual = make_indicator(utrecht, goal, title="Ouderraad", source="manual", value_kind="people")
    make_value(manual, 2025, 12)
    login(carol)
    page.goto(_url(page, "goal_list"))
    assert "Doelgroepouders bereikt in elke wijk" in page.locator("main").inner_text()
    axe(page, context="goals of a framework")


@pytest.fixture
def actions(utrecht, ambition, school):
    library = OrganisationFactory(workspace=utrecht, name="Bibliotheek Utrecht")
    today = datetime.date.today()
    late = make_action(
        utrecht, ambition, school, title="Koffieochtend starten", due_on=today - datetime.timedelta(days=20)
    )
    make_action(
        utrecht,
        ambition,
        library,
        title="Voorleesuur in het Arabisch",
        due_on=today + datetime.timedelta(days=40),
    )
    make_action(utrecht, ambition, library, title="Taalcafé", status=Action.Status.DONE)
    return late


def test_the_action_list_is_accessible_and_marks_overdue_in_words(page, login, alice, actions, axe):
    login(alice)
    page.goto(_url(page, "action_list"))
    row = page.locator("tr", has_text="Koffieochtend starten")
    assert "Te laat" in row.inner_text() or "Overdue" in row.inner_text()
    axe(page, context="action list")
    page.click("a.op-filter-link[href*='overdue=yes']")
    page.wait_for_load_state("networkidle")
    assert page.locator("main tbody tr").count() == 1
    page.goto(_url(page, "action_create"))
    axe(page, context="action form")
    page.click("main form.op-form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert page.locator("#error-summary").is_visible()
    axe(page, context="action form with errors")


def test_a_professional_updates_their_own_action(page, login, bob, actions, axe):
    page.set_viewport_size({"width": 360, "height": 740})
    login(bob)
    page.goto(_url(page, "action_list"))
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.click(f"a[href*='/actions/{actions.pk}/progress/']")
    page.wait_for_load_state("networkidle")
    axe(page, context="progress form")
    page.check("input[name=status][value=in_progress]")
    page.fill("#id_progress_note", "De eerste ochtend kwamen twaalf ouders.")
    page.click("main form.op-form button[type=submit]")
    page.wait_for_load_state("networkidle")
    actions.refresh_from_db()
    assert actions.status == "in_progress" and "twaalf" in actions.progress_note


def test_the_ambition_page_carries_goals_and_actions_accessibly(
    page, login, bob, ambition, live_indicator, actions, axe
):
    login(bob)
    page.goto(_url(page, "ambition_detail", pk=ambition.pk))
    goals = page.locator("#goals")
    assert "Doelgroepouders bereikt in elke wijk" in goals.inner_text()
    assert "Ouders bereikt" in goals.inner_text()
    rows = page.locator("#actions tbody tr")
    assert rows.count() == 3
    # bob (professional at the school) may update the school's action only
    assert page.locator(f"#actions a[href*='/actions/{actions.pk}/progress/']").count() == 1
    assert page.locator("#actions a[href*='/progress/']").count() == 1
    axe(page, context="ambition page with goals and actions")


def test_confirmations_and_empty_pages_are_accessible(
    page, login, alice, utrecht, goal, live_indicator, actions, axe
):
    manual = make_indicator(utrecht, goal, title="Ouderraad", source="manual", value_kind="people")
    value = make_value(manual, 2025, 12)
    login(alice)
    for name, pk in (
        ("goal_delete", goal.pk),
        ("indicator_delete", live_indicator.pk),
        ("value_delete", value.pk),
        ("action_delete", actions.pk),
    ):
        page.goto(_url(page, name, pk=pk))
        assert page.locator("main form button[type=submit]").count() == 1
        axe(page, context=name)
    page.goto(_url(page, "value_update", pk=value.pk))
    axe(page, context="value edit")
    page.click("main form.op-form button[type=submit]")  # unchanged: saved as it is
    page.wait_for_load_state("networkidle")
    page.goto(_url(page, "action_list") + "?status=in_progress")
    assert page.locator(".op-empty").count() == 1
    axe(page, context="action list, nothing matches")
    page.goto(_url(page, "action_delete", pk=actions.pk))
    page.click("main form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert not Action.objects.filter(pk=actions.pk).exists()
