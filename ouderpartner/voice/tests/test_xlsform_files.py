"""Hand-made XLSForm workbooks for the import tests, built with openpyxl (no files checked in)."""

from __future__ import annotations

import io

import openpyxl

SURVEY = [
    [
        "type",
        "name",
        "label::Dutch (nl)",
        "label::English (en)",
        "label::Arabic (ar)",
        "hint::Dutch (nl)",
        "required",
        "relevant",
        "appearance",
        "parameters",
        "calculation",
    ],
    ["select_one books", "books", "Hoeveel boeken?", "How many books?", "كم كتابا؟", "Kies er één", "yes"],
    ["select_multiple when", "when", "Wanneer leest u voor?", "When do you read?", "متى تقرأ؟", None, "true"],
    ["select_one yn", "library", "Gaat u naar de bibliotheek?", "Do you go to the library?", "هل تذهب؟"],
    ["text", "why", "Waarom niet?", "Why not?", "لماذا لا؟", None, None, "${library} = 'no'"],
    ["begin group", "about", "Over u"],
    ["integer", "children", "Hoeveel kinderen?", "How many children?", "كم طفلا؟"],
    ["text", "story", "Vertel", "Tell", "أخبر", None, None, None, "multiline"],
    ["end group"],
    [
        "range",
        "happy",
        "Hoe blij?",
        "How happy?",
        "ما مدى سعادتك؟",
        None,
        None,
        None,
        None,
        "start=1 end=5 step=1",
    ],
    ["begin repeat", "kids", "Per kind"],
    ["integer", "age", "Leeftijd"],
    ["end repeat"],
    ["calculate", "total", None, None, None, None, None, None, None, None, "1 + 1"],
    ["text", "tricky", "Lastig", None, None, None, None, "${children} > 2 and ${library} = 'yes'"],
]
CHOICES = [
    [
        "list_name",
        "name",
        "label::Dutch (nl)",
        "label::English (en)",
        "label::Arabic (ar)",
        "media::image::Dutch (nl)",
    ],
    ["books", "none", "Geen", "None", "لا شيء", "1F6AB.svg"],
    ["books", "many", "Veel", "Many", "كثير", "1F4DA.svg"],
    ["books", "own", "Eigen foto", "Own photo", "صورة", "bookshelf.png"],
    ["when", "morning", "Ochtend", "Morning", "صباحا"],
    ["when", "evening", "Avond", "Evening", "مساء"],
    ["yn", "yes", "Ja", "Yes", "نعم"],
    ["yn", "no", "Nee", "No", "لا"],
]
SETTINGS = [["form_title", "form_id", "default_language"], ["Voorlezen thuis", "reading", "Dutch (nl)"]]


def workbook(
    survey=SURVEY, choices=CHOICES, settings=SETTINGS, *, sheet_names=("survey", "choices", "settings")
):
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in zip(sheet_names, (survey, choices, settings), strict=True):
        if rows is None:
            continue
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
