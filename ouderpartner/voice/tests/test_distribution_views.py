"""Distributions on the staff side: who may hand out where, link, QR code, close and reopen, tenancy."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ouderpartner.core.models import AuditEvent
from ouderpartner.network.tests.factories import LocationFactory, OrganisationFactory
from ouderpartner.voice.models import Distribution, Questionnaire
from ouderpartner.voice.tests.factories import DistributionFactory, QuestionnaireFactory

pytestmark = pytest.mark.django_db


def url(name: str, ws: str = "utrecht", pk: int | None = None) -> str:
    kwargs = {"ws": ws} if pk is None else {"ws": ws, "pk": pk}
    return reverse(f"voice:{name}", kwargs=kwargs)


@pytest.fixture
def places(utrecht, school):
    own = school.locations.get()
    own.is_trusted_place = True
    own.save()
    other = LocationFactory(organisation=OrganisationFactory(workspace=utrecht, name="Bibliotheek"))
    other.is_trusted_place = True
    other.save()
    return own, other


@pytest.fixture
def questionnaire(utrecht):
    return QuestionnaireFactory(workspace=utrecht)


def test_it_lets_a_coordinator_hand_out_at_any_trusted_place(client_for, alice, places, questionnaire):
    client = client_for(alice)
    page = client.get(url("distribution_create"))
    assert page.status_code == 200
    result = client.post(
        url("distribution_create"),
        {"questionnaire": questionnaire.pk, "location": places[1].pk, "closes_on": "2030-01-31"},
    )
    distribution = Distribution.objects.get()
    assert result.status_code == 302 and result.url == url("distribution_detail", pk=distribution.pk)
    assert distribution.location == places[1]
    assert distribution.closes_at.date().isoformat() in ("2030-01-31", "2030-02-01")
    assert AuditEvent.objects.filter(action=AuditEvent.Action.CREATE, object_type="distribution").exists()


def test_it_lets_bob_hand_out_at_his_own_place_only(client_for, bob, places, questionnaire):
    client = client_for(bob)
    page = client.get(url("distribution_create")).content.decode()
    assert places[0].name in page and "Bibliotheek" not in page
    refused = client.post(
        url("distribution_create"), {"questionnaire": questionnaire.pk, "location": places[1].pk}
    )
    assert refused.status_code == 200 and not Distribution.objects.exists()
    ok = client.post(
        url("distribution_create"), {"questionnaire": questionnaire.pk, "location": places[0].pk}
    )
    assert ok.status_code == 302 and Distribution.objects.get().location == places[0]


def test_it_refuses_a_draft_questionnaire_with_a_message(client_for, alice, places, utrecht):
    draft = QuestionnaireFactory(workspace=utrecht, status=Questionnaire.Status.DRAFT)
    page = client_for(alice).post(
        url("distribution_create"), {"questionnaire": draft.pk, "location": places[0].pk}
    )
    assert page.status_code == 200 and "utrecht-form-field" in page.content.decode()
    assert not Distribution.objects.exists()


def test_it_lets_carol_read_but_not_create_or_close(client_for, carol, places, questionnaire):
    distribution = DistributionFactory(questionnaire=questionnaire, location=places[0])
    client = client_for(carol)
    assert client.get(url("distribution_list")).status_code == 200
    assert client.get(url("distribution_detail", pk=distribution.pk)).status_code == 200
    assert client.get(url("distribution_create")).status_code == 403
    assert client.post(url("distribution_close", pk=distribution.pk)).status_code == 403


def test_it_shows_the_short_link_the_qr_code_and_the_assisted_link(
    client_for, alice, places, questionnaire, settings
):
    settings.SITE_URL = "https://ouderpartner.example"
    distribution = DistributionFactory(questionnaire=questionnaire, location=places[0])
    html = client_for(alice).get(url("distribution_detail", pk=distribution.pk)).content.decode()
    link = f"https://ouderpartner.example/q/{distribution.code}/"
    assert link in html and f"{link}?assisted=1" in html
    assert "<svg" in html and 'role="img"' in html


def test_it_downloads_the_qr_code_as_svg(client_for, bob, places, questionnaire):
    distribution = DistributionFactory(questionnaire=questionnaire, location=places[0])
    result = client_for(bob).get(url("distribution_qr", pk=distribution.pk))
    assert result.status_code == 200 and result["Content-Type"] == "image/svg+xml"
    assert "attachment" in result["Content-Disposition"]
    assert b"<svg" in result.content


def test_it_closes_and_reopens(client_for, alice, places, questionnaire, client):
    distribution = DistributionFactory(questionnaire=questionnaire, location=places[0])
    staff = client_for(alice)
    staff.post(url("distribution_close", pk=distribution.pk))
    distribution.refresh_from_db()
    assert distribution.closes_at is not None
    staff.logout()
    assert client.get(f"/q/{distribution.code}/").status_code == 410
    staff = client_for(alice)
    staff.post(url("distribution_reopen", pk=distribution.pk))
    distribution.refresh_from_db()
    assert distribution.closes_at is None
    staff.logout()
    assert client.get(f"/q/{distribution.code}/").status_code == 200


def test_it_lets_bob_close_only_distributions_at_his_own_place(client_for, bob, places, questionnaire):
    elsewhere = DistributionFactory(questionnaire=questionnaire, location=places[1])
    assert client_for(bob).post(url("distribution_close", pk=elsewhere.pk)).status_code == 403


def test_it_answers_404_to_dave_everywhere(client_for, dave, places, questionnaire):
    distribution = DistributionFactory(questionnaire=questionnaire, location=places[0])
    client = client_for(dave)
    for name in ("distribution_list", "distribution_create"):
        assert client.get(url(name)).status_code == 404
    for name in ("distribution_detail", "distribution_qr", "distribution_poster"):
        assert client.get(url(name, pk=distribution.pk)).status_code == 404
        assert client.get(url(name, ws="amersfoort", pk=distribution.pk)).status_code == 404
    for name in ("distribution_close", "distribution_reopen"):
        assert client.post(url(name, pk=distribution.pk)).status_code == 404
        assert client.post(url(name, ws="amersfoort", pk=distribution.pk)).status_code == 404
    distribution.refresh_from_db()
    assert distribution.closes_at is None


def test_it_lists_with_a_bounded_number_of_queries(client_for, alice, utrecht, django_assert_max_num_queries):
    for _ in range(6):
        DistributionFactory(questionnaire=QuestionnaireFactory(workspace=utrecht))
    client = client_for(alice)
    with django_assert_max_num_queries(10):
        page = client.get(url("distribution_list"))
    assert page.content.decode().count("/voice/distributions/") >= 6
    distribution = Distribution.objects.first()
    with django_assert_max_num_queries(10):
        client.get(url("distribution_detail", pk=distribution.pk))
