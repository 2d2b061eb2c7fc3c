"""Printable posters of a distribution: QR code, short link, place and the first question in every parent language.

The HTML is a template of its own (voice/poster.html) with print CSS; WeasyPrint turns it into an
A4 or A5 PDF. WeasyPrint is imported only when a poster is made (slow import, and it needs
Debian's Pango): when it cannot load, `PosterUnavailable` is raised and the view says so. Pictures
come from the static folders and the media storage through our own URL fetcher, never from the
network. A poster must fit on one page: when it does not, it is set again in a denser layout.
"""

from __future__ import annotations

import datetime as dt
import mimetypes
from functools import lru_cache
from typing import Any

from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from django.utils import timezone

from ouderpartner.core.languages import PARENT_LANGUAGES
from ouderpartner.voice import answering
from ouderpartner.voice.distributions import distribution_link, distribution_qr
from ouderpartner.voice.models import Distribution, Question
from ouderpartner.voice.parent_texts import PARENT_TEXTS, text_direction
from ouderpartner.voice.parent_views import FACES, YES_NO_PICTOGRAMS
from ouderpartner.voice.pictograms import ATTRIBUTION, STATIC_DIR

SIZES = ("a4", "a5")
DEFAULT_SIZE = "a4"
STATIC_SCHEME = "op-static:"
MEDIA_SCHEME = "op-media:"
PHONE, PLACE, CALENDAR = "1F4F1", "1F3E0", "1F4C5"

# Measures of an A4 poster, from roomy (a few languages) to dense (many). An A5 poster is the same,
# scaled by 1/√2. The first layout that fits on one page is used (see _first_layout).
A4_LAYOUTS: list[dict[str, str]] = [
    {"margin": "13mm", "qr": "84mm", "phone": "24mm", "link": "28pt", "place": "15pt", "icon": "8mm",
     "name": "9pt", "title": "17pt", "invite": "13.5pt", "question": "13pt", "picture": "13mm",
     "label": "9.5pt", "cell": "15.5mm", "space": "1.2mm", "gap": "5mm", "width": "49%"},
    {"margin": "11mm", "qr": "68mm", "phone": "20mm", "link": "26pt", "place": "13pt", "icon": "7mm",
     "name": "8pt", "title": "13pt", "invite": "11pt", "question": "10.5pt", "picture": "11mm",
     "label": "8pt", "cell": "16mm", "space": "1.2mm", "gap": "3.5mm", "width": "49%"},
    {"margin": "10mm", "qr": "64mm", "phone": "18mm", "link": "24pt", "place": "12.5pt", "icon": "6.5mm",
     "name": "7.5pt", "title": "12pt", "invite": "10pt", "question": "9.5pt", "picture": "10mm",
     "label": "7.5pt", "cell": "15mm", "space": "1.2mm", "gap": "3mm", "width": "49%"},
    {"margin": "8mm", "qr": "56mm", "phone": "14mm", "link": "20pt", "place": "11pt", "icon": "6mm",
     "name": "7pt", "title": "10pt", "invite": "8.5pt", "question": "8.5pt", "picture": "8mm",
     "label": "7pt", "cell": "10.5mm", "space": "1.2mm", "gap": "2mm", "width": "32.5%"},
    {"margin": "7mm", "qr": "48mm", "phone": "12mm", "link": "18pt", "place": "10pt", "icon": "5mm",
     "name": "6.5pt", "title": "9pt", "invite": "7.5pt", "question": "7.5pt", "picture": "6mm",
     "label": "6pt", "cell": "8mm", "space": "1.2mm", "gap": "1.5mm", "width": "24.5%"},
]  # fmt: skip


def _first_layout(languages: int) -> int:
    """Where to start: roomy for up to four languages, two columns up to eight, else three."""
    return 0 if languages <= 4 else 1 if languages <= 8 else 3


def _scaled(layout: dict[str, str], factor: float) -> dict[str, str]:
    """The layout with every length (mm, pt) multiplied by the factor."""
    scaled = {}
    for key, value in layout.items():
        unit = value[-2:]
        scaled[key] = f"{float(value[:-2]) * factor:.2f}{unit}" if unit in ("mm", "pt") else value
    return scaled


LAYOUTS: dict[str, list[dict[str, str]]] = {
    "a4": A4_LAYOUTS,
    "a5": [_scaled(layout, 0.7071) for layout in A4_LAYOUTS],
}


class PosterUnavailable(Exception):
    """WeasyPrint (or the Pango library it needs) cannot be loaded on this server."""


def poster_size(value: str | None) -> str:
    """The paper size asked for ("a4" or "a5", any case); A4 for anything else."""
    value = (value or "").strip().lower()
    return value if value in SIZES else DEFAULT_SIZE


def poster_question(distribution: Distribution) -> Question | None:
    """The question a parent sees first: the first one that does not depend on another answer."""
    questions = answering.questions_of(distribution.questionnaire)
    return next((q for q in questions if not q.show_if_question_id), None)


# --- pictures ----------------------------------------------------------------------------------


@lru_cache(maxsize=512)
def _static_file(path: str) -> str | None:
    """The file on disk for a static path: from the static folders, else from the collected files."""
    found = finders.find(path)
    if found:
        return str(found)
    try:
        if staticfiles_storage.exists(path):
            return staticfiles_storage.path(path)
    except NotImplementedError:  # storage without local paths
        return None
    return None


def _pictogram(code: str) -> str:
    """The poster's URL of an OpenMoji pictogram, or "" when the app does not ship it."""
    if not code:
        return ""
    path = f"{STATIC_DIR}/{code}.svg"
    return f"{STATIC_SCHEME}{path}" if _static_file(path) else ""


def poster_resource(url: str) -> tuple[bytes, str]:
    """The bytes and media type behind a poster's picture URL (op-static: or op-media: only)."""
    if url.startswith(STATIC_SCHEME):
        name = _static_file(url.removeprefix(STATIC_SCHEME))
        if name is None:
            raise ValueError(f"No static file {url}")
        with open(name, "rb") as file:
            data = file.read()
    elif url.startswith(MEDIA_SCHEME):
        name = url.removeprefix(MEDIA_SCHEME)
        with default_storage.open(name, "rb") as file:
            data = file.read()
    else:
        raise ValueError(f"Posters load nothing from elsewhere: {url}")
    mime_type = "image/svg+xml" if name.endswith(".svg") else mimetypes.guess_type(name)[0]
    return data, mime_type or "application/octet-stream"


def _url_fetcher(weasyprint: Any) -> Any:
    """A WeasyPrint URL fetcher that reads `poster_resource` and never goes to the network."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class PosterFetcher(URLFetcher):
        def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
            data, mime_type = poster_resource(url)
            return URLFetcherResponse(url, data, {"Content-Type": mime_type})

    return PosterFetcher(allow_redirects=False)


# --- content -----------------------------------------------------------------------------------


def _own_text(texts: dict[str, str] | None, language: str) -> str:
    """A coordinator's text in this very language, or "" (a poster does not repeat Dutch in every block)."""
    return ((texts or {}).get(language) or "").strip()


def _parent_text(language: str, key: str) -> dict[str, str]:
    """A fixed parent text in this language, else in English, with the language it is really in."""
    for code in (language, "en"):
        text = PARENT_TEXTS.get(code, {}).get(key)
        if text:
            return {"text": text, "lang": code, "dir": text_direction(code)}
    return {"text": "", "lang": language, "dir": text_direction(language)}


def _pictures(question: Question | None, language: str) -> list[dict[str, Any]]:
    """The answer pictures of a question with their labels in this language (choices, yes/no, faces)."""
    if question is None:
        return []
    kinds = Question.Kind
    if question.kind == kinds.YES_NO:
        return [
            {"src": _pictogram(YES_NO_PICTOGRAMS[value]), "label": _parent_text(language, value)}
            for value in ("yes", "no")
        ]
    if question.kind == kinds.SCALE:
        low, high = question.scale_min, question.scale_max
        span = max(high - low, 1)
        return [
            {
                "src": _pictogram(FACES[round((n - low) / span * (len(FACES) - 1))]),
                "label": {"text": str(n), "lang": language, "dir": "ltr"},
            }
            for n in range(low, high + 1)
        ]
    if question.kind not in Question.CHOICE_KINDS:
        return []
    pictures = []
    for option in question.options.all():
        src = f"{MEDIA_SCHEME}{option.image.name}" if option.image else _pictogram(option.pictogram)
        label = _own_text(option.label, language)
        if src or label:
            pictures.append(
                {"src": src, "label": {"text": label, "lang": language, "dir": text_direction(language)}}
            )
    return pictures


def _block(distribution: Distribution, question: Question | None, language: str) -> dict[str, Any]:
    spec = PARENT_LANGUAGES[language]
    return {
        "lang": language,
        "dir": text_direction(language),
        "name": spec.native_name,
        "title": _own_text(distribution.questionnaire.title, language),
        "invitation": _parent_text(language, "poster_invitation"),
        "question": _own_text(question.text, language) if question is not None else "",
        "pictures": _pictures(question, language),
    }


def _day(moment: dt.datetime | None) -> str:
    """A date every reader can read: 31-03-2026."""
    return timezone.localtime(moment).strftime("%d-%m-%Y") if moment else ""


def poster_context(
    distribution: Distribution, *, size: str, question: Question | None, density: int = 0
) -> dict[str, Any]:
    questionnaire = distribution.questionnaire
    languages = answering.offered_languages(questionnaire)
    link = distribution_link(distribution)
    shown = link.removeprefix("https://").rstrip("/")
    # The last day the poster shows is the day before the moment it closes (closes_at is midnight).
    last_day = distribution.closes_at - dt.timedelta(microseconds=1) if distribution.closes_at else None
    return {
        "size": size,
        "page_size": size.upper(),
        "layout": LAYOUTS[size][density],
        "lang": languages[0],
        "dir": text_direction(languages[0]),
        "title": questionnaire.text("title", languages[0]),
        "qr_svg": distribution_qr(distribution).svg_inline(omitsize=True, border=2),
        "link": link,
        "link_start": shown.removesuffix(distribution.code),
        "link_code": distribution.code if shown.endswith(distribution.code) else "",
        "place": distribution.location.name,
        "opens": _day(distribution.opens_at),
        "last_day": _day(last_day),
        "phone": _pictogram(PHONE),
        "place_icon": _pictogram(PLACE),
        "calendar_icon": _pictogram(CALENDAR),
        "blocks": [_block(distribution, question, language) for language in languages],
        "attribution": ATTRIBUTION,
    }


def poster_html(
    distribution: Distribution,
    *,
    size: str = DEFAULT_SIZE,
    question: Question | None = None,
    density: int = 0,
) -> str:
    """The poster as HTML (pictures as op-static:/op-media: URLs for `url_fetcher`)."""
    return render_to_string(
        "voice/poster.html", poster_context(distribution, size=size, question=question, density=density)
    )


def _weasyprint() -> Any:
    try:
        import weasyprint
    except (ImportError, OSError) as error:  # OSError: Pango or its libraries are missing
        raise PosterUnavailable(str(error)) from error
    return weasyprint


def poster_layout(distribution: Distribution, *, size: str = DEFAULT_SIZE) -> tuple[Any, int]:
    """The laid-out poster (a weasyprint Document) in the first layout that fits on one page, and
    how many layouts were tried."""
    weasyprint = _weasyprint()
    size = poster_size(size)
    question = poster_question(distribution)
    fetcher = _url_fetcher(weasyprint)
    start = _first_layout(len(answering.offered_languages(distribution.questionnaire)))
    document, tries = None, 0
    for density in range(start, len(LAYOUTS[size])):
        html = poster_html(distribution, size=size, question=question, density=density)
        document = weasyprint.HTML(string=html, url_fetcher=fetcher).render()
        tries += 1
        if len(document.pages) == 1:
            break
    return document, tries


def poster_document(distribution: Distribution, *, size: str = DEFAULT_SIZE) -> Any:
    """The laid-out poster (a weasyprint Document): the first layout that fits on one page."""
    return poster_layout(distribution, size=size)[0]


def poster_pdf(distribution: Distribution, *, size: str = DEFAULT_SIZE) -> bytes:
    """The poster as PDF bytes. Raises PosterUnavailable when WeasyPrint cannot load."""
    return poster_document(distribution, size=size).write_pdf()
