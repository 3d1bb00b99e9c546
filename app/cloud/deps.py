"""Request-scoped pieces the routes depend on: the service, the caller, rate limits.

Credentials and rate limits are :class:`BeforeBody` dependencies: the route class of every
router (:class:`app.cloud.gate.GatedRoute`) runs them BEFORE FastAPI reads and parses the
request body, so a request without valid credentials, or over its allowance, is refused
without its body ever being read; FastAPI's own call of the dependency later returns the
same answer.

Rate limits, one bucket per route class (so junk traffic on one class cannot use up
another's allowance), per minute:

* ``requests``: every authenticated request, per API key or teacher;
* ``submissions``: result uploads, per API key;
* ``auth``: log-in, register and refresh, per address;
* ``failed_auth``: requests with missing or wrong credentials, per address (past it: 429
  instead of 401);
* ``webhook``: Stripe webhook deliveries, per address.

The address is the peer's, or the one a trusted proxy forwarded (:mod:`app.cloud.clientaddr`).
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from typing import Annotated, Any, NoReturn

from fastapi import Depends, Request, Security
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer

from app.cloud.apikeys import Scope
from app.cloud.clientaddr import client_address
from app.cloud.errors import (
    CloudError,
    ForbiddenError,
    NotFoundError,
    RateLimitedError,
    UnauthorizedError,
)
from app.cloud.service import CloudService

_MEMO = "moonbase.before_body"
API_KEY = APIKeyHeader(
    name="X-API-Key",
    scheme_name="ApiKey",
    description="a tenant API key tenant_{id}_{secret} (or as Authorization: Bearer)",
    auto_error=False,
)
BEARER = HTTPBearer(
    scheme_name="Bearer",
    description="a teacher access token (POST /v1/auth/login), or a tenant API key",
    auto_error=False,
)
ADMIN_TOKEN = APIKeyHeader(
    name="X-Admin-Token",
    scheme_name="AdminToken",
    description="MOONBASE_CLOUD_ADMIN_TOKEN of the service",
    auto_error=False,
)
KeyHeader = Annotated[str | None, Security(API_KEY)]
BearerHeader = Annotated[HTTPAuthorizationCredentials | None, Security(BEARER)]
AdminHeader = Annotated[str | None, Security(ADMIN_TOKEN)]


@dataclass(frozen=True)
class Caller:
    """An authenticated classroom host or teacher tool."""

    tenant_id: str
    client: str  # rate-limit identity: a digest of the key
    actor: str  # who it was, for the audit log
    scopes: frozenset[str]


async def get_service(request: Request) -> CloudService:
    """``async`` on purpose: FastAPI runs a plain ``def`` dependency in its thread pool, a
    thread round trip per request for one attribute read."""
    service: CloudService = request.app.state.service
    return service


ServiceDep = Annotated[CloudService, Depends(get_service)]


def address(request: Request, service: CloudService) -> str:
    return client_address(request, service.settings.trusted_proxies)


async def enforce(service: CloudService, bucket: str, client: str, limit: int) -> None:
    retry = await service.limiter.hit(f"{bucket}:{client}", limit, service.now_s())
    if retry is not None:
        service.metrics.rate_limited.labels(bucket).inc()
        raise RateLimitedError(
            f"rate limit of {limit} {bucket.replace('_', ' ')} per minute exceeded; "
            f"retry in {retry} s",
            retry_after_s=retry,
        )


async def refuse(request: Request, service: CloudService, error: CloudError) -> NoReturn:
    """Count a failed authentication against the address: 429 past its allowance, else
    ``error`` (the 401)."""
    where = f"ip:{address(request, service)}"
    await enforce(service, "failed_auth", where, service.settings.failed_auth_per_minute)
    raise error


class BeforeBody:
    """A dependency the gate runs before the body is read; answered once per request."""

    async def memo(self, request: Request) -> Any:
        done: dict[int, Any] = request.scope.setdefault(_MEMO, {})
        if id(self) not in done:
            done[id(self)] = await self.check(request, await get_service(request))
        return done[id(self)]

    async def check(self, request: Request, service: CloudService) -> Any:
        raise NotImplementedError


def _presented_key(request: Request) -> str | None:
    header = request.headers.get("x-api-key")
    if header:
        return header.strip()
    scheme, _, value = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    return None


class ApiKeyCheck(BeforeBody):
    """The tenant of the API key (``X-API-Key`` or ``Authorization: Bearer``): 401 without
    one, 403 ``scope_required`` when the key lacks ``scope`` (None: any key will do)."""

    def __init__(self, scope: Scope | None) -> None:
        self.scope = scope

    async def __call__(
        self, request: Request, _key: KeyHeader = None, _bearer: BearerHeader = None
    ) -> Caller:
        caller: Caller = await self.memo(request)
        return caller

    async def check(self, request: Request, service: CloudService) -> Caller:
        key = _presented_key(request)
        if key is None:
            await refuse(
                request,
                service,
                UnauthorizedError("an API key is required (X-API-Key or Authorization: Bearer)"),
            )
        try:
            found = await service.tenants.authenticate(key)
        except UnauthorizedError as exc:
            await refuse(request, service, exc)
        digest = hashlib.sha256(key.encode()).hexdigest()[:16]
        caller = Caller(
            tenant_id=found.tenant_id,
            client=f"key:{digest}",
            actor=f"api_key:{digest}",
            scopes=found.scopes,
        )
        await enforce(service, "requests", caller.client, service.settings.requests_per_minute)
        if self.scope is not None and self.scope not in caller.scopes:
            raise ForbiddenError(
                f"this API key may not use this route: it needs the '{self.scope}' scope and "
                f"has {', '.join(sorted(caller.scopes)) or 'none'}; an owner or admin makes "
                f"a key with it (POST /v1/orgs/{caller.tenant_id}/keys "
                f'{{"label": ..., "scopes": ["{self.scope}"]}})',
                code="scope_required",
            )
        return caller


class TeacherCheck(BeforeBody):
    """The teacher id of ``Authorization: Bearer <access token>``; 401 without."""

    async def __call__(self, request: Request, _bearer: BearerHeader = None) -> str:
        teacher: str = await self.memo(request)
        return teacher

    async def check(self, request: Request, service: CloudService) -> str:
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            await refuse(
                request,
                service,
                UnauthorizedError("a teacher access token is required (Authorization: Bearer)"),
            )
        try:
            teacher_id = service.accounts.authenticate(token.strip())
        except UnauthorizedError as exc:
            await refuse(request, service, exc)
        await enforce(
            service, "requests", f"teacher:{teacher_id}", service.settings.requests_per_minute
        )
        return teacher_id


class AdminCheck(BeforeBody):
    """``X-Admin-Token`` must be the service's admin token; 404 when none is configured."""

    async def __call__(self, request: Request, _token: AdminHeader = None) -> None:
        await self.memo(request)

    async def check(self, request: Request, service: CloudService) -> None:
        expected = service.settings.admin_token
        if expected is None:
            raise NotFoundError("admin routes are disabled (no admin token configured)")
        token = request.headers.get("x-admin-token")
        if token is None or not hmac.compare_digest(token.encode(), expected.encode()):
            await refuse(request, service, UnauthorizedError("admin token is missing or wrong"))


class AddressLimit(BeforeBody):
    """A per-address bucket for routes without credentials (log-in, webhook)."""

    def __init__(self, bucket: str, setting: str) -> None:
        self.bucket = bucket
        self.setting = setting

    async def __call__(self, request: Request) -> None:
        await self.memo(request)

    async def check(self, request: Request, service: CloudService) -> None:
        limit = int(getattr(service.settings, self.setting))
        await enforce(service, self.bucket, f"ip:{address(request, service)}", limit)


class SubmissionLimit(BeforeBody):
    """30 result uploads a minute per API key (seed 003)."""

    def __init__(self, caller: ApiKeyCheck) -> None:
        self.caller = caller

    async def __call__(self, request: Request) -> None:
        await self.memo(request)

    async def check(self, request: Request, service: CloudService) -> None:
        caller: Caller = await self.caller.memo(request)
        limit = service.settings.submissions_per_minute
        await enforce(service, "submissions", caller.client, limit)


any_key = ApiKeyCheck(None)
sync_key = ApiKeyCheck("sync")
boards_key = ApiKeyCheck("boards")
compliance_key = ApiKeyCheck("compliance")
teacher = TeacherCheck()
admin = AdminCheck()
auth_limit = AddressLimit("auth", "auth_per_minute")
webhook_limit = AddressLimit("webhook", "webhook_per_minute")
submission_limit = SubmissionLimit(sync_key)

CallerDep = Annotated[Caller, Depends(any_key)]  # any valid key: its own tenant's facts
SyncCallerDep = Annotated[Caller, Depends(sync_key)]
BoardsCallerDep = Annotated[Caller, Depends(boards_key)]
ComplianceCallerDep = Annotated[Caller, Depends(compliance_key)]
TeacherDep = Annotated[str, Depends(teacher)]
AdminDep = Annotated[None, Depends(admin)]
