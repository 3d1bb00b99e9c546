"""Sync batches into the database: validate, deduplicate, store, update best scores.

Idempotency: ``results`` has the primary key ``(tenant_id, result_uid)`` and rows are
inserted with ON CONFLICT DO NOTHING ... RETURNING, so a uid already there (from an earlier
batch, or a concurrent request) is answered "duplicate" and changes nothing, whatever the
interleaving. Everything of one batch commits in one transaction; batches that arrive while
another transaction runs are written together in the next one (group commit, see
:class:`_GroupWriter`), each still answered on its own.
"""

from __future__ import annotations

import asyncio
import logging
import weakref
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from pydantic import ValidationError
from sqlalchemy import Table, and_, or_, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from app.cloud.anticheat import ScorePolicy, rejection_reason
from app.cloud.board import BestScore
from app.cloud.models import ResultItem, SyncItemResult
from app.cloud.periods import ALL_TIME_START, PERIODS, period_start
from app.cloud.schema import leaderboard_best, results
from app.cloud.timeutil import to_us

log = logging.getLogger(__name__)
_Slot = tuple[str, str, str, int, str]  # tenant, game, period, period start, student
_Written = tuple[set[str], list[BestScore]]  # a job's inserted uids and raised best rows


@dataclass(frozen=True)
class IngestOutcome:
    answers: list[SyncItemResult]
    best_rows: list[BestScore]  # the best-score rows this batch may have raised

    def count(self, status: str) -> int:
        return sum(1 for a in self.answers if a.status == status)


def dialect_insert(conn: AsyncConnection, table: Table) -> Any:
    """INSERT with ON CONFLICT support: the same API on both dialects."""
    if conn.dialect.name == "postgresql":
        return postgresql.insert(table)
    return sqlite.insert(table)


def _validation_reason(exc: ValidationError) -> str:
    first = exc.errors()[0]
    where = ".".join(str(p) for p in first["loc"]) or "item"
    return f"invalid {where}: {first['msg']}"


def best_rows_for(tenant_id: str, item: ResultItem) -> list[BestScore]:
    at_us = to_us(item.created_at)
    rows = []
    for period in PERIODS:
        start = period_start(period, item.created_at)
        rows.append(
            BestScore(
                tenant_id,
                item.student_id,
                item.nickname,
                item.score,
                at_us,
                item.game,
                period,
                ALL_TIME_START if start is None else to_us(start),
            )
        )
    return rows


def _better(a: BestScore, b: BestScore) -> bool:
    return (a.score, -a.achieved_at_us) > (b.score, -b.achieved_at_us)


_UPSERT_BEST_SET = ("score", "achieved_at", "nickname", "result_uid")
_STATEMENTS: dict[tuple[str, str], Any] = {}


def _statement(conn: AsyncConnection, which: str) -> Any:
    """The two ingest statements, built once per dialect: building ``excluded`` and
    RETURNING column collections anew cost ~0.4 ms a batch (SQLAlchemy caches the compiled
    SQL either way, keyed by the statement's structure)."""
    key = (conn.dialect.name, which)
    stmt = _STATEMENTS.get(key)
    if stmt is not None:
        return stmt
    if which == "results":
        stmt = (
            dialect_insert(conn, results)
            .on_conflict_do_nothing(index_elements=["tenant_id", "result_uid"])
            .returning(results.c.tenant_id, results.c.result_uid)
        )
    else:
        insert = dialect_insert(conn, leaderboard_best)
        excluded = insert.excluded
        table = leaderboard_best.c
        stmt = insert.on_conflict_do_update(
            index_elements=["tenant_id", "game", "period", "period_start", "student_id"],
            set_={name: excluded[name] for name in _UPSERT_BEST_SET},
            where=or_(
                excluded.score > table.score,
                and_(excluded.score == table.score, excluded.achieved_at < table.achieved_at),
            ),
        ).returning(table.student_id)
    _STATEMENTS[key] = stmt
    return stmt


async def _upsert_best(conn: AsyncConnection, rows: Sequence[tuple[BestScore, str]]) -> None:
    """Raise the best-score rows of a whole batch in one statement.

    Executed with a parameter list and RETURNING, SQLAlchemy's "insertmanyvalues" renders it
    as ONE multi-row ``INSERT ... VALUES (...), (...) ON CONFLICT DO UPDATE`` per batch
    (on SQLite and asyncpg) from a statement compiled once and cached; building the
    multi-row VALUES by hand (``.values(list)``) recompiled it on every request, which was
    most of the ingest time. ``rows`` hold at most one row per board slot (the caller keeps
    the best per slot, with the uid of its result): ON CONFLICT DO UPDATE may touch each row
    once per statement. Rows are sorted by key so concurrent transactions lock rows in the
    same order (no deadlocks).
    """
    upsert = _statement(conn, "best")
    ordered = sorted(rows, key=lambda r: (r[0].tenant_id, r[0].game, r[0].period,
                                          r[0].start_us, r[0].student_id))  # fmt: skip
    await conn.execute(
        upsert,
        [
            {
                "tenant_id": r.tenant_id,
                "game": r.game,
                "period": r.period,
                "period_start": r.start_us,
                "student_id": r.student_id,
                "nickname": r.nickname,
                "score": r.score,
                "achieved_at": r.achieved_at_us,
                "result_uid": uid,
            }
            for r, uid in ordered
        ],
    )


@dataclass
class _Job:
    """One request's valid items (distinct uids), waiting for a group transaction."""

    tenant_id: str
    items: list[ResultItem]
    received_us: int
    done: asyncio.Future[_Written] = field(
        default_factory=lambda: asyncio.get_running_loop().create_future()
    )


def _row(job: _Job, item: ResultItem) -> dict[str, Any]:
    return {
        "tenant_id": job.tenant_id,
        "result_uid": item.result_uid,
        "game": item.game,
        "world": item.world,
        "class_code": item.class_code,
        "student_id": item.student_id,
        "nickname": item.nickname,
        "outcome": item.outcome,
        "score": item.score,
        "stars": item.stars,
        "flight_time_s": item.flight_time_s,
        "created_at": to_us(item.created_at),
        "received_at": job.received_us,
    }


def _best_of(job: _Job, uids: set[str]) -> dict[_Slot, tuple[BestScore, str]]:
    """The best new row per board slot among the job's inserted results."""
    best: dict[_Slot, tuple[BestScore, str]] = {}
    for item in job.items:
        if item.result_uid not in uids or item.score <= 0:
            continue
        for row in best_rows_for(job.tenant_id, item):
            slot = (row.tenant_id, row.game, row.period, row.start_us, row.student_id)
            if slot not in best or _better(row, best[slot][0]):
                best[slot] = (row, item.result_uid)
    return best


async def _write(engine: AsyncEngine, jobs: Sequence[_Job]) -> list[_Written]:
    """Store the jobs' results and raise their best scores in ONE transaction.

    A uid sent by two jobs of the group (same tenant) is written by the first and answered
    "duplicate" to the second, as if the second had come after the first committed.
    """
    rows: list[dict[str, Any]] = []
    claimed: list[set[str]] = []
    seen: set[tuple[str, str]] = set()
    for job in jobs:
        mine = set()
        for item in job.items:
            key = (job.tenant_id, item.result_uid)
            if key not in seen:
                seen.add(key)
                mine.add(item.result_uid)
                rows.append(_row(job, item))
        claimed.append(mine)
    async with engine.begin() as conn:
        # a parameter list + RETURNING: one cached multi-row INSERT ("insertmanyvalues")
        stored = {(t, u) for t, u in (await conn.execute(_statement(conn, "results"), rows))}
        outcomes = []
        merged: dict[_Slot, tuple[BestScore, str]] = {}
        for job, mine in zip(jobs, claimed, strict=True):
            inserted = {uid for uid in mine if (job.tenant_id, uid) in stored}
            best = _best_of(job, inserted)
            for slot, (row, uid) in best.items():
                if slot not in merged or _better(row, merged[slot][0]):
                    merged[slot] = (row, uid)
            outcomes.append((inserted, [row for row, _ in best.values()]))
        if merged:
            await _upsert_best(conn, list(merged.values()))
    return outcomes


class _GroupWriter:
    """Group commit: requests that arrive while a transaction runs are written together in
    the next one. Each transaction costs a fixed amount (BEGIN, two statements, COMMIT, and
    on SQLite a hand-over to the driver's thread per step) whatever its size; under load this
    shares it among all waiting requests. On SQLite it also keeps writers of this process
    from waiting for the file lock in SQLite's busy handler, which polls with sleeps.

    If a group's transaction fails, each of its jobs is retried alone, so one bad request
    cannot fail the others.
    """

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine
        self._lock = asyncio.Lock()
        self._pending: list[_Job] = []

    async def write(self, job: _Job) -> _Written:
        self._pending.append(job)
        async with self._lock:
            if not job.done.done():
                group, self._pending = self._pending, []
                await self._run(group)
        return job.done.result()

    async def _run(self, group: list[_Job]) -> None:
        try:
            try:
                outcomes = await _write(self._engine, group)
            except Exception:
                if len(group) == 1:
                    raise
                log.warning("a group of %d sync batches failed; writing each alone", len(group))
                for job in group:
                    try:
                        job.done.set_result((await _write(self._engine, [job]))[0])
                    except Exception as exc:
                        job.done.set_exception(exc)
                return
            for job, outcome in zip(group, outcomes, strict=True):
                job.done.set_result(outcome)
        except BaseException as exc:  # cancelled, or the single job failed: tell every waiter
            for job in group:
                if not job.done.done():
                    job.done.set_exception(
                        exc if isinstance(exc, Exception) else RuntimeError("sync write cut off")
                    )
            if not isinstance(exc, Exception):
                raise


_WRITERS: weakref.WeakKeyDictionary[AsyncEngine, _GroupWriter] = weakref.WeakKeyDictionary()


def _writer(engine: AsyncEngine) -> _GroupWriter:
    writer = _WRITERS.get(engine)
    if writer is None:
        writer = _WRITERS[engine] = _GroupWriter(engine)
    return writer


async def ingest(
    engine: AsyncEngine,
    tenant_id: str,
    raw_items: Sequence[dict[str, Any]],
    *,
    now: datetime,
    policy: ScorePolicy,
) -> IngestOutcome:
    answers: dict[int, SyncItemResult] = {}
    valid: dict[str, tuple[int, ResultItem]] = {}
    for index, raw in enumerate(raw_items):
        uid = raw.get("result_uid") if isinstance(raw.get("result_uid"), str) else None
        try:
            item = ResultItem.model_validate(raw)
        except ValidationError as exc:
            answers[index] = SyncItemResult(
                index=index, result_uid=uid, status="rejected", reason=_validation_reason(exc)
            )
            continue
        reason = rejection_reason(item, now, policy)
        if reason is not None:
            answers[index] = SyncItemResult(
                index=index, result_uid=item.result_uid, status="rejected", reason=reason
            )
        elif item.result_uid in valid:
            answers[index] = SyncItemResult(
                index=index, result_uid=item.result_uid, status="duplicate"
            )
        else:
            valid[item.result_uid] = (index, item)

    inserted: set[str] = set()
    best_rows: list[BestScore] = []
    if valid:
        job = _Job(tenant_id, [item for _, item in valid.values()], to_us(now))
        inserted, best_rows = await _writer(engine).write(job)
    for uid, (index, _item) in valid.items():
        answers[index] = SyncItemResult(
            index=index, result_uid=uid, status="accepted" if uid in inserted else "duplicate"
        )
    return IngestOutcome([answers[i] for i in sorted(answers)], best_rows)


async def existing_uids(engine: AsyncEngine, tenant_id: str, uids: Sequence[str]) -> set[str]:
    async with engine.connect() as conn:
        found = await conn.execute(
            select(results.c.result_uid).where(
                results.c.tenant_id == tenant_id, results.c.result_uid.in_(uids)
            )
        )
        return set(found.scalars().all())
