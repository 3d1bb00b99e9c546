"""The round: determinism, the band's clock, the outcomes with their reasons, early ends
when a species dies out, snapshots, telemetry and late joiners."""

from __future__ import annotations

import copy

import numpy as np
import pytest

from game.api import PlayerResult
from game.ecology import GAME, EcologySim
from game.ecology.ai import controller
from game.ecology.results import NEED
from game.timestep import DT

from .conftest import new_sim, place, run


def hint_in_words(result: PlayerResult) -> str | None:
    """The game's hint after ``result`` as English text."""
    said = GAME.hint(result)
    return None if said is None else str(said)


def steer(sim: EcologySim, pid: int, gain: float = 1.5) -> tuple[float, float]:
    h = sim.habitat
    x, y = sim.row(pid)[:2]
    return controller(h, x, y, (h.target_rabbits, h.target_foxes), gain)


def play_out(sim: EcologySim, policy: dict[int, str]) -> None:
    for _ in range(sim.limit_ticks + 1):
        if sim.finished:
            return
        inputs = {}
        for pid, how in policy.items():
            if sim.result(pid) is not None:
                continue
            inputs[pid] = steer(sim, pid) if how == "steer" else (0.0, 0.5)
        sim.step(inputs)
    raise AssertionError("the round did not end")


def test_two_copies_with_the_same_inputs_stay_identical() -> None:
    a = new_sim(level="winters", seed=3)
    for pid in (1, 2):
        a.add_player(pid, pid - 1)
    for _ in range(200):
        a.step({1: steer(a, 1), 2: (0.1, 0.9)})
    b = copy.deepcopy(a)
    for _ in range(300):
        inputs = {1: steer(a, 1), 2: (0.7, 0.2)}
        a.step(inputs)
        b.step(inputs)
        assert a.state_hash() == b.state_hash()
    np.testing.assert_array_equal(a.snapshot()[1], b.snapshot()[1])


def test_everyone_starts_from_the_same_habitat_and_a_replay_is_exact() -> None:
    def once() -> tuple[str, list[float], list[float]]:
        sim = new_sim(level="seasons", seed=8)
        sim.add_player(1, 0)
        sim.add_player(2, 1)
        start1, start2 = sim.row(1), sim.row(2)
        assert start1 == start2
        for i in range(400):
            sim.step({1: (i % 7 / 10, 0.5), 2: (0.2, i % 5 / 5)})
        return sim.state_hash(), sim.row(1), sim.row(2)

    assert once() == once()


def test_steering_balances_and_leaving_it_alone_does_not() -> None:
    sim = new_sim(seed=2)
    sim.add_player(1, 0)
    sim.add_player(2, 1)
    play_out(sim, {1: "steer", 2: "idle"})
    good, bad = sim.result(1), sim.result(2)
    assert good is not None and bad is not None
    assert good.success and good.outcome == "balanced" and good.stars == 3
    assert good.measured is not None and good.measured >= 85.0 and good.limit == 50.0
    assert good.reason == f"in the band {good.measured:g} % of the time (needed 50 %)"
    assert good.score == sum(line.value for line in good.breakdown) > 300
    assert not bad.success and bad.outcome == "unbalanced" and bad.stars == 0
    assert bad.reason.startswith("in the band only ")
    assert bad.measured is not None and bad.measured < 50.0
    assert good.tick == bad.tick == sim.limit_ticks
    assert hint_in_words(bad) is not None and hint_in_words(good) is None
    assert good.details["in_band_pct"] == good.measured
    assert good.details["first_in_s"] is not None


def test_the_band_clock_counts_steps_inside() -> None:
    sim = new_sim()
    sim.add_player(1, 0)
    h = sim.habitat
    place(sim, 1, h.target_rabbits, h.target_foxes)
    food, hunting = h.holding_controls()
    run(sim, 1, 90, (hunting, food))  # held at the band's middle
    row = dict(zip(GAME.schema.names, sim.row(1), strict=True))
    assert row["inside"] == 1.0
    assert row["in_band"] == pytest.approx(90 * DT)


def test_words_never_contradict_the_limit() -> None:
    """Just under half the round in the band reads below 50 %, never "50 %"."""
    sim = new_sim(seconds=10.0)
    sim.add_player(1, 0)
    h = sim.habitat
    p = sim.player(1)
    food, hunting = h.holding_controls()
    place(sim, 1, h.target_rabbits, h.target_foxes)
    inside = round(NEED * sim.limit_ticks) - 1
    run(sim, 1, inside, (hunting, food))
    place(sim, 1, 0.3 * h.target_rabbits, h.target_foxes)  # far out for the rest
    for _ in range(sim.limit_ticks):
        if sim.result(1) is not None:
            break
        sim.step({1: (0.0, 1.0)})
    result = sim.result(1)
    assert result is not None and p.ticks_in == inside
    assert not result.success and result.measured is not None and result.measured < 50.0
    assert "50 %" not in result.reason.split("(")[0]


def test_hunting_hard_with_few_rabbits_kills_the_foxes_off() -> None:
    sim = new_sim(seconds=120.0)
    sim.add_player(1, 0)
    sim.add_player(2, 1)
    place(sim, 1, 150.0, 40.0)
    ended = None
    for _ in range(sim.limit_ticks):
        finished = sim.step({1: (1.0, 0.0), 2: (0.3, 0.5)})
        if finished:
            ended = finished[0]
            break
    assert ended is not None and ended.player_id == 1
    r = ended.result
    assert r.outcome == "foxes_gone" and not r.success and r.stars == 0
    assert r.reason.startswith("the foxes died out in week ")
    assert "survived" not in {line.key for line in r.breakdown}
    assert sim.row(1)[6] == 3.0 and sim.result(2) is None and not sim.finished
    frozen = sim.row(1)
    sim.step({2: (0.3, 0.5)})
    assert sim.row(1) == frozen  # an ended habitat stands still
    assert "Hunt less" in (hint_in_words(r) or "")


def test_too_many_foxes_eat_every_rabbit() -> None:
    sim = new_sim(seconds=200.0)
    sim.add_player(1, 0)
    place(sim, 1, 50.0, 400.0)
    result = None
    for _ in range(sim.limit_ticks):
        if sim.step({1: (0.0, 0.0)}):
            result = sim.result(1)
            break
    assert result is not None and result.outcome == "rabbits_gone", result


def test_a_hard_winter_kills_rabbits_in_every_habitat_at_once() -> None:
    sim = new_sim(level="winters", seed=5)
    first = sim.habitat.winters[0]
    sim.add_player(1, 0)
    sim.add_player(2, 1)
    before = None
    for _ in range(sim.limit_ticks):
        if sim.weeks + sim.h_weeks >= first.week:
            before = (sim.row(1)[0], sim.row(2)[0])
            sim.step({})
            break
        sim.step({})
    assert before is not None
    after = (sim.row(1)[0], sim.row(2)[0])
    for b, a in zip(before, after, strict=True):
        assert a == pytest.approx(b * first.survive, rel=0.01)


def test_snapshot_telemetry_and_a_late_joiner() -> None:
    sim = new_sim()
    sim.add_player(1, 0)
    run(sim, 1, 60)
    sim.add_player(2, 1)
    for _ in range(40):
        sim.step({1: (0.2, 0.4), 2: (0.5, 0.5)})
    ids, values = sim.snapshot()
    assert ids.tolist() == [1, 2] and values.shape == (2, len(GAME.schema.names))
    series = sim.telemetry(2)
    assert series.columns == ("t", *GAME.schema.names)
    assert series.t[0] == 0.0 and series.t[-1] == pytest.approx(40 * DT)
    assert sim.row(2)[:2] != sim.row(1)[:2]
    assert sim.telemetry(1).t[-1] == pytest.approx(100 * DT)
    sim.remove_player(2)
    sim.step({1: (0.2, 0.4)})
    assert sim.snapshot()[0].tolist() == [1]
    with pytest.raises(KeyError):
        sim.player(2)


def test_finished_when_time_is_up() -> None:
    sim = new_sim(seconds=10.0)
    sim.add_player(1, 0)
    ends = []
    for _ in range(sim.limit_ticks):
        ends += sim.step({1: (0.0, 0.5)})
    assert sim.finished and len(ends) == 1 and ends[0].tick == sim.limit_ticks
