"""Simulation speed: N landers over wide terrain on one core, against bare ``space.step``.

Run: ``.venv/bin/python bench/sim.py [--ticks 300] [--sizes 1000 2000 5000] [--all-loads]``
(``--quick``: 60 ticks at N = 500 and 1000, for iterating).

For each N the terrain is made wide enough that every lander gets its own spawn column
(12 m apart), so the landers fall side by side ~100-140 m above the ground; neighbours
drifting sideways hit each other, so flights end (and bodies leave the space) all along.

"full step" is ``Simulation.step_arrays`` (every lander's thrust and rotation as numpy
arrays, validated vectorised; forces from numpy, one batch write, ``space.step``, one batch
read, contacts, bounds, judging, telemetry sample) plus ``Simulation.arrays()`` (every
lander's state as numpy arrays, sorted by id). "bare" is ``pymunk.Space.step`` alone on a
space with the same terrain and the same bodies. The two are timed in alternating blocks
of 25 ticks (3 more run first, untimed, in every block) so that a busy machine slows both
alike; "ratio" is median full / median bare.

The breakdown comes from a second, identical simulation whose step phases (the private
methods ``Simulation._advance`` calls, see game/lander/sim.py) are wrapped with timers: mean
microseconds per tick of each phase over the ticks whose total is at most the run's 90th
percentile (means so that phases which run only some ticks, like telemetry every 3rd,
add up), "glue" being the rest of the step (Python between the phases plus the timers).
Also printed: pymunk.batch's bare state read ("batch get") and force write ("batch set")
on the bare space, and "floor" = (bare + get + set) / bare, the ratio no step that moves
its state through pymunk.batch can go under.

``--turning F`` gives the first share F of the landers a rotation input every tick (their
angles change, so the step works out their sin/cos again; by default none turn).
``--all-loads`` adds two more input loads: none (``step({})``, every lander coasts) and one
``PlayerInput`` per lander per tick through ``Simulation.step`` (a Python validation each).
"""

from __future__ import annotations

import argparse
import dataclasses
import itertools
import statistics
import time
from collections.abc import Callable
from typing import Any

import numpy as np
import numpy.typing as npt
import pymunk
import pymunk.batch as pmb

from game.lander import DT, PlayerInput, RoundConfig, Simulation, get_world

# (label, method of Simulation) in step order; see the phase list in game/lander/sim.py
PHASES = (
    ("inputs", "_array_inputs"),
    ("order", "_sync_order"),
    ("commands", "_space_commands"),
    ("forces", "_compute_forces"),
    ("write", "_write_forces"),
    ("physics", "_physics_step"),
    ("read", "_read_bodies"),
    ("fuel", "_burn_fuel"),
    ("contacts", "_contacts"),
    ("bounds", "_bounds"),
    ("judging", "_end_flights"),
    ("telemetry", "_sample_telemetry"),
    ("extract", "arrays"),
)
STATE_FIELDS = (
    pmb.BodyFields.POSITION
    | pmb.BodyFields.ANGLE
    | pmb.BodyFields.VELOCITY
    | pmb.BodyFields.ANGULAR_VELOCITY
)
FORCE_FIELDS = pmb.BodyFields.FORCE | pmb.BodyFields.TORQUE
BLOCK = 25  # calls timed in a row before switching sides (see alternating)
BLOCK_WARMUP = 3


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


def ms(fn: Callable[[], object]) -> float:
    t0 = time.perf_counter()
    fn()
    return (time.perf_counter() - t0) * 1000.0


def timed(fn: Callable[[], object], ticks: int, warmup: int = 20) -> list[float]:
    for _ in range(warmup):
        fn()
    return [ms(fn) for _ in range(ticks)]


def alternating(
    a: Callable[[], object],
    b: Callable[[], object],
    ticks: int,
    block: int = BLOCK,
    warm: int = BLOCK_WARMUP,
) -> tuple[list[float], list[float]]:
    """Time ``ticks`` calls of ``a`` and of ``b`` in alternating blocks of ``block`` calls.

    Blocks, not single calls: each side then runs with its own data in the CPU caches (as
    a server running only the simulation would), while a machine whose load drifts still
    slows both sides alike. The first ``warm`` calls of every block are not counted.
    """
    out_a: list[float] = []
    out_b: list[float] = []
    while len(out_a) < ticks:
        take = min(block, ticks - len(out_a))
        for fn, out in ((a, out_a), (b, out_b)):
            for _ in range(warm):
                fn()
            out.extend(ms(fn) for _ in range(take))
    return out_a, out_b


class PhaseTimer:
    """Wraps the phase methods of one Simulation instance with perf_counter timers."""

    def __init__(self, sim: Simulation) -> None:
        self.current: dict[str, float] = {}
        self.ticks: list[dict[str, float]] = []
        for label, name in PHASES:
            setattr(sim, name, self._wrap(label, getattr(sim, name)))

    def _wrap(self, label: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        current = self.current

        def timed_phase(*args: Any, **kwargs: Any) -> Any:
            t0 = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                dt = (time.perf_counter() - t0) * 1e6
                current[label] = current.get(label, 0.0) + dt

        return timed_phase

    def run(self, fn: Callable[[], object], ticks: int, warmup: int = 20) -> list[float]:
        """Per tick total in us; the phases of each tick land in :attr:`ticks`."""
        totals: list[float] = []
        for i in range(warmup + ticks):
            self.current.clear()
            total = ms(fn) * 1000.0
            if i >= warmup:
                totals.append(total)
                self.ticks.append(dict(self.current))
        return totals

    def means(self, totals: list[float]) -> tuple[dict[str, float], float]:
        """Mean us per tick of each phase and of the whole, over the ticks whose total is
        at most the 90th percentile (so the phases add up, and load spikes stay out)."""
        cut = percentile(totals, 90)
        keep = [i for i, total in enumerate(totals) if total <= cut]
        phases = {
            label: statistics.fmean(self.ticks[i].get(label, 0.0) for i in keep)
            for label, _ in PHASES
        }
        return phases, statistics.fmean(totals[i] for i in keep)


def batch_floor(space: pymunk.Space, ticks: int) -> tuple[float, float]:
    """Median us of a bare pymunk.batch state read and force write on ``space``."""
    buf = pmb.Buffer()
    force_buf = pmb.Buffer()
    force = np.zeros((len(space.bodies) + 1, 3))  # + the static body, listed too
    force_buf.set_float_buf(force)

    def read() -> None:
        buf.clear()
        pmb.get_space_bodies(space, STATE_FIELDS, buf)

    def write() -> None:
        pmb.set_space_bodies(space, FORCE_FIELDS, force_buf)

    reads, writes = alternating(read, write, ticks)
    return statistics.median(reads) * 1000.0, statistics.median(writes) * 1000.0


def array_step(sim: Simulation, turning: float) -> Callable[[], object]:
    """Thrust 0.3 for every lander; rotation 0.5 for the first ``turning`` share of them."""
    n = len(sim.lander_ids)
    ids = np.arange(n, dtype=np.int64)
    thrust = np.full(n, 0.3)
    rotation = np.zeros(n)
    rotation[: round(turning * n)] = 0.5

    def step(
        sim: Simulation = sim,
        ids: npt.NDArray[np.int64] = ids,
        thrust: npt.NDArray[np.float64] = thrust,
        rotation: npt.NDArray[np.float64] = rotation,
    ) -> None:
        sim.step_arrays(ids, thrust, rotation)
        sim.arrays()

    return step


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--ticks", type=int, default=300)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 2000, 5000])
    parser.add_argument("--quick", action="store_true", help="60 ticks, N = 500 and 1000")
    parser.add_argument("--all-loads", action="store_true", help="also step({}) and dicts")
    parser.add_argument(
        "--turning",
        type=float,
        default=0.0,
        help="share of landers given a rotation input every tick (0..1; default 0)",
    )
    args = parser.parse_args()
    if args.quick:
        args.ticks, args.sizes = 60, [500, 1000]
    print(
        f"{args.ticks} ticks per figure, one core, DT = {DT:.4f} s (budget 16.7 ms);"
        f" thrust 0.3 for all, {args.turning:.0%} of the landers turning"
    )
    print(
        f"{'N':>6}{'bare med':>10}{'bare p99':>10}{'full med':>10}{'full p99':>10}"
        f"{'ratio':>7}{'batch get':>11}{'batch set':>11}{'floor':>7}   (ms; batch in us)"
    )
    breakdowns: list[tuple[int, dict[str, float], float]] = []
    extra: list[str] = []
    for n in args.sizes:
        sim = build(n)
        space = bare_space(sim)

        def bare_step(space: pymunk.Space = space) -> None:
            space.step(DT)

        bare, full = alternating(bare_step, array_step(sim, args.turning), args.ticks)
        bare_med, full_med = statistics.median(bare), statistics.median(full)
        get_us, set_us = batch_floor(space, args.ticks)
        floor = (bare_med * 1000.0 + get_us + set_us) / (bare_med * 1000.0)
        flying = int(np.count_nonzero(sim.arrays().status == 0))
        print(
            f"{n:>6}{bare_med:>10.2f}{percentile(bare, 99):>10.2f}{full_med:>10.2f}"
            f"{percentile(full, 99):>10.2f}{full_med / bare_med:>7.2f}{get_us:>11.1f}"
            f"{set_us:>11.1f}{floor:>7.2f}   ({flying} still flying)"
        )
        profiled = build(n)
        timer = PhaseTimer(profiled)
        totals = timer.run(array_step(profiled, args.turning), args.ticks)
        breakdowns.append((n, *timer.means(totals)))
        if args.all_loads:
            coast_sim = build(n)
            dict_sim = build(n)
            frame = {lid: PlayerInput(0, 0.3, 0.0) for lid in range(n)}

            def coast_step(sim: Simulation = coast_sim) -> None:
                sim.step({})
                sim.arrays()

            def dict_step(
                sim: Simulation = dict_sim, inputs: dict[int, PlayerInput] = frame
            ) -> None:
                sim.step(inputs)
                sim.arrays()

            coast = timed(coast_step, args.ticks)
            dicts = timed(dict_step, args.ticks)
            extra.append(
                f"{n:>6}{statistics.median(coast):>11.2f}{percentile(coast, 99):>11.2f}"
                f"{statistics.median(dicts):>11.2f}{percentile(dicts, 99):>11.2f}"
            )
    print()
    print(
        "where the full step's time goes: mean us per tick of each phase, instrumented run,"
        " ticks above its p90 left out"
    )
    labels = [label for label, _ in PHASES]
    print(f"{'N':>6}" + "".join(f"{label:>10}" for label in labels) + f"{'glue':>8}{'total':>9}")
    for n, med, total in breakdowns:
        glue = max(0.0, total - sum(med.values()))
        row = "".join(f"{med[label]:>10.1f}" for label in labels)
        print(f"{n:>6}{row}{glue:>8.1f}{total:>9.1f}")
    if extra:
        print()
        print("other input loads (ms per tick, incl. arrays())")
        print(f"{'N':>6}{'coast med':>11}{'coast p99':>11}{'dict med':>11}{'dict p99':>11}")
        for line in extra:
            print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
