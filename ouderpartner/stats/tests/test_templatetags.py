"""The `published` filter and the explanation tag render counts about people as the disclosure rules allow."""

from __future__ import annotations

from django.template import Context, Template
from django.utils import translation

from ouderpartner.stats import publish_count


def render(source: str, **context) -> str:
    return Template("{% load disclosure %}" + source).render(Context(context))


def test_it_hides_counts_under_k_and_rounds_the_rest():
    assert render("{{ n|published:k }}", n=3, k=5) == "&lt; 5"
    assert render("{{ n|published:k }}", n=12, k=5) == "10"
    assert render("{{ n|published:k }}", n=0, k=5) == "0"


def test_it_uses_the_workspaces_stricter_threshold_and_never_a_looser_one():
    assert render("{{ n|published:k }}", n=7, k=10) == "&lt; 10"
    assert render("{{ n|published:k }}", n=3, k=2) == "&lt; 5"


def test_it_shows_unknown_as_a_dash():
    assert render("{{ n|published:k }}", n=None, k=5) == "—"


def test_it_formats_numbers_in_the_active_language():
    with translation.override("nl"):
        assert render("{{ n|published:k }}", n=12344, k=5) == "12.345"
    with translation.override("en"):
        assert render("{{ n|published:k }}", n=12344, k=5) == "12,345"


def test_it_accepts_an_already_published_count():
    assert render("{{ n|published:k }}", n=publish_count(4, k=5), k=5) == "&lt; 5"


def test_the_explanation_is_translated_and_names_k():
    with translation.override("nl"):
        assert "Aantallen onder de 10 worden niet getoond" in render("{% disclosure_explanation k %}", k=10)
    with translation.override("en"):
        assert render("{% disclosure_explanation k %}", k=None).startswith("Figures under 5 are hidden")
