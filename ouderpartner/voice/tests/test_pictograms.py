"""The curated OpenMoji subset: every code exists in the package, the picker's search and the scale faces."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ouderpartner.voice import pictograms, services, templates_catalogue
from ouderpartner.voice.models import pictogram_validator

OPENMOJI = Path(__file__).resolve().parents[3] / "node_modules" / "openmoji"


def test_the_subset_has_about_120_unique_pictograms():
    codes = [p.hexcode for p in pictograms.PICTOGRAMS]
    assert 100 <= len(codes) <= 150
    assert len(set(codes)) == len(codes)
    assert {p.group for p in pictograms.PICTOGRAMS} == set(pictograms.GROUPS)


def test_every_code_is_valid_for_the_option_model():
    for pictogram in pictograms.PICTOGRAMS:
        pictogram_validator(pictogram.hexcode)
        assert pictogram.label_nl and pictogram.label_en


@pytest.mark.skipif(not OPENMOJI.exists(), reason="npm packages not installed (run npm ci)")
def test_every_code_has_an_svg_in_the_openmoji_package():
    known = {
        entry["hexcode"] for entry in json.loads((OPENMOJI / "data" / "openmoji.json").read_text("utf-8"))
    }
    for pictogram in pictograms.PICTOGRAMS:
        assert pictogram.hexcode in known
        assert (OPENMOJI / "color" / "svg" / f"{pictogram.hexcode}.svg").exists()


def test_search_matches_dutch_and_english_words():
    assert [p.hexcode for p in pictograms.search("boeken")] == ["1F4DA"]
    assert "1F4DA" in [p.hexcode for p in pictograms.search("books")]
    assert all(p.group == "faces" for p in pictograms.search(group="faces"))
    assert pictograms.search("zzzz") == []


def test_scale_faces_go_from_sad_to_happy():
    assert pictograms.scale_faces(5) == ("1F622", "1F641", "1F610", "1F642", "1F604")
    assert pictograms.scale_faces(11) == ()
    assert all(pictograms.is_curated(code) for faces in pictograms.SCALE_FACES.values() for code in faces)


def test_the_labels_follow_the_interface_language():
    books = pictograms.get_pictogram("1F4DA")
    assert books.label("nl") == "boeken"
    assert books.label("en") == "books"


def test_the_templates_use_only_curated_pictograms_and_valid_kinds():
    from ouderpartner.voice.models import Question

    for template in templates_catalogue.TEMPLATES:
        assert template["name"]["nl"] and template["name"]["en"]
        names = []
        for question in template["questions"]:
            assert question["kind"] in Question.Kind.values
            assert question["text"]["nl"] and question["text"]["en"]
            if question["kind"] in Question.CHOICE_KINDS:
                assert question["options"]
            for option in question["options"]:
                assert not option["pictogram"] or pictograms.is_curated(option["pictogram"])
            if "show_if" in question:
                assert question["show_if"][0] in names
            names.append(question["name"])


def test_the_picker_choices_are_grouped():
    groups = pictograms.pictogram_choices("nl")
    assert sum(len(items) for _label, items in groups) == len(pictograms.PICTOGRAMS)


def test_an_image_is_recognised_by_its_bytes_not_its_name():
    from django.core.exceptions import ValidationError
    from django.core.files.uploadedfile import SimpleUploadedFile

    services.validate_option_image(SimpleUploadedFile("a.jpg", b"\xff\xd8\xff\xe0" + b"0" * 10))
    with pytest.raises(ValidationError):
        services.validate_option_image(SimpleUploadedFile("a.png", b"<svg></svg>"))
