"""Snapshots of a real game simulation, through the game's own schema: quantised to the
schema's steps, and small deltas for a real flight."""

from __future__ import annotations

import numpy as np

from game.api import Sim
from game.lander import GAME
from netcode.snapshot import Snapshot, delta_between, quantise

SCHEMA = GAME.schema
STEPS = np.asarray([1.0 / s for s in SCHEMA.scales])


def flown(ticks: int) -> Sim:
    sim = GAME.new_sim(GAME.setup(level="moon", seed=3))
    for player_id in range(1, 9):
        sim.add_player(player_id, player_id - 1)
    for _ in range(ticks):
        sim.step({i: (0.6, 0.2 * (i % 3 - 1), False) for i in range(1, 9)})
    return sim


def encode(sim: Sim) -> Snapshot:
    ids, values = sim.snapshot()
    return quantise(ids, values, SCHEMA.scales, SCHEMA.names)


def test_round_trip_through_the_schema() -> None:
    sim = flown(30)
    ids, values = sim.snapshot()
    snap = encode(sim)
    back = snap.to_floats(SCHEMA.scales)
    assert np.array_equal(snap.ids, ids)
    assert (np.abs(back - values) <= STEPS / 2 + 1e-9).all()
    assert np.array_equal(back[:, SCHEMA.index("status")], values[:, SCHEMA.index("status")])
    assert quantise(snap.ids, back, SCHEMA.scales, SCHEMA.names) == snap


def test_deltas_of_real_flight_are_small() -> None:
    sim = flown(30)
    base = encode(sim)
    for _ in range(4):
        sim.step({i: (0.6, 0.0, False) for i in range(1, 9)})
    later = encode(sim)
    predict = SCHEMA.predict_columns
    delta = delta_between(base, 30, later, 34, predict)
    assert delta.apply(base, predict) == later
    assert np.abs(delta.residuals[:, 0:2]).max() < 128  # positions fit in one byte
