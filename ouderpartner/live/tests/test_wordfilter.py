"""The text filter: bundled Dutch and English lists, prefixes, phrases, disguises — and no false alarms
on ordinary words that merely start like a listed one."""

from __future__ import annotations

import pytest

from ouderpartner.live.wordfilter import build_matcher, bundled_entries, fold


@pytest.fixture(scope="module")
def matcher():
    return build_matcher(list(bundled_entries()))


@pytest.mark.parametrize(
    "text",
    [
        "Wat een kut idee",
        "KANKERLIJER",
        "sh1t happens",
        "fuuuuck",
        "Tyfushond!",
        "kill   yourself",
        "kankerzooi",
    ],
)
def test_it_catches_swear_words_in_dutch_and_english(matcher, text):
    assert matcher.matches(text)


@pytest.mark.parametrize(
    "text",
    [
        "Hoera, de bibliotheek!",
        "Schone kleren en ontbijt",
        "Niet negeren maar luisteren",
        "Cocktail van maatregelen",
        "Dickens voorlezen",
        "Samen met ouders",
        "Ouders betrekken bij de school",
    ],
)
def test_ordinary_words_pass(matcher, text):
    assert not matcher.matches(text)


def test_a_flagged_ordinary_sentence_only_goes_to_the_queue(matcher):
    # "kanker" is also a disease: a match sends the entry to the facilitator, never deletes it.
    assert matcher.matches("Kinderen met kanker krijgen zorg")


def test_folding_ignores_case_accents_digits_and_repeats():
    assert fold("CAFÉ") == "cafe"
    assert fold("l33t") == "leet"
    assert fold("heeeel") == "hel"


def test_the_workspace_list_adds_words_prefixes_and_phrases():
    matcher = build_matcher(["sjaak", "boe*", "rot op", "# a comment", "  "])
    assert matcher.matches("Die Sjaak") and matcher.matches("boeven") and matcher.matches("Rot   op!")
    assert not matcher.matches("rot") and not matcher.matches("op") and not matcher.matches("sjaakie")
