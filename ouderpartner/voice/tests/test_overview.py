"""Insights across questionnaires and conversations: published figures only, filters, tenancy, export."""

from __future__ import annotations

import datetime
import io
import json
import re
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from ouderpartner.core.models import AuditEvent
from ouderpartner.network.tests.factories import LocationFactory, NeighbourhoodFactory, OrganisationFactory
from ouderpartner.stats.charts import bar_chart
from ouderpartner.voice.models import Answer, Conversation, ConversationTag, Theme
from ouderpartner.voice.overview import OverviewFilters, voice_overview
from ouderpartner.voice.tests.factories import questionnaire_with_questions
from ouderpartner.voice.tests.test_insights import respond

pytestmark = pytest.mark.django_db


def url(name: str = "insights", ws: str = "utrecht") -> str:
    return reverse(f"voice:{name}", kwargs={"ws": ws})


@pytest.fixture
def places(utrecht):
    organisation = OrganisationFactory(workspace=utrecht, name="Consultatiebureau Oost")
    return (
        LocationFactory(organisation=organisation, name="Anemoon"),
        LocationFactory(organisation=organisation, name="Boterbloem"),
    )


@pytest.fixture
def tags(utrecht):
    return {
        name: ConversationTag.objects.create(workspace=utrecht, name=name)
        for name in ("voorlezen thuis", "geldzorgen", "schoolkeuze")
    }


def talk(place, *tags, language="nl", neighbourhood=None, date=None, **themes):
    conversation = Conversation.objects.create(
        workspace=place.organisation.workspace,
        organisation=place.organisation,
        location=place,
        neighbourhood=neighbourhood,
        date=date or timezone.localdate(),
        language=language,
        needs=themes.get("needs", "meer uitleg over de peuteropvang"),
        questions=themes.get("questions", ""),
        successes=themes.get("successes", ""),
        strengths=themes.get("strengths", ""),
    )
    conversation.tags.set(tags)
    return conversation


def table(html: str, table_id: str) -> str:
    match = re.search(rf'<table[^>]*id="{table_id}"[^>]*>(.*?)</table>', html, re.S)
    assert match, f"no table {table_id}"
    return match.group(1)


def cells(html: str) -> list[str]:
    return [
        unescape(re.sub(r"<[^>]+>", "", c)).strip()
        for c in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", html, re.S)
    ]


def test_tags_are_counted_and_small_counts_hidden(client_for, carol, places, tags):
    for _ in range(12):
        talk(places[0], tags["voorlezen thuis"])
    for _ in range(3):
        talk(places[0], tags["geldzorgen"])
    for _ in range(8):  # hidden as well: else 3 = total - 12 - 8
        talk(places[0], tags["schoolkeuze"])
    html = client_for(carol).get(url()).content.decode()
    row_cells = cells(table(html, "table-tags"))
    assert row_cells[row_cells.index("voorlezen thuis") + 1] == "10"
    assert row_cells[row_cells.index("geldzorgen") + 1] == "< 5"
    assert row_cells[row_cells.index("schoolkeuze") + 1] in ("hidden", "verborgen")
    assert not {"3", "8", "12", "23"} & set(row_cells)


def test_a_breakdown_by_neighbourhood_hides_a_second_cell_so_the_first_cannot_be_worked_out(
    client_for, carol, utrecht, places, tags
):
    north, south = NeighbourhoodFactory(workspace=utrecht), NeighbourhoodFactory(workspace=utrecht)
    for _ in range(20):
        talk(places[0], tags["voorlezen thuis"], neighbourhood=north)
    for _ in range(2):
        talk(places[0], tags["voorlezen thuis"], neighbourhood=south)
    for _ in range(20):
        talk(places[0], tags["geldzorgen"], neighbourhood=south)
    overview = voice_overview(workspace=utrecht, params={"breakdown": "neighbourhood"}, language="nl")
    tag_table = overview.tags.table
    reading = tags["voorlezen thuis"].pk
    assert tag_table.cells[reading][str(south.pk)].suppressed
    # With the row total shown, the other cell of the row (or the total) must be hidden too.
    hidden = [cell for cell in tag_table.cells[reading].values() if cell.suppressed]
    assert len(hidden) >= 2 or tag_table.row_totals[reading].suppressed
    html = client_for(carol).get(url() + "?breakdown=neighbourhood").content.decode()
    assert "hidden" in cells(table(html, "table-tags")) or "verborgen" in cells(table(html, "table-tags"))


def test_the_four_themes_are_counted(utrecht, places, tags):
    for n in range(10):
        talk(places[0], successes="gaat goed met voorlezen" if n < 7 else "", strengths="")
    overview = voice_overview(workspace=utrecht, params={}, language="nl")
    counts = overview.conversation_themes.series.counts
    assert counts["needs"].value == 10 and counts["successes"].value == 5
    assert counts["strengths"].value == 0 and not counts["strengths"].suppressed


def test_months_count_answers_and_conversations_and_the_period_filters(utrecht, places, tags):
    questionnaire = questionnaire_with_questions(utrecht)
    for _ in range(6):
        respond(questionnaire, places[0], reading=["often"])
    long_ago = timezone.localdate() - datetime.timedelta(days=500)
    for _ in range(7):
        talk(places[0], date=long_ago)
    recent = voice_overview(workspace=utrecht, params={}, language="nl")
    assert len(recent.monthly.table.rows) == 12
    this_month = recent.monthly.table.rows[-1]
    assert recent.monthly.table.cells[this_month]["responses"].value == 5
    assert recent.monthly.table.column_totals["conversations"].value == 0
    everything = voice_overview(workspace=utrecht, params={"period": "all"}, language="nl")
    assert everything.monthly.table.column_totals["conversations"].value == 5
    assert len(everything.monthly.table.rows) >= 17


def test_a_question_shared_by_two_questionnaires_is_counted_across_them(utrecht, places):
    first, second = questionnaire_with_questions(utrecht), questionnaire_with_questions(utrecht)
    for _ in range(8):
        respond(first, places[0], reading=["often"])
    for _ in range(7):
        respond(second, places[1], reading=["often"])
    overview = voice_overview(workspace=utrecht, params={}, language="nl")
    reading = next(shared for shared in overview.shared_questions if shared.name == "reading")
    assert reading.breakdown.table.row_totals["often"].value == 15
    assert reading.text == "Leest u voor?"
    assert list(reading.breakdown.column_labels) == [first.pk, second.pk]


def test_only_accepted_themes_of_answers_that_are_not_hidden_count(utrecht, places):
    questionnaire = questionnaire_with_questions(utrecht)
    question = questionnaire.questions.get(name="remark")
    accepted = Theme.objects.create(
        workspace=utrecht,
        questionnaire=questionnaire,
        question=question,
        name="bibliotheek",
        status="accepted",
    )
    suggested = Theme.objects.create(workspace=utrecht, questionnaire=questionnaire, name="speeltuin")
    for n in range(9):
        response = respond(questionnaire, places[0], remark="naar de bibliotheek")
        answer = Answer.objects.get(response=response, question=question)
        answer.themes.set([accepted, suggested])
        if n < 3:
            answer.moderation = Answer.Moderation.HIDDEN
            answer.save()
    overview = voice_overview(workspace=utrecht, params={}, language="nl")
    assert list(overview.answer_themes.series.counts) == [accepted.pk]
    assert overview.answer_themes.series.counts[accepted.pk].value == 5  # 6 answers, rounded


def test_filters_narrow_every_figure_and_bad_values_are_ignored(client_for, carol, utrecht, places, tags):
    for _ in range(10):
        talk(places[0], tags["schoolkeuze"], language="ar")
    for _ in range(10):
        talk(places[1], tags["schoolkeuze"], language="nl")
    overview = voice_overview(workspace=utrecht, params={"language": "ar"}, language="nl")
    assert overview.filters == OverviewFilters(language="ar")
    assert overview.tags.table.grand_total.value == 10
    overview = voice_overview(workspace=utrecht, params={"place": str(places[1].pk)}, language="nl")
    assert overview.tags.table.grand_total.value == 10
    response = client_for(carol).get(url() + "?place=abc&language=<script>&period=ever&neighbourhood=9999")
    assert response.status_code == 200 and b"<script>" not in response.content


def test_the_chart_holds_published_values_only(client_for, carol, places, tags):
    for _ in range(12):
        talk(places[0], tags["voorlezen thuis"])
    for _ in range(3):
        talk(places[0], tags["geldzorgen"])
    for _ in range(8):  # hidden as well: else 3 = total - 12 - 8
        talk(places[0], tags["schoolkeuze"])
    html = client_for(carol).get(url()).content.decode()
    spec = json.loads(
        re.search(r'<script id="chart-tags" type="application/json">(.*?)</script>', html).group(1)
    )
    assert spec["data"]["values"] == [{"label": "voorlezen thuis", "value": 10, "order": 0}]


def test_a_bar_chart_leaves_hidden_figures_out(utrecht):
    overview = voice_overview(workspace=utrecht, params={}, language="nl")
    assert overview.tags.chart["data"]["values"] == []
    assert bar_chart([], description="x", axis_title="y")["mark"]["type"] == "bar"


def test_every_member_sees_it_and_the_outsider_gets_404(client_for, alice, bob, carol, dave):
    for user in (alice, bob, carol):
        assert client_for(user).get(url()).status_code == 200
    client = client_for(dave)
    for name in ("insights", "insights_export"):
        assert client.get(url(name)).status_code == 404
    assert client_for(dave).get(url(ws="amersfoort")).status_code == 200


def test_the_page_uses_the_same_number_of_queries_for_10_and_60(client_for, alice, utrecht, places, tags):
    questionnaire, other = questionnaire_with_questions(utrecht), questionnaire_with_questions(utrecht)
    client = client_for(alice)
    counts = []
    for extra in (10, 50):
        for n in range(extra):
            talk(places[n % 2], *list(tags.values())[: n % 3 + 1], language=("nl", "ar")[n % 2])
            respond((questionnaire, other)[n % 2], places[n % 2], reading=["often"], remark="x")
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url() + "?breakdown=place").status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1] and counts[0] <= 25


def test_the_export_holds_only_published_values_and_is_audited(client_for, carol, places, tags):
    for _ in range(12):
        talk(places[0], tags["voorlezen thuis"])
    for _ in range(3):
        talk(places[0], tags["geldzorgen"])
    for _ in range(8):  # hidden as well: else 3 = total - 12 - 8
        talk(places[0], tags["schoolkeuze"])
    response = client_for(carol).get(url("insights_export"))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [cell for row in sheet.iter_rows(values_only=True) for cell in row if cell is not None]
    numbers = [v for v in values if isinstance(v, int | float)]
    assert all(v % 5 == 0 for v in numbers) and 10 in numbers
    assert "< 5" in values and not {3, 8, 12, 23} & set(numbers)
    assert AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT, object_type="voice_insights").exists()


def test_the_subnavigation_links_to_the_insights(client_for, carol):
    html = (
        client_for(carol).get(reverse("voice:questionnaire_list", kwargs={"ws": "utrecht"})).content.decode()
    )
    assert url() in html


def api(ws: str = "utrecht") -> str:
    return reverse("api-voice-insights", kwargs={"ws": ws})


def test_the_api_gives_the_same_published_figures(client_for, carol, places, tags):
    for _ in range(12):
        talk(places[0], tags["voorlezen thuis"], language="ar")
    for _ in range(3):
        talk(places[0], tags["geldzorgen"], language="ar")
    for _ in range(8):
        talk(places[0], tags["schoolkeuze"], language="ar")
    response = client_for(carol).get(api() + "?breakdown=language")
    assert response.status_code == 200
    data = response.json()
    rows = {row["label"]: row for row in data["tags"]["rows"]}
    assert rows["voorlezen thuis"]["cells"] == [{"value": 10, "suppressed": False}]
    assert rows["geldzorgen"]["cells"] == [{"value": None, "suppressed": True}]
    assert data["tags"]["columns"] == [{"key": "ar", "label": "العربية"}]
    assert data["threshold"] == 5 and data["period"] == "12m"
    themes = {item["key"]: item for item in data["conversation_themes"]}
    assert themes["needs"]["value"] == 25


def test_the_api_refuses_unknown_filters_with_the_field(client_for, carol, places, tags):
    talk(places[0], tags["geldzorgen"])
    client = client_for(carol)
    response = client.get(api() + "?period=ever")
    assert response.status_code == 400 and "period" in response.json()
    response = client.get(api() + f"?place={places[1].pk}&language=xx")
    assert response.status_code == 400 and {"place", "language"} <= set(response.json())
    assert client.get(api() + f"?place={places[0].pk}").status_code == 200


def test_the_api_is_404_for_the_outsider(client_for, dave):
    assert client_for(dave).get(api()).status_code == 404
