"""Erased students the cloud has not been told about yet (see migration 0003)."""

from __future__ import annotations

from collections.abc import Sequence

import aiosqlite

from app.store.flights import dump_list

MAX_ERROR_TEXT = 500


async def record(conn: aiosqlite.Connection, student_id: int, now_us: int) -> None:
    await conn.execute(
        "INSERT OR REPLACE INTO erasures (student_id, erased_at) VALUES (?, ?)",
        (student_id, now_us),
    )


async def pending(conn: aiosqlite.Connection, limit: int) -> list[int]:
    """The oldest erasures the cloud has not confirmed, by local student id."""
    rows = await conn.execute_fetchall(
        "SELECT student_id FROM erasures WHERE sent_at IS NULL ORDER BY erased_at, student_id "
        "LIMIT ?",
        (limit,),
    )
    return [int(r[0]) for r in rows]


async def mark_sent(conn: aiosqlite.Connection, student_ids: Sequence[int], now_us: int) -> int:
    cursor = await conn.execute(
        "UPDATE erasures SET sent_at = ? "
        "WHERE sent_at IS NULL AND student_id IN (SELECT value FROM json_each(?))",
        (now_us, dump_list([int(s) for s in student_ids])),
    )
    return int(cursor.rowcount)


async def mark_failed(conn: aiosqlite.Connection, student_ids: Sequence[int], error: str) -> int:
    cursor = await conn.execute(
        "UPDATE erasures SET attempts = attempts + 1, last_error = ? "
        "WHERE sent_at IS NULL AND student_id IN (SELECT value FROM json_each(?))",
        (error[:MAX_ERROR_TEXT], dump_list([int(s) for s in student_ids])),
    )
    return int(cursor.rowcount)


async def count_pending(conn: aiosqlite.Connection) -> int:
    rows = list(await conn.execute_fetchall("SELECT count(*) FROM erasures WHERE sent_at IS NULL"))
    return int(rows[0][0])


NEXT_STUDENT_ID = (
    "SELECT max(coalesce((SELECT max(id) FROM students), 0), "
    "coalesce((SELECT max(student_id) FROM erasures), 0)) + 1"
)
