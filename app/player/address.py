"""A class address typed by a student: ``HOST:PORT/KEY`` (or ``HOST:PORT`` for a plain host).

``HOST`` may be a computer's name or an IP address (IPv6 in brackets); ``KEY`` is the
host's public key that makes the connection encrypted (see ``netcode.joinstring``).
"""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass

from app.player.errors import AddressError
from netcode.keys import KeyFileError, parse_public_key

EXAMPLE = "192.168.1.20:5555/KEY"


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
    """``"host:port[/key]"`` (IPv6 as ``[::1]:5555``) or :class:`AddressError` in plain words."""
    raw = text.strip()
    if not raw:
        raise AddressError(f"type the address your teacher shows, like {EXAMPLE}")
    address, slash, key_text = raw.partition("/")
    if address.startswith("["):
        host, sep, port_text = address[1:].partition("]:")
    else:
        host, sep, port_text = address.rpartition(":")
    if not sep or not host:
        raise AddressError(f"{address!r} has no port; it should look like {EXAMPLE}")
    if not port_text.isdigit() or not 0 < int(port_text) <= 65535:
        raise AddressError(f"{port_text!r} is not a port number (1-65535); like {EXAMPLE}")
    key: bytes | None = None
    if slash:
        try:
            key = parse_public_key(key_text)
        except KeyFileError:
            raise AddressError(
                "the key after the '/' is not complete: copy all 40 characters from the board"
            ) from None
    return ClassAddress(host, int(port_text), key)


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
