"""The step's shortcuts (issue 4, "Speed") change nothing a caller can see.

``Simulation`` follows pymunk's body order by replaying its own adds/removes, gathers the
inputs with a cached permutation when every lander is steered, and keeps sin/cos of angles
that did not move. Each test below runs a crowded round where flights end all the time
(neighbours collide) and compares against a path that takes none of those shortcuts.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np
import pymunk.batch as pmb
import pytest

from game.lander import (
    Event,
    InvalidInputError,
    LanderState,
    LanderStatus,
    PlayerInput,
    RoundConfig,
    Simulation,
    UnknownLanderError,
    get_world,
)


def crowd(n: int = 120, world: str = "moon", seed: int = 4) -> Simulation:
    """``n`` landers 12 m apart: neighbours drifting sideways hit each other."""
    wide = dataclasses.replace(get_world(world), width=12.0 * n + 120.0)
    sim = Simulation(RoundConfig(wide, seed=seed, time_limit_s=600.0))
    for lid in range(n):
        sim.add_lander(lid, slot=lid)
    return sim


def controls(
    rng: np.random.Generator, n: int, turning: float, most: float = 0.6
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    thrust = rng.uniform(0.0, most, n)
    rotation = rng.uniform(-1.0, 1.0, n) * (rng.uniform(size=n) < turning)
    abort = rng.uniform(size=n) < 0.01
    return thrust, rotation, abort


def pymunk_order(sim: Simulation) -> np.ndarray:
    """The body ids pymunk lists, landers first (what the batch buffers follow)."""
    buf = pmb.Buffer()
    pmb.get_space_bodies(sim._space, pmb.BodyFields.BODY_ID, buf)
    return np.frombuffer(buf.int_buf(), dtype=np.uintp).astype(np.uint64)


def test_replayed_body_order_is_pymunks_through_ends_removals_and_revivals() -> None:
    sim = crowd(world="mars")
    rng = np.random.default_rng(1)
    predicted = 0
    for tick in range(700):
        live = np.array(sim.lander_ids)
        if tick % 37 == 5 and live.size > 3:
            sim.remove_lander(int(live[0]))
            state = sim.lander(int(live[1]))
            sim.set_lander(int(live[1]), dataclasses.replace(state, status=LanderStatus.CRASHED))
            state = sim.lander(int(live[2]))
            sim.set_lander(
                int(live[2]),
                dataclasses.replace(state, y=state.y + 30.0, status=LanderStatus.FLYING),
            )
            sim.add_lander(1000 + tick)
            live = np.array(sim.lander_ids)
            order = sim._replay_order_ops()  # the prediction alone, before a step checks it
            assert np.array_equal(sim._body_ids[order], pymunk_order(sim)[: order.size])
        sim.step_arrays(live, *controls(rng, live.size, 0.2, most=0.1))
        if sim._order_ops:  # flights that ended this step left the space
            order = sim._replay_order_ops()
            assert np.array_equal(sim._body_ids[order], pymunk_order(sim)[: order.size])
            predicted += 1
        sim._sync_order()
        ids = pymunk_order(sim)
        rows = sim._space_rows
        assert np.array_equal(ids[: rows.size], sim._body_ids[rows])
        assert ids.size == rows.size + 1  # + the static body holding the terrain
        flying = sim.arrays().status == int(LanderStatus.FLYING)
        assert rows.size == int(np.count_nonzero(flying))
    assert predicted > 30  # flights really ended all along


def test_steering_every_lander_by_array_equals_dict_inputs_with_churn() -> None:
    by_array, by_dict = crowd(world="mars"), crowd(world="mars")
    rng = np.random.default_rng(2)
    ended = 0
    for tick in range(700):
        live = np.array(by_array.lander_ids)  # every lander, in id order: the fast path
        thrust, rotation, abort = controls(rng, live.size, 0.5, most=0.15)
        if tick == 3:  # out of the space and back in: pymunk's body order changes
            lid = int(live[10])
            for sim in (by_array, by_dict):
                now = sim.lander(lid)
                sim.set_lander(lid, dataclasses.replace(now, status=LanderStatus.CRASHED))
                sim.set_lander(lid, now)
        if tick % 50 == 25:
            lid = int(live[live.size // 2])
            for sim in (by_array, by_dict):
                now = sim.lander(lid)
                sim.set_lander(lid, dataclasses.replace(now, x=now.x + 2.0, angle=0.4))
        if tick == 200:
            for sim in (by_array, by_dict):
                sim.remove_lander(int(live[3]))
                sim.add_lander(999)
            live = np.array(by_array.lander_ids)
            thrust, rotation, abort = controls(rng, live.size, 0.5, most=0.15)
        frame = {
            int(i): PlayerInput(tick, float(t), float(r), bool(a))
            for i, t, r, a in zip(live, thrust, rotation, abort, strict=True)
        }
        events_a = by_array.step_arrays(live, thrust, rotation, abort)
        events_d = by_dict.step(frame)
        assert events_a == events_d
        assert by_array.state_hash() == by_dict.state_hash()
        ended += sum(1 for e in events_a if type(e).__name__ == "FlightEnded")
    assert ended > 20
    for lid in by_array.lander_ids:
        a, d = by_array.telemetry(lid), by_dict.telemetry(lid)
        assert np.array_equal(a.matrix(), d.matrix())


def test_kept_sin_cos_equal_working_them_all_out_each_step() -> None:
    kept, fresh = crowd(80, world="titan"), crowd(80, world="titan")
    rng = np.random.default_rng(3)
    for tick in range(300):
        live = np.array(kept.lander_ids)
        thrust, rotation, abort = controls(rng, live.size, 0.05)  # a few turn each tick
        if tick % 40 == 10:
            lid = int(live[0])
            for sim in (kept, fresh):
                now = sim.lander(lid)
                sim.set_lander(lid, dataclasses.replace(now, angle=now.angle + 0.3))
        fresh._trig_angle = np.zeros(0)  # forget: sin/cos of every angle this step
        events: list[Event] = kept.step_arrays(live, thrust, rotation, abort)
        assert fresh.step_arrays(live, thrust, rotation, abort) == events
        assert fresh.state_hash() == kept.state_hash()


def test_a_lander_turned_by_set_lander_thrusts_along_its_new_axis() -> None:
    sim = crowd(10)
    ids = np.array(sim.lander_ids)
    for _ in range(5):  # warm every cache with upright landers
        sim.step_arrays(ids, np.full(ids.size, 0.5), np.zeros(ids.size))
    now = sim.lander(4)
    sim.set_lander(
        4,
        LanderState(now.x, now.y, 0.0, 0.0, np.pi / 2, 0.0, now.fuel, 0.0, LanderStatus.FLYING),
    )
    sim.step_arrays(ids, np.full(ids.size, 1.0), np.zeros(ids.size))
    turned = sim.lander(4)
    assert turned.vx < -0.01  # pointing left (angle +90 deg): thrust pushes towards -x
    assert abs(turned.vy + sim.params.gravity / 60.0) < 1e-6  # no thrust along y


def test_dict_frames_are_checked_like_validate_input_one_by_one() -> None:
    sim = crowd(20)
    good = {lid: PlayerInput(0, 0.5, -0.25) for lid in sim.lander_ids}
    sim.step(good)
    before = (sim.state_hash(), sim.tick)
    one: Any = 1
    bad_frames: list[tuple[Any, type[Exception], str]] = [
        ({**good, 2: PlayerInput(0, 1.5, 0.0)}, InvalidInputError, "thrust must be"),
        ({**good, 3: PlayerInput(0, 0.5, float("nan"))}, InvalidInputError, "rotation must"),
        ({**good, 1: PlayerInput(0, float("inf"), 0.0)}, InvalidInputError, "thrust must"),
        ({**good, 4: PlayerInput(-1, 0.5, 0.0)}, InvalidInputError, "sequence must"),
        ({**good, 5: PlayerInput(0, 0.5, 0.0, one)}, InvalidInputError, "abort must"),
        ({**good, 99: PlayerInput(0, 0.5, 0.0)}, UnknownLanderError, "99"),
        ({**good, 0: (0, 0.5, 0.0)}, InvalidInputError, "input must be a PlayerInput"),
        # the first culprit in the frame's order is the one named
        ({99: PlayerInput(0, 0.5, 0.0), 2: PlayerInput(0, 2.0, 0.0)}, UnknownLanderError, "99"),
        ({2: PlayerInput(0, 2.0, 0.0), 99: PlayerInput(0, 0.5, 0.0)}, InvalidInputError, "2.0"),
    ]
    for frame, error, message in bad_frames:
        with pytest.raises(error, match=message):
            sim.step(frame)
        assert (sim.state_hash(), sim.tick) == before
    # numbers that are not plain floats are fine, and fly like the floats they equal
    twin = sim.copy()
    half = np.float64(0.5)  # a float subclass
    odd = {**good, 1: PlayerInput(0, 1, np.float64(-0.25)), 2: PlayerInput(0, half, 0)}
    plain = {**good, 1: PlayerInput(0, 1.0, -0.25), 2: PlayerInput(0, 0.5, 0.0)}
    assert sim.step(odd) == twin.step(plain)
    assert sim.state_hash() == twin.state_hash()


def test_dict_inputs_in_any_order_and_with_int_values_step_alike() -> None:
    # the host's usual frame (every lander, in id order) maps without a lookup; any other
    # order, a partial frame and whole-number values (0, 1) must give the very same state
    sims = [crowd(n=16, world="mars") for _ in range(3)]
    rng = np.random.default_rng(7)
    for tick in range(300):
        live = sims[0].lander_ids
        thrust: list[float] = [0, 1, 0.25, 0.5]  # whole numbers stay ints
        rotation: list[float] = [-1, 0, 1, 0.5]
        frames = [
            PlayerInput(tick, thrust[i], rotation[j], False)
            for i, j in rng.integers(0, 4, size=(len(live), 2)).tolist()
        ]
        assert any(type(f.thrust) is int for f in frames)
        in_order = dict(zip(live, frames, strict=True))
        as_floats = {
            lid: PlayerInput(f.sequence, float(f.thrust), float(f.rotation), False)
            for lid, f in reversed(in_order.items())
        }
        if tick % 10 == 0:  # a partial frame: the rest keep coasting, alike in all three
            in_order.pop(live[0])
            as_floats.pop(live[0])
        events = [sims[0].step(in_order), sims[1].step(as_floats)]
        lone = {lid: as_floats[lid] for lid in sorted(as_floats)}
        events.append(sims[2].step(lone))
        assert events[0] == events[1] == events[2]
        assert sims[0].state_hash() == sims[1].state_hash() == sims[2].state_hash()
