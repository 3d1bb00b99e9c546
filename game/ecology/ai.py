"""The computer ranger: steers toward the band's middle with the controller that makes the
model's conserved quantity a Lyapunov function.

With the controls holding the equilibrium at a point (x̂, ŷ), V = δ(x − x̂ ln x) +
β(y − ŷ ln y) is constant along orbits; moving the controls by u (food) and w (hunting)
changes it at dV/dt = δ(x − x̂)·α·u − β(y − ŷ)·γ·w. So the ranger gives less grass while
rabbits are above x̂ and hunts more while foxes are above ŷ (u ∝ −(x − x̂), w ∝ +(y − ŷ)):
V falls, the cycles shrink and the populations settle at (x̂, ŷ). Clipping the controls to
0..1 keeps the signs, so V still never rises.

Skill sets how well the ranger judges where the band's middle is (an aim error drawn once
a round, shrinking with skill: a large one settles the populations outside the band), how
quickly it reacts (ticks between decisions) and how much of the grass's seasonal swing it
foresees and feeds against (the share = skill; nothing to foresee on a steady meadow).
Personality sets the gain: cautious gentle, aggressive hard, balanced between, chaotic a
random gain and pace. The AI plays
by the same inputs a student sends, from the snapshot values a bot receives.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Mapping
from typing import Any

from game.api import Frame, RoundSetup, Value
from game.ecology.habitat import Habitat, habitat
from game.ecology.model import season
from game.ecology.sim import FIELDS, IDLE, EcologySim
from game.timestep import DT

# (skill, aim error: standard deviation, a share of the band's middle): interpolated
AIM = ((0.0, 0.4), (0.3, 0.25), (0.6, 0.14), (0.85, 0.075), (0.98, 0.02), (1.0, 0.0))
# (skill, ticks between decisions)
PACE = ((0.0, 40), (0.3, 24), (0.6, 12), (0.85, 6), (0.98, 2), (1.0, 1))
GAINS = (0.8, 3.0, 1.6, None)  # cautious, aggressive, balanced, chaotic
SCALES = {"rabbits": 10, "foxes": 100}  # the snapshot's steps (the schema's scales)


def _lerp(points: tuple[tuple[float, float], ...], skill: float) -> float:
    s = max(0.0, min(1.0, skill))
    for (s0, v0), (s1, v1) in itertools.pairwise(points):
        if s <= s1:
            return v0 + (v1 - v0) * (s - s0) / (s1 - s0)
    return points[-1][1]


def aim_error(skill: float) -> float:
    return _lerp(AIM, skill)


def pace(skill: float) -> int:
    return max(1, round(_lerp(PACE, skill)))


def controller(
    h: Habitat,
    rabbits: float,
    foxes: float,
    aim: tuple[float, float],
    gain: float,
    grass: float = 1.0,
) -> tuple[float, float]:
    """(hunting, food) that steer toward ``aim`` (rabbits, foxes), clipped to 0..1;
    ``grass`` is the season's factor on the rabbits' growth the ranger expects now."""
    r = h.rates
    x_aim, y_aim = aim
    food0 = y_aim * r.beta / (r.alpha * grass) - 0.5
    hunting0 = x_aim * r.delta / r.gamma - 1.0
    food = food0 - gain * (rabbits - x_aim) / x_aim
    hunting = hunting0 + gain * (foxes - y_aim) / y_aim
    return (round(min(1.0, max(0.0, hunting)), 3), round(min(1.0, max(0.0, food)), 3))


class EcologyAI:
    """:class:`game.api.AIPlayer` for Predator and prey."""

    def __init__(self, skill: float, personality: int, seed: int) -> None:
        self.skill = skill
        self.personality = personality % 4
        self.rng = random.Random(seed)
        self._setup: RoundSetup | None = None
        self.habitat: Habitat | None = None
        self.aim = (0.0, 0.0)
        self.gain = 1.0
        self.next_tick = 0
        self.current: tuple[Value, ...] = IDLE

    # -- the AIPlayer protocol -------------------------------------------------------------
    def decide(self, sim: Any, player_id: int) -> tuple[Value, ...]:
        eco: EcologySim = sim
        p = eco.player(player_id)
        if p.result is not None:
            return IDLE
        row = eco.row(player_id)
        rabbits = round(row[0] * SCALES["rabbits"]) / SCALES["rabbits"]
        foxes = round(row[1] * SCALES["foxes"]) / SCALES["foxes"]
        return self._next(eco.setup, eco.tick, rabbits, foxes)

    def decide_remote(
        self, setup: RoundSetup, info: Mapping[str, Any], frame: Frame, player_id: int
    ) -> tuple[Value, ...]:
        row = frame.row(player_id)
        if row is None or round(float(row[frame.schema.index("status")])) != 0:
            return IDLE
        rabbits = float(row[frame.schema.index(FIELDS[0])])
        foxes = float(row[frame.schema.index(FIELDS[1])])
        return self._next(setup, frame.tick, rabbits, foxes)

    # -- deciding -------------------------------------------------------------------------
    def _next(
        self, setup: RoundSetup, tick: int, rabbits: float, foxes: float
    ) -> tuple[Value, ...]:
        if self.habitat is None or self._setup != setup:
            self._plan(setup, tick)
        h = self.habitat
        assert h is not None
        if tick < self.next_tick:
            return self.current
        every = pace(self.skill)
        if self.personality == 3:
            every = self.rng.randint(max(1, every // 2), every * 2)
        self.next_tick = tick + every
        self.current = controller(h, rabbits, foxes, self.aim, self.gain, self._grass(h, tick))
        return self.current

    def _grass(self, h: Habitat, tick: int) -> float:
        """The season's factor as the ranger foresees it: a skilled one feeds against the
        whole swing, a novice against the share of it its skill gives."""
        swing = season(tick * h.speed * DT, h.season) - 1.0
        return 1.0 + min(1.0, max(0.0, self.skill)) * swing

    def _plan(self, setup: RoundSetup, tick: int) -> None:
        rng = self.rng
        self._setup = setup
        h = self.habitat = habitat(setup.level, setup.knobs, setup.seed, setup.time_limit_s)
        sd = aim_error(self.skill)
        ex, ey = rng.gauss(0.0, sd), rng.gauss(0.0, sd)
        self.aim = (h.target_rabbits * max(0.2, 1.0 + ex), h.target_foxes * max(0.2, 1.0 + ey))
        gain = GAINS[self.personality]
        self.gain = gain if gain is not None else round(rng.uniform(0.6, 3.0), 2)
        self.next_tick = tick + rng.randint(10, 40)  # reading the screen first
        self.current = IDLE
