"""API for issue 7: policy frameworks (status, versions) and ambitions with their endorsements."""

from __future__ import annotations

import pytest

from ouderpartner.api.tests.conftest import url
from ouderpartner.core.models import AuditEvent, Membership, Role
from ouderpartner.core.tests.factories import MembershipFactory, UserFactory
from ouderpartner.network.tests.factories import NeighbourhoodFactory, OrganisationFactory
from ouderpartner.policy.models import Ambition, Endorsement, FrameworkVersion, Level, PolicyFramework
from ouderpartner.policy.tests.goal_factories import make_ambition, make_framework

pytestmark = pytest.mark.django_db


@pytest.fixture
def library(utrecht):
    return OrganisationFactory(workspace=utrecht, name="Bibliotheek Utrecht", kind="library")


@pytest.fixture
def lisa(utrecht, library):
    """A professional of another organisation than bob's school."""
    user = UserFactory(email="lisa@utrecht.example", name="Lisa Peters")
    MembershipFactory(user=user, workspace=utrecht, role=Role.PROFESSIONAL, organisation=library)
    return user


@pytest.fixture
def framework(utrecht, school, library):
    framework = make_framework(utrecht, title="Samen met ouders 2026-2030", start_year=2026, end_year=2030)
    framework.partners.set([school, library])
    return framework


@pytest.fixture
def ambition(utrecht, framework):
    return make_ambition(
        utrecht, framework, title="Alle ouders van peuters bereikt", level=Level.REACHING_PARENTS
    )


def framework_body(**changes):
    body = {
        "title": "Ouders als partner 2027-2031",
        "start_year": 2027,
        "end_year": 2031,
        "vision": "Ouders zijn partner in de ontwikkeling van hun kind.",
        "approaches": ["network", "continuous_line"],
        "municipal_role": "partner",
    }
    body.update(changes)
    return body


# --- The outsider -------------------------------------------------------------------------------


def test_the_outsider_gets_404_on_frameworks_versions_and_ambitions(api, dave, framework, ambition):
    FrameworkVersion.objects.create(workspace=framework.workspace, framework=framework, number=1, snapshot={})
    version = framework.versions.get()
    client = api(dave)
    for name, pk in (("framework", framework.pk), ("ambition", ambition.pk)):
        assert client.get(url(name)).status_code == 404
        assert client.get(url(name, pk=pk)).status_code == 404
        assert client.get(url(name, ws="amersfoort", pk=pk)).status_code == 404
        assert client.patch(url(name, ws="amersfoort", pk=pk), {"title": "x"}).status_code == 404
        assert client.post(url(name), {}).status_code == 404
    assert (
        client.post(url("framework", ws="amersfoort", pk=framework.pk, action="set-status"), {}).status_code
        == 404
    )
    assert client.post(url("ambition", ws="amersfoort", pk=ambition.pk, action="endorse")).status_code == 404
    versions = f"/api/workspaces/amersfoort/frameworks/{framework.pk}/versions/"
    assert client.get(versions).status_code == 404
    assert client.get(f"{versions}{version.pk}/").status_code == 404
    assert client.get(f"/api/workspaces/utrecht/frameworks/{framework.pk}/versions/").status_code == 404
    assert PolicyFramework.objects.get().title == "Samen met ouders 2026-2030"


# --- Frameworks ---------------------------------------------------------------------------------


def test_every_member_reads_frameworks_with_partners_and_counts(api, carol, framework, ambition, utrecht):
    make_framework(utrecht, title="Oud kader", start_year=2019, end_year=2022, status="adopted")
    client = api(carol)
    body = client.get(url("framework")).json()
    assert [f["title"] for f in body["results"]] == ["Samen met ouders 2026-2030", "Oud kader"]
    first = body["results"][0]
    assert first["ambition_count"] == 1
    assert [p["name"] for p in first["partners"]] == ["Bibliotheek Utrecht", "Willibrordschool"]
    assert first["status"] == "draft"
    assert [f["title"] for f in client.get(url("framework"), {"year": 2020}).json()["results"]] == [
        "Oud kader"
    ]
    assert [f["title"] for f in client.get(url("framework"), {"status": "adopted"}).json()["results"]] == [
        "Oud kader"
    ]
    assert client.get(url("framework"), {"status": "finished"}).status_code == 400
    assert client.get(url("framework"), {"year": "soon"}).status_code == 400


def test_a_coordinator_creates_and_changes_a_framework_through_the_service(api, alice, school):
    client = api(alice)
    response = client.post(url("framework"), framework_body(partners=[school.pk]))
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "draft" and body["version"] == 1
    assert body["approaches"] == ["network", "continuous_line"] and len(body["approaches_display"]) == 2
    assert [p["id"] for p in body["partners"]] == [school.pk]
    assert AuditEvent.objects.filter(action="create", object_type="policyframework").exists()
    changed = client.patch(url("framework", pk=body["id"]), {"vision": "Samen sterker.", "partners": []})
    assert changed.status_code == 200, changed.content
    assert changed.json()["vision"] == "Samen sterker." and changed.json()["partners"] == []
    assert AuditEvent.objects.filter(action="change", object_type="policyframework").exists()


def test_bad_framework_input_is_a_400_with_the_field_and_nothing_saved(api, alice, amersfoort):
    client = api(alice)
    reversed_years = client.post(url("framework"), framework_body(start_year=2030, end_year=2026))
    assert reversed_years.status_code == 400 and "end_year" in reversed_years.json()
    assert client.post(url("framework"), framework_body(approaches=["magic"])).json().keys() == {"approaches"}
    assert "start_year" in client.post(url("framework"), framework_body(start_year=1800)).json()
    stranger = OrganisationFactory(workspace=amersfoort)
    assert "partners" in client.post(url("framework"), framework_body(partners=[stranger.pk])).json()
    assert "title" in client.post(url("framework"), {"start_year": 2026, "end_year": 2027}).json()
    assert not PolicyFramework.objects.exists()


@pytest.mark.parametrize(("user", "expected"), [("alice", 201), ("bob", 403), ("carol", 403), ("dave", 404)])
def test_only_coordinators_create_frameworks(api, request, framework, user, expected):
    assert api(request.getfixturevalue(user)).post(url("framework"), framework_body()).status_code == expected


@pytest.mark.parametrize(("user", "expected"), [("alice", 200), ("bob", 403), ("carol", 403), ("dave", 404)])
def test_only_coordinators_change_a_framework(api, request, framework, user, expected):
    response = api(request.getfixturevalue(user)).patch(url("framework", pk=framework.pk), {"title": "Nieuw"})
    assert response.status_code == expected
    assert (PolicyFramework.objects.get().title == "Nieuw") is (expected == 200)


def test_status_steps_save_versions_and_a_wrong_step_is_a_400(api, alice, carol, framework, ambition):
    client = api(alice)
    status_url = url("framework", pk=framework.pk, action="set-status")
    assert api(carol).post(status_url, {"status": "consultation"}).status_code == 403
    client = api(alice)
    wrong = client.post(status_url, {"status": "adopted"})
    assert wrong.status_code == 400 and "status" in wrong.json()
    assert client.post(status_url, {"status": "teleported"}).status_code == 400
    response = client.post(status_url, {"status": "consultation", "note": "Voor de inspraak van ouders"})
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "consultation" and response.json()["version"] == 2
    ambition.title = "Alle ouders van jonge kinderen bereikt"
    ambition.save()
    assert client.post(status_url, {"status": "adopted"}).json()["adopted_on"]

    versions_url = f"/api/workspaces/utrecht/frameworks/{framework.pk}/versions/"
    listed = client.get(versions_url).json()["results"]
    assert [v["number"] for v in listed] == [2, 1]
    assert listed[1]["note"] == "Voor de inspraak van ouders"
    second = client.get(f"{versions_url}{listed[0]['id']}/").json()
    assert second["snapshot"]["ambitions"][0]["title"] == "Alle ouders van jonge kinderen bereikt"
    assert second["changes"]["previous"] == 1
    assert second["changes"]["ambitions_changed"][0]["title"] == "Alle ouders van jonge kinderen bereikt"
    assert {f["name"] for f in second["changes"]["fields"]} >= {"status"}
    first = client.get(f"{versions_url}{listed[1]['id']}/").json()
    assert first["changes"]["previous"] is None


def test_a_version_of_another_framework_is_a_404(api, alice, framework, utrecht):
    other = make_framework(utrecht, title="Ander kader")
    version = FrameworkVersion.objects.create(workspace=utrecht, framework=other, number=1, snapshot={})
    response = api(alice).get(f"/api/workspaces/utrecht/frameworks/{framework.pk}/versions/{version.pk}/")
    assert response.status_code == 404


# --- Ambitions ----------------------------------------------------------------------------------


def test_ambitions_list_with_links_endorsements_and_who_has_not(
    api, carol, framework, ambition, school, utrecht
):
    area = NeighbourhoodFactory(workspace=utrecht, name="Overvecht")
    ambition.neighbourhoods.add(area)
    Endorsement.objects.create(
        workspace=utrecht, ambition=ambition, organisation=school, endorsed_on="2026-03-01", note="Van harte"
    )
    make_ambition(utrecht, framework, title="Scholen en VE samen", level=Level.SCHOOLS_AND_VE, position=1)
    client = api(carol)
    body = client.get(url("ambition"), {"framework": framework.pk}).json()
    first = body["results"][0]
    assert first["title"] == "Alle ouders van peuters bereikt"
    assert first["neighbourhoods"][0]["name"] == "Overvecht"
    [endorsement] = first["endorsements"]
    assert endorsement["organisation"]["id"] == school.pk
    assert (endorsement["endorsed_on"], endorsement["note"]) == ("2026-03-01", "Van harte")
    assert [o["name"] for o in first["not_endorsed"]] == ["Bibliotheek Utrecht"]
    assert [a["title"] for a in client.get(url("ambition"), {"level": 2}).json()["results"]] == [
        "Scholen en VE samen"
    ]
    assert [
        a["title"] for a in client.get(url("ambition"), {"endorsed_by": school.pk}).json()["results"]
    ] == ["Alle ouders van peuters bereikt"]
    assert [a["title"] for a in client.get(url("ambition"), {"q": "VE"}).json()["results"]] == [
        "Scholen en VE samen"
    ]
    assert client.get(url("ambition"), {"level": 4}).status_code == 400


def test_a_coordinator_creates_changes_moves_and_deletes_an_ambition(
    api, alice, framework, ambition, utrecht
):
    area = NeighbourhoodFactory(workspace=utrecht)
    client = api(alice)
    created = client.post(
        url("ambition"),
        {
            "framework": framework.pk,
            "title": "De gemeente verbindt de domeinen",
            "level": 3,
            "neighbourhoods": [area.pk],
            "parent_title": {"nl": "De gemeente werkt samen", "ar": "البلدية تعمل معا"},
        },
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert created.json()["position"] == 1 and created.json()["parent_title"]["ar"] == "البلدية تعمل معا"
    assert AuditEvent.objects.filter(action="create", object_type="ambition").exists()
    changed = client.patch(
        url("ambition", pk=pk),
        {"text": "Zorg, onderwijs en welzijn samen.", "neighbourhoods": [], "level": Level.REACHING_PARENTS},
    )
    assert changed.status_code == 200, changed.content
    assert changed.json()["neighbourhoods"] == [] and changed.json()["text"].startswith("Zorg")
    moved = client.post(url("ambition", pk=pk, action="move"), {"direction": "up"})  # within its level
    assert moved.status_code == 200 and moved.json()["position"] == 0
    assert Ambition.objects.get(pk=ambition.pk).position == 1
    assert client.post(url("ambition", pk=pk, action="move"), {"direction": "sideways"}).status_code == 400
    assert client.client.delete(url("ambition", pk=pk)).status_code == 204
    assert list(Ambition.objects.values_list("pk", flat=True)) == [ambition.pk]


def test_bad_ambition_input_is_a_400_with_the_field_and_nothing_saved(api, alice, framework, amersfoort):
    client = api(alice)
    other_framework = make_framework(amersfoort)
    assert (
        "framework"
        in client.post(url("ambition"), {"framework": other_framework.pk, "title": "x", "level": 1}).json()
    )
    assert (
        "level" in client.post(url("ambition"), {"framework": framework.pk, "title": "x", "level": 5}).json()
    )
    bad_language = client.post(
        url("ambition"),
        {"framework": framework.pk, "title": "x", "level": 1, "parent_title": {"xx": "hallo"}},
    )
    assert bad_language.status_code == 400 and "parent_title" in bad_language.json()
    assert (
        "neighbourhoods"
        in client.post(
            url("ambition"),
            {
                "framework": framework.pk,
                "title": "x",
                "level": 1,
                "neighbourhoods": [NeighbourhoodFactory(workspace=amersfoort).pk],
            },
        ).json()
    )
    assert not Ambition.objects.exists()


@pytest.mark.parametrize(
    ("user", "expected"), [("alice", 200), ("bob", 403), ("lisa", 403), ("carol", 403), ("dave", 404)]
)
def test_only_coordinators_change_ambitions(api, request, ambition, user, expected):
    client = api(request.getfixturevalue(user))
    assert client.patch(url("ambition", pk=ambition.pk), {"title": "Anders"}).status_code == expected
    assert (Ambition.objects.get().title == "Anders") is (expected == 200)


# --- Endorsements -------------------------------------------------------------------------------


def test_a_professional_endorses_for_their_own_organisation_and_withdraws(api, bob, ambition, school):
    client = api(bob)
    endorse = url("ambition", pk=ambition.pk, action="endorse")
    response = client.post(endorse, {"note": "Wij doen mee"})
    assert response.status_code == 201, response.content
    assert [e["organisation"]["id"] for e in response.json()["endorsements"]] == [school.pk]
    assert [o["name"] for o in response.json()["not_endorsed"]] == ["Bibliotheek Utrecht"]
    endorsement = Endorsement.objects.get()
    assert endorsement.organisation == school and endorsement.note == "Wij doen mee"
    twice = client.post(endorse)
    assert twice.status_code == 400 and Endorsement.objects.count() == 1
    withdrawn = client.client.delete(endorse)
    assert withdrawn.status_code == 200 and withdrawn.json()["endorsements"] == []
    assert client.client.delete(endorse).status_code == 404
    assert AuditEvent.objects.filter(object_type="endorsement", action="delete").exists()


def test_endorsement_is_only_by_the_organisation_concerned(
    api, bob, lisa, alice, carol, dave, ambition, school, library
):
    endorse = url("ambition", pk=ambition.pk, action="endorse")
    assert api(lisa).post(endorse).status_code == 201
    assert api(bob).client.delete(endorse).status_code == 404  # bob's school has not endorsed
    assert Endorsement.objects.get().organisation == library
    assert api(carol).post(endorse).status_code == 403
    assert api(alice).post(endorse).status_code == 403  # a coordinator without an organisation
    assert api(dave).post(endorse).status_code == 404
    assert (
        api(dave).post(url("ambition", ws="amersfoort", pk=ambition.pk, action="endorse")).status_code == 404
    )
    assert Endorsement.objects.count() == 1


def test_a_coordinator_of_a_partner_endorses_for_it(api, alice, ambition, library, utrecht):
    Membership.objects.filter(user=alice, workspace=utrecht).update(organisation=library)
    response = api(alice).post(url("ambition", pk=ambition.pk, action="endorse"))
    assert response.status_code == 201
    assert Endorsement.objects.get().organisation == library


def test_an_organisation_not_asked_cannot_endorse(api, ambition, utrecht):
    outsider_org = OrganisationFactory(workspace=utrecht, name="Sportclub")
    user = UserFactory(email="sam@utrecht.example")
    MembershipFactory(user=user, workspace=utrecht, role=Role.PROFESSIONAL, organisation=outsider_org)
    response = api(user).post(url("ambition", pk=ambition.pk, action="endorse"))
    assert response.status_code == 400 and "non_field_errors" in response.json()
    assert not Endorsement.objects.exists()


# --- Query counts -------------------------------------------------------------------------------


def test_the_framework_and_ambition_lists_take_the_same_queries_for_few_and_many(
    api, carol, utrecht, framework, django_assert_max_num_queries
):
    def add(n):
        for i in range(n):
            ambition = make_ambition(utrecht, framework, title=f"Ambitie {i}")
            organisation = OrganisationFactory(workspace=utrecht)
            framework.partners.add(organisation)
            ambition.neighbourhoods.add(NeighbourhoodFactory(workspace=utrecht))
            Endorsement.objects.create(
                workspace=utrecht, ambition=ambition, organisation=organisation, endorsed_on="2026-01-10"
            )
            other = make_framework(utrecht, title=f"Kader {i}")  # asks every active organisation
            make_ambition(utrecht, other, title=f"Andere ambitie {i}")
            with_partner = make_framework(utrecht, title=f"Kader met partner {i}")
            with_partner.partners.add(organisation)
            make_ambition(utrecht, with_partner, title=f"Ambitie met partner {i}")

    client = api(carol)
    add(2)
    client.get(url("ambition"))
    with django_assert_max_num_queries(20) as few:
        assert client.get(url("ambition")).json()["count"] == 6
    with django_assert_max_num_queries(10) as few_frameworks:
        assert client.get(url("framework")).status_code == 200
    add(10)
    with django_assert_max_num_queries(len(few.captured_queries)):
        body = client.get(url("ambition")).json()
    assert body["count"] == 36
    by_title = {a["title"]: a for a in body["results"]}
    assert len(by_title["Andere ambitie 3"]["not_endorsed"]) == 12 + 2  # every active organisation
    assert len(by_title["Ambitie met partner 3"]["not_endorsed"]) == 1  # only its own partner
    with django_assert_max_num_queries(len(few_frameworks.captured_queries)):
        assert client.get(url("framework")).json()["count"] == 25


# --- Every write, by role -----------------------------------------------------------------------


def _framework_writes(framework, ambition):
    return [
        ("post", url("framework"), framework_body()),
        ("put", url("framework", pk=framework.pk), framework_body()),
        ("patch", url("framework", pk=framework.pk), {"title": "Nieuw"}),
        ("post", url("framework", pk=framework.pk, action="set-status"), {"status": "consultation"}),
        ("post", url("ambition"), {"framework": framework.pk, "title": "Nieuw", "level": 1}),
        ("put", url("ambition", pk=ambition.pk), {"title": "Nieuw", "level": 1}),
        ("patch", url("ambition", pk=ambition.pk), {"title": "Nieuw"}),
        ("post", url("ambition", pk=ambition.pk, action="move"), {"direction": "down"}),
        ("delete", url("ambition", pk=ambition.pk), None),
    ]


@pytest.mark.parametrize(("user", "expected"), [("bob", 403), ("lisa", 403), ("carol", 403), ("dave", 404)])
def test_every_framework_and_ambition_write_is_for_coordinators(
    api, request, framework, ambition, user, expected
):
    client = api(request.getfixturevalue(user))
    before = AuditEvent.objects.count()
    for method, path, body in _framework_writes(framework, ambition):
        response = client.client.delete(path) if method == "delete" else getattr(client, method)(path, body)
        assert response.status_code == expected, (method, path)
    assert AuditEvent.objects.count() == before
    assert PolicyFramework.objects.get().title == "Samen met ouders 2026-2030"
    assert Ambition.objects.get().title == "Alle ouders van peuters bereikt"


def test_a_coordinator_may_make_every_framework_and_ambition_write(api, alice, framework, ambition):
    client = api(alice)
    for method, path, body in _framework_writes(framework, ambition):
        response = client.client.delete(path) if method == "delete" else getattr(client, method)(path, body)
        assert response.status_code in (200, 201, 204), (method, path, response.content)


def test_versions_are_read_only_and_frameworks_are_not_deleted(api, alice, framework):
    version = FrameworkVersion.objects.create(
        workspace=framework.workspace, framework=framework, number=1, snapshot={}
    )
    client = api(alice)
    detail = f"/api/workspaces/utrecht/frameworks/{framework.pk}/versions/{version.pk}/"
    assert client.patch(detail, {"note": "x"}).status_code == 405
    assert client.put(detail, {"note": "x"}).status_code == 405
    assert client.client.delete(detail).status_code == 405
    assert (
        client.post(f"/api/workspaces/utrecht/frameworks/{framework.pk}/versions/", {"note": "x"}).status_code
        == 405
    )
    assert client.client.delete(url("framework", pk=framework.pk)).status_code == 405
    assert FrameworkVersion.objects.get().note == "" and PolicyFramework.objects.exists()
