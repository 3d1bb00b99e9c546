"""The shortest program per level, found by search (iterative deepening over programs): the
optimum each level declares is what the search finds, checked by hand for the small ones."""

from __future__ import annotations

import pytest

from game.rover import grid, parse, run, source
from game.rover.grid import LEVEL_SPECS, best_program, fewest_steps
from game.rover.program import length
from game.rover.search import programs, shortest, solve

# level -> (shortest length, fewest steps of any program, steps of the searched program)
OPTIMA = {
    "corridor": (2, 5, 5),
    "corner": (4, 7, 7),
    "stairs": (5, 15, 15),
    "spiral": (4, 20, 20),
}


@pytest.mark.parametrize("level", [s.key for s in LEVEL_SPECS if s.key != "stairs"])
def test_the_search_finds_each_levels_optimum(level: str) -> None:
    spec = next(s for s in LEVEL_SPECS if s.key == level)
    found = solve(level, spec.step_limit, max_length=5)
    assert found is not None
    blocks, fewest, steps = OPTIMA[level]
    assert found.length == blocks == length(best_program(level))
    assert found.steps == steps
    assert fewest_steps(level) == fewest
    r = run(found.tokens, grid(level), spec.step_limit)
    assert r.reached and r.steps == found.steps


def test_stairs_needs_five_blocks() -> None:
    """Every program of up to 4 blocks misses; the search's first 5-block program is the
    level's (about 3 s: the length-5 programs are not all run, only up to the first hit)."""
    g = grid("stairs")
    found = shortest(g, 40, max_length=5, fewest_steps=False)
    assert found is not None and found.length == 5 == OPTIMA["stairs"][0]
    assert found.tokens == best_program("stairs")
    assert found.tried > sum(1 for k in range(1, 5) for _ in programs(k))
    r = run(best_program("stairs"), g, 40)
    assert r.reached and r.steps == 15 and fewest_steps("stairs") == 15


def test_hand_checked_small_levels() -> None:
    """By hand: the corridor needs a loop of moves (1 block cannot move 5 cells), and the
    corner's 3-block programs cannot turn and still count both legs."""
    g = grid("corridor")
    assert run(parse("repeat 5 { move }"), g, 30).reached
    assert run(parse("move"), g, 30).reason == "ended"
    assert shortest(g, 30, max_length=1) is None
    assert source(best_program("corner")) == "repeat 2 { repeat 3 { move } left }"
    assert shortest(grid("corner"), 40, max_length=3) is None


def test_the_enumeration_counts() -> None:
    """How many programs each length has after the pruning (a change shows here)."""
    assert [sum(1 for _ in programs(k)) for k in range(1, 5)] == [1, 29, 585, 12167]


def test_a_tighter_step_limit_can_rule_out_a_level() -> None:
    assert solve("spiral", 19, max_length=4) is None  # 20 steps is the least there is
