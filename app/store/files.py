"""Where a host's results live: ``moonbase.db`` in the data folder, opened as a user-facing
error when it cannot be (every program that hosts or reads results opens it this way).

A host opens it with :func:`open_host_store`: the folder is locked first (one host per
folder, :mod:`app.store.lock`), the file is checked (``PRAGMA quick_check``, refused with
the way out when damaged, :mod:`app.store.backup`), and what a killed host left open is
closed. Programs that only read (``export``, ``sync``) use :func:`open_store` and never
create a database that is not there (:func:`open_existing_store`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from app.errors import HostError
from app.store.backup import check_database
from app.store.errors import StorageError
from app.store.lock import DataLock
from app.store.store import Store

DB_NAME = "moonbase.db"


async def open_store(data_dir: Path) -> Store:
    """Open (or create) the results database in ``data_dir``, as a :class:`HostError` (one
    line a person can act on) if not."""
    try:
        return await Store.open(data_dir / DB_NAME)
    except StorageError as exc:
        raise HostError(str(exc)) from None


async def open_existing_store(data_dir: Path) -> Store:
    """Open the results database in ``data_dir`` to read it; :class:`HostError` when the
    folder has none (nothing is created: a mistyped ``--data`` leaves no empty database)."""
    path = data_dir / DB_NAME
    if not path.is_file():
        where = "does not exist" if not data_dir.exists() else f"has no {DB_NAME}"
        raise HostError(f"no results in {data_dir}: the folder {where}; check --data")
    return await open_store(data_dir)


@dataclass(frozen=True)
class Recovered:
    """What a killed host had left open, closed at this start."""

    rounds: int
    lessons: int


async def open_host_store(data_dir: Path, program: str) -> tuple[Store, Recovered]:
    """The database of a host: the data folder locked for ``program`` (released when the
    store closes), the file checked, a killed host's open rounds and lessons closed.
    Raises :class:`HostError` naming the process that holds the folder, or the damage and
    the way out."""
    try:
        lock = DataLock.acquire(data_dir, program)
    except StorageError as exc:
        raise HostError(str(exc)) from None
    try:
        await check_database(data_dir / DB_NAME)
        store = await Store.open(data_dir / DB_NAME)
    except StorageError as exc:
        lock.release()
        raise HostError(str(exc)) from None
    except BaseException:
        lock.release()
        raise
    store.close_with(lock.release)
    try:
        rounds, lessons = await store.recover_after_crash()
    except StorageError as exc:
        await store.close()
        raise HostError(str(exc)) from None
    return store, Recovered(rounds, lessons)
