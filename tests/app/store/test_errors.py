"""Bad files and bad disks: each error names the database file and the problem."""

from __future__ import annotations

import asyncio
import os
import sqlite3
from datetime import datetime
from pathlib import Path

import pytest

from app.store import (
    DatabaseCorruptError,
    DatabaseLockedError,
    DiskFullError,
    InvalidRecordError,
    NotADatabaseError,
    StorageError,
    Store,
    UnknownRecordError,
)
from tests.app.store.conftest import T0, flight


def open_store(path: Path, **kwargs: float) -> None:
    async def scenario() -> None:
        store = await Store.open(path, **kwargs)  # type: ignore[arg-type]
        await store.close()

    asyncio.run(scenario())


def test_a_directory_that_is_a_file_is_named(tmp_path: Path) -> None:
    blocker = tmp_path / "data"
    blocker.write_text("not a folder", encoding="utf-8")
    path = blocker / "moonbase.db"
    with pytest.raises(StorageError) as info:
        open_store(path)
    assert str(info.value) == f"cannot open database {path}: {blocker} is a file, not a directory"


def test_a_path_that_is_a_directory_is_named(tmp_path: Path) -> None:
    path = tmp_path / "moonbase.db"
    path.mkdir()
    with pytest.raises(StorageError, match=r"moonbase\.db: it is a directory, not a file$"):
        open_store(path)


@pytest.mark.skipif(
    os.name != "posix" or os.geteuid() == 0, reason="root may write into any directory"
)
def test_an_unwritable_directory_is_named(tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(StorageError) as info:
            open_store(folder / "moonbase.db")
    finally:
        folder.chmod(0o700)
    assert str(info.value) == (
        f"cannot open database {folder / 'moonbase.db'}: directory is not writable"
    )


def test_a_text_file_is_not_a_moonbase_database(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    text = "name,score\nana,420\n" * 200
    db_path.write_text(text, encoding="utf-8")
    with pytest.raises(NotADatabaseError) as info:
        open_store(db_path)
    assert str(info.value) == (
        f"cannot open database {db_path}: it is not a Moonbase database (file is not a database)"
    )
    assert db_path.read_text(encoding="utf-8") == text  # left exactly as it was


def test_a_database_locked_by_another_program(db_path: Path) -> None:
    open_store(db_path)
    other = sqlite3.connect(db_path, isolation_level=None)
    try:
        other.execute("BEGIN EXCLUSIVE")
        with pytest.raises(DatabaseLockedError) as info:
            open_store(db_path, busy_timeout_s=0.05)
        assert str(info.value) == (
            f"cannot open database {db_path}: it is locked by another program"
        )
    finally:
        other.execute("ROLLBACK")
        other.close()


def test_a_write_while_locked_fails_cleanly_and_works_after_release(db_path: Path) -> None:
    async def scenario() -> list[int]:
        async with await Store.open(db_path, busy_timeout_s=0.05) as store:
            class_id = await store.create_class("7B", "K7M2QX")
            other = sqlite3.connect(db_path, isolation_level=None)
            other.execute("BEGIN IMMEDIATE")
            try:
                with pytest.raises(
                    DatabaseLockedError,
                    match=r"^cannot save to database .*: it "
                    r"is locked by another program$",
                ):
                    await store.add_student(class_id, "ana")
            finally:
                other.execute("ROLLBACK")
                other.close()
            return [
                await store.add_student(class_id, "ana"),
                await store.add_student(class_id, "ben"),
            ]

    assert asyncio.run(scenario()) == [1, 2]


def test_disk_full_keeps_every_stored_result_and_recovers(db_path: Path) -> None:
    limit = 256 * 1024

    async def fill() -> tuple[list[str], str]:
        async with await Store.open(db_path, max_size_bytes=limit) as store:
            class_id = await store.create_class("7B", "K7M2QX")
            student = await store.add_student(class_id, "ana")
            round_id = await store.create_round(
                class_id, game="lander", world="moon", mode="solo", seed=1, room="A", params={}
            )
            acked: list[str] = []
            for i in range(200):  # bounded: the quota is hit long before
                try:
                    stored = await store.record_flight(
                        flight(round_id, student, 100 + i, telemetry=os.urandom(20_000))
                    )
                except DiskFullError as exc:
                    return acked, str(exc)
                acked.append(stored.result_uid)
            pytest.fail("the size limit was never reached")

    async def check() -> tuple[list[str], int, str, int, int]:
        async with await Store.open(db_path) as store:
            uids = [f.result_uid for f in await store.round_results(1)]
            pending = len(await store.outbox_pending(limit=1000))
            await store.record_flight(flight(1, 1, 5000))  # room again without the quota
            plays = (await store.personal_bests(1))[0].plays
            return (
                uids,
                pending,
                await store.integrity_check(),
                plays,
                len(await store.round_results(1)),
            )

    acked, message = asyncio.run(fill())
    assert 3 <= len(acked) < 200
    assert message.startswith(f"cannot save to database {db_path}: disk is full")
    uids, pending, integrity, plays, after = asyncio.run(check())
    assert sorted(uids) == sorted(acked)  # every acknowledged result, the refused one absent
    assert pending == len(acked)
    assert integrity == "ok"
    assert plays == len(acked) + 1  # progress counted exactly the committed flights
    assert after == len(acked) + 1


def test_a_damaged_file_is_reported(db_path: Path) -> None:
    async def make() -> None:
        async with await Store.open(db_path) as store:
            class_id = await store.create_class("7B", "K7M2QX")
            for i in range(300):
                await store.add_student(class_id, f"student{i:03d}")

    asyncio.run(make())
    data = bytearray(db_path.read_bytes())
    page = 4096
    for offset in range(2 * page, len(data), page):  # every page but the first two
        data[offset : offset + 64] = b"\xa5" * 64
    db_path.write_bytes(bytes(data))

    async def inspect() -> str:
        async with await Store.open(db_path) as store:
            return await store.integrity_check()

    try:
        result = asyncio.run(inspect())
    except DatabaseCorruptError as exc:
        assert str(exc).startswith(f"cannot open database {db_path}: it is damaged")
    else:
        assert result != "ok"


def test_closed_store_bad_values_and_unknown_ids(db_path: Path) -> None:
    async def scenario() -> None:
        store = await Store.open(db_path)
        class_id = await store.create_class("7B", "K7M2QX")
        other_class = await store.create_class("8C", "P3Q9RT")
        ana = await store.add_student(class_id, "ana")
        outsider = await store.add_student(other_class, "zed")
        round_id = await store.create_round(
            class_id, game="lander", world="moon", mode="solo", seed=1, room="A", params={}
        )
        with pytest.raises(InvalidRecordError, match=r": stars must be within 0\.\.3, got 5$"):
            await store.record_flight(flight(round_id, ana, 10, stars=5))
        with pytest.raises(InvalidRecordError, match=r"now must be a timezone-aware datetime"):
            await store.create_class("9A", "ZZZZZZ", now=datetime(2025, 1, 1))
        with pytest.raises(InvalidRecordError, match=r"params cannot be stored as JSON"):
            await store.create_round(
                class_id,
                game="lander",
                world="moon",
                mode="solo",
                seed=1,
                room="A",
                params={"x": float("nan")},
            )
        with pytest.raises(
            UnknownRecordError,
            match=r"^cannot save to database .*: round 99 "
            r"does not exist$",
        ):
            await store.record_flight(flight(99, ana, 10))
        with pytest.raises(
            UnknownRecordError,
            match=r"student 2 \(zed\) is not in the class "
            r"of round 1$",
        ):
            await store.record_flight(flight(round_id, outsider, 10))
        with pytest.raises(UnknownRecordError, match=r"class 42 does not exist"):
            await store.add_student(42, "ana")
        with pytest.raises(
            UnknownRecordError,
            match=r"^cannot read database .*: flight 7 does "
            r"not exist$",
        ):
            await store.flight_telemetry(7)
        # None of the refused writes left anything behind.
        assert await store.round_results(round_id) == []
        assert await store.outbox_pending() == []
        await store.close()
        await store.close()  # twice is harmless
        with pytest.raises(
            StorageError,
            match=r"^cannot save to database .*: the database is "
            r"closed$",
        ):
            await store.add_student(class_id, "ben")

    asyncio.run(scenario())
    assert T0.tzinfo is not None
