"""The worlds a round can be flown on, with their physics, terrain style and scoring."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from game.errors import InvalidConfigError, UnknownWorldError
from game.fields import get_float, get_str, mapping
from game.lander.body import LanderSpec


@dataclass(frozen=True)
class LandingLimits:
    """The safest touchdown a lander survives (close to real crewed lander limits)."""

    max_vertical_speed: float = 2.0  # m/s
    max_horizontal_speed: float = 1.0  # m/s
    max_tilt_deg: float = 10.0  # degrees from upright
    max_impact_speed: float = 2.0  # m/s, lander against lander


@dataclass(frozen=True)
class World:
    """A body to land on.

    ``thrust_to_weight`` fixes the engine flown there: max thrust = thrust_to_weight x
    (dry mass + full tank) x gravity, so every world is equally flyable at full fuel.
    ``gust_strength`` is the amplitude (m/s) of the seeded gusts around ``wind_mean``.
    """

    key: str
    name: str
    gravity: float  # m/s^2
    air_density: float  # kg/m^3
    wind_mean: float  # m/s, + blows towards +x
    gust_strength: float  # m/s
    roughness: float  # 0 smooth .. 1 rough
    difficulty: float  # score multiplier
    star_thresholds: tuple[int, int, int]
    limits: LandingLimits = field(default_factory=LandingLimits)
    lander: LanderSpec = field(default_factory=LanderSpec)
    thrust_to_weight: float = 2.75
    width: float = 800.0  # m of terrain; x runs 0..width
    ceiling: float = 1000.0  # m; above this a lander is out of bounds

    @property
    def max_thrust(self) -> float:
        """Newtons of the engine flown on this world."""
        full_mass = self.lander.dry_mass + self.lander.fuel_capacity
        return self.thrust_to_weight * full_mass * self.gravity

    def to_dict(self) -> dict[str, object]:
        d = asdict(self)
        d["star_thresholds"] = list(self.star_thresholds)
        return d

    @classmethod
    def from_dict(cls, raw: object) -> World:
        d = mapping(raw, "world")
        limits_d = mapping(d.get("limits", {}), "world.limits")
        lander_d = mapping(d.get("lander", {}), "world.lander")
        stars = d.get("star_thresholds")
        if (
            not isinstance(stars, list | tuple)
            or len(stars) != 3
            or not all(isinstance(s, int) and not isinstance(s, bool) for s in stars)
        ):
            raise InvalidConfigError(f"world.star_thresholds must be three integers, got {stars!r}")
        limits = LandingLimits(
            **{k: get_float(limits_d, k, "world.limits") for k in asdict(LandingLimits())}
        )
        lander = LanderSpec(
            **{k: get_float(lander_d, k, "world.lander") for k in asdict(LanderSpec())}
        )
        world = cls(
            key=get_str(d, "key", "world"),
            name=get_str(d, "name", "world"),
            gravity=get_float(d, "gravity", "world"),
            air_density=get_float(d, "air_density", "world"),
            wind_mean=get_float(d, "wind_mean", "world"),
            gust_strength=get_float(d, "gust_strength", "world"),
            roughness=get_float(d, "roughness", "world"),
            difficulty=get_float(d, "difficulty", "world"),
            star_thresholds=(int(stars[0]), int(stars[1]), int(stars[2])),
            limits=limits,
            lander=lander,
            thrust_to_weight=get_float(d, "thrust_to_weight", "world"),
            width=get_float(d, "width", "world"),
            ceiling=get_float(d, "ceiling", "world"),
        )
        check_world(world)
        return world


def check_world(world: World) -> None:
    """Raise :class:`InvalidConfigError` when a world cannot be simulated."""
    checks: list[tuple[str, float, float, float]] = [
        ("gravity", world.gravity, 0.01, 100.0),
        ("air_density", world.air_density, 0.0, 100.0),
        ("gust_strength", world.gust_strength, 0.0, 100.0),
        ("roughness", world.roughness, 0.0, 1.0),
        ("difficulty", world.difficulty, 0.01, 100.0),
        ("thrust_to_weight", world.thrust_to_weight, 0.1, 20.0),
        ("width", world.width, 200.0, 1_000_000.0),
        ("ceiling", world.ceiling, 100.0, 100_000.0),
        ("lander.dry_mass", world.lander.dry_mass, 1.0, 1e7),
        ("lander.fuel_capacity", world.lander.fuel_capacity, 0.0, 1e7),
        ("lander.burn_rate", world.lander.burn_rate, 0.0, 1e6),
    ]
    for name, value, low, high in checks:
        if not low <= value <= high:
            raise InvalidConfigError(f"world.{name} must be within {low:g}..{high:g}, got {value}")
    if abs(world.wind_mean) > 100.0:
        raise InvalidConfigError(f"world.wind_mean must be within -100..100, got {world.wind_mean}")
    if list(world.star_thresholds) != sorted(world.star_thresholds):
        raise InvalidConfigError(
            f"world.star_thresholds must rise, got {list(world.star_thresholds)}"
        )


def _world(
    key: str,
    name: str,
    gravity: float,
    air_density: float,
    wind_mean: float,
    gust_strength: float,
    roughness: float,
    difficulty: float,
) -> World:
    # One star for any landing worth a base score, three for a precise, frugal one.
    stars = (round(200 * difficulty), round(750 * difficulty), round(1100 * difficulty))
    return World(
        key=key,
        name=name,
        gravity=gravity,
        air_density=air_density,
        wind_mean=wind_mean,
        gust_strength=gust_strength,
        roughness=roughness,
        difficulty=difficulty,
        star_thresholds=stars,
    )


WORLDS: dict[str, World] = {
    w.key: w
    for w in (
        _world("moon", "the Moon", 1.62, 0.0, 0.0, 0.0, 0.5, 1.0),
        _world("mars", "Mars", 3.71, 0.020, 6.0, 10.0, 0.7, 1.5),
        _world("earth", "Earth", 9.81, 1.225, 3.0, 4.0, 0.3, 2.0),
        _world("titan", "Titan", 1.352, 5.3, 0.5, 1.0, 0.4, 1.3),
    )
}


def get_world(key: str) -> World:
    """The world called ``key`` ("moon", "mars", "earth", "titan")."""
    try:
        return WORLDS[key]
    except (KeyError, TypeError):
        raise UnknownWorldError(str(key), tuple(WORLDS)) from None


def world_from_key_or_dict(raw: object) -> World:
    """Decode a world sent either as its key or as a full dictionary."""
    if isinstance(raw, str):
        return get_world(raw)
    return World.from_dict(raw)
