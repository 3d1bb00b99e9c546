"""A damaged database is refused at start with the way out; a rotating backup is kept."""

from __future__ import annotations

import asyncio
import hashlib
import sqlite3
from pathlib import Path

import pytest

from app.errors import HostError
from app.store import Store
from app.store.backup import KEEP_BACKUPS, backups, check_database
from app.store.errors import DatabaseCorruptError
from app.store.files import open_host_store

PAGE = 4096


async def _class_with_students(db_path: Path, n: int = 40) -> None:
    async with await Store.open(db_path) as store:
        cid = await store.create_class("7B", "K7M2QX")
        for i in range(n):
            await store.add_student(cid, f"Student{i:03d}")


def _damage_students_page(db_path: Path) -> None:
    """Garbage over the page that holds the students table, as a failing disk sector
    leaves it; the file's header and schema page stay intact (the host used to start)."""
    with sqlite3.connect(db_path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        (root,) = conn.execute(
            "SELECT rootpage FROM sqlite_schema WHERE name = 'students'"
        ).fetchone()
    with open(db_path, "r+b") as fh:
        fh.seek((root - 1) * PAGE + 8)
        fh.write(bytes((i * 37 + 11) % 256 for i in range(PAGE - 8)))


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_damaged_page_is_refused_with_the_last_backup_as_the_way_out(tmp_path: Path) -> None:
    db_path = tmp_path / "moonbase.db"

    async def run() -> None:
        await _class_with_students(db_path)
        async with await Store.open(db_path) as store:
            backup = await store.backup()
        _damage_students_page(db_path)
        before = _digest(db_path)
        with pytest.raises(HostError) as caught:
            await open_host_store(tmp_path, "test host")
        text = str(caught.value)
        assert "damaged" in text and "quick_check" in text, text
        assert str(backup) in text and "moonbase.db.damaged" in text, text
        assert "\n" not in text
        assert _digest(db_path) == before  # nothing written to the damaged file
        # the way out works: the backup is whole and holds the students
        with sqlite3.connect(backup) as conn:
            assert conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
            assert conn.execute("SELECT count(*) FROM students").fetchone()[0] == 40
        # and the folder is not left locked by the refused start
        store, _ = await open_host_store(tmp_path / "other", "test host")
        await store.close()

    asyncio.run(run())


def test_a_damaged_file_without_backups_says_how_to_start_afresh(tmp_path: Path) -> None:
    db_path = tmp_path / "moonbase.db"

    async def run() -> None:
        await _class_with_students(db_path)
        _damage_students_page(db_path)
        with pytest.raises(DatabaseCorruptError) as caught:
            await check_database(db_path)
        assert "no automatic backup yet" in str(caught.value)

    asyncio.run(run())


def test_a_healthy_or_missing_file_passes_the_check(tmp_path: Path) -> None:
    async def run() -> None:
        await check_database(tmp_path / "none.db")
        await _class_with_students(tmp_path / "moonbase.db", 3)
        await check_database(tmp_path / "moonbase.db")

    asyncio.run(run())
    assert not (tmp_path / "none.db").exists()


def test_backups_rotate_and_each_is_a_whole_database(tmp_path: Path) -> None:
    db_path = tmp_path / "moonbase.db"

    async def run() -> list[Path]:
        await _class_with_students(db_path, 5)
        made = []
        async with await Store.open(db_path) as store:
            for i in range(KEEP_BACKUPS + 2):
                await store.add_student(1, f"Late{i}")
                made.append(await store.backup())
        return made

    made = asyncio.run(run())
    kept = backups(db_path)
    assert kept == sorted(made[-KEEP_BACKUPS:], key=lambda p: p.name, reverse=True)
    assert not any(p.exists() for p in made[:2])
    with sqlite3.connect(kept[0]) as conn:
        assert conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT count(*) FROM students").fetchone()[0] == 5 + KEEP_BACKUPS + 2
    assert not list((tmp_path / "backups").glob("*.part"))
