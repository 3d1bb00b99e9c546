"""The computer chemist: the same choices on the host (exact state) and over the network
(quantised snapshot rows), slips that get rarer with skill, and success rates within the
skill bands on a small sample."""

from __future__ import annotations

import pytest

from game.api import AI_SKILLS, PlayerResult, Value
from game.gas import GAME
from game.gas.ai import SLIPS, slip_chance

from .conftest import new_sim, quantised


def play(
    level: str, skill: float, personality: int, seed: int, *, remote: bool, seconds: float = 20.0
) -> tuple[list[tuple[Value, ...]], PlayerResult | None, str]:
    sim = new_sim(level=level, seed=seed, seconds=seconds)
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
    host = play("waves", 0.6, personality, 11 + personality, remote=False, seconds=12.0)
    bot = play("waves", 0.6, personality, 11 + personality, remote=True, seconds=12.0)
    assert host == bot


def test_slips_get_rarer_with_skill() -> None:
    chances = [slip_chance(s) for s in AI_SKILLS]
    assert chances == sorted(chances, reverse=True)
    assert chances[0] > 0.5 and chances[-1] < 0.01
    assert slip_chance(-1.0) == SLIPS[0][1] and slip_chance(2.0) == 0.0


@pytest.mark.parametrize("level", ["steady", "waves", "heat_and_squeeze"])
def test_insane_holds_the_band(level: str) -> None:
    for seed in range(4):
        _, result, _ = play(level, 0.98, seed % 4, 100 + seed, remote=False)
        assert result is not None and result.success, result


def test_success_rates_fall_in_the_skill_bands_on_a_small_sample() -> None:
    """12 rounds a skill (the bench runs 200): Easy some but at most 7, Medium 5..11,
    Hard at least 10, Insane all."""
    wins = []
    for skill in AI_SKILLS:
        results = [play("steady", skill, i % 4, 500 + i, remote=False)[1] for i in range(12)]
        assert all(r is not None for r in results)
        wins.append(sum(r.success for r in results if r is not None))
    easy, medium, hard, insane = wins
    assert 1 <= easy <= 7, wins
    assert 5 <= medium <= 11, wins
    assert hard >= 10, wins
    assert insane == 12, wins


def test_the_ai_idles_after_its_round() -> None:
    sim = new_sim(seconds=10.0)
    sim.add_player(1, 0)
    ai = GAME.new_ai(0.85, 2, 1)
    while not sim.finished:
        sim.step({1: ai.decide(sim, 1)})
    assert ai.decide(sim, 1) == GAME.inputs.idle
