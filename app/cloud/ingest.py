"""Sync batches into the database: validate, deduplicate, store, update best scores.

Idempotency: ``results`` has the primary key ``(tenant_id, result_uid)`` and rows are
inserted with ON CONFLICT DO NOTHING ... RETURNING, so a uid already there (from an earlier
batch, or a concurrent request) is answered "duplicate" and changes nothing, whatever the
interleaving. Everything of one batch commits in one transaction; batches that arrive while
another transaction runs are written together in the next one (group commit, see
:func:`_writer`), each still answered on its own.
"""

from __future__ import annotations

import logging
import weakref
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pydantic import ValidationError
from sqlalchemy import Select, String, Table, and_, bindparam, func, or_, select
from sqlalchemy.dialects import postgresql
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from app.cloud.anticheat import ScorePolicy, rejection_reason
from app.cloud.board import BestScore
from app.cloud.dialect import dialect_insert
from app.cloud.models import ResultItem, SyncItemResult
from app.cloud.periods import PERIODS, period_starts_us
from app.cloud.schema import leaderboard_best, results
from app.common.group_commit import GroupCommit
from app.common.timeutil import to_us

log = logging.getLogger(__name__)
_Slot = tuple[str, str, str, int, str]  # tenant, game, period, period start, student
_Written = tuple[set[str], list[BestScore]]  # a job's inserted uids and raised best rows


@dataclass(frozen=True)
class IngestOutcome:
    answers: list[SyncItemResult]
    best_rows: list[BestScore]  # the best-score rows this batch may have raised

    def count(self, status: str) -> int:
        return sum(1 for a in self.answers if a.status == status)


def _validation_reason(exc: ValidationError) -> str:
    first = exc.errors()[0]
    where = ".".join(str(p) for p in first["loc"]) or "item"
    return f"invalid {where}: {first['msg']}"


def best_rows_for(tenant_id: str, item: ResultItem) -> list[BestScore]:
    """The result's rows of the day, week and all-time boards. Their time is whole seconds:
    two results with the same score in the same second rank by tenant and student id, on
    SQL as on Redis (whose scores hold seconds, see app/cloud/board_redis.py)."""
    at_us = to_us(item.created_at) // 1_000_000 * 1_000_000
    return [
        BestScore(tenant_id, item.student_id, item.nickname, item.score, at_us, item.game,
                  period, start, item.class_code)
        for period, start in zip(PERIODS, period_starts_us(at_us), strict=True)
    ]  # fmt: skip


def _better(a: BestScore, b: BestScore) -> bool:
    return (a.score, -a.achieved_at_us) > (b.score, -b.achieved_at_us)


_UPSERT_BEST_SET = ("score", "achieved_at", "nickname", "result_uid", "class_code")
_RESULT_COLUMNS = (
    "tenant_id", "result_uid", "game", "world", "class_code", "student_id", "nickname",
    "outcome", "score", "stars", "flight_time_s", "created_at", "received_at",
)  # fmt: skip
_BEST_COLUMNS = (
    "tenant_id", "game", "period", "period_start", "student_id", "nickname", "score",
    "achieved_at", "result_uid", "class_code",
)  # fmt: skip
_STATEMENTS: dict[tuple[str, str], Any] = {}


def _unnest(table: Table, names: Sequence[str]) -> Select[Any]:
    """``SELECT * FROM unnest($1::T1[], $2::T2[], ...)``: one array parameter per column.

    PostgreSQL only. The statement text is the same for any number of rows, so asyncpg
    prepares it once per connection and the server parses and plans it once; a multi-row
    VALUES list is a new statement for every row count (and a batch group's row count varies
    from request to request), each parsed and planned anew with up to 13 x 400 parameters.
    Strings are cast to unsized VARCHAR[]: a sized cast would cut long values silently, the
    column's own length check still applies when the row is stored.
    """
    arrays = []
    for name in names:
        kind = table.c[name].type
        element = String() if isinstance(kind, String) else kind
        arrays.append(bindparam(name, type_=postgresql.ARRAY(element)))
    rows = func.unnest(*arrays).table_valued(*names).render_derived(name="new")
    return select(*(rows.c[name] for name in names))


def _insert(conn: AsyncConnection, table: Table, names: Sequence[str]) -> Any:
    """INSERT of many rows: ``INSERT ... SELECT FROM unnest(...)`` on PostgreSQL; on SQLite
    a plain INSERT run with a parameter list (rendered as one multi-row VALUES by
    SQLAlchemy's "insertmanyvalues")."""
    if conn.dialect.name == "postgresql":
        return postgresql.insert(table).from_select(list(names), _unnest(table, names))
    return dialect_insert(conn, table)


def _parameters(
    conn: AsyncConnection, names: Sequence[str], rows: Sequence[tuple[Any, ...]]
) -> Any:
    """The rows as :func:`_insert` takes them: a list per column on PostgreSQL (the arrays
    of ``unnest``), a dict per row on SQLite."""
    if conn.dialect.name == "postgresql":
        columns = list(zip(*rows, strict=True)) if rows else [() for _ in names]
        return {name: list(column) for name, column in zip(names, columns, strict=True)}
    return [dict(zip(names, row, strict=True)) for row in rows]


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
            _insert(conn, results, _RESULT_COLUMNS)
            .on_conflict_do_nothing(index_elements=["tenant_id", "result_uid"])
            .returning(results.c.tenant_id, results.c.result_uid)
        )
    else:
        insert = _insert(conn, leaderboard_best, _BEST_COLUMNS)
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
    """Raise the best-score rows of a whole group in one statement.

    On PostgreSQL it is ``INSERT ... SELECT FROM unnest(arrays) ON CONFLICT DO UPDATE``,
    one statement text whatever the row count (prepared once per connection). On SQLite,
    executed with a parameter list and RETURNING, SQLAlchemy's "insertmanyvalues" renders it
    as ONE multi-row ``INSERT ... VALUES (...), (...) ON CONFLICT DO UPDATE`` from a
    statement compiled once and cached; building the multi-row VALUES by hand
    (``.values(list)``) recompiled it on every request. ``rows`` hold at most one row per
    board slot (the caller keeps the best per slot, with the uid of its result): ON CONFLICT
    DO UPDATE may touch each row once per statement. Rows are sorted by key so concurrent
    transactions lock rows in the same order (no deadlocks).
    """
    ordered = sorted(
        (r.tenant_id, r.game, r.period, r.start_us, r.student_id, r.nickname, r.score,
         r.achieved_at_us, uid, r.class_code)
        for r, uid in rows
    )  # fmt: skip
    await conn.execute(_statement(conn, "best"), _parameters(conn, _BEST_COLUMNS, ordered))


@dataclass(frozen=True)
class _Job:
    """One request's valid items (distinct uids), waiting for a group transaction."""

    tenant_id: str
    items: list[ResultItem]
    received_us: int


def _row(job: _Job, item: ResultItem) -> tuple[Any, ...]:
    """A ``results`` row, in the order of ``_RESULT_COLUMNS``."""
    return (
        job.tenant_id, item.result_uid, item.game, item.world, item.class_code,
        item.student_id, item.nickname, item.outcome, item.score, item.stars,
        item.flight_time_s, to_us(item.created_at), job.received_us,
    )  # fmt: skip


def _best_of(job: _Job, uids: set[str]) -> dict[_Slot, tuple[BestScore, str]]:
    """The best new row per board slot among the job's inserted results."""
    best: dict[_Slot, tuple[BestScore, str]] = {}
    for item in job.items:
        if item.result_uid not in uids:
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
    rows: list[tuple[Any, ...]] = []
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
    rows.sort(key=lambda row: (row[0], row[1]))  # one lock order for concurrent writers
    async with engine.begin() as conn:
        # one INSERT for the whole group (see _insert), RETURNING the rows it stored
        stored = {
            (t, u)
            for t, u in await conn.execute(
                _statement(conn, "results"), _parameters(conn, _RESULT_COLUMNS, rows)
            )
        }
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


# Group transactions that may run at once: on PostgreSQL a second one overlaps the service's
# Python work with the database server's (one at a time, each waited for the other: the
# service was half idle); SQLite has one writer at a time anyway (a second would only poll
# the file lock in SQLite's busy handler).
_LANES = {"postgresql": 2, "sqlite": 1}


_WRITERS: weakref.WeakKeyDictionary[AsyncEngine, GroupCommit[_Job, _Written]] = (
    weakref.WeakKeyDictionary()
)


def _writer(engine: AsyncEngine) -> GroupCommit[_Job, _Written]:
    """The engine's group commit (app/common/group_commit.py): requests that arrive while
    transactions run are written together in the next one. Each transaction costs a fixed
    amount (BEGIN, two statements, COMMIT, and on SQLite a hand-over to the driver's thread
    per step) whatever its size; under load this shares it among all waiting requests. On
    SQLite it also keeps writers of this process from waiting for the file lock in SQLite's
    busy handler, which polls with sleeps. Concurrent groups (``_LANES``) are safe as
    concurrent requests are: a uid in two of them is stored by one and answered "duplicate"
    to the other (ON CONFLICT waits for the first to commit), rows are locked in key order.
    If a group's transaction fails, each of its jobs is retried alone, so one bad request
    cannot fail the others."""
    writer = _WRITERS.get(engine)
    if writer is None:

        async def write(jobs: list[_Job]) -> list[_Written | Exception]:
            try:
                return list(await _write(engine, jobs))
            except Exception:
                if len(jobs) > 1:
                    log.warning("a group of %d sync batches failed; writing each alone", len(jobs))
                raise

        writer = _WRITERS[engine] = GroupCommit(write, lanes=_LANES.get(engine.dialect.name, 1))
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
        inserted, best_rows = await _writer(engine).submit(job)
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
