"""Addresses people share: ``HOST:PORT`` (a class's address: the client pairs there with the
join code, see :mod:`netcode.pairing`) or ``HOST:PORT/KEY`` (the game socket, encrypted with
the host's public key given; what bots and scripts use).

``KEY`` is the host's public key, 40 Z85 characters (64 hex characters are accepted too).
``HOST`` is an IP address or a computer's name; an IPv6 address goes in brackets:
``[fe80::1]:5555/KEY``. The first ``/`` ends the address (an address has none; a Z85 key
may contain more). This is the one parser of addresses; the player words its errors for
students (``JoinStringError.kind`` says which fault).
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from typing import Literal

from netcode.errors import NetcodeError
from netcode.keys import KeyFileError, parse_public_key

__all__ = ["JoinString", "JoinStringError", "format_join_string", "parse_join_string"]

Fault = Literal["empty", "no_port", "bad_port", "bad_host", "bad_key"]
_HOST_NAME = re.compile(
    r"^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?)*\.?$"
)


class JoinStringError(NetcodeError):
    """Not an address; the message quotes it and says what is wrong; ``kind`` names the
    fault (``empty``, ``no_port``, ``bad_port``, ``bad_host``, ``bad_key``)."""

    def __init__(self, kind: Fault, message: str) -> None:
        super().__init__(message)
        self.kind: Fault = kind


@dataclass(frozen=True)
class JoinString:
    host: str
    port: int
    server_key: bytes | None  # Z85; None: a class's address (pair with the code) or plain

    def __str__(self) -> str:
        return format_join_string(self.host, self.port, self.server_key)


def format_join_string(host: str, port: int, server_key: bytes | str | None) -> str:
    literal = f"[{host}]" if ":" in host else host
    if server_key is None:
        return f"{literal}:{port}"
    key = server_key.decode("ascii") if isinstance(server_key, bytes) else server_key
    return f"{literal}:{port}/{key}"


def parse_join_string(text: str, *, names: bool = False) -> JoinString:
    """``HOST:PORT`` or ``HOST:PORT/KEY`` -> its parts; raises JoinStringError naming the
    fault. ``names``: a computer's name is accepted as ``HOST`` (else an IP address)."""
    raw = text.strip()
    if not raw:
        raise JoinStringError("empty", "no address given")
    address, slash, key_text = raw.partition("/")
    if address.startswith("["):
        host, sep, port_text = address[1:].partition("]:")
    else:
        host, sep, port_text = address.rpartition(":")
    if not sep or not host:
        raise JoinStringError("no_port", f"{text!r} is not HOST:PORT or HOST:PORT/KEY")
    if not port_text.isdigit() or not 0 < int(port_text) <= 65535:
        raise JoinStringError(
            "bad_port", f"{text!r}: the port must be within 1..65535, got {port_text!r}"
        )
    try:
        ipaddress.ip_address(host)
    except ValueError:
        if not names or not _HOST_NAME.match(host):
            what = "an IP address" if not names else "an IP address or a computer's name"
            raise JoinStringError("bad_host", f"{text!r}: {host!r} is not {what}") from None
    key: bytes | None = None
    if slash:
        try:
            key = parse_public_key(key_text)
        except KeyFileError as exc:
            raise JoinStringError("bad_key", f"{text!r}: {exc}") from None
    return JoinString(host=host, port=int(port_text), server_key=key)
