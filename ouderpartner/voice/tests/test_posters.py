"""Printable posters of a distribution: what they say in which language, one page A4 or A5, access, no network."""

from __future__ import annotations

import datetime as dt
import io
import sys

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from ouderpartner.core.models import AuditEvent
from ouderpartner.voice import posters
from ouderpartner.voice.models import Question
from ouderpartner.voice.parent_texts import PARENT_TEXTS
from ouderpartner.voice.tests.factories import (
    DistributionFactory,
    OptionFactory,
    QuestionFactory,
    QuestionnaireFactory,
    questionnaire_with_questions,
)

pytestmark = pytest.mark.django_db

# CSS pixels per page (96 per inch): A4 is 210 × 297 mm, A5 148 × 210 mm.
A4_PX = (210 / 25.4 * 96, 297 / 25.4 * 96)
A5_PX = (148 / 25.4 * 96, 210 / 25.4 * 96)
ALL_EIGHT = ["nl", "en", "ar", "tr", "pl", "uk", "ti", "so"]


def url(name: str = "distribution_poster", ws: str = "utrecht", pk: int = 0) -> str:
    return reverse(f"voice:{name}", kwargs={"ws": ws, "pk": pk})


@pytest.fixture
def place(school):
    location = school.locations.get()
    location.is_trusted_place = True
    location.name = "Bibliotheek Kanaleneiland"
    location.save()
    return location


@pytest.fixture
def distribution(utrecht, place):
    questionnaire = questionnaire_with_questions(
        utrecht, title={"nl": "Voorlezen thuis", "en": "Reading at home", "ar": "القراءة في البيت"}
    )
    return DistributionFactory(questionnaire=questionnaire, location=place)


def eight_languages(utrecht, place, *, languages=ALL_EIGHT, question_words: int = 8):
    """A questionnaire in many languages whose first question has four pictured options."""
    title = {code: f"Voorlezen thuis {code}" for code in languages} | {"ar": "القراءة في البيت"}
    text = {code: " ".join([f"vraag-{code}"] * question_words) + "?" for code in languages}
    text |= {"ar": "كم مرة تقرأ لطفلك في الأسبوع؟", "ti": "ንቖልዓኹም ክንደይ ግዜ ተንብቡሉ?"}
    questionnaire = QuestionnaireFactory(workspace=utrecht, title=title, languages=languages)
    question = QuestionFactory(questionnaire=questionnaire, position=1, text=text)
    for position, (value, pictogram) in enumerate(
        [("daily", "1F4DA"), ("weekly", "1F4D6"), ("sometimes", "1F914"), ("never", "274C")]
    ):
        OptionFactory(
            question=question,
            value=value,
            position=position,
            pictogram=pictogram,
            label={code: f"{value} {code}" for code in languages},
        )
    return DistributionFactory(questionnaire=questionnaire, location=place)


def html_of(distribution, size: str = "a4") -> str:
    return posters.poster_html(distribution, size=size, question=posters.poster_question(distribution))


# --- what the poster says ----------------------------------------------------------------------


def test_it_writes_title_invitation_and_first_question_in_each_language(distribution, settings):
    settings.SITE_URL = "https://ouderpartner.example"
    html = html_of(distribution)
    assert f"ouderpartner.example/q/<wbr><strong>{distribution.code}</strong>" in html
    assert "Bibliotheek Kanaleneiland" in html
    for code, title, question in [
        ("nl", "Voorlezen thuis", "Leest u voor?"),
        ("en", "Reading at home", "Do you read aloud?"),
        ("ar", "القراءة في البيت", "هل تقرأ بصوت عال؟"),
    ]:
        block = html.split(f'<section class="language" lang="{code}"')[1].split("</section>")[0]
        assert title in block and question in block
        assert PARENT_TEXTS[code]["poster_invitation"] in block
    arabic = html.split('<section class="language" lang="ar"')[1].split(">")[0]
    assert 'dir="rtl"' in arabic
    assert 'lang="nl" dir="ltr"' in html


def test_it_shows_the_first_questions_pictograms_and_labels_per_language(distribution):
    html = html_of(distribution)
    arabic = html.split('<section class="language" lang="ar"')[1].split("</section>")[0]
    assert "op-static:vendor/openmoji/1F4DA.svg" in arabic
    assert "غالبا" in arabic and "أبدا" in arabic and "Often" not in arabic
    assert "Waarom niet?" not in html  # only the first question


def test_it_credits_openmoji_and_shows_the_dates(distribution):
    distribution.opens_at = timezone.make_aware(dt.datetime(2026, 3, 1))
    distribution.closes_at = timezone.make_aware(dt.datetime(2026, 4, 1))
    html = html_of(distribution)
    assert "01-03-2026 – 31-03-2026" in html
    assert "OpenMoji" in html and "CC BY-SA 4.0" in html


def test_it_does_not_repeat_dutch_where_a_language_has_no_text_of_its_own(utrecht, place):
    questionnaire = QuestionnaireFactory(
        workspace=utrecht, title={"nl": "Vragenlijst"}, languages=["nl", "fa"]
    )
    QuestionFactory(questionnaire=questionnaire, text={"nl": "Leest u voor?"})
    html = html_of(DistributionFactory(questionnaire=questionnaire, location=place))
    persian = html.split('<section class="language" lang="fa" dir="rtl">')[1].split("</section>")[0]
    assert "Vragenlijst" not in persian and "Leest u voor?" not in persian
    # No poster line in Persian yet: the English one, marked as English.
    assert f'lang="en" dir="ltr">{PARENT_TEXTS["en"]["poster_invitation"]}' in persian


@pytest.mark.parametrize(
    ("kind", "pictures"),
    [
        (Question.Kind.YES_NO, ["1F44D", "1F44E"]),
        (Question.Kind.SCALE, ["2639", "1F641", "1F610", "1F642", "1F600"]),
        (Question.Kind.LONG_TEXT, []),
    ],
)
def test_it_pictures_yes_no_and_scales_like_the_parent_pages(utrecht, place, kind, pictures):
    questionnaire = QuestionnaireFactory(workspace=utrecht)
    QuestionFactory(questionnaire=questionnaire, kind=kind)
    html = html_of(DistributionFactory(questionnaire=questionnaire, location=place))
    dutch = html.split('<section class="language" lang="nl" dir="ltr">')[1].split("</section>")[0]
    assert [part.split(".svg")[0] for part in dutch.split("vendor/openmoji/")[1:]] == pictures
    if kind == Question.Kind.YES_NO:
        assert "Ja" in dutch and "Nee" in dutch


def test_every_parent_language_with_fixed_texts_has_a_poster_line():
    for code, texts in PARENT_TEXTS.items():
        assert texts.get("poster_invitation"), code


# --- the PDF -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("size", "expected"), [("a4", A4_PX), ("a5", A5_PX)])
def test_it_fits_eight_languages_on_one_page(utrecht, place, size, expected):
    document = posters.poster_document(eight_languages(utrecht, place), size=size)
    assert len(document.pages) == 1
    assert document.pages[0].width == pytest.approx(expected[0], abs=0.5)
    assert document.pages[0].height == pytest.approx(expected[1], abs=0.5)


def test_it_sets_many_languages_and_long_questions_densely_to_keep_one_page(utrecht, place):
    many = [*ALL_EIGHT, "fa", "ku", "es", "fr", "de", "pt"]
    distribution = eight_languages(utrecht, place, languages=many, question_words=14)
    roomy = posters.poster_html(distribution, size="a4", question=posters.poster_question(distribution))
    import weasyprint

    fetcher = posters._url_fetcher(weasyprint)
    assert len(weasyprint.HTML(string=roomy, url_fetcher=fetcher).render().pages) > 1
    assert len(posters.poster_document(distribution, size="a4").pages) == 1


def test_it_renders_arabic_and_tigrinya_with_fonts_that_have_their_letters(utrecht, place):
    document = posters.poster_document(eight_languages(utrecht, place), size="a4")
    document.write_pdf()
    families = {font.family for font in document.fonts.values()}
    assert "Noto Sans Ethiopic" in families, f"Install fonts-noto-core (make check-pango); used: {families}"
    assert families & {"Noto Sans Arabic", "DejaVu Sans"}, families


def test_it_prints_an_uploaded_option_image(utrecht, place, settings, tmp_path):
    from PIL import Image

    settings.MEDIA_ROOT = tmp_path
    buffer = io.BytesIO()
    Image.new("RGB", (40, 40), (200, 30, 30)).save(buffer, format="PNG")
    questionnaire = QuestionnaireFactory(workspace=utrecht)
    option = OptionFactory(question=QuestionFactory(questionnaire=questionnaire), pictogram="1F4DA")
    option.image.save("red.png", ContentFile(buffer.getvalue()))
    distribution = DistributionFactory(questionnaire=questionnaire, location=place)
    html = html_of(distribution)
    assert f"op-media:{option.image.name}" in html and "1F4DA" not in html
    data, mime_type = posters.poster_resource(f"op-media:{option.image.name}")
    assert data == buffer.getvalue() and mime_type == "image/png"
    document = posters.poster_document(distribution)
    assert document.write_pdf().startswith(b"%PDF")


def test_it_fetches_nothing_from_the_network():
    for address in ("https://example.org/logo.png", "http://127.0.0.1/x.svg", "file:///etc/passwd"):
        with pytest.raises(ValueError):
            posters.poster_resource(address)
    data, mime_type = posters.poster_resource("op-static:vendor/openmoji/1F4DA.svg")
    assert data.lstrip().startswith(b"<svg") and mime_type == "image/svg+xml"


@pytest.mark.parametrize(
    ("given", "size"), [("a5", "a5"), ("A5", "a5"), ("a4", "a4"), ("letter", "a4"), (None, "a4")]
)
def test_an_unknown_size_means_a4(given, size):
    assert posters.poster_size(given) == size


# --- the view ----------------------------------------------------------------------------------


def test_it_downloads_the_poster_as_pdf_for_every_member(client_for, alice, bob, carol, distribution):
    for user in (alice, bob, carol):
        result = client_for(user).get(url(pk=distribution.pk), {"size": "a5"})
        assert result.status_code == 200 and result["Content-Type"] == "application/pdf"
        assert result.content.startswith(b"%PDF")
        assert f"poster-{distribution.code}-a5.pdf" in result["Content-Disposition"]


def test_a_bad_size_gives_an_a4_poster(client_for, alice, distribution):
    result = client_for(alice).get(url(pk=distribution.pk), {"size": "<b>huge</b>"})
    assert result.status_code == 200 and result.content.startswith(b"%PDF")
    assert f"poster-{distribution.code}-a4.pdf" in result["Content-Disposition"]


def test_it_is_not_audited_like_the_qr_code(client_for, alice, distribution):
    before = AuditEvent.objects.count()
    client_for(alice).get(url(pk=distribution.pk))
    client_for(alice).get(url("distribution_qr", pk=distribution.pk))
    assert AuditEvent.objects.count() == before


def test_it_says_so_when_weasyprint_cannot_load(client_for, alice, distribution, monkeypatch):
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # as when Pango is missing: the import fails
    result = client_for(alice).get(url(pk=distribution.pk), {"size": "a4"})
    assert result.status_code == 503
    page = result.content.decode()
    assert "WeasyPrint" in page and url("distribution_qr", pk=distribution.pk) in page


def test_it_answers_404_to_dave(client_for, dave, distribution):
    client = client_for(dave)
    assert client.get(url(pk=distribution.pk)).status_code == 404
    assert client.get(url(ws="amersfoort", pk=distribution.pk)).status_code == 404


def test_it_makes_the_poster_with_a_bounded_number_of_queries(
    client_for, alice, utrecht, place, django_assert_max_num_queries
):
    distribution = eight_languages(utrecht, place)
    client = client_for(alice)
    with django_assert_max_num_queries(10):
        result = client.get(url(pk=distribution.pk))
    assert result.status_code == 200


def test_the_detail_page_links_both_posters(client_for, carol, distribution):
    html = client_for(carol).get(url("distribution_detail", pk=distribution.pk)).content.decode()
    assert f'{url(pk=distribution.pk)}?size=a4">Poster A4 (pdf)' in html
    assert f'{url(pk=distribution.pk)}?size=a5">Poster A5 (pdf)' in html
