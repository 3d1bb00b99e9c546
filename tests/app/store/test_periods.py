"""Day and ISO-week bounds in a class's local time, across time zones and DST."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from app.common.periods import period_bounds

BERLIN = ZoneInfo("Europe/Berlin")


def test_all_time_has_no_bounds() -> None:
    assert period_bounds("all", datetime(2025, 3, 12, tzinfo=UTC)) is None


def test_day_and_week_in_utc() -> None:
    now = datetime(2025, 3, 12, 10, 30, tzinfo=UTC)  # Wednesday
    assert period_bounds("day", now, UTC) == (
        datetime(2025, 3, 12, tzinfo=UTC),
        datetime(2025, 3, 13, tzinfo=UTC),
    )
    assert period_bounds("week", now, UTC) == (
        datetime(2025, 3, 10, tzinfo=UTC),
        datetime(2025, 3, 17, tzinfo=UTC),
    )


def test_the_class_time_zone_decides_which_day_it_is() -> None:
    # 03:00 UTC on Monday is still Sunday evening five hours west of Greenwich.
    now = datetime(2025, 3, 10, 3, 0, tzinfo=UTC)
    west = timezone(timedelta(hours=-5))
    start, end = period_bounds("week", now, west) or (now, now)
    assert start == datetime(2025, 3, 3, 5, 0, tzinfo=UTC)
    assert end == datetime(2025, 3, 10, 5, 0, tzinfo=UTC)
    day = period_bounds("day", now, west)
    assert day == (datetime(2025, 3, 9, 5, 0, tzinfo=UTC), datetime(2025, 3, 10, 5, 0, tzinfo=UTC))


def test_daylight_saving_change_makes_a_23_hour_day_and_a_167_hour_week() -> None:
    now = datetime(2025, 3, 30, 12, 0, tzinfo=BERLIN)  # clocks went forward at 02:00
    start, end = period_bounds("day", now, BERLIN) or (now, now)
    assert start == datetime(2025, 3, 29, 23, 0, tzinfo=UTC)
    assert end - start == timedelta(hours=23)
    wstart, wend = period_bounds("week", now, BERLIN) or (now, now)
    assert wstart == datetime(2025, 3, 23, 23, 0, tzinfo=UTC)
    assert wend == datetime(2025, 3, 30, 22, 0, tzinfo=UTC)


def test_local_time_is_the_default() -> None:
    now = datetime(2025, 6, 18, 12, 0, tzinfo=UTC)
    start, end = period_bounds("week", now) or (now, now)
    local_start = start.astimezone()
    assert (local_start.weekday(), local_start.hour, local_start.minute) == (0, 0, 0)
    assert start <= now < end


def test_an_unknown_period_is_refused() -> None:
    with pytest.raises(ValueError, match="period must be one of day, week, all, got 'month'"):
        period_bounds("month", datetime(2025, 1, 1, tzinfo=UTC))  # type: ignore[arg-type]
