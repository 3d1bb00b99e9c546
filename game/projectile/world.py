"""The range: the levels, the teacher's knobs and the round's world made of them (gravity,
air, wind, the targets, the shots each player has).

Every level has three targets on the ground at fixed fractions of the farthest one's
distance; a player hits them in order, nearest first. The cannon is at x = 0 on the ground
and fires at most :data:`MAX_SPEED` m/s.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from game.api import Knob, Level
from game.errors import InvalidConfigError
from game.projectile.flight import Physics, max_range

MIN_ANGLE, MAX_ANGLE = 1.0, 89.0  # degrees above the ground
MIN_SPEED, MAX_SPEED = 1.0, 60.0  # m/s, what the cannon can do


@dataclass(frozen=True)
class LevelSpec:
    key: str
    title: str
    blurb: str
    gravity: float  # m/s²
    drag: float  # 1/m
    wind: float  # m/s
    distance: float  # m, the farthest target
    fractions: tuple[float, ...]  # each target's distance / the farthest
    target_size: float  # m, each target's width
    shots: int


LEVEL_SPECS = (
    LevelSpec(
        "earth",
        "Earth",
        "no air: three targets at 40, 80 and 120 m; R = v² sin 2θ / g holds exactly",
        gravity=9.81,
        drag=0.0,
        wind=0.0,
        distance=120.0,
        fractions=(1 / 3, 2 / 3, 1.0),
        target_size=6.0,
        shots=8,
    ),
    LevelSpec(
        "mars",
        "Mars",
        "g = 3.71 m/s²: the same shot flies 2.6 times as far",
        gravity=3.71,
        drag=0.0,
        wind=0.0,
        distance=150.0,
        fractions=(1 / 3, 2 / 3, 1.0),
        target_size=6.0,
        shots=8,
    ),
    LevelSpec(
        "earth_air",
        "With air",
        "Earth's air: drag shortens every shot, the fast ones most; 45° is no longer best",
        gravity=9.81,
        drag=0.002,
        wind=0.0,
        distance=100.0,
        fractions=(0.4, 0.7, 1.0),
        target_size=6.0,
        shots=8,
    ),
    LevelSpec(
        "headwind",
        "Headwind",
        "air and a 5 m/s wind blowing back at the cannon",
        gravity=9.81,
        drag=0.002,
        wind=-5.0,
        distance=90.0,
        fractions=(0.4, 0.7, 1.0),
        target_size=6.0,
        shots=8,
    ),
)
LEVELS = tuple(Level(s.key, s.title, s.blurb) for s in LEVEL_SPECS)
SPEC_BY_KEY = {s.key: s for s in LEVEL_SPECS}

KNOBS = (
    Knob("gravity", "Gravity", "m/s²", 0.5, 30.0, 0.01, "Earth 9.81, Mars 3.71, Moon 1.62."),
    Knob(
        "drag",
        "Air drag",
        "1/m",
        0.0,
        0.02,
        0.0005,
        "k in a = −k·|v|·v (k = ρ·C_d·A / 2m); 0: no air.",
    ),
    Knob("wind", "Wind", "m/s", -15.0, 15.0, 0.5, "Positive blows towards the targets."),
    Knob(
        "distance",
        "Far target",
        "m",
        10.0,
        2000.0,
        5.0,
        "The farthest target's distance; the other targets move with it.",
        True,
    ),
    Knob("target_size", "Target width", "m", 1.0, 50.0, 0.5, "A shell hits inside it."),
    Knob("shots", "Shots", "", 1.0, 30.0, 1.0, "Shells each player may fire.", True),
)
KNOB_KEYS = tuple(k.key for k in KNOBS)


def level_spec(key: str) -> LevelSpec:
    spec = SPEC_BY_KEY.get(key)
    if spec is None:
        known = ", ".join(SPEC_BY_KEY)
        raise InvalidConfigError(f"Projectile range has no level {key!r}; choose one of {known}")
    return spec


def knob_defaults(level: str) -> dict[str, float]:
    s = level_spec(level)
    return {
        "gravity": s.gravity,
        "drag": s.drag,
        "wind": s.wind,
        "distance": s.distance,
        "target_size": s.target_size,
        "shots": float(s.shots),
    }


@dataclass(frozen=True)
class World:
    """A round's range with the knobs in force."""

    level: str
    physics: Physics
    targets: tuple[float, ...]  # m, the targets' centres, nearest first
    half_width: float  # m
    shots: int

    @property
    def farthest(self) -> float:
        return self.targets[-1]

    def longest_shot(self) -> tuple[float, float]:
        """(m, degrees): the longest range the cannon reaches, and its angle."""
        return max_range(self.physics, MAX_SPEED)

    def info(self) -> dict[str, Any]:
        ph = self.physics
        reach, angle = self.longest_shot()
        return {
            "level": self.level,
            "gravity": ph.gravity,
            "drag": ph.drag,
            "wind": ph.wind,
            "targets": list(self.targets),
            "half_width": self.half_width,
            "shots": self.shots,
            "max_speed": MAX_SPEED,
            "angle_range": [MIN_ANGLE, MAX_ANGLE],
            "speed_range": [MIN_SPEED, MAX_SPEED],
            "max_range": round(reach, 2),
            "max_range_angle": angle,
        }


def world(level: str, knobs: Mapping[str, float]) -> World:
    values = {**knob_defaults(level), **knobs}
    return _world(level, *(float(values[k]) for k in KNOB_KEYS))


@lru_cache(maxsize=64)
def _world(
    level: str,
    gravity: float,
    drag: float,
    wind: float,
    distance: float,
    target_size: float,
    shots: float,
) -> World:
    spec = level_spec(level)
    targets = tuple(round(distance * f, 1) for f in spec.fractions)
    return World(level, Physics(gravity, drag, wind), targets, target_size / 2.0, round(shots))


def world_of(info: Mapping[str, Any]) -> World:
    """The world from a round's ``info`` (what a client knows)."""
    ph = Physics(float(info["gravity"]), float(info["drag"]), float(info["wind"]))
    targets = tuple(float(t) for t in info["targets"])
    return World(str(info["level"]), ph, targets, float(info["half_width"]), int(info["shots"]))
