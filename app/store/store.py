"""``Store``: the classroom host's local database (one SQLite file, WAL, via aiosqlite).

Every method is a single transaction; a write returns only after its COMMIT, so whatever a
method returned is on disk. Results recorded at the same time share one transaction (group
commit, see :mod:`app.store.group_commit`). All SQL of Moonbase lives in this package.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from datetime import date, datetime, timedelta, tzinfo
from pathlib import Path
from typing import Any, TypeVar

import aiosqlite

from app.common.periods import PERIODS, Period, period_bounds
from app.store import classroom, erasures, export, flights, history, leaderboards, outbox
from app.store.backup import KEEP_BACKUPS, backup_name, rotate
from app.store.clock import from_epoch_us, to_epoch_us, utc_now
from app.store.codec import dump_json, load_json
from app.store.database import DEFAULT_BUSY_TIMEOUT_S, Database
from app.store.errors import InvalidRecordError, UnknownRecordError
from app.store.group_commit import DEFAULT_MAX_BATCH, GroupCommit, WriteStats, check_max_batch
from app.store.records import (
    Achievement,
    ChatLine,
    FlagRecord,
    FlightRecord,
    LeaderboardRow,
    LessonBest,
    LessonInfo,
    LessonRound,
    OutboxItem,
    Progress,
    RoundInfo,
    ScoreHistoryEntry,
    StoredFlight,
    StoredRating,
)

SAVE = "cannot save to database"
READ = "cannot read database"
MAX_NAME = 100
MAX_NICKNAME = 32
MAX_CODE = 32
MAX_LIMIT = 1000
SETTINGS = (
    "journal_mode",
    "foreign_keys",
    "synchronous",
    "busy_timeout",
    "user_version",
    "application_id",
    "max_page_count",
    "page_size",
    "wal_autocheckpoint",
    "cache_size",
)

# Records with more raw telemetry than this are compressed in a worker thread, so a long
# flight's blobs do not stall the event loop (the host's game ticks) while they compress.
OFFLOAD_BYTES = 64 * 1024

T = TypeVar("T")


class Store:
    """The open database. Create with ``await Store.open(path)``; ``await close()`` at the end."""

    def __init__(self, db: Database, *, max_batch: int = DEFAULT_MAX_BATCH) -> None:
        self._db = db
        self.path: Path = db.path
        self._writer = GroupCommit(db, SAVE, max_batch=max_batch)
        self._on_close: list[Callable[[], None]] = []

    # -- opening and closing -------------------------------------------------------------
    @classmethod
    async def open(
        cls,
        path: Path,
        *,
        busy_timeout_s: float = DEFAULT_BUSY_TIMEOUT_S,
        max_size_bytes: int | None = None,
        max_batch: int = DEFAULT_MAX_BATCH,
        background_checkpoint: bool = True,
    ) -> Store:
        """Open (creating it and its directory if needed) and upgrade the database at ``path``.

        ``busy_timeout_s`` is how long to wait for another program's lock; ``max_size_bytes``
        caps the file (a quota: writes beyond it fail as if the disk were full);
        ``max_batch`` is the most flights one group commit stores (1: one transaction per
        result, as before group commit); ``background_checkpoint`` False lets SQLite
        checkpoint inside commits instead (for benchmarks).
        """
        max_batch = check_max_batch(max_batch)
        return cls(
            await Database.connect(
                Path(path),
                busy_timeout_s=busy_timeout_s,
                max_size_bytes=max_size_bytes,
                background_checkpoint=bool(background_checkpoint),
            ),
            max_batch=max_batch,
        )

    async def close(self) -> None:
        """Finish the results already handed over (their callers get their answer), then close."""
        try:
            await self._writer.close()
            await self._db.close()
        finally:
            while self._on_close:
                self._on_close.pop()()

    def close_with(self, release: Callable[[], None]) -> None:
        """Call ``release`` once the database is closed (the data folder's lock)."""
        self._on_close.append(release)

    @property
    def closed(self) -> bool:
        return self._db.closed

    async def __aenter__(self) -> Store:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    # -- helpers ---------------------------------------------------------------------------
    def _invalid(self, action: str, message: str) -> InvalidRecordError:
        return InvalidRecordError(action, self.path, message)

    def _now_us(self, action: str, now: datetime | None) -> int:
        if now is None:
            return to_epoch_us(utc_now())
        if not isinstance(now, datetime) or now.tzinfo is None or now.utcoffset() is None:
            raise self._invalid(action, f"now must be a timezone-aware datetime, got {now!r}")
        return to_epoch_us(now)

    def _text(self, action: str, name: str, value: object, max_len: int) -> str:
        if not isinstance(value, str) or not value.strip():
            raise self._invalid(action, f"{name} must be a non-empty string, got {value!r}")
        if len(value) > max_len:
            raise self._invalid(
                action, f"{name} must be at most {max_len} characters, got {len(value)}"
            )
        return value

    def _id(self, action: str, name: str, value: object) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise self._invalid(action, f"{name} must be a positive integer id, got {value!r}")
        return value

    def _limit(self, action: str, value: object) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_LIMIT:
            raise self._invalid(action, f"limit must be within 1..{MAX_LIMIT}, got {value!r}")
        return value

    async def _write(self, fn: Callable[[aiosqlite.Connection], Awaitable[T]]) -> T:
        try:
            async with self._db.transaction(SAVE, write=True) as conn:
                return await fn(conn)
        except LookupError as exc:
            raise UnknownRecordError(SAVE, self.path, str(exc.args[0])) from None
        except ValueError as exc:
            raise self._invalid(SAVE, str(exc)) from None

    async def _read(self, fn: Callable[[aiosqlite.Connection], Awaitable[T]]) -> T:
        try:
            async with self._db.transaction(READ, write=False) as conn:
                return await fn(conn)
        except LookupError as exc:
            raise UnknownRecordError(READ, self.path, str(exc.args[0])) from None

    @staticmethod
    async def _exists(conn: aiosqlite.Connection, table: str, row_id: int) -> bool:
        # ``table`` is one of this module's literals, never user input.
        rows = list(await conn.execute_fetchall(f"SELECT 1 FROM {table} WHERE id = ?", (row_id,)))
        return bool(rows)

    # -- classes and students --------------------------------------------------------------
    async def create_class(self, name: str, join_code: str, *, now: datetime | None = None) -> int:
        name = self._text(SAVE, "class name", name, MAX_NAME)
        join_code = self._text(SAVE, "join code", join_code, MAX_CODE)
        now_us = self._now_us(SAVE, now)

        async def run(conn: aiosqlite.Connection) -> int:
            row = await conn.execute_insert(
                "INSERT INTO classes (name, join_code, created_at) VALUES (?, ?, ?)",
                (name, join_code, now_us),
            )
            assert row is not None  # an INSERT always has a last row id
            return int(row[0])

        return await self._write(run)

    async def open_class(
        self, name: str, join_code: str, *, now: datetime | None = None
    ) -> tuple[int, bool]:
        """The class called ``name`` (any case) to host a lesson of, with its new join code:
        ``(class id, True)`` when it exists (next week's lesson continues it: the same
        students, history, ratings and boards), else a new class ``(id, False)``."""
        name = self._text(SAVE, "class name", name, MAX_NAME)
        join_code = self._text(SAVE, "join code", join_code, MAX_CODE)
        now_us = self._now_us(SAVE, now)

        async def run(conn: aiosqlite.Connection) -> tuple[int, bool]:
            folded = name.casefold()
            rows = await conn.execute_fetchall("SELECT id, name FROM classes ORDER BY id")
            for class_id, existing in rows:
                if str(existing).casefold() == folded:
                    await conn.execute(
                        "UPDATE classes SET join_code = ? WHERE id = ?", (join_code, class_id)
                    )
                    return int(class_id), True
            row = await conn.execute_insert(
                "INSERT INTO classes (name, join_code, created_at) VALUES (?, ?, ?)",
                (name, join_code, now_us),
            )
            assert row is not None  # an INSERT always has a last row id
            return int(row[0]), False

        return await self._write(run)

    async def add_student(
        self, class_id: int, nickname: str, *, now: datetime | None = None
    ) -> int:
        """The id of the class's student with this nickname (in any case: "Ada" and "ada"
        are one student), created on first use."""
        class_id = self._id(SAVE, "class_id", class_id)
        nickname = self._text(SAVE, "nickname", nickname, MAX_NICKNAME)
        now_us = self._now_us(SAVE, now)

        async def run(conn: aiosqlite.Connection) -> int:
            if not await self._exists(conn, "classes", class_id):
                raise LookupError(f"class {class_id} does not exist")
            folded = nickname.casefold()
            rows = await conn.execute_fetchall(
                "SELECT id, nickname FROM students WHERE class_id = ? ORDER BY id", (class_id,)
            )
            for student_id, existing in rows:
                if str(existing).casefold() == folded:
                    return int(student_id)
            # an erased student's id is never given to another (the cloud knows ids)
            row = await conn.execute_insert(
                "INSERT INTO students (id, class_id, nickname, created_at) "
                f"VALUES (({erasures.NEXT_STUDENT_ID}), ?, ?, ?)",
                (class_id, nickname, now_us),
            )
            assert row is not None
            return int(row[0])

        return await self._write(run)

    # -- rounds ----------------------------------------------------------------------------
    async def create_round(
        self,
        class_id: int,
        *,
        game: str,
        world: str,
        mode: str,
        seed: int,
        room: str,
        params: dict[str, object],
        now: datetime | None = None,
        lesson_id: int | None = None,
    ) -> int:
        class_id = self._id(SAVE, "class_id", class_id)
        if lesson_id is not None:
            lesson_id = self._id(SAVE, "lesson_id", lesson_id)
        for name, value in (("game", game), ("world", world), ("mode", mode), ("room", room)):
            self._text(SAVE, name, value, MAX_NAME)
        if isinstance(seed, bool) or not isinstance(seed, int) or not -(2**63) <= seed < 2**63:
            raise self._invalid(SAVE, f"seed must be a 64-bit integer, got {seed!r}")
        try:
            params_json = dump_json("params", params)
        except ValueError as exc:
            raise self._invalid(SAVE, str(exc)) from None
        now_us = self._now_us(SAVE, now)

        async def run(conn: aiosqlite.Connection) -> int:
            if not await self._exists(conn, "classes", class_id):
                raise LookupError(f"class {class_id} does not exist")
            if lesson_id is not None:
                await classroom.require(conn, "lessons", lesson_id, "lesson")
            row = await conn.execute_insert(
                "INSERT INTO rounds (class_id, game, world, mode, seed, room, params, started_at,"
                " lesson_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (class_id, game, world, mode, seed, room, params_json, now_us, lesson_id),
            )
            assert row is not None
            return int(row[0])

        return await self._write(run)

    async def finish_round(
        self,
        round_id: int,
        *,
        now: datetime | None = None,
        team_score: int | None = None,
        end_state: str = "completed",
        ratings: Sequence[StoredRating] = (),
    ) -> None:
        """Mark the round finished (``end_state`` "completed" or "ended" by the teacher, a
        cooperative round's ``team_score``); finishing it again keeps the first values.
        A rated round's ``ratings`` are stored in the same transaction: a round is never
        stored completed without its ratings (nor rated without being completed)."""
        round_id = self._id(SAVE, "round_id", round_id)
        self._check_ratings(ratings)
        self._text(SAVE, "end_state", end_state, 32)
        if team_score is not None and (
            isinstance(team_score, bool) or not isinstance(team_score, int)
        ):
            raise self._invalid(SAVE, f"team_score must be an integer, got {team_score!r}")
        now_us = self._now_us(SAVE, now)

        async def run(conn: aiosqlite.Connection) -> None:
            if not await self._exists(conn, "rounds", round_id):
                raise LookupError(f"round {round_id} does not exist")
            cursor = await conn.execute(
                "UPDATE rounds SET finished_at = ?, team_score = ?, end_state = ? "
                "WHERE id = ? AND finished_at IS NULL",
                (now_us, team_score, end_state, round_id),
            )
            if ratings and cursor.rowcount:
                await classroom.save_ratings(conn, ratings, now_us)

        await self._write(run)

    async def round_info(self, round_id: int) -> RoundInfo:
        round_id = self._id(READ, "round_id", round_id)

        async def run(conn: aiosqlite.Connection) -> RoundInfo:
            rows = list(
                await conn.execute_fetchall(
                    "SELECT id, class_id, game, world, mode, seed, room, params, started_at, "
                    "finished_at FROM rounds WHERE id = ?",
                    (round_id,),
                )
            )
            if not rows:
                raise LookupError(f"round {round_id} does not exist")
            r = rows[0]
            return RoundInfo(
                id=int(r[0]),
                class_id=int(r[1]),
                game=str(r[2]),
                world=str(r[3]),
                mode=str(r[4]),
                seed=int(r[5]),
                room=str(r[6]),
                params=load_json(r[7]),
                started_at=from_epoch_us(int(r[8])),
                finished_at=None if r[9] is None else from_epoch_us(int(r[9])),
            )

        return await self._read(run)

    async def round_outcome(self, round_id: int) -> tuple[str | None, int | None]:
        """``(end_state, team_score)`` of a round (None, None while it runs)."""
        round_id = self._id(READ, "round_id", round_id)

        async def run(conn: aiosqlite.Connection) -> tuple[str | None, int | None]:
            rows = list(
                await conn.execute_fetchall(
                    "SELECT end_state, team_score FROM rounds WHERE id = ?", (round_id,)
                )
            )
            if not rows:
                raise LookupError(f"round {round_id} does not exist")
            state, team = rows[0]
            return (None if state is None else str(state), None if team is None else int(team))

        return await self._read(run)

    async def mark_interrupted_rounds(self, *, now: datetime | None = None) -> int:
        """After a crash: rounds left open are closed as 'interrupted'; returns how many."""
        rounds, _ = await self.recover_after_crash(now=now)
        return rounds

    async def recover_after_crash(self, *, now: datetime | None = None) -> tuple[int, int]:
        """After a host was killed: its open rounds close as 'interrupted' and its open
        lessons end (their join codes stop working), in one transaction; returns (rounds,
        lessons) closed. Only a host holding the data folder's lock may call it: another
        host's live lesson would be closed too."""
        now_us = self._now_us(SAVE, now)

        async def run(conn: aiosqlite.Connection) -> tuple[int, int]:
            rounds = await classroom.mark_interrupted(conn, now_us)
            lessons = await classroom.end_open_lessons(conn, now_us)
            return rounds, lessons

        return await self._write(run)

    async def prune_students(
        self,
        student_ids: Sequence[int] = (),
        *,
        lesson_id: int | None = None,
        flags_count_for: timedelta | None = None,
        now: datetime | None = None,
    ) -> int:
        """Forget students who left nothing behind (no result, rating, flag, chat line,
        achievement or roster entry), among ``student_ids`` and everyone seated in
        ``lesson_id``: a nickname that only joined and left does not stay a student of the
        class for ever. With ``flags_count_for`` (the window in which flags count towards
        a bar), older flags keep no row and every student with only such flags goes too.
        Returns how many rows were deleted."""
        ids = [self._id(SAVE, "student_id", s) for s in student_ids]
        lesson = None if lesson_id is None else self._id(SAVE, "lesson_id", lesson_id)
        flags_after = None
        if flags_count_for is not None:
            flags_after = self._now_us(SAVE, now) - int(flags_count_for.total_seconds() * 1e6)

        async def run(conn: aiosqlite.Connection) -> int:
            return await classroom.prune_students(conn, ids, lesson, flags_after)

        return await self._write(run)

    async def backup(self, *, keep: int = KEEP_BACKUPS) -> Path:
        """A consistent copy of the database in ``backups/`` beside it (SQLite's online
        backup API; the host keeps running); the newest ``keep`` copies are kept."""
        target = backup_name(self.path)
        await self._db.backup(target)
        rotate(self.path, keep)
        return target

    # -- lessons, rosters, moderation ------------------------------------------------------
    async def start_lesson(
        self, class_id: int, join_code: str, *, now: datetime | None = None
    ) -> int:
        """A new lesson of the class; ``join_code`` is valid until :meth:`end_lesson`."""
        class_id = self._id(SAVE, "class_id", class_id)
        join_code = self._text(SAVE, "join code", join_code, MAX_CODE)
        now_us = self._now_us(SAVE, now)

        async def run(conn: aiosqlite.Connection) -> int:
            return await classroom.start_lesson(conn, class_id, join_code, now_us)

        return await self._write(run)

    async def end_lesson(self, lesson_id: int, *, now: datetime | None = None) -> None:
        """End the lesson: its join code stops working, its open rounds are closed."""
        lesson_id = self._id(SAVE, "lesson_id", lesson_id)
        now_us = self._now_us(SAVE, now)

        async def run(conn: aiosqlite.Connection) -> None:
            await classroom.end_lesson(conn, lesson_id, now_us)

        await self._write(run)

    async def open_lesson(self, join_code: str) -> int | None:
        """The lesson this code admits to now, or None (unknown or ended)."""
        code = self._text(READ, "join code", join_code, MAX_CODE)

        async def run(conn: aiosqlite.Connection) -> int | None:
            return await classroom.open_lesson(conn, code)

        return await self._read(run)

    async def seat_student(
        self,
        lesson_id: int,
        student_id: int,
        room: str | None = None,
        *,
        now: datetime | None = None,
    ) -> None:
        """Record that the student takes part in the lesson (and in which room)."""
        lesson_id = self._id(SAVE, "lesson_id", lesson_id)
        student_id = self._id(SAVE, "student_id", student_id)
        now_us = self._now_us(SAVE, now)

        async def run(conn: aiosqlite.Connection) -> None:
            await classroom.require(conn, "lessons", lesson_id, "lesson")
            await classroom.require(conn, "students", student_id, "student")
            await classroom.seat(conn, lesson_id, student_id, room, now_us)

        await self._write(run)

    async def set_barred(
        self, lesson_id: int, student_id: int, barred: bool, *, now: datetime | None = None
    ) -> None:
        """Bar a student from the lesson, or lift the bar."""
        lesson_id = self._id(SAVE, "lesson_id", lesson_id)
        student_id = self._id(SAVE, "student_id", student_id)
        now_us = self._now_us(SAVE, now)

        async def run(conn: aiosqlite.Connection) -> None:
            await classroom.require(conn, "lessons", lesson_id, "lesson")
            await classroom.require(conn, "students", student_id, "student")
            await classroom.set_barred(conn, lesson_id, student_id, barred, now_us)

        await self._write(run)

    async def barred_students(self, lesson_id: int) -> list[int]:
        lesson_id = self._id(READ, "lesson_id", lesson_id)

        async def run(conn: aiosqlite.Connection) -> list[int]:
            return await classroom.barred(conn, lesson_id)

        return await self._read(run)

    async def save_roster(self, class_id: int, entries: Sequence[tuple[int, str]]) -> None:
        """Replace the class's roster with ``(line, nickname)`` entries (empty: anyone)."""
        class_id = self._id(SAVE, "class_id", class_id)
        rows = [(int(line), self._text(SAVE, "nickname", n, MAX_NICKNAME)) for line, n in entries]

        async def run(conn: aiosqlite.Connection) -> None:
            await classroom.replace_roster(conn, class_id, rows)

        await self._write(run)

    async def roster(self, class_id: int) -> list[str]:
        class_id = self._id(READ, "class_id", class_id)

        async def run(conn: aiosqlite.Connection) -> list[str]:
            return await classroom.roster(conn, class_id)

        return await self._read(run)

    async def ratings(self, student_ids: Sequence[int], game: str) -> dict[int, StoredRating]:
        """Stored ratings of these students in ``game`` (students never rated are absent)."""
        ids = [self._id(READ, "student_id", s) for s in student_ids]

        async def run(conn: aiosqlite.Connection) -> dict[int, StoredRating]:
            return await classroom.ratings(conn, ids, game)

        return await self._read(run)

    async def save_ratings(
        self, rows: Sequence[StoredRating], *, now: datetime | None = None
    ) -> None:
        """Store the ratings after a rated round, all in one transaction."""
        now_us = self._now_us(SAVE, now)
        self._check_ratings(rows)

        async def run(conn: aiosqlite.Connection) -> None:
            await classroom.save_ratings(conn, rows, now_us)

        await self._write(run)

    def _check_ratings(self, rows: Sequence[StoredRating]) -> None:
        for r in rows:
            self._id(SAVE, "student_id", r.student_id)
            if not (r.rd > 0 and r.volatility > 0 and r.matches >= 0):
                raise self._invalid(SAVE, f"rating of student {r.student_id} is out of range: {r}")

    async def achievements(self, student_id: int) -> list[Achievement]:
        student_id = self._id(READ, "student_id", student_id)

        async def run(conn: aiosqlite.Connection) -> list[Achievement]:
            return await classroom.achievements(conn, student_id)

        return await self._read(run)

    async def log_chat(self, lesson_id: int, line: ChatLine, *, now: datetime | None = None) -> int:
        """Keep a chat line (``line.id`` and ``created_at`` are ignored); returns its id."""
        lesson_id = self._id(SAVE, "lesson_id", lesson_id)
        self._text(SAVE, "chat text", line.text, 500)
        now_us = self._now_us(SAVE, now)

        async def run(conn: aiosqlite.Connection) -> int:
            await classroom.require(conn, "lessons", lesson_id, "lesson")
            return await classroom.log_chat(conn, line, lesson_id, now_us)

        return await self._write(run)

    async def chat_log(self, lesson_id: int) -> list[ChatLine]:
        lesson_id = self._id(READ, "lesson_id", lesson_id)

        async def run(conn: aiosqlite.Connection) -> list[ChatLine]:
            return await classroom.chat_log(conn, lesson_id)

        return await self._read(run)

    async def add_flag(
        self,
        student_id: int,
        kind: str,
        detail: str,
        *,
        lesson_id: int | None = None,
        window: timedelta = timedelta(hours=24),
        now: datetime | None = None,
    ) -> int:
        """Store an anti-cheat flag; returns the student's flags within ``window`` (since
        the last lifted bar), which the host compares with its limit."""
        student_id = self._id(SAVE, "student_id", student_id)
        self._text(SAVE, "flag kind", kind, 64)
        now_us = self._now_us(SAVE, now)
        window_us = int(window.total_seconds() * 1_000_000)

        async def run(conn: aiosqlite.Connection) -> int:
            return await classroom.add_flag(
                conn, student_id, lesson_id, kind, str(detail), now_us, window_us
            )

        return await self._write(run)

    async def flags(self, student_id: int) -> list[FlagRecord]:
        student_id = self._id(READ, "student_id", student_id)

        async def run(conn: aiosqlite.Connection) -> list[FlagRecord]:
            return await classroom.flags(conn, student_id)

        return await self._read(run)

    async def lesson_results(self, lesson_id: int) -> list[StoredFlight]:
        """Every flight of a lesson, round by round, best score first within a round."""
        lesson_id = self._id(READ, "lesson_id", lesson_id)

        async def run(conn: aiosqlite.Connection) -> list[StoredFlight]:
            await classroom.require(conn, "lessons", lesson_id, "lesson")
            return await flights.select_flights(
                conn,
                "f.round_id IN (SELECT id FROM rounds WHERE lesson_id = ?)",
                (lesson_id,),
                "f.round_id, f.score DESC, f.created_at, f.id",
            )

        return await self._read(run)

    async def lesson_bests(self, lesson_id: int, game: str) -> list[LessonBest]:
        """Each student's best flight in ``game`` during a lesson and how many they flew,
        in no particular order: one row per student, however many rounds were played."""
        lesson_id = self._id(READ, "lesson_id", lesson_id)

        async def run(conn: aiosqlite.Connection) -> list[LessonBest]:
            await classroom.require(conn, "lessons", lesson_id, "lesson")
            return await flights.lesson_bests(conn, lesson_id, game)

        return await self._read(run)

    async def lesson_results_csv(self, lesson_id: int) -> str:
        """A lesson's results (all its rounds and rooms) as CSV text."""
        return export.flights_csv(await self.lesson_results(lesson_id))

    async def lessons(
        self,
        search: str | None = None,
        since: date | None = None,
        until: date | None = None,
        *,
        limit: int = 200,
        tz: tzinfo | None = None,
    ) -> list[LessonInfo]:
        """Lessons, newest first: class name, join code, times, rounds, flights, students.

        ``search`` keeps lessons whose class name or join code contains it (any case);
        ``since`` / ``until`` keep lessons started on those local days (both included) in
        the class's time zone ``tz`` (default: this computer's). Open lessons are included
        (``ended_at`` None).
        """
        needle = self._search(search)
        for name, day in (("since", since), ("until", until)):
            if day is not None and (isinstance(day, datetime) or not isinstance(day, date)):
                raise self._invalid(READ, f"{name} must be a date, got {day!r}")
        if since is not None and until is not None and since > until:
            raise self._invalid(READ, f"since ({since}) must not be after until ({until})")
        if tz is not None and not isinstance(tz, tzinfo):
            raise self._invalid(READ, f"tz must be a tzinfo, got {tz!r}")
        limit = self._limit(READ, limit)
        start_us, end_us = history.day_bounds(since, until, tz)

        async def run(conn: aiosqlite.Connection) -> list[LessonInfo]:
            return await history.lessons(conn, needle, start_us, end_us, limit)

        return await self._read(run)

    def _search(self, search: str | None) -> str | None:
        if search is None:
            return None
        if not isinstance(search, str):
            raise self._invalid(READ, f"search must be a string, got {search!r}")
        if len(search) > MAX_NAME:
            raise self._invalid(
                READ, f"search must be at most {MAX_NAME} characters, got {len(search)}"
            )
        return history.fold(search.strip()) or None

    async def lesson(self, lesson_id: int) -> LessonInfo:
        """One lesson: its class, code, times and how much was played."""
        lesson_id = self._id(READ, "lesson_id", lesson_id)

        async def run(conn: aiosqlite.Connection) -> LessonInfo:
            return await history.lesson(conn, lesson_id)

        return await self._read(run)

    async def lesson_rounds(self, lesson_id: int) -> list[LessonRound]:
        """The lesson's rounds in the order they started, with flights and best score."""
        lesson_id = self._id(READ, "lesson_id", lesson_id)

        async def run(conn: aiosqlite.Connection) -> list[LessonRound]:
            return await history.lesson_rounds(conn, lesson_id)

        return await self._read(run)

    # -- results ---------------------------------------------------------------------------
    async def record_flight(
        self, flight: FlightRecord, *, now: datetime | None = None
    ) -> StoredFlight:
        """Store one result: flight, telemetry, progress, score history and outbox row;
        returns after the COMMIT of the transaction that stored it (shared with the results
        recorded at the same time; another result's failure does not fail this one)."""
        return (await self.record_flights([flight], now=now))[0]

    async def record_flights(
        self, batch: Sequence[FlightRecord], *, now: datetime | None = None
    ) -> list[StoredFlight]:
        """Store several results all or none, in the given order; returns after COMMIT."""
        records = list(batch)
        try:
            for record in records:
                flights.check(record)
        except ValueError as exc:
            raise self._invalid(SAVE, str(exc)) from None
        now_us = self._now_us(SAVE, now)
        if not records:
            return []
        try:
            if sum(flights.blob_bytes(r) for r in records) >= OFFLOAD_BYTES:
                prepared = await asyncio.to_thread(_encode_all, records, now_us)
            else:
                prepared = _encode_all(records, now_us)
        except ValueError as exc:
            raise self._invalid(SAVE, str(exc)) from None
        return await self._writer.submit(prepared)

    def write_stats(self) -> WriteStats:
        """How many transactions stored how many flights since the store was opened."""
        return self._writer.stats()

    async def round_results(self, round_id: int) -> list[StoredFlight]:
        """The round's flights, best score first (ties: the earlier flight first)."""
        round_id = self._id(READ, "round_id", round_id)

        async def run(conn: aiosqlite.Connection) -> list[StoredFlight]:
            if not await self._exists(conn, "rounds", round_id):
                raise LookupError(f"round {round_id} does not exist")
            return await flights.select_flights(
                conn, "f.round_id = ?", (round_id,), "f.score DESC, f.created_at, f.id"
            )

        return await self._read(run)

    async def student_flights(self, student_id: int) -> list[StoredFlight]:
        """Every flight of a student, oldest first."""
        student_id = self._id(READ, "student_id", student_id)

        async def run(conn: aiosqlite.Connection) -> list[StoredFlight]:
            return await self._student_flights(conn, student_id)

        return await self._read(run)

    async def _blobs(self, flight_id: int) -> tuple[bytes, bytes]:
        flight_id = self._id(READ, "flight_id", flight_id)

        async def run(conn: aiosqlite.Connection) -> tuple[bytes, bytes]:
            blobs = await flights.flight_blobs(conn, flight_id)
            if blobs is None:
                raise LookupError(f"flight {flight_id} does not exist")
            return blobs

        return await self._read(run)

    async def flight_telemetry(self, flight_id: int) -> bytes:
        """The flight's telemetry exactly as it was recorded."""
        return (await self._blobs(flight_id))[0]

    async def flight_inputs(self, flight_id: int) -> bytes:
        """The flight's recorded input stream, for a replay."""
        return (await self._blobs(flight_id))[1]

    # -- progress and leaderboards ---------------------------------------------------------
    def _bounds(
        self, period: Period, now: datetime | None, tz: tzinfo | None
    ) -> tuple[int, int] | None:
        if period not in PERIODS:
            raise self._invalid(READ, f"period must be one of {', '.join(PERIODS)}, got {period!r}")
        now_us = self._now_us(READ, now)
        bounds = period_bounds(period, from_epoch_us(now_us), tz)
        if bounds is None:
            return None
        return to_epoch_us(bounds[0]), to_epoch_us(bounds[1])

    async def leaderboard(
        self,
        class_id: int,
        game: str,
        period: Period,
        *,
        limit: int = 10,
        now: datetime | None = None,
        tz: tzinfo | None = None,
    ) -> list[LeaderboardRow]:
        """Best score per student in the day / ISO week (Monday first) containing ``now`` in
        the class's time zone ``tz`` (default: this computer's), or of all time. Ties go to
        the student who reached the score first; ranks are 1..n."""
        class_id = self._id(READ, "class_id", class_id)
        limit = self._limit(READ, limit)
        bounds = self._bounds(period, now, tz)

        async def run(conn: aiosqlite.Connection) -> list[LeaderboardRow]:
            return await leaderboards.board(conn, class_id, game, bounds, limit)

        return await self._read(run)

    async def leaderboard_around(
        self,
        class_id: int,
        game: str,
        period: Period,
        student_id: int,
        *,
        span: int = 2,
        now: datetime | None = None,
        tz: tzinfo | None = None,
    ) -> list[LeaderboardRow]:
        """The "around me" view: the student's row with up to ``span`` rows above and below
        (empty if the student has no flight in the period)."""
        class_id = self._id(READ, "class_id", class_id)
        student_id = self._id(READ, "student_id", student_id)
        if isinstance(span, bool) or not isinstance(span, int) or not 0 <= span <= 50:
            raise self._invalid(READ, f"span must be within 0..50, got {span!r}")
        bounds = self._bounds(period, now, tz)

        async def run(conn: aiosqlite.Connection) -> list[LeaderboardRow]:
            rows = await leaderboards.board(conn, class_id, game, bounds, -1)
            return leaderboards.around(rows, student_id, span)

        return await self._read(run)

    async def personal_bests(self, student_id: int) -> list[Progress]:
        """The student's progress in every game played, by game name."""
        student_id = self._id(READ, "student_id", student_id)

        async def run(conn: aiosqlite.Connection) -> list[Progress]:
            rows = await conn.execute_fetchall(
                "SELECT student_id, game, plays, best_score, best_stars, max_stars, "
                "best_flight_id, best_at, last_played_at FROM progress WHERE student_id = ? "
                "ORDER BY game",
                (student_id,),
            )
            return [_progress(r) for r in rows]

        return await self._read(run)

    async def score_history(self, student_id: int, game: str) -> list[ScoreHistoryEntry]:
        """The student's scores in one game, oldest first, marking each new personal best."""
        student_id = self._id(READ, "student_id", student_id)

        async def run(conn: aiosqlite.Connection) -> list[ScoreHistoryEntry]:
            rows = await conn.execute_fetchall(
                "SELECT flight_id, game, score, stars, new_best, created_at FROM score_history "
                "WHERE student_id = ? AND game = ? ORDER BY created_at, id",
                (student_id, game),
            )
            return [
                ScoreHistoryEntry(
                    flight_id=int(r[0]),
                    game=str(r[1]),
                    score=int(r[2]),
                    stars=int(r[3]),
                    new_best=bool(r[4]),
                    created_at=from_epoch_us(int(r[5])),
                )
                for r in rows
            ]

        return await self._read(run)

    # -- outbox ----------------------------------------------------------------------------
    async def outbox_pending(self, limit: int = 20) -> list[OutboxItem]:
        """Up to ``limit`` results not yet sent to the cloud, oldest first."""
        limit = self._limit(READ, limit)

        async def run(conn: aiosqlite.Connection) -> list[OutboxItem]:
            return await outbox.pending(conn, limit)

        return await self._read(run)

    async def outbox_mark_sent(
        self, result_uids: Sequence[str], *, now: datetime | None = None
    ) -> None:
        uids = self._uids(result_uids)
        now_us = self._now_us(SAVE, now)

        async def run(conn: aiosqlite.Connection) -> int:
            return await outbox.mark_sent(conn, uids, now_us)

        await self._write(run)

    async def outbox_mark_failed(self, result_uids: Sequence[str], error: str) -> None:
        """Count a failed send attempt (the sync backs off by ``attempts``)."""
        uids = self._uids(result_uids)

        async def run(conn: aiosqlite.Connection) -> int:
            return await outbox.mark_failed(conn, uids, str(error))

        await self._write(run)

    async def erasures_pending(self, limit: int = 20) -> list[int]:
        """Erased students (local ids) the cloud has not confirmed erasing yet."""
        limit = self._limit(READ, limit)

        async def run(conn: aiosqlite.Connection) -> list[int]:
            return await erasures.pending(conn, limit)

        return await self._read(run)

    async def erasures_mark_sent(
        self, student_ids: Sequence[int], *, now: datetime | None = None
    ) -> None:
        ids = [self._id(SAVE, "student_id", s) for s in student_ids]
        now_us = self._now_us(SAVE, now)

        async def run(conn: aiosqlite.Connection) -> int:
            return await erasures.mark_sent(conn, ids, now_us)

        await self._write(run)

    async def erasures_mark_failed(self, student_ids: Sequence[int], error: str) -> None:
        ids = [self._id(SAVE, "student_id", s) for s in student_ids]

        async def run(conn: aiosqlite.Connection) -> int:
            return await erasures.mark_failed(conn, ids, str(error))

        await self._write(run)

    async def erasures_count(self) -> int:
        """Erasures still to be told to the cloud."""
        return await self._read(erasures.count_pending)

    async def outbox_counts(self) -> tuple[int, int]:
        """``(pending, sent)`` results."""
        return await self._read(outbox.counts)

    def _uids(self, result_uids: Sequence[str]) -> list[str]:
        if isinstance(result_uids, str):
            raise self._invalid(SAVE, "result_uids must be a list of uids, not one string")
        uids = list(result_uids)
        for uid in uids:
            if not isinstance(uid, str) or not uid:
                raise self._invalid(SAVE, f"result uid must be a non-empty string, got {uid!r}")
        return uids

    # -- exports and the student's rights ---------------------------------------------------
    async def round_results_csv(self, round_id: int) -> str:
        """The round's results as CSV text, ranked like :meth:`round_results`."""
        return export.flights_csv(await self.round_results(round_id))

    async def student_flights_csv(self, student_id: int, *, telemetry: bool = True) -> str:
        """Every flight of a student as CSV text, oldest first, telemetry in base64 columns."""
        student_id = self._id(READ, "student_id", student_id)

        async def run(conn: aiosqlite.Connection) -> str:
            rows = await self._student_flights(conn, student_id)
            if not telemetry:
                return export.flights_csv(rows)
            blobs = [await self._flight_blobs(conn, f.id) for f in rows]
            return export.flights_csv(rows, blobs)

        return await self._read(run)

    async def export_student(self, student_id: int) -> dict[str, object]:
        """Everything stored about one student, as JSON-ready values (one consistent read)."""
        student_id = self._id(READ, "student_id", student_id)

        async def run(conn: aiosqlite.Connection) -> dict[str, object]:
            rows = list(
                await conn.execute_fetchall(
                    "SELECT s.id, s.nickname, s.created_at, c.id, c.name FROM students s "
                    "JOIN classes c ON c.id = s.class_id WHERE s.id = ?",
                    (student_id,),
                )
            )
            if not rows:
                raise LookupError(f"student {student_id} does not exist")
            r = rows[0]
            flights_out = []
            for f in await self._student_flights(conn, student_id):
                telemetry, inputs = await self._flight_blobs(conn, f.id)
                flights_out.append(export.flight_dict(f, telemetry, inputs))
            history = await conn.execute_fetchall(
                "SELECT flight_id, game, score, stars, new_best, created_at FROM score_history "
                "WHERE student_id = ? ORDER BY created_at, id",
                (student_id,),
            )
            progress = await conn.execute_fetchall(
                "SELECT student_id, game, plays, best_score, best_stars, max_stars, "
                "best_flight_id, best_at, last_played_at FROM progress WHERE student_id = ? "
                "ORDER BY game",
                (student_id,),
            )
            extra = await self._student_extras(conn, student_id)
            return {
                **extra,
                "student": {
                    "id": int(r[0]),
                    "nickname": str(r[1]),
                    "created_at": from_epoch_us(int(r[2])).isoformat(),
                    "class_id": int(r[3]),
                    "class_name": str(r[4]),
                },
                "progress": [_progress_dict(_progress(p)) for p in progress],
                "score_history": [
                    {
                        "flight_id": int(h[0]),
                        "game": str(h[1]),
                        "score": int(h[2]),
                        "stars": int(h[3]),
                        "new_best": bool(h[4]),
                        "created_at": from_epoch_us(int(h[5])).isoformat(),
                    }
                    for h in history
                ],
                "flights": flights_out,
            }

        return await self._read(run)

    @staticmethod
    async def _student_extras(conn: aiosqlite.Connection, student_id: int) -> dict[str, object]:
        rating_rows = await conn.execute_fetchall(
            "SELECT game, rating, rd, volatility, matches FROM ratings WHERE student_id = ? "
            "ORDER BY game",
            (student_id,),
        )
        return {
            "ratings": [
                {
                    "game": str(r[0]),
                    "rating": float(r[1]),
                    "rd": float(r[2]),
                    "volatility": float(r[3]),
                    "matches": int(r[4]),
                }
                for r in rating_rows
            ],
            "achievements": [
                {"kind": a.kind, "flight_id": a.flight_id, "created_at": a.created_at.isoformat()}
                for a in await classroom.achievements(conn, student_id)
            ],
            "chat": [
                {"room": c.room, "text": c.text, "created_at": c.created_at.isoformat()}
                for c in await classroom.student_chat(conn, student_id)
            ],
            "flags": [
                {"kind": f.kind, "detail": f.detail, "created_at": f.created_at.isoformat()}
                for f in await classroom.flags(conn, student_id)
            ],
        }

    async def delete_student(self, student_id: int, *, now: datetime | None = None) -> int:
        """Erase a student and everything about them (flights, telemetry, progress, history,
        unsent outbox rows) in one transaction; returns how many flights went with them.
        The erasure waits for the next cloud sync (:meth:`erasures_pending`), which asks
        the cloud to erase the student too."""
        student_id = self._id(SAVE, "student_id", student_id)
        now_us = self._now_us(SAVE, now)

        async def run(conn: aiosqlite.Connection) -> int:
            if not await self._exists(conn, "students", student_id):
                raise LookupError(f"student {student_id} does not exist")
            rows = list(
                await conn.execute_fetchall(
                    "SELECT count(*) FROM flights WHERE student_id = ?", (student_id,)
                )
            )
            # Foreign keys cascade to flights, flight_data, progress, score_history, outbox.
            await conn.execute("DELETE FROM students WHERE id = ?", (student_id,))
            await erasures.record(conn, student_id, now_us)
            return int(rows[0][0])

        return await self._write(run)

    async def _student_flights(
        self, conn: aiosqlite.Connection, student_id: int
    ) -> list[StoredFlight]:
        if not await self._exists(conn, "students", student_id):
            raise LookupError(f"student {student_id} does not exist")
        return await flights.select_flights(
            conn, "f.student_id = ?", (student_id,), "f.created_at, f.id"
        )

    @staticmethod
    async def _flight_blobs(conn: aiosqlite.Connection, flight_id: int) -> tuple[bytes, bytes]:
        blobs = await flights.flight_blobs(conn, flight_id)
        if blobs is None:
            raise LookupError(f"flight {flight_id} has no telemetry")
        return blobs

    # -- maintenance -----------------------------------------------------------------------
    async def integrity_check(self) -> str:
        """``"ok"``, or SQLite's list of problems (integrity and foreign keys) joined by "; "."""

        async def run(conn: aiosqlite.Connection) -> str:
            problems = [str(r[0]) for r in await conn.execute_fetchall("PRAGMA integrity_check")]
            if problems == ["ok"]:
                problems = []
            for r in await conn.execute_fetchall("PRAGMA foreign_key_check"):
                problems.append(f"row {r[1]} of {r[0]} points to a missing row of {r[2]}")
            return "; ".join(problems) or "ok"

        return await self._read(run)

    async def settings(self) -> dict[str, object]:
        """The connection's effective SQLite settings (for diagnostics and tests)."""

        async def run(conn: aiosqlite.Connection) -> dict[str, object]:
            out: dict[str, object] = {}
            for name in SETTINGS:
                rows = list(await conn.execute_fetchall(f"PRAGMA {name}"))
                out[name] = rows[0][0]
            return out

        return await self._read(run)

    async def schema_version(self) -> int:
        async def run(conn: aiosqlite.Connection) -> int:
            rows = list(await conn.execute_fetchall("PRAGMA user_version"))
            return int(rows[0][0])

        return await self._read(run)


def _encode_all(records: list[FlightRecord], created_us: int) -> list[flights.Prepared]:
    return [flights.encode(r, created_us) for r in records]


def _progress_dict(p: Progress) -> dict[str, object]:
    return {
        "game": p.game,
        "plays": p.plays,
        "best_score": p.best_score,
        "best_stars": p.best_stars,
        "max_stars": p.max_stars,
        "best_flight_id": p.best_flight_id,
        "best_at": p.best_at.isoformat(),
        "last_played_at": p.last_played_at.isoformat(),
    }


def _progress(r: Any) -> Progress:
    return Progress(
        student_id=int(r[0]),
        game=str(r[1]),
        plays=int(r[2]),
        best_score=int(r[3]),
        best_stars=int(r[4]),
        max_stars=int(r[5]),
        best_flight_id=int(r[6]),
        best_at=from_epoch_us(int(r[7])),
        last_played_at=from_epoch_us(int(r[8])),
    )
