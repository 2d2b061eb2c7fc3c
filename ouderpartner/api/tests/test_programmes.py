"""API for issue 3: programmes, offerings, policy domains, transitions, subsidies; the cast's access rules."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from ouderpartner.api.tests.conftest import url
from ouderpartner.core.models import AuditEvent
from ouderpartner.network.tests.factories import LocationFactory, NeighbourhoodFactory, OrganisationFactory
from ouderpartner.programmes.models import Offering, PolicyDomain, Programme, Subsidy, Transition
from ouderpartner.programmes.setup import programmes_setup

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(utrecht, school):
    programmes_setup(workspace=utrecht)
    domains = {d.key: d for d in PolicyDomain.objects.filter(workspace=utrecht)}
    boekstart = Programme.objects.create(
        workspace=utrecht,
        name="BoekStart",
        audience="parents_with_children",
        age_from_months=0,
        age_to_months=48,
    )
    boekstart.policy_domains.add(domains["education"])
    library = OrganisationFactory(workspace=utrecht, name="Bibliotheek Overvecht", kind="library")
    LocationFactory(organisation=library)
    offering = Offering.objects.create(workspace=utrecht, programme=boekstart, organisation=school)
    subsidy = Subsidy.objects.create(
        workspace=utrecht,
        organisation=school,
        purpose="preschool",
        amount=Decimal("12345.00"),
        start_date=date(2025, 1, 1),
        end_date=date(2025, 12, 31),
        policy_domain=domains["early_education"],
    )
    return {
        "programme": boekstart,
        "library": library,
        "offering": offering,
        "subsidy": subsidy,
        "domains": domains,
    }


def subsidy_body(organisation, **changes):
    body = {
        "organisation": organisation.pk,
        "purpose": "preschool",
        "amount": "1234.56",
        "start_date": "2026-01-01",
        "end_date": "2026-12-31",
        "status": "granted",
    }
    body.update(changes)
    return body


# --- The outsider -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "key"),
    [("programme", "programme"), ("offering", "offering"), ("subsidy", "subsidy")],
)
def test_the_outsider_gets_404_on_lists_details_and_writes(api, dave, setup, name, key):
    client = api(dave)
    pk = setup[key].pk
    assert client.get(url(name)).status_code == 404
    assert client.get(url(name, pk=pk)).status_code == 404
    assert client.get(url(name, ws="amersfoort", pk=pk)).status_code == 404
    assert client.patch(url(name, ws="amersfoort", pk=pk), {"notes": "x"}).status_code == 404
    assert client.post(url(name), {}).status_code == 404


def test_the_outsider_gets_404_on_domains_transitions_and_totals(api, dave, setup, utrecht):
    client = api(dave)
    domain = setup["domains"]["health"]
    transition = Transition.objects.filter(workspace=utrecht).first()
    assert client.get(url("policy-domain")).status_code == 404
    assert client.get(url("policy-domain", ws="amersfoort", pk=domain.pk)).status_code == 404
    assert client.client.delete(url("policy-domain", ws="amersfoort", pk=domain.pk)).status_code == 404
    assert client.get(url("transition")).status_code == 404
    assert (
        client.patch(url("transition", ws="amersfoort", pk=transition.pk), {"parent_needs": "x"}).status_code
        == 404
    )
    assert client.get("/api/workspaces/utrecht/subsidies/totals/").status_code == 404
    assert client.client.delete(url("subsidy", ws="amersfoort", pk=setup["subsidy"].pk)).status_code == 404
    assert Subsidy.objects.count() == 1


# --- Programmes ---------------------------------------------------------------------------------


def test_it_lists_and_filters_programmes(api, carol, setup, utrecht):
    Programme.objects.create(workspace=utrecht, name="Taalhuis", audience="parents", age_from_months=216)
    client = api(carol)
    body = client.get(url("programme")).json()
    assert [p["name"] for p in body["results"]] == ["BoekStart", "Taalhuis"]
    assert body["results"][0]["policy_domains"][0]["key"] == "education"
    assert body["results"][0]["offering_count"] == 1
    assert [p["name"] for p in client.get(url("programme"), {"domain": "education"}).json()["results"]] == [
        "BoekStart"
    ]
    assert client.get(url("programme"), {"kind": "castle"}).status_code == 400


def test_a_coordinator_creates_a_programme_through_the_service(api, alice, setup, utrecht):
    domain = setup["domains"]["health"]
    response = api(alice).post(
        url("programme"),
        {
            "name": "Stevig Ouderschap",
            "audience": "parents",
            "age_to_months": 24,
            "policy_domains": [domain.pk],
        },
    )
    assert response.status_code == 201, response.content
    programme = Programme.objects.get(pk=response.json()["id"])
    assert list(programme.policy_domains.all()) == [domain]
    assert AuditEvent.objects.filter(action="create", object_type="programme").exists()


def test_a_bad_age_range_is_a_400_with_field_messages_and_nothing_saved(api, alice, setup):
    client = api(alice)
    reversed_range = client.post(
        url("programme"), {"name": "X", "audience": "parents", "age_from_months": 48, "age_to_months": 12}
    )
    assert reversed_range.status_code == 400
    assert "age_to_months" in reversed_range.json()
    too_old = client.post(url("programme"), {"name": "X", "audience": "parents", "age_to_months": 300})
    assert too_old.status_code == 400 and "age_to_months" in too_old.json()
    assert Programme.objects.count() == 1


def test_programmes_are_archived_and_restored_by_coordinators_only(api, alice, carol, bob, setup):
    pk = setup["programme"].pk
    assert api(carol).post(url("programme", pk=pk, action="archive")).status_code == 403
    assert api(bob).patch(url("programme", pk=pk), {"name": "X"}).status_code == 403
    client = api(alice)
    assert client.post(url("programme", pk=pk, action="archive")).json()["archived"] is True
    assert client.post(url("programme", pk=pk, action="restore")).json()["archived"] is False
    assert client.patch(url("programme", pk=pk), {"funding_source": "OAB"}).json()["funding_source"] == "OAB"


# --- Offerings ----------------------------------------------------------------------------------


def test_a_professional_writes_only_their_own_organisations_offerings(api, bob, setup, school):
    client = api(bob)
    programme, library = setup["programme"], setup["library"]
    mine = client.post(
        url("offering"), {"programme": programme.pk, "organisation": school.pk, "capacity": 12}
    )
    assert mine.status_code == 201, mine.content
    theirs = client.post(url("offering"), {"programme": programme.pk, "organisation": library.pk})
    assert theirs.status_code == 403
    other = Offering.objects.create(workspace=school.workspace, programme=programme, organisation=library)
    assert client.patch(url("offering", pk=other.pk), {"capacity": 1}).status_code == 403
    assert (
        client.patch(url("offering", pk=mine.json()["id"]), {"organisation": library.pk}).status_code == 403
    )
    assert client.client.delete(url("offering", pk=mine.json()["id"])).status_code == 204
    assert Offering.objects.count() == 2


def test_a_viewer_reads_offerings_but_may_not_write(api, carol, setup, school):
    client = api(carol)
    body = client.get(url("offering"), {"programme": setup["programme"].pk}).json()
    assert [o["organisation"]["name"] for o in body["results"]] == ["Willibrordschool"]
    assert (
        client.post(
            url("offering"), {"programme": setup["programme"].pk, "organisation": school.pk}
        ).status_code
        == 403
    )


def test_an_offering_outside_its_programmes_period_is_a_400(api, alice, setup, school):
    programme = setup["programme"]
    programme.start_date, programme.end_date = date(2025, 1, 1), date(2025, 12, 31)
    programme.save()
    response = api(alice).post(
        url("offering"),
        {
            "programme": programme.pk,
            "organisation": school.pk,
            "start_date": "2024-06-01",
            "end_date": "2025-06-01",
        },
    )
    assert response.status_code == 400
    assert "start_date" in response.json()
    assert Offering.objects.count() == 1


# --- Policy domains and transitions -------------------------------------------------------------


def test_policy_domains_own_ones_can_be_added_renamed_and_removed(api, alice, carol, setup):
    assert api(carol).post(url("policy-domain"), {"name": "Sport"}).status_code == 403
    client = api(alice)  # the same test client, now logged in as alice
    listed = client.get(url("policy-domain")).json()
    assert len(listed["results"]) == len(PolicyDomain.Builtin.values)
    created = client.post(url("policy-domain"), {"name": "Sport"})
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert (
        client.put(url("policy-domain", pk=pk), {"name": "Sport en bewegen"}).json()["display_name"]
        == "Sport en bewegen"
    )
    assert client.client.delete(url("policy-domain", pk=pk)).status_code == 204
    builtin = setup["domains"]["health"]
    refused = client.client.delete(url("policy-domain", pk=builtin.pk))
    assert refused.status_code == 400
    assert PolicyDomain.objects.filter(pk=builtin.pk).exists()


def test_transitions_list_and_link_programmes(api, alice, carol, setup, utrecht):
    transition = Transition.objects.get(workspace=utrecht, key="birth")
    client = api(alice)
    body = client.get(url("transition")).json()
    assert body["results"][0]["key"] == "birth"
    response = client.patch(
        url("transition", pk=transition.pk),
        {"parent_needs": "Hulp bij voeden", "programmes": [setup["programme"].pk]},
    )
    assert response.status_code == 200, response.content
    assert response.json()["programmes"] == [{"id": setup["programme"].pk, "name": "BoekStart"}]
    stranger = Programme.objects.create(
        workspace=OrganisationFactory().workspace, name="X", audience="parents"
    )
    bad = client.patch(url("transition", pk=transition.pk), {"programmes": [stranger.pk]})
    assert bad.status_code == 400 and "programmes" in bad.json()
    assert api(carol).patch(url("transition", pk=transition.pk), {"parent_needs": "x"}).status_code == 403


# --- Subsidies ----------------------------------------------------------------------------------


def test_a_coordinator_records_a_subsidy_and_it_is_audited(api, alice, setup, school):
    response = api(alice).post(url("subsidy"), subsidy_body(school))
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["amount"] == 1234.56 and body["status_display"]
    assert AuditEvent.objects.filter(
        action="create", object_type="subsidy", object_id=str(body["id"])
    ).exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"amount": "-5"}, "amount"),
        ({"amount": "abc"}, "amount"),
        ({"amount": "1.234,56"}, "amount"),
        ({"amount": "1.234"}, "amount"),
        ({"end_date": "2025-01-01"}, "end_date"),
        ({"purpose": "castle"}, "purpose"),
    ],
)
def test_bad_subsidy_input_is_a_400_on_the_field_and_nothing_saved(api, alice, setup, school, changes, field):
    response = api(alice).post(url("subsidy"), subsidy_body(school, **changes))
    assert response.status_code == 400
    assert field in response.json()
    assert Subsidy.objects.count() == 1


def test_the_messages_are_in_the_users_language(api, alice, setup, school):
    client = api(alice)
    response = client.client.post(
        url("subsidy"),
        subsidy_body(school, amount="-5"),
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="nl",
    )
    assert "0" in response.json()["amount"][0]
    assert "Zorg" in response.json()["amount"][0] or "groter" in response.json()["amount"][0]


def test_another_workspaces_organisation_is_a_400(api, alice, setup, amersfoort):
    stranger = OrganisationFactory(workspace=amersfoort)
    response = api(alice).post(url("subsidy"), subsidy_body(stranger))
    assert response.status_code == 400 and "organisation" in response.json()


def test_viewers_and_professionals_read_subsidies_but_may_not_write(api, carol, bob, setup, school):
    pk = setup["subsidy"].pk
    for user in (carol, bob):
        client = api(user)
        assert client.get(url("subsidy")).json()["count"] == 1
        assert client.get(url("subsidy", pk=pk)).status_code == 200
        assert client.post(url("subsidy"), subsidy_body(school)).status_code == 403
        assert client.patch(url("subsidy", pk=pk), {"amount": "1"}).status_code == 403
        assert client.client.delete(url("subsidy", pk=pk)).status_code == 403
    assert Subsidy.objects.get(pk=pk).amount == Decimal("12345.00")


def test_a_subsidy_is_changed_and_deleted(api, alice, setup):
    client = api(alice)
    pk = setup["subsidy"].pk
    assert client.patch(url("subsidy", pk=pk), {"amount": "100.10"}).json()["amount"] == 100.1
    assert client.client.delete(url("subsidy", pk=pk)).status_code == 204
    assert not Subsidy.objects.exists()
    assert AuditEvent.objects.filter(action="delete", object_type="subsidy").exists()


def test_subsidies_filter_and_total(api, carol, setup, utrecht):
    area = NeighbourhoodFactory(workspace=utrecht, code="BU03440601", name="Zambesidreef")
    Subsidy.objects.create(
        workspace=utrecht,
        organisation=setup["library"],
        programme=setup["programme"],
        purpose="programme",
        amount=Decimal("500.50"),
        start_date=date(2026, 3, 1),
        end_date=date(2026, 12, 31),
        neighbourhood=area,
    )
    client = api(carol)
    assert client.get(url("subsidy"), {"year": "2026"}).json()["count"] == 1
    assert client.get(url("subsidy"), {"programme": "none"}).json()["count"] == 1
    assert client.get(url("subsidy"), {"year": "x"}).status_code == 400
    totals = client.get("/api/workspaces/utrecht/subsidies/totals/").json()
    assert totals["grand_total"] == 12845.5 and totals["count"] == 2
    assert [(r["key"], r["total"]) for r in totals["per_year"]] == [("2026", 500.5), ("2025", 12345.0)]
    assert {r["key"]: r["total"] for r in totals["per_neighbourhood"]} == {
        "BU03440601": 500.5,
        "none": 12345.0,
    }
    assert {r["label"]: r["total"] for r in totals["per_programme"]}["BoekStart"] == 500.5
    assert (
        client.get("/api/workspaces/utrecht/subsidies/totals/", {"year": "2025"}).json()["grand_total"]
        == 12345.0
    )


def test_query_counts_are_bounded(api, alice, setup, utrecht, school, django_assert_max_num_queries):
    for n in range(10):
        organisation = OrganisationFactory(workspace=utrecht)
        programme = Programme.objects.create(workspace=utrecht, name=f"P{n}", audience="parents")
        programme.policy_domains.add(setup["domains"]["health"])
        Offering.objects.create(workspace=utrecht, programme=programme, organisation=organisation)
        Subsidy.objects.create(
            workspace=utrecht,
            organisation=organisation,
            programme=programme,
            purpose="programme",
            amount=Decimal(n),
            start_date=date(2025, 1, 1),
            end_date=date(2025, 12, 31),
        )
    client = api(alice)
    for name, bound in (
        ("programme", 8),
        ("offering", 7),
        ("subsidy", 6),
        ("policy-domain", 7),
        ("transition", 8),
    ):
        with django_assert_max_num_queries(bound):
            response = client.get(url(name))
        assert response.status_code == 200, name
    with django_assert_max_num_queries(8):
        assert client.get("/api/workspaces/utrecht/subsidies/totals/").status_code == 200
