"""Seeded wind: a mean plus gusts that travel across the terrain (a few sine waves)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

WIND_STREAM = 0x3117D
GUST_SPEED = 10.0  # m/s at which gust fronts travel along x
GUST_WAVES = 3


@dataclass(frozen=True, eq=False)
class GustField:
    """Horizontal wind ``mean + strength * g(t, x)`` with ``|g| <= 1``."""

    mean: float
    strength: float
    amplitudes: npt.NDArray[np.float64]
    omegas: npt.NDArray[np.float64]
    phases: npt.NDArray[np.float64]

    @classmethod
    def seeded(cls, seed: int, mean: float, strength: float) -> GustField:
        rng = np.random.default_rng([WIND_STREAM, seed])
        amplitudes = rng.uniform(0.5, 1.0, size=GUST_WAVES)
        amplitudes /= amplitudes.sum()
        omegas = rng.uniform(0.15, 1.2, size=GUST_WAVES)
        phases = rng.uniform(0.0, 2 * np.pi, size=GUST_WAVES)
        return cls(mean, strength, amplitudes, omegas, phases)

    def at(self, t: float, x: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        """Wind speed (m/s, + towards +x) at time ``t`` for each position ``x``."""
        if self.strength == 0.0:
            return np.full(x.shape, self.mean)
        gust = np.zeros(x.shape)
        for a, w, p in zip(self.amplitudes, self.omegas, self.phases, strict=True):
            gust += a * np.sin(w * (t - x / GUST_SPEED) + p)
        return self.mean + self.strength * gust
