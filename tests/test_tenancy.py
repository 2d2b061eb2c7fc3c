"""Tenant isolation across every route: a member of another workspace gets 404, whatever the route.

The tests walk the URL resolver and the WebSocket routing table. Each workspace route is tried by dave
(coordinator of Amersfoort) in two ways: with Utrecht's slug (he is no member: 404), and — for routes
that name an object — with his own slug and the id of Utrecht's object (not in his workspace: 404);
pages with GET and POST, the API also with PUT, PATCH and DELETE. Every route of his own workspace that
names no object shows nothing of Utrecht's: the API's list endpoints answer 200 with none of Utrecht's
rows (the list exists and is empty for him; he is a member there, so not 403). Every API route is also
tried with a partner token of Amersfoort and with one of another Utrecht organisation: 404 where tokens
are taken, 401/403 (no token accepted) everywhere else. A route the walker cannot classify fails the
test until it is added to the tables in tests/routewalk.py (shared with the query-count walk). `pytest tests/test_tenancy.py -s -k routes_walked` prints
how many routes are walked.
"""

from __future__ import annotations

import re

import pytest

from ouderpartner.network.models import Location
from tests.routewalk import (
    MODEL_BY_SEGMENT,
    OBJECT_ID,
    WORKSPACE_ROUTE,
    body_text,
    fill,
    takes_partner_tokens,
    unclassified_routes,
    walk,
    workspace_objects,
    workspace_routes,
)

pytestmark = pytest.mark.django_db

# Put into the names and titles of Utrecht's objects: no page or answer to an outsider may show it.
MARKER = "Xq7Utrecht"
LEAKS = (MARKER, "Willibrordschool")


def test_every_route_is_classified():
    unclassified = unclassified_routes()
    assert not unclassified, f"Routes the tenancy test cannot classify: {unclassified}"
    assert len(workspace_routes()) > 10


@pytest.fixture
def utrecht_objects(utrecht, school, alice, bob):
    return workspace_objects(utrecht, school, coordinator=alice, member=bob, marker=MARKER)


def methods_for(route: str) -> tuple[str, ...]:
    """Pages take GET and POST; the API's routes are also tried with its other writes."""
    return ("get", "post", "put", "patch", "delete") if route.startswith("api/") else ("get", "post")


def test_an_outsider_gets_404_on_every_workspace_route(client_for, dave, utrecht_objects):
    client = client_for(dave)
    failures = []
    for route, name in workspace_routes():
        try:
            attempts = [fill(route, ws="utrecht", objects=utrecht_objects)]
            if OBJECT_ID.search(route):
                # His own workspace, but Utrecht's object: still "does not exist".
                attempts.append(fill(route, ws="amersfoort", objects=utrecht_objects))
        except LookupError as error:
            failures.append(str(error))
            continue
        for path in attempts:
            statuses = {method: getattr(client, method)(path).status_code for method in methods_for(route)}
            # 405 (a method the route does not take) reveals nothing; anything else but 404 does.
            if set(statuses.values()) - {404, 405} or 404 not in statuses.values():
                failures.append(f"{path} ({name}) answered {statuses}")
    assert not failures, "\n".join(failures)


# --- WebSocket routes (config/routing.py) ----------------------------------------------------------------
# Participants' sockets (/j/<code>/socket/) are public by the meeting's code, like the pages under /j/;
# every other socket is a workspace route and must refuse an outsider, just as its pages answer 404.
PUBLIC_SOCKET = re.compile(r"^\^?j/")


def websocket_routes():
    from config.routing import websocket_urlpatterns

    return [(str(entry.pattern), entry.name) for entry in websocket_urlpatterns]


def test_every_websocket_route_is_classified():
    unclassified = [
        route
        for route, _name in websocket_routes()
        if not (WORKSPACE_ROUTE.match(route) or PUBLIC_SOCKET.match(route))
    ]
    assert not unclassified, f"WebSocket routes the tenancy test cannot classify: {unclassified}"


@pytest.mark.django_db(transaction=True)
def test_an_outsider_cannot_open_any_workspace_websocket(client_for, dave, alice, utrecht_objects):
    from channels.testing import WebsocketCommunicator

    from config.asgi import application
    from ouderpartner.live.tests.realtime_support import ORIGIN, run, running_hub

    def cookie(user) -> tuple[bytes, bytes]:
        client = client_for(user)
        return (b"cookie", f"sessionid={client.session.session_key}".encode())

    outsider, member = cookie(dave), cookie(alice)
    routes = [route for route, _name in websocket_routes() if WORKSPACE_ROUTE.match(route)]
    assert routes

    async def opens(path: str, credentials: tuple[bytes, bytes]) -> bool:
        socket = WebsocketCommunicator(application, path, headers=[ORIGIN, credentials])
        connected, _code = await socket.connect(timeout=10)
        if connected:
            await socket.disconnect()
        return connected

    async def scenario():
        failures = []
        async with running_hub():
            for route in routes:
                own = fill(route, ws="utrecht", objects=utrecht_objects)
                # The member gets in: the refusals below are about who asks, not a broken address.
                assert await opens(own, member), own
                attempts = [own, fill(route, ws="amersfoort", objects=utrecht_objects)]
                failures += [path for path in attempts if await opens(path, outsider)]
        return failures

    failures = run(scenario)
    assert not failures, f"An outsider opened: {failures}"


def test_an_outsider_sees_nothing_of_another_workspace_in_his_own(client_for, dave, utrecht_objects):
    """Every route of his own workspace that names no object (lists, overviews, exports, the API's lists):
    none of Utrecht's objects shows. The API's list endpoints answer 200 with none of Utrecht's rows — the
    list exists and is empty for him (a 403 would be wrong: he is a member of his own workspace)."""
    client = client_for(dave)
    failures, walked = [], 0
    for route, name in workspace_routes():
        if OBJECT_ID.search(route):
            continue
        path = fill(route, ws="amersfoort", objects=utrecht_objects)
        response = client.get(path)
        walked += 1
        if response.status_code >= 500:
            failures.append(f"{path} ({name}) answered {response.status_code}")
            continue
        leaked = [marker for marker in LEAKS if marker in body_text(response)]
        if leaked:
            failures.append(f"{path} ({name}) shows {leaked}")
        model = MODEL_BY_SEGMENT.get(route.rstrip("/").split("/")[-1])
        if route.startswith("api/") and name.endswith("-list"):
            if response.status_code != 200:
                failures.append(
                    f"{path} ({name}) answered {response.status_code}, not 200 with an empty list"
                )
            elif model is not None and model in utrecht_objects:
                ids = {row.get("id") for row in response.json()["results"]}
                if utrecht_objects[model].pk in ids:
                    failures.append(f"{path} ({name}) lists Utrecht's {model.__name__}")
    assert walked >= 90
    assert not failures, "\n".join(failures)


# --- Partner tokens (reach): a token of another workspace, or of another organisation ---------------------


@pytest.fixture
def tokens(utrecht, amersfoort, dave):
    from ouderpartner.network.tests.factories import LocationFactory, OrganisationFactory
    from ouderpartner.reach.services import partner_token_create

    library = OrganisationFactory(workspace=amersfoort, name="Bibliotheek Eemland")
    LocationFactory(organisation=library)
    neighbour = OrganisationFactory(workspace=utrecht, name="Bibliotheek Utrecht")
    LocationFactory(organisation=neighbour)
    _token, other_workspace = partner_token_create(
        workspace=amersfoort, actor=dave, organisation=library, name="LVS"
    )
    _token, other_organisation = partner_token_create(
        workspace=utrecht, actor=None, organisation=neighbour, name="LVS"
    )
    return {"other_workspace": other_workspace, "other_organisation": other_organisation}


def api_routes():
    return [(route, name) for route, name in workspace_routes() if route.startswith("api/")]


def test_a_partner_token_reaches_nothing_of_another_workspace_or_organisation(utrecht_objects, tokens):
    """Every API route with a partner token of Amersfoort (with Utrecht's and with its own workspace name) and
    with a token of another Utrecht organisation than the school: Utrecht's (the school's) objects answer 404
    on the routes that take tokens; every other route does not take a token at all (401/403, nothing shown);
    the token's own lists show none of them, and it cannot record an activity at the school's place."""
    from django.test import Client

    from ouderpartner.reach.models import Activity

    failures, attempts = [], 0
    token_routes = 0
    for route, name in api_routes():
        plans = [
            ("other_workspace", fill(route, ws="utrecht", objects=utrecht_objects)),
            ("other_workspace", fill(route, ws="amersfoort", objects=utrecht_objects)),
            ("other_organisation", fill(route, ws="utrecht", objects=utrecht_objects)),
        ]
        token_routes += takes_partner_tokens(plans[0][1])
        for token, path in plans:
            client = Client(HTTP_AUTHORIZATION=f"Bearer {tokens[token]}")
            own_list = not OBJECT_ID.search(route) and (token, path.split("/")[3]) in {
                ("other_workspace", "amersfoort"),
                ("other_organisation", "utrecht"),
            }
            for method in methods_for(route):
                response = getattr(client, method)(path, data={}, content_type="application/json")
                attempts += 1
                status, body = response.status_code, body_text(response)
                leaked = [marker for marker in LEAKS if marker in body]
                if leaked:
                    failures.append(f"{token}: {method} {path} shows {leaked}")
                if not takes_partner_tokens(path):
                    expected = {401, 403}
                elif own_list:
                    expected = {200} if method == "get" else {400, 405}
                else:
                    expected = {404, 405}
                if status not in expected:
                    failures.append(f"{token}: {method} {path} ({name}) answered {status}, not {expected}")
                if own_list and method == "get" and status == 200:
                    ids = {row["id"] for row in response.json()["results"]}
                    if utrecht_objects[Activity].pk in ids:
                        failures.append(f"{token}: {path} lists the school's activity")
    # The neighbour's token at the school's place: refused, nothing recorded.
    school_place = utrecht_objects[Location]
    before = Activity.objects.count()
    response = Client(HTTP_AUTHORIZATION=f"Bearer {tokens['other_organisation']}").post(
        "/api/workspaces/utrecht/reach/activities/",
        {"location": school_place.pk, "kind": "reading_session", "date": "2026-11-01", "parents": 3},
        content_type="application/json",
    )
    assert response.status_code == 400 and "location" in response.json(), response.content
    assert Activity.objects.count() == before
    assert token_routes >= 2 and attempts > 500
    assert not failures, "\n".join(failures)


def test_routes_walked(capsys):
    """The numbers of routes these tests walk (`pytest tests/test_tenancy.py -s -k routes_walked`)."""
    every_route = list(walk())
    workspace = workspace_routes()
    with_object = [route for route, _name in workspace if OBJECT_ID.search(route)]
    api = api_routes()
    sockets = websocket_routes()
    with capsys.disabled():
        print(
            f"\nTenancy walk: {len(every_route)} URL routes from the resolver ({len(workspace)} workspace "
            f"routes, {len(with_object)} naming an object, {len(api)} in the API, "
            f"{len(every_route) - len(workspace)} outside any workspace), {len(sockets)} WebSocket routes "
            f"({sum(1 for route, _name in sockets if WORKSPACE_ROUTE.match(route))} of a workspace)"
        )
    assert len(every_route) >= 380 and len(workspace) >= 300 and len(api) >= 70 and len(sockets) >= 2
