"""Programme screens: list, detail, add, edit, archive, restore, export; access, queries and bad input."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ouderpartner.core.models import AuditEvent
from ouderpartner.network.tests.factories import LocationFactory, OrganisationFactory
from ouderpartner.programmes.models import Offering, PolicyDomain, Programme, Transition
from ouderpartner.programmes.setup import programmes_setup

pytestmark = pytest.mark.django_db


def url(name: str, ws: str = "utrecht", **kwargs) -> str:
    return reverse(f"programmes:{name}", kwargs={"ws": ws, **kwargs})


def make_programmes(workspace, n: int, *, with_offerings: bool = True) -> list[Programme]:
    """n programmes, each in two domains and a transition, each with an offering at a location."""
    programmes_setup(workspace=workspace)
    domains = list(PolicyDomain.objects.filter(workspace=workspace)[:2])
    transition = Transition.objects.filter(workspace=workspace).first()
    result = []
    start = Programme.objects.filter(workspace=workspace).count()
    for i in range(start, start + n):
        programme = Programme.objects.create(
            workspace=workspace,
            name=f"Programma {i:02d}",
            audience="parents",
            age_from_months=0,
            age_to_months=48,
            languages=["nl", "ar"],
            approaches=["network"],
        )
        programme.policy_domains.set(domains)
        programme.transitions.add(transition)
        if with_offerings:
            organisation = OrganisationFactory(workspace=workspace)
            location = LocationFactory(organisation=organisation)
            offering = Offering.objects.create(
                workspace=workspace, programme=programme, organisation=organisation, capacity=10
            )
            offering.locations.add(location)
        result.append(programme)
    return result


def count_queries(client, path: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert response.status_code == 200, response.status_code
    return len(ctx.captured_queries)


def form_data(**changes) -> dict:
    data = {
        "name": "Voorleesochtend",
        "description": "Samen voorlezen in de bibliotheek.",
        "website": "",
        "kind": "local",
        "age_from": "2,5",
        "age_to": "6",
        "audience": "parents_with_children",
        "languages": ["nl", "tr"],
        "approaches": ["network"],
        "funding_source": "Gemeente",
        "start_date": "",
        "end_date": "",
    }
    data.update(changes)
    return data


# --- List -----------------------------------------------------------------------------------------


def test_it_lists_the_programmes_for_a_coordinator(client_for, alice, utrecht):
    make_programmes(utrecht, 3)
    response = client_for(alice).get(url("programme_list"))
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 3
    assert "Programma 00" in response.content.decode()


def test_it_sets_up_the_domains_and_transitions_on_first_use(client_for, carol, utrecht):
    assert not PolicyDomain.objects.filter(workspace=utrecht).exists()
    client_for(carol).get(url("programme_list"))
    assert PolicyDomain.objects.filter(workspace=utrecht).count() == len(PolicyDomain.Builtin.values)
    assert Transition.objects.filter(workspace=utrecht).count() == 7


def test_it_shows_an_empty_state_pointing_to_the_catalogue(client_for, alice, utrecht):
    response = client_for(alice).get(url("programme_list"))
    assert response.context["page"].paginator.count == 0
    assert url("catalogue") in response.content.decode()


def test_it_filters_by_domain_audience_kind_age_and_approach(client_for, alice, utrecht):
    programmes_setup(workspace=utrecht)
    health = PolicyDomain.objects.get(workspace=utrecht, key="health")
    teen = Programme.objects.create(
        workspace=utrecht,
        name="Tienerouders",
        audience="parents",
        kind="national",
        age_from_months=144,
        age_to_months=216,
        approaches=["integral"],
    )
    teen.policy_domains.add(health)
    Programme.objects.create(workspace=utrecht, name="Peuterpret", audience="children", age_to_months=48)
    client = client_for(alice)
    for query in ("domain=health", "audience=parents", "kind=national", "age=12-18", "approach=integral"):
        names = [p.name for p in client.get(f"{url('programme_list')}?{query}").context["objects"]]
        assert names == ["Tienerouders"], query
    assert client.get(f"{url('programme_list')}?age=0-2").context["page"].paginator.count == 1
    assert client.get(f"{url('programme_list')}?q=peuter").context["page"].paginator.count == 1


def test_it_ignores_unknown_filter_values(client_for, alice, utrecht):
    make_programmes(utrecht, 2, with_offerings=False)
    response = client_for(alice).get(f"{url('programme_list')}?sort=evil&age=x&page=abc")
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 2


def test_it_lists_archived_programmes_apart(client_for, alice, utrecht):
    programme, _other = make_programmes(utrecht, 2, with_offerings=False)
    programme.archived_at = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    programme.save()
    client = client_for(alice)
    assert client.get(url("programme_list")).context["page"].paginator.count == 1
    assert [p.pk for p in client.get(f"{url('programme_list')}?archived=1").context["objects"]] == [
        programme.pk
    ]


def test_it_sorts_by_number_of_offerings(client_for, alice, utrecht):
    make_programmes(utrecht, 2)
    Programme.objects.create(workspace=utrecht, name="Aaa zonder aanbod", audience="parents")
    names = [
        p.name for p in client_for(alice).get(f"{url('programme_list')}?sort=offerings").context["objects"]
    ]
    assert names[0] == "Aaa zonder aanbod"


def test_the_list_query_count_does_not_grow_with_programmes(client_for, alice, utrecht):
    client = client_for(alice)
    make_programmes(utrecht, 3)
    client.get(url("programme_list"))  # first use sets up the workspace
    few = count_queries(client, url("programme_list"))
    make_programmes(utrecht, 9)
    assert count_queries(client, url("programme_list")) == few
    assert few <= 12


def test_the_list_answers_htmx_with_the_results_only(client_for, alice, utrecht):
    make_programmes(utrecht, 1, with_offerings=False)
    response = client_for(alice).get(url("programme_list"), HTTP_HX_REQUEST="true")
    assert "<h1" not in response.content.decode()
    assert "Programma 00" in response.content.decode()


@pytest.mark.parametrize("name", ["programme_list", "programme_export", "programme_create"])
def test_an_outsider_gets_404_on_the_programme_pages(client_for, dave, utrecht, name):
    assert client_for(dave).get(url(name)).status_code == 404


# --- Export ---------------------------------------------------------------------------------------


def test_it_exports_the_filtered_list_as_xlsx_and_audits_it(client_for, carol, utrecht):
    make_programmes(utrecht, 3)
    response = client_for(carol).get(f"{url('programme_export')}?q=Programma")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    event = AuditEvent.objects.get(workspace=utrecht, action=AuditEvent.Action.EXPORT)
    assert event.changes["rows"] == 3


def test_the_export_query_count_does_not_grow(client_for, alice, utrecht):
    client = client_for(alice)
    make_programmes(utrecht, 3)
    few = count_queries(client, url("programme_export"))
    make_programmes(utrecht, 9)
    assert count_queries(client, url("programme_export")) == few


# --- Detail ---------------------------------------------------------------------------------------


def test_it_shows_a_programme_with_its_offerings(client_for, bob, utrecht):
    (programme,) = make_programmes(utrecht, 1)
    response = client_for(bob).get(url("programme_detail", pk=programme.pk))
    assert response.status_code == 200
    body = response.content.decode()
    assert programme.name in body
    assert programme.offerings.get().organisation.name in body
    assert "0 tot 4 jaar" in body or "0 to 4 years" in body


def test_the_detail_query_count_does_not_grow_with_offerings(client_for, alice, utrecht, school):
    (programme,) = make_programmes(utrecht, 1)
    client = client_for(alice)

    def add_offerings(n):
        for _i in range(n):
            organisation = OrganisationFactory(workspace=utrecht)
            offering = Offering.objects.create(
                workspace=utrecht, programme=programme, organisation=organisation
            )
            offering.locations.add(LocationFactory(organisation=organisation))

    add_offerings(2)
    few = count_queries(client, url("programme_detail", pk=programme.pk))
    add_offerings(9)
    assert count_queries(client, url("programme_detail", pk=programme.pk)) == few
    assert few <= 12


def test_an_outsider_gets_404_on_a_programme_also_through_his_own_workspace(client_for, dave, utrecht):
    (programme,) = make_programmes(utrecht, 1)
    client = client_for(dave)
    for name in ("programme_detail", "programme_update", "programme_archive", "programme_restore"):
        assert client.get(url(name, pk=programme.pk)).status_code == 404
        assert client.get(url(name, ws="amersfoort", pk=programme.pk)).status_code == 404
        assert client.post(url(name, ws="amersfoort", pk=programme.pk)).status_code == 404


# --- Add and edit ---------------------------------------------------------------------------------


def test_a_coordinator_adds_a_programme_with_ages_in_years(client_for, alice, utrecht):
    client = client_for(alice)
    client.get(url("programme_create"))
    domain = PolicyDomain.objects.get(workspace=utrecht, key="early_education")
    transition = Transition.objects.get(workspace=utrecht, key="preschool")
    response = client.post(
        url("programme_create"), form_data(policy_domains=[domain.pk], transitions=[transition.pk])
    )
    assert response.status_code == 302
    programme = Programme.objects.get(workspace=utrecht, name="Voorleesochtend")
    assert (programme.age_from_months, programme.age_to_months) == (30, 72)
    assert programme.languages == ["nl", "tr"]
    assert list(programme.policy_domains.all()) == [domain]
    assert list(programme.transitions.all()) == [transition]
    assert AuditEvent.objects.filter(action=AuditEvent.Action.CREATE, object_type="programme").exists()


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"age_to": "25"}, "age_to", "21"),
        ({"age_from": "-1"}, "age_from", "21"),
        ({"age_from": "7", "age_to": "4"}, "age_to", ""),
        ({"age_from": "twee"}, "age_from", "4"),
        ({"age_to": ""}, "age_to", ""),
        ({"start_date": "2026-06-01", "end_date": "2026-01-01"}, "end_date", ""),
        ({"languages": ["xx"]}, "languages", ""),
        ({"website": "not a url"}, "website", ""),
    ],
)
def test_bad_input_answers_400_with_a_message_and_keeps_what_was_typed(
    client_for, alice, utrecht, changes, field, message
):
    client = client_for(alice)
    data = form_data(**changes)
    response = client.post(url("programme_create"), data)
    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors[field]
    assert message in " ".join(form.errors[field])
    body = response.content.decode()
    assert 'value="Voorleesochtend"' in body
    assert "Samen voorlezen in de bibliotheek." in body
    if "age_from" not in changes:
        assert 'value="2,5"' in body
    assert not Programme.objects.filter(workspace=utrecht).exists()


def test_the_age_messages_are_in_dutch_and_english(client_for, alice, utrecht):
    client = client_for(alice)
    response = client.post(url("programme_create"), form_data(age_to="25"), HTTP_ACCEPT_LANGUAGE="nl")
    assert "jaar" in " ".join(response.context["form"].errors["age_to"])
    client.cookies["django_language"] = "en"
    response = client.post(url("programme_create"), form_data(age_to="25"))
    assert "years" in " ".join(response.context["form"].errors["age_to"])


def test_a_coordinator_edits_a_programme_and_the_form_shows_years(client_for, alice, utrecht):
    (programme,) = make_programmes(utrecht, 1, with_offerings=False)
    client = client_for(alice)
    response = client.get(url("programme_update", pk=programme.pk))
    assert response.status_code == 200
    assert response.context["form"].initial["age_to"] == "4"
    response = client.post(
        url("programme_update", pk=programme.pk), form_data(name="Nieuwe naam", age_to="4,5")
    )
    assert response.status_code == 302
    programme.refresh_from_db()
    assert (programme.name, programme.age_to_months, programme.policy_domains.count()) == (
        "Nieuwe naam",
        54,
        0,
    )
    assert AuditEvent.objects.filter(action=AuditEvent.Action.CHANGE, object_id=str(programme.pk)).exists()


def test_a_bad_edit_changes_nothing(client_for, alice, utrecht):
    (programme,) = make_programmes(utrecht, 1, with_offerings=False)
    response = client_for(alice).post(
        url("programme_update", pk=programme.pk), form_data(name="Anders", age_from="10", age_to="3")
    )
    assert response.status_code == 400
    programme.refresh_from_db()
    assert programme.name == "Programma 00"


@pytest.mark.parametrize("user", ["carol", "bob"])
def test_only_coordinators_add_edit_and_archive_programmes(client_for, utrecht, request, user):
    (programme,) = make_programmes(utrecht, 1, with_offerings=False)
    client = client_for(request.getfixturevalue(user))
    assert client.get(url("programme_create")).status_code == 403
    assert client.post(url("programme_create"), form_data()).status_code == 403
    for name in ("programme_update", "programme_archive", "programme_restore"):
        assert client.post(url(name, pk=programme.pk), form_data()).status_code == 403
    programme.refresh_from_db()
    assert programme.name == "Programma 00" and programme.archived_at is None


def test_a_coordinator_archives_and_restores_a_programme_after_confirming(client_for, alice, utrecht):
    (programme,) = make_programmes(utrecht, 1, with_offerings=False)
    client = client_for(alice)
    confirm = client.get(url("programme_archive", pk=programme.pk))
    assert confirm.status_code == 200 and "<form" in confirm.content.decode()
    programme.refresh_from_db()
    assert programme.archived_at is None
    assert client.post(url("programme_archive", pk=programme.pk)).status_code == 302
    programme.refresh_from_db()
    assert programme.is_archived
    assert client.post(url("programme_restore", pk=programme.pk)).status_code == 302
    programme.refresh_from_db()
    assert not programme.is_archived
    actions = set(AuditEvent.objects.filter(object_type="programme").values_list("action", flat=True))
    assert {AuditEvent.Action.ARCHIVE, AuditEvent.Action.RESTORE} <= actions


def test_the_form_pages_have_bounded_queries(client_for, alice, utrecht, django_assert_max_num_queries):
    (programme,) = make_programmes(utrecht, 1, with_offerings=False)
    client = client_for(alice)
    with django_assert_max_num_queries(14):
        client.get(url("programme_update", pk=programme.pk))
    with django_assert_max_num_queries(14):
        client.get(url("programme_create"))
