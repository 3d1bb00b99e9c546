"""Group commit: concurrent results share transactions, each caller hears only of its own."""

from __future__ import annotations

import asyncio
import os
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest

from app.store import (
    DiskFullError,
    StorageError,
    Store,
    StoredFlight,
    UnknownRecordError,
)
from tests.app.store.conftest import flight


async def setup_round(store: Store, students: int = 8) -> tuple[int, list[int]]:
    class_id = await store.create_class("7B", "K7M2QX")
    ids = [await store.add_student(class_id, f"s{i}") for i in range(students)]
    round_id = await store.create_round(
        class_id, game="lander", world="moon", mode="solo", seed=1, room="A", params={}
    )
    return round_id, ids


def committed(path: Path, uid: str) -> tuple[int, int]:
    """(flights, outbox rows) with this uid, as another connection sees them: only what
    was committed."""
    with sqlite3.connect(path) as other:
        flights = other.execute("SELECT count(*) FROM flights WHERE result_uid = ?", (uid,))
        n_flights = int(flights.fetchone()[0])
        outbox = other.execute("SELECT count(*) FROM outbox WHERE result_uid = ?", (uid,))
        return n_flights, int(outbox.fetchone()[0])


def test_concurrent_writers_are_acknowledged_once_after_their_commit(db_path: Path) -> None:
    async def scenario() -> tuple[list[StoredFlight], list[tuple[int, int]], int, int, str]:
        async with await Store.open(db_path) as store:
            round_id, students = await setup_round(store)
            before = store.write_stats()
            seen: list[tuple[int, int]] = []

            async def one(i: int) -> StoredFlight:
                stored = await store.record_flight(flight(round_id, students[i % 8], i))
                seen.append(committed(db_path, stored.result_uid))  # at the acknowledgement
                return stored

            stored = await asyncio.gather(*(one(i) for i in range(48)))
            after = store.write_stats()
            plays = sum([(await store.personal_bests(s))[0].plays for s in students])
            assert after.flights - before.flights == 48
            return (
                stored,
                seen,
                after.transactions - before.transactions,
                plays,
                (await store.integrity_check()),
            )

    stored, seen, transactions, plays, integrity = asyncio.run(scenario())
    assert sorted(f.score for f in stored) == list(range(48))
    assert len({f.id for f in stored}) == len({f.result_uid for f in stored}) == 48
    assert seen == [(1, 1)] * 48  # every ack came after its COMMIT, stored exactly once
    assert transactions < 48  # the writers shared transactions
    assert plays == 48
    assert integrity == "ok"


def test_an_unknown_student_fails_only_its_caller(db_path: Path) -> None:
    async def scenario() -> tuple[list[object], int, int, int]:
        async with await Store.open(db_path) as store:
            round_id, students = await setup_round(store)
            before = store.write_stats()
            records = [flight(round_id, s, 100 + s) for s in students[:5]]
            records.insert(2, flight(round_id, 999, 50))
            out = await asyncio.gather(
                *(store.record_flight(r) for r in records), return_exceptions=True
            )
            after = store.write_stats()
            return (
                list(out),
                after.transactions - before.transactions,
                after.isolated,
                len(await store.round_results(round_id)),
            )

    out, transactions, isolated, stored = asyncio.run(scenario())
    assert isinstance(out[2], UnknownRecordError)
    assert str(out[2]).endswith(": student 999 does not exist")
    assert all(isinstance(o, StoredFlight) for i, o in enumerate(out) if i != 2)
    assert (transactions, isolated, stored) == (1, 0, 5)  # left out, the others in one commit


def test_a_row_sqlite_refuses_fails_only_its_caller(db_path: Path) -> None:
    """A constraint failing mid-batch rolls the batch back; the others are stored anyway."""

    async def scenario() -> tuple[list[object], int, list[int], str, int]:
        async with await Store.open(db_path) as store:
            round_id, students = await setup_round(store)
            with sqlite3.connect(db_path) as other:  # a real constraint of the file
                other.execute(
                    "CREATE TRIGGER refuse_666 BEFORE INSERT ON flights WHEN NEW.score = 666 "
                    "BEGIN SELECT RAISE(ABORT, 'score 666 is refused'); END"
                )
            scores = [10, 20, 666, 30, 40, 50]
            out = await asyncio.gather(
                *(
                    store.record_flight(flight(round_id, students[i], s))
                    for i, s in enumerate(scores)
                ),
                return_exceptions=True,
            )
            results = await store.round_results(round_id)
            pending = len(await store.outbox_pending(limit=100))
            return (
                list(out),
                store.write_stats().isolated,
                sorted(f.score for f in results),
                await store.integrity_check(),
                pending,
            )

    out, isolated, stored_scores, integrity, pending = asyncio.run(scenario())
    refused = out[2]
    assert isinstance(refused, StorageError)
    assert str(refused).startswith(f"cannot save to database {db_path}: ")
    assert "score 666 is refused" in str(refused)
    assert [o.score for o in out if isinstance(o, StoredFlight)] == [10, 20, 30, 40, 50]
    assert isolated == 1  # they were in one batch, retried one by one
    assert stored_scores == [10, 20, 30, 40, 50]
    assert pending == 5
    assert integrity == "ok"


def test_a_full_disk_fails_only_the_result_that_does_not_fit(db_path: Path) -> None:
    async def setup() -> None:
        async with await Store.open(db_path) as store:
            await setup_round(store)

    asyncio.run(setup())
    used = db_path.stat().st_size  # closing folded the WAL into the file
    limit = used + 48 * 1024  # room for small results, not for 60 KB of noise

    async def scenario() -> tuple[list[object], int, int, str]:
        async with await Store.open(db_path, max_size_bytes=limit) as store:
            small = [flight(1, s, 10 * s) for s in range(1, 6)]
            big = flight(1, 6, 999, telemetry=os.urandom(60_000))  # compressed inline
            records = [*small[:3], big, *small[3:]]
            out = await asyncio.gather(
                *(store.record_flight(r) for r in records), return_exceptions=True
            )
            return (
                list(out),
                store.write_stats().isolated,
                len(await store.round_results(1)),
                await store.integrity_check(),
            )

    out, isolated, stored, integrity = asyncio.run(scenario())
    assert isinstance(out[3], DiskFullError)
    assert str(out[3]).startswith(f"cannot save to database {db_path}: disk is full")
    assert sum(isinstance(o, StoredFlight) for o in out) == 5
    assert isolated == 1
    assert stored == 5
    assert integrity == "ok"


def test_a_batch_stays_all_or_none_when_it_shares_a_transaction(db_path: Path) -> None:
    async def scenario() -> tuple[object, object, list[int]]:
        async with await Store.open(db_path) as store:
            round_id, students = await setup_round(store)
            bad_batch = [flight(round_id, students[0], 1), flight(round_id, 999, 2)]
            batch_out, single_out = await asyncio.gather(
                store.record_flights(bad_batch),
                store.record_flight(flight(round_id, students[1], 3)),
                return_exceptions=True,
            )
            return batch_out, single_out, [f.score for f in await store.round_results(round_id)]

    batch_out, single_out, scores = asyncio.run(scenario())
    assert isinstance(batch_out, UnknownRecordError)
    assert isinstance(single_out, StoredFlight)
    assert scores == [3]  # nothing of the refused batch, the other caller's result kept


def test_bad_input_is_refused_before_it_is_queued(db_path: Path) -> None:
    async def scenario() -> tuple[int, int]:
        async with await Store.open(db_path) as store:
            round_id, students = await setup_round(store)
            bad = replace(flight(round_id, students[0], 1), breakdown={"x": float("nan")})
            with pytest.raises(StorageError, match="breakdown cannot be stored as JSON"):
                await store.record_flight(bad)
            with pytest.raises(StorageError, match="telemetry must be bytes"):
                await store.record_flight(replace(flight(round_id, students[0], 1), telemetry=7))  # type: ignore[arg-type]
            return store.write_stats().transactions, len(await store.round_results(round_id))

    assert asyncio.run(scenario()) == (0, 0)


def test_close_stores_what_was_handed_over_and_refuses_the_rest(db_path: Path) -> None:
    async def scenario() -> tuple[list[StoredFlight], str]:
        store = await Store.open(db_path)
        round_id, students = await setup_round(store)
        tasks = [
            asyncio.create_task(store.record_flight(flight(round_id, students[i % 8], i)))
            for i in range(20)
        ]
        await asyncio.sleep(0)  # one turn of the loop: every task has handed its result over
        await store.close()
        stored = [await t for t in tasks]
        with pytest.raises(StorageError) as refused:
            await store.record_flight(flight(round_id, students[0], 99))
        return stored, str(refused.value)

    stored, message = asyncio.run(scenario())
    assert len(stored) == 20
    assert message == f"cannot save to database {db_path}: the database is closed"

    async def count() -> int:
        async with await Store.open(db_path) as store:
            return len(await store.round_results(1))

    assert asyncio.run(count()) == 20


def test_max_batch_bounds_a_transaction_and_is_checked(db_path: Path) -> None:
    async def scenario() -> tuple[int, int]:
        async with await Store.open(db_path, max_batch=4) as store:
            round_id, students = await setup_round(store)
            await asyncio.gather(
                *(store.record_flight(flight(round_id, students[i % 8], i)) for i in range(20))
            )
            stats = store.write_stats()
            return stats.transactions, stats.flights

    transactions, flights = asyncio.run(scenario())
    assert flights == 20
    assert transactions >= 5  # never more than 4 flights in one
    for bad in (0, -1, True, 10_001, "8"):
        with pytest.raises(ValueError, match=r"max_batch must be within 1\.\.10000"):
            asyncio.run(Store.open(db_path, max_batch=bad))  # type: ignore[arg-type]
