"""Known truss designs on the bridge's grid, each sized to its forces: what the AI builds,
what the stars are measured against and what the knobs' feasibility check tries.

* **Pratt**: verticals, and diagonals that slope down towards the middle, so under the
  trucks the long diagonals pull (tension) and the short verticals push.
* **Howe**: the diagonals the other way: the long diagonals push, and buckle sooner.
* **Warren**: diagonals alternating up and down (with verticals to carry the deck joints).

All three use the deck, the top chords between T1 and T5, inclined end posts and five
verticals: 21 members on 12 joints, ``m = 2 j − 3``, statically determinate, so each
member's force does not depend on the others' sizes and a design is sized member by
member: heavy where a light member would not carry its largest force on the crossing
(with the designer's safety ``margin``).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from game.bridge.geometry import CANDIDATES, HEAVY, LIGHT, NONE, PANELS, Geometry
from game.bridge.structure import Analysis, analyse, envelope, first_break_load


def deck(i: int) -> int:
    return i


def top(i: int) -> int:
    """Top chord T(i)–T(i+1)."""
    return PANELS + i


def vertical(i: int) -> int:
    return 2 * PANELS + i


def up(i: int) -> int:
    """The "/" diagonal of panel i: D(i)–T(i+1)."""
    return 3 * PANELS + 1 + 2 * i


def down(i: int) -> int:
    """The "\\" diagonal of panel i: D(i+1)–T(i)."""
    return 3 * PANELS + 2 + 2 * i


def _frame() -> list[int]:
    """What every family shares: deck, top chords T1..T5, end posts, verticals 1..5."""
    members = [deck(i) for i in range(PANELS)]
    members += [top(i) for i in range(1, PANELS - 1)]
    members += [up(0), down(PANELS - 1)]
    members += [vertical(i) for i in range(1, PANELS)]
    return members


def _half() -> range:
    return range(1, PANELS // 2)


FAMILIES: dict[str, tuple[int, ...]] = {
    "Pratt": tuple(_frame() + [down(i) for i in _half()] + [up(PANELS - 1 - i) for i in _half()]),
    "Howe": tuple(_frame() + [up(i) for i in _half()] + [down(PANELS - 1 - i) for i in _half()]),
    "Warren": tuple(_frame() + [up(i) if i % 2 == 0 else down(i) for i in range(1, PANELS - 1)]),
}


@dataclass(frozen=True)
class Design:
    """A bridge to build: a section per candidate (0 none), what it costs, whether it
    carries the round's trucks (``passes``, with its highest stress ratio ``peak``), and
    the truck weight at which it would first break."""

    name: str
    types: tuple[int, ...]
    cost: int
    passes: bool
    peak: float
    capacity: float

    @property
    def members(self) -> tuple[int, ...]:
        return tuple(m for m, t in enumerate(self.types) if t != NONE)


def cost_of(geo: Geometry, types: tuple[int, ...] | list[int]) -> int:
    return int(sum(int(geo.costs[t, m]) for m, t in enumerate(types) if t != NONE))


def _analysis(geo: Geometry, types: tuple[int, ...]) -> Analysis:
    result = analyse(geo, types, (False,) * CANDIDATES)
    if not isinstance(result, Analysis):
        raise RuntimeError(f"a known design is not rigid: {types}")
    return result


def sized(geo: Geometry, name: str, members: tuple[int, ...], margin: float) -> Design:
    """``members`` sized for the round's trucks: light where a light member keeps its
    stress ratio at or below ``1 / margin``, heavy elsewhere."""
    types = [NONE] * CANDIDATES
    for m in members:
        types[m] = LIGHT
    for _ in range(4):  # heavier members weigh more: settle in a few rounds
        a = _analysis(geo, tuple(types))
        most_t, most_c, _ratios = envelope(geo, a)
        changed = False
        for m in members:
            t_need = most_t[m] * margin
            c_need = -most_c[m] * margin
            light_ok = t_need <= geo.tension[LIGHT, m] and c_need <= geo.compression[LIGHT, m]
            want = LIGHT if light_ok else HEAVY
            if want != types[m]:
                types[m] = want
                changed = True
        if not changed:
            break
    return _design(geo, name, tuple(types))


def _design(geo: Geometry, name: str, types: tuple[int, ...]) -> Design:
    a = _analysis(geo, types)
    peak = float(envelope(geo, a)[2].max())
    return Design(name, types, cost_of(geo, types), peak <= 1.0, peak, first_break_load(geo, a))


def evaluate(geo: Geometry, name: str, types: tuple[int, ...]) -> Design | None:
    """A design as built (None when it is not rigid)."""
    result = analyse(geo, types, (False,) * CANDIDATES)
    if not isinstance(result, Analysis):
        return None
    peak = float(envelope(geo, result)[2].max())
    return Design(
        name, types, cost_of(geo, types), peak <= 1.0, peak, first_break_load(geo, result)
    )


@lru_cache(maxsize=256)
def designs(geo: Geometry, margin: float = 1.0) -> tuple[Design, ...]:
    """Each family sized with ``margin``, cheapest first."""
    out = [sized(geo, name, members, margin) for name, members in FAMILIES.items()]
    return tuple(sorted(out, key=lambda d: (d.cost, d.name)))


@lru_cache(maxsize=64)
def reference(geo: Geometry) -> Design | None:
    """The cheapest known design that carries the trucks (None if none does)."""
    passing = [d for d in designs(geo) if d.passes]
    return passing[0] if passing else None


@lru_cache(maxsize=64)
def strongest(geo: Geometry) -> Design:
    """Every family with every member heavy: the strongest of them."""
    out = [
        _design(geo, name, tuple(HEAVY if m in members else NONE for m in range(CANDIDATES)))
        for name, members in FAMILIES.items()
    ]
    return max(out, key=lambda d: d.capacity)


def heaviest_members(geo: Geometry, design: Design) -> list[int]:
    """The design's members by how hard they work (highest stress ratio first)."""
    a = _analysis(geo, design.types)
    ratios = envelope(geo, a)[2]
    return sorted(design.members, key=lambda m: (-float(ratios[m]), m))


def as_array(types: tuple[int, ...]) -> np.ndarray[tuple[int], np.dtype[np.int64]]:
    return np.asarray(types, dtype=np.int64)
