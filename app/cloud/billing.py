"""Stripe billing through the official ``stripe`` library (async methods over httpx).

One live subscription per tenant:

* :meth:`Billing.checkout` makes (once) the tenant's Stripe customer and a Checkout Session
  for a plan, unless Stripe reports a live subscription for that customer: then it answers
  409 ``already_subscribed`` and the teacher changes plan in the billing portal. A new
  session expires the tenant's previous open one, so two sessions cannot both be paid.
* :meth:`Billing.portal` opens a Billing Portal session to change plan, card, or cancel.
* :meth:`Billing.apply_webhook` checks the ``Stripe-Signature`` header (see
  :mod:`app.cloud.webhook_signature`), then, for a checkout or subscription event of a known
  customer, reads ALL the customer's subscriptions back from Stripe and records what they
  say (:func:`app.cloud.subscriptions.reconcile`): the newest live one is the tenant's, any
  other live one is cancelled. The payload is never trusted for state, so a late or
  replayed event cannot downgrade anyone; each read is stamped with the wall time it was
  made and an older read never overwrites a newer one (two deliveries handled at once).
  The event id is recorded in the same transaction as the change: a redelivery is answered
  "duplicate" and changes nothing.

Plans are sold under the Stripe Plan ids of :mod:`app.common.plans` (usable wherever Stripe
takes a Price id); :meth:`ensure_catalog` creates them when missing.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import stripe
from sqlalchemy import insert, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from app.cloud.entitlements import EntitlementCache
from app.cloud.errors import ConflictError, InvalidRequestError
from app.cloud.locks import tenant_write
from app.cloud.schema import billing, stripe_events, tenants
from app.cloud.stripe_client import BillingUnavailableError, StripeConnection, StripeUpstreamError
from app.cloud.subscriptions import SubscriptionState, reconcile
from app.cloud.webhook_signature import WebhookSignatureError, verify_signature
from app.common.plans import PAID_PLANS, PLANS, Plan
from app.common.timeutil import Clock, to_us

log = logging.getLogger(__name__)
BILLING_EVENTS = frozenset(
    {
        "checkout.session.completed",
        "customer.subscription.created",
        "customer.subscription.updated",
        "customer.subscription.deleted",
    }
)
_STRIPE_ID = re.compile(r"^[A-Za-z0-9_]{1,64}$")
_EVENT_TYPE = re.compile(r"^[a-z0-9_.]{1,64}$")


class AlreadySubscribedError(ConflictError):
    code = "already_subscribed"


@dataclass(frozen=True)
class CheckoutLink:
    session_id: str
    url: str


@dataclass(frozen=True)
class WebhookOutcome:
    event_id: str
    type: str
    status: str  # "applied", "duplicate", "stale" or "ignored"
    tenant_id: str | None


class Billing:
    def __init__(
        self,
        engine: AsyncEngine,
        connection: StripeConnection | None,
        webhook_secret: str | None,
        entitlements: EntitlementCache,
        clock: Clock,
        *,
        wall_s: Callable[[], float] = time.time,
    ) -> None:
        """``clock`` stamps records; ``wall_s`` is real time, which Stripe's signatures and
        the order of reads of Stripe are measured in."""
        self._engine = engine
        self._connection = connection
        self._secret = webhook_secret
        self._entitlements = entitlements
        self._clock = clock
        self._wall_s = wall_s
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

    async def _subscriptions(self, customer: str) -> list[dict[str, Any]]:
        """Every subscription of the customer, any status, as Stripe reports it now."""
        try:
            found = await self._stripe().v1.subscriptions.list_async(
                params={"customer": customer, "status": "all", "limit": 100}
            )
        except stripe.InvalidRequestError:
            return []  # no such customer in Stripe (any more)
        except stripe.StripeError as exc:  # 503: Stripe delivers the event again later
            raise BillingUnavailableError(
                f"cannot read the subscriptions of {customer} from Stripe: {exc.user_message}"
            ) from exc
        return [sub.to_dict(recursive=True) for sub in found.data]

    # -- checkout and portal -----------------------------------------------------------------
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
        current = reconcile(await self._subscriptions(customer)).state
        if current.live and current.plan is not None:
            raise AlreadySubscribedError(
                f"'{tenant_id}' already has a live {current.plan.name} subscription "
                f"({current.subscription_id}); change the plan or cancel it in the billing "
                f"portal: POST /v1/orgs/{tenant_id}/billing/portal"
            )
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
        previous = await self._replace_open_session(tenant_id, session.id)
        if previous is not None and previous != session.id:
            await self._expire(previous)
        return CheckoutLink(session.id, session.url)

    async def _replace_open_session(self, tenant_id: str, session_id: str) -> str | None:
        """Record the tenant's new open session; the one it replaces (to expire)."""
        async with tenant_write(self._engine, tenant_id) as conn:
            previous = (
                await conn.execute(
                    select(billing.c.checkout_session_id).where(billing.c.tenant_id == tenant_id)
                )
            ).scalar()
            await conn.execute(
                update(billing)
                .where(billing.c.tenant_id == tenant_id)
                .values(checkout_session_id=session_id)
            )
        return None if previous is None else str(previous)

    async def _expire(self, session_id: str) -> None:
        try:
            await self._stripe().v1.checkout.sessions.expire_async(session_id)
        except stripe.StripeError as exc:  # paid or expired already: the webhook reconciles
            log.info("checkout session %s not expired: %s", session_id, exc.user_message)

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
        verify_signature(payload, signature, self._secret, now_s=self._wall_s())
        try:
            event = json.loads(payload)
        except json.JSONDecodeError:
            raise WebhookSignatureError("webhook payload is not JSON") from None
        if not isinstance(event, dict) or not isinstance(event.get("id"), str):
            raise WebhookSignatureError("webhook payload is not a Stripe event")
        if not _STRIPE_ID.fullmatch(event["id"]):
            raise WebhookSignatureError(f"webhook event id {event['id'][:80]!r} is malformed")
        kind = event.get("type")
        if not isinstance(kind, str) or not _EVENT_TYPE.fullmatch(kind):
            raise WebhookSignatureError(f"webhook event type {str(kind)[:80]!r} is malformed")
        return event

    async def _tenant_of_customer(self, customer: object) -> str | None:
        if not isinstance(customer, str) or not _STRIPE_ID.fullmatch(customer):
            return None
        async with self._engine.connect() as conn:
            found = (
                await conn.execute(
                    select(billing.c.tenant_id).where(billing.c.customer_id == customer)
                )
            ).scalar()
        return None if found is None else str(found)

    async def _seen(self, event_id: str) -> bool:
        async with self._engine.connect() as conn:
            found = await conn.execute(
                select(stripe_events.c.event_id).where(stripe_events.c.event_id == event_id)
            )
            return found.first() is not None

    async def _cancel_duplicates(
        self, tenant_id: str, keep: str | None, ids: tuple[str, ...]
    ) -> None:
        for sub_id in ids:
            log.warning(
                "tenant %s had more than one live subscription: cancelling %s, keeping %s",
                tenant_id,
                sub_id,
                keep,
            )
            try:
                await self._stripe().v1.subscriptions.cancel_async(sub_id)
            except stripe.StripeError as exc:
                raise BillingUnavailableError(
                    f"cannot cancel duplicate subscription {sub_id}: {exc.user_message}"
                ) from exc

    async def apply_webhook(self, payload: bytes, signature: str | None) -> WebhookOutcome:
        event = self.verify(payload, signature)
        event_id, kind = str(event["id"]), str(event["type"])
        if await self._seen(event_id):
            return WebhookOutcome(event_id, kind, "duplicate", None)
        data = event.get("data")
        obj = data.get("object") if isinstance(data, dict) else None
        customer = obj.get("customer") if isinstance(obj, dict) else None
        tenant_id = await self._tenant_of_customer(customer) if kind in BILLING_EVENTS else None
        state: SubscriptionState | None = None
        observed_us = int(self._wall_s() * 1_000_000)
        if tenant_id is not None:
            assert isinstance(customer, str)
            found = reconcile(await self._subscriptions(customer))
            await self._cancel_duplicates(tenant_id, found.state.subscription_id, found.duplicates)
            state = found.state
        now = to_us(self._clock())
        try:
            async with self._engine.begin() as conn:
                await conn.execute(
                    insert(stripe_events).values(
                        event_id=event_id, type=kind, tenant_id=tenant_id, received_at=now
                    )
                )
                if state is None or tenant_id is None:
                    return WebhookOutcome(event_id, kind, "ignored", tenant_id)
                newest = await _record(conn, tenant_id, state, observed_us=observed_us, now=now)
        except IntegrityError:
            return WebhookOutcome(event_id, kind, "duplicate", tenant_id)
        self._entitlements.invalidate(tenant_id)
        if not newest:
            log.info("stripe %s for tenant %s: a newer read was applied already", kind, tenant_id)
            return WebhookOutcome(event_id, kind, "stale", tenant_id)
        log.info("stripe %s applied to tenant %s: %s", kind, tenant_id, state.status)
        return WebhookOutcome(event_id, kind, "applied", tenant_id)


async def _record(
    conn: AsyncConnection, tenant_id: str, state: SubscriptionState, *, observed_us: int, now: int
) -> bool:
    """Store ``state`` unless a read made after ``observed_us`` is stored already."""
    written = await conn.execute(
        update(billing)
        .where(
            billing.c.tenant_id == tenant_id,
            or_(billing.c.observed_at.is_(None), billing.c.observed_at < observed_us),
        )
        .values(
            subscription_id=state.subscription_id,
            plan=None if state.plan is None else state.plan.key,
            status=state.status,
            period_end=state.period_end_us,
            updated_at=now,
            observed_at=observed_us,
        )
    )
    if written.rowcount != 1:
        return False
    await conn.execute(
        update(tenants)
        .where(tenants.c.id == tenant_id)
        .values(plan=state.plan.key if state.live and state.plan is not None else "free")
    )
    return True
