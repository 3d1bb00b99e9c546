"""What a tenant may use now: its plan's features and limits, cached 120 s (seed 003).

The answer depends on the trial (Pro for 14 days from creation) and on the Stripe
subscription the webhooks recorded. Applying a webhook invalidates the tenant's entry in this
process; other instances see the change when their entry expires (at most ``cache_s``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from app.cloud.errors import NotEntitledError, NotFoundError
from app.cloud.schema import billing, tenants
from app.cloud.subscriptions import LIVE_STATUSES
from app.common.plans import PLANS, TRIAL_PLAN, Feature, Plan, PlanKey, plan_named
from app.common.timeutil import Clock, from_us

_CACHE_SIZE = 10_000


@dataclass(frozen=True)
class Entitlements:
    tenant_id: str
    plan: PlanKey
    source: str  # "subscription", "trial" or "free"
    features: frozenset[Feature]
    max_teachers: int
    trial_ends_at: datetime | None
    subscription_status: str | None

    def allows(self, feature: Feature) -> bool:
        return feature in self.features


def resolve(
    tenant_id: str,
    *,
    now: datetime,
    trial_ends_at: datetime | None,
    subscribed_plan: str | None,
    status: str | None,
) -> Entitlements:
    """The rule: a live paid subscription, else the trial, else Free."""
    plan: Plan
    if subscribed_plan is not None and status in LIVE_STATUSES:
        plan, source = plan_named(subscribed_plan), "subscription"
    elif trial_ends_at is not None and now < trial_ends_at:
        plan, source = PLANS[TRIAL_PLAN], "trial"
    else:
        plan, source = PLANS["free"], "free"
    return Entitlements(
        tenant_id, plan.key, source, plan.features, plan.max_teachers, trial_ends_at, status
    )


class EntitlementCache:
    def __init__(self, engine: AsyncEngine, clock: Clock, *, cache_s: float) -> None:
        self._engine = engine
        self._clock = clock
        self._cache_s = cache_s
        self._entries: dict[str, tuple[datetime, Entitlements]] = {}

    def invalidate(self, tenant_id: str) -> None:
        self._entries.pop(tenant_id, None)

    async def get(self, tenant_id: str) -> Entitlements:
        now = self._clock()
        hit = self._entries.get(tenant_id)
        if hit is not None and (now - hit[0]).total_seconds() < self._cache_s:
            return hit[1]
        async with self._engine.connect() as conn:
            row = (
                await conn.execute(
                    select(tenants.c.trial_ends_at, billing.c.plan, billing.c.status)
                    .select_from(tenants.outerjoin(billing, billing.c.tenant_id == tenants.c.id))
                    .where(tenants.c.id == tenant_id)
                )
            ).first()
        if row is None:
            raise NotFoundError(f"tenant '{tenant_id}' does not exist")
        trial = from_us(row.trial_ends_at) if row.trial_ends_at is not None else None
        found = resolve(
            tenant_id, now=now, trial_ends_at=trial, subscribed_plan=row.plan, status=row.status
        )
        if self._cache_s > 0:
            if len(self._entries) >= _CACHE_SIZE:
                self._entries.clear()
            self._entries[tenant_id] = (now, found)
        return found

    async def require(self, tenant_id: str, feature: Feature) -> Entitlements:
        """The tenant's entitlements; NotEntitledError (403) when ``feature`` is not in them."""
        found = await self.get(tenant_id)
        if not found.allows(feature):
            raise NotEntitledError(feature, found.plan)
        return found
