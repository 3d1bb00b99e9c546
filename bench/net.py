"""Netcode benchmark on the real classroom host: 40 students in 5 rooms of 8, loopback.

Run: ``.venv/bin/python bench/net.py [--seconds 30] [--runs 3] [--client-procs 4]
[--snapshot-rate 60] [--plain] [--profile] [--breakdown]``.

This process runs a real :class:`app.host.ClassHost` (CurveZMQ on, its own SQLite file in a
temporary data folder) and drives it through its public API only: the bots join with the
join code, ``start_all`` seats them in 5 rooms of 8 (the host's "fill" grouping) and starts
a round of the Lunar Lander in every room. The bots run in ``--client-procs`` processes of
their own (real :class:`netcode.client.ClientConnection` s); each sends an input at 60 Hz,
as a player does, at its own phase within the 16.7 ms frame (students are not
synchronised; the 40 phases are spread evenly over the frame), flying a hover controller
on its own lander's newest snapshot row.

Measured over ``--seconds`` after a warm-up, per run:

- **input -> ack**: from a bot's ``send_input`` to the moment the bytes of the first update
  whose ``ack_sequence`` covers that input were read off its socket, schedule included
  (the input delay, the wait for the tick, the wait for the next update). Both processes
  read the system-wide monotonic clock. Sockets are read before any bot's update is
  processed, so one bot's time does not include another's processing.
- **host CPU %**: user + system time of the host process (its ZeroMQ I/O thread
  included), from ``/proc/self/stat``, over the window's wall time (100 % = one core).
- **tick p50/p99**: the wall time of each tick's work in the host (every room's step,
  snapshots encoded and sent): ``ClassHost.tick_stats``.
- **kbit/s per client**: bytes every bot received in the window (all message types), per
  client per second.
- Also printed per run: messages through the host's socket per second (in and out), the
  host loop's passes per second (each reads the socket once) and the host's CPU per message
  (host CPU time over messages in + out): less noisy than latency on a shared machine.

Each run prints its figures; the last line is the summary over the runs (medians of the
runs' figures): ``summary: input_ack_p50_ms=… input_ack_p99_ms=… host_cpu_pct=…
kbit_per_client=… tick_p99_ms=…``. Goals (issue 17): p50 <= 10 ms, p99 <= 25 ms, CPU <=
15 %, <= 24 kbit/s, tick p99 <= 4 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import cProfile
import dataclasses
import heapq
import math
import multiprocessing
import os
import pstats
import queue
import random
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import zmq

sys.path.append(str(Path(__file__).resolve().parents[1]))  # when not installed

from app.config import Settings
from app.host.host import ClassHost
from app.store.files import open_host_store
from game.lander import GAME
from netcode.client import ClientConnection
from netcode.messages import Event, FullState, StateUpdate
from netcode.prediction import row_in

CODE = "BENCH7"
ROOMS = 5
PER_ROOM = 8
INPUT_HZ = 60.0
SCALES = GAME.schema.scales
STATUS = GAME.schema.names.index("status")
VY = GAME.schema.names.index("vy")
ANGLE = GAME.schema.names.index("angle")


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def cpu_seconds() -> float:
    """User + system CPU of this process (every thread), from /proc."""
    fields = Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) / ticks


# -- where the host's loop thread spends its CPU (--breakdown) ------------------------------
# (owner, attribute, label): the label's indent shows what it is part of.
BREAKDOWN_PARTS: list[tuple[str, str, str]] = [
    ("app.host.host:ClassHost", "_drain", "reading the socket and handling messages"),
    ("netcode.server:HostSocket", "drain", "  recv + decode + rate limit"),
    ("app.host.host:ClassHost", "_input", "  inputs queued (Round.submit)"),
    ("app.host.rounds:Rounds", "tick", "the ticks (every room)"),
    ("app.host.round:Round", "advance", "  the game's step (physics)"),
    ("app.host.rounds:", "updates_for", "  updates: snapshot, bodies, per client"),
    ("app.host.snapshots:", "encode_snapshot", "    snapshot rows quantised"),
    ("netcode.history:SnapshotHistory", "_pack", "    update bodies (one per baseline)"),
    ("netcode.server:HostSocket", "send_encoded", "  sends (two zmq calls each)"),
]


class Breakdown:
    """Thread CPU time (``time.thread_time``) of the host's parts, on the loop thread only,
    while enabled: the functions are wrapped in place and put back by :meth:`close`. The
    wrapping costs about half a microsecond a call; the totals are what the parts compute,
    not the waits for a core."""

    def __init__(self) -> None:
        import importlib
        import threading

        self.cpu: dict[str, float] = {}
        self.calls: dict[str, int] = {}
        self._undo: list[tuple[Any, str, Any]] = []
        self._on = False
        loop_thread = threading.get_ident()
        for target, attr, label in BREAKDOWN_PARTS:
            module, _, cls = target.partition(":")
            owner: Any = importlib.import_module(module)
            if cls:
                owner = getattr(owner, cls)
            original = owner.__dict__[attr] if cls else getattr(owner, attr)
            self.cpu[label], self.calls[label] = 0.0, 0
            setattr(owner, attr, self._wrap(original, label, loop_thread))
            self._undo.append((owner, attr, original))

    def _wrap(self, fn: Any, label: str, loop_thread: int) -> Any:
        import functools
        import threading

        clock = time.thread_time
        cpu, calls = self.cpu, self.calls

        @functools.wraps(fn)
        def timed(*a: Any, **k: Any) -> Any:
            if not self._on or threading.get_ident() != loop_thread:
                return fn(*a, **k)
            t0 = clock()
            try:
                return fn(*a, **k)
            finally:
                cpu[label] += clock() - t0
                calls[label] += 1

        return timed

    def start(self) -> None:
        self._on = True

    def stop(self) -> None:
        self._on = False

    def close(self) -> None:
        for owner, attr, original in reversed(self._undo):
            setattr(owner, attr, original)

    def report(self, wall_s: float, loop_cpu_s: float) -> None:
        print(f"  the host's loop thread: {100 * loop_cpu_s / wall_s:.1f} % of a core, of it:")
        for label, spent in self.cpu.items():
            n = self.calls[label]
            print(
                f"    {label:48s} {100 * spent / wall_s:5.1f} %  {n:7d} calls "
                f"{1e6 * spent / max(1, n):7.1f} us each"
            )
        top = sum(v for k, v in self.cpu.items() if not k.startswith(" "))
        rest = 100 * (loop_cpu_s - top) / wall_s
        print(f"    {'the rest: the event loop, waits, housekeeping':48s} {rest:5.1f} %")


class StepClock:
    """When each room's step to each tick began (``time.monotonic``, the clock the bots
    stamp with): ``Round.advance`` wrapped in place while the bench runs. With it an
    input's time to its ack splits into the wait for the step that applied it and the
    time from that step to the update on the bot's socket."""

    def __init__(self) -> None:
        from app.host.round import Round, RoundPhase

        self.started: dict[int, dict[int, float]] = {}  # player id -> tick -> step began
        self._round, self._active = Round, RoundPhase.ACTIVE
        original = self._original = Round.advance
        started = self.started
        active = self._active

        def advance(rnd: Any) -> Any:
            if rnd.phase is active:
                now, tick = time.monotonic(), rnd.tick + 1
                for pid in rnd._players:
                    started.setdefault(pid, {})[tick] = now
            return original(rnd)

        Round.advance = advance  # type: ignore[method-assign, assignment]

    def close(self) -> None:
        self._round.advance = self._original  # type: ignore[method-assign]

    def split(self, acks: dict[int, list[tuple[int, float, float]]]) -> tuple[float, float]:
        """p50 of (wait for the step, step -> update read), ms, over every ack."""
        wait: list[float] = []
        deliver: list[float] = []
        for pid, items in acks.items():
            times = self.started.get(int(pid), {})
            for tick, sent, read in items:
                began = times.get(tick)
                if began is not None:
                    wait.append((began - sent) * 1000.0)
                    deliver.append((read - began) * 1000.0)
        return pct(wait, 0.5), pct(deliver, 0.5)


class GcPauses:
    """The host process's garbage collections while enabled: how many per generation and
    the longest (ms); a full collection walks every tracked object and stops the loop."""

    def __init__(self) -> None:
        import gc

        self.count = [0, 0, 0]
        self.longest = [0.0, 0.0, 0.0]
        self._gc = gc
        self._t0 = 0.0
        gc.callbacks.append(self._on_gc)

    def _on_gc(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._t0 = time.perf_counter()
            return
        gen = info.get("generation", 0)
        self.count[gen] += 1
        self.longest[gen] = max(self.longest[gen], (time.perf_counter() - self._t0) * 1000.0)

    def close(self) -> None:
        self._gc.callbacks.remove(self._on_gc)

    def line(self) -> str:
        return ", ".join(
            f"gen{g} {self.count[g]} (longest {self.longest[g]:.1f} ms)" for g in range(3)
        )


# -- the bots (other processes) -------------------------------------------------------------
@dataclass
class Bot:
    conn: ClientConnection
    player_id: int
    phase: float
    next_send: float = 0.0
    acked: int = -1
    tick: int = -1
    row: Any = None  # the bot's own snapshot row (floats), None when not in it
    flying: bool = False
    sent_at: dict[int, float] = field(default_factory=dict)
    latencies: list[float] = field(default_factory=list)
    acks: list[tuple[int, float, float]] = field(default_factory=list)  # (tick, sent, read)
    bytes0: int = 0
    inputs: int = 0

    def absorb(self, measure_from: float, measure_to: float) -> None:
        for msg, read_at in self.conn.poll_stamped():
            if isinstance(msg, StateUpdate):
                for seq in range(self.acked + 1, msg.ack_sequence + 1):
                    sent = self.sent_at.pop(seq, None)
                    if sent is not None and measure_from <= sent <= measure_to:
                        self.latencies.append((read_at - sent) * 1000.0)
                        self.acks.append((msg.tick, sent, read_at))
                self.acked = max(self.acked, msg.ack_sequence)
                if msg.tick >= self.tick:
                    self.tick = msg.tick
                    self.row = row_in(msg.snapshot, self.player_id, SCALES)
                    self.flying = self.row is not None and round(self.row[STATUS]) == 0
            elif isinstance(msg, FullState) and msg.phase != "active":
                self.flying = False
            elif isinstance(msg, Event) and msg.kind == "phase":
                self.flying = self.flying and msg.data.get("phase") == "active"

    def send(self, now: float, counting: bool) -> None:
        if not self.flying or self.row is None:
            return
        vy, angle = self.row[VY], self.row[ANGLE]
        thrust = min(1.0, max(0.0, 0.36 - 0.5 * vy))
        rotation = max(-1.0, min(1.0, 2.0 * angle))
        seq = self.conn.send_input((thrust, rotation, False))
        self.sent_at[seq] = now
        self.inputs += counting


def bots_main(
    join: str,
    names: list[str],
    go: Any,
    out: Any,
    nice: int = 0,
    cpus: set[int] | None = None,
    profile: bool = False,
) -> None:
    """One process of bots: join, wait for the measuring window (sent once every bot of
    the class joined and the rounds started), then one thread serving them all. ``nice``
    lowers their priority and ``cpus`` keeps them on those cores (the students' machines
    are not the host's)."""
    if nice:
        os.nice(nice)
    if cpus:
        os.sched_setaffinity(0, cpus)
    ctx: zmq.Context[zmq.Socket[bytes]] = zmq.Context()
    rng = random.Random(names[0])

    async def join_all() -> list[Bot]:
        async def one(name: str) -> Bot:
            conn = ClientConnection(context=ctx)
            await conn.connect_to(join)
            welcome = await conn.join(CODE, name, 0, timeout=30.0)
            # Phases spread evenly over the frame (bot k of the class at k/40 of it, a
            # little jitter), not 40 random draws: the students are not synchronised either
            # way, but 40 draws make the median wait for the tick vary by +-1.3 ms (a third
            # of the frame's spread) from run to run.
            k = int(name.removeprefix("Bot"))
            spread = (k + 0.5 * rng.random()) / (ROOMS * PER_ROOM)
            return Bot(conn, welcome.player_id, spread / INPUT_HZ)

        return list(await asyncio.gather(*(one(n) for n in names)))

    bots = asyncio.run(join_all())
    measure_from = measure_to = stop_at = float("inf")  # until the host sends the window
    asked = 0.0
    give_up = time.monotonic() + 180
    try:
        poller = zmq.Poller()
        by_socket = {}
        for bot in bots:
            poller.register(bot.conn.zmq_socket, zmq.POLLIN)
            by_socket[bot.conn.zmq_socket] = bot
        # Phases on one frame grid for every process (CLOCK_MONOTONIC is the system's):
        # counted from each process's own start, the 4 processes' blocks of 10 phases fell
        # anywhere in the frame, overlapping or leaving gaps, and the median wait for the
        # step moved by several ms from run to run.
        start = time.monotonic()
        frame = 1.0 / INPUT_HZ
        grid = start - math.fmod(start, frame)
        for bot in bots:
            bot.next_send = grid + bot.phase + (frame if grid + bot.phase < start else 0.0)
        sends = [(bot.next_send, k) for k, bot in enumerate(bots)]  # a heap: the next first
        heapq.heapify(sends)
        counted = False
        cpu_from = cpu_to = 0.0  # this process's CPU seconds at the window's two ends
        prof = cProfile.Profile(time.thread_time) if profile else None
        while (now := time.monotonic()) < min(stop_at, give_up):
            if stop_at == float("inf") and now - asked > 0.1:
                asked = now
                with contextlib.suppress(queue.Empty):
                    measure_from, measure_to, stop_at = go.get_nowait()
            if not counted and now >= measure_from:
                counted = True
                cpu_from = time.process_time()
                for bot in bots:
                    bot.bytes0 = bot.conn.bytes_received
                if prof is not None:
                    prof.enable()
            if counted and not cpu_to and now >= measure_to:
                cpu_to = time.process_time()
                if prof is not None:
                    prof.disable()
                    print(f"-- profile of one bot process ({len(bots)} bots), thread CPU time")
                    pstats.Stats(prof).sort_stats("tottime").print_stats(25)
            # Sleep until the next send or a message, rounded up to ZeroMQ's whole
            # milliseconds: rounding down made every wait under 1 ms a busy poll, and the
            # harness then took more of the two cores than the host it measures. A send up
            # to a millisecond late is still timed from when it is sent.
            wait = sends[0][0] - now
            ready = poller.poll(min(100, math.ceil(wait * 1000)) if wait > 0 else 0)
            woke = [by_socket[sock] for sock, _ in ready]
            for bot in woke:
                bot.conn.read_socket()  # stamped now, before any processing
            # inputs due go out before the updates are decoded (each steered by the last
            # update decoded): decoding first delayed them to just after each tick's
            # updates, so they waited most of a frame for the next step
            now = time.monotonic()
            while sends[0][0] <= now:
                _, k = sends[0]
                bot = bots[k]
                bot.send(now, measure_from <= now < measure_to)
                bot.next_send += 1.0 / INPUT_HZ
                if bot.next_send < now:  # fell behind (a loaded machine): skip the slots
                    # missed but keep the bot's phase in the frame (restarting at "now" put
                    # every bot that stalled at once at the same moment of the frame, and
                    # the median wait for the step then depended on where that moment fell)
                    missed = math.ceil((now - bot.next_send) * INPUT_HZ)
                    bot.next_send += missed / INPUT_HZ
                heapq.heapreplace(sends, (bot.next_send, k))
            for bot in woke:
                bot.absorb(measure_from, measure_to)
        window = measure_to - measure_from
        out.put(
            {
                "latencies": [x for b in bots for x in b.latencies],
                "acks": {b.player_id: b.acks for b in bots},
                "kbit": [
                    (b.conn.bytes_received - b.bytes0) * 8 / 1000 / (stop_at - measure_from)
                    for b in bots
                ],
                "inputs_per_s": sum(b.inputs for b in bots) / max(window, 1e-9) / len(bots),
                "flying": sum(b.flying for b in bots),
                "cpu_pct": 100.0 * max(0.0, cpu_to - cpu_from) / max(window, 1e-9),
            }
        )
    finally:
        for bot in bots:
            bot.conn.close()
        ctx.term()


# -- the host (this process) ----------------------------------------------------------------
async def one_run(args: argparse.Namespace, data: Path) -> dict[str, float]:
    settings = dataclasses.replace(
        Settings(),
        data_dir=data,
        bind="127.0.0.1",
        port=0,
        lan_discovery=False,
        snapshot_rate=args.snapshot_rate,
        countdown_seconds=0.5,
        round_seconds=3600.0,
        class_name="Bench",
    ).validate()
    store, _ = await open_host_store(data, "bench/net.py")
    steps = StepClock()
    host = ClassHost(settings, store, join_code=CODE, curve=not args.plain)
    await host.start()
    procs: list[Any] = []
    try:
        events = host.subscribe()
        count = ROOMS * PER_ROOM
        names = [f"Bot{i:02d}" for i in range(count)]
        per = -(-count // args.client_procs)
        mp = multiprocessing.get_context("spawn")
        out = mp.Queue()
        go = [mp.Queue() for _ in range(0, count, per)]
        for n, i in enumerate(range(0, count, per)):
            proc = mp.Process(
                target=bots_main,
                args=(
                    host.join_string(),
                    names[i : i + per],
                    go[n],
                    out,
                    args.bots_nice,
                    {1} if args.pin else None,
                    args.profile_bots and n == 0,
                ),
            )
            proc.start()
            procs.append(proc)
        joined = 0
        async with asyncio.timeout(120):  # 40 bots join within seconds; bounded anyway
            while joined < count:
                event = await events.get()
                if event.kind == "player_joined":
                    joined += 1
        host.unsubscribe(events)
        await host.start_all(mode="solo", seconds=3600.0)
        measure_from = time.monotonic() + settings.countdown_seconds + args.warmup
        measure_to = measure_from + args.seconds
        stop_at = measure_to + 1.0
        for box in go:
            box.put((measure_from, measure_to, stop_at))
        rooms = {s.name: len(s.members) for s in host.room_statuses()}
        await asyncio.sleep(max(0.0, measure_from - time.monotonic()))
        host.tick_stats.clear()
        # thread CPU time, not wall: a profile of what the loop computes, without the waits
        # for a core (on a loaded machine most of the wall time)
        profile = cProfile.Profile(time.thread_time) if args.profile else None
        breakdown = Breakdown() if args.breakdown else None
        pauses = GcPauses()
        net0, passes0 = host.transport_stats(), host.tick_stats.passes
        cpu0, wall0, loop0 = cpu_seconds(), time.monotonic(), time.thread_time()
        if profile is not None:
            profile.enable()
        if breakdown is not None:
            breakdown.start()
        await asyncio.sleep(max(0.0, measure_to - time.monotonic()))
        if profile is not None:
            profile.disable()
        if breakdown is not None:
            breakdown.stop()
        cpu1, wall1, loop1 = cpu_seconds(), time.monotonic(), time.thread_time()
        pauses.close()
        net1, passes1 = host.transport_stats(), host.tick_stats.passes
        if profile is not None:
            pstats.Stats(profile).sort_stats("tottime").print_stats(30)
        if breakdown is not None:
            breakdown.close()
            breakdown.report(wall1 - wall0, loop1 - loop0)
        ticks = host.tick_stats.durations_ms()
        late = host.tick_stats.late_ms()
        tick_cpu = host.tick_stats.cpu_ms()
        results = [await asyncio.to_thread(out.get, True, 60) for _ in procs]
    finally:
        for proc in procs:
            proc.join(30)
            if proc.is_alive():
                proc.kill()
        await host.stop()
        await store.close()
        steps.close()
    latencies = [x for r in results for x in r["latencies"]]
    wait_p50, deliver_p50 = steps.split({k: v for r in results for k, v in r["acks"].items()})
    kbit = [x for r in results for x in r["kbit"]]
    flying = sum(int(r["flying"]) for r in results)
    bots_cpu = sum(r["cpu_pct"] for r in results)
    run = {
        "input_ack_p50_ms": pct(latencies, 0.5),
        "input_ack_p99_ms": pct(latencies, 0.99),
        "host_cpu_pct": 100.0 * (cpu1 - cpu0) / (wall1 - wall0),
        "loop_cpu_pct": 100.0 * (loop1 - loop0) / (wall1 - wall0),
        "kbit_per_client": statistics.mean(kbit) if kbit else float("nan"),
        "tick_p50_ms": pct(ticks, 0.5),
        "tick_p99_ms": pct(ticks, 0.99),
        "tick_late_p99_ms": pct(late, 0.99),
        "tick_cpu_p50_ms": pct(tick_cpu, 0.5),
        "tick_cpu_p99_ms": pct(tick_cpu, 0.99),
        "samples": float(len(latencies)),
        "wait_p50_ms": wait_p50,
        "deliver_p50_ms": deliver_p50,
        "inputs_per_s": statistics.mean(r["inputs_per_s"] for r in results),
        "flying_at_end": float(flying),
        "received_per_s": (net1.received - net0.received) / (wall1 - wall0),
        "sent_per_s": (net1.sent - net0.sent) / (wall1 - wall0),
        "passes_per_s": (passes1 - passes0) / (wall1 - wall0),
    }
    messages = (net1.received - net0.received) + (net1.sent - net0.sent)
    run["cpu_us_per_message"] = 1e6 * (cpu1 - cpu0) / max(1, messages)
    print(
        f"  rooms {rooms}; {len(latencies)} acks, {run['inputs_per_s']:.1f} inputs/s per bot, "
        f"{flying} of {count} still flying at the end; host: {run['received_per_s']:.0f} "
        f"messages/s in, {run['sent_per_s']:.0f} out, {run['passes_per_s']:.0f} loop passes/s, "
        f"{run['cpu_us_per_message']:.1f} us of CPU per message; the bots' processes "
        f"{bots_cpu:.1f} % of a core; input->ack p50 split: the "
        f"wait for the step that applied it {wait_p50:.2f} ms, that step to the update read "
        f"{deliver_p50:.2f} ms; garbage collections in the host: {pauses.line()}"
    )
    return run


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=30.0, help="measured seconds per run")
    parser.add_argument("--warmup", type=float, default=3.0, help="seconds before measuring")
    parser.add_argument("--runs", type=int, default=3, help="runs; the summary is their median")
    parser.add_argument("--client-procs", type=int, default=4, help="processes for 40 bots")
    parser.add_argument("--snapshot-rate", type=int, default=60, choices=(20, 30, 60))
    parser.add_argument("--plain", action="store_true", help="no CurveZMQ")
    parser.add_argument(
        "--profile",
        action="store_true",
        help="cProfile the host's loop in thread CPU time (slows it down)",
    )
    parser.add_argument(
        "--profile-bots",
        action="store_true",
        help="cProfile the first bot process's loop and print it (what the harness costs)",
    )
    parser.add_argument(
        "--bots-nice",
        type=int,
        default=0,
        help="run the bot processes at this nice level (0: as the host; 10: the host first, "
        "closer to a classroom, where the students' programs run on their own machines)",
    )
    parser.add_argument(
        "--pin",
        action="store_true",
        help="the host on core 0, the bots on core 1 (the host's core is its own, as on a "
        "teacher's machine; both processes' threads share their core)",
    )
    parser.add_argument(
        "--breakdown",
        action="store_true",
        help="print the loop thread's CPU by part of the host (about 1 %% of a core extra)",
    )
    args = parser.parse_args()
    if not 1 <= args.runs <= 20 or not 1 <= args.seconds <= 3600:
        parser.error("--runs within 1..20, --seconds within 1..3600")
    if args.pin:
        if len(os.sched_getaffinity(0)) < 2 or not {0, 1} <= os.sched_getaffinity(0):
            parser.error("--pin needs cores 0 and 1")
        os.sched_setaffinity(0, {0})  # the host; its ZeroMQ threads start after this
    print(
        f"bench/net.py: real ClassHost, {ROOMS} rooms x {PER_ROOM} bots in "
        f"{args.client_procs} processes, inputs {INPUT_HZ:.0f} Hz, updates "
        f"{args.snapshot_rate} Hz, {'plaintext' if args.plain else 'CurveZMQ'}, "
        f"{'host on core 0 and bots on core 1, ' if args.pin else ''}"
        f"{os.cpu_count()} CPUs, load {os.getloadavg()[0]:.2f}"
    )
    runs = []
    for n in range(args.runs):
        with tempfile.TemporaryDirectory(prefix="moonbase-bench-") as tmp:
            run = asyncio.run(one_run(args, Path(tmp)))
        runs.append(run)
        print(
            f"run {n + 1}: input->ack p50 {run['input_ack_p50_ms']:.2f} ms, p99 "
            f"{run['input_ack_p99_ms']:.2f} ms; host CPU {run['host_cpu_pct']:.1f} % (the "
            f"host's loop thread {run['loop_cpu_pct']:.1f} %, ZeroMQ I/O and other threads "
            f"{run['host_cpu_pct'] - run['loop_cpu_pct']:.1f} %); "
            f"{run['kbit_per_client']:.1f} kbit/s per client; tick p50 "
            f"{run['tick_p50_ms']:.2f} ms, p99 {run['tick_p99_ms']:.2f} ms (its CPU p50 "
            f"{run['tick_cpu_p50_ms']:.2f} ms, p99 {run['tick_cpu_p99_ms']:.2f} ms; started "
            f"late p99 {run['tick_late_p99_ms']:.2f} ms); load {os.getloadavg()[0]:.2f}"
        )
    keys = ("input_ack_p50_ms", "input_ack_p99_ms", "host_cpu_pct", "kbit_per_client")
    med = {k: statistics.median(r[k] for r in runs) for k in (*keys, "tick_p99_ms")}
    print(
        "summary: "
        + " ".join(
            f"{k}={med[k]:.2f}"
            for k in (
                "input_ack_p50_ms",
                "input_ack_p99_ms",
                "host_cpu_pct",
                "kbit_per_client",
                "tick_p99_ms",
            )
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
