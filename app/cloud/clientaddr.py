"""Who sent a request: the peer address, or what a trusted reverse proxy says it forwarded.

``X-Forwarded-For`` is believed only when the peer is one of ``trusted_proxies``; then the
header is read from the right, skipping the trusted proxies, and the first other address is
the client. From anyone else the header is ignored (rotating it would otherwise give a
client a fresh rate-limit allowance per request). uvicorn runs with ``proxy_headers=False``
so that it does not rewrite the peer itself (see :func:`app.cloud.server.uvicorn_config`).
"""

from __future__ import annotations

import ipaddress
from collections.abc import Sequence
from functools import lru_cache

from starlette.requests import Request

UNKNOWN = "unknown"
Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=16)
def _networks(trusted: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(net, strict=False) for net in trusted)


def _trusted(address: str, networks: Sequence[Network]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in net for net in networks)


def forwarded_client(peer: str, forwarded_for: str | None, trusted: tuple[str, ...]) -> str:
    """The client's address from the ``peer`` address and its X-Forwarded-For header."""
    networks = _networks(trusted)
    if not forwarded_for or not networks or not _trusted(peer, networks):
        return peer
    hops = [hop.strip() for hop in forwarded_for.split(",") if hop.strip()]
    for hop in reversed(hops):
        try:
            ipaddress.ip_address(hop)
        except ValueError:
            return peer  # a malformed chain: believe only the proxy itself
        if not _trusted(hop, networks):
            return hop
    return hops[0] if hops else peer


def client_address(request: Request, trusted: tuple[str, ...]) -> str:
    peer = request.client.host if request.client else UNKNOWN
    return forwarded_client(peer, request.headers.get("x-forwarded-for"), trusted)
