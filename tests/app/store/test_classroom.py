"""Schema version 2: lessons, rosters, ratings, achievements, chat log, flags."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from pathlib import Path

import aiosqlite
import pytest

from app.store import ChatLine, StorageError, Store, StoredRating
from app.store.schema import bundled, migrate
from tests.app.store.conftest import T0, flight


def test_version_1_file_is_upgraded_and_keeps_its_rows(db_path: Path) -> None:
    async def run() -> None:
        db_path.parent.mkdir(parents=True)
        async with aiosqlite.connect(db_path, isolation_level=None) as conn:
            assert await migrate(conn, db_path, bundled()[:1]) == 1
            await conn.execute(
                "INSERT INTO classes (name, join_code, created_at) VALUES ('7B', 'X', 1)"
            )
        async with await Store.open(db_path) as store:
            assert await store.schema_version() == bundled()[-1].version
            lesson = await store.start_lesson(1, "K7M2QX")
            assert await store.open_lesson("K7M2QX") == lesson
            await store.end_lesson(lesson)
            assert await store.open_lesson("K7M2QX") is None

    asyncio.run(run())


def test_flags_bar_lift_and_student_rights(db_path: Path) -> None:
    async def run() -> None:
        async with await Store.open(db_path) as store:
            cid = await store.create_class("7B", "K7M2QX")
            lesson = await store.start_lesson(cid, "K7M2QX")
            sid = await store.add_student(cid, "Ada")
            counts = [
                await store.add_flag(
                    sid, "rate_limited", "31/s", lesson_id=lesson, now=T0 + timedelta(hours=h)
                )
                for h in (0, 1, 30)
            ]
            assert counts == [1, 2, 1]  # the first two fell out of the 24 h window
            await store.set_barred(lesson, sid, True, now=T0)
            assert await store.barred_students(lesson) == [sid]
            await store.set_barred(lesson, sid, False, now=T0 + timedelta(hours=31))
            assert await store.barred_students(lesson) == []
            after = await store.add_flag(sid, "range", "thrust 7", now=T0 + timedelta(hours=32))
            assert after == 1  # flags before the lift do not count again
            await store.save_ratings([StoredRating(sid, "lander", 1520.5, 180.0, 0.06, 1)])
            assert (await store.ratings([sid], "lander"))[sid].rating == 1520.5
            rid = await store.create_round(
                cid,
                game="lander",
                world="moon",
                mode="coop",
                seed=1,
                room="A",
                params={},
                lesson_id=lesson,
            )
            await store.record_flight(flight(rid, sid, 900, stars=3))
            assert [a.kind for a in await store.achievements(sid)] == [
                "first_flight",
                "first_landing",
                "three_stars",
            ]
            await store.log_chat(lesson, ChatLine(0, "A", sid, "Ada", "hi", False, False, T0))
            await store.finish_round(rid, team_score=900)
            assert await store.round_outcome(rid) == ("completed", 900)
            assert "Ada" in await store.lesson_results_csv(lesson)
            data = await store.export_student(sid)
            assert len(data["flags"]) == 4 and data["ratings"] and data["chat"]  # type: ignore[arg-type]
            assert await store.delete_student(sid) == 1
            assert await store.chat_log(lesson) == []
            assert await store.integrity_check() == "ok"

    asyncio.run(run())


def test_roster_saved_and_interrupted_rounds_closed(db_path: Path) -> None:
    async def run() -> None:
        async with await Store.open(db_path) as store:
            cid = await store.create_class("7B", "K7M2QX")
            await store.save_roster(cid, [(2, "Ada"), (3, "Buzz")])
            assert await store.roster(cid) == ["Ada", "Buzz"]
            await store.create_round(
                cid, game="lander", world="moon", mode="solo", seed=1, room="A", params={}
            )
            assert await store.mark_interrupted_rounds() == 1
            assert await store.round_outcome(1) == ("interrupted", None)

    asyncio.run(run())


def test_recovery_after_a_kill_closes_rounds_and_lessons_at_their_last_result(
    db_path: Path,
) -> None:
    async def run() -> None:
        async with await Store.open(db_path) as store:
            cid = await store.create_class("7B", "K7M2QX")
            sid = await store.add_student(cid, "Ada")
            lesson = await store.start_lesson(cid, "K7M2QX", now=T0)
            rid = await store.create_round(
                cid,
                game="lander",
                world="moon",
                mode="solo",
                seed=1,
                room="A",
                params={},
                lesson_id=lesson,
                now=T0 + timedelta(minutes=1),
            )
            stored = await store.record_flight(flight(rid, sid, 300), now=T0 + timedelta(minutes=3))
            assert await store.recover_after_crash(now=T0 + timedelta(hours=5)) == (1, 1)
            assert await store.recover_after_crash() == (0, 0)  # nothing left open
            assert await store.round_outcome(rid) == ("interrupted", None)
            (info,) = await store.lessons()
            assert info.ended_at == stored.created_at == T0 + timedelta(minutes=3)
            assert await store.open_lesson("K7M2QX") is None

    asyncio.run(run())


def test_a_round_is_stored_completed_only_with_its_ratings(db_path: Path) -> None:
    async def run() -> None:
        async with await Store.open(db_path) as store:
            cid = await store.create_class("7B", "K7M2QX")
            ada = await store.add_student(cid, "Ada")
            bob = await store.add_student(cid, "Bob")
            rid = await store.create_round(
                cid, game="lander", world="moon", mode="competitive", seed=1, room="A", params={}
            )
            good = StoredRating(ada, "lander", 1600.0, 200.0, 0.06, 1)
            bad = StoredRating(bob, "lander", 1400.0, 200.0, 0.06, 1)
            broken = StoredRating(bad.student_id, "lander", 1400.0, 200.0, -1.0, 1)
            with pytest.raises(StorageError):
                await store.finish_round(rid, ratings=[good, broken])
            assert await store.round_outcome(rid) == (None, None)  # not completed
            assert await store.ratings([good.student_id], "lander") == {}
            await store.finish_round(rid, ratings=[good, bad])
            assert await store.round_outcome(rid) == ("completed", None)
            stored = await store.ratings([good.student_id, bad.student_id], "lander")
            assert {s.rating for s in stored.values()} == {1600.0, 1400.0}

    asyncio.run(run())
