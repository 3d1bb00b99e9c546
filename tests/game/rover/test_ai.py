"""The computer programmer: the same choices on the host (exact state) and over the network
(snapshot rows), plausible slips that really fail, Insane submitting the shortest program,
and the skill bands on a small sample."""

from __future__ import annotations

import numpy as np
import pytest

from game.api import AI_SKILLS, Frame, PlayerResult, Value
from game.rover import GAME, RoverSim, grid, parse, run, source
from game.rover.ai import (
    build_states,
    fix_chance,
    mutations,
    path_actions,
    plain_program,
    slip_chance,
)
from game.rover.grid import LEVEL_SPECS, best_program
from game.rover.program import LEFT, MOVE, RIGHT, length

from .conftest import new_sim


def quantised(sim: RoverSim) -> Frame:
    ids, values = sim.snapshot()
    scales = np.array(GAME.schema.scales, dtype=np.float64)
    return Frame(sim.tick, ids, np.rint(values * scales) / scales, GAME.schema)


def play(
    level: str, skill: float, personality: int, seed: int, *, remote: bool
) -> tuple[list[tuple[Value, ...]], PlayerResult | None, str]:
    sim = new_sim(level=level, seed=seed)
    sim.add_player(1, 0)
    ai = GAME.new_ai(skill, personality, seed)
    info = GAME.round_info(sim.setup)
    actions: list[tuple[Value, ...]] = []
    pending = GAME.inputs.idle
    while not sim.finished:
        sim.step({1: pending})
        if sim.result(1) is not None:
            break
        if remote:
            pending = ai.decide_remote(sim.setup, info, quantised(sim), 1)
        else:
            pending = ai.decide(sim, 1)
        actions.append(pending)
    return actions, sim.result(1), sim.state_hash()


@pytest.mark.parametrize("personality", range(4))
def test_remote_decisions_from_snapshots_equal_the_hosts(personality: int) -> None:
    host = play("spiral", 0.6, personality, 11 + personality, remote=False)
    bot = play("spiral", 0.6, personality, 11 + personality, remote=True)
    assert host == bot


@pytest.mark.parametrize("level", [s.key for s in LEVEL_SPECS])
def test_insane_submits_the_shortest_program(level: str) -> None:
    for seed in range(4):
        _, result, _ = play(level, 0.98, seed % 4, 100 + seed, remote=False)
        assert result is not None and result.success, result
        assert result.details["blocks"] == length(best_program(level))
        assert result.details["runs"] == 1 and result.stars == 3


def test_the_plain_program_folds_repeats() -> None:
    corner = path_actions(grid("corner"))
    assert corner == [MOVE, MOVE, MOVE, LEFT, MOVE, MOVE, MOVE]
    assert source(plain_program(corner)) == "repeat 3 { move } left repeat 3 { move }"
    stairs = plain_program(path_actions(grid("stairs")))
    assert source(stairs) == "repeat 3 { move left move right } move left move"
    assert run(stairs, grid("stairs"), 40).reached
    assert RIGHT not in path_actions(grid("corridor"))


def test_slips_are_plausible_and_listed_wrong_versions_are_well_formed() -> None:
    import random

    wrong = mutations(parse("repeat 3 { move } left repeat 3 { move }"), random.Random(1))
    texts = {source(w) for w in wrong}
    assert "repeat 2 { move } left repeat 3 { move }" in texts
    assert "repeat 3 { move } right repeat 3 { move }" in texts
    assert "repeat 3 { } left repeat 3 { move }" in texts


def test_chances_fall_with_skill() -> None:
    slips = [slip_chance(s) for s in AI_SKILLS]
    fixes = [fix_chance(s) for s in AI_SKILLS]
    assert slips == sorted(slips, reverse=True) and slips[-1] == 0.0
    assert fixes == sorted(fixes)


def test_build_states_insert_in_reading_order() -> None:
    t = parse("repeat 2 { if wall { left } else { move } }")
    states = build_states(t)
    assert [source(s) for s in states] == [
        "",
        "repeat 2 { }",
        "repeat 2 { if wall { } else { } }",
        "repeat 2 { if wall { left } else { } }",
        "repeat 2 { if wall { left } else { move } }",
    ]


def test_skill_bands_on_a_small_sample() -> None:
    """A quick sample of the bench (bench/game_ai.py prints the full figures)."""
    rates = []
    for skill in AI_SKILLS:
        wins = 0
        for i in range(24):
            _, result, _ = play("corner", skill, i % 4, 500 + i, remote=False)
            wins += bool(result is not None and result.success)
        rates.append(wins / 24)
    easy, medium, hard, insane = rates
    assert 0.1 <= easy <= 0.6, rates
    assert 0.4 <= medium <= 0.9, rates
    assert hard >= 0.75 and insane == 1.0, rates
    assert easy < medium < insane
