"""The cloud outbox: results waiting to be sent, oldest first, marked sent or failed."""

from __future__ import annotations

from collections.abc import Sequence

import aiosqlite

from app.store.clock import from_epoch_us
from app.store.codec import load_json
from app.store.flights import dump_list
from app.store.records import OutboxItem

MAX_ERROR_TEXT = 500


async def pending(conn: aiosqlite.Connection, limit: int) -> list[OutboxItem]:
    """The oldest unsent results; each payload carries its class's join code as
    ``class_code`` (read here, so results written before the payload had it get it too)."""
    rows = await conn.execute_fetchall(
        "SELECT o.result_uid, o.payload, o.attempts, o.created_at, o.last_error, c.join_code "
        "FROM outbox o LEFT JOIN flights f ON f.id = o.flight_id "
        "LEFT JOIN classes c ON c.id = f.class_id "
        "WHERE o.sent_at IS NULL ORDER BY o.id LIMIT ?",
        (limit,),
    )
    return [
        OutboxItem(
            result_uid=str(r[0]),
            payload=_with_class(load_json(r[1]), r[5]),
            attempts=int(r[2]),
            created_at=from_epoch_us(int(r[3])),
            last_error=None if r[4] is None else str(r[4]),
        )
        for r in rows
    ]


def _with_class(payload: dict[str, object], join_code: object) -> dict[str, object]:
    if isinstance(join_code, str) and "class_code" not in payload:
        payload["class_code"] = join_code
    return payload


async def mark_sent(conn: aiosqlite.Connection, uids: Sequence[str], now_us: int) -> int:
    """Mark results sent (again is harmless); returns how many were pending."""
    cursor = await conn.execute(
        "UPDATE outbox SET sent_at = ? "
        "WHERE sent_at IS NULL AND result_uid IN (SELECT value FROM json_each(?))",
        (now_us, dump_list(list(uids))),
    )
    return int(cursor.rowcount)


async def mark_failed(conn: aiosqlite.Connection, uids: Sequence[str], error: str) -> int:
    """Count one more failed attempt for each pending result; returns how many."""
    cursor = await conn.execute(
        "UPDATE outbox SET attempts = attempts + 1, last_error = ? "
        "WHERE sent_at IS NULL AND result_uid IN (SELECT value FROM json_each(?))",
        (error[:MAX_ERROR_TEXT], dump_list(list(uids))),
    )
    return int(cursor.rowcount)


async def counts(conn: aiosqlite.Connection) -> tuple[int, int]:
    """``(pending, sent)``."""
    rows = list(
        await conn.execute_fetchall(
            "SELECT count(*) FILTER (WHERE sent_at IS NULL), count(*) FILTER (WHERE sent_at IS NOT "
            "NULL) FROM outbox"
        )
    )
    return int(rows[0][0]), int(rows[0][1])
