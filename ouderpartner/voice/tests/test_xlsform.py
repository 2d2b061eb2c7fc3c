"""XLSForm import and export: hand-made forms with translations, media and choices; malformed files."""

from __future__ import annotations

import io
import zipfile

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from ouderpartner.core.models import AuditEvent
from ouderpartner.voice import services
from ouderpartner.voice.models import Option, Question, Questionnaire
from ouderpartner.voice.tests.test_xlsform_files import CHOICES, SETTINGS, SURVEY, workbook
from ouderpartner.voice.xlsform import (
    XLSFormError,
    export_xlsform,
    language_code,
    parse_xlsform,
    xlsform_import,
    xlsform_import_bytes,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def _zip_without_workbook() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "not a workbook")
    return buffer.getvalue()


@pytest.fixture
def workspace(utrecht):
    utrecht.parent_languages = ["nl", "en", "ar", "tr"]
    utrecht.save()
    return utrecht


def _counts() -> tuple[int, int, int]:
    return Questionnaire.objects.count(), Question.objects.count(), Option.objects.count()


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Dutch (nl)", "nl"),
        ("Nederlands", "nl"),
        ("English (en)", "en"),
        ("Arabic", "ar"),
        ("Turkish (tr)", "tr"),
        ("Polski", "pl"),
        ("Ukrainian (uk)", "uk"),
        ("Tigrinya (ti)", "ti"),
        ("Somali", "so"),
        ("Klingon (tlh)", None),
    ],
)
def test_it_maps_language_names_to_our_codes(name, code):
    assert language_code(name) == code


def test_it_plans_questions_with_translations_media_and_conditions(workspace):
    plan = parse_xlsform(workbook(), workspace=workspace)
    assert plan["title"] == {"nl": "Voorlezen thuis"}
    assert plan["languages"] == ["nl", "en", "ar"]
    by_name = {q["name"]: q for q in plan["questions"]}
    assert list(by_name) == ["books", "when", "library", "why", "children", "story", "happy", "tricky"]
    books = by_name["books"]
    assert books["kind"] == Question.Kind.PICTOGRAM
    assert books["required"] is True
    assert books["text"] == {"nl": "Hoeveel boeken?", "en": "How many books?", "ar": "كم كتابا؟"}
    assert books["hint"] == {"nl": "Kies er één"}
    assert [o["pictogram"] for o in books["options"]] == ["1F6AB", "1F4DA", ""]
    assert by_name["when"]["kind"] == Question.Kind.MULTIPLE_CHOICE
    assert by_name["when"]["required"] is True
    assert by_name["library"]["kind"] == Question.Kind.YES_NO
    assert by_name["why"]["show_if"] == ["library", "no"]
    assert by_name["children"]["kind"] == Question.Kind.NUMBER
    assert by_name["story"]["kind"] == Question.Kind.LONG_TEXT
    assert (by_name["happy"]["kind"], by_name["happy"]["scale_min"], by_name["happy"]["scale_max"]) == (
        Question.Kind.SCALE,
        1,
        5,
    )
    assert by_name["tricky"]["show_if"] is None


def test_it_lists_everything_it_cannot_map(workspace):
    unmapped = "\n".join(parse_xlsform(workbook(), workspace=workspace)["unmapped"])
    assert "about" in unmapped  # the group
    assert "kids" in unmapped and "age" in unmapped  # the repeat and the question in it
    assert "total" in unmapped and "calculate" in unmapped
    assert "bookshelf.png" in unmapped  # an image that was not uploaded
    assert "${children} > 2" in unmapped  # a condition too complex for show-if


def test_it_lists_languages_the_workspace_does_not_offer(utrecht):
    plan = parse_xlsform(workbook(), workspace=utrecht)  # utrecht offers nl, ar, tr
    assert plan["languages"] == ["nl", "ar"]
    assert any("English" in line for line in plan["unmapped"])
    assert "en" not in plan["questions"][0]["text"]


def test_it_lists_unknown_languages():
    survey = [["type", "name", "label::Dutch (nl)", "label::Klingon (tlh)"], ["text", "a", "Vraag", "Qa'?"]]
    from ouderpartner.core.tests.factories import WorkspaceFactory

    plan = parse_xlsform(workbook(survey, None, None), workspace=WorkspaceFactory())
    assert any("Klingon (tlh)" in line for line in plan["unmapped"])


def test_a_plain_label_column_is_in_the_default_language(workspace):
    survey = [["type", "name", "label"], ["text", "a", "Question?"]]
    settings = [["form_title", "default_language"], ["Form", "English (en)"]]
    with pytest.raises(XLSFormError, match="Dutch"):
        parse_xlsform(workbook(survey, None, settings), workspace=workspace)
    plan = parse_xlsform(workbook(survey, None, None), workspace=workspace)
    assert plan["questions"][0]["text"] == {"nl": "Question?"}


def test_it_creates_a_draft_questionnaire_with_everything_planned(workspace, alice):
    questionnaire = xlsform_import_bytes(
        workspace=workspace, actor=alice, data=workbook(), filename="form.xlsx"
    )
    assert questionnaire.status == Questionnaire.Status.DRAFT
    assert questionnaire.title == {"nl": "Voorlezen thuis"}
    assert questionnaire.languages == ["nl", "en", "ar"]
    assert questionnaire.questions.count() == 8
    books = questionnaire.questions.get(name="books")
    assert list(books.options.values_list("value", "pictogram")) == [
        ("none", "1F6AB"),
        ("many", "1F4DA"),
        ("own", ""),
    ]
    assert books.options.get(value="many").label == {"nl": "Veel", "en": "Many", "ar": "كثير"}
    why = questionnaire.questions.get(name="why")
    assert (why.show_if_question.name, why.show_if_value) == ("library", "no")
    assert (
        AuditEvent.objects.filter(action=AuditEvent.Action.IMPORT, object_type="questionnaire").count() == 1
    )


MALFORMED = {
    "not an xlsx": (b"type,name,label\ntext,a,A\n", "not an Excel file"),
    "a zip that is no workbook": (_zip_without_workbook(), "could not be read"),
    "no survey sheet": (
        workbook([["type", "name", "label"]], None, None, sheet_names=("questions", "choices", "settings")),
        "survey",
    ),
    "a missing list": (
        workbook(
            [["type", "name", "label::Dutch (nl)"], ["select_one colours", "c", "Kleur?"]], CHOICES, None
        ),
        "colours",
    ),
    "duplicate names": (
        workbook([["type", "name", "label::Dutch (nl)"], ["text", "a", "A"], ["text", "a", "B"]], None, None),
        "'a'",
    ),
    "no Dutch labels": (
        workbook([["type", "name", "label::English (en)"], ["text", "a", "A"]], None, None),
        "Dutch",
    ),
    "no questions": (
        workbook([["type", "name", "label"], ["note", "n", "Hallo"]], None, None),
        "no questions",
    ),
}


@pytest.mark.parametrize("case", list(MALFORMED))
def test_a_malformed_file_gives_a_clear_error_and_saves_nothing(workspace, alice, case):
    data, message = MALFORMED[case]
    before = _counts()
    with pytest.raises(ValidationError) as caught:
        xlsform_import_bytes(workspace=workspace, actor=alice, data=data, filename="form.xlsx")
    assert message in " ".join(caught.value.messages)
    assert _counts() == before


def test_a_failure_halfway_rolls_everything_back(workspace, alice):
    plan = parse_xlsform(workbook(), workspace=workspace)
    plan["questions"][-1]["text"] = {}  # no Dutch text: the builder's service refuses it
    before = _counts()
    with pytest.raises(ValidationError):
        xlsform_import(workspace=workspace, actor=alice, plan=plan)
    assert _counts() == before


def _snapshot(questionnaire: Questionnaire) -> list[tuple]:
    return [
        (
            q.name,
            q.kind,
            q.text,
            q.hint,
            q.required,
            q.scale_min,
            q.scale_max,
            q.show_if_question.name if q.show_if_question else None,
            q.show_if_value,
            [(o.value, o.label, o.pictogram) for o in q.options.all()],
        )
        for q in questionnaire.questions.order_by("position")
    ]


def test_export_then_import_gives_the_same_questions_options_and_texts(workspace, alice):
    original = xlsform_import_bytes(workspace=workspace, actor=alice, data=workbook())
    data = export_xlsform(original, actor=alice)
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["survey", "choices", "settings"]
    header = [cell.value for cell in book["survey"][1]]
    assert "label::Arabic (ar)" in header and "hint::Dutch (nl)" in header
    copy = xlsform_import_bytes(workspace=workspace, actor=alice, data=data)
    assert copy.pk != original.pk
    assert copy.title == original.title
    assert copy.languages == original.languages
    assert _snapshot(copy) == _snapshot(original)
    assert (
        AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT, object_type="questionnaire").count() == 1
    )


def test_a_template_questionnaire_survives_the_round_trip(workspace, alice):
    original = services.questionnaire_create_from_template(
        workspace=workspace, actor=alice, key="involvement"
    )
    copy = xlsform_import_bytes(workspace=workspace, actor=alice, data=export_xlsform(original, actor=alice))
    # XLSForm knows a choice with pictures, not our two kinds: a single choice whose answers have
    # pictograms comes back as a choice of pictures; everything else is the same.
    expected = [
        (
            row[0],
            Question.Kind.PICTOGRAM if row[1] == "single_choice" and any(o[2] for o in row[9]) else row[1],
            *row[2:],
        )
        for row in _snapshot(original)
    ]
    assert _snapshot(copy) == expected


def test_it_reads_the_settings_title_and_keeps_sheet_names_case_insensitive(workspace):
    data = workbook(SURVEY[:2], CHOICES, SETTINGS, sheet_names=("Survey", "Choices", "Settings"))
    plan = parse_xlsform(data, workspace=workspace)
    assert plan["title"] == {"nl": "Voorlezen thuis"}
    assert len(plan["questions"]) == 1


def test_recordings_are_exported_as_audio_media_columns_and_come_back_as_expected_files(workspace, alice):
    original = xlsform_import_bytes(workspace=workspace, actor=alice, data=workbook())
    question = original.questions.order_by("position").first()
    question.audio = {"ar": f"voice/audio/q{original.pk}/abc123.mp3", "nl": "voorlezen_nl.mp3"}
    question.save()
    option = question.options.order_by("position").first()
    option.audio = {"nl": "vaak.ogg"}
    option.save()
    data = export_xlsform(original, actor=alice)
    book = openpyxl.load_workbook(io.BytesIO(data))
    header = [cell.value for cell in book["survey"][1]]
    row = dict(zip(header, [cell.value for cell in book["survey"][2]], strict=False))
    assert row["audio::Arabic (ar)"] == "abc123.mp3" and row["audio::Dutch (nl)"] == "voorlezen_nl.mp3"
    copy = xlsform_import_bytes(workspace=workspace, actor=alice, data=data)
    copied = copy.questions.order_by("position").first()
    assert copied.audio.get("nl") == "voorlezen_nl.mp3" and copied.audio.get("ar") == "abc123.mp3"
    assert copied.options.order_by("position").first().audio == {"nl": "vaak.ogg"}
