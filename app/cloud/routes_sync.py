"""``POST /v1/sync/results``: a classroom host's outbox batch."""

from __future__ import annotations

from fastapi import APIRouter, Response

from app.cloud.board import BestScore
from app.cloud.deps import CallerDep, ServiceDep, enforce
from app.cloud.ingest import ingest
from app.cloud.models import ErrorBody, SyncBatch, SyncResponse

router = APIRouter(prefix="/v1/sync", tags=["sync"])


@router.post(
    "/results",
    response_model=SyncResponse,
    responses={401: {"model": ErrorBody}, 422: {"model": ErrorBody}, 429: {"model": ErrorBody}},
    summary="Upload up to 20 results; each is answered accepted, duplicate or rejected",
)
async def sync_results(batch: SyncBatch, caller: CallerDep, service: ServiceDep) -> Response:
    """Idempotent by ``result_uid``: sending a batch twice stores it once.

    A rejected item (malformed or impossible, e.g. more than 1000 points per action) is a
    final answer: the host should not send it again.
    """
    await enforce(service, "submissions", caller.client, service.settings.submissions_per_minute)
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
