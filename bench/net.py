"""Netcode benchmark: 40 bot clients in 5 rooms of 8 over loopback, encrypted by default.

Run: ``.venv/bin/python bench/net.py [--seconds 60] [--plain] [--path new|old|both]
[--client-procs 1] [--client-io-threads 1] [--aligned] [--due-first]``.

The rooms' snapshot ticks are spread over the two ticks of a snapshot period (room ``r``
snapshots when ``(tick + r) % 2 == 0``: 3 rooms on one tick, 2 on the other), as the classroom
host spreads them (``ClassHost._snapshot_due``). ``--aligned`` puts all 5 rooms on the same
(even) ticks, as the host did before: the worst case for the tick. ``--due-first`` (new path)
steps the rooms with a snapshot due on that tick before the others.

The host (this process) steps 5 rooms (one ``game.Simulation`` each, 8 landers) at 60 Hz and
sends every client a state update at 30 Hz: a delta against the tick it acknowledged, else
the full snapshot. 40 clients run in other processes (``--client-procs``, default one; one
thread and one ZeroMQ context with ``--client-io-threads`` I/O threads each, a
``ClientConnection`` per client), each answering every update with one input from a simple
hover controller (30/s).

The 40 clients of a process share one thread, where 40 students' machines would each have
their own, so a client's update can wait behind the other clients' updates. That wait is
measured apart, not counted as network latency: the thread watches all sockets with one
``zmq.Poller``, and before it processes any client's update it reads every ready socket
(``ClientConnection.read_socket`` stamps each message with the time its bytes were taken
off the socket); then it serves the clients in order of arrival, one ``poll_stamped``
(decode + apply: delta against the history, the client's own lander view) each.

Host paths (``--path both``, the default, alternates them every 2 s in one run, so both see
the same clients and the same load from the rest of the machine; figures are per path):

- ``old``: the loop as it was: inputs are read only at the start of a tick; every client's
  update is built and encoded on its own (``update_for`` + ``send``).
- ``new``: inputs are read as soon as they arrive (the loop sleeps on the socket until the
  next tick is due); each room's snapshot body (full, or the delta per distinct baseline) is
  packed once and shared (``encoded_update_for``); a tick's updates go out in one batch
  (``send_many``), room by room right after the room's step.

Printed per path:

- host tick p50/p99: wall time from the start of a tick to the last update sent; also its
  phases (recv/decode of what is left to read, sim step of 5 rooms, snapshot encode, send),
  the thread's CPU time in the tick (the host's own work) and wall minus CPU (time the host
  thread was not running: CPU taken by the 40 clients and everything else on the machine),
  and how late ticks start after their due time.
- input -> ack: from the client calling ``send_input`` to its ``recv`` returning the first
  snapshot whose ``ack_sequence`` covers that input, decomposed with the host's own
  timestamps (both processes read the same system-wide monotonic clock):

  * uplink: client send -> host read and decoded it;
  * tick wait (the "+ tick wait" of the goal): host read it -> due time of the tick whose
    snapshot first carries it. This is the protocol's schedule, not work: an input with
    ``ack_tick`` T is applied on the step to ``max(now + 1, T + 2)`` (2-tick input delay,
    shared with client prediction) and snapshots go out every 2nd tick;
  * host: that tick's due time -> the update to this client sent (tick start lateness +
    step + encode + send);
  * downlink to the socket: host sent -> the client read the update's bytes off its socket
    (ZeroMQ, CurveZMQ both ends, loopback TCP);
  * client processing: that client's own decode + apply of that update (``poll_stamped``),
    what a student's machine pays;
  * queued: bytes read -> processing started, the wait behind the other bots of the
    process (an artefact of 40 clients in one thread; not counted).

  "input -> ack minus tick wait" = uplink + host + downlink to the socket + client
  processing is what the goal bounds. Also printed, labelled "old def., queued": uplink +
  host + (host sent -> processing done), i.e. the same plus the queued wait, as the bench
  measured it before. "client processing, every update" is the decode + apply time of all
  updates, not only those that acknowledged a timed input.
- bytes/s per client both ways, and what a naive full-state JSON snapshot would have cost in
  the same run (computed outside the tick timing).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import resource
import statistics
import sys
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import zmq

sys.path.append(str(Path(__file__).resolve().parents[1]))  # when not installed

from game.lander import GAME, PlayerInput, Simulation
from game.lander.definition import LanderSim, round_config
from netcode.client import ClientConnection
from netcode.codec import encode
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
    StateUpdate,
    Welcome,
)
from netcode.prediction import row_in
from netcode.schedule import InputSchedule
from netcode.server import HostSocket
from netcode.snapshot import Snapshot, quantise
from netcode.tickloop import FixedTicker

ROOMS = 5
PER_ROOM = 8
TICK_RATE = 60
SNAPSHOT_EVERY = 2  # 30 Hz
WARMUP_S = 3.0  # clients join and settle before measuring starts
MAX_DRAIN = 2048
SEGMENT_S = 2.0  # with --path both, the paths take turns this long each
FINE_WAIT_S = 0.002  # the last part of the wait for a tick, slept precisely

AckKey = tuple[int, int, int]  # (room, lander id, input sequence)
SETUP = GAME.setup(level="moon", seed=11, seconds=3600.0)
SCHEMA = GAME.schema


def encode_room(sim: Simulation) -> Snapshot:
    """The lander snapshot of ``sim``, as the host encodes it."""
    ids, values = LanderSim(SETUP, sim).snapshot()
    return quantise(ids, values, SCHEMA.scales, SCHEMA.names)


def lander_input(values: tuple[float | int | bool, ...]) -> PlayerInput:
    return PlayerInput(0, float(values[0]), float(values[1]), bool(values[2]))


@dataclass
class Room:
    index: int
    sim: Simulation
    history: SnapshotHistory = field(default_factory=SnapshotHistory)
    peers: dict[bytes, int] = field(default_factory=dict)
    schedules: dict[int, InputSchedule] = field(default_factory=dict)
    acked: dict[int, int] = field(default_factory=dict)
    arrivals: dict[int, deque[tuple[int, float]]] = field(default_factory=dict)


@dataclass
class HostStats:
    tick_ms: list[float] = field(default_factory=list)
    cpu_ms: list[float] = field(default_factory=list)
    late_ms: list[float] = field(default_factory=list)
    phase_ms: dict[str, list[float]] = field(
        default_factory=lambda: {"recv": [], "step": [], "encode": [], "send": []}
    )
    between_ms: list[float] = field(default_factory=list)  # reading inputs between ticks
    between_msgs: int = 0
    acks: dict[AckKey, tuple[float, float, float]] = field(default_factory=dict)
    json_bytes: int = 0
    snapshots_sent: int = 0
    cpu_s: float = 0.0
    wall_s: float = 0.0


def naive_json(sim: Simulation) -> bytes:
    """What a naive host would send: every lander's state as a JSON object of floats."""
    arrays = sim.arrays()
    landers = []
    for i in range(len(arrays)):
        s = arrays.state(i)
        landers.append(
            {
                "id": int(arrays.ids[i]),
                "x": s.x,
                "y": s.y,
                "vx": s.vx,
                "vy": s.vy,
                "angle": s.angle,
                "angular_velocity": s.angular_velocity,
                "fuel": s.fuel,
                "throttle": s.throttle,
                "status": s.status.name.lower(),
            }
        )
    return json.dumps({"type": "state_update", "tick": sim.tick, "landers": landers}).encode()


class BenchHost:
    """The benchmark's host: 5 rooms on one HostSocket, on the ``old`` or the ``new`` path
    (``path`` may change between ticks; each path keeps its own figures)."""

    def __init__(
        self, sock: HostSocket, paths: list[str], stagger: bool = False, due_first: bool = False
    ) -> None:
        self.sock = sock
        self.stagger = stagger
        self.due_first = due_first
        self.path = paths[-1]
        self.config = round_config(SETUP)
        self.rooms = [Room(r, Simulation(self.config)) for r in range(ROOMS)]
        self.by_peer: dict[bytes, Room] = {}
        self.stats_by = {path: HostStats() for path in paths}
        self.measuring = False

    @property
    def new(self) -> bool:
        return self.path == "new"

    @property
    def stats(self) -> HostStats:
        return self.stats_by[self.path]

    def handle(self, items: list[tuple[bytes, Message | ProtocolError]], now: float) -> None:
        for peer, msg in items:
            if isinstance(msg, Join):
                self.join(peer, msg)
                continue
            room = self.by_peer.get(peer)
            if room is None or isinstance(msg, ProtocolError):
                continue
            lid = room.peers[peer]
            if isinstance(msg, Input):
                if msg.ack_tick <= room.sim.tick:
                    room.acked[lid] = max(room.acked.get(lid, -1), msg.ack_tick)
                values = GAME.check_input(msg.controls)
                if room.schedules[lid].submit(room.sim.tick, msg.sequence, values, msg.ack_tick):
                    room.arrivals[lid].append((msg.sequence, now))
            elif isinstance(msg, Ack):
                room.acked[lid] = max(room.acked.get(lid, -1), msg.tick)
            elif isinstance(msg, Ping):
                self.sock.send(peer, Pong(msg.client_time, now))
            elif isinstance(msg, RequestState):
                landers = encode_room(room.sim)
                self.sock.send(peer, FullState(room.sim.tick, "active", None, 3600.0, [], landers))

    def join(self, peer: bytes, msg: Join) -> None:
        index = int(msg.code[4:]) if msg.code[4:].isdigit() else -1
        if not 0 <= index < ROOMS or len(self.rooms[index].peers) >= PER_ROOM:
            self.sock.send(peer, Error(code="wrong_code", message="no such room"))
            return
        room = self.rooms[index]
        lid = len(room.peers) + 1
        room.sim.add_lander(lid)
        room.schedules[lid] = InputSchedule(GAME.inputs.idle)
        room.peers[peer] = lid
        room.arrivals[lid] = deque()
        room.history = SnapshotHistory(SCHEMA.predict_columns)  # the set of landers changed
        self.by_peer[peer] = room
        rate = TICK_RATE // SNAPSHOT_EVERY
        self.sock.send(peer, Welcome(lid, f"t{lid}", TICK_RATE, rate, "b", GAME.wire()))
        self.sock.send(
            peer, FullState(room.sim.tick, "active", GAME.round_wire(SETUP), 3600.0, [], None)
        )

    def tick(self, due: float) -> None:
        """One tick. old: step every room, then build and send every update. new: room by
        room, step then send its updates at once, so ZeroMQ's I/O thread encrypts and sends
        one room's updates while the next room steps."""
        clock = time.monotonic
        t0, c0 = time.perf_counter(), time.thread_time()
        late = clock() - due
        self.handle(self.sock.drain(MAX_DRAIN), clock())
        t1 = time.perf_counter()
        step_s = encode_s = send_s = 0.0
        snapshot_rooms = []
        rooms = self.rooms
        if self.new and self.due_first:  # rooms with a snapshot due after this step go first
            rooms = sorted(rooms, key=lambda r: not self.snapshot_due(r, r.sim.tick + 1))
        groups = [[room] for room in rooms] if self.new else [rooms]
        for group in groups:
            a = time.perf_counter()
            for room in group:
                nxt = room.sim.tick + 1
                room.sim.step(
                    {lid: lander_input(s.input_for(nxt)) for lid, s in room.schedules.items()}
                )
            step_s += time.perf_counter() - a
            due_rooms = [r for r in group if r.peers and self.snapshot_due(r, r.sim.tick)]
            if due_rooms:
                e, d = self.snapshots(due_rooms, due)
                encode_s, send_s = encode_s + e, send_s + d
                snapshot_rooms.extend(due_rooms)
        t4 = time.perf_counter()
        cpu = time.thread_time() - c0
        if self.measuring:
            s = self.stats
            s.tick_ms.append((t4 - t0) * 1000)
            s.cpu_ms.append(cpu * 1000)
            s.late_ms.append(late * 1000)
            s.phase_ms["recv"].append((t1 - t0) * 1000)
            s.phase_ms["step"].append(step_s * 1000)
            if snapshot_rooms:  # encode and send happen on snapshot ticks only
                s.phase_ms["encode"].append(encode_s * 1000)
                s.phase_ms["send"].append(send_s * 1000)
            for room in snapshot_rooms:  # the baseline, outside the timed tick
                s.json_bytes += len(naive_json(room.sim)) * len(room.peers)
                s.snapshots_sent += len(room.peers)

    def snapshot_due(self, room: Room, tick: int) -> bool:
        """Every SNAPSHOT_EVERY ticks; with ``stagger`` the rooms' phases differ (as in the
        app, where each room's round starts at its own tick)."""
        return (tick + (room.index if self.stagger else 0)) % SNAPSHOT_EVERY == 0

    def snapshots(self, rooms: list[Room], due: float) -> tuple[float, float]:
        """Encode and send the updates of ``rooms``' clients; returns (encode s, send s)."""
        out: list[tuple[bytes, bytes]] = []
        send_s = 0.0
        t0 = time.perf_counter()
        for room in rooms:
            tick = room.sim.tick
            room.history.add(tick, encode_room(room.sim))
            for peer, lid in room.peers.items():
                last = room.schedules[lid].last_sequence
                acked = room.acked.get(lid, -1)
                if self.new:
                    out.append((peer, room.history.encoded_update_for(tick, last, acked)))
                else:  # old: build, encode and send one client at a time
                    data = encode(room.history.update_for(tick, last, acked))
                    b = time.perf_counter()
                    self.sock.send_encoded(peer, data)
                    send_s += time.perf_counter() - b
        t1 = time.perf_counter()
        encode_s = t1 - t0 - send_s  # everything in the loop but the sends
        if self.new:
            self.sock.send_many(out)
            send_s = time.perf_counter() - t1
        sent_at = time.monotonic()
        for room in rooms:
            for lid in room.peers.values():
                self.record_acks(room, lid, due, sent_at)
        return encode_s, send_s

    def record_acks(self, room: Room, lid: int, due: float, sent_at: float) -> None:
        last = room.schedules[lid].last_sequence
        arrivals = room.arrivals[lid]
        while arrivals and arrivals[0][0] <= last:
            seq, arrived = arrivals.popleft()
            if self.measuring:
                self.stats.acks[(room.index, lid, seq)] = (arrived, due, sent_at)


async def wait_for_tick(sock: HostSocket, deadline: float) -> None:
    """Sleep until a message arrives or ``deadline`` (time.monotonic), whichever is first.

    The event loop's timers have 1 ms resolution (epoll), so a tick would start 0.5 ms late on
    average: the loop sleeps on the socket until FINE_WAIT_S before the deadline, then the
    last stretch with ``time.sleep`` (blocking, ~0.1 ms precise). Messages that arrive in
    that stretch are read at the start of the tick.
    """
    coarse = deadline - time.monotonic() - FINE_WAIT_S
    if coarse > 0 and await sock.wait_readable(coarse):
        return
    fine = deadline - time.monotonic()
    if fine > 0 and not sock.poll(0):
        time.sleep(fine)


async def run_host(
    port_out: Any,
    go: Any,
    seconds: float,
    curve: bool,
    paths: list[str],
    stagger: bool = False,
    due_first: bool = False,
) -> dict[str, HostStats]:
    """Host until ``seconds`` after ``go``; with two paths, they take turns every SEGMENT_S."""
    sock = HostSocket("127.0.0.1", 0, curve=curve)
    sock.start()
    port_out.put((sock.port, sock.public_key))
    host = BenchHost(sock, paths, stagger, due_first)
    clock = time.monotonic
    ticker = FixedTicker(TICK_RATE, clock)
    end = clock() + seconds + 30
    started = seg_t0 = seg_cpu0 = 0.0
    while clock() < end:
        now = clock()
        if not host.measuring and go.is_set():
            host.measuring = True
            started = seg_t0 = now
            seg_cpu0 = time.process_time()
            end = started + seconds
        if host.measuring:
            path = paths[int((now - started) / SEGMENT_S) % len(paths)]
            if path != host.path:
                host.stats.wall_s += now - seg_t0
                host.stats.cpu_s += time.process_time() - seg_cpu0
                seg_t0, seg_cpu0 = now, time.process_time()
                host.path = path
        if host.new:  # read inputs the moment they arrive, not at the next tick
            b0 = time.perf_counter()
            items = sock.drain(MAX_DRAIN)
            if items:
                host.handle(items, clock())
                if host.measuring:
                    host.stats.between_ms.append((time.perf_counter() - b0) * 1000)
                    host.stats.between_msgs += len(items)
        owed = ticker.due(clock())
        for k in range(ticker.ticks - owed + 1, ticker.ticks + 1):
            host.tick(ticker.time_of(k))
        if host.new:
            await wait_for_tick(sock, ticker.next_deadline())
        else:  # as it was: returns at once while unread messages wait, so it spins until the
            # next tick (when they are read); the event loop's timers round to 1 ms
            await sock.wait_readable(max(0.0, ticker.next_deadline() - clock()))
    host.stats.wall_s += clock() - seg_t0
    host.stats.cpu_s += time.process_time() - seg_cpu0
    sock.close()
    return host.stats_by


# -- clients (second process) --------------------------------------------------------------
@dataclass
class Bot:
    """One bot client: answers every state update with one input from a hover controller."""

    conn: ClientConnection
    room: int
    lid: int
    sent_at: dict[int, float] = field(default_factory=dict)
    # (sequence, input sent, update bytes read off the socket, processing started, done)
    acks: list[tuple[int, float, float, float, float]] = field(default_factory=list)
    process_ms: list[float] = field(default_factory=list)  # every update, decode + apply
    acked: int = -1
    measure_from: float = float("inf")  # process_ms is kept from then on (after warm-up)
    bytes0: int = 0
    sent0: int = 0

    def process(self) -> None:
        """Decode and apply what this bot read (one update, usually), answer the newest."""
        start = time.monotonic()
        stamped = self.conn.poll_stamped()
        done = time.monotonic()
        updates = [(m, t) for m, t in stamped if isinstance(m, StateUpdate)]
        if not updates:
            return
        if start >= self.measure_from:
            self.process_ms.append((done - start) * 1000)
        for msg, read_at in updates:
            for seq in range(self.acked + 1, msg.ack_sequence + 1):
                t = self.sent_at.pop(seq, None)
                if t is not None:
                    self.acks.append((seq, t, read_at, start, done))
            self.acked = max(self.acked, msg.ack_sequence)
        msg = updates[-1][0]
        me = row_in(msg.snapshot, self.lid, SCHEMA.scales)
        if me is None or round(me[8]) != 0:
            return
        thrust = min(1.0, max(0.0, 0.36 + 0.5 * (-me[3])))
        rotation = max(-1.0, min(1.0, 2.0 * me[4]))
        t_send = time.monotonic()
        seq = self.conn.send_input((thrust, rotation, False), ack_tick=msg.tick)
        self.sent_at[seq] = t_send


async def join_bot(
    ctx: zmq.Context[zmq.Socket[bytes]], port: int, key: bytes | None, room: int
) -> Bot:
    conn = ClientConnection(send_acks=True, context=ctx)
    await conn.connect("127.0.0.1", port, server_key=key)
    welcome = await conn.join(f"ROOM{room}", f"bot{room}", 0, timeout=10.0)
    return Bot(conn, room, welcome.player_id)


def serve_bots(bots: list[Bot], stop_at: float, measure_from: float) -> list[float]:
    """One thread for all bots, as one asyncio loop would be, but arrival measured honestly:
    before each bot's update is processed, every ready socket is read (``read_socket``
    stamps the bytes), so a bot's arrival time never includes the processing of other
    bots' updates; only its wait in ``queue`` does. Bots are served in order of arrival.

    Returns the gaps (ms) between two reads of the sockets while bots were waiting to be
    served: how late a read stamp can be at most (one bot's processing, or the thread not
    running)."""
    gaps: list[float] = []
    last_read = 0.0
    poller = zmq.Poller()
    by_socket: dict[Any, Bot] = {}
    for bot in bots:
        poller.register(bot.conn.zmq_socket, zmq.POLLIN)
        by_socket[bot.conn.zmq_socket] = bot
    queue: deque[Bot] = deque()
    queued: set[int] = set()
    while (left := stop_at - time.monotonic()) > 0:
        timeout_ms = 0 if queue else max(1, min(100, int(left * 1000)))
        if queue and last_read >= measure_from:
            gaps.append((time.monotonic() - last_read) * 1000)
        ready = poller.poll(timeout_ms)
        last_read = time.monotonic()
        for sock, _ in ready:
            bot = by_socket[sock]
            if bot.conn.read_socket() and id(bot) not in queued:
                queue.append(bot)
                queued.add(id(bot))
        if queue:
            bot = queue.popleft()
            queued.discard(id(bot))
            bot.process()
    return gaps


def clients_main(
    port: int,
    key: bytes | None,
    seconds: float,
    bots: list[int],
    go: Any,
    result: Any,
    io_threads: int,
) -> None:
    async def join_all(ctx: zmq.Context[zmq.Socket[bytes]]) -> list[Bot]:
        return list(await asyncio.gather(*(join_bot(ctx, port, key, i % ROOMS) for i in bots)))

    # One ZeroMQ context for the 40 bots (40 contexts would be 40 I/O threads, each woken by
    # its own bot's sends); ``io_threads`` I/O threads do CurveZMQ for all of them.
    ctx: zmq.Context[zmq.Socket[bytes]] = zmq.Context(io_threads=io_threads)
    try:
        joined = asyncio.run(join_all(ctx))
        t_start = time.monotonic()
        stop_at = t_start + seconds + WARMUP_S
        for bot in joined:
            bot.bytes0, bot.sent0 = bot.conn.bytes_received, bot.conn.bytes_sent
            bot.measure_from = t_start + WARMUP_S
        threading.Timer(WARMUP_S, go.set).start()
        gaps = serve_bots(joined, stop_at, t_start + WARMUP_S)
        elapsed = time.monotonic() - t_start
        out = [
            {
                "room": bot.room,
                "lid": bot.lid,
                "recv_bps": (bot.conn.bytes_received - bot.bytes0) / elapsed,
                "send_bps": (bot.conn.bytes_sent - bot.sent0) / elapsed,
                "acks": bot.acks,
                "process_ms": bot.process_ms,
            }
            for bot in joined
        ]
        for bot in joined:
            bot.conn.close()
    finally:
        ctx.destroy(linger=0)
    usage = resource.getrusage(resource.RUSAGE_SELF)
    result.put((out, usage.ru_utime + usage.ru_stime, gaps))


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def p50_p99(values: list[float], digits: int = 2) -> str:
    return f"{pct(values, 0.5):.{digits}f} / {pct(values, 0.99):.{digits}f}"


@dataclass
class Result:
    path: str
    rows: list[tuple[str, str, str]]
    tick_p99: float
    ack_rest_p50: float


def run_once(args: argparse.Namespace, paths: list[str]) -> list[Result]:
    ctx = multiprocessing.get_context("spawn")
    port_q, result_q = ctx.Queue(), ctx.Queue()
    go = ctx.Event()

    def start_clients() -> None:
        port, key = port_q.get(timeout=30)
        n = args.client_procs
        for k in range(n):
            bots = list(range(k, ROOMS * PER_ROOM, n))
            proc = ctx.Process(
                target=clients_main,
                args=(port, key, args.seconds, bots, go, result_q, args.client_io_threads),
                daemon=True,
            )
            proc.start()
            procs.append(proc)

    procs: list[Any] = []
    starter = threading.Thread(target=start_clients, daemon=True)
    starter.start()
    stats = asyncio.run(
        run_host(port_q, go, args.seconds, not args.plain, paths, not args.aligned, args.due_first)
    )
    out: list[dict[str, Any]] = []
    client_cpu_s = 0.0
    gaps: list[float] = []
    for _ in range(args.client_procs):
        part, cpu, part_gaps = result_q.get(timeout=60)
        out.extend(part)
        client_cpu_s += cpu
        gaps.extend(part_gaps)
    for proc in procs:
        proc.join(10)
    # Run-wide: the bytes on the wire are the same on both paths (one wire format), and the
    # bots' own figures do not depend on the host's path.
    recv = statistics.fmean(c["recv_bps"] for c in out)
    send = statistics.fmean(c["send_bps"] for c in out)
    json_bytes = sum(s.json_bytes for s in stats.values())
    per_client_json = json_bytes / max(1, len(out)) / args.seconds
    client_cpu = 100 * client_cpu_s / (args.seconds + WARMUP_S)
    processing = [ms for c in out for ms in c["process_ms"]]
    wire = [
        ("host->client per client (kbit/s)", f"{recv * 8 / 1000:.1f}", "<= 32"),
        ("client->host per client (kbit/s)", f"{send * 8 / 1000:.1f}", ""),
        ("naive JSON full state per client (kbit/s)", f"{per_client_json * 8 / 1000:.1f}", ""),
        ("JSON / ours", f"{per_client_json / recv:.1f}x", ">= 10x"),
        ("client processing, every update (ms)", p50_p99(processing, 3), "run-wide"),
        ("bot thread: gap between socket reads (ms)", p50_p99(gaps, 3), "read stamp lag"),
    ]
    return [summarise(path, stats[path], out, client_cpu, wire) for path in paths]


def summarise(
    path: str,
    stats: HostStats,
    out: list[dict[str, Any]],
    client_cpu: float,
    wire: list[tuple[str, str, str]],
) -> Result:
    total, up, wait, host, down, proc, queued, down_q, rest, rest_q = ([] for _ in range(10))
    for c in out:
        for seq, sent, read_at, start, done in c["acks"]:
            h = stats.acks.get((c["room"], c["lid"], seq))
            if h is None:
                continue  # acknowledged before measuring started, or by the other path
            arrived, due, host_sent = h
            total.append((done - sent) * 1000)
            up.append((arrived - sent) * 1000)
            wait.append((due - arrived) * 1000)
            host.append((host_sent - due) * 1000)
            down.append((read_at - host_sent) * 1000)
            proc.append((done - start) * 1000)
            queued.append((start - read_at) * 1000)
            down_q.append((done - host_sent) * 1000)
            own = (arrived - sent) + (host_sent - due) + (read_at - host_sent) + (done - start)
            rest.append(own * 1000)
            rest_q.append((done - sent - (due - arrived)) * 1000)
    stolen = [w - c for w, c in zip(stats.tick_ms, stats.cpu_ms, strict=True)]
    ph = stats.phase_ms
    per_msg = sum(stats.between_ms) / max(1, stats.between_msgs) * 1000
    host_cpu = 100 * stats.cpu_s / stats.wall_s
    cores = f"{os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}"
    rows = [
        ("host tick p50 / p99 (ms)", p50_p99(stats.tick_ms), "p99 <= 4"),
        ("  recv + decode p50 / p99 (ms)", p50_p99(ph["recv"]), ""),
        ("  sim step, 5 rooms p50 / p99 (ms)", p50_p99(ph["step"]), ""),
        ("  snapshot encode p50 / p99 (ms)", p50_p99(ph["encode"]), "snapshot ticks"),
        ("  send p50 / p99 (ms)", p50_p99(ph["send"]), "snapshot ticks"),
        ("  host CPU in tick p50 / p99 (ms)", p50_p99(stats.cpu_ms), "own work"),
        ("  wall - CPU in tick p50 / p99 (ms)", p50_p99(stolen), "not running"),
        ("  tick start late p50 / p99 (ms)", p50_p99(stats.late_ms), ""),
        (
            "inputs read between ticks (us/message)",
            f"{per_msg:.0f}" if stats.between_msgs else "-",
            "",
        ),
        ("input->ack, client p50 / p99 (ms)", p50_p99(total, 1), "queued"),
        ("  uplink p50 / p99 (ms)", p50_p99(up), ""),
        ("  tick wait p50 / p99 (ms)", p50_p99(wait, 1), "schedule"),
        ("  host (due->sent) p50 / p99 (ms)", p50_p99(host), ""),
        ("  downlink to the socket p50 / p99 (ms)", p50_p99(down), "sent -> read"),
        ("  client processing p50 / p99 (ms)", p50_p99(proc), "own decode+apply"),
        ("  queued behind other bots p50 / p99 (ms)", p50_p99(queued), "bench artefact"),
        ("input->ack minus tick wait (ms)", p50_p99(rest), "p50 <= 1, p99 <= 5"),
        ("  old def., queued: up+host+sent->done (ms)", p50_p99(rest_q), "incl. queue"),
        ("    downlink incl. queue (sent->done) (ms)", p50_p99(down_q), ""),
        *wire,
        ("CPU: host / bot processes (% of a core)", f"{host_cpu:.0f} / {client_cpu:.0f}", cores),
    ]
    return Result(path, rows, pct(stats.tick_ms, 0.99), pct(rest, 0.5))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--plain", action="store_true", help="no CurveZMQ encryption")
    parser.add_argument("--path", choices=("new", "old", "both"), default="both")
    parser.add_argument(
        "--client-procs", type=int, default=1, help="processes the 40 bots are spread over"
    )
    parser.add_argument(
        "--aligned",
        action="store_true",
        help="every room snapshots on the same ticks (the worst case; the host spreads them)",
    )
    parser.add_argument(
        "--due-first",
        action="store_true",
        help="new path: step the rooms with a snapshot due first (helps only when spread)",
    )
    parser.add_argument(
        "--client-io-threads",
        type=int,
        default=1,
        help="ZeroMQ I/O threads (CurveZMQ) per bot process",
    )
    args = parser.parse_args()
    if not 1 <= args.client_procs <= ROOMS * PER_ROOM:
        parser.error(f"--client-procs must be within 1..{ROOMS * PER_ROOM}")
    if not 1 <= args.client_io_threads <= 8:
        parser.error(f"--client-io-threads must be within 1..8, got {args.client_io_threads}")
    if not 1.0 <= args.seconds <= 3600.0:
        parser.error(f"--seconds must be within 1..3600, got {args.seconds}")
    paths = ["old", "new"] if args.path == "both" else [args.path]
    results = run_once(args, paths)
    print(
        f"{ROOMS * PER_ROOM} clients in {ROOMS} rooms of {PER_ROOM}, {args.seconds:.0f} s, "
        f"{TICK_RATE} Hz sim / {TICK_RATE // SNAPSHOT_EVERY} Hz snapshots, "
        f"{'plaintext' if args.plain else 'CurveZMQ'}; bots in {args.client_procs} other "
        f"process(es), {args.client_io_threads} I/O thread(s) each"
        + ("; snapshot ticks aligned (worst case)" if args.aligned else "; snapshot ticks spread")
        + ("; due rooms first" if args.due_first else "")
    )
    header = "".join(f"{r.path:>26}" for r in results)
    print(f"  {'':<44}{header}   goal")
    for i, (name, _, goal) in enumerate(results[0].rows):
        values = "".join(f"{r.rows[i][1]:>26}" for r in results)
        print(f"  {name:<44}{values}   {goal}")
    if len(results) == 2:
        old, new = results
        print(
            f"  new / old: tick p99 {new.tick_p99 / old.tick_p99:.2f}x, "
            f"input->ack minus tick wait p50 {new.ack_rest_p50 / old.ack_rest_p50:.2f}x"
        )
    print(
        "  input->ack minus tick wait = uplink + host + downlink to the socket + the client's"
        " own processing of the update (not its wait behind other bots: 'queued'); tick wait"
        " = host read the input -> due time of the tick whose snapshot first carries it"
        " (2-tick input delay + 30 Hz snapshots). See the docstring."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
