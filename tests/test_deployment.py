"""Deployment at scale, tested (docs/deployment.md, "Tested configuration"; issue 9, item 7).

Two app servers are started with the production command of deploy/ — gunicorn with uvicorn workers and
deploy/gunicorn.conf.py, one worker each on its own port, like two app machines — on one PostgreSQL
database and one Redis, with the production settings (DEBUG=0, SECURE_COOKIES=1, hashed static files):

- `test_vote_on_one_process_reaches_a_presenter_on_the_other`: a phone on process A votes, the presenter
  (signed in through both steps on process B) sees it counted within a deadline; the phone then reconnects
  to B with its token and sends the vote again (a dropped connection): acknowledged, still counted once and
  stored once. So sockets need no sticky sessions: the state is in the database and Redis.
- `test_nginx_in_front_of_two_processes`: nginx runs deploy/nginx/ouderpartner.conf itself — only the
  host-specific values (ports, certificate, paths, the upstream's server lines) are substituted — and serves
  the static files (compressed, cacheable), redirects HTTP to HTTPS, passes X-Forwarded-Proto/-For that the
  app believes (HSTS only over HTTPS; the client's own address for the lockout, not one it made up), spreads
  requests over both processes, upgrades WebSockets, and a vote through nginx reaches a presenter through
  nginx.

The servers see only committed data: the tests use `transactional_db`, and the servers get pytest's test
database by name. Needs DATABASE_URL (PostgreSQL) and REDIS_URL, as in CI's second run; nginx for the second
test (`make test` and CI install it).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import gzip
import http.client
import json
import os
import random
import re
import secrets
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
GUNICORN = BIN / "gunicorn"
NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else "")
REDIS_URL = os.environ.get("REDIS_URL", "")
DATABASE_URL = os.environ.get("DATABASE_URL", "")
PASSWORD = "correct horse battery staple"
# Generous for a shared two-core machine; the measured figure is printed (docs/live-realtime.md: ~0.25 s).
DEADLINE = 20.0
START_TIMEOUT = 120.0
# Idle PostgreSQL connections each app process keeps (DATABASE_POOL_SIZE, the production default), and what
# one process holds at most once its requests are done: the pool, the live hub's two writer threads and its
# reader, and a request still finishing (docs/deployment.md, PostgreSQL).
POOL_SIZE = 8
PG_CONNECTIONS_PER_PROCESS = POOL_SIZE + 3 + 1

pytestmark = [
    pytest.mark.skipif(
        not REDIS_URL,
        reason="needs REDIS_URL: app processes share a live meeting only through Redis (CI's second run sets it)",
    ),
    pytest.mark.skipif(
        not DATABASE_URL.startswith(("postgres://", "postgresql://")),
        reason="needs DATABASE_URL (PostgreSQL): the app processes share pytest's test database, and on SQLite "
        "that lives in this process's memory",
    ),
    pytest.mark.skipif(
        not GUNICORN.exists(), reason="gunicorn is not installed: install requirements-test.lock (make test)"
    ),
]


# --- Servers -------------------------------------------------------------------------------------------------


def run_async(coroutine):
    """asyncio.run in a thread of its own: a browser test earlier in the same worker leaves Playwright's
    event loop running in this thread, where asyncio.run refuses to start."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def log_tail(path: Path, lines: int = 40) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


def wait_until_ready(url: str, process: subprocess.Popen, log: Path, **request: Any) -> None:
    """Poll the readiness endpoint (database and Redis answer) until it says 200."""
    import requests

    deadline = time.monotonic() + START_TIMEOUT
    last = ""
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"{url}: the server stopped (exit {process.returncode}):\n{log_tail(log)}")
        try:
            response = requests.get(url, timeout=10, **request)
            if response.status_code == 200:
                return
            last = f"{response.status_code} {response.text[:200]}"
        except requests.RequestException as error:
            last = type(error).__name__
        time.sleep(0.25)
    pytest.fail(f"{url} not ready within {START_TIMEOUT:g} s ({last}):\n{log_tail(log)}")


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


@pytest.fixture(scope="module")
def deployment(django_db_setup, tmp_path_factory):
    """Two gunicorn servers (one uvicorn worker each) on pytest's test database and Redis."""
    from django.core.management import call_command
    from django.db import connection
    from django.test import override_settings

    workdir = tmp_path_factory.mktemp("deployment")
    workdir.chmod(0o755)  # nginx's worker reads the static files from here
    static_root = workdir / "static"
    # Hashed names and their manifest, as `collectstatic` makes them in production (the production storage
    # adds .gz/.br copies as well, which take a minute to compress here; nginx compresses on the fly without).
    with override_settings(
        STATIC_ROOT=str(static_root),
        STORAGES={
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
        },
    ):
        call_command("collectstatic", interactive=False, verbosity=0)
    database = urllib.parse.urlsplit(DATABASE_URL)._replace(path="/" + connection.settings_dict["NAME"])
    ports = [free_port(), free_port()]
    nginx_port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "SECRET_KEY": secrets.token_urlsafe(40),
        "DEBUG": "0",
        "TESTING": "0",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "CSRF_TRUSTED_ORIGINS": f"https://127.0.0.1:{nginx_port}",
        "SITE_URL": f"https://127.0.0.1:{nginx_port}",
        "SECURE_COOKIES": "1",
        "DATABASE_URL": database.geturl(),
        "REDIS_URL": REDIS_URL,
        "STATIC_ROOT": str(static_root),
        "MEDIA_ROOT": str(workdir / "media"),
        "SERVE_MEDIA": "0",
        "LOG_LEVEL": "WARNING",
        "WEB_CONCURRENCY": "1",
        "DATABASE_POOL_SIZE": str(POOL_SIZE),
    }
    env.pop("TRUSTED_PROXIES", None)
    env.pop("FORWARDED_ALLOW_IPS", None)  # the shipped default: nginx on 127.0.0.1
    processes = []
    logs = []
    try:
        for index, port in enumerate(ports):
            log = workdir / f"app-{index}.log"
            logs.append(log)
            with log.open("wb") as output:
                processes.append(
                    subprocess.Popen(
                        [str(GUNICORN), "config.asgi:application", "-c", "deploy/gunicorn.conf.py"],
                        cwd=ROOT,
                        env={**env, "BIND": f"127.0.0.1:{port}"},
                        stdout=output,
                        stderr=subprocess.STDOUT,
                        start_new_session=True,
                    )
                )
        for port, process, log in zip(ports, processes, logs, strict=True):
            wait_until_ready(f"http://127.0.0.1:{port}/health/ready", process, log)
        yield SimpleNamespace(
            workdir=workdir,
            ports=ports,
            bases=[f"http://127.0.0.1:{port}" for port in ports],
            nginx_port=nginx_port,
            static_root=static_root,
            processes=processes,
            logs=logs,
        )
    finally:
        for process in processes:
            stop(process)


@pytest.fixture
def meeting(transactional_db):
    """A live meeting with a multiple-choice prompt, and a coordinator with an authenticator to present it.
    The meeting's id is random and large: the Redis groups are named after it, and other test runs may
    share this Redis."""
    from django.contrib.auth.hashers import PBKDF2PasswordHasher

    from ouderpartner.accounts.models import User
    from ouderpartner.accounts.testing import totp_device_for
    from ouderpartner.core.models import Membership, Role, Workspace
    from ouderpartner.live.models import LiveSession, Prompt, PromptOption

    suffix = secrets.token_hex(4)
    workspace = Workspace.objects.create(
        name="Gemeente Schaal", slug=f"schaal-{suffix}", parent_languages=["nl"]
    )
    user = User.objects.create_user(f"presenter-{suffix}@example.org", PASSWORD)
    # The servers run with the production password hashers (the tests' MD5 is not among them).
    hasher = PBKDF2PasswordHasher()
    user.password = hasher.encode(PASSWORD, hasher.salt(), iterations=10_000)
    user.save(update_fields=["password"])
    Membership.objects.create(user=user, workspace=workspace, role=Role.COORDINATOR)
    device = totp_device_for(user)
    session = LiveSession.objects.create(
        pk=random.randrange(10**12, 10**13),
        workspace=workspace,
        title={"nl": "Regiobijeenkomst"},
        languages=["nl"],
        status=LiveSession.Status.LIVE,
        moderate_text=False,
    )
    prompt = Prompt.objects.create(
        session=session, position=1, kind=Prompt.Kind.SINGLE_CHOICE, text={"nl": "Waar begint u?"}
    )
    for position, value in enumerate(["samen", "taal", "tijd"]):
        PromptOption.objects.create(prompt=prompt, position=position, value=value, label={"nl": value})
    session.current_prompt = prompt
    session.save()
    return SimpleNamespace(workspace=workspace, user=user, device=device, session=session, prompt=prompt)


# --- Clients -------------------------------------------------------------------------------------------------


def form_token(html: str) -> str:
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert match, "no CSRF token in the form"
    return match.group(1)


def sign_in(base: str, meeting: Any, *, origin: str, verify: Any = True) -> dict[str, str]:
    """Sign the coordinator in through the login form and the second step (a code from the authenticator),
    as a browser does; the cookies of the signed-in session. Cookies are kept by hand: they are Secure
    (SECURE_COOKIES=1), and the direct test talks plain HTTP to the app."""
    import requests

    from ouderpartner.accounts.testing import totp_code

    cookies: dict[str, str] = {}
    headers = {"Origin": origin}

    def call(method: str, path: str, **kwargs: Any) -> requests.Response:
        response = requests.request(
            method,
            base + path,
            cookies=cookies,
            headers={**headers, "Referer": f"{origin}{path}"},
            allow_redirects=False,
            timeout=60,
            verify=verify,
            **kwargs,
        )
        cookies.update(response.cookies.get_dict())
        return response

    page = call("GET", "/accounts/login/")
    assert page.status_code == 200, page.status_code
    response = call(
        "POST",
        "/accounts/login/",
        data={
            "csrfmiddlewaretoken": form_token(page.text),
            "username": meeting.user.email,
            "password": PASSWORD,
        },
    )
    assert response.status_code == 302, (response.status_code, response.text[:2000])
    page = call("GET", "/accounts/two-factor/verify/")
    assert page.status_code == 200, page.status_code
    response = call(
        "POST",
        "/accounts/two-factor/verify/",
        data={"csrfmiddlewaretoken": form_token(page.text), "code": totp_code(meeting.device)},
    )
    assert response.status_code == 302, (response.status_code, response.text[:2000])
    assert "/accounts/" not in response.headers["Location"], response.headers["Location"]
    assert "sessionid" in cookies
    return cookies


async def receive_until(ws: Any, wanted: Any, what: str, timeout: float = DEADLINE) -> dict[str, Any]:
    """The first message for which wanted(message) is true; fails after timeout seconds."""
    deadline = time.monotonic() + timeout
    seen: list[str] = []
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise AssertionError(f"no {what} within {timeout:g} s; got {seen[-5:]}")
        try:
            raw = await asyncio.wait_for(ws.recv(), remaining)
        except TimeoutError:
            continue
        message = json.loads(raw)
        seen.append(str(message)[:300])
        if wanted(message):
            return message


def counted(message: dict[str, Any], prompt_id: int) -> dict[str, int] | None:
    """{option value: count} of a presenter's results snapshot of that prompt."""
    if message.get("type") != "results" or message.get("prompt") != prompt_id:
        return None
    return {option["value"]: option["count"] for option in message["results"]["options"]}


async def vote_across(
    *,
    presenter_url: str,
    phone_urls: list[str],
    origin: str,
    cookies: dict[str, str],
    prompt_id: int,
    ssl_context: ssl.SSLContext | None = None,
) -> dict[str, Any]:
    """A presenter on one socket; a phone joins on phone_urls[0] and votes; the presenter's count must show
    it. With a second URL the phone reconnects there with its token and sends the same vote again (as after
    a dropped connection): acknowledged, and the count stays 1. Returns what was measured."""
    from websockets.asyncio.client import connect

    options = {"origin": origin, "open_timeout": 60, "ssl": ssl_context, "compression": None}
    cookie_header = "; ".join(f"{name}={value}" for name, value in cookies.items())
    measured: dict[str, Any] = {}
    async with connect(presenter_url, additional_headers={"Cookie": cookie_header}, **options) as presenter:
        first = await receive_until(presenter, lambda m: counted(m, prompt_id) is not None, "first snapshot")
        assert sum(counted(first, prompt_id).values()) == 0, first
        # A phone on another address than the presenter (the join and answer limits are per address).
        async with connect(phone_urls[0], local_addr=("127.0.0.23", 0), **options) as phone:
            await phone.send(json.dumps({"type": "join", "language": "nl"}))
            welcome = await receive_until(phone, lambda m: m.get("type") == "welcome", "welcome")
            token = welcome["token"]
            assert token
            sent = time.monotonic()
            await phone.send(
                json.dumps({"type": "vote", "prompt": prompt_id, "choices": ["taal"], "ref": "v1"})
            )
            ack = await receive_until(phone, lambda m: m.get("type") in ("ack", "error"), "acknowledgement")
            assert ack == {**ack, "type": "ack", "ref": "v1"}, ack
            measured["ack_ms"] = (time.monotonic() - sent) * 1000
            shown = await receive_until(
                presenter, lambda m: (counted(m, prompt_id) or {}).get("taal") == 1, "snapshot with the vote"
            )
            measured["to_presenter_ms"] = (time.monotonic() - sent) * 1000
            assert counted(shown, prompt_id) == {"samen": 0, "taal": 1, "tijd": 0}
            assert shown["results"]["respondents"] == 1
        for url in phone_urls[1:]:
            async with connect(url, local_addr=("127.0.0.24", 0), **options) as phone:
                await phone.send(json.dumps({"type": "join", "language": "nl", "token": token}))
                welcome = await receive_until(phone, lambda m: m.get("type") == "welcome", "welcome again")
                assert not welcome.get("token"), "the phone was not recognised by its token"
                await phone.send(
                    json.dumps({"type": "vote", "prompt": prompt_id, "choices": ["taal"], "ref": "v2"})
                )
                ack = await receive_until(phone, lambda m: m.get("type") in ("ack", "error"), "second ack")
                assert ack == {**ack, "type": "ack", "ref": "v2"}, ack
        # Whatever the presenter receives from now on still counts that one vote once.
        end = time.monotonic() + 1.5
        while (remaining := end - time.monotonic()) > 0:
            try:
                message = json.loads(await asyncio.wait_for(presenter.recv(), remaining))
            except TimeoutError:
                break
            if (counts := counted(message, prompt_id)) is not None:
                assert counts == {"samen": 0, "taal": 1, "tijd": 0}, message
    return measured


def stored_votes(meeting: Any) -> list[Any]:
    from ouderpartner.live.models import Participant, Vote

    assert Participant.objects.filter(session=meeting.session).count() == 1
    return list(Vote.objects.filter(prompt=meeting.prompt).values_list("choices", flat=True))


# --- Two processes, directly ---------------------------------------------------------------------------------


def test_vote_on_one_process_reaches_a_presenter_on_the_other(deployment, meeting):
    process_a, process_b = deployment.bases
    cookies = sign_in(process_b, meeting, origin=process_b)
    code = meeting.session.code
    ws_a, ws_b = (base.replace("http://", "ws://") for base in deployment.bases)
    measured = run_async(
        vote_across(
            presenter_url=f"{ws_b}/w/{meeting.workspace.slug}/live/sessions/{meeting.session.pk}/socket/?role=remote",
            phone_urls=[f"{ws_a}/j/{code}/socket/", f"{ws_b}/j/{code}/socket/"],
            origin=process_a,
            cookies=cookies,
            prompt_id=meeting.prompt.pk,
        )
    )
    assert stored_votes(meeting) == [["taal"]]
    # What the processes hold open on PostgreSQL after serving pages, a presenter and phones (docs/deployment.md:
    # max_connections): no more than their pools, the live hubs' threads and a request finishing.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        held = cursor.fetchone()[0]
    assert 2 <= held <= 2 * PG_CONNECTIONS_PER_PROCESS, held
    print(
        f"\nvote on process A → presenter on process B: {measured['to_presenter_ms']:.0f} ms "
        f"(ack {measured['ack_ms']:.0f} ms; load average {os.getloadavg()[0]:.1f}, {os.cpu_count()} cores); "
        f"{held} PostgreSQL connections held by the two processes"
    )


# --- nginx in front ------------------------------------------------------------------------------------------


def render_nginx_site(deployment: Any, workdir: Path, cert: Path, key: Path, http_port: int) -> str:
    """deploy/nginx/ouderpartner.conf with this run's ports, certificate and paths. Every value replaced must
    be there: when the committed file changes, this says so instead of testing something else."""
    site = (ROOT / "deploy" / "nginx" / "ouderpartner.conf").read_text()
    upstreams = "\n    ".join(f"server 127.0.0.1:{port};" for port in deployment.ports)
    replacements = [
        ("server 127.0.0.1:8000;", upstreams),
        ("listen 80;", f"listen 127.0.0.1:{http_port};"),
        ("listen [::]:80;", ""),
        ("listen 443 ssl http2;", f"listen 127.0.0.1:{deployment.nginx_port} ssl http2;"),
        ("listen [::]:443 ssl http2;", ""),
        ("/etc/letsencrypt/live/ouderpartner.example.nl/fullchain.pem", str(cert)),
        ("/etc/letsencrypt/live/ouderpartner.example.nl/privkey.pem", str(key)),
        # The privacy log as it is, and beside it a log of which app process answered (this test only).
        (
            "access_log /var/log/nginx/ouderpartner.access.log ouderpartner_privacy;",
            f"access_log {workdir}/access.log ouderpartner_privacy;\n"
            f"    access_log {workdir}/upstream.log deployment_test;",
        ),
        ("/var/log/nginx/ouderpartner.error.log", str(workdir / "error.log")),
        ("/srv/ouderpartner/app/staticfiles/", f"{deployment.static_root}/"),
        ("/srv/ouderpartner/media/", f"{workdir}/media/"),
    ]
    for old, new in replacements:
        assert old in site, f"deploy/nginx/ouderpartner.conf no longer has {old!r}: update this test"
        site = site.replace(old, new)
    directives = "\n".join(line.split("#", 1)[0] for line in site.splitlines())
    for path in ("/srv/", "/etc/", "/var/log/"):
        assert path not in directives, (
            f"deploy/nginx/ouderpartner.conf has a path this test does not replace: {path}"
        )
    return site


@pytest.fixture(scope="module")
def nginx(deployment):
    if not NGINX:
        pytest.skip("nginx is not installed (Debian: apt-get install nginx; make test and CI install it)")
    if not shutil.which("openssl"):
        pytest.skip("openssl is needed for the test certificate")
    workdir = deployment.workdir / "nginx"
    workdir.mkdir()
    (workdir / "media").mkdir()
    cert, key = workdir / "cert.pem", workdir / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )  # fmt: skip
    http_port = free_port()
    (workdir / "ouderpartner.conf").write_text(render_nginx_site(deployment, workdir, cert, key, http_port))
    # The http block of Debian's /etc/nginx/nginx.conf, reduced to what the site needs, with one worker (so
    # the round robin over the two processes is predictable) and everything written inside workdir.
    user = "user root;\n" if os.geteuid() == 0 else ""
    temp = "\n".join(
        f"    {kind}_temp_path {workdir}/{kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    (workdir / "nginx.conf").write_text(
        f"""{user}worker_processes 1;
pid {workdir}/nginx.pid;
error_log {workdir}/error.log warn;
events {{ worker_connections 512; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    tcp_nopush on;
    server_tokens off;
{temp}
    log_format deployment_test '$upstream_addr "$request_method $uri" $status';
    include {workdir}/ouderpartner.conf;
}}
"""
    )
    command = [NGINX, "-p", str(workdir), "-e", str(workdir / "error.log"), "-c", str(workdir / "nginx.conf")]
    check = subprocess.run([*command, "-t"], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    log = workdir / "nginx.out"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [*command, "-g", "daemon off;"], stdout=output, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        base = f"https://127.0.0.1:{deployment.nginx_port}"
        wait_until_ready(f"{base}/health/ready", process, workdir / "error.log", verify=str(cert))
        yield SimpleNamespace(
            base=base,
            http_base=f"http://127.0.0.1:{http_port}",
            cert=cert,
            workdir=workdir,
            upstream_log=workdir / "upstream.log",
            access_log=workdir / "access.log",
        )
    finally:
        stop(process)


def upstream_lines(nginx: Any, wanted: Any = lambda line: True, count: int = 0) -> list[tuple[str, str, str]]:
    """(app process, "METHOD /path", status) per proxied request that `wanted` accepts, from the test's upstream
    log; waits up to 10 s for at least `count` of them (nginx writes a line when a request has ended)."""
    deadline = time.monotonic() + 10
    while True:
        lines = []
        for line in nginx.upstream_log.read_text().splitlines():
            match = re.match(r'(\S+) "([^"]*)" (\d+)', line)
            if match and wanted(match.groups()):
                lines.append(match.groups())
        if len(lines) >= count or time.monotonic() > deadline:
            return lines
        time.sleep(0.1)


def post_login_from(nginx: Any, address: str, email: str, forwarded_for: str) -> int:
    """A failed login through nginx from a client at `address` that sends its own X-Forwarded-For."""
    context = ssl.create_default_context(cafile=str(nginx.cert))
    port = int(nginx.base.rsplit(":", 1)[1])
    connection = http.client.HTTPSConnection(
        "127.0.0.1", port, source_address=(address, 0), context=context, timeout=60
    )
    try:
        connection.request("GET", "/accounts/login/")
        page = connection.getresponse()
        html = page.read().decode()
        cookies = "; ".join(
            header.split(";", 1)[0] for name, header in page.getheaders() if name.lower() == "set-cookie"
        )
        body = urllib.parse.urlencode(
            {"csrfmiddlewaretoken": form_token(html), "username": email, "password": "not the password"}
        )
        connection.request(
            "POST",
            "/accounts/login/",
            body=body,
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": cookies,
                "Origin": nginx.base,
                "Referer": f"{nginx.base}/accounts/login/",
                "X-Forwarded-For": forwarded_for,
            },
        )
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def test_nginx_in_front_of_two_processes(deployment, nginx, meeting):
    import requests
    from axes.models import AccessAttempt

    get = lambda path, **kwargs: requests.get(nginx.base + path, verify=str(nginx.cert), timeout=60, **kwargs)  # noqa: E731
    processes = {f"127.0.0.1:{port}" for port in deployment.ports}

    # HTTP is redirected to HTTPS, by nginx, without asking the app.
    redirect = requests.get(f"{nginx.http_base}/j/", allow_redirects=False, timeout=30)
    assert redirect.status_code == 301
    assert redirect.headers["Location"] == "https://127.0.0.1/j/"

    # Health checks pass through to the app processes (nginx's upstream, a load balancer's probe).
    for _ in range(4):
        assert get("/health/ready").json() == {"status": "ok"}
        assert get("/health/live").json() == {"status": "ok"}

    # Pages come from the app, over HTTPS as far as the app knows (X-Forwarded-Proto): HSTS is only sent on
    # requests Django sees as secure, and the cookies are Secure.
    page = get("/accounts/login/")
    assert page.status_code == 200
    assert page.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    assert "Content-Security-Policy" in page.headers
    assert "Secure" in page.headers["Set-Cookie"]

    # Requests are spread over both processes (round robin): six in a row, three each.
    before = len(upstream_lines(nginx))
    for _ in range(6):
        assert get("/health/live").status_code == 200
    answered = [process for process, _request, _status in upstream_lines(nginx, count=before + 6)[-6:]]
    assert sorted(answered.count(process) for process in processes) == [3, 3], answered

    # Static files: nginx serves them from STATIC_ROOT (hashed names from the page), compressed, cached for a
    # year. A file that only nginx can know (written after the app processes started) proves who serves.
    stylesheet = re.search(r'href="(/static/[^"]+\.css)"', page.text)
    assert stylesheet, "no stylesheet in the login page"
    assert re.search(r"\.[0-9a-f]{12}\.css$", stylesheet.group(1)), stylesheet.group(1)
    static = get(stylesheet.group(1), headers={"Accept-Encoding": "gzip"})
    assert static.status_code == 200
    assert static.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in static.headers.get("Vary", "")
    assert "max-age=31536000" in static.headers["Cache-Control"]
    assert "immutable" in static.headers["Cache-Control"]
    assert static.headers["Content-Type"].startswith("text/css")
    marker = f"deployment-{secrets.token_hex(4)}.txt"
    (deployment.static_root / marker).write_text("served by nginx\n")
    assert get(f"/static/{marker}").text == "served by nginx\n"
    assert requests.get(f"{deployment.bases[0]}/static/{marker}", timeout=30).status_code == 404
    # gzip_static: a compressed copy next to a file (collectstatic writes them) is sent as it is.
    (deployment.static_root / f"{marker}.gz").write_bytes(gzip.compress(b"the compressed copy\n"))
    copy = get(f"/static/{marker}", headers={"Accept-Encoding": "gzip"})
    assert (copy.headers["Content-Encoding"], copy.text) == ("gzip", "the compressed copy\n")

    # X-Forwarded-For: the app takes the client's address from nginx's header (gunicorn trusts nginx on
    # 127.0.0.1, FORWARDED_ALLOW_IPS), not what the client wrote in it. A failed login is recorded for the
    # lockout with the client's real address.
    email = f"nobody-{secrets.token_hex(3)}@example.org"
    assert post_login_from(nginx, "127.0.0.42", email, forwarded_for="203.0.113.7") == 200
    assert list(AccessAttempt.objects.filter(username=email).values_list("ip_address", flat=True)) == [
        "127.0.0.42"
    ]

    # WebSockets through nginx: the presenter signs in and connects through nginx, a phone joins and votes
    # through nginx, and the vote reaches the presenter. nginx's round robin puts the two sockets on
    # different processes (one nginx worker, consecutive connections).
    cookies = sign_in(nginx.base, meeting, origin=nginx.base, verify=str(nginx.cert))
    wss = nginx.base.replace("https://", "wss://")
    measured = run_async(
        vote_across(
            presenter_url=f"{wss}/w/{meeting.workspace.slug}/live/sessions/{meeting.session.pk}/socket/?role=remote",
            phone_urls=[f"{wss}/j/{meeting.session.code}/socket/"],
            origin=nginx.base,
            cookies=cookies,
            prompt_id=meeting.prompt.pk,
            ssl_context=ssl.create_default_context(cafile=str(nginx.cert)),
        )
    )
    assert stored_votes(meeting) == [["taal"]]
    sockets = upstream_lines(nginx, lambda line: "/socket/" in line[1], count=2)
    assert [status for _p, _r, status in sockets] == ["101", "101"], sockets
    assert {process for process, _r, _s in sockets} == processes, sockets

    # The privacy log: requests without addresses.
    access_log = nginx.access_log.read_text()
    assert "/accounts/login/" in access_log
    assert "127.0.0." not in access_log and "203.0.113.7" not in access_log
    print(
        f"\nvote → presenter through nginx: {measured['to_presenter_ms']:.0f} ms (ack {measured['ack_ms']:.0f} ms; "
        f"load average {os.getloadavg()[0]:.1f}, {os.cpu_count()} cores)"
    )
