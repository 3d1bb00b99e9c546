"""Leaderboards: top-K and "around me", per tenant or global; day, week or all time."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Path, Query

from app.cloud.board import BoardKey
from app.cloud.deps import BoardsCallerDep, Caller, ServiceDep
from app.cloud.errors import InvalidRequestError
from app.cloud.gate import GatedRoute
from app.cloud.models import AroundMeResponse, ErrorBody, LeaderboardResponse, Scope
from app.cloud.periods import ALL_TIME_START, period_start
from app.cloud.service import CloudService
from app.common.periods import Period
from app.common.timeutil import to_us

router = APIRouter(prefix="/v1/leaderboards", tags=["leaderboards"], route_class=GatedRoute)
GamePath = Annotated[str, Path(pattern=r"^[a-z][a-z0-9_]{0,31}$")]
_ERRORS: dict[int | str, dict[str, object]] = {
    401: {"model": ErrorBody},
    403: {
        "model": ErrorBody,
        "description": "code not_entitled.global_leaderboards, or scope_required (a key"
        " without 'boards')",
    },
    422: {"model": ErrorBody},
    429: {"model": ErrorBody},
}


ClassQuery = Annotated[
    str | None,
    Query(
        pattern=r"^[A-Za-z0-9]{1,16}$",
        description="the class's join code, with scope=class (as the host sends it)",
    ),
]


def _key(
    caller: Caller, game: str, scope: Scope, period: Period, at: datetime, class_code: str | None
) -> BoardKey:
    if (scope == "class") != (class_code is not None):
        raise InvalidRequestError("scope=class needs class_code=<join code>, and only it does")
    start = period_start(period, at)
    return BoardKey(
        scope,
        caller.tenant_id,
        game,
        period,
        ALL_TIME_START if start is None else to_us(start),
        class_code,
    )


EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)
LATEST = datetime(9000, 1, 1, tzinfo=UTC)  # far from datetime's end, which a week must not pass


def _when(now: datetime, at: datetime | None) -> datetime:
    if at is None:
        return now
    when = at.replace(tzinfo=UTC) if at.tzinfo is None else at
    if not EARLIEST <= when < LATEST:
        raise InvalidRequestError(
            f"at {at.isoformat()} is out of range: give a time from 1970-01-01 to 8999-12-31"
        )
    return when


async def _entitled(service: CloudService, caller: Caller, scope: Scope) -> None:
    """The global board shows other schools' students: Starter and up (403 otherwise)."""
    if scope == "global":
        await service.entitlements.require(caller.tenant_id, "global_leaderboards")
    else:
        await service.entitlements.require(caller.tenant_id, "class_leaderboards")


@router.get("/{game}", response_model=LeaderboardResponse, responses=_ERRORS)
async def top(
    *,
    game: GamePath,
    caller: BoardsCallerDep,
    service: ServiceDep,
    scope: Scope = "tenant",
    period: Period = "all",
    limit: Annotated[int, Query(ge=1, le=100)] = 10,
    at: Annotated[datetime | None, Query(description="a time inside the period")] = None,
    class_code: ClassQuery = None,
) -> LeaderboardResponse:
    """The best score per student, highest first (ties: the earlier result ranks higher).
    ``scope=tenant`` (the default) is the school's board, ``scope=class&class_code=CODE`` one
    class's, ``scope=global`` spans every school (plans with ``global_leaderboards`` only)."""
    await _entitled(service, caller, scope)
    when = _when(service.clock(), at)
    key = _key(caller, game, scope, period, when, class_code)
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
    caller: BoardsCallerDep,
    service: ServiceDep,
    scope: Scope = "tenant",
    period: Period = "all",
    n: Annotated[int, Query(ge=1, le=25, description="neighbours each side")] = 3,
    at: Annotated[datetime | None, Query()] = None,
    class_code: ClassQuery = None,
) -> AroundMeResponse:
    """A student of the caller's tenant and the ``n`` students either side of them."""
    await _entitled(service, caller, scope)
    when = _when(service.clock(), at)
    key = _key(caller, game, scope, period, when, class_code)
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
