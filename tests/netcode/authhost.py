"""Test helpers over real sockets: a small authoritative host and a delaying proxy.

``AuthHost`` runs one real ``game.Simulation`` at 60 Hz on a :class:`HostSocket`, schedules
inputs with the host's rule (:class:`netcode.schedule.InputSchedule`), and sends a state
update (delta when it can) every ``snapshot_every`` ticks, like the classroom host.
``DelayProxy`` sits between DEALER clients and the host's ROUTER and holds every message
``delay`` seconds in each direction (a slow network, without sleeping in the test).
"""

from __future__ import annotations

import asyncio
import contextlib
import heapq
import itertools
import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace

import zmq

from game import PlayerInput, RoundConfig, Simulation
from netcode.errors import ProtocolError
from netcode.history import SnapshotHistory
from netcode.messages import (
    Ack,
    Error,
    FullState,
    Input,
    Join,
    Message,
    Ping,
    Pong,
    RequestState,
    Welcome,
)
from netcode.schedule import InputSchedule
from netcode.server import HostSocket
from netcode.snapshot import encode_landers
from netcode.tickloop import FixedTicker
from tests.netcode.conftest import secure_dealer

Ctx = zmq.Context[zmq.Socket[bytes]]


@dataclass
class AuthHost:
    """Seats anyone who joins (code "MOON42"); one lander per player; snapshots at 30 Hz."""

    sock: HostSocket
    config: RoundConfig
    snapshot_every: int = 2
    clock: Callable[[], float] = time.monotonic
    sim: Simulation = field(init=False)
    peers: dict[bytes, int] = field(default_factory=dict)
    schedules: dict[int, InputSchedule] = field(default_factory=dict)
    acked: dict[int, int] = field(default_factory=dict)
    errors_sent: int = 0
    ticks: int = 0
    kicks: list[tuple[int, float, float]] = field(default_factory=list)  # (lander, dx, dvy)
    _history: SnapshotHistory = field(default_factory=SnapshotHistory)
    _task: asyncio.Task[None] | None = None

    def __post_init__(self) -> None:
        self.sim = Simulation(self.config)

    async def __aenter__(self) -> AuthHost:
        self._task = asyncio.create_task(self._run())
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        self.sock.close()

    def kick(self, lander_id: int, dx: float, dvy: float = 0.0) -> None:
        """Move a lander by ``dx`` metres (and ``dvy`` m/s) before the next step."""
        self.kicks.append((lander_id, dx, dvy))

    async def _run(self) -> None:
        ticker = FixedTicker(60, self.clock)
        while True:
            for peer, msg in self.sock.drain(512):
                self.handle(peer, msg)
            for _ in range(ticker.due(self.clock())):
                self._tick()
            await self.sock.wait_readable(max(0.0, ticker.next_deadline() - self.clock()))

    def _tick(self) -> None:
        for lander_id, dx, dvy in self.kicks:
            s = self.sim.lander(lander_id)
            self.sim.set_lander(lander_id, replace(s, x=s.x + dx, vy=s.vy + dvy))
        self.kicks.clear()
        nxt = self.sim.tick + 1
        inputs = {lid: sch.input_for(nxt) for lid, sch in self.schedules.items()}
        self.sim.step(inputs)
        self.ticks += 1
        if self.sim.tick % self.snapshot_every == 0 and self.peers:
            self._history.add(self.sim.tick, encode_landers(self.sim.arrays()))
            for peer, lid in self.peers.items():
                update = self._history.update_for(
                    self.sim.tick, self.schedules[lid].last_sequence, self.acked.get(lid, -1)
                )
                self.sock.send(peer, update)

    def handle(self, peer: bytes, msg: Message | ProtocolError) -> None:
        if isinstance(msg, ProtocolError):
            self.errors_sent += 1
            self.sock.send(peer, Error(code=msg.code, message=msg.message))
            return
        if isinstance(msg, Join):
            self._join(peer, msg)
            return
        lid = self.peers.get(peer)
        if lid is None:
            self.sock.send(peer, Error(code="not_joined", message="join the class first"))
        elif isinstance(msg, Input):
            if msg.ack_tick <= self.sim.tick:
                self.acked[lid] = max(self.acked.get(lid, -1), msg.ack_tick)
            inp = PlayerInput(msg.sequence, msg.thrust, msg.rotation, msg.abort)
            self.schedules[lid].submit(self.sim.tick, inp, msg.ack_tick)
        elif isinstance(msg, Ack):
            if msg.tick <= self.sim.tick:
                self.acked[lid] = max(self.acked.get(lid, -1), msg.tick)
        elif isinstance(msg, Ping):
            self.sock.send(peer, Pong(client_time=msg.client_time, server_time=self.clock()))
        elif isinstance(msg, RequestState):
            self._full_state(peer)

    def _join(self, peer: bytes, msg: Join) -> None:
        if msg.code != "MOON42":
            self.sock.send(peer, Error(code="wrong_code", message=f"{msg.code} is not this class"))
            return
        lid = self.peers.get(peer)
        if lid is None:
            lid = len(self.schedules) + 1
            self.sim.add_lander(lid)
            self.schedules[lid] = InputSchedule()
            self.peers[peer] = lid
            self._history = SnapshotHistory()  # the set of landers changed
        welcome = Welcome(
            player_id=lid, token=f"t{lid}", tick_rate=60, snapshot_rate=30, class_name="7B"
        )
        self.sock.send(peer, welcome)
        self._full_state(peer)

    def _full_state(self, peer: bytes) -> None:
        self.sock.send(
            peer,
            FullState(
                tick=self.sim.tick,
                phase="active",
                round=self.config.to_dict(),
                time_left=60.0,
                players=[(lid, f"p{lid}", 0) for lid in self.schedules],
                landers=encode_landers(self.sim.arrays()),
            ),
        )


class DelayProxy:
    """ROUTER in front, one DEALER per client toward the host; ``delay`` s each way."""

    def __init__(
        self, ctx: Ctx, upstream_port: int, delay: float, server_key: bytes | None = None
    ) -> None:
        self.ctx = ctx
        self.server_key = server_key
        self.upstream = f"tcp://127.0.0.1:{upstream_port}"
        self.delay = delay
        self.port = 0
        self.forwarded = 0
        self._stop = threading.Event()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, name="delay-proxy", daemon=True)
        self._failure: BaseException | None = None

    def __enter__(self) -> DelayProxy:
        self._thread.start()
        if not self._ready.wait(5.0):
            raise RuntimeError("delay proxy did not start within 5 s")
        if self._failure is not None:
            raise RuntimeError(f"delay proxy failed: {self._failure}")
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(5.0)
        if self._thread.is_alive():
            raise RuntimeError("delay proxy did not stop within 5 s")

    def _run(self) -> None:
        front = self.ctx.socket(zmq.ROUTER)
        front.setsockopt(zmq.LINGER, 0)
        backs: dict[bytes, zmq.Socket[bytes]] = {}
        owner: dict[zmq.Socket[bytes], bytes] = {}
        queue: list[tuple[float, int, zmq.Socket[bytes], list[bytes]]] = []
        order = itertools.count()
        try:
            front.bind("tcp://127.0.0.1:0")
            self.port = int(front.getsockopt_string(zmq.LAST_ENDPOINT).rsplit(":", 1)[1])
            self._ready.set()
            poller = zmq.Poller()
            poller.register(front, zmq.POLLIN)
            while not self._stop.is_set():
                now = time.monotonic()
                while queue and queue[0][0] <= now:
                    _, _, target, frames = heapq.heappop(queue)
                    with contextlib.suppress(zmq.Again, zmq.ZMQError):
                        target.send_multipart(frames, zmq.NOBLOCK)
                        self.forwarded += 1
                wait = 10.0 if not queue else max(0.0, (queue[0][0] - now) * 1000)
                for sock, _ in poller.poll(max(1, math.ceil(min(10.0, wait)))):
                    for _ in range(1000):
                        try:
                            frames = sock.recv_multipart(zmq.NOBLOCK)
                        except zmq.Again:
                            break
                        due = time.monotonic() + self.delay
                        if sock is front:
                            ident, body = frames[0], frames[1:]
                            back = backs.get(ident)
                            if back is None:
                                back = self.ctx.socket(zmq.DEALER)
                                back.setsockopt(zmq.LINGER, 0)
                                secure_dealer(back, self.server_key)
                                back.connect(self.upstream)
                                backs[ident] = back
                                owner[back] = ident
                                poller.register(back, zmq.POLLIN)
                            heapq.heappush(queue, (due, next(order), back, body))
                        else:
                            heapq.heappush(queue, (due, next(order), front, [owner[sock], *frames]))
        except BaseException as exc:  # reported to the test through __enter__ / the counters
            self._failure = exc
            self._ready.set()
        finally:
            for back in backs.values():
                back.close(linger=0)
            front.close(linger=0)
