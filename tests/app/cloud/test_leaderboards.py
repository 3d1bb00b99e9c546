"""Leaderboards per tenant and global, by period, and "around me", on every backend."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

from app.cloud.board import BestScore, BoardKey
from app.cloud.board_sql import SqlLeaderboards
from app.cloud.models import Scope
from app.cloud.periods import period_start
from app.cloud.settings import CloudSettings
from app.common.periods import Period
from app.common.timeutil import to_us
from tests.app.cloud.conftest import START, Cloud, open_cloud, result_item

pytestmark = pytest.mark.anyio


async def test_best_score_per_student_ties_go_to_the_earlier(cloud: Cloud) -> None:
    key = await cloud.tenant("school_a")
    early = START - timedelta(hours=2)
    items = [
        result_item(student="ada", nickname="Ada", score=300),
        result_item(student="ada", nickname="Ada", score=700),  # her best counts once
        result_item(student="bob", nickname="Bob", score=700, created_at=early),
        result_item(student="cyd", nickname="Cyd", score=650),
    ]
    assert (await cloud.sync(key, items)).json()["accepted"] == 4
    board = (await cloud.get(key, "/v1/leaderboards/lander")).json()
    assert [(e["nickname"], e["score"], e["rank"]) for e in board["entries"]] == [
        ("Bob", 700, 1),
        ("Ada", 700, 2),
        ("Cyd", 650, 3),
    ]
    assert board["scope"] == "tenant"
    assert board["period_start"] is None


async def test_periods_day_week_all(cloud: Cloud) -> None:
    key = await cloud.tenant("school_a")
    items = [
        result_item(student="today", score=100, created_at=START - timedelta(hours=1)),
        result_item(student="monday", score=200, created_at=START - timedelta(days=2)),
        result_item(student="lastweek", score=300, created_at=START - timedelta(days=8)),
    ]
    assert (await cloud.sync(key, items)).json()["accepted"] == 3

    async def students(period: str) -> list[str]:
        board = (await cloud.get(key, "/v1/leaderboards/lander", period=period)).json()
        return [e["student_id"] for e in board["entries"]]

    assert await students("day") == ["today"]
    assert await students("week") == ["monday", "today"]
    assert await students("all") == ["lastweek", "monday", "today"]
    last_week = (START - timedelta(days=8)).isoformat()
    board = (await cloud.get(key, "/v1/leaderboards/lander", period="week", at=last_week)).json()
    assert [e["student_id"] for e in board["entries"]] == ["lastweek"]
    assert board["period_start"].startswith("2026-02-23T00:00:00")  # the Monday before


async def test_global_board_spans_tenants_tenant_board_does_not(cloud: Cloud) -> None:
    key_a = await cloud.tenant("school_a")
    key_b = await cloud.tenant("school_b")
    await cloud.sync(key_a, [result_item(student="a1", score=400)])
    await cloud.sync(key_b, [result_item(student="b1", score=800)])
    mine = (await cloud.get(key_a, "/v1/leaderboards/lander")).json()
    assert [e["student_id"] for e in mine["entries"]] == ["a1"]
    world = (await cloud.get(key_a, "/v1/leaderboards/lander", scope="global")).json()
    assert [(e["tenant_id"], e["student_id"]) for e in world["entries"]] == [
        ("school_b", "b1"),
        ("school_a", "a1"),
    ]


async def test_games_are_separate(cloud: Cloud) -> None:
    key = await cloud.tenant("school_a")
    await cloud.sync(
        key, [result_item(game="lander", score=100), result_item(game="docking", score=200)]
    )
    board = (await cloud.get(key, "/v1/leaderboards/docking")).json()
    assert [e["score"] for e in board["entries"]] == [200]


async def test_around_me(cloud: Cloud) -> None:
    key = await cloud.tenant("school_a")
    items = [result_item(student=f"s{i:02d}", score=1000 - 10 * i) for i in range(15)]
    assert (await cloud.sync(key, items)).json()["accepted"] == 15
    answer = (await cloud.get(key, "/v1/leaderboards/lander/around/s07", n=2)).json()
    assert [e["student_id"] for e in answer["entries"]] == ["s05", "s06", "s07", "s08", "s09"]
    me = next(e for e in answer["entries"] if e["student_id"] == "s07")
    assert me["score"] == 930
    assert answer["approximate"] is False  # exact on every backend, Redis included
    assert answer["rank"] == 8
    assert [e["rank"] for e in answer["entries"]] == [6, 7, 8, 9, 10]
    top = (await cloud.get(key, "/v1/leaderboards/lander/around/s00", n=2)).json()
    assert [e["student_id"] for e in top["entries"]] == ["s00", "s01", "s02"]
    assert [e["rank"] for e in top["entries"]] == [1, 2, 3]
    third = (await cloud.get(key, "/v1/leaderboards/lander/around/s02", n=3)).json()
    assert (third["rank"], [e["student_id"] for e in third["entries"]][:3]) == (
        3,
        ["s00", "s01", "s02"],  # the leader is there, and 3rd place is 3rd
    )
    absent = (await cloud.get(key, "/v1/leaderboards/lander/around/nobody")).json()
    assert absent["rank"] is None
    assert absent["entries"] == []


async def test_limit_is_bounded(cloud: Cloud) -> None:
    key = await cloud.tenant("school_a")
    for bad in (0, 101):
        answer = await cloud.get(key, "/v1/leaderboards/lander", limit=bad)
        assert answer.status_code == 422
        assert answer.json()["code"] == "invalid_request"
    items = [result_item(student=f"s{i}", score=10 + i) for i in range(12)]
    await cloud.sync(key, items)
    board = (await cloud.get(key, "/v1/leaderboards/lander", limit=5)).json()
    assert [e["score"] for e in board["entries"]] == [21, 20, 19, 18, 17]


@pytest.mark.parametrize("backend", ["redis"], indirect=True)
async def test_redis_top_k_is_cached_30_seconds(settings: CloudSettings) -> None:
    async with open_cloud(settings) as cloud:
        key = await cloud.tenant("school_a")
        await cloud.sync(key, [result_item(student="a", score=100)])
        first = (await cloud.get(key, "/v1/leaderboards/lander")).json()
        await cloud.sync(key, [result_item(student="b", score=900)])
        cached = (await cloud.get(key, "/v1/leaderboards/lander")).json()
        assert cached["entries"] == first["entries"]  # still the cached answer
        cache_keys = await cloud.redis.keys("*lbc:*")
        ttl_ms = await cloud.redis.pttl(cache_keys[0])
        assert 0 < ttl_ms <= 30_000
        await cloud.redis.delete(*cache_keys)  # as if 30 s had passed
        fresh = (await cloud.get(key, "/v1/leaderboards/lander")).json()
        assert [e["student_id"] for e in fresh["entries"]] == ["b", "a"]


@pytest.mark.parametrize("backend", ["redis"], indirect=True)
async def test_redis_is_rebuilt_from_sql_when_emptied(settings: CloudSettings) -> None:
    settings = replace(settings, leaderboard_cache_s=0.0)
    async with open_cloud(settings) as cloud:
        key = await cloud.tenant("school_a")
        items = [result_item(student=f"s{i}", score=100 + i) for i in range(20)]
        await cloud.sync(key, items)
        before = (await cloud.get(key, "/v1/leaderboards/lander", limit=20)).json()
        await cloud.redis.flushdb()
    async with open_cloud(settings) as cloud:
        after = (await cloud.get(key, "/v1/leaderboards/lander", limit=20)).json()
    assert after["entries"] == before["entries"]
    assert len(after["entries"]) == 20


@pytest.mark.parametrize("backend", ["redis"], indirect=True)
async def test_redis_records_thousands_of_rows_in_one_call(settings: CloudSettings) -> None:
    """A rebuild hands Redis thousands of best scores at once; the one script call that
    writes them must split its commands (Lua's unpack takes a few thousand values)."""
    async with open_cloud(replace(settings, leaderboard_cache_s=0.0)) as cloud:
        rows = [
            BestScore("school_a", f"s{i:05d}", f"kid{i}", 1 + i, 1_700_000_000_000_000, "lander")
            for i in range(6000)
        ]
        await cloud.service.boards.record(rows)
        key = BoardKey("tenant", "school_a", "lander", "all", 0)
        top = await cloud.service.boards.top(key, 3)
        names = await cloud.redis.hlen(f"mb:{cloud.service.database_id}:lbn:school_a")
    assert [(e.student_id, e.nickname, e.score) for e in top] == [
        ("s05999", "kid5999", 6000), ("s05998", "kid5998", 5999), ("s05997", "kid5997", 5998),
    ]  # fmt: skip
    assert names == 6000


@pytest.mark.parametrize("backend", ["redis"], indirect=True)
async def test_redis_around_me_and_top_agree_with_sql_on_the_same_data(
    settings: CloudSettings,
) -> None:
    """Random boards (ties in score and in second included), every student asked for: the
    Redis answer is the SQL answer, rank and neighbours alike."""
    rng = random.Random(15)
    async with open_cloud(replace(settings, leaderboard_cache_s=0.0)) as cloud:
        keys = [await cloud.tenant("school_a"), await cloud.tenant("school_b")]
        students: list[tuple[int, str]] = []
        for t, key in enumerate(keys):
            items = [
                result_item(
                    student=f"s{t}{i:02d}",
                    score=rng.choice([0, 100, 100, 250, 400, 400, 400, 650, 900]),
                    created_at=START - timedelta(minutes=rng.choice([1, 1, 2, 30])),
                )
                for i in range(19)
            ]
            assert (await cloud.sync(key, items)).json()["accepted"] == 19
            students += [(t, item["student_id"]) for item in items]
        sql = SqlLeaderboards(cloud.service.engine)
        redis_boards = cloud.service.boards
        today = period_start("day", START)
        assert today is not None
        periods: list[tuple[Period, int]] = [("all", 0), ("day", to_us(today))]
        scopes: list[Scope] = ["tenant", "global"]
        for scope in scopes:
            for period, start in periods:
                for t, student in students:
                    board = BoardKey(scope, f"school_{'ab'[t]}", "lander", period, start)
                    for n in (1,):  # the tightest cut: a tie at its edge
                        want = await sql.around(board, student, n)
                        got = await redis_boards.around(board, student, n)
                        assert got == want, (scope, period, student, n)
                assert await redis_boards.top(board, 50) == await sql.top(board, 50)


@pytest.mark.parametrize("backend", ["redis"], indirect=True)
async def test_a_fresh_database_never_shows_another_databases_redis_boards(
    settings: CloudSettings, tmp_path: Path
) -> None:
    async with open_cloud(settings) as cloud:
        key = await cloud.tenant("school_a")
        await cloud.sync(key, [result_item(student="ada", nickname="Ada", score=500)])
        board = (await cloud.get(key, "/v1/leaderboards/lander")).json()
        assert [e["nickname"] for e in board["entries"]] == ["Ada"]
    # a new, empty database (another data folder) with the very same Redis
    fresh = replace(settings, data_dir=tmp_path / "fresh")
    async with open_cloud(fresh) as cloud:
        key = await cloud.tenant("school_a")
        board = (await cloud.get(key, "/v1/leaderboards/lander")).json()
        assert board["entries"] == []
        around = (await cloud.get(key, "/v1/leaderboards/lander/around/ada")).json()
        assert around["rank"] is None


async def test_a_time_out_of_range_is_refused_not_a_crash(cloud: Cloud) -> None:
    key = await cloud.tenant("school_a")
    for at in ("9999-12-31T23:59:59Z", "0001-01-01T00:00:00Z"):
        for path in ("/v1/leaderboards/lander", "/v1/leaderboards/lander/around/s1"):
            answer = await cloud.get(key, path, period="week", at=at)
            assert answer.status_code == 422, (path, at, answer.text)
            assert answer.json()["code"] == "invalid_request"
            assert "out of range" in answer.json()["message"]


async def test_the_global_board_needs_the_global_leaderboards_feature(cloud: Cloud) -> None:
    key_a = await cloud.tenant("school_a")
    key_b = await cloud.tenant("school_b")
    await cloud.sync(key_b, [result_item(student="b1", score=800)])
    in_trial = await cloud.get(key_a, "/v1/leaderboards/lander", scope="global")
    assert in_trial.status_code == 200  # the trial is Pro
    cloud.clock.advance(timedelta(days=15).total_seconds())  # Free from now on
    for path in ("/v1/leaderboards/lander", "/v1/leaderboards/lander/around/b1"):
        refused = await cloud.get(key_a, path, scope="global")
        assert refused.status_code == 403, refused.text
        assert refused.json()["code"] == "not_entitled.global_leaderboards"
    own = await cloud.get(key_a, "/v1/leaderboards/lander")
    assert own.status_code == 200  # the school's own board stays
