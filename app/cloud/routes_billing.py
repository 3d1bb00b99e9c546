"""``POST /v1/billing/stripe-webhook``: Stripe's signed events (see app/cloud/billing.py)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Header, Request

from app.cloud.deps import ServiceDep, limit_by_address
from app.cloud.errors import PayloadTooLargeError
from app.cloud.models import ErrorBody, WebhookResponse

router = APIRouter(prefix="/v1/billing", tags=["billing"])
MAX_WEBHOOK_BYTES = 512 * 1024


@router.post(
    "/stripe-webhook",
    response_model=WebhookResponse,
    responses={400: {"model": ErrorBody}, 413: {"model": ErrorBody}, 503: {"model": ErrorBody}},
    dependencies=[Depends(limit_by_address)],
)
async def stripe_webhook(
    request: Request,
    service: ServiceDep,
    stripe_signature: Annotated[str | None, Header()] = None,
) -> WebhookResponse:
    """Verified by signature (forged or older than 5 minutes: 400); applied once per event."""
    payload = await request.body()
    if len(payload) > MAX_WEBHOOK_BYTES:
        raise PayloadTooLargeError(f"webhook payload of {len(payload)} bytes is too large")
    outcome = await service.billing.apply_webhook(payload, stripe_signature)
    return WebhookResponse(
        event_id=outcome.event_id,
        type=outcome.type,
        status=outcome.status,  # type: ignore[arg-type]
    )
