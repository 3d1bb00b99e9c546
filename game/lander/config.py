"""A round's configuration: the world, the seed, the time limit and the teacher's knobs."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field

from game.errors import InvalidConfigError, InvalidOverrideError, UnknownWorldError
from game.fields import get_float, get_int, get_optional_float, mapping
from game.lander.worlds import World, check_world, world_from_key_or_dict

# knob -> (low, high, unit) of the teacher's "what if" overrides
OVERRIDE_RANGES: dict[str, tuple[float, float, str]] = {
    "gravity": (0.1, 30.0, "m/s²"),
    "air_density": (0.0, 20.0, "kg/m³"),
    "wind": (-30.0, 30.0, "m/s"),
    "thrust_scale": (0.25, 4.0, "x"),
    "fuel": (0.0, 1000.0, "kg"),
}
MAX_SEED = 2**63 - 1
TIME_LIMIT_RANGE = (1.0, 3600.0)


@dataclass(frozen=True)
class PhysicsOverrides:
    """Optional per-round replacements of a world's physics; ``None`` keeps the world's.

    ``wind`` replaces the mean wind (gusts stay), ``thrust_scale`` multiplies the engine's
    max thrust, ``fuel`` is the starting fuel in kg (the tank is filled to it).
    """

    gravity: float | None = None
    air_density: float | None = None
    wind: float | None = None
    thrust_scale: float | None = None
    fuel: float | None = None

    def __post_init__(self) -> None:
        for knob, (low, high, unit) in OVERRIDE_RANGES.items():
            value = getattr(self, knob)
            if value is None:
                continue
            allowed = f"a finite number within {low:g}..{high:g} {unit}"
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise InvalidOverrideError(knob, value, allowed)
            if not math.isfinite(value) or not low <= value <= high:
                raise InvalidOverrideError(knob, value, allowed)

    def to_dict(self) -> dict[str, object]:
        return {k: v for k, v in asdict(self).items() if v is not None}

    @classmethod
    def from_dict(cls, raw: object) -> PhysicsOverrides:
        d = mapping(raw, "overrides")
        unknown = sorted(set(d) - set(OVERRIDE_RANGES))
        if unknown:
            raise InvalidConfigError(
                f"overrides has unknown knob(s) {unknown}; known: {sorted(OVERRIDE_RANGES)}"
            )
        values = {k: get_optional_float(d, k, "overrides") for k in OVERRIDE_RANGES}
        return cls(**values)


@dataclass(frozen=True)
class FlightParams:
    """The physics a flight is actually flown with, after overrides (recorded per flight)."""

    gravity: float
    air_density: float
    wind_mean: float
    gust_strength: float
    max_thrust: float  # N
    dry_mass: float  # kg
    fuel: float  # kg at spawn
    burn_rate: float  # kg/s at full throttle
    drag_coefficient: float
    reference_area: float  # m^2

    @property
    def full_mass(self) -> float:
        return self.dry_mass + self.fuel

    def to_dict(self) -> dict[str, float]:
        return asdict(self)


@dataclass(frozen=True)
class RoundConfig:
    """Everything that, with the inputs, decides a round exactly."""

    world: World
    seed: int
    time_limit_s: float = 60.0
    overrides: PhysicsOverrides = field(default_factory=PhysicsOverrides)

    def __post_init__(self) -> None:
        if isinstance(self.seed, bool) or not isinstance(self.seed, int):
            raise InvalidConfigError(f"seed must be an integer, got {self.seed!r}")
        if not 0 <= self.seed <= MAX_SEED:
            raise InvalidConfigError(f"seed must be within 0..2**63-1, got {self.seed}")
        low, high = TIME_LIMIT_RANGE
        limit = self.time_limit_s
        if isinstance(limit, bool) or not isinstance(limit, int | float):
            raise InvalidConfigError(f"time_limit_s must be a number, got {limit!r}")
        if not math.isfinite(limit) or not low <= limit <= high:
            raise InvalidConfigError(
                f"time_limit_s must be within {low:g}..{high:g} s, got {limit!r}"
            )
        check_world(self.world)

    @property
    def params(self) -> FlightParams:
        """The effective physics after the overrides."""
        w, o = self.world, self.overrides
        return FlightParams(
            gravity=w.gravity if o.gravity is None else float(o.gravity),
            air_density=w.air_density if o.air_density is None else float(o.air_density),
            wind_mean=w.wind_mean if o.wind is None else float(o.wind),
            gust_strength=w.gust_strength,
            max_thrust=w.max_thrust * (1.0 if o.thrust_scale is None else o.thrust_scale),
            dry_mass=w.lander.dry_mass,
            fuel=w.lander.fuel_capacity if o.fuel is None else float(o.fuel),
            burn_rate=w.lander.burn_rate,
            drag_coefficient=w.lander.drag_coefficient,
            reference_area=w.lander.reference_area,
        )

    def to_dict(self) -> dict[str, object]:
        """Plain msgpack-able values: the whole world, so custom worlds survive the wire."""
        return {
            "world": self.world.to_dict(),
            "seed": self.seed,
            "time_limit_s": float(self.time_limit_s),
            "overrides": self.overrides.to_dict(),
            "params": self.params.to_dict(),
        }

    @classmethod
    def from_dict(cls, raw: Mapping[str, object]) -> RoundConfig:
        """Rebuild from :meth:`to_dict` output; raises ``ValueError`` naming the bad field."""
        d = mapping(raw, "round")
        if "world" not in d:
            raise InvalidConfigError("round.world is missing")
        try:
            world = world_from_key_or_dict(d["world"])
        except UnknownWorldError as exc:
            raise InvalidConfigError(f"round.world: {exc}") from None
        return cls(
            world=world,
            seed=get_int(d, "seed", "round"),
            time_limit_s=get_float(d, "time_limit_s", "round") if "time_limit_s" in d else 60.0,
            overrides=PhysicsOverrides.from_dict(d.get("overrides", {})),
        )
