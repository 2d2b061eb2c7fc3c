"""Transferred size of the main pages, as a browser loads them (Debian's Chromium, cold cache).

Run against a server started by `make run` (production static files: hashed and compressed):
    .venv/bin/python bench/page_weight.py [--base http://127.0.0.1:8000]
Prints, per page, the bytes on the wire (compressed) for the document and everything it loads.
"""

import argparse
import os
import re
import sys
from urllib.parse import urlparse

from playwright.sync_api import sync_playwright

PARENT = object()  # the parent's first question page, found through the demo's distributions
PAGES = [
    ("login", "/accounts/login/", None),
    ("home", "/w/utrecht/", "alice@example.org"),
    ("organisations", "/w/utrecht/network/organisations/", "alice@example.org"),
    ("neighbourhoods", "/w/utrecht/network/neighbourhoods/", "alice@example.org"),
    ("map", "/w/utrecht/network/map/", "alice@example.org"),
    ("programmes", "/w/utrecht/programmes/", "alice@example.org"),
    ("line 0-21", "/w/utrecht/programmes/line/", "alice@example.org"),
    ("matrix", "/w/utrecht/programmes/matrix/", "alice@example.org"),
    ("subsidies", "/w/utrecht/programmes/subsidies/", "alice@example.org"),
    ("voice insights", "/w/utrecht/voice/insights/", "alice@example.org"),
    ("parent question", PARENT, None),
]
PASSWORD = "ouderpartner-demo"


def distribution_link(browser, base: str) -> str:
    """The short link of the demo's first distribution, as a coordinator finds it."""
    context = browser.new_context()
    page = context.new_page()
    login(page, base, "alice@example.org")
    page.goto(base + "/w/utrecht/voice/distributions/")
    hrefs = page.locator("main a[href*='/voice/distributions/']").evaluate_all(
        "els => els.map(e => e.getAttribute('href'))"
    )
    href = next(h for h in hrefs if re.search(r"/distributions/\d+/$", h))
    page.goto(base + href)
    link = page.locator("#parent-link").get_attribute("href")
    context.close()
    return base + urlparse(link).path  # the link names the configured public address; measure this server


def login(page, base: str, user: str) -> None:
    page.goto(base + "/accounts/login/")
    page.fill("input[name=username]", user)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_load_state("networkidle")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    parser.add_argument("--chromium", default=os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
    args = parser.parse_args()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=args.chromium,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        print(f"{'page':<16}{'requests':>9}{'KB on the wire':>16}")
        for name, path, user in PAGES:
            context = browser.new_context()
            page = context.new_page()
            if user:
                login(page, args.base, user)
            cdp = context.new_cdp_session(page)
            cdp.send("Network.enable")
            cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
            sizes: dict[str, int] = {}
            cdp.on(
                "Network.loadingFinished",
                lambda e, sizes=sizes: sizes.update({e["requestId"]: e["encodedDataLength"]}),
            )
            if path is PARENT:
                # A parent opens the short link, taps a language: the first question page is measured.
                page.goto(distribution_link(browser, args.base), wait_until="networkidle")
                page.locator("main button[name=language][value=ar]").click()
                page.wait_for_load_state("networkidle")
                page.locator("main button[name=action][value=next]").click()  # the intro's "start"
                page.wait_for_load_state("networkidle")
                sizes.clear()
                page.reload(wait_until="networkidle")
            else:
                page.goto(args.base + path, wait_until="networkidle")
            print(f"{name:<16}{len(sizes):>9}{sum(sizes.values()) / 1024:>16.1f}")
            context.close()
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
