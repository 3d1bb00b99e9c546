"""A real uvicorn server on 127.0.0.1 for tests that need sockets (started and stopped)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import replace

import uvicorn

from app.cloud.server import create_app, uvicorn_config
from app.cloud.settings import CloudSettings
from app.common.timeutil import Clock, utc_now

START_DEADLINE_S = 15.0


@asynccontextmanager
async def live_server(
    settings: CloudSettings, port: int = 0, clock: Clock = utc_now
) -> AsyncIterator[str]:
    """Serve the app until the block ends; yields its base URL."""
    config = uvicorn_config(
        create_app(settings, clock=clock), replace(settings, log_level="warning"), port=port
    )  # configured as `moonbase cloud` runs it
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    deadline = time.monotonic() + START_DEADLINE_S
    while not server.started:
        if task.done() or time.monotonic() > deadline:
            server.should_exit = True
            await asyncio.wait_for(task, START_DEADLINE_S)
            raise RuntimeError(f"uvicorn did not start on 127.0.0.1:{port}")
        await asyncio.sleep(0.01)
    bound = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{bound}"
    finally:
        server.should_exit = True
        await asyncio.wait_for(task, START_DEADLINE_S)
