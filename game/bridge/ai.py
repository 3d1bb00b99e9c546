"""The computer player: an engineer who picks a known truss (Pratt, Howe or Warren), sizes
each member to its largest force with a safety margin, builds it member by member and
sends the trucks.

Skill sets how often the engineer makes one slip that dooms the bridge (a forgotten
diagonal leaves a panel that folds; a member left light where it must be heavy; the
sizing skipped altogether) and how carefully the design is chosen (the cheapest that
carries the trucks, or any that does). Personality sets the margin and the pace:
cautious (margin 1.25, slow), aggressive (1.02, fast), balanced (1.1), chaotic (random
margin, random order). The AI plays by the same inputs a student sends: one action at a
time, each setting one member.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from game.api import Frame, RoundSetup, Value
from game.bridge.designs import Design, designs, down, evaluate, heaviest_members, up
from game.bridge.geometry import CANDIDATES, DECK, HEAVY, KINDS, LIGHT, NONE, Geometry, geometry
from game.bridge.sim import (
    ADD_HEAVY,
    ADD_LIGHT,
    BUILDING,
    NO_ACTION,
    REMOVE,
    TEST,
    BridgeSim,
    types_of,
)

# (skill, chance of one fatal slip): interpolated between these points
SLIPS = ((0.0, 0.85), (0.3, 0.62), (0.6, 0.33), (0.85, 0.06), (0.98, 0.006), (1.0, 0.0))
MARGINS = (1.25, 1.02, 1.1, None)  # cautious, aggressive, balanced, chaotic
PACE = (9, 3, 5, None)  # ticks between actions
IDLE: tuple[Value, ...] = (NO_ACTION, 0)


def slip_chance(skill: float) -> float:
    s = max(0.0, min(1.0, skill))
    for (s0, p0), (s1, p1) in itertools.pairwise(SLIPS):
        if s <= s1:
            return p0 + (p1 - p0) * (s - s0) / (s1 - s0)
    return 0.0


@dataclass(frozen=True)
class Plan:
    """What the AI means to build, in build order, and the slip it made (if any)."""

    design: str
    types: tuple[int, ...]
    order: tuple[int, ...]
    slip: str


class BridgeAI:
    """:class:`game.api.AIPlayer` for Bridge builder."""

    def __init__(self, skill: float, personality: int, seed: int) -> None:
        self.skill = skill
        self.personality = personality % 4
        self.rng = random.Random(seed)
        self.plan: Plan | None = None
        self._planned_for: RoundSetup | None = None
        self.next_tick = 0

    # -- the AIPlayer protocol -------------------------------------------------------------
    def decide(self, sim: Any, player_id: int) -> tuple[Value, ...]:
        bridge: BridgeSim = sim
        p = bridge.player(player_id)
        if p.result is not None:
            return IDLE
        return self._next(bridge.setup, bridge.tick, list(p.types), p.stage)

    def decide_remote(
        self, setup: RoundSetup, info: Mapping[str, Any], frame: Frame, player_id: int
    ) -> tuple[Value, ...]:
        row = frame.row(player_id)
        if row is None:
            return IDLE
        schema = frame.schema
        built = round(float(row[schema.index("built")]))
        heavy = round(float(row[schema.index("heavy")]))
        stage = round(float(row[schema.index("stage")]))
        return self._next(setup, frame.tick, types_of(built, heavy), stage)

    # -- deciding -------------------------------------------------------------------------
    def _next(
        self, setup: RoundSetup, tick: int, types: list[int], stage: int
    ) -> tuple[Value, ...]:
        if stage != BUILDING:
            return IDLE
        if self.plan is None or self._planned_for != setup:
            self._planned_for = setup
            self.plan = self.make_plan(geometry(setup.level, setup.knobs))
            self.next_tick = tick + self.rng.randint(15, 45)
        if tick < self.next_tick:
            return IDLE
        plan = self.plan
        self.next_tick = tick + self._pace()
        for m in plan.order:
            want = plan.types[m]
            if types[m] != want:
                if want == NONE:
                    return (REMOVE, m)
                return (ADD_HEAVY if want == HEAVY else ADD_LIGHT, m)
        for m in range(CANDIDATES):
            if types[m] != NONE and plan.types[m] == NONE:
                return (REMOVE, m)
        return (TEST, 0)

    def _pace(self) -> int:
        pace = PACE[self.personality]
        return pace if pace is not None else self.rng.randint(2, 10)

    def make_plan(self, geo: Geometry) -> Plan:
        """Choose, size and (maybe) spoil a design; the build order."""
        rng = self.rng
        margin = MARGINS[self.personality]
        if margin is None:
            margin = round(rng.uniform(1.0, 1.4), 2)
        options = list(designs(geo, margin))
        affordable = [d for d in options if d.passes and d.cost <= geo.budget]
        if not affordable:  # the margin priced it out: the bare sizing, if that fits
            affordable = [d for d in designs(geo, 1.0) if d.passes and d.cost <= geo.budget]
        chosen: Design
        if affordable:
            careful = rng.random() < self.skill and self.personality != 3
            chosen = affordable[0] if careful else rng.choice(affordable)
        else:  # nothing known fits: the cheapest anyway (it will not pass)
            chosen = min(options, key=lambda d: d.cost)
        types = list(chosen.types)
        if self.personality == 0:  # cautious: cross-braces the middle panels if it can
            braced = list(types)
            for m in (up(2), down(2), up(3), down(3)):
                braced[m] = braced[m] or LIGHT
            better = evaluate(geo, chosen.name, tuple(braced))
            if better is not None and better.passes and better.cost <= geo.budget:
                types = braced
        slip = ""
        if rng.random() < slip_chance(self.skill):
            slip = self._slip(geo, chosen, types)
        order = [m for m in DECK] + [m for m in range(CANDIDATES) if m not in DECK]
        if self.personality == 3:
            rng.shuffle(order)
        return Plan(chosen.name, tuple(types), tuple(order), slip)

    def _slip(self, geo: Geometry, chosen: Design, types: list[int]) -> str:
        """One mistake that makes the bridge fail; ``types`` is changed in place."""
        rng = self.rng
        kinds = ["forgot a diagonal", "undersized a member", "skipped the sizing"]
        rng.shuffle(kinds)
        for kind in kinds:
            trial = list(types)
            if kind == "forgot a diagonal":
                diagonals = [m for m in chosen.members if KINDS[m][0] == "diagonal"]
                trial[rng.choice(diagonals)] = NONE
            elif kind == "undersized a member":
                heavy = [m for m in heaviest_members(geo, chosen) if types[m] == HEAVY]
                if not heavy:
                    continue
                trial[heavy[0]] = LIGHT
            else:
                trial = [LIGHT if t != NONE else NONE for t in types]
            spoiled = evaluate(geo, chosen.name, tuple(trial))
            if spoiled is None or not spoiled.passes:
                types[:] = trial
                return kind
        return ""
