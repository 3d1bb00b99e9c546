"""The cloud's leaderboard periods: UTC (it spans schools in many time zones), from the one
definition in :mod:`app.common.periods`, plus an integer fast path for ingest."""

from __future__ import annotations

from app.common.periods import PERIODS, Period, period_end, period_start

__all__ = ["ALL_TIME_START", "PERIODS", "Period", "period_end", "period_start", "period_starts_us"]

ALL_TIME_START = 0
_DAY_US = 86_400_000_000
_EPOCH_WEEKDAY = 3  # 1970-01-01 was a Thursday (Monday is 0)


def period_starts_us(at_us: int) -> tuple[int, int, int]:
    """The day, week and all-time starts (as in :data:`PERIODS`) of the instant ``at_us``
    (epoch microseconds), in epoch microseconds: :func:`period_start` in UTC in integer
    arithmetic, ~20 times cheaper, for ingest, which needs them for every result."""
    days = at_us // _DAY_US
    return (
        days * _DAY_US,
        (days - (days + _EPOCH_WEEKDAY) % 7) * _DAY_US,
        ALL_TIME_START,
    )
