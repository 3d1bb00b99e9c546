"""Timestamps as the cloud database keeps them: integer microseconds since the epoch, UTC.

Integers compare and index the same way on SQLite and PostgreSQL, which is why no
dialect-specific date type is used.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

Clock = Callable[[], datetime]
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_US = timedelta(microseconds=1)


def utc_now() -> datetime:
    return datetime.now(UTC)


def to_us(value: datetime) -> int:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"timestamp must be timezone-aware, got naive {value.isoformat()}")
    return (value - EPOCH) // _US


def from_us(value: int) -> datetime:
    return EPOCH + timedelta(microseconds=value)
