"""No loss, no duplicates when the host is killed with SIGKILL in the middle of a sync.

A separate process syncs a lesson to a real cloud (uvicorn on 127.0.0.1). The cloud holds
the third batch until the process has been SIGKILLed: either before storing it, or after
storing it but before answering. Either way the host never got the answer, so those results
are still pending in its outbox; a new process sends them again (the cloud answers accepted
or duplicate), and every result is there exactly once.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from functools import partial
from pathlib import Path

import anyio
import httpx
import pytest
import uvicorn
from sqlalchemy import func, select
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.cloud.schema import results
from app.cloud.server import create_app
from app.cloud.service import CloudService
from app.cloud.settings import CloudSettings
from app.store import Store
from tests.app.sync.test_outbox import ADMIN, play_lesson

pytestmark = pytest.mark.anyio
ROOT = Path(__file__).resolve().parents[3]
DEADLINE_S = 30.0
HELD_REQUEST = 3


class HoldOneBatch:
    """Lets sync requests through, except the ``nth``, held until ``release`` is set: before
    the service reads it (``where="request"``), or after the service stored it, before the
    answer goes out (``where="response"``)."""

    def __init__(self, app: ASGIApp, nth: int, where: str) -> None:
        self.app = app
        self.nth = nth
        self.where = where
        self.seen = 0
        self.holding = asyncio.Event()
        self.release = asyncio.Event()
        self.finished = asyncio.Event()

    async def _hold(self) -> None:
        self.holding.set()
        await self.release.wait()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] != "/v1/sync/results":
            await self.app(scope, receive, send)
            return
        self.seen += 1
        if self.seen != self.nth:
            await self.app(scope, receive, send)
            return

        async def held_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                await self._hold()
            await send(message)

        try:
            if self.where == "request":
                await self._hold()
                await self.app(scope, receive, send)
            else:
                await self.app(scope, receive, held_send)
        except OSError:
            pass  # the answer has nobody to go to
        finally:
            self.finished.set()


async def poll(condition: asyncio.Event, what: str) -> None:
    with anyio.fail_after(DEADLINE_S):
        await condition.wait()
    assert condition.is_set(), what


def child(db: Path, url: str, key: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.app.sync.sync_child", str(db), url, key],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@asynccontextmanager
async def served(app: ASGIApp) -> AsyncIterator[str]:
    config = uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning", lifespan="on")
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    deadline = time.monotonic() + DEADLINE_S
    while not server.started:
        assert not task.done() and time.monotonic() < deadline, "uvicorn did not start"
        await asyncio.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{server.servers[0].sockets[0].getsockname()[1]}"
    finally:
        server.should_exit = True
        await asyncio.wait_for(task, DEADLINE_S)


@pytest.mark.parametrize(
    ("where", "second_pass"),
    [
        # killed while the batch was on its way: the cloud never stored it
        ("request", "accepted=60 duplicates=0 pending=0 error=None"),
        # killed after the cloud stored the batch, before the answer arrived
        ("response", "accepted=40 duplicates=20 pending=0 error=None"),
    ],
)
async def test_a_host_killed_mid_batch_delivers_every_result_exactly_once(
    tmp_path: Path, where: str, second_pass: str
) -> None:
    db = tmp_path / "host" / "moonbase.db"
    store = await Store.open(db)
    uids = await play_lesson(store, students=10, flights_each=10)  # 100 results: 5 batches
    await store.close()
    settings = CloudSettings(data_dir=tmp_path / "cloud", admin_token=ADMIN)
    app = create_app(settings)
    gate = HoldOneBatch(app, HELD_REQUEST, where)
    async with served(gate) as url:
        async with httpx.AsyncClient(base_url=url, timeout=10) as http:
            made = await http.post(
                "/v1/admin/tenants",
                json={
                    "tenant_id": "school",
                    "name": "School",
                    "scopes": ["sync", "boards", "compliance"],
                },
                headers={"X-Admin-Token": ADMIN},
            )
            key = made.json()["api_key"]

        first = child(db, url, key)
        await poll(gate.holding, "the third batch never arrived")
        first.send_signal(signal.SIGKILL)  # in the middle of the batch, answer not yet sent
        code = await anyio.to_thread.run_sync(partial(first.wait, DEADLINE_S))
        assert code == -signal.SIGKILL
        out, _ = first.communicate()
        assert out.count("pass ") == 0  # killed inside its first pass
        gate.release.set()
        await poll(gate.finished, "the held batch was not processed")

        second = child(db, url, key)
        out, err = await anyio.to_thread.run_sync(partial(second.communicate, timeout=DEADLINE_S))
        assert second.returncode == 0, err
        assert second_pass in out  # 2 batches were acknowledged before the kill

        service: CloudService = app.state.service
        async with service.engine.connect() as conn:
            stored = (
                (
                    await conn.execute(
                        select(results.c.result_uid).where(results.c.tenant_id == "school")
                    )
                )
                .scalars()
                .all()
            )
            total = (await conn.execute(select(func.count()).select_from(results))).scalar()
        assert sorted(stored) == sorted(uids)
        assert total == len(uids) == 100

    store = await Store.open(db)
    try:
        assert (await store.outbox_counts())[0] == 0
    finally:
        await store.close()
