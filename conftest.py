"""Shared test fixtures: the test cast, and a real browser (Debian's Chromium) with axe-core.

The cast (issue 2): alice coordinates Utrecht, bob is a professional at one Utrecht school,
carol reads, and dave coordinates another municipality — the outsider in every view test.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from ouderpartner.core.models import Role

ROOT = Path(__file__).resolve().parent
SHARED_DATA = Path(os.environ.get("SHARED_DATA_DIR", ROOT.parent / "shared" / "data"))
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
PASSWORD = "correct horse battery staple"


@pytest.fixture
def utrecht(db):
    from ouderpartner.core.tests.factories import WorkspaceFactory

    return WorkspaceFactory(
        name="Gemeente Utrecht",
        slug="utrecht",
        municipality_code="GM0344",
        parent_languages=["nl", "ar", "tr"],
    )


@pytest.fixture
def amersfoort(db):
    from ouderpartner.core.tests.factories import WorkspaceFactory

    return WorkspaceFactory(name="Gemeente Amersfoort", slug="amersfoort", municipality_code="GM0307")


@pytest.fixture
def school(utrecht):
    from ouderpartner.network.tests.factories import LocationFactory, OrganisationFactory

    organisation = OrganisationFactory(workspace=utrecht, name="Willibrordschool", brin="04IM")
    LocationFactory(organisation=organisation, name="Willibrordschool", branch_code="04IM00")
    return organisation


@pytest.fixture
def alice(utrecht):
    from ouderpartner.core.tests.factories import MembershipFactory, UserFactory

    user = UserFactory(email="alice@utrecht.example", name="Alice Jansen")
    MembershipFactory(user=user, workspace=utrecht, role=Role.COORDINATOR)
    return user


@pytest.fixture
def bob(utrecht, school):
    from ouderpartner.core.tests.factories import MembershipFactory, UserFactory

    user = UserFactory(email="bob@utrecht.example", name="Bob de Vries")
    MembershipFactory(user=user, workspace=utrecht, role=Role.PROFESSIONAL, organisation=school)
    return user


@pytest.fixture
def carol(utrecht):
    from ouderpartner.core.tests.factories import MembershipFactory, UserFactory

    user = UserFactory(email="carol@utrecht.example", name="Carol Bakker")
    MembershipFactory(user=user, workspace=utrecht, role=Role.VIEWER)
    return user


@pytest.fixture
def dave(amersfoort):
    from ouderpartner.core.tests.factories import MembershipFactory, UserFactory

    user = UserFactory(email="dave@amersfoort.example", name="Dave Smit")
    MembershipFactory(user=user, workspace=amersfoort, role=Role.COORDINATOR)
    return user


@pytest.fixture(autouse=True)
def _force_login_passes_the_second_step(monkeypatch):
    """client.force_login(user) gives a session past two-factor authentication, as after a real login:
    a coordinator gets a confirmed authenticator if they have none (ouderpartner/accounts/testing.py).
    Tests of the second step itself log in through the login form instead."""
    from django.test.client import ClientMixin

    original = ClientMixin.force_login

    def force_login(self, user, backend=None):
        from ouderpartner.accounts.testing import verify_client_session

        original(self, user, backend)
        verify_client_session(self, user)

    monkeypatch.setattr(ClientMixin, "force_login", force_login)


@pytest.fixture
def client_for(client):
    """client_for(user) -> a test client logged in as that user (past the second step)."""

    def login(user):
        client.force_login(user)
        return client

    return login


def pytest_configure(config):
    """Compile the Dutch catalogues, so that a bare `pytest` on a fresh clone shows the real interface."""
    from django.core.management import call_command

    call_command("compilemessages_po")
    # Django may have read the catalogues before they were compiled (apps translate while loading):
    # forget them, so the first run on a fresh clone reads the new .mo files too.
    from django.utils.translation import trans_real

    trans_real._translations = {}
    trans_real._default = None
    if hasattr(trans_real._active, "value"):
        del trans_real._active.value


# --- Browser tests -------------------------------------------------------------------------


def pytest_collection_modifyitems(config, items):
    """Browser tests need Chromium. In CI a missing Chromium fails loudly; elsewhere it says what to install."""
    if (
        any("browser" in item.keywords for item in items)
        and not shutil.which(CHROMIUM)
        and not Path(CHROMIUM).exists()
    ):
        message = (
            f"Chromium not found at {CHROMIUM}: install it with `sudo apt-get install chromium` (Debian)."
        )
        if os.environ.get("CI"):
            raise pytest.UsageError(message)
        skip = pytest.mark.skip(reason=message)
        for item in items:
            if "browser" in item.keywords:
                item.add_marker(skip)


@pytest.fixture(scope="session")
def browser():
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = (
        "true"  # Playwright's sync API runs an event loop in this thread.
    )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield instance
        instance.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL")
    context.set_default_timeout(15000)
    page = context.new_page()
    page.base_url = live_server.url
    yield page
    context.close()


@pytest.fixture
def login(page):
    """login(user) signs the browser in through the real login form, and the second step when the user
    has (or, as a coordinator, needs) an authenticator: with the code it shows now."""

    def do_login(user, password: str = PASSWORD):
        from ouderpartner.accounts.testing import totp_code, totp_device_for

        device = totp_device_for(user)
        page.goto(f"{page.base_url}/accounts/login/")
        page.fill("input[name=username]", user.email)
        page.fill("input[name=password]", password)
        page.click("main button[type=submit]")
        page.wait_for_load_state("networkidle")
        if device is not None and "/accounts/two-factor/verify/" in page.url:
            page.fill("input[name=code]", totp_code(device))
            page.click("main form.op-form button[type=submit]")
            page.wait_for_load_state("networkidle")
        return page

    return do_login


def check_accessibility(page, *, context: str = "") -> None:
    """Run axe-core (WCAG 2.1 A/AA) on the current page and fail on any violation."""
    # Evaluated through the DevTools protocol, not as a <script>: the pages' CSP (nonces only) stays on.
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE_JS.read_text(encoding="utf-8"))
    result = page.evaluate(
        """async () => await axe.run(document, {runOnly: {type: 'tag',
             values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"""
    )
    violations = [
        {
            "id": v["id"],
            "impact": v["impact"],
            "nodes": [n["target"] for n in v["nodes"]][:5],
            "help": v["help"],
        }
        for v in result["violations"]
    ]
    assert not violations, (
        f"axe-core violations on {context or page.url}:\n{json.dumps(violations, indent=2)}"
    )


@pytest.fixture
def axe():
    return check_accessibility
