"""'You said, we did': services, staff screens, and the feedback on the parent's thank-you page."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from ouderpartner.core.models import AuditEvent
from ouderpartner.voice import feedback as services
from ouderpartner.voice.models import Feedback, Response
from ouderpartner.voice.tests.factories import DistributionFactory, QuestionnaireFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def clear_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def url(name: str, ws: str = "utrecht", **kwargs) -> str:
    return reverse(f"voice:{name}", kwargs={"ws": ws, **kwargs})


def item(workspace, **extra) -> Feedback:
    data = {"done": {"nl": "Elke woensdag voorlezen"}, "published": True, **extra}
    return Feedback.objects.create(workspace=workspace, **data)


def sent_response(distribution, language: str = "ar") -> Response:
    return Response.objects.create(
        workspace=distribution.workspace,
        questionnaire=distribution.questionnaire,
        distribution=distribution,
        language=language,
        token="f" * 43,
        submitted_at=timezone.now(),
    )


def thanks_url(response: Response) -> str:
    return reverse("parent:done", kwargs={"code": response.distribution.code, "token": response.token})


# Services and validation


def test_it_creates_updates_and_deletes_feedback_with_an_audit_trail(utrecht, alice):
    questionnaire = QuestionnaireFactory(workspace=utrecht)
    created = services.feedback_create(
        workspace=utrecht,
        actor=alice,
        questionnaire=questionnaire,
        said={"nl": "Meer voorlezen"},
        done={"nl": "Voorlezen op woensdag"},
    )
    assert created.published is False
    services.feedback_update(feedback=created, actor=alice, published=True)
    created.refresh_from_db()
    assert created.published is True
    services.feedback_delete(feedback=created, actor=alice)
    assert not Feedback.objects.exists()
    actions = list(AuditEvent.objects.filter(object_type="feedback").values_list("action", flat=True))
    assert sorted(actions) == ["change", "create", "delete"]


def test_it_requires_the_dutch_done_text(utrecht, alice):
    with pytest.raises(ValidationError) as error:
        services.feedback_create(workspace=utrecht, actor=alice, done={"ar": "قرأنا"})
    assert "done" in error.value.message_dict


def test_it_refuses_a_questionnaire_of_another_workspace(utrecht, amersfoort, alice):
    other = QuestionnaireFactory(workspace=amersfoort)
    with pytest.raises(ValidationError) as error:
        services.feedback_create(workspace=utrecht, actor=alice, questionnaire=other, done={"nl": "x"})
    assert "questionnaire" in error.value.message_dict


def test_it_selects_published_items_for_the_questionnaire_or_workspace_newest_first_max_three(
    utrecht, amersfoort, django_assert_num_queries
):
    questionnaire = QuestionnaireFactory(workspace=utrecht)
    other = QuestionnaireFactory(workspace=utrecht)
    wide = [item(utrecht, done={"nl": f"breed {n}"}) for n in range(2)]
    own = item(utrecht, questionnaire=questionnaire, done={"nl": "eigen"})
    item(utrecht, questionnaire=other, done={"nl": "andere"})
    item(utrecht, published=False, done={"nl": "concept"})
    item(amersfoort, done={"nl": "amersfoort"})
    with django_assert_num_queries(1):
        found = services.feedback_for_thank_you(questionnaire=questionnaire)
    assert found == [own, wide[1], wide[0]]
    item(utrecht, done={"nl": "nieuwste"})
    assert len(services.feedback_for_thank_you(questionnaire=questionnaire)) == 3


# Staff screens


def test_it_lets_the_coordinator_add_edit_and_delete_feedback(client_for, alice, utrecht):
    utrecht.parent_languages = ["nl", "ar"]
    utrecht.save()
    client = client_for(alice)
    form = client.get(url("feedback_create"))
    assert form.status_code == 200
    assert 'lang="ar"' in form.content.decode() and 'dir="rtl"' in form.content.decode()
    result = client.post(
        url("feedback_create"),
        {
            "said_nl": "Meer voorlezen",
            "done_nl": "Voorlezen op woensdag",
            "done_ar": "قراءة",
            "published": "on",
        },
    )
    assert result.status_code == 302
    created = Feedback.objects.get()
    assert created.done == {"nl": "Voorlezen op woensdag", "ar": "قراءة"} and created.published
    result = client.post(url("feedback_update", pk=created.pk), {"done_nl": "Voorlezen op vrijdag"})
    assert result.status_code == 302
    created.refresh_from_db()
    assert created.done == {"nl": "Voorlezen op vrijdag"} and not created.published
    assert client.get(url("feedback_delete", pk=created.pk)).status_code == 200
    assert client.post(url("feedback_delete", pk=created.pk)).status_code == 302
    assert not Feedback.objects.exists()


def test_it_explains_a_missing_dutch_text_without_losing_input(client_for, alice):
    result = client_for(alice).post(url("feedback_create"), {"said_nl": "Meer voorlezen"})
    assert result.status_code == 400
    html = result.content.decode()
    assert "Meer voorlezen" in html
    assert not Feedback.objects.exists()


@pytest.mark.parametrize("who", ["carol", "bob"])
def test_it_lets_others_read_but_not_write(request, client_for, utrecht, who):
    existing = item(utrecht)
    client = client_for(request.getfixturevalue(who))
    page = client.get(url("feedback_list"))
    assert page.status_code == 200 and "Elke woensdag voorlezen" in page.content.decode()
    assert client.get(url("feedback_create")).status_code == 403
    assert client.post(url("feedback_create"), {"done_nl": "x"}).status_code == 403
    assert client.post(url("feedback_update", pk=existing.pk), {"done_nl": "x"}).status_code == 403
    assert client.post(url("feedback_delete", pk=existing.pk)).status_code == 403
    assert Feedback.objects.get().done == {"nl": "Elke woensdag voorlezen"}


def test_it_answers_404_to_the_outsider(client_for, dave, utrecht, amersfoort):
    existing = item(utrecht)
    client = client_for(dave)
    assert client.get(url("feedback_list")).status_code == 404
    assert client.get(url("feedback_create")).status_code == 404
    assert client.post(url("feedback_delete", pk=existing.pk)).status_code == 404
    assert client.get(url("feedback_update", ws=amersfoort.slug, pk=existing.pk)).status_code == 404
    assert client.post(url("feedback_delete", ws=amersfoort.slug, pk=existing.pk)).status_code == 404
    assert Feedback.objects.exists()


def test_it_lists_feedback_in_a_bounded_number_of_queries(
    client_for, alice, utrecht, django_assert_max_num_queries
):
    questionnaire = QuestionnaireFactory(workspace=utrecht)
    for n in range(8):
        item(utrecht, questionnaire=questionnaire if n % 2 else None, done={"nl": f"gedaan {n}"})
    client = client_for(alice)
    client.get(url("feedback_list"))
    with django_assert_max_num_queries(10):
        page = client.get(url("feedback_list"))
    assert page.content.decode().count('<tr class="utrecht-table__row">') == 9


# The parent's thank-you page


def test_it_shows_published_feedback_in_arabic_with_dutch_fallback(client, utrecht, school):
    distribution = DistributionFactory(
        questionnaire=QuestionnaireFactory(workspace=utrecht, status="published"),
        location=school.locations.get(),
    )
    item(
        utrecht,
        said={"nl": "Meer voorlezen", "ar": "المزيد من القراءة"},
        done={"nl": "Voorlezen op woensdag"},
    )
    item(utrecht, published=False, done={"nl": "Nog geheim"})
    response = sent_response(distribution, "ar")
    page = client.get(thanks_url(response))
    html = page.content.decode()
    assert page.status_code == 200
    assert "قلتم، ففعلنا" in html
    assert '<p class="p-text" lang="ar" dir="rtl" data-read>المزيد من القراءة</p>' in html
    assert 'lang="nl" dir="ltr" data-read><strong>Voorlezen op woensdag</strong>' in html
    assert "Nog geheim" not in html


def test_it_keeps_the_thank_you_page_queries_bounded(client, utrecht, school, django_assert_max_num_queries):
    distribution = DistributionFactory(
        questionnaire=QuestionnaireFactory(workspace=utrecht, status="published"),
        location=school.locations.get(),
    )
    response = sent_response(distribution, "nl")
    client.get(thanks_url(response))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as without:
        client.get(thanks_url(response))
    for n in range(6):
        item(utrecht, done={"nl": f"gedaan {n}"})
    with django_assert_max_num_queries(len(without.captured_queries) + 1):
        page = client.get(thanks_url(response))
    assert page.content.decode().count("gedaan ") == 3


# Browser checks


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_feedback_list_and_form_are_accessible(page, login, alice, utrecht, axe):
    utrecht.parent_languages = ["nl", "ar", "tr"]
    utrecht.save()
    item(utrecht, said={"nl": "Meer voorlezen"})
    login(alice)
    page.goto(page.base_url + url("feedback_list"))
    assert "Elke woensdag voorlezen" in page.locator("main table").inner_text()
    axe(page, context="feedback list")
    page.goto(page.base_url + url("feedback_create"))
    assert page.locator('textarea[lang="ar"][dir="rtl"]').count() == 2
    axe(page, context="feedback form")
    page.locator("form.op-form button[type=submit]").click()
    assert (
        page.locator("#id_done_nl").get_attribute("aria-invalid") == "true"
        or page.locator(".utrecht-form-field-error-message, .utrecht-alert").count()
    )
    axe(page, context="feedback form with an error")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_thank_you_page_with_feedback_is_accessible(page, utrecht, school, axe):
    distribution = DistributionFactory(
        questionnaire=QuestionnaireFactory(workspace=utrecht, status="published"),
        location=school.locations.get(),
    )
    item(
        utrecht,
        said={"nl": "Meer voorlezen", "ar": "المزيد من القراءة"},
        done={"nl": "Voorlezen op woensdag"},
    )
    response = sent_response(distribution, "ar")
    page.goto(page.base_url + thanks_url(response))
    assert "قلتم، ففعلنا" in page.locator("h2").inner_text()
    axe(page, context="Arabic thank-you page with feedback")


def test_it_adds_one_published_demo_feedback_item_once(utrecht):
    from ouderpartner.core.demo.voice import load_feedback

    assert load_feedback(utrecht) == 1
    assert load_feedback(utrecht) == 0
    demo = Feedback.objects.get(workspace=utrecht)
    assert demo.published and {"nl", "en", "ar", "tr"} <= set(demo.done)


# Themes: an item can be about an accepted theme of parents' answers


def theme(workspace, questionnaire, name: str = "Meer boeken", status: str = "accepted"):
    from ouderpartner.voice.models import Theme

    return Theme.objects.create(workspace=workspace, questionnaire=questionnaire, name=name, status=status)


def test_it_links_an_item_to_an_accepted_theme_of_its_questionnaire(utrecht, amersfoort, alice):
    questionnaire = QuestionnaireFactory(workspace=utrecht)
    books = theme(utrecht, questionnaire)
    created = services.feedback_create(
        workspace=utrecht, actor=alice, questionnaire=questionnaire, theme=books, done={"nl": "Boekenkast"}
    )
    assert created.theme == books
    other = theme(utrecht, QuestionnaireFactory(workspace=utrecht), "Elders")
    suggested = theme(utrecht, questionnaire, "Voorstel", status="suggested")
    foreign_questionnaire = QuestionnaireFactory(workspace=amersfoort)
    foreign = theme(amersfoort, foreign_questionnaire, "Amersfoort")
    for wrong in (other, suggested, foreign):
        with pytest.raises(ValidationError) as error:
            services.feedback_update(feedback=created, actor=alice, theme=wrong)
        assert "theme" in error.value.message_dict
    created.refresh_from_db()
    assert created.theme == books
    change = AuditEvent.objects.filter(object_type="feedback", action="change")
    assert not change.exists()


def test_the_form_offers_accepted_themes_grouped_by_questionnaire(client_for, alice, utrecht):
    first = QuestionnaireFactory(workspace=utrecht, title={"nl": "Voorlezen"})
    second = QuestionnaireFactory(workspace=utrecht, title={"nl": "Ouderavond"})
    books = theme(utrecht, first, "Meer boeken")
    theme(utrecht, second, "Avond te laat")
    theme(utrecht, first, "Nog maar een voorstel", status="suggested")
    client = client_for(alice)
    html = client.get(url("feedback_create")).content.decode()
    assert '<optgroup label="Voorlezen">' in html and '<optgroup label="Ouderavond">' in html
    assert "Meer boeken" in html and "Avond te laat" in html
    assert "Nog maar een voorstel" not in html
    result = client.post(
        url("feedback_create"), {"theme": str(books.pk), "done_nl": "Boekenkast", "published": "on"}
    )
    assert result.status_code == 302
    created = Feedback.objects.get()
    assert created.theme == books and created.questionnaire is None
    listing = client.get(url("feedback_list")).content.decode()
    assert "Thema: Meer boeken" in listing


def test_the_form_refuses_a_theme_of_another_questionnaire_without_saving(client_for, alice, utrecht):
    first = QuestionnaireFactory(workspace=utrecht)
    other = theme(utrecht, QuestionnaireFactory(workspace=utrecht), "Elders")
    theme(utrecht, first)
    client = client_for(alice)
    data = {"questionnaire": str(first.pk), "theme": str(other.pk), "done_nl": "Boekenkast"}
    result = client.post(url("feedback_create"), data)
    assert result.status_code == 400
    assert "Kies een thema van deze vragenlijst, of geen vragenlijst." in result.content.decode()
    result = client.post(url("feedback_create"), {"theme": "999999", "done_nl": "Boekenkast"})
    assert result.status_code == 400
    assert not Feedback.objects.exists()


def test_an_item_about_a_theme_shows_on_the_thank_you_page_in_the_parents_language(client, utrecht, school):
    questionnaire = QuestionnaireFactory(workspace=utrecht, status="published")
    distribution = DistributionFactory(questionnaire=questionnaire, location=school.locations.get())
    item(
        utrecht,
        questionnaire=questionnaire,
        theme=theme(utrecht, questionnaire),
        said={"nl": "Te weinig boeken", "ar": "كتب قليلة جدا"},
        done={"nl": "Een boekenkast", "ar": "خزانة كتب"},
    )
    html = client.get(thanks_url(sent_response(distribution, "ar"))).content.decode()
    assert '<p class="p-text" lang="ar" dir="rtl" data-read>كتب قليلة جدا</p>' in html
    assert '<p class="p-text" lang="ar" dir="rtl" data-read><strong>خزانة كتب</strong></p>' in html
    assert "Meer boeken" not in html  # the theme's name is staff language, not shown to parents
