"""Bytes on the wire of the main pages on a first visit (Debian's Chromium, cold cache), and the phone
budget of issue 9, item 6: the parent question page and the live participant page under 100 KB, their
answer buttons on screen within 3 s on slow 3G with a four times slower CPU.

    .venv/bin/python bench/page_weight.py                      # starts its own server (below)
    .venv/bin/python bench/page_weight.py --base http://127.0.0.1:8000 [--live-code ABC123]

Without --base it makes a throwaway SQLite database with the demo (`manage.py load_demo`), opens the
demo's draft meeting (the knowledge meeting) so that it is live, collects the static files the way
production does (hashed names, gzip and Brotli: `collectstatic` with WhiteNoise's compressed storage,
into a temporary folder) and starts `uvicorn config.asgi:application` as `make run` does, with DEBUG off.
With --base it measures that server instead (it needs the demo; the live pages only with --live-code, the
code of a meeting that is live there).

Prints, per page, the requests and the kilobytes Chromium received (headers and compressed bodies:
Network.loadingFinished's encodedDataLength), then the phone pages on slow 3G (400 ms round trip,
400 kbit/s, CPU 4x slower: ouderpartner/core/page_metrics.py): first contentful paint and when the
first answer button is on screen; and a target line for each budget. Staff pages sign in as the demo's
coordinator (password and the demo's published authenticator key). Exits 0 when it measured.
"""

from __future__ import annotations

import argparse
import io
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ouderpartner.core.page_metrics import BUDGET_BYTES, FIRST_PAINT_BUDGET_MS, first_visit  # noqa: E402

STAFF = "alice@example.org"
PASSWORD = "ouderpartner-demo"
STAFF_PAGES = [
    ("login", "/accounts/login/", False),
    ("home", "/w/utrecht/", True),
    ("organisations", "/w/utrecht/network/organisations/", True),
    ("neighbourhoods", "/w/utrecht/network/neighbourhoods/", True),
    ("map", "/w/utrecht/network/map/", True),
    ("programmes", "/w/utrecht/programmes/", True),
    ("line 0-21", "/w/utrecht/programmes/line/", True),
    ("matrix", "/w/utrecht/programmes/matrix/", True),
    ("subsidies", "/w/utrecht/programmes/subsidies/", True),
    ("voice insights", "/w/utrecht/voice/insights/", True),
]
ANSWER = ".p-option__card, .live-form button, .live-form input:not([type=hidden]), .live-form select"
LANGUAGE = "button[name=language]"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def prepare(env: dict[str, str]) -> str:
    """Migrate, collect the static files, load the demo and open its draft meeting; the meeting's code."""
    os.environ.update(env)
    import django

    django.setup()
    from django.core.management import call_command

    from ouderpartner.live import services
    from ouderpartner.live.models import LiveSession

    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    call_command("collectstatic", verbosity=0, interactive=False)
    call_command("load_demo", stdout=io.StringIO())  # its report is long; the figures follow
    draft = LiveSession.objects.filter(status=LiveSession.Status.DRAFT, workspace__slug="utrecht").first()
    if draft is None:
        raise SystemExit("The demo has no draft meeting to open.")
    services.session_go_live(session=draft, actor=None)
    from django.db import connections

    connections.close_all()
    print(f"prepared the demo and the static files in {time.perf_counter() - started:.0f} s")
    return draft.code


def start_server(env: dict[str, str], port: int) -> subprocess.Popen:
    command = [
        str(ROOT / ".venv" / "bin" / "uvicorn"),
        "config.asgi:application",
        "--host", "127.0.0.1",
        "--port", str(port),
        "--no-access-log",
        "--lifespan", "off",
        "--ws-per-message-deflate", "false",
        "--log-level", "warning",
    ]  # fmt: skip
    process = subprocess.Popen(command, cwd=ROOT, env={**os.environ, **env}, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return process
        if process.poll() is not None:
            raise SystemExit("The server stopped while starting.")
        time.sleep(0.1)
    raise SystemExit(f"The server did not listen on port {port} within 60 s.")


def totp_now() -> str:
    from base64 import b32decode

    from django_otp.oath import totp

    from ouderpartner.accounts.demo import DEMO_TOTP_KEY

    return f"{totp(b32decode(DEMO_TOTP_KEY)):06d}"


def sign_in(browser, base: str) -> dict:
    """The demo coordinator's cookies (password, then the demo authenticator's code)."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(base + "/accounts/login/")
    page.fill("input[name=username]", STAFF)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_load_state("networkidle")
    if "/accounts/two-factor/" in page.url:
        page.fill("input[name=code]", totp_now())
        page.click("main form.op-form button[type=submit]")
        page.wait_for_load_state("networkidle")
    if "/accounts/" in urlparse(page.url).path:
        raise SystemExit(f"Signing in as {STAFF} did not work (still at {page.url}).")
    state = context.storage_state()
    context.close()
    return state


def distribution_link(browser, base: str, state: dict) -> str:
    """The short link of the demo's first distribution, as a coordinator finds it."""
    context = browser.new_context(storage_state=state)
    page = context.new_page()
    page.goto(base + "/w/utrecht/voice/distributions/")
    hrefs = page.locator("main a[href*='/voice/distributions/']").evaluate_all(
        "els => els.map(e => e.getAttribute('href'))"
    )
    href = next(h for h in hrefs if re.search(r"/distributions/\d+/$", h))
    page.goto(base + href)
    link = page.locator("#parent-link").get_attribute("href")
    context.close()
    return base + urlparse(link).path  # the link names the configured public address; measure this server


def to_first_question(link: str):
    """A parent opens the short link, taps Arabic, then "start": the first question page is measured."""

    def walk(page) -> None:
        page.goto(link, wait_until="networkidle")
        page.locator("main button[name=language][value=ar]").click()
        page.wait_for_load_state("networkidle")
        page.locator("main button[name=action][value=next]").click()  # the intro's "start"
        page.wait_for_load_state("networkidle")

    return walk


def to_live_page(base: str, code: str):
    """A participant opens /j/<code>/ and taps Dutch: the live page (with its cookie) is measured."""

    def walk(page) -> None:
        page.goto(f"{base}/j/{code}/", wait_until="networkidle")
        page.locator("main button[name=language][value=nl]").click()
        page.wait_for_url("**/live/")

    return walk


PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True, "locale": "nl-NL"}


def measure(browser, args, base: str, live_code: str) -> None:
    state = sign_in(browser, base)
    print(f"{'page':<24}{'requests':>9}{'KB on the wire':>16}")
    for name, path, signed_in in STAFF_PAGES:
        context = browser.new_context(storage_state=state if signed_in else None)
        visit = first_visit(context, base + path, ready="body")
        context.close()
        print(f"{name:<24}{visit.requests:>9}{visit.kb:>16.1f}")

    link = distribution_link(browser, base, state)
    phone_pages = [("parent question page", None, ANSWER, to_first_question(link))]
    if live_code:
        phone_pages += [
            ("live language page", f"{base}/j/{live_code}/", LANGUAGE, None),
            ("live participant page", None, ANSWER, to_live_page(base, live_code)),
        ]
    else:
        print("(no live meeting: the live participant page is not measured; give --live-code)")
    figures = {}
    for name, url, ready, before in phone_pages:
        context = browser.new_context(**PHONE)
        plain = first_visit(context, url, ready=ready, before=before)
        context.close()
        print(f"{name:<24}{plain.requests:>9}{plain.kb:>16.1f}")
        figures[name] = [plain]
    print(
        f"\nOn slow 3G (400 ms round trip, 400 kbit/s down and up) with the CPU 4x slower, a first visit, "
        f"best of {args.runs}:"
    )
    print(f"{'page':<24}{'requests':>9}{'KB':>8}{'first paint ms':>16}{'answers ms':>12}")
    for name, url, ready, before in phone_pages:
        runs = []
        for _ in range(args.runs):
            context = browser.new_context(**PHONE)
            runs.append(first_visit(context, url, ready=ready, before=before, throttle=True))
            context.close()
        best = min(runs, key=lambda visit: visit.ready_ms or float("inf"))
        print(
            f"{name:<24}{best.requests:>9}{best.kb:>8.1f}{best.first_contentful_paint_ms or float('nan'):>16.0f}"
            f"{best.ready_ms or float('nan'):>12.0f}"
        )
        figures[name].append(best)
    print()
    for name, (plain, slow) in figures.items():
        over = plain.bytes - BUDGET_BYTES
        verdict = "met" if over < 0 else f"NOT MET by {over / 1024:.1f} KB"
        print(
            f"target: {name} under {BUDGET_BYTES // 1024} KB on a first visit ({plain.kb:.1f} KB): {verdict}"
        )
        late = (slow.ready_ms or float("inf")) - FIRST_PAINT_BUDGET_MS
        verdict = "met" if late <= 0 else f"NOT MET by {late:.0f} ms"
        print(
            f"target: {name} answer buttons on screen within {FIRST_PAINT_BUDGET_MS} ms on slow 3G "
            f"({slow.ready_ms or float('nan'):.0f} ms, first contentful paint "
            f"{slow.first_contentful_paint_ms or float('nan'):.0f} ms): {verdict}"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", default="", help="measure this running server instead of starting one")
    parser.add_argument("--live-code", default="", help="with --base: the code of a live meeting there")
    parser.add_argument(
        "--runs", type=int, default=3, help="throttled loads per phone page (the best counts)"
    )
    parser.add_argument("--chromium", default=os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
    args = parser.parse_args()
    print(f"load average before: {' '.join(f'{v:.2f}' for v in os.getloadavg())} ({os.cpu_count()} cores)")

    workdir = None
    process = None
    base, live_code = args.base.rstrip("/"), args.live_code
    try:
        if not base:
            workdir = Path(tempfile.mkdtemp(prefix="page-weight-"))
            port = free_port()
            env = {
                "SECRET_KEY": secrets.token_urlsafe(40),
                "DEBUG": "0",
                "TESTING": "0",
                "SQLITE_PATH": str(workdir / "bench.sqlite3"),
                "STATIC_ROOT": str(workdir / "static"),
                "MEDIA_ROOT": str(workdir / "media"),
                "ALLOWED_HOSTS": "127.0.0.1,localhost",
                "SITE_URL": f"http://127.0.0.1:{port}",
                "LOG_LEVEL": "WARNING",
                "DJANGO_SETTINGS_MODULE": "config.settings",
                "DATABASE_URL": "",
                "REDIS_URL": "",
                # WhiteNoise hands files to Django's ASGI handler as a synchronous iterator: expected here.
                "PYTHONWARNINGS": "ignore:StreamingHttpResponse must consume synchronous iterators",
            }
            live_code = prepare(env)
            process = start_server(env, port)
            base = f"http://127.0.0.1:{port}"
            print("server: uvicorn config.asgi:application, DEBUG off, static files compressed (WhiteNoise)")
        else:
            os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
            os.environ.setdefault("DEBUG", "1")
            import django

            django.setup()

        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=args.chromium,
                args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking"],
            )
            print(f"browser: Chromium {browser.version}")
            measure(browser, args, base, live_code)
            browser.close()
    finally:
        if process is not None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
        if workdir is not None:
            shutil.rmtree(workdir, ignore_errors=True)
    print(f"load average after: {' '.join(f'{v:.2f}' for v in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
