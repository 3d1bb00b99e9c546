"""Test helpers over real sockets: a small authoritative host and a delaying proxy.

``AuthHost`` runs one real lander ``Simulation`` at 60 Hz on a :class:`HostSocket`, schedules
inputs with the host's rule (:class:`netcode.schedule.InputSchedule`), and sends a state
update (delta when it can) every ``snapshot_every`` ticks, like the classroom host.
``SimNet`` puts a proxy between a DEALER client and the host's ROUTER that holds every
message ``delay`` seconds in each direction, on simulated time (see its docstring).
"""

from __future__ import annotations

import asyncio
import contextlib
import heapq
import itertools
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace

import zmq

from game.lander import GAME, PlayerInput, RoundConfig, Simulation
from game.lander.definition import LanderSim, setup_of
from netcode.client import ClientConnection
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
from netcode.snapshot import Snapshot, quantise
from netcode.tickloop import FixedTicker
from tests.netcode.conftest import secure_dealer

Ctx = zmq.Context[zmq.Socket[bytes]]
SCHEMA = GAME.schema


def encode_sim(config: RoundConfig, sim: Simulation) -> Snapshot:
    ids, values = LanderSim(setup_of(config), sim).snapshot()
    return quantise(ids, values, SCHEMA.scales, SCHEMA.names)


def lander_input(values: tuple[float | int | bool, ...]) -> PlayerInput:
    return PlayerInput(0, float(values[0]), float(values[1]), bool(values[2]))


Handler = Callable[[list[Message]], None]
STEP_S = 0.001  # one step of simulated time


@dataclass
class AuthHost:
    """Seats anyone who joins (code "MOON42"); one lander per player; snapshots at 30 Hz."""

    sock: HostSocket
    config: RoundConfig
    snapshot_every: int = 2
    clock: Callable[[], float] = time.monotonic
    sim: Simulation = field(init=False)
    ticker: FixedTicker = field(init=False)
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
        self.ticker = FixedTicker(60, self.clock)

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
        while True:
            self.receive()
            self.tick_due()
            await self.sock.wait_readable(max(0.0, self.ticker.next_deadline() - self.clock()))

    def receive(self) -> int:
        """Read and answer what arrived; returns how many messages."""
        items = self.sock.drain(512)
        for peer, msg in items:
            self.handle(peer, msg)
        return len(items)

    def tick_due(self) -> None:
        """Run the ticks due by the clock."""
        for _ in range(self.ticker.due(self.clock())):
            self._tick()

    def _tick(self) -> None:
        for lander_id, dx, dvy in self.kicks:
            s = self.sim.lander(lander_id)
            self.sim.set_lander(lander_id, replace(s, x=s.x + dx, vy=s.vy + dvy))
        self.kicks.clear()
        nxt = self.sim.tick + 1
        inputs = {lid: lander_input(sch.input_for(nxt)) for lid, sch in self.schedules.items()}
        self.sim.step(inputs)
        self.ticks += 1
        if self.sim.tick % self.snapshot_every == 0 and self.peers:
            self._history.add(self.sim.tick, encode_sim(self.config, self.sim))
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
            values = GAME.check_input(msg.controls)
            self.schedules[lid].submit(self.sim.tick, msg.sequence, values, msg.ack_tick)
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
            self.schedules[lid] = InputSchedule(GAME.inputs.idle)
            self.peers[peer] = lid
            self._history = SnapshotHistory(SCHEMA.predict_columns)  # the landers changed
        welcome = Welcome(
            player_id=lid,
            token=f"t{lid}",
            tick_rate=60,
            snapshot_rate=30,
            class_name="7B",
            game=GAME.wire(),
        )
        self.sock.send(peer, welcome)
        self._full_state(peer)

    def _full_state(self, peer: bytes) -> None:
        self.sock.send(
            peer,
            FullState(
                tick=self.sim.tick,
                phase="active",
                round=GAME.round_wire(setup_of(self.config)),
                time_left=60.0,
                players=[(lid, f"p{lid}", 0) for lid in self.schedules],
                snapshot=encode_sim(self.config, self.sim),
            ),
        )


class SimClock:
    """Simulated seconds: time moves only when the test says so (see :class:`SimNet`)."""

    def __init__(self, start: float = 1000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now


class SimNet:
    """Host, delaying proxy and one client, all on real sockets, on simulated time.

    Every message still travels through real ZeroMQ sockets (client -> proxy -> host and
    back), but each hop's timing is the simulated clock's: the proxy stamps a message due
    ``delay`` simulated seconds after the step it was read in, and :meth:`step` waits (in real
    time, with a deadline) until every message released or sent in a step has reached its
    receiver before the clock moves on. A loaded machine makes the test slower, never
    different: the host's tick at an input's arrival is the same on every run.
    """

    def __init__(
        self,
        ctx: Ctx,
        host: AuthHost,
        clock: SimClock,
        delay: float,
        *,
        deadline_s: float = 10.0,
    ) -> None:
        if host.clock is not clock:
            raise ValueError("the host must run on the simulated clock")
        self.ctx = ctx
        self.host = host
        self.clock = clock
        self.delay = delay
        self.deadline_s = deadline_s
        self.front: zmq.Socket[bytes] = ctx.socket(zmq.ROUTER)
        self.front.setsockopt(zmq.LINGER, 0)
        self.front.bind("tcp://127.0.0.1:0")
        self.port = int(self.front.getsockopt_string(zmq.LAST_ENDPOINT).rsplit(":", 1)[1])
        self._backs: dict[bytes, zmq.Socket[bytes]] = {}
        self._owner: dict[zmq.Socket[bytes], bytes] = {}
        self._queue: list[tuple[float, int, zmq.Socket[bytes], list[bytes]]] = []
        self._order = itertools.count()
        self.from_clients = self.from_host = self.to_host = self.to_clients = 0
        self._start = clock.now
        self._steps = 0

    def close(self) -> None:
        for back in self._backs.values():
            back.close(linger=0)
        self.front.close(linger=0)

    def __enter__(self) -> SimNet:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- the proxy ---------------------------------------------------------------------------
    def _read(self) -> None:
        """Everything the proxy's sockets hold, queued to leave ``delay`` after now."""
        due = self.clock.now + self.delay
        for sock in [self.front, *self._backs.values()]:
            while True:
                try:
                    frames = sock.recv_multipart(zmq.NOBLOCK)
                except zmq.Again:
                    break
                if sock is self.front:
                    self.from_clients += 1
                    target = self._back(frames[0])
                    item = (due, next(self._order), target, frames[1:])
                else:
                    self.from_host += 1
                    item = (due, next(self._order), self.front, [self._owner[sock], *frames])
                heapq.heappush(self._queue, item)

    def _back(self, ident: bytes) -> zmq.Socket[bytes]:
        back = self._backs.get(ident)
        if back is None:
            back = self.ctx.socket(zmq.DEALER)
            back.setsockopt(zmq.LINGER, 0)
            secure_dealer(back, self.host.sock.public_key)
            back.connect(f"tcp://127.0.0.1:{self.host.sock.port}")
            self._backs[ident] = back
            self._owner[back] = ident
        return back

    def _release(self) -> None:
        while self._queue and self._queue[0][0] <= self.clock.now + 1e-9:
            _, _, target, frames = heapq.heappop(self._queue)
            target.send_multipart(frames)
            if target is self.front:
                self.to_clients += 1
            else:
                self.to_host += 1

    # -- one simulated step ------------------------------------------------------------------
    def _wait(self, what: str, done: Callable[[], bool]) -> None:
        deadline = time.monotonic() + self.deadline_s
        while not done():
            if time.monotonic() > deadline:
                raise TimeoutError(f"simulated network: {what} within {self.deadline_s} s")
            time.sleep(0.0002)

    def step(self, client: ClientConnection, on_messages: Handler | None) -> None:
        """Advance one simulated millisecond: deliver what is due, let the host receive and
        tick, hand the client what reached it, and collect what both sent in answer.

        With ``on_messages`` None the client reads by itself (an ``await conn.join(...)``
        running beside the steps) and is not waited for.
        """
        self._steps += 1
        self.clock.now = self._start + self._steps * STEP_S
        self._release()
        host = self.host

        def host_has_all() -> bool:
            host.receive()
            return host.sock.received == self.to_host

        self._wait("messages reach the host", host_has_all)
        host.tick_due()
        if on_messages is not None:
            got: list[Message] = []

            def client_has_all() -> bool:
                got.extend(client.poll())  # also its pings, on the simulated clock
                return client.received == self.to_clients

            self._wait("messages reach the client", client_has_all)
            on_messages(got)

        def proxy_has_all() -> bool:
            self._read()
            return self.from_host == host.sock.sent and self.from_clients == client.sent

        self._wait("answers reach the proxy", proxy_has_all)
