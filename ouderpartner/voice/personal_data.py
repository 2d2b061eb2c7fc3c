"""A warning, not a guarantee: does a free text look like it holds a name, a phone number or an e-mail address?

Used where a staff member reads or writes what a parent said (conversation records, the moderation of
open answers), so that personal details are noticed and removed before anything is published.
"""

from __future__ import annotations

import itertools
import re

from django.utils.translation import gettext as _

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PHONE_CANDIDATE = re.compile(r"(?<![\w+])(?:\+|00)?\d[\d \-().]{7,17}\d(?!\w)")
WORD = re.compile(r"[^\W\d_][\w'’-]*")
TITLES = re.compile(
    r"(?:\b(?:mevrouw|meneer|mevr\.|mw\.|dhr\.|moeder van|vader van))\s+([^\W\d_][\w'’-]*)", re.IGNORECASE
)
SENTENCE_END = re.compile(r"[.!?:;\n]\W*$|^\W*$")


def _is_phone(candidate: str) -> bool:
    digits = re.sub(r"\D", "", candidate)
    if candidate.startswith("+"):
        if not digits.startswith("31"):
            return False
        digits = "0" + digits[2:]
    elif digits.startswith("0031"):
        digits = "0" + digits[4:]
    if digits.startswith("00"):
        return False
    return len(digits) == 10 and digits.startswith("0")


def _capitalised(word: str) -> bool:
    return len(word) >= 2 and word[0].isupper() and not word[1:].isupper()


def find_personal_data(text: str) -> list[tuple[str, str]]:
    """(kind, fragment) for what looks like an e-mail address, a Dutch phone number or a person's name."""
    found: list[tuple[str, str]] = []
    for match in EMAIL.finditer(text):
        found.append(("email", match.group()))
    without_email = EMAIL.sub(" ", text)
    for match in PHONE_CANDIDATE.finditer(without_email):
        if _is_phone(match.group()):
            found.append(("phone", match.group().strip()))
    for match in TITLES.finditer(text):
        if _capitalised(match.group(1)):
            found.append(("name", match.group()))
    words = list(WORD.finditer(text))
    for first, second in itertools.pairwise(words):
        between = text[first.end() : second.start()]
        if between not in (" ", "\u00a0"):
            continue
        if not (_capitalised(first.group()) and _capitalised(second.group())):
            continue
        if SENTENCE_END.search(text[: first.start()]):
            continue  # the first word starts a sentence
        fragment = f"{first.group()} {second.group()}"
        if not any(fragment in f for _kind, f in found):
            found.append(("name", fragment))
    return found


def kind_label(kind: str) -> str:
    """What was found, in words: "a name", "a phone number", "an e-mail address"."""
    return {"name": _("a name"), "phone": _("a phone number"), "email": _("an e-mail address")}[kind]
