"""``POST /v1/sync/results``: a classroom host's outbox batch; ``POST /v1/sync/erasures``:
the students it erased, erased here too."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Response

from app.cloud.board import BestScore
from app.cloud.compliance import delete_student
from app.cloud.deps import ServiceDep, SyncCallerDep, submission_limit
from app.cloud.gate import GatedRoute
from app.cloud.ingest import ingest
from app.cloud.models import (
    ErrorBody,
    SyncBatch,
    SyncErasures,
    SyncErasuresResponse,
    SyncResponse,
)

router = APIRouter(prefix="/v1/sync", tags=["sync"], route_class=GatedRoute)


@router.post(
    "/results",
    response_model=SyncResponse,
    responses={
        401: {"model": ErrorBody},
        403: {"model": ErrorBody, "description": "code scope_required: the key lacks 'sync'"},
        413: {"model": ErrorBody},
        422: {"model": ErrorBody},
        429: {"model": ErrorBody},
    },
    dependencies=[Depends(submission_limit)],
    summary="Upload up to 20 results; each is answered accepted, duplicate or rejected",
)
async def sync_results(batch: SyncBatch, caller: SyncCallerDep, service: ServiceDep) -> Response:
    """Idempotent by ``result_uid``: sending a batch twice stores it once.

    A rejected item (malformed or impossible, e.g. more than 1000 points per action) is a
    final answer: the host should not send it again.
    """
    outcome = await ingest(
        service.engine, caller.tenant_id, batch.items, now=service.clock(), policy=service.policy
    )
    raised: list[BestScore] = outcome.best_rows
    await service.boards.record(raised)
    for status in ("accepted", "duplicate", "rejected"):
        count = outcome.count(status)
        if count:
            service.metrics.results.labels(status).inc(count)
    answer = SyncResponse(
        accepted=outcome.count("accepted"),
        duplicates=outcome.count("duplicate"),
        rejected=outcome.count("rejected"),
        items=outcome.answers,
    )
    # serialised by pydantic-core directly: FastAPI would validate the model it was handed
    # again and encode it in Python (~0.3 ms a batch); the documented model is the same
    return Response(answer.model_dump_json(), media_type="application/json")


@router.post(
    "/erasures",
    response_model=SyncErasuresResponse,
    responses={
        401: {"model": ErrorBody},
        403: {"model": ErrorBody, "description": "code scope_required: the key lacks 'sync'"},
        422: {"model": ErrorBody},
        429: {"model": ErrorBody},
    },
    summary="Erase up to 20 students the classroom host erased (COPPA/GDPR)",
)
async def sync_erasures(
    body: SyncErasures, caller: SyncCallerDep, service: ServiceDep
) -> SyncErasuresResponse:
    """The host that sent a student's results erased the student: their results and
    leaderboard places go here too (the audit log names the key). Idempotent: erasing a
    student with nothing left reports zero rows."""
    reports = [
        await delete_student(
            service.engine,
            service.boards,
            caller.tenant_id,
            student_id,
            actor=caller.actor,
            now=service.clock(),
        )
        for student_id in dict.fromkeys(body.student_ids)
    ]
    return SyncErasuresResponse(erased=reports)
