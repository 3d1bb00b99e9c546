"""Cloud benchmarks, printed: results ingested per second through HTTP (SQLite, PostgreSQL),
and leaderboard top-100 p99 with many scores (Redis vs SQL).

    .venv/bin/python bench/cloud.py [--batches 300] [--scores 1000000]

PostgreSQL (127.0.0.1:5432, database ``test``) and Redis (db 7) are used when reachable; a
temporary database is created and dropped.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import random
import signal
import socket
import statistics
import sys
import tempfile
import time
import uuid
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from multiprocessing.queues import Queue
from pathlib import Path

import httpx
import uvicorn
from redis.asyncio import Redis
from sqlalchemy import insert, text
from sqlalchemy.ext.asyncio import create_async_engine

from app.cloud.board import BoardKey
from app.cloud.board_redis import RedisLeaderboards
from app.cloud.board_sql import SqlLeaderboards
from app.cloud.database import create_engine
from app.cloud.migrations import migrate
from app.cloud.schema import leaderboard_best, tenants
from app.cloud.server import create_app
from app.cloud.settings import CloudSettings

PG = "postgresql+asyncpg://postgres@127.0.0.1:5432"
ADMIN = "bench-admin"


def up(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


async def pg_admin(sql: str) -> None:
    engine = create_async_engine(f"{PG}/test", isolation_level="AUTOCOMMIT")
    async with engine.connect() as conn:
        await conn.execute(text(sql))
    await engine.dispose()


def item(now: datetime) -> dict[str, object]:
    return {
        "result_uid": uuid.uuid4().hex, "game": "lander", "world": "moon",
        "student_id": f"s{random.randrange(5000)}", "nickname": "kid",
        "outcome": "landed", "score": random.randrange(1, 5000), "stars": 2,
        "flight_time_s": 40.0, "created_at": now.isoformat(),
    }  # fmt: skip


def _serve(settings: CloudSettings, ports: Queue[int], profile: str | None) -> None:
    """The service in its own process (as deployed); sends its port, serves until killed."""
    from pyinstrument import Profiler

    async def run() -> None:
        server = uvicorn.Server(uvicorn.Config(create_app(settings), host="127.0.0.1", port=0,
                                               log_level="warning", access_log=False))  # fmt: skip
        task = asyncio.create_task(server.serve())
        while not server.started:
            await asyncio.sleep(0.01)
        ports.put(server.servers[0].sockets[0].getsockname()[1])
        await task

    profiler = Profiler(async_mode="disabled") if profile else None
    if profiler is not None:
        profiler.start()
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        asyncio.run(run())
    finally:
        if profiler is not None:
            profiler.stop()
            Path(profile or "").write_text(profiler.output_text(color=False, unicode=False))


def _load(port: int, batches: int, concurrency: int, results: Queue[tuple[int, float]]) -> None:
    """The load client in its own process: ``batches`` POSTs, ``concurrency`` at a time."""

    async def run() -> tuple[int, float]:
        now = datetime.now(UTC) - timedelta(minutes=1)
        limits = httpx.Limits(max_connections=concurrency)
        base = f"http://127.0.0.1:{port}"
        async with httpx.AsyncClient(base_url=base, timeout=60, limits=limits) as http:
            made = await http.post("/v1/admin/tenants", json={"tenant_id": "bench", "name": "B"},
                                   headers={"X-Admin-Token": ADMIN})  # fmt: skip
            headers = {"X-API-Key": made.json()["api_key"]}
            bodies = [
                json.dumps({"items": [item(now) for _ in range(20)]}).encode()
                for _ in range(batches)
            ]
            queue = list(bodies)
            json_headers = {**headers, "Content-Type": "application/json"}

            async def worker() -> int:
                done = 0
                while queue:
                    body = queue.pop()
                    answer = await http.post("/v1/sync/results", content=body,
                                             headers=json_headers)  # fmt: skip
                    if answer.status_code != 200:
                        print(f"  a batch failed: {answer.status_code} {answer.text[:200]}")
                        continue
                    done += answer.json()["accepted"]
                return done

            started = time.perf_counter()
            accepted = sum(await asyncio.gather(*(worker() for _ in range(concurrency))))
            return accepted, time.perf_counter() - started

    results.put(asyncio.run(run()))


def ingest_rate(
    settings: CloudSettings, batches: int, concurrency: int, profile: str | None = None
) -> float:
    """Results accepted per second: the service and the load client in separate processes."""
    settings = replace(settings, requests_per_minute=10**9, submissions_per_minute=10**9,
                       admin_token=ADMIN, log_level="WARNING")  # fmt: skip
    ctx = multiprocessing.get_context("spawn")
    ports: Queue[int] = ctx.Queue()
    results: Queue[tuple[int, float]] = ctx.Queue()
    server = ctx.Process(target=_serve, args=(settings, ports, profile))
    server.start()
    try:
        port = ports.get(timeout=60)
        client = ctx.Process(target=_load, args=(port, batches, concurrency, results))
        client.start()
        accepted, elapsed = results.get(timeout=600)
        client.join(30)
    finally:
        server.terminate()
        server.join(30)
    return accepted / elapsed


async def fill_scores(url: str, count: int) -> None:
    engine = create_engine(url)
    await migrate(engine)
    async with engine.begin() as conn:
        await conn.execute(insert(tenants).values(id="bench", name="B", plan="free",
                                                  trial_ends_at=None, created_at=0))  # fmt: skip
    rng = random.Random(5)
    chunk = 20_000
    for first in range(0, count, chunk):
        rows = [
            {"tenant_id": "bench", "game": "lander", "period": "all", "period_start": 0,
             "student_id": f"s{i}", "nickname": "kid", "score": rng.randrange(1, 2_000_000),
             "achieved_at": 1_700_000_000_000_000 + i, "result_uid": f"u{i}"}
            for i in range(first, min(count, first + chunk))
        ]  # fmt: skip
        async with engine.begin() as conn:
            await conn.execute(insert(leaderboard_best), rows)
    await engine.dispose()


def p99(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=100)[98] * 1000


async def top_p99(url: str, count: int, queries: int) -> None:
    await fill_scores(url, count)
    engine = create_engine(url)
    key = BoardKey("global", "bench", "lander", "all", 0)
    sql = SqlLeaderboards(engine)
    samples = []
    for _ in range(queries):
        t = time.perf_counter()
        await sql.top(key, 100)
        samples.append(time.perf_counter() - t)
    print(
        f"top-100 SQL ({url.split(':', maxsplit=1)[0]}), {count} scores: p99 {p99(samples):.2f} ms"
    )
    if up(6379):
        redis = Redis(host="127.0.0.1", port=6379, db=7)
        await redis.flushdb()
        boards = RedisLeaderboards(redis, sql, cache_s=0, clock=lambda: datetime.now(UTC))
        t = time.perf_counter()
        await boards.rebuild(engine, force=True)
        print(f"  loaded {count} scores into Redis in {time.perf_counter() - t:.1f} s")
        for label, cache in (("no cache", 0.0), ("30 s cache", 30.0)):
            boards = RedisLeaderboards(redis, sql, cache_s=cache,
                                       clock=lambda: datetime.now(UTC))  # fmt: skip
            samples = []
            for _ in range(queries):
                t = time.perf_counter()
                await boards.top(key, 100)
                samples.append(time.perf_counter() - t)
            print(f"top-100 Redis 8 shards ({label}), {count} scores: p99 {p99(samples):.2f} ms")
        await redis.flushdb()
        await redis.aclose()
    await engine.dispose()


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--batches", type=int, default=300)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--profile", help="write a pyinstrument profile of the service here")
    parser.add_argument("--only-ingest", action="store_true")
    parser.add_argument("--scores", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=300)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        base = CloudSettings(data_dir=Path(tmp) / "cloud")
        profile = f"{args.profile}.sqlite.txt" if args.profile else None
        rate = ingest_rate(base, args.batches, args.concurrency, profile)
        print(f"ingest SQLite: {rate:,.0f} results/s ({args.batches} batches of 20)")
        if up(5432):
            name = f"moonbase_bench_{uuid.uuid4().hex[:8]}"
            await pg_admin(f'CREATE DATABASE "{name}"')
            try:
                profile = f"{args.profile}.pg.txt" if args.profile else None
                rate = ingest_rate(replace(base, database_url=f"{PG}/{name}"),
                                   args.batches, args.concurrency, profile)  # fmt: skip
                print(f"ingest PostgreSQL: {rate:,.0f} results/s ({args.batches} batches of 20)")
            finally:
                await pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if args.only_ingest:
            return
        await top_p99(f"sqlite+aiosqlite:///{Path(tmp) / 'scores.db'}", args.scores, args.queries)


if __name__ == "__main__":
    asyncio.run(main())
