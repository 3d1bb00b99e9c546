"""The lesson history: past lessons with their counts, searched by class name or join code
and filtered by local day, and a lesson's rounds (a real SQLite file)."""

from __future__ import annotations

import asyncio
import sqlite3
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from app.store import InvalidRecordError, LessonInfo, Store, UnknownRecordError
from tests.app.store.conftest import T0, flight

CET = timezone(timedelta(hours=1), "CET")


@dataclass(frozen=True)
class Seeded:
    physics: int  # Year 7 Physics, Monday 10 March, two rounds, four students
    chemistry: int  # 8C Chemistry, Wednesday 12 March 10:00 UTC, one round, no flight
    late: int  # Élan 9, Wednesday 23:30 UTC = Thursday 00:30 CET, still open
    physics_again: int  # Year 7 Physics with a new code, Friday 14 March
    rounds: tuple[int, int]  # the two rounds of ``physics``


async def seed(store: Store) -> Seeded:
    monday = T0 - timedelta(days=2, hours=1)  # 2025-03-10 09:00 UTC
    physics_class = await store.create_class("Year 7 Physics", "K7M2QX", now=monday)
    physics = await store.start_lesson(physics_class, "K7M2QX", now=monday)
    students = [await store.add_student(physics_class, n) for n in ("Ada", "Bo", "Cy", "Di")]
    for sid in students:
        await store.seat_student(physics, sid, "A", now=monday)
    rounds = []
    for n, (scores, end) in enumerate((([900, 450, 0], "completed"), ([700, 820], "ended"))):
        at = monday + timedelta(minutes=10 + 20 * n)
        rid = await store.create_round(
            physics_class,
            game="lander",
            world="moon",
            mode="competitive",
            seed=n,
            room="A",
            params={"overrides": {"gravity": 3.24}} if n else {},
            now=at,
            lesson_id=physics,
        )
        await store.record_flights(
            [flight(rid, sid, s) for sid, s in zip(students, scores, strict=False)], now=at
        )
        await store.finish_round(rid, now=at + timedelta(minutes=5), end_state=end)
        rounds.append(rid)
    await store.end_lesson(physics, now=monday + timedelta(hours=1))

    chem_class = await store.create_class("8C Chemistry", "ABC123", now=T0)
    chemistry = await store.start_lesson(chem_class, "ABC123", now=T0)
    await store.create_round(
        chem_class,
        game="lander",
        world="mars",
        mode="coop",
        seed=3,
        room="B",
        params={},
        now=T0,
        lesson_id=chemistry,
    )
    await store.end_lesson(chemistry, now=T0 + timedelta(minutes=50))

    wednesday_night = datetime(2025, 3, 12, 23, 30, tzinfo=UTC)
    elan = await store.create_class("Élan 9", "ZZ9PLU", now=wednesday_night)
    late = await store.start_lesson(elan, "ZZ9PLU", now=wednesday_night)

    friday = datetime(2025, 3, 14, 8, 0, tzinfo=UTC)
    again = await store.start_lesson(physics_class, "Q4W8ER", now=friday)
    await store.end_lesson(again, now=friday + timedelta(hours=1))
    return Seeded(physics, chemistry, late, again, (rounds[0], rounds[1]))


def ids(lessons: list[LessonInfo]) -> list[int]:
    return [lesson.id for lesson in lessons]


def test_lessons_newest_first_with_their_counts(db_path: Path) -> None:
    async def run() -> None:
        async with await Store.open(db_path) as store:
            s = await seed(store)
            every = await store.lessons()
            assert ids(every) == [s.physics_again, s.late, s.chemistry, s.physics]
            physics = every[-1]
            assert (physics.class_name, physics.join_code) == ("Year 7 Physics", "K7M2QX")
            assert physics.started_at == datetime(2025, 3, 10, 9, 0, tzinfo=UTC)
            assert physics.ended_at == datetime(2025, 3, 10, 10, 0, tzinfo=UTC)
            # 2 rounds, 3 + 2 flights; Di was seated but never flew and still counts
            assert (physics.rounds, physics.flights, physics.students) == (2, 5, 4)
            chemistry = every[2]
            assert (chemistry.rounds, chemistry.flights, chemistry.students) == (1, 0, 0)
            assert every[1].ended_at is None  # still open
            assert ids(await store.lessons(limit=2)) == [s.physics_again, s.late]

    asyncio.run(run())


def test_search_matches_class_name_or_join_code_in_any_case(db_path: Path) -> None:
    async def run() -> None:
        async with await Store.open(db_path) as store:
            s = await seed(store)
            assert ids(await store.lessons("physics")) == [s.physics_again, s.physics]
            assert ids(await store.lessons("k7m2")) == [s.physics]
            assert ids(await store.lessons("  q4w8er ")) == [s.physics_again]
            assert ids(await store.lessons("ÉLAN")) == [s.late]  # beyond ASCII too
            assert ids(await store.lessons("abc")) == [s.chemistry]
            assert ids(await store.lessons("8c chem")) == [s.chemistry]
            assert await store.lessons("biology") == []
            # the text is a bound parameter, never SQL or a LIKE pattern
            for hostile in ("%", "_", "' OR 1=1 --", "'); DROP TABLE lessons; --"):
                assert await store.lessons(hostile) == [], hostile
            assert len(await store.lessons("   ")) == 4  # blank: no filter
        with sqlite3.connect(db_path) as db:
            assert db.execute("SELECT count(*) FROM lessons").fetchone()[0] == 4

    asyncio.run(run())


def test_date_range_is_whole_local_days(db_path: Path) -> None:
    async def run() -> None:
        async with await Store.open(db_path) as store:
            s = await seed(store)
            wed = date(2025, 3, 12)
            thu = date(2025, 3, 13)
            assert ids(await store.lessons(since=wed, until=wed, tz=UTC)) == [
                s.late,
                s.chemistry,
            ]
            # 23:30 UTC on Wednesday is already Thursday in CET
            assert ids(await store.lessons(since=wed, until=wed, tz=CET)) == [s.chemistry]
            assert ids(await store.lessons(since=thu, tz=CET)) == [s.physics_again, s.late]
            assert ids(await store.lessons(until=date(2025, 3, 10), tz=UTC)) == [s.physics]
            assert ids(await store.lessons("physics", since=wed, tz=UTC)) == [s.physics_again]
            assert await store.lessons(since=date(2025, 3, 11), until=date(2025, 3, 11)) == []

    asyncio.run(run())


def test_lesson_rounds_with_their_outcomes(db_path: Path) -> None:
    async def run() -> None:
        async with await Store.open(db_path) as store:
            s = await seed(store)
            rounds = await store.lesson_rounds(s.physics)
            assert [r.id for r in rounds] == list(s.rounds)
            first, second = rounds
            assert (first.flights, first.best_score, first.end_state) == (3, 900, "completed")
            assert (second.flights, second.best_score, second.end_state) == (2, 820, "ended")
            assert second.params == {"overrides": {"gravity": 3.24}}
            assert second.started_at - first.started_at == timedelta(minutes=20)
            assert first.finished_at == first.started_at + timedelta(minutes=5)
            (chem,) = await store.lesson_rounds(s.chemistry)
            assert (chem.room, chem.world, chem.flights, chem.best_score) == ("B", "mars", 0, None)
            assert chem.end_state == "ended"  # closed with its lesson
            assert await store.lesson_rounds(s.late) == []
            # the lesson's flights, round by round, agree with the summaries
            flights = await store.lesson_results(s.physics)
            assert [f.score for f in flights] == [900, 450, 0, 820, 700]
            with pytest.raises(UnknownRecordError, match="lesson 999 does not exist"):
                await store.lesson_rounds(999)

    asyncio.run(run())


def test_lesson_bests_are_each_students_best_flight_per_game(db_path: Path) -> None:
    """What a round's end sends as the lesson board: per student and game the best score
    (its earliest flight on a tie, with that flight's stars) and the number of flights,
    the same as working it out from every flight of the lesson, and nothing of another
    lesson or game."""

    async def run() -> None:
        async with await Store.open(db_path) as store:
            s = await seed(store)
            class_id = (await store.lessons("Year 7 Physics"))[-1].class_id
            lesson = await store.start_lesson(class_id, "K7M2QX", now=T0)
            ada = await store.add_student(class_id, "Ada")  # the same students as before
            bo = await store.add_student(class_id, "Bo")
            played = [  # (game, [(student, score, stars)]) round by round
                ("lander", [(ada, 500, 1), (bo, 800, 3)]),
                ("lander", [(ada, 800, 2), (bo, 300, 1)]),  # Ada ties Bo's 800, later
                ("lander", [(ada, 800, 3)]),  # Ada's own tie: her first 800 counts
                ("ecology", [(ada, 50, 1), (bo, 90, 2)]),
            ]
            for n, (game, flights) in enumerate(played):
                at = T0 + timedelta(minutes=n)
                rid = await store.create_round(
                    class_id,
                    game=game,
                    world="moon",
                    mode="competitive",
                    seed=n,
                    room="A",
                    params={},
                    now=at,
                    lesson_id=lesson,
                )
                await store.record_flights(
                    [flight(rid, sid, sc, stars=st, game=game) for sid, sc, st in flights], now=at
                )
            bests = {b.nickname: b for b in await store.lesson_bests(lesson, "lander")}
            assert {n: (b.score, b.stars, b.flights) for n, b in bests.items()} == {
                "Ada": (800, 2, 3),
                "Bo": (800, 3, 2),
            }
            eco = await store.lesson_bests(lesson, "ecology")
            assert sorted((b.nickname, b.score, b.flights) for b in eco) == [
                ("Ada", 50, 1),
                ("Bo", 90, 1),
            ]
            # the earlier lesson of the same class is its own: Ada's 900 there is not here
            old = {b.nickname: b.score for b in await store.lesson_bests(s.physics, "lander")}
            assert old["Ada"] == 900
            assert await store.lesson_bests(lesson, "chemistry") == []
            with pytest.raises(UnknownRecordError, match="lesson 999 does not exist"):
                await store.lesson_bests(999, "lander")

    asyncio.run(run())


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"since": date(2025, 3, 2), "until": date(2025, 3, 1)}, "must not be after until"),
        ({"since": datetime(2025, 3, 1, tzinfo=UTC)}, "since must be a date"),
        ({"until": "2025-03-01"}, "until must be a date"),
        ({"limit": 0}, "limit must be within 1..1000, got 0"),
        ({"search": "x" * 101}, "search must be at most 100 characters, got 101"),
        ({"search": 7}, "search must be a string, got 7"),
        ({"tz": "Europe/Berlin"}, "tz must be a tzinfo"),
    ],
)
def test_bad_arguments_are_refused_by_name(
    db_path: Path, kwargs: dict[str, object], message: str
) -> None:
    async def run() -> None:
        async with await Store.open(db_path) as store:
            with pytest.raises(InvalidRecordError, match=message):
                await store.lessons(**kwargs)  # type: ignore[arg-type]

    asyncio.run(run())
