"""Class analytics (a Pro feature): per class, how a game went, from the synced results."""

from __future__ import annotations

from sqlalchemy import case, func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from app.cloud.models import GameAnalytics
from app.cloud.schema import results


async def class_analytics(engine: AsyncEngine, tenant_id: str, game: str) -> list[GameAnalytics]:
    landed = func.sum(case((results.c.outcome == "landed", 1), else_=0))
    query = (
        select(
            results.c.class_code,
            func.count().label("n"),
            func.count(results.c.student_id.distinct()).label("students"),
            landed.label("landed"),
            func.avg(results.c.score).label("mean_score"),
            func.max(results.c.score).label("best"),
            func.avg(results.c.flight_time_s).label("mean_time"),
        )
        .where(results.c.tenant_id == tenant_id, results.c.game == game)
        .group_by(results.c.class_code)
        .order_by(results.c.class_code)
    )
    async with engine.connect() as conn:
        rows = (await conn.execute(query)).all()
    return [
        GameAnalytics(
            class_code=r.class_code,
            results=int(r.n),
            students=int(r.students),
            landed=int(r.landed or 0),
            landing_rate=round(int(r.landed or 0) / int(r.n), 4),
            mean_score=round(float(r.mean_score or 0.0), 2),
            best_score=int(r.best or 0),
            mean_flight_time_s=round(float(r.mean_time or 0.0), 2),
        )
        for r in rows
    ]
