"""SQL of the lesson history (schema version 2): past lessons with their counts, found by
class name or join code and by date, and a lesson's rounds. Each function runs inside the
caller's transaction; ``LookupError`` names an unknown id."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, tzinfo
from typing import Any

import aiosqlite

from app.store.classroom import require
from app.store.clock import from_epoch_us, to_epoch_us
from app.store.codec import load_json
from app.store.records import LessonInfo, LessonRound

FOLD = "moonbase_fold"  # the SQL name of :func:`fold`, registered on the connection per call

_LESSONS = (
    "SELECT l.id, l.class_id, c.name, l.join_code, l.started_at, l.ended_at, "
    "(SELECT count(*) FROM rounds r WHERE r.lesson_id = l.id), "
    "(SELECT count(*) FROM flights f JOIN rounds r ON r.id = f.round_id "
    "WHERE r.lesson_id = l.id), "
    "(SELECT count(*) FROM (SELECT sp.student_id FROM session_players sp "
    "WHERE sp.lesson_id = l.id UNION SELECT f.student_id FROM flights f "
    "JOIN rounds r ON r.id = f.round_id WHERE r.lesson_id = l.id)) "
    "FROM lessons l JOIN classes c ON c.id = l.class_id"
)


def fold(text: object) -> str | None:
    """Text compared without case, for every alphabet ("Élan" matches "élan")."""
    return None if text is None else str(text).casefold()


def day_bounds(
    since: date | None, until: date | None, tz: tzinfo | None
) -> tuple[int | None, int | None]:
    """``[start, end)`` in epoch microseconds of the local days ``since`` .. ``until``
    (both included) in ``tz`` (None: this computer's zone); None where a side is open."""

    def midnight(day: date) -> int:
        naive = datetime.combine(day, time())
        # With no zone, astimezone() applies the system's rules (and its DST on that date).
        local = naive.replace(tzinfo=tz) if tz is not None else naive.astimezone()
        return to_epoch_us(local)

    start = None if since is None else midnight(since)
    end = None if until is None else midnight(until + timedelta(days=1))
    return start, end


async def lessons(
    conn: aiosqlite.Connection,
    needle: str | None,
    start_us: int | None,
    end_us: int | None,
    limit: int,
) -> list[LessonInfo]:
    """Lessons started in ``[start_us, end_us)`` whose class name or join code contains
    ``needle`` (already folded), newest first, at most ``limit``."""
    where: list[str] = []
    args: list[object] = []
    if start_us is not None:
        where.append("l.started_at >= ?")
        args.append(start_us)
    if end_us is not None:
        where.append("l.started_at < ?")
        args.append(end_us)
    if needle is not None:
        await conn.create_function(FOLD, 1, fold, deterministic=True)
        where.append(f"(instr({FOLD}(c.name), ?) > 0 OR instr({FOLD}(l.join_code), ?) > 0)")
        args += [needle, needle]
    sql = _LESSONS
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY l.started_at DESC, l.id DESC LIMIT ?"
    rows = await conn.execute_fetchall(sql, (*args, limit))
    return [_lesson(r) for r in rows]


async def lesson(conn: aiosqlite.Connection, lesson_id: int) -> LessonInfo:
    """One lesson by id (a missing one raises, naming it)."""
    await require(conn, "lessons", lesson_id, "lesson")
    rows = list(await conn.execute_fetchall(_LESSONS + " WHERE l.id = ?", (lesson_id,)))
    return _lesson(rows[0])


def _lesson(r: Any) -> LessonInfo:
    return LessonInfo(
        id=int(r[0]),
        class_id=int(r[1]),
        class_name=str(r[2]),
        join_code=str(r[3]),
        started_at=from_epoch_us(int(r[4])),
        ended_at=None if r[5] is None else from_epoch_us(int(r[5])),
        rounds=int(r[6]),
        flights=int(r[7]),
        students=int(r[8]),
    )


async def lesson_rounds(conn: aiosqlite.Connection, lesson_id: int) -> list[LessonRound]:
    """The lesson's rounds in the order they started."""
    await require(conn, "lessons", lesson_id, "lesson")
    rows = await conn.execute_fetchall(
        "SELECT r.id, r.room, r.game, r.world, r.mode, r.params, r.started_at, r.finished_at, "
        "r.end_state, r.team_score, count(f.id), max(f.score) FROM rounds r "
        "LEFT JOIN flights f ON f.round_id = r.id WHERE r.lesson_id = ? "
        "GROUP BY r.id ORDER BY r.started_at, r.id",
        (lesson_id,),
    )
    return [
        LessonRound(
            id=int(r[0]),
            room=str(r[1]),
            game=str(r[2]),
            world=str(r[3]),
            mode=str(r[4]),
            params=load_json(r[5]),
            started_at=from_epoch_us(int(r[6])),
            finished_at=None if r[7] is None else from_epoch_us(int(r[7])),
            end_state=None if r[8] is None else str(r[8]),
            team_score=None if r[9] is None else int(r[9]),
            flights=int(r[10]),
            best_score=None if r[11] is None else int(r[11]),
        )
        for r in rows
    ]
