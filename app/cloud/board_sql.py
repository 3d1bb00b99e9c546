"""Exact leaderboards straight from the ``leaderboard_best`` table (no Redis needed)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, func, or_, select, tuple_
from sqlalchemy.ext.asyncio import AsyncEngine

from app.cloud.board import BestScore, BoardKey
from app.cloud.models import LeaderboardEntry
from app.cloud.schema import leaderboard_best as lb


def _where(key: BoardKey) -> list[ColumnElement[bool]]:
    clauses = [lb.c.game == key.game, lb.c.period == key.period, lb.c.period_start == key.start_us]
    if key.scope in ("tenant", "class"):
        clauses.append(lb.c.tenant_id == key.tenant_id)
    if key.scope == "class":
        clauses.append(lb.c.class_code == key.class_code)
    return clauses


def _columns() -> Select[Any]:
    return select(lb.c.tenant_id, lb.c.student_id, lb.c.nickname, lb.c.score, lb.c.achieved_at)


def _row(row: Any) -> BestScore:
    return BestScore(row.tenant_id, row.student_id, row.nickname, row.score, row.achieved_at)


class SqlLeaderboards:
    """Exact ranks; ties go to the earlier result, then to tenant and student id."""

    approximate_rank = False

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def record(self, rows: Sequence[BestScore]) -> None:
        """Nothing to do: ingestion writes ``leaderboard_best`` in its own transaction."""

    async def forget(self, rows: Sequence[BestScore]) -> None:
        """Nothing to do: deletion removes the rows in its own transaction."""

    async def top(self, key: BoardKey, k: int) -> list[LeaderboardEntry]:
        query = (
            _columns()
            .where(*_where(key))
            .order_by(lb.c.score.desc(), lb.c.achieved_at, lb.c.tenant_id, lb.c.student_id)
            .limit(k)
        )
        async with self._engine.connect() as conn:
            rows = (await conn.execute(query)).all()
        return [_row(row).entry(rank) for rank, row in enumerate(rows, start=1)]

    async def around(
        self, key: BoardKey, student_id: str, n: int
    ) -> tuple[int | None, list[LeaderboardEntry]]:
        where = _where(key)
        async with self._engine.connect() as conn:
            mine = (
                await conn.execute(
                    _columns().where(
                        *where, lb.c.tenant_id == key.tenant_id, lb.c.student_id == student_id
                    )
                )
            ).first()
            if mine is None:
                return None, []
            order = tuple_(-lb.c.score, lb.c.achieved_at, lb.c.tenant_id, lb.c.student_id)
            me = tuple_(-mine.score, mine.achieved_at, mine.tenant_id, mine.student_id)
            better = or_(
                lb.c.score > mine.score,
                and_(lb.c.score == mine.score, order < me),
            )
            ahead = (await conn.execute(select(func.count()).where(*where, better))).scalar_one()
            above = (
                await conn.execute(
                    _columns()
                    .where(*where, better)
                    .order_by(
                        lb.c.score,
                        lb.c.achieved_at.desc(),
                        lb.c.tenant_id.desc(),
                        lb.c.student_id.desc(),
                    )
                    .limit(n)
                )
            ).all()
            below = (
                await conn.execute(
                    _columns()
                    .where(*where, ~better, order != me)
                    .order_by(lb.c.score.desc(), lb.c.achieved_at, lb.c.tenant_id, lb.c.student_id)
                    .limit(n)
                )
            ).all()
        rank = int(ahead) + 1
        entries = [_row(r).entry(rank - i) for i, r in enumerate(above, start=1)]
        entries.reverse()
        entries.append(_row(mine).entry(rank))
        entries += [_row(r).entry(rank + i) for i, r in enumerate(below, start=1)]
        return rank, entries
