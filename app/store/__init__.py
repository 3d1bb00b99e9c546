"""Local storage of the classroom host: one SQLite file through aiosqlite.

``Store`` is the one way in; every SQL statement of Moonbase lives in this package.
"""

from __future__ import annotations

from app.common.periods import PERIODS, Period
from app.store.errors import (
    DatabaseCorruptError,
    DatabaseLockedError,
    DiskFullError,
    InvalidRecordError,
    NotADatabaseError,
    SchemaTooNewError,
    StorageError,
    UnknownRecordError,
)
from app.store.group_commit import WriteStats
from app.store.records import (
    Achievement,
    ChatLine,
    FlagRecord,
    FlightRecord,
    LeaderboardRow,
    LessonBest,
    LessonInfo,
    LessonRound,
    OutboxItem,
    Progress,
    RoundInfo,
    ScoreHistoryEntry,
    StoredFlight,
    StoredRating,
)
from app.store.store import Store

__all__ = [
    "PERIODS",
    "Achievement",
    "ChatLine",
    "DatabaseCorruptError",
    "DatabaseLockedError",
    "DiskFullError",
    "FlagRecord",
    "FlightRecord",
    "InvalidRecordError",
    "LeaderboardRow",
    "LessonBest",
    "LessonInfo",
    "LessonRound",
    "NotADatabaseError",
    "OutboxItem",
    "Period",
    "Progress",
    "RoundInfo",
    "SchemaTooNewError",
    "ScoreHistoryEntry",
    "StorageError",
    "Store",
    "StoredFlight",
    "StoredRating",
    "UnknownRecordError",
    "WriteStats",
]
