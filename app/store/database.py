"""One aiosqlite connection, its pragmas, and transactions that turn SQLite errors into
:class:`~app.store.errors.StorageError`.

Every use of the connection goes through :meth:`Database.transaction`, which holds an
``asyncio.Lock``: statements of two coroutines never interleave inside one transaction, and a
reader never sees another coroutine's uncommitted writes.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import sqlite3
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import aiosqlite

from app.store.backup import BACKUP, backup_error, finish_part, open_part
from app.store.checkpoint import DEFAULT_RESTART_FRAMES, Checkpointer
from app.store.errors import StorageError, translate
from app.store.schema import OPEN, Migration, migrate, rollback_quietly

DEFAULT_BUSY_TIMEOUT_S = 5.0
PAGE_SIZE = 4096
CACHE_KIB = 8 * 1024  # page cache cap: the hot indexes fit; a host's RSS stays flat (issue 17)
JOURNAL_SIZE_LIMIT = 64 * 1024 * 1024  # the WAL file is cut back to this after a restart


def _prepare_directory(path: Path) -> None:
    """Create the database's directory if needed; refuse early with a clear reason."""
    parent = path.parent
    if path.exists() and path.is_dir():
        raise StorageError(OPEN, path, "it is a directory, not a file")
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise StorageError(OPEN, path, f"{parent} is a file, not a directory") from None
    except NotADirectoryError:
        raise StorageError(OPEN, path, f"a part of {parent} is a file, not a directory") from None
    except PermissionError:
        raise StorageError(
            OPEN, path, f"cannot create directory {parent}: permission denied"
        ) from None
    except OSError as exc:
        raise StorageError(
            OPEN, path, f"cannot create directory {parent}: {exc.strerror}"
        ) from None
    if not os.access(parent, os.W_OK | os.X_OK):
        raise StorageError(OPEN, path, "directory is not writable")
    if path.exists() and not os.access(path, os.R_OK | os.W_OK):
        raise StorageError(OPEN, path, "the file is not readable and writable by this user")


class Database:
    """The open database file; use :meth:`connect`, then :meth:`transaction`."""

    def __init__(
        self,
        conn: aiosqlite.Connection,
        path: Path,
        checkpoint_conn: aiosqlite.Connection | None,
        *,
        restart_frames: int = DEFAULT_RESTART_FRAMES,
    ) -> None:
        self.path = path
        self._conn: aiosqlite.Connection | None = conn
        self._lock = asyncio.Lock()
        self.checkpointer: Checkpointer | None = None
        if checkpoint_conn is not None:
            self.checkpointer = Checkpointer(
                checkpoint_conn, self._lock, restart_frames=restart_frames
            )

    @classmethod
    async def connect(
        cls,
        path: Path,
        *,
        busy_timeout_s: float = DEFAULT_BUSY_TIMEOUT_S,
        max_size_bytes: int | None = None,
        migrations: list[Migration] | None = None,
        restart_frames: int = DEFAULT_RESTART_FRAMES,
        background_checkpoint: bool = True,
    ) -> Database:
        """Open, configure and migrate the file. ``background_checkpoint`` False leaves
        checkpoints to SQLite (inside the COMMIT that crosses 1000 WAL pages), for
        comparison in benchmarks; ``restart_frames`` is when the Checkpointer restarts the
        WAL."""
        if not busy_timeout_s >= 0:
            raise ValueError(f"busy_timeout_s must be >= 0, got {busy_timeout_s}")
        if isinstance(restart_frames, bool) or not isinstance(restart_frames, int):
            raise ValueError(f"restart_frames must be an integer, got {restart_frames!r}")
        if restart_frames < 1:
            raise ValueError(f"restart_frames must be >= 1, got {restart_frames}")
        path = Path(path).expanduser().absolute()
        _prepare_directory(path)
        try:
            conn = await aiosqlite.connect(path, timeout=busy_timeout_s, isolation_level=None)
        except sqlite3.Error as exc:
            raise translate(OPEN, path, exc) from exc
        checkpoint_conn: aiosqlite.Connection | None = None
        try:
            await cls._configure(conn, path, busy_timeout_s, max_size_bytes)
            await migrate(conn, path, migrations)
            if background_checkpoint:
                # No checkpoint inside a COMMIT: the Checkpointer runs them on its own connection.
                await conn.execute("PRAGMA wal_autocheckpoint = 0")
                checkpoint_conn = await aiosqlite.connect(path, timeout=0, isolation_level=None)
                # The connection that checkpoints decides how they sync: FULL, like the writer.
                await checkpoint_conn.execute("PRAGMA synchronous = FULL")
                await checkpoint_conn.execute("PRAGMA busy_timeout = 0")  # never wait
        except BaseException as exc:
            for c in (checkpoint_conn, conn):
                if c is not None:
                    with contextlib.suppress(sqlite3.Error):
                        await c.close()
            if isinstance(exc, sqlite3.Error):
                raise translate(OPEN, path, exc) from exc
            raise
        return cls(conn, path, checkpoint_conn, restart_frames=restart_frames)

    @staticmethod
    async def _configure(
        conn: aiosqlite.Connection, path: Path, busy_timeout_s: float, max_size_bytes: int | None
    ) -> None:
        # Reading the header first: a text file fails here with SQLITE_NOTADB.
        await conn.execute_fetchall("SELECT count(*) FROM sqlite_schema")
        rows = list(await conn.execute_fetchall("PRAGMA journal_mode = WAL"))
        if str(rows[0][0]).lower() != "wal":
            raise StorageError(OPEN, path, f"cannot switch to WAL journal mode (got {rows[0][0]})")
        # FULL: a commit the store acknowledged survives a power cut, not only a crash (with
        # NORMAL the last commits before a power cut may roll back). Group commit pays the
        # WAL sync once per batch, so FULL stays affordable.
        await conn.execute("PRAGMA synchronous = FULL")
        await conn.execute(f"PRAGMA journal_size_limit = {JOURNAL_SIZE_LIMIT}")
        await conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
        await conn.execute("PRAGMA foreign_keys = ON")
        await conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout_s * 1000)}")
        if max_size_bytes is not None:
            if max_size_bytes < 16 * PAGE_SIZE:
                raise ValueError(
                    f"max_size_bytes must be at least {16 * PAGE_SIZE}, got {max_size_bytes}"
                )
            await conn.execute(f"PRAGMA max_page_count = {int(max_size_bytes) // PAGE_SIZE}")

    @property
    def closed(self) -> bool:
        return self._conn is None

    @asynccontextmanager
    async def transaction(self, action: str, *, write: bool) -> AsyncIterator[aiosqlite.Connection]:
        """A transaction under the lock: ``BEGIN IMMEDIATE`` to write, ``BEGIN`` to read.

        Commits when the block ends normally; rolls back on any exception. SQLite errors come
        out as :class:`StorageError` whose message starts with ``action``.
        """
        async with self._lock:
            conn = self._conn
            if conn is None:
                raise StorageError(action, self.path, "the database is closed")
            try:
                await conn.execute("BEGIN IMMEDIATE" if write else "BEGIN")
                yield conn
                await conn.execute("COMMIT")
                if write and self.checkpointer is not None:
                    self.checkpointer.wrote()
            except sqlite3.Error as exc:
                await rollback_quietly(conn)
                raise translate(action, self.path, exc) from exc
            except BaseException:
                await rollback_quietly(conn)
                raise

    async def backup(self, target: Path) -> None:
        """A consistent copy of the database in ``target`` (SQLite's online backup API),
        taken between transactions."""
        async with self._lock:
            conn = self._conn
            if conn is None:
                raise StorageError(BACKUP, self.path, "the database is closed")
            part, dest = open_part(target)
            try:
                await conn.backup(dest)
            except BaseException as exc:
                dest.close()
                with contextlib.suppress(OSError):
                    part.unlink()
                if isinstance(exc, sqlite3.Error):
                    raise translate(BACKUP, self.path, exc) from exc
                raise
        try:
            await asyncio.to_thread(finish_part, part, dest, target)
        except (OSError, sqlite3.Error) as exc:
            raise backup_error(self.path, exc) from exc

    async def close(self) -> None:
        if self.checkpointer is not None:  # first: the last connection closed checkpoints all
            await self.checkpointer.close()
        async with self._lock:
            conn, self._conn = self._conn, None
            if conn is None:
                return
            try:
                with contextlib.suppress(sqlite3.Error):
                    await conn.execute("PRAGMA optimize")
                await conn.close()
            except sqlite3.Error as exc:
                raise translate("cannot close database", self.path, exc) from exc
