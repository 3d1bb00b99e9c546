"""Class leaderboards: day, week, all time, ties, time zones, "around me"."""

from __future__ import annotations

import asyncio
import tempfile
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.common.periods import period_bounds
from app.store import InvalidRecordError, LeaderboardRow, Period, Store
from tests.app.store.conftest import T0, flight

# T0 is Wednesday 2025-03-12 10:00 UTC.
MON = datetime(2025, 3, 10, 2, 0, tzinfo=UTC)  # Monday 02:00 UTC (Sunday evening at UTC-5)
WEST = timezone(timedelta(hours=-5))


async def lesson(store: Store) -> int:
    """Four students of class 1, one of class 2, flights over two weeks, two games."""
    c1 = await store.create_class("7B", "K7M2QX")
    c2 = await store.create_class("8C", "P3Q9RT")
    ana, ben, cid, dee = [await store.add_student(c1, n) for n in ("ana", "ben", "cid", "dee")]
    eve = await store.add_student(c2, "eve")
    r1 = await store.create_round(
        c1, game="lander", world="moon", mode="solo", seed=1, room="A", params={}
    )
    r2 = await store.create_round(
        c2, game="lander", world="moon", mode="solo", seed=1, room="A", params={}
    )
    r3 = await store.create_round(
        c1, game="projectiles", world="earth", mode="solo", seed=1, room="A", params={}
    )
    plan = [
        (r1, ana, 900, 3, T0 - timedelta(days=9)),  # last week
        (r1, ana, 400, 2, MON),
        (r1, cid, 600, 2, T0 - timedelta(days=1)),  # Tuesday
        (r1, ben, 600, 1, T0 - timedelta(hours=1)),  # today, later than cid's 600
        (r1, dee, 100, 1, T0 - timedelta(hours=2)),
        (r1, dee, 300, 1, T0 - timedelta(minutes=30)),
        (r1, dee, 950, 3, T0 + timedelta(days=7)),  # next week: in no current period
        (r2, eve, 2000, 3, T0),  # another class
        (r3, ana, 5000, 3, T0),  # another game
    ]
    for round_id, student, score, stars, when in plan:
        game = "projectiles" if round_id == r3 else "lander"
        await store.record_flight(
            flight(round_id, student, score, stars=stars, game=game), now=when
        )
    return c1


def boards(
    db_path: Path, *, tz: timezone = UTC, limit: int = 10
) -> dict[str, list[tuple[object, ...]]]:
    async def scenario() -> dict[str, list[tuple[object, ...]]]:
        async with await Store.open(db_path) as store:
            class_id = await lesson(store)
            out: dict[str, list[tuple[object, ...]]] = {}
            for period in ("day", "week", "all"):
                rows = await store.leaderboard(
                    class_id, "lander", period, limit=limit, now=T0, tz=tz
                )
                out[period] = [(r.rank, r.nickname, r.score, r.stars, r.flights) for r in rows]
            return out

    return asyncio.run(scenario())


def test_day_week_and_all_time_boards(db_path: Path) -> None:
    got = boards(db_path)
    assert got["day"] == [(1, "ben", 600, 1, 1), (2, "dee", 300, 1, 2)]
    assert got["week"] == [
        (1, "cid", 600, 2, 1),
        (2, "ben", 600, 1, 1),
        (3, "ana", 400, 2, 1),
        (4, "dee", 300, 1, 2),
    ]
    # all time: ana's 900 from last week counts, so does dee's 950 from "next week".
    assert got["all"] == [
        (1, "dee", 950, 3, 3),
        (2, "ana", 900, 3, 2),
        (3, "cid", 600, 2, 1),
        (4, "ben", 600, 1, 1),
    ]


def test_the_class_time_zone_moves_the_week_boundary(db_path: Path) -> None:
    got = boards(db_path, tz=WEST)
    # Monday 02:00 UTC is Sunday 21:00 at UTC-5: ana's 400 belongs to last week there.
    assert [r[1] for r in got["week"]] == ["cid", "ben", "dee"]


def test_limit_cuts_the_board(db_path: Path) -> None:
    got = boards(db_path, limit=2)
    assert [r[1] for r in got["week"]] == ["cid", "ben"]
    assert [r[1] for r in got["all"]] == ["dee", "ana"]


def test_around_me_and_bad_arguments(db_path: Path) -> None:
    async def scenario() -> None:
        async with await Store.open(db_path) as store:
            class_id = await lesson(store)
            around = await store.leaderboard_around(
                class_id, "lander", "week", 1, span=1, now=T0, tz=UTC
            )
            assert [(r.rank, r.nickname) for r in around] == [(2, "ben"), (3, "ana"), (4, "dee")]
            top = await store.leaderboard_around(
                class_id, "lander", "week", 3, span=1, now=T0, tz=UTC
            )
            assert [(r.rank, r.nickname) for r in top] == [(1, "cid"), (2, "ben")]
            assert (
                await store.leaderboard_around(class_id, "lander", "day", 1, now=T0, tz=UTC) == []
            )
            with pytest.raises(InvalidRecordError, match=r"limit must be within 1\.\.1000, got 0"):
                await store.leaderboard(class_id, "lander", "week", limit=0)
            with pytest.raises(InvalidRecordError, match=r"period must be one of day, week, all"):
                await store.leaderboard(class_id, "lander", "year")  # type: ignore[arg-type]

    asyncio.run(scenario())


def reference(
    flights: list[tuple[int, int, int]], period: Period, now: datetime
) -> list[tuple[int, int, int]]:
    """(student, best score, flights) ranked as the store must rank them, by brute force."""
    bounds = period_bounds(period, now, UTC)
    best: dict[int, tuple[int, int, int]] = {}  # student -> (score, minute, flights)
    for student, score, minute in flights:
        when = T0 + timedelta(minutes=minute)
        if bounds is not None and not bounds[0] <= when < bounds[1]:
            continue
        old = best.get(student)
        count = 1 if old is None else old[2] + 1
        if old is None or score > old[0] or (score == old[0] and minute < old[1]):
            best[student] = (score, minute, count)
        else:
            best[student] = (old[0], old[1], count)
    ranked = sorted(best.items(), key=lambda kv: (-kv[1][0], kv[1][1], kv[0]))
    return [(student, v[0], v[2]) for student, v in ranked]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(
            st.integers(1, 5),
            st.integers(0, 20).map(lambda s: s * 50),
            st.integers(-20_000, 20_000),
        ),
        min_size=1,
        max_size=30,
        unique_by=lambda t: t[2],
    )
)
def test_boards_match_a_brute_force_ranking(flights: list[tuple[int, int, int]]) -> None:
    async def scenario(path: Path) -> dict[str, list[LeaderboardRow]]:
        async with await Store.open(path) as store:
            class_id = await store.create_class("7B", "K7M2QX")
            for i in range(5):
                await store.add_student(class_id, f"s{i}")
            round_id = await store.create_round(
                class_id, game="lander", world="moon", mode="solo", seed=1, room="A", params={}
            )
            for student, score, minute in flights:
                await store.record_flight(
                    flight(round_id, student, score), now=T0 + timedelta(minutes=minute)
                )
            return {
                p: await store.leaderboard(class_id, "lander", p, limit=1000, now=T0, tz=UTC)
                for p in ("day", "week", "all")
            }

    with tempfile.TemporaryDirectory() as folder:
        got = asyncio.run(scenario(Path(folder) / "m.db"))
    for period in ("day", "week", "all"):
        expected = reference(flights, period, T0)
        assert [(r.student_id, r.score, r.flights) for r in got[period]] == expected
        assert [r.rank for r in got[period]] == list(range(1, len(expected) + 1))
