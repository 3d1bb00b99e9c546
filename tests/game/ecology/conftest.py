"""Helpers for the Predator and prey tests: a round, a habitat placed anywhere, steps."""

from __future__ import annotations

from collections.abc import Mapping

from game.api import RoundSetup, Value
from game.ecology import GAME, IDLE, EcologySim


def setup(
    level: str = "meadow", seconds: float = 60.0, seed: int = 1, **knobs: float
) -> RoundSetup:
    return GAME.setup(level=level, seed=seed, seconds=seconds, knobs=knobs)


def new_sim(
    level: str = "meadow",
    seconds: float = 60.0,
    seed: int = 1,
    knobs: Mapping[str, float] | None = None,
) -> EcologySim:
    return GAME.new_sim(GAME.setup(level=level, seed=seed, seconds=seconds, knobs=knobs or {}))


def place(sim: EcologySim, pid: int, rabbits: float, foxes: float) -> None:
    """Put a habitat's populations somewhere (a science test's starting point)."""
    p = sim.player(pid)
    p.x, p.y = rabbits, foxes


def run(
    sim: EcologySim, pid: int, ticks: int, controls: tuple[Value, ...] = IDLE
) -> list[tuple[float, float]]:
    """``ticks`` steps with the same controls: the (rabbits, foxes) after each."""
    out = []
    for _ in range(ticks):
        sim.step({pid: controls})
        p = sim.player(pid)
        out.append((p.x, p.y))
    return out
