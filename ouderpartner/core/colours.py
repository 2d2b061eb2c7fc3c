"""Brand colours of a workspace: parsing and the WCAG contrast check that refuses unreadable ones."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
WHITE = "#FFFFFF"
MIN_CONTRAST = 4.5


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4


def relative_luminance(colour: str) -> float:
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast_ratio(first: str, second: str) -> float:
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def validate_brand_colour(value: str) -> None:
    """A brand colour carries white text (buttons) and is used as text on white (links)."""
    if not HEX_COLOUR.match(value or ""):
        raise ValidationError(_("Give a colour as # followed by six hexadecimal digits, e.g. #01689B."))
    ratio = contrast_ratio(value, WHITE)
    if ratio < MIN_CONTRAST:
        raise ValidationError(
            _("This colour contrasts %(ratio).1f:1 with white; at least 4.5:1 is needed to stay readable.")
            % {"ratio": ratio}
        )


def shade(colour: str, factor: float) -> str:
    """Darken (factor < 1) a colour, for hover and active states."""
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return "#{:02X}{:02X}{:02X}".format(*(max(0, min(255, round(c * factor))) for c in (r, g, b)))
