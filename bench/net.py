"""Netcode benchmark: 40 bot clients in 5 rooms of 8 over loopback, encrypted by default.

Run: ``.venv/bin/python bench/net.py [--seconds 60] [--plain]``.
The host (this process) steps 5 rooms (one ``game.Simulation`` each, 8 landers) at 60 Hz and
sends every client a state update at 30 Hz: a delta against the tick it acknowledged, else
the full snapshot. 40 clients run in a second process (``ClientConnection``, one asyncio
loop), each answering every update with one input from a simple hover controller (30/s).
Printed: host tick p50/p99 (drain + step 5 rooms + encode and send), input -> acknowledged-
in-snapshot latency p50/p99 measured by the client (includes the host's 2-tick input delay,
so the host-side part is shown too), bytes/s per client, and what a naive full-state JSON
snapshot would have cost in the same run.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import statistics
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from game import PlayerInput, RoundConfig, Simulation, get_world
from netcode.client import ClientConnection
from netcode.history import SnapshotHistory
from netcode.messages import (
    Ack,
    Error,
    FullState,
    Input,
    Join,
    Ping,
    Pong,
    RequestState,
    StateUpdate,
    Welcome,
)
from netcode.prediction import state_in
from netcode.schedule import InputSchedule
from netcode.server import HostSocket
from netcode.snapshot import encode_landers
from netcode.tickloop import FixedTicker

ROOMS = 5
PER_ROOM = 8
TICK_RATE = 60
SNAPSHOT_EVERY = 2  # 30 Hz


@dataclass
class Room:
    code: str
    sim: Simulation
    history: SnapshotHistory = field(default_factory=SnapshotHistory)
    peers: dict[bytes, int] = field(default_factory=dict)
    schedules: dict[int, InputSchedule] = field(default_factory=dict)
    acked: dict[int, int] = field(default_factory=dict)
    arrivals: dict[int, list[tuple[int, float]]] = field(default_factory=dict)


@dataclass
class HostStats:
    tick_ms: list[float] = field(default_factory=list)
    host_ack_ms: list[float] = field(default_factory=list)
    json_bytes: int = 0
    snapshots_sent: int = 0


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


async def run_host(port_out: Any, go: Any, seconds: float, curve: bool) -> HostStats:
    sock = HostSocket("127.0.0.1", 0, curve=curve)
    sock.start()
    port_out.put((sock.port, sock.public_key))
    config = RoundConfig(get_world("moon"), seed=11, time_limit_s=3600.0)
    rooms = {f"ROOM{r}": Room(f"ROOM{r}", Simulation(config)) for r in range(ROOMS)}
    by_peer: dict[bytes, Room] = {}
    stats = HostStats()
    clock = time.monotonic
    ticker = FixedTicker(TICK_RATE, clock)
    measuring_from = None
    end = clock() + seconds + 30
    while clock() < end:
        if measuring_from is None and go.is_set():
            measuring_from = clock()
            end = measuring_from + seconds
        for _ in range(ticker.due(clock())):
            t0 = time.perf_counter()
            json_s = 0.0  # the naive JSON baseline is not part of the tick
            for peer, msg in sock.drain(2048):
                now = clock()
                if isinstance(msg, Join):
                    room = rooms.get(msg.code)
                    if room is None or len(room.peers) >= PER_ROOM:
                        sock.send(peer, Error(code="wrong_code", message="no such room"))
                        continue
                    lid = len(room.peers) + 1
                    room.sim.add_lander(lid)
                    room.schedules[lid] = InputSchedule()
                    room.peers[peer] = lid
                    room.arrivals[lid] = []
                    room.history = SnapshotHistory()
                    by_peer[peer] = room
                    sock.send(peer, Welcome(lid, f"t{lid}", TICK_RATE, 30, msg.code))
                    sock.send(
                        peer,
                        FullState(room.sim.tick, "active", config.to_dict(), 3600.0, [], None),
                    )
                    continue
                room_of = by_peer.get(peer)
                if room_of is None or isinstance(msg, Exception):
                    continue
                lid = room_of.peers[peer]
                if isinstance(msg, Input):
                    if msg.ack_tick <= room_of.sim.tick:
                        room_of.acked[lid] = max(room_of.acked.get(lid, -1), msg.ack_tick)
                    inp = PlayerInput(msg.sequence, msg.thrust, msg.rotation, msg.abort)
                    if room_of.schedules[lid].submit(room_of.sim.tick, inp, msg.ack_tick):
                        room_of.arrivals[lid].append((msg.sequence, now))
                elif isinstance(msg, Ack):
                    room_of.acked[lid] = max(room_of.acked.get(lid, -1), msg.tick)
                elif isinstance(msg, Ping):
                    sock.send(peer, Pong(msg.client_time, now))
                elif isinstance(msg, RequestState):
                    sock.send(
                        peer,
                        FullState(
                            room_of.sim.tick,
                            "active",
                            None,
                            3600.0,
                            [],
                            encode_landers(room_of.sim.arrays()),
                        ),
                    )
            for room in rooms.values():
                nxt = room.sim.tick + 1
                room.sim.step({lid: s.input_for(nxt) for lid, s in room.schedules.items()})
                if room.sim.tick % SNAPSHOT_EVERY or not room.peers:
                    continue
                room.history.add(room.sim.tick, encode_landers(room.sim.arrays()))
                sent_at = clock()
                j0 = time.perf_counter()
                naive = len(naive_json(room.sim)) if measuring_from is not None else 0
                json_s += time.perf_counter() - j0
                for peer, lid in room.peers.items():
                    schedule = room.schedules[lid]
                    update = room.history.update_for(
                        room.sim.tick, schedule.last_sequence, room.acked.get(lid, -1)
                    )
                    sock.send(peer, update)
                    arrivals = room.arrivals[lid]
                    while arrivals and arrivals[0][0] <= schedule.last_sequence:
                        _, arrived = arrivals.pop(0)
                        if measuring_from is not None:
                            stats.host_ack_ms.append((sent_at - arrived) * 1000)
                    if measuring_from is not None:
                        stats.json_bytes += naive
                        stats.snapshots_sent += 1
            if measuring_from is not None:
                stats.tick_ms.append((time.perf_counter() - t0 - json_s) * 1000)
        await sock.wait_readable(max(0.0, ticker.next_deadline() - clock()))
    sock.close()
    return stats


# -- clients (second process) --------------------------------------------------------------
async def one_client(
    port: int, key: bytes | None, room: int, stop_at: float, out: list[dict[str, float]]
) -> None:
    conn = ClientConnection(send_acks=True)
    await conn.connect("127.0.0.1", port, server_key=key)
    try:
        welcome = await conn.join(f"ROOM{room}", f"bot{room}", 0, timeout=10.0)
        sent_at: dict[int, float] = {}
        latencies: list[float] = []
        acked = -1
        bytes0 = conn.bytes_received
        sent0 = conn.bytes_sent
        t_start = time.monotonic()
        while (left := stop_at - time.monotonic()) > 0:
            try:
                msg = await conn.recv(timeout=min(left, 1.0))
            except TimeoutError:
                continue
            if not isinstance(msg, StateUpdate):
                continue
            now = time.monotonic()
            for seq in range(acked + 1, msg.ack_sequence + 1):
                t = sent_at.pop(seq, None)
                if t is not None:
                    latencies.append((now - t) * 1000)
            acked = max(acked, msg.ack_sequence)
            me = state_in(msg.landers, welcome.player_id)
            if me is None or me.status != 0:
                continue
            thrust = min(1.0, max(0.0, 0.36 + 0.5 * (-me.vy)))
            rotation = max(-1.0, min(1.0, 2.0 * me.angle))
            seq = conn.send_input(thrust, rotation, ack_tick=msg.tick)
            sent_at[seq] = time.monotonic()
        elapsed = time.monotonic() - t_start
        out.append(
            {
                "recv_bps": (conn.bytes_received - bytes0) / elapsed,
                "send_bps": (conn.bytes_sent - sent0) / elapsed,
                "latencies": latencies,  # type: ignore[dict-item]
            }
        )
    finally:
        conn.close()


def clients_main(port: int, key: bytes | None, seconds: float, go: Any, result: Any) -> None:
    async def main() -> None:
        out: list[dict[str, float]] = []
        stop_at = time.monotonic() + seconds + 3.0  # joining takes a moment
        tasks = [one_client(port, key, i % ROOMS, stop_at, out) for i in range(ROOMS * PER_ROOM)]
        asyncio.get_running_loop().call_later(3.0, go.set)
        await asyncio.gather(*tasks)
        result.put(out)

    asyncio.run(main())


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--plain", action="store_true", help="no CurveZMQ encryption")
    args = parser.parse_args()
    ctx = multiprocessing.get_context("spawn")
    port_q, result_q = ctx.Queue(), ctx.Queue()
    go = ctx.Event()

    async def host_side() -> HostStats:
        task = asyncio.create_task(run_host(port_q, go, args.seconds, not args.plain))
        return await task

    # The host runs here; the clients start once the port is known.
    holder: dict[str, Any] = {}

    def start_clients() -> None:
        port, key = port_q.get(timeout=30)
        proc = ctx.Process(
            target=clients_main, args=(port, key, args.seconds, go, result_q), daemon=True
        )
        proc.start()
        holder["proc"] = proc

    starter = threading.Thread(target=start_clients, daemon=True)
    starter.start()
    stats = asyncio.run(host_side())
    out: list[dict[str, Any]] = result_q.get(timeout=60)
    holder["proc"].join(10)
    latencies = [x for c in out for x in c["latencies"]]
    recv = [c["recv_bps"] for c in out]
    send = [c["send_bps"] for c in out]
    per_client_json = stats.json_bytes / max(1, len(out)) / args.seconds
    mean_recv = statistics.fmean(recv)
    print(
        f"{len(out)} clients in {ROOMS} rooms of {PER_ROOM}, {args.seconds:.0f} s, "
        f"{TICK_RATE} Hz sim / {TICK_RATE // SNAPSHOT_EVERY} Hz snapshots, "
        f"{'plaintext' if args.plain else 'CurveZMQ'}"
    )
    rows = [
        (
            "host tick p50 / p99 (ms)",
            f"{pct(stats.tick_ms, 0.5):.2f} / {pct(stats.tick_ms, 0.99):.2f}",
            "p99 <= 4",
        ),
        (
            "input->ack, client p50 / p99 (ms)",
            f"{pct(latencies, 0.5):.1f} / {pct(latencies, 0.99):.1f}",
            "incl. 2-tick delay",
        ),
        (
            "input arrival->ack sent, host p50 / p99 (ms)",
            f"{pct(stats.host_ack_ms, 0.5):.1f} / {pct(stats.host_ack_ms, 0.99):.1f}",
            "",
        ),
        ("host->client per client (kbit/s)", f"{mean_recv * 8 / 1000:.1f}", "<= 32"),
        ("client->host per client (kbit/s)", f"{statistics.fmean(send) * 8 / 1000:.1f}", ""),
        ("naive JSON full state per client (kbit/s)", f"{per_client_json * 8 / 1000:.1f}", ""),
        ("JSON / ours", f"{per_client_json / mean_recv:.1f}x", ">= 10x"),
    ]
    for name, value, goal in rows:
        print(f"  {name:<46}{value:>16}   {goal}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
