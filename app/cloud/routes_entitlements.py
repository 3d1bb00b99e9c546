"""What a classroom host's tenant may use, and the signed token it keeps for offline use."""

from __future__ import annotations

from fastapi import APIRouter

from app.cloud.deps import CallerDep, ServiceDep
from app.cloud.entitlements import Entitlements
from app.cloud.gate import GatedRoute
from app.cloud.models import (
    EntitlementsResponse,
    ErrorBody,
    OfflineToken,
    PlanInfo,
    PublicKeyResponse,
)
from app.common.entitlement_token import b64url
from app.common.plans import PLANS

router = APIRouter(prefix="/v1", tags=["plans"], route_class=GatedRoute)
_ERRORS: dict[int | str, dict[str, object]] = {
    401: {"model": ErrorBody},
    429: {"model": ErrorBody},
}


def entitlements_response(found: Entitlements) -> EntitlementsResponse:
    return EntitlementsResponse(
        tenant_id=found.tenant_id,
        plan=found.plan,
        source=found.source,  # type: ignore[arg-type]
        features=sorted(found.features),
        max_teachers=found.max_teachers,
        trial_ends_at=found.trial_ends_at,
        subscription_status=found.subscription_status,
    )


@router.get("/plans", response_model=list[PlanInfo])
async def plans() -> list[PlanInfo]:
    """Free, Starter $19.99, Pro $49.99, Enterprise $149.99 a month."""
    return [
        PlanInfo(
            key=p.key,
            name=p.name,
            monthly_price_usd=f"{p.monthly_price_cents // 100}.{p.monthly_price_cents % 100:02d}",
            features=sorted(p.features),
            max_teachers=p.max_teachers,
        )
        for p in PLANS.values()
    ]


@router.get("/entitlements", response_model=EntitlementsResponse, responses=_ERRORS)
async def entitlements(caller: CallerDep, service: ServiceDep) -> EntitlementsResponse:
    """The caller's tenant: plan, where it comes from, features (cached 120 s)."""
    return entitlements_response(await service.entitlements.get(caller.tenant_id))


@router.get("/entitlements/token", response_model=OfflineToken, responses=_ERRORS)
async def offline_token(caller: CallerDep, service: ServiceDep) -> OfflineToken:
    """The entitlements signed with Ed25519, valid ``offline_token_days`` days."""
    found = await service.entitlements.get(caller.tenant_id)
    days = service.settings.offline_token_days
    token, expires = service.signer.sign(found, now=service.clock(), days=days)
    return OfflineToken(
        token=token, expires_at=expires, key_id=service.signer.key_id, valid_days=days
    )


@router.get("/entitlements/public-key", response_model=PublicKeyResponse)
async def public_key(service: ServiceDep) -> PublicKeyResponse:
    """The key that verifies offline tokens; a host pins it when it is set up."""
    return PublicKeyResponse(
        key_id=service.signer.key_id, public_key=b64url(service.signer.public_key)
    )
