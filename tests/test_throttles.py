"""Abuse limits on every anonymous endpoint (issue 8, item 5), with the clock moved by freezegun.

For each limit: it triggers (429, with the friendly page in the parent's language where a parent sees it),
it lets the same client in again once its window has passed, and it is keyed, so that one client does not
block another. The endpoints: starting a questionnaire (/q/), joining and answering a live meeting (/j/
pages and the participant's socket), sending consultation comments (/c/), and the API (per partner token,
per signed-in member and per address). Every public route must be listed in PUBLIC_ROUTES with what limits
it; a new one fails the inventory test until it is.
"""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from freezegun import freeze_time

from ouderpartner.live import realtime
from ouderpartner.live.models import LiveSession, Participant, Prompt, Vote
from ouderpartner.live.participant_texts import texts_for
from ouderpartner.live.tests.factories import LiveSessionFactory, PromptFactory, PromptOptionFactory
from ouderpartner.policy import consultation_services
from ouderpartner.policy.models import ConsultationComment
from ouderpartner.policy.tests.test_consultation_public import _answer_all
from ouderpartner.policy.tests.test_consultation_public import framework as framework
from ouderpartner.reach.models import Activity
from ouderpartner.voice import answering
from ouderpartner.voice.models import Response
from ouderpartner.voice.tests.test_parent_flow import distribution as distribution
from ouderpartner.voice.tests.test_parent_flow import start_url

pytestmark = pytest.mark.django_db

# Every route outside the workspaces that someone without an account can send to, and what limits it.
PUBLIC_ROUTES = {
    "parent:start": "new responses per client and per distribution (test_questionnaire_*)",
    "parent:step": "writes only to a response started under the limit above",
    "parent:done": "a page",
    "parent:not_found": "a page",
    "live_participant:enter_code": "a redirect to the meeting's page, writes nothing",
    "live_participant:start": "joins per address (test_live_join_*)",
    "live_participant:live": "answers per participant and per address (test_live_answers_*)",
    "consultation:start": "a page",
    "consultation:intro": "sendings per client and per framework (test_consultation_*)",
    "consultation:thanks": "a page",
    "consultation:not_found": "a page",
    "live_participant (socket)": "joins per address and per participant, answers per participant and per "
    "address, frames per connection (test_socket_*, tests/test_websocket_abuse.py)",
    "api": "per partner token, per member, per address (test_api_*)",
}
PUBLIC_PREFIXES = ("q/", "j/", "c/")


@pytest.fixture(autouse=True)
def fresh_limits():
    from django.core.cache import cache

    cache.clear()
    realtime.reset_limits()
    yield
    realtime.reset_limits()


def walk(patterns, prefix: str = "", namespace: str = ""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from walk(entry.url_patterns, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), f"{namespace}{entry.name or ''}"


def test_every_public_route_says_what_limits_it():
    from config.routing import websocket_urlpatterns

    public = {name for route, name in walk(get_resolver().url_patterns) if route.startswith(PUBLIC_PREFIXES)}
    public |= {
        f"{entry.name} (socket)" for entry in websocket_urlpatterns if str(entry.pattern).startswith("^j/")
    }
    public.add("api")
    missing = public - set(PUBLIC_ROUTES)
    assert not missing, f"Say what limits these public routes (PUBLIC_ROUTES): {sorted(missing)}"
    assert len(public) >= 12


# --- Questionnaires (/q/) -----------------------------------------------------------------------------


def test_questionnaire_starts_are_limited_per_client_until_the_window_passes(client, distribution):
    with freeze_time("2026-11-28 10:00:00") as frozen:
        for _ in range(answering.RATE_PER_CLIENT):
            assert client.post(start_url(distribution), {"language": "nl"}).status_code == 302
        blocked = client.post(start_url(distribution), {"language": "ar"})
        assert blocked.status_code == 429
        assert 'lang="ar"' in blocked.content.decode()  # the friendly page, in the parent's language
        # Another address is not blocked by this one.
        assert (
            client.post(start_url(distribution), {"language": "nl"}, REMOTE_ADDR="192.0.2.44").status_code
            == 302
        )
        frozen.tick(dt.timedelta(seconds=answering.RATE_WINDOW_SECONDS - 60))
        assert client.post(start_url(distribution), {"language": "nl"}).status_code == 429
        frozen.tick(dt.timedelta(seconds=61))
        assert client.post(start_url(distribution), {"language": "nl"}).status_code == 302
    assert Response.objects.count() == answering.RATE_PER_CLIENT + 2


def test_questionnaire_starts_are_limited_per_distribution(client, distribution, monkeypatch):
    from ouderpartner.voice.tests.factories import DistributionFactory

    monkeypatch.setattr(answering, "RATE_PER_DISTRIBUTION", 3)
    other = DistributionFactory(questionnaire=distribution.questionnaire, location=distribution.location)
    with freeze_time("2026-11-28 10:00:00") as frozen:
        for number in range(3):
            response = client.post(
                start_url(distribution), {"language": "nl"}, REMOTE_ADDR=f"192.0.2.{number}"
            )
            assert response.status_code == 302
        # The distribution is full for everyone this window, whatever the address ...
        assert (
            client.post(start_url(distribution), {"language": "nl"}, REMOTE_ADDR="192.0.2.99").status_code
            == 429
        )
        # ... but another distribution is not.
        assert client.post(start_url(other), {"language": "nl"}, REMOTE_ADDR="192.0.2.99").status_code == 302
        frozen.tick(dt.timedelta(seconds=answering.RATE_WINDOW_SECONDS))
        assert (
            client.post(start_url(distribution), {"language": "nl"}, REMOTE_ADDR="192.0.2.99").status_code
            == 302
        )


# --- Consultation (/c/) -------------------------------------------------------------------------------


def test_consultation_sendings_are_limited_per_client_until_the_window_passes(client, framework, monkeypatch):
    monkeypatch.setattr(consultation_services, "RATE_PER_CLIENT", 2)
    with freeze_time("2026-11-20 10:00:00") as frozen:
        for _ in range(2):
            assert _answer_all(client, framework, "ar", [("agree", "")] * 3).status_code == 303
        busy = _answer_all(client, framework, "ar", [("agree", "")] * 3)
        assert busy.status_code == 429
        assert 'lang="ar"' in busy.content.decode()
        other = _answer_all(client, framework, "nl", [("agree", "")] * 3, REMOTE_ADDR="192.0.2.70")
        assert other.status_code == 303
        frozen.tick(consultation_services.RATE_WINDOW_SECONDS)
        assert _answer_all(client, framework, "ar", [("agree", "")] * 3).status_code == 303
    assert ConsultationComment.objects.count() == 4 * 3


def test_consultation_sendings_are_limited_per_framework(client, framework, monkeypatch):
    monkeypatch.setattr(consultation_services, "RATE_PER_FRAMEWORK", 1)
    with freeze_time("2026-11-20 10:00:00") as frozen:
        assert _answer_all(client, framework, "nl", [("agree", "")] * 3).status_code == 303
        busy = _answer_all(client, framework, "nl", [("agree", "")] * 3, REMOTE_ADDR="192.0.2.71")
        assert busy.status_code == 429
        frozen.tick(consultation_services.RATE_WINDOW_SECONDS)
        assert (
            _answer_all(client, framework, "nl", [("agree", "")] * 3, REMOTE_ADDR="192.0.2.71").status_code
            == 303
        )


# --- Live meetings (/j/): the pages -------------------------------------------------------------------


@pytest.fixture
def meeting(utrecht):
    session = LiveSessionFactory(workspace=utrecht, languages=["nl", "ar"], status=LiveSession.Status.LIVE)
    choice = PromptFactory(session=session, position=1, kind=Prompt.Kind.SINGLE_CHOICE, text={"nl": "Wat?"})
    for position, value in enumerate(["a", "b"]):
        PromptOptionFactory(prompt=choice, position=position, value=value, label={"nl": value})
    session.current_prompt = choice
    session.save()
    return session


def join(client: Client, session: LiveSession, language: str = "nl", **extra):
    return client.post(f"/j/{session.code}/", {"language": language}, **extra)


def test_live_join_is_limited_per_address_until_the_bucket_refills(meeting, settings):
    settings.LIVE_RATE_LIMITS = {"join_address": realtime.Rate(per_second=0.1, burst=2)}
    with freeze_time("2026-11-28 19:00:00") as frozen:
        realtime.reset_limits()
        assert [join(Client(), meeting, "ar").status_code for _ in range(2)] == [302, 302]
        busy = join(Client(), meeting, "ar")
        assert busy.status_code == 429
        assert texts_for("ar")["busy"] in busy.content.decode()
        assert join(Client(), meeting, REMOTE_ADDR="192.0.2.80").status_code == 302
        frozen.tick(dt.timedelta(seconds=10))  # one token back
        assert join(Client(), meeting).status_code == 302
        assert join(Client(), meeting).status_code == 429
    assert Participant.objects.count() == 4


def test_live_answers_are_limited_per_participant_until_the_bucket_refills(meeting, settings):
    settings.LIVE_RATE_LIMITS = {"submit_participant": realtime.Rate(per_second=0.5, burst=2)}
    prompt = meeting.current_prompt
    url = f"/j/{meeting.code}/live/"
    with freeze_time("2026-11-28 19:00:00") as frozen:
        realtime.reset_limits()
        phone, other = Client(), Client()
        assert join(phone, meeting, "ar").status_code == 302
        assert join(other, meeting).status_code == 302
        for value in ("a", "b"):
            assert phone.post(url, {"prompt": prompt.pk, "choice": value}).status_code == 302
        busy = phone.post(url, {"prompt": prompt.pk, "choice": "a"})
        assert busy.status_code == 429
        assert texts_for("ar")["busy"] in busy.content.decode()
        # Another participant on the same address answers on.
        assert other.post(url, {"prompt": prompt.pk, "choice": "a"}).status_code == 302
        frozen.tick(dt.timedelta(seconds=2))
        assert phone.post(url, {"prompt": prompt.pk, "choice": "a"}).status_code == 302
    assert Vote.objects.count() == 2


def test_live_answers_are_limited_per_address(meeting, settings):
    settings.LIVE_RATE_LIMITS = {"submit_address": realtime.Rate(per_second=1, burst=2)}
    prompt = meeting.current_prompt
    url = f"/j/{meeting.code}/live/"
    with freeze_time("2026-11-28 19:00:00") as frozen:
        realtime.reset_limits()
        phones = [Client() for _ in range(3)]
        for phone in phones:
            assert join(phone, meeting).status_code == 302
        assert [phone.post(url, {"prompt": prompt.pk, "choice": "a"}).status_code for phone in phones] == [
            302,
            302,
            429,
        ]
        elsewhere = Client(REMOTE_ADDR="192.0.2.81")
        assert join(elsewhere, meeting).status_code == 302
        assert elsewhere.post(url, {"prompt": prompt.pk, "choice": "a"}).status_code == 302
        frozen.tick(dt.timedelta(seconds=1))
        assert phones[2].post(url, {"prompt": prompt.pk, "choice": "a"}).status_code == 302


# --- Live meetings: the participant's socket ----------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_socket_answers_are_limited_per_participant_and_refill(meeting, settings):
    from ouderpartner.live.tests.realtime_support import Phone, run, running_hub

    settings.LIVE_RATE_LIMITS = {"submit_participant": realtime.Rate(per_second=0.5, burst=2)}
    prompt = meeting.current_prompt

    async def scenario():
        async with running_hub():
            realtime.reset_limits()
            phone, other = Phone(meeting.code), Phone(meeting.code)
            for socket in (phone, other):
                assert await socket.connect()
                await socket.join()
            for ref in range(2):
                await phone.send(type="vote", prompt=prompt.pk, choices=["a"], ref=ref)
                assert (await phone.until_any(("ack", "error")))["type"] == "ack"
            await phone.send(type="vote", prompt=prompt.pk, choices=["b"], ref=2)
            refused = await phone.until_any(("ack", "error"))
            assert refused["type"] == "error" and refused["code"] == "busy"
            await other.send(type="vote", prompt=prompt.pk, choices=["b"], ref=3)
            assert (await other.until_any(("ack", "error")))["type"] == "ack"
            await asyncio.sleep(2.2)  # the bucket's own clock: a token back after two seconds
            await phone.send(type="vote", prompt=prompt.pk, choices=["b"], ref=4)
            assert (await phone.until_any(("ack", "error")))["type"] == "ack"
            await phone.close()
            await other.close()

    run(scenario)


@pytest.mark.django_db(transaction=True)
def test_socket_joins_are_limited_per_address(meeting, settings):
    from ouderpartner.live import consumers
    from ouderpartner.live.tests.realtime_support import Phone, run, running_hub

    settings.LIVE_RATE_LIMITS = {"join_address": realtime.Rate(per_second=0.001, burst=2)}

    async def scenario():
        async with running_hub():
            realtime.reset_limits()
            first, second, third = (Phone(meeting.code) for _ in range(3))
            assert await first.connect() and await second.connect()
            assert not await third.connect()  # closed with CLOSE_BUSY before the handshake completes
            await first.join()
            await first.close()
            await second.close()
            assert consumers.CLOSE_BUSY == 4429

    run(scenario)


# --- The API --------------------------------------------------------------------------------------------
# Tests run without the API's rates (settings: off while testing, so that API-heavy tests are not cut
# short); these tests switch the throttles on with small rates, and check the production rates apart.

SMALL_RATES = {"partner_token": "4/minute", "user": "5/minute", "anon": "2/minute"}


@pytest.fixture
def api_rates(settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": SMALL_RATES}
    return SMALL_RATES


def test_api_throttles_are_on_in_production_for_every_kind_of_client(settings):
    from ouderpartner.api import throttles

    classes = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_CLASSES"]
    assert classes == [
        "ouderpartner.api.throttles.PartnerTokenThrottle",
        "ouderpartner.api.throttles.MemberThrottle",
        "ouderpartner.api.throttles.AnonymousThrottle",
    ]
    rates = settings.API_THROTTLE_RATES
    for cls in (throttles.PartnerTokenThrottle, throttles.MemberThrottle, throttles.AnonymousThrottle):
        count, period = rates[cls.scope].split("/")
        assert 0 < int(count) <= 1200 and period == "minute", cls.scope


def limit_of(rate: str) -> int:
    return int(rate.split("/")[0])


@pytest.fixture
def partner_tokens(utrecht, school, alice):
    from ouderpartner.network.tests.factories import LocationFactory, OrganisationFactory
    from ouderpartner.reach.services import partner_token_create

    library = OrganisationFactory(workspace=utrecht, name="Bibliotheek")
    LocationFactory(organisation=library)
    _token, mine = partner_token_create(workspace=utrecht, actor=alice, organisation=school, name="LVS")
    _token, theirs = partner_token_create(workspace=utrecht, actor=alice, organisation=library, name="LVS")
    return mine, theirs


def test_api_partner_tokens_are_limited_per_token(api_rates, partner_tokens, school, alice):
    mine, theirs = partner_tokens
    url = "/api/workspaces/utrecht/reach/activities/"
    allowed = limit_of(api_rates["partner_token"])
    body = {
        "location": school.locations.get().pk,
        "kind": "reading_session",
        "date": "2026-11-27",
        "parents": 4,
    }
    with freeze_time("2026-11-28 12:00:00") as frozen:
        token_client = Client(HTTP_AUTHORIZATION=f"Bearer {mine}")
        for _ in range(allowed):
            assert token_client.get(url).status_code == 200
        refused = token_client.get(url)
        assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
        # A write is refused too, and stores nothing.
        assert token_client.post(url, body, content_type="application/json").status_code == 429
        assert not Activity.objects.exists()
        # Another token from the same address, and a signed-in member, are not blocked by it.
        assert Client(HTTP_AUTHORIZATION=f"Bearer {theirs}").get(url).status_code == 200
        member = Client()
        member.force_login(alice)
        assert member.get(url).status_code == 200
        frozen.tick(dt.timedelta(seconds=61))
        assert token_client.post(url, body, content_type="application/json").status_code == 201


def test_api_members_are_limited_per_member(api_rates, alice, bob):
    url = "/api/workspaces/utrecht/organisations/"
    allowed = limit_of(api_rates["user"])
    with freeze_time("2026-11-28 12:00:00") as frozen:
        member, other = Client(), Client()
        member.force_login(alice)
        other.force_login(bob)
        statuses = [member.get(url).status_code for _ in range(allowed + 1)]
        assert statuses == [200] * allowed + [429]
        assert other.get(url).status_code == 200  # the same address, another member
        frozen.tick(dt.timedelta(seconds=61))
        assert member.get(url).status_code == 200


def test_api_requests_without_credentials_are_limited_per_address(api_rates):
    url = "/api/schema/"
    allowed = limit_of(api_rates["anon"])
    with freeze_time("2026-11-28 12:00:00") as frozen:
        anonymous = Client(REMOTE_ADDR="192.0.2.90")
        statuses = [anonymous.get(url).status_code for _ in range(allowed + 1)]
        assert statuses == [200] * allowed + [429]
        assert Client(REMOTE_ADDR="192.0.2.91").get(url).status_code == 200
        frozen.tick(dt.timedelta(seconds=61))
        assert anonymous.get(url).status_code == 200
