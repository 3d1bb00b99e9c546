"""Cloud benchmarks, printed: results ingested per second through HTTP (SQLite, PostgreSQL),
and leaderboard top-100 p99 with many scores (Redis vs SQL).

    .venv/bin/python bench/cloud.py [--batches 300] [--concurrency 16] [--repeats 5]
        [--only-ingest] [--stores sqlite,redis,pg] [--workers 1] [--profile PATH]
        [--scores 1000000]

PostgreSQL (127.0.0.1:5432, database ``test``) and Redis (db 7) are used when reachable; a
temporary database is created and dropped. Each ingest run prints the CPU per result of
every part, read from /proc: the service process(es), the PostgreSQL backends of the bench
database and the server's own processes, Redis, the load client; and the ceiling that
total allows on this machine's cores.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import json
import multiprocessing
import os
import random
import signal
import socket
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, replace
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
REDIS_INGEST_DB = 9


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


def _request(body: bytes, api_key: str) -> bytes:
    head = (
        f"POST /v1/sync/results HTTP/1.1\r\nHost: 127.0.0.1\r\nX-API-Key: {api_key}\r\n"
        f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
    )
    return head.encode("ascii") + body


async def _exchange(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter, request: bytes
) -> tuple[int, bytes]:
    """One keep-alive HTTP/1.1 exchange; the server answers with a Content-Length."""
    writer.write(request)
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head[9:12])
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value)
    return status, await reader.readexactly(length)


_TICK = os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True)
class Cpu:
    """CPU seconds so far, by part (Linux /proc). Processes that end between two samples
    are counted through their parent's cutime/cstime once reaped (uvicorn workers by the
    service, PostgreSQL backends by the postmaster)."""

    service: float  # the service process and its descendants (uvicorn workers)
    backends: float  # PostgreSQL backends serving the bench database
    pg_server: float  # PostgreSQL's own processes (WAL writer, checkpointer, autovacuum...)
    redis: float
    client: float  # the load client (this process)

    @property
    def postgres(self) -> float:
        return self.backends + self.pg_server

    def __sub__(self, other: Cpu) -> Cpu:
        return Cpu(*(a - b for a, b in zip(dataclasses.astuple(self),
                                            dataclasses.astuple(other), strict=True)))  # fmt: skip


def _sample(service_pids: Sequence[int], database: str | None) -> Cpu:
    procs: dict[int, tuple[str, int, float, float, str]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            raw = Path(f"/proc/{entry}/stat").read_text()
            cmd = Path(f"/proc/{entry}/cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        name = raw[raw.index("(") + 1 : raw.rindex(")")]
        f = raw.rsplit(")", 1)[1].split()
        own = (int(f[11]) + int(f[12])) / _TICK
        reaped = (int(f[13]) + int(f[14])) / _TICK
        procs[int(entry)] = (name, int(f[1]), own, reaped, cmd)
    service = backends = pg_server = redis = 0.0
    for pid, (name, ppid, own, reaped, cmd) in procs.items():
        up_pid, mine = pid, False
        while up_pid > 1 and up_pid in procs:
            if up_pid in service_pids:
                mine = True
                break
            up_pid = procs[up_pid][1]
        if mine:
            service += own + (reaped if pid in service_pids else 0.0)
        elif name == "postgres":
            parent_is_pg = ppid in procs and procs[ppid][0] == "postgres"
            backend = "(" in cmd.split(":", 2)[-1]  # "postgres: 15/main: user db host(port) ..."
            if not parent_is_pg:  # the postmaster: its own time and its reaped children
                pg_server += own + reaped
            elif not backend:
                pg_server += own
            elif database is not None and f" {database} " in cmd:
                backends += own
        elif name == "redis-server":
            redis += own
    return Cpu(service, backends, pg_server, redis, time.process_time())


@dataclass(frozen=True)
class Round:
    accepted: int
    elapsed_s: float
    cpu: Cpu
    machine_cpu_s: float  # every process: service, client, database server, anything else

    @property
    def rate(self) -> float:
        return self.accepted / self.elapsed_s


def _machine_busy_s() -> float:
    """CPU seconds all cores spent busy so far (Linux /proc/stat)."""
    fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle + iowait
    return (sum(fields[:8]) - idle) / _TICK


def _load(
    ports: list[int],
    server_pids: list[int],
    database: str | None,
    spec: tuple[int, int, int],
    results: Queue[list[Round]],
) -> None:
    """The load client in its own process: ``repeats`` rounds of ``batches`` POSTs,
    ``concurrency`` at a time, on raw keep-alive sockets with requests encoded beforehand,
    so the client spends as little CPU as it can (httpx costs ~1 ms of client CPU a request,
    on the same two cores as the service). Connection i goes to service process
    ``i % len(ports)`` (as the kernel spreads connections over uvicorn's workers)."""
    batches, concurrency, repeats = spec
    port = ports[0]

    async def run() -> list[Round]:
        now = datetime.now(UTC) - timedelta(minutes=1)
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=60) as http:
            made = await http.post("/v1/admin/tenants", json={"tenant_id": "bench", "name": "B"},
                                   headers={"X-Admin-Token": ADMIN})  # fmt: skip
            api_key = made.json()["api_key"]
        rounds = []
        for _ in range(repeats):
            queue = [
                _request(json.dumps({"items": [item(now) for _ in range(20)]}).encode(), api_key)
                for _ in range(batches)
            ]

            async def worker(port: int, queue: list[bytes] = queue) -> int:
                reader, writer = await asyncio.open_connection("127.0.0.1", port)
                done = 0
                try:
                    while queue:
                        status, body = await _exchange(reader, writer, queue.pop())
                        if status != 200:
                            print(f"  a batch failed: {status} {body[:200]!r}")
                            continue
                        done += json.loads(body)["accepted"]
                finally:
                    writer.close()
                return done

            cpu, machine = _sample(server_pids, database), _machine_busy_s()
            started = time.perf_counter()
            workers = (worker(ports[i % len(ports)]) for i in range(concurrency))
            accepted = sum(await asyncio.gather(*workers))
            elapsed = time.perf_counter() - started
            rounds.append(Round(accepted, elapsed, _sample(server_pids, database) - cpu,
                                _machine_busy_s() - machine))  # fmt: skip
        return rounds

    results.put(asyncio.run(run()))


def ingest_rounds(
    settings: CloudSettings,
    spec: tuple[int, int, int],
    profile: str | None = None,
    workers: int = 1,
) -> list[Round]:
    """Rounds of results accepted per second: service and load client in separate processes
    (as deployed: each service process has one event loop, one core at most); ``workers``
    service processes on one database, like ``uvicorn --workers``. They start one after
    another (the first one migrates the database)."""
    settings = replace(settings, requests_per_minute=10**9, submissions_per_minute=10**9,
                       admin_token=ADMIN, log_level="WARNING")  # fmt: skip
    ctx = multiprocessing.get_context("spawn")
    queue: Queue[int] = ctx.Queue()
    results: Queue[list[Round]] = ctx.Queue()
    servers = []
    try:
        ports = []
        for n in range(workers):
            mine = profile if n == 0 else None
            servers.append(ctx.Process(target=_serve, args=(settings, queue, mine)))
            servers[-1].start()
            ports.append(queue.get(timeout=60))
        pids = [server.pid for server in servers if server.pid is not None]
        database = None
        if settings.database_url:
            database = settings.database_url.rsplit("/", 1)[1]
        client = ctx.Process(target=_load, args=(ports, pids, database, spec, results))
        client.start()
        rounds = results.get(timeout=600)
        client.join(30)
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.join(30)
    return rounds


def report(label: str, rounds: list[Round], spec: tuple[int, int, int]) -> float:
    batches, concurrency, _ = spec
    rate = statistics.median(r.rate for r in rounds)
    accepted = sum(r.accepted for r in rounds)
    wall = sum(r.elapsed_s for r in rounds)

    def per_result(part: str) -> float:
        return float(sum(getattr(r.cpu, part) for r in rounds) / accepted * 1e6)

    service_us, pg_us, backends_us, redis_us, client_us = (
        per_result(part) for part in ("service", "postgres", "backends", "redis", "client")
    )
    total_us = service_us + pg_us + redis_us + client_us
    busy = sum(r.cpu.service for r in rounds) / wall * 100
    machine_us = sum(r.machine_cpu_s for r in rounds) / accepted * 1e6
    cores = sum(r.machine_cpu_s for r in rounds) / wall
    ncpu = os.cpu_count() or 1
    print(
        f"ingest {label}: {rate:,.0f} results/s median of {len(rounds)} rounds "
        f"(each {batches} batches of 20, {concurrency} connections; "
        f"min {min(r.rate for r in rounds):,.0f}, max {max(r.rate for r in rounds):,.0f})\n"
        f"  CPU per result: service {service_us:.0f} us ({service_us * 20 / 1000:.2f} ms/batch, "
        f"{busy:.0f}% of a core), PostgreSQL {pg_us:.0f} us "
        f"({backends_us:.0f} us backends, {pg_us - backends_us:.0f} us WAL writer etc.), "
        f"Redis {redis_us:.0f} us, "
        f"load client {client_us:.0f} us = {total_us:.0f} us\n"
        f"  the machine: {machine_us:.0f} us/result busy in all ({machine_us - total_us:.0f} us "
        f"other programs), {cores:.2f} of {ncpu} cores busy\n"
        f"  ceiling on {ncpu} cores at {total_us:.0f} us/result: {ncpu * 1e6 / total_us:,.0f}/s "
        f"(20,000/s needs <= {ncpu * 1e6 / 20000:.0f} us/result in all)"
    )
    return rate


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
        boards = RedisLeaderboards(
            redis, sql, cache_s=0, clock=lambda: datetime.now(UTC), database_id="bench"
        )
        t = time.perf_counter()
        await boards.rebuild(engine, force=True)
        print(f"  loaded {count} scores into Redis in {time.perf_counter() - t:.1f} s")
        for label, cache in (("no cache", 0.0), ("30 s cache", 30.0)):
            boards = RedisLeaderboards(redis, sql, cache_s=cache, database_id="bench",
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
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--profile", help="write a pyinstrument profile of the service here")
    parser.add_argument("--only-ingest", action="store_true")
    parser.add_argument(
        "--workers", type=int, default=1, help="service processes (as uvicorn --workers)"
    )
    parser.add_argument(
        "--stores",
        default="sqlite,redis,pg",
        help="which ingest runs, comma-separated: sqlite, redis (SQLite + Redis boards), pg",
    )
    parser.add_argument("--scores", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=300)
    args = parser.parse_args()
    spec = (args.batches, args.concurrency, args.repeats)
    with tempfile.TemporaryDirectory() as tmp:
        base = CloudSettings(data_dir=Path(tmp) / "cloud")
        print(
            f"{os.cpu_count()} CPU cores for service, load client and database together; "
            f"{args.workers} service process(es)"
        )
        stores = set(args.stores.split(","))
        if not stores <= {"sqlite", "redis", "pg"}:
            parser.error(f"--stores takes sqlite, redis and pg, not {args.stores!r}")
        profile = f"{args.profile}.sqlite.txt" if args.profile else None
        if "sqlite" in stores:
            rate = report("SQLite", ingest_rounds(base, spec, profile, args.workers), spec)
            print(f"  goal 5,000/s: {rate / 5000:.2f}x")
        if "redis" in stores and up(6379):
            redis = Redis(host="127.0.0.1", port=6379, db=REDIS_INGEST_DB)
            await redis.flushdb()
            try:
                url = f"redis://127.0.0.1:6379/{REDIS_INGEST_DB}"
                with_redis = replace(base, data_dir=Path(tmp) / "cloud-redis", redis_url=url)
                rounds = ingest_rounds(with_redis, spec, workers=args.workers)
                report("SQLite + Redis leaderboards", rounds, spec)
            finally:
                await redis.flushdb()
                await redis.aclose()
        if "pg" in stores and up(5432):
            name = f"moonbase_bench_{uuid.uuid4().hex[:8]}"
            await pg_admin(f'CREATE DATABASE "{name}"')
            try:
                profile = f"{args.profile}.pg.txt" if args.profile else None
                on_pg = replace(base, database_url=f"{PG}/{name}")
                rounds = ingest_rounds(on_pg, spec, profile, args.workers)
                rate = report("PostgreSQL", rounds, spec)
                print(f"  goal 20,000/s: {rate / 20000:.2f}x")
            finally:
                await pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if args.only_ingest:
            return
        await top_p99(f"sqlite+aiosqlite:///{Path(tmp) / 'scores.db'}", args.scores, args.queries)


if __name__ == "__main__":
    asyncio.run(main())
