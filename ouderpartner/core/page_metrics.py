"""What a phone gets on a first visit to a page: bytes on the wire, requests, first contentful paint and
the moment the first answer buttons are on screen, optionally on a throttled slow connection.

Used by the browser tests of the phone budget (issue 9, item 6) and by bench/page_weight.py, with
Playwright's sync API and Debian's Chromium. Not imported by the application.

The slow connection is WebPageTest's "3G Slow" profile: 400 ms round trip, 400 kbit/s down and up,
with the CPU slowed down four times (a cheap phone), set through the DevTools protocol
(Network.emulateNetworkConditions, Emulation.setCPUThrottlingRate). Bytes are counted as Chromium
receives them (Network.loadingFinished's encodedDataLength: headers and the compressed body).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

BUDGET_BYTES = 100 * 1024  # a first visit, compressed, everything the page loads
SLOW_3G = {
    "offline": False,
    "latency": 400,  # ms, round trip
    "downloadThroughput": 400 * 1000 / 8,  # bytes/s
    "uploadThroughput": 400 * 1000 / 8,
}
CPU_SLOWDOWN = 4
# First contentful paint and answer buttons on screen, on the slow connection above, from the start of
# the navigation. Chromium adds the round trip to every response: the page, then its render-blocking
# stylesheets, take two round trips (0.8 s) plus their bytes at 50 KB/s; the phone pages measure
# 1.1-1.3 s there (bench/results.md). 3 s is the "good" first contentful paint of Lighthouse's mobile
# scoring (1.8 s on its faster 4G profile) allowing for a connection with more than twice the round trip
# and a quarter of the bandwidth: a page with a web font, a script before the first paint or 100 KB of
# blocking CSS misses it, and a busy test machine does not.
FIRST_PAINT_BUDGET_MS = 3000

# Recorded in the page from the start of the navigation: when `window.__readySelector` first has a
# visible box in the viewport (checked every animation frame, i.e. just before a paint).
READY_SCRIPT = """
(() => {
  const check = () => {
    const selector = window.__readySelector;
    const found = selector && document.querySelector(selector);
    if (found) {
      const box = found.getBoundingClientRect();
      if (box.height > 0 && box.width > 0 && box.top < innerHeight) {
        window.__readyAt = performance.now();
        return;
      }
    }
    requestAnimationFrame(check);
  };
  requestAnimationFrame(check);
})();
"""


@dataclass
class FirstVisit:
    url: str
    requests: int
    bytes: int
    first_contentful_paint_ms: float | None
    ready_ms: float | None
    hosts: set[str]
    throttled: bool

    @property
    def kb(self) -> float:
        return self.bytes / 1024

    def line(self, name: str) -> str:
        timing = ""
        if self.first_contentful_paint_ms is not None:
            timing = (
                f", first contentful paint {self.first_contentful_paint_ms:.0f} ms, "
                f"answer buttons on screen {self.ready_ms or float('nan'):.0f} ms"
            )
        where = "on slow 3G with a 4x slower CPU" if self.throttled else "unthrottled"
        return f"{name}: {self.requests} requests, {self.kb:.1f} KB on the wire ({where}){timing}"


def first_visit(
    context: Any, url: str | None, *, ready: str, throttle: bool = False, before: Any = None
) -> FirstVisit:
    """Open url in a new page of context with the browser cache off (a first visit) and measure it.

    ready: a CSS selector of what makes the page useful (the first answer button). before(page), when
    given, runs first in the same page (e.g. choosing a language that sets a cookie); what it loads is
    not counted. Without url, the page before() ended on is measured.
    """
    page = context.new_page()
    try:
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
        sizes: dict[str, int] = {}
        urls: dict[str, str] = {}
        cdp.on("Network.requestWillBeSent", lambda e: urls.update({e["requestId"]: e["request"]["url"]}))
        cdp.on("Network.loadingFinished", lambda e: sizes.update({e["requestId"]: e["encodedDataLength"]}))
        if before is not None:
            before(page)
            page.wait_for_load_state("networkidle")
        url = url or page.url
        page.add_init_script(f"window.__readySelector = {ready!r};\n{READY_SCRIPT}")
        if throttle:
            cdp.send("Network.emulateNetworkConditions", SLOW_3G)
            cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
        # A fresh connection, as on a first visit: the page is loaded from about:blank.
        page.goto("about:blank")
        sizes.clear()
        urls.clear()
        page.goto(url, wait_until="load", timeout=60000)
        page.wait_for_load_state("networkidle", timeout=60000)
        page.wait_for_function("window.__readyAt !== undefined", timeout=30000)
        fcp = page.evaluate(
            """() => {
              const entry = performance.getEntriesByType("paint")
                .find(e => e.name === "first-contentful-paint");
              return entry ? entry.startTime : null;
            }"""
        )
        ready_at = page.evaluate("window.__readyAt")
        if throttle:
            cdp.send("Emulation.setCPUThrottlingRate", {"rate": 1})
        counted = {key: value for key, value in sizes.items() if not urls.get(key, "").startswith("data:")}
        hosts = {urls[key].split("/")[2] for key in counted if "://" in urls.get(key, "")}
        return FirstVisit(
            url=url,
            requests=len(counted),
            bytes=sum(counted.values()),
            first_contentful_paint_ms=fcp,
            ready_ms=max(ready_at, fcp) if fcp is not None and ready_at is not None else ready_at,
            hosts=hosts,
            throttled=throttle,
        )
    finally:
        page.close()
