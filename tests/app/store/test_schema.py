"""Opening a database: pragmas, versioned migrations, old files upgraded, newer ones refused."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import aiosqlite
import pytest

from app.store import NotADatabaseError, SchemaTooNewError, Store
from app.store.schema import APPLICATION_ID, Migration, bundled, migrate
from tests.app.store.conftest import T0, flight


def test_fresh_file_gets_every_migration_and_the_moonbase_mark(db_path: Path) -> None:
    async def scenario() -> dict[str, object]:
        async with await Store.open(db_path) as store:
            return await store.settings()

    settings = asyncio.run(scenario())
    assert db_path.parent.is_dir()
    assert settings["journal_mode"] == "wal"
    assert settings["foreign_keys"] == 1
    assert settings["synchronous"] == 2  # FULL
    assert settings["busy_timeout"] == 5000
    assert settings["user_version"] == bundled()[-1].version
    assert settings["application_id"] == APPLICATION_ID
    # The journal mode is a property of the file, seen by any other connection too.
    with sqlite3.connect(db_path) as other:
        assert other.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        tables = {r[0] for r in other.execute("SELECT name FROM sqlite_schema WHERE type='table'")}
    assert {
        "classes",
        "students",
        "rounds",
        "flights",
        "flight_data",
        "progress",
        "score_history",
        "outbox",
    } <= tables


def test_bundled_migrations_are_numbered_without_gaps_and_split_into_statements() -> None:
    migrations = bundled()
    assert [m.version for m in migrations] == list(range(1, len(migrations) + 1))
    first = migrations[0].statements()
    assert first[0].startswith("-- Moonbase local database") or "CREATE TABLE classes" in first[0]
    assert all(sqlite3.complete_statement(s) for s in first)
    assert sum("CREATE TABLE" in s for s in first) == 8


def test_unfinished_statement_in_a_migration_is_refused() -> None:
    broken = Migration(9, "broken", "CREATE TABLE x (a INTEGER);\nCREATE TABLE y (b")
    with pytest.raises(ValueError, match=r"0009_broken ends in an unfinished statement"):
        broken.statements()


def test_reopening_keeps_data_and_does_not_migrate_twice(db_path: Path) -> None:
    async def scenario() -> tuple[int, list[int]]:
        async with await Store.open(db_path) as store:
            class_id = await store.create_class("7B", "K7M2QX", now=T0)
        async with await Store.open(db_path) as store:
            ids = [
                await store.add_student(class_id, "ana"),
                await store.add_student(class_id, "ana"),
            ]
            return await store.schema_version(), ids

    version, ids = asyncio.run(scenario())
    assert version == bundled()[-1].version
    assert ids == [1, 1]


def test_an_old_version_1_file_is_upgraded_and_keeps_its_results(db_path: Path) -> None:
    later = Migration(
        len(bundled()) + 1,
        "test_only_notes",
        "CREATE TABLE test_notes (id INTEGER PRIMARY KEY, flight_id INTEGER NOT NULL "
        "REFERENCES flights (id) ON DELETE CASCADE, text TEXT NOT NULL);\n"
        "INSERT INTO test_notes (flight_id, text) SELECT id, 'from v1' FROM flights;\n",
    )

    async def make_v1() -> None:
        db_path.parent.mkdir(parents=True)
        async with aiosqlite.connect(db_path, isolation_level=None) as conn:
            assert await migrate(conn, db_path, bundled()[:1]) == 1
            await conn.execute(
                "INSERT INTO classes (name, join_code, created_at) "
                "VALUES ('old class', 'AAAAAA', 0)"
            )
            await conn.execute(
                "INSERT INTO students (class_id, nickname, created_at) VALUES (1, 'ana', 0)"
            )
            await conn.execute(
                "INSERT INTO rounds (class_id, game, world, mode, seed, room, "
                "params, started_at) VALUES (1, 'lander', 'moon', 'solo', 1, 'A', "
                "'{}', 0)"
            )

    async def upgrade() -> tuple[int, int, list[tuple[int, str]]]:
        async with await Store.open(db_path) as store:
            stored = await store.record_flight(flight(1, 1, 420), now=T0)
            current = await store.schema_version()
        async with aiosqlite.connect(db_path, isolation_level=None) as conn:
            version = await migrate(conn, db_path, [*bundled(), later])
            notes = [
                (int(r[0]), str(r[1]))
                for r in await conn.execute_fetchall("SELECT flight_id, text FROM test_notes")
            ]
        assert stored.id == 1
        return current, version, notes

    asyncio.run(make_v1())
    current, version, notes = asyncio.run(upgrade())
    assert current == bundled()[-1].version
    assert version == later.version
    assert notes == [(1, "from v1")]
    with sqlite3.connect(db_path) as raw:
        assert raw.execute("SELECT name FROM classes").fetchall() == [("old class",)]
        assert raw.execute("PRAGMA user_version").fetchone()[0] == later.version


def test_a_failing_migration_leaves_the_file_untouched(db_path: Path) -> None:
    bad = Migration(
        len(bundled()) + 1, "bad", "CREATE TABLE fine (a);\nCREATE TABLE classes (x);\n"
    )

    async def scenario() -> None:
        async with await Store.open(db_path):
            pass
        async with aiosqlite.connect(db_path, isolation_level=None) as conn:
            with pytest.raises(sqlite3.OperationalError, match="classes already exists"):
                await migrate(conn, db_path, [*bundled(), bad])

    asyncio.run(scenario())
    with sqlite3.connect(db_path) as raw:
        assert raw.execute("PRAGMA user_version").fetchone()[0] == bundled()[-1].version
        assert raw.execute("SELECT count(*) FROM sqlite_schema WHERE name = 'fine'").fetchone() == (
            0,
        )


def test_a_database_from_a_newer_moonbase_is_refused_and_not_changed(db_path: Path) -> None:
    async def scenario() -> None:
        async with await Store.open(db_path):
            pass

    asyncio.run(scenario())
    with sqlite3.connect(db_path) as raw:
        raw.execute("PRAGMA user_version = 99")
    with pytest.raises(SchemaTooNewError) as info:
        asyncio.run(scenario())
    message = str(info.value)
    assert message.startswith(f"cannot open database {db_path}: ")
    assert (
        f"newer Moonbase (schema version 99; this Moonbase knows up to {len(bundled())})" in message
    )
    with sqlite3.connect(db_path) as raw:
        assert raw.execute("PRAGMA user_version").fetchone()[0] == 99


def test_another_programs_sqlite_file_is_refused(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    with sqlite3.connect(db_path) as raw:
        raw.execute("CREATE TABLE contacts (name TEXT)")
        raw.execute("INSERT INTO contacts VALUES ('x')")

    async def scenario() -> None:
        await Store.open(db_path)

    with pytest.raises(
        NotADatabaseError,
        match=r"is not a Moonbase database \(a SQLite file "
        r"with another program's tables\)",
    ):
        asyncio.run(scenario())
    with sqlite3.connect(db_path) as raw:
        assert raw.execute("SELECT name FROM contacts").fetchall() == [("x",)]
    with sqlite3.connect(db_path) as raw:
        raw.execute("PRAGMA application_id = 42")
    with pytest.raises(NotADatabaseError, match=r"application id 0x2a"):
        asyncio.run(scenario())
