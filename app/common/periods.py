"""Leaderboard periods: the day, the ISO week (Monday first) and all time, as UTC intervals
of a given time zone. A classroom's boards (app/store) use the class's own zone; the cloud
(app/cloud), which spans schools in many zones, uses UTC. One definition for both."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta, tzinfo
from typing import Literal

Period = Literal["day", "week", "all"]
PERIODS: tuple[Period, ...] = ("day", "week", "all")


def _local_midnight(day: datetime, tz: tzinfo | None) -> datetime:
    naive = datetime.combine(day.date(), time())
    # With no zone given, astimezone() on a naive datetime applies the system's own rules
    # (including its daylight-saving offset on that date).
    return naive.replace(tzinfo=tz) if tz is not None else naive.astimezone()


def period_bounds(
    period: Period, now: datetime, tz: tzinfo | None = None
) -> tuple[datetime, datetime] | None:
    """``[start, end)`` in UTC of the period containing ``now`` in ``tz``; ``None`` for "all".

    ``tz`` ``None`` means the computer's local time zone.
    """
    if period not in PERIODS:
        raise ValueError(f"period must be one of {', '.join(PERIODS)}, got {period!r}")
    if period == "all":
        return None
    local = now.astimezone(tz) if tz is not None else now.astimezone()
    if period == "day":
        first, length = local, 1
    else:
        first, length = local - timedelta(days=local.weekday()), 7
    start = _local_midnight(first, tz).astimezone(UTC)
    end = _local_midnight(first + timedelta(days=length), tz).astimezone(UTC)
    return start, end


def period_start(period: Period, at: datetime, tz: tzinfo = UTC) -> datetime | None:
    """The start (UTC) of the period containing ``at`` in ``tz``; None for all time."""
    bounds = period_bounds(period, at, tz)
    return None if bounds is None else bounds[0]


def period_end(period: Period, at: datetime, tz: tzinfo = UTC) -> datetime | None:
    """The end (UTC, exclusive) of the period containing ``at`` in ``tz``; None for all."""
    bounds = period_bounds(period, at, tz)
    return None if bounds is None else bounds[1]
