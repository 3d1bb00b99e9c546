"""Which of a Stripe customer's subscriptions is the tenant's: one at most, the newest.

A tenant has one subscription. Two could still both become live (two Checkout Sessions paid
in a race, a subscription made in the Stripe dashboard): then the newest is kept and the
others are cancelled, so the school is not charged twice. The state applied is always what
Stripe reports now, never what an event's payload said, so events arriving late or out of
order change nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from app.common.plans import Plan, plan_for_stripe_id

# Subscription states in which the paid plan applies (Stripe retries a past_due payment).
LIVE_STATUSES = frozenset({"active", "trialing", "past_due"})


@dataclass(frozen=True)
class SubscriptionState:
    """What the tenant's billing row records of its subscription."""

    subscription_id: str | None
    plan: Plan | None
    status: str | None
    period_end_us: int | None

    @property
    def live(self) -> bool:
        return self.plan is not None and self.status in LIVE_STATUSES


NONE = SubscriptionState(None, None, None, None)


@dataclass(frozen=True)
class Reconciled:
    state: SubscriptionState
    duplicates: tuple[str, ...]  # live subscriptions to cancel: the tenant keeps one


def plan_id_of(subscription: dict[str, Any]) -> str | None:
    items = (subscription.get("items") or {}).get("data") or []
    if not items:
        return None
    for field in ("price", "plan"):
        value = items[0].get(field)
        if isinstance(value, dict) and isinstance(value.get("id"), str):
            found: str = value["id"]
            return found
    return None


def period_end_us(subscription: dict[str, Any]) -> int | None:
    end = subscription.get("current_period_end")
    if not isinstance(end, int):
        items = (subscription.get("items") or {}).get("data") or []
        end = items[0].get("current_period_end") if items else None
    return end * 1_000_000 if isinstance(end, int) else None


def _newest_first(subscription: dict[str, Any]) -> tuple[int, int, str]:
    created = subscription.get("created")
    start = subscription.get("start_date")
    return (
        -(created if isinstance(created, int) else 0),
        -(start if isinstance(start, int) else 0),
        str(subscription.get("id") or ""),
    )


def state_of(subscription: dict[str, Any]) -> SubscriptionState:
    return SubscriptionState(
        subscription_id=str(subscription.get("id")) if subscription.get("id") else None,
        plan=plan_for_stripe_id(plan_id_of(subscription) or ""),
        status=str(subscription.get("status") or "canceled"),
        period_end_us=period_end_us(subscription),
    )


def reconcile(subscriptions: Sequence[dict[str, Any]]) -> Reconciled:
    """The state to record from all of a customer's subscriptions (any status): the newest
    live one, and the other live ones to cancel; without a live one, the newest of all (its
    status says why there is no plan)."""
    ordered = sorted(subscriptions, key=_newest_first)
    live = [s for s in ordered if state_of(s).live]  # a live one of ours: a plan we sell
    if live:
        duplicates = tuple(str(s["id"]) for s in live[1:] if isinstance(s.get("id"), str))
        return Reconciled(state_of(live[0]), duplicates)
    if ordered:
        return Reconciled(state_of(ordered[0]), ())
    return Reconciled(NONE, ())
