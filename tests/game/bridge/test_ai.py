"""The computer engineer: the same choices on the host (exact state) and over the network
(quantised snapshot rows), skill-dependent slips, and bridges that hold at the top."""

from __future__ import annotations

import numpy as np
import pytest

from game.api import AI_SKILLS, Frame, PlayerResult, Value
from game.bridge import GAME, BridgeSim
from game.bridge.ai import SLIPS, slip_chance

from .conftest import new_sim


def quantised(sim: BridgeSim) -> Frame:
    """The room as a bot receives it: every value rounded to its column's step."""
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
    host = play("two_loads", 0.6, personality, 11 + personality, remote=False)
    bot = play("two_loads", 0.6, personality, 11 + personality, remote=True)
    assert host == bot


@pytest.mark.parametrize("level", ["short_span", "long_span", "two_loads"])
def test_insane_bridges_hold(level: str) -> None:
    for seed in range(4):
        _, result, _ = play(level, 0.98, seed % 4, 100 + seed, remote=False)
        assert result is not None and result.success, result


def test_slips_get_rarer_with_skill() -> None:
    chances = [slip_chance(s) for s in AI_SKILLS]
    assert chances == sorted(chances, reverse=True)
    assert chances[0] > 0.5 and chances[-1] < 0.01
    assert slip_chance(-1.0) == SLIPS[0][1] and slip_chance(2.0) == 0.0


def test_a_slip_makes_the_bridge_fail() -> None:
    outcomes = set()
    for seed in range(40):
        ai = GAME.new_ai(0.3, seed % 4, seed)
        plan = ai.make_plan(GAME.geometry(GAME.setup(level="short_span")))
        if plan.slip:
            _, result, _ = play("short_span", 0.3, seed % 4, seed, remote=False)
            assert result is not None and not result.success
            outcomes.add(result.outcome)
    assert outcomes == {"collapsed", "not_rigid"}


def test_the_ai_waits_while_not_building() -> None:
    sim = new_sim()
    sim.add_player(1, 0)
    ai = GAME.new_ai(0.85, 2, 1)
    sim.step({1: (4, 0)})  # sent the trucks at once: nothing built
    assert ai.decide(sim, 1) == GAME.inputs.idle


@pytest.mark.parametrize("level", ["short_span", "long_span", "two_loads"])
def test_reasons_fit_one_line_of_the_results_screen(level: str) -> None:
    seen = set()
    for seed in range(12):
        _, result, _ = play(level, 0.3, seed % 4, seed, remote=False)
        assert result is not None
        assert len(result.reason) <= 70, result.reason
        assert result.score == sum(line.value for line in result.breakdown)
        assert (result.stars >= 1) == result.success
        seen.add(result.outcome)
    assert "held" in seen and len(seen) >= 2
