"""A class address typed by a student: ``HOST:PORT`` (the class's address: the player
pairs there with the join code) or ``HOST:PORT/KEY`` (the game socket with its key).

``HOST`` may be a computer's name or an IP address (IPv6 in brackets).
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable
from dataclasses import dataclass

from app.player.errors import AddressError
from netcode.joinstring import JoinStringError, parse_join_string

EXAMPLE = "192.168.1.20:5556"


@dataclass(frozen=True)
class ClassAddress:
    host: str
    port: int
    server_key: bytes | None = None  # Z85 CurveZMQ public key; None: plaintext

    @property
    def host_port(self) -> str:
        return f"[{self.host}]:{self.port}" if ":" in self.host else f"{self.host}:{self.port}"

    def __str__(self) -> str:
        if self.server_key is None:
            return self.host_port
        return f"{self.host_port}/{self.server_key.decode('ascii')}"


def parse_address(text: str) -> ClassAddress:
    """``"host:port[/key]"`` (IPv6 as ``[::1]:5555``) or :class:`AddressError` in plain words
    (the one parser is :func:`netcode.joinstring.parse_join_string`)."""
    try:
        parsed = parse_join_string(text, names=True)
    except JoinStringError as exc:
        raise AddressError(_IN_PLAIN_WORDS[exc.kind](text.strip())) from None
    return ClassAddress(parsed.host, parsed.port, parsed.server_key)


def _port_of(text: str) -> str:
    return text.partition("/")[0].rpartition(":")[2]


_IN_PLAIN_WORDS: dict[str, Callable[[str], str]] = {
    "empty": lambda _t: f"type the address your teacher shows, like {EXAMPLE}",
    "no_port": lambda t: f"{t.partition('/')[0]!r} has no port; it should look like {EXAMPLE}",
    "bad_port": lambda t: f"{_port_of(t)!r} is not a port number (1-65535); like {EXAMPLE}",
    "bad_host": lambda t: f"{t.partition('/')[0]!r} is not a computer's address; like {EXAMPLE}",
    "bad_key": lambda _t: (
        "the key after the '/' is not complete: copy all 40 characters, or type just the "
        "address and the code"
    ),
}


def resolve(address: ClassAddress) -> ClassAddress:
    """The same address with its host as an IP literal (names are looked up; this may block)."""
    try:
        ipaddress.ip_address(address.host)
        return address
    except ValueError:
        pass
    try:
        infos = socket.getaddrinfo(address.host, address.port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        raise AddressError(
            f"no computer called {address.host!r} was found on the network; check the spelling"
        ) from None
    for family, *_rest, sockaddr in infos:
        if family in (socket.AF_INET, socket.AF_INET6):
            return ClassAddress(str(sockaddr[0]), address.port, address.server_key)
    raise AddressError(f"no usable address for {address.host!r}")
