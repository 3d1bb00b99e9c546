"""CSV exports, a student's whole data exported, and a student erased with one call each."""

from __future__ import annotations

import asyncio
import base64
import csv
import io
import json
import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest

from app.store import Store, UnknownRecordError
from app.store.export import CSV_COLUMNS
from tests.app.store.conftest import T0, flight


async def lesson(store: Store) -> tuple[int, int, int]:
    class_id = await store.create_class("7B", "K7M2QX", now=T0)
    ana = await store.add_student(class_id, "ana", now=T0)
    ben = await store.add_student(class_id, "ben", now=T0)
    round_id = await store.create_round(
        class_id, game="lander", world="moon", mode="solo", seed=1, room="A", params={}
    )
    await store.record_flight(
        flight(round_id, ana, 120, telemetry=b"\x00\x01tele", inputs=b"in"),
        now=T0 + timedelta(seconds=1),
    )
    await store.record_flight(flight(round_id, ben, 300, stars=3), now=T0 + timedelta(seconds=2))
    await store.record_flight(
        flight(round_id, ana, 0, telemetry=b"crash"), now=T0 + timedelta(seconds=3)
    )
    return ana, ben, round_id


def test_round_and_student_csv(db_path: Path) -> None:
    async def scenario() -> tuple[str, str]:
        async with await Store.open(db_path) as store:
            ana, _, round_id = await lesson(store)
            return await store.round_results_csv(round_id), await store.student_flights_csv(ana)

    round_csv, student_csv = asyncio.run(scenario())
    rows = list(csv.DictReader(io.StringIO(round_csv)))
    header = list(rows[0])
    assert header[: len(CSV_COLUMNS)] == list(CSV_COLUMNS)
    assert not any(name in ("breakdown", "params") for name in header)  # no JSON blobs
    assert [(r["nickname"], r["score"], r["outcome"]) for r in rows] == [
        ("ben", "300", "landed"),
        ("ana", "120", "landed"),
        ("ana", "0", "crashed"),
    ]
    assert rows[2]["reason"] == "touched down at 4.2 m/s (limit 2.0)"
    assert rows[1]["created_at_utc"] == (T0 + timedelta(seconds=1)).isoformat()
    assert rows[0]["fuel_bonus"] == "200" and rows[0]["base"] == "100"  # one column an item
    assert [r["rank"] for r in rows] == ["1", "2", "3"]
    mine = list(csv.DictReader(io.StringIO(student_csv)))
    assert [r["score"] for r in mine] == ["120", "0"]  # oldest first
    assert base64.b64decode(mine[0]["telemetry_base64"]) == b"\x00\x01tele"
    assert base64.b64decode(mine[0]["inputs_base64"]) == b"in"
    assert base64.b64decode(mine[1]["telemetry_base64"]) == b"crash"


def test_export_then_delete_a_student(db_path: Path) -> None:
    async def scenario() -> tuple[dict[str, object], int, int]:
        async with await Store.open(db_path) as store:
            ana, ben, round_id = await lesson(store)
            data = await store.export_student(ana)
            deleted = await store.delete_student(ana)
            with pytest.raises(UnknownRecordError, match="student 1 does not exist"):
                await store.export_student(ana)
            board = await store.leaderboard(1, "lander", "all")
            assert [r.nickname for r in board] == ["ben"]
            assert [f.nickname for f in await store.round_results(round_id)] == ["ben"]
            assert [i.payload["nickname"] for i in await store.outbox_pending()] == ["ben"]
            assert await store.integrity_check() == "ok"
            return data, deleted, ben

    data, deleted, _ = asyncio.run(scenario())
    assert deleted == 2
    json.dumps(data)  # JSON-ready as it is
    assert data["student"] == {
        "id": 1,
        "nickname": "ana",
        "created_at": T0.isoformat(),
        "class_id": 1,
        "class_name": "7B",
    }
    flights = data["flights"]
    assert isinstance(flights, list)
    assert [f["score"] for f in flights] == [120, 0]
    assert base64.b64decode(flights[0]["telemetry_base64"]) == b"\x00\x01tele"
    assert data["progress"] == [
        {
            "game": "lander",
            "plays": 2,
            "best_score": 120,
            "best_stars": 1,
            "max_stars": 1,
            "best_flight_id": 1,
            "best_at": (T0 + timedelta(seconds=1)).isoformat(),
            "last_played_at": (T0 + timedelta(seconds=3)).isoformat(),
        }
    ]
    history = data["score_history"]
    assert isinstance(history, list)
    assert [h["new_best"] for h in history] == [True, False]
    with sqlite3.connect(db_path) as raw:  # nothing of ana is left in any table
        for table in ("flights", "progress", "score_history"):
            count = raw.execute(f"SELECT count(*) FROM {table} WHERE student_id = 1").fetchone()
            assert count == (0,), table
        assert raw.execute("SELECT count(*) FROM flight_data").fetchone() == (1,)
        assert raw.execute("SELECT count(*) FROM outbox").fetchone() == (1,)
