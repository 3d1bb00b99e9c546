"""Round modes: what a round asks of a room and how its results count.

- Solo: students fly on their own, optionally with AI pilots flown by the host; not rated.
- Competitive: up to 8 race to land; the round is rated (Glicko-2, every pair one game).
- Cooperative: one team score, the sum of the room's scores; the shared objective is met
  when at least half of the team landed.
- Survival: waves of rising difficulty; who lands flies the next, harder wave.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence

from game.config import OVERRIDE_RANGES, PhysicsOverrides, RoundConfig

MAX_WAVES = 5
GRAVITY_STEP = 0.25  # each wave adds a quarter of the world's gravity
WIND_STEP = 2.0  # m/s more mean wind each wave
FUEL_STEP = 0.85  # each wave starts with 85 % of the previous wave's fuel


class Mode(enum.StrEnum):
    SOLO = "solo"
    COMPETITIVE = "competitive"
    COOPERATIVE = "cooperative"
    SURVIVAL = "survival"

    @property
    def rated(self) -> bool:
        return self is Mode.COMPETITIVE


def parse_mode(text: str) -> Mode:
    try:
        return Mode(text.strip().lower())
    except ValueError:
        known = ", ".join(m.value for m in Mode)
        raise ValueError(f"unknown mode {text!r}; choose one of {known}") from None


def _clamp(knob: str, value: float) -> float:
    low, high, _ = OVERRIDE_RANGES[knob]
    return min(high, max(low, value))


def wave_config(base: RoundConfig, wave: int) -> RoundConfig:
    """The round of survival wave ``wave`` (1 = ``base``): more gravity and wind, less fuel,
    a new terrain seed. The teacher's own overrides are the starting point."""
    if wave < 1:
        raise ValueError(f"wave must be at least 1, got {wave}")
    if wave == 1:
        return base
    params = base.params
    step = wave - 1
    overrides = PhysicsOverrides(
        gravity=_clamp("gravity", params.gravity * (1.0 + GRAVITY_STEP * step)),
        air_density=base.overrides.air_density,
        wind=_clamp("wind", params.wind_mean + WIND_STEP * step),
        thrust_scale=base.overrides.thrust_scale,
        fuel=_clamp("fuel", params.fuel * FUEL_STEP**step),
    )
    return RoundConfig(
        world=base.world,
        seed=(base.seed + 7919 * step) % (2**63),
        time_limit_s=base.time_limit_s,
        overrides=overrides,
    )


def team_score(scores: Sequence[int]) -> int:
    """A cooperative round's one score: everyone's points together."""
    return int(sum(scores))


def objective_met(landed: int, team_size: int) -> bool:
    """The shared objective: at least half of the team landed safely."""
    return team_size > 0 and 2 * landed >= team_size
