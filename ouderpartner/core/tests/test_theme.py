"""A workspace's brand colours reach the page as NL Design System token overrides."""

import pytest
from django.core.exceptions import ValidationError

from ouderpartner.core.colours import contrast_ratio, validate_brand_colour

pytestmark = pytest.mark.django_db


def test_the_workspace_colours_override_the_theme_tokens(client_for, alice, utrecht):
    utrecht.primary_colour = "#C50017"
    utrecht.accent_colour = "#1B5E8C"
    utrecht.save()
    html = client_for(alice).get("/w/utrecht/").content.decode()
    assert "--basis-color-action-1-inverse-bg-default:#C50017" in html
    assert "--basis-color-action-2-color-default:#C50017" in html
    assert "--op-accent:#1B5E8C" in html


def test_a_colour_that_white_text_cannot_be_read_on_is_refused():
    assert contrast_ratio("#FFDD00", "#FFFFFF") < 4.5
    with pytest.raises(ValidationError):
        validate_brand_colour("#FFDD00")
    validate_brand_colour("#01689B")


def test_a_malformed_colour_is_refused():
    with pytest.raises(ValidationError):
        validate_brand_colour("red")
