"""A small room's step (at most ``SMALL_ROOM`` flying landers: Python floats lander by
lander) gives the same floats and events as the numpy step a crowd takes.

Each test runs the same round twice, once as it comes (the small path) and once with the
threshold at 0 (every step through numpy), and compares events, the state hash after every
step and the telemetry at the end. The rounds are built so that every branch of the step is
taken: engines cut off by an empty tank, aborts, wind and drag, neighbours colliding,
touchdowns, landers pushed through the ground and out of the world.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from game.lander import (
    LanderStatus,
    PlayerInput,
    RoundConfig,
    Simulation,
    get_world,
)
from game.lander.config import PhysicsOverrides
from game.lander.sim import SMALL_ROOM


def room(world: str, n: int, seed: int, fuel: float | None) -> Simulation:
    """``n`` landers 8 m apart: sideways drift makes neighbours touch."""
    wide = dataclasses.replace(get_world(world), width=8.0 * n + 200.0)
    config = RoundConfig(wide, seed=seed, time_limit_s=60.0, overrides=PhysicsOverrides(fuel=fuel))
    sim = Simulation(config)
    for lid in range(n):
        sim.add_lander(100 + lid, slot=lid)
    return sim


def frame(rng: np.random.Generator, sim: Simulation, tick: int) -> dict[int, PlayerInput]:
    out = {}
    for lid in sim.lander_ids:
        if sim.lander(lid).status is not LanderStatus.FLYING:
            continue
        thrust = float(rng.uniform(0.0, 1.0)) if rng.uniform() < 0.7 else 0.0
        rotation = float(rng.uniform(-1.0, 1.0)) if rng.uniform() < 0.5 else 0.0
        out[lid] = PlayerInput(tick, thrust, rotation, bool(rng.uniform() < 0.03))
    return out


@pytest.mark.parametrize(
    ("world", "n", "seed", "fuel"),
    [
        ("moon", 8, 1, 8.0),  # tanks run dry mid-flight
        ("mars", 12, 2, None),  # wind and drag
        ("earth", SMALL_ROOM, 3, 15.0),  # dense air, gusts, the most the small path takes
        ("titan", 5, 4, None),
    ],
)
def test_a_small_room_steps_exactly_as_numpy_does(
    world: str, n: int, seed: int, fuel: float | None
) -> None:
    small, crowd = room(world, n, seed, fuel), room(world, n, seed, fuel)
    crowd._small_room = 0  # every step the numpy way
    rng = np.random.default_rng(seed)
    kinds: set[str] = set()
    took_small = 0
    for tick in range(1500):
        inputs = frame(rng, small, tick)
        if tick == 40:  # one lander out to the side, one over the top, one under the ground
            ids = sorted(inputs)
            for sim in (small, crowd):
                a, b, c = sim.lander(ids[0]), sim.lander(ids[-1]), sim.lander(ids[1])
                sim.set_lander(ids[0], dataclasses.replace(a, x=-5.0))
                top = sim.config.world.ceiling + 5.0
                sim.set_lander(ids[1], dataclasses.replace(c, y=top, vy=10.0))
                ground = float(sim.terrain.height_at(b.x))
                sim.set_lander(ids[-1], dataclasses.replace(b, y=ground + 1.0, vy=-80.0))
        events = small.step(inputs)
        took_small += bool(small._fuel_left)
        small._fuel_left = []
        assert crowd.step(inputs) == events, f"tick {tick}"
        assert small.state_hash() == crowd.state_hash(), f"tick {tick}"
        kinds.update(type(e).__name__ for e in events)
        if small.finished:
            break
    assert took_small > 100
    for lid in small.lander_ids:
        assert np.array_equal(small.telemetry(lid).matrix(), crowd.telemetry(lid).matrix())
    assert {"FlightEnded", "Collision", "OutOfBounds"} <= kinds
    if fuel is not None:
        assert "FuelEmpty" in kinds


def test_a_crowd_over_the_threshold_takes_the_numpy_step() -> None:
    sim = room("moon", SMALL_ROOM + 1, 5, None)
    sim.step({})
    assert sim._fuel_left == []
