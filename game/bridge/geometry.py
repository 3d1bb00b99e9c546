"""The bridge's world: the levels, the teacher's knobs, the grid of joints and the candidate
members a player may build, the two member sections and what they cost and carry.

Every level has the same grid of 6 panels, so every level has the same 31 candidate
members (the ``member`` input is 0..30 everywhere); the levels differ in panel length,
truss height, trucks, deck and budget:

* deck joints ``D0..D6`` along the gap (y = 0), ``D0`` pinned on the left bank, ``D6`` on
  rollers on the right bank; upper joints ``T0..T6`` straight above them (y = height);
* candidates, in index order: 6 deck segments ``D(i)–D(i+1)``, 6 top chords
  ``T(i)–T(i+1)``, 7 verticals ``D(i)–T(i)``, then per panel two diagonals
  ``D(i)–T(i+1)`` ("diagonal i+1 up") and ``D(i+1)–T(i)`` ("diagonal i+1 down").

A member is built *light* or *heavy* (two steel hollow sections). It breaks in tension at
``σ_y·A`` and in compression at ``min(σ_y·A, π²EI/L²)`` (Euler buckling: a long strut in
compression carries far less than the same bar in tension). It costs by length.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
import numpy.typing as npt

from game.api import Knob, Level
from game.bridge.truss import FloatArray, IntArray, euler_load
from game.errors import InvalidConfigError
from game.words import Words, words

PANELS = 6
DECK_JOINTS = PANELS + 1
CANDIDATES = 5 * PANELS + 1  # 6 deck + 6 top + 7 verticals + 12 diagonals = 31
E_STEEL = 200e6  # kN/m² (200 GPa)
STEEL_WEIGHT = 78.5  # kN/m³
NONE, LIGHT, HEAVY = 0, 1, 2
APPROACH = 3.0  # m of road before and after the bridge the truck drives on
TRUCK_LENGTH = 6.0  # m (drawn; the load is a point at its centre)
BUILD_MARGIN_S = 0.5  # the truck is sent this long before it must finish
BoolArray = npt.NDArray[np.bool_]


@dataclass(frozen=True)
class Section:
    """A member's cross-section: area (m²), second moment (m⁴), cost per metre ($)."""

    key: str
    name: str
    area: float
    inertia: float
    cost_per_m: float


SECTIONS = {
    LIGHT: Section("light", "light (hollow 100×100×4 mm)", 1.536e-3, 2.363e-6, 120.0),
    HEAVY: Section("heavy", "heavy (hollow 160×160×6.3 mm)", 3.873e-3, 1.528e-5, 300.0),
}


@dataclass(frozen=True)
class LevelSpec:
    key: str
    title: str
    blurb: str
    panel: float  # m
    height: float  # m
    load: float  # kN, each truck
    trucks: int
    spacing: float  # m between trucks' centres
    deck_weight: float  # kN/m
    budget: float  # $
    speed: float  # m/s
    yield_strength: float = 355.0  # MPa


LEVEL_SPECS = (
    LevelSpec(
        "short_span",
        "Short",
        "an 18 m gap, one 400 kN truck",
        panel=3.0,
        height=3.0,
        load=400.0,
        trucks=1,
        spacing=0.0,
        deck_weight=5.0,
        budget=16000.0,
        speed=5.0,
    ),
    LevelSpec(
        "long_span",
        "Long",
        "a 30 m gap, one 300 kN truck: long struts buckle",
        panel=5.0,
        height=5.0,
        load=300.0,
        trucks=1,
        spacing=0.0,
        deck_weight=5.0,
        budget=27000.0,
        speed=6.0,
    ),
    LevelSpec(
        "two_loads",
        "2 trucks",
        "a 24 m gap, two 250 kN trucks 8 m apart",
        panel=4.0,
        height=4.0,
        load=250.0,
        trucks=2,
        spacing=8.0,
        deck_weight=5.0,
        budget=21500.0,
        speed=5.0,
    ),
)
LEVELS = tuple(Level(s.key, s.title, s.blurb) for s in LEVEL_SPECS)
SPEC_BY_KEY = {s.key: s for s in LEVEL_SPECS}

KNOBS = (
    Knob("load", "Truck weight", "kN", 10.0, 1000.0, 10.0, "The weight of each truck.", True),
    Knob("budget", "Budget", "$", 1000.0, 100000.0, 500.0, "What a bridge may cost.", True),
    Knob(
        "height",
        "Truss height",
        "m",
        1.5,
        8.0,
        0.5,
        "Taller trusses have smaller chord forces but longer members (which buckle sooner).",
    ),
    Knob(
        "yield_strength",
        "Steel strength",
        "MPa",
        100.0,
        700.0,
        5.0,
        "The steel's yield stress: sets the tension strength; buckling does not change.",
        True,
    ),
    Knob(
        "deck_weight",
        "Deck weight",
        "kN/m",
        0.0,
        30.0,
        1.0,
        "The road's own weight per metre, carried all the time.",
        True,
    ),
)


def level_spec(key: str) -> LevelSpec:
    spec = SPEC_BY_KEY.get(key)
    if spec is None:
        known = ", ".join(SPEC_BY_KEY)
        raise InvalidConfigError(f"Bridge builder has no level {key!r}; choose one of {known}")
    return spec


def knob_defaults(level: str) -> dict[str, float]:
    s = level_spec(level)
    return {
        "load": s.load,
        "budget": s.budget,
        "height": s.height,
        "yield_strength": s.yield_strength,
        "deck_weight": s.deck_weight,
    }


def member_kinds() -> list[tuple[str, str, int, int]]:
    """(kind, label, end a, end b) of every candidate, joints numbered D0..D6 = 0..6 and
    T0..T6 = 7..13."""
    t = DECK_JOINTS
    out: list[tuple[str, str, int, int]] = []
    out += [("deck", f"deck {i + 1}", i, i + 1) for i in range(PANELS)]
    out += [("top", f"top chord {i + 1}", t + i, t + i + 1) for i in range(PANELS)]
    out += [("vertical", f"vertical {i}", i, t + i) for i in range(DECK_JOINTS)]
    for i in range(PANELS):
        out.append(("diagonal", f"diagonal {i + 1} up", i, t + i + 1))
        out.append(("diagonal", f"diagonal {i + 1} down", i + 1, t + i))
    return out


KINDS = member_kinds()
DECK = tuple(range(PANELS))  # the deck segments' indices


def member_words(m: int) -> Words:
    """A candidate's label ("top chord 4") as translatable words."""
    kind, label, _a, _b = KINDS[m]
    parts = label.split()
    if kind == "deck":
        return words("deck {0}", parts[1])
    if kind == "top":
        return words("top chord {0}", parts[2])
    if kind == "vertical":
        return words("vertical {0}", parts[1])
    if parts[2] == "up":
        return words("diagonal {0} up", parts[1])
    return words("diagonal {0} down", parts[1])


def joint_name(j: int) -> str:
    return f"D{j}" if j < DECK_JOINTS else f"T{j - DECK_JOINTS}"


@dataclass(frozen=True, eq=False)
class Geometry:
    """Everything fixed in a round: the grid, the sections, the loads, the budget."""

    level: str
    panel: float
    height: float
    load: float  # kN per truck
    trucks: int
    spacing: float
    deck_weight: float  # kN/m
    budget: int  # $
    speed: float  # m/s
    yield_strength: float  # MPa
    joints: FloatArray  # (14, 2)
    ends: IntArray  # (31, 2)
    lengths: FloatArray  # (31,)
    ea: FloatArray  # (3, 31): EA by section (0 none)
    tension: FloatArray  # (3, 31) kN
    compression: FloatArray  # (3, 31) kN, positive
    buckling: BoolArray  # (3, 31): compression strength set by buckling
    costs: IntArray  # (3, 31) $
    own_weight: FloatArray  # (3, 31) kN

    @property
    def span(self) -> float:
        return self.panel * PANELS

    @property
    def fixed(self) -> tuple[int, ...]:
        """D0 pinned (x and y), D6 on rollers (y)."""
        return (0, 1, 2 * PANELS + 1)

    @property
    def x_start(self) -> float:
        return -APPROACH

    @property
    def x_end(self) -> float:
        """Where the lead truck's centre is when the last truck has crossed."""
        return self.span + APPROACH + self.spacing * (self.trucks - 1)

    @property
    def offsets(self) -> tuple[float, ...]:
        """Each truck's centre relative to the lead truck's."""
        return tuple(-self.spacing * i for i in range(self.trucks))

    @property
    def test_seconds(self) -> float:
        return (self.x_end - self.x_start) / self.speed

    def member_label(self, m: int) -> str:
        return KINDS[m][1]

    def info(self) -> dict[str, Any]:
        """What a client needs to draw any bridge from the snapshot's masks."""
        return {
            "level": self.level,
            "panels": PANELS,
            "panel": self.panel,
            "height": self.height,
            "span": self.span,
            "joints": [[round(float(x), 3), round(float(y), 3)] for x, y in self.joints],
            "members": [[int(a), int(b), kind, label] for kind, label, a, b in KINDS],
            "supports": [[0, 1, 1], [PANELS, 0, 1]],
            "sections": [
                {
                    "key": SECTIONS[s].key,
                    "name": SECTIONS[s].name,
                    "area": SECTIONS[s].area,
                    "inertia": SECTIONS[s].inertia,
                    "cost_per_m": SECTIONS[s].cost_per_m,
                }
                for s in (LIGHT, HEAVY)
            ],
            "costs": [[int(c) for c in self.costs[s]] for s in (LIGHT, HEAVY)],
            "tension": [[round(float(c), 1) for c in self.tension[s]] for s in (LIGHT, HEAVY)],
            "compression": [
                [round(float(c), 1) for c in self.compression[s]] for s in (LIGHT, HEAVY)
            ],
            "e": E_STEEL,
            "yield_strength": self.yield_strength,
            "load": self.load,
            "trucks": self.trucks,
            "spacing": self.spacing,
            "deck_weight": self.deck_weight,
            "budget": self.budget,
            "speed": self.speed,
            "x_start": self.x_start,
            "x_end": self.x_end,
            "truck_length": TRUCK_LENGTH,
        }


def geometry(level: str, knobs: Mapping[str, float]) -> Geometry:
    """The round's geometry: the level with the teacher's knobs over its defaults."""
    values = {**knob_defaults(level), **knobs}
    return _geometry(level, *(float(values[k.key]) for k in KNOBS))


@lru_cache(maxsize=64)
def _geometry(
    level: str,
    load: float,
    budget: float,
    height: float,
    yield_strength: float,
    deck_weight: float,
) -> Geometry:
    spec = level_spec(level)
    p = spec.panel
    joints = np.array(
        [[i * p, 0.0] for i in range(DECK_JOINTS)] + [[i * p, height] for i in range(DECK_JOINTS)]
    )
    ends = np.array([[a, b] for _, _, a, b in KINDS], dtype=np.int64)
    d = joints[ends[:, 1]] - joints[ends[:, 0]]
    lengths = np.hypot(d[:, 0], d[:, 1])
    ea = np.zeros((3, CANDIDATES))
    tension = np.zeros((3, CANDIDATES))
    compression = np.zeros((3, CANDIDATES))
    buckling = np.zeros((3, CANDIDATES), dtype=bool)
    costs = np.zeros((3, CANDIDATES), dtype=np.int64)
    weight = np.zeros((3, CANDIDATES))
    fy = yield_strength * 1000.0  # kN/m²
    for s, section in SECTIONS.items():
        ea[s] = E_STEEL * section.area
        tension[s] = fy * section.area
        euler = np.array([euler_load(E_STEEL, section.inertia, float(L)) for L in lengths])
        compression[s] = np.minimum(tension[s], euler)
        buckling[s] = euler < tension[s]
        costs[s] = np.array([math.ceil(section.cost_per_m * float(L)) for L in lengths])
        weight[s] = STEEL_WEIGHT * section.area * lengths
    for arr in (ea, tension, compression, buckling, costs, weight):
        arr.setflags(write=False)
    return Geometry(
        level=level,
        panel=p,
        height=height,
        load=load,
        trucks=spec.trucks,
        spacing=spec.spacing,
        deck_weight=deck_weight,
        budget=round(budget),
        speed=spec.speed,
        yield_strength=yield_strength,
        joints=joints,
        ends=ends,
        lengths=lengths,
        ea=ea,
        tension=tension,
        compression=compression,
        buckling=buckling,
        costs=costs,
        own_weight=weight,
    )
