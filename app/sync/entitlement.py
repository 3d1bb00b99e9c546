"""What the classroom host makes of the cloud's offline entitlement token.

The token's format and its check live in :mod:`app.common.entitlement_token` (the cloud
signs with the same format); this module turns a stored token into the plan the host may use
now, Free when the token is missing, expired, forged or cannot be checked.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from app.common.entitlement_token import (
    PREFIX,
    BadSignatureError,
    EntitlementGrant,
    EntitlementTokenError,
    ExpiredTokenError,
    MalformedTokenError,
    b64url,
    check_public_key,
    verify_entitlement_token,
)
from app.common.plans import PLANS

__all__ = [
    "FREE_FEATURES",
    "FREE_PLAN",
    "PREFIX",
    "BadSignatureError",
    "EntitlementGrant",
    "EntitlementTokenError",
    "ExpiredTokenError",
    "MalformedTokenError",
    "OfflineEntitlement",
    "b64url",
    "check_public_key",
    "offline_entitlement",
    "tenant_of_key",
    "verify_entitlement_token",
]

# -- what the classroom host makes of its stored token ------------------------------------
FREE_PLAN = "free"
FREE_FEATURES: frozenset[str] = frozenset(PLANS["free"].features)


def tenant_of_key(api_key: str) -> str | None:
    """The tenant id inside a key ``tenant_{id}_{secret}``; None when it has no such shape."""
    if not api_key.startswith("tenant_"):
        return None
    tenant, _, secret = api_key[len("tenant_") :].rpartition("_")
    return tenant if tenant and secret else None


@dataclass(frozen=True)
class OfflineEntitlement:
    """The plan the host may use now, from its stored token; Free when the token is missing,
    expired, forged or cannot be checked (``problem`` says which)."""

    plan: str
    features: frozenset[str]
    valid_until: datetime | None  # when the host must have reached the cloud again
    problem: str | None = None

    @property
    def plan_name(self) -> str:
        known = PLANS.get(self.plan)  # type: ignore[call-overload]
        return known.name if known is not None else self.plan.title()

    def allows(self, feature: str) -> bool:
        return feature in self.features

    def describe(self) -> str:
        """One line, e.g. ``plan Pro, works offline until 2026-12-08``."""
        if self.problem is None and self.valid_until is not None:
            until = self.valid_until.astimezone(UTC).strftime("%Y-%m-%d")
            return f"plan {self.plan_name}, works offline until {until}"
        return f"plan Free: {self.problem or 'no entitlement'}; features fall back to Free"


def offline_entitlement(
    token: str | None, public_key: str | None, *, now: datetime, tenant_id: str | None
) -> OfflineEntitlement:
    """Verify the stored ``token`` with the pinned ``public_key`` at ``now``."""

    def free(problem: str) -> OfflineEntitlement:
        return OfflineEntitlement(FREE_PLAN, FREE_FEATURES, None, problem)

    if not public_key:
        return free("no cloud public key is pinned (setting cloud_public_key), so the plan "
                    "cannot be checked")  # fmt: skip
    bad_key = check_public_key(public_key)
    if bad_key is not None:
        return free(f"the pinned cloud public key is not usable: {bad_key}")
    if token is None:
        return free("no entitlement token fetched from the cloud yet")
    try:
        grant = verify_entitlement_token(token, public_key, now=now, tenant_id=tenant_id)
    except EntitlementTokenError as exc:
        return free(str(exc))
    return OfflineEntitlement(grant.plan, grant.features, grant.expires_at)
