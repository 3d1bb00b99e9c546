"""``POST /v1/billing/stripe-webhook``: Stripe's signed events (see app/cloud/billing.py)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Header, Request

from app.cloud.deps import ServiceDep, webhook_limit
from app.cloud.gate import GatedRoute
from app.cloud.models import ErrorBody, WebhookResponse

router = APIRouter(prefix="/v1/billing", tags=["billing"], route_class=GatedRoute)
WEBHOOK_PATH = "/v1/billing/stripe-webhook"


@router.post(
    "/stripe-webhook",
    response_model=WebhookResponse,
    responses={
        400: {"model": ErrorBody},
        413: {"model": ErrorBody},
        429: {"model": ErrorBody},
        503: {"model": ErrorBody},
    },
    dependencies=[Depends(webhook_limit)],
)
async def stripe_webhook(
    request: Request,
    service: ServiceDep,
    stripe_signature: Annotated[str | None, Header()] = None,
) -> WebhookResponse:
    """Verified by signature (forged, or signed more than 5 minutes before or after now:
    400); applied once per event. Bodies over ``max_webhook_bytes`` are refused unread."""
    payload = await request.body()
    outcome = await service.billing.apply_webhook(payload, stripe_signature)
    return WebhookResponse(
        event_id=outcome.event_id,
        type=outcome.type,
        status=outcome.status,  # type: ignore[arg-type]
    )
