"""A student's data exported or deleted everywhere (results, best scores, Redis), audited."""

from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import delete, insert, select
from sqlalchemy.ext.asyncio import AsyncEngine

from app.cloud.board import BestScore, Leaderboards
from app.cloud.models import DeletionReport, ResultItem, StudentExport
from app.cloud.schema import audit_log, leaderboard_best, results
from app.common.timeutil import from_us, to_us


async def audit(
    engine: AsyncEngine,
    *,
    tenant_id: str,
    actor: str,
    action: str,
    subject: str,
    detail: dict[str, object],
    now: datetime,
) -> None:
    async with engine.begin() as conn:
        await conn.execute(
            insert(audit_log).values(
                tenant_id=tenant_id,
                actor=actor,
                action=action,
                subject=subject,
                detail=json.dumps(detail, sort_keys=True),
                at=to_us(now),
            )
        )


async def export_student(
    engine: AsyncEngine, tenant_id: str, student_id: str, *, actor: str, now: datetime
) -> StudentExport:
    async with engine.connect() as conn:
        rows = (
            await conn.execute(
                select(results)
                .where(results.c.tenant_id == tenant_id, results.c.student_id == student_id)
                .order_by(results.c.created_at, results.c.result_uid)
            )
        ).all()
        boards = (
            await conn.execute(
                select(leaderboard_best.c.student_id).where(
                    leaderboard_best.c.tenant_id == tenant_id,
                    leaderboard_best.c.student_id == student_id,
                )
            )
        ).all()
    items = [
        ResultItem(
            result_uid=r.result_uid,
            game=r.game,
            world=r.world,
            class_code=r.class_code,
            student_id=r.student_id,
            nickname=r.nickname,
            outcome=r.outcome,
            score=r.score,
            stars=r.stars,
            flight_time_s=r.flight_time_s,
            created_at=from_us(r.created_at),
        )
        for r in rows
    ]
    await audit(
        engine,
        tenant_id=tenant_id,
        actor=actor,
        action="student.export",
        subject=student_id,
        detail={"results": len(items)},
        now=now,
    )
    return StudentExport(
        tenant_id=tenant_id, student_id=student_id, results=items, leaderboard_rows=len(boards)
    )


async def delete_student(
    engine: AsyncEngine,
    boards: Leaderboards,
    tenant_id: str,
    student_id: str,
    *,
    actor: str,
    now: datetime,
) -> DeletionReport:
    async with engine.begin() as conn:
        best = (
            await conn.execute(
                select(leaderboard_best).where(
                    leaderboard_best.c.tenant_id == tenant_id,
                    leaderboard_best.c.student_id == student_id,
                )
            )
        ).all()
        gone_results = await conn.execute(
            delete(results).where(
                results.c.tenant_id == tenant_id, results.c.student_id == student_id
            )
        )
        await conn.execute(
            delete(leaderboard_best).where(
                leaderboard_best.c.tenant_id == tenant_id,
                leaderboard_best.c.student_id == student_id,
            )
        )
    await boards.forget(
        [
            BestScore(
                r.tenant_id,
                r.student_id,
                r.nickname,
                r.score,
                r.achieved_at,
                r.game,
                r.period,
                r.period_start,
            )
            for r in best
        ]
    )
    report = DeletionReport(
        tenant_id=tenant_id,
        student_id=student_id,
        results_deleted=gone_results.rowcount,
        leaderboard_rows_deleted=len(best),
    )
    await audit(
        engine,
        tenant_id=tenant_id,
        actor=actor,
        action="student.delete",
        subject=student_id,
        detail={
            "results": report.results_deleted,
            "leaderboard_rows": report.leaderboard_rows_deleted,
        },
        now=now,
    )
    return report


async def audit_entries(engine: AsyncEngine, tenant_id: str, limit: int) -> list[dict[str, object]]:
    async with engine.connect() as conn:
        rows = (
            await conn.execute(
                select(audit_log)
                .where(audit_log.c.tenant_id == tenant_id)
                .order_by(audit_log.c.id.desc())
                .limit(limit)
            )
        ).all()
    return [
        {
            "actor": r.actor,
            "action": r.action,
            "subject": r.subject,
            "detail": json.loads(r.detail),
            "at": from_us(r.at).isoformat(),
        }
        for r in rows
    ]
