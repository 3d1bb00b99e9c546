"""Group commit of results: results recorded at the same time share one write transaction.

A caller hands over a *job* (one result, or a batch that must be stored all or none) and
waits for it. :class:`app.common.group_commit.GroupCommit` groups the jobs waiting (up to
``max_batch`` flights); this module stores a group between one ``BEGIN IMMEDIATE`` and one
``COMMIT`` and only then answers each caller: an acknowledged result is on disk, and one WAL
sync serves the whole group. Nothing waits to fill a batch: a lone result is written at once
and a burst (a room of landers finishing together) in a few transactions instead of one each.

A job that cannot be stored fails alone. Jobs naming an unknown round or student are left
out of the transaction. When SQLite refuses the whole group for a reason that may belong to
one row (a constraint, a full disk, a value too big), the group is rolled back and every job
is retried in a transaction of its own, so only the jobs that fail on their own fail. Errors
that no row causes (the file is locked, damaged, closed) fail every job of the group at once.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from app.common.group_commit import GroupCommit as Grouper
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
MAX_PENDING_JOBS = 4096  # callers beyond this wait for room (back-pressure)

# SQLite errors that one row of a batch can cause on its own: worth retrying job by job.
_ROW_ERRORS = ("SQLITE_CONSTRAINT", "SQLITE_FULL", "SQLITE_TOOBIG", "SQLITE_MISMATCH")
_Job = list[Prepared]


@dataclass(frozen=True)
class WriteStats:
    """What the writer did since the store was opened (for diagnostics and benchmarks)."""

    transactions: int  # committed transactions that stored flights
    flights: int  # flights committed
    isolated: int  # batches rolled back and retried one job per transaction

    @property
    def mean_batch(self) -> float:
        return self.flights / self.transactions if self.transactions else 0.0


def check_max_batch(max_batch: object) -> int:
    if (
        isinstance(max_batch, bool)
        or not isinstance(max_batch, int)
        or not 1 <= max_batch <= MAX_BATCH_LIMIT
    ):
        raise ValueError(f"max_batch must be within 1..{MAX_BATCH_LIMIT}, got {max_batch!r}")
    return max_batch


def _row_specific(exc: Exception) -> bool:
    if not isinstance(exc, StorageError):
        return False  # a bug fails its callers, it is not retried
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
        self._grouper: Grouper[_Job, list[StoredFlight]] = Grouper(
            self._transaction,
            max_batch=check_max_batch(max_batch),
            size=len,
            retry_alone=_row_specific,
            max_pending=MAX_PENDING_JOBS,
            closed_error=self._closed_error,
        )
        self._transactions = 0
        self._flights = 0

    @property
    def path(self) -> Path:
        return self._db.path

    def stats(self) -> WriteStats:
        return WriteStats(self._transactions, self._flights, self._grouper.isolated)

    def _closed_error(self) -> StorageError:
        return StorageError(self._action, self.path, "the database is closed")

    async def submit(self, prepared: Sequence[Prepared]) -> list[StoredFlight]:
        """Store ``prepared`` all or none with whatever else is waiting; returns after COMMIT.

        Raises :class:`UnknownRecordError` / :class:`InvalidRecordError` naming the record
        that cannot be stored, or the :class:`StorageError` of its transaction.
        """
        if self._grouper.closing or self._db.closed:
            raise self._closed_error()
        if not prepared:
            return []
        return await self._grouper.submit(list(prepared))

    async def close(self) -> None:
        """Store every job already handed over; later submits fail."""
        await self._grouper.close()

    async def _transaction(self, jobs: list[_Job]) -> list[list[StoredFlight] | Exception]:
        """Store ``jobs`` in one transaction; the outcome of each, known only once committed."""
        outcomes: list[list[StoredFlight] | Exception] = []
        async with self._db.transaction(self._action, write=True) as conn:
            known = await flights.owners(conn, [p for job in jobs for p in job])
            accepted: list[int] = []
            for index, job in enumerate(jobs):
                problem = next((e for e in map(known.problem, (p.record for p in job)) if e), None)
                outcomes.append([] if problem is None else self._refusal(problem))
                if problem is None:
                    accepted.append(index)
            stored = await flights.insert_flights(
                conn, [p for index in accepted for p in jobs[index]], known
            )
        # COMMIT has returned: from here on the accepted flights are on disk.
        start = 0
        for index in accepted:
            end = start + len(jobs[index])
            outcomes[index] = stored[start:end]
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
