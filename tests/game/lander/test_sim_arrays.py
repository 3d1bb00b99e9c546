"""Simulation.step_arrays: the numpy input path, equal to step() and validated up front."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pytest

from game.lander import (
    InvalidInputError,
    PlayerInput,
    RoundConfig,
    Simulation,
    UnknownLanderError,
    get_world,
)


def fleet(n: int = 6) -> Simulation:
    sim = Simulation(RoundConfig(get_world("mars"), seed=12))
    for lid in range(10, 10 + n):
        sim.add_lander(lid)
    return sim


def test_array_inputs_fly_exactly_like_player_inputs() -> None:
    a, b = fleet(), fleet()
    rng = np.random.default_rng(3)
    ids = np.array([15, 11, 13, 10])  # any order, not every lander
    for tick in range(240):
        thrust = rng.uniform(0.0, 1.0, ids.size)
        rotation = rng.uniform(-1.0, 1.0, ids.size)
        abort = rng.uniform(size=ids.size) < 0.05
        frame = {
            int(i): PlayerInput(tick, float(t), float(r), bool(x))
            for i, t, r, x in zip(ids, thrust, rotation, abort, strict=True)
        }
        events_a = a.step(frame)
        events_b = b.step_arrays(ids, thrust, rotation, abort)
        assert events_a == events_b
    assert a.state_hash() == b.state_hash()
    assert a.lander(15).fuel < a.lander(12).fuel  # lander 12 got no input: it coasted


def test_no_abort_column_means_no_abort_and_integer_arrays_are_fine() -> None:
    a, b = fleet(), fleet()
    ids = np.arange(10, 16)
    for _ in range(30):
        a.step_arrays(ids, np.ones(6, dtype=np.int64), np.zeros(6))
        b.step_arrays(ids, np.ones(6), np.zeros(6), np.zeros(6, dtype=bool))
    assert a.state_hash() == b.state_hash()


@pytest.mark.parametrize(
    ("thrust", "rotation", "message"),
    [
        ([0.5, 1.2, 0.1], [0.0, 0.0, 0.0], r"thrust of lander 11 must be .*0\.\.1, got 1\.2"),
        ([0.5, 0.2, np.nan], [0.0, 0.0, 0.0], r"thrust of lander 12 must be .*, got nan"),
        ([0.5, 0.2, 0.1], [0.0, -1.5, 0.0], r"rotation of lander 11 must be .*-1\.\.1"),
        ([0.5, 0.2, 0.1], [np.inf, 0.0, 0.0], r"rotation of lander 10 must be .*, got inf"),
        ([0.5, 0.2], [0.0, 0.0, 0.0], r"thrust must be a 1-D array of 3 numbers"),
        (["a", "b", "c"], [0.0, 0.0, 0.0], r"thrust must be a 1-D array of 3 numbers"),
    ],
)
def test_bad_arrays_are_rejected_before_anything_changes(
    thrust: npt.ArrayLike, rotation: npt.ArrayLike, message: str
) -> None:
    sim = fleet()
    sim.step_arrays([10, 11, 12], [0.3, 0.3, 0.3], [0.0, 0.0, 0.0])
    before = sim.state_hash()
    with pytest.raises(InvalidInputError, match=message):
        sim.step_arrays([10, 11, 12], thrust, rotation)
    assert sim.state_hash() == before and sim.tick == 1


def test_bad_ids_and_abort_columns_are_rejected() -> None:
    sim = fleet()
    before = sim.state_hash()
    with pytest.raises(UnknownLanderError, match="no lander with id 99"):
        sim.step_arrays([10, 99], [0.1, 0.1], [0.0, 0.0])
    with pytest.raises(InvalidInputError, match="ids must be lander ids without repeats"):
        sim.step_arrays([10, 10], [0.1, 0.1], [0.0, 0.0])
    with pytest.raises(InvalidInputError, match="ids must be a 1-D array of integer lander ids"):
        sim.step_arrays([10.0, 11.0], [0.1, 0.1], [0.0, 0.0])
    with pytest.raises(InvalidInputError, match="abort must be a 1-D array of 2 booleans"):
        sim.step_arrays([10, 11], [0.1, 0.1], [0.0, 0.0], [1, 0])
    assert sim.state_hash() == before and sim.tick == 0


def test_empty_arrays_step_like_no_inputs() -> None:
    a, b = fleet(), fleet()
    a.step({})
    b.step_arrays(np.zeros(0, dtype=np.int64), np.zeros(0), np.zeros(0))
    assert a.state_hash() == b.state_hash()
