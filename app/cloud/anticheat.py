"""Server-side plausibility checks on a synced result (seed 003's anti-cheat table).

A result that no honest client can produce is rejected with the rule it broke. The seed's
"1000 points per action" rule is applied with the netcode's input cap: a flight of ``t``
seconds holds at most ``30 t`` input actions, so it cannot be worth more than
``1000 × max(1, 30 t)`` points; a per-game ceiling bounds everything else.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from app.cloud.models import ResultItem

MAX_POINTS_PER_ACTION = 1000
MAX_ACTIONS_PER_SECOND = 30
MAX_FLIGHT_S = 3600.0  # a round lasts at most an hour
FUTURE_SKEW = timedelta(minutes=5)
MAX_AGE = timedelta(days=400)
SCORING_OUTCOMES = frozenset({"landed", "completed", "docked", "won"})


@dataclass(frozen=True)
class ScorePolicy:
    max_score: int = 100_000


def rejection_reason(item: ResultItem, now: datetime, policy: ScorePolicy) -> str | None:
    """Why ``item`` is impossible, or None when it is plausible."""
    if item.flight_time_s > MAX_FLIGHT_S:
        return f"flight_time_s {item.flight_time_s:g} exceeds the {MAX_FLIGHT_S:g} s round limit"
    actions = max(1, math.ceil(item.flight_time_s * MAX_ACTIONS_PER_SECOND))
    if item.score > MAX_POINTS_PER_ACTION * actions:
        return (
            f"score {item.score} exceeds {MAX_POINTS_PER_ACTION} points per action "
            f"({actions} actions possible in {item.flight_time_s:g} s)"
        )
    if item.score > policy.max_score:
        return f"score {item.score} exceeds the maximum {policy.max_score} for a result"
    if item.outcome not in SCORING_OUTCOMES and item.score != 0:
        return f"outcome '{item.outcome}' cannot earn points, got score {item.score}"
    if item.created_at > now + FUTURE_SKEW:
        return f"created_at {item.created_at.isoformat()} is in the future"
    if item.created_at < now - MAX_AGE:
        return f"created_at {item.created_at.isoformat()} is older than {MAX_AGE.days} days"
    return None
