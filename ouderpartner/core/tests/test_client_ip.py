"""The client address behind reverse proxies: X-Forwarded-For counts only when a trusted proxy sent it."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from ouderpartner.core.client_ip import client_address, trusted_proxy_networks


def request(remote: str, forwarded: str | None = None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_without_trusted_proxies_a_client_supplied_header_is_ignored(settings):
    settings.TRUSTED_PROXIES = []
    assert client_address(request("203.0.113.7", "198.51.100.1")) == "203.0.113.7"
    assert client_address(request("127.0.0.1", "198.51.100.1")) == "127.0.0.1"


def test_a_request_that_did_not_come_through_a_trusted_proxy_keeps_its_own_address(settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    # A client talking to the app directly cannot pick an address by sending the header itself.
    assert client_address(request("203.0.113.7", "198.51.100.1")) == "203.0.113.7"


def test_behind_a_trusted_proxy_the_client_is_the_address_the_proxy_appended(settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    assert client_address(request("127.0.0.1", "203.0.113.7")) == "203.0.113.7"
    # Whatever the client wrote in the header itself is to the left of what nginx appended.
    assert client_address(request("127.0.0.1", "6.6.6.6, 203.0.113.7")) == "203.0.113.7"
    assert client_address(request("127.0.0.1", "not-an-address, 203.0.113.7")) == "203.0.113.7"


def test_a_chain_of_trusted_proxies_is_walked_from_the_right(settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1", "10.0.0.0/8"]
    forwarded = "6.6.6.6, 203.0.113.7, 10.1.2.3"  # spoofed, the client, the load balancer
    assert client_address(request("127.0.0.1", forwarded)) == "203.0.113.7"


def test_ports_brackets_and_ipv6(settings):
    settings.TRUSTED_PROXIES = ["::1", "127.0.0.1"]
    assert client_address(request("::1", "[2001:db8::7]:4711")) == "2001:db8::7"
    assert client_address(request("127.0.0.1", "203.0.113.7:5123")) == "203.0.113.7"
    assert client_address(request("::ffff:127.0.0.1", "2001:db8::7")) == "2001:db8::7"


def test_a_garbled_or_missing_header_falls_back_to_the_proxy(settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    assert client_address(request("127.0.0.1", "203.0.113.7, garbage")) == "127.0.0.1"
    assert client_address(request("127.0.0.1")) == "127.0.0.1"
    assert client_address(request("127.0.0.1", "127.0.0.1")) == "127.0.0.1"


def test_bad_settings_are_refused():
    with pytest.raises(ValueError, match="nginx"):
        trusted_proxy_networks(["127.0.0.1", "nginx"])
    assert [str(n) for n in trusted_proxy_networks(["10.0.0.0/8", "::1"])] == ["10.0.0.0/8", "::1/128"]


def test_the_settings_module_refuses_a_bad_value(monkeypatch):
    import importlib

    from django.core.exceptions import ImproperlyConfigured

    import config.settings

    monkeypatch.setenv("TRUSTED_PROXIES", "127.0.0.1,proxy.local")
    try:
        with pytest.raises(ImproperlyConfigured, match=r"proxy\.local"):
            importlib.reload(config.settings)
    finally:
        monkeypatch.delenv("TRUSTED_PROXIES")
        importlib.reload(config.settings)
