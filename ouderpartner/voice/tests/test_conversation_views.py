"""Conversation records: who reads what, the contact field, the PII warning, bad input, bounded queries, export."""

from __future__ import annotations

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from ouderpartner.core.models import AuditEvent
from ouderpartner.core.tests.factories import MembershipFactory, UserFactory
from ouderpartner.network.tests.factories import LocationFactory, NeighbourhoodFactory, OrganisationFactory
from ouderpartner.voice.models import Conversation, ConversationTag

pytestmark = pytest.mark.django_db


def url(name: str, ws: str = "utrecht", **kwargs) -> str:
    return reverse(f"voice:{name}", kwargs={"ws": ws, **kwargs})


@pytest.fixture
def library(utrecht):
    organisation = OrganisationFactory(workspace=utrecht, name="Bibliotheek", kind="library")
    LocationFactory(organisation=organisation, name="Bibliotheek Noord", is_trusted_place=True)
    return organisation


def record(organisation, **extra) -> Conversation:
    values = {
        "workspace": organisation.workspace,
        "organisation": organisation,
        "location": organisation.locations.first(),
        "date": datetime.date.today() - datetime.timedelta(days=10),
        "language": "ar",
        "needs": "Meer voorlezen in de eigen taal",
    }
    values.update(extra)
    conversation = Conversation(**values)
    conversation.full_clean()
    conversation.save()
    return conversation


def form_data(location, **extra) -> dict:
    data = {
        "date": (datetime.date.today() - datetime.timedelta(days=1)).isoformat(),
        "location": str(location.pk),
        "language": "tr",
        "child_age_band": "2-4",
        "needs": "Wil weten hoe ze thuis kan voorlezen",
        "questions": "",
        "successes": "Het kind praat meer sinds de peutergroep",
        "strengths": "",
        "follow_up": "",
    }
    data.update(extra)
    return data


# --- Access -------------------------------------------------------------------------------------


def test_it_lets_the_coordinator_see_every_record(client_for, alice, school, library):
    record(school, needs="Wil meer weten over schoolkeuze")
    record(library, needs="Zoekt boeken in het Arabisch")
    response = client_for(alice).get(url("conversation_list"))
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 2


def test_it_shows_the_professional_only_his_organisations_records(client_for, bob, school, library):
    own = record(school)
    other = record(library)
    client = client_for(bob)
    listed = client.get(url("conversation_list")).context["objects"]
    assert [c.pk for c in listed] == [own.pk]
    assert client.get(url("conversation_detail", pk=own.pk)).status_code == 200
    for name in ("conversation_detail", "conversation_update", "conversation_delete"):
        assert client.get(url(name, pk=other.pk)).status_code == 404


def test_it_refuses_viewers_every_record_page(client_for, carol, school):
    conversation = record(school)
    client = client_for(carol)
    for path in (
        url("conversation_list"),
        url("conversation_create"),
        url("conversation_export"),
        url("conversation_detail", pk=conversation.pk),
        url("conversation_update", pk=conversation.pk),
        url("conversation_delete", pk=conversation.pk),
        url("tag_list"),
    ):
        assert client.get(path).status_code == 403, path


def test_it_answers_404_to_the_outsider(client_for, dave, school):
    conversation = record(school)
    tag = ConversationTag.objects.create(workspace=school.workspace, name="gezondheid")
    client = client_for(dave)
    for ws in ("utrecht", "amersfoort"):
        assert client.get(url("conversation_detail", ws=ws, pk=conversation.pk)).status_code == 404
        assert client.get(url("conversation_update", ws=ws, pk=conversation.pk)).status_code == 404
        assert client.post(url("conversation_delete", ws=ws, pk=conversation.pk)).status_code == 404
        assert client.get(url("tag_update", ws=ws, pk=tag.pk)).status_code == 404
    for name in ("conversation_list", "conversation_create", "conversation_export", "tag_list"):
        assert client.get(url(name)).status_code == 404
    assert Conversation.objects.filter(pk=conversation.pk).exists()


def test_it_lets_only_coordinators_manage_tags(client_for, alice, bob, utrecht):
    assert client_for(bob).get(url("tag_list")).status_code == 403
    client = client_for(alice)
    response = client.get(url("tag_list"))
    assert "voorlezen thuis" in response.content.decode()
    assert client.post(url("tag_list"), {"name": "huisvesting"}).status_code == 302
    tag = ConversationTag.objects.get(workspace=utrecht, name="huisvesting")
    assert client.post(url("tag_list"), {"name": "Huisvesting"}).status_code == 400
    assert client.post(url("tag_update", pk=tag.pk), {"name": "wonen"}).status_code == 302
    tag.refresh_from_db()
    assert tag.name == "wonen"
    assert client.post(url("tag_delete", pk=tag.pk)).status_code == 302
    assert not ConversationTag.objects.filter(pk=tag.pk).exists()
    assert AuditEvent.objects.filter(workspace=utrecht, object_type="conversationtag").count() == 3


# --- The contact field ---------------------------------------------------------------------------


def test_it_hides_the_contact_from_a_coordinator_of_another_organisation(client_for, alice, bob, school):
    conversation = record(school, wants_contact=True, contact="bellen via de leerkracht")
    response = client_for(alice).get(url("conversation_detail", pk=conversation.pk))
    assert "bellen via de leerkracht" not in response.content.decode()
    edit = client_for(alice).get(url("conversation_update", pk=conversation.pk))
    assert "contact" not in edit.context["form"].fields
    assert "bellen via de leerkracht" not in edit.content.decode()


def test_it_shows_the_contact_to_the_organisation_that_recorded_it(client_for, bob, school):
    conversation = record(school, wants_contact=True, contact="bellen via de leerkracht")
    response = client_for(bob).get(url("conversation_detail", pk=conversation.pk))
    assert "bellen via de leerkracht" in response.content.decode()


def test_it_keeps_the_contact_when_a_coordinator_edits_without_seeing_it(client_for, alice, school):
    conversation = record(school, wants_contact=True, contact="bellen via de leerkracht")
    data = form_data(school.locations.first(), organisation=str(school.pk))
    response = client_for(alice).post(url("conversation_update", pk=conversation.pk), data)
    assert response.status_code == 302
    conversation.refresh_from_db()
    assert conversation.contact == "bellen via de leerkracht" and conversation.wants_contact


def test_it_sets_the_purge_date_and_the_neighbourhood_by_default(client_for, bob, school):
    area = NeighbourhoodFactory(workspace=school.workspace)
    location = school.locations.first()
    location.neighbourhood = area
    location.save()
    data = form_data(location, wants_contact="on", contact="via de mentor, telefonisch")
    response = client_for(bob).post(url("conversation_create"), data)
    assert response.status_code == 302
    conversation = Conversation.objects.get()
    assert conversation.organisation == school
    assert conversation.neighbourhood == area
    assert conversation.contact_purge_after == datetime.date.today() + datetime.timedelta(days=90)
    event = AuditEvent.objects.get(action="create", object_type="conversation")
    assert "via de mentor" not in str(event.changes)


# --- The personal-data warning --------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, fragment",
    [
        ("Bel haar op 06-12345678 na school", "06-12345678"),
        ("Nummer +31 6 12345678 voor de afspraak", "+31 6 12345678"),
        ("Het wijkcentrum: 030-1234567", "030-1234567"),
        ("Mail naar ouder@example.org", "ouder@example.org"),
        ("Ze kwam samen met Fatima Yilmaz naar de groep", "Fatima Yilmaz"),
        ("Gesprek gevoerd met mevrouw Jansen over lezen", "mevrouw Jansen"),
        ("De moeder van Amira vroeg naar de overstap", "moeder van Amira"),
    ],
)
def test_it_warns_about_personal_data_and_keeps_everything(client_for, bob, school, text, fragment):
    data = form_data(school.locations.first(), questions=text)
    response = client_for(bob).post(url("conversation_create"), data)
    assert response.status_code == 200
    body = response.content.decode()
    assert "personal-data-warning" in body and fragment in body
    assert response.context["form"]["questions"].value() == text
    assert not Conversation.objects.exists()


def test_it_does_not_warn_about_a_plain_record(client_for, bob, school):
    text = "Wil weten wanneer de overstap naar school begint. Vraagt naar de Turkse les."
    response = client_for(bob).post(
        url("conversation_create"), form_data(school.locations.first(), questions=text)
    )
    assert response.status_code == 302


def test_it_saves_after_the_professional_confirms(client_for, bob, school):
    data = form_data(
        school.locations.first(), questions="Bel haar op 06-12345678", confirm_personal_data="on"
    )
    response = client_for(bob).post(url("conversation_create"), data)
    assert response.status_code == 302
    assert Conversation.objects.get().questions == "Bel haar op 06-12345678"


# --- Bad input ----------------------------------------------------------------------------------


def test_it_asks_for_at_least_one_theme_and_keeps_the_rest(client_for, bob, school):
    data = form_data(school.locations.first(), needs="", successes="", follow_up="Volgende week terugbellen")
    response = client_for(bob).post(url("conversation_create"), data)
    assert response.status_code == 400
    assert "needs" in response.context["form"].errors
    assert response.context["form"]["follow_up"].value() == "Volgende week terugbellen"
    assert not Conversation.objects.exists()


def test_it_refuses_a_contact_without_the_parents_wish(client_for, bob, school):
    data = form_data(school.locations.first(), contact="via de mentor")
    response = client_for(bob).post(url("conversation_create"), data)
    assert response.status_code == 400
    assert "contact" in response.context["form"].errors
    assert response.context["form"]["needs"].value() == data["needs"]


def test_it_refuses_a_place_of_another_organisation(client_for, bob, school, library):
    response = client_for(bob).post(url("conversation_create"), form_data(library.locations.first()))
    assert response.status_code == 400
    assert "location" in response.context["form"].errors


def test_it_refuses_a_place_that_does_not_belong_to_the_chosen_organisation(
    client_for, alice, school, library
):
    data = form_data(library.locations.first(), organisation=str(school.pk))
    response = client_for(alice).post(url("conversation_create"), data)
    assert response.status_code == 400
    assert "location" in response.context["form"].errors


def test_it_ignores_nonsense_filters(client_for, alice, school):
    record(school)
    response = client_for(alice).get(url("conversation_list") + "?tag=x&age=99&period=abc&place=-1&page=zz")
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 1


# --- Edit, delete, filters ------------------------------------------------------------------------


def test_it_edits_and_deletes_with_an_audit_trail(client_for, bob, school):
    conversation = record(school)
    client = client_for(bob)
    data = form_data(school.locations.first(), needs="Zoekt een taalcursus")
    assert client.post(url("conversation_update", pk=conversation.pk), data).status_code == 302
    conversation.refresh_from_db()
    assert conversation.needs == "Zoekt een taalcursus"
    assert client.get(url("conversation_delete", pk=conversation.pk)).status_code == 200
    assert client.post(url("conversation_delete", pk=conversation.pk)).status_code == 302
    assert not Conversation.objects.exists()
    actions = set(AuditEvent.objects.filter(object_type="conversation").values_list("action", flat=True))
    assert actions == {"change", "delete"}


def test_it_filters_by_tag_age_language_place_period_and_search(client_for, alice, school, library):
    tag = ConversationTag.objects.create(workspace=school.workspace, name="schoolkeuze")
    a = record(school, language="tr", child_age_band="4-6", needs="Twijfelt over de schoolkeuze")
    a.tags.add(tag)
    record(library, language="ar", child_age_band="0-1", date=datetime.date(2020, 1, 1))
    client = client_for(alice)

    def count(query: str) -> int:
        return client.get(url("conversation_list") + query).context["page"].paginator.count

    assert count(f"?tag={tag.pk}") == 1
    assert count("?age=4-6") == 1
    assert count("?language=ar") == 1
    assert count(f"?place={library.locations.first().pk}") == 1
    assert count("?period=365") == 1
    assert count("?q=schoolkeuze") == 1
    assert count("?q=nergens") == 0
    assert client.get(url("conversation_list") + "?q=nergens").context["filtered"]


def test_it_shows_an_empty_state(client_for, bob, school):
    response = client_for(bob).get(url("conversation_list"))
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 0


def test_it_paginates(client_for, alice, school):
    for day in range(1, 28):
        record(school, date=datetime.date(2026, 10, day))
    client = client_for(alice)
    first = client.get(url("conversation_list"))
    assert len(first.context["objects"]) == 25
    assert len(client.get(url("conversation_list") + "?page=2").context["objects"]) == 2


# --- Bounded queries ------------------------------------------------------------------------------


@pytest.mark.parametrize("rows", [3, 12])
def test_it_lists_with_a_bounded_number_of_queries(
    client_for, alice, school, django_assert_max_num_queries, rows
):
    tags = [ConversationTag.objects.create(workspace=school.workspace, name=f"tag {i}") for i in range(3)]
    for day in range(rows):
        conversation = record(school, date=datetime.date(2026, 10, day + 1))
        conversation.tags.set(tags)
    client = client_for(alice)
    with django_assert_max_num_queries(14):
        response = client.get(url("conversation_list"))
    assert len(response.context["objects"]) == rows


@pytest.mark.parametrize("rows", [3, 12])
def test_it_exports_with_a_bounded_number_of_queries(
    client_for, alice, school, django_assert_max_num_queries, rows
):
    tag = ConversationTag.objects.create(workspace=school.workspace, name="gezondheid")
    for day in range(rows):
        record(school, date=datetime.date(2026, 10, day + 1)).tags.add(tag)
    client = client_for(alice)
    with django_assert_max_num_queries(12):
        assert client.get(url("conversation_export")).status_code == 200


def test_it_shows_the_detail_with_a_bounded_number_of_queries(
    client_for, bob, school, django_assert_max_num_queries
):
    conversation = record(school)
    conversation.tags.set(
        [ConversationTag.objects.create(workspace=school.workspace, name=f"t{i}") for i in range(5)]
    )
    client = client_for(bob)
    with django_assert_max_num_queries(12):
        assert client.get(url("conversation_detail", pk=conversation.pk)).status_code == 200


# --- Export -------------------------------------------------------------------------------------


def test_it_exports_for_coordinators_without_contact_and_audits(client_for, alice, bob, school):
    record(school, wants_contact=True, contact="bellen via de leerkracht", needs="Zoekt hulp bij lezen")
    assert client_for(bob).get(url("conversation_export")).status_code == 403
    response = client_for(alice).get(url("conversation_export"))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = [str(cell.value) for row in sheet.iter_rows() for cell in row]
    assert "Zoekt hulp bij lezen" in cells
    assert not any("leerkracht" in value for value in cells)
    event = AuditEvent.objects.get(action="export", object_type="conversations")
    assert event.changes["rows"] == 1 and event.actor == alice


def test_a_coordinator_tied_to_the_organisation_sees_the_contact(client_for, utrecht, school):
    user = UserFactory(email="erik@utrecht.example")
    MembershipFactory(user=user, workspace=utrecht, role="coordinator", organisation=school)
    conversation = record(school, wants_contact=True, contact="bellen via de leerkracht")
    response = client_for(user).get(url("conversation_detail", pk=conversation.pk))
    assert "bellen via de leerkracht" in response.content.decode()


def test_it_warns_about_personal_data_together_with_other_errors(client_for, bob, school):
    data = form_data(school.locations.first(), language="", questions="Mail naar ouder@example.org")
    response = client_for(bob).post(url("conversation_create"), data)
    assert response.status_code == 400
    body = response.content.decode()
    assert "language" in response.context["form"].errors
    assert "personal-data-warning" in body and "ouder@example.org" in body


def test_it_refuses_a_date_in_the_future_and_a_purge_date_beyond_the_retention(client_for, bob, school):
    future = (datetime.date.today() + datetime.timedelta(days=2)).isoformat()
    late = (datetime.date.today() + datetime.timedelta(days=91)).isoformat()
    data = form_data(
        school.locations.first(),
        date=future,
        wants_contact="on",
        contact="via de mentor",
        contact_purge_after=late,
    )
    response = client_for(bob).post(url("conversation_create"), data)
    assert response.status_code == 400
    assert {"date", "contact_purge_after"} <= set(response.context["form"].errors)
    assert response.context["form"]["contact"].value() == "via de mentor"
    assert not Conversation.objects.exists()
