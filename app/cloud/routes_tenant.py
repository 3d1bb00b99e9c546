"""The caller's own tenant, and the admin routes that create tenants and keys."""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import APIRouter, Header, Path

from app.cloud.deps import CallerDep, ServiceDep
from app.cloud.errors import NotFoundError, UnauthorizedError
from app.cloud.models import ApiKeyInfo, ErrorBody, IssuedKey, TenantCreate, TenantInfo
from app.cloud.service import CloudService

router = APIRouter(prefix="/v1", tags=["tenants"])
_ERRORS: dict[int | str, dict[str, object]] = {
    401: {"model": ErrorBody},
    404: {"model": ErrorBody},
    409: {"model": ErrorBody},
    422: {"model": ErrorBody},
}


@router.get("/tenant", response_model=TenantInfo, responses=_ERRORS)
async def my_tenant(caller: CallerDep, service: ServiceDep) -> TenantInfo:
    """The tenant the API key belongs to: name, plan, trial end."""
    return (await service.tenants.get(caller.tenant_id)).info()


def _check_admin(service: CloudService, token: str | None) -> None:
    expected = service.settings.admin_token
    if expected is None:
        raise NotFoundError("admin routes are disabled (no admin token configured)")
    if token is None or not hmac.compare_digest(token.encode(), expected.encode()):
        raise UnauthorizedError("admin token is missing or wrong")


@router.post("/admin/tenants", response_model=IssuedKey, status_code=201, responses=_ERRORS)
async def create_tenant(
    body: TenantCreate,
    service: ServiceDep,
    x_admin_token: Annotated[str | None, Header()] = None,
) -> IssuedKey:
    """Create a tenant and its first API key; the key is shown only in this answer."""
    _check_admin(service, x_admin_token)
    now = service.clock()
    await service.tenants.create(
        body.tenant_id, body.name, now=now, trial_days=service.settings.trial_days
    )
    return await service.tenants.issue_key(body.tenant_id, label="initial", now=now)


@router.post(
    "/admin/tenants/{tenant_id}/keys",
    response_model=IssuedKey,
    status_code=201,
    responses=_ERRORS,
)
async def add_key(
    tenant_id: str,
    service: ServiceDep,
    x_admin_token: Annotated[str | None, Header()] = None,
) -> IssuedKey:
    """Issue another API key for an existing tenant (e.g. the default tenant)."""
    _check_admin(service, x_admin_token)
    return await service.tenants.issue_key(tenant_id, label="admin", now=service.clock())


@router.delete(
    "/admin/tenants/{tenant_id}/keys/{key_id}", response_model=ApiKeyInfo, responses=_ERRORS
)
async def revoke_key(
    tenant_id: str,
    key_id: Annotated[int, Path(ge=1, le=2**31 - 1)],
    service: ServiceDep,
    x_admin_token: Annotated[str | None, Header()] = None,
) -> ApiKeyInfo:
    """Revoke an API key of any tenant (e.g. a leaked one)."""
    _check_admin(service, x_admin_token)
    return await service.tenants.revoke_key(tenant_id, key_id, now=service.clock())
