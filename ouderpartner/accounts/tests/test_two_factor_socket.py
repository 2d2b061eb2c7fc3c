"""The presenter's WebSocket (the one staff socket) asks for the same second step as the pages."""

import pytest
from django.test import Client
from django.urls import reverse

from ouderpartner.accounts.testing import totp_code, totp_device_for
from ouderpartner.live.models import LiveSession
from ouderpartner.live.tests.factories import LiveSessionFactory
from ouderpartner.live.tests.realtime_support import Screen, run, running_hub

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "correct horse battery staple"


def test_a_coordinator_opens_the_presenter_socket_only_after_the_second_step(alice, utrecht, school):
    meeting = LiveSessionFactory(workspace=utrecht, organisation=school, status=LiveSession.Status.LIVE)
    device = totp_device_for(alice)
    client = Client()
    client.post(reverse("accounts:login"), {"username": alice.email, "password": PASSWORD})
    half_way = client.session.session_key

    async def opens(key: str) -> bool:
        async with running_hub():
            screen = Screen("utrecht", meeting.pk, session_key=key)
            connected = await screen.connect()
            if connected:
                await screen.socket.disconnect()
            return connected

    assert run(lambda: opens(half_way)) is False
    client.post(reverse("accounts:two_factor_verify"), {"code": totp_code(device)})
    assert run(lambda: opens(client.session.session_key)) is True
