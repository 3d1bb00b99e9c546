"""Copying the write-ahead log back into the database file without stalling commits.

SQLite's automatic checkpoint runs inside the COMMIT that crosses ``wal_autocheckpoint``
pages: that one commit, and every caller waiting on it, pays for copying up to a thousand
pages and syncing the database file. The store turns it off and runs checkpoints here
instead, on a second connection (its own thread), at most every ``MIN_INTERVAL_S`` while
writes happen:

- ``PASSIVE`` first: copies every frame committed so far while commits go on.
- When the log has grown past ``restart_frames``, a ``RESTART`` under the store's lock (no
  transaction of ours is open): only the frames committed since the passive pass are left to
  copy, so the pause is short, and the next commit writes the log from its start again
  instead of growing it while results keep coming.

Checkpoints move data that is already durable in the log, so a failed one loses nothing: it
is logged and tried again after the next write.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sqlite3

import aiosqlite

log = logging.getLogger(__name__)

DEFAULT_RESTART_FRAMES = 16384  # 64 MiB of 4 KiB pages: a restart pause per ~100 batches
MIN_INTERVAL_S = 0.5  # at most this often: each pass copies what many commits wrote


class Checkpointer:
    """Runs checkpoints on ``conn`` (a connection of its own, ``busy_timeout`` 0) after
    :meth:`wrote` calls; ``lock`` is the store's connection lock, held for a RESTART."""

    def __init__(
        self,
        conn: aiosqlite.Connection,
        lock: asyncio.Lock,
        *,
        restart_frames: int = DEFAULT_RESTART_FRAMES,
    ) -> None:
        if isinstance(restart_frames, bool) or not isinstance(restart_frames, int):
            raise ValueError(f"restart_frames must be an integer, got {restart_frames!r}")
        if restart_frames < 1:
            raise ValueError(f"restart_frames must be >= 1, got {restart_frames}")
        self._conn = conn
        self._lock = lock
        self._restart_frames = restart_frames
        self._dirty = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self.passes = 0  # checkpoints run (for tests and diagnostics)
        self.restarts = 0

    def wrote(self) -> None:
        """A write transaction committed: schedule a checkpoint."""
        self._dirty.set()
        if self._task is None:
            self._task = asyncio.create_task(self._run(), name="moonbase-store-checkpoint")

    async def _run(self) -> None:
        while True:
            await self._dirty.wait()
            self._dirty.clear()
            try:
                await self.checkpoint()
            except sqlite3.Error as exc:  # nothing is lost: the frames stay in the log
                log.warning("WAL checkpoint failed (will retry after the next write): %s", exc)
            await asyncio.sleep(MIN_INTERVAL_S)

    async def checkpoint(self) -> None:
        """One pass: PASSIVE, then RESTART if the log is long."""
        rows = list(await self._conn.execute_fetchall("PRAGMA wal_checkpoint(PASSIVE)"))
        self.passes += 1
        busy, frames, _copied = (int(v) for v in rows[0])
        if not busy and frames >= self._restart_frames:
            async with self._lock:  # none of our transactions is open while it runs
                await self._conn.execute_fetchall("PRAGMA wal_checkpoint(RESTART)")
            self.restarts += 1

    async def close(self) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        with contextlib.suppress(sqlite3.Error):
            await self._conn.close()
