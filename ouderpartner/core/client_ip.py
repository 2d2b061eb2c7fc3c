"""The address a request came from, seen through trusted reverse proxies; for rate limits only, never stored.

Behind a reverse proxy REMOTE_ADDR is the proxy's address, and the client's is in X-Forwarded-For,
which anyone can also send themselves. So the header is read only when the request came from a proxy
listed in settings.TRUSTED_PROXIES, and then from the right: each trusted proxy appends the address
it got the request from, so the first address from the right that is not a trusted proxy is the
client. What a client put in the header itself lies further left and is never used.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


def trusted_proxy_networks(values: list[str] | tuple[str, ...]) -> list[IPNetwork]:
    """Parse TRUSTED_PROXIES entries ("10.0.0.5", "10.0.0.0/8", "::1"); a ValueError names a bad one."""
    networks = []
    for value in values:
        try:
            networks.append(ipaddress.ip_network(value.strip(), strict=False))
        except ValueError as error:
            raise ValueError(f"TRUSTED_PROXIES: {value!r} is not an IP address or network") from error
    return networks


def _parse(value: str) -> IPAddress | None:
    """An address from a header entry: "203.0.113.7", "203.0.113.7:5123", "[2001:db8::1]:443", "2001:db8::1"."""
    value = value.strip()
    if value.startswith("["):
        value = value[1:].split("]", 1)[0]
    elif value.count(":") == 1:
        value = value.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return None
    # An IPv4 client reaching an IPv6 socket shows up as ::ffff:a.b.c.d.
    mapped = getattr(address, "ipv4_mapped", None)
    return mapped or address


def _is_trusted(address: IPAddress, networks: list[IPNetwork]) -> bool:
    return any(address.version == network.version and address in network for network in networks)


def client_address(request: HttpRequest) -> str:
    """The client's address: REMOTE_ADDR, or, when that is a trusted proxy, taken from X-Forwarded-For."""
    remote = request.META.get("REMOTE_ADDR", "") or ""
    networks = trusted_proxy_networks(getattr(settings, "TRUSTED_PROXIES", []) or [])
    peer = _parse(remote)
    if not networks or peer is None or not _is_trusted(peer, networks):
        return remote
    hops = [hop for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    for hop in reversed(hops):
        address = _parse(hop)
        if address is None:
            # A trusted proxy writes addresses; anything else came from the client: stop believing here.
            return remote
        if not _is_trusted(address, networks):
            return str(address)
    # Only proxies in the chain (or no header): the first hop is as close to the client as we know.
    first = _parse(hops[0]) if hops else None
    return str(first) if first is not None else remote
