"""The rover's interpreter: a program run on a grid, step by step, deterministically.

Semantics (the tests hold a table of programs and their exact traces):

* a *step* is one action: ``move`` (one cell ahead) or a turn (a quarter turn, staying on
  the cell). Headers and conditions take no step;
* ``move`` into a wall (or off the map) is a **bump**: the rover stays where it is, the step
  is counted, the bump is counted (each costs the round's bump penalty) and the program
  goes on;
* the run ends as soon as a move reaches the goal (``goal``); or when the program would take
  one step more than the step limit (``step_limit``); or when loops test their conditions
  :data:`ENDLESS_CHECKS` times in a row without a step (``endless_loop``: ``while`` around
  an empty body); or when the program runs out of blocks (``ended``);
* ``repeat N { body }`` runs the body N times; ``if C { a } else { b }`` tests the sensor
  once; ``while C { body }`` tests before every pass. Sensors: *wall ahead* (the next cell
  is wall or off the map), *goal ahead* (the next cell is the goal), *path ahead* (not
  wall ahead), *not at goal* (always true while running: a run stops at the goal).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from game.rover.grid import DX, DY, Grid
from game.rover.program import (
    ELSE,
    END,
    IF_GOAL,
    IF_WALL,
    LEFT,
    MOVE,
    REPEAT_BASE,
    RIGHT,
    WHILE_NOT_GOAL,
    WHILE_PATH,
    repeat_count,
)

ENDLESS_CHECKS = 100
OP_MOVE, OP_LEFT, OP_RIGHT, OP_REPEAT, OP_IF, OP_WHILE = range(6)
COND_WALL, COND_GOAL, COND_PATH, COND_NOT_GOAL = range(4)
REASONS = ("goal", "step_limit", "endless_loop", "ended")

# a node: (op, arg, body, else_body, line)
Node = tuple[int, int, tuple["Node", ...], tuple["Node", ...], int]


@lru_cache(maxsize=4096)
def compile_program(tokens: tuple[int, ...]) -> tuple[Node, ...]:
    """The tokens as a tree of nodes (tokens must be well formed)."""
    pos = 0

    def seq() -> tuple[Node, ...]:
        nonlocal pos
        out: list[Node] = []
        while pos < len(tokens) and tokens[pos] not in (ELSE, END):
            t = tokens[pos]
            line = pos
            pos += 1
            if t == MOVE:
                out.append((OP_MOVE, 0, (), (), line))
            elif t == LEFT:
                out.append((OP_LEFT, 0, (), (), line))
            elif t == RIGHT:
                out.append((OP_RIGHT, 0, (), (), line))
            elif REPEAT_BASE <= t < IF_WALL:
                body = seq()
                pos += 1  # END
                out.append((OP_REPEAT, repeat_count(t), body, (), line))
            elif t in (IF_WALL, IF_GOAL):
                then = seq()
                pos += 1  # ELSE
                other = seq()
                pos += 1  # END
                cond = COND_WALL if t == IF_WALL else COND_GOAL
                out.append((OP_IF, cond, then, other, line))
            elif t in (WHILE_PATH, WHILE_NOT_GOAL):
                body = seq()
                pos += 1  # END
                cond = COND_PATH if t == WHILE_PATH else COND_NOT_GOAL
                out.append((OP_WHILE, cond, body, (), line))
        return tuple(out)

    return seq()


@dataclass(frozen=True)
class Step:
    """The rover after one step: cell, heading, the line that acted, whether it bumped."""

    x: int
    y: int
    heading: int
    line: int
    bumped: bool


@dataclass(frozen=True)
class Run:
    """A whole run: ``trace[0]`` is the start (line -1), then one entry per step."""

    trace: tuple[Step, ...]
    reason: str  # one of REASONS
    bumps: int

    @property
    def steps(self) -> int:
        return len(self.trace) - 1

    @property
    def reached(self) -> bool:
        return self.reason == "goal"

    @property
    def end(self) -> Step:
        return self.trace[-1]


class _StopRunError(Exception):
    def __init__(self, reason: str) -> None:
        self.reason = reason


class _Machine:
    __slots__ = ("bumps", "checks", "goal", "grid", "h", "limit", "steps", "trace", "x", "y")

    def __init__(self, grid: Grid, limit: int, record: bool) -> None:
        self.grid = grid
        self.x, self.y = grid.start
        self.h = grid.heading
        self.goal = grid.goal
        self.limit = limit
        self.steps = 0
        self.bumps = 0
        self.checks = 0
        self.trace: list[Step] | None = (
            [Step(self.x, self.y, self.h, -1, False)] if record else None
        )

    def ahead_open(self) -> bool:
        return self.grid.open(self.x + DX[self.h], self.y + DY[self.h])

    def test(self, cond: int) -> bool:
        self.checks += 1
        if self.checks > ENDLESS_CHECKS:
            raise _StopRunError("endless_loop")
        if cond == COND_WALL:
            return not self.ahead_open()
        if cond == COND_PATH:
            return self.ahead_open()
        if cond == COND_GOAL:
            return (self.x + DX[self.h], self.y + DY[self.h]) == self.goal
        return (self.x, self.y) != self.goal

    def act(self, op: int, line: int) -> None:
        if self.steps >= self.limit:
            raise _StopRunError("step_limit")
        self.steps += 1
        self.checks = 0
        bumped = False
        if op == OP_MOVE:
            nx, ny = self.x + DX[self.h], self.y + DY[self.h]
            if self.grid.open(nx, ny):
                self.x, self.y = nx, ny
            else:
                bumped = True
                self.bumps += 1
        elif op == OP_LEFT:
            self.h = (self.h + 1) % 4
        else:
            self.h = (self.h + 3) % 4
        if self.trace is not None:
            self.trace.append(Step(self.x, self.y, self.h, line, bumped))
        if (self.x, self.y) == self.goal:
            raise _StopRunError("goal")

    def run(self, nodes: tuple[Node, ...]) -> None:
        for op, arg, body, other, line in nodes:
            if op <= OP_RIGHT:
                self.act(op, line)
            elif op == OP_REPEAT:
                for _ in range(arg):
                    self.run(body)
            elif op == OP_IF:
                self.run(body if self.test(arg) else other)
            else:
                while self.test(arg):
                    self.run(body)


def run(tokens: Sequence[int], grid: Grid, step_limit: int) -> Run:
    """Run ``tokens`` from the grid's start, recording every step."""
    m = _Machine(grid, step_limit, True)
    reason = "ended"
    try:
        m.run(compile_program(tuple(tokens)))
    except _StopRunError as stop:
        reason = stop.reason
    assert m.trace is not None
    return Run(tuple(m.trace), reason, m.bumps)


def outcome(nodes: tuple[Node, ...], grid: Grid, step_limit: int) -> tuple[str, int, int]:
    """(reason, steps, bumps) of a compiled program, with no trace (the search's fast path)."""
    m = _Machine(grid, step_limit, False)
    try:
        m.run(nodes)
    except _StopRunError as stop:
        return stop.reason, m.steps, m.bumps
    return "ended", m.steps, m.bumps
