"""Subsidy register: access for the whole cast, amounts typed in Dutch or English, totals, export, queries."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from ouderpartner.core.models import AuditEvent
from ouderpartner.network.models import Neighbourhood
from ouderpartner.network.tests.factories import NeighbourhoodFactory, OrganisationFactory
from ouderpartner.programmes.models import PolicyDomain, Programme, Subsidy
from ouderpartner.programmes.setup import programmes_setup
from ouderpartner.programmes.subsidies import (
    SubsidyFilters,
    format_euro,
    parse_amount,
    subsidy_create,
    subsidy_totals,
)

pytestmark = pytest.mark.django_db


def url(name: str, ws: str = "utrecht", pk: int | None = None) -> str:
    kwargs = {"ws": ws} if pk is None else {"ws": ws, "pk": pk}
    return reverse(f"programmes:{name}", kwargs=kwargs)


def make(workspace, organisation, amount="1000", start=date(2025, 1, 1), end=date(2025, 12, 31), **extra):
    return Subsidy.objects.create(
        workspace=workspace,
        organisation=organisation,
        purpose=extra.pop("purpose", Subsidy.Purpose.PRESCHOOL),
        amount=Decimal(amount),
        start_date=start,
        end_date=end,
        **extra,
    )


@pytest.fixture
def register(utrecht, school):
    """Two districts' worth of subsidies with domains and a programme; one refused."""
    programmes_setup(workspace=utrecht)
    domains = {d.key: d for d in PolicyDomain.objects.filter(workspace=utrecht)}
    district = NeighbourhoodFactory(
        workspace=utrecht, level=Neighbourhood.Level.DISTRICT, code="WK034406", name="Overvecht"
    )
    area = NeighbourhoodFactory(workspace=utrecht, code="BU03440601", name="Zambesidreef", parent=district)
    boekstart = Programme.objects.create(
        workspace=utrecht, name="BoekStart", audience="parents_with_children"
    )
    library = OrganisationFactory(workspace=utrecht, name="Bibliotheek Overvecht", kind="library")
    rows = [
        make(utrecht, school, "12345.00", policy_domain=domains["early_education"], neighbourhood=area),
        make(
            utrecht,
            library,
            "2500.50",
            start=date(2026, 1, 1),
            end=date(2026, 12, 31),
            programme=boekstart,
            purpose=Subsidy.Purpose.PROGRAMME,
            policy_domain=domains["education"],
            status=Subsidy.Status.GRANTED,
        ),
        make(utrecht, library, "1000", programme=boekstart, purpose=Subsidy.Purpose.PROGRAMME),
        make(utrecht, school, "99999", status=Subsidy.Status.REFUSED, reference="REFUSED-1"),
    ]
    return {"rows": rows, "domains": domains, "area": area, "programme": boekstart, "library": library}


def form_data(organisation, **changes):
    data = {
        "organisation": organisation.pk,
        "purpose": "preschool",
        "amount": "1.234,56",
        "start_date": "2026-01-01",
        "end_date": "2026-12-31",
        "status": "granted",
        "description": "VE-plaatsen",
        "reference": "2026-0042",
    }
    data.update(changes)
    return data


# --- Amounts ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("1.234,56", "1234.56"),
        ("1234.56", "1234.56"),
        ("1234,5", "1234.50"),
        ("12.500", "12500.00"),
        ("1,234.56", "1234.56"),
        ("€ 2.000.000", "2000000.00"),
        ("0", "0.00"),
    ],
)
def test_it_reads_amounts_as_people_type_them(text, amount):
    assert parse_amount(text) == Decimal(amount)


@pytest.mark.parametrize("text", ["-5", "abc", "1,2,3", "1.5.5,3", "12,345", "12.3456"])
def test_it_refuses_amounts_that_are_not_a_positive_number_of_euros(text):
    with pytest.raises(ValidationError):
        parse_amount(text)


def test_it_formats_amounts_in_the_users_language():
    with translation.override("nl"):
        assert format_euro(Decimal("12345")) == "€\u00a012.345,00"
    with translation.override("en"):
        assert format_euro(Decimal("12345")) == "€12,345.00"


# --- Access -------------------------------------------------------------------------------------


def test_a_coordinator_adds_edits_and_deletes_a_subsidy_with_an_audit_trail(client_for, alice, school):
    client = client_for(alice)
    assert client.get(url("subsidy_create")).status_code == 200
    response = client.post(url("subsidy_create"), form_data(school))
    subsidy = Subsidy.objects.get()
    assert response.status_code == 302 and response.url == url("subsidy_detail", pk=subsidy.pk)
    assert subsidy.amount == Decimal("1234.56")
    detail = client.get(url("subsidy_detail", pk=subsidy.pk))
    assert "€\u00a01.234,56" in detail.content.decode()
    response = client.post(url("subsidy_update", pk=subsidy.pk), form_data(school, amount="1500"))
    assert response.status_code == 302
    subsidy.refresh_from_db()
    assert subsidy.amount == Decimal("1500.00")
    assert "Wilt" not in client.get(url("subsidy_delete", pk=subsidy.pk)).content.decode()
    assert client.post(url("subsidy_delete", pk=subsidy.pk)).status_code == 302
    assert not Subsidy.objects.exists()
    actions = list(AuditEvent.objects.filter(object_type="subsidy").values_list("action", flat=True))
    assert sorted(actions) == ["change", "create", "delete"]


def test_the_outsider_gets_404_everywhere_also_through_his_own_workspace(client_for, dave, register):
    client = client_for(dave)
    subsidy = register["rows"][0]
    for name in ("subsidy_list", "subsidy_create", "subsidy_export"):
        assert client.get(url(name)).status_code == 404
    for name in ("subsidy_detail", "subsidy_update", "subsidy_delete"):
        assert client.get(url(name, pk=subsidy.pk)).status_code == 404
        assert client.get(url(name, ws="amersfoort", pk=subsidy.pk)).status_code == 404
        assert client.post(url(name, ws="amersfoort", pk=subsidy.pk)).status_code == 404
    assert Subsidy.objects.filter(pk=subsidy.pk).exists()


@pytest.mark.parametrize("reader", ["carol", "bob"])
def test_viewers_and_professionals_read_but_may_not_write(request, client_for, register, reader):
    client = client_for(request.getfixturevalue(reader))
    subsidy = register["rows"][0]
    assert client.get(url("subsidy_list")).status_code == 200
    assert client.get(url("subsidy_detail", pk=subsidy.pk)).status_code == 200
    assert client.get(url("subsidy_create")).status_code == 403
    assert client.post(url("subsidy_create"), form_data(subsidy.organisation)).status_code == 403
    assert (
        client.post(url("subsidy_update", pk=subsidy.pk), form_data(subsidy.organisation)).status_code == 403
    )
    assert client.post(url("subsidy_delete", pk=subsidy.pk)).status_code == 403
    assert Subsidy.objects.count() == 4
    assert "subsidies/add/" not in client.get(url("subsidy_list")).content.decode()


# --- Bad input ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "message"),
    [("-5", "negatief"), ("abc", "bedrag in euro"), ("", "vereist")],
)
def test_a_bad_amount_is_a_clear_message_and_nothing_typed_is_lost(
    client_for, alice, school, amount, message
):
    response = client_for(alice).post(url("subsidy_create"), form_data(school, amount=amount))
    assert response.status_code == 400
    form = response.context["form"]
    assert list(form.errors) == ["amount"]
    assert message in form.errors["amount"][0].lower()
    html = response.content.decode()
    assert 'value="VE-plaatsen"' in html and 'value="2026-0042"' in html
    assert not Subsidy.objects.exists()


def test_an_end_before_the_start_is_refused_on_the_end_date(client_for, alice, school):
    response = client_for(alice).post(
        url("subsidy_create"), form_data(school, start_date="2026-06-01", end_date="2026-01-01")
    )
    assert response.status_code == 400
    assert "end_date" in response.context["form"].errors
    assert not Subsidy.objects.exists()


def test_a_failed_edit_keeps_the_saved_subsidy(client_for, alice, register):
    subsidy = register["rows"][0]
    response = client_for(alice).post(
        url("subsidy_update", pk=subsidy.pk), form_data(subsidy.organisation, amount="-1")
    )
    assert response.status_code == 400
    subsidy.refresh_from_db()
    assert subsidy.amount == Decimal("12345.00")


def test_another_workspaces_organisation_cannot_be_chosen(client_for, alice, amersfoort, school):
    stranger = OrganisationFactory(workspace=amersfoort)
    response = client_for(alice).post(url("subsidy_create"), form_data(stranger))
    assert response.status_code == 400
    assert "organisation" in response.context["form"].errors


def test_the_service_validates_too(utrecht, amersfoort, school, alice):
    with pytest.raises(ValidationError) as error:
        subsidy_create(
            workspace=amersfoort,
            actor=alice,
            organisation=school,
            purpose="preschool",
            amount=Decimal("-1"),
            start_date=date(2026, 1, 1),
            end_date=date(2025, 1, 1),
        )
    assert {"organisation", "amount", "end_date"} <= set(error.value.message_dict)
    assert not Subsidy.objects.exists()


# --- List, filters, totals ----------------------------------------------------------------------


def test_the_totals_add_up_per_year_domain_programme_and_neighbourhood(utrecht, register):
    totals = subsidy_totals(workspace=utrecht)
    assert [(r.label, r.total, r.count) for r in totals.per_year] == [
        ("2026", Decimal("2500.50"), 1),
        ("2025", Decimal("13345.00"), 2),
    ]
    by_domain = {r.key: r.total for r in totals.per_domain}
    assert by_domain == {
        "early_education": Decimal("12345.00"),
        "education": Decimal("2500.50"),
        "none": Decimal("1000.00"),
    }
    by_programme = {r.label: r.total for r in totals.per_programme}
    assert by_programme["BoekStart"] == Decimal("3500.50")
    by_area = {r.key: r.total for r in totals.per_neighbourhood}
    assert by_area == {"BU03440601": Decimal("12345.00"), "none": Decimal("3500.50")}
    assert totals.grand_total == Decimal("15845.50")  # the refused 99.999 is not counted
    filtered = subsidy_totals(workspace=utrecht, filters=SubsidyFilters(year=2026))
    assert filtered.grand_total == Decimal("2500.50")


def test_the_list_shows_filters_totals_and_dutch_amounts(client_for, carol, register):
    response = client_for(carol).get(url("subsidy_list"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "€\u00a012.345,00" in html and "€\u00a015.845,50" in html
    assert "Bibliotheek Overvecht" in html and "?year=2026" in html and "?domain=education" in html


def test_the_list_is_in_english_format_in_english(client_for, carol, register):
    client = client_for(carol)
    client.cookies["django_language"] = "en"
    html = client.get(url("subsidy_list"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    if "Subsidies" in html:  # the English interface
        assert "€12,345.00" in html


@pytest.mark.parametrize(
    ("params", "references"),
    [
        ({"year": "2026"}, {"B"}),
        ({"status": "refused"}, {"REFUSED-1"}),
        ({"purpose": "programme"}, {"B", "C"}),
        ({"domain": "education"}, {"B"}),
        ({"domain": "none"}, {"C", "REFUSED-1"}),
        ({"neighbourhood": "WK034406"}, {"A"}),
        ({"q": "overvecht"}, {"B", "C"}),
        ({"year": "bogus", "status": "bogus"}, {"A", "B", "C", "REFUSED-1"}),
    ],
)
def test_the_list_filters(client_for, alice, register, params, references):
    for row, ref in zip(register["rows"][:3], "ABC", strict=True):
        row.reference = ref
        row.save()
    response = client_for(alice).get(url("subsidy_list"), params)
    assert response.status_code == 200
    assert {s.reference for s in response.context["objects"]} == references


def test_the_list_filters_by_organisation_and_programme(client_for, alice, register):
    client = client_for(alice)
    library, programme = register["library"], register["programme"]
    assert len(client.get(url("subsidy_list"), {"organisation": library.pk}).context["objects"]) == 2
    assert len(client.get(url("subsidy_list"), {"programme": programme.pk}).context["objects"]) == 2
    assert len(client.get(url("subsidy_list"), {"programme": "none"}).context["objects"]) == 2


def test_the_list_sorts_by_amount(client_for, alice, register):
    objects = client_for(alice).get(url("subsidy_list"), {"sort": "-amount"}).context["objects"]
    assert [s.amount for s in objects][:2] == [Decimal("99999.00"), Decimal("12345.00")]


def test_an_empty_register_says_so(client_for, alice, utrecht):
    html = client_for(alice).get(url("subsidy_list")).content.decode()
    assert "Add a subsidy" in html or "subsidie toevoegen" in html.lower()
    assert "op-empty" in html


def test_its_query_count_does_not_grow_with_rows(
    client_for, alice, utrecht, register, django_assert_max_num_queries
):
    client = client_for(alice)
    client.get(url("subsidy_list"))
    for n in range(30):
        organisation = OrganisationFactory(workspace=utrecht)
        make(
            utrecht,
            organisation,
            str(100 + n),
            programme=register["programme"],
            neighbourhood=register["area"],
        )
    with django_assert_max_num_queries(20):
        assert client.get(url("subsidy_list")).status_code == 200
    with django_assert_max_num_queries(20):
        assert client.get(url("subsidy_export")).status_code == 200
    subsidy = register["rows"][1]
    with django_assert_max_num_queries(10):
        assert client.get(url("subsidy_detail", pk=subsidy.pk)).status_code == 200


# --- Export -------------------------------------------------------------------------------------


def test_the_export_has_numeric_euro_amounts_and_is_audited(client_for, carol, register):
    response = client_for(carol).get(url("subsidy_export"), {"year": "2025"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 3
    amounts = sorted(row[6] for row in rows)
    assert amounts == [1000, 12345, 99999]
    assert all(isinstance(a, (int, float)) for a in amounts)
    assert "€" in sheet.cell(row=2, column=7).number_format
    event = AuditEvent.objects.get(action=AuditEvent.Action.EXPORT)
    assert event.changes == {"rows": 3, "filters": {"year": "2025"}}
