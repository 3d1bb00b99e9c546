"""SQL of the classroom tables (schema version 2): lessons and their players, rosters,
ratings, achievements, the chat log and anti-cheat flags. Each function runs inside the
caller's transaction; ``LookupError`` names an unknown id."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import aiosqlite

from app.store.clock import from_epoch_us
from app.store.records import Achievement, ChatLine, FlagRecord, StoredRating


async def _one(conn: aiosqlite.Connection, sql: str, args: tuple[object, ...]) -> object | None:
    rows = list(await conn.execute_fetchall(sql, args))
    return rows[0][0] if rows else None


async def require(conn: aiosqlite.Connection, table: str, row_id: int, what: str) -> None:
    # ``table`` is a literal of this package, never user input.
    if await _one(conn, f"SELECT 1 FROM {table} WHERE id = ?", (row_id,)) is None:
        raise LookupError(f"{what} {row_id} does not exist")


# -- lessons ------------------------------------------------------------------------------
async def start_lesson(
    conn: aiosqlite.Connection, class_id: int, join_code: str, now_us: int
) -> int:
    await require(conn, "classes", class_id, "class")
    # A join code is valid for one lesson: an older open lesson with this code ends now.
    await conn.execute(
        "UPDATE lessons SET ended_at = ? WHERE join_code = ? AND ended_at IS NULL",
        (now_us, join_code),
    )
    row = await conn.execute_insert(
        "INSERT INTO lessons (class_id, join_code, started_at) VALUES (?, ?, ?)",
        (class_id, join_code, now_us),
    )
    assert row is not None
    return int(row[0])


async def end_lesson(conn: aiosqlite.Connection, lesson_id: int, now_us: int) -> None:
    await require(conn, "lessons", lesson_id, "lesson")
    await conn.execute(
        "UPDATE lessons SET ended_at = ? WHERE id = ? AND ended_at IS NULL", (now_us, lesson_id)
    )
    await conn.execute(
        "UPDATE rounds SET finished_at = ?, end_state = coalesce(end_state, 'ended') "
        "WHERE lesson_id = ? AND finished_at IS NULL",
        (now_us, lesson_id),
    )


async def open_lesson(conn: aiosqlite.Connection, join_code: str) -> int | None:
    found = await _one(
        conn, "SELECT id FROM lessons WHERE join_code = ? AND ended_at IS NULL", (join_code,)
    )
    return None if found is None else int(str(found))


async def seat(
    conn: aiosqlite.Connection, lesson_id: int, student_id: int, room: str | None, now_us: int
) -> None:
    await conn.execute(
        "INSERT INTO session_players (lesson_id, student_id, room, joined_at) "
        "VALUES (?, ?, ?, ?) ON CONFLICT (lesson_id, student_id) DO UPDATE SET room = "
        "coalesce(excluded.room, room)",
        (lesson_id, student_id, room, now_us),
    )


async def set_barred(
    conn: aiosqlite.Connection, lesson_id: int, student_id: int, barred: bool, now_us: int
) -> None:
    await seat(conn, lesson_id, student_id, None, now_us)
    if barred:
        await conn.execute(
            "UPDATE session_players SET barred_at = ?, bar_lifted_at = NULL "
            "WHERE lesson_id = ? AND student_id = ?",
            (now_us, lesson_id, student_id),
        )
    else:
        await conn.execute(
            "UPDATE session_players SET bar_lifted_at = ? "
            "WHERE lesson_id = ? AND student_id = ? AND barred_at IS NOT NULL",
            (now_us, lesson_id, student_id),
        )


async def barred(conn: aiosqlite.Connection, lesson_id: int) -> list[int]:
    rows = await conn.execute_fetchall(
        "SELECT student_id FROM session_players WHERE lesson_id = ? AND barred_at IS NOT NULL "
        "AND bar_lifted_at IS NULL ORDER BY student_id",
        (lesson_id,),
    )
    return [int(r[0]) for r in rows]


# -- rosters ------------------------------------------------------------------------------
async def replace_roster(
    conn: aiosqlite.Connection, class_id: int, entries: Sequence[tuple[int, str]]
) -> None:
    await require(conn, "classes", class_id, "class")
    await conn.execute("DELETE FROM rosters WHERE class_id = ?", (class_id,))
    await conn.executemany(
        "INSERT INTO rosters (class_id, folded, nickname, line) VALUES (?, ?, ?, ?)",
        [(class_id, name.casefold(), name, line) for line, name in entries],
    )


async def roster(conn: aiosqlite.Connection, class_id: int) -> list[str]:
    rows = await conn.execute_fetchall(
        "SELECT nickname FROM rosters WHERE class_id = ? ORDER BY line", (class_id,)
    )
    return [str(r[0]) for r in rows]


# -- ratings ------------------------------------------------------------------------------
async def ratings(
    conn: aiosqlite.Connection, student_ids: Sequence[int], game: str
) -> dict[int, StoredRating]:
    out: dict[int, StoredRating] = {}
    for sid in student_ids:
        rows = list(
            await conn.execute_fetchall(
                "SELECT rating, rd, volatility, matches FROM ratings "
                "WHERE student_id = ? AND game = ?",
                (sid, game),
            )
        )
        if rows:
            r = rows[0]
            out[sid] = StoredRating(sid, game, float(r[0]), float(r[1]), float(r[2]), int(r[3]))
    return out


async def save_ratings(
    conn: aiosqlite.Connection, rows: Sequence[StoredRating], now_us: int
) -> None:
    await conn.executemany(
        "INSERT INTO ratings (student_id, game, rating, rd, volatility, matches, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (student_id, game) DO UPDATE SET "
        "rating = excluded.rating, rd = excluded.rd, volatility = excluded.volatility, "
        "matches = excluded.matches, updated_at = excluded.updated_at",
        [(r.student_id, r.game, r.rating, r.rd, r.volatility, r.matches, now_us) for r in rows],
    )


# -- achievements, chat, flags ------------------------------------------------------------
async def achievements(conn: aiosqlite.Connection, student_id: int) -> list[Achievement]:
    rows = await conn.execute_fetchall(
        "SELECT kind, flight_id, created_at FROM achievements WHERE student_id = ? "
        "ORDER BY created_at, id",
        (student_id,),
    )
    return [
        Achievement(str(r[0]), None if r[1] is None else int(r[1]), from_epoch_us(int(r[2])))
        for r in rows
    ]


async def log_chat(conn: aiosqlite.Connection, line: ChatLine, lesson_id: int, now_us: int) -> int:
    row = await conn.execute_insert(
        "INSERT INTO chat_log (lesson_id, room, student_id, sender, text, filtered, delivered, "
        "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            lesson_id,
            line.room,
            line.student_id,
            line.sender,
            line.text,
            int(line.filtered),
            int(line.delivered),
            now_us,
        ),
    )
    assert row is not None
    return int(row[0])


def _chat(row: Any) -> ChatLine:
    return ChatLine(
        id=int(row[0]),
        room=str(row[1]),
        student_id=None if row[2] is None else int(row[2]),
        sender=str(row[3]),
        text=str(row[4]),
        filtered=bool(row[5]),
        delivered=bool(row[6]),
        created_at=from_epoch_us(int(row[7])),
    )


CHAT_COLUMNS = "id, room, student_id, sender, text, filtered, delivered, created_at"


async def chat_log(conn: aiosqlite.Connection, lesson_id: int) -> list[ChatLine]:
    rows = await conn.execute_fetchall(
        f"SELECT {CHAT_COLUMNS} FROM chat_log WHERE lesson_id = ? ORDER BY id", (lesson_id,)
    )
    return [_chat(r) for r in rows]


async def student_chat(conn: aiosqlite.Connection, student_id: int) -> list[ChatLine]:
    rows = await conn.execute_fetchall(
        f"SELECT {CHAT_COLUMNS} FROM chat_log WHERE student_id = ? ORDER BY id", (student_id,)
    )
    return [_chat(r) for r in rows]


async def add_flag(
    conn: aiosqlite.Connection,
    student_id: int,
    lesson_id: int | None,
    kind: str,
    detail: str,
    now_us: int,
    window_us: int,
) -> int:
    """Store a flag; returns the student's flags in the window that still count (a lifted
    bar wipes the slate: flags before the lift in this lesson do not count again)."""
    await require(conn, "students", student_id, "student")
    await conn.execute(
        "INSERT INTO flags (student_id, lesson_id, kind, detail, created_at) "
        "VALUES (?, ?, ?, ?, ?)",
        (student_id, lesson_id, kind, detail[:500], now_us),
    )
    since = now_us - window_us
    lifted = await _one(
        conn,
        "SELECT max(bar_lifted_at) FROM session_players WHERE student_id = ?",
        (student_id,),
    )
    if lifted is not None:
        since = max(since, int(str(lifted)))
    count = await _one(
        conn,
        "SELECT count(*) FROM flags WHERE student_id = ? AND created_at > ?",
        (student_id, since),
    )
    return int(str(count))


async def flags(conn: aiosqlite.Connection, student_id: int) -> list[FlagRecord]:
    rows = await conn.execute_fetchall(
        "SELECT student_id, kind, detail, created_at FROM flags WHERE student_id = ? "
        "ORDER BY created_at, id",
        (student_id,),
    )
    return [FlagRecord(int(r[0]), str(r[1]), str(r[2]), from_epoch_us(int(r[3]))) for r in rows]


async def mark_interrupted(conn: aiosqlite.Connection, now_us: int) -> int:
    """Rounds a killed host left open end as 'interrupted', at the last thing stored of
    theirs (their last result, else their start; never after ``now_us``); returns how many."""
    cursor = await conn.execute(
        "UPDATE rounds SET end_state = 'interrupted', finished_at = min(?, max(started_at, "
        "coalesce((SELECT max(f.created_at) FROM flights f WHERE f.round_id = rounds.id), "
        "started_at))) WHERE finished_at IS NULL",
        (now_us,),
    )
    return int(cursor.rowcount)


async def end_open_lessons(conn: aiosqlite.Connection, now_us: int) -> int:
    """Lessons a killed host left open end when the last thing of theirs was stored (their
    last round's end or start, else their own start; never later than ``now_us``);
    returns how many."""
    cursor = await conn.execute(
        "UPDATE lessons SET ended_at = min(?, max(started_at, coalesce(("
        "SELECT max(coalesce(r.finished_at, r.started_at)) FROM rounds r "
        "WHERE r.lesson_id = lessons.id), started_at))) WHERE ended_at IS NULL",
        (now_us,),
    )
    return int(cursor.rowcount)


# A student's row stays when any of these holds something of theirs (flags: while young).
_KEEPS = ("flights", "ratings", "chat_log", "achievements", "progress")


async def _leaves_something(conn: aiosqlite.Connection, student_id: int, flags_after: int) -> bool:
    for table in _KEEPS:
        hit = await conn.execute_fetchall(
            f"SELECT 1 FROM {table} WHERE student_id = ? LIMIT 1",  # table from _KEEPS
            (student_id,),
        )
        if hit:
            return True
    flagged = await conn.execute_fetchall(
        "SELECT 1 FROM flags WHERE student_id = ? AND created_at > ? LIMIT 1",
        (student_id, flags_after),
    )
    return bool(flagged)


async def prune_students(
    conn: aiosqlite.Connection,
    student_ids: Sequence[int],
    lesson_id: int | None,
    flags_after_us: int | None = None,
) -> int:
    """Delete the rows of students who left nothing: no result, rating, flag, chat line or
    achievement, and not on their class's roster (their lesson seats go with them). Among
    ``student_ids``, and every student seated in ``lesson_id``. Returns how many.

    With ``flags_after_us``, a flag older than that no longer keeps a row, and every student
    whose newest flag is older is looked at too: a nickname that only collected flags (an
    attacker with the join code) stays while its flags count towards a bar, not for ever."""
    ids = set(student_ids)
    if lesson_id is not None:
        rows = await conn.execute_fetchall(
            "SELECT student_id FROM session_players WHERE lesson_id = ?", (lesson_id,)
        )
        ids.update(int(r[0]) for r in rows)
    flags_after = -1 if flags_after_us is None else flags_after_us
    if flags_after_us is not None:
        rows = await conn.execute_fetchall(
            "SELECT student_id FROM flags GROUP BY student_id HAVING max(created_at) <= ?",
            (flags_after_us,),
        )
        ids.update(int(r[0]) for r in rows)
    removed = 0
    for student_id in sorted(ids):
        found = list(
            await conn.execute_fetchall(
                "SELECT class_id, nickname FROM students WHERE id = ?", (student_id,)
            )
        )
        if not found:
            continue
        class_id, nickname = int(found[0][0]), str(found[0][1])
        if await _leaves_something(conn, student_id, flags_after):
            continue
        listed = await conn.execute_fetchall(
            "SELECT 1 FROM rosters WHERE class_id = ? AND folded = ?",
            (class_id, nickname.casefold()),
        )
        if listed:
            continue
        await conn.execute("DELETE FROM students WHERE id = ?", (student_id,))
        removed += 1
    return removed
