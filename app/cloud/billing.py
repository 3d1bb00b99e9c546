"""Stripe billing through the official ``stripe`` library (async methods over httpx).

* :meth:`Billing.checkout` makes (once) the tenant's Stripe customer and a Checkout Session
  for a plan; the teacher pays on the page at its ``url``.
* :meth:`Billing.portal` opens a Billing Portal session to change or cancel.
* :meth:`Billing.apply_webhook` checks the ``Stripe-Signature`` header (HMAC-SHA256 of
  ``t.payload`` with the endpoint secret, at most 300 s old: a forged or replayed delivery is
  refused), then applies the event once: its id is recorded in the same transaction as the
  change, so a redelivery is answered "duplicate" and changes nothing.

Subscription events are not trusted for their order: the subscription is read back from
Stripe and its current state applied. Plans are sold under the Stripe Plan ids of
:mod:`app.common.plans` (usable wherever Stripe takes a Price id); :meth:`ensure_catalog`
creates them when missing.
"""

from __future__ import annotations

import asyncio
import json
import logging
from dataclasses import dataclass
from typing import Any

import stripe
from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from app.cloud.entitlements import LIVE_STATUSES, EntitlementCache
from app.cloud.errors import CloudError, ConflictError, InvalidRequestError, UnavailableError
from app.cloud.schema import billing, stripe_events, tenants
from app.common.plans import PAID_PLANS, PLANS, Plan, plan_for_stripe_id
from app.common.timeutil import Clock, to_us

log = logging.getLogger(__name__)
SIGNATURE_TOLERANCE_S = 300
SUBSCRIPTION_EVENTS = frozenset(
    {
        "customer.subscription.created",
        "customer.subscription.updated",
        "customer.subscription.deleted",
    }
)


class WebhookSignatureError(CloudError):
    status = 400
    code = "webhook_signature"


class BillingUnavailableError(UnavailableError):
    code = "billing_unavailable"


class StripeUpstreamError(CloudError):
    """Stripe refused or failed a call; its own message is passed on."""

    status = 502
    code = "stripe_error"


@dataclass(frozen=True)
class CheckoutLink:
    session_id: str
    url: str


@dataclass(frozen=True)
class WebhookOutcome:
    event_id: str
    type: str
    status: str  # "applied", "duplicate" or "ignored"
    tenant_id: str | None


class _HTTPXClient(stripe.HTTPXClient):
    """stripe 16 hands httpx its encoded form as ``data=``, which httpx 0.28 deprecates for
    raw text (a DeprecationWarning each request); pass it as ``content=`` instead."""

    def _get_request_args_kwargs(  # type: ignore[no-untyped-def]
        self, method: str, url: str, headers: Any, post_data: Any
    ):
        args, kwargs = super()._get_request_args_kwargs(method, url, headers, post_data)
        data = kwargs.pop("data", None)
        if isinstance(data, str | bytes):
            kwargs["content"] = data
        elif data:
            kwargs["data"] = data
        return args, kwargs


@dataclass(frozen=True)
class StripeConnection:
    client: stripe.StripeClient
    http: stripe.HTTPXClient

    async def aclose(self) -> None:
        await self.http.close_async()  # type: ignore[no-untyped-call]


def connect(api_key: str, api_base: str | None) -> StripeConnection:
    """A Stripe client for async calls; ``api_base`` points it at a local stand-in."""
    http = _HTTPXClient(timeout=20)
    client = stripe.StripeClient(
        api_key,
        base_addresses={"api": api_base} if api_base else None,
        http_client=http,
        max_network_retries=2,
    )
    return StripeConnection(client, http)


def _plan_id_of(subscription: dict[str, Any]) -> str | None:
    items = subscription.get("items", {}).get("data", [])
    if not items:
        return None
    item = items[0]
    for field in ("price", "plan"):
        value = item.get(field)
        if isinstance(value, dict) and isinstance(value.get("id"), str):
            found: str = value["id"]
            return found
    return None


class Billing:
    def __init__(
        self,
        engine: AsyncEngine,
        connection: StripeConnection | None,
        webhook_secret: str | None,
        entitlements: EntitlementCache,
        clock: Clock,
    ) -> None:
        self._engine = engine
        self._connection = connection
        self._secret = webhook_secret
        self._entitlements = entitlements
        self._clock = clock
        self._catalog_ready = False
        self._catalog_lock = asyncio.Lock()

    async def aclose(self) -> None:
        if self._connection is not None:
            await self._connection.aclose()

    def _stripe(self) -> stripe.StripeClient:
        if self._connection is None:
            raise BillingUnavailableError("billing is not configured (no STRIPE_API_KEY)")
        return self._connection.client

    async def ensure_catalog(self) -> None:
        """Make the products and monthly plans of the paid plans in Stripe, if missing."""
        client = self._stripe()
        async with self._catalog_lock:
            if self._catalog_ready:
                return
            for key in PAID_PLANS:
                plan = PLANS[key]
                try:
                    await client.v1.plans.retrieve_async(plan.stripe_plan_id)
                    continue
                except stripe.InvalidRequestError:
                    pass
                product = await client.v1.products.create_async(
                    params={"name": f"Moonbase {plan.name}", "metadata": {"plan": plan.key}}
                )
                await client.v1.plans.create_async(
                    params={
                        "id": plan.stripe_plan_id,
                        "product": product.id,
                        "amount": plan.monthly_price_cents,
                        "currency": "usd",
                        "interval": "month",
                    }
                )
            self._catalog_ready = True

    async def customer_of(self, tenant_id: str) -> str | None:
        async with self._engine.connect() as conn:
            found = (
                await conn.execute(
                    select(billing.c.customer_id).where(billing.c.tenant_id == tenant_id)
                )
            ).scalar()
        return None if found is None else str(found)

    async def _ensure_customer(self, tenant_id: str) -> str:
        existing = await self.customer_of(tenant_id)
        if existing is not None:
            return existing
        async with self._engine.connect() as conn:
            name = (
                await conn.execute(select(tenants.c.name).where(tenants.c.id == tenant_id))
            ).scalar_one()
        customer = await self._stripe().v1.customers.create_async(
            params={"name": str(name), "metadata": {"tenant_id": tenant_id}}
        )
        try:
            async with self._engine.begin() as conn:
                await conn.execute(
                    insert(billing).values(
                        tenant_id=tenant_id,
                        customer_id=customer.id,
                        updated_at=to_us(self._clock()),
                    )
                )
        except IntegrityError:  # a concurrent checkout made one first: use that
            again = await self.customer_of(tenant_id)
            if again is None:
                raise
            return again
        return str(customer.id)

    async def checkout(
        self, tenant_id: str, plan: Plan, *, success_url: str, cancel_url: str
    ) -> CheckoutLink:
        try:
            return await self._checkout(
                tenant_id, plan, success_url=success_url, cancel_url=cancel_url
            )
        except stripe.StripeError as exc:
            raise StripeUpstreamError(f"Stripe checkout failed: {exc.user_message}") from exc

    async def _checkout(
        self, tenant_id: str, plan: Plan, *, success_url: str, cancel_url: str
    ) -> CheckoutLink:
        if plan.key not in PAID_PLANS:
            raise InvalidRequestError(f"plan '{plan.key}' cannot be bought; choose a paid plan")
        await self.ensure_catalog()
        customer = await self._ensure_customer(tenant_id)
        session = await self._stripe().v1.checkout.sessions.create_async(
            params={
                "mode": "subscription",
                "customer": customer,
                "client_reference_id": tenant_id,
                "line_items": [{"price": plan.stripe_plan_id, "quantity": 1}],
                "success_url": success_url,
                "cancel_url": cancel_url,
                "metadata": {"tenant_id": tenant_id, "plan": plan.key},
                "subscription_data": {"metadata": {"tenant_id": tenant_id}},
            }
        )
        if not session.url:
            raise BillingUnavailableError("Stripe returned a Checkout Session without a url")
        return CheckoutLink(session.id, session.url)

    async def portal(self, tenant_id: str, *, return_url: str) -> str:
        customer = await self.customer_of(tenant_id)
        if customer is None:
            raise ConflictError(
                f"tenant '{tenant_id}' has no billing account yet: buy a plan first",
                code="no_billing_account",
            )
        try:
            session = await self._stripe().v1.billing_portal.sessions.create_async(
                params={"customer": customer, "return_url": return_url}
            )
        except stripe.StripeError as exc:
            raise StripeUpstreamError(f"Stripe billing portal failed: {exc.user_message}") from exc
        return str(session.url)

    # -- webhooks ---------------------------------------------------------------------------
    def verify(self, payload: bytes, signature: str | None) -> dict[str, Any]:
        """The event of a correctly signed, fresh delivery; WebhookSignatureError otherwise."""
        if self._secret is None:
            raise BillingUnavailableError("webhooks are not configured (no STRIPE_WEBHOOK_SECRET)")
        if not signature:
            raise WebhookSignatureError("the Stripe-Signature header is missing")
        try:
            stripe.WebhookSignature.verify_header(
                payload.decode("utf-8"), signature, self._secret, SIGNATURE_TOLERANCE_S
            )
        except stripe.SignatureVerificationError as exc:
            raise WebhookSignatureError(f"webhook refused: {exc.user_message or exc}") from None
        except UnicodeDecodeError:
            raise WebhookSignatureError("webhook payload is not UTF-8") from None
        try:
            event = json.loads(payload)
        except json.JSONDecodeError:
            raise WebhookSignatureError("webhook payload is not JSON") from None
        if not isinstance(event, dict) or not isinstance(event.get("id"), str):
            raise WebhookSignatureError("webhook payload is not a Stripe event")
        return event

    async def _subscription(self, subscription_id: str) -> dict[str, Any] | None:
        try:
            found = await self._stripe().v1.subscriptions.retrieve_async(subscription_id)
        except stripe.InvalidRequestError:
            return None
        except stripe.StripeError as exc:  # 503: Stripe delivers the event again later
            raise BillingUnavailableError(
                f"cannot read subscription {subscription_id} from Stripe: {exc.user_message}"
            ) from exc
        return found.to_dict(recursive=True)

    async def _tenant_of(self, obj: dict[str, Any]) -> str | None:
        metadata = obj.get("metadata") or {}
        candidate = obj.get("client_reference_id") or metadata.get("tenant_id")
        customer = obj.get("customer")
        async with self._engine.connect() as conn:
            if isinstance(customer, str):
                found = (
                    await conn.execute(
                        select(billing.c.tenant_id).where(billing.c.customer_id == customer)
                    )
                ).scalar()
                if found is not None:
                    return str(found)
            if isinstance(candidate, str):
                found = (
                    await conn.execute(select(tenants.c.id).where(tenants.c.id == candidate))
                ).scalar()
                return None if found is None else str(found)
        return None

    async def apply_webhook(self, payload: bytes, signature: str | None) -> WebhookOutcome:
        event = self.verify(payload, signature)
        event_id, kind = str(event["id"]), str(event.get("type", ""))
        obj = event.get("data", {}).get("object", {})
        if not isinstance(obj, dict):
            obj = {}
        subscription: dict[str, Any] | None = None
        if kind == "checkout.session.completed" and isinstance(obj.get("subscription"), str):
            subscription = await self._subscription(obj["subscription"])
        elif kind in SUBSCRIPTION_EVENTS:
            subscription = obj
            if kind != "customer.subscription.deleted" and isinstance(obj.get("id"), str):
                subscription = await self._subscription(obj["id"]) or obj
        tenant_id = await self._tenant_of(obj) if subscription is not None else None
        now = to_us(self._clock())
        try:
            async with self._engine.begin() as conn:
                await conn.execute(
                    insert(stripe_events).values(
                        event_id=event_id, type=kind[:64], tenant_id=tenant_id, received_at=now
                    )
                )
                if subscription is None or tenant_id is None:
                    return WebhookOutcome(event_id, kind, "ignored", tenant_id)
                plan = plan_for_stripe_id(_plan_id_of(subscription) or "")
                status = str(subscription.get("status") or "canceled")
                await conn.execute(
                    update(billing)
                    .where(billing.c.tenant_id == tenant_id)
                    .values(
                        subscription_id=subscription.get("id"),
                        plan=None if plan is None else plan.key,
                        status=status,
                        period_end=_period_end_us(subscription),
                        updated_at=now,
                    )
                )
                live = plan is not None and status in LIVE_STATUSES
                await conn.execute(
                    update(tenants)
                    .where(tenants.c.id == tenant_id)
                    .values(plan=plan.key if live and plan is not None else "free")
                )
        except IntegrityError:
            return WebhookOutcome(event_id, kind, "duplicate", tenant_id)
        self._entitlements.invalidate(tenant_id)
        log.info("stripe %s applied to tenant %s: %s", kind, tenant_id, status)
        return WebhookOutcome(event_id, kind, "applied", tenant_id)


def _period_end_us(subscription: dict[str, Any]) -> int | None:
    end = subscription.get("current_period_end")
    if not isinstance(end, int):
        items = subscription.get("items", {}).get("data", [])
        end = items[0].get("current_period_end") if items else None
    return end * 1_000_000 if isinstance(end, int) else None
