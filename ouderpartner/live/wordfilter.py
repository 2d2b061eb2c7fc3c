"""The text filter of live meetings: bundled Dutch and English word lists plus the workspace's own words.

A match never deletes text: the entry goes to the moderation queue (see participation.entry_initial_status).
Matching works on a folded form of the text (lower case, no accents, digits read as the letters they
imitate, runs of three or more equal letters shortened), word by word, so "Kanker" and "k4nker" match
but "kankeronderzoek" only when the list says `kanker*`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.core.cache import cache as django_cache

WORDLIST_DIR = Path(__file__).resolve().parent / "wordlists"
BUNDLED_LISTS = ("nl.txt", "en.txt")
CACHE_SECONDS = 60
_LEET = str.maketrans(
    {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s", "€": "e"}
)
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_REPEATS = re.compile(r"(.)\1{2,}")


def fold(text: str) -> str:
    """Lower case, accents removed, look-alike digits as letters, long runs of a letter shortened."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _REPEATS.sub(r"\1", plain.translate(_LEET))


def words_of(text: str) -> list[str]:
    return _WORD.findall(fold(text))


@dataclass(frozen=True)
class WordMatcher:
    """Exact words, word prefixes (list entries ending in *) and phrases of several words."""

    words: frozenset[str]
    prefixes: tuple[str, ...]
    phrases: tuple[tuple[str, ...], ...]

    def matches(self, text: str) -> bool:
        tokens = words_of(text)
        if any(token in self.words or token.startswith(self.prefixes) for token in tokens):
            return True
        for phrase in self.phrases:
            size = len(phrase)
            if any(tuple(tokens[i : i + size]) == phrase for i in range(len(tokens) - size + 1)):
                return True
        return False


def build_matcher(entries: list[str]) -> WordMatcher:
    words: set[str] = set()
    prefixes: set[str] = set()
    phrases: set[tuple[str, ...]] = set()
    for raw in entries:
        entry = raw.split("#", 1)[0].strip()
        if not entry:
            continue
        is_prefix = entry.endswith("*")
        tokens = words_of(entry.rstrip("*"))
        if not tokens:
            continue
        if len(tokens) > 1:
            phrases.add(tuple(tokens))
        elif is_prefix:
            prefixes.add(tokens[0])
        else:
            words.add(tokens[0])
    return WordMatcher(frozenset(words), tuple(sorted(prefixes)), tuple(sorted(phrases)))


@cache
def bundled_entries() -> tuple[str, ...]:
    lines: list[str] = []
    for name in BUNDLED_LISTS:
        lines += (WORDLIST_DIR / name).read_text(encoding="utf-8").splitlines()
    return tuple(lines)


def _cache_key(workspace_id: int) -> str:
    return f"live:blocked-words:{workspace_id}"


def matcher_for_workspace(workspace_id: int) -> WordMatcher:
    """The bundled lists plus the workspace's own words (one query, then cached for a minute)."""
    from ouderpartner.live.models import BlockedWord

    own = django_cache.get(_cache_key(workspace_id))
    if own is None:
        own = list(BlockedWord.objects.filter(workspace_id=workspace_id).values_list("word", flat=True))
        django_cache.set(_cache_key(workspace_id), own, CACHE_SECONDS)
    return build_matcher([*bundled_entries(), *own])


def forget_workspace_words(workspace_id: int) -> None:
    """Called when a workspace's words change, so the next entry is checked against the new list."""
    django_cache.delete(_cache_key(workspace_id))
