"""Helpers for the Gas laws tests: a round, held controls, a quantised frame."""

from __future__ import annotations

import numpy as np

from game.api import Frame
from game.gas import GAME, GasSim


def new_sim(level: str = "steady", seconds: float = 60.0, seed: int = 1, **knobs: float) -> GasSim:
    return GAME.new_sim(GAME.setup(level=level, seed=seed, seconds=seconds, knobs=knobs))


def hold(sim: GasSim, controls: dict[int, tuple[float, float]], seconds: float) -> None:
    """The same controls for ``seconds`` (whole steps)."""
    for _ in range(round(seconds * 60)):
        if sim.finished:
            return
        sim.step(controls)


def quantised(sim: GasSim) -> Frame:
    """The room as a bot receives it: every value rounded to its column's step."""
    ids, values = sim.snapshot()
    scales = np.array(GAME.schema.scales, dtype=np.float64)
    return Frame(sim.tick, ids, np.rint(values * scales) / scales, GAME.schema)
