"""What every leaderboard backend shares: which board, and what a best score is."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from app.cloud.models import LeaderboardEntry, Scope
from app.common.periods import Period
from app.common.timeutil import from_us


@dataclass(frozen=True)
class BoardKey:
    """One leaderboard: a game's period, for one class, one tenant or all of them."""

    scope: Scope
    tenant_id: str  # the asking tenant; ignored for the global scope's contents
    game: str
    period: Period
    start_us: int  # period start in epoch microseconds; 0 for all time
    class_code: str | None = None  # the class of a class board


@dataclass(frozen=True)
class BestScore:
    """A student's best in one board; ordering: score desc, then earlier, then by id."""

    tenant_id: str
    student_id: str
    nickname: str
    score: int
    achieved_at_us: int
    game: str = ""
    period: Period = "all"
    start_us: int = 0
    class_code: str | None = None

    def entry(self, rank: int) -> LeaderboardEntry:
        return LeaderboardEntry(
            rank=rank,
            tenant_id=self.tenant_id,
            student_id=self.student_id,
            nickname=self.nickname,
            score=self.score,
            achieved_at=from_us(self.achieved_at_us),
        )


class Leaderboards(Protocol):
    """Reads (and, for caches, mirrored writes) of the leaderboards."""

    @property
    def approximate_rank(self) -> bool: ...

    async def record(self, rows: Sequence[BestScore]) -> None: ...

    async def forget(self, rows: Sequence[BestScore]) -> None: ...

    async def top(self, key: BoardKey, k: int) -> list[LeaderboardEntry]: ...

    async def around(
        self, key: BoardKey, student_id: str, n: int
    ) -> tuple[int | None, list[LeaderboardEntry]]: ...
