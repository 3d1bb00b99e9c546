"""The computer gunner: the same shots on the host (exact state) and over the network
(quantised snapshot rows), and the success rates of each skill within the platform's
bands on a small seeded sample (the bench, bench/game_ai.py, runs the large one)."""

from __future__ import annotations

import numpy as np
import pytest

from game.api import AI_SKILLS, Frame, PlayerResult, Value
from game.projectile import GAME, ProjectileSim

from .conftest import new_sim

BANDS = ((0.20, 0.50), (0.50, 0.80), (0.85, 1.00), (0.97, 1.00))
SAMPLE = 40


def quantised(sim: ProjectileSim) -> Frame:
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
        if remote:
            pending = ai.decide_remote(sim.setup, info, quantised(sim), 1)
        else:
            pending = ai.decide(sim, 1)
        actions.append(pending)
    return actions, sim.result(1), sim.state_hash()


@pytest.mark.parametrize("personality", range(4))
def test_remote_decisions_from_snapshots_equal_the_hosts(personality: int) -> None:
    host = play("earth_air", 0.6, personality, 11 + personality, remote=False)
    bot = play("earth_air", 0.6, personality, 11 + personality, remote=True)
    assert host == bot


def rate(level: str, skill: float) -> float:
    wins = 0
    for i in range(SAMPLE):
        _, result, _ = play(level, skill, i % 4, 500 + i, remote=False)
        assert result is not None
        wins += result.success
    return wins / SAMPLE


@pytest.mark.parametrize("level", ["earth", "earth_air"])
def test_each_skill_succeeds_within_its_band(level: str) -> None:
    rates = [rate(level, skill) for skill in AI_SKILLS]
    for r, (low, high) in zip(rates, BANDS, strict=True):
        assert low <= r <= high, rates
    assert rates == sorted(rates)


def test_insane_hits_with_its_first_shot_using_the_drag_integration() -> None:
    for level in ("earth_air", "headwind"):
        _, result, _ = play(level, 0.98, 0, 7, remote=False)
        assert result is not None and result.success and result.details["shots"] == 3


def test_reasons_and_scores_agree() -> None:
    seen = set()
    for seed in range(16):
        _, result, _ = play("mars", 0.3, seed % 4, seed, remote=False)
        assert result is not None
        assert len(result.reason) <= 70, result.reason
        assert result.score == sum(line.value for line in result.breakdown)
        assert (result.stars >= 1) == result.success
        seen.add(result.outcome)
    assert "all_hit" in seen and "out_of_shots" in seen
