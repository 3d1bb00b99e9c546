"""Request-scoped pieces the routes depend on: the service, the caller's tenant, limits."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Header, Request

from app.cloud.errors import RateLimitedError, UnauthorizedError
from app.cloud.service import CloudService


@dataclass(frozen=True)
class Caller:
    """An authenticated classroom host or teacher tool."""

    tenant_id: str
    client: str  # rate-limit identity: a digest of the key
    actor: str  # who it was, for the audit log


async def get_service(request: Request) -> CloudService:
    """``async`` on purpose: FastAPI runs a plain ``def`` dependency in its thread pool, a
    thread round trip per request for one attribute read."""
    service: CloudService = request.app.state.service
    return service


ServiceDep = Annotated[CloudService, Depends(get_service)]


async def enforce(service: CloudService, bucket: str, client: str, limit: int) -> None:
    retry = await service.limiter.hit(f"{bucket}:{client}", limit, service.now_s())
    if retry is not None:
        service.metrics.rate_limited.labels(bucket).inc()
        raise RateLimitedError(
            f"rate limit of {limit} {bucket} per minute exceeded; retry in {retry} s",
            retry_after_s=retry,
        )


def _presented_key(authorization: str | None, x_api_key: str | None) -> str | None:
    if x_api_key:
        return x_api_key.strip()
    if authorization:
        scheme, _, value = authorization.partition(" ")
        if scheme.lower() == "bearer" and value.strip():
            return value.strip()
    return None


async def get_caller(
    request: Request,
    service: ServiceDep,
    authorization: Annotated[str | None, Header()] = None,
    x_api_key: Annotated[str | None, Header()] = None,
) -> Caller:
    """The tenant of the API key (``X-API-Key`` or ``Authorization: Bearer``); 401 without."""
    key = _presented_key(authorization, x_api_key)
    address = request.client.host if request.client else "unknown"
    rpm = service.settings.requests_per_minute
    if key is None:
        await enforce(service, "requests", f"ip:{address}", rpm)
        raise UnauthorizedError("an API key is required (X-API-Key or Authorization: Bearer)")
    try:
        tenant_id = await service.tenants.authenticate(key)
    except UnauthorizedError:
        await enforce(service, "requests", f"ip:{address}", rpm)
        raise
    digest = hashlib.sha256(key.encode()).hexdigest()[:16]
    caller = Caller(tenant_id=tenant_id, client=f"key:{digest}", actor=f"api_key:{digest}")
    await enforce(service, "requests", caller.client, rpm)
    return caller


CallerDep = Annotated[Caller, Depends(get_caller)]


async def get_teacher(
    request: Request,
    service: ServiceDep,
    authorization: Annotated[str | None, Header()] = None,
) -> str:
    """The teacher id of ``Authorization: Bearer <access token>``; 401 without."""
    address = request.client.host if request.client else "unknown"
    scheme, _, token = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        await enforce(service, "requests", f"ip:{address}", service.settings.requests_per_minute)
        raise UnauthorizedError("a teacher access token is required (Authorization: Bearer)")
    try:
        teacher_id = service.accounts.authenticate(token.strip())
    except UnauthorizedError:
        await enforce(service, "requests", f"ip:{address}", service.settings.requests_per_minute)
        raise
    await enforce(
        service, "requests", f"teacher:{teacher_id}", service.settings.requests_per_minute
    )
    return teacher_id


TeacherDep = Annotated[str, Depends(get_teacher)]


async def limit_by_address(request: Request, service: ServiceDep) -> None:
    """100 requests a minute per address for routes without credentials (login, webhook)."""
    address = request.client.host if request.client else "unknown"
    await enforce(service, "requests", f"ip:{address}", service.settings.requests_per_minute)
