"""Leaderboard period starts: the integer arithmetic ingest uses agrees with the datetimes."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta, timezone

from app.cloud.periods import ALL_TIME_START, PERIODS, period_start, period_starts_us
from app.common.timeutil import to_us


def expected(at: datetime) -> tuple[int, ...]:
    starts = (period_start(period, at) for period in PERIODS)
    return tuple(ALL_TIME_START if s is None else to_us(s) for s in starts)


def test_period_starts_us_matches_period_start() -> None:
    rng = random.Random(3)
    zones = [UTC, timezone(timedelta(hours=-11)), timezone(timedelta(hours=13, minutes=45))]
    instants = [
        datetime(2026, 11, 23, 0, 0, tzinfo=UTC),  # a Monday, midnight
        datetime(2026, 11, 22, 23, 59, 59, 999_999, tzinfo=UTC),  # the Sunday before
        datetime(2026, 11, 23, 0, 30, tzinfo=timezone(timedelta(hours=2))),  # Sunday in UTC
        datetime(1969, 12, 31, 23, 0, tzinfo=UTC),  # before the epoch (a Wednesday)
        datetime(1970, 1, 1, tzinfo=UTC),
    ]
    for _ in range(2000):
        at = datetime(1990, 1, 1, tzinfo=UTC) + timedelta(microseconds=rng.randrange(2**50))
        instants.append(at.astimezone(rng.choice(zones)))
    for at in instants:
        assert period_starts_us(to_us(at)) == expected(at), at


def test_week_starts_on_monday_and_day_at_utc_midnight() -> None:
    day, week, all_time = period_starts_us(to_us(datetime(2026, 11, 26, 15, tzinfo=UTC)))
    assert day == to_us(datetime(2026, 11, 26, tzinfo=UTC))
    assert week == to_us(datetime(2026, 11, 23, tzinfo=UTC))  # Thursday -> Monday
    assert all_time == ALL_TIME_START
