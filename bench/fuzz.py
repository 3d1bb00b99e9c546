"""Fuzz the real host: ``moonbase serve`` takes ``--messages`` malformed and hostile messages
over loopback while legitimate bots play their rounds.

Run: ``.venv/bin/python bench/fuzz.py [--messages 1000000] [--procs 2] [--bots 4]``.

The host runs as its own process (``moonbase serve``, CurveZMQ, a temporary data folder);
``--procs`` attacker processes connect with the host's key (an attacker in the class knows
the join string) and send, round robin over a few connections each: random bytes, envelopes
with random fields, wrong and non-integer versions, unknown types, byte-mutated valid
messages, multi-frame messages, deep nesting, oversized fields, joins with the right code
and random nicknames, and input floods. Replies are read and thrown away. Meanwhile
``--bots`` legitimate bots (``moonbase bots``) play ``--rounds`` rounds.

Printed: the host's RSS (``/proc/PID/status``) every 10 % of the messages, then whether the
host stayed up, whether the bots finished their rounds, the host's RSS at start, peak and
end, and how many ``students`` rows the attack left. Bounded: every wait has a deadline and
the attack stops at ``--messages``.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import random
import re
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import msgpack
import zmq

ROOT = Path(__file__).resolve().parents[1]
sys.path.append(str(ROOT))  # when not installed

from app.store.classroom import _KEEPS  # noqa: E402
from netcode.codec import encode  # noqa: E402
from netcode.joinstring import parse_join_string  # noqa: E402
from netcode.messages import PROTOCOL_VERSION as V  # noqa: E402
from netcode.messages import Chat, Input, Join, Ping, RequestState  # noqa: E402

CODE = "FUZZ42"
ADDRESS = re.compile(r"--server (\S+)")
SOCKETS_PER_PROC = 8


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _value(rng: random.Random, depth: int = 0) -> object:
    kind = rng.randrange(9 if depth < 3 else 6)
    if kind == 0:
        return None
    if kind == 1:
        return rng.random() < 0.5
    if kind == 2:
        return rng.randrange(-(2**63), 2**63)
    if kind == 3:
        return rng.choice([rng.random() * 1e9, float("nan"), float("inf"), -0.0])
    if kind == 4:
        return "".join(chr(rng.randrange(32, 0x2FFF)) for _ in range(rng.randrange(12)))
    if kind == 5:
        return rng.randbytes(rng.randrange(12))
    if kind in (6, 7):
        return [_value(rng, depth + 1) for _ in range(rng.randrange(5))]
    return {str(rng.randrange(99)): _value(rng, depth + 1) for _ in range(rng.randrange(4))}


def hostile(rng: random.Random, valid: list[bytes], n: int) -> list[bytes]:
    """One hostile message (a list of frames)."""
    pick = rng.randrange(11)
    if pick == 0:
        return [rng.randbytes(rng.randrange(300))]
    if pick == 1:
        return [msgpack.packb([V, rng.randrange(1, 24), *[_value(rng) for _ in range(4)]])]
    if pick == 2:
        version = rng.choice([str(V), float(V), None, True, V + 1, -1, [V]])
        return [msgpack.packb([version, 6, 1.0])]
    if pick == 3:
        return [msgpack.packb([V, rng.randrange(24, 1000), _value(rng)])]
    if pick == 4:
        data = bytearray(rng.choice(valid))
        for _ in range(rng.randrange(1, 4)):
            data[rng.randrange(len(data))] ^= rng.randrange(1, 256)
        return [bytes(data)]
    if pick == 5:
        return [rng.choice(valid), rng.randbytes(8)]
    if pick == 6:
        return [bytes([0x93, V, 0x04]) + b"\x91" * rng.randrange(100, 5000) + b"\x01"]
    if pick == 7:
        return [msgpack.packb([V, 4, "x" * rng.randrange(1000, 60000)])]
    if pick == 8:
        name = f"x{n:x}{rng.randrange(1 << 20):x}"[:16]
        return [encode(Join(code=CODE, nickname=name, character=0, token=None))]
    return [encode(Input(sequence=n, controls=(0.5, 0.0, False), ack_tick=-1))]


def attacker(join: str, count: int, seed: int, out: Any) -> None:
    target = parse_join_string(join)
    rng = random.Random(seed)
    valid = [
        encode(Ping(client_time=1.0)),
        encode(Chat(text="hello")),
        encode(RequestState()),
        encode(Input(sequence=1, controls=(0.5, 0.0, False), ack_tick=3)),
    ]
    ctx: zmq.Context[zmq.Socket[bytes]] = zmq.Context()
    socks = []
    for _ in range(SOCKETS_PER_PROC):
        sock = ctx.socket(zmq.DEALER)
        sock.setsockopt(zmq.LINGER, 0)
        sock.setsockopt(zmq.SNDHWM, 1000)
        if target.server_key is not None:
            public, secret = zmq.curve_keypair()
            sock.setsockopt(zmq.CURVE_SERVERKEY, target.server_key)
            sock.setsockopt(zmq.CURVE_PUBLICKEY, public)
            sock.setsockopt(zmq.CURVE_SECRETKEY, secret)
        sock.connect(f"tcp://{target.host}:{target.port}")
        socks.append(sock)
    sent = replies = 0
    try:
        for n in range(count):
            sock = socks[n % len(socks)]
            try:
                sock.send_multipart(hostile(rng, valid, n), zmq.NOBLOCK)
                sent += 1
            except zmq.Again:
                time.sleep(0.001)  # the host reads slower than we write: back off
            if n % 64 == 0:
                for s in socks:
                    while s.poll(0):
                        s.recv_multipart()
                        replies += 1
            if n % 10_000 == 0:
                out.put(("progress", seed, n))
    finally:
        for s in socks:
            s.close(linger=0)
        ctx.term()
        out.put(("done", seed, sent, replies))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--messages", type=int, default=100_000)
    parser.add_argument("--procs", type=int, default=2)
    parser.add_argument("--bots", type=int, default=4)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    if not 1 <= args.messages <= 10_000_000 or not 1 <= args.procs <= 8:
        parser.error("--messages within 1..10 000 000, --procs within 1..8")
    with tempfile.TemporaryDirectory(prefix="moonbase-fuzz-") as tmp:
        data = Path(tmp)
        env = {**os.environ, "PYTHONPATH": str(ROOT), "MOONBASE_LAN_DISCOVERY": "false"}
        serve = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "app.cli",
                "serve",
                "--data",
                str(data),
                "--code",
                CODE,
                "--min-players",
                str(args.bots),
                "--rounds",
                str(args.rounds),
                "--round-seconds",
                "30",
                "--speed",
                "2",
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env=env,
            cwd=ROOT,
        )
        assert serve.stdout is not None
        join = None
        deadline = time.monotonic() + 60
        while join is None and time.monotonic() < deadline:
            line = serve.stdout.readline()
            match = ADDRESS.search(line)
            join = match[1] if match else None
        if join is None:
            serve.kill()
            print("the host printed no address")
            return 1
        start_rss = rss_mb(serve.pid)
        bots = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "app.cli",
                "bots",
                "--server",
                join,
                "--code",
                CODE,
                "--count",
                str(args.bots),
                "--rounds",
                str(args.rounds),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env=env,
            cwd=ROOT,
        )
        joined = 0
        while joined < args.bots and time.monotonic() < deadline + 60:
            line = serve.stdout.readline()  # the attack starts once the class is seated
            joined += "joined:" in line
        mp = multiprocessing.get_context("spawn")
        out = mp.Queue()
        per = args.messages // args.procs
        procs = [mp.Process(target=attacker, args=(join, per, i, out)) for i in range(args.procs)]
        t0 = time.monotonic()
        for p in procs:
            p.start()
        peak = start_rss
        done = 0
        sent = replies = 0
        progress: dict[int, int] = {}
        next_report = 0.1
        give_up = t0 + max(600.0, args.messages / 500)
        while done < len(procs) and time.monotonic() < give_up:
            try:
                kind, seed, *rest = out.get(True, 5)
            except Exception:  # queue.Empty: report the RSS anyway
                kind, seed, rest = "tick", -1, []
            if kind == "progress":
                progress[seed] = rest[0]
            elif kind == "done":
                done += 1
                sent += rest[0]
                replies += rest[1]
                progress[seed] = per
            if serve.poll() is not None:
                print(f"the host died (exit {serve.returncode})")
                break
            rss = rss_mb(serve.pid)
            peak = max(peak, rss)
            share = sum(progress.values()) / args.messages
            if share >= next_report:
                print(
                    f"  {share:5.0%} of {args.messages:,} messages, "
                    f"{time.monotonic() - t0:6.1f} s: host RSS {rss:.1f} MB",
                    flush=True,
                )
                next_report += 0.1
        for p in procs:
            p.join(30)
            if p.is_alive():
                p.kill()
        host_up = serve.poll() is None
        end_rss = rss_mb(serve.pid) if host_up else float("nan")
        try:
            bots_out, _ = bots.communicate(timeout=300)
        except subprocess.TimeoutExpired:
            bots.kill()
            bots_out, _ = bots.communicate()
        try:
            serve_out, _ = serve.communicate(timeout=120)
        except subprocess.TimeoutExpired:
            serve.kill()
            serve_out, _ = serve.communicate()
        finished = re.findall(r"Round (\d+): (\d+) of (\d+) bots played it", bots_out)
        db = sqlite3.connect(data / "moonbase.db")
        students = db.execute("SELECT count(*) FROM students").fetchone()[0]
        # What keeps the attackers' rows (not the bots': the students with a flight): the
        # tables that keep a row (app.store.classroom._KEEPS), flags, the roster. A flag
        # alone keeps one only while it counts towards a bar (24 h).
        others = "NOT EXISTS (SELECT 1 FROM flights b WHERE b.student_id = s.id)"
        kept_by = {
            table: db.execute(
                f"SELECT count(*) FROM students s WHERE {others} AND EXISTS "
                f"(SELECT 1 FROM {table} k WHERE k.student_id = s.id)"
            ).fetchone()[0]
            for table in (*_KEEPS, "flags")
            if table != "flights"
        }
        only_flags = " ".join(
            f"AND NOT EXISTS (SELECT 1 FROM {table} k WHERE k.student_id = s.id)"
            for table in _KEEPS
        )
        flag_only = db.execute(
            "SELECT count(*) FROM students s WHERE EXISTS "
            f"(SELECT 1 FROM flags f WHERE f.student_id = s.id) {only_flags} AND NOT EXISTS "
            "(SELECT 1 FROM rosters r WHERE r.class_id = s.class_id "
            "AND r.folded = lower(s.nickname))"
        ).fetchone()[0]
        attackers = db.execute(f"SELECT count(*) FROM students s WHERE {others}").fetchone()[0]
        db.close()
    print(
        f"sent {sent:,} hostile messages in {time.monotonic() - t0:.1f} s "
        f"({replies:,} replies read); host {'stayed up' if host_up else 'DIED'}, "
        f"exit {serve.returncode}"
    )
    print(
        f"bots: {'finished' if bots.returncode == 0 else 'DID NOT FINISH'} "
        f"(exit {bots.returncode}); rounds {finished}"
    )
    print(f"host RSS: start {start_rss:.1f} MB, peak {peak:.1f} MB, end {end_rss:.1f} MB")
    print(
        f"students rows after the lesson: {students}; {attackers} without a flight (attacker "
        f"nicknames; the rest are the bots who played), kept by: "
        + ", ".join(f"{table} {n}" for table, n in kept_by.items())
        + f"; {flag_only} of them only by their flags, which go at the first lesson start or "
        "end once the flags stop counting (24 h)"
    )
    if serve.returncode != 0:
        print(serve_out[-2000:])
    if bots.returncode != 0:
        print(bots_out[-2000:])
    return 0 if host_up and bots.returncode == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
