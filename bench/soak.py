"""Soak the real host: ``moonbase serve`` with 24 bots playing rounds back to back for
``--minutes``, printing the host's RSS every minute.

Run: ``.venv/bin/python bench/soak.py [--minutes 30] [--bots 24] [--round-seconds 20]``.

The host is its own process (CurveZMQ, a temporary data folder); the bots are two
``moonbase bots`` processes (12 each). Every ``--every`` seconds (60 by default) it prints
the host's RSS (``/proc/PID/status`` VmRSS), the database and WAL sizes and the rounds
stored so far; at the end the growth after warm-up (the first ``--warmup`` minutes) and the
slope per minute (least squares). Goal (issue 17): flat within 5 MB after warm-up over 30
minutes. Bounded: the host and the bots are stopped at the end of ``--minutes``.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CODE = "SKAT42"
ADDRESS = re.compile(r"--server (\S+)")


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def rounds_stored(db: Path) -> int:
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)
        try:
            return int(conn.execute("SELECT count(*) FROM rounds").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.Error:
        return -1


def inside(memory: Path) -> str:
    """The newest sample bench/memwatch.py wrote in the host, as one short line."""
    try:
        lines = memory.read_text().splitlines()
        m = json.loads(lines[-1])
    except (OSError, IndexError, ValueError):
        return "(no sample yet)"
    maps = "/".join(f"{x:.1f}" for x in m.get("anonymous_maps_mb", []))
    nan = float("nan")
    sqlite, mapped = m.get("sqlite_mb", nan), m.get("malloc_mmapped_mb", nan)
    blocks, in_use = m.get("malloc_mmapped_blocks", 0), m.get("malloc_in_use_mb", nan)
    return (
        f"{m.get('rss_anon_mb', nan):5.1f} {m.get('rss_file_mb', nan):5.1f}  {sqlite:5.1f}  "
        f"{mapped:5.1f} ({blocks:.0f})  {in_use:5.1f}  {m['python_blocks']:8d}  "
        f"{m.get('pymalloc_arenas', nan):4.0f} {m.get('pymalloc_used_mb', nan):5.1f}  {maps}"
    )


def pool_growth(memory: Path, since: float, top: int = 6) -> list[str]:
    """The block sizes whose pymalloc pools grew most between the first sample at or after
    ``since`` (wall time) and the last: pools that grow while their blocks in use do not
    are pools kept part-used (fragmentation) by blocks of that size."""
    rows = []
    for line in memory.read_text().splitlines() if memory.exists() else []:
        try:
            rows.append(json.loads(line))
        except ValueError:
            continue  # a line cut by the host's end
    rows = [r for r in rows if r.get("pymalloc_classes") and r["time"] >= since]
    if len(rows) < 2:
        return []
    first, last = rows[0]["pymalloc_classes"], rows[-1]["pymalloc_classes"]
    gains = sorted(
        ((last[k][0] - first.get(k, [0, 0])[0], k) for k in last),
        key=lambda g: (-g[0], int(g[1])),
    )
    return [
        f"{k} B: {first.get(k, [0, 0])[0]} -> {last[k][0]} pools, "
        f"{first.get(k, [0, 0])[1]} -> {last[k][1]} blocks"
        for gain, k in gains[:top]
        if gain > 0
    ]


def slope(points: list[tuple[float, float]]) -> float:
    n = len(points)
    if n < 2:
        return float("nan")
    mx = sum(x for x, _ in points) / n
    my = sum(y for _, y in points) / n
    var = sum((x - mx) ** 2 for x, _ in points)
    return sum((x - mx) * (y - my) for x, y in points) / var if var else float("nan")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--bots", type=int, default=24)
    parser.add_argument("--round-seconds", type=float, default=20.0)
    parser.add_argument("--every", type=float, default=60.0, help="seconds between samples")
    parser.add_argument("--warmup", type=float, default=2.0, help="minutes not judged")
    parser.add_argument(
        "--malloc-arena-max",
        type=int,
        default=0,
        help="MALLOC_ARENA_MAX for the host (glibc; 0: leave it unset)",
    )
    args = parser.parse_args()
    if not 0.1 <= args.minutes <= 240 or not 2 <= args.bots <= 32:
        parser.error("--minutes within 0.1..240, --bots within 2..32")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "MOONBASE_LAN_DISCOVERY": "false"}
    host_env = dict(env)
    if args.malloc_arena_max:
        host_env["MALLOC_ARENA_MAX"] = str(args.malloc_arena_max)
    with tempfile.TemporaryDirectory(prefix="moonbase-soak-") as tmp:
        data = Path(tmp)
        memory = data / "memory.jsonl"  # written by bench/memwatch.py inside the host
        rounds = int(args.minutes * 60 / args.round_seconds) + 10
        serve = subprocess.Popen(
            [
                sys.executable,
                str(ROOT / "bench" / "memwatch.py"),
                str(memory),
                str(max(5.0, args.every / 2)),
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
                str(rounds),
                "--round-seconds",
                str(args.round_seconds),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env=host_env,
            cwd=ROOT,
        )
        assert serve.stdout is not None
        join = None
        deadline = time.monotonic() + 180
        seen = ""
        while join is None and time.monotonic() < deadline:
            line = serve.stdout.readline()
            if not line:
                break
            seen += line
            match = ADDRESS.search(line)
            join = match[1] if match else None
        if join is None:
            serve.kill()
            print(f"the host printed no address: {seen[-1000:]}")
            return 1
        # serve's output is not read from here on: send it to a file, not a full pipe
        log = (data / "serve.log").open("w")
        drain = subprocess.Popen(["cat"], stdin=serve.stdout, stdout=log)
        bots: list[subprocess.Popen[str]] = []
        half = args.bots // 2
        for i, count in enumerate((half, args.bots - half)):
            names = ",".join(f"S{i}b{n:02d}" for n in range(count))
            bots.append(
                subprocess.Popen(
                    [
                        sys.executable,
                        "-m",
                        "app.cli",
                        "bots",
                        "--server",
                        join,
                        "--code",
                        CODE,
                        "--names",
                        names,
                        "--rounds",
                        str(rounds),
                        "--timeout",  # moonbase bots stop after 10 minutes otherwise
                        str(args.minutes * 60 + 300),
                    ],
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                    text=True,
                    env=env,
                    cwd=ROOT,
                )
            )
        t0 = time.monotonic()
        t0_wall = time.time()
        samples: list[tuple[float, float]] = []
        arena = f", MALLOC_ARENA_MAX={args.malloc_arena_max}" if args.malloc_arena_max else ""
        print(
            f"soak: {args.bots} bots, {args.minutes:g} min, rounds of "
            f"{args.round_seconds:g} s{arena}"
        )
        print(
            "  minute   RSS MB   db MB   wal MB   rounds   | inside the host, MB: RSS anonymous "
            "and file-backed, SQLite heap, malloc mmapped (blocks), malloc in use, Python "
            "blocks, pymalloc's 1 MiB arenas and the MB in use in them, the largest anonymous maps"
        )
        try:
            while (elapsed := time.monotonic() - t0) < args.minutes * 60:
                if serve.poll() is not None:
                    print(f"the host ended early (exit {serve.returncode})")
                    break
                minute = elapsed / 60
                rss = rss_mb(serve.pid)
                db = data / "moonbase.db"
                wal = data / "moonbase.db-wal"
                db_mb = db.stat().st_size / 2**20 if db.exists() else 0.0
                wal_mb = wal.stat().st_size / 2**20 if wal.exists() else 0.0
                samples.append((minute, rss))
                print(
                    f"  {minute:6.1f}   {rss:6.1f}   {db_mb:5.1f}   {wal_mb:6.1f}   "
                    f"{rounds_stored(db):6d}   | {inside(memory)}",
                    flush=True,
                )
                time.sleep(min(args.every, max(0.1, args.minutes * 60 - elapsed)))
        finally:
            for bot in bots:
                bot.send_signal(signal.SIGINT)
            serve.send_signal(signal.SIGINT)
            procs: list[subprocess.Popen[str]] = [*bots, serve]
            for proc in procs:
                try:
                    proc.wait(60)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()
            drain.wait(10)
            log.close()
            grown = pool_growth(memory, t0_wall + args.warmup * 60)
    after = [(m, r) for m, r in samples if m >= args.warmup]
    if after:
        growth = max(r for _, r in after) - min(r for _, r in after)
        print(
            f"after warm-up ({args.warmup:g} min): RSS {after[0][1]:.1f} -> {after[-1][1]:.1f} MB, "
            f"range {growth:.1f} MB, slope {slope(after):+.2f} MB/min"
        )
    if grown:
        print(
            "pymalloc pools gained after warm-up, by block size (size: pools, blocks in use "
            "before -> after): " + "; ".join(grown)
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
