"""Framework, ambition and endorsement screens: roles, the outsider (404), bad input (400, nothing saved),
query bounds that do not grow with the number of ambitions or partners."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ouderpartner.network.tests.factories import OrganisationFactory
from ouderpartner.policy import services
from ouderpartner.policy.models import Ambition, Endorsement, FrameworkVersion, PolicyFramework

pytestmark = pytest.mark.django_db


def url(name, ws="utrecht", **kwargs):
    return reverse(f"policy:{name}", kwargs={"ws": ws, **kwargs})


@pytest.fixture
def framework(utrecht, alice):
    return services.framework_create(
        workspace=utrecht,
        actor=alice,
        title="Samen met ouders",
        start_year=2026,
        end_year=2030,
        vision="Ouders zijn partners.",
        approaches=["network", "integral"],
        municipal_role="partner",
    )


@pytest.fixture
def ambition(framework, alice):
    return services.ambition_create(framework=framework, actor=alice, title="Alle ouders bereiken", level=1)


def _framework_post(**changes):
    data = {
        "title": "Ouders als partner 2027-2031",
        "start_year": "2027",
        "end_year": "2031",
        "vision": "Samen",
        "approaches": ["network", "continuous_line"],
        "approach_reasons": "Omdat het werkt",
        "municipal_role": "partner",
        "municipal_role_text": "",
        "consultation_intro_nl": "Wat vindt u?",
        "consultation_intro_ar": "ما رأيك؟",
        "consultation_closes_on": "",
    }
    data.update(changes)
    return data


def test_the_overview_without_a_framework_explains_and_offers_to_make_one(client_for, alice, carol):
    page = client_for(alice).get(url("overview"))
    assert page.status_code == 200
    assert url("framework_create") in page.content.decode()
    page = client_for(carol).get(url("overview"))
    assert page.status_code == 200
    assert url("framework_create") not in page.content.decode()


def test_the_overview_shows_the_current_framework_and_endorsement_counts(
    client_for, carol, framework, ambition, school, bob, utrecht
):
    OrganisationFactory(workspace=utrecht, name="Bibliotheek")
    from ouderpartner.core.models import Membership

    services.endorsement_create(ambition=ambition, membership=Membership.objects.get(user=bob), actor=bob)
    page = client_for(carol).get(url("overview"))
    html = page.content.decode()
    assert "Samen met ouders" in html
    assert "Alle ouders bereiken" in html
    assert page.context["ambitions"][0].endorsement_count == 1
    assert page.context["ambitions"][0].partner_count == 2


def test_a_coordinator_creates_a_framework_with_intro_per_language(client_for, alice, utrecht, school):
    response = client_for(alice).post(url("framework_create"), _framework_post(partners=[school.pk]))
    assert response.status_code == 302
    framework = PolicyFramework.objects.get()
    assert framework.approaches == ["network", "continuous_line"]
    assert framework.consultation_intro == {"nl": "Wat vindt u?", "ar": "ما رأيك؟"}
    assert list(framework.partners.all()) == [school]
    assert response["Location"] == url("framework_detail", pk=framework.pk)


def test_bad_input_keeps_what_was_typed(client_for, alice):
    response = client_for(alice).post(url("framework_create"), _framework_post(end_year="2020"))
    assert response.status_code == 400
    assert PolicyFramework.objects.count() == 0
    assert "Ouders als partner 2027-2031" in response.content.decode()
    assert "end_year" in response.context["form"].errors


def test_viewers_and_professionals_cannot_write(client_for, carol, bob, framework, ambition):
    for user in (carol, bob):
        client = client_for(user)
        assert client.get(url("framework_create")).status_code == 403
        assert client.post(url("framework_update", pk=framework.pk), _framework_post()).status_code == 403
        assert (
            client.post(url("framework_status", pk=framework.pk), {"status": "consultation"}).status_code
            == 403
        )
        assert client.post(url("framework_save_version", pk=framework.pk), {"note": "x"}).status_code == 403
        assert (
            client.post(url("ambition_create", pk=framework.pk), {"title": "x", "level": 1}).status_code
            == 403
        )
        assert client.post(url("ambition_delete", pk=ambition.pk)).status_code == 403
        assert client.post(url("ambition_move", pk=ambition.pk), {"direction": "up"}).status_code == 403
    assert Ambition.objects.count() == 1
    framework.refresh_from_db()
    assert framework.status == "draft"


def test_the_outsider_gets_404_everywhere(client_for, dave, framework, ambition, alice):
    version = services.framework_save_version(framework=framework, actor=alice, note="Eerste versie")
    client = client_for(dave)
    for name, pk in [
        ("framework_detail", framework.pk),
        ("framework_update", framework.pk),
        ("version_list", framework.pk),
        ("version_compare", framework.pk),
        ("ambition_detail", ambition.pk),
        ("ambition_update", ambition.pk),
    ]:
        assert client.get(url(name, pk=pk)).status_code == 404, name
        assert client.get(url(name, ws="amersfoort", pk=pk)).status_code == 404, name
    assert client.post(url("endorsement_create", ws="amersfoort", pk=ambition.pk)).status_code == 404
    assert version.number == 1


def test_status_change_asks_for_confirmation_and_saves_a_version(client_for, alice, framework, ambition):
    client = client_for(alice)
    page = client.get(url("framework_status", pk=framework.pk) + "?status=consultation")
    assert page.status_code == 200
    framework.refresh_from_db()
    assert framework.status == "draft"
    response = client.post(url("framework_status", pk=framework.pk), {"status": "consultation", "note": ""})
    assert response.status_code == 302
    framework.refresh_from_db()
    assert (framework.status, framework.version) == ("consultation", 2)
    version = FrameworkVersion.objects.get()
    assert version.number == 1
    assert version.snapshot["ambitions"][0]["title"] == "Alle ouders bereiken"
    # Adopted cannot be reached from draft; an unknown status is refused without a 500.
    response = client.get(url("framework_status", pk=framework.pk) + "?status=nonsense")
    assert response.status_code == 302


def test_compare_shows_text_differences(client_for, alice, carol, framework, ambition):
    services.framework_save_version(framework=framework, actor=alice, note="Eerste versie")
    services.ambition_update(ambition=ambition, actor=alice, title="Alle ouders echt bereiken")
    services.ambition_create(framework=framework, actor=alice, title="Scholen en VE samen", level=2)
    page = client_for(carol).get(url("version_compare", pk=framework.pk))
    assert page.status_code == 200
    html = page.content.decode()
    assert "<ins>" in html and "echt" in html
    assert "Scholen en VE samen" in html
    assert client_for(carol).get(url("version_compare", pk=framework.pk) + "?from=99").status_code == 400


def test_ambition_form_saves_links_and_parent_texts(client_for, alice, framework, utrecht):
    from ouderpartner.network.tests.factories import NeighbourhoodFactory

    district = NeighbourhoodFactory(workspace=utrecht)
    response = client_for(alice).post(
        url("ambition_create", pk=framework.pk),
        {
            "title": "Ouders thuis betrekken",
            "text": "",
            "level": "3",
            "neighbourhoods": [district.pk],
            "parent_title_nl": "Thuis meedoen",
            "parent_title_tr": "Evde katılım",
            "parent_text_nl": "",
        },
    )
    assert response.status_code == 302
    ambition = Ambition.objects.get()
    assert list(ambition.neighbourhoods.all()) == [district]
    assert ambition.parent_title == {"nl": "Thuis meedoen", "tr": "Evde katılım"}


def test_links_from_another_workspace_are_refused(client_for, alice, framework, amersfoort):
    from ouderpartner.network.tests.factories import NeighbourhoodFactory

    elsewhere = NeighbourhoodFactory(workspace=amersfoort)
    response = client_for(alice).post(
        url("ambition_create", pk=framework.pk),
        {"title": "X", "level": "1", "neighbourhoods": [elsewhere.pk]},
    )
    assert response.status_code == 400
    assert Ambition.objects.count() == 0


def test_a_professional_endorses_for_their_own_organisation_only(client_for, bob, carol, ambition, school):
    client = client_for(bob)
    page = client.get(url("ambition_detail", pk=ambition.pk))
    assert page.context["can_endorse"]
    assert client.post(url("endorsement_create", pk=ambition.pk), {"note": "Wij doen mee"}).status_code == 302
    endorsement = Endorsement.objects.get()
    assert (endorsement.organisation, endorsement.endorsed_by, endorsement.note) == (
        school,
        bob,
        "Wij doen mee",
    )
    # A second time is refused with a message, not a second row or a 500.
    assert client.post(url("endorsement_create", pk=ambition.pk)).status_code == 302
    assert Endorsement.objects.count() == 1
    # The viewer cannot endorse or withdraw.
    viewer = client_for(carol)
    assert viewer.post(url("endorsement_create", pk=ambition.pk)).status_code == 403
    assert viewer.post(url("endorsement_withdraw", pk=endorsement.pk)).status_code == 403
    assert Endorsement.objects.count() == 1


def test_another_organisations_endorsement_cannot_be_withdrawn(client_for, alice, bob, ambition, utrecht):
    from ouderpartner.core.models import Membership

    library = OrganisationFactory(workspace=utrecht, name="Bibliotheek")
    coordinator = Membership.objects.get(user=alice)
    coordinator.organisation = library
    coordinator.save()
    theirs = services.endorsement_create(ambition=ambition, membership=coordinator, actor=alice)
    client = client_for(bob)
    assert client.get(url("endorsement_withdraw", pk=theirs.pk)).status_code == 403
    assert client.post(url("endorsement_withdraw", pk=theirs.pk)).status_code == 403
    assert Endorsement.objects.filter(pk=theirs.pk).exists()
    assert client_for(alice).post(url("endorsement_withdraw", pk=theirs.pk)).status_code == 302
    assert not Endorsement.objects.exists()


def test_an_organisation_not_asked_cannot_endorse(client_for, bob, framework, ambition, utrecht):
    framework.partners.set([OrganisationFactory(workspace=utrecht, name="Bibliotheek")])
    client = client_for(bob)
    assert not client.get(url("ambition_detail", pk=ambition.pk)).context["can_endorse"]
    client.post(url("endorsement_create", pk=ambition.pk))
    assert not Endorsement.objects.exists()


def _grow(framework, alice, utrecht, n):
    for i in range(n):
        organisation = OrganisationFactory(workspace=utrecht, name=f"Partner {framework.pk}-{i}")
        ambition = services.ambition_create(
            framework=framework, actor=alice, title=f"Ambitie {i}", level=i % 3 + 1
        )
        Endorsement.objects.create(
            workspace=utrecht, ambition=ambition, organisation=organisation, endorsed_on="2026-11-01"
        )


@pytest.mark.parametrize("name", ["overview", "framework_detail", "framework_list", "version_compare"])
def test_queries_do_not_grow_with_ambitions_and_partners(
    client_for, alice, framework, utrecht, name, django_assert_max_num_queries
):
    client = client_for(alice)
    _grow(framework, alice, utrecht, 2)
    services.framework_save_version(framework=framework, actor=alice, note="v1")
    target = url(name) if name in ("overview", "framework_list") else url(name, pk=framework.pk)
    with django_assert_max_num_queries(30) as small:
        assert client.get(target).status_code == 200
    _grow(framework, alice, utrecht, 12)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(target).status_code == 200


def test_ambition_page_queries_do_not_grow(
    client_for, alice, framework, utrecht, django_assert_max_num_queries
):
    client = client_for(alice)
    _grow(framework, alice, utrecht, 2)
    ambition = Ambition.objects.first()
    with django_assert_max_num_queries(30) as small:
        assert client.get(url("ambition_detail", pk=ambition.pk)).status_code == 200
    _grow(framework, alice, utrecht, 12)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url("ambition_detail", pk=ambition.pk)).status_code == 200


def test_a_coordinator_without_an_organisation_is_told_why_they_cannot_endorse(
    client_for, alice, carol, ambition
):
    page = client_for(alice).get(url("ambition_detail", pk=ambition.pk))
    assert not page.context["can_endorse"]
    assert "not linked to an organisation" in str(page.context["endorse_reason"]) or "niet gekoppeld" in str(
        page.context["endorse_reason"]
    )
    assert client_for(carol).get(url("ambition_detail", pk=ambition.pk)).context["endorse_reason"] == ""


def test_the_framework_page_links_to_the_other_parts_that_exist(
    client_for, alice, carol, framework, ambition
):
    page = client_for(carol).get(url("framework_detail", pk=framework.pk))
    names = [link["name"] for link in page.context["framework_links"]]
    assert "consultation_share" not in names  # for coordinators only
    for name in names:
        assert url(name, pk=framework.pk) in page.content.decode()
    names = [
        link["name"]
        for link in client_for(alice).get(url("framework_detail", pk=framework.pk)).context["framework_links"]
    ]
    assert "consultation_share" in names
    # The ambition page carries the goals and actions of the ambition, and links to what parents said.
    html = client_for(carol).get(url("ambition_detail", pk=ambition.pk)).content.decode()
    assert 'id="goals"' in html
    assert url("consultation_summary", pk=framework.pk) + f"#ambition-{ambition.pk}" in html
