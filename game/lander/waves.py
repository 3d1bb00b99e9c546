"""Survival waves of the lander: more gravity and wind, less fuel, a new terrain each wave."""

from __future__ import annotations

from game.lander.config import OVERRIDE_RANGES, PhysicsOverrides, RoundConfig

GRAVITY_STEP = 0.25  # each wave adds a quarter of the world's gravity
WIND_STEP = 2.0  # m/s more mean wind each wave
FUEL_STEP = 0.85  # each wave starts with 85 % of the previous wave's fuel


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
