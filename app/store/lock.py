"""One host per data folder: ``moonbase.lock`` in the folder, locked while a host runs.

A second host on the same folder would close the first one's live round as 'interrupted'
(its crash recovery) and write into the same lesson. The lock is an OS file lock
(``fcntl.flock``; ``msvcrt.locking`` on Windows), so it dies with its process, even after
``kill -9``: a stale lock file never keeps the next host out. The file says which process
holds it, so the refusal can name it.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from pathlib import Path
from typing import IO

from app.store.errors import StorageError

LOCK_NAME = "moonbase.lock"
LOCK = "cannot use the data folder"


class DataFolderBusyError(StorageError):
    """Another process holds the data folder; ``holder`` is what its lock file says."""

    def __init__(self, folder: Path, holder: str) -> None:
        super().__init__(
            LOCK,
            folder,
            f"it is in use by {holder}; stop that host first, or use another --data folder",
        )
        self.holder = holder


def _try_lock(handle: IO[str]) -> bool:
    if sys.platform == "win32":  # pragma: no cover - the CI runs on Linux
        import msvcrt

        try:
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


class DataLock:
    """The lock on one data folder; :meth:`acquire` or raise, :meth:`release` when done."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder).expanduser().absolute()
        self.path = self.folder / LOCK_NAME
        self._handle: IO[str] | None = None

    @classmethod
    def acquire(cls, folder: Path, program: str) -> DataLock:
        """Lock ``folder`` for ``program`` (e.g. "moonbase serve"); raises
        :class:`DataFolderBusyError` naming the holder when another process has it."""
        lock = cls(folder)
        try:
            lock.folder.mkdir(parents=True, exist_ok=True)
            handle = open(lock.path, "a+", encoding="utf-8")  # noqa: SIM115 - held open
        except OSError as exc:
            raise StorageError(LOCK, lock.folder, f"cannot create {LOCK_NAME}: {exc}") from None
        if not _try_lock(handle):
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            handle.close()
            raise DataFolderBusyError(lock.folder, holder)
        handle.seek(0)
        handle.truncate()
        started = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime())
        handle.write(f"process {os.getpid()} ({program}, since {started})\n")
        handle.flush()
        lock._handle = handle
        return lock

    @property
    def held(self) -> bool:
        return self._handle is not None

    def release(self) -> None:
        """Unlock (closing the file unlocks it). Safe to call twice."""
        handle, self._handle = self._handle, None
        if handle is not None:
            with contextlib.suppress(OSError):
                handle.seek(0)
                handle.truncate()
            handle.close()
