"""The national catalogue: its data, the copy service, and the catalogue page."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from ouderpartner.core.models import AuditEvent
from ouderpartner.programmes import catalogue, services
from ouderpartner.programmes.models import (
    MAX_AGE_MONTHS,
    Approach,
    Audience,
    PolicyDomain,
    Programme,
    Transition,
)
from ouderpartner.programmes.setup import TRANSITIONS
from ouderpartner.programmes.tests.test_programme_views import count_queries, url

REQUIRED = {
    "boekstart",
    "vve-thuis",
    "tel-mee-met-taal",
    "alliantie-kinderarmoede",
    "voorleesexpress",
    "taalhuis",
    "stevig-ouderschap",
    "opstapje",
    "opstap",
    "spelenderwijs",
}


def test_the_catalogue_has_the_programmes_of_the_issue_with_unique_keys():
    keys = [entry.key for entry in catalogue.entries()]
    assert len(keys) == len(set(keys))
    assert set(keys) >= REQUIRED


@pytest.mark.parametrize("entry", catalogue.entries(), ids=lambda e: e.key)
def test_every_entry_is_complete_and_valid(entry):
    assert 0 <= entry.age_from_months <= entry.age_to_months <= MAX_AGE_MONTHS
    assert entry.description_nl and entry.description_en and entry.description_nl != entry.description_en
    assert entry.funding_nl and entry.funding_en
    assert entry.audience in Audience.values
    assert entry.kind in Programme.Kind.values
    assert entry.policy_domains and set(entry.policy_domains) <= set(PolicyDomain.Builtin.values)
    assert entry.approaches and set(entry.approaches) <= set(Approach.values)
    assert set(entry.transitions) <= {key for key, *_rest in TRANSITIONS}
    assert not entry.website or entry.website.startswith("https://")
    assert entry.description_for("en") == entry.description_en
    assert entry.description_for("nl") == entry.description_nl


@pytest.mark.django_db
def test_copying_creates_a_programme_linked_to_its_domains_and_transitions(utrecht, alice):
    programme = services.programme_copy_from_catalogue(workspace=utrecht, actor=alice, key="boekstart")
    assert programme.catalogue_key == "boekstart" and programme.kind == "national"
    assert set(programme.policy_domains.values_list("key", flat=True)) == {
        "early_education",
        "education",
        "health",
    }
    assert set(programme.transitions.values_list("key", flat=True)) == {"birth", "preschool"}
    assert Transition.objects.filter(workspace=utrecht).count() == 7
    assert AuditEvent.objects.get(object_type="programme").changes["catalogue_key"] == "boekstart"


@pytest.mark.django_db
def test_copying_twice_is_refused_with_a_message(utrecht, alice):
    services.programme_copy_from_catalogue(workspace=utrecht, actor=alice, key="opstap")
    with pytest.raises(ValidationError, match="Opstap"):
        services.programme_copy_from_catalogue(workspace=utrecht, actor=alice, key="opstap")
    assert Programme.objects.filter(workspace=utrecht).count() == 1


@pytest.mark.django_db
def test_copying_an_unknown_entry_is_refused(utrecht, alice):
    with pytest.raises(ValidationError):
        services.programme_copy_from_catalogue(workspace=utrecht, actor=alice, key="nope")


@pytest.mark.django_db
def test_the_catalogue_page_shows_which_entries_are_in_the_workspace(client_for, alice, utrecht):
    services.programme_copy_from_catalogue(workspace=utrecht, actor=alice, key="taalhuis")
    response = client_for(alice).get(url("catalogue"))
    assert response.status_code == 200
    copied = {row.entry.key for row in response.context["rows"] if row.programme}
    assert copied == {"taalhuis"}
    assert response.context["copied_count"] == 1


@pytest.mark.django_db
def test_a_coordinator_copies_through_the_page_and_a_second_copy_gets_a_message(client_for, alice, utrecht):
    client = client_for(alice)
    response = client.post(url("catalogue"), {"key": "vve-thuis"})
    programme = Programme.objects.get(workspace=utrecht, catalogue_key="vve-thuis")
    assert response.status_code == 302 and response["Location"] == url("programme_detail", pk=programme.pk)
    response = client.post(url("catalogue"), {"key": "vve-thuis"}, follow=True)
    assert response.status_code == 200
    assert "VVE Thuis" in " ".join(str(m) for m in response.context["messages"])
    assert Programme.objects.filter(workspace=utrecht).count() == 1


@pytest.mark.django_db
def test_an_unknown_key_gets_a_message_not_an_error(client_for, alice, utrecht):
    response = client_for(alice).post(url("catalogue"), {"key": "<script>"}, follow=True)
    assert response.status_code == 200
    assert not Programme.objects.exists()


@pytest.mark.django_db
def test_the_copy_takes_the_description_in_the_users_language(client_for, alice, utrecht):
    client = client_for(alice)
    client.cookies["django_language"] = "en"
    client.post(url("catalogue"), {"key": "boekstart"})
    programme = Programme.objects.get(workspace=utrecht)
    assert programme.description == catalogue.get_entry("boekstart").description_en


@pytest.mark.django_db
@pytest.mark.parametrize("user", ["carol", "bob"])
def test_only_coordinators_copy(client_for, utrecht, request, user):
    client = client_for(request.getfixturevalue(user))
    assert client.get(url("catalogue")).status_code == 200
    assert client.post(url("catalogue"), {"key": "boekstart"}).status_code == 403
    assert not Programme.objects.exists()


@pytest.mark.django_db
def test_an_outsider_gets_404_on_the_catalogue(client_for, dave, utrecht):
    client = client_for(dave)
    assert client.get(url("catalogue")).status_code == 404
    assert client.post(url("catalogue"), {"key": "boekstart"}).status_code == 404


@pytest.mark.django_db
def test_the_catalogue_query_count_does_not_grow_with_copies(client_for, alice, utrecht):
    client = client_for(alice)
    client.get(url("catalogue"))
    services.programme_copy_from_catalogue(workspace=utrecht, actor=alice, key="boekstart")
    few = count_queries(client, url("catalogue"))
    for key in ("opstap", "opstapje", "taalhuis", "voorleesexpress", "spelenderwijs"):
        services.programme_copy_from_catalogue(workspace=utrecht, actor=alice, key=key)
    assert count_queries(client, url("catalogue")) == few
    assert few <= 10
