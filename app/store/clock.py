"""Timestamps as the database keeps them: integer microseconds since the Unix epoch, UTC."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)


def utc_now() -> datetime:
    return datetime.now(UTC)


def require_aware(name: str, value: datetime) -> datetime:
    """``value`` if it carries a time zone; a naive datetime is ambiguous and refused."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be a timezone-aware datetime, got naive {value.isoformat()}")
    return value


def to_epoch_us(value: datetime) -> int:
    """Exact integer microseconds since the epoch for an aware datetime."""
    return (require_aware("timestamp", value) - EPOCH) // _MICROSECOND


def from_epoch_us(value: int) -> datetime:
    """The aware UTC datetime of a stored timestamp."""
    return EPOCH + timedelta(microseconds=value)
