"""HostSocket: the host's one ZeroMQ ROUTER socket, used without ever blocking the tick loop.

Every call but :meth:`HostSocket.wait_readable` returns at once. Incoming messages are read
with :meth:`drain` (bounded), decoded and checked; malformed ones come back as
:class:`ProtocolError` so the host can answer and count them. :meth:`send` never blocks and
never raises for a slow or vanished peer: each peer has a bounded queue (``SNDHWM``), a full
queue or an unknown peer (``ROUTER_MANDATORY``) is a dropped message, counted.

CurveZMQ encryption is on by default (``curve=True``): the key pair comes from ``keys``, or
from ``key_dir`` (created there 0600 if missing, see :mod:`netcode.keys`), or is made fresh
for this socket. ``curve=False`` keeps the socket plaintext.
"""

from __future__ import annotations

import errno
import ipaddress
import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import zmq

from netcode.codec import MAX_MESSAGE_BYTES, decode, encode
from netcode.errors import ProtocolError, TransportError
from netcode.flags import Flag
from netcode.joinstring import format_join_string
from netcode.keys import HostKeys, KeyFileError, load_or_create_keys
from netcode.messages import Error, Input, Message, Ping
from netcode.ratelimit import TokenBucket
from netcode.readiness import Readiness

__all__ = ["HostSocket", "PeerInfo", "TransportError", "TransportStats"]

DEFAULT_SEND_HWM = 64  # messages queued per peer: ~2 s of snapshots at 30 Hz
DEFAULT_RECV_HWM = 256  # messages queued per peer (ZeroMQ's HWM is per connection): a flood
# of 64 KB messages holds at most 16 MB per connection, then ZeroMQ stops reading it
DEFAULT_INPUT_RATE = 60.0  # inputs per second per peer: one per simulation step (60 Hz)
DEFAULT_INPUT_BURST = 10.0  # inputs a peer may save up (network jitter bunches them)
MAX_FLAGS = 1000  # flags kept until the host takes them; the oldest go first
FLAG_INTERVAL = 1.0  # at most one flag of a kind per peer per second
TELL_INTERVAL = 1.0  # at most one ``rate_limited`` error per peer per second
# The rate limit's rule: inputs beyond the token bucket are dropped and the peer is told
# (``rate_limited``, at most once a second); an honest client that sends a little too fast
# loses only the excess. Only clear abuse raises a flag for the teacher (3 flags bar a
# student): more inputs dropped within one second than the rate allows, i.e. a peer
# sending over twice the limit for a whole second.
MAX_FRAMES = 2  # [peer identity, payload]
_IDENTITY_FLAGS = zmq.SNDMORE | zmq.NOBLOCK


@dataclass(frozen=True)
class TransportStats:
    sent: int
    received: int
    dropped: int
    unroutable: int
    malformed: int
    rate_limited: int
    bytes_sent: int
    bytes_received: int


@dataclass(frozen=True)
class PeerInfo:
    """What the host socket knows of one peer (see :meth:`HostSocket.peer_info`).

    ``rtt_ms`` is the round trip time the client last reported in a ``ping`` (its own
    smoothed estimate, in milliseconds), None until it reported one; ``rtt_reported_at`` is
    the host clock time of that report.
    """

    last_heard: float
    rtt_ms: float | None
    rtt_reported_at: float | None


def check_bind_host(host: str) -> str:
    """``host`` must be an IPv4 or IPv6 address literal (``127.0.0.1`` in tests and demos)."""
    try:
        ipaddress.ip_address(host)
    except ValueError:
        raise TransportError(f"cannot bind to {host!r}: not an IP address") from None
    return host


def _endpoint(host: str, port: int) -> str:
    literal = f"[{host}]" if ":" in host else host
    return f"tcp://{literal}:{port if port else '*'}"


class HostSocket:
    """One ROUTER socket for all clients of a host. Not thread-safe: use it from one loop."""

    def __init__(
        self,
        bind_host: str = "127.0.0.1",
        port: int = 0,
        *,
        send_hwm: int = DEFAULT_SEND_HWM,
        recv_hwm: int = DEFAULT_RECV_HWM,
        context: zmq.Context[zmq.Socket[bytes]] | None = None,
        clock: Callable[[], float] = time.monotonic,
        input_rate: float = DEFAULT_INPUT_RATE,
        input_burst: float = DEFAULT_INPUT_BURST,
        curve: bool = True,
        keys: HostKeys | None = None,
        key_dir: Path | None = None,
    ) -> None:
        if not 0 <= port <= 65535:
            raise TransportError(f"port must be within 0..65535, got {port}")
        if send_hwm < 1 or recv_hwm < 1:
            raise TransportError("send_hwm and recv_hwm must be at least 1")
        if not curve and (keys is not None or key_dir is not None):
            raise TransportError("keys or key_dir given but curve=False (plaintext)")
        if keys is not None and key_dir is not None:
            raise TransportError("give keys or key_dir, not both")
        self.bind_host = bind_host
        self.curve = curve
        self._keys = keys
        self._key_dir = key_dir
        self._requested_port = port
        self._send_hwm = send_hwm
        self._recv_hwm = recv_hwm
        self._own_context = context is None
        self._context = context
        self._clock = clock
        self._sock: zmq.Socket[bytes] | None = None
        self._readiness: Readiness | None = None
        self._port = 0
        self._last_heard: dict[bytes, float] = {}
        self._rtt: dict[bytes, tuple[float, float]] = {}  # peer -> (rtt_ms, reported at)
        self._input_rate = input_rate
        self._input_burst = input_burst
        self._buckets: dict[bytes, TokenBucket] = {}
        self._last_flag: dict[tuple[bytes, str], float] = {}
        self._told: dict[bytes, float] = {}  # peer -> when it was last told rate_limited
        self._drops: dict[bytes, tuple[float, int]] = {}  # peer -> (window start, dropped)
        self._rate_error = encode(
            Error(
                code="rate_limited",
                message=f"more than {input_rate:g} inputs a second: the excess was dropped",
            )
        )
        self._flags: deque[Flag] = deque(maxlen=MAX_FLAGS)
        self.rate_limited = 0
        self.sent = 0
        self.received = 0
        self.dropped = 0
        self.unroutable = 0
        self.malformed = 0
        self.bytes_sent = 0
        self.bytes_received = 0

    # -- lifecycle ---------------------------------------------------------------------------
    @property
    def port(self) -> int:
        """The bound port (the real one after binding port 0); the requested one before."""
        return self._port or self._requested_port

    @property
    def public_key(self) -> bytes | None:
        """The host's CurveZMQ public key (Z85) once started; None for a plaintext socket."""
        return self._keys.public if self._keys is not None else None

    def join_string(self, host: str | None = None) -> str:
        """``HOST:PORT/KEY`` (``HOST:PORT`` in plaintext) for clients; ``host`` defaults to
        the bind address."""
        return format_join_string(host or self.bind_host, self.port, self.public_key)

    @property
    def started(self) -> bool:
        return self._sock is not None

    def start(self) -> None:
        """Bind. Raises :class:`TransportError` with a one-line reason on failure."""
        if self._sock is not None:
            raise TransportError("the host socket is already started")
        host = check_bind_host(self.bind_host)
        if self.curve and self._keys is None:
            try:
                self._keys = (
                    HostKeys.generate()
                    if self._key_dir is None
                    else load_or_create_keys(self._key_dir)
                )
            except KeyFileError as exc:
                raise TransportError(str(exc)) from None
        if self._context is None:
            self._context = zmq.Context()
        sock = self._context.socket(zmq.ROUTER)
        sock.setsockopt(zmq.LINGER, 0)
        sock.setsockopt(zmq.SNDHWM, self._send_hwm)
        sock.setsockopt(zmq.RCVHWM, self._recv_hwm)
        sock.setsockopt(zmq.MAXMSGSIZE, MAX_MESSAGE_BYTES)
        sock.setsockopt(zmq.ROUTER_MANDATORY, 1)
        if self._keys is not None:
            sock.setsockopt(zmq.CURVE_SERVER, 1)
            sock.setsockopt(zmq.CURVE_SECRETKEY, self._keys.secret)
        if ":" in host:
            sock.setsockopt(zmq.IPV6, 1)
        try:
            sock.bind(_endpoint(host, self._requested_port))
        except zmq.ZMQError as exc:
            sock.close(linger=0)
            self._release_context()
            raise TransportError(self._bind_failure(exc)) from None
        endpoint = sock.getsockopt_string(zmq.LAST_ENDPOINT)
        self._port = int(endpoint.rsplit(":", 1)[1])
        self._sock = sock
        self._readiness = Readiness(sock)

    def _bind_failure(self, exc: zmq.ZMQError) -> str:
        where = f"port {self._requested_port} on {self.bind_host}"
        if exc.errno == errno.EADDRINUSE:
            return f"{where} is already in use"
        if exc.errno == errno.EACCES:
            return f"permission denied to bind {where}"
        if exc.errno in (errno.EADDRNOTAVAIL, errno.ENODEV, errno.EINVAL):
            return f"cannot bind to {self.bind_host!r}: not an address of this machine"
        return f"cannot bind {where}: {exc.strerror}"

    def close(self) -> None:
        """Close at once (linger 0): queued messages are discarded. Safe to call twice."""
        if self._readiness is not None:
            self._readiness.close()
            self._readiness = None
            self._sock = None
        self._release_context()

    def _release_context(self) -> None:
        if self._own_context and self._context is not None:
            self._context.term()
            self._context = None

    def __enter__(self) -> HostSocket:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _socket(self) -> zmq.Socket[bytes]:
        if self._sock is None:
            raise TransportError("the host socket is not started (or already closed)")
        return self._sock

    # -- receiving ---------------------------------------------------------------------------
    def drain(self, max_messages: int) -> list[tuple[bytes, Message | ProtocolError]]:
        """Up to ``max_messages`` that arrived, in order; never waits."""
        sock = self._socket()
        out: list[tuple[bytes, Message | ProtocolError]] = []
        now = self._clock()
        recv = sock.recv_multipart
        last_heard = self._last_heard
        buckets = self._buckets
        received = size = 0
        for _ in range(max_messages):
            try:
                frames = recv(zmq.NOBLOCK)
            except zmq.Again:
                break
            peer = frames[0]
            received += 1
            last_heard[peer] = now
            item: Message | ProtocolError
            if len(frames) != MAX_FRAMES:
                size += sum(len(f) for f in frames[1:])
                item = ProtocolError(
                    "bad_message", f"expected one frame per message, got {len(frames) - 1}"
                )
            else:
                data = frames[1]
                size += len(data)
                try:
                    item = decode(data, local="host")
                except ProtocolError as exc:
                    item = exc
            kind = type(item)
            if kind is Input:  # the common case first: 60 a second from every student
                bucket = buckets.get(peer)
                if bucket is None:
                    bucket = self._bucket(peer, now)
                if not bucket.take(now):
                    self._over_rate(peer, now)
                    continue
            elif isinstance(item, ProtocolError):
                self.malformed += 1
                self._flag(peer, "malformed", f"{item.code}: {item.message}", now)
            elif isinstance(item, Ping) and item.rtt_ms is not None:
                self._rtt[peer] = (item.rtt_ms, now)
            out.append((peer, item))
        self.received += received
        self.bytes_received += size
        return out

    def _bucket(self, peer: bytes, now: float) -> TokenBucket:
        bucket = self._buckets.get(peer)
        if bucket is None:
            bucket = self._buckets[peer] = TokenBucket(self._input_rate, self._input_burst, now)
        return bucket

    def _over_rate(self, peer: bytes, now: float) -> None:
        """An input beyond the limit was dropped: tell the peer, flag only clear abuse."""
        self.rate_limited += 1
        if now - self._told.get(peer, -TELL_INTERVAL) >= TELL_INTERVAL:
            self._told[peer] = now
            self.send_encoded(peer, self._rate_error)
        start, dropped = self._drops.get(peer, (now, 0))
        if now - start >= 1.0:
            start, dropped = now, 0
        dropped += 1
        self._drops[peer] = (start, dropped)
        if dropped > self._input_rate:
            detail = f"more than twice the {self._input_rate:g} inputs/s allowed"
            self._flag(peer, "rate_limited", detail, now)

    def _flag(self, peer: bytes, kind: str, detail: str, now: float) -> None:
        key = (peer, kind)
        if now - self._last_flag.get(key, -FLAG_INTERVAL) < FLAG_INTERVAL:
            return
        self._last_flag[key] = now
        self._flags.append(Flag(peer=peer, kind=kind, detail=detail, time=now))

    def take_flags(self) -> list[Flag]:
        """Flags raised since the last call (at most one per peer and kind per second)."""
        flags = list(self._flags)
        self._flags.clear()
        return flags

    async def wait_readable(self, timeout: float) -> bool:
        """Sleep until a message is waiting or ``timeout`` seconds passed; True if readable."""
        self._socket()
        assert self._readiness is not None  # made together with the socket
        return await self._readiness.wait(timeout)

    def poll(self, timeout: float) -> bool:
        """Blocking wait (for threads and tests): True once a message is waiting."""
        return bool(self._socket().poll(max(0, round(timeout * 1000)), zmq.POLLIN))

    # -- sending -----------------------------------------------------------------------------
    def send(self, peer: bytes, msg: Message) -> bool:
        """Queue ``msg`` for ``peer``; False (and counted) if dropped. Never blocks or raises
        for the peer's sake; a message that breaks the protocol raises ProtocolError."""
        return self.send_encoded(peer, encode(msg))

    def broadcast(self, peers: Iterable[bytes], msg: Message) -> int:
        """Encode once, send to every peer; returns how many were queued."""
        data = encode(msg)
        return sum(self.send_encoded(peer, data) for peer in peers)

    def send_many(self, messages: Iterable[tuple[bytes, bytes]]) -> int:
        """Send ``(peer, bytes from encode)`` pairs in one go (a tick's snapshots); returns
        how many were queued. Each is handled as :meth:`send_encoded` handles one."""
        return sum(self.send_encoded(peer, data) for peer, data in messages)

    def send_encoded(self, peer: bytes, data: bytes) -> bool:
        """Send bytes made by :func:`netcode.codec.encode` (for one message sent to many)."""
        sock = self._socket()
        try:
            # Two sends, as send_multipart does them, without its per-call overhead (half
            # the caller's CPU per message). A full queue or an unknown peer fails on the
            # identity frame, before anything is queued.
            sock.send(peer, _IDENTITY_FLAGS)
            sock.send(data, zmq.NOBLOCK)
        except zmq.Again:
            self.dropped += 1
            return False
        except zmq.ZMQError as exc:
            if exc.errno != errno.EHOSTUNREACH:
                raise TransportError(f"send to peer {peer.hex()} failed: {exc.strerror}") from None
            self.dropped += 1
            self.unroutable += 1
            return False
        self.sent += 1
        self.bytes_sent += len(data)
        return True

    # -- peers -------------------------------------------------------------------------------
    def last_heard(self, peer: bytes) -> float | None:
        """Clock time of the last message from ``peer`` (None if never heard or forgotten)."""
        return self._last_heard.get(peer)

    def peer_info(self, peer: bytes) -> PeerInfo | None:
        """``peer``'s record: last heard, and the RTT it last reported (None if unknown)."""
        heard = self._last_heard.get(peer)
        if heard is None:
            return None
        rtt = self._rtt.get(peer)
        return PeerInfo(
            last_heard=heard,
            rtt_ms=rtt[0] if rtt is not None else None,
            rtt_reported_at=rtt[1] if rtt is not None else None,
        )

    def silent_peers(self, timeout: float, now: float | None = None) -> list[bytes]:
        """Peers not heard from for more than ``timeout`` seconds (candidates for 'dead')."""
        t = self._clock() if now is None else now
        return [peer for peer, seen in self._last_heard.items() if t - seen > timeout]

    def forget(self, peer: bytes) -> None:
        """Stop tracking ``peer`` (after the host declared it gone)."""
        self._last_heard.pop(peer, None)
        self._rtt.pop(peer, None)
        self._buckets.pop(peer, None)
        self._told.pop(peer, None)
        self._drops.pop(peer, None)
        self._last_flag.pop((peer, "malformed"), None)
        self._last_flag.pop((peer, "rate_limited"), None)

    def stats(self) -> TransportStats:
        return TransportStats(
            sent=self.sent,
            received=self.received,
            dropped=self.dropped,
            unroutable=self.unroutable,
            malformed=self.malformed,
            rate_limited=self.rate_limited,
            bytes_sent=self.bytes_sent,
            bytes_received=self.bytes_received,
        )
