"""The caller's own tenant, and the admin routes that create tenants and keys."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path

from app.cloud.deps import CallerDep, ServiceDep, admin
from app.cloud.gate import GatedRoute
from app.cloud.models import ApiKeyInfo, ErrorBody, IssuedKey, KeyCreate, TenantCreate, TenantInfo
from app.cloud.service import CloudService

router = APIRouter(prefix="/v1", tags=["tenants"], route_class=GatedRoute)
ADMIN = [Depends(admin)]
TenantPath = Annotated[str, Path(pattern=r"^[a-z0-9](?:[a-z0-9_]{0,38}[a-z0-9])?$")]
_ERRORS: dict[int | str, dict[str, object]] = {
    401: {"model": ErrorBody},
    404: {"model": ErrorBody},
    413: {"model": ErrorBody},
    409: {"model": ErrorBody},
    422: {"model": ErrorBody},
}


async def tenant_info(service: CloudService, tenant_id: str) -> TenantInfo:
    """The tenant with the plan in force now (its trial's, its subscription's or Free)."""
    tenant = await service.tenants.get(tenant_id)
    found = await service.entitlements.get(tenant_id)
    return TenantInfo(
        tenant_id=tenant.id,
        name=tenant.name,
        plan=found.plan,
        plan_source=found.source,  # type: ignore[arg-type]
        trial_ends_at=tenant.trial_ends_at,
    )


@router.get("/tenant", response_model=TenantInfo, responses=_ERRORS)
async def my_tenant(caller: CallerDep, service: ServiceDep) -> TenantInfo:
    """The tenant the API key belongs to: name, the plan in force, trial end."""
    return await tenant_info(service, caller.tenant_id)


@router.post(
    "/admin/tenants",
    response_model=IssuedKey,
    status_code=201,
    responses=_ERRORS,
    dependencies=ADMIN,
)
async def create_tenant(body: TenantCreate, service: ServiceDep) -> IssuedKey:
    """Create a tenant and its first API key (scope ``sync`` unless ``scopes`` says more);
    the key is shown only in this answer."""
    now = service.clock()
    await service.tenants.create(
        body.tenant_id, body.name, now=now, trial_days=service.settings.trial_days
    )
    return await service.tenants.issue_key(
        body.tenant_id, label="initial", now=now, scopes=body.scopes
    )


@router.post(
    "/admin/tenants/{tenant_id}/keys",
    response_model=IssuedKey,
    status_code=201,
    responses=_ERRORS,
    dependencies=ADMIN,
)
async def add_key(
    tenant_id: TenantPath, service: ServiceDep, body: KeyCreate | None = None
) -> IssuedKey:
    """Issue another API key for an existing tenant (e.g. the default tenant); the body
    may name its label and scopes (default: label "admin", scope ``sync``)."""
    wanted = body or KeyCreate(label="admin")
    return await service.tenants.issue_key(
        tenant_id, label=wanted.label, now=service.clock(), scopes=wanted.scopes
    )


@router.delete(
    "/admin/tenants/{tenant_id}/keys/{key_id}",
    response_model=ApiKeyInfo,
    responses=_ERRORS,
    dependencies=ADMIN,
)
async def revoke_key(
    tenant_id: TenantPath,
    key_id: Annotated[int, Path(ge=1, le=2**31 - 1)],
    service: ServiceDep,
) -> ApiKeyInfo:
    """Revoke an API key of any tenant (e.g. a leaked one)."""
    return await service.tenants.revoke_key(tenant_id, key_id, now=service.clock())


@router.post(
    "/admin/tenants/{tenant_id}/end-trial",
    response_model=TenantInfo,
    responses=_ERRORS,
    dependencies=ADMIN,
)
async def end_trial(tenant_id: TenantPath, service: ServiceDep) -> TenantInfo:
    """End the tenant's trial now (to try the Free plan, or after a mistake). Other
    instances see it once their cached entitlements expire (``entitlement_cache_s``)."""
    await service.tenants.set_trial_end(tenant_id, service.clock())
    service.entitlements.invalidate(tenant_id)
    return await tenant_info(service, tenant_id)
