"""The report content and its PDF: the PDF is made by WeasyPrint, its text holds the figures the web
page shows, small counts never appear, and a framework without ambitions, goals or data still works."""

from __future__ import annotations

import datetime
import html as html_module
import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from ouderpartner.network.models import Neighbourhood, Organisation
from ouderpartner.network.tests.factories import LocationFactory, NeighbourhoodFactory, OrganisationFactory
from ouderpartner.policy.models import (
    Action,
    Agreement,
    Ambition,
    ConsultationComment,
    Endorsement,
    Goal,
    Indicator,
    IndicatorValue,
    LeaMeeting,
    PolicyFramework,
)
from ouderpartner.policy.reports import (
    build_framework_report,
    build_yearly_report,
    chart_svg,
    css_string,
    render_pdf,
)
from ouderpartner.reach.tests.factories import ActivityFactory
from ouderpartner.voice.models import Feedback

pytestmark = pytest.mark.django_db


def this_year() -> int:
    return timezone.localdate().year


def make_report_data(utrecht, school, *, ambitions: int = 2) -> PolicyFramework:
    """A framework with ambitions on two levels, goals with hand-entered indicators (one of people that
    is small: 3 → "< 5"), actions in every state, endorsements, parents' reactions, reach in two districts,
    an LEA meeting with an agreement, and a "you said, we did" item."""
    year = this_year()
    today = timezone.localdate()
    library = Organisation.objects.filter(workspace=utrecht, name="Bibliotheek Utrecht").first()
    library = library or OrganisationFactory(workspace=utrecht, name="Bibliotheek Utrecht", kind="library")
    framework = PolicyFramework.objects.create(
        workspace=utrecht,
        title="Samen met ouders",
        start_year=year - 1,
        end_year=year + 3,
        vision="Ouders zijn partners in de ontwikkeling van hun kind.",
        approaches=["network"],
        approach_reasons="Partners kennen de ouders al.",
        municipal_role="partner",
        status="consultation",
    )
    framework.partners.set([school, library])
    for index in range(ambitions):
        level = 1 if index % 2 == 0 else 2
        ambition = Ambition.objects.create(
            workspace=utrecht,
            framework=framework,
            title=f"Ambitie nummer {index + 1}",
            text="Meer ouders bereiken op vertrouwde plekken.",
            level=level,
            position=index,
        )
        Endorsement.objects.create(
            workspace=utrecht, ambition=ambition, organisation=school, endorsed_on=datetime.date(year, 1, 10)
        )
        goal = Goal.objects.create(workspace=utrecht, ambition=ambition, title=f"Doel {index + 1}")
        share = Indicator.objects.create(
            workspace=utrecht,
            goal=goal,
            title=f"Aandeel ouders bij gesprek {index + 1}",
            source="manual",
            manual_source="Schoolmonitor",
            value_kind="percentage",
            baseline=40,
            baseline_year=year - 1,
            target=75,
            target_year=year + 3,
        )
        IndicatorValue.objects.create(workspace=utrecht, indicator=share, year=year - 1, value=40)
        IndicatorValue.objects.create(workspace=utrecht, indicator=share, year=year, value="62.5")
        small = Indicator.objects.create(
            workspace=utrecht,
            goal=goal,
            title=f"Vaders in de ouderraad {index + 1}",
            source="manual",
            value_kind="people",
            baseline=0,
            target=20,
        )
        IndicatorValue.objects.create(workspace=utrecht, indicator=small, year=year, value=3)
        Action.objects.create(
            workspace=utrecht,
            ambition=ambition,
            title=f"Folder maken {index + 1}",
            owner=school,
            status="done",
            due_on=today,
        )
        Action.objects.create(
            workspace=utrecht,
            ambition=ambition,
            title=f"Koffieochtend {index + 1}",
            owner=library,
            status="in_progress",
            due_on=today + datetime.timedelta(days=30),
        )
        Action.objects.create(
            workspace=utrecht, ambition=ambition, title=f"Training {index + 1}", owner=school,
            status="planned", due_on=today - datetime.timedelta(days=2),
        )  # fmt: skip
        for reaction, n in (("agree", 12), ("disagree", 3), ("unsure", 6)):
            ConsultationComment.objects.bulk_create(
                ConsultationComment(
                    workspace=utrecht, ambition=ambition, reaction=reaction, language="nl",
                    status="approved", text="Graag ook op zaterdag." if reaction == "agree" else "",
                )
                for _ in range(n)
            )  # fmt: skip
    north = make_district(utrecht, "Overvecht", "WK034401")
    west = make_district(utrecht, "West", "WK034402")
    first_of_month = today.replace(day=1)
    south = make_district(utrecht, "Zuidwest", "WK034403")
    for district, target in ((north, 40), (south, 25), (west, 3)):
        place = LocationFactory(organisation=school, name=f"Plek {district.name}", neighbourhood=district)
        ActivityFactory(location=place, date=first_of_month, parents=target + 30, target_group_parents=target)
    meeting = LeaMeeting.objects.create(
        workspace=utrecht, framework=framework, title="LEA voorjaar", date=first_of_month,
        decisions="De ambities worden voorgelegd aan ouders.",
    )  # fmt: skip
    meeting.participants.set([school, library])
    agreement = Agreement.objects.create(
        workspace=utrecht, meeting=meeting, ambition=framework.ambitions.first(),
        what="Elke school plant een koffieochtend", due_on=today + datetime.timedelta(days=60),
    )  # fmt: skip
    agreement.organisations.set([school])
    Feedback.objects.create(
        workspace=utrecht,
        said={"nl": "Meer avonden"},
        done={"nl": "Avondbijeenkomsten in West"},
        published=True,
    )
    return framework


def producer(pdf: bytes) -> str:
    from pypdf import PdfReader

    return str(PdfReader(io.BytesIO(pdf)).metadata.producer)


def make_district(workspace, name: str, code: str) -> Neighbourhood:
    found = Neighbourhood.objects.filter(workspace=workspace, code=code).first()
    return found or NeighbourhoodFactory(workspace=workspace, level="district", name=name, code=code)


def pdf_text(pdf: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def test_the_yearly_report_has_the_published_figures(utrecht, school):
    framework = make_report_data(utrecht, school)
    report = build_yearly_report(framework, year=this_year())
    assert [level.level for level in report.levels] == [1, 2]
    first = report.levels[0].ambitions[0]
    share, small = first.goals[0].indicators
    assert share.current == "62,5%" and share.baseline == "40%" and share.target == "75%"
    assert share.progress_status == "on_track"  # 62.5 is past the straight line from 40 to 75
    assert [point.display for point in share.points] == ["40%", "62,5%"]
    assert small.current == "< 5"  # three fathers: a count of people under k
    assert [a.state for a in first.actions] == ["overdue", "done", "in_progress"]
    agree, disagree, _unsure = (count for _label, count in first.consultation.reactions)
    assert agree.display() == "10" and disagree.display() == "< 5"
    assert [text for text, _language, _dir in first.consultation.comments] == ["Graag ook op zaterdag."] * 8
    reach = {row.label: row for row in report.reach.rows}
    assert reach["West"].target_group.display() == "< 5"  # 3 target-group parents
    assert reach["Overvecht"].parents.display() == "70"
    assert report.meetings[0].agreements[0].what == "Elke school plant een koffieochtend"
    assert report.general_feedback[0].done == "Avondbijeenkomsten in West"


def test_the_pdf_contains_the_figures_of_the_web_page(client_for, alice, utrecht, school):
    framework = make_report_data(utrecht, school)
    year = this_year()
    web = client_for(alice).get(
        reverse("policy:report_yearly", kwargs={"ws": "utrecht", "pk": framework.pk}) + f"?year={year}"
    )
    assert web.status_code == 200
    html = web.content.decode()
    currents = re.findall(r"data-indicator-current>([^<(]+)", html)
    assert currents and all(value.strip() for value in currents)
    pdf = client_for(alice).get(
        reverse("policy:report_yearly_pdf", kwargs={"ws": "utrecht", "pk": framework.pk}) + f"?year={year}"
    )
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf["Content-Disposition"].startswith("attachment;")
    content = pdf.content
    assert content.startswith(b"%PDF")
    assert "WeasyPrint" in producer(content)
    from pypdf import PdfReader

    catalogue = PdfReader(io.BytesIO(content)).trailer["/Root"]
    assert "/StructTreeRoot" in catalogue and catalogue["/Lang"] == "nl"  # tagged (PDF/UA-1), in Dutch
    text = pdf_text(content)
    for value in currents:  # every indicator's current value, as the page shows it
        assert html_module.unescape(value).strip() in text
    report = build_yearly_report(framework, year=year)
    for row in report.reach.rows:  # every reach figure, in the order of the page's table
        figures = [row.target_group, row.parents, row.first_time, row.activities]
        line = " ".join([row.label, *(count.display() for count in figures)])
        assert line in text
        assert all(f">{escape(count.display())}</td>" in html for count in figures)
    assert "&lt; 5" in html and "< 5" in text
    assert "Ambitie nummer 2" in text and "Elke school plant een koffieochtend" in text
    assert "Gemeente Utrecht" in text
    # The contents give the page of each ambition (leader dots, then the page number).
    assert re.search(r"2\.1 Ambitie nummer 2 \.{5,} [2-9]\b", text)


def test_a_count_below_k_never_appears(utrecht, school):
    framework = make_report_data(utrecht, school, ambitions=1)
    report = build_yearly_report(framework, year=this_year())
    text = pdf_text(render_pdf(report))
    # The West district has 3 target-group parents, the small indicator 3 fathers, 3 parents disagreed.
    west = next(row for row in report.reach.rows if row.label == "West")
    assert west.target_group.suppressed and "West < 5" in text
    assert "West 3 " not in text
    small = report.levels[0].ambitions[0].goals[0].indicators[1]
    assert small.current == "< 5" and small.points[0].number is None
    disagree = report.levels[0].ambitions[0].consultation.reactions[1][1]
    assert disagree.suppressed
    # The chart of the small indicator plots no point for the hidden value.
    assert small.chart is None or all(v["value"] is None for v in small.chart.spec["data"]["values"])


def test_the_framework_document(utrecht, school):
    framework = make_report_data(utrecht, school)
    report = build_framework_report(framework)
    first = report.levels[0].ambitions[0]
    assert first.number == "1.1"
    assert first.endorsed[0][0] == "Willibrordschool"
    assert first.not_endorsed == ["Bibliotheek Utrecht"]
    assert len(report.approaches) == 1
    text = pdf_text(render_pdf(build_framework_report(framework, embed_logo=True)))
    assert "Ouders zijn partners in de ontwikkeling van hun kind." in text
    assert "Aandeel ouders bij gesprek 1" in text and "75%" in text
    assert "Bibliotheek Utrecht" in text


def test_a_framework_without_ambitions_goals_or_data_still_makes_both_reports(client_for, alice, utrecht):
    empty = PolicyFramework.objects.create(
        workspace=utrecht, title="Leeg kader", start_year=2030, end_year=2034
    )
    bare = PolicyFramework.objects.create(
        workspace=utrecht, title="Kaal kader", start_year=2020, end_year=2022
    )
    Ambition.objects.create(workspace=utrecht, framework=bare, title="Zonder doelen", level=3)
    client = client_for(alice)
    for framework in (empty, bare):
        for name in ("report_framework", "report_yearly", "report_framework_pdf", "report_yearly_pdf"):
            response = client.get(reverse(f"policy:{name}", kwargs={"ws": "utrecht", "pk": framework.pk}))
            assert response.status_code == 200, name
        text = pdf_text(render_pdf(build_yearly_report(framework, year=framework.start_year)))
        assert framework.title in text


def test_charts_are_rendered_to_svg_from_the_same_spec(utrecht, school):
    framework = make_report_data(utrecht, school, ambitions=1)
    report = build_yearly_report(framework, year=this_year())
    chart = report.levels[0].ambitions[0].goals[0].indicators[0].chart
    svg = chart_svg(chart)
    assert svg.startswith("<svg") and f">{this_year()}</text>" in svg
    assert chart.spec["width"] == "container"  # the page's spec is untouched


def test_header_strings_cannot_break_out_of_the_style_element():
    assert css_string('Kader "A" </style><script>') == (
        '"Kader \\22 A\\22  \\3c \\2f style\\3e \\3c script\\3e "'
    )


def test_the_demo_part_generates_the_newest_frameworks_yearly_report_once(utrecht, school):
    from ouderpartner.core.demo import policy_reports
    from ouderpartner.policy.models import Report

    assert policy_reports.load(utrecht) == ""  # no framework yet: nothing to report
    framework = make_report_data(utrecht, school, ambitions=1)
    line = policy_reports.load(utrecht)
    assert line.startswith(f"yearly report {this_year()} generated")
    stored = Report.objects.get()
    assert stored.framework == framework and stored.kind == "yearly" and stored.year == this_year()
    assert stored.language == "nl" and stored.title.startswith("Voortgangsrapportage")
    assert bytes(stored.pdf).startswith(b"%PDF")
    assert policy_reports.load(utrecht) == ""
    assert Report.objects.count() == 1


def test_the_latest_self_scan_is_in_the_yearly_report(utrecht, school, alice):
    from ouderpartner.policy import selfscan
    from ouderpartner.policy.models import SelfScan

    framework = make_report_data(utrecht, school, ambitions=1)
    answers = {statement.key: 1 for statement in selfscan.STATEMENTS}
    SelfScan.objects.create(workspace=utrecht, answers=answers, completed_at=timezone.now(), started_by=alice)
    report = build_yearly_report(framework, year=this_year())
    assert len(report.scan.lines) == len(selfscan.SECTIONS)
    assert {line.score for line in report.scan.lines} == {"0%"}
    assert report.scan.guidance
    text = pdf_text(render_pdf(report))
    assert report.scan.lines[0].label in text and report.scan.guidance[0][0] in text


def test_the_pdf_has_the_workspace_logo_and_colours_and_loads_nothing(
    utrecht, school, settings, tmp_path, caplog
):
    from django.core.files.base import ContentFile
    from PIL import Image
    from pypdf import PdfReader

    from ouderpartner.policy.reports import report_html

    settings.MEDIA_ROOT = str(tmp_path)
    picture = io.BytesIO()
    Image.new("RGB", (40, 40), "#a4001c").save(picture, format="PNG")
    utrecht.logo.save("logo.png", ContentFile(picture.getvalue()), save=False)
    utrecht.primary_colour = "#8A2BE2"
    utrecht.save()
    framework = make_report_data(utrecht, school, ambitions=1)
    framework.refresh_from_db()
    report = build_framework_report(framework, embed_logo=True)
    assert report.brand.logo_data.startswith("data:image/png;base64,")
    html = report_html(report)
    assert "--op-report-primary: #8A2BE2" in html
    assert "http://" not in html and "https://" not in html  # nothing for WeasyPrint to fetch
    with caplog.at_level("WARNING", logger="weasyprint"):
        pdf = render_pdf(report)
    assert not caplog.records, [record.getMessage() for record in caplog.records]
    first_page = PdfReader(io.BytesIO(pdf)).pages[0]
    assert len(first_page.images) == 1  # the logo on the title page
