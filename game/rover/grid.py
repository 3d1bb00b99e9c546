"""The rover's world: the levels (grid maps), the teacher's knobs, and what a grid knows
about itself (walls, the goal, the fewest steps from the start).

Cells are (x, y) with x to the right and y up; the rover faces east (0), north (1), west
(2) or south (3). Outside the map is wall. A map is written top row first: ``#`` wall,
``.`` floor, ``G`` the goal, and the start as ``>`` ``^`` ``<`` ``v`` (its heading).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

from game.api import Knob, Level
from game.errors import InvalidConfigError
from game.rover.program import parse

EAST, NORTH, WEST, SOUTH = 0, 1, 2, 3
DX = (1, 0, -1, 0)
DY = (0, 1, 0, -1)
HEADINGS = ("east", "north", "west", "south")
ARROWS = {">": EAST, "^": NORTH, "<": WEST, "v": SOUTH}


@dataclass(frozen=True)
class LevelSpec:
    key: str
    title: str
    blurb: str
    rows: tuple[str, ...]
    max_blocks: int  # the default program length limit
    step_limit: int  # the default step limit
    best: str  # a shortest program (found by game.rover.search; the tests search again)


LEVEL_SPECS = (
    LevelSpec(
        "corridor",
        "Corridor",
        "Straight ahead to the goal: a loop says it in two blocks.",
        (">....G",),
        8,
        30,
        "repeat 5 { move }",
    ),
    LevelSpec(
        "corner",
        "Corner",
        "Along the wall, turn, and on again.",
        (
            "###G",
            "###.",
            "###.",
            ">...",
        ),
        10,
        40,
        "repeat 2 { repeat 3 { move } left }",
    ),
    LevelSpec(
        "stairs",
        "Stairs",
        "Step, turn, step, turn: the same four blocks again and again.",
        (
            "####G",
            "###..",
            "##..#",
            "#..##",
            ">.###",
        ),
        12,
        40,
        "repeat 4 { move left move right }",
    ),
    LevelSpec(
        "spiral",
        "Spiral",
        "Ever shorter sides: a loop with a sensor finds the way in.",
        (
            ">....",
            "####.",
            "..G#.",
            ".###.",
            ".....",
        ),
        14,
        60,
        "until goal { if wall { right } else { move } }",
    ),
)
LEVELS = tuple(Level(s.key, s.title, s.blurb) for s in LEVEL_SPECS)

KNOBS = (
    Knob(
        "max_blocks",
        "Program length limit",
        "blocks",
        1,
        20,
        1,
        "the most blocks a program may have (closing lines do not count)",
        integer=True,
    ),
    Knob(
        "step_limit",
        "Step limit",
        "steps",
        5,
        200,
        1,
        "a run stops after this many moves and turns",
        integer=True,
    ),
    Knob(
        "bump_penalty",
        "Bump penalty",
        "points",
        0,
        50,
        1,
        "points taken off for each bump into a wall",
        integer=True,
    ),
)
DEFAULT_BUMP_PENALTY = 5.0


def level_spec(key: str) -> LevelSpec:
    for spec in LEVEL_SPECS:
        if spec.key == key:
            return spec
    known = ", ".join(s.key for s in LEVEL_SPECS)
    raise InvalidConfigError(f"Rover program has no level {key!r}; choose one of {known}")


def knob_defaults(level: str) -> dict[str, float]:
    spec = level_spec(level)
    return {
        "max_blocks": float(spec.max_blocks),
        "step_limit": float(spec.step_limit),
        "bump_penalty": DEFAULT_BUMP_PENALTY,
    }


@dataclass(frozen=True)
class Grid:
    """A level's map: its size, walls, start (cell and heading) and goal."""

    key: str
    width: int
    height: int
    walls: frozenset[tuple[int, int]]
    start: tuple[int, int]
    heading: int
    goal: tuple[int, int]

    def open(self, x: int, y: int) -> bool:
        return 0 <= x < self.width and 0 <= y < self.height and (x, y) not in self.walls

    def rows(self) -> list[str]:
        """The map as text, top row first (the info a client draws from)."""
        out = []
        for y in range(self.height - 1, -1, -1):
            line = ""
            for x in range(self.width):
                if (x, y) == self.start:
                    line += ">^<v"[self.heading]
                elif (x, y) == self.goal:
                    line += "G"
                else:
                    line += "#" if (x, y) in self.walls else "."
            out.append(line)
        return out


def parse_map(key: str, rows: tuple[str, ...]) -> Grid:
    height = len(rows)
    width = len(rows[0])
    walls: set[tuple[int, int]] = set()
    start: tuple[int, int] | None = None
    heading = EAST
    goal: tuple[int, int] | None = None
    for r, line in enumerate(rows):
        if len(line) != width:
            raise InvalidConfigError(f"level {key}: row {r + 1} is not {width} cells wide")
        y = height - 1 - r
        for x, ch in enumerate(line):
            if ch == "#":
                walls.add((x, y))
            elif ch == "G":
                goal = (x, y)
            elif ch in ARROWS:
                start, heading = (x, y), ARROWS[ch]
            elif ch != ".":
                raise InvalidConfigError(f"level {key}: unknown cell {ch!r}")
    if start is None or goal is None:
        raise InvalidConfigError(f"level {key} needs a start and a goal")
    return Grid(key, width, height, frozenset(walls), start, heading, goal)


@cache
def grid(level: str) -> Grid:
    return parse_map(level, level_spec(level).rows)


@cache
def distances(level: str) -> dict[tuple[int, int], int]:
    """Cells to the goal along the floor (moves only), for every reachable cell."""
    g = grid(level)
    out = {g.goal: 0}
    queue = deque([g.goal])
    while queue:
        x, y = queue.popleft()
        for h in range(4):
            nx, ny = x + DX[h], y + DY[h]
            if g.open(nx, ny) and (nx, ny) not in out:
                out[(nx, ny)] = out[(x, y)] + 1
                queue.append((nx, ny))
    return out


def distance(level: str, x: int, y: int) -> int:
    """Cells to the goal from (x, y) (a cell the rover cannot be in: -1)."""
    return distances(level).get((x, y), -1)


@cache
def fewest_steps(level: str) -> int:
    """The fewest moves and turns from the start to the goal (a BFS over cell and
    heading): no program can reach the goal in fewer steps."""
    g = grid(level)
    start = (g.start[0], g.start[1], g.heading)
    seen = {start: 0}
    queue = deque([start])
    while queue:
        x, y, h = state = queue.popleft()
        if (x, y) == g.goal:
            return seen[state]
        nexts = [(x, y, (h + 1) % 4), (x, y, (h + 3) % 4)]
        if g.open(x + DX[h], y + DY[h]):
            nexts.append((x + DX[h], y + DY[h], h))
        for n in nexts:
            if n not in seen:
                seen[n] = seen[state] + 1
                queue.append(n)
    raise InvalidConfigError(f"level {level}: the goal cannot be reached")


@cache
def best_program(level: str) -> tuple[int, ...]:
    return parse(level_spec(level).best)


def knobs_in_force(level: str, knobs: Mapping[str, float]) -> dict[str, float]:
    return {**knob_defaults(level), **knobs}
