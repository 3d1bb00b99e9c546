"""Checkpoints run on their own connection after writes, never inside a commit."""

from __future__ import annotations

import asyncio
import sqlite3
import time
from pathlib import Path

from app.store import Store
from app.store.database import Database
from tests.app.store.conftest import flight

DEADLINE_S = 10.0


def rows_in_main_file(path: Path) -> int | None:
    """Flights in the database file itself, ignoring the WAL (None while unreadable)."""
    try:
        with sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True) as conn:
            return int(conn.execute("SELECT count(*) FROM flights").fetchone()[0])
    except sqlite3.DatabaseError:  # caught mid-copy: look again
        return None


def test_results_reach_the_database_file_from_the_background(db_path: Path) -> None:
    async def scenario() -> tuple[object, int | None]:
        async with await Store.open(db_path) as store:
            class_id = await store.create_class("7B", "K7M2QX")
            ana = await store.add_student(class_id, "ana")
            round_id = await store.create_round(
                class_id, game="lander", world="moon", mode="solo", seed=1, room="A", params={}
            )
            await store.record_flights([flight(round_id, ana, i) for i in range(30)])
            autocheckpoint = (await store.settings())["wal_autocheckpoint"]
            deadline = time.monotonic() + DEADLINE_S
            seen = rows_in_main_file(db_path)
            while seen != 30 and time.monotonic() < deadline:
                await asyncio.sleep(0.02)
                seen = rows_in_main_file(db_path)
            return autocheckpoint, seen

    autocheckpoint, seen = asyncio.run(scenario())
    assert autocheckpoint == 0  # no commit checkpoints...
    assert seen == 30  # ...yet a few hundred KB of WAL were copied into the file


def test_sqlite_checkpoints_when_background_checkpoints_are_off(db_path: Path) -> None:
    async def scenario() -> object:
        async with await Store.open(db_path, background_checkpoint=False) as store:
            return (await store.settings())["wal_autocheckpoint"]

    assert asyncio.run(scenario()) == 1000


def test_a_long_wal_is_restarted(db_path: Path) -> None:
    """Past ``restart_frames`` a RESTART checkpoint runs, between our transactions."""

    async def write(db: Database, first: int) -> None:
        async with db.transaction("save", write=True) as conn:
            await conn.executemany(
                "INSERT INTO classes (name, join_code, created_at) VALUES (?, ?, 0)",
                [(f"class {i} " + "x" * 80, f"C{i}") for i in range(first, first + 60)],
            )

    async def scenario() -> tuple[int, str, int]:
        db = await Database.connect(db_path, restart_frames=8)
        try:
            checkpointer = db.checkpointer
            assert checkpointer is not None
            for n in range(10):
                await write(db, n * 60)
            deadline = time.monotonic() + DEADLINE_S
            while checkpointer.restarts == 0 and time.monotonic() < deadline:
                await write(db, 10_000 + checkpointer.passes * 60)
                await asyncio.sleep(0.02)
            restarts = checkpointer.restarts
            with sqlite3.connect(db_path) as other:
                integrity = str(other.execute("PRAGMA integrity_check").fetchone()[0])
            async with db.transaction("read", write=False) as conn:
                rows = list(await conn.execute_fetchall("SELECT count(*) FROM classes"))
            return restarts, integrity, int(rows[0][0])
        finally:
            await db.close()

    restarts, integrity, classes = asyncio.run(scenario())
    assert restarts >= 1
    assert integrity == "ok"
    assert classes >= 600
