"""``GET /v1/analytics/{game}``: class analytics, for tenants whose plan includes them."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from app.cloud.analytics import class_analytics
from app.cloud.deps import BoardsCallerDep, ServiceDep
from app.cloud.gate import GatedRoute
from app.cloud.models import AnalyticsResponse, ErrorBody

router = APIRouter(prefix="/v1/analytics", tags=["analytics"], route_class=GatedRoute)


@router.get(
    "/{game}",
    response_model=AnalyticsResponse,
    responses={
        401: {"model": ErrorBody},
        403: {"model": ErrorBody, "description": "code not_entitled.class_analytics"},
        422: {"model": ErrorBody},
        429: {"model": ErrorBody},
    },
)
async def analytics(
    game: Annotated[str, Path(pattern=r"^[a-z][a-z0-9_]{0,31}$")],
    caller: BoardsCallerDep,
    service: ServiceDep,
) -> AnalyticsResponse:
    """Per class: results, students, landing rate, mean and best score (Pro and up)."""
    await service.entitlements.require(caller.tenant_id, "class_analytics")
    return AnalyticsResponse(
        game=game, classes=await class_analytics(service.engine, caller.tenant_id, game)
    )
