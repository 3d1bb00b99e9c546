"""Leaderboard periods in UTC: the day, the ISO week (from Monday) and all time.

The cloud spans schools in many time zones, so its periods are UTC; a classroom's local
leaderboards (app/store) use the class's own time zone.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from app.cloud.models import Period

PERIODS: tuple[Period, ...] = ("day", "week", "all")
ALL_TIME_START = 0


def period_start(period: Period, at: datetime) -> datetime | None:
    """The start of the period containing ``at``; None for all time."""
    if period == "all":
        return None
    day = at.astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    if period == "day":
        return day
    return day - timedelta(days=day.weekday())


def period_end(period: Period, at: datetime) -> datetime | None:
    start = period_start(period, at)
    if start is None:
        return None
    return start + (timedelta(days=1) if period == "day" else timedelta(days=7))
