"""Helpers for the Projectile range tests: a round, a shot fired through the inputs and
flown until it lands."""

from __future__ import annotations

from game.api import RoundSetup
from game.projectile import FIRE, GAME, ProjectileSim
from game.projectile.results import Shot


def new_sim(
    level: str = "earth", seconds: float = 90.0, seed: int = 1, **knobs: float
) -> ProjectileSim:
    return GAME.new_sim(GAME.setup(level=level, seed=seed, seconds=seconds, knobs=knobs))


def setup(level: str = "earth", seconds: float = 90.0, **knobs: float) -> RoundSetup:
    return GAME.setup(level=level, seed=1, seconds=seconds, knobs=knobs)


def shoot(sim: ProjectileSim, pid: int, angle: float, speed: float) -> Shot:
    """Fire one shell and step until it is down; the shot as the sim recorded it."""
    p = sim.player(pid)
    before = len(p.shots)
    sim.step({pid: (FIRE, angle, speed)})
    for _ in range(100_000):
        if len(p.shots) > before:
            return p.shots[-1]
        if sim.finished:
            break
        sim.step({})
    raise AssertionError("the shell did not land")


__all__ = ["new_sim", "setup", "shoot"]
