"""Policy domains and transitions: the pages, who may change them, and the services behind them."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from ouderpartner.core.models import AuditEvent
from ouderpartner.network.tests.factories import PartnershipFactory
from ouderpartner.programmes import services
from ouderpartner.programmes.models import PolicyDomain, Transition
from ouderpartner.programmes.setup import programmes_setup
from ouderpartner.programmes.tests.test_programme_views import count_queries, make_programmes, url

pytestmark = pytest.mark.django_db


# --- Policy domains -------------------------------------------------------------------------------


def test_it_lists_the_domains_with_their_number_of_programmes(client_for, carol, utrecht):
    make_programmes(utrecht, 3, with_offerings=False)
    response = client_for(carol).get(url("policy_domain_list"))
    assert response.status_code == 200
    counts = {d.key: d.programme_count for d in response.context["domains"]}
    assert len(counts) == 9 and sorted(counts.values())[-2:] == [3, 3]
    assert "<form" not in response.content.decode().split("<main", 1)[-1]


def test_the_domain_page_query_count_does_not_grow(client_for, alice, utrecht):
    client = client_for(alice)
    make_programmes(utrecht, 3, with_offerings=False)
    few = count_queries(client, url("policy_domain_list"))
    make_programmes(utrecht, 9, with_offerings=False)
    assert count_queries(client, url("policy_domain_list")) == few


def test_a_coordinator_adds_renames_and_removes_a_domain_of_their_own(client_for, alice, utrecht):
    client = client_for(alice)
    assert client.post(url("policy_domain_list"), {"name": "Sport en bewegen"}).status_code == 302
    domain = PolicyDomain.objects.get(workspace=utrecht, name="Sport en bewegen")
    assert not domain.is_builtin
    assert client.post(url("policy_domain_update", pk=domain.pk), {"name": "Sport"}).status_code == 302
    domain.refresh_from_db()
    assert domain.name == "Sport"
    assert client.get(url("policy_domain_delete", pk=domain.pk)).status_code == 200
    assert client.post(url("policy_domain_delete", pk=domain.pk)).status_code == 302
    assert not PolicyDomain.objects.filter(pk=domain.pk).exists()
    actions = list(AuditEvent.objects.filter(object_type="policydomain").values_list("action", flat=True))
    assert sorted(actions) == sorted(["create", "change", "delete"])


def test_a_builtin_domain_cannot_be_removed_but_can_be_renamed(client_for, alice, utrecht):
    programmes_setup(workspace=utrecht)
    health = PolicyDomain.objects.get(workspace=utrecht, key="health")
    client = client_for(alice)
    client.post(url("policy_domain_delete", pk=health.pk))
    assert PolicyDomain.objects.filter(pk=health.pk).exists()
    with pytest.raises(ValidationError):
        services.policy_domain_delete(domain=health, actor=None)
    client.post(url("policy_domain_update", pk=health.pk), {"name": "Publieke gezondheid"})
    health.refresh_from_db()
    assert health.display_name == "Publieke gezondheid"
    client.post(url("policy_domain_update", pk=health.pk), {"name": ""})
    health.refresh_from_db()
    assert health.name == ""


@pytest.mark.parametrize("name", ["", "   ", "Gezondheid", "x" * 81])
def test_a_bad_domain_name_answers_400_with_a_message(client_for, alice, utrecht, name):
    programmes_setup(workspace=utrecht)
    before = PolicyDomain.objects.filter(workspace=utrecht).count()
    response = client_for(alice).post(url("policy_domain_list"), {"name": name})
    assert response.status_code == 400
    assert response.context["form"].errors["name"]
    assert PolicyDomain.objects.filter(workspace=utrecht).count() == before


@pytest.mark.parametrize("user", ["carol", "bob"])
def test_only_coordinators_change_domains(client_for, utrecht, request, user):
    programmes_setup(workspace=utrecht)
    domain = PolicyDomain.objects.filter(workspace=utrecht).first()
    client = client_for(request.getfixturevalue(user))
    assert client.post(url("policy_domain_list"), {"name": "Nieuw"}).status_code == 403
    assert client.post(url("policy_domain_update", pk=domain.pk), {"name": "x"}).status_code == 403
    assert client.post(url("policy_domain_delete", pk=domain.pk)).status_code == 403


def test_an_outsider_gets_404_on_domains(client_for, dave, utrecht):
    programmes_setup(workspace=utrecht)
    domain = PolicyDomain.objects.filter(workspace=utrecht).first()
    client = client_for(dave)
    assert client.get(url("policy_domain_list")).status_code == 404
    for name in ("policy_domain_update", "policy_domain_delete"):
        assert client.get(url(name, pk=domain.pk)).status_code == 404
        assert client.post(url(name, ws="amersfoort", pk=domain.pk)).status_code == 404


# --- Transitions ----------------------------------------------------------------------------------


def test_it_lists_the_seven_transitions_with_programmes_and_partnerships(client_for, carol, utrecht):
    make_programmes(utrecht, 2, with_offerings=False)
    response = client_for(carol).get(url("transition_list"))
    assert response.status_code == 200
    transitions = response.context["transitions"]
    assert [t.key for t in transitions][:3] == ["birth", "preschool", "school"] and len(transitions) == 7
    assert "Programma 00" in response.content.decode()


def test_the_transition_page_query_count_does_not_grow(client_for, alice, utrecht):
    client = client_for(alice)
    make_programmes(utrecht, 3, with_offerings=False)
    few = count_queries(client, url("transition_list"))
    make_programmes(utrecht, 9, with_offerings=False)
    for _i in range(5):
        PartnershipFactory(workspace=utrecht).transitions.add(*Transition.objects.filter(workspace=utrecht))
    assert count_queries(client, url("transition_list")) == few


def test_a_coordinator_edits_needs_and_links_of_a_transition(client_for, alice, utrecht):
    (programme,) = make_programmes(utrecht, 1, with_offerings=False)
    partnership = PartnershipFactory(workspace=utrecht)
    secondary = Transition.objects.get(workspace=utrecht, key="secondary")
    client = client_for(alice)
    assert client.get(url("transition_update", pk=secondary.pk)).status_code == 200
    response = client.post(
        url("transition_update", pk=secondary.pk),
        {
            "parent_needs": "Uitleg over het schooladvies.",
            "programmes": [programme.pk],
            "partnerships": [partnership.pk],
        },
    )
    assert response.status_code == 302
    secondary.refresh_from_db()
    assert secondary.parent_needs == "Uitleg over het schooladvies."
    assert list(secondary.programmes.all()) == [programme]
    assert list(secondary.partnerships.all()) == [partnership]
    assert AuditEvent.objects.filter(object_type="transition", action="change").exists()


def test_a_transition_refuses_another_workspaces_programme(client_for, alice, utrecht, amersfoort):
    (foreign,) = make_programmes(amersfoort, 1, with_offerings=False)
    programmes_setup(workspace=utrecht)
    birth = Transition.objects.get(workspace=utrecht, key="birth")
    response = client_for(alice).post(
        url("transition_update", pk=birth.pk), {"parent_needs": "Iets", "programmes": [foreign.pk]}
    )
    assert response.status_code == 400
    assert response.context["form"].errors["programmes"]
    birth.refresh_from_db()
    assert birth.parent_needs != "Iets"


@pytest.mark.parametrize("user", ["carol", "bob"])
def test_only_coordinators_edit_transitions(client_for, utrecht, request, user):
    programmes_setup(workspace=utrecht)
    birth = Transition.objects.get(workspace=utrecht, key="birth")
    client = client_for(request.getfixturevalue(user))
    assert client.get(url("transition_list")).status_code == 200
    assert client.post(url("transition_update", pk=birth.pk), {"parent_needs": "x"}).status_code == 403


def test_an_outsider_gets_404_on_transitions(client_for, dave, utrecht):
    programmes_setup(workspace=utrecht)
    birth = Transition.objects.get(workspace=utrecht, key="birth")
    client = client_for(dave)
    assert client.get(url("transition_list")).status_code == 404
    assert client.get(url("transition_update", pk=birth.pk)).status_code == 404
    assert client.post(url("transition_update", ws="amersfoort", pk=birth.pk)).status_code == 404
