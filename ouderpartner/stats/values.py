"""Published figures as value objects that never hold the raw count, with their display and explanation."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import import_module

from django.conf import settings
from django.utils import translation
from django.utils.functional import Promise, lazy

DEFAULT_LANGUAGE = "nl"
NOT_APPLICABLE = "–"  # a percentage or mean of nobody: nothing to hide, nothing to show


def gettext_noop(message: str) -> str:
    """Marks a message for makemessages (it matches by name); Django's own needs settings at import."""
    return message


# Translated when displayed (see _translate), so this module works without Django settings.
HIDDEN = gettext_noop("hidden")
EXPLANATION = gettext_noop("Figures under %(k)s are hidden and others are rounded to 5, to protect privacy.")
SECONDARY_EXPLANATION = gettext_noop(
    "Some other figures are hidden as well, so that hidden figures cannot be worked out from the totals."
)


@dataclass(frozen=True)
class PublishedCount:
    """A count as it may be shown: rounded, or suppressed.

    `secondary` marks a count hidden only so that another cannot be worked out; it is not under the
    threshold, so it shows as "hidden" rather than as "< k".
    """

    value: int | None
    suppressed: bool
    threshold: int
    secondary: bool = False

    def display(self, language: str | None = None) -> str:
        if not self.suppressed:
            return format_number(self.value, language)
        if self.secondary:
            return _translate(HIDDEN, language)
        return f"< {self.threshold}"

    def __str__(self) -> str:
        return self.display()

    def as_json(self) -> dict[str, int | bool | None]:
        return {"value": self.value, "suppressed": self.suppressed}


@dataclass(frozen=True)
class PublishedPercentage:
    """A whole percentage, or suppressed; `value` None and not suppressed when the group is empty."""

    value: int | None
    suppressed: bool
    threshold: int

    def display(self, language: str | None = None) -> str:
        if self.suppressed:
            return _translate(HIDDEN, language)
        if self.value is None:
            return NOT_APPLICABLE
        return f"{format_number(self.value, language)}%"

    def __str__(self) -> str:
        return self.display()

    def as_json(self) -> dict[str, int | bool | None]:
        return {"value": self.value, "suppressed": self.suppressed}


@dataclass(frozen=True)
class PublishedMean:
    """A mean rounded to `decimals`, or suppressed; `value` None and not suppressed when the group is empty."""

    value: float | None
    suppressed: bool
    threshold: int
    decimals: int = 1

    def display(self, language: str | None = None) -> str:
        if self.suppressed:
            return _translate(HIDDEN, language)
        if self.value is None:
            return NOT_APPLICABLE
        return format_number(self.value, language, decimals=self.decimals)

    def __str__(self) -> str:
        return self.display()

    def as_json(self) -> dict[str, float | bool | None]:
        return {"value": self.value, "suppressed": self.suppressed}


def format_number(value: float, language: str | None = None, *, decimals: int = 0) -> str:
    """1.234,5 in Dutch, 1,234.5 in English: the separators of Django's locale for the language."""
    thousands, decimal = _separators(language or _current_language())
    return f"{value:,.{decimals}f}".translate(str.maketrans({",": thousands, ".": decimal}))


def _explanation_text(k: int, secondary: bool) -> str:
    text = _translate(EXPLANATION) % {"k": k}
    return f"{text} {_translate(SECONDARY_EXPLANATION)}" if secondary else text


_lazy_explanation = lazy(_explanation_text, str)


def explanation(k: int, *, secondary: bool = False) -> Promise:
    """The sentence shown near suppressed or rounded figures, translated when it is rendered."""
    return _lazy_explanation(k, secondary)


@cache
def _separators(language: str) -> tuple[str, str]:
    # Django's locale format files are plain modules, so this works without settings (scripts, bare tests).
    for name in (translation.to_locale(language), language.split("-")[0]):
        try:
            formats = import_module(f"django.conf.locale.{name}.formats")
        except ImportError:
            continue
        return getattr(formats, "THOUSAND_SEPARATOR", ","), getattr(formats, "DECIMAL_SEPARATOR", ".")
    return _separators(DEFAULT_LANGUAGE)


def _current_language() -> str:
    if settings.configured:
        return translation.get_language() or settings.LANGUAGE_CODE
    return DEFAULT_LANGUAGE


def _translate(message: str, language: str | None = None) -> str:
    # Without settings (a script, a bare unit test) the English msgid is the text.
    if not settings.configured:
        return message
    if language is None:
        return translation.gettext(message)
    with translation.override(language):
        return translation.gettext(message)
