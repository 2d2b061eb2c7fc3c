"""A password check against lists of breached and common passwords, bundled (nothing is fetched).

Two lists: Django's own (20,000 passwords that occur most often in published breaches, shipped with
Django under its BSD licence) and a short list of Dutch ones in this folder (`common_passwords_nl.txt`,
written for Ouderpartner, under the project's licence). Attackers try the listed words with the usual
decorations too, so a password is also refused when it is a listed word with digits or symbols
before or after it, with letters swapped for look-alike digits (p4ssw0rd), or repeated.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

from django.contrib.auth.password_validation import CommonPasswordValidator
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

DUTCH_LIST = Path(__file__).resolve().parent / "common_passwords_nl.txt"
LOOK_ALIKES = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s"})
DECORATION = re.compile(r"^[\W\d_]+|[\W\d_]+$")


@cache
def breached_passwords() -> frozenset[str]:
    words = set(CommonPasswordValidator().passwords)
    with DUTCH_LIST.open(encoding="utf-8") as f:
        words |= {line.strip().lower() for line in f if line.strip() and not line.startswith("#")}
    return frozenset(words)


def _candidates(password: str) -> set[str]:
    base = password.lower().strip()
    forms = {base, base.replace(" ", "")}
    forms |= {form.translate(LOOK_ALIKES) for form in list(forms)}
    forms |= {DECORATION.sub("", form) for form in list(forms)}
    for form in list(forms):
        # The same word two or more times: "welkomwelkom".
        for size in range(3, len(form) // 2 + 1):
            if len(form) % size == 0 and form[:size] * (len(form) // size) == form:
                forms.add(form[:size])
                break
    return {form for form in forms if form}


def is_breached(password: str) -> bool:
    known = breached_passwords()
    return any(form in known for form in _candidates(password))


class BreachedPasswordValidator:
    """Refuses a password (or a decorated form of one) from the bundled breach lists."""

    def validate(self, password: str, user: Any = None) -> None:
        if is_breached(password):
            raise ValidationError(
                _(
                    "This password appears in lists of leaked passwords that attackers try first, "
                    "perhaps with a few digits or symbols added. Choose another one: a few unusual "
                    "words in a row work well."
                ),
                code="password_breached",
            )

    def get_help_text(self) -> str:
        return _("Your password cannot be one that appears in lists of leaked passwords.")
