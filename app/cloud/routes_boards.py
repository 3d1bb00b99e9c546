"""Leaderboards: top-K and "around me", per tenant or global; day, week or all time."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Path, Query

from app.cloud.board import BoardKey
from app.cloud.deps import Caller, CallerDep, ServiceDep
from app.cloud.models import AroundMeResponse, ErrorBody, LeaderboardResponse, Period, Scope
from app.cloud.periods import ALL_TIME_START, period_start
from app.common.timeutil import to_us

router = APIRouter(prefix="/v1/leaderboards", tags=["leaderboards"])
GamePath = Annotated[str, Path(pattern=r"^[a-z][a-z0-9_]{0,31}$")]
_ERRORS: dict[int | str, dict[str, object]] = {
    401: {"model": ErrorBody},
    422: {"model": ErrorBody},
    429: {"model": ErrorBody},
}


def _key(caller: Caller, game: str, scope: Scope, period: Period, at: datetime) -> BoardKey:
    start = period_start(period, at)
    return BoardKey(
        scope, caller.tenant_id, game, period, ALL_TIME_START if start is None else to_us(start)
    )


def _when(now: datetime, at: datetime | None) -> datetime:
    if at is None:
        return now
    return at.replace(tzinfo=UTC) if at.tzinfo is None else at


@router.get("/{game}", response_model=LeaderboardResponse, responses=_ERRORS)
async def top(
    *,
    game: GamePath,
    caller: CallerDep,
    service: ServiceDep,
    scope: Scope = "tenant",
    period: Period = "all",
    limit: Annotated[int, Query(ge=1, le=100)] = 10,
    at: Annotated[datetime | None, Query(description="a time inside the period")] = None,
) -> LeaderboardResponse:
    """The best score per student, highest first (ties: the earlier result ranks higher)."""
    when = _when(service.clock(), at)
    key = _key(caller, game, scope, period, when)
    entries = await service.boards.top(key, limit)
    return LeaderboardResponse(
        game=game,
        scope=scope,
        period=period,
        period_start=period_start(period, when),
        approximate=False,
        entries=entries,
    )


@router.get("/{game}/around/{student_id}", response_model=AroundMeResponse, responses=_ERRORS)
async def around(
    *,
    game: GamePath,
    student_id: Annotated[str, Path(pattern=r"^[A-Za-z0-9_.:-]{1,64}$")],
    caller: CallerDep,
    service: ServiceDep,
    scope: Scope = "tenant",
    period: Period = "all",
    n: Annotated[int, Query(ge=1, le=25, description="neighbours each side")] = 3,
    at: Annotated[datetime | None, Query()] = None,
) -> AroundMeResponse:
    """A student of the caller's tenant and the ``n`` students either side of them."""
    when = _when(service.clock(), at)
    key = _key(caller, game, scope, period, when)
    rank, entries = await service.boards.around(key, student_id, n)
    return AroundMeResponse(
        game=game,
        scope=scope,
        period=period,
        student_id=student_id,
        rank=rank,
        approximate=service.boards.approximate_rank,
        entries=entries,
    )
