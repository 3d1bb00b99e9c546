"""Join strings: ``HOST:PORT/KEY`` (encrypted) or ``HOST:PORT`` (plain), for people to share.

``KEY`` is the host's public key, 40 Z85 characters (64 hex characters are accepted too).
``HOST`` is an IP address; an IPv6 address goes in brackets: ``[fe80::1]:5555/KEY``. The first
``/`` ends the address (an address has none; a Z85 key may contain more).
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

from netcode.errors import NetcodeError
from netcode.keys import KeyFileError, parse_public_key

__all__ = ["JoinString", "JoinStringError", "format_join_string", "parse_join_string"]


class JoinStringError(NetcodeError):
    """Not a join string; the message quotes it and says what is wrong."""


@dataclass(frozen=True)
class JoinString:
    host: str
    port: int
    server_key: bytes | None  # Z85; None for a plaintext host

    def __str__(self) -> str:
        return format_join_string(self.host, self.port, self.server_key)


def format_join_string(host: str, port: int, server_key: bytes | str | None) -> str:
    literal = f"[{host}]" if ":" in host else host
    if server_key is None:
        return f"{literal}:{port}"
    key = server_key.decode("ascii") if isinstance(server_key, bytes) else server_key
    return f"{literal}:{port}/{key}"


def parse_join_string(text: str) -> JoinString:
    """``HOST:PORT`` or ``HOST:PORT/KEY`` -> its parts; raises JoinStringError naming the fault."""
    address, slash, key_text = text.strip().partition("/")
    host, colon, port_text = address.rpartition(":")
    if not colon or not host:
        raise JoinStringError(f"{text!r} is not HOST:PORT or HOST:PORT/KEY")
    if host.startswith("[") and host.endswith("]"):
        host = host[1:-1]
    try:
        ipaddress.ip_address(host)
    except ValueError:
        raise JoinStringError(f"{text!r}: {host!r} is not an IP address") from None
    if not port_text.isdigit() or not 0 < int(port_text) <= 65535:
        raise JoinStringError(f"{text!r}: the port must be within 1..65535, got {port_text!r}")
    key: bytes | None = None
    if slash:
        try:
            key = parse_public_key(key_text)
        except KeyFileError as exc:
            raise JoinStringError(f"{text!r}: {exc}") from None
    return JoinString(host=host, port=int(port_text), server_key=key)
