"""The sync tests' shared fixtures: anyio on asyncio, and a host's real SQLite store."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from app.store import Store


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[Store]:
    opened = await Store.open(tmp_path / "host" / "moonbase.db")
    try:
        yield opened
    finally:
        await opened.close()
