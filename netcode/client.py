"""ClientConnection: one student's (or bot's, or console's) connection to a host, for asyncio.

A ZeroMQ DEALER socket; every send is non-blocking, every wait has a deadline. The
connection keeps the newest snapshot: it records each one (60 ticks of history),
rebuilds :class:`DeltaUpdate` messages into plain :class:`StateUpdate` ones against that
history with the predict pairs of the current round's schema (from ``welcome`` and each
round's map; so its user only ever sees full snapshots), acknowledges the newest tick to the
host, pings once a second (RTT and clock offset, and the heartbeat the host watches), and,
after a join, reconnects by itself when the host falls silent: up to 5 attempts with
exponential backoff, rejoining the same seat with its token.

Reading is split in two steps a program serving many connections from one thread (a bot
swarm, a console watching several rooms) can drive itself: :meth:`ClientConnection.read_socket`
takes the bytes waiting on the socket into the connection's own queue at once, stamped with
the clock, without decoding them; ``recv`` / ``poll`` / ``poll_stamped`` then decode and
apply them in order. Reading every ready socket first keeps one connection's arrival times
from including the work done for the others; ``recv`` and ``poll`` read the socket
themselves, so a program with one connection needs neither.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
import time
from collections import OrderedDict, deque
from collections.abc import Callable, Sequence

import zmq
from zmq.utils.monitor import recv_monitor_message

from game.api import SnapshotSchema
from game.errors import GameError
from netcode.codec import MAX_MESSAGE_BYTES, decode, encode
from netcode.errors import (
    ClientError,
    ConnectionClosed,
    HostUnreachable,
    JoinRefused,
    KeyMismatch,
    ProtocolError,
    RecvTimeout,
)
from netcode.joinstring import JoinStringError, parse_join_string
from netcode.keys import KeyFileError, parse_public_key
from netcode.messages import (
    MAX_RTT_MS,
    Ack,
    DeltaUpdate,
    Error,
    Event,
    FullState,
    Input,
    Join,
    Message,
    Ping,
    Pong,
    RequestState,
    StateUpdate,
    Welcome,
)
from netcode.readiness import Readiness
from netcode.server import check_bind_host
from netcode.snapshot import Snapshot, check_predict

__all__ = [
    "ClientConnection",
    "ClientError",
    "ConnectionClosed",
    "HostUnreachable",
    "JoinRefused",
    "KeyMismatch",
    "RecvTimeout",
]

_HANDSHAKE_FAILED = {
    zmq.EVENT_HANDSHAKE_FAILED_NO_DETAIL,
    zmq.EVENT_HANDSHAKE_FAILED_PROTOCOL,
    zmq.EVENT_HANDSHAKE_FAILED_AUTH,
}
_JOIN_EVENTS = zmq.EVENT_CONNECTED | zmq.EVENT_HANDSHAKE_SUCCEEDED
for _event in _HANDSHAKE_FAILED:
    _JOIN_EVENTS |= _event
HISTORY_TICKS = 60  # snapshots kept as delta baselines
MAX_INBOX = 4096  # decoded messages waiting for the user; the oldest are dropped beyond
MAX_DRAIN = 1024  # messages read from the socket per pump
RTT_ALPHA = 0.125  # weight of a new RTT sample (as TCP's SRTT)
RECONNECT_DELAYS = (0.25, 0.5, 1.0, 2.0, 4.0)  # 5 attempts, exponential backoff
FORGOTTEN = "not_joined"  # the host's answer to a connection it does not know (any more)


class ClientConnection:
    """Connect, join, then ``send_input`` / ``poll`` / ``recv``; ``close`` when done."""

    def __init__(
        self,
        *,
        clock: Callable[[], float] = time.monotonic,
        context: zmq.Context[zmq.Socket[bytes]] | None = None,
        ping_interval: float = 1.0,
        ack_interval: float = 0.1,
        host_timeout: float = 5.0,
        reconnect_delays: tuple[float, ...] = RECONNECT_DELAYS,
        join_timeout: float = 2.0,
        send_acks: bool = False,
    ) -> None:
        self._clock = clock
        self._own_context = context is None
        self._context = context
        self.ping_interval = ping_interval
        self.ack_interval = ack_interval
        self.host_timeout = host_timeout
        self.reconnect_delays = reconnect_delays
        self.join_timeout = join_timeout
        self.send_acks = send_acks
        self._sock: zmq.Socket[bytes] | None = None
        self._readiness: Readiness | None = None
        self._host = ""
        self._port = 0
        self._server_key: bytes | None = None
        self._raw: deque[tuple[bytes, float]] = deque()  # read, not yet decoded; read at
        self._inbox: deque[tuple[Message, float]] = deque()  # decoded; when it was read
        self._history: OrderedDict[int, Snapshot] = OrderedDict()
        self.predict: tuple[tuple[int, int], ...] = ()  # of the current round's schema
        self._join: Join | None = None
        self._closed = False
        self._next_sequence = 0
        self._last_ping = -math.inf
        self._last_ack_sent = -math.inf
        self._acked_tick = -1
        self._last_heard = clock()
        self.welcome: Welcome | None = None
        self.last_read_at: float | None = None
        self.latest_tick = -1
        self.snapshot: Snapshot | None = None
        self.ack_sequence = -1
        self.rtt: float | None = None
        self.clock_offset: float | None = None
        self.sent = 0
        self.received = 0
        self.dropped = 0
        self.malformed = 0
        self.bytes_sent = 0
        self.bytes_received = 0
        self.delta_misses = 0
        self.inbox_overflow = 0
        self.reconnects = 0
        self._forgotten = False  # the host answered not_joined: it forgot this connection

    # -- connection --------------------------------------------------------------------------
    @property
    def address(self) -> str:
        return f"{self._host}:{self._port}"

    @property
    def connected(self) -> bool:
        return self._sock is not None

    async def connect(self, host: str, port: int, *, server_key: str | bytes | None = None) -> None:
        """Open the socket toward ``host:port`` (ZeroMQ connects in the background).

        ``server_key`` is the host's CurveZMQ public key (from a join string or discovery):
        the connection is then encrypted and talks only to the holder of that key. Without
        it the connection is plaintext (for a host started with ``curve=False``).
        """
        if self._closed:
            raise ConnectionClosed("this connection was closed; make a new one")
        check_bind_host(host)
        if not 0 < port <= 65535:
            raise ClientError(f"port must be within 1..65535, got {port}")
        if server_key is not None:
            try:
                self._server_key = parse_public_key(server_key)
            except KeyFileError as exc:
                raise ClientError(f"server_key: {exc}") from None
        else:
            self._server_key = None
        self._host, self._port = host, port
        self._open()

    async def connect_to(self, join_string: str) -> None:
        """Connect with a join string ``HOST:PORT/KEY`` (or ``HOST:PORT`` for plaintext)."""
        try:
            target = parse_join_string(join_string)
        except JoinStringError as exc:
            raise ClientError(str(exc)) from None
        await self.connect(target.host, target.port, server_key=target.server_key)

    @property
    def encrypted(self) -> bool:
        return self._server_key is not None

    def _open(self) -> None:
        self._shut_socket()
        self._raw.clear()  # bytes of the old socket are not read on a new one
        if self._context is None:
            self._context = zmq.Context()
        sock = self._context.socket(zmq.DEALER)
        sock.setsockopt(zmq.LINGER, 0)
        sock.setsockopt(zmq.MAXMSGSIZE, MAX_MESSAGE_BYTES)
        sock.setsockopt(zmq.SNDHWM, 256)
        sock.setsockopt(zmq.RCVHWM, 4096)
        if self._server_key is not None:
            public, secret = zmq.curve_keypair()  # a fresh client key per socket
            sock.setsockopt(zmq.CURVE_SERVERKEY, self._server_key)
            sock.setsockopt(zmq.CURVE_PUBLICKEY, public)
            sock.setsockopt(zmq.CURVE_SECRETKEY, secret)
        if ":" in self._host:
            sock.setsockopt(zmq.IPV6, 1)
        literal = f"[{self._host}]" if ":" in self._host else self._host
        sock.connect(f"tcp://{literal}:{self._port}")
        self._sock = sock
        self._readiness = Readiness(sock)
        self._last_heard = self._clock()

    def _shut_socket(self) -> None:
        if self._readiness is not None:
            self._readiness.close()
        self._readiness = None
        self._sock = None

    def close(self) -> None:
        """Close at once (linger 0). Safe to call twice."""
        self._closed = True
        self._shut_socket()
        if self._own_context and self._context is not None:
            self._context.term()
            self._context = None

    async def join(
        self,
        code: str,
        nickname: str,
        character: int,
        *,
        token: str | None = None,
        timeout: float = 5.0,
    ) -> Welcome:
        """Ask for a seat; returns the Welcome. Raises JoinRefused or HostUnreachable."""
        msg = Join(code=code, nickname=nickname, character=character, token=token)
        welcome = await self._join_once(msg, timeout)
        self._join = msg
        return welcome

    async def _join_once(self, msg: Join, timeout: float) -> Welcome:
        monitor = self._socket().get_monitor_socket(_JOIN_EVENTS)
        self.send(msg)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        held: list[tuple[Message, float]] = []
        try:
            while True:
                remaining = deadline - loop.time()
                if remaining <= 0:
                    raise self._why_no_answer(monitor, timeout)
                await self._readable(remaining)
                batch = self._pump()
                for i, (reply, _) in enumerate(batch):
                    if isinstance(reply, Welcome | Error):
                        held.extend(batch[i + 1 :])
                        if isinstance(reply, Error):
                            raise JoinRefused(reply.code, reply.message)
                        self.welcome = reply
                        self._learn_schema(reply.game.get("schema"))
                        return reply
                    held.append(batch[i])
        finally:
            # What came around the answer stays, in order, for the user.
            self._queue(held)
            with contextlib.suppress(zmq.ZMQError):
                if self._sock is not None:
                    self._sock.disable_monitor()
            monitor.close(linger=0)

    def _why_no_answer(self, monitor: zmq.Socket[bytes], timeout: float) -> HostUnreachable:
        """What the socket saw while the join went unanswered: a failed encryption
        handshake (the key is not the host's), a connection that got no answer, or
        nothing at all at the address."""
        seen: set[int] = set()
        while monitor.poll(0):
            with contextlib.suppress(zmq.ZMQError, ValueError):
                seen.add(int(recv_monitor_message(monitor)["event"]))
        if seen & _HANDSHAKE_FAILED:
            return KeyMismatch(
                f"the class at {self.address} does not accept this encryption key: it is "
                "mistyped or from an earlier lesson"
            )
        if zmq.EVENT_HANDSHAKE_SUCCEEDED in seen or zmq.EVENT_CONNECTED in seen:
            return HostUnreachable(f"{self.address} did not answer the join within {timeout:.1f} s")
        return HostUnreachable(f"nothing answers at {self.address} within {timeout:.1f} s")

    async def reconnect(self) -> Welcome:
        """New socket, rejoin with the token; up to len(reconnect_delays) attempts."""
        if self._join is None or self.welcome is None:
            raise ClientError("reconnect needs a join that succeeded first")
        rejoin = Join(
            code=self._join.code,
            nickname=self._join.nickname,
            character=self._join.character,
            token=self.welcome.token,
        )
        last: Exception | None = None
        for delay in self.reconnect_delays:
            await asyncio.sleep(delay)
            if self._closed:
                break
            self._open()
            self._history.clear()
            try:
                welcome = await self._join_once(rejoin, self.join_timeout)
            except HostUnreachable as exc:
                last = exc
                continue
            self.reconnects += 1
            self._forgotten = False
            return welcome
        attempts = len(self.reconnect_delays)
        raise HostUnreachable(f"lost {self.address}; {attempts} reconnect attempts failed ({last})")

    # -- sending -----------------------------------------------------------------------------
    def _socket(self) -> zmq.Socket[bytes]:
        if self._sock is None:
            raise ConnectionClosed("not connected; call connect() first")
        return self._sock

    def send(self, msg: Message) -> bool:
        """Queue ``msg`` to the host; False (and counted) if the send queue is full."""
        data = encode(msg)
        try:
            self._socket().send(data, zmq.NOBLOCK)
        except zmq.Again:
            self.dropped += 1
            return False
        self.sent += 1
        self.bytes_sent += len(data)
        return True

    def send_input(
        self, controls: Sequence[float | int | bool], *, ack_tick: int | None = None
    ) -> int:
        """Send the input values (the game's input fields, in order) with the next sequence
        number (returned). Never blocks. ``ack_tick`` defaults to the newest snapshot tick
        this connection holds."""
        sequence = self._next_sequence
        tick = self.latest_tick if ack_tick is None else ack_tick
        self.send(Input(sequence=sequence, controls=tuple(controls), ack_tick=tick))
        self._next_sequence += 1
        self._last_ack_sent = self._clock()
        self._acked_tick = max(self._acked_tick, tick)
        return sequence

    @property
    def next_sequence(self) -> int:
        return self._next_sequence

    def ping(self) -> None:
        """Send a Ping; it reports this connection's RTT estimate to the host once known."""
        self._last_ping = self._clock()
        rtt_ms = None if self.rtt is None else min(MAX_RTT_MS, round(self.rtt * 1000, 3))
        self.send(Ping(client_time=self._last_ping, rtt_ms=rtt_ms))

    # -- receiving ---------------------------------------------------------------------------
    @property
    def zmq_socket(self) -> zmq.Socket[bytes]:
        """The current ZeroMQ socket, to register in a ``zmq.Poller`` that watches many
        connections (then call :meth:`read_socket` on the ready ones). Only wait on it: read
        through this connection. A reconnect replaces it."""
        return self._socket()

    def read_socket(self) -> int:
        """Take what is waiting on the socket (bounded) into this connection's queue,
        undecoded, each stamped with the clock time it was read; returns how many. Never
        waits. ``recv`` / ``poll`` / ``poll_stamped`` decode them later, in order."""
        sock = self._socket()
        read = 0
        for _ in range(MAX_DRAIN):
            try:
                data = sock.recv(zmq.NOBLOCK)
            except zmq.Again:
                break
            now = self._clock()
            read += 1
            self.received += 1
            self.bytes_received += len(data)
            self._last_heard = now
            self._raw.append((data, now))
        while len(self._raw) > MAX_INBOX:
            self._raw.popleft()
            self.inbox_overflow += 1
        return read

    @property
    def unread(self) -> int:
        """Messages read off the socket (:meth:`read_socket`) and not decoded yet."""
        return len(self._raw)

    def poll(self) -> list[Message]:
        """Everything that arrived, decoded; never waits."""
        return [msg for msg, _ in self.poll_stamped()]

    def poll_stamped(self) -> list[tuple[Message, float]]:
        """As :meth:`poll`, each message with the clock time its bytes were read off the
        socket (by :meth:`read_socket` or by this call)."""
        self._queue(self._pump())
        out = list(self._inbox)
        self._inbox.clear()
        if out:
            self.last_read_at = out[-1][1]
        self._housekeeping()
        return out

    async def recv(self, timeout: float) -> Message:
        """The next message; raises RecvTimeout after ``timeout`` seconds without one.

        After a join, a host silent for ``host_timeout`` seconds makes this reconnect first.
        ``last_read_at`` is then the clock time the message's bytes were read off the socket.
        """
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            if not self._inbox:
                self._queue(self._pump())
            self._housekeeping()
            if self._inbox:
                msg, self.last_read_at = self._inbox.popleft()
                return msg
            if self._forgotten or (
                self._join is not None and self._clock() - self._last_heard > self.host_timeout
            ):
                await self.reconnect()
                continue
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise RecvTimeout(f"no message from {self.address} within {timeout:.1f} s")
            await self._readable(min(remaining, self.ping_interval))

    async def _readable(self, timeout: float) -> bool:
        self._socket()
        assert self._readiness is not None  # made together with the socket
        return await self._readiness.wait(timeout)

    def _pump(self) -> list[tuple[Message, float]]:
        """Read what is waiting (bounded), decode and absorb it with what ``read_socket``
        read before; the caller queues what comes back."""
        self.read_socket()
        raw = self._raw
        new: list[tuple[Message, float]] = []
        while raw:
            data, read_at = raw.popleft()
            try:
                msg = decode(data, local="client")
            except ProtocolError:
                self.malformed += 1
                continue
            absorbed = self._absorb(msg)
            if absorbed is not None:
                new.append((absorbed, read_at))
        return new

    def _queue(self, messages: list[tuple[Message, float]]) -> None:
        self._inbox.extend(messages)
        while len(self._inbox) > MAX_INBOX:
            self._inbox.popleft()
            self.inbox_overflow += 1

    def _absorb(self, msg: Message) -> Message | None:
        """Update the connection's view; DeltaUpdate becomes StateUpdate (None if unusable)."""
        if isinstance(msg, DeltaUpdate):
            base = self._history.get(msg.tick - msg.delta.span)
            if base is None:
                self.delta_misses += 1
                self.send(RequestState())
                return None
            try:
                check_predict(self.predict, msg.delta.columns)
                snapshot = msg.delta.apply(base, self.predict)
            except ProtocolError:
                self.malformed += 1
                self.send(RequestState())
                return None
            msg = StateUpdate(tick=msg.tick, ack_sequence=msg.ack_sequence, snapshot=snapshot)
        if isinstance(msg, StateUpdate):
            self._record(msg.tick, msg.snapshot)
            self.ack_sequence = max(self.ack_sequence, msg.ack_sequence)
        elif isinstance(msg, FullState):
            if msg.round is not None:
                self._learn_schema(msg.round.get("schema"))
            if msg.snapshot is not None:
                self._record(msg.tick, msg.snapshot)
        elif isinstance(msg, Event) and msg.kind in ("round_started", "wave_started"):
            round_map = msg.data.get("round")
            if isinstance(round_map, dict):
                self._learn_schema(round_map.get("schema"))
        elif isinstance(msg, Welcome):
            self._learn_schema(msg.game.get("schema"))
        elif isinstance(msg, Pong):
            self._on_pong(msg)
        elif isinstance(msg, Error) and msg.code == FORGOTTEN and self._join is not None:
            # The host no longer knows this connection (it stalled past the host's silence
            # limit: a frozen or suspended computer). The socket still works, so no silence
            # ever starts a reconnect: rejoin with the token now, back into the same seat.
            self._forgotten = True
            return None
        return msg

    def _learn_schema(self, raw: object) -> None:
        """The predict pairs of a schema the host sent (a bad schema is counted, not used)."""
        if raw is None:
            return
        try:
            self.predict = SnapshotSchema.from_wire(raw).predict_columns
        except GameError:
            self.malformed += 1

    def _record(self, tick: int, snapshot: Snapshot) -> None:
        self._history[tick] = snapshot
        self._history.move_to_end(tick)
        while len(self._history) > HISTORY_TICKS:
            self._history.popitem(last=False)
        if tick >= self.latest_tick:
            self.latest_tick = tick
            self.snapshot = snapshot

    def _on_pong(self, msg: Pong) -> None:
        now = self._clock()
        sample = now - msg.client_time
        if not 0 <= sample < 60:
            return  # not an answer to one of our pings
        self.rtt = sample if self.rtt is None else self.rtt + RTT_ALPHA * (sample - self.rtt)
        offset = msg.server_time - (msg.client_time + sample / 2)
        self.clock_offset = (
            offset
            if self.clock_offset is None
            else self.clock_offset + RTT_ALPHA * (offset - self.clock_offset)
        )

    def _housekeeping(self) -> None:
        """Heartbeat pings and acks for the newest tick, on their intervals."""
        if self._join is None or self._sock is None:
            return
        now = self._clock()
        if now - self._last_ping >= self.ping_interval:
            self.ping()
        fresh = self.send_acks and self.latest_tick > self._acked_tick
        if fresh and now - self._last_ack_sent >= self.ack_interval:
            self._last_ack_sent = now
            self._acked_tick = self.latest_tick
            self.send(Ack(tick=self.latest_tick))

    def history_ticks(self) -> list[int]:
        """Ticks of the snapshots kept as delta baselines, oldest first."""
        return list(self._history)
