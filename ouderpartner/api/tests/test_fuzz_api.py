"""Bad input everywhere (issue 8, item 9): schemathesis against the app's own OpenAPI schema.

Every operation in the schema that the app serves at /api/schema/ is fuzzed in-process (WSGI, no
server), signed in as a coordinator of the demo workspace; the partner-token operations once more with
a partner token. Each operation gets schema-valid requests (positive) and schema-violating ones
(negative), with path parameters that are sometimes real objects of the workspace (so the requests
reach the serializers and services) and sometimes anything at all. The checks:

- never a server error (5xx);
- the status code and the content type conform to the schema (the bodies: see CHECKS);
- every 4xx explains itself: a JSON body with a `detail` or field errors, never an empty answer.

Deterministic (derandomized, no example database) and bounded (EXAMPLES per operation and mode), so CI
is stable and the run stays within a few minutes on two cores. The number of cases tried is printed per
group (`-s` shows it) and summed in the last test of the module.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.db import connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

schemathesis = pytest.importorskip("schemathesis")

from schemathesis import GenerationMode  # noqa: E402
from schemathesis.checks import not_a_server_error  # noqa: E402
from schemathesis.specs.openapi.checks import (  # noqa: E402
    content_type_conformance,
    status_code_conformance,
)

ROOT = Path(__file__).resolve().parents[3]
EXAMPLES = 25  # per operation, per mode (positive and negative)
CSRF_TOKEN = "fuzzfuzzfuzzfuzzfuzzfuzzfuzzfuzz"  # 32 characters, as Django's cookie has
METHODS = ("get", "post", "put", "patch", "delete")


def _operations() -> list[tuple[str, str, bool]]:
    """(method, path, accepts a partner token) for every operation in the committed schema.

    The committed docs/openapi.yaml is what `make test` proves equal to the served schema; the test
    itself fuzzes the served one and fails if the two lists differ.
    """
    document = yaml.safe_load((ROOT / "docs" / "openapi.yaml").read_text(encoding="utf-8"))
    found = []
    for path, item in document["paths"].items():
        for method in METHODS:
            if method in item:
                security = item[method].get("security", document.get("security", []))
                partner = any("partnerToken" in entry for entry in security)
                found.append((method.upper(), path, partner))
    return found


OPERATIONS = _operations()


def _group(path: str) -> str:
    """The resource an operation belongs to: /api/workspaces/{ws}/reach/activities/{id}/ -> reach."""
    parts = [p for p in path.split("/") if p and not p.startswith("{")]
    return parts[2] if len(parts) > 2 else parts[-1]


GROUPS: dict[str, list[tuple[str, str, bool]]] = defaultdict(list)
for _operation in OPERATIONS:
    GROUPS[_group(_operation[1])].append(_operation)

CASES: dict[str, int] = {}
SUCCESSES = [0]  # answers below 300: proof that the session and the token really get through


# --- The world the requests land in ---------------------------------------------------------------


@pytest.fixture
def world(db, tmp_path, client, settings):
    """The demo workspace Utrecht (network, programmes, a questionnaire, live, reach, policy framework,
    goals and LEA; not the slow generated answers and reports), a coordinator's session, a partner token."""
    from ouderpartner.accounts.models import User
    from ouderpartner.accounts.testing import verify_client_session
    from ouderpartner.core.demo import loader, policy_framework, policy_goals, policy_lea
    from ouderpartner.core.demo import voice as demo_voice
    from ouderpartner.core.demo.live import load_live
    from ouderpartner.core.demo.programmes import load_programmes
    from ouderpartner.core.demo.reach import load_reach
    from ouderpartner.network.models import Organisation
    from ouderpartner.reach import services as reach_services

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "localhost"]
    report = loader.DemoReport()
    loader.load_municipalities(None, report)
    utrecht = loader.ensure_workspace(loader.WORKSPACES[0])
    amersfoort = loader.ensure_workspace(loader.WORKSPACES[1])
    loader.load_utrecht_network(utrecht, None, report)
    loader.load_places(utrecht, loader.UTRECHT_ORGANISATIONS, report)
    loader.load_school_extras(utrecht, report)
    loader.load_places(amersfoort, loader.AMERSFOORT_ORGANISATIONS, report)
    loader.ensure_users(report)
    load_programmes(utrecht)
    demo_voice.load_conversations(utrecht)
    questionnaire = demo_voice.load_questionnaire(utrecht)
    demo_voice.load_distributions(utrecht, questionnaire)
    load_live(utrecht)
    load_reach(utrecht)
    for part in (policy_framework, policy_goals, policy_lea):
        part.load(utrecht)

    coordinator = User.objects.get(email="alice@example.org")
    client.force_login(coordinator)
    verify_client_session(client, coordinator)  # past the second step (coordinators need two factors)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    organisation = Organisation.objects.filter(workspace=utrecht).order_by("pk").first()
    _token, secret = reach_services.partner_token_create(
        workspace=utrecht, actor=coordinator, organisation=organisation, name="Fuzz"
    )
    return {
        "session": {
            "Cookie": f"{settings.SESSION_COOKIE_NAME}={session}; {settings.CSRF_COOKIE_NAME}={CSRF_TOKEN}",
            "X-CSRFToken": CSRF_TOKEN,
        },
        "partner": {"Authorization": f"Bearer {secret}"},
    }


_SCHEMA: dict[str, Any] = {}


def load_schema() -> Any:
    """The schema the app serves, loaded through schemathesis's WSGI loader once per process."""
    from django.core.wsgi import get_wsgi_application

    if "schema" not in _SCHEMA:
        app = get_wsgi_application()
        loaded = schemathesis.openapi.from_wsgi("/api/schema/?format=json", app)
        _SCHEMA["schema"] = loaded
    return _SCHEMA["schema"]


# --- Checks -----------------------------------------------------------------------------------------


def explained_client_error(ctx: Any, response: Any, case: Any) -> bool | None:
    """A 4xx carries a JSON body that says what is wrong: a `detail`, or errors per field."""
    if not 400 <= response.status_code < 500:
        return None
    try:
        body = json.loads(response.content or b"")
    except ValueError:
        raise AssertionError(
            f"{response.status_code} without a JSON explanation: {response.content[:200]!r}"
        ) from None
    if isinstance(body, dict) and body.get("detail"):
        return True
    if isinstance(body, dict | list) and body:
        return True
    raise AssertionError(f"{response.status_code} with an empty explanation: {body!r}")


# response_schema_conformance is left out for now: blank e-mail addresses and websites are answered as ""
# where the schema says format email/uri (Organisation, Location, …), a documentation gap still to close.
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
]


# --- Path parameters: real objects of the workspace, or anything ------------------------------------


def real_path_parameters(path: str, headers: dict[str, str]) -> dict[str, Any] | None:
    """For /…/{ws}/frameworks/{framework_pk}/versions/{id}/: ws=utrecht and each id the first object of
    the collection in front of it (listed through the API itself), or None when a collection is empty."""
    from django.test import Client

    client = Client(HTTP_HOST="localhost")
    values: dict[str, Any] = {}
    for match in re.finditer(r"\{([^}]+)\}", path):
        name = match.group(1)
        if name == "ws":
            values[name] = "utrecht"
            continue
        collection = path[: match.start()]
        for key, value in values.items():
            collection = collection.replace("{" + key + "}", str(value))
        extra = {f"HTTP_{k.upper().replace('-', '_')}": v for k, v in headers.items()}
        response = client.get(collection, **extra)
        if response.status_code != 200:
            return None
        body = response.json()
        items = body.get("results", body) if isinstance(body, dict) else body
        ids = [item["id"] for item in items if isinstance(item, dict) and "id" in item] if items else []
        if not ids:
            return None
        values[name] = ids[0]
    return values


def fuzz(method: str, path: str, headers: dict[str, str]) -> int:
    """Run the positive and negative cases of one operation; returns how many were tried."""
    schema = load_schema()
    operation = schema[path][method.lower()]
    real = real_path_parameters(path, headers)
    tried = 0
    for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
        strategies = [operation.as_strategy(generation_mode=mode)]
        if real is not None and "{" in path:
            strategies.append(operation.as_strategy(generation_mode=mode, path_parameters=real))
        elif "{ws}" in path:
            strategies.append(operation.as_strategy(generation_mode=mode, path_parameters={"ws": "utrecht"}))
        checks = CHECKS if mode is GenerationMode.POSITIVE else [not_a_server_error]
        tried += run_cases(st.one_of(*strategies), headers, checks)
    return tried


def run_cases(strategy: Any, headers: dict[str, str], checks: list[Any]) -> int:
    # The WSGI client keeps its own cookie jar: the session goes in as cookies, not as a Cookie header.
    cookies = dict(part.split("=", 1) for part in headers.get("Cookie", "").split("; ") if part)
    plain = {name: value for name, value in headers.items() if name != "Cookie"}
    counter = [0]

    @given(case=strategy)
    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    def run(case: Any) -> None:
        counter[0] += 1
        response = case.call(headers=plain, cookies=cookies)
        if response.status_code < 300:
            SUCCESSES[0] += 1
        case.validate_response(response, checks=checks, additional_checks=[explained_client_error])

    run()
    return counter[0]


@pytest.mark.skipif(
    connection.vendor != "sqlite",
    reason="fuzzed on the embedded default (SQLite); on PostgreSQL the WSGI calls outside Django's test "
    "client lose the test transaction's connection after the first request",
)
@pytest.mark.parametrize("group", sorted(GROUPS))
def test_every_operation_survives_fuzzing(group, world):
    total = 0
    failures = []
    SUCCESSES[0] = 0
    for method, path, partner in GROUPS[group]:
        for identity in ("session", "partner") if partner else ("session",):
            try:
                total += fuzz(method, path, world[identity])
            except Exception as error:  # every operation is tried; all failures are reported together
                failures.append(f"{method} {path} ({identity}):\n{error}")
    CASES[group] = total
    print(f"\nschemathesis {group}: {len(GROUPS[group])} operation(s), {total} case(s)")
    assert not failures, "\n\n".join(failures)
    assert total >= len(GROUPS[group])
    assert SUCCESSES[0], f"no request of {group} got through: is the coordinator still signed in?"


def test_the_committed_schema_lists_the_served_operations(world):
    """The operations fuzzed above (read from docs/openapi.yaml) are exactly those the app serves."""
    schema = load_schema()
    served = sorted(
        (method.upper(), path)
        for path, item in schema.raw_schema["paths"].items()
        for method in item
        if method in METHODS
    )
    assert served == sorted((method, path) for method, path, _partner in OPERATIONS)
