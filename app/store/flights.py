"""Writing finished flights (one transaction for flight, progress, history and outbox) and
reading them back."""

from __future__ import annotations

import json
import math
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import aiosqlite

from app.store.clock import from_epoch_us
from app.store.codec import compress, decompress, dump_json, load_json
from app.store.records import FlightRecord, StoredFlight

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
class _Prepared:
    record: FlightRecord
    uid: str
    breakdown: str
    params: str
    telemetry: bytes
    inputs: bytes


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


def _blob(name: str, value: object) -> bytes:
    if not isinstance(value, bytes | bytearray | memoryview):
        raise ValueError(f"{name} must be bytes, got {type(value).__name__}")
    data = bytes(value)
    if len(data) > MAX_BLOB:
        raise ValueError(f"{name} must be at most {MAX_BLOB} bytes, got {len(data)}")
    return data


def prepare(record: FlightRecord) -> _Prepared:
    """Check one record and encode its columns; ``ValueError`` names the bad field."""
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
    return _Prepared(
        record=record,
        uid=uuid.uuid4().hex,
        breakdown=dump_json("breakdown", record.breakdown),
        params=dump_json("params", record.params),
        telemetry=compress(_blob("telemetry", record.telemetry)),
        inputs=compress(_blob("inputs", record.inputs)),
    )


@dataclass(frozen=True)
class Owner:
    class_id: int
    nickname: str


async def _ids_in(conn: aiosqlite.Connection, sql: str, ids: Sequence[object]) -> list[Any]:
    return list(await conn.execute_fetchall(sql, (dump_list(ids),)))


def dump_list(values: Sequence[object]) -> str:
    """A JSON array to bind as one parameter and expand with ``json_each`` in SQL."""
    return json.dumps(list(values))


async def insert_flights(
    conn: aiosqlite.Connection, batch: Sequence[_Prepared], created_us: int
) -> list[StoredFlight]:
    """Insert a checked batch inside the caller's write transaction.

    Raises ``LookupError`` naming an unknown round or student, or a student who is not in
    the round's class; ``ValueError`` for a flight of another game than its round's.
    """
    round_rows = await _ids_in(
        conn,
        "SELECT id, class_id, game FROM rounds WHERE id IN (SELECT value FROM json_each(?))",
        [p.record.round_id for p in batch],
    )
    rounds = {int(r[0]): int(r[1]) for r in round_rows}
    games = {int(r[0]): str(r[2]) for r in round_rows}
    students = {
        int(r[0]): Owner(int(r[1]), str(r[2]))
        for r in await _ids_in(
            conn,
            "SELECT id, class_id, nickname FROM students "
            "WHERE id IN (SELECT value FROM json_each(?))",
            [p.record.student_id for p in batch],
        )
    }
    for p in batch:
        rec = p.record
        if rec.round_id not in rounds:
            raise LookupError(f"round {rec.round_id} does not exist")
        if rec.game != games[rec.round_id]:
            raise ValueError(
                f"flight of game {rec.game!r} cannot be stored in round "
                f"{rec.round_id}, a round of {games[rec.round_id]!r}"
            )
        owner = students.get(rec.student_id)
        if owner is None:
            raise LookupError(f"student {rec.student_id} does not exist")
        if owner.class_id != rounds[rec.round_id]:
            raise LookupError(
                f"student {rec.student_id} ({owner.nickname}) is not in the class "
                f"of round {rec.round_id}"
            )

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
                created_us,
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
    pairs = sorted({(p.record.student_id, p.record.game) for p in batch})
    best: dict[tuple[int, str], int] = {}
    for student_id, game in pairs:
        rows = list(
            await conn.execute_fetchall(
                "SELECT best_score FROM progress WHERE student_id = ? AND game = ?",
                (student_id, game),
            )
        )
        if rows:
            best[(student_id, game)] = int(rows[0][0])
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
                created_us,
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
                created_us,
                created_us,
            )
            for p in batch
        ],
    )
    await conn.executemany(_INSERT_HISTORY, history)
    await conn.executemany(
        _INSERT_ACHIEVEMENT,
        [
            (p.record.student_id, kind, ids[p.uid], created_us)
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
            nickname=students[p.record.student_id].nickname,
            outcome=p.record.outcome,
            reason_code=p.record.reason_code,
            reason=p.record.reason,
            score=p.record.score,
            stars=p.record.stars,
            breakdown=load_json(p.breakdown),
            flight_time_s=float(p.record.flight_time_s),
            fuel_used=float(p.record.fuel_used),
            params=load_json(p.params),
            created_at=from_epoch_us(created_us),
            game=p.record.game,
            world=p.record.world,
        )
        for p in batch
    ]
    await conn.executemany(
        _INSERT_OUTBOX,
        [(f.result_uid, f.id, dump_json("payload", outbox_payload(f)), created_us) for f in stored],
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


async def flight_blobs(conn: aiosqlite.Connection, flight_id: int) -> tuple[bytes, bytes] | None:
    rows = list(
        await conn.execute_fetchall(
            "SELECT telemetry, inputs FROM flight_data WHERE flight_id = ?", (flight_id,)
        )
    )
    if not rows:
        return None
    return decompress(bytes(rows[0][0])), decompress(bytes(rows[0][1]))
