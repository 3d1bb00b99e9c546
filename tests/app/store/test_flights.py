"""Recording results: one transaction per result (or batch), read back exactly."""

from __future__ import annotations

import asyncio
import os
import sqlite3
import uuid
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

from app.store import InvalidRecordError, Store, StoredFlight, UnknownRecordError
from app.store.flights import new_uid
from tests.app.store.conftest import T0, flight


async def setup_class(store: Store) -> tuple[int, int, int, int]:
    class_id = await store.create_class("7B", "K7M2QX", now=T0)
    ana = await store.add_student(class_id, "ana")
    ben = await store.add_student(class_id, "ben")
    round_id = await store.create_round(
        class_id,
        game="lander",
        world="moon",
        mode="competitive",
        seed=1234,
        room="A",
        params={"gravity": 1.62},
        now=T0,
    )
    return class_id, ana, ben, round_id


def test_a_recorded_flight_reads_back_with_its_telemetry_and_inputs(db_path: Path) -> None:
    telemetry = os.urandom(3000) + bytes(50_000)
    inputs = b"\x01\x02" * 500

    async def scenario() -> tuple[StoredFlight, list[StoredFlight], bytes, bytes]:
        async with await Store.open(db_path) as store:
            _, ana, _, round_id = await setup_class(store)
            stored = await store.record_flight(
                flight(round_id, ana, 345, stars=2, telemetry=telemetry, inputs=inputs),
                now=T0 + timedelta(minutes=3),
            )
        async with await Store.open(db_path) as store:  # a fresh connection reads it back
            return (
                stored,
                await store.round_results(round_id),
                await store.flight_telemetry(stored.id),
                await store.flight_inputs(stored.id),
            )

    stored, results, tele, inp = asyncio.run(scenario())
    assert results == [stored]
    assert stored.nickname == "ana"
    assert stored.score == 345
    assert stored.stars == 2
    assert stored.breakdown == {"base": 100, "fuel_bonus": 245, "multiplier": 1.5}
    assert stored.params == {"gravity": 1.62, "seed": 7}
    assert stored.created_at == T0 + timedelta(minutes=3)
    assert (stored.game, stored.world, stored.reason_code) == ("lander", "moon", "ok")
    assert len(stored.result_uid) == 32
    int(stored.result_uid, 16)
    assert tele == telemetry
    assert inp == inputs
    with sqlite3.connect(db_path) as raw:  # telemetry is stored compressed
        size = raw.execute("SELECT length(telemetry) FROM flight_data").fetchone()[0]
    assert size < len(telemetry) // 4


def test_every_flight_gets_one_outbox_row_with_a_unique_uid(db_path: Path) -> None:
    async def scenario() -> tuple[list[StoredFlight], list[str], list[dict[str, object]]]:
        async with await Store.open(db_path) as store:
            _, ana, ben, round_id = await setup_class(store)
            stored = [
                await store.record_flight(flight(round_id, s, 100 + i))
                for i, s in enumerate([ana, ben, ana, ben, ana])
            ]
            items = await store.outbox_pending(limit=100)
            return stored, [i.result_uid for i in items], [i.payload for i in items]

    stored, uids, payloads = asyncio.run(scenario())
    assert uids == [f.result_uid for f in stored]  # oldest first
    assert len(set(uids)) == 5
    assert payloads[2]["nickname"] == "ana"
    assert payloads[2]["score"] == 102
    assert payloads[2]["flight_id"] == stored[2].id
    assert "telemetry" not in payloads[0]


def test_progress_and_score_history_follow_the_flights(db_path: Path) -> None:
    async def scenario() -> Store:
        store = await Store.open(db_path)
        _, ana, _, round_id = await setup_class(store)
        for minute, (score, stars) in enumerate([(200, 1), (500, 2), (300, 3), (500, 1)]):
            await store.record_flight(
                flight(round_id, ana, score, stars=stars), now=T0 + timedelta(minutes=minute)
            )
        other = await store.create_round(
            1, game="projectiles", world="earth", mode="solo", seed=2, room="B", params={}
        )
        with pytest.raises(
            InvalidRecordError,
            match="flight of game 'projectiles' cannot be stored in round 1, a round of 'lander'",
        ):
            await store.record_flight(flight(round_id, ana, 50, game="projectiles"))
        await store.record_flight(flight(other, ana, 50, game="projectiles"))
        return store

    async def check() -> None:
        store = await scenario()
        try:
            lander, projectiles = await store.personal_bests(1)
            history = await store.score_history(1, "lander")
        finally:
            await store.close()
        assert lander.game == "lander"
        assert lander.plays == 4
        assert lander.best_score == 500
        assert lander.best_stars == 2  # the stars of the (first) 500 flight
        assert lander.max_stars == 3
        assert lander.best_flight_id == 2
        assert lander.best_at == T0 + timedelta(minutes=1)
        assert lander.last_played_at == T0 + timedelta(minutes=3)
        assert (projectiles.game, projectiles.plays, projectiles.best_score) == (
            "projectiles",
            1,
            50,
        )
        assert [(h.score, h.new_best) for h in history] == [
            (200, True),
            (500, True),
            (300, False),
            (500, False),
        ]

    asyncio.run(check())


def test_round_results_rank_by_score_then_time(db_path: Path) -> None:
    async def scenario() -> list[tuple[str, int]]:
        async with await Store.open(db_path) as store:
            _, ana, ben, round_id = await setup_class(store)
            cid = await store.add_student(1, "cid")
            await store.record_flight(flight(round_id, ana, 300), now=T0 + timedelta(seconds=9))
            await store.record_flight(flight(round_id, ben, 300), now=T0 + timedelta(seconds=5))
            await store.record_flight(flight(round_id, cid, 0), now=T0 + timedelta(seconds=1))
            await store.finish_round(round_id, now=T0 + timedelta(minutes=1))
            await store.finish_round(round_id, now=T0 + timedelta(minutes=5))
            info = await store.round_info(round_id)
            assert info.finished_at == T0 + timedelta(minutes=1)
            assert (info.mode, info.seed, info.params) == ("competitive", 1234, {"gravity": 1.62})
            return [(f.nickname, f.score) for f in await store.round_results(round_id)]

    assert asyncio.run(scenario()) == [("ben", 300), ("ana", 300), ("cid", 0)]


def test_a_batch_is_all_or_nothing(db_path: Path) -> None:
    async def scenario() -> tuple[int, int]:
        async with await Store.open(db_path) as store:
            _, ana, ben, round_id = await setup_class(store)
            batch = [flight(round_id, ana, 10), flight(round_id, ben, 20), flight(round_id, 77, 30)]
            with pytest.raises(UnknownRecordError, match="student 77 does not exist"):
                await store.record_flights(batch)
            with pytest.raises(InvalidRecordError, match="flight_time_s must be a finite number"):
                await store.record_flights(
                    [
                        flight(round_id, ana, 1),
                        replace(flight(round_id, ana, 2), flight_time_s=float("inf")),
                    ]
                )
            good = await store.record_flights(batch[:2])
            return len(await store.round_results(round_id)), len(good)

    assert asyncio.run(scenario()) == (2, 2)


def test_concurrent_writers_never_mix_their_transactions(db_path: Path) -> None:
    """Many tasks record at once on one connection; each result is whole and counted once."""

    async def scenario() -> tuple[list[StoredFlight], int, str, int]:
        async with await Store.open(db_path) as store:
            _, ana, ben, round_id = await setup_class(store)
            tasks = [store.record_flight(flight(round_id, (ana, ben)[i % 2], i)) for i in range(60)]
            stored = await asyncio.gather(*tasks)
            bests = [*await store.personal_bests(ana), *await store.personal_bests(ben)]
            plays = sum(p.plays for p in bests)
            pending = len(await store.outbox_pending(limit=1000))
            return stored, plays, await store.integrity_check(), pending

    stored, plays, integrity, pending = asyncio.run(scenario())
    assert sorted(f.score for f in stored) == list(range(60))
    assert len({f.id for f in stored}) == 60
    assert plays == 60
    assert pending == 60
    assert integrity == "ok"


def test_result_uids_are_unique_and_sort_in_the_order_they_were_made() -> None:
    """Time-ordered uids (UUID version 7) keep the result_uid indexes growing at one end."""
    uids = [new_uid() for _ in range(2000)]
    assert len(set(uids)) == 2000
    assert all(len(u) == 32 and int(u, 16) >= 0 for u in uids)
    assert {uuid.UUID(u).version for u in uids} == {7}
    assert {uuid.UUID(u).variant for u in uids} == {uuid.RFC_4122}
    stamps = [u[:12] for u in uids]  # the 48-bit millisecond clock leads
    assert stamps == sorted(stamps)
