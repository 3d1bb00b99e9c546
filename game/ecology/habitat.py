"""A round's habitat: the level (steady meadow, seasons, hard winters), the teacher's knobs
(the four rates, the band's width, the game's speed), the target band, the start and the
winters a seed decides, and the feasibility check in words.

Units: populations are animals, time is weeks. The knobs carry β per 100 foxes and δ per
1000 rabbits so that every knob reads as a number a class can say (0.20, not 0.0002).
"""

from __future__ import annotations

import math
import random
from collections.abc import Mapping
from dataclasses import dataclass

from game.api import Knob, Level
from game.ecology.model import Rates
from game.errors import InvalidConfigError
from game.words import Words, words

BETA_PER = 100.0  # the β knob is per 100 foxes
DELTA_PER = 1000.0  # the δ knob is per 1000 rabbits
MIN_ROUND_S = 10.0  # a shorter round leaves no time to bring the populations in
MAX_WINTERS = 1000  # 3600 s at 12 weeks/s is 43 200 weeks: under 1000 winters 45 weeks apart
EDGE = 0.05  # an equilibrium this close to a control's limit is hard to hold


@dataclass(frozen=True)
class LevelSpec:
    key: str
    title: str
    blurb: str
    target_rabbits: float  # the middle of the band
    target_foxes: float
    season: float  # amplitude of the grass's yearly swing (0: steady)
    winters: bool  # seeded hard winters kill a share of the rabbits


LEVEL_SPECS = (
    LevelSpec(
        "meadow",
        "Quiet meadow",
        "Steady grass all year: bring the populations into the band and keep them there.",
        650.0,
        50.0,
        0.0,
        False,
    ),
    LevelSpec(
        "seasons",
        "Seasons",
        "Grass grows in summer and not in winter (±30 % over a year): steer against the swing.",
        650.0,
        50.0,
        0.3,
        False,
    ),
    LevelSpec(
        "winters",
        "Hard winters",
        "Now and then a hard winter kills a share of the rabbits: recover quickly.",
        650.0,
        50.0,
        0.0,
        True,
    ),
)
LEVELS = tuple(Level(s.key, s.title, s.blurb) for s in LEVEL_SPECS)

KNOBS = (
    Knob("alpha", "α rabbits' births", "/wk", 0.02, 0.4, 0.01, "Rabbits born per rabbit a week."),
    Knob(
        "beta",
        "β foxes' catch",
        "/100 foxes/wk",
        0.02,
        2.0,
        0.01,
        "Share of the rabbits that 100 foxes catch in a week.",
    ),
    Knob("gamma", "γ foxes' deaths", "/wk", 0.02, 0.4, 0.01, "Foxes dying per fox a week."),
    Knob(
        "delta",
        "δ foxes' births",
        "/1000 rabbits/wk",
        0.02,
        2.0,
        0.01,
        "Fox cubs born per fox a week for every 1000 rabbits there are to eat.",
    ),
    Knob(
        "band",
        "Band half-width",
        "%",
        5.0,
        50.0,
        1.0,
        "How far either population may stray from the band's middle and still count.",
        True,
    ),
    Knob(
        "speed",
        "Game speed",
        "weeks/s",
        1.0,
        12.0,
        0.5,
        "Weeks of the habitat's life in one second of play.",
    ),
)
DEFAULTS = {"alpha": 0.1, "beta": 0.2, "gamma": 0.1, "delta": 0.2, "band": 20.0, "speed": 4.0}


def level_spec(key: str) -> LevelSpec:
    for spec in LEVEL_SPECS:
        if spec.key == key:
            return spec
    known = ", ".join(s.key for s in LEVEL_SPECS)
    raise InvalidConfigError(f"Predator and prey has no level {key!r}; choose one of {known}")


def knob_defaults(level: str) -> dict[str, float]:
    level_spec(level)
    return dict(DEFAULTS)


@dataclass(frozen=True)
class Winter:
    """A hard winter: at ``week``, ``survive`` of the rabbits live on."""

    week: float
    survive: float


@dataclass(frozen=True)
class Habitat:
    """Everything about a round's habitat the simulation and the clients need."""

    level: str
    rates: Rates
    band: float  # half-width, a fraction of the target
    speed: float  # weeks per second
    target_rabbits: float
    target_foxes: float
    season: float
    start_rabbits: float
    start_foxes: float
    winters: tuple[Winter, ...]

    @property
    def rabbits_band(self) -> tuple[float, float]:
        return self.target_rabbits * (1.0 - self.band), self.target_rabbits * (1.0 + self.band)

    @property
    def foxes_band(self) -> tuple[float, float]:
        return self.target_foxes * (1.0 - self.band), self.target_foxes * (1.0 + self.band)

    def inside(self, rabbits: float, foxes: float) -> bool:
        r0, r1 = self.rabbits_band
        f0, f1 = self.foxes_band
        return r0 <= rabbits <= r1 and f0 <= foxes <= f1

    @property
    def reachable(self) -> tuple[tuple[float, float], tuple[float, float]]:
        """The equilibria the controls can reach: rabbits (hunting 0..1), foxes (food 0..1)."""
        x0, y0 = self.rates.equilibrium_with(0.0, 0.0)
        x1, y1 = self.rates.equilibrium_with(1.0, 1.0)
        return (x0, x1), (y0, y1)

    def holding_controls(self) -> tuple[float, float]:
        """(food, hunting) whose equilibrium is the band's middle (may lie outside 0..1)."""
        r = self.rates
        food = self.target_foxes * r.beta / r.alpha - 0.5
        hunting = self.target_rabbits * r.delta / r.gamma - 1.0
        return food, hunting

    def info(self) -> dict[str, object]:
        r = self.rates
        return {
            "level": self.level,
            "alpha": r.alpha,
            "beta": r.beta * BETA_PER,
            "gamma": r.gamma,
            "delta": r.delta * DELTA_PER,
            "band": round(self.band * 100.0, 6),
            "speed": self.speed,
            "target_rabbits": self.target_rabbits,
            "target_foxes": self.target_foxes,
            "season": self.season,
            "start_rabbits": self.start_rabbits,
            "start_foxes": self.start_foxes,
            "winters": [[w.week, w.survive] for w in self.winters],
        }


def habitat(
    level: str, knobs: Mapping[str, float], seed: int = 0, seconds: float = 60.0
) -> Habitat:
    """The habitat of a round: the level, the knobs in force, the seed's start and (on
    hard winters) the seed's winters over the round's ``seconds``."""
    spec = level_spec(level)
    k = {**DEFAULTS, **knobs}
    rates = Rates(k["alpha"], k["beta"] / BETA_PER, k["gamma"], k["delta"] / DELTA_PER)
    rng = random.Random(seed * 7_919 + 17)
    angle = rng.uniform(0.0, 2.0 * math.pi)
    radius = rng.uniform(0.45, 0.6)
    start_rabbits = round(spec.target_rabbits * (1.0 + radius * math.cos(angle)))
    start_foxes = round(spec.target_foxes * (1.0 + radius * math.sin(angle)), 1)
    winters: list[Winter] = []
    if spec.winters:
        last = seconds * k["speed"]
        week = rng.uniform(40.0, 70.0)
        for _ in range(MAX_WINTERS):  # bounded: the longest round has fewer
            if week > last:
                break
            winters.append(Winter(round(week, 2), round(rng.uniform(0.6, 0.75), 3)))
            week += rng.uniform(45.0, 80.0)
    return Habitat(
        level=spec.key,
        rates=rates,
        band=k["band"] / 100.0,
        speed=k["speed"],
        target_rabbits=spec.target_rabbits,
        target_foxes=spec.target_foxes,
        season=spec.season,
        start_rabbits=float(start_rabbits),
        start_foxes=float(start_foxes),
        winters=tuple(winters),
    )


def habitat_of_info(info: Mapping[str, object]) -> Habitat:
    """The habitat a client rebuilds from a round's ``info`` (see docs/protocol.md)."""

    def num(key: str) -> float:
        value = info.get(key)
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise InvalidConfigError(f"round info.{key} must be a number, got {value!r}")
        return float(value)

    raw = info.get("winters", [])
    if not isinstance(raw, list | tuple):
        raise InvalidConfigError("round info.winters must be a list of [week, survive]")
    winters = []
    for item in raw:
        if not isinstance(item, list | tuple) or len(item) != 2:
            raise InvalidConfigError(f"a winter is [week, survive], got {item!r}")
        winters.append(Winter(float(item[0]), float(item[1])))
    return Habitat(
        level=str(info.get("level", "")),
        rates=Rates(num("alpha"), num("beta") / BETA_PER, num("gamma"), num("delta") / DELTA_PER),
        band=num("band") / 100.0,
        speed=num("speed"),
        target_rabbits=num("target_rabbits"),
        target_foxes=num("target_foxes"),
        season=num("season"),
        start_rabbits=num("start_rabbits"),
        start_foxes=num("start_foxes"),
        winters=tuple(winters),
    )


def feasibility(h: Habitat) -> list[Words]:
    """Warnings, in words, for settings that make holding the band impossible or hard."""
    (x0, x1), (y0, y1) = h.reachable
    r0, r1 = h.rabbits_band
    f0, f1 = h.foxes_band
    out: list[Words] = []
    if x1 < r0 or x0 > r1 or y1 < f0 or y0 > f1:
        out.append(
            words(
                "the band (rabbits {0}–{1}, foxes {2}–{3}) doesn't contain the equilibrium "
                "reachable with any control (rabbits {4}–{5} by hunting, foxes {6}–{7} by "
                "food): no one can stay in it",
                *(f"{v:.0f}" for v in (r0, r1, f0, f1, x0, x1, y0, y1)),
            )
        )
        return out
    food, hunting = h.holding_controls()
    if not (EDGE <= food <= 1.0 - EDGE and EDGE <= hunting <= 1.0 - EDGE):
        out.append(
            words(
                "holding the band's middle needs food {0} % and hunting {1} %: at (or past) "
                "a control's limit there is nothing left to steer with; expect few to hold",
                f"{100 * food:.0f}",
                f"{100 * hunting:.0f}",
            )
        )
    weeks = h.rates.period
    seconds = weeks / h.speed
    if seconds > 60.0:
        out.append(
            words(
                "one cycle lasts {0} weeks, {1} s of play at {2} weeks/s: a minute's round "
                "shows less than one; raise the game speed",
                f"{weeks:.0f}",
                f"{seconds:.0f}",
                f"{h.speed:g}",
            )
        )
    elif seconds < 4.0:
        out.append(
            words(
                "one cycle lasts {0} weeks, only {1} s of play at {2} weeks/s: too fast to "
                "steer by hand; lower the game speed",
                f"{weeks:.0f}",
                f"{seconds:.1f}",
                f"{h.speed:g}",
            )
        )
    return out
