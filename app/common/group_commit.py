"""Group commit, written once: jobs that arrive while a write runs are written together in
the next one, and each caller is answered on its own.

The local store (``app/store/group_commit.py``: results in SQLite) and the cloud
(``app/cloud/ingest.py``: sync batches in SQLite or PostgreSQL) both use it; each gives the
function that writes a group of jobs in ONE transaction and returns, per job, its answer or
the error of that job alone.

- Nothing waits to fill a group: a lone job is written at once; jobs that arrive while a
  group's transaction runs form the next group (up to ``max_batch`` in size).
- ``lanes`` groups may be written at once (PostgreSQL overlaps them; SQLite has one).
- A group whose transaction fails for a reason that may belong to one job
  (``retry_alone(exc)``) is written again job by job, so only the jobs that fail on their
  own fail; any other error fails every job of the group.
- A caller cancelled before its job was taken leaves nothing written; a caller cancelled
  after never cuts the group's transaction short (it runs in a task of its own).
- ``max_pending`` bounds the jobs handed over and not yet answered: callers beyond it wait
  (back-pressure). :meth:`close` writes every job handed over, then refuses new ones.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

J = TypeVar("J")
R = TypeVar("R")


@dataclass(eq=False)
class _Entry(Generic[J, R]):
    job: J
    size: int
    future: asyncio.Future[R]
    taken: bool = False


class GroupCommit(Generic[J, R]):
    def __init__(
        self,
        write: Callable[[list[J]], Awaitable[list[R | Exception]]],
        *,
        lanes: int = 1,
        max_batch: int | None = None,
        size: Callable[[J], int] = lambda job: 1,
        retry_alone: Callable[[Exception], bool] = lambda exc: True,
        max_pending: int | None = None,
        closed_error: Callable[[], Exception] = lambda: RuntimeError("the writer is closed"),
    ) -> None:
        if lanes < 1 or (max_batch is not None and max_batch < 1):
            raise ValueError(f"lanes and max_batch must be at least 1, got {lanes}, {max_batch}")
        self._write = write
        self._lanes = asyncio.Semaphore(lanes)
        self._max_batch = max_batch
        self._size = size
        self._retry_alone = retry_alone
        self._room = asyncio.Semaphore(max_pending) if max_pending else None
        self._closed_error = closed_error
        self._pending: list[_Entry[J, R]] = []
        self._active = 0
        self._idle = asyncio.Event()
        self._idle.set()
        self._closing = False
        self.groups = 0  # group transactions that returned
        self.isolated = 0  # groups written again job by job

    @property
    def closing(self) -> bool:
        return self._closing

    async def submit(self, job: J) -> R:
        """Write ``job`` with whatever else is waiting; returns its answer once its group's
        transaction returned, or raises the error of that job (or of its whole group)."""
        if self._closing:
            raise self._closed_error()
        if self._room is not None:
            await self._room.acquire()
        entry: _Entry[J, R] = _Entry(
            job, self._size(job), asyncio.get_running_loop().create_future()
        )
        self._pending.append(entry)
        self._active += 1
        self._idle.clear()
        try:
            try:
                async with self._lanes:
                    # one turn of the loop: callers started in the same turn (a gather, a
                    # room finishing together) join this group instead of the next
                    await asyncio.sleep(0)
                    while not entry.taken:
                        group = self._take()
                        # its own task: a cancelled caller never cuts a transaction short
                        await asyncio.shield(asyncio.ensure_future(self._run(group)))
            except asyncio.CancelledError:
                if not entry.taken:
                    self._pending.remove(entry)  # given up before its turn: nothing written
                raise
            return await asyncio.shield(entry.future)
        finally:
            self._active -= 1
            if self._active == 0:
                self._idle.set()
            if self._room is not None:
                self._room.release()

    async def close(self) -> None:
        """Write every job already handed over, then refuse new ones."""
        self._closing = True
        await self._idle.wait()

    def _take(self) -> list[_Entry[J, R]]:
        """The next group: the oldest waiting job, then every other one in arrival order
        while the group stays within ``max_batch``."""
        group: list[_Entry[J, R]] = []
        total = 0
        rest: list[_Entry[J, R]] = []
        for entry in self._pending:
            fits = self._max_batch is None or total + entry.size <= self._max_batch
            if not group or (fits and not rest):
                group.append(entry)
                entry.taken = True
                total += entry.size
            else:
                rest.append(entry)
        self._pending = rest
        return group

    async def _run(self, group: list[_Entry[J, R]]) -> None:
        try:
            outcomes = await self._write([e.job for e in group])
        except Exception as exc:
            if len(group) > 1 and self._retry_alone(exc):
                self.isolated += 1
                for entry in group:
                    await self._run_alone(entry)
            else:
                for entry in group:
                    _settle(entry, exc)
            return
        except BaseException:
            for entry in group:
                _settle(entry, self._closed_error())
            raise
        self.groups += 1
        for entry, outcome in zip(group, outcomes, strict=True):
            _settle(entry, outcome)

    async def _run_alone(self, entry: _Entry[J, R]) -> None:
        try:
            (outcome,) = await self._write([entry.job])
        except Exception as exc:
            outcome = exc
        else:
            self.groups += 1
        _settle(entry, outcome)


def _settle(entry: _Entry[J, R], outcome: R | Exception) -> None:
    if entry.future.done():
        return
    if isinstance(outcome, Exception):
        entry.future.set_exception(outcome)
        entry.future.exception()  # retrieved here: a caller that was cancelled never asks
    else:
        entry.future.set_result(outcome)
