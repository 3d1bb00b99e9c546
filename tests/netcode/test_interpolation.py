"""Interpolation buffer and host tick clock, driven by a fake clock (no sockets, no sleeping)."""

from __future__ import annotations

import math
import random

import numpy as np
import pytest

from game.lander import GAME
from netcode.hostclock import HostTickClock
from netcode.interpolation import DEFAULT_DELAY, Interpolator
from netcode.snapshot import Snapshot

SCHEMA = GAME.schema
NCOL = len(SCHEMA.fields)


def snap(tick: int, ids: tuple[int, ...] = (1, 2)) -> Snapshot:
    """Lander i at x = 10 i + tick/60 m (1 m/s), angle crossing ±pi for lander 2."""
    values = np.zeros((len(ids), NCOL), np.int64)
    for row, i in enumerate(ids):
        values[row, 0] = round((10 * i + tick / 60) * 100)
        values[row, 2] = 100
        values[row, 4] = 3140 if (i == 2 and tick < 30) else -3140
    return Snapshot(ids=np.asarray(ids, np.int64), values=values)


def test_host_clock_takes_the_least_delayed_arrival() -> None:
    clock = HostTickClock(60)
    rng = random.Random(3)
    for tick in range(0, 120, 2):
        clock.observe(tick, 100.0 + tick / 60 + 0.020 + rng.uniform(0, 0.010))
    # Freshest possible tick at t: (t - 100.020) * 60 give or take the jitter.
    assert clock.arrived_tick(102.0) == pytest.approx((102.0 - 100.020) * 60, abs=0.6)
    # With 100 ms RTT an input sent now arrives ~6 ticks later; applied on the tick after.
    at = clock.apply_tick(102.0, ack_tick=118, rtt=0.100)
    assert at == math.floor((102.0 - 100.020) * 60 + 6) + 1 or at == 125
    assert 0.001 < clock.jitter < 0.010


def test_host_clock_resets_when_the_host_restarts_its_ticks() -> None:
    clock = HostTickClock(60)
    for tick in range(0, 60, 2):
        clock.observe(tick, 10.0 + tick / 60)
    clock.observe(0, 20.0)  # a new round: tick 0 again, ten seconds later
    assert clock.resets == 1
    assert clock.arrived_tick(20.5) == pytest.approx(30.0)


def test_interpolates_between_the_bracketing_snapshots() -> None:
    interp = Interpolator(SCHEMA, 60, 30)
    for tick in range(0, 40, 2):
        interp.push(tick, snap(tick), 50.0 + tick / 60)
    # Render tick = newest arrival (+ half a tick) - the delay (100 ms, adapting by 1 ms per
    # snapshot from the 8th on: 87 ms after 20).
    assert interp.delay == pytest.approx(0.087)
    now = 50.0 + 38 / 60 + 1 / 120
    render = interp.render_tick(now)
    assert render == pytest.approx(38.5 - 0.087 * 60)
    out = interp.sample(now)
    assert out is not None
    assert out.col("x")[0] == pytest.approx(10 + render / 60, abs=0.002)
    assert out.ids.tolist() == [1, 2]


def test_angles_interpolate_the_short_way_round() -> None:
    interp = Interpolator(SCHEMA, 60, 30)
    for tick in range(0, 60, 2):
        interp.push(tick, snap(tick), tick / 60)
    now = 28 / 60 + DEFAULT_DELAY + 1 / 60  # render tick 29: between 28 (+3.14) and 30 (-3.14)
    out = interp.sample(now)
    assert out is not None
    assert abs(abs(out.col("angle")[1]) - 3.14) < 0.01  # near ±pi, never through 0


def test_extrapolates_a_little_then_holds() -> None:
    interp = Interpolator(SCHEMA, 60, 30, exclude=2)
    interp.push(0, snap(0), 0.0)
    out = interp.sample(0.0 + DEFAULT_DELAY + 0.1)  # 0.1 s past the only snapshot
    assert out is not None and out.ids.tolist() == [1]
    assert out.col("x")[0] == pytest.approx(10.1, abs=0.01)
    far = interp.sample(5.0)
    assert far is not None and far.col("x")[0] == pytest.approx(10.25, abs=0.01)


def test_delay_adapts_to_jitter() -> None:
    steady, jittery = Interpolator(SCHEMA, 60, 30), Interpolator(SCHEMA, 60, 30)
    rng = random.Random(5)
    for tick in range(0, 600, 2):
        t = tick / 60
        steady.push(tick, snap(tick), t)
        jittery.push(tick, snap(tick), t + rng.uniform(0, 0.060))
    assert steady.delay == pytest.approx(2 / 30, abs=0.002)  # shrinks to two intervals
    assert jittery.delay > DEFAULT_DELAY + 0.02  # grows with 60 ms of jitter
    assert jittery.delay <= 0.300


def test_host_clock_follows_a_held_tick_then_the_round() -> None:
    """A countdown (or a pause) sends the same tick for a while; once the ticks move on,
    the clock must say the host is at the first ticks, not where a second of the held tick
    would have taken it (the prediction ran up to 60 ticks ahead and snapped every other
    snapshot at a round's start)."""
    clock = HostTickClock(60)
    for i in range(55):  # a 0.9 s countdown: tick 0 every 1/60 s, under RESET_AFTER_S
        clock.observe(0, 50.0 + i / 60 + 0.002)
    start = 50.0 + 55 / 60
    for tick in range(1, 11):
        clock.observe(tick, start + tick / 60 + 0.002)
    now = start + 10 / 60 + 0.003
    assert clock.arrived_tick(now) == pytest.approx(10.0, abs=0.6)
    assert clock.resets == 0
    # paused at tick 10 for half a second, then on again
    for i in range(30):
        clock.observe(10, now + i / 60)
    later = now + 30 / 60
    for tick in range(11, 15):
        clock.observe(tick, later + (tick - 10) / 60)
    assert clock.arrived_tick(later + 4 / 60) == pytest.approx(14.0, abs=0.6)
    assert clock.jitter < 0.005  # the hold is not counted as jitter
