"""Snapshots of a real game.Simulation: to_arrays gives game.LanderArrays at the step."""

from __future__ import annotations

import numpy as np

from game.lander import LanderArrays, PlayerInput, RoundConfig, Simulation, get_world
from netcode.snapshot import STEPS, delta_between, encode_landers


def flown(ticks: int) -> Simulation:
    sim = Simulation(RoundConfig(world=get_world("moon"), seed=3))
    for lander_id in range(1, 9):
        sim.add_lander(lander_id)
    for t in range(ticks):
        sim.step({i: PlayerInput(t, 0.6, 0.2 * (i % 3 - 1)) for i in range(1, 9)})
    return sim


def test_round_trip_through_game_arrays() -> None:
    sim = flown(30)
    arrays = sim.arrays()
    snap = encode_landers(arrays)
    back = snap.to_arrays()
    assert isinstance(back, LanderArrays)
    assert np.array_equal(back.ids, arrays.ids)
    assert np.abs(back.xy - arrays.xy).max() <= STEPS[0] / 2 + 1e-9
    assert np.abs(back.vxy - arrays.vxy).max() <= STEPS[2] / 2 + 1e-9
    assert np.abs(back.angle - arrays.angle).max() <= STEPS[4] / 2 + 1e-9
    assert np.abs(back.fuel - arrays.fuel).max() <= STEPS[6] / 2 + 1e-9
    assert np.array_equal(back.status, arrays.status)
    assert encode_landers(back) == snap


def test_deltas_of_real_flight_are_small() -> None:
    sim = flown(30)
    base = encode_landers(sim.arrays())
    for t in range(4):
        sim.step({i: PlayerInput(100 + t, 0.6, 0.0) for i in range(1, 9)})
    later = encode_landers(sim.arrays())
    delta = delta_between(base, 30, later, 34)
    assert delta.apply(base, 34) == later
    assert np.abs(delta.residuals[:, 0:2]).max() < 128  # positions fit in one byte
