"""Every GET route's query count is bounded and does not grow with the number of rows (issue 9, item 3).

The walk takes every route from the URL resolver (tests/routewalk.py, shared with the tenancy walk): each
workspace route, page or API, is requested by alice, coordinator of Utrecht, signed in past the second step;
the public pages (a parent's questionnaire, a live meeting's participant pages, the consultation) by a visitor
without an account; her own account pages signed in. Each route is requested once with a workspace holding one
object of every kind a route can name (organisations, places, neighbourhoods, partnerships, programmes,
questionnaires with responses and answers, conversations, activities, live meetings with prompts, votes,
participants and entries, a policy framework with ambitions, goals, indicators, values, actions, LEA meetings,
agreements, audit events, ...), and again after `EXTRA` more sets were added, half of them hung under the
objects the routes show (more questions of the questionnaire, entries of the meeting, values of the
indicator, ...). The test fails when a route needs more queries the second time, when it needs more than
`MAX_QUERIES` (or its entry in `BOUNDS`), when it answers a server error, and when a route cannot be
classified (add it to tests/routewalk.py or to `OUTSIDE` below).

`pytest tests/test_query_growth.py -s` prints the number of routes checked, the highest count, and the
highest routes. To see the queries of routes that grow: `QUERY_GROWTH_SHOW=<regular expression of paths>`
(`-k grows -s`) prints the SQL of both requests of each path that matches.
"""

from __future__ import annotations

import os
import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from ouderpartner.accounts import security
from ouderpartner.live.models import LiveSession
from ouderpartner.policy import selfscan
from ouderpartner.policy.models import PolicyFramework
from ouderpartner.voice.models import Distribution, Questionnaire, Response
from tests.routewalk import (
    OBJECT_ID,
    fill,
    more_rows,
    takes_partner_tokens,
    walk,
    workspace_objects,
    workspace_routes,
)

pytestmark = pytest.mark.django_db

# More sets of every kind for the second request (each with a child under the first set's objects).
EXTRA = 5
# The bound on any one request's queries; routes that need more, with the reason, in BOUNDS.
MAX_QUERIES = 40
BOUNDS: dict[str, int] = {
    # The workspace archive's page counts the rows of every kind it exports: one COUNT per table (52 now),
    # growing with the schema, never with the data.
    "w/<slug:ws>/export/": 80,
}

# Routes outside any workspace: how the walk requests them ("public": without an account; "participant": as
# a participant who joined the live meeting; "account": signed in), or why it does not (SKIP). Parameters
# come from `_values`.
OUTSIDE = {
    "": "account",
    "language/<str:language>/": "account",
    "privacy/": "public",
    "accessibility/": "public",
    "healthz": "public",
    "health/live": "public",
    "health/ready": "public",
    "accounts/login/": "public",
    "accounts/password/reset/": "public",
    "accounts/password/reset/sent/": "public",
    "accounts/password/reset/<uidb64>/<token>/": "public",
    "accounts/password/reset/complete/": "public",
    "accounts/invitation/<str:token>/": "public",
    "accounts/password/change/": "account",
    "accounts/password/change/done/": "account",
    "accounts/two-factor/verify/": "account",
    "accounts/two-factor/set-up/": "account",
    "accounts/two-factor/recovery-codes/": "account",
    "accounts/two-factor/recovery-codes/new/": "account",
    "accounts/two-factor/switch-off/": "account",
    "accounts/two-factor/not-now/": "account",
    "accounts/security/": "account",
    "accounts/security/sign-out-everywhere/": "account",
    "q/<str:code>/": "public",
    "q/<str:code>/r/<str:token>/done/": "public",
    "q/<str:code>/r/<str:token>/<int:step>/": "public",
    "j/": "public",
    "j/<str:code>/": "public",
    "j/<str:code>/live/": "participant",
    "c/<str:code>/": "public",
    "c/<str:code>/<str:lang>/": "public",
    "c/<str:code>/<str:lang>/thanks/": "public",
    "api/schema/": "account",
    "api/docs/": "account",
    "api/workspaces/": "account",
}
SKIP = {
    "accounts/logout/": "signs the user out (POST); its GET only redirects",
    "i18n/setlang/": "Django's language switch (POST)",
    "media/<path:path>": "serves a file from disk",
}
SKIPPED_PATTERNS = re.compile(
    r"^(admin/.*"  # Django's own admin, for staff only
    r"|[a-z]/\^.*"  # catch-all regular expressions answering 404
    r"|api/.*(\.\(\?P<format>|\^).*)$"  # the API's format-suffix twins of the routes walked
)


def _values(objects: dict) -> dict:
    """Values for the parameters that name no object, per route prefix."""
    questionnaire = objects[Questionnaire]
    # A parent's response under way: its question page is the one parents load most.
    started = Response.objects.filter(questionnaire=questionnaire, submitted_at__isnull=True).first()
    return {
        "language": "nl",
        "lang": "nl",
        "slot": "title",
        "section": selfscan.SECTIONS[0].key,
        "step": "1",
        "uidb64": "MQ",
        "q/": {"code": objects[Distribution].code, "token": started.token},
        "j/": {"code": objects[LiveSession].code},
        "c/": {"code": objects[PolicyFramework].consultation_code},
        "accounts/": {"token": "x" * 20},
    }


def _path(route: str, objects: dict, values: dict) -> str:
    prefix = route.split("/")[0] + "/"
    merged = {key: value for key, value in values.items() if not isinstance(value, dict)}
    merged.update(values.get(prefix, {}))
    return fill(route, ws="utrecht", objects=objects, values=merged)


SHOW = re.compile(os.environ["QUERY_GROWTH_SHOW"]) if os.environ.get("QUERY_GROWTH_SHOW") else None


def _count(client: Client | None, path: str, session: dict | None) -> tuple[int, int]:
    """(status, queries) of one GET, with the caches emptied first (a cached answer hides nothing). With
    `session`, the signed-in client's session is first put back as after signing in (a message or choice an
    earlier page left would cost a write here); without a client, a new visitor asks."""
    if client is None:
        client = Client()
    if session is not None:
        store = client.session
        store.clear()
        store.update(session)
        security.session_started(store)  # just active: no once-a-minute note of activity in this request
        store.save()
    for cache in caches.all():
        cache.clear()
    ContentType.objects.clear_cache()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
        if response.streaming:
            b"".join(response.streaming_content)
    if SHOW and SHOW.search(path):
        print(f"\n--- {path}: {len(queries)} queries")
        print("\n".join(f"{index}. {query['sql'][:300]}" for index, query in enumerate(queries, 1)))
    return response.status_code, len(queries)


def test_every_route_is_walked_or_skipped_with_a_reason():
    walked = {route for route, _name in workspace_routes()} | set(OUTSIDE)
    unclassified = [
        route
        for route, _name in walk()
        if route not in walked and route not in SKIP and not SKIPPED_PATTERNS.match(route)
    ]
    assert not unclassified, (
        f"Routes the query-count walk cannot classify (add them to OUTSIDE): {unclassified}"
    )


def test_no_route_grows_its_queries_with_more_rows(client_for, utrecht, school, alice, bob, capsys):
    objects = workspace_objects(utrecht, school, coordinator=alice, member=bob)
    # Open to parents, so the public pages show what they show parents, not a 404.
    Questionnaire.objects.filter(pk=objects[Questionnaire].pk).update(status="published")
    LiveSession.objects.filter(pk=objects[LiveSession].pk).update(status="collecting")
    PolicyFramework.objects.filter(pk=objects[PolicyFramework].pk).update(status="consultation")
    values = _values(objects)

    staff = client_for(alice)
    assert staff.get("/w/utrecht/").status_code == 200
    session = dict(staff.session.items())
    public = None
    plan, failures = [], []
    for route, name in workspace_routes():
        try:
            plan.append((route, name, staff, _path(route, objects, values)))
        except LookupError as error:
            failures.append(str(error))
    # The API routes that take a partner token, also with one of the school (as its own system calls them).
    from ouderpartner.reach.services import partner_token_create

    _token, secret = partner_token_create(workspace=utrecht, actor=alice, organisation=school, name="LVS")
    partner = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
    plan += [
        (route, f"{name} (partner token)", partner, path)
        for route, name, _client, path in list(plan)
        if route.startswith("api/") and takes_partner_tokens(path)
    ]
    from ouderpartner.live.participant_views import TOKEN_COOKIE
    from ouderpartner.live.participation import participant_join

    _participant, participant_token = participant_join(code=objects[LiveSession].code, language="nl")
    participant = Client()
    participant.cookies[TOKEN_COOKIE] = participant_token
    for route, how in OUTSIDE.items():
        name = next((name for walked, name in walk() if walked == route), "")
        if not name:
            failures.append(f"{route}: in OUTSIDE but no longer a route")
            continue
        client = {"public": public, "participant": participant, "account": staff}[how]
        plan.append((route, name, client, _path(route, objects, values)))
    assert not failures, "\n".join(failures)

    first = [_count(client, path, session if client is staff else None) for _r, _n, client, path in plan]
    more_rows(utrecht, objects, coordinator=alice, count=EXTRA)
    second = [_count(client, path, session if client is staff else None) for _r, _n, client, path in plan]

    statuses: dict[int, int] = {}
    for index, (route, name, _client, path) in enumerate(plan):
        (status, before), (status_after, after) = first[index], second[index]
        statuses[status] = statuses.get(status, 0) + 1
        bound = BOUNDS.get(route, MAX_QUERIES)
        if status >= 500 or status_after >= 500:
            failures.append(f"{path} ({name}) answered {status}/{status_after}")
        elif status != status_after:
            failures.append(f"{path} ({name}) answered {status}, then {status_after} with more rows")
        if after > before:
            failures.append(
                f"{path} ({name}): {before} queries, {after} with {EXTRA} more rows of every kind"
            )
        if max(before, after) > bound:
            failures.append(f"{path} ({name}): {max(before, after)} queries, more than {bound}")
    counts = sorted(
        (
            (max(first[index][1], second[index][1]), f"{path} ({name})")
            for index, (_r, name, _c, path) in enumerate(plan)
        ),
        reverse=True,
    )
    with capsys.disabled():
        print(
            f"\nQuery-count walk: {len(plan)} routes checked ({len(plan) - len(OUTSIDE)} of a workspace, "
            f"{sum(1 for route, *_ in plan if OBJECT_ID.search(route))} naming an object, "
            f"{sum(1 for _r, name, *_ in plan if name.endswith('(partner token)'))} with a partner token), "
            f"answers {statuses}; max {counts[0][0]} queries; highest: "
            + ", ".join(f"{path} {count}" for count, path in counts[:5])
        )
        others = [
            f"{path} {first[index][0]}"
            for index, (*_rest, path) in enumerate(plan)
            if first[index][0] not in (200, 405)
        ]
        print(f"Answered neither 200 nor 405 (redirects, refusals): {', '.join(others)}")
    # Enough pages really rendered: a walk of 404s and redirects would bound nothing.
    assert statuses.get(200, 0) >= 250, statuses
    assert not failures, "\n".join(failures)
