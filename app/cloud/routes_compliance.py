"""COPPA/GDPR: export or delete one student's data in the caller's tenant; the audit log."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query

from app.cloud.compliance import audit_entries, delete_student, export_student
from app.cloud.deps import ComplianceCallerDep, ServiceDep
from app.cloud.gate import GatedRoute
from app.cloud.models import DeletionReport, ErrorBody, StudentExport

router = APIRouter(prefix="/v1/compliance", tags=["compliance"], route_class=GatedRoute)
StudentPath = Annotated[str, Path(pattern=r"^[A-Za-z0-9_.:-]{1,64}$")]
_ERRORS: dict[int | str, dict[str, object]] = {
    401: {"model": ErrorBody},
    403: {"model": ErrorBody, "description": "code scope_required: the key lacks 'compliance'"},
    422: {"model": ErrorBody},
    429: {"model": ErrorBody},
}


@router.get("/students/{student_id}", response_model=StudentExport, responses=_ERRORS)
async def export(
    student_id: StudentPath, caller: ComplianceCallerDep, service: ServiceDep
) -> StudentExport:
    """Everything the cloud holds about one pseudonymous student, as JSON."""
    return await export_student(
        service.engine, caller.tenant_id, student_id, actor=caller.actor, now=service.clock()
    )


@router.delete("/students/{student_id}", response_model=DeletionReport, responses=_ERRORS)
async def erase(
    student_id: StudentPath, caller: ComplianceCallerDep, service: ServiceDep
) -> DeletionReport:
    """Delete the student's results and leaderboard places (SQL and Redis)."""
    return await delete_student(
        service.engine,
        service.boards,
        caller.tenant_id,
        student_id,
        actor=caller.actor,
        now=service.clock(),
    )


@router.get("/audit", responses=_ERRORS)
async def audit(
    caller: ComplianceCallerDep,
    service: ServiceDep,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> list[dict[str, Any]]:
    """Who exported or deleted what in the caller's tenant, newest first."""
    return await audit_entries(service.engine, caller.tenant_id, limit)
