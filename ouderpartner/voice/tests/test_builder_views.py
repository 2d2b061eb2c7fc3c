"""The questionnaire builder's screens: access, bounded queries, bad input and template copies."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ouderpartner.core.models import AuditEvent
from ouderpartner.voice.models import Option, Question, Questionnaire

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 100
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


def url(name: str, ws: str = "utrecht", **kwargs) -> str:
    return reverse(f"voice:{name}", kwargs={"ws": ws, **kwargs})


def make_questionnaire(workspace, *, questions: int = 0, options: int = 0, **extra) -> Questionnaire:
    questionnaire = Questionnaire.objects.create(
        workspace=workspace,
        title={"nl": "Voorlezen thuis", "ar": "القراءة في البيت"},
        intro={"nl": "Fijn dat u meedoet."},
        languages=["nl", "ar", "tr"],
        **extra,
    )
    for index in range(1, questions + 1):
        question = Question.objects.create(
            questionnaire=questionnaire,
            position=index,
            name=f"q{index}",
            kind=Question.Kind.PICTOGRAM,
            text={"nl": f"Vraag {index}?"},
            hint={"nl": "Kies er één."},
        )
        for value in range(options):
            Option.objects.create(
                question=question,
                position=value,
                value=f"v{value}",
                label={"nl": f"Antwoord {value}"},
                pictogram="1F4DA",
            )
    return questionnaire


def question_data(**changes) -> dict:
    data = {
        "name": "reading",
        "kind": "single_choice",
        "text_nl": "Leest u voor?",
        "text_ar": "",
        "text_tr": "",
        "hint_nl": "",
        "required": "on",
        "scale_min": "1",
        "scale_max": "5",
        "show_if_question": "",
        "show_if_value": "",
    }
    data.update(changes)
    return data


@pytest.fixture
def questionnaire(utrecht):
    return make_questionnaire(utrecht, questions=2, options=2)


# --- Access -------------------------------------------------------------------------------------------


def test_it_lists_the_questionnaires_to_every_member(client_for, alice, carol, bob, questionnaire):
    for user in (alice, bob, carol):
        response = client_for(user).get(url("questionnaire_list"))
        assert response.status_code == 200
        assert "Voorlezen thuis" in response.content.decode()


def test_it_shows_the_detail_with_questions_options_and_pictograms(client_for, carol, questionnaire):
    response = client_for(carol).get(url("questionnaire_detail", pk=questionnaire.pk))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Vraag 1?" in body and "Antwoord 1" in body
    assert "vendor/openmoji/1F4DA.svg" in body
    assert "العربية" in body
    assert (
        url("question_update", pk=questionnaire.questions.first().pk) not in body
    )  # no edit links for readers


@pytest.mark.parametrize("name", ["questionnaire_list", "questionnaire_create"])
def test_it_answers_404_to_an_outsider_on_list_pages(client_for, dave, questionnaire, name):
    assert client_for(dave).get(url(name)).status_code == 404


OBJECT_VIEWS = [
    ("questionnaire_detail", "questionnaire"),
    ("questionnaire_update", "questionnaire"),
    ("questionnaire_publish", "questionnaire"),
    ("questionnaire_archive", "questionnaire"),
    ("questionnaire_restore", "questionnaire"),
    ("questionnaire_translations", "questionnaire"),
    ("question_create", "questionnaire"),
    ("question_update", "question"),
    ("question_delete", "question"),
    ("question_move", "question"),
    ("option_create", "question"),
    ("option_update", "option"),
    ("option_delete", "option"),
    ("option_move", "option"),
]


def _pk(questionnaire: Questionnaire, kind: str) -> int:
    question = questionnaire.questions.first()
    return {
        "questionnaire": questionnaire.pk,
        "question": question.pk,
        "option": question.options.first().pk,
    }[kind]


@pytest.mark.parametrize(("name", "kind"), OBJECT_VIEWS)
def test_it_answers_404_to_an_outsider_on_object_pages(client_for, dave, questionnaire, name, kind):
    client = client_for(dave)
    pk = _pk(questionnaire, kind)
    for ws in ("utrecht", "amersfoort"):
        assert client.get(url(name, ws=ws, pk=pk)).status_code in (404, 405)
        assert client.post(url(name, ws=ws, pk=pk)).status_code == 404


@pytest.mark.parametrize(
    ("name", "kind"), [v for v in OBJECT_VIEWS if not v[0].endswith(("detail", "translations"))]
)
def test_it_forbids_writes_to_professionals_and_viewers(client_for, bob, carol, questionnaire, name, kind):
    pk = _pk(questionnaire, kind)
    for user in (bob, carol):
        assert client_for(user).post(url(name, pk=pk)).status_code == 403
    assert client_for(carol).post(url("questionnaire_create"), {"template": "needs"}).status_code == 403
    assert not Questionnaire.objects.filter(template_key="needs").exists()


def test_readers_may_see_the_missing_translations(client_for, carol, questionnaire):
    response = client_for(carol).get(url("questionnaire_translations", pk=questionnaire.pk))
    assert response.status_code == 200


# --- Bounded queries ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["questionnaire_detail", "questionnaire_translations", "questionnaire_update"]
)
def test_its_query_count_does_not_grow_with_questions(
    client_for, alice, utrecht, name, django_assert_max_num_queries
):
    client = client_for(alice)
    small = make_questionnaire(utrecht, questions=3, options=3)
    large = make_questionnaire(utrecht, questions=12, options=12)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        assert client.get(url(name, pk=small.pk)).status_code == 200
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url(name, pk=large.pk)).status_code == 200
    assert len(few.captured_queries) <= 14


def test_the_list_query_count_is_bounded(client_for, alice, utrecht, django_assert_max_num_queries):
    for _index in range(12):
        make_questionnaire(utrecht, questions=2, options=2)
    client = client_for(alice)
    with django_assert_max_num_queries(12):
        assert client.get(url("questionnaire_list")).status_code == 200


@pytest.mark.parametrize("name", ["question_update", "option_create"])
def test_question_forms_are_bounded(client_for, alice, utrecht, name, django_assert_max_num_queries):
    questionnaire = make_questionnaire(utrecht, questions=12, options=12)
    question = questionnaire.questions.last()
    client = client_for(alice)
    with django_assert_max_num_queries(14):
        assert client.get(url(name, pk=question.pk)).status_code == 200


# --- List filters -------------------------------------------------------------------------------------


def test_it_filters_by_status_and_search(client_for, alice, utrecht):
    make_questionnaire(utrecht)
    archived = make_questionnaire(utrecht, status=Questionnaire.Status.ARCHIVED)
    archived.title = {"nl": "Oude lijst"}
    archived.save()
    client = client_for(alice)
    assert "Oude lijst" not in client.get(url("questionnaire_list")).content.decode()
    assert "Oude lijst" in client.get(url("questionnaire_list") + "?status=archived").content.decode()
    body = client.get(url("questionnaire_list") + "?q=voorlezen").content.decode()
    assert "Voorlezen thuis" in body
    assert "Nothing" not in body
    empty = client.get(url("questionnaire_list") + "?q=zzzz")
    assert empty.status_code == 200 and "op-empty" in empty.content.decode()


def test_it_shows_an_empty_state(client_for, alice, utrecht):
    response = client_for(alice).get(url("questionnaire_list"))
    assert "op-empty" in response.content.decode()
    assert url("questionnaire_create") in response.content.decode()


# --- Questionnaires -----------------------------------------------------------------------------------


def test_it_creates_a_questionnaire_from_scratch(client_for, alice, utrecht):
    response = client_for(alice).post(
        url("questionnaire_create"),
        {
            "title_nl": "Wat vindt u van school?",
            "intro_nl": "",
            "thank_you_nl": "",
            "languages": ["nl", "ar"],
        },
    )
    questionnaire = Questionnaire.objects.get()
    assert response.status_code == 302
    assert questionnaire.title == {"nl": "Wat vindt u van school?"}
    assert questionnaire.languages == ["nl", "ar"]
    assert questionnaire.status == Questionnaire.Status.DRAFT
    assert AuditEvent.objects.filter(object_type="questionnaire", action="create").exists()


def test_it_refuses_an_empty_dutch_title(client_for, alice, utrecht):
    response = client_for(alice).post(
        url("questionnaire_create"),
        {"title_nl": "  ", "intro_nl": "Mijn intro blijft staan", "languages": ["nl"]},
    )
    assert response.status_code == 400
    assert "Mijn intro blijft staan" in response.content.decode()
    assert "error-summary" in response.content.decode()
    assert not Questionnaire.objects.exists()


def test_it_refuses_a_language_outside_the_workspace(client_for, alice, utrecht):
    response = client_for(alice).post(url("questionnaire_create"), {"title_nl": "Titel", "languages": ["so"]})
    assert response.status_code == 400
    assert not Questionnaire.objects.exists()


@pytest.mark.parametrize("key", ["needs", "questions", "successes", "strengths", "involvement"])
def test_it_copies_a_template_with_its_questions(client_for, alice, utrecht, key):
    from ouderpartner.voice.templates_catalogue import get_template

    response = client_for(alice).post(url("questionnaire_create"), {"template": key})
    questionnaire = Questionnaire.objects.get(template_key=key)
    assert response.status_code == 302
    template = get_template(key)
    questions = list(questionnaire.questions.order_by("position"))
    assert [q.name for q in questions] == [q["name"] for q in template["questions"]]
    assert questionnaire.languages == ["nl", "ar", "tr"]
    assert all(q.text["nl"] and q.text["en"] for q in questions)
    for question, data in zip(questions, template["questions"], strict=True):
        assert question.options.count() == len(data["options"])
    assert questionnaire.workspace == utrecht


def test_the_template_copy_keeps_conditions(client_for, alice, utrecht):
    client_for(alice).post(url("questionnaire_create"), {"template": "questions"})
    topic = Question.objects.get(name="topic")
    assert topic.show_if_question.name == "has_question"
    assert topic.show_if_value == "yes"


def test_it_refuses_an_unknown_template(client_for, alice, utrecht):
    response = client_for(alice).post(url("questionnaire_create"), {"template": "nope"}, follow=True)
    assert response.status_code == 200
    assert not Questionnaire.objects.exists()


def test_it_edits_the_texts_per_language_with_rtl_inputs(client_for, alice, questionnaire):
    client = client_for(alice)
    page = client.get(url("questionnaire_update", pk=questionnaire.pk)).content.decode()
    assert 'name="title_ar"' in page and 'dir="rtl"' in page and 'lang="ar"' in page
    response = client.post(
        url("questionnaire_update", pk=questionnaire.pk),
        {
            "title_nl": "Voorlezen",
            "title_ar": "القراءة",
            "title_tr": "Okuma",
            "intro_nl": "Intro",
            "thank_you_nl": "Dank u",
            "thank_you_tr": "Teşekkürler",
            "languages": ["nl", "ar", "tr"],
        },
    )
    assert response.status_code == 302
    questionnaire.refresh_from_db()
    assert questionnaire.title == {"nl": "Voorlezen", "ar": "القراءة", "tr": "Okuma"}
    assert questionnaire.thank_you == {"nl": "Dank u", "tr": "Teşekkürler"}


def test_it_publishes_archives_and_restores(client_for, alice, questionnaire):
    client = client_for(alice)
    assert client.get(url("questionnaire_publish", pk=questionnaire.pk)).status_code == 200
    client.post(url("questionnaire_publish", pk=questionnaire.pk))
    questionnaire.refresh_from_db()
    assert questionnaire.status == "published"
    client.post(url("questionnaire_archive", pk=questionnaire.pk))
    questionnaire.refresh_from_db()
    assert questionnaire.status == "archived"
    client.post(url("questionnaire_restore", pk=questionnaire.pk))
    questionnaire.refresh_from_db()
    assert questionnaire.status == "draft"
    assert AuditEvent.objects.filter(object_type="questionnaire", action="archive").exists()


def test_it_does_not_publish_a_questionnaire_without_questions(client_for, alice, utrecht):
    questionnaire = make_questionnaire(utrecht)
    response = client_for(alice).post(url("questionnaire_publish", pk=questionnaire.pk), follow=True)
    questionnaire.refresh_from_db()
    assert questionnaire.status == "draft"
    assert "Add at least one question" in response.content.decode() or "minstens" in response.content.decode()


# --- Questions ----------------------------------------------------------------------------------------


def test_it_adds_a_question_at_the_end(client_for, alice, questionnaire):
    response = client_for(alice).post(
        url("question_create", pk=questionnaire.pk), question_data(text_ar="هل تقرأ؟")
    )
    question = Question.objects.get(name="reading")
    assert response.status_code == 302
    assert question.position == 3
    assert question.text == {"nl": "Leest u voor?", "ar": "هل تقرأ؟"}
    assert response["Location"] == url("option_create", pk=question.pk)


def test_it_adds_a_question_with_a_condition_on_an_earlier_one(client_for, alice, questionnaire):
    first = questionnaire.questions.get(name="q1")
    response = client_for(alice).post(
        url("question_create", pk=questionnaire.pk),
        question_data(kind="long_text", show_if_question=str(first.pk), show_if_value="v1"),
    )
    assert response.status_code == 302
    assert Question.objects.get(name="reading").show_if_question == first


def test_it_refuses_a_condition_on_a_later_question(client_for, alice, questionnaire):
    first, second = questionnaire.questions.order_by("position")
    response = client_for(alice).post(
        url("question_update", pk=first.pk),
        question_data(name="q1", text_nl="Nieuwe tekst", show_if_question=str(second.pk), show_if_value="v1"),
    )
    assert response.status_code == 400
    assert "earlier" in response.content.decode() or "eerder" in response.content.decode()
    assert "Nieuwe tekst" in response.content.decode()
    first.refresh_from_db()
    assert first.text == {"nl": "Vraag 1?"}


def test_it_refuses_a_condition_value_the_question_cannot_have(client_for, alice, questionnaire):
    first = questionnaire.questions.get(name="q1")
    response = client_for(alice).post(
        url("question_create", pk=questionnaire.pk),
        question_data(show_if_question=str(first.pk), show_if_value="maybe"),
    )
    assert response.status_code == 400
    assert not Question.objects.filter(name="reading").exists()


def test_it_refuses_a_scale_that_ends_before_it_starts(client_for, alice, questionnaire):
    response = client_for(alice).post(
        url("question_create", pk=questionnaire.pk), question_data(kind="scale", scale_min="3", scale_max="3")
    )
    assert response.status_code == 400
    assert "Leest u voor?" in response.content.decode()
    assert not Question.objects.filter(name="reading").exists()


def test_it_refuses_an_empty_dutch_question_and_a_duplicate_name(client_for, alice, questionnaire):
    client = client_for(alice)
    assert (
        client.post(url("question_create", pk=questionnaire.pk), question_data(text_nl="")).status_code == 400
    )
    assert (
        client.post(url("question_create", pk=questionnaire.pk), question_data(name="q1")).status_code == 400
    )
    assert questionnaire.questions.count() == 2


def test_it_moves_questions_up_and_down(client_for, alice, questionnaire):
    client = client_for(alice)
    second = questionnaire.questions.get(name="q2")
    client.post(url("question_move", pk=second.pk), {"direction": "up"})
    assert list(questionnaire.questions.order_by("position").values_list("name", flat=True)) == ["q2", "q1"]
    client.post(url("question_move", pk=second.pk), {"direction": "down"})
    assert list(questionnaire.questions.order_by("position").values_list("name", flat=True)) == ["q1", "q2"]


def test_a_question_does_not_move_above_the_one_it_depends_on(client_for, alice, questionnaire):
    first, second = questionnaire.questions.order_by("position")
    second.show_if_question, second.show_if_value = first, "v1"
    second.save()
    client_for(alice).post(url("question_move", pk=second.pk), {"direction": "up"})
    assert list(questionnaire.questions.order_by("position").values_list("name", flat=True)) == ["q1", "q2"]


def test_it_deletes_a_question_after_confirmation(client_for, alice, questionnaire):
    question = questionnaire.questions.first()
    client = client_for(alice)
    assert client.get(url("question_delete", pk=question.pk)).status_code == 200
    client.post(url("question_delete", pk=question.pk))
    assert not Question.objects.filter(pk=question.pk).exists()
    assert AuditEvent.objects.filter(object_type="question", action="delete").exists()


# --- Options ------------------------------------------------------------------------------------------


def option_data(**changes) -> dict:
    data = {"label_nl": "Vaak", "label_ar": "غالبا", "label_tr": "", "value": "often", "pictogram": "1F4DA"}
    data.update(changes)
    return data


def test_it_adds_an_option_with_a_pictogram(client_for, alice, questionnaire):
    question = questionnaire.questions.first()
    response = client_for(alice).post(url("option_create", pk=question.pk), option_data())
    assert response.status_code == 302
    option = question.options.get(value="often")
    assert option.pictogram == "1F4DA"
    assert option.label == {"nl": "Vaak", "ar": "غالبا"}


def test_the_picker_lists_the_curated_pictograms_without_javascript(client_for, alice, questionnaire):
    body = client_for(alice).get(url("option_create", pk=questionnaire.questions.first().pk)).content.decode()
    assert 'type="radio" name="pictogram" value="1F4DA"' in body
    assert "vendor/openmoji/1F4DA.svg" in body
    assert "CC BY-SA 4.0" in body


def test_it_refuses_a_duplicate_option_value(client_for, alice, questionnaire):
    question = questionnaire.questions.first()
    response = client_for(alice).post(url("option_create", pk=question.pk), option_data(value="v1"))
    assert response.status_code == 400
    assert "Vaak" in response.content.decode()
    assert question.options.count() == 2


def test_it_refuses_a_pictogram_outside_the_list(client_for, alice, questionnaire):
    question = questionnaire.questions.first()
    response = client_for(alice).post(url("option_create", pk=question.pk), option_data(pictogram="1F4A9"))
    assert response.status_code == 400


def test_it_accepts_a_small_png(client_for, alice, questionnaire, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    question = questionnaire.questions.first()
    image = SimpleUploadedFile("boek.png", PNG, content_type="image/png")
    response = client_for(alice).post(
        url("option_create", pk=question.pk), option_data(pictogram="", image=image)
    )
    assert response.status_code == 302
    assert question.options.get(value="often").image.name.endswith(".png")


@pytest.mark.parametrize(
    "upload",
    [
        SimpleUploadedFile("plaatje.svg", SVG, content_type="image/svg+xml"),
        SimpleUploadedFile("vermomd.png", SVG, content_type="image/png"),
        SimpleUploadedFile("groot.png", PNG + b"\x00" * 300 * 1024, content_type="image/png"),
    ],
)
def test_it_refuses_an_svg_or_oversized_image(client_for, alice, questionnaire, settings, tmp_path, upload):
    settings.MEDIA_ROOT = tmp_path
    upload.seek(0)
    question = questionnaire.questions.first()
    response = client_for(alice).post(url("option_create", pk=question.pk), option_data(image=upload))
    assert response.status_code == 400
    assert "Vaak" in response.content.decode()
    assert not question.options.filter(value="often").exists()


def test_it_edits_moves_and_deletes_an_option(client_for, alice, questionnaire):
    client = client_for(alice)
    question = questionnaire.questions.first()
    first, second = question.options.order_by("position")
    response = client.post(url("option_update", pk=first.pk), option_data(value="v0", label_nl="Nooit"))
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.label["nl"] == "Nooit"
    client.post(url("option_move", pk=second.pk), {"direction": "up"})
    assert list(question.options.order_by("position").values_list("value", flat=True)) == ["v1", "v0"]
    client.post(url("option_delete", pk=first.pk))
    assert list(question.options.values_list("value", flat=True)) == ["v1"]


def test_an_open_question_takes_no_options(client_for, alice, questionnaire):
    question = Question.objects.create(
        questionnaire=questionnaire, position=9, name="open", kind="long_text", text={"nl": "Wat?"}
    )
    response = client_for(alice).post(url("option_create", pk=question.pk), option_data())
    assert response.status_code == 400
    assert not question.options.exists()


# --- Missing translations -----------------------------------------------------------------------------


def test_it_lists_missing_translations_per_language_with_links(client_for, alice, questionnaire):
    response = client_for(alice).get(url("questionnaire_translations", pk=questionnaire.pk))
    rows = {row["language"].code: row["missing"] for row in response.context["rows"]}
    assert rows["nl"] == []
    ar = [item.label for item in rows["ar"]]
    assert not any("Title" in label or "Titel" in label for label in ar)  # the Arabic title exists
    tr = rows["tr"]
    question = questionnaire.questions.get(name="q1")
    option = question.options.first()
    urls = {item.url for item in tr}
    assert url("questionnaire_update", pk=questionnaire.pk) in urls
    assert url("question_update", pk=question.pk) in urls
    assert url("option_update", pk=option.pk) in urls
    # title + intro, 2 questions with hints, 2 options each
    assert len(tr) == 2 + 2 * 2 + 2 * 2


def test_the_navigation_has_the_parent_voice_in_dutch(client_for, carol, utrecht):
    body = client_for(carol).get(url("questionnaire_list")).content.decode()
    assert "Ouderstem" in body
    assert 'aria-current="page"' in body
