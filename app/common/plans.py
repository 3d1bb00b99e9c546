"""Plans and what each entitles a tenant to (seed 003: Free, Starter, Pro, Enterprise).

Prices are monthly, in US cents. A tenant in its 14-day trial gets Pro's entitlements; after
the trial it gets the plan of its Stripe subscription while that is active or trialing,
else Free.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

PlanKey = Literal["free", "starter", "pro", "enterprise"]
Feature = Literal["cloud_sync", "class_leaderboards", "global_leaderboards", "class_analytics"]
TRIAL_PLAN: PlanKey = "pro"
UNLIMITED = 1_000_000


@dataclass(frozen=True)
class Plan:
    key: PlanKey
    name: str
    monthly_price_cents: int
    features: frozenset[Feature]
    max_teachers: int  # members of the organisation

    @property
    def stripe_plan_id(self) -> str:
        """The Stripe Plan/Price id this plan is sold under (created by ensure_catalog)."""
        return f"moonbase_{self.key}_monthly"


_BASE: frozenset[Feature] = frozenset({"cloud_sync", "class_leaderboards"})
PLANS: dict[PlanKey, Plan] = {
    "free": Plan("free", "Free", 0, _BASE, 1),
    "starter": Plan("starter", "Starter", 1999, _BASE | {"global_leaderboards"}, 5),
    "pro": Plan("pro", "Pro", 4999, _BASE | {"global_leaderboards", "class_analytics"}, 25),
    "enterprise": Plan(
        "enterprise",
        "Enterprise",
        14999,
        _BASE | {"global_leaderboards", "class_analytics"},
        UNLIMITED,
    ),
}
PAID_PLANS: tuple[PlanKey, ...] = ("starter", "pro", "enterprise")


def plan_named(key: str) -> Plan:
    """The plan called ``key``; ValueError naming it otherwise."""
    for plan in PLANS.values():
        if plan.key == key:
            return plan
    raise ValueError(f"no plan {key!r}: choose one of {', '.join(PLANS)}")


def plan_for_stripe_id(stripe_plan_id: str) -> Plan | None:
    for plan in PLANS.values():
        if plan.stripe_plan_id == stripe_plan_id:
            return plan
    return None
