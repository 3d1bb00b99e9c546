"""The model's numbers and the round's plan: the cylinder, the gas, the levels, the
teacher's knobs and the target band's path.

The gas is two-dimensional: the cylinder is a rectangle ``BORE`` high, closed on the left,
with a piston on the right at ``x = length``; its "volume" is the area ``A = BORE * length``
(m²) and its pressure the force per metre of wall (N/m), so the ideal gas law reads
``P A = N k T``. Each particle stands for a parcel of ``PARCEL`` molecules, so ``k`` here is
``PARCEL`` times Boltzmann's constant (J/K per particle).
"""

from __future__ import annotations

import math
import random
from collections.abc import Mapping
from dataclasses import dataclass

from game.api import Knob, Level
from game.errors import InvalidConfigError
from game.words import Words, words

BOLTZMANN = 1.380649e-23  # J/K
PARCEL = 1e19  # molecules a particle stands for
K = BOLTZMANN * PARCEL  # J/K per particle
BORE = 0.30  # m, the cylinder's inside height (fixed)
LENGTH_MIN, LENGTH_MAX = 0.06, 0.30  # m, where the piston may be
T_MIN, T_MAX = 150.0, 600.0  # K, what the heater and the cooler reach
SPEED_300 = 3.0  # m/s, a particle's rms speed at 300 K (slower than real molecules)
MASS = 2.0 * K * 300.0 / SPEED_300**2  # kg per particle: (1/2) m <v²> = k T in 2D
COLLISION_RATE = 10.0  # 1/s: how often a particle is knocked onto a new random velocity
GAUGE_TAU = 0.5  # s, the gauge's time constant (it averages the wall hits)
GOAL_DEFAULT = 70.0  # % of the round in the band to hold it
WAYPOINT_S = {"steady": 10.0, "waves": 5.0, "heat_and_squeeze": 6.0}


@dataclass(frozen=True)
class LevelSpec:
    level: Level
    low: float  # N/m, the band centre's range
    high: float
    length0: float  # m, the piston at the start
    temperature0: float  # K, the gas at the start
    knobs: Mapping[str, float]


LEVEL_SPECS: tuple[LevelSpec, ...] = (
    LevelSpec(
        Level(
            "steady",
            "Slow drift",
            "The band drifts slowly: heat or squeeze, either will do.",
        ),
        50.0,
        100.0,
        0.20,
        300.0,
        {"band_speed": 3.0},
    ),
    LevelSpec(
        Level("waves", "Fast waves", "The band rises and falls quickly: react early."),
        40.0,
        140.0,
        0.20,
        300.0,
        {"band_speed": 10.0},
    ),
    LevelSpec(
        Level(
            "heat_and_squeeze",
            "Heat and squeeze",
            "The band climbs where neither the heater nor the piston reaches alone.",
        ),
        240.0,
        360.0,
        0.12,
        400.0,
        {"band_speed": 8.0},
    ),
)
LEVELS = tuple(s.level for s in LEVEL_SPECS)

KNOBS: tuple[Knob, ...] = (
    Knob(
        "particles",
        "Particles",
        "",
        16,
        160,
        8,
        "How many particles are in each cylinder (N in P A = N k T).",
        integer=True,
    ),
    Knob(
        "band_width", "Band width", "%", 4, 60, 2, "The band's full width, % of its centre.", True
    ),
    Knob("band_speed", "Band speed", "%/s", 0, 30, 1, "How fast the band's centre may move.", True),
    Knob("heater_power", "Heater power", "K/s", 10, 200, 10, "How fast the heater heats.", True),
    Knob("piston_speed", "Piston speed", "cm/s", 1, 20, 1, "The piston's top speed.", True),
    Knob("goal", "Goal", "%", 20, 95, 5, "The part of the round to stay in the band.", True),
)
DEFAULTS: dict[str, float] = {
    "particles": 96.0,
    "band_width": 20.0,
    "band_speed": 3.0,
    "heater_power": 60.0,
    "piston_speed": 6.0,
    "goal": GOAL_DEFAULT,
}


def level_spec(key: str) -> LevelSpec:
    for spec in LEVEL_SPECS:
        if spec.level.key == key:
            return spec
    known = ", ".join(s.level.key for s in LEVEL_SPECS)
    raise InvalidConfigError(f"Gas laws has no level {key!r}; choose one of {known}")


def knob_defaults(level: str) -> dict[str, float]:
    return {**DEFAULTS, **level_spec(level).knobs}


def ideal_pressure(n: float, temperature: float, length: float) -> float:
    """P = N k T / A (N/m), A = BORE * length."""
    return n * K * temperature / (BORE * length)


@dataclass(frozen=True)
class Plan:
    """A round's numbers: the knobs in force and the band's path (waypoints every
    ``step_s`` seconds, centres in N/m, joined by smooth steps in log pressure)."""

    level: str
    particles: int
    band_width: float  # %
    band_speed: float  # %/s
    heater_power: float  # K/s
    piston_speed: float  # m/s
    goal: float  # %
    length0: float
    temperature0: float
    step_s: float
    waypoints: tuple[float, ...]

    @property
    def half(self) -> float:
        """The band's half width as a fraction of its centre."""
        return self.band_width / 200.0

    @property
    def pressure0(self) -> float:
        return ideal_pressure(self.particles, self.temperature0, self.length0)

    @property
    def p_max(self) -> float:
        return ideal_pressure(self.particles, T_MAX, LENGTH_MIN)

    @property
    def p_min(self) -> float:
        return ideal_pressure(self.particles, T_MIN, LENGTH_MAX)

    def centre(self, t: float) -> float:
        """The band's centre (N/m) ``t`` seconds into the round."""
        w = self.waypoints
        if t <= 0.0:
            return w[0]
        i = int(t / self.step_s)
        if i >= len(w) - 1:
            return w[-1]
        u = t / self.step_s - i
        s = u * u * (3.0 - 2.0 * u)
        return math.exp(math.log(w[i]) + (math.log(w[i + 1]) - math.log(w[i])) * s)

    def band(self, t: float) -> tuple[float, float, float]:
        c = self.centre(t)
        return c * (1.0 - self.half), c, c * (1.0 + self.half)

    def info(self) -> dict[str, object]:
        return {
            "level": self.level,
            "particles": self.particles,
            "band_width": self.band_width,
            "band_speed": self.band_speed,
            "heater_power": self.heater_power,
            "piston_speed": self.piston_speed,
            "goal": self.goal,
            "length0": self.length0,
            "temperature0": self.temperature0,
            "step_s": self.step_s,
            "waypoints": list(self.waypoints),
            "bore": BORE,
            "length_min": LENGTH_MIN,
            "length_max": LENGTH_MAX,
            "t_min": T_MIN,
            "t_max": T_MAX,
            "k": K,
        }


def make_plan(level: str, seed: int, seconds: float, knobs: Mapping[str, float]) -> Plan:
    """The round's plan: the same for every player of the room (the seed decides the band).

    The band starts at the pressure the players start with, then heads for a new centre
    (log-uniform within the level's range, whatever the particle count) every
    ``step_s`` seconds, moving no faster than ``band_speed`` (the smooth step's steepest
    slope is 1.5 times its mean)."""
    spec = level_spec(level)
    k = {**knob_defaults(level), **knobs}
    n = round(k["particles"])
    low, high = spec.low, spec.high
    step = WAYPOINT_S[level]
    p0 = ideal_pressure(n, spec.temperature0, spec.length0)
    rng = random.Random(seed * 7_919 + 13)
    reach = k["band_speed"] / 100.0 * step / 1.5  # the most ln P may change per waypoint
    points = [p0]
    for _ in range(math.ceil(seconds / step) + 1):
        want = math.exp(rng.uniform(math.log(low), math.log(high)))
        d = math.log(want) - math.log(points[-1])
        d = max(-reach, min(reach, d))
        points.append(math.exp(math.log(points[-1]) + d))
    return Plan(
        level=level,
        particles=n,
        band_width=k["band_width"],
        band_speed=k["band_speed"],
        heater_power=k["heater_power"],
        piston_speed=k["piston_speed"] / 100.0,
        goal=k["goal"],
        length0=spec.length0,
        temperature0=spec.temperature0,
        step_s=step,
        waypoints=tuple(points),
    )


def plan_of(info: Mapping[str, object]) -> Plan:
    """The plan a client rebuilds from the round's ``info``."""

    def num(key: str) -> float:
        v = info[key]
        if isinstance(v, bool) or not isinstance(v, int | float):
            raise InvalidConfigError(f"round info {key} must be a number, got {v!r}")
        return float(v)

    raw = info["waypoints"]
    if not isinstance(raw, list | tuple) or not raw:
        raise InvalidConfigError("round info waypoints must be a list of pressures")
    return Plan(
        level=str(info["level"]),
        particles=round(num("particles")),
        band_width=num("band_width"),
        band_speed=num("band_speed"),
        heater_power=num("heater_power"),
        piston_speed=num("piston_speed"),
        goal=num("goal"),
        length0=num("length0"),
        temperature0=num("temperature0"),
        step_s=num("step_s"),
        waypoints=tuple(float(x) for x in raw),
    )


def gauge_jitter(plan: Plan) -> float:
    """The gauge's typical scatter (one standard deviation, a fraction of the reading),
    fitted to the simulation's: 0.8 % with 96 particles, 2 % with 16 (fewer particles hit
    the walls less often: the scatter goes as 1 / sqrt(N))."""
    return 0.08 / math.sqrt(plan.particles)


def feasibility(level: str, knobs: Mapping[str, float], seconds: float = 60.0) -> list[Words]:
    """Warnings, in words, for settings that make holding the band impossible."""
    plan = make_plan(level, 0, seconds, knobs)
    spec = level_spec(level)
    n = plan.particles
    out: list[Words] = []
    top = spec.high * (1.0 - plan.half)
    if top > plan.p_max and plan.band_speed > 0:
        out.append(
            words(
                "the band may climb to {0} N/m, above the highest pressure the heater can "
                "reach at the smallest volume ({1} N/m with {2} particles): no one can hold it",
                f"{top:.0f}",
                f"{plan.p_max:.0f}",
                f"{n}",
            )
        )
    follow = 100.0 * (plan.heater_power / T_MAX + plan.piston_speed / LENGTH_MAX)
    if plan.band_speed > follow:
        out.append(
            words(
                "the band moves at up to {0} %/s, faster than the heater and the piston "
                "together can change the pressure when hot and wide ({1} %/s): "
                "no one can follow it",
                f"{plan.band_speed:g}",
                f"{follow:.0f}",
            )
        )
    jitter = 100.0 * gauge_jitter(plan)
    if plan.half * 100.0 < 3.0 * jitter:
        out.append(
            words(
                "the band (±{0} %) is hardly wider than the gauge's own jitter "
                "(±{1} % with {2} particles): expect nobody to stay in it {3} % of the time",
                f"{plan.half * 100:g}",
                f"{jitter:.1f}",
                f"{n}",
                f"{plan.goal:g}",
            )
        )
    return out
