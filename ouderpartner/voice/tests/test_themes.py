"""Theme suggestions (themes.py): obvious groups found and named, deterministic, stop words left out,
too few answers explained, and any script handled."""

from __future__ import annotations

import random

import pytest

from ouderpartner.voice.tests.theme_helpers import LANGUAGE_CLASS, MONEY, NOTHING_SHARED, READING
from ouderpartner.voice.themes import (
    MIN_ANSWERS,
    Reason,
    normalise,
    prepare,
    stop_words,
    suggest_themes,
    words_and_pairs,
)


def numbered(*groups: list[str]) -> tuple[list[tuple[int, str]], dict[int, int]]:
    """(id, text) pairs with ids spread out, and which group each id came from (-1: none)."""
    answers, group_of = [], {}
    for group, texts in enumerate(groups):
        for text in texts:
            answer_id = 1000 + 7 * len(answers)
            answers.append((answer_id, text))
            group_of[answer_id] = group if group < len(groups) - 1 else -1
    return answers, group_of


def test_it_finds_three_obvious_groups_and_names_them_by_their_words():
    answers, group_of = numbered(READING, LANGUAGE_CLASS, MONEY, NOTHING_SHARED)
    result = suggest_themes(answers, language="nl")
    assert result.reason is None
    assert len(result.themes) == 3
    found = {}
    for theme in result.themes:
        groups = {group_of[answer] for answer in theme.answer_ids}
        assert len(groups) == 1 and -1 not in groups, (theme.name, groups)
        found[groups.pop()] = theme
    assert set(found) == {0, 1, 2}
    assert len(found[0].answer_ids) >= 6 and len(found[1].answer_ids) >= 5 and len(found[2].answer_ids) >= 5
    assert "bibliotheek" in found[0].name.split(" · ")
    assert "taalles" in found[1].name.split(" · ")
    assert "geld" in found[2].name.split(" · ")
    for theme in result.themes:
        assert 1 <= len(theme.name.split(" · ")) <= 3
        assert theme.name.split(" · ")[0] == theme.terms[0]
    assert [len(t.answer_ids) for t in result.themes] == sorted(
        (len(t.answer_ids) for t in result.themes), reverse=True
    )
    # The answers that share nothing with others are in no theme.
    themed = {answer for theme in result.themes for answer in theme.answer_ids}
    assert not themed & {answer for answer, group in group_of.items() if group == -1}


def test_it_gives_the_same_themes_whatever_the_order_and_every_time():
    answers, _group_of = numbered(READING, LANGUAGE_CLASS, MONEY, NOTHING_SHARED)
    first = suggest_themes(answers, language="nl")
    shuffled = answers[:]
    random.Random(7).shuffle(shuffled)
    assert suggest_themes(shuffled, language="nl") == first
    assert suggest_themes(answers, language="nl") == first


def test_it_makes_no_suggestions_for_fewer_than_eight_answers_and_says_why():
    result = suggest_themes([(n, text) for n, text in enumerate(READING)], language="nl")
    assert len(READING) < MIN_ANSWERS
    assert result.themes == () and result.reason == Reason.TOO_FEW and result.answers == len(READING)
    # Empty answers do not count towards the eight.
    padded = [(n, text) for n, text in enumerate([*READING, "", "   "])]
    assert suggest_themes(padded, language="nl").reason == Reason.TOO_FEW


def test_it_says_so_when_answers_share_no_words_or_form_no_group():
    unique = [(n, f"woord{n} ander{n}") for n in range(12)]
    assert suggest_themes(unique, language="nl").reason == Reason.NO_SHARED_WORDS
    only_stop_words = [(n, "ik wil het niet") for n in range(12)]
    assert suggest_themes(only_stop_words, language="nl").reason == Reason.NO_SHARED_WORDS
    identical = [(n, "Meer boeken") for n in range(12)]
    assert suggest_themes(identical, language="nl").reason == Reason.NO_GROUPS


def test_dutch_stop_words_never_name_or_make_a_theme():
    answers, _group_of = numbered(READING, LANGUAGE_CLASS, MONEY, NOTHING_SHARED)
    dutch = stop_words("nl")
    assert {"de", "het", "een", "in", "voor", "met", "ik", "wil", "meer", "kind"} <= dutch
    assert len(dutch) >= 200
    for theme in suggest_themes(answers, language="nl").themes:
        for term in theme.terms:
            assert not set(normalise(term).split()) & dutch, term


def test_stop_words_are_read_without_accents_and_english_comes_from_scikit_learn():
    assert "een" in stop_words("nl") and "cok" in stop_words("tr")  # "çok", compared without accents
    assert {"the", "and", "would"} <= stop_words("en")
    assert stop_words("ti") == frozenset()  # no list: grouped without stop words
    assert stop_words("../nl") == frozenset()


def test_word_pairs_are_words_written_next_to_each_other():
    assert words_and_pairs("Taalles Nederlands terwijl mijn kind speelt", "nl") == [
        "taalles",
        "nederlands",
        "speelt",
        "taalles nederlands",
    ]


def test_the_arabic_article_is_not_part_of_the_word():
    assert prepare("الكتب", "ar") == prepare("كتب", "ar") == "كتب"
    assert prepare("وللأطفال بالمكتبة", "ar") == "اطفال مكتبة"
    assert prepare("الى", "ar") == "الى"  # too short to be an article and a word
    assert prepare("alles", "nl") == "alles"


def test_names_keep_the_accents_parents_wrote():
    answers = [
        (n, text)
        for n, text in enumerate(["Koffie in het café", "Het café is fijn", "Café voor moeders"] * 2)
    ]
    answers += [
        (10 + n, text) for n, text in enumerate(["Meer zwemles", "Zwemles op zaterdag", "Zwemles gratis"])
    ]
    terms = [term for theme in suggest_themes(answers, language="nl").themes for term in theme.terms]
    assert "café" in terms and "cafe" not in terms


@pytest.mark.parametrize(
    ("language", "texts", "expected"),
    [
        (
            "ar",
            [
                "كتب عربية للأطفال في المكتبة",
                "كتب عربية في المكتبة",
                "المكتبة فيها كتب عربية قليلة",
                "مساعدة في أوراق المدرسة",
                "أوراق المدرسة صعبة",
                "مساعدة في أوراق المدرسة من فضلك",
                "درس لغة هولندية للأمهات",
                "أريد درس لغة هولندية",
                "درس لغة هولندية قريب من البيت",
            ],
            "المدرسة",
        ),
        (
            "tr",
            [
                "Türkçe çocuk kitapları",
                "Kütüphanede Türkçe kitaplar",
                "Türkçe kitaplar lazım",
                "Okul hakkında bilgi",
                "Okul kaydı hakkında bilgi",
                "Okul bilgi toplantısı",
                "Anneler için kahve sabahı",
                "Kahve sabahı annelerle",
                "Çalışan anneler için kahve sabahı",
            ],
            "kahve",
        ),
    ],
)
def test_arabic_and_turkish_answers_are_grouped_with_their_own_letters(language, texts, expected):
    result = suggest_themes(list(enumerate(texts)), language=language)
    assert result.reason is None and len(result.themes) >= 2
    assert any(expected in theme.terms for theme in result.themes)
    for theme in result.themes:
        assert all(term == term.strip() and term for term in theme.terms)


@pytest.mark.parametrize("language", ["ti", "zh", "uk", "xx", ""])
def test_any_script_or_unknown_language_does_not_crash(language):
    texts = ["ቤተ መጻሕፍቲ ንቆልዑ", "图书馆的书", "Бібліотека для дітей", "😀 😀", "12 34", "_ _", "ﷺ", "a"] * 2
    result = suggest_themes(list(enumerate(texts)), language=language)
    assert result.answers == len(texts)
    assert all(theme.name for theme in result.themes)
