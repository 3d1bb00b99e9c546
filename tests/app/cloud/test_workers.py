"""``moonbase cloud --workers N``: several service processes on one port, sharing
PostgreSQL and Redis; refused, with the reason, where they could not share state."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from redis import Redis

from tests.app.cloud.conftest import (
    PG_HOST,
    PG_PORT,
    REDIS_HOST,
    REDIS_PORT,
    _pg_admin,
    reachable,
    redis_test_db,
    result_item,
)
from tests.app.test_cli import ROOT, assert_one_line_error, moonbase

WORKERS_REDIS_DB = redis_test_db(1)  # the db after the other cloud tests' own
ADMIN = "workers-admin"
START_S = 40.0


def test_workers_without_postgresql_or_redis_are_refused(tmp_path: Path) -> None:
    base = {"DATABASE_URL": "", "REDIS_URL": ""}
    proc = moonbase("cloud", "--workers", "2", "--data", str(tmp_path), env=base)
    assert_one_line_error(proc, "needs DATABASE_URL to be PostgreSQL")
    proc = moonbase(
        "cloud", "--workers", "2", "--data", str(tmp_path),
        env={**base, "DATABASE_URL": f"postgresql://postgres@{PG_HOST}:{PG_PORT}/test"},
    )  # fmt: skip
    assert_one_line_error(proc, "needs REDIS_URL")
    proc = moonbase("cloud", "--workers", "0", "--data", str(tmp_path), env=base)
    assert_one_line_error(proc, "workers must be within 1..64")
    assert not list(tmp_path.iterdir())  # nothing written


@pytest.fixture
def fresh_pg() -> Iterator[str]:
    if not reachable(PG_HOST, PG_PORT) or not reachable(REDIS_HOST, REDIS_PORT):
        pytest.skip("needs PostgreSQL on 127.0.0.1:5432 and Redis on 127.0.0.1:6379")
    name = f"moonbase_workers_{uuid.uuid4().hex[:10]}"
    asyncio.run(_pg_admin(f'CREATE DATABASE "{name}"'))
    Redis(host=REDIS_HOST, port=REDIS_PORT, db=WORKERS_REDIS_DB).flushdb()
    yield f"postgresql://postgres@{PG_HOST}:{PG_PORT}/{name}"
    Redis(host=REDIS_HOST, port=REDIS_PORT, db=WORKERS_REDIS_DB).flushdb()
    asyncio.run(_pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


async def _use(base: str) -> tuple[dict[str, int], str]:
    async with httpx.AsyncClient(base_url=base, timeout=10.0) as http:
        made = await http.post(
            "/v1/admin/tenants",
            json={"tenant_id": "school_w", "name": "Two workers school"},
            headers={"X-Admin-Token": ADMIN},
        )
        assert made.status_code == 201, made.text
        key = made.json()["api_key"]
        batches = [[result_item(student=f"s{b}-{i}", score=100 + i) for i in range(20)]
                   for b in range(20)]  # fmt: skip
        # 8 connections at once (each its own client: uvicorn's workers take connections)
        clients = [httpx.AsyncClient(base_url=base, timeout=10.0) for _ in range(8)]
        try:
            answers = await asyncio.gather(
                *(
                    clients[i % 8].post(
                        "/v1/sync/results",
                        json={"items": items},
                        headers={"Authorization": f"Bearer {key}"},
                    )
                    for i, items in enumerate(batches + batches[:5])  # 5 batches sent twice
                )
            )
        finally:
            for client in clients:
                await client.aclose()
        statuses = [a.status_code for a in answers]
        assert set(statuses) == {200}, statuses
        counts: dict[str, int] = {}
        for answer in answers:
            for item in answer.json()["items"]:
                counts[item["status"]] = counts.get(item["status"], 0) + 1
        metrics = (await http.get("/metrics")).text
    return counts, metrics


def test_two_workers_share_one_database_and_sum_their_metrics(
    fresh_pg: str, tmp_path: Path
) -> None:
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": fresh_pg,
        "REDIS_URL": f"redis://{REDIS_HOST}:{REDIS_PORT}/{WORKERS_REDIS_DB}",
        "MOONBASE_CLOUD_ADMIN_TOKEN": ADMIN,
        "MOONBASE_CLOUD_LOG_LEVEL": "warning",
    }
    env.pop("MOONBASE_CONFIG", None)
    workers: list[int] = []
    proc = subprocess.Popen(
        [sys.executable, "-m", "app.cli", "cloud", "--port", str(port), "--workers", "2",
         "--data", str(tmp_path)],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_S
        while True:
            assert proc.poll() is None, proc.stdout.read() if proc.stdout else ""
            try:
                if httpx.get(f"{base}/readyz", timeout=1.0).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline, "the workers did not start"
            time.sleep(0.2)
        workers = _children(proc.pid)
        assert len([p for p in workers if "spawn_main" in Path(f"/proc/{p}/cmdline").read_text()
                    ]) == 2  # fmt: skip
        counts, metrics = asyncio.run(_use(base))
    finally:
        proc.send_signal(signal.SIGTERM)
        out, _ = proc.communicate(timeout=30)
    assert proc.returncode == 0, out
    # every result once, whichever worker took it; the repeats answered as duplicates
    assert counts == {"accepted": 20 * 20, "duplicate": 5 * 20}
    # /metrics, answered by one worker, counts what both did
    line = next(
        row for row in metrics.splitlines()
        if row.startswith("moonbase_cloud_requests_total") and 'route="/v1/sync/results"' in row
    )  # fmt: skip
    assert float(line.rsplit(" ", 1)[1]) == 25.0
    # SIGTERM stops the workers (and multiprocessing's helper) with the parent
    deadline = time.monotonic() + 10.0
    while [pid for pid in workers if Path(f"/proc/{pid}").exists()]:
        assert time.monotonic() < deadline, [
            Path(f"/proc/{p}/cmdline").read_text() for p in workers
        ]
        time.sleep(0.1)
