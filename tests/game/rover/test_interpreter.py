"""The interpreter's semantics: a table of programs and their exact traces (cell, heading,
the line that acted, bumps), with repeat, nested repeat, if-sensor, while, the step limit,
endless loops and hitting a wall (the rover stays, the bump is counted, the run goes on)."""

from __future__ import annotations

import pytest

from game.rover import grid, parse, run
from game.rover.grid import EAST, NORTH, SOUTH, WEST
from game.rover.interpreter import ENDLESS_CHECKS

E, N, W, S = EAST, NORTH, WEST, SOUTH

# (level, program, step limit, [(x, y, heading, line, bumped) per step], reason, bumps)
TABLE = [
    ("corridor", "move move", 30, [(1, 0, E, 0, 0), (2, 0, E, 1, 0)], "ended", 0),
    ("corridor", "left move", 30, [(0, 0, N, 0, 0), (0, 0, N, 1, 1)], "ended", 1),
    (
        "corridor",
        "right move move",
        30,
        [(0, 0, S, 0, 0), (0, 0, S, 1, 1), (0, 0, S, 2, 1)],
        "ended",
        2,
    ),
    (
        "corridor",
        "repeat 3 { move }",
        30,
        [(1, 0, E, 1, 0), (2, 0, E, 1, 0), (3, 0, E, 1, 0)],
        "ended",
        0,
    ),
    (  # nested repeat: lines 0 repeat, 1 repeat, 2 move, 3 }, 4 left, 5 right, 6 }
        "corridor",
        "repeat 2 { repeat 2 { move } left right }",
        30,
        [
            (1, 0, E, 2, 0),
            (2, 0, E, 2, 0),
            (2, 0, N, 4, 0),
            (2, 0, E, 5, 0),
            (3, 0, E, 2, 0),
            (4, 0, E, 2, 0),
            (4, 0, N, 4, 0),
            (4, 0, E, 5, 0),
        ],
        "ended",
        0,
    ),
    (
        "corridor",
        "repeat 9 { left }",
        5,
        [(0, 0, N, 1, 0), (0, 0, W, 1, 0), (0, 0, S, 1, 0), (0, 0, E, 1, 0), (0, 0, N, 1, 0)],
        "step_limit",
        0,
    ),
    (  # the run stops on the goal, with repeats to spare
        "corridor",
        "repeat 9 { move }",
        30,
        [(1, 0, E, 1, 0), (2, 0, E, 1, 0), (3, 0, E, 1, 0), (4, 0, E, 1, 0), (5, 0, E, 1, 0)],
        "goal",
        0,
    ),
    (  # if-sensor: lines 0 repeat, 1 move, 2 if wall, 3 left, 4 else, 5 }, 6 }
        "corner",
        "repeat 6 { move if wall { left } else { } }",
        40,
        [
            (1, 0, E, 1, 0),
            (2, 0, E, 1, 0),
            (3, 0, E, 1, 0),
            (3, 0, N, 3, 0),
            (3, 1, N, 1, 0),
            (3, 2, N, 1, 0),
            (3, 3, N, 1, 0),
        ],
        "goal",
        0,
    ),
    (  # goal ahead: lines 0 while, 1 if goal, 2 right, 3 else, 4 move, 5 }, 6 }
        "corridor",
        "while path { if goal { right } else { move } }",
        30,
        [(1, 0, E, 4, 0), (2, 0, E, 4, 0), (3, 0, E, 4, 0), (4, 0, E, 4, 0), (4, 0, S, 2, 0)],
        "ended",
        0,
    ),
    (  # a while around nothing never takes a step
        "corridor",
        "while path { }",
        30,
        [],
        "endless_loop",
        0,
    ),
    (  # the spiral's wall follower: right at every wall (lines 0 until, 1 if, 2 right, 4 move)
        "spiral",
        "until goal { if wall { right } else { move } }",
        60,
        [(x, 4, E, 4, 0) for x in (1, 2, 3, 4)]
        + [(4, 4, S, 2, 0)]
        + [(4, y, S, 4, 0) for y in (3, 2, 1, 0)]
        + [(4, 0, W, 2, 0)]
        + [(x, 0, W, 4, 0) for x in (3, 2, 1, 0)]
        + [(0, 0, N, 2, 0)]
        + [(0, 1, N, 4, 0), (0, 2, N, 4, 0), (0, 2, E, 2, 0), (1, 2, E, 4, 0), (2, 2, E, 4, 0)],
        "goal",
        0,
    ),
]


@pytest.mark.parametrize(("level", "program", "limit", "trace", "reason", "bumps"), TABLE)
def test_programs_and_their_exact_traces(
    level: str,
    program: str,
    limit: int,
    trace: list[tuple[int, int, int, int, int]],
    reason: str,
    bumps: int,
) -> None:
    g = grid(level)
    r = run(parse(program), g, limit)
    start = r.trace[0]
    assert (start.x, start.y, start.heading, start.line) == (*g.start, g.heading, -1)
    got = [(s.x, s.y, s.heading, s.line, int(s.bumped)) for s in r.trace[1:]]
    assert got == trace
    assert r.reason == reason
    assert r.bumps == bumps == sum(t[4] for t in trace)
    assert r.steps == len(trace) <= limit


def test_a_bump_leaves_the_rover_where_it_was_and_the_program_goes_on() -> None:
    r = run(parse("left move right move"), grid("corridor"), 30)
    assert [(s.x, s.y, s.bumped) for s in r.trace] == [
        (0, 0, False), (0, 0, False), (0, 0, True), (0, 0, False), (1, 0, False)
    ]  # fmt: skip
    assert r.bumps == 1 and r.reason == "ended"


def test_endless_loop_is_caught_after_a_bounded_number_of_checks() -> None:
    # an if with an empty branch inside a while spins once the path is blocked
    r = run(parse("until goal { if wall { } else { move } }"), grid("corner"), 40)
    assert r.reason == "endless_loop"
    assert (r.end.x, r.end.y) == (3, 0) and r.steps == 3
    assert ENDLESS_CHECKS == 100


def test_the_step_limit_counts_moves_and_turns_only() -> None:
    # 4 steps: the repeat and if headers take none
    r = run(parse("repeat 2 { if wall { left } else { move } move }"), grid("corridor"), 4)
    assert r.steps == 4 and r.reason == "ended"
    r = run(parse("repeat 2 { if wall { left } else { move } move }"), grid("corridor"), 3)
    assert r.steps == 3 and r.reason == "step_limit"
