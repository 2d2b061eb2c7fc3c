"""Page throughput: requests/s and latency of the main staff pages and the parent's question page, each
also as a ratio to a minimal Django view (`/health/live`) served by the same server in the same run.

    .venv/bin/python bench/page_load.py                                    # embedded default: SQLite, 1 process
    .venv/bin/python bench/page_load.py --postgres postgres://postgres@127.0.0.1:5432/postgres --workers 2 --redis

It makes a throwaway database (SQLite, or with --postgres a new database on that server, dropped
afterwards), loads the demo (`manage.py load_demo`), starts `uvicorn config.asgi:application` with
production settings (DEBUG off, hashed and compressed static files, `--workers N`; with --redis a
temporary redis-server for the cache and the channel layer, or --redis-url), and signs the demo
coordinator alice@example.org in through the login form and the second step (her authenticator's current
code). The parent's question page is reached as a parent does: the demo distribution's link (as the
coordinator finds it on the distribution's page), a language, then "start".

Each page is loaded by `wrk` (Debian: apt-get install wrk) for --seconds with --connections keep-alive
connections, the staff pages with the coordinator's session cookie, the parent's pages without any. Before
every page, and once after the last, the ceiling (`/health/live`: a Django view that touches no database,
through the whole middleware stack) is loaded the same way; a page's ratio is its requests/s over the
mean of the ceiling runs just before and after it. Every page is first fetched once to check it answers
200 (not a redirect to the login page), and every response under load must be 200 too (counted by the
Lua script, which also reports p50/p95/p99).

Targets (issue 9, item 2): every staff page >= 0.25 of the ceiling, the parent's pages >= 0.5. The load
generator shares the cores with the server (and the machine with whatever else runs): requests/s vary
from run to run, the ratios much less. Exit status 0 when it measured (a missed target is reported);
non-zero when the measurement failed (a page not answering 200, wrk missing, the server not starting).
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import hmac
import http.cookiejar
import json
import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import struct
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

USER = "alice@example.org"
PASSWORD = "ouderpartner-demo"
WORKSPACE = "utrecht"
CEILING = "/health/live"
STAFF_TARGET = 0.25
PARENT_TARGET = 0.5

# (name, path or a key filled in from the pages themselves, parent page?)
PAGES = [
    ("workspace home", "/w/{ws}/", False),
    ("organisations", "/w/{ws}/network/organisations/", False),
    ("neighbourhoods", "/w/{ws}/network/neighbourhoods/", False),
    ("programmes", "/w/{ws}/programmes/", False),
    ("line 0-21", "/w/{ws}/programmes/line/", False),
    ("reach dashboard", "/w/{ws}/reach/", False),
    ("questionnaires", "/w/{ws}/voice/questionnaires/", False),
    ("questionnaire results", "{results}", False),
    ("voice insights", "/w/{ws}/voice/insights/", False),
    ("conversation records", "/w/{ws}/voice/conversations/", False),
    ("live meetings", "/w/{ws}/live/sessions/", False),
    ("policy overview", "/w/{ws}/policy/", False),
    ("framework", "{framework}", False),
    ("LEA meetings", "/w/{ws}/policy/lea-meetings/", False),
    ("parent start", "{parent_start}", True),
    ("parent question", "{parent_question}", True),
]

# wrk's Lua side: counts responses that are not 200 and prints one JSON line with the figures.
WRK_SCRIPT = r"""
local threads = {}
function setup(thread)
  table.insert(threads, thread)
end
function init(args)
  bad = 0
end
function response(status, headers, body)
  if status ~= 200 then bad = bad + 1 end
end
function done(summary, latency, requests)
  local not_ok = 0
  for _, thread in ipairs(threads) do not_ok = not_ok + thread:get("bad") end
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format(
    'WRK-JSON {"requests": %d, "duration_us": %d, "not_ok": %d, "errors": %d, ' ..
    '"p50_us": %d, "p95_us": %d, "p99_us": %d, "max_us": %d}\n',
    summary.requests, summary.duration, not_ok, errors,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max))
end
"""


@dataclass
class Run:
    requests: int
    seconds: float
    not_ok: int
    errors: int
    p50: float
    p95: float
    p99: float
    cpu_ms: float = float("nan")  # the server's CPU time per request (all its processes)

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def load_average() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_http(base: str, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(base + CEILING, timeout=2) as answer:
                if answer.status == 200:
                    return
        except (OSError, urllib.error.URLError):
            pass
        time.sleep(0.2)
    raise SystemExit(f"The server did not answer {CEILING} within {timeout} s.")


# --- The database and the server ------------------------------------------------------------------------------


def create_postgres_database(server_url: str) -> str:
    import psycopg

    name = f"page_load_{secrets.token_hex(4)}"
    with psycopg.connect(server_url, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    return server_url.rsplit("/", 1)[0] + "/" + name


def drop_postgres_database(server_url: str, database_url: str) -> None:
    import psycopg

    name = database_url.rsplit("/", 1)[1]
    with psycopg.connect(server_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def manage(env: dict[str, str], *arguments: str) -> None:
    subprocess.run(
        [str(ROOT / ".venv" / "bin" / "python"), "manage.py", *arguments],
        cwd=ROOT,
        env={**os.environ, **env},
        check=True,
        stdout=subprocess.DEVNULL,
    )


def start_server(env: dict[str, str], port: int, workers: int) -> subprocess.Popen:
    command = [
        str(ROOT / ".venv" / "bin" / "uvicorn"),
        "config.asgi:application",
        "--host", "127.0.0.1",
        "--port", str(port),
        "--no-access-log",
        "--lifespan", "off",
        "--ws-per-message-deflate", "false",
        "--ws-max-size", "65536",
        "--log-level", "warning",
    ]  # fmt: skip
    if workers > 1:
        command += ["--workers", str(workers)]
    return subprocess.Popen(command, cwd=ROOT, env={**os.environ, **env}, start_new_session=True)


def stop(process: subprocess.Popen | None) -> None:
    if process is None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


# --- Signing in and finding the pages -------------------------------------------------------------------------


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """A cookie-keeping HTTP client that does not follow redirects (each step is checked)."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), NoRedirect)

    def request(self, path: str, data: dict[str, str] | None = None) -> tuple[int, str, str]:
        """(status, body, Location) of one request; a form is posted with this client's CSRF token."""
        body = None
        headers = {"Accept-Language": "nl"}
        if data is not None:
            token = self.cookie("csrftoken")
            if token:
                data = {"csrfmiddlewaretoken": token, **data}
                headers["Referer"] = self.base + path
            body = urllib.parse.urlencode(data).encode()
        request = urllib.request.Request(self.base + path, data=body, headers=headers)
        try:
            with self.opener.open(request, timeout=60) as answer:
                return answer.status, answer.read().decode(), answer.headers.get("Location", "")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(errors="replace"), error.headers.get("Location", "")

    def cookie(self, name: str) -> str:
        return next((cookie.value for cookie in self.jar if cookie.name == name), "")


def path_of(location: str) -> str:
    parts = urllib.parse.urlsplit(location)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def demo_key(env: dict[str, str]) -> str:
    """alice's authenticator key, as `manage.py demo_logins` prints it for `make run`."""
    output = subprocess.run(
        [str(ROOT / ".venv" / "bin" / "python"), "manage.py", "demo_logins"],
        cwd=ROOT,
        env={**os.environ, **env},
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    match = re.search(r"otpauth://totp/[^?\s]*alice[^?\s]*\?secret=([A-Z2-7]+)", output)
    assert match, "manage.py demo_logins printed no key for alice"
    return match.group(1)


def totp(key: str) -> str:
    """The six-digit code an authenticator app shows now for this base32 key (RFC 6238, 30 s steps)."""
    digest = hmac.new(base64.b32decode(key), struct.pack(">Q", int(time.time()) // 30), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    return f"{(int.from_bytes(digest[offset : offset + 4], 'big') & 0x7FFFFFFF) % 1_000_000:06d}"


def sign_in(base: str, env: dict[str, str]) -> Browser:
    """Through the login form, then the second step with the code of the demo's authenticator key."""
    key = demo_key(env)
    browser = Browser(base)
    status, _body, _location = browser.request("/accounts/login/")
    assert status == 200, f"login page: {status}"
    status, _body, location = browser.request("/accounts/login/", {"username": USER, "password": PASSWORD})
    assert status == 302, f"login: {status} {location}"
    status, _body, location = browser.request(path_of(location))
    assert status == 302 and "/two-factor/verify/" in location, f"after login: {status} {location}"
    verify = path_of(location)
    status, _body, location = browser.request(verify, {"code": totp(key)})
    assert status == 302 and "/two-factor/" not in location, f"second step: {status} {location}"
    assert browser.cookie("sessionid"), "no session cookie after signing in"
    return browser


def first_link(browser: Browser, path: str, pattern: str) -> str:
    status, body, _location = browser.request(path)
    assert status == 200, f"{path}: {status}"
    match = re.search(pattern, body)
    assert match, f"{path}: no link matching {pattern}"
    return match.group(0).rstrip('"')


def find_pages(browser: Browser) -> dict[str, str]:
    ws = WORKSPACE
    found = {"ws": ws}
    questionnaire = first_link(
        browser, f"/w/{ws}/voice/questionnaires/", rf"/w/{ws}/voice/questionnaires/\d+/"
    )
    found["results"] = questionnaire + "results/"
    found["framework"] = first_link(
        browser, f"/w/{ws}/policy/frameworks/", rf"/w/{ws}/policy/frameworks/\d+/"
    )
    # The parent's link, as the coordinator finds it on a distribution's page; then as a parent.
    distribution = first_link(browser, f"/w/{ws}/voice/distributions/", rf"/w/{ws}/voice/distributions/\d+/")
    link = first_link(browser, distribution, r'id="parent-link"[^>]*>[^<]+')
    start = path_of(link.split(">", 1)[1].strip())
    parent = Browser(browser.base)
    status, _body, location = parent.request(start, {"language": "nl"})
    assert status == 302, f"parent chooses a language: {status}"
    intro = path_of(location)
    status, _body, location = parent.request(intro, {"action": "next"})
    assert status == 302, f"parent starts: {status}"
    found["parent_start"] = start
    found["parent_question"] = path_of(location)
    return found


# --- The load ---------------------------------------------------------------------------------------------------


def server_cpu_seconds(root: int) -> float:
    """User and system CPU time of the server's processes so far (uvicorn and its workers, from /proc)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(entry.name) == root or int(fields[1]) == root:
            total += (int(fields[11]) + int(fields[12])) / tick
    return total


def wrk(args: argparse.Namespace, url: str, cookie: str, seconds: float, script: str) -> Run:
    command = [
        args.wrk, "-t", str(args.threads), "-c", str(args.connections), "-d", f"{seconds}s",
        "--timeout", "10s", "-s", script, "-H", "Accept-Language: nl", "-H", "Accept-Encoding: gzip",
    ]  # fmt: skip
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    cpu_before = server_cpu_seconds(args.server_pid)
    output = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    cpu = server_cpu_seconds(args.server_pid) - cpu_before
    line = next((line for line in output.splitlines() if line.startswith("WRK-JSON ")), None)
    if line is None:
        raise SystemExit(f"wrk gave no figures for {url}:\n{output}")
    figures = json.loads(line.removeprefix("WRK-JSON "))
    return Run(
        requests=figures["requests"],
        seconds=figures["duration_us"] / 1e6,
        not_ok=figures["not_ok"],
        errors=figures["errors"],
        p50=figures["p50_us"] / 1000,
        p95=figures["p95_us"] / 1000,
        p99=figures["p99_us"] / 1000,
        cpu_ms=cpu * 1000 / figures["requests"] if figures["requests"] else float("nan"),
    )


def measure(args: argparse.Namespace) -> tuple[list[tuple[str, bool, Run, float]], list[Run], str]:
    workdir = Path(tempfile.mkdtemp(prefix="page-load-"))
    port = args.port or free_port()
    base = f"http://127.0.0.1:{port}"
    redis_process = server = None
    redis_url = args.redis_url
    database_url = ""
    try:
        if args.redis and not redis_url:
            redis_port = free_port()
            redis_process = subprocess.Popen(
                [
                    "redis-server",
                    "--port",
                    str(redis_port),
                    "--bind",
                    "127.0.0.1",
                    "--save",
                    "",
                    "--appendonly",
                    "no",
                ],
                stdout=subprocess.DEVNULL,
                cwd=workdir,
            )
            redis_url = f"redis://127.0.0.1:{redis_port}/0"
        if args.postgres:
            database_url = create_postgres_database(args.postgres)
        env = {
            "SECRET_KEY": secrets.token_urlsafe(40),
            "DEBUG": "0",
            "TESTING": "0",
            "SQLITE_PATH": str(workdir / "bench.sqlite3"),
            "MEDIA_ROOT": str(workdir / "media"),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SITE_URL": base,
            "LOG_LEVEL": "WARNING",
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DATABASE_URL": database_url,
            "REDIS_URL": redis_url,
        }
        started = time.monotonic()
        print("Preparing: migrate, collectstatic, load_demo ...", flush=True)
        if not (ROOT / "staticfiles" / "staticfiles.json").exists():
            manage(env, "collectstatic", "--noinput", "-v0")
        if args.demo_sqlite and not args.postgres:
            shutil.copy(args.demo_sqlite, env["SQLITE_PATH"])
        else:
            manage(env, "migrate", "--noinput", "-v0")
            manage(env, "load_demo")
        print(f"  ready in {time.monotonic() - started:.0f} s", flush=True)
        server = start_server(env, port, args.workers)
        args.server_pid = server.pid
        wait_for_http(base)
        time.sleep(1.0 + args.workers)  # every worker imports the application
        browser = sign_in(base, env)
        found = find_pages(browser)
        cookie = f"sessionid={browser.cookie('sessionid')}"
        pages = [(name, path.format(**found), parent) for name, path, parent in PAGES]
        if args.only:
            pages = [page for page in pages if any(word in page[0] for word in args.only)]
        for name, path, parent in pages:
            status, _body, location = (Browser(base) if parent else browser).request(path)
            if status != 200:
                raise SystemExit(
                    f"{name} ({path}) answered {status} {location}, not 200: nothing to measure."
                )
        script = str(workdir / "figures.lua")
        Path(script).write_text(WRK_SCRIPT)
        # Warm up: every page once under load (templates compiled, connections opened in every worker).
        for _name, path, parent in [("ceiling", CEILING, True), *pages]:
            wrk(args, base + path, "" if parent else cookie, args.warmup, script)
        ceilings = [wrk(args, base + CEILING, "", args.seconds, script)]
        results = []
        for name, path, parent in pages:
            run = wrk(args, base + path, "" if parent else cookie, args.seconds, script)
            ceilings.append(wrk(args, base + CEILING, "", args.seconds, script))
            ratio = run.rps / statistics.mean([ceilings[-2].rps, ceilings[-1].rps])
            results.append((name, parent, run, ratio))
            print(
                f"  {name:<24}{run.rps:>8.0f} req/s   ratio {ratio:.2f}   load {load_average()}", flush=True
            )
        database = "PostgreSQL" if args.postgres else "SQLite"
        config = f"{database}, {args.workers} uvicorn process{'es' if args.workers > 1 else ''}" + (
            ", Redis" if redis_url else ", in-process cache"
        )
        return results, ceilings, config
    finally:
        stop(server)
        if redis_process is not None:
            redis_process.terminate()
            redis_process.wait(timeout=10)
        if database_url:
            drop_postgres_database(args.postgres, database_url)
        shutil.rmtree(workdir, ignore_errors=True)


def report(results: list[tuple[str, bool, Run, float]], ceilings: list[Run], config: str) -> None:
    ceiling_rps = [run.rps for run in ceilings]
    print()
    print(f"Configuration: {config}")
    print(
        f"Ceiling {CEILING}: {statistics.mean(ceiling_rps):.0f} req/s on average "
        f"(from {min(ceiling_rps):.0f} to {max(ceiling_rps):.0f} over {len(ceilings)} runs), "
        f"p50 {statistics.median(run.p50 for run in ceilings):.1f} ms, "
        f"server CPU {statistics.median(run.cpu_ms for run in ceilings):.2f} ms per request"
    )
    print()
    header = (
        f"| {'page':<22} | {'req/s':>7} | {'p50 ms':>7} | {'p95 ms':>7} | {'p99 ms':>7} | {'CPU ms':>6} "
        f"| {'ratio':>5} | target |"
    )
    print(header)
    print("|" + "|".join("-" * (len(cell)) for cell in header.split("|")[1:-1]) + "|")
    for name, parent, run, ratio in results:
        target = PARENT_TARGET if parent else STAFF_TARGET
        verdict = "met" if ratio >= target else f"NOT MET by {target - ratio:.2f}"
        print(
            f"| {name:<22} | {run.rps:>7.0f} | {run.p50:>7.1f} | {run.p95:>7.1f} | {run.p99:>7.1f} | {run.cpu_ms:>6.1f} | "
            f"{ratio:>5.2f} | >= {target:.2f}: {verdict} |"
        )
    print()
    missed = [
        name for name, parent, _run, ratio in results if ratio < (PARENT_TARGET if parent else STAFF_TARGET)
    ]
    print(f"Load average after the run: {load_average()}")
    print(
        "Target (staff pages >= 0.25, parent pages >= 0.5 of the ceiling): "
        + ("met for every page" if not missed else f"NOT MET for {len(missed)} page(s): {', '.join(missed)}")
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--postgres", default="", metavar="URL", help="a PostgreSQL server: a throwaway database there"
    )
    parser.add_argument("--workers", type=int, default=1, help="uvicorn processes")
    parser.add_argument(
        "--redis", action="store_true", help="start a temporary redis-server (cache, channel layer)"
    )
    parser.add_argument(
        "--redis-url", default="", help="use this Redis instead (e.g. redis://127.0.0.1:6379/7)"
    )
    parser.add_argument("--seconds", type=int, default=4, help="seconds of load per page and per ceiling run")
    parser.add_argument("--warmup", type=int, default=1, help="seconds of load per page before measuring")
    parser.add_argument(
        "--connections", type=int, default=0, help="keep-alive connections (default 4 per process)"
    )
    parser.add_argument("--threads", type=int, default=1, help="wrk threads")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument(
        "--only", nargs="*", default=[], help="only the pages whose names contain one of these"
    )
    parser.add_argument(
        "--demo-sqlite",
        default="",
        metavar="PATH",
        help="copy this SQLite database with the demo loaded instead "
        "of loading the demo (quicker repeated runs; it must be migrated to the current code)",
    )
    parser.add_argument("--wrk", default=shutil.which("wrk") or "wrk")
    args = parser.parse_args()
    args.connections = args.connections or 4 * args.workers
    command = ".venv/bin/python bench/page_load.py " + " ".join(sys.argv[1:])
    if not shutil.which(args.wrk):
        print("wrk is needed (Debian: apt-get install wrk).")
        return 2
    if args.redis and not args.redis_url and not shutil.which("redis-server"):
        print("--redis needs redis-server (Debian: apt-get install redis-server).")
        return 2
    print(f"Command: {command.strip()}")
    print(f"Date: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}")
    print(f"Machine: {os.cpu_count()} cores, load average {load_average()} before the run")
    print(
        f"Load: wrk, {args.threads} thread(s), {args.connections} connections, {args.seconds:g} s per page, "
        f"each between two {args.seconds:g} s runs of the ceiling {CEILING}"
    )
    results, ceilings, config = measure(args)
    report(results, ceilings, config)
    return 0


if __name__ == "__main__":
    sys.exit(main())
