"""Simulation speed: N landers over wide terrain on one core, against bare ``space.step``.

Run: ``.venv/bin/python bench/sim.py [--ticks 300] [--sizes 1000 2000 5000]``.

For each N the terrain is made wide enough that every lander gets its own spawn column
(12 m apart), so the landers fall side by side ~100-140 m above the ground. A "full step"
is ``Simulation.step`` (forces from numpy, batch write, ``space.step``, batch read, contacts,
bounds, telemetry sample) plus ``Simulation.arrays()`` (every lander's state as numpy arrays).
"bare" is ``pymunk.Space.step`` alone on a space with the same terrain and the same bodies.
Three input loads: none (every lander coasts); one PlayerInput per lander per tick through
``Simulation.step`` (a Python validation per input); and the same inputs as numpy arrays
through ``Simulation.step_arrays`` (validated vectorised).
"""

from __future__ import annotations

import argparse
import dataclasses
import itertools
import statistics
import time
from collections.abc import Callable

import numpy as np
import numpy.typing as npt
import pymunk

from game import DT, PlayerInput, RoundConfig, Simulation, get_world


def percentile(values: list[float], q: float) -> float:
    return float(np.percentile(np.asarray(values), q))


def build(n: int) -> Simulation:
    world = dataclasses.replace(get_world("moon"), width=12.0 * n + 120.0)
    sim = Simulation(RoundConfig(world, seed=1, time_limit_s=3600.0))
    for lid in range(n):
        sim.add_lander(lid, slot=lid)
    return sim


def bare_space(sim: Simulation) -> pymunk.Space:
    """A plain pymunk space with the same terrain and bodies as ``sim``."""
    space = pymunk.Space()
    space.gravity = (0.0, -sim.config.params.gravity)
    pts = sim.terrain.points
    for a, b in itertools.pairwise(pts):
        space.add(pymunk.Segment(space.static_body, (a[0], a[1]), (b[0], b[1]), 0.0))
    verts = sim.config.world.lander.vertices()
    mass = sim.config.params.full_mass
    arrays = sim.arrays()
    for (x, y), (vx, vy) in zip(arrays.xy.tolist(), arrays.vxy.tolist(), strict=True):
        body = pymunk.Body(mass, pymunk.moment_for_poly(mass, verts))
        body.position = (x, y)
        body.velocity = (vx, vy)
        space.add(body, pymunk.Poly(body, verts))
    return space


def timed(fn: Callable[[], object], ticks: int, warmup: int = 20) -> list[float]:
    for _ in range(warmup):
        fn()
    out: list[float] = []
    for _ in range(ticks):
        t0 = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t0) * 1000.0)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--ticks", type=int, default=300)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 2000, 5000])
    args = parser.parse_args()
    print(f"{args.ticks} ticks per figure, one core, DT = {DT:.4f} s (budget 16.7 ms)")
    header = (
        f"{'N':>6}{'bare med':>10}{'bare p99':>10}{'full med':>10}{'full p99':>10}"
        f"{'ratio':>7}{'+dict med':>11}{'+dict p99':>11}{'+arrays med':>13}{'+arrays p99':>13}"
        f"{'ratio':>7}"
    )
    print(header + "   (ms per tick)")
    for n in args.sizes:
        sim = build(n)
        space = bare_space(sim)

        def bare_step(space: pymunk.Space = space) -> None:
            space.step(DT)

        bare = timed(bare_step, args.ticks)

        def full(sim: Simulation = sim) -> None:
            sim.step({})
            sim.arrays()

        full_ms = timed(full, args.ticks)
        sim2 = build(n)
        frame = {lid: PlayerInput(0, 0.3, 0.0) for lid in range(n)}

        def with_inputs(sim: Simulation = sim2, frame: dict[int, PlayerInput] = frame) -> None:
            sim.step(frame)
            sim.arrays()

        input_ms = timed(with_inputs, args.ticks)
        sim3 = build(n)
        ids = np.arange(n, dtype=np.int64)
        thrust = np.full(n, 0.3)
        rotation = np.zeros(n)

        def with_arrays(
            sim: Simulation = sim3,
            ids: npt.NDArray[np.int64] = ids,
            thrust: npt.NDArray[np.float64] = thrust,
            rotation: npt.NDArray[np.float64] = rotation,
        ) -> None:
            sim.step_arrays(ids, thrust, rotation)
            sim.arrays()

        array_ms = timed(with_arrays, args.ticks)
        array_ratio = statistics.median(array_ms) / statistics.median(bare)
        flying = int(np.count_nonzero(sim.arrays().status == 0))
        ratio = statistics.median(full_ms) / statistics.median(bare)
        print(
            f"{n:>6}{statistics.median(bare):>10.2f}{percentile(bare, 99):>10.2f}"
            f"{statistics.median(full_ms):>10.2f}{percentile(full_ms, 99):>10.2f}"
            f"{ratio:>7.2f}{statistics.median(input_ms):>11.2f}{percentile(input_ms, 99):>11.2f}"
            f"{statistics.median(array_ms):>13.2f}{percentile(array_ms, 99):>13.2f}"
            f"{array_ratio:>7.2f}   ({flying} still flying)"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
