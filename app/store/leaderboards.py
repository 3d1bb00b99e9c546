"""Leaderboard queries: best score per student in a period, ties to the earlier flight.

Day and week boards scan the covering index ``flights_board`` over the period only; the
all-time board reads the per-game ``progress`` table, which keeps each student's best.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import aiosqlite

from app.store.records import LeaderboardRow

_PERIOD_BOARD = """
WITH ranked AS (
    SELECT student_id, score, stars, created_at,
           row_number() OVER (PARTITION BY student_id
                              ORDER BY score DESC, created_at, id) AS pick,
           count(*) OVER (PARTITION BY student_id) AS flights
    FROM flights
    WHERE class_id = ? AND game = ? AND created_at >= ? AND created_at < ?
)
SELECT r.student_id, s.nickname, r.score, r.stars, r.flights
FROM ranked r JOIN students s ON s.id = r.student_id
WHERE r.pick = 1
ORDER BY r.score DESC, r.created_at, r.student_id
LIMIT ?
"""

_ALL_TIME_BOARD = """
SELECT p.student_id, s.nickname, p.best_score, p.best_stars, p.plays
FROM progress p JOIN students s ON s.id = p.student_id
WHERE p.class_id = ? AND p.game = ?
ORDER BY p.best_score DESC, p.best_at, p.student_id
LIMIT ?
"""


def _rows(rows: Sequence[Any]) -> list[LeaderboardRow]:
    return [
        LeaderboardRow(
            rank=rank,
            student_id=int(r[0]),
            nickname=str(r[1]),
            score=int(r[2]),
            stars=int(r[3]),
            flights=int(r[4]),
        )
        for rank, r in enumerate(rows, start=1)
    ]


async def board(
    conn: aiosqlite.Connection,
    class_id: int,
    game: str,
    bounds_us: tuple[int, int] | None,
    limit: int,
) -> list[LeaderboardRow]:
    """Ranked rows; ``bounds_us`` is ``[start, end)`` in epoch microseconds, ``None`` = all.

    ``limit`` < 0 means no limit (SQLite's convention).
    """
    if bounds_us is None:
        rows = await conn.execute_fetchall(_ALL_TIME_BOARD, (class_id, game, limit))
    else:
        start, end = bounds_us
        rows = await conn.execute_fetchall(_PERIOD_BOARD, (class_id, game, start, end, limit))
    return _rows(list(rows))


def around(rows: Sequence[LeaderboardRow], student_id: int, span: int) -> list[LeaderboardRow]:
    """The student's row with up to ``span`` rows above and below; empty if not ranked."""
    for index, row in enumerate(rows):
        if row.student_id == student_id:
            return list(rows[max(0, index - span) : index + span + 1])
    return []
