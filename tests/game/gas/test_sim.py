"""A Gas laws round: the controls move temperature and piston within their limits, the
band is judged every step, every outcome with its reason, score and stars; refused inputs
change nothing; same seed and inputs, same state."""

from __future__ import annotations

import re

import pytest

from game.api import PlayerResult
from game.errors import InvalidInputError
from game.gas import GAME, GasStatus
from game.gas.model import LENGTH_MAX, LENGTH_MIN, T_MAX, T_MIN
from game.gas.results import Tally, score

from .conftest import hold, new_sim

REASON = re.compile(
    r"^in the band (only )?(\d+\.\d) % of the time(, (\d+) % needed| \(goal \d+ %\))$"
)


def hint_in_words(result: PlayerResult) -> str | None:
    """The game's hint after ``result`` as English text."""
    said = GAME.hint(result)
    return None if said is None else str(said)


def test_controls_move_temperature_and_piston_within_limits() -> None:
    sim = new_sim()
    sim.add_player(1, 0)
    sim.add_player(2, 1)
    hold(sim, {1: (1.0, 1.0), 2: (-1.0, -1.0)}, 1.0)
    assert sim.temperature[0] == pytest.approx(360.0)
    assert sim.length[0] == pytest.approx(0.26)
    assert sim.temperature[1] == pytest.approx(240.0)
    hold(sim, {1: (1.0, 1.0), 2: (-1.0, -1.0)}, 10.0)
    assert (sim.temperature[0], sim.length[0]) == (T_MAX, LENGTH_MAX)
    assert (sim.temperature[1], sim.length[1]) == (T_MIN, LENGTH_MIN)
    _, values = sim.snapshot()
    assert values[0, 1] == T_MAX and values[0, 2] == pytest.approx(30.0)  # K, cm
    assert values[1, 3] == -1.0 and values[1, 4] == -1.0  # the controls in force


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ((1.5, 0.0), "heater"),
        ((0.0, -1.01), "piston"),
        ((float("nan"), 0.0), "heater"),
        ((0.0, True), "piston"),
        ((0.0,), "controls"),
    ],
)
def test_bad_inputs_are_refused_and_change_nothing(values: tuple[object, ...], field: str) -> None:
    sim = new_sim()
    sim.add_player(1, 0)
    hold(sim, {1: (0.5, 0.0)}, 0.5)
    before = sim.state_hash()
    with pytest.raises(InvalidInputError) as err:
        sim.step({1: values})  # type: ignore[dict-item]
    assert err.value.field == field
    assert sim.state_hash() == before
    with pytest.raises(InvalidInputError):
        GAME.check_input(list(values))
    with pytest.raises(InvalidInputError):
        sim.step({7: (0.0, 0.0)})  # not a player of the round


def test_same_seed_and_inputs_same_state() -> None:
    hashes = []
    for _ in range(2):
        sim = new_sim(seed=4)
        sim.add_player(1, 0)
        sim.add_player(2, 1)
        hold(sim, {1: (0.3, -0.2), 2: (-0.7, 0.4)}, 3.0)
        hashes.append(sim.state_hash())
    assert hashes[0] == hashes[1]
    other = new_sim(seed=5)
    other.add_player(1, 0)
    other.add_player(2, 1)
    hold(other, {1: (0.3, -0.2), 2: (-0.7, 0.4)}, 3.0)
    assert other.state_hash() != hashes[0]


def test_every_cylinder_starts_with_the_same_gas() -> None:
    sim = new_sim()
    for pid in range(1, 4):
        sim.add_player(pid, pid - 1)
    assert (sim.pos[0] == sim.pos[2]).all() and (sim.vel[1] == sim.vel[2]).all()
    assert sim.gauge[0] == pytest.approx(sim.ideal(1))


def test_a_player_who_follows_the_band_holds_it() -> None:
    sim = new_sim(seconds=30.0)
    sim.add_player(1, 0)
    ai = GAME.new_ai(1.0, 2, 3)
    results = []
    while not sim.finished:
        results += sim.step({1: ai.decide(sim, 1)})
    assert len(results) == 1 and results[0].player_id == 1
    r = results[0].result
    assert r.success and r.outcome == "held" and r.stars >= 2
    assert REASON.match(r.reason), r.reason
    assert r.measured is not None and r.measured >= 70.0 and r.limit == 70.0
    assert r.score == sum(line.value for line in r.breakdown)
    assert [line.key for line in r.breakdown] == ["in_band", "centred", "held"]
    assert sim.snapshot()[1][0, -1] == int(GasStatus.HELD)
    assert hint_in_words(r) is None


def test_a_player_who_does_nothing_drifts_out() -> None:
    sim = new_sim(level="heat_and_squeeze", seconds=20.0)
    sim.add_player(1, 0)
    hold(sim, {}, 20.0)
    r = sim.result(1)
    assert r is not None and not r.success and r.outcome == "drifted"
    assert r.reason_code == "no_control" and r.stars == 0
    m = REASON.match(r.reason)
    assert m and m.group(1) == "only " and float(m.group(2)) < 70.0
    assert "needed" in r.reason and r.measured is not None and r.measured < r.limit  # type: ignore[operator]
    hint = hint_in_words(r)
    assert hint is not None and "Up/Down" in hint
    assert sim.finished


def test_heating_without_squeezing_leaves_the_band_below() -> None:
    sim = new_sim(level="heat_and_squeeze", seconds=20.0)
    sim.add_player(1, 0)
    hold(sim, {1: (1.0, 0.0)}, 20.0)
    r = sim.result(1)
    assert r is not None and r.reason_code == "mostly_below"
    assert "heat the gas" in (hint_in_words(r) or "")


def test_shown_share_never_contradicts_the_goal() -> None:
    for in_band in range(690, 711):
        r = score(1, Tally(1000, in_band, 1000 - in_band, 0, 0.0, True), 70.0,
                  time_s=10.0, tick=1000, details={})  # fmt: skip
        m = REASON.match(r.reason)
        assert m is not None
        shown = float(m.group(2))
        assert (shown >= 70.0) == r.success, r.reason
        assert r.measured == shown


def test_stars_rise_with_the_time_in_the_band() -> None:
    def stars(share: int) -> int:
        tally = Tally(100, share, 100 - share, 0, 0.5 * share, True)
        return score(1, tally, 70.0, time_s=1.0, tick=100, details={}).stars

    assert [stars(s) for s in (50, 70, 84, 85, 94, 95, 100)] == [0, 1, 1, 2, 2, 3, 3]
