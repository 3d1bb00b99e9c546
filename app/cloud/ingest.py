"""Sync batches into the database: validate, deduplicate, store, update best scores.

Idempotency: ``results`` has the primary key ``(tenant_id, result_uid)`` and rows are
inserted with ON CONFLICT DO NOTHING ... RETURNING, so a uid already there (from an earlier
batch, or a concurrent request) is answered "duplicate" and changes nothing, whatever the
interleaving. Everything of one batch commits in one transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pydantic import ValidationError
from sqlalchemy import Insert, Table, and_, or_, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from app.cloud.anticheat import ScorePolicy, rejection_reason
from app.cloud.board import BestScore
from app.cloud.models import ResultItem, SyncItemResult
from app.cloud.periods import ALL_TIME_START, PERIODS, period_start
from app.cloud.schema import leaderboard_best, results
from app.cloud.timeutil import to_us


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


async def _upsert_best(
    conn: AsyncConnection, rows: Sequence[BestScore], uids: dict[int, str]
) -> None:
    """Raise the best-score rows of a whole batch in one statement.

    Executed with a parameter list and RETURNING, SQLAlchemy's "insertmanyvalues" renders it
    as ONE multi-row ``INSERT ... VALUES (...), (...) ON CONFLICT DO UPDATE`` per batch
    (on SQLite and asyncpg) from a statement compiled once and cached; building the
    multi-row VALUES by hand (``.values(list)``) recompiled it on every request, which was
    most of the ingest time. ``rows`` hold at most one row per board slot (the caller keeps
    the best per slot): ON CONFLICT DO UPDATE may touch each row once per statement. Rows
    are sorted by key so concurrent batches lock rows in the same order (no deadlocks).
    """
    stmt = dialect_insert(conn, leaderboard_best)
    excluded = stmt.excluded
    table = leaderboard_best.c
    upsert = stmt.on_conflict_do_update(
        index_elements=["tenant_id", "game", "period", "period_start", "student_id"],
        set_={name: excluded[name] for name in _UPSERT_BEST_SET},
        where=or_(
            excluded.score > table.score,
            and_(excluded.score == table.score, excluded.achieved_at < table.achieved_at),
        ),
    ).returning(table.student_id)
    ordered = sorted(rows, key=lambda r: (r.game, r.period, r.start_us, r.student_id))
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
                "result_uid": uids[id(r)],
            }
            for r in ordered
        ],
    )


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
    best: dict[tuple[str, str, int, str], BestScore] = {}
    uid_of: dict[int, str] = {}
    if valid:
        received = to_us(now)
        rows = [
            {
                "tenant_id": tenant_id,
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
                "received_at": received,
            }
            for _, item in valid.values()
        ]
        async with engine.begin() as conn:
            stmt: Insert = (
                dialect_insert(conn, results)
                .on_conflict_do_nothing(index_elements=["tenant_id", "result_uid"])
                .returning(results.c.result_uid)
            )
            # a parameter list + RETURNING: one cached multi-row INSERT ("insertmanyvalues")
            inserted = set((await conn.execute(stmt, rows)).scalars().all())
            for uid in inserted:
                item = valid[uid][1]
                if item.score <= 0:
                    continue
                for row in best_rows_for(tenant_id, item):
                    slot = (row.game, row.period, row.start_us, row.student_id)
                    if slot not in best or _better(row, best[slot]):
                        best[slot] = row
                        uid_of[id(row)] = uid
            if best:
                await _upsert_best(conn, list(best.values()), uid_of)
    for uid, (index, _item) in valid.items():
        answers[index] = SyncItemResult(
            index=index, result_uid=uid, status="accepted" if uid in inserted else "duplicate"
        )
    return IngestOutcome([answers[i] for i in sorted(answers)], list(best.values()))


async def existing_uids(engine: AsyncEngine, tenant_id: str, uids: Sequence[str]) -> set[str]:
    async with engine.connect() as conn:
        found = await conn.execute(
            select(results.c.result_uid).where(
                results.c.tenant_id == tenant_id, results.c.result_uid.in_(uids)
            )
        )
        return set(found.scalars().all())
