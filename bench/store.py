"""Local storage speed: results written per second (WAL, batched) and leaderboard queries on
a year of a school's flights. Prints its figures; run ``python -m bench.store`` (or the file).

Goals (issue 6): >= 5 000 results/s batched with commit p99 <= 10 ms; top-10-per-class weekly
leaderboard on 1 000 000 stored flights with p99 <= 20 ms.

Writes are measured as callers see them (from the call to the acknowledgement, which comes
after COMMIT), for group commit and, as the baseline in the same run, for the path before it:
one transaction per result (``max_batch=1``) with SQLite's checkpoints inside commits.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

if __package__ in (None, ""):  # run as a file: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.store import FlightRecord, Period, Store
from app.store.clock import to_epoch_us
from app.store.group_commit import DEFAULT_MAX_BATCH

YEAR_START = datetime(2024, 9, 2, 8, 0, tzinfo=UTC)  # a Monday, start of a school year
SCHOOL_DAYS = 5 * 40  # 40 school weeks
CLASSES = 40
STUDENTS_PER_CLASS = 30
GAMES = ("lander", "projectiles")


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f} ms"


def record(round_id: int, student_id: int, rng: random.Random) -> FlightRecord:
    score = rng.randrange(0, 2000)
    return FlightRecord(
        round_id=round_id,
        student_id=student_id,
        game="lander",
        world="moon",
        outcome="landed" if score else "crashed",
        reason_code="ok" if score else "too_fast",
        reason="",
        score=score,
        stars=rng.randrange(0, 4),
        breakdown={"base": 100, "fuel_bonus": score // 3, "multiplier": 1.5},
        flight_time_s=rng.uniform(20, 90),
        fuel_used=rng.uniform(10, 80),
        params={"gravity": 1.62, "seed": 7},
        telemetry=rng.randbytes(256) + bytes(6000),
        inputs=bytes(600),
    )


@dataclass(frozen=True)
class WriteRun:
    rate: float  # results acknowledged per second
    p50: float  # seconds from the call to its acknowledgement (queue wait + commit)
    p99: float
    mean_batch: float  # flights per committed transaction


async def _setup(store: Store, rng: random.Random, total: int) -> list[FlightRecord]:
    class_id = await store.create_class("bench", "BENCH1")
    students = [await store.add_student(class_id, f"s{i:02d}") for i in range(30)]
    round_id = await store.create_round(
        class_id, game="lander", world="moon", mode="solo", seed=1, room="A", params={}
    )
    return [record(round_id, students[i % 30], rng) for i in range(total)]


@dataclass(frozen=True)
class Scenario:
    label: str
    results: int
    writers: int  # concurrent tasks
    per_call: int  # 1: record_flight; more: record_flights of that many
    max_batch: int  # 1: one transaction per result (the path before group commit)
    background: bool  # background checkpoints (False: SQLite's, inside commits, as before)


async def run_writers(path: Path, s: Scenario) -> WriteRun:
    """``s.writers`` tasks each record their share as fast as the store acknowledges; every
    call's latency counts (what the host's room task waits for)."""
    rng = random.Random(1)
    async with await Store.open(
        path, max_batch=s.max_batch, background_checkpoint=s.background
    ) as store:
        records = await _setup(store, rng, s.results)
        before = store.write_stats()
        latencies: list[float] = []

        async def writer(mine: list[FlightRecord]) -> None:
            for i in range(0, len(mine), s.per_call):
                t = time.perf_counter()
                if s.per_call == 1:
                    await store.record_flight(mine[i])
                else:
                    await store.record_flights(mine[i : i + s.per_call])
                latencies.append(time.perf_counter() - t)

        start = time.perf_counter()
        await asyncio.gather(*(writer(records[w :: s.writers]) for w in range(s.writers)))
        elapsed = time.perf_counter() - start
        after = store.write_stats()
        integrity = await store.integrity_check()
    if integrity != "ok":
        raise SystemExit(f"integrity_check after the write bench: {integrity}")
    path.unlink()
    transactions = after.transactions - before.transactions
    return WriteRun(
        rate=s.results / elapsed,
        p50=pct(latencies, 50),
        p99=pct(latencies, 99),
        mean_batch=(after.flights - before.flights) / max(1, transactions),
    )


async def bench_writes(folder: Path, total: int, writers: int, repeats: int) -> None:
    """Each scenario ``repeats`` times on a fresh file, interleaved (run 1 of every scenario,
    then run 2...) so load from other programs hits them alike; medians are printed."""
    short = min(total, 3000)  # one transaction per result is slow: keep it short
    w, big = writers, DEFAULT_MAX_BATCH
    old_1 = Scenario("old path: one transaction per result, 1 writer", short, 1, 1, 1, False)
    old_w = Scenario(f"old path: one transaction per result, {w} writers", short, w, 1, 1, False)
    group_sqlite = Scenario(
        f"group commit, {w} writers, SQLite checkpoints in commits", total, w, 1, big, False
    )
    group = Scenario(f"group commit, {w} writers, background checkpoints", total, w, 1, big, True)
    group_1 = Scenario("group commit, 1 writer (nothing to group)", short, 1, 1, big, True)
    batch_old = Scenario(
        "batches of 50 (record_flights), SQLite checkpoints in commits", total, 1, 50, big, False
    )
    batch = Scenario(
        "batches of 50 (record_flights), background checkpoints", total, 1, 50, big, True
    )
    scenarios = [old_1, old_w, group_sqlite, group, group_1, batch_old, batch]
    print(
        f"writes: synchronous=FULL, WAL; median of {repeats} runs on fresh files; latency is "
        "call to acknowledgement (queue wait + transaction + COMMIT)"
    )
    runs: dict[Scenario, list[WriteRun]] = {sc: [] for sc in scenarios}
    for r in range(repeats):
        for n, sc in enumerate(scenarios):
            runs[sc].append(await run_writers(folder / f"writes{n}_{r}.db", sc))
    rate: dict[Scenario, float] = {}
    p99: dict[Scenario, float] = {}
    for sc in scenarios:
        rate[sc] = statistics.median(x.rate for x in runs[sc])
        p99[sc] = statistics.median(x.p99 for x in runs[sc])
        unit = "batch" if sc.per_call > 1 else "result"
        print(
            f"  {sc.label}: {rate[sc]:,.0f} results/s; per {unit} p50 "
            f"{ms(statistics.median(x.p50 for x in runs[sc]))}, p99 {ms(p99[sc])} "
            f"(runs' p99 {', '.join(f'{x.p99 * 1000:.1f}' for x in runs[sc])} ms); "
            f"{statistics.median(x.mean_batch for x in runs[sc]):.1f} flights/transaction"
        )
    print(
        f"  group commit vs old path, {w} writers: {rate[group] / rate[old_w]:.1f}x results/s, "
        f"p99 {p99[group] / p99[old_w]:.2f}x"
    )
    print(
        f"  background vs in-commit checkpoints: batches p99 {p99[batch] / p99[batch_old]:.2f}x, "
        f"group commit p99 {p99[group] / p99[group_sqlite]:.2f}x"
    )


async def create(path: Path) -> None:
    """An empty database with the current schema."""
    store = await Store.open(path)
    await store.close()


def fill(path: Path, flights: int) -> float:
    """Write ``flights`` rows straight into a migrated file; returns the seconds it took."""
    rng = random.Random(2)
    start = time.perf_counter()
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA synchronous = OFF")  # bulk load only; the store itself uses FULL
    conn.execute("BEGIN")
    conn.executemany(
        "INSERT INTO classes (id, name, join_code, created_at) VALUES (?, ?, ?, ?)",
        [(c, f"class {c}", "BENCH1", 0) for c in range(1, CLASSES + 1)],
    )
    conn.executemany(
        "INSERT INTO students (id, class_id, nickname, created_at) VALUES (?, ?, ?, ?)",
        [
            ((c - 1) * STUDENTS_PER_CLASS + s, c, f"s{s:02d}", 0)
            for c in range(1, CLASSES + 1)
            for s in range(1, STUDENTS_PER_CLASS + 1)
        ],
    )
    rounds = [
        (r, 1 + (r // 2) % CLASSES, GAMES[r % 2]) for r in range(1, CLASSES * SCHOOL_DAYS * 2 + 1)
    ]
    conn.executemany(
        "INSERT INTO rounds (id, class_id, game, world, mode, seed, room, params, started_at) "
        "VALUES (?, ?, ?, 'moon', 'solo', 1, 'A', '{}', 0)",
        [(r, c, g) for r, c, g in rounds],
    )
    base = to_epoch_us(YEAR_START)
    breakdown = json.dumps({"base": 100, "fuel_bonus": 50})
    chunk = 100_000
    for first in range(0, flights, chunk):
        rows = []
        for i in range(first, min(flights, first + chunk)):
            rid, class_id, game = rounds[rng.randrange(len(rounds))]
            day = (i // (flights // SCHOOL_DAYS + 1)) % SCHOOL_DAYS
            when = (
                base
                + ((day // 5) * 7 + day % 5) * 86_400_000_000
                + rng.randrange(7 * 3_600_000_000)
            )
            student = (class_id - 1) * STUDENTS_PER_CLASS + rng.randrange(1, 31)
            rows.append(
                (
                    uuid.UUID(int=rng.getrandbits(128)).hex,
                    rid,
                    student,
                    class_id,
                    game,
                    "moon",
                    "landed",
                    "ok",
                    "",
                    rng.randrange(2000),
                    rng.randrange(4),
                    breakdown,
                    40.0,
                    30.0,
                    "{}",
                    when,
                )
            )
        conn.executemany(
            "INSERT INTO flights (result_uid, round_id, student_id, class_id, game, world, "
            "outcome, reason_code, reason, score, stars, breakdown, flight_time_s, fuel_used, "
            "params, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
    # Per-game progress as record_flight would have kept it (best score, earliest on ties).
    conn.execute("""
        INSERT INTO progress (student_id, game, class_id, plays, best_score, best_stars,
                              max_stars, best_flight_id, best_at, last_played_at)
        SELECT student_id, game, class_id, plays, score, stars, max_stars, id, created_at, last
        FROM (SELECT student_id, game, class_id, score, stars, id, created_at,
                     count(*) OVER w AS plays, max(stars) OVER w AS max_stars,
                     max(created_at) OVER w AS last,
                     row_number() OVER (PARTITION BY student_id, game
                                        ORDER BY score DESC, created_at, id) AS pick
              FROM flights WINDOW w AS (PARTITION BY student_id, game))
        WHERE pick = 1""")
    conn.execute("COMMIT")
    conn.execute("ANALYZE")
    conn.close()
    return time.perf_counter() - start


async def bench_queries(path: Path, queries: int) -> None:
    rng = random.Random(3)
    async with await Store.open(path) as store:
        print(f"  integrity_check: {await store.integrity_check()}")
        periods: tuple[Period, ...] = ("week", "day", "all")
        for period in periods:
            times: list[float] = []
            sizes: list[int] = []
            for _ in range(queries):
                class_id = rng.randrange(1, CLASSES + 1)
                day = rng.randrange(SCHOOL_DAYS)
                now = YEAR_START + timedelta(days=(day // 5) * 7 + day % 5, hours=5)
                t = time.perf_counter()
                rows = await store.leaderboard(class_id, "lander", period, now=now, tz=UTC)
                times.append(time.perf_counter() - t)
                sizes.append(len(rows))
            print(
                f"  top-10 per class, {period:<4}: p50 {ms(pct(times, 50))}, "
                f"p99 {ms(pct(times, 99))}, max {ms(max(times))} "
                f"({queries} queries, {statistics.mean(sizes):.1f} rows each)"
            )
        around = []
        for _ in range(queries):
            class_id = rng.randrange(1, CLASSES + 1)
            student = (class_id - 1) * STUDENTS_PER_CLASS + rng.randrange(1, 31)
            t = time.perf_counter()
            await store.leaderboard_around(
                class_id, "lander", "week", student, now=YEAR_START + timedelta(weeks=20), tz=UTC
            )
            around.append(time.perf_counter() - t)
        print(f"  around me, week: p50 {ms(pct(around, 50))}, p99 {ms(pct(around, 99))}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--writes", type=int, default=20_000, help="results to write")
    parser.add_argument("--writers", type=int, default=32, help="concurrent writer tasks")
    parser.add_argument("--repeats", type=int, default=3, help="runs per write scenario")
    parser.add_argument("--flights", type=int, default=1_000_000, help="stored flights")
    parser.add_argument("--queries", type=int, default=300, help="queries per period")
    parser.add_argument("--dir", type=Path, default=None, help="folder for the files (temp)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        folder = Path(tmp)
        print(
            f"SQLite {sqlite3.sqlite_version}, Python {sys.version.split()[0]}, "
            f"{os.cpu_count()} CPUs, files in {folder}"
        )
        asyncio.run(bench_writes(folder, args.writes, args.writers, args.repeats))
        path = folder / "year.db"
        asyncio.run(create(path))
        seconds = fill(path, args.flights)
        size_mb = path.stat().st_size / 1e6
        print(
            f"leaderboards on {args.flights:,} stored flights ({CLASSES} classes x "
            f"{STUDENTS_PER_CLASS} students, {SCHOOL_DAYS} school days, 2 games; "
            f"loaded in {seconds:.1f} s, {size_mb:.0f} MB)"
        )
        asyncio.run(bench_queries(path, args.queries))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
