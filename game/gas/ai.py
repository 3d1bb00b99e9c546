"""The computer player: a chemist who knows P A = N k T. From the temperature and the
piston it reads off the gauge's panel it works out the pressure now, compares it with
where the band will be a moment later, and shares the change between the heater
(ln T) and the piston (ln A) by its personality: cautious heats first, aggressive pushes the
piston first, balanced does both, chaotic switches its mind every few seconds.

Skill sets how quickly it reacts (it looks again every few steps), how well it aims, how
often it looks away for a while, and how often it makes one slip that spoils the round
(it aims at a band of its own: it misread the gauge's scale). It plays by the same inputs
a student sends, and decides on the host and over the network from the same quantised
readings (so both decide alike).
"""

from __future__ import annotations

import itertools
import math
import random
from collections.abc import Mapping
from typing import Any

from game.api import Frame, RoundSetup, Value
from game.gas.model import (
    LENGTH_MAX,
    LENGTH_MIN,
    T_MAX,
    T_MIN,
    Plan,
    ideal_pressure,
    make_plan,
)
from game.gas.sim import FIELDS, IDLE, GasSim
from game.timestep import DT

# (skill, chance of a slip that spoils the round): interpolated between these points
SLIPS = ((0.0, 0.85), (0.3, 0.60), (0.6, 0.30), (0.85, 0.05), (0.98, 0.005), (1.0, 0.0))
LOOK_AHEAD_S = 0.6  # aims where the band will be this long from now
AIM_S = 0.5  # closes the gap in about this long
PREFERENCE = (0.85, 0.15, 0.5, None)  # share of the change made with the heater
T_INDEX, L_INDEX = FIELDS.index("temperature"), FIELDS.index("length")


def slip_chance(skill: float) -> float:
    s = max(0.0, min(1.0, skill))
    for (s0, p0), (s1, p1) in itertools.pairwise(SLIPS):
        if s <= s1:
            return p0 + (p1 - p0) * (s - s0) / (s1 - s0)
    return 0.0


class GasAI:
    """:class:`game.api.AIPlayer` for Gas laws."""

    def __init__(self, skill: float, personality: int, seed: int) -> None:
        self.skill = max(0.0, min(1.0, skill))
        self.personality = personality % 4
        self.rng = random.Random(seed)
        self._plan: Plan | None = None
        self._planned_for: RoundSetup | None = None
        self.bias = 0.0  # ln of the factor it misreads the band by (0: no slip)
        self.share = 0.5
        self.next_look = 0
        self.away_until = -1
        self.last: tuple[Value, ...] = IDLE

    # -- the AIPlayer protocol -------------------------------------------------------------
    def decide(self, sim: Any, player_id: int) -> tuple[Value, ...]:
        gas: GasSim = sim
        p = gas.player(player_id)
        if p.result is not None:
            return IDLE
        row = gas.row(player_id)
        return self._next(
            gas.setup, gas.tick, quantised(row[T_INDEX], 1), quantised(row[L_INDEX], 10)
        )

    def decide_remote(
        self, setup: RoundSetup, info: Mapping[str, Any], frame: Frame, player_id: int
    ) -> tuple[Value, ...]:
        row = frame.row(player_id)
        if row is None or round(float(row[frame.schema.index("status")])) != 0:
            return IDLE
        t = quantised(float(row[frame.schema.index("temperature")]), 1)
        length = quantised(float(row[frame.schema.index("length")]), 10)
        return self._next(setup, frame.tick, t, length)

    # -- deciding -------------------------------------------------------------------------
    def _start(self, setup: RoundSetup) -> Plan:
        plan = make_plan(setup.level, setup.seed, setup.time_limit_s, setup.knobs)
        self._plan, self._planned_for = plan, setup
        rng = self.rng
        if rng.random() < slip_chance(self.skill):
            self.bias = rng.choice((-1.0, 1.0)) * plan.half * rng.uniform(2.0, 3.0)
        else:
            self.bias = 0.0
        self.share = self._preference()
        self.next_look = 0
        self.away_until = -1
        self.last = IDLE
        return plan

    def _preference(self) -> float:
        pref = PREFERENCE[self.personality]
        return pref if pref is not None else self.rng.random()

    def _next(
        self, setup: RoundSetup, tick: int, temperature: float, length_cm: float
    ) -> tuple[Value, ...]:
        plan = self._plan
        if plan is None or self._planned_for != setup:
            plan = self._start(setup)
        if tick < self.away_until or tick < self.next_look:
            return self.last
        rng = self.rng
        skill = self.skill
        # how long until it looks again: 2 steps at the top, about 12 at the bottom
        self.next_look = tick + 2 + round((1.0 - skill) * rng.uniform(4.0, 16.0))
        if rng.random() < (1.0 - skill) * 0.02:  # looks away for a while
            self.away_until = tick + round(rng.uniform(0.5, 2.5) / DT)
            self.last = IDLE if rng.random() < 0.5 else self.last
            return self.last
        if self.personality == 3 and rng.random() < 0.02:
            self.share = rng.random()
        length = length_cm / 100.0
        now = ideal_pressure(plan.particles, temperature, length)
        aim = plan.centre(tick * DT + LOOK_AHEAD_S)
        wobble = rng.gauss(0.0, (1.0 - skill) * plan.half * 0.5)
        gap = math.log(aim) + self.bias + wobble - math.log(now)  # ln P to gain
        rate = gap / AIM_S  # per second
        # the heater's share first, what it cannot do goes to the piston (and back)
        heat_rate = rate * self.share
        heater = clamp(heat_rate * temperature / plan.heater_power)
        if (heater > 0 and temperature >= T_MAX) or (heater < 0 and temperature <= T_MIN):
            heater = 0.0
        left = rate - heater * plan.heater_power / temperature
        piston = clamp(-left * length / plan.piston_speed)
        if (piston < 0 and length <= LENGTH_MIN) or (piston > 0 and length >= LENGTH_MAX):
            piston = 0.0
        left -= -piston * plan.piston_speed / length
        if abs(left) > 1e-9 and abs(heater) < 1.0:
            more = clamp(heater + left * temperature / plan.heater_power)
            if not ((more > 0 and temperature >= T_MAX) or (more < 0 and temperature <= T_MIN)):
                heater = more
        self.last = (round(heater, 3), round(piston, 3))
        return self.last


def clamp(x: float) -> float:
    return max(-1.0, min(1.0, x))


def quantised(value: float, scale: int) -> float:
    """A value as the snapshot carries it (the host's AI reads what a bot reads)."""
    return round(value * scale) / scale
