"""Theme suggestions for parents' open answers in one language: TF-IDF and k-means, no external service.

Pure: `suggest_themes` takes (answer id, text) pairs and returns suggested themes, each named by its
characteristic words ("voorlezen · bibliotheek") with the ids of its answers. An answer that fits no theme
well enough is left out. The same input always gives the same themes. A coordinator then accepts, renames,
merges or rejects them (theme_services.py).

scikit-learn is imported on first use: its import takes a second or more.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import cache, partial
from pathlib import Path
from typing import Any

STOPWORDS_DIR = Path(__file__).resolve().parent / "stopwords"
MIN_ANSWERS = 8  # fewer answers than this cannot show a pattern worth naming
MAX_THEMES = 8  # more is not a summary any more
MIN_THEME_SIZE = 3  # answers per theme; smaller groups are left without a theme
CHARACTERISTIC_TERMS = 5  # an answer in a theme uses at least one of the theme's first five words
MIN_TERM_SHARE = 0.2  # a characteristic word is used in at least a fifth of the theme's answers
LSA_COMPONENTS = 100
SILHOUETTE_SHARE = 0.9
SILHOUETTE_SAMPLE = 1500
STORED_TERMS = 8
SEPARATOR = " · "
RANDOM_STATE = 20261128
TOKEN_PATTERN = r"(?u)\b\w\w+\b"
CHARACTER_LANGUAGES = frozenset({"zh"})  # written without spaces between words
# The Arabic article (with "and", "with", "as", "for" before it) is written as part of the word.
ARABIC_ARTICLE = re.compile(r"(?<!\w)(?:[وفبك]?ال|[وف]?لل)(?=\w\w)")


class Reason(StrEnum):
    """Why there are no suggestions."""

    TOO_FEW = "too_few"  # fewer than MIN_ANSWERS answers with text
    NO_SHARED_WORDS = "no_shared_words"  # no word (other than stop words) is used in two answers
    NO_GROUPS = "no_groups"  # words are shared, but no group of MIN_THEME_SIZE answers hangs together


@dataclass(frozen=True)
class SuggestedTheme:
    name: str
    terms: tuple[str, ...]  # the most characteristic words and word pairs, most characteristic first
    answer_ids: tuple[int, ...]


@dataclass(frozen=True)
class Suggestions:
    themes: tuple[SuggestedTheme, ...]
    answers: int  # answers with text that were considered
    reason: Reason | None = None  # set when there are no themes

    @property
    def themed(self) -> int:
        return len({answer for theme in self.themes for answer in theme.answer_ids})


def normalise(text: str) -> str:
    """Lower case without accents, as the answers are compared: "Café" and "cafe" are one word."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def prepare(text: str, language: str) -> str:
    """`normalise`, and in Arabic without the article and its prefixes, so "الكتب" and "كتب" are one word."""
    text = normalise(text)
    return ARABIC_ARTICLE.sub("", text) if language == "ar" else text


@cache
def stop_words(language: str) -> frozenset[str]:
    """The language's stop words, normalised like the answers; English from scikit-learn, else our files."""
    if language == "en":
        from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

        words: Iterable[str] = ENGLISH_STOP_WORDS
    else:
        path = STOPWORDS_DIR / f"{language}.txt" if re.fullmatch(r"[a-z]{2,3}", language) else None
        if path is None or not path.is_file():
            return frozenset()
        lines = path.read_text(encoding="utf-8").splitlines()
        words = [line.strip() for line in lines if line.strip() and not line.startswith("#")]
    # Split the way answers are split ("zo'n" → "zo"), so that every piece of a stop word is one too.
    return frozenset(token for word in words for token in re.findall(TOKEN_PATTERN, prepare(word, language)))


def suggest_themes(answers: Sequence[tuple[int, str]], *, language: str) -> Suggestions:
    """Group answers written in `language` into at most MAX_THEMES suggested themes, largest first."""
    # Sorted by id, so the result does not depend on the order the answers came in.
    items = sorted((answer_id, text.strip()) for answer_id, text in answers if text and text.strip())
    if len(items) < MIN_ANSWERS:
        return Suggestions(themes=(), answers=len(items), reason=Reason.TOO_FEW)
    from threadpoolctl import threadpool_limits

    # One thread: on a busy server, numpy's and scikit-learn's thread pools make this slower, not faster
    # (measured: 0.3 s instead of 15 s for 1,000 answers on two shared cores).
    with threadpool_limits(limits=1):
        return _suggest(items, language=language)


def _suggest(items: list[tuple[int, str]], *, language: str) -> Suggestions:
    texts = [text for _id, text in items]
    by_characters = language in CHARACTER_LANGUAGES
    words = _word_vectors(texts, language=language, by_characters=by_characters)
    if words is None:
        return Suggestions(themes=(), answers=len(items), reason=Reason.NO_SHARED_WORDS)
    matrix, vocabulary = words
    groups = _groups(matrix)
    surface = _surface_forms(texts, language=language, by_characters=by_characters)
    themes = []
    for members in groups:
        weighted = _terms(matrix[members], vocabulary, surface, by_characters=by_characters)
        themes.append(
            SuggestedTheme(
                name=_name(weighted),
                terms=tuple(term for term, _weight in weighted),
                answer_ids=tuple(items[i][0] for i in members),
            )
        )
    if not themes:
        return Suggestions(themes=(), answers=len(items), reason=Reason.NO_GROUPS)
    themes.sort(key=lambda theme: (-len(theme.answer_ids), theme.name))
    return Suggestions(themes=tuple(themes), answers=len(items))


def words_and_pairs(text: str, language: str) -> list[str]:
    """The words of an answer that are not stop words, and the pairs of such words written next to each
    other ("boeken lenen"; not "nederlands speelt" from "Nederlands terwijl mijn kind speelt")."""
    stops = stop_words(language)
    words = [None if word in stops else word for word in re.findall(TOKEN_PATTERN, prepare(text, language))]
    return [word for word in words if word] + [
        f"{first} {second}" for first, second in itertools.pairwise(words) if first and second
    ]


def character_pairs(text: str) -> list[str]:
    """For languages written without spaces: pairs of letters (most Chinese words are two characters)."""
    letters = re.sub(r"[\W_]+", "", normalise(text))
    return [letters[i : i + 2] for i in range(len(letters) - 1)]


def _word_vectors(texts: list[str], *, language: str, by_characters: bool) -> tuple[Any, Any] | None:
    """TF-IDF of the words and word pairs (pairs of letters in Chinese) used in at least two answers."""
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer

    vectorizer = TfidfVectorizer(
        analyzer=character_pairs if by_characters else partial(words_and_pairs, language=language),
        sublinear_tf=True,
        min_df=2,  # a word in one answer only says nothing about a group
        dtype=np.float64,
    )
    try:
        matrix = vectorizer.fit_transform(texts)
    except ValueError:  # nothing left after stop words and min_df
        return None
    return matrix.tocsr(), vectorizer.get_feature_names_out()


def _semantic_vectors(matrix: Any) -> Any:
    """Latent semantic analysis: words that occur together (boeken, bibliotheek) bring answers together."""
    import numpy as np
    from sklearn.decomposition import TruncatedSVD
    from sklearn.preprocessing import normalize

    components = min(LSA_COMPONENTS, matrix.shape[1] - 1, matrix.shape[0] - 1)
    if components < 2:
        return matrix.toarray()
    reduced = TruncatedSVD(n_components=components, random_state=RANDOM_STATE).fit_transform(matrix)
    return normalize(np.asarray(reduced))


def _groups(matrix: Any) -> list[Any]:
    """Row numbers per theme: k-means on the normalised semantic vectors, k chosen by silhouette; then each
    answer must use one of its theme's characteristic words, and a theme needs MIN_THEME_SIZE answers."""
    import numpy as np
    from sklearn.cluster import KMeans
    from sklearn.metrics import silhouette_score

    rows = np.flatnonzero(matrix.getnnz(axis=1) > 0)  # answers of stop words only fit nowhere
    words = matrix[rows]
    distinct = len({(words[i].indices.tobytes(), words[i].data.round(6).tobytes()) for i in range(len(rows))})
    largest_k = min(MAX_THEMES, len(rows) // MIN_THEME_SIZE, distinct - 1)
    if largest_k < 2:
        return []
    vectors = _semantic_vectors(words)
    # Silhouettes compare every answer with every other: on a fixed sample for large sets (memory, time).
    sample = np.arange(len(rows))
    if len(rows) > SILHOUETTE_SAMPLE:
        sample = np.sort(
            np.random.RandomState(RANDOM_STATE).choice(len(rows), SILHOUETTE_SAMPLE, replace=False)
        )
    distances = np.clip(1 - vectors[sample] @ vectors[sample].T, 0, 2)
    np.fill_diagonal(distances, 0)
    scored: list[tuple[float, Any]] = []
    for k in range(2, largest_k + 1):
        labels = KMeans(n_clusters=k, n_init=4, random_state=RANDOM_STATE).fit_predict(vectors)
        if len(set(labels[sample])) > 1:
            score = silhouette_score(distances, labels[sample], metric="precomputed")
            scored.append((float(score), labels))
    if not scored:
        return []
    # The fewest themes that score nearly as well as the best: finer splits of one subject score a little
    # higher, but leave small groups that would be dropped.
    best = max(score for score, _labels in scored)
    if best <= 0:  # no grouping is better than chance
        return []
    labels = next(labels for score, labels in scored if score >= best * SILHOUETTE_SHARE)
    kept: list[tuple[Any, Any]] = []  # (members, characteristic words) per theme
    for cluster in sorted(set(labels)):
        members = np.flatnonzero(labels == cluster)
        group = words[members]
        centre = np.asarray(group.mean(axis=0)).ravel()
        used_in = np.asarray((group > 0).sum(axis=0)).ravel()
        common = np.flatnonzero(used_in >= max(2, MIN_TERM_SHARE * len(members)))
        characteristic = common[np.argsort(-centre[common], kind="stable")][:CHARACTERISTIC_TERMS]
        members = members[np.asarray(group[:, characteristic].getnnz(axis=1) > 0)]
        if len(members) >= MIN_THEME_SIZE:
            kept.append((members, characteristic))
    if not kept:
        return []
    # An answer left over (its group too small, or it shared none of its group's words) joins the theme
    # whose characteristic words it uses, the closest one if several; else it stays without a theme.
    placed = np.full(len(rows), -1)
    for theme, (members, _characteristic) in enumerate(kept):
        placed[members] = theme
    centres = np.array([vectors[members].mean(axis=0) for members, _characteristic in kept])
    for row in np.flatnonzero(placed < 0):
        fits = [t for t, (_members, characteristic) in enumerate(kept) if words[row, characteristic].nnz]
        if fits:
            placed[row] = max(fits, key=lambda t: (float(centres[t] @ vectors[row]), -t))
    return [rows[np.flatnonzero(placed == theme)] for theme in range(len(kept))]


def _name(weighted: list[tuple[str, float]]) -> str:
    """Two words, and a third when it weighs at least half as much as the first."""
    if not weighted:
        return ""
    first = weighted[0][1]
    names = [term for n, (term, weight) in enumerate(weighted[:3]) if n < 2 or weight >= first / 2]
    return SEPARATOR.join(names)


def _surface_forms(texts: list[str], *, language: str, by_characters: bool) -> dict[str, str]:
    """Word as compared → the way it is most often written (with its accents), for readable names."""
    if by_characters:
        return {}
    seen: dict[str, Counter[str]] = {}
    for text in texts:
        for word in re.findall(TOKEN_PATTERN, unicodedata.normalize("NFC", text.lower())):
            seen.setdefault(prepare(word, language), Counter())[word] += 1
    return {word: forms.most_common(1)[0][0] for word, forms in seen.items()}


def _terms(
    vectors: Any, vocabulary: Any, surface: dict[str, str], *, by_characters: bool
) -> list[tuple[str, float]]:
    """The group's words by weight, each new one adding a word not yet named ("voorlezen", "bibliotheek")."""
    import numpy as np

    centre = np.asarray(vectors.mean(axis=0)).ravel()
    used_in = np.asarray((vectors > 0).sum(axis=0)).ravel()
    order = sorted(np.flatnonzero(centre > 0), key=lambda i: (-centre[i], vocabulary[i]))
    terms: list[tuple[str, float]] = []
    covered: set[str] = set()
    for index in order:
        if used_in[index] < 2 and terms:
            continue
        words = list(vocabulary[index]) if by_characters else vocabulary[index].split(" ")
        if covered & set(words):
            continue
        covered.update(words)
        term = vocabulary[index] if by_characters else " ".join(surface.get(word, word) for word in words)
        terms.append((term, float(centre[index])))
        if len(terms) == STORED_TERMS:
            break
    return terms
