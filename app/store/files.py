"""Where a host's results live: ``moonbase.db`` in the data folder, opened as a user-facing
error when it cannot be (every program that hosts or reads results opens it this way)."""

from __future__ import annotations

from pathlib import Path

from app.errors import HostError
from app.store.errors import StorageError
from app.store.store import Store

DB_NAME = "moonbase.db"


async def open_store(data_dir: Path) -> Store:
    """Open (or create) the results database in ``data_dir``, as a :class:`HostError` (one
    line a person can act on) if not."""
    try:
        return await Store.open(data_dir / DB_NAME)
    except StorageError as exc:
        raise HostError(str(exc)) from None
