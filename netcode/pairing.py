"""Pairing: a student's player gets the host's CurveZMQ key with nothing but the join code.

The game socket is encrypted and authenticated with CurveZMQ, so a client needs the host's
public key. Instead of making a student copy 40 characters, the host answers *pairing*
requests on a second, small socket (the class's address: the game port + 1 by default):

1. the client sends ``[1, "pair", A]``, ``A`` its first SPAKE2 message for the password
   "the join code" (SPAKE2 is a password-authenticated key exchange: RFC 9382);
2. the host answers ``[1, "card", B, card, tag]``: its SPAKE2 message, its *host card*
   (msgpack: public key, game port, class, teacher, protocol version) and
   ``tag = HMAC-SHA256(K_card, card)`` with ``K_card`` derived from the SPAKE2 key;
3. the client finishes SPAKE2 and checks the tag. Only a host that knows the join code can
   make a valid tag, so a card that verifies is the class's real key; a wrong code (or an
   impostor) fails the check and the client says so.

An eavesdropper learns nothing that lets it guess the code offline (SPAKE2's property); an
active attacker gets one guess per pairing, and the host limits pairings per address and in
all (:data:`PER_ADDRESS_PER_MIN`, :data:`TOTAL_PER_MIN`). docs/protocol.md ("Pairing" and
"Security and trust model") is the spec and the threat model.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import msgpack
import zmq
from spake2 import SPAKE2_A, SPAKE2_B  # type: ignore[import-untyped]

from netcode.errors import ClientError, HostUnreachable, NetcodeError, TransportError
from netcode.keys import KeyFileError, parse_public_key
from netcode.messages import PROTOCOL_VERSION
from netcode.ratelimit import TokenBucket
from netcode.readiness import Readiness
from netcode.server import check_bind_host

log = logging.getLogger(__name__)

PAIR_VERSION = 1
ID_CLIENT = b"moonbase student"
ID_HOST = b"moonbase host"
CARD_LABEL = b"moonbase host card v1"
MAX_PAIR_BYTES = 2048
PER_ADDRESS_PER_MIN = 12.0  # pairings a minute from one address (a few retries, no guessing)
PER_ADDRESS_BURST = 6.0
TOTAL_PER_MIN = 240.0  # all addresses together: a class of 64 joining at once fits
TOTAL_BURST = 80.0
MAX_ADDRESSES = 4096  # rate-limit entries kept; the oldest are dropped beyond
CODE_CHARS = 16


class PairingError(NetcodeError):
    """Pairing failed; ``code`` is machine-readable (``wrong_code``, ``rate_limited``,
    ``bad_pairing``) and the message says it in words."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class HostCard:
    """What a paired client learns: the key and port of the game socket, and the class."""

    public_key: bytes  # Z85
    port: int
    class_name: str
    teacher: str
    protocol: int = PROTOCOL_VERSION

    def pack(self) -> bytes:
        return bytes(
            msgpack.packb(
                {
                    "key": self.public_key.decode("ascii"),
                    "port": self.port,
                    "class": self.class_name,
                    "teacher": self.teacher,
                    "v": self.protocol,
                }
            )
        )

    @classmethod
    def unpack(cls, raw: bytes) -> HostCard:
        try:
            d = msgpack.unpackb(raw, raw=False, strict_map_key=True)
        except (ValueError, msgpack.ExtraData, msgpack.FormatError, msgpack.StackError):
            raise PairingError("bad_pairing", "the class sent a card that cannot be read") from None
        if not isinstance(d, dict):
            raise PairingError("bad_pairing", "the class sent a card that is not a map")
        key, port, name, teacher, version = (
            d.get("key"),
            d.get("port"),
            d.get("class", ""),
            d.get("teacher", ""),
            d.get("v"),
        )
        if not isinstance(key, str) or not isinstance(port, int) or not 0 < port <= 65535:
            raise PairingError("bad_pairing", "the class's card has no usable key and port")
        if (
            not isinstance(name, str)
            or not isinstance(teacher, str)
            or not isinstance(version, int)
        ):
            raise PairingError("bad_pairing", "the class's card is malformed")
        try:
            public_key = parse_public_key(key)
        except KeyFileError as exc:
            raise PairingError("bad_pairing", f"the class's key is not valid: {exc}") from None
        return cls(public_key, port, name[:100], teacher[:100], version)


def code_password(code: str) -> bytes:
    """The join code as the SPAKE2 password: trimmed, upper case, spaces and dashes out."""
    cleaned = "".join(ch for ch in code.strip().upper() if ch not in " -")
    return cleaned[:CODE_CHARS].encode("utf-8")


def _card_key(shared: bytes) -> bytes:
    return hmac.new(shared, CARD_LABEL, hashlib.sha256).digest()


def card_tag(shared: bytes, card: bytes) -> bytes:
    return hmac.new(_card_key(shared), card, hashlib.sha256).digest()


def host_answer(code: str, request: bytes, card: HostCard) -> bytes:
    """The host's answer to one pairing request (pure; about 35 ms of CPU: SPAKE2)."""
    msg_a = _request_message(request)
    spake = SPAKE2_B(code_password(code), idA=ID_CLIENT, idB=ID_HOST)
    msg_b = spake.start()
    try:
        shared = spake.finish(msg_a)
    except Exception:  # spake2 raises its own errors for a message that is not a point
        return error_answer("bad_pairing", "that pairing message is not valid")
    packed = card.pack()
    return bytes(msgpack.packb([PAIR_VERSION, "card", msg_b, packed, card_tag(shared, packed)]))


def error_answer(code: str, message: str) -> bytes:
    return bytes(msgpack.packb([PAIR_VERSION, "error", code, message]))


def _request_message(request: bytes) -> bytes:
    try:
        items = msgpack.unpackb(request, raw=False)
    except (ValueError, msgpack.ExtraData, msgpack.FormatError, msgpack.StackError):
        raise PairingError("bad_pairing", "not a pairing request") from None
    if (
        not isinstance(items, list)
        or len(items) != 3
        or items[0] != PAIR_VERSION
        or items[1] != "pair"
        or not isinstance(items[2], bytes)
        or not 0 < len(items[2]) <= 256
    ):
        raise PairingError("bad_pairing", "not a pairing request of version 1")
    return items[2]


def client_request(code: str) -> tuple[Any, bytes]:
    """(the SPAKE2 state to finish with, the request bytes to send)."""
    spake = SPAKE2_A(code_password(code), idA=ID_CLIENT, idB=ID_HOST)
    return spake, bytes(msgpack.packb([PAIR_VERSION, "pair", spake.start()]))


def client_check(spake: Any, answer: bytes) -> HostCard:
    """The host card of a verified answer, or :class:`PairingError` saying why not."""
    try:
        items = msgpack.unpackb(answer, raw=False)
    except (ValueError, msgpack.ExtraData, msgpack.FormatError, msgpack.StackError):
        raise PairingError("bad_pairing", "the class's answer cannot be read") from None
    if isinstance(items, list) and len(items) == 4 and items[:2] == [PAIR_VERSION, "error"]:
        raise PairingError(str(items[2]), str(items[3]))
    if (
        not isinstance(items, list)
        or len(items) != 5
        or items[:2] != [PAIR_VERSION, "card"]
        or not all(isinstance(x, bytes) for x in items[2:])
    ):
        raise PairingError("bad_pairing", "the class's answer is not a pairing answer")
    _, _, msg_b, card, tag = items
    try:
        shared = spake.finish(msg_b)
    except Exception:
        raise PairingError("bad_pairing", "the class's pairing message is not valid") from None
    if not hmac.compare_digest(card_tag(shared, card), tag):
        raise PairingError(
            "wrong_code",
            "the class at this address does not accept this join code (or something "
            "pretends to be it): check the code on the board",
        )
    return HostCard.unpack(card)


async def pair(
    host: str,
    port: int,
    code: str,
    *,
    timeout: float = 5.0,
    context: zmq.Context[zmq.Socket[bytes]] | None = None,
) -> HostCard:
    """Pair with the class at ``host:port`` using ``code``; the verified host card.

    Raises :class:`HostUnreachable` when nothing answers within ``timeout`` seconds and
    :class:`PairingError` when the class refuses or the card does not verify."""
    check_bind_host(host)
    if not 0 < port <= 65535:
        raise ClientError(f"port must be within 1..65535, got {port}")
    spake, request = await asyncio.to_thread(client_request, code)
    ctx = context or zmq.Context.instance()
    sock = ctx.socket(zmq.DEALER)
    sock.setsockopt(zmq.LINGER, 0)
    sock.setsockopt(zmq.MAXMSGSIZE, MAX_PAIR_BYTES)
    if ":" in host:
        sock.setsockopt(zmq.IPV6, 1)
    literal = f"[{host}]" if ":" in host else host
    sock.connect(f"tcp://{literal}:{port}")
    readiness = Readiness(sock)
    try:
        sock.send(request, zmq.NOBLOCK)
        if not await readiness.wait(timeout):
            raise HostUnreachable(f"no class answers at {host}:{port} within {timeout:.0f} s")
        answer = sock.recv(zmq.NOBLOCK)
    except zmq.ZMQError as exc:
        raise HostUnreachable(f"cannot reach {host}:{port}: {exc}") from None
    finally:
        readiness.close()
    return await asyncio.to_thread(client_check, spake, answer)


class PairingServer:
    """The host's pairing socket: a ROUTER (no encryption: SPAKE2 needs none) that answers
    each request with the host card for the join code in force, rate limited per address.
    ``await run()`` serves until cancelled; ``close()`` after."""

    def __init__(
        self,
        bind: str,
        port: int,
        *,
        card: Callable[[], HostCard],
        code: Callable[[], str | None],
        context: zmq.Context[zmq.Socket[bytes]] | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.bind = check_bind_host(bind)
        self._requested_port = port
        self._card = card
        self._code = code
        self._ctx = context or zmq.Context.instance()
        self._clock = clock
        self._sock: zmq.Socket[bytes] | None = None
        self._readiness: Readiness | None = None
        self._per_address: dict[str, TokenBucket] = {}
        self._total: TokenBucket | None = None
        self.answered = 0
        self.refused = 0

    @property
    def port(self) -> int:
        if self._sock is None:
            raise TransportError("the pairing socket is not started")
        endpoint = self._sock.getsockopt_string(zmq.LAST_ENDPOINT)
        return int(endpoint.rsplit(":", 1)[1])

    def start(self) -> None:
        sock = self._ctx.socket(zmq.ROUTER)
        sock.setsockopt(zmq.LINGER, 0)
        sock.setsockopt(zmq.MAXMSGSIZE, MAX_PAIR_BYTES)
        sock.setsockopt(zmq.ROUTER_MANDATORY, 1)
        sock.setsockopt(zmq.SNDHWM, 64)
        if ":" in self.bind:
            sock.setsockopt(zmq.IPV6, 1)
        literal = f"[{self.bind}]" if ":" in self.bind else self.bind
        try:
            sock.bind(f"tcp://{literal}:{self._requested_port or '*'}")
        except zmq.ZMQError as exc:
            sock.close(linger=0)
            where = f"{self.bind}:{self._requested_port}"
            raise TransportError(
                f"cannot open the pairing port {where}: {exc.strerror}; another program may "
                "use it, choose another port"
            ) from None
        self._sock = sock
        self._readiness = Readiness(sock)
        self._total = TokenBucket(TOTAL_PER_MIN / 60, TOTAL_BURST, self._clock())

    def close(self) -> None:
        if self._readiness is not None:
            self._readiness.close()
        self._readiness = None
        self._sock = None

    def _allowed(self, address: str, now: float) -> bool:
        bucket = self._per_address.get(address)
        if bucket is None:
            if len(self._per_address) >= MAX_ADDRESSES:
                self._per_address.pop(next(iter(self._per_address)))
            bucket = self._per_address[address] = TokenBucket(
                PER_ADDRESS_PER_MIN / 60, PER_ADDRESS_BURST, now
            )
        assert self._total is not None
        return bucket.take(now) and self._total.take(now)

    async def run(self) -> None:
        """Answer requests until cancelled; one at a time (SPAKE2 runs in a worker thread,
        so the host's tick loop never waits on it)."""
        if self._sock is None or self._readiness is None:
            raise TransportError("start() the pairing socket first")
        sock, readiness = self._sock, self._readiness
        while True:
            if not await readiness.wait(1.0):
                continue
            try:
                frames = sock.recv_multipart(zmq.NOBLOCK, copy=False)
            except zmq.Again:
                continue
            if len(frames) != 2:
                continue  # a ROUTER frame is [identity, message]; anything else is noise
            peer, body = frames[0].bytes, frames[1]
            address = _peer_address(body)
            if not self._allowed(address, self._clock()):
                self.refused += 1
                self._send(peer, error_answer("rate_limited", "too many tries: wait a minute"))
                continue
            code = self._code()
            if code is None:
                self._send(peer, error_answer("code_expired", "this class has ended"))
                continue
            try:
                answer = await asyncio.to_thread(host_answer, code, body.bytes, self._card())
            except PairingError as exc:
                answer = error_answer(exc.code, exc.message)
            self.answered += 1
            self._send(peer, answer)

    def _send(self, peer: bytes, answer: bytes) -> None:
        if self._sock is None:
            return
        try:
            self._sock.send_multipart([peer, answer], zmq.NOBLOCK)
        except zmq.ZMQError as exc:  # the client left, or its queue is full: nothing to do
            log.debug("pairing answer not sent: %s", exc)


def _peer_address(frame: zmq.Frame) -> str:
    try:
        return str(frame.get("Peer-Address"))
    except zmq.ZMQError:
        return "?"
