"""Security headers on every page: a strict Content-Security-Policy with a nonce, and nothing inline without it.

The test walks the URL resolver like the tenancy test (its route walker, object filler and Utrecht's
objects) and GETs every route as alice, coordinator of Utrecht, with Utrecht's objects; then the parents'
and participants' public pages (/q/, /j/, /c/) and the anonymous pages. Every response must carry the
headers; every HTML response must have a nonce in script-src and style-src, neither 'unsafe-inline' nor
'unsafe-eval', and every inline <script> and <style> in it must carry that nonce, with no on…="" handler
attribute and no style="" attribute anywhere.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import get_resolver

from ouderpartner.accounts.models import User
from ouderpartner.accounts.testing import verify_client_session
from ouderpartner.live.models import LiveSession
from ouderpartner.policy.models import PolicyFramework
from ouderpartner.voice.models import Distribution, Response
from tests.routewalk import OUTSIDE_WORKSPACES, WORKSPACE_ROUTE, fill, walk
from tests.test_tenancy import utrecht_objects  # noqa: F401  (the fixture, reused)

pytestmark = pytest.mark.django_db

# Script types a browser runs; any other type (application/json from json_script) is a data block, which
# CSP does not govern and which cannot carry code.
JAVASCRIPT_TYPES = {"", "text/javascript", "module", "application/javascript"}
NONCE = re.compile(r"'nonce-([A-Za-z0-9+/=]+)'")
# Each route and the fewest GET-able pages the walk must reach, so a broken walker cannot pass quietly.
MINIMUM_PAGES = 150


class InlineCode(HTMLParser):
    """Collects what CSP would judge in a page: inline scripts and styles, handler and style attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.inline: list[tuple[str, str | None]] = []  # (tag, nonce)
        self.attributes: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "script" and "src" not in values:
            if (values.get("type") or "").strip().lower() in JAVASCRIPT_TYPES:
                self.inline.append((tag, values.get("nonce")))
        elif tag == "style":
            self.inline.append((tag, values.get("nonce")))
        for name, _value in attrs:
            if name == "style" or (name.startswith("on") and len(name) > 2):
                self.attributes.append(f"<{tag} {name}=…>")

    handle_startendtag = handle_starttag


def directives(policy: str) -> dict[str, list[str]]:
    parsed = {}
    for part in policy.split(";"):
        words = part.split()
        if words:
            parsed[words[0]] = words[1:]
    return parsed


def problems(path: str, response) -> list[str]:
    """What is wrong with one response's headers and, for HTML, its inline code."""
    found = []
    for header, expected in (
        ("X-Frame-Options", "DENY"),
        ("X-Content-Type-Options", "nosniff"),
        ("Cross-Origin-Opener-Policy", "same-origin"),
    ):
        if response.get(header) != expected:
            found.append(f"{path}: {header} is {response.get(header)!r}")
    # Staff pages say same-origin; the parents' and participants' pages send no referrer at all.
    if response.get("Referrer-Policy") not in ("same-origin", "no-referrer"):
        found.append(f"{path}: Referrer-Policy is {response.get('Referrer-Policy')!r}")
    if "camera=()" not in response.get("Permissions-Policy", ""):
        found.append(f"{path}: no Permissions-Policy")
    policy = response.get("Content-Security-Policy", "")
    parsed = directives(policy)
    if not policy or parsed.get("frame-ancestors") != ["'none'"] or parsed.get("object-src") != ["'none'"]:
        found.append(f"{path}: Content-Security-Policy is {policy!r}")
    if "'unsafe-inline'" in policy or "'unsafe-eval'" in policy:
        found.append(f"{path}: the policy allows unsafe code: {policy}")
    if not response.get("Content-Type", "").startswith("text/html") or getattr(response, "streaming", False):
        return found
    nonces = {
        directive: set(NONCE.findall(" ".join(parsed.get(directive, []))))
        for directive in ("script-src", "style-src")
    }
    nonce = next(iter(nonces["script-src"]), None)
    if nonce is None or nonces["style-src"] != {nonce}:
        found.append(f"{path}: no single nonce in script-src and style-src: {policy}")
    parser = InlineCode()
    parser.feed(response.content.decode("utf-8", "replace"))
    for tag, given in parser.inline:
        if given != nonce:
            found.append(f"{path}: inline <{tag}> without this response's nonce")
    found += [f"{path}: {attribute}" for attribute in parser.attributes]
    return found


def concrete_paths(objects: dict) -> list[str]:
    """Every route of the resolver with Utrecht's objects filled in (DRF's format-suffix twins left out)."""
    paths = []
    for route, _name in walk(get_resolver().url_patterns):
        if "(?P" in route or "^" in route or "\\" in route:
            continue  # the same views as their plain routes, with ".json" and friends
        if not (WORKSPACE_ROUTE.match(route) or OUTSIDE_WORKSPACES.match(route)):
            continue  # test_tenancy fails on these already
        if route.startswith("admin/"):
            # The admin's own object ids (no workspace models): any id gives the page or its 404/redirect.
            paths.append("/" + re.sub(r"<[^>]+>", "1", route))
        else:
            paths.append(fill(route, ws="utrecht", objects=objects))
    return sorted(set(paths))


@pytest.fixture
def public_pages(utrecht, school, utrecht_objects):  # noqa: F811
    """The parent's and participant's pages, reached the way they reach them."""
    from ouderpartner.live.tests.factories import LiveSessionFactory
    from ouderpartner.policy.tests.consultation_factories import framework_in_consultation
    from ouderpartner.voice.tests.factories import DistributionFactory, questionnaire_with_questions

    cache.clear()
    distribution: Distribution = DistributionFactory(
        questionnaire=questionnaire_with_questions(utrecht), location=school.locations.get()
    )
    meeting = LiveSessionFactory(workspace=utrecht, languages=["nl", "ar"], status=LiveSession.Status.LIVE)
    framework: PolicyFramework = framework_in_consultation(utrecht)
    parent, participant = Client(), Client()
    assert parent.post(f"/q/{distribution.code}/", {"language": "nl"}).status_code == 302
    answer = Response.objects.filter(distribution=distribution).latest("started_at")
    assert participant.post(f"/j/{meeting.code}/", {"language": "nl"}).status_code == 302
    code = framework.consultation_code
    return [
        (parent, f"/q/{distribution.code}/"),
        (parent, f"/q/{distribution.code}/r/{answer.token}/0/"),
        (parent, f"/q/{distribution.code}/r/{answer.token}/1/"),
        (parent, f"/q/{distribution.code}/r/{answer.token}/done/"),
        (parent, "/q/does-not-exist/"),
        (participant, "/j/"),
        (participant, f"/j/{meeting.code}/"),
        (participant, f"/j/{meeting.code}/live/"),
        (participant, "/j/99999999/"),
        (Client(), f"/c/{code}/"),
        (Client(), f"/c/{code}/nl/"),
        (Client(), f"/c/{code}/nl/thanks/"),
        (Client(), "/c/does-not-exist/"),
    ]


def test_every_page_has_the_headers_and_nothing_inline_without_the_nonce(
    client_for,
    alice,
    utrecht_objects,  # noqa: F811
    public_pages,
    record_property,
):
    failures, html_pages, responses = [], 0, 0
    paths = concrete_paths(utrecht_objects)
    checks = [(client_for(alice), path) for path in paths]
    # The admin once more as a superuser, who gets its real pages rather than the login redirect.
    admin, root = Client(), User.objects.create_superuser(email="root@example.org", password="x" * 20)
    admin.force_login(root)
    verify_client_session(admin, root)
    checks += [(admin, path) for path in paths if path.startswith("/admin/")]
    checks += public_pages
    anonymous = Client()
    checks += [(anonymous, path) for path in ("/", "/accounts/login/", "/privacy/", "/accessibility/")]
    checks += [
        (anonymous, "/no-such-page/"),
        (anonymous, "/api/no-such-endpoint/"),
        (anonymous, "/w/utrecht/"),
    ]
    for client, path in checks:
        response = client.get(path)
        responses += 1
        html_pages += response.get("Content-Type", "").startswith("text/html")
        failures += problems(path, response)
    record_property("responses_checked", responses)
    record_property("html_pages_checked", html_pages)
    print(f"security headers: {responses} responses checked, {html_pages} of them HTML")
    assert not failures, "\n".join(failures)
    assert html_pages >= MINIMUM_PAGES, html_pages


def test_the_checks_catch_what_they_should():
    """The checker itself: an unnonced inline script, a handler, a style attribute and a weak policy fail."""
    from django.http import HttpResponse

    bad = HttpResponse(
        '<script>alert(1)</script><style nonce="abc">p{}</style><p onclick="x()" style="color:red">'
        '<script type="application/json">{}</script>'
    )
    bad["Content-Security-Policy"] = (
        "script-src 'self' 'nonce-abc' 'unsafe-inline'; style-src 'self' 'nonce-abc'"
    )
    found = "\n".join(problems("/bad/", bad))
    assert "inline <script> without" in found
    assert "<p onclick=…>" in found and "<p style=…>" in found
    assert "unsafe code" in found and "X-Frame-Options" in found
    assert "inline <style>" not in found  # it carries the nonce
    assert found.count("inline <script>") == 1  # the JSON data block is not code


def test_hsts_in_production():
    """With SECURE_COOKIES (production over HTTPS) the settings ask for HSTS on all subdomains, a year long."""
    import os
    import subprocess
    import sys

    environment = {**os.environ, "SECURE_COOKIES": "1", "SECRET_KEY": "x" * 50, "DEBUG": ""}
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import config.settings as s; print(s.SECURE_HSTS_SECONDS, "
            "s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_HSTS_PRELOAD)",
        ],
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    seconds, subdomains, preload = result.stdout.split()
    assert int(seconds) >= 60 * 60 * 24 * 365
    assert (subdomains, preload) == ("True", "False")


def test_hsts_header_over_https(client, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    response = client.get("/accounts/login/", secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert "Strict-Transport-Security" not in client.get("/accounts/login/")  # never over plain HTTP


# --- Error responses and media: the headers do not depend on which view answered ---------------------------


def _forbidden(request):
    from django.core.exceptions import PermissionDenied

    raise PermissionDenied


def _crash(request):
    raise RuntimeError("boom")


def _status(code: int):
    from django.http import HttpResponse

    return lambda request: HttpResponse("<!DOCTYPE html><title>x</title>", status=code)


def _error_urlpatterns():
    from django.urls import include, path

    return [
        path("forbidden/", _forbidden),
        path("crash/", _crash),
        path("gone/", _status(410)),
        path("too-many/", _status(429)),
        path("", include("config.urls")),
    ]


urlpatterns = _error_urlpatterns()
handler404 = "ouderpartner.api.errors.not_found"
handler500 = "ouderpartner.api.errors.server_error"


@pytest.mark.urls("tests.test_security_headers")
def test_error_pages_carry_the_headers():
    client = Client(raise_request_exception=False)
    failures = []
    for path, status in (
        ("/forbidden/", 403),
        ("/crash/", 500),
        ("/gone/", 410),
        ("/too-many/", 429),
        ("/nope/", 404),
    ):
        response = client.get(path)
        assert response.status_code == status, path
        failures += problems(path, response)
    assert not failures, "\n".join(failures)


def test_media_files_carry_the_headers(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "logos").mkdir()
    (tmp_path / "logos" / "logo.png").write_bytes(bytes.fromhex("89504e470d0a1a0a"))
    response = client.get("/media/logos/logo.png")
    assert response.status_code == 200
    assert not problems("/media/logos/logo.png", response)


def test_the_tile_host_goes_into_img_src():
    from config.settings import _tile_source

    assert _tile_source(
        "https://service.pdok.nl/brt/achtergrondkaart/wmts/v2_0/standaard/EPSG:3857/{z}/{x}/{y}.png"
    ) == ["https://service.pdok.nl"]
    assert _tile_source("https://{s}.tile.example.org/{z}/{x}/{y}.png") == ["https://*.tile.example.org"]
    assert _tile_source("") == []
