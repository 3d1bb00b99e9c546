"""Writing finished flights (one transaction for flight, progress, history and outbox) and
reading them back."""

from __future__ import annotations

import json
import math
import os
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import aiosqlite

from app.store.clock import from_epoch_us
from app.store.codec import compress, decompress, dump_json, load_json
from app.store.records import FlightRecord, LessonBest, StoredFlight

MAX_TEXT = 200
MAX_BLOB = 64 * 1024 * 1024

FLIGHT_COLUMNS = """
    f.id, f.result_uid, f.round_id, f.student_id, s.nickname, f.outcome, f.reason_code,
    f.reason, f.score, f.stars, f.breakdown, f.flight_time_s, f.fuel_used, f.params,
    f.created_at, f.game, f.world
"""

_INSERT_FLIGHT = """
INSERT INTO flights (result_uid, round_id, student_id, class_id, game, world, outcome,
                     reason_code, reason, score, stars, breakdown, flight_time_s, fuel_used,
                     params, created_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
"""
_INSERT_DATA = "INSERT INTO flight_data (flight_id, telemetry, inputs) VALUES (?, ?, ?)"
_UPSERT_PROGRESS = """
INSERT INTO progress (student_id, game, class_id, plays, best_score, best_stars, max_stars,
                      best_flight_id, best_at, last_played_at)
VALUES (?, ?, ?, 1, ?, ?, ?, ?, ?, ?)
ON CONFLICT (student_id, game) DO UPDATE SET
    plays = plays + 1,
    best_score = CASE WHEN excluded.best_score > best_score
                       OR (excluded.best_score = best_score AND excluded.best_at < best_at)
                      THEN excluded.best_score ELSE best_score END,
    best_stars = CASE WHEN excluded.best_score > best_score
                       OR (excluded.best_score = best_score AND excluded.best_at < best_at)
                      THEN excluded.best_stars ELSE best_stars END,
    best_flight_id = CASE WHEN excluded.best_score > best_score
                       OR (excluded.best_score = best_score AND excluded.best_at < best_at)
                      THEN excluded.best_flight_id ELSE best_flight_id END,
    best_at = CASE WHEN excluded.best_score > best_score
                       OR (excluded.best_score = best_score AND excluded.best_at < best_at)
                      THEN excluded.best_at ELSE best_at END,
    max_stars = max(max_stars, excluded.max_stars),
    last_played_at = max(last_played_at, excluded.last_played_at)
"""
_INSERT_HISTORY = """
INSERT INTO score_history (student_id, flight_id, game, score, stars, new_best, created_at)
VALUES (?, ?, ?, ?, ?, ?, ?)
"""
_INSERT_ACHIEVEMENT = """
INSERT INTO achievements (student_id, kind, flight_id, created_at) VALUES (?, ?, ?, ?)
ON CONFLICT (student_id, kind) DO NOTHING
"""
_INSERT_OUTBOX = """
INSERT INTO outbox (result_uid, flight_id, payload, created_at) VALUES (?, ?, ?, ?)
"""


@dataclass(frozen=True)
class Prepared:
    """A checked record with its columns encoded, ready for :func:`insert_flights`."""

    record: FlightRecord
    uid: str
    breakdown: str
    params: str
    telemetry: bytes
    inputs: bytes
    created_us: int
    breakdown_value: dict[str, object]  # the columns read back, as a read returns them
    params_value: dict[str, object]


def _text(name: str, value: object, *, allow_empty: bool = False) -> str:
    if not isinstance(value, str):
        raise ValueError(f"{name} must be a string, got {type(value).__name__}")
    if not allow_empty and not value.strip():
        raise ValueError(f"{name} must not be empty")
    if len(value) > MAX_TEXT:
        raise ValueError(f"{name} must be at most {MAX_TEXT} characters, got {len(value)}")
    return value


def _int(name: str, value: object, lo: int | None = None, hi: int | None = None) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{name} must be an integer, got {value!r}")
    if (lo is not None and value < lo) or (hi is not None and value > hi):
        raise ValueError(f"{name} must be within {lo}..{hi}, got {value}")
    return value


def _float(name: str, value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ValueError(f"{name} must be a finite number, got {value!r}")
    if value < 0:
        raise ValueError(f"{name} must be >= 0, got {value}")
    return float(value)


def _blob(name: str, value: object) -> None:
    if not isinstance(value, bytes | bytearray | memoryview):
        raise ValueError(f"{name} must be bytes, got {type(value).__name__}")
    size = memoryview(value).nbytes
    if size > MAX_BLOB:
        raise ValueError(f"{name} must be at most {MAX_BLOB} bytes, got {size}")


def check(record: FlightRecord) -> None:
    """Check one record's fields (cheap: no encoding); ``ValueError`` names the bad field."""
    if not isinstance(record, FlightRecord):
        raise ValueError(f"expected a FlightRecord, got {type(record).__name__}")
    _int("round_id", record.round_id, 1)
    _int("student_id", record.student_id, 1)
    for name in ("game", "world", "outcome", "reason_code"):
        _text(name, getattr(record, name))
    _text("reason", record.reason, allow_empty=True)
    _int("score", record.score, -(2**62), 2**62)
    _int("stars", record.stars, 0, 3)
    _float("flight_time_s", record.flight_time_s)
    _float("fuel_used", record.fuel_used)
    _blob("telemetry", record.telemetry)
    _blob("inputs", record.inputs)


def blob_bytes(record: FlightRecord) -> int:
    """Raw telemetry + input bytes of a checked record (what compression has to chew)."""
    return len(record.telemetry) + len(record.inputs)


def new_uid() -> str:
    """A result uid: 32 hex digits laid out as a UUID version 7 (RFC 9562).

    The first 48 bits are the Unix time in milliseconds, the other 74 free bits random. Uids
    made later sort later, so the UNIQUE indexes on ``result_uid`` (flights, outbox) grow at
    their right edge: a batch touches a page or two of each instead of one random page per
    result, which keeps the WAL (and every checkpoint) small. 74 random bits per millisecond
    keep uids of different hosts apart for the cloud.
    """
    ms = time.time_ns() // 1_000_000
    rand = int.from_bytes(os.urandom(10))  # 80 bits; 74 are kept
    rand_a = rand >> 68  # 12 bits
    rand_b = rand & ((1 << 62) - 1)  # 62 bits
    value = (ms & ((1 << 48) - 1)) << 80 | 0x7 << 76 | rand_a << 64 | 0b10 << 62 | rand_b
    return f"{value:032x}"


def encode(record: FlightRecord, created_us: int) -> Prepared:
    """Encode a record that passed :func:`check`: JSON columns, compressed blobs, a new uid.

    ``ValueError`` if the breakdown or params cannot be stored as JSON. Pure CPU work that
    touches no shared state, so it may run in a worker thread.
    """
    breakdown = dump_json("breakdown", record.breakdown)
    params = dump_json("params", record.params)
    return Prepared(
        record=record,
        uid=new_uid(),
        breakdown=breakdown,
        params=params,
        telemetry=compress(bytes(record.telemetry)),
        inputs=compress(bytes(record.inputs)),
        created_us=created_us,
        breakdown_value=load_json(breakdown),
        params_value=load_json(params),
    )


@dataclass(frozen=True)
class Owner:
    class_id: int
    nickname: str


@dataclass(frozen=True)
class Owners:
    """The rounds and students a batch refers to, read inside its write transaction."""

    rounds: dict[int, tuple[int, str]]  # round id -> (class id, game)
    students: dict[int, Owner]
    best: dict[tuple[int, str], int]  # (student id, game) -> best score before the batch

    def problem(self, record: FlightRecord) -> LookupError | ValueError | None:
        """Why ``record`` cannot be stored (an unknown round or student, a student of
        another class, a flight of another game than its round's), or None."""
        round_ = self.rounds.get(record.round_id)
        if round_ is None:
            return LookupError(f"round {record.round_id} does not exist")
        class_id, game = round_
        if record.game != game:
            return ValueError(
                f"flight of game {record.game!r} cannot be stored in round "
                f"{record.round_id}, a round of {game!r}"
            )
        owner = self.students.get(record.student_id)
        if owner is None:
            return LookupError(f"student {record.student_id} does not exist")
        if owner.class_id != class_id:
            return LookupError(
                f"student {record.student_id} ({owner.nickname}) is not in the class "
                f"of round {record.round_id}"
            )
        return None


async def _ids_in(conn: aiosqlite.Connection, sql: str, ids: Sequence[object]) -> list[Any]:
    return list(await conn.execute_fetchall(sql, (dump_list(ids),)))


def dump_list(values: Sequence[object]) -> str:
    """A JSON array to bind as one parameter and expand with ``json_each`` in SQL."""
    return json.dumps(list(values))


_LOOKUP = """
SELECT 0, id, class_id, game FROM rounds WHERE id IN (SELECT value FROM json_each(?1))
UNION ALL
SELECT 1, id, class_id, nickname FROM students WHERE id IN (SELECT value FROM json_each(?2))
UNION ALL
SELECT 2, student_id, best_score, game FROM progress
WHERE student_id IN (SELECT value FROM json_each(?2))
"""


async def owners(conn: aiosqlite.Connection, batch: Sequence[Prepared]) -> Owners:
    """Look up every round and student of ``batch`` and their personal bests before it, in
    one query (each statement is a trip to the database thread)."""
    rows = await conn.execute_fetchall(
        _LOOKUP,
        (
            dump_list(sorted({p.record.round_id for p in batch})),
            dump_list(sorted({p.record.student_id for p in batch})),
        ),
    )
    rounds: dict[int, tuple[int, str]] = {}
    students: dict[int, Owner] = {}
    best: dict[tuple[int, str], int] = {}
    for kind, key, number, text in rows:
        if kind == 0:
            rounds[int(key)] = (int(number), str(text))
        elif kind == 1:
            students[int(key)] = Owner(int(number), str(text))
        else:
            best[(int(key), str(text))] = int(number)
    return Owners(rounds=rounds, students=students, best=best)


async def insert_flights(
    conn: aiosqlite.Connection, batch: Sequence[Prepared], known: Owners
) -> list[StoredFlight]:
    """Insert a batch inside the caller's write transaction, in order; every record must
    have passed ``known.problem`` (the caller drops or refuses the others first).

    About ten statements whatever the batch size: one ``executemany`` per table.
    """
    if not batch:
        return []
    rounds = {rid: class_id for rid, (class_id, _) in known.rounds.items()}
    await conn.executemany(
        _INSERT_FLIGHT,
        [
            (
                p.uid,
                p.record.round_id,
                p.record.student_id,
                rounds[p.record.round_id],
                p.record.game,
                p.record.world,
                p.record.outcome,
                p.record.reason_code,
                p.record.reason,
                p.record.score,
                p.record.stars,
                p.breakdown,
                p.record.flight_time_s,
                p.record.fuel_used,
                p.params,
                p.created_us,
            )
            for p in batch
        ],
    )
    ids = {
        str(r[1]): int(r[0])
        for r in await _ids_in(
            conn,
            "SELECT id, result_uid FROM flights "
            "WHERE result_uid IN (SELECT value FROM json_each(?))",
            [p.uid for p in batch],
        )
    }
    await conn.executemany(_INSERT_DATA, [(ids[p.uid], p.telemetry, p.inputs) for p in batch])

    # Personal bests before this batch decide which flights set a new best.
    best = dict(known.best)
    history = []
    for p in batch:
        key = (p.record.student_id, p.record.game)
        new_best = key not in best or p.record.score > best[key]
        if new_best:
            best[key] = p.record.score
        history.append(
            (
                p.record.student_id,
                ids[p.uid],
                p.record.game,
                p.record.score,
                p.record.stars,
                int(new_best),
                p.created_us,
            )
        )
    await conn.executemany(
        _UPSERT_PROGRESS,
        [
            (
                p.record.student_id,
                p.record.game,
                rounds[p.record.round_id],
                p.record.score,
                p.record.stars,
                p.record.stars,
                ids[p.uid],
                p.created_us,
                p.created_us,
            )
            for p in batch
        ],
    )
    await conn.executemany(_INSERT_HISTORY, history)
    await conn.executemany(
        _INSERT_ACHIEVEMENT,
        [
            (p.record.student_id, kind, ids[p.uid], p.created_us)
            for p in batch
            for kind in achievements_of(p.record)
        ],
    )

    stored = [
        StoredFlight(
            id=ids[p.uid],
            result_uid=p.uid,
            round_id=p.record.round_id,
            student_id=p.record.student_id,
            nickname=known.students[p.record.student_id].nickname,
            outcome=p.record.outcome,
            reason_code=p.record.reason_code,
            reason=p.record.reason,
            score=p.record.score,
            stars=p.record.stars,
            breakdown=p.breakdown_value,
            flight_time_s=float(p.record.flight_time_s),
            fuel_used=float(p.record.fuel_used),
            params=p.params_value,
            created_at=from_epoch_us(p.created_us),
            game=p.record.game,
            world=p.record.world,
        )
        for p in batch
    ]
    await conn.executemany(
        _INSERT_OUTBOX,
        [
            (f.result_uid, f.id, dump_json("payload", outbox_payload(f)), p.created_us)
            for f, p in zip(stored, batch, strict=True)
        ],
    )
    return stored


def achievements_of(record: FlightRecord) -> list[str]:
    """The achievements one flight earns (each is kept once per student: the first time)."""
    kinds = ["first_flight"]
    if record.outcome == "landed":
        kinds.append("first_landing")
    if record.stars >= 3:
        kinds.append("three_stars")
    return kinds


def outbox_payload(flight: StoredFlight) -> dict[str, object]:
    """What the cloud receives for one result (no telemetry: that stays in the school)."""
    return {
        "result_uid": flight.result_uid,
        "flight_id": flight.id,
        "round_id": flight.round_id,
        "student_id": flight.student_id,
        "nickname": flight.nickname,
        "game": flight.game,
        "world": flight.world,
        "outcome": flight.outcome,
        "reason_code": flight.reason_code,
        "score": flight.score,
        "stars": flight.stars,
        "flight_time_s": flight.flight_time_s,
        "fuel_used": flight.fuel_used,
        "created_at": flight.created_at.isoformat(),
    }


def row_to_flight(row: Any) -> StoredFlight:
    """A :class:`StoredFlight` from a row selected with :data:`FLIGHT_COLUMNS`."""
    return StoredFlight(
        id=int(row[0]),
        result_uid=str(row[1]),
        round_id=int(row[2]),
        student_id=int(row[3]),
        nickname=str(row[4]),
        outcome=str(row[5]),
        reason_code=str(row[6]),
        reason=str(row[7]),
        score=int(row[8]),
        stars=int(row[9]),
        breakdown=load_json(row[10]),
        flight_time_s=float(row[11]),
        fuel_used=float(row[12]),
        params=load_json(row[13]),
        created_at=from_epoch_us(int(row[14])),
        game=str(row[15]),
        world=str(row[16]),
    )


async def select_flights(
    conn: aiosqlite.Connection, where: str, params: Sequence[object], order: str
) -> list[StoredFlight]:
    """Flights joined with their student's nickname; ``where``/``order`` are constants of
    this package, never user text."""
    sql = (
        f"SELECT {FLIGHT_COLUMNS} FROM flights f JOIN students s ON s.id = f.student_id "
        f"WHERE {where} ORDER BY {order}"
    )
    return [row_to_flight(r) for r in await conn.execute_fetchall(sql, params)]


_LESSON_BESTS = """
SELECT nickname, score, stars, flights FROM (
    SELECT s.nickname AS nickname, f.score AS score, f.stars AS stars,
           count(*) OVER per_student AS flights,
           row_number() OVER (per_student ORDER BY f.score DESC, f.round_id, f.created_at, f.id)
               AS place
    FROM flights f JOIN students s ON s.id = f.student_id
    WHERE f.round_id IN (SELECT id FROM rounds WHERE lesson_id = ?) AND f.game = ?
    WINDOW per_student AS (PARTITION BY f.student_id)
) WHERE place = 1
"""


async def lesson_bests(conn: aiosqlite.Connection, lesson_id: int, game: str) -> list[LessonBest]:
    """Each student's best flight in ``game`` during a lesson and their number of flights,
    aggregated by SQLite: one row per student however long the lesson has run."""
    rows = await conn.execute_fetchall(_LESSON_BESTS, (lesson_id, game))
    return [LessonBest(str(r[0]), int(r[1]), int(r[2]), int(r[3])) for r in rows]


async def flight_blobs(conn: aiosqlite.Connection, flight_id: int) -> tuple[bytes, bytes] | None:
    rows = list(
        await conn.execute_fetchall(
            "SELECT telemetry, inputs FROM flight_data WHERE flight_id = ?", (flight_id,)
        )
    )
    if not rows:
        return None
    return decompress(bytes(rows[0][0])), decompress(bytes(rows[0][1]))
