"""View tests for the network screens: access for the whole cast, bounded queries, forms and exports."""

from __future__ import annotations

import io
import itertools
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from ouderpartner.core.models import AuditEvent
from ouderpartner.network.models import ContactPerson, Location, Neighbourhood, Organisation, OrganisationKind
from ouderpartner.network.tests.factories import (
    LocationFactory,
    NeighbourhoodFactory,
    OrganisationFactory,
    PartnershipFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def net(utrecht, school):
    """A small Utrecht network: a district with two areas, the school and a library, a partnership, a contact."""
    district = NeighbourhoodFactory(
        workspace=utrecht, level=Neighbourhood.Level.DISTRICT, code="WK034401", name="Binnenstad"
    )
    area = NeighbourhoodFactory(workspace=utrecht, code="BU03440101", name="Domplein", parent=district)
    NeighbourhoodFactory(workspace=utrecht, code="BU03440102", name="Lange Nieuwstraat", parent=district)
    school_location = school.locations.get()
    school_location.neighbourhood = area
    school_location.latitude, school_location.longitude = 52.0907, 5.1214
    school_location.is_trusted_place = True
    school_location.save()
    library = OrganisationFactory(
        workspace=utrecht, kind=OrganisationKind.LIBRARY, name="Bibliotheek Centrum"
    )
    library_location = LocationFactory(organisation=library, name="Bibliotheek Neude")
    partnership = PartnershipFactory(workspace=utrecht, name="Doorgaande lijn Binnenstad")
    partnership.organisations.set([school, library])
    contact = ContactPerson.objects.create(
        organisation=school, name="Els Visser", role="brede schoolcoördinator"
    )
    return {
        "org": school,
        "other_org": library,
        "loc": school_location,
        "other_loc": library_location,
        "district": district,
        "area": area,
        "ps": partnership,
        "contact": contact,
    }


def url(name: str, net: dict | None = None, obj: str | None = None, ws: str = "utrecht") -> str:
    kwargs: dict = {"ws": ws}
    if obj:
        kwargs["pk"] = net[obj].pk
    return reverse(f"network:{name}", kwargs=kwargs)


READ_VIEWS = [
    ("organisation_list", None),
    ("organisation_detail", "org"),
    ("organisation_export", None),
    ("location_list", None),
    ("location_detail", "loc"),
    ("location_export", None),
    ("neighbourhood_list", None),
    ("neighbourhood_detail", "area"),
    ("neighbourhood_detail", "district"),
    ("neighbourhood_export", None),
    ("partnership_list", None),
    ("partnership_detail", "ps"),
    ("partnership_export", None),
    ("map", None),
]
# Pages that change something (GET shows the form or the confirmation); coordinators only, except where noted.
WRITE_VIEWS = [
    ("organisation_create", None),
    ("organisation_update", "other_org"),
    ("organisation_archive", "org"),
    ("organisation_restore", "org"),
    ("contact_update", "contact"),
    ("contact_delete", "contact"),
    ("location_update", "other_loc"),
    ("location_archive", "loc"),
    ("location_restore", "loc"),
    ("neighbourhood_update", "area"),
    ("partnership_create", None),
    ("partnership_update", "ps"),
    ("partnership_archive", "ps"),
    ("partnership_restore", "ps"),
]
OBJECT_VIEWS = [(name, obj) for name, obj in READ_VIEWS + WRITE_VIEWS if obj] + [("contact_create", "org")]


# --- Access: the whole cast ----------------------------------------------------------------------


def test_it_lets_alice_open_every_view(client_for, alice, net):
    client = client_for(alice)
    for name, obj in READ_VIEWS + WRITE_VIEWS:
        assert client.get(url(name, net, obj)).status_code == 200, name


def test_it_answers_404_to_the_outsider_in_utrecht(client_for, dave, net):
    client = client_for(dave)
    for name, obj in [*READ_VIEWS, *WRITE_VIEWS, ("contact_create", "org")]:
        assert client.get(url(name, net, obj)).status_code == 404, name
        assert client.post(url(name, net, obj), {"name": "x"}).status_code == 404, name


def test_it_answers_404_to_the_outsider_for_utrechts_objects_in_his_own_workspace(client_for, dave, net):
    client = client_for(dave)
    for name, obj in OBJECT_VIEWS:
        target = url(name, net, obj, ws="amersfoort")
        assert client.get(target).status_code in (404, 405), name
        assert client.post(target, {"name": "x"}).status_code == 404, name


def test_it_forbids_the_viewer_to_write(client_for, carol, net):
    client = client_for(carol)
    for name, obj in [*WRITE_VIEWS, ("contact_create", "org"), ("location_create", None)]:
        if name != "contact_create":
            assert client.get(url(name, net, obj)).status_code == 403, name
        assert client.post(url(name, net, obj), {"name": "Changed"}).status_code == 403, name
    assert AuditEvent.objects.count() == 0


def test_it_lets_the_viewer_read(client_for, carol, net):
    client = client_for(carol)
    for name, obj in READ_VIEWS:
        assert client.get(url(name, net, obj)).status_code == 200, name


def test_it_lets_bob_edit_his_own_organisation(client_for, bob, net):
    client = client_for(bob)
    assert client.get(url("organisation_update", net, "org")).status_code == 200
    response = client.post(url("organisation_update", net, "org"), {"kind": "school", "name": "Willibrord"})
    assert response.status_code == 302
    net["org"].refresh_from_db()
    assert net["org"].name == "Willibrord"


def test_it_forbids_bob_to_edit_another_organisation(client_for, bob, net):
    client = client_for(bob)
    assert client.get(url("organisation_update", net, "other_org")).status_code == 403
    assert (
        client.post(url("organisation_update", net, "other_org"), {"kind": "school", "name": "X"}).status_code
        == 403
    )
    net["other_org"].refresh_from_db()
    assert net["other_org"].name == "Bibliotheek Centrum"


def test_it_lets_bob_edit_his_own_location_but_not_another(client_for, bob, net):
    client = client_for(bob)
    assert client.get(url("location_update", net, "loc")).status_code == 200
    response = client.post(
        url("location_update", net, "loc"),
        {"name": "Willibrord hoofdgebouw", "postcode": "3511ab", "neighbourhood": net["area"].pk},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    net["loc"].refresh_from_db()
    assert net["loc"].name == "Willibrord hoofdgebouw"
    assert net["loc"].organisation == net["org"]
    assert net["loc"].postcode == "3511 AB"
    assert client.get(url("location_update", net, "other_loc")).status_code == 403


def test_it_lets_bob_add_a_location_only_to_his_own_organisation(client_for, bob, net):
    client = client_for(bob)
    assert client.get(url("location_create")).status_code == 200
    response = client.post(url("location_create"), {"organisation": net["other_org"].pk, "name": "Filiaal"})
    assert response.status_code == 400
    assert not Location.objects.filter(name="Filiaal").exists()
    response = client.post(url("location_create"), {"organisation": net["org"].pk, "name": "Dependance"})
    assert response.status_code == 302
    assert Location.objects.get(name="Dependance").organisation == net["org"]


def test_it_forbids_bob_to_archive_or_remove(client_for, bob, net):
    client = client_for(bob)
    for name, obj in [
        ("organisation_archive", "org"),
        ("location_archive", "loc"),
        ("contact_delete", "contact"),
    ]:
        assert client.post(url(name, net, obj)).status_code == 403, name


def test_it_sends_anonymous_users_to_the_login_page(client, net):
    response = client.get(url("organisation_list"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


# --- Bounded queries -----------------------------------------------------------------------------


@pytest.fixture
def many(net, utrecht):
    """Several more rows of everything, so a growing query count would show."""
    for i in range(12):
        org = OrganisationFactory(
            workspace=utrecht, kind=OrganisationKind.CHILDCARE, name=f"Kinderopvang {i}"
        )
        LocationFactory(
            organisation=org,
            neighbourhood=net["area"] if i % 2 else None,
            is_trusted_place=bool(i % 3),
            latitude=52.09 if i % 2 else None,
            longitude=5.12 if i % 2 else None,
        )
        partnership = PartnershipFactory(workspace=utrecht)
        partnership.organisations.set([org, net["org"]])
        ContactPerson.objects.create(organisation=net["org"], name=f"Contact {i}", role="VE-coach")
        NeighbourhoodFactory(workspace=utrecht, code=f"BU034402{i:02d}", parent=net["district"])
    return net


def test_its_query_count_is_bounded(client_for, alice, many, django_assert_max_num_queries):
    client = client_for(alice)
    client.get(url("organisation_list"))  # warm the session
    for name, obj in READ_VIEWS + WRITE_VIEWS:
        with django_assert_max_num_queries(16):
            response = client.get(url(name, many, obj))
        assert response.status_code == 200, name


def test_the_htmx_search_query_count_is_bounded(client_for, alice, many, django_assert_max_num_queries):
    client = client_for(alice)
    with django_assert_max_num_queries(14):
        client.get(url("location_list") + "?q=Kinder&trusted=1", HTTP_HX_REQUEST="true")


# --- Lists: search, filters, sorting, pagination, htmx -------------------------------------------


def test_it_searches_organisations_by_name_brin_and_lrk(client_for, alice, net):
    net["other_org"].lrk_number = "123456789"
    net["other_org"].save()
    client = client_for(alice)
    assert [o.name for o in client.get(url("organisation_list") + "?q=04im").context["objects"]] == [
        "Willibrordschool"
    ]
    assert [o.name for o in client.get(url("organisation_list") + "?q=123456").context["objects"]] == [
        "Bibliotheek Centrum"
    ]


def test_it_filters_organisations_by_kind_and_district(client_for, alice, net):
    client = client_for(alice)
    names = [o.name for o in client.get(url("organisation_list") + "?kind=library").context["objects"]]
    assert names == ["Bibliotheek Centrum"]
    names = [
        o.name for o in client.get(url("organisation_list") + "?neighbourhood=WK034401").context["objects"]
    ]
    assert names == ["Willibrordschool"]


def test_it_hides_archived_organisations_unless_asked(client_for, alice, net):
    net["other_org"].archived_at = net["other_org"].created_at
    net["other_org"].save()
    client = client_for(alice)
    assert [o.name for o in client.get(url("organisation_list")).context["objects"]] == ["Willibrordschool"]
    archived = client.get(url("organisation_list") + "?archived=1").context["objects"]
    assert [o.name for o in archived] == ["Bibliotheek Centrum"]


def test_it_filters_locations_by_trusted_place_and_unlinked_neighbourhood(client_for, alice, net):
    client = client_for(alice)
    assert [loc.name for loc in client.get(url("location_list") + "?trusted=1").context["objects"]] == [
        "Willibrordschool"
    ]
    assert [
        loc.name for loc in client.get(url("location_list") + "?neighbourhood=none").context["objects"]
    ] == ["Bibliotheek Neude"]
    assert [loc.name for loc in client.get(url("location_list") + "?kind=library").context["objects"]] == [
        "Bibliotheek Neude"
    ]


def test_it_sorts_and_paginates_by_25(client_for, alice, utrecht):
    for i in range(30):
        OrganisationFactory(workspace=utrecht, name=f"Org {i:02d}")
    client = client_for(alice)
    response = client.get(url("organisation_list") + "?sort=-name")
    names = [o.name for o in response.context["objects"]]
    assert len(names) == 25
    assert names[0] == "Org 29"
    assert "page=2" in response.context["page_links"]["next"]
    assert len(client.get(url("organisation_list") + "?sort=-name&page=2").context["objects"]) == 5
    assert client.get(url("organisation_list") + "?sort=nonsense&page=x").status_code == 200


def test_it_returns_only_the_results_to_htmx(client_for, alice, net):
    response = client_for(alice).get(url("organisation_list") + "?q=Willi", HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "<html" not in html
    assert 'id="result-count" hx-swap-oob="innerHTML"' in html
    assert "Willibrordschool" in html
    assert "Bibliotheek" not in html


def test_the_full_page_has_the_htmx_form_and_a_live_region(client_for, alice, net):
    html = client_for(alice).get(url("location_list")).content.decode()
    assert 'hx-get="/w/utrecht/network/locations/"' in html
    assert 'hx-push-url="true"' in html
    assert 'aria-live="polite"' in html


def test_it_shows_an_empty_state_with_what_to_do_next(client_for, alice, utrecht):
    html = client_for(alice).get(url("organisation_list")).content.decode()
    assert "op-empty" in html
    assert reverse("network:organisation_create", kwargs={"ws": "utrecht"}) in html


def test_it_filters_partnerships_by_status_and_organisation(client_for, alice, net, utrecht):
    ended = PartnershipFactory(workspace=utrecht, name="Oud convenant", end_date=date(2020, 7, 31))
    ended.organisations.set([net["org"], net["other_org"]])
    client = client_for(alice)
    assert [p.name for p in client.get(url("partnership_list") + "?status=ended").context["objects"]] == [
        "Oud convenant"
    ]
    active = client.get(url("partnership_list") + "?status=active").context["objects"]
    assert [p.name for p in active] == ["Doorgaande lijn Binnenstad"]
    by_org = client.get(url("partnership_list") + f"?organisation={net['other_org'].pk}").context["objects"]
    assert len(by_org) == 2


def test_the_neighbourhood_list_counts_places_per_area_and_district(client_for, alice, net):
    response = client_for(alice).get(url("neighbourhood_list"))
    [row] = response.context["overview"]
    assert row.district.code == "WK034401"
    assert row.location_count == 1
    assert row.trusted_count == 1
    domplein = next(a for a in row.areas if a.code == "BU03440101")
    assert (domplein.location_count, domplein.trusted_count) == (1, 1)
    assert client_for(alice).get(url("neighbourhood_list") + "?district=WK999999").context["overview"] == []


def test_the_neighbourhood_page_shows_year_source_and_who_is_there(client_for, alice, net):
    html = client_for(alice).get(url("neighbourhood_detail", net, "area")).content.decode()
    assert "2024" in html
    assert "CBS" in html
    assert "Willibrordschool" in html
    assert 'id="map-markers"' in html


# --- Map -----------------------------------------------------------------------------------------


def test_the_map_passes_markers_as_json_and_always_lists_the_locations(client_for, alice, net, settings):
    settings.MAP_TILE_URL = ""
    response = client_for(alice).get(url("map"))
    html = response.content.decode()
    assert [m["name"] for m in response.context["map_markers"]] == ["Willibrordschool"]
    assert response.context["map_markers"][0]["trusted"] is True
    assert 'id="map-markers"' in html
    assert "leaflet.js" in html
    assert "Bibliotheek Neude" in html  # listed although it has no coordinates
    assert "http://" not in html.split("<body", 1)[1].replace("http://testserver", "")


def test_the_map_says_so_when_no_location_has_coordinates(client_for, alice, net):
    Location.objects.update(latitude=None, longitude=None)
    response = client_for(alice).get(url("map"))
    html = response.content.decode()
    assert "leaflet.js" not in html
    assert "op-empty" in html
    assert "Willibrordschool" in html


def test_only_map_pages_load_leaflet(client_for, alice, net):
    assert "leaflet" not in client_for(alice).get(url("organisation_list")).content.decode()


# --- Forms: errors shown, nothing lost -----------------------------------------------------------


def test_an_invalid_organisation_shows_errors_and_keeps_the_input(client_for, alice, utrecht):
    response = client_for(alice).post(
        url("organisation_create"),
        {"kind": "school", "name": "De Regenboog", "brin": "XXXXX", "lrk_number": "12"},
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert 'id="error-summary"' in html
    assert 'value="De Regenboog"' in html
    assert 'value="XXXXX"' in html
    assert not Organisation.objects.filter(name="De Regenboog").exists()


def test_a_duplicate_brin_is_an_error_not_a_500(client_for, alice, net):
    response = client_for(alice).post(
        url("organisation_create"), {"kind": "school", "name": "Kopie", "brin": "04IM"}
    )
    assert response.status_code == 400
    assert "error-summary" in response.content.decode()


def test_an_invalid_location_shows_errors_and_keeps_the_input(client_for, alice, net):
    response = client_for(alice).post(
        url("location_create"),
        {
            "organisation": net["org"].pk,
            "name": "Nieuwe plek",
            "postcode": "12345",
            "latitude": "52.1",
            "trusted_purposes": ["reading", "bogus"],
            "staff_languages": ["ar", "tr"],
        },
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert 'value="Nieuwe plek"' in html
    assert 'value="12345"' in html
    assert 'value="ar" ' in html and "checked" in html


def test_a_location_is_created_with_purposes_and_languages(client_for, alice, net):
    response = client_for(alice).post(
        url("location_create"),
        {
            "organisation": net["other_org"].pk,
            "name": "Bibliotheek Overvecht",
            "postcode": "3562ab",
            "neighbourhood": net["area"].pk,
            "latitude": "52.11",
            "longitude": "5.12",
            "is_trusted_place": "on",
            "trusted_purposes": ["reading", "language"],
            "staff_languages": ["ar", "tr"],
        },
    )
    assert response.status_code == 302
    location = Location.objects.get(name="Bibliotheek Overvecht")
    assert location.trusted_purposes == ["reading", "language"]
    assert location.staff_languages == ["ar", "tr"]
    assert location.postcode == "3562 AB"
    assert AuditEvent.objects.filter(action="create", object_type="location").exists()


def test_a_location_cannot_use_another_workspaces_neighbourhood(client_for, alice, net, amersfoort):
    foreign = NeighbourhoodFactory(workspace=amersfoort, code="BU03070101")
    response = client_for(alice).post(
        url("location_create"), {"organisation": net["org"].pk, "name": "X", "neighbourhood": foreign.pk}
    )
    assert response.status_code == 400


def test_a_partnership_needs_two_organisations_and_keeps_the_input(client_for, alice, net):
    response = client_for(alice).post(
        url("partnership_create"),
        {
            "name": "Alleen",
            "kind": "referral",
            "organisations": [net["org"].pk],
            "agreements": "Wij spreken af",
        },
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert 'value="Alleen"' in html
    assert "Wij spreken af" in html


def test_a_partnership_rejects_an_end_before_its_start(client_for, alice, net):
    response = client_for(alice).post(
        url("partnership_create"),
        {
            "name": "Omgekeerd",
            "kind": "referral",
            "organisations": [net["org"].pk, net["other_org"].pk],
            "start_date": "2025-08-01",
            "end_date": "2024-08-01",
        },
    )
    assert response.status_code == 400
    assert 'value="2025-08-01"' in response.content.decode()


def test_a_partnership_cannot_include_another_workspaces_organisation(client_for, alice, net, amersfoort):
    foreign = OrganisationFactory(workspace=amersfoort)
    response = client_for(alice).post(
        url("partnership_create"),
        {"name": "Grensoverschrijdend", "kind": "referral", "organisations": [net["org"].pk, foreign.pk]},
    )
    assert response.status_code == 400


def test_a_partnership_is_created_and_edited(client_for, alice, net):
    client = client_for(alice)
    response = client.post(
        url("partnership_create"),
        {"name": "IKC Noord", "kind": "child_centre", "organisations": [net["org"].pk, net["other_org"].pk]},
    )
    assert response.status_code == 302
    ps = net["org"].partnerships.get(name="IKC Noord")
    response = client.post(
        reverse("network:partnership_update", kwargs={"ws": "utrecht", "pk": ps.pk}),
        {
            "name": "IKC Noord",
            "kind": "child_centre",
            "organisations": [net["org"].pk, net["other_org"].pk],
            "agreements": "Eén team",
        },
    )
    assert response.status_code == 302
    ps.refresh_from_db()
    assert ps.agreements == "Eén team"


def test_invalid_figures_show_errors(client_for, alice, net):
    response = client_for(alice).post(
        url("neighbourhood_update", net, "area"), {"inhabitants": "-5", "year": "2024"}
    )
    assert response.status_code == 400
    assert 'value="-5"' in response.content.decode()


def test_figures_are_saved_and_audited(client_for, alice, net):
    response = client_for(alice).post(
        url("neighbourhood_update", net, "area"),
        {"inhabitants": "2100", "year": "2024", "children_0_14": "310", "source": "CBS 2024"},
    )
    assert response.status_code == 302
    net["area"].refresh_from_db()
    assert net["area"].inhabitants == 2100
    event = AuditEvent.objects.get(action="change", object_type="neighbourhood")
    assert event.changes["inhabitants"] == ["2000", "2100"]


# --- Contacts, archive and restore ---------------------------------------------------------------


def test_contacts_are_added_edited_and_removed(client_for, alice, net):
    client = client_for(alice)
    response = client.post(url("contact_create", net, "org"), {"name": "Ans de Boer", "role": "VE-coach"})
    assert response.status_code == 302
    contact = ContactPerson.objects.get(name="Ans de Boer")
    edit = reverse("network:contact_update", kwargs={"ws": "utrecht", "pk": contact.pk})
    assert client.post(edit, {"name": "Ans de Boer", "role": "IB'er"}).status_code == 302
    contact.refresh_from_db()
    assert contact.role == "IB'er"
    remove = reverse("network:contact_delete", kwargs={"ws": "utrecht", "pk": contact.pk})
    assert client.post(remove).status_code == 302
    assert not ContactPerson.objects.filter(pk=contact.pk).exists()
    assert AuditEvent.objects.filter(action="delete", object_type="contactperson").exists()


def test_an_invalid_contact_shows_errors(client_for, alice, net):
    response = client_for(alice).post(
        url("contact_create", net, "org"), {"name": "Zonder rol", "email": "nope"}
    )
    assert response.status_code == 400
    assert 'value="Zonder rol"' in response.content.decode()


def test_archiving_asks_first_and_can_be_undone(client_for, alice, net):
    client = client_for(alice)
    confirm = client.get(url("organisation_archive", net, "org"))
    assert "<form" in confirm.content.decode()
    net["org"].refresh_from_db()
    assert not net["org"].is_archived
    assert client.post(url("organisation_archive", net, "org")).status_code == 302
    net["org"].refresh_from_db()
    assert net["org"].is_archived
    assert Location.objects.get(pk=net["loc"].pk).is_archived
    assert client.post(url("organisation_restore", net, "org")).status_code == 302
    net["org"].refresh_from_db()
    assert not net["org"].is_archived
    assert not Location.objects.get(pk=net["loc"].pk).is_archived


def test_location_and_partnership_archive_and_restore(client_for, alice, net):
    client = client_for(alice)
    client.post(url("location_archive", net, "loc"))
    client.post(url("partnership_archive", net, "ps"))
    assert Location.objects.get(pk=net["loc"].pk).is_archived
    net["ps"].refresh_from_db()
    assert net["ps"].is_archived
    client.post(url("location_restore", net, "loc"))
    client.post(url("partnership_restore", net, "ps"))
    assert not Location.objects.get(pk=net["loc"].pk).is_archived
    net["ps"].refresh_from_db()
    assert not net["ps"].is_archived


def test_a_location_of_an_archived_organisation_cannot_be_restored_alone(client_for, alice, net):
    client = client_for(alice)
    client.post(url("organisation_archive", net, "org"))
    response = client.post(url("location_restore", net, "loc"), follow=True)
    assert Location.objects.get(pk=net["loc"].pk).is_archived
    assert response.status_code == 200


# --- Exports -------------------------------------------------------------------------------------


def _sheet(response):
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = load_workbook(io.BytesIO(response.content))
    return list(workbook.active.iter_rows(values_only=True))


def _table(rows):
    """The data rows: after the header, up to the empty row that separates any notes."""
    return list(itertools.takewhile(any, rows[1:]))


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("organisation_export", {"Willibrordschool", "Bibliotheek Centrum"}),
        ("location_export", {"Willibrordschool", "Bibliotheek Neude"}),
        ("neighbourhood_export", {"WK034401", "BU03440101", "BU03440102"}),
        ("partnership_export", {"Doorgaande lijn Binnenstad"}),
    ],
)
def test_the_xlsx_export_opens_and_has_the_rows(client_for, alice, net, name, expected):
    rows = _sheet(client_for(alice).get(url(name)))
    assert {row[0] for row in _table(rows)} == expected
    assert AuditEvent.objects.filter(action="export").count() == 1


def test_the_export_follows_the_filters(client_for, alice, net):
    rows = _sheet(client_for(alice).get(url("location_export") + "?trusted=1"))
    assert [row[0] for row in rows[1:]] == ["Willibrordschool"]
    event = AuditEvent.objects.get(action="export")
    assert event.changes == {"rows": 1, "filters": {"trusted": "1"}}


def test_the_export_neutralises_formulas(client_for, alice, utrecht):
    OrganisationFactory(workspace=utrecht, name="=HYPERLINK(1)")
    rows = _sheet(client_for(alice).get(url("organisation_export")))
    assert rows[1][0] == "'=HYPERLINK(1)"
