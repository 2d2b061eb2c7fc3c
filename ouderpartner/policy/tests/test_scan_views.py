"""The self-scan pages: starting, filling in per part (saved, resumable, nothing lost on an error),
completing, the result with guidance and the change since the scan before; roles, outsiders and
query bounds; and the selector for reports."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from ouderpartner.core.models import AuditEvent, Role
from ouderpartner.core.tests.factories import MembershipFactory, UserFactory
from ouderpartner.network.tests.factories import OrganisationFactory
from ouderpartner.policy import selfscan
from ouderpartner.policy.models import SelfScan
from ouderpartner.policy.scan_services import latest_scan_profile

pytestmark = pytest.mark.django_db


def url(name, **kwargs):
    return reverse(f"policy:{name}", kwargs={"ws": "utrecht", **kwargs})


def _answers(value, **changes):
    answers = {s.key: value for s in selfscan.STATEMENTS}
    answers.update(changes)
    return answers


def _scan(workspace, *, organisation=None, answers=None, completed=None, user=None):
    scan = SelfScan.objects.create(
        workspace=workspace, organisation=organisation, answers=answers or {}, started_by=user
    )
    if completed is not None:
        SelfScan.objects.filter(pk=scan.pk).update(completed_at=completed)
        scan.refresh_from_db()
    return scan


def _section_post(section, value, note="", go="next"):
    data = {s.key: str(value) for s in selfscan.statements_of(section)}
    data.update(note=note, go=go)
    return data


def test_the_coordinator_fills_in_saves_resumes_and_completes(client_for, alice, utrecht):
    client = client_for(alice)
    response = client.post(url("scan_start"), {"organisation": ""})
    scan = SelfScan.objects.get()
    assert scan.organisation is None and scan.started_by == alice
    assert response["Location"] == url("scan_fill", pk=scan.pk, section="level-1")
    # Part 1, then "save and stop": the answers are kept and the same part comes back.
    response = client.post(url("scan_fill", pk=scan.pk, section="level-1"), _section_post("level-1", 3))
    assert response["Location"] == url("scan_fill", pk=scan.pk, section="level-2")
    response = client.post(
        url("scan_fill", pk=scan.pk, section="level-2"),
        _section_post("level-2", 2, note="Gevraagd aan de IB'er", go="stay"),
    )
    assert response["Location"] == url("scan_fill", pk=scan.pk, section="level-2")
    scan.refresh_from_db()
    assert len(scan.answers) == 8 + 7 and scan.notes == {"level-2": "Gevraagd aan de IB'er"}
    # Resuming: the page shows the saved choices; the list says how far it is.
    page = client.get(url("scan_fill", pk=scan.pk, section="level-2")).content.decode()
    assert "Gevraagd aan de IB&#x27;er" in page
    checked = re.findall(r'<input type="radio" name="(\w+)" value="(\d)"[^>]*checked', page)
    assert sorted(checked) == sorted((s.key, "2") for s in selfscan.statements_of("level-2"))
    assert "15" in client.get(url("scan_list")).content.decode()
    # Starting again continues the unfinished scan instead of making a second one.
    response = client.post(url("scan_start"), {"organisation": ""})
    assert SelfScan.objects.count() == 1
    assert response["Location"] == url("scan_fill", pk=scan.pk, section="level-3")
    # Completing with parts open is refused with the parts named.
    response = client.post(url("scan_complete", pk=scan.pk))
    assert response.status_code == 400
    assert "Level 3" in response.content.decode() or "Niveau 3" in response.content.decode()
    for section in ("level-3", "network", "continuous-line", "integral"):
        client.post(url("scan_fill", pk=scan.pk, section=section), _section_post(section, 4))
    response = client.post(url("scan_complete", pk=scan.pk))
    assert response["Location"] == url("scan_detail", pk=scan.pk)
    scan.refresh_from_db()
    assert scan.completed_at is not None
    # A completed scan's answers are fixed.
    response = client.post(url("scan_fill", pk=scan.pk, section="level-1"), _section_post("level-1", 1))
    scan.refresh_from_db()
    assert scan.answers["l1_trusted_places"] == 3
    assert AuditEvent.objects.filter(object_type="selfscan").count() >= 3


def test_a_bad_answer_loses_nothing(client_for, alice, utrecht):
    scan = _scan(utrecht)
    data = _section_post("level-1", 3, note="Mijn aantekening")
    data["l1_strengths"] = "7"  # not on the scale
    response = client_for(alice).post(url("scan_fill", pk=scan.pk, section="level-1"), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="error-summary"' in page
    assert 'href="#id_l1_strengths"' in page
    assert "Mijn aantekening" in page
    assert page.count("checked") >= 7  # the other answers are still chosen
    scan.refresh_from_db()
    assert scan.answers == {}


def test_an_unknown_part_is_404(client_for, alice, utrecht):
    scan = _scan(utrecht)
    assert client_for(alice).get(url("scan_fill", pk=scan.pk, section="level-9")).status_code == 404


def test_the_result_shows_profile_guidance_and_the_change(client_for, alice, utrecht):
    now = timezone.now()
    _scan(utrecht, answers=_answers(3, l3_lea=1), completed=now - datetime.timedelta(days=365))
    later = _scan(utrecht, answers=_answers(4, l1_trusted_places=1), completed=now)
    response = client_for(alice).get(url("scan_detail", pk=later.pk))
    assert response.status_code == 200
    result = response.context["result"]
    assert result.profile.section("level-3").share == 100
    assert result.comparison is not None
    page = response.content.decode()
    assert 'data-direction="up"' in page and "↑" in page
    assert 'id="guidance-resolved"' in page and 'id="guidance-new"' in page
    assert [g.key for g in result.comparison.new] == ["trusted_places"]
    assert "lea" in [g.key for g in result.comparison.resolved]
    assert response.context["chart"]["data"]["values"][0]["value"] == result.profile.sections[0].share
    assert reverse("network:location_list", kwargs={"ws": "utrecht"}) + "?trusted=1" in page


def test_repeating_a_scan_starts_a_new_one_for_the_same_organisation(client_for, bob, utrecht, school):
    done = _scan(utrecht, organisation=school, answers=_answers(3), completed=timezone.now())
    client = client_for(bob)
    page = client.get(url("scan_detail", pk=done.pk)).content.decode()
    assert f'action="{url("scan_start")}"' in page and f'name="organisation" value="{school.pk}"' in page
    response = client.post(url("scan_start"), {"organisation": str(school.pk)})
    new = SelfScan.objects.exclude(pk=done.pk).get()
    assert new.organisation == school and new.completed_at is None
    assert response["Location"] == url("scan_fill", pk=new.pk, section="level-1")


def test_scans_of_another_organisation_or_the_municipality_are_not_compared(
    client_for, alice, utrecht, school
):
    now = timezone.now()
    _scan(utrecht, organisation=school, answers=_answers(1), completed=now - datetime.timedelta(days=30))
    own = _scan(utrecht, answers=_answers(4), completed=now)
    response = client_for(alice).get(url("scan_detail", pk=own.pk))
    assert response.context["result"].comparison is None


def test_an_unfinished_scan_opens_where_answers_are_missing(client_for, alice, utrecht):
    scan = _scan(utrecht, answers={s.key: 3 for s in selfscan.statements_of("level-1")})
    response = client_for(alice).get(url("scan_detail", pk=scan.pk))
    assert response["Location"] == url("scan_fill", pk=scan.pk, section="level-2")


def test_the_selector_for_reports(utrecht, school):
    assert latest_scan_profile(workspace=utrecht) is None
    now = timezone.now()
    _scan(utrecht, answers=_answers(2), completed=now - datetime.timedelta(days=365))
    _scan(utrecht, answers=_answers(3), completed=now)
    _scan(utrecht, answers=_answers(1))  # unfinished: never reported
    _scan(utrecht, organisation=school, answers=_answers(4), completed=now)
    result = latest_scan_profile(workspace=utrecht)
    assert result.profile.section("level-1").share == 67
    assert result.previous is not None and result.comparison.sections[0].delta == 34
    assert (
        latest_scan_profile(workspace=utrecht, organisation=school).profile.section("integral").share == 100
    )
    assert result.profile.as_dict()["sections"]["level-2"]["phase"] == "developing"


# --- Roles ----------------------------------------------------------------------------------------


def test_a_viewer_reads_completed_scans_only_and_cannot_write(client_for, carol, utrecht):
    done = _scan(utrecht, answers=_answers(3), completed=timezone.now())
    open_scan = _scan(utrecht, answers={})
    client = client_for(carol)
    response = client.get(url("scan_list"))
    assert response.status_code == 200
    assert [row["scan"] for row in response.context["rows"]] == [done]
    assert url("scan_start") not in response.content.decode()
    detail = client.get(url("scan_detail", pk=done.pk))
    assert detail.status_code == 200 and url("scan_start") not in detail.content.decode()
    assert client.get(url("scan_detail", pk=open_scan.pk)).status_code == 404
    assert client.get(url("scan_start")).status_code == 403
    assert client.post(url("scan_start"), {"organisation": ""}).status_code == 403
    assert client.get(url("scan_delete", pk=done.pk)).status_code == 403
    assert client.post(url("scan_delete", pk=done.pk)).status_code == 403
    assert client.post(url("scan_complete", pk=done.pk)).status_code == 403
    assert SelfScan.objects.count() == 2


def test_a_professional_scans_only_for_their_own_organisation(client_for, bob, utrecht, school):
    other = OrganisationFactory(workspace=utrecht, name="Kinderopvang De Regenboog")
    client = client_for(bob)
    # Whatever is posted, bob's scan is for his school.
    client.post(url("scan_start"), {"organisation": str(other.pk)})
    scan = SelfScan.objects.get()
    assert scan.organisation == school
    response = client.post(url("scan_fill", pk=scan.pk, section="level-1"), _section_post("level-1", 2))
    assert response.status_code == 302
    # Another organisation's scan: invisible; the municipality's unfinished scan: invisible; its completed one: readable.
    theirs = _scan(utrecht, organisation=other, answers=_answers(3), completed=timezone.now())
    municipality_open = _scan(utrecht)
    municipality_done = _scan(utrecht, answers=_answers(3), completed=timezone.now())
    assert client.get(url("scan_detail", pk=theirs.pk)).status_code == 404
    assert (
        client.post(
            url("scan_fill", pk=theirs.pk, section="level-1"), _section_post("level-1", 1)
        ).status_code
        == 404
    )
    assert client.get(url("scan_fill", pk=municipality_open.pk, section="level-1")).status_code == 404
    assert client.get(url("scan_detail", pk=municipality_done.pk)).status_code == 200
    assert client.post(url("scan_delete", pk=municipality_done.pk)).status_code == 403
    listed = {row["scan"].pk for row in client.get(url("scan_list")).context["rows"]}
    assert listed == {scan.pk, municipality_done.pk}


def test_a_professional_without_an_organisation_cannot_start(client_for, utrecht):
    user = UserFactory(email="eve@utrecht.example")
    MembershipFactory(user=user, workspace=utrecht, role=Role.PROFESSIONAL, organisation=None)
    assert client_for(user).get(url("scan_start")).status_code == 403


def test_the_coordinator_can_scan_for_a_partner_and_delete(client_for, alice, utrecht, school):
    client = client_for(alice)
    client.post(url("scan_start"), {"organisation": str(school.pk)})
    scan = SelfScan.objects.get()
    assert scan.organisation == school
    assert client.get(url("scan_delete", pk=scan.pk)).status_code == 200
    assert client.post(url("scan_delete", pk=scan.pk)).status_code == 302
    assert not SelfScan.objects.exists()


def test_a_start_for_another_workspaces_organisation_is_refused(client_for, alice, amersfoort):
    elsewhere = OrganisationFactory(workspace=amersfoort)
    response = client_for(alice).post(url("scan_start"), {"organisation": str(elsewhere.pk)})
    assert response.status_code == 400
    assert not SelfScan.objects.exists()


def test_an_outsider_gets_404_everywhere(client_for, dave, utrecht):
    scan = _scan(utrecht, answers=_answers(3), completed=timezone.now())
    open_scan = _scan(utrecht)
    client = client_for(dave)
    for name, kwargs in [
        ("scan_list", {}),
        ("scan_start", {}),
        ("scan_detail", {"pk": scan.pk}),
        ("scan_fill", {"pk": open_scan.pk, "section": "level-1"}),
        ("scan_complete", {"pk": open_scan.pk}),
        ("scan_delete", {"pk": scan.pk}),
    ]:
        assert client.get(url(name, **kwargs)).status_code == 404, name
        assert client.post(url(name, **kwargs), {}).status_code == 404, name
    assert SelfScan.objects.count() == 2


# --- Query bounds ---------------------------------------------------------------------------------


@pytest.mark.parametrize("rows", [1, 20])
def test_queries_do_not_grow_with_scans(
    client_for, alice, utrecht, school, rows, django_assert_max_num_queries
):
    now = timezone.now()
    for i in range(rows):
        _scan(
            utrecht,
            organisation=school if i % 2 else None,
            answers=_answers(1 + i % 4),
            completed=now - datetime.timedelta(days=i) if i % 3 else None,
            user=alice,
        )
    latest = SelfScan.objects.filter(completed_at__isnull=False, organisation=None).first() or _scan(
        utrecht, answers=_answers(2), completed=now
    )
    open_scan = _scan(utrecht, organisation=school)
    client = client_for(alice)
    with django_assert_max_num_queries(12):
        assert client.get(url("scan_list")).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(url("scan_detail", pk=latest.pk)).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(url("scan_fill", pk=open_scan.pk, section="level-1")).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(url("scan_start")).status_code == 200


def test_many_organisations_are_offered_in_a_drop_down_list(client_for, alice, utrecht, school):
    client = client_for(alice)
    assert 'type="radio" name="organisation"' in client.get(url("scan_start")).content.decode()
    for index in range(12):
        OrganisationFactory(workspace=utrecht, name=f"Partner {index:02d}")
    page = client.get(url("scan_start")).content.decode()
    assert '<select name="organisation"' in page and 'type="radio" name="organisation"' not in page
    client.post(url("scan_start"), {"organisation": str(school.pk)})
    assert SelfScan.objects.get().organisation == school
