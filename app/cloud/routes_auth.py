"""Teacher accounts: ``/v1/auth/register``, ``/login``, ``/refresh`` and ``/v1/me``."""

from __future__ import annotations

from fastapi import APIRouter, Depends

from app.cloud.accounts import ACCESS_TTL, TokenPair
from app.cloud.deps import ServiceDep, TeacherDep, auth_limit
from app.cloud.gate import GatedRoute
from app.cloud.models import (
    ErrorBody,
    LoginRequest,
    RefreshRequest,
    RegisterRequest,
    RegistrationAccepted,
    TeacherInfo,
    TokenResponse,
)

router = APIRouter(prefix="/v1", tags=["teachers"], route_class=GatedRoute)
_ERRORS: dict[int | str, dict[str, object]] = {
    401: {"model": ErrorBody},
    409: {"model": ErrorBody},
    422: {"model": ErrorBody},
    429: {"model": ErrorBody},
}


def _tokens(pair: TokenPair) -> TokenResponse:
    return TokenResponse(
        access_token=pair.access_token,
        refresh_token=pair.refresh_token,
        expires_in=int(ACCESS_TTL.total_seconds()),
        refresh_expires_at=pair.refresh_expires_at,
    )


@router.post(
    "/auth/register",
    response_model=RegistrationAccepted,
    status_code=202,
    responses=_ERRORS,
    dependencies=[Depends(auth_limit)],
)
async def register(body: RegisterRequest, service: ServiceDep) -> RegistrationAccepted:
    """Create a teacher account (students never get one). The answer is the same for an
    address registered before (which keeps its account): it tells no one who is registered."""
    address = await service.accounts.register(body.email, body.password, body.name)
    return RegistrationAccepted(email=address)


@router.post(
    "/auth/login",
    response_model=TokenResponse,
    responses=_ERRORS,
    dependencies=[Depends(auth_limit)],
)
async def login(body: LoginRequest, service: ServiceDep) -> TokenResponse:
    """An access token (1 h) and a refresh token (30 d) for email and password."""
    return _tokens(await service.accounts.login(body.email, body.password))


@router.post(
    "/auth/refresh",
    response_model=TokenResponse,
    responses=_ERRORS,
    dependencies=[Depends(auth_limit)],
)
async def refresh(body: RefreshRequest, service: ServiceDep) -> TokenResponse:
    """Exchange a refresh token for a new pair; each refresh token works once."""
    return _tokens(await service.accounts.refresh(body.refresh_token))


@router.get("/me", response_model=TeacherInfo, responses=_ERRORS)
async def me(teacher_id: TeacherDep, service: ServiceDep) -> TeacherInfo:
    teacher = await service.accounts.get(teacher_id)
    return TeacherInfo(teacher_id=teacher.id, email=teacher.email, name=teacher.name)
