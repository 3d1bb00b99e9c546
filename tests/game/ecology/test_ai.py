"""The computer ranger: the same choices on the host (exact state) and over the network
(quantised snapshot rows), aim errors that shrink with skill, and success rates inside
the platform's bands on a small fixed sample (the bench runs the large one)."""

from __future__ import annotations

import numpy as np
import pytest

from game.api import AI_SKILLS, Frame, PlayerResult, Value
from game.ecology import GAME, EcologySim
from game.ecology.ai import aim_error, pace

from .conftest import new_sim

TARGETS = ((0.20, 0.50), (0.50, 0.80), (0.85, 1.00), (0.97, 1.00))


def quantised(sim: EcologySim) -> Frame:
    ids, values = sim.snapshot()
    scales = np.array(GAME.schema.scales, dtype=np.float64)
    return Frame(sim.tick, ids, np.rint(values * scales) / scales, GAME.schema)


def play(
    skill: float, personality: int, seed: int, *, remote: bool, level: str = "meadow"
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
    host = play(0.6, personality, 11 + personality, remote=False, level="seasons")
    bot = play(0.6, personality, 11 + personality, remote=True, level="seasons")
    assert host == bot


def test_aim_errors_shrink_and_reactions_quicken_with_skill() -> None:
    errors = [aim_error(s) for s in AI_SKILLS]
    assert errors == sorted(errors, reverse=True) and errors[-1] < 0.05
    paces = [pace(s) for s in AI_SKILLS]
    assert paces == sorted(paces, reverse=True) and paces[-1] <= 2


@pytest.mark.parametrize("level", ["meadow", "seasons", "winters"])
def test_insane_rangers_balance_every_level(level: str) -> None:
    for seed in range(4):
        _, result, _ = play(0.98, seed % 4, 200 + seed, remote=False, level=level)
        assert result is not None and result.success, result


@pytest.mark.parametrize("level", ["meadow", "seasons", "winters"])
def test_success_rates_per_skill_are_in_their_bands(level: str) -> None:
    """24 rounds a skill on each level (seeds fixed): each rate inside its target (on the
    seasons the rangers feed against the grass's swing as far as their skill foresees it)."""
    for skill, (low, high) in zip(AI_SKILLS, TARGETS, strict=True):
        wins = 0
        for i in range(24):
            _, result, _ = play(skill, i % 4, 5000 + i, remote=False, level=level)
            assert result is not None
            assert result.score == sum(line.value for line in result.breakdown)
            assert (result.stars >= 1) == result.success
            assert len(result.reason) <= 70, result.reason
            wins += result.success
        assert low <= wins / 24 <= high, (skill, wins)
