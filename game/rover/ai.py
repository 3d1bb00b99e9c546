"""The computer player: a programmer who writes a program block by block, runs it, and
fixes it when the rover misses.

Which program: the shortest (the level's optimum, found by :mod:`game.rover.search`) or
the plain one a beginner writes (the fewest-steps path as moves and turns, with runs and
repeated patterns folded into ``repeat`` loops, :func:`plain_program`); the higher the
skill, the likelier the shortest. Skill also sets how often the first program has a slip
(a repeat count off by one, a turn the wrong way, a block left out, a sensor mixed up:
plausible, and always wrong, checked by running it) and how likely a failed run is fixed
rather than followed by another wrong guess. Insane writes the shortest program with no
slip. Personality sets the pace: cautious, aggressive, balanced, chaotic. The AI plays by
the same inputs a student sends: one edit at a time.
"""

from __future__ import annotations

import itertools
import random
from collections import deque
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from game.api import Frame, RoundSetup, Value
from game.rover.grid import DX, DY, Grid, best_program, grid, knobs_in_force
from game.rover.interpreter import run
from game.rover.program import (
    ELSE,
    END,
    IF_GOAL,
    IF_WALL,
    LEFT,
    MAX_REPEAT,
    MIN_REPEAT,
    MOVE,
    REPEAT_BASE,
    RIGHT,
    WHILE_NOT_GOAL,
    WHILE_PATH,
    WORDS,
    Block,
    block_end,
    length,
    repeat_count,
    unpack,
    well_formed,
)
from game.rover.results import RoverStatus
from game.rover.sim import CLEAR, EDITING, INSERT, NOTHING, RUN, SET, RoverSim

IDLE: tuple[Value, ...] = (NOTHING, 0, 0, 0)
# (skill, chance the first program has a slip, chance a failed run is fixed, runs at most)
SKILL_TABLE = (
    (0.0, 0.85, 0.05, 2),
    (0.3, 0.75, 0.10, 2),
    (0.6, 0.45, 0.30, 2),
    (0.85, 0.12, 0.70, 3),
    (0.98, 0.0, 1.0, 3),
    (1.0, 0.0, 1.0, 3),
)
SHORTEST_CHANCE = ((0.0, 0.05), (0.3, 0.1), (0.6, 0.3), (0.85, 0.6), (0.98, 1.0), (1.0, 1.0))
PACE = (30, 10, 18, None)  # ticks between edits: cautious, aggressive, balanced, chaotic
THINK = (150, 45, 90, None)  # ticks before the first edit and after a failed run


def _lerp(table: Sequence[tuple[float, ...]], skill: float, column: int) -> float:
    s = max(0.0, min(1.0, skill))
    for a, b in itertools.pairwise(table):
        if s <= b[0]:
            return a[column] + (b[column] - a[column]) * (s - a[0]) / (b[0] - a[0])
    return table[-1][column]


def slip_chance(skill: float) -> float:
    return _lerp(SKILL_TABLE, skill, 1)


def fix_chance(skill: float) -> float:
    return _lerp(SKILL_TABLE, skill, 2)


def max_runs(skill: float) -> int:
    s = max(0.0, min(1.0, skill))
    return int(next(row[3] for row in SKILL_TABLE if s <= row[0]))


# -- the programs ---------------------------------------------------------------------------
def path_actions(g: Grid) -> list[int]:
    """The fewest-steps way to the goal as actions (MOVE, LEFT, RIGHT), by BFS."""
    start = (g.start[0], g.start[1], g.heading)
    came: dict[tuple[int, int, int], tuple[tuple[int, int, int], int] | None] = {start: None}
    queue = deque([start])
    end = None
    while queue:
        state = queue.popleft()
        x, y, h = state
        if (x, y) == g.goal:
            end = state
            break
        options = [((x, y, (h + 1) % 4), LEFT), ((x, y, (h + 3) % 4), RIGHT)]
        if g.open(x + DX[h], y + DY[h]):
            options.insert(0, ((x + DX[h], y + DY[h], h), MOVE))
        for nxt, action in options:
            if nxt not in came:
                came[nxt] = (state, action)
                queue.append(nxt)
    out: list[int] = []
    while end is not None and came[end] is not None:
        prev, action = came[end]  # type: ignore[misc]
        out.append(action)
        end = prev
    return out[::-1]


def plain_program(actions: Sequence[int]) -> tuple[int, ...]:
    """Actions written as a beginner folds them: at each point the repeated pattern
    (period 1..4, at least twice) that saves the most blocks becomes ``repeat``."""
    out: list[int] = []
    i = 0
    n = len(actions)
    while i < n:
        best: tuple[int, int, int] | None = None  # (saving, period, count)
        for period in range(1, 5):
            pattern = actions[i : i + period]
            if len(pattern) < period:
                break
            count = 1
            while (
                count < MAX_REPEAT
                and actions[i + count * period : i + (count + 1) * period] == pattern
            ):
                count += 1
            saving = period * count - (period + 1)
            if count >= MIN_REPEAT and saving > 0 and (best is None or saving > best[0]):
                best = (saving, period, count)
        if best is None:
            out.append(actions[i])
            i += 1
            continue
        _, period, count = best
        out += [REPEAT_BASE + count - MIN_REPEAT, *actions[i : i + period], END]
        i += period * count
    return tuple(out)


def mutations(tokens: Sequence[int], rng: random.Random) -> list[tuple[int, ...]]:
    """Plausible wrong versions of a program, in a random order."""
    out: list[tuple[int, ...]] = []
    t = list(tokens)
    for i, tok in enumerate(t):
        if REPEAT_BASE <= tok < IF_WALL:
            n = repeat_count(tok)
            for m in (n - 1, n + 1):
                if MIN_REPEAT <= m <= MAX_REPEAT:
                    out.append((*t[:i], REPEAT_BASE + m - MIN_REPEAT, *t[i + 1 :]))
        elif tok in (LEFT, RIGHT):
            out.append((*t[:i], LEFT + RIGHT - tok, *t[i + 1 :]))
        elif tok in (IF_WALL, IF_GOAL):
            out.append((*t[:i], IF_WALL + IF_GOAL - tok, *t[i + 1 :]))
        elif tok in (WHILE_PATH, WHILE_NOT_GOAL):
            out.append((*t[:i], WHILE_PATH + WHILE_NOT_GOAL - tok, *t[i + 1 :]))
        if tok in (MOVE, LEFT, RIGHT) and length(t) > 1:
            out.append((*t[:i], *t[i + 1 :]))
    rng.shuffle(out)
    return [m for m in out if well_formed(m)]


def input_of(token: int) -> tuple[int, int]:
    """(block, arg) of the insert that puts ``token`` (an action or header) in."""
    if token == MOVE:
        return int(Block.MOVE), 0
    if token == LEFT:
        return int(Block.LEFT), 0
    if token == RIGHT:
        return int(Block.RIGHT), 0
    if REPEAT_BASE <= token < IF_WALL:
        return int(Block.REPEAT), repeat_count(token)
    if token in (IF_WALL, IF_GOAL):
        return int(Block.IF), token - IF_WALL
    return int(Block.WHILE), token - WHILE_PATH


def build_states(target: Sequence[int]) -> list[tuple[int, ...]]:
    """The programs on the way to ``target`` when its blocks are inserted in reading
    order (each header with its closers): state k has the first k blocks."""
    heads = [i for i, t in enumerate(target) if t not in (ELSE, END)]
    states: list[tuple[int, ...]] = []
    for k in range(len(heads) + 1):
        chosen = set(heads[:k])
        keep: list[int] = []
        for i, t in enumerate(target):
            if t in (ELSE, END):
                head = _owner(target, i)
                if head in chosen:
                    keep.append(t)
            elif i in chosen:
                keep.append(t)
        states.append(tuple(keep))
    return states


def _owner(tokens: Sequence[int], index: int) -> int:
    for i in range(index - 1, -1, -1):
        if tokens[i] not in (ELSE, END) and block_end(tokens, i) > index:
            return i
    raise ValueError("not well formed")


@dataclass
class Plan:
    """What the AI means to type next, and how it goes."""

    correct: tuple[int, ...]
    target: tuple[int, ...]
    slip: bool
    states: list[tuple[int, ...]]
    heads: list[int]


class RoverAI:
    """:class:`game.api.AIPlayer` for Rover program."""

    def __init__(self, skill: float, personality: int, seed: int) -> None:
        self.skill = skill
        self.personality = personality % 4
        self.rng = random.Random(seed)
        self.plan: Plan | None = None
        self._planned_for: RoundSetup | None = None
        self.next_tick = 0
        self.runs_seen = 0
        self.gave_up = False

    # -- the AIPlayer protocol ---------------------------------------------------------
    def decide(self, sim: Any, player_id: int) -> tuple[Value, ...]:
        rover: RoverSim = sim
        p = rover.player(player_id)
        if p.result is not None:
            return IDLE
        return self._next(rover.setup, rover.tick, p.tokens, p.stage, p.runs, int(p.status))

    def decide_remote(
        self, setup: RoundSetup, info: Mapping[str, Any], frame: Frame, player_id: int
    ) -> tuple[Value, ...]:
        row = frame.row(player_id)
        if row is None:
            return IDLE
        schema = frame.schema
        words = [round(float(row[schema.index(f"program{i}")])) for i in range(WORDS)]
        stage = round(float(row[schema.index("stage")]))
        runs = round(float(row[schema.index("runs")]))
        status = round(float(row[schema.index("status")]))
        return self._next(setup, frame.tick, unpack(words), stage, runs, status)

    # -- deciding ------------------------------------------------------------------------
    def _next(
        self,
        setup: RoundSetup,
        tick: int,
        tokens: tuple[int, ...],
        stage: int,
        runs: int,
        status: int,
    ) -> tuple[Value, ...]:
        if stage != EDITING or status != int(RoverStatus.PLAYING):
            return IDLE
        if self.plan is None or self._planned_for != setup:
            self._planned_for = setup
            self.plan = self.make_plan(setup)
            self.runs_seen = runs
            self.gave_up = False
            self.next_tick = tick + self._think()
        plan = self.plan
        if runs > self.runs_seen:  # a run came back without reaching the goal
            self.runs_seen = runs
            self._after_failure(setup, plan, runs)
            self.next_tick = tick + self._think()
        if self.gave_up or tick < self.next_tick:
            return IDLE
        self.next_tick = tick + self._pace()
        if tokens == plan.target:
            return (RUN, 0, 0, 0)
        return self._edit(tokens, plan)

    def _edit(self, tokens: tuple[int, ...], plan: Plan) -> tuple[Value, ...]:
        if tokens in plan.states:
            k = plan.states.index(tokens)
            i = plan.heads[k]
            block, arg = input_of(plan.target[i])
            return (INSERT, block, i, arg)
        if len(tokens) == len(plan.target):
            diff = [i for i, (a, b) in enumerate(zip(tokens, plan.target, strict=True)) if a != b]
            if len(diff) == 1 and _same_kind(tokens[diff[0]], plan.target[diff[0]]):
                i = diff[0]
                return (SET, 0, i, input_of(plan.target[i])[1])
        return (CLEAR, 0, 0, 0)

    def _after_failure(self, setup: RoundSetup, plan: Plan, runs: int) -> None:
        if runs >= max_runs(self.skill):
            self.gave_up = True
            return
        if self.rng.random() < fix_chance(self.skill):
            target = plan.correct
        else:
            target = self._spoil(setup, plan.correct, avoid=plan.target)
        self.plan = _plan(plan.correct, target, target != plan.correct)

    def _pace(self) -> int:
        pace = PACE[self.personality]
        return pace if pace is not None else self.rng.randint(8, 40)

    def _think(self) -> int:
        think = THINK[self.personality]
        return think if think is not None else self.rng.randint(40, 160)

    def make_plan(self, setup: RoundSetup) -> Plan:
        """Choose the program (shortest or plain) and maybe spoil it."""
        knobs = knobs_in_force(setup.level, setup.knobs)
        max_blocks = int(knobs["max_blocks"])
        shortest = best_program(setup.level)
        plain = plain_program(path_actions(grid(setup.level)))
        wants_short = self.rng.random() < _lerp(SHORTEST_CHANCE, self.skill, 1)
        correct = shortest if wants_short or length(plain) > max_blocks else plain
        target = correct
        if self.rng.random() < slip_chance(self.skill):
            target = self._spoil(setup, correct, avoid=correct)
        return _plan(correct, target, target != correct)

    def _spoil(
        self, setup: RoundSetup, correct: tuple[int, ...], *, avoid: tuple[int, ...]
    ) -> tuple[int, ...]:
        """A wrong version of ``correct`` that really fails (else ``correct`` itself)."""
        knobs = knobs_in_force(setup.level, setup.knobs)
        g = grid(setup.level)
        for wrong in mutations(correct, self.rng):
            if wrong == avoid or length(wrong) > int(knobs["max_blocks"]):
                continue
            if not run(wrong, g, int(knobs["step_limit"])).reached:
                return wrong
        return correct


def _plan(correct: tuple[int, ...], target: tuple[int, ...], slip: bool) -> Plan:
    states = build_states(target)
    heads = [i for i, t in enumerate(target) if t not in (ELSE, END)]
    return Plan(correct, target, slip, states, heads)


def _same_kind(a: int, b: int) -> bool:
    def kind(t: int) -> int:
        if REPEAT_BASE <= t < IF_WALL:
            return 1
        if t in (IF_WALL, IF_GOAL):
            return 2
        if t in (WHILE_PATH, WHILE_NOT_GOAL):
            return 3
        return 0

    return kind(a) == kind(b) != 0
