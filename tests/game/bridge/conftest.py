"""Helpers for the Bridge builder tests: build a design through the inputs, run the test."""

from __future__ import annotations

from collections.abc import Sequence

from game.api import RoundSetup
from game.bridge import GAME, BridgeSim
from game.bridge.geometry import HEAVY, LIGHT, NONE
from game.bridge.sim import ADD_HEAVY, ADD_LIGHT, TEST


def new_sim(
    level: str = "short_span", seconds: float = 60.0, seed: int = 1, **knobs: float
) -> BridgeSim:
    return GAME.new_sim(GAME.setup(level=level, seed=seed, seconds=seconds, knobs=knobs))


def setup(level: str = "short_span", seconds: float = 60.0, **knobs: float) -> RoundSetup:
    return GAME.setup(level=level, seed=1, seconds=seconds, knobs=knobs)


def build(sim: BridgeSim, pid: int, types: Sequence[int]) -> None:
    """One action per step, as the host applies them."""
    for m, t in enumerate(types):
        if t != NONE:
            sim.step({pid: (ADD_HEAVY if t == HEAVY else ADD_LIGHT, m)})


def send_trucks(sim: BridgeSim, pid: int) -> None:
    sim.step({pid: (TEST, 0)})
    for _ in range(100_000):
        if sim.result(pid) is not None or sim.finished:
            return
        sim.step({})
    raise AssertionError("the test did not end")


__all__ = ["HEAVY", "LIGHT", "NONE", "build", "new_sim", "send_trucks", "setup"]
