"""Group commit: results recorded at the same time share one write transaction.

A caller hands over a *job* (one result, or a batch that must be stored all or none) and
waits on its future. One writer task takes every job waiting (up to ``max_batch`` flights),
stores them between one ``BEGIN IMMEDIATE`` and one ``COMMIT`` and only then resolves each
future: an acknowledged result is on disk, and one WAL sync serves the whole batch. Nothing
waits to fill a batch: jobs that arrive while a transaction runs form the next one, so a
lone result is written at once and a burst (a room of landers finishing together) is
written in a few transactions instead of one each.

A job that cannot be stored fails alone. Jobs naming an unknown round or student are left
out of the transaction. When SQLite refuses the whole batch for a reason that may belong to
one row (a constraint, a full disk, a value too big), the batch is rolled back and every job
is retried in a transaction of its own, so only the jobs that fail on their own fail. Errors
that no row causes (the file is locked, damaged, closed) fail every job of the batch at once.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from app.store import flights
from app.store.database import Database
from app.store.errors import (
    DiskFullError,
    InvalidRecordError,
    StorageError,
    UnknownRecordError,
)
from app.store.flights import Prepared
from app.store.records import StoredFlight

DEFAULT_MAX_BATCH = 256
MAX_BATCH_LIMIT = 10_000
MAX_PENDING_JOBS = 4096  # callers beyond this wait for room in the queue (back-pressure)

# SQLite errors that one row of a batch can cause on its own: worth retrying job by job.
_ROW_ERRORS = ("SQLITE_CONSTRAINT", "SQLITE_FULL", "SQLITE_TOOBIG", "SQLITE_MISMATCH")


@dataclass(frozen=True)
class WriteStats:
    """What the writer did since the store was opened (for diagnostics and benchmarks)."""

    transactions: int  # committed transactions that stored flights
    flights: int  # flights committed
    isolated: int  # batches rolled back and retried one job per transaction

    @property
    def mean_batch(self) -> float:
        return self.flights / self.transactions if self.transactions else 0.0


@dataclass(eq=False)
class _Job:
    prepared: list[Prepared]
    future: asyncio.Future[list[StoredFlight]]


def check_max_batch(max_batch: object) -> int:
    if (
        isinstance(max_batch, bool)
        or not isinstance(max_batch, int)
        or not 1 <= max_batch <= MAX_BATCH_LIMIT
    ):
        raise ValueError(f"max_batch must be within 1..{MAX_BATCH_LIMIT}, got {max_batch!r}")
    return max_batch


def _row_specific(exc: StorageError) -> bool:
    if isinstance(exc, DiskFullError):
        return True
    cause = exc.__cause__
    name = getattr(cause, "sqlite_errorname", "") if isinstance(cause, sqlite3.Error) else ""
    return isinstance(name, str) and name.startswith(_ROW_ERRORS)


class GroupCommit:
    """The single writer of flights for one :class:`Database`."""

    def __init__(self, db: Database, action: str, *, max_batch: int = DEFAULT_MAX_BATCH) -> None:
        self._db = db
        self._action = action
        self._max_batch = check_max_batch(max_batch)
        self._queue: asyncio.Queue[_Job | None] = asyncio.Queue(MAX_PENDING_JOBS)
        self._carry: _Job | None = None  # taken but did not fit the last batch
        self._task: asyncio.Task[None] | None = None
        self._closing = False
        self._transactions = 0
        self._flights = 0
        self._isolated = 0

    @property
    def path(self) -> Path:
        return self._db.path

    def stats(self) -> WriteStats:
        return WriteStats(self._transactions, self._flights, self._isolated)

    def _closed_error(self) -> StorageError:
        return StorageError(self._action, self.path, "the database is closed")

    async def submit(self, prepared: Sequence[Prepared]) -> list[StoredFlight]:
        """Store ``prepared`` all or none with whatever else is waiting; returns after COMMIT.

        Raises :class:`UnknownRecordError` / :class:`InvalidRecordError` naming the record
        that cannot be stored, or the :class:`StorageError` of its transaction.
        """
        if self._closing or self._db.closed or (self._task is not None and self._task.done()):
            raise self._closed_error()
        if not prepared:
            return []
        if self._task is None:
            self._task = asyncio.create_task(self._run(), name="moonbase-store-writer")
        job = _Job(list(prepared), asyncio.get_running_loop().create_future())
        await self._queue.put(job)
        return await job.future

    async def close(self) -> None:
        """Store every job already handed over, then stop the writer; later submits fail."""
        self._closing = True
        task = self._task
        if task is None:
            return
        if self._queue.empty():
            self._queue.put_nowait(None)  # wake the idle writer so it sees ``_closing``
        await asyncio.shield(task)

    # -- the writer task -------------------------------------------------------------------
    async def _run(self) -> None:
        try:
            while not (self._closing and self._carry is None and self._queue.empty()):
                jobs = await self._take()
                if jobs:
                    await self._store(jobs)
        finally:
            self._fail_waiting(self._closed_error())

    async def _take(self) -> list[_Job]:
        """The next batch: the first job waiting (waiting for one if need be), then every
        other job already waiting, up to ``max_batch`` flights. Callers who gave up before
        their turn (cancelled) are dropped: nothing of theirs is written."""
        first = self._carry if self._carry is not None else await self._queue.get()
        self._carry = None
        jobs: list[_Job] = []
        count = 0
        job = first
        while True:
            if job is not None and not job.future.done():
                if jobs and count + len(job.prepared) > self._max_batch:
                    self._carry = job
                    break
                jobs.append(job)
                count += len(job.prepared)
            if count >= self._max_batch:
                break
            try:
                job = self._queue.get_nowait()
            except asyncio.QueueEmpty:
                break
        return jobs

    async def _store(self, jobs: list[_Job]) -> None:
        try:
            outcomes = await self._transaction(jobs)
        except StorageError as exc:
            if len(jobs) > 1 and _row_specific(exc):
                self._isolated += 1
                for job in jobs:
                    await self._store_alone(job)
            else:
                for job in jobs:
                    _fail(job, exc)
        except Exception as exc:  # a bug must fail its callers, not stop the writer
            for job in jobs:
                _fail(job, exc)
        except BaseException:
            for job in jobs:
                _fail(job, self._closed_error())
            raise
        else:
            _resolve(outcomes)

    async def _store_alone(self, job: _Job) -> None:
        try:
            outcomes = await self._transaction([job])
        except StorageError as exc:
            _fail(job, exc)
        else:
            _resolve(outcomes)

    async def _transaction(
        self, jobs: list[_Job]
    ) -> list[tuple[_Job, list[StoredFlight] | StorageError]]:
        """Store ``jobs`` in one transaction; the outcome of each, known only once committed."""
        outcomes: list[tuple[_Job, list[StoredFlight] | StorageError]] = []
        async with self._db.transaction(self._action, write=True) as conn:
            known = await flights.owners(conn, [p for job in jobs for p in job.prepared])
            accepted: list[_Job] = []
            for job in jobs:
                problem = next(
                    (e for e in map(known.problem, (p.record for p in job.prepared)) if e), None
                )
                if problem is None:
                    accepted.append(job)
                else:
                    outcomes.append((job, self._refusal(problem)))
            stored = await flights.insert_flights(
                conn, [p for job in accepted for p in job.prepared], known
            )
        # COMMIT has returned: from here on the accepted flights are on disk.
        start = 0
        for job in accepted:
            end = start + len(job.prepared)
            outcomes.append((job, stored[start:end]))
            start = end
        if accepted:
            self._transactions += 1
            self._flights += len(stored)
        return outcomes

    def _refusal(self, problem: LookupError | ValueError) -> StorageError:
        message = str(problem.args[0])
        if isinstance(problem, LookupError):
            return UnknownRecordError(self._action, self.path, message)
        return InvalidRecordError(self._action, self.path, message)

    def _fail_waiting(self, exc: StorageError) -> None:
        """When the writer stops: nobody may wait forever on a job it will never take."""
        pending: list[_Job | None] = [self._carry]
        self._carry = None
        while not self._queue.empty():
            pending.append(self._queue.get_nowait())
        for job in pending:
            if job is not None:
                _fail(job, exc)


def _fail(job: _Job, exc: BaseException) -> None:
    if not job.future.done():
        job.future.set_exception(exc)


def _resolve(outcomes: list[tuple[_Job, list[StoredFlight] | StorageError]]) -> None:
    for job, outcome in outcomes:
        if job.future.done():  # the caller was cancelled while its batch was being written
            continue
        if isinstance(outcome, StorageError):
            job.future.set_exception(outcome)
        else:
            job.future.set_result(outcome)
